//! The `superlists` command: one entry point for the whole life cycle.
//! Each subcommand is a variant of [`Command`], whose doc comment is its
//! `--help`, and a function in one of this module's files.

mod accounts;
mod database;
#[cfg(feature = "dev")]
mod debug;
mod probe;
mod server;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::settings::{Profile, Settings};

/// Superlists: a to-do list web site.
#[derive(Parser)]
#[command(
    name = "superlists",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("SUPERLISTS_GIT_REV"), ")"),
    after_help = "Settings come from the environment (README.md, \"Settings\"); APP_SETTINGS picks the profile. \
                  In development a .env file is read too."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default)
    ///
    /// SIGTERM or SIGINT stop it, giving in-flight requests 10 s to finish.
    Serve,
    /// Apply pending database migrations
    ///
    /// On PostgreSQL under an advisory lock, so replicas starting together are safe.
    Migrate,
    /// Validate the settings
    Check {
        /// Also list every setting that is unsafe in production; exit 1 if any.
        #[arg(long)]
        deploy: bool,
    },
    /// Exit 0 if the local server answers /healthz
    ///
    /// For a container's HEALTHCHECK: the image needs no curl.
    Healthcheck,
    /// Open psql or sqlite3 on the configured database
    ///
    /// The password goes to psql in PGPASSWORD, never on its command line,
    /// where any local user could read it.
    Dbshell,
    /// Log EMAIL in: make the user if needed and a session
    ///
    /// Prints only the session id, the value of a `sessionid` cookie: how
    /// functional tests get a logged-in visitor on a deployed site.
    CreateSession {
        /// The user's email address.
        email: String,
    },
    /// Print every setting, secrets redacted
    #[cfg(feature = "dev")]
    ShowSettings,
    /// Print every route: method, path and handler
    #[cfg(feature = "dev")]
    ShowUrls,
}

impl Command {
    fn run(self, settings: Settings) -> anyhow::Result<()> {
        match self {
            Command::Serve => server::serve(settings),
            Command::Migrate => database::migrate(&settings),
            Command::Check { deploy } => probe::check(&settings, deploy),
            Command::Healthcheck => probe::healthcheck(&settings),
            Command::Dbshell => database::dbshell(&settings),
            Command::CreateSession { email } => accounts::create_session(&settings, &email),
            #[cfg(feature = "dev")]
            Command::ShowSettings => debug::show_settings(&settings),
            #[cfg(feature = "dev")]
            Command::ShowUrls => debug::show_urls(),
        }
    }
}

/// Exit code for a bad setting, as clap uses for a bad command line.
const USAGE_ERROR: u8 = 2;

pub fn main() -> ExitCode {
    // clap prints help, the version, or its error (exit 2) and exits itself.
    let matches = Cli::command().get_matches();
    let name = matches.subcommand_name().unwrap_or("serve").to_string();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    load_dotenv();
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("superlists: {e}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    init_logging(&settings.log_filter);
    match cli.command.unwrap_or(Command::Serve).run(settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("superlists: {name}: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `.env` is read in development only: a staging or production process
/// gets its settings from its environment (the container's env file).
fn load_dotenv() {
    let profile = std::env::var("APP_SETTINGS").ok();
    if Profile::parse(profile.as_deref().filter(|p| !p.trim().is_empty())) == Ok(Profile::Development) {
        // A missing .env is normal; a malformed one is worth a line.
        if let Err(e) = dotenvy::dotenv()
            && !e.not_found()
        {
            eprintln!("superlists: ignoring .env: {e}");
        }
    }
}

fn init_logging(filter: &str) {
    // A second call (tests start several apps) is harmless.
    let _ = env_logger::Builder::new().parse_filters(filter).try_init();
}
