//! The SQL for `login_emails`: the memory of the rate limit on login links.
//! Checked and recorded in one transaction on the shared database, so the
//! limit holds across replicas (two requests at the same instant may both
//! pass: the limit is a brake, not an exact count).

use diesel::prelude::*;

use super::DbConnection;
use super::schema::login_emails;
use crate::domain::Email;
use crate::settings::{LIMIT_WINDOW_SECONDS, RateLimits};

/// Which allowance a refused request had used up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Address,
    ClientIp,
}

/// Records a login email to `email` asked for by `client_ip` at `now`,
/// unless either has had its hourly allowance; then records nothing.
pub fn record(
    conn: &mut DbConnection,
    email: &Email,
    client_ip: &str,
    now: i64,
    limits: &RateLimits,
) -> QueryResult<Result<(), Exceeded>> {
    conn.write_transaction(|conn| {
        let since = now - LIMIT_WINDOW_SECONDS;
        diesel::delete(login_emails::table.filter(login_emails::sent_at.le(since))).execute(conn)?;
        let recent = login_emails::table.filter(login_emails::sent_at.gt(since));
        let to_address: i64 = recent.filter(login_emails::email.eq(email.as_str())).count().get_result(conn)?;
        if to_address >= i64::from(limits.login_emails_per_address) {
            return Ok(Err(Exceeded::Address));
        }
        let from_client: i64 = recent.filter(login_emails::client_ip.eq(client_ip)).count().get_result(conn)?;
        if from_client >= i64::from(limits.login_emails_per_ip) {
            return Ok(Err(Exceeded::ClientIp));
        }
        diesel::insert_into(login_emails::table)
            .values((
                login_emails::email.eq(email.as_str()),
                login_emails::client_ip.eq(client_ip),
                login_emails::sent_at.eq(now),
            ))
            .execute(conn)?;
        Ok(Ok(()))
    })
}
