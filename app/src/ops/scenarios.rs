//! Named data sets (`superlists scenario up NAME`): `scenarios/NAME.json`
//! holds data, not code: users, lists with their owners, items and
//! sharees, and optionally a bulk generator for a large set.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::db::{self, DbConnection};
use crate::domain::{Email, ItemText, ListTitle};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub about: String,
    #[serde(default)]
    pub users: Vec<String>,
    #[serde(default)]
    pub lists: Vec<ListData>,
    pub generate: Option<Generate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListData {
    /// The owner's email; none for a list made logged out.
    pub owner: Option<String>,
    pub title: Option<String>,
    pub items: Vec<ItemData>,
    #[serde(default)]
    pub shared_with: Vec<String>,
}

/// An item: its text, or `{"text": …, "done": true}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ItemData {
    Text(String),
    Ticked(TickedItem),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TickedItem {
    pub text: String,
    pub done: bool,
}

impl ItemData {
    fn parts(&self) -> (&str, bool) {
        match self {
            ItemData::Text(text) => (text, false),
            ItemData::Ticked(TickedItem { text, done }) => (text, *done),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generate {
    pub lists: usize,
    pub items_per_list: usize,
}

/// Where scenario files are: `SCENARIOS_DIR`, else `scenarios/` here.
pub fn folder() -> PathBuf {
    std::env::var_os("SCENARIOS_DIR").map_or_else(|| PathBuf::from("scenarios"), PathBuf::from)
}

/// Every scenario in `dir`, by name, with what it is about.
pub fn list(dir: &Path) -> anyhow::Result<Vec<(String, Scenario)>> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut found = vec![];
    for path in entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        found.push((name.clone(), read(dir, &name)?));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

pub fn read(dir: &Path, name: &str) -> anyhow::Result<Scenario> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        bail!("{name:?} is not a scenario name (letters, digits, '-' and '_')");
    }
    let path = dir.join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("no scenario {name}: cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a valid scenario", path.display()))
}

/// Loads `scenario` into a migrated, empty database. Hand-written lists go
/// through the site's own rules (item text, emails); generated ones in bulk,
/// `progress` told of each batch of items.
pub fn load(conn: &mut DbConnection, scenario: &Scenario, progress: impl FnMut(u64)) -> anyhow::Result<()> {
    conn.write_transaction(|conn| {
        for email in &scenario.users {
            db::accounts::user_for(conn, parse_email(email)?.as_str())?;
        }
        for list in &scenario.lists {
            load_list(conn, list)?;
        }
        anyhow::Ok(())
    })?;
    if let Some(generate) = &scenario.generate {
        db::bulk::generate_lists(conn, generate.lists, generate.items_per_list, progress)
            .context("cannot generate the lists")?;
    }
    Ok(())
}

fn load_list(conn: &mut DbConnection, list: &ListData) -> anyhow::Result<()> {
    let owner = match &list.owner {
        Some(email) => Some(db::accounts::user_for(conn, parse_email(email)?.as_str())?.id),
        None => None,
    };
    let mut items = list.items.iter().map(|item| {
        let (text, done) = item.parts();
        ItemText::parse(text).map_err(|e| anyhow::anyhow!("item {text:?}: {e}")).map(|text| (text, done))
    });
    let (first, _) = items.next().context("a list needs at least one item")??;
    let id = db::lists::create_with_item(conn, &first, owner)?;
    for item in items {
        let text = item?.0;
        if !matches!(db::items::add(conn, &id, &text)?, db::items::Added::Yes(_)) {
            bail!("item {:?} is in the list twice", text.as_str());
        }
    }
    // Ticked once all are in: a done item may repeat a text still to do.
    let added = db::lists::view(conn, &id)?.context("the list is gone")?.items;
    for (item, data) in added.iter().zip(&list.items).filter(|(_, data)| data.parts().1) {
        if db::items::set_done(conn, &id, &item.id, true)? != db::items::Changed::Yes {
            bail!("item {:?} could not be ticked off", data.parts().0);
        }
    }
    if let Some(title) = &list.title {
        let title = ListTitle::parse(title).map_err(|e| anyhow::anyhow!("title {title:?}: {e}"))?;
        db::lists::rename(conn, &id, &title, owner)?;
    }
    for sharee in &list.shared_with {
        let by = owner.context("only a list with an owner can be shared")?;
        db::shares::share(conn, &id, by, &parse_email(sharee)?)?;
    }
    Ok(())
}

fn parse_email(raw: &str) -> anyhow::Result<Email> {
    Email::parse(raw).with_context(|| format!("{raw:?} is not an email address"))
}
