//! `SECRET_KEY`'s rule, stated once: loading refuses a weak key in
//! production, and `check --deploy` warns of one anywhere.

use secrecy::{ExposeSecret, SecretString};

use super::defaults::INSECURE_SECRET_KEY;

/// Shortest `SECRET_KEY` production accepts, in bytes.
pub const MIN_SECRET_KEY_LEN: usize = 32;

/// Why `key` must not sign anything in production, or `None`.
pub fn weakness(key: &SecretString) -> Option<String> {
    let key = key.expose_secret();
    if key == INSECURE_SECRET_KEY {
        Some("is the public development key".into())
    } else if key.len() < MIN_SECRET_KEY_LEN {
        Some(format!("is shorter than {MIN_SECRET_KEY_LEN} bytes ({} bytes)", key.len()))
    } else {
        None
    }
}

/// How the key is shown: never its value.
pub fn describe(key: &SecretString) -> String {
    if key.expose_secret() == INSECURE_SECRET_KEY {
        "<the insecure development key>".into()
    } else {
        format!("******** ({} bytes)", key.expose_secret().len())
    }
}
