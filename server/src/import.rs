//! `keepsake import`: a folder tree into one user's library, through the same ingest pipeline as
//! browser uploads, skipping what the library already holds.

use crate::{AppState, error::AppError, ingest};
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub duplicates: usize,
    pub skipped: usize,
    pub failed: usize,
}

pub enum Progress<'a> {
    File { done: usize, total: usize, summary: &'a Summary },
    Failed { path: &'a Path, error: String },
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

enum Outcome {
    Added,
    Duplicate,
    NotMedia,
}

/// Imports every file under `roots` for `username`. The folder each file sits in (from the root's own
/// name down) is kept as its folder.
pub fn run(
    state: &AppState,
    username: &str,
    roots: &[PathBuf],
    mut progress: impl FnMut(Progress),
) -> anyhow::Result<Summary> {
    let user = state
        .store
        .user_by_name(username)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .ok_or_else(|| anyhow::anyhow!("no user named {username}"))?;
    let mut files = Vec::new();
    for root in roots {
        walk(root, &mut files).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", root.display()))?;
    }
    let mut summary = Summary::default();
    let total = files.len();
    for (n, path) in files.iter().enumerate() {
        let root = roots.iter().find(|r| path.starts_with(r)).expect("walked from a root");
        let folder = path.parent().and_then(|p| p.strip_prefix(root.parent().unwrap_or(root)).ok());
        match import_one(state, user.id, path, folder) {
            Ok(Outcome::Added) => summary.added += 1,
            Ok(Outcome::Duplicate) => summary.duplicates += 1,
            Ok(Outcome::NotMedia) => summary.skipped += 1,
            Err(e) => {
                summary.failed += 1;
                // The person running the command may see internal detail; HTTP clients never do.
                let error = match e {
                    AppError::Internal(inner) => format!("{inner:#}"),
                    other => other.to_string(),
                };
                progress(Progress::Failed { path, error });
            }
        }
        progress(Progress::File { done: n + 1, total, summary: &summary });
    }
    Ok(summary)
}

fn import_one(state: &AppState, owner: u64, path: &Path, folder: Option<&Path>) -> Result<Outcome, AppError> {
    let (head, bytes, sha256) = ingest::read_head(path, ingest::HEAD_MAX_BYTES)?;
    let Ok((format, metadata)) = keepsake_media::read_metadata(&head) else {
        return Ok(Outcome::NotMedia);
    };
    if !state.store.owner_hashes(owner, std::slice::from_ref(&sha256))?.is_empty() {
        return Ok(Outcome::Duplicate);
    }
    // The blob store takes ownership of a file by renaming it, so stage a copy beside it first.
    let staged = state.config.uploads_dir().join(format!("import-{}", crate::auth::random_hex(8)));
    std::fs::copy(path, &staged)?;
    std::fs::File::open(&staged)?.sync_all()?;
    let result = (|| {
        let _writing = state.blob_gate.writing();
        let name = path.to_string_lossy();
        let original = (std::fs::File::open(&staged)?, bytes, name.as_ref());
        let derived = ingest::derive_on_server(state, format, original, metadata.orientation)?;
        let (thumbnail, preview, placeholder) = match derived {
            Some((t, p, h)) => (Some(t), Some(p), Some(h)),
            None => (None, None, None),
        };
        let filename = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let asset = ingest::NewAsset {
            owner,
            filename: ingest::clean_filename(&filename),
            folder: ingest::clean_folder(folder.map(|f| f.to_string_lossy()).as_deref()),
            format,
            bytes,
            sha256,
            metadata,
            thumbnail,
            preview,
            placeholder,
        };
        ingest::commit(state, asset, Some(&staged), None)
    })();
    let _ = std::fs::remove_file(&staged);
    Ok(if result?.1 { Outcome::Added } else { Outcome::Duplicate })
}
