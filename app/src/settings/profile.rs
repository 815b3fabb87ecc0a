//! `APP_SETTINGS`: which profile's defaults and rules apply.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Development,
    Staging,
    Production,
}

impl Profile {
    pub const ALL: [Profile; 3] = [Profile::Development, Profile::Staging, Profile::Production];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Development => "development",
            Profile::Staging => "staging",
            Profile::Production => "production",
        }
    }

    /// Unset means development, so `cargo run` needs no settings at all.
    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        let Some(raw) = raw.map(str::trim) else { return Ok(Profile::Development) };
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str() == raw)
            .ok_or_else(|| format!("unknown profile {raw:?} (expected development, staging or production)"))
    }
}
