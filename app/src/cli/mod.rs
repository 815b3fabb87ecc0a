//! The `superlists` command: one entry point for the whole life cycle.
//! Each subcommand is a variant of [`Command`], whose doc comment is its
//! `--help`, and a function in one of this module's files.

mod accounts;
mod database;
#[cfg(feature = "dev")]
mod debug;
mod probe;
mod scenario;
mod server;
mod tasks;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::settings::{LogFormat, Profile, Settings};

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
    Healthcheck {
        /// Ask /readyz instead: the database answers and the server is not
        /// draining (what a deploy waits for before sending traffic).
        #[arg(long)]
        ready: bool,
    },
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
    /// Delete every row of every table, keeping the schema
    ///
    /// Asks for confirmation on a terminal. Refused in production unless
    /// --allow-production is given too.
    Flush {
        /// Do not ask for confirmation (scripts, test runs).
        #[arg(long)]
        noinput: bool,
        /// Allow flushing a production database.
        #[arg(long)]
        allow_production: bool,
    },
    /// List or run the scheduled tasks: expired sessions and login links, statistics
    ///
    /// Safe from several processes at once (on PostgreSQL one runs, the others
    /// skip). For cron: `superlists tasks run --all` hourly.
    Tasks {
        #[command(subcommand)]
        command: TasksCommand,
    },
    /// Bring a named data set up on a fresh database, with the site on it, or down
    Scenario {
        #[command(subcommand)]
        command: ScenarioCommand,
    },
    /// Print every setting, secrets redacted
    #[cfg(feature = "dev")]
    ShowSettings,
    /// Print every route: method, path and handler
    #[cfg(feature = "dev")]
    ShowUrls,
}

#[derive(Subcommand)]
enum TasksCommand {
    /// Name, interval and purpose of each task
    List,
    /// Run the named tasks (or all) once, now
    Run {
        /// Tasks to run, by name.
        names: Vec<String>,
        /// Run every task.
        #[arg(long, conflicts_with = "names")]
        all: bool,
    },
    /// Run each task at its interval until stopped (a scheduler service without cron)
    Schedule,
    /// Exit 0 if a `tasks schedule` on this host beat its heart lately
    ///
    /// For the scheduler container's HEALTHCHECK: its loop writes a heartbeat
    /// file every 30 s; a stuck or dead loop fails this after 90 s.
    Alive,
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// The scenarios in scenarios/ (or SCENARIOS_DIR), and which are up
    List,
    /// A fresh database loaded from scenarios/NAME.json, and the site on it
    Up {
        name: String,
        /// A PostgreSQL server to make the database on (postgres://USER@HOST/postgres);
        /// without it, a new SQLite file.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Stop the scenario's site and drop its database
    Down { name: String },
}

impl Command {
    fn run(self, settings: Settings) -> anyhow::Result<()> {
        match self {
            Command::Serve => server::serve(settings),
            Command::Migrate => database::migrate(&settings),
            Command::Check { deploy } => probe::check(&settings, deploy),
            Command::Healthcheck { ready } => probe::healthcheck(&settings, ready),
            Command::Dbshell => database::dbshell(&settings),
            Command::CreateSession { email } => accounts::create_session(&settings, &email),
            Command::Flush { noinput, allow_production } => database::flush(&settings, noinput, allow_production),
            Command::Tasks { command: TasksCommand::List } => tasks::list(),
            Command::Tasks { command: TasksCommand::Run { names, all } } => tasks::run(&settings, &names, all),
            Command::Tasks { command: TasksCommand::Schedule } => tasks::schedule(&settings),
            Command::Tasks { command: TasksCommand::Alive } => tasks::alive(),
            Command::Scenario { command: ScenarioCommand::List } => scenario::list(),
            Command::Scenario { command: ScenarioCommand::Up { name, database_url } } => {
                scenario::up(&name, database_url.as_deref())
            }
            Command::Scenario { command: ScenarioCommand::Down { name } } => scenario::down(&name),
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
    let log_format = settings.log_format;
    // Dropped on return, after the last line: what is queued gets written.
    let _logs = crate::ops::logging::init(&settings.log_filter, log_format);
    match cli.command.unwrap_or(Command::Serve).run(settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, whatever the causes hold (libpq's messages span several).
            let chain = format!("{e:#}").split_whitespace().collect::<Vec<_>>().join(" ");
            match log_format {
                // A log pipeline reads JSON lines only.
                LogFormat::Json => log::error!(target: "superlists", "superlists: {name}: {chain}"),
                LogFormat::Text => eprintln!("superlists: {name}: {chain}"),
            }
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
