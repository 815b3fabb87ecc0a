//! The `superlists` command: one entry point for the whole life cycle.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::db::{self, migrate};
use crate::settings::{DatabaseUrl, Profile, Settings};
use crate::startup::Application;

const USAGE: &str = "\
usage: superlists [COMMAND]

commands:
  serve             run the web server (the default)
  migrate           apply pending database migrations
  check [--deploy]  validate the settings; --deploy lists every unsafe production setting
  healthcheck       exit 0 if the local server answers /healthz (for container HEALTHCHECKs)
  dbshell           open psql or sqlite3 on the configured database
  show-settings     print the settings, secrets redacted (dev builds)
  show-urls         print every route (dev builds)
  help              print this text

Settings come from the environment (see README.md); APP_SETTINGS picks the profile.";

/// Exit code for a bad setting or command line (after one line on stderr).
const USAGE_ERROR: u8 = 2;

pub fn main() -> ExitCode {
    load_dotenv();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("serve", &[][..]),
    };
    if matches!(command, "help" | "--help" | "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if matches!(command, "--version" | "-V") {
        println!("superlists {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("superlists: {e}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    init_logging();
    let result = match (command, rest) {
        ("serve", []) => serve(settings),
        ("migrate", []) => run_migrate(&settings),
        ("check", []) => check(&settings, false),
        ("check", [flag]) if flag == "--deploy" => check(&settings, true),
        ("healthcheck", []) => healthcheck(&settings),
        ("dbshell", []) => dbshell(&settings),
        #[cfg(feature = "dev")]
        ("show-settings", []) => {
            print!("{settings:?}");
            Ok(())
        }
        #[cfg(feature = "dev")]
        ("show-urls", []) => {
            for route in crate::routes::ROUTES {
                println!("{:<5} {:<20} {}", route.method, route.path, route.handler);
            }
            Ok(())
        }
        _ => {
            eprintln!("superlists: unknown command or arguments: {}\n\n{USAGE}", args.join(" "));
            return ExitCode::from(USAGE_ERROR);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("superlists: {command}: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `.env` is read in development only: a staging or production process
/// gets its settings from its environment (the container's env file).
fn load_dotenv() {
    let profile = std::env::var("APP_SETTINGS").unwrap_or_default();
    if profile.is_empty() || profile == Profile::Development.as_str() {
        // A missing .env is normal; a malformed one is worth a line.
        if let Err(e) = dotenvy::dotenv()
            && !e.not_found()
        {
            eprintln!("superlists: ignoring .env: {e}");
        }
    }
}

fn init_logging() {
    let env = env_logger::Env::default().default_filter_or("info,actix_server=warn");
    // A second call (tests start several apps) is harmless.
    let _ = env_logger::Builder::from_env(env).try_init();
}

fn serve(settings: Settings) -> anyhow::Result<()> {
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

fn run_migrate(settings: &Settings) -> anyhow::Result<()> {
    let pool = db::build_pool(&settings.database_url, 1)?;
    let mut conn = pool.get().context("cannot get a database connection")?;
    let applied = migrate::run_pending(&mut conn)?;
    if applied.is_empty() {
        println!("No migrations to apply.");
    }
    for name in applied {
        println!("Applied {name}");
    }
    Ok(())
}

fn check(settings: &Settings, deploy: bool) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    if !settings.static_root.is_dir() {
        problems.push(format!("STATIC_ROOT {} is not a directory", settings.static_root.display()));
    }
    if deploy {
        problems.extend(settings.deploy_warnings());
    }
    if problems.is_empty() {
        println!("System check identified no issues.");
        return Ok(());
    }
    for problem in &problems {
        println!("WARNING: {problem}");
    }
    bail!("{} issue(s) found", problems.len())
}

/// GET /healthz on the local server with a raw request: the image has no curl.
fn healthcheck(settings: &Settings) -> anyhow::Result<()> {
    let addr = local_address(settings.bind);
    let timeout = Duration::from_secs(3);
    let mut stream = TcpStream::connect_timeout(&addr, timeout).with_context(|| format!("cannot connect to {addr}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(stream, "GET /healthz HTTP/1.0\r\nHost: {addr}\r\n\r\n")?;
    let mut response = String::new();
    stream.take(4096).read_to_string(&mut response)?;
    let status_line = response.lines().next().unwrap_or_default();
    if status_line.split_whitespace().nth(1) == Some("200") { Ok(()) } else { bail!("unhealthy: {status_line:?}") }
}

/// Where to reach a server bound to `bind` from the same host.
fn local_address(bind: SocketAddr) -> SocketAddr {
    match bind.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from((Ipv4Addr::LOCALHOST, bind.port())),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::from((Ipv6Addr::LOCALHOST, bind.port())),
        _ => bind,
    }
}

fn dbshell(settings: &Settings) -> anyhow::Result<()> {
    use secrecy::ExposeSecret;
    use std::os::unix::process::CommandExt;
    let (client, arg, package) = match &settings.database_url {
        DatabaseUrl::Postgres(url) => ("psql", url.expose_secret().to_string(), "postgresql-client"),
        DatabaseUrl::Sqlite(path) => ("sqlite3", path.clone(), "sqlite3"),
    };
    // exec only returns on failure.
    let err = std::process::Command::new(client).arg(&arg).exec();
    if err.kind() == std::io::ErrorKind::NotFound {
        bail!("{client} is not installed (on Debian: apt-get install {package})");
    }
    Err(err).with_context(|| format!("cannot run {client}"))
}

#[cfg(test)]
mod tests {
    use super::local_address;

    #[test]
    fn healthcheck_reaches_wildcard_binds_on_loopback() {
        assert_eq!(local_address("0.0.0.0:8000".parse().unwrap()).to_string(), "127.0.0.1:8000");
        assert_eq!(local_address("[::]:8000".parse().unwrap()).to_string(), "[::1]:8000");
        assert_eq!(local_address("10.1.2.3:80".parse().unwrap()).to_string(), "10.1.2.3:80");
    }
}
