//! Build-time inputs: migrations for `embed_migrations!` (which does not
//! notice new folders by itself) and a version of the static files, so their
//! URLs change whenever their content does.

use std::fs;
use std::hash::Hasher;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
    println!("cargo:rerun-if-changed=static");
    let mut files: Vec<_> = fs::read_dir(Path::new("static"))
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    // FNV-1a: stable across Rust releases, unlike DefaultHasher's promise.
    let mut hasher = Fnv1a(0xcbf2_9ce4_8422_2325);
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        hasher.write(path.to_string_lossy().as_bytes());
        hasher.write(&fs::read(&path).unwrap_or_default());
    }
    println!("cargo:rustc-env=SUPERLISTS_STATIC_VERSION={:08x}", hasher.finish() as u32);
}

struct Fnv1a(u64);

impl Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
