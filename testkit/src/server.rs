//! The application as `serve` builds it, on a thread of its own, on port 0.

use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use anyhow::Context;
use superlists::ops::shutdown::Drain;
use superlists::{Application, Settings};

/// Development settings on `database_url`, on a free port, two workers.
pub fn settings_for(database_url: &str) -> Settings {
    settings_with(database_url, &[])
}

/// As [`settings_for`], with more variables set (`APP_SETTINGS`...), read
/// the way the environment is.
pub fn settings_with(database_url: &str, vars: &[(&str, &str)]) -> Settings {
    Settings::from_lookup(|name| {
        let given = vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
        given.or_else(|| match name {
            "DATABASE_URL" => Some(database_url.to_string()),
            "BIND" => Some("127.0.0.1:0".into()),
            "WORKERS" => Some("2".into()),
            // Never the working directory's `sent_emails`.
            "EMAIL_FILE_PATH" => Some(std::env::temp_dir().join("superlists-test-mail").display().to_string()),
            _ => None,
        })
    })
    .unwrap_or_else(|e| panic!("test settings: {e}"))
}

/// A running server. Dropping it stops the server and waits for it.
pub struct BackgroundServer {
    port: u16,
    handle: ServerHandle,
    drain: Arc<Drain>,
    thread: Option<JoinHandle<()>>,
}

impl BackgroundServer {
    /// Builds the application (as `serve` would) and runs it on a new thread.
    pub fn start(settings: Settings) -> anyhow::Result<Self> {
        let (ready, started) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("superlists-server".into())
            .spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    match Application::build(settings) {
                        Ok(app) => {
                            let _ = ready.send(Ok((app.port(), app.handle(), app.drain())));
                            if let Err(e) = app.run_until_stopped().await {
                                log::error!("background server failed: {e}");
                            }
                        }
                        Err(e) => {
                            let _ = ready.send(Err(e));
                        }
                    }
                });
            })
            .context("cannot start the server thread")?;
        let (port, handle, drain) = started.recv().context("the server thread ended before starting")??;
        Ok(BackgroundServer { port, handle, drain, thread: Some(thread) })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        // Open live-update streams end within a second, as on a signal.
        self.drain.begin();
        actix_web::rt::System::new().block_on(self.handle.stop(true));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
