//! The house as docs/ARCHITECTURE.md draws it: every module named there,
//! every `crate::` path running down its layers, no circle between files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use syn::visit::Visit;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Each `.rs` file of `app/src` as its path there (`db/pool.rs`), with its
/// module path (`["db", "pool"]`; `lib.rs` and `main.rs` are the crate).
fn modules() -> BTreeMap<String, Vec<String>> {
    walkdir::WalkDir::new(SRC)
        .into_iter()
        .map(|entry| entry.expect("app/src is readable"))
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "rs"))
        .map(|entry| {
            let file = entry.path().strip_prefix(SRC).expect("under app/src").to_string_lossy().replace('\\', "/");
            let mut path: Vec<String> = file.trim_end_matches(".rs").split('/').map(str::to_string).collect();
            if matches!(path.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                path.pop();
            }
            (file, path)
        })
        .collect()
}

/// The `crate::…` and `super::…` paths a file names, as absolute module
/// paths, outside `#[cfg(test)]` modules.
struct Paths<'a> {
    module: &'a [String],
    /// Inline modules entered (`super` leaves them first).
    inline: usize,
    found: Vec<Vec<String>>,
}

impl Paths<'_> {
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        let first = segments.first()?;
        if first == "crate" {
            return Some(segments[1..].to_vec());
        }
        if first != "super" {
            return None;
        }
        let ups = segments.iter().take_while(|s| *s == "super").count();
        let beyond_inline = ups.checked_sub(self.inline)?;
        let base = self.module.len().checked_sub(beyond_inline)?;
        Some(self.module[..base].iter().chain(&segments[ups..]).cloned().collect())
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.add(prefix, Some(n.ident.to_string())),
            syn::UseTree::Rename(r) => self.add(prefix, Some(r.ident.to_string())),
            syn::UseTree::Glob(_) => self.add(prefix, None),
            syn::UseTree::Group(g) => g.items.iter().for_each(|item| self.use_tree(prefix, item)),
        }
    }

    fn add(&mut self, prefix: &[String], last: Option<String>) {
        let segments: Vec<String> = prefix.iter().cloned().chain(last.filter(|l| l != "self")).collect();
        if let Some(path) = self.absolute(&segments) {
            self.found.push(path);
        }
    }
}

impl<'ast> Visit<'ast> for Paths<'_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        let is_test = item.attrs.iter().any(|a| a.path().is_ident("cfg") && quote_of(a).contains("test"));
        if !is_test && item.content.is_some() {
            self.inline += 1;
            syn::visit::visit_item_mod(self, item);
            self.inline -= 1;
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.add(&segments, None);
        syn::visit::visit_path(self, path);
    }
}

fn quote_of(attr: &syn::Attribute) -> String {
    match &attr.meta {
        syn::Meta::List(list) => list.tokens.to_string(),
        _ => String::new(),
    }
}

/// From each module to the modules it names (the longest module a path
/// starts with), leaving out its own ancestors: a room's `mod.rs` is its door.
fn imports() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules = modules();
    let known: BTreeSet<&Vec<String>> = modules.values().collect();
    let mut edges = BTreeMap::new();
    for (file, module) in &modules {
        let source = syn::parse_file(&read(&Path::new(SRC).join(file))).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut paths = Paths { module, inline: 0, found: Vec::new() };
        paths.visit_file(&source);
        let targets: &mut BTreeSet<Vec<String>> = edges.entry(module.clone()).or_default();
        for path in paths.found {
            let target = (0..=path.len()).rev().map(|n| path[..n].to_vec()).find(|m| known.contains(m));
            if let Some(target) = target.filter(|t| !module.starts_with(t)) {
                targets.insert(target);
            }
        }
    }
    edges
}

/// The rooms of the layers block, top first.
fn layers() -> Vec<Vec<String>> {
    let page = read(&Path::new(ROOT).join("docs/ARCHITECTURE.md"));
    let section = page.split("## The layers").nth(1).expect("ARCHITECTURE.md has a layers section");
    let block = section.split("```text\n").nth(1).and_then(|b| b.split("```").next()).expect("a ```text block");
    block.lines().map(|line| line.split_whitespace().map(str::to_string).collect()).collect()
}

#[test]
fn every_path_runs_down_the_layers() {
    let layers = layers();
    let layer_of = |room: &str| layers.iter().position(|layer| layer.iter().any(|r| r == room));
    let mut wrong = Vec::new();
    for (from, targets) in imports() {
        let Some(from_room) = from.first() else { continue };
        let from_layer = layer_of(from_room).unwrap_or_else(|| panic!("room {from_room} is in no layer"));
        for to in targets.iter().filter(|to| to.first() != Some(from_room)) {
            let to_room = &to[0];
            let to_layer = layer_of(to_room).unwrap_or_else(|| panic!("room {to_room} is in no layer"));
            if to_layer <= from_layer {
                wrong.push(format!("{} -> {}", from.join("::"), to.join("::")));
            }
        }
    }
    assert!(wrong.is_empty(), "paths that run up or across the layers:\n{}", wrong.join("\n"));
}

#[test]
fn no_two_modules_import_each_other_even_through_others() {
    let edges = imports();
    // Kahn's algorithm: what cannot be ordered lies on a circle.
    let mut waiting: BTreeMap<&Vec<String>, usize> = edges.keys().map(|m| (m, 0)).collect();
    for targets in edges.values() {
        for target in targets {
            *waiting.entry(target).or_default() += 1;
        }
    }
    let mut ready: Vec<&Vec<String>> = waiting.iter().filter(|(_, n)| **n == 0).map(|(m, _)| *m).collect();
    while let Some(module) = ready.pop() {
        waiting.remove(module);
        for target in edges.get(module).into_iter().flatten() {
            let n = waiting.get_mut(target).expect("counted");
            *n -= 1;
            if *n == 0 {
                ready.push(target);
            }
        }
    }
    let circled: Vec<String> = waiting.keys().map(|m| m.join("::")).collect();
    assert!(circled.is_empty(), "modules on an import circle, or importing one: {circled:?}");
}

#[test]
fn the_architecture_page_names_every_module() {
    let page = read(&Path::new(ROOT).join("docs/ARCHITECTURE.md"));
    let missing: Vec<String> = modules().into_keys().filter(|file| !page.contains(&format!("`{file}`"))).collect();
    assert!(missing.is_empty(), "docs/ARCHITECTURE.md does not name {missing:?}");
}
