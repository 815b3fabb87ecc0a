//! Build-time inputs: migrations for `embed_migrations!` (which does not
//! notice new folders by itself), a version of the static files so that
//! their URLs change whenever their content does, and the git revision for
//! `--version`.

use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=static");
    println!("cargo:rustc-env=SUPERLISTS_STATIC_VERSION={}", static_version(Path::new("static")));
    println!("cargo:rustc-env=SUPERLISTS_GIT_REV={}", git_revision());
}

/// The first 8 hex digits of a SHA-256 over every file's path and content.
fn static_version(root: &Path) -> String {
    let mut hasher = Sha256::new();
    for entry in WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("cannot walk {}: {e}", root.display()));
        println!("cargo:rerun-if-changed={}", entry.path().display());
        if entry.file_type().is_file() {
            let content =
                std::fs::read(entry.path()).unwrap_or_else(|e| panic!("cannot read {}: {e}", entry.path().display()));
            hasher.update(entry.path().to_string_lossy().as_bytes());
            hasher.update(content);
        }
    }
    hex::encode(&hasher.finalize()[..4])
}

/// `SUPERLISTS_GIT_REV` (image builds have no `.git`), else git's short
/// revision, else "unknown".
fn git_revision() -> String {
    println!("cargo:rerun-if-env-changed=SUPERLISTS_GIT_REV");
    if let Ok(rev) = std::env::var("SUPERLISTS_GIT_REV") {
        return rev;
    }
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).output().ok().filter(|o| o.status.success())?;
        Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    // Rebuild on a commit or a checkout: HEAD, and the branch it points to.
    for file in ["HEAD", "packed-refs"] {
        if let Some(path) = git(&["rev-parse", "--git-path", file]).filter(|p| Path::new(p).exists()) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git(&["rev-parse", "--git-path", &branch]).filter(|p| Path::new(p).exists())
    {
        println!("cargo:rerun-if-changed={path}");
    }
    git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".into())
}
