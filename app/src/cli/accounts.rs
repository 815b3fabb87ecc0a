//! `create-session`: a logged-in visitor for tests against a deployed site.

use anyhow::{Context, anyhow};

use crate::db::{self, accounts};
use crate::domain::{BAD_EMAIL_ERROR, Email};
use crate::keys;
use crate::settings::Settings;
use crate::web::session;

pub fn create_session(settings: &Settings, email: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).ok_or_else(|| anyhow!("{BAD_EMAIL_ERROR}: {email:?}"))?;
    let pool = db::build_pool(&settings.database_url, 1)?;
    let mut conn = pool.get().context("cannot get a database connection")?;
    let (id, expires_at) = session::new_id();
    accounts::start_session(&mut conn, email.as_str(), &keys::token_hash(&id), expires_at)
        .context("cannot create the session")?;
    // Only the id on stdout: callers put it in a `sessionid` cookie.
    println!("{id}");
    Ok(())
}
