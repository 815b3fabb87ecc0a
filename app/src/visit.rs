//! What a page knows of its visitor: the token for its forms, who is logged
//! in, and a one-time message. Every page handler takes one [`Visit`].

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use crate::csrf::CsrfToken;
use crate::db::accounts::User;
use crate::errors::AppError;
use crate::flash::Flash;
use crate::session;
use crate::state::AppState;

pub struct Visit {
    pub csrf: CsrfToken,
    pub user: Option<User>,
    /// Shown once: the page that shows it removes its cookie.
    pub flash: Option<Flash>,
}

impl FromRequest for Visit {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let csrf = CsrfToken::from_request(req, payload).into_inner();
        let req = req.clone();
        Box::pin(async move {
            let state = AppState::of(&req)?;
            let user = session::current_user(&state, &req).await?;
            Ok(Visit { csrf: csrf?, user, flash: Flash::of(&req) })
        })
    }
}
