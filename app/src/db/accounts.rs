//! The SQL for users, login links and sessions. Tokens arrive here hashed
//! (`keys::token_hash`); times are Unix seconds.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::schema::{login_tokens, sessions, users};
use super::{DbConnection, on_backend};
use crate::domain::Email;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
}

pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

pub fn create_login_token(conn: &mut DbConnection, email: &Email, hash: &str, expires_at: i64) -> QueryResult<()> {
    diesel::insert_into(login_tokens::table)
        .values((
            login_tokens::token_hash.eq(hash),
            login_tokens::email.eq(email.as_str()),
            login_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// For a link that could not be sent: it must not work later.
pub fn delete_login_token(conn: &mut DbConnection, hash: &str) -> QueryResult<()> {
    diesel::delete(login_tokens::table.find(hash)).execute(conn).map(drop)
}

/// Spends a valid, unused, unexpired link: its user (made on first login)
/// gets a new session. `None` for any other link.
pub fn redeem_login_token(
    conn: &mut DbConnection,
    hash: &str,
    session_hash: &str,
    session_expires_at: i64,
) -> QueryResult<Option<User>> {
    conn.write_transaction(|conn| {
        let now = now();
        let usable =
            login_tokens::table.find(hash).filter(login_tokens::used.eq(false).and(login_tokens::expires_at.gt(now)));
        // Marking it used first: of two requests racing with one link, one updates a row.
        let spent = diesel::update(usable).set(login_tokens::used.eq(true)).execute(conn)?;
        if spent != 1 {
            return Ok(None);
        }
        let email: String = login_tokens::table.find(hash).select(login_tokens::email).first(conn)?;
        start_session(conn, &email, session_hash, session_expires_at).map(Some)
    })
}

/// A session for `email`'s user, made if needed (also `create-session`).
pub fn start_session(conn: &mut DbConnection, email: &str, session_hash: &str, expires_at: i64) -> QueryResult<User> {
    let user = user_for(conn, email)?;
    diesel::insert_into(sessions::table)
        .values((
            sessions::id_hash.eq(session_hash),
            sessions::user_id.eq(user.id),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(user)
}

/// The user a live session belongs to.
pub fn user_of_session(conn: &mut DbConnection, session_hash: &str) -> QueryResult<Option<User>> {
    let query = sessions::table
        .inner_join(users::table)
        .filter(sessions::id_hash.eq(session_hash).and(sessions::expires_at.gt(now())))
        .select((users::id, users::email));
    let found = on_backend!(conn, |c| query.first::<(i64, String)>(c).optional())?;
    Ok(found.map(|(id, email)| User { id, email }))
}

pub fn end_session(conn: &mut DbConnection, session_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(session_hash)).execute(conn).map(drop)
}

/// `email`'s user, made if there is none yet.
pub fn user_for(conn: &mut DbConnection, email: &str) -> QueryResult<User> {
    let user = |id| User { id, email: email.to_string() };
    if let Some(id) = user_id(conn, email)? {
        return Ok(user(id));
    }
    // A savepoint: on PostgreSQL a failed INSERT would abort the caller's transaction.
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(users::table).values(users::email.eq(email)).returning(users::id).get_result(conn)
    });
    match inserted {
        Ok(id) => Ok(user(id)),
        // Made meanwhile by another request.
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            user_id(conn, email)?.map(user).ok_or(DieselError::NotFound)
        }
        Err(e) => Err(e),
    }
}

fn user_id(conn: &mut DbConnection, email: &str) -> QueryResult<Option<i64>> {
    users::table.filter(users::email.eq(email)).select(users::id).first(conn).optional()
}
