//! Email, when an SMTP server is configured: the share-by-email message.

use crate::error::{AppError, AppResult};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::Mailbox,
    message::header::ContentType,
};

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// One recipient address, as a person types it.
pub fn recipient(to: &str) -> AppResult<Mailbox> {
    let to = to.trim();
    if to.contains([',', ';', '\r', '\n']) {
        return Err(AppError::BadRequest("send to one email address at a time".into()));
    }
    to.parse().map_err(|_| AppError::BadRequest("that is not an email address".into()))
}

impl Mailer {
    /// From `KEEPSAKE_SMTP_URL` and `KEEPSAKE_SMTP_FROM`; a bad setting stops start-up with the reason.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("KEEPSAKE_SMTP_URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from.parse().map_err(|e| anyhow::anyhow!("KEEPSAKE_SMTP_FROM: {e}"))?;
        Ok(Self { transport, from })
    }

    pub async fn send(&self, to: Mailbox, subject: &str, body: String) -> AppResult<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(AppError::internal)?;
        self.transport.send(message).await.map_err(|e| {
            tracing::error!(error = %e, "sending email failed");
            AppError::Unprocessable("email-failed", "the email could not be sent; try again later".into())
        })?;
        Ok(())
    }
}
