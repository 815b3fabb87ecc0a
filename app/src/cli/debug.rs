//! `show-settings` and `show-urls` (`dev` builds only).

use crate::routes;
use crate::settings::Settings;

pub fn show_settings(settings: &Settings) -> anyhow::Result<()> {
    print!("{settings:?}");
    Ok(())
}

pub fn show_urls() -> anyhow::Result<()> {
    for endpoint in routes::all() {
        println!("{:<5} {:<20} {}", endpoint.method.as_str(), endpoint.path, endpoint.handler);
    }
    Ok(())
}
