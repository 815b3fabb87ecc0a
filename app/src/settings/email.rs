//! `EMAIL_*`: how the site sends mail (login links).

use std::path::PathBuf;

use secrecy::SecretString;

use super::{Profile, Reader, SettingsError, values};

#[derive(Clone, Debug)]
pub enum EmailBackend {
    /// Production's only choice.
    Smtp { host: String, port: u16, user: Option<String>, password: Option<SecretString>, tls: bool },
    /// Each message one RFC 5322 `.eml` file in this folder: development and staging.
    File(PathBuf),
    /// Each message printed on standard output.
    Console,
}

#[derive(Clone, Debug)]
pub struct EmailSettings {
    pub backend: EmailBackend,
    /// `DEFAULT_FROM_EMAIL`: the sender of every message.
    pub from: String,
}

pub(super) fn read<L: Fn(&str) -> Option<String>>(
    read: &Reader<L>,
    profile: Profile,
) -> Result<EmailSettings, SettingsError> {
    let backend = match read.value("EMAIL_BACKEND", |raw| backend_name(raw, profile))? {
        "smtp" => EmailBackend::Smtp {
            host: read.value("EMAIL_HOST", values::text)?,
            port: read.value("EMAIL_PORT", values::positive)?,
            user: read.value("EMAIL_HOST_USER", values::text).map(|u| Some(u).filter(|u| !u.is_empty()))?,
            password: read
                .value("EMAIL_HOST_PASSWORD", values::text)
                .map(|p| Some(p).filter(|p| !p.is_empty()).map(SecretString::from))?,
            tls: read.value("EMAIL_USE_TLS", values::boolean)?,
        },
        "file" => EmailBackend::File(read.value("EMAIL_FILE_PATH", |raw| Ok(PathBuf::from(raw)))?),
        _ => EmailBackend::Console,
    };
    let from = read.value("DEFAULT_FROM_EMAIL", |raw| {
        raw.parse::<lettre::message::Mailbox>().map(|_| raw.trim().to_string()).map_err(|e| format!("{raw:?}: {e}"))
    })?;
    Ok(EmailSettings { backend, from })
}

fn backend_name(raw: &str, profile: Profile) -> Result<&'static str, String> {
    let name = ["smtp", "file", "console"].into_iter().find(|name| raw.trim() == *name);
    match name {
        Some("smtp") => Ok("smtp"),
        Some(other) if profile == Profile::Production => {
            Err(format!("{other:?} keeps login links on this machine: production sends mail with smtp"))
        }
        Some(other) => Ok(other),
        None => Err(format!("unknown backend {raw:?} (expected smtp, file or console)")),
    }
}
