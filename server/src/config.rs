//! Settings, from the command line and `KEEPSAKE_*` variables.

use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: String,
    pub data_dir: PathBuf,
    /// The largest original accepted, in bytes.
    pub max_upload_bytes: u64,
    /// Mark cookies `Secure` even when no proxy says the request came over https.
    pub secure_cookies: bool,
    /// Days a trashed photo is kept before the background task deletes it.
    pub trash_days: u32,
    /// Where to send email, as lettre reads it: `smtp://host:25`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465`. Without it, "share by email" opens the person's own mail app.
    pub smtp_url: Option<String>,
    /// The sender of that email.
    pub smtp_from: String,
    /// People in a family vault, the owner included.
    pub vault_member_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            max_upload_bytes: 10 << 30,
            secure_cookies: false,
            trash_days: 30,
            smtp_url: None,
            smtp_from: "Keepsake <keepsake@localhost>".into(),
            // The owner and five others, as Amazon's Family Vault allows.
            vault_member_limit: 6,
        }
    }
}

impl Config {
    /// Defaults, overridden by `KEEPSAKE_LISTEN`, `KEEPSAKE_DATA`, `KEEPSAKE_MAX_UPLOAD_BYTES`,
    /// `KEEPSAKE_TRASH_DAYS`, `KEEPSAKE_SECURE_COOKIES`, `KEEPSAKE_SMTP_URL`, `KEEPSAKE_SMTP_FROM`,
    /// `KEEPSAKE_VAULT_MEMBERS`.
    pub fn from_env() -> anyhow::Result<Self> {
        let mut config = Self::default();
        if let Ok(listen) = std::env::var("KEEPSAKE_LISTEN") {
            config.listen = listen;
        }
        if let Some(data) = std::env::var_os("KEEPSAKE_DATA") {
            config.data_dir = data.into();
        }
        if let Ok(max) = std::env::var("KEEPSAKE_MAX_UPLOAD_BYTES") {
            config.max_upload_bytes =
                max.parse().map_err(|_| anyhow::anyhow!("KEEPSAKE_MAX_UPLOAD_BYTES: not a number"))?;
        }
        if let Ok(days) = std::env::var("KEEPSAKE_TRASH_DAYS") {
            config.trash_days =
                days.parse().map_err(|_| anyhow::anyhow!("KEEPSAKE_TRASH_DAYS: not a number of days"))?;
        }
        config.smtp_url = std::env::var("KEEPSAKE_SMTP_URL").ok().filter(|u| !u.is_empty());
        if let Ok(from) = std::env::var("KEEPSAKE_SMTP_FROM") {
            config.smtp_from = from;
        }
        if let Ok(limit) = std::env::var("KEEPSAKE_VAULT_MEMBERS") {
            config.vault_member_limit =
                limit.parse().ok().filter(|&n| n >= 2).ok_or_else(|| {
                    anyhow::anyhow!("KEEPSAKE_VAULT_MEMBERS: a number of people, 2 or more")
                })?;
        }
        config.secure_cookies =
            std::env::var("KEEPSAKE_SECURE_COOKIES").is_ok_and(|v| v == "1" || v == "true");
        Ok(config)
    }

    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }
}
