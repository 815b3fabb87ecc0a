//! A real browser: Debian's Chromium, driven through chromedriver with the
//! W3C WebDriver protocol. Hand-written because the tests are synchronous and
//! need eight calls; thirtyfour and fantoccini would bring an async runtime.
//!
//! When chromedriver is not installed the browser tests say they were
//! skipped; under `CI=true` that is a failure instead (CI installs it).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::blocking::Client;
use serde_json::{Value, json};

mod elements;
mod keyboard;

pub use elements::{Element, Rect};
pub use keyboard::{ENTER, TAB};

/// How long `wait_for` polls before it gives up.
pub const WAIT: Duration = Duration::from_secs(10);

pub struct Browser {
    driver: Child,
    /// Chromium's home while it runs, when it must trust `FTESTS_CA_CERT`.
    _home: Option<tempfile::TempDir>,
    http: Client,
    session: String,
    pub base: String,
}

fn find_program(env: &str, names: &[&str]) -> Option<String> {
    if let Ok(path) = std::env::var(env) {
        return Some(path);
    }
    let path = std::env::var("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file()).map(|p| p.display().to_string())
    })
}

/// A home folder whose NSS database (where Chromium on Linux looks for
/// the CAs a user added) trusts the CA in `ca` for web sites: a site behind
/// a throwaway CA is tested with certificate checks on.
fn home_trusting(ca: &Path) -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("a home for Chromium");
    let db = home.path().join(".pki/nssdb");
    std::fs::create_dir_all(&db).expect("creating the NSS database folder");
    let db = format!("sql:{}", db.display());
    let certutil = |args: &[&str]| {
        let status = Command::new("certutil").args(args).stdout(Stdio::null()).status();
        let status = status.unwrap_or_else(|e| panic!("certutil (apt-get install libnss3-tools): {e}"));
        assert!(status.success(), "certutil {args:?}: {status}");
    };
    certutil(&["-N", "-d", &db, "--empty-password"]);
    certutil(&["-A", "-d", &db, "-t", "C,,", "-n", "superlists-test-ca", "-i", &ca.to_string_lossy()]);
    home
}

impl Browser {
    /// A headless Chromium with a 1024×768 window, or `None` (after saying
    /// so) when chromedriver or Chromium is not installed.
    pub fn start(base: &str) -> Option<Self> {
        let driver = find_program("CHROMEDRIVER", &["chromedriver"]);
        let chromium = find_program("CHROMIUM", &["chromium", "chromium-browser", "google-chrome"]);
        let (Some(driver), Some(chromium)) = (driver, chromium) else {
            let why = "chromedriver or chromium is not installed (apt-get install chromium chromium-driver)";
            testkit::skip("browser test", why);
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let home = std::env::var_os("FTESTS_CA_CERT").map(|ca| home_trusting(Path::new(&ca)));
        let mut command = Command::new(&driver);
        if let Some(home) = &home {
            command.env("HOME", home.path());
        }
        let child = command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {driver}: {e}"));
        let http = testkit::client_builder().timeout(Duration::from_secs(60)).build().expect("HTTP client");
        let mut browser = Browser { driver: child, _home: home, http, session: String::new(), base: base.to_string() };
        let driver_url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + WAIT;
        while browser.http.get(format!("{driver_url}/status")).send().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1024,768"]
            }
        }}});
        let session = browser.call_url("POST", &format!("{driver_url}/session"), Some(capabilities));
        browser.session = format!(
            "{driver_url}/session/{}",
            session["sessionId"].as_str().expect("chromedriver returns a session id")
        );
        browser.resize(1024, 768);
        Some(browser)
    }

    /// The window's size in CSS pixels: 390 × 844 is a phone's.
    pub fn resize(&self, width: u32, height: u32) {
        self.call("POST", "/window/rect", Some(json!({"width": width, "height": height})));
    }

    fn call_url(&self, method: &str, url: &str, body: Option<Value>) -> Value {
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body.unwrap_or_else(|| json!({}))),
        };
        let response: Value = request.send().and_then(|r| r.json()).unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let value = response.get("value").cloned().unwrap_or(Value::Null);
        if let Some(error) = value.get("error") {
            panic!("{method} {url}: {error}: {}", value["message"]);
        }
        value
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call_url(method, &format!("{}{path}", self.session), body)
    }

    pub fn goto(&self, path: &str) {
        self.open(&format!("{}{path}", self.base));
    }

    /// The window as a PNG in the folder `FTESTS_SCREENSHOTS` names, if it
    /// names one: `NAME.png`, to look at what a story saw.
    pub fn screenshot(&self, name: &str) {
        let Some(folder) = std::env::var_os("FTESTS_SCREENSHOTS") else { return };
        let encoded = self.call("GET", "/screenshot", None);
        let png = data_encoding::BASE64.decode(encoded.as_str().unwrap_or_default().as_bytes());
        let path = Path::new(&folder).join(format!("{name}.png"));
        let written =
            png.map_err(|e| e.to_string()).and_then(|png| std::fs::write(&path, png).map_err(|e| e.to_string()));
        written.unwrap_or_else(|e| panic!("screenshot {}: {e}", path.display()));
    }

    /// Asks pages for the system's dark (or light) colour scheme, as a phone
    /// at night does (Chromium's DevTools protocol, through chromedriver).
    pub fn prefer_color_scheme(&self, scheme: &str) {
        let features = json!([{ "name": "prefers-color-scheme", "value": scheme }]);
        let params = json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "features": features } });
        self.call("POST", "/goog/cdp/execute", Some(params));
    }

    /// Loads the current page again, as the reload button does.
    pub fn reload(&self) {
        self.call("POST", "/refresh", Some(json!({})));
    }

    /// Opens an absolute URL (a link from an email).
    pub fn open(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    /// Sets a cookie for the site (its path the site's prefix), as the site
    /// would have: the browser must be on one of the site's pages.
    pub fn add_cookie(&self, name: &str, value: &str) {
        let prefix = reqwest::Url::parse(&self.base).map(|u| u.path().trim_end_matches('/').to_string());
        let path = format!("{}/", prefix.unwrap_or_default());
        let cookie = json!({"name": name, "value": value, "path": path, "httpOnly": true});
        self.call("POST", "/cookie", Some(json!({ "cookie": cookie })));
    }

    pub fn current_path(&self) -> String {
        let url = self.call("GET", "/url", None);
        let url = url.as_str().unwrap_or_default();
        reqwest::Url::parse(url).map(|u| u.path().to_string()).unwrap_or_default()
    }

    /// Polls `condition` until it holds (a page is not "ready" at once).
    pub fn wait_for(&self, what: &str, mut condition: impl FnMut(&Browser) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !condition(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs `script` in the page (`arguments` holds `args`); its return value.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.call("POST", "/execute/sync", Some(json!({"script": script, "args": args})))
    }

    /// Runs `script`, which ends by calling `arguments[arguments.length - 1]`
    /// with its result.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.call("POST", "/execute/async", Some(json!({"script": script, "args": args})))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.http.delete(&self.session).send();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
