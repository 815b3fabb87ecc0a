/// A setting that could not be used: the variable and why. Start-up prints
/// it as its one line and exits 2.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration error: {variable}: {message}")]
pub struct SettingsError {
    pub variable: &'static str,
    pub message: String,
}
