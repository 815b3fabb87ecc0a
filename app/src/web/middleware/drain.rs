//! While the replica drains (see [`crate::ops::shutdown`]), each response
//! closes its connection, so the balancer sends the next request elsewhere.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;

use crate::state::AppState;

/// Marks the response `Connection: close` while draining.
pub async fn close_connections(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<actix_web::web::Data<AppState>>().cloned();
    let mut res = next.call(req).await?;
    if state.is_some_and(|s| s.drain.is_draining()) {
        res.response_mut().head_mut().set_connection_type(ConnectionType::Close);
    }
    Ok(res)
}
