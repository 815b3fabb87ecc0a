//! What a page knows of its visitor: the token for its forms, who is logged
//! in, and a one-time message. Every page handler takes one [`Visit`].

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse};

use crate::db::accounts::User;
use crate::errors::AppError;
use crate::settings::Settings;
use crate::state::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::flash::Flash;
use crate::web::session;
use crate::web::templates::Site;

pub struct Visit {
    pub csrf: CsrfToken,
    pub user: Option<User>,
    /// Shown once: the page that shows it removes its cookie.
    pub flash: Option<Flash>,
}

impl Visit {
    /// What the page's frame shows this visitor: their forms' token, who is
    /// logged in, and the message, if any.
    pub fn site<'a>(&'a self, settings: &'a Settings) -> Site<'a> {
        Site {
            csrf_token: Some(self.csrf.as_str()),
            user: self.user.as_ref().map(|u| u.email.as_str()),
            message: self.flash.map(Flash::message),
            ..Site::of(settings)
        }
    }

    /// The page that showed the message removes its cookie: shown once.
    pub fn shown(&self, page: &mut HttpResponse, settings: &Settings) -> Result<(), AppError> {
        if self.flash.is_some() {
            page.add_cookie(&Flash::removal(settings))
                .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot clear the message: {e}")))?;
        }
        Ok(())
    }
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
