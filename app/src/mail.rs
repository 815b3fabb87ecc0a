//! Sending mail, by the backend `EMAIL_BACKEND` names. Blocking: call it on
//! the blocking thread pool (`AppState::send_mail`).

use anyhow::Context;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{FileTransport, Message, SmtpTransport, Transport};
use secrecy::ExposeSecret;

use crate::settings::{EmailBackend, EmailSettings};

/// RFC 5322 allows 998 characters a line: within that, ASCII text goes as
/// 7bit, so a login link stays whole on its line (lettre would choose
/// quoted-printable past 76 characters and wrap it).
fn seven_bit(text: String) -> Body {
    let fits = text.is_ascii() && text.lines().all(|line| line.len() <= 998);
    if !fits {
        return Body::new(text);
    }
    let crlf = text.lines().collect::<Vec<_>>().join("\r\n") + "\r\n";
    Body::dangerous_pre_encoded(crlf.into_bytes(), ContentTransferEncoding::SevenBit)
}

/// How long an SMTP exchange may take before the visitor is told to retry.
const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub struct Mailer {
    from: Mailbox,
    transport: Sender,
}

enum Sender {
    Smtp(SmtpTransport),
    File(FileTransport),
    Console,
}

impl Mailer {
    pub fn new(settings: &EmailSettings) -> anyhow::Result<Self> {
        let from = settings.from.parse().with_context(|| format!("DEFAULT_FROM_EMAIL {:?}", settings.from))?;
        let transport = match &settings.backend {
            EmailBackend::Smtp { host, port, user, password, tls } => {
                let builder = if *tls {
                    SmtpTransport::starttls_relay(host).with_context(|| format!("EMAIL_HOST {host}"))?
                } else {
                    SmtpTransport::builder_dangerous(host)
                };
                let builder = builder.port(*port).timeout(Some(SMTP_TIMEOUT));
                let builder = match (user, password) {
                    (Some(user), Some(password)) => {
                        builder.credentials(Credentials::new(user.clone(), password.expose_secret().to_string()))
                    }
                    _ => builder,
                };
                Sender::Smtp(builder.build())
            }
            EmailBackend::File(dir) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create EMAIL_FILE_PATH {}", dir.display()))?;
                Sender::File(FileTransport::new(dir))
            }
            EmailBackend::Console => Sender::Console,
        };
        Ok(Mailer { from, transport })
    }

    /// Sends a plain-text message to `to`.
    pub fn send(&self, to: &str, subject: &str, body: String) -> anyhow::Result<()> {
        let to: Mailbox = to.parse().with_context(|| format!("not an address: {to:?}"))?;
        let body = seven_bit(body);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .context("cannot build the message")?;
        match &self.transport {
            Sender::Smtp(smtp) => smtp.send(&message).map(drop).context("the SMTP server refused the message"),
            Sender::File(file) => file.send(&message).map(drop).context("cannot write the message file"),
            Sender::Console => {
                println!("{}", String::from_utf8_lossy(&message.formatted()));
                Ok(())
            }
        }
    }
}
