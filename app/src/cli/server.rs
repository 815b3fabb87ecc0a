//! `serve`.

use anyhow::Context;

use crate::settings::{Profile, Settings};
use crate::startup::Application;

pub fn serve(settings: Settings) -> anyhow::Result<()> {
    if settings.profile != Profile::Development {
        for warning in settings.deploy_warnings() {
            log::warn!("{warning}");
        }
    }
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings)?;
        app.run_until_stopped().await.context("server failed")
    })
}
