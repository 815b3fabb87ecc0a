//! The SQL for `superlists flush`: every row of every table goes; the
//! schema and the record of applied migrations stay. Tables are read from
//! the database's catalogue, so a new migration needs no change here.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::DbConnection;

const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

#[derive(QueryableByName)]
struct Table {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Empties every table in one transaction; returns their names.
pub fn delete_all_rows(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    match conn {
        DbConnection::Pg(pg) => pg.transaction(|pg| {
            let tables = names(
                diesel::sql_query(format!(
                    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() \
                 AND tablename <> '{MIGRATIONS_TABLE}' ORDER BY tablename"
                ))
                .load(pg)?,
            );
            if !tables.is_empty() {
                // One statement for all: foreign keys between them are no obstacle.
                let all = tables.iter().map(|t| quoted(t)).collect::<Vec<_>>().join(", ");
                pg.batch_execute(&format!("TRUNCATE {all} RESTART IDENTITY"))?;
            }
            Ok(tables)
        }),
        DbConnection::Sqlite(lite) => lite.immediate_transaction(|lite| {
            let tables = names(
                diesel::sql_query(format!(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name <> '{MIGRATIONS_TABLE}' ORDER BY name"
                ))
                .load(lite)?,
            );
            // Checked at commit, when every table is empty.
            let mut sql = String::from("PRAGMA defer_foreign_keys = ON;");
            for table in &tables {
                sql.push_str(&format!("DELETE FROM {};", quoted(table)));
            }
            lite.batch_execute(&sql)?;
            // AUTOINCREMENT counters start again, as RESTART IDENTITY does.
            let sequences: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "(SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence')",
            ))
            .get_result(lite)?;
            if sequences > 0 {
                lite.batch_execute("DELETE FROM sqlite_sequence")?;
            }
            Ok(tables)
        }),
    }
}

fn names(tables: Vec<Table>) -> Vec<String> {
    tables.into_iter().map(|t| t.name).collect()
}

/// An SQL identifier, quoted (the names come from the catalogue, but still).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
