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
    /// Where people reach this server (`KEEPSAKE_PUBLIC_URL`): the only host name, besides loopback
    /// names and bare addresses, that requests may name, and the base of addresses the server sends.
    pub public_url: Option<PublicUrl>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`KEEPSAKE_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Unfinished uploads untouched for this many days are deleted (`KEEPSAKE_UPLOAD_EXPIRY_DAYS`).
    pub upload_expiry_days: u32,
    /// Connections at once, per peer, and their timeouts (`KEEPSAKE_MAX_CONNECTIONS`).
    pub connections: crate::http::Limits,
    /// Where the blobs are (`KEEPSAKE_BLOBS`): `None` takes what the library records, which is the
    /// local directory for a new library; a location that differs from the record is refused at start.
    pub blobs: Option<crate::blobs::BlobLocation>,
    /// The object store's access key (`KEEPSAKE_S3_KEY_ID`, `KEEPSAKE_S3_SECRET[_FILE]`).
    pub s3_credentials: Option<crate::blobs::S3Credentials>,
}

/// `https://photos.example.org` (a scheme, a host, an optional port; Keepsake serves at the root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    /// `scheme://host[:port]`, as written, without a trailing slash.
    pub origin: String,
    /// The host name alone, lower case, without the port or brackets.
    pub host: String,
}

impl PublicUrl {
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let bad = || anyhow::anyhow!("KEEPSAKE_PUBLIC_URL: {text:?} is not like https://photos.example.org");
        let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")).ok_or_else(bad)?;
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.is_empty()
            || authority.contains(['/', '?', '#', '@'])
            || authority.chars().any(|c| c.is_whitespace())
        {
            return Err(bad());
        }
        let host = host_of(authority).ok_or_else(bad)?;
        Ok(Self { origin: text[..text.len() - (rest.len() - authority.len())].to_string(), host })
    }
}

/// The host part of a `Host` header or URL authority (`name`, `name:port`, `[v6]:port`), lower case.
pub fn host_of(authority: &str) -> Option<String> {
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split_once(']')?.0
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
            _ => authority,
        }
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
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
            public_url: None,
            trusted_proxies: Vec::new(),
            upload_expiry_days: 7,
            connections: crate::http::Limits::default(),
            blobs: None,
            s3_credentials: None,
        }
    }
}

impl Config {
    /// Defaults, overridden by `KEEPSAKE_LISTEN`, `KEEPSAKE_DATA`, `KEEPSAKE_MAX_UPLOAD_BYTES`,
    /// `KEEPSAKE_TRASH_DAYS`, `KEEPSAKE_SECURE_COOKIES`, `KEEPSAKE_SMTP_URL`, `KEEPSAKE_SMTP_FROM`,
    /// `KEEPSAKE_VAULT_MEMBERS`, `KEEPSAKE_PUBLIC_URL`, `KEEPSAKE_TRUSTED_PROXIES`,
    /// `KEEPSAKE_UPLOAD_EXPIRY_DAYS`, `KEEPSAKE_BLOBS`, `KEEPSAKE_S3_KEY_ID`, `KEEPSAKE_S3_SECRET`,
    /// `KEEPSAKE_S3_SECRET_FILE`.
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
        if let Ok(url) = std::env::var("KEEPSAKE_PUBLIC_URL")
            && !url.is_empty()
        {
            config.public_url = Some(PublicUrl::parse(&url)?);
        }
        if let Ok(proxies) = std::env::var("KEEPSAKE_TRUSTED_PROXIES") {
            config.trusted_proxies = crate::client_addr::parse_trusted(&proxies)?;
        }
        if let Ok(days) = std::env::var("KEEPSAKE_UPLOAD_EXPIRY_DAYS") {
            config.upload_expiry_days =
                days.parse().ok().filter(|&d| d >= 1).ok_or_else(|| {
                    anyhow::anyhow!("KEEPSAKE_UPLOAD_EXPIRY_DAYS: a number of days, 1 or more")
                })?;
        }
        if let Ok(max) = std::env::var("KEEPSAKE_MAX_CONNECTIONS") {
            config.connections.max_connections = max
                .parse()
                .ok()
                .filter(|&n| n >= 16)
                .ok_or_else(|| anyhow::anyhow!("KEEPSAKE_MAX_CONNECTIONS: a number, 16 or more"))?;
        }
        if let Ok(blobs) = std::env::var("KEEPSAKE_BLOBS")
            && !blobs.is_empty()
        {
            config.blobs = Some(crate::blobs::BlobLocation::parse(&blobs)?);
        }
        config.s3_credentials = crate::blobs::S3Credentials::from_env()?;
        config.secure_cookies =
            std::env::var("KEEPSAKE_SECURE_COOKIES").is_ok_and(|v| v == "1" || v == "true");
        Ok(config)
    }

    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_and_hosts() {
        let url = PublicUrl::parse("https://Photos.Example.org:8443/").unwrap();
        assert_eq!(url.origin, "https://Photos.Example.org:8443");
        assert_eq!(url.host, "photos.example.org");
        for bad in
            ["photos.example.org", "https://", "https://a.org/photos", "https://u@a.org", "ftp://a.org"]
        {
            assert!(PublicUrl::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(host_of("[::1]:8080").as_deref(), Some("::1"));
        assert_eq!(host_of("127.0.0.1:80").as_deref(), Some("127.0.0.1"));
        assert_eq!(host_of("LOCALHOST").as_deref(), Some("localhost"));
        assert_eq!(host_of(":80"), None);
    }
}
