//! The embedded migrations, one set per backend.

use anyhow::{Context, anyhow};
use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConnection;

const POSTGRES: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// Key of the PostgreSQL advisory lock that serialises `migrate` runs
/// (an arbitrary constant: "superlists" in ASCII, truncated to 8 bytes).
const MIGRATION_LOCK_KEY: i64 = 0x7375_7065_726c_6973;

/// Applies every pending migration; returns the names applied.
///
/// On PostgreSQL a session advisory lock is held throughout, so replicas
/// that start together apply each migration once, one after the other.
pub fn run_pending(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConnection::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
                .context("cannot take the migration lock")?;
            let result = pg.run_pending_migrations(POSTGRES).map(|v| v.iter().map(ToString::to_string).collect());
            // Unlock even when a migration failed; a dropped connection would release it too.
            let unlocked = pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"));
            let applied = result.map_err(|e| anyhow!(e))?;
            unlocked.context("cannot release the migration lock")?;
            applied
        }
        DbConnection::Sqlite(lite) => lite
            .run_pending_migrations(SQLITE)
            .map(|v| v.iter().map(ToString::to_string).collect())
            .map_err(|e| anyhow!(e))?,
    };
    Ok(applied)
}

/// Names of the migrations not yet applied to this database.
pub fn pending(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    fn names<DB: diesel::backend::Backend>(migrations: Vec<Box<dyn diesel::migration::Migration<DB>>>) -> Vec<String> {
        migrations.iter().map(|m| m.name().to_string()).collect()
    }
    match conn {
        DbConnection::Pg(pg) => pg.pending_migrations(POSTGRES).map(names),
        DbConnection::Sqlite(lite) => lite.pending_migrations(SQLITE).map(names),
    }
    .map_err(|e| anyhow!(e))
    .context("cannot read the applied migrations")
}
