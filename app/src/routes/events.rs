//! `GET /lists/<id>/events`: the list's live updates (see `crate::live`) as
//! Server-Sent Events, for its page's script. Each event names the list's version (its `id:`); a
//! page that comes back with `Last-Event-ID` (or `?since=`, the version it
//! was rendered at) and is not at the list's version gets one event at
//! once, so that nothing that happened meanwhile is missed: the page
//! fetches the list afresh.
//!
//! A stream holds a place among `LIVE_STREAMS_PER_IP` and
//! `LIVE_STREAMS_PER_REPLICA` while its connection lives: `HEAD` opens
//! none, and the server drops a connection as soon as its client closes it
//! (no half-closed connections, see `startup`), the stream with it.

use actix_web::http::Method;
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, web};

use crate::db::lists::version_of;
use crate::domain::ListId;
use crate::errors::AppError;
use crate::live::{EventStream, TooMany};
use crate::state::AppState;
use crate::web::forwarded;
use crate::web::paths::ListPath;

pub const TOO_MANY_STREAMS: &str = "this address holds its most live-update streams open; close a tab and try again";

pub async fn list_events(
    state: web::Data<AppState>,
    ListPath(id): ListPath,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    if req.method() == Method::HEAD {
        // The headers a GET would have, and no stream: a place among the
        // limits belongs to a connection that reads events, nothing else.
        version_now(&state, &id).await?;
        return Ok(stream_headers().finish());
    }
    let client = forwarded::client_ip(&req, &state.settings.trusted_proxies);
    let admission = state.live.admit(client, &state.settings.live_streams).map_err(|too_many| match too_many {
        TooMany::FromClient => AppError::TooManyRequests(TOO_MANY_STREAMS),
        TooMany::OnReplica => AppError::Unavailable(anyhow::anyhow!("this replica holds its most live-update streams")),
    })?;
    // Subscribed before the version is read: a change in between is not lost.
    let changes = state.live.subscribe(&id);
    let version = version_now(&state, &id).await?;
    let since = seen_version(&req).unwrap_or(version);
    let stream = EventStream::new(changes, version, since, admission, state.drain.clone(), &state.metrics.live_streams);
    Ok(stream_headers().streaming(stream.events()))
}

/// The list's version now; 404 if there is no such list.
async fn version_now(state: &AppState, id: &ListId) -> Result<i64, AppError> {
    let list = id.clone();
    let version = state.db_read("cannot read the list's version", move |conn| version_of(conn, &list));
    version.await?.ok_or(AppError::NotFound)
}

fn stream_headers() -> HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/event-stream")
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        // nginx passes each event on at once rather than buffering the stream.
        .insert_header(("X-Accel-Buffering", "no"));
    response
}

/// The version the page last saw: `Last-Event-ID` on a reconnect, else `?since=`.
fn seen_version(req: &HttpRequest) -> Option<i64> {
    let header = req.headers().get("last-event-id").and_then(|v| v.to_str().ok());
    let query = || req.query_string().split('&').find_map(|pair| pair.strip_prefix("since=")).map(str::to_string);
    header.map(str::to_string).or_else(query).and_then(|v| v.trim().parse().ok())
}
