//! Where the blobs are: `local`, or `s3://BUCKET?endpoint=…&region=…&derivatives=local`. The
//! library records where its blobs are; credentials never appear here, only in the environment.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BlobLocation {
    /// `blobs/` under the data directory.
    #[default]
    Local,
    S3(S3Location),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    pub bucket: String,
    /// Folders inside the bucket the blobs go under (several libraries may share a bucket); may be empty.
    pub prefix: String,
    /// `http://host:port` of an S3-compatible store; `None` for Amazon S3 itself.
    pub endpoint: Option<String>,
    pub region: String,
    /// Thumbnails and previews stay under the data directory.
    pub derivatives_local: bool,
}

impl BlobLocation {
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let text = text.trim();
        if text.is_empty() || text == "local" {
            return Ok(Self::Local);
        }
        let bad = |why: &str| {
            anyhow::anyhow!(
                "blob store {text:?}: {why}; write local or s3://BUCKET?endpoint=http://HOST:PORT&region=REGION"
            )
        };
        let rest = text.strip_prefix("s3://").ok_or_else(|| bad("not local or s3://"))?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (bucket, prefix) = path.split_once('/').unwrap_or((path, ""));
        let prefix = prefix.trim_matches('/');
        let odd_folder = !prefix.is_empty()
            && prefix.split('/').any(|part| part.is_empty() || part == "." || part == "..");
        if odd_folder
            || !prefix.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
        {
            return Err(bad("a prefix is folder names of letters, digits, '-', '_' or '.'"));
        }
        // S3's rules for bucket names, which also keep the name out of harm's way in a URL.
        if !(3..=63).contains(&bucket.len())
            || !bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        {
            return Err(bad("a bucket name is 3 to 63 lower-case letters, digits, '-' or '.'"));
        }
        let mut location = S3Location {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
            endpoint: None,
            region: "us-east-1".into(),
            derivatives_local: false,
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').ok_or_else(|| bad("a setting without a value"))?;
            match name {
                "endpoint" => {
                    if !(value.starts_with("http://") || value.starts_with("https://"))
                        || value.contains(['?', '#', '@', ' '])
                    {
                        return Err(bad("endpoint is http://HOST:PORT or https://HOST"));
                    }
                    location.endpoint = Some(value.trim_end_matches('/').to_string());
                }
                "region"
                    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
                {
                    location.region = value.to_string();
                }
                "derivatives" if value == "local" || value == "store" => {
                    location.derivatives_local = value == "local";
                }
                _ => return Err(bad(&format!("unknown setting {name}={value}"))),
            }
        }
        Ok(Self::S3(location))
    }
}

/// The canonical text, which `parse` reads back to the same location.
impl fmt::Display for BlobLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Local => f.write_str("local"),
            Self::S3(s3) => {
                write!(f, "s3://{}", s3.bucket)?;
                if !s3.prefix.is_empty() {
                    write!(f, "/{}", s3.prefix)?;
                }
                f.write_str("?")?;
                if let Some(endpoint) = &s3.endpoint {
                    write!(f, "endpoint={endpoint}&")?;
                }
                write!(f, "region={}", s3.region)?;
                if s3.derivatives_local {
                    f.write_str("&derivatives=local")?;
                }
                Ok(())
            }
        }
    }
}

/// An access key for the object store. Its `Debug` hides the secret.
#[derive(Clone)]
pub struct S3Credentials {
    pub key_id: String,
    pub secret: String,
}

impl fmt::Debug for S3Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Credentials").field("key_id", &self.key_id).field("secret", &"…").finish()
    }
}

impl S3Credentials {
    /// `KEEPSAKE_S3_KEY_ID` with `KEEPSAKE_S3_SECRET`, or the secret read from the file
    /// `KEEPSAKE_S3_SECRET_FILE` names (a secret kept out of the process's environment).
    pub fn from_env() -> anyhow::Result<Option<Self>> {
        let Ok(key_id) = std::env::var("KEEPSAKE_S3_KEY_ID") else { return Ok(None) };
        let secret = match (std::env::var("KEEPSAKE_S3_SECRET"), std::env::var_os("KEEPSAKE_S3_SECRET_FILE"))
        {
            (Ok(secret), _) => secret,
            (Err(_), Some(file)) => std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("KEEPSAKE_S3_SECRET_FILE: cannot read it ({e})"))?
                .trim()
                .to_string(),
            (Err(_), None) => anyhow::bail!(
                "KEEPSAKE_S3_KEY_ID is set without KEEPSAKE_S3_SECRET or KEEPSAKE_S3_SECRET_FILE"
            ),
        };
        anyhow::ensure!(
            !key_id.is_empty() && !secret.is_empty(),
            "the S3 key id and secret must not be empty"
        );
        Ok(Some(Self { key_id, secret }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_read_back_as_written() {
        assert_eq!(BlobLocation::parse("").unwrap(), BlobLocation::Local);
        assert_eq!(BlobLocation::parse("local").unwrap(), BlobLocation::Local);
        let text = "s3://photos/family/one?endpoint=http://127.0.0.1:3900&region=garage&derivatives=local";
        let location = BlobLocation::parse(text).unwrap();
        assert_eq!(
            location,
            BlobLocation::S3(S3Location {
                bucket: "photos".into(),
                prefix: "family/one".into(),
                endpoint: Some("http://127.0.0.1:3900".into()),
                region: "garage".into(),
                derivatives_local: true,
            })
        );
        assert_eq!(location.to_string(), text);
        assert_eq!(BlobLocation::parse(&location.to_string()).unwrap(), location);
        for bad in [
            "file:///tmp",
            "s3://",
            "s3://UPPER",
            "s3://photos/../x",
            "s3://photos/a//b",
            "s3://photos/a b",
            "s3://photos?endpoint=ftp://x",
            "s3://photos?region=",
            "s3://photos?colour=blue",
            "s3://photos?endpoint",
        ] {
            assert!(BlobLocation::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let credentials = S3Credentials { key_id: "GK1".into(), secret: "hunter2".into() };
        assert!(!format!("{credentials:?}").contains("hunter2"));
    }
}
