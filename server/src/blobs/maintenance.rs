//! `keepsake blobs verify` and `keepsake blobs migrate`: run with the server stopped (the database
//! is opened by one process at a time, which keeps them from racing uploads and deletions).

use super::{BlobLocation, BlobStore};
use crate::{config::Config, db::Store};
use std::sync::Arc;

/// How far a long pass has got, for a progress bar.
pub struct Progress<'a> {
    pub done: usize,
    pub total: usize,
    pub key: &'a str,
}

#[derive(Debug, Default)]
pub struct VerifyReport {
    pub checked: usize,
    pub bytes: u64,
    pub missing: Vec<String>,
    /// Blobs whose bytes are not what their key names, with what is wrong.
    pub damaged: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub struct MigrateReport {
    pub copied: usize,
    pub copied_bytes: u64,
    /// Already in the new store at the right size (a migration run before, interrupted).
    pub already_there: usize,
    /// Referenced but in neither store: not copied, and the library is not switched.
    pub missing: Vec<String>,
}

fn open_store(config: &Config) -> anyhow::Result<Store> {
    let store = Store::open(&config.data_dir.join("keepsake.redb")).map_err(|e| {
        anyhow::anyhow!("cannot open the library (is the server running? stop it first): {e}")
    })?;
    store.migrate().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(store)
}

fn internal(e: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e:?}")
}

/// Reads every referenced blob of the library's store through and checks its SHA-256 and length.
pub fn verify(config: &Config, mut progress: impl FnMut(Progress)) -> anyhow::Result<(String, VerifyReport)> {
    let store = open_store(config)?;
    let location = crate::blob_location(&store, config.blobs.as_ref())?;
    let blobs = super::open(&location, &config.data_dir, config.s3_credentials.as_ref())?;
    let referenced = store.referenced_blobs().map_err(internal)?;
    let mut report = VerifyReport::default();
    for (n, (key, _)) in referenced.iter().enumerate() {
        progress(Progress { done: n, total: referenced.len(), key });
        match super::verify(blobs.as_ref(), key) {
            Ok(Some(len)) => report.bytes += len,
            Ok(None) => report.missing.push(key.clone()),
            Err(e) if e.chain().any(super::Unavailable::is) => return Err(e),
            Err(e) => report.damaged.push((key.clone(), e.to_string())),
        }
        report.checked += 1;
    }
    progress(Progress { done: referenced.len(), total: referenced.len(), key: "" });
    Ok((blobs.describe(), report))
}

/// Copies every referenced blob from where the library's blobs are to `to`, checking each one's
/// SHA-256 on the way, then records `to` as where they are, only if every one arrived. Run again
/// after an interruption, it skips what is there already. The old copies are left where they were.
pub fn migrate(
    config: &Config,
    to: &BlobLocation,
    mut progress: impl FnMut(Progress),
) -> anyhow::Result<MigrateReport> {
    let store = open_store(config)?;
    let from = crate::blob_location(&store, config.blobs.as_ref().filter(|c| *c != to))?;
    anyhow::ensure!(from != *to, "the library's blobs are in {to} already");
    let credentials = config.s3_credentials.as_ref();
    let source = super::open(&from, &config.data_dir, credentials)?;
    let target: Arc<dyn BlobStore> = super::open(to, &config.data_dir, credentials)?;
    let tmp = config.data_dir.join("tmp");
    std::fs::create_dir_all(&tmp)?;
    let referenced = store.referenced_blobs().map_err(internal)?;
    let mut report = MigrateReport::default();
    for (n, (key, kind)) in referenced.iter().enumerate() {
        progress(Progress { done: n, total: referenced.len(), key });
        let Some(len) = source.len(key)? else {
            // Copied by an earlier, interrupted run and then lost from the old store? Then it is here.
            if target.len(key)?.is_some() {
                report.already_there += 1;
            } else {
                report.missing.push(key.clone());
            }
            continue;
        };
        if target.len(key)? == Some(len) {
            report.already_there += 1;
            continue;
        }
        report.copied_bytes += super::copy(source.as_ref(), target.as_ref(), key, *kind, &tmp)?;
        report.copied += 1;
    }
    progress(Progress { done: referenced.len(), total: referenced.len(), key: "" });
    if report.missing.is_empty() {
        store.set_blob_location(to).map_err(internal)?;
    }
    Ok(report)
}
