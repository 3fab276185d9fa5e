//! Turning a received original into an asset: the one pipeline behind browser uploads and
//! `keepsake import`. Everything slow happens before the single write transaction at the end.

use crate::{
    AppState,
    blobs::BlobKind,
    db::{AssetRecord, Derivative, Inserted, sort_key},
    error::{AppError, AppResult},
};
use keepsake_api::{AssetKind, MediaMetadata, PREVIEW_EDGE, THUMBNAIL_EDGE};
use keepsake_media::{DecodeLimits, MediaError, MediaFormat};
use std::path::Path;

/// Photos larger than this are stored without server-made derivatives rather than read into memory
/// (a phone's or camera's photo is a few tens of megabytes; the browser makes derivatives anyway).
const MAX_SERVER_DECODE_BYTES: u64 = 64 << 20;

/// Bounds the decoding the server does at once (derivatives for API clients, checking print files):
/// each holds a file and its pixels in memory, up to a few hundred megabytes.
pub struct DecodeGate {
    running: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
    max: usize,
}

impl Default for DecodeGate {
    fn default() -> Self {
        Self::new(2)
    }
}

pub struct DecodeSlot<'a>(&'a DecodeGate);

impl DecodeGate {
    pub fn new(max: usize) -> Self {
        Self { running: std::sync::Mutex::new(0), freed: std::sync::Condvar::new(), max }
    }

    /// Waits (on a blocking thread) for a place.
    pub fn enter(&self) -> DecodeSlot<'_> {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        while *running >= self.max {
            running = self.freed.wait(running).unwrap_or_else(|e| e.into_inner());
        }
        *running += 1;
        DecodeSlot(self)
    }
}

impl Drop for DecodeSlot<'_> {
    fn drop(&mut self) {
        *self.0.running.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        self.0.freed.notify_one();
    }
}

/// Everything about a new asset except its bytes, which wait in a fsynced file.
pub struct NewAsset {
    pub owner: u64,
    pub filename: String,
    pub folder: Option<String>,
    pub format: MediaFormat,
    pub bytes: u64,
    pub sha256: String,
    pub metadata: MediaMetadata,
    pub thumbnail: Option<Derivative>,
    pub preview: Option<Derivative>,
    pub placeholder: Option<String>,
}

/// How much of a file is kept in memory for reading its metadata; the hash always covers all of it.
/// Photos keep their metadata at the front (EXIF in a JPEG's first segments, a HEIF's `meta` box
/// before its image data), so this is ample; it bounds what each finishing upload holds, which at
/// 256 MB once held a whole 200 MB original for the sake of its first kilobytes.
pub const HEAD_MAX_BYTES: u64 = 16 << 20;

/// Reads up to `keep` bytes of a file while hashing all of it: `(head, length, sha256)`. One pass,
/// so a 4 GB video is hashed without being held.
pub fn read_head(path: &Path, keep: u64) -> std::io::Result<(Vec<u8>, u64, String)> {
    read_head_from(std::fs::File::open(path)?, keep)
}

/// [`read_head`] of whatever `file` reads (a file, a blob).
pub fn read_head_from(mut file: impl std::io::Read, keep: u64) -> std::io::Result<(Vec<u8>, u64, String)> {
    /// Takes everything written, keeps the first `keep` bytes.
    struct Head {
        bytes: Vec<u8>,
        keep: u64,
    }
    impl std::io::Write for Head {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let room = self.keep.saturating_sub(self.bytes.len() as u64).min(buf.len() as u64) as usize;
            self.bytes.extend_from_slice(&buf[..room]);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut head = Head { bytes: Vec::new(), keep };
    let (sha256, len) = hash_through(&mut file, &mut head)?;
    Ok((head.bytes, len, sha256))
}

/// Reads `reader` to its end into `sink`, a megabyte at a time: the bytes' SHA-256 and length.
pub fn hash_through(
    reader: &mut impl std::io::Read,
    sink: &mut impl std::io::Write,
) -> std::io::Result<(String, u64)> {
    let mut hasher = keepsake_media::StreamingSha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut len = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        sink.write_all(&buf[..n])?;
        len += n as u64;
    }
    Ok((hasher.finish_hex(), len))
}

/// A display name from a client-supplied one: never a path, no control characters, bounded.
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    if cleaned.trim().is_empty() { "untitled".into() } else { cleaned }
}

/// A folder label from a client-supplied relative path: `/`-separated, no `.`/`..`, bounded.
pub fn clean_folder(folder: Option<&str>) -> Option<String> {
    let parts: Vec<String> = folder?
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .map(|p| p.chars().filter(|c| !c.is_control()).take(255).collect())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/")).filter(|f: &String| f.len() <= 4096)
}

/// Makes and stores the thumbnail and preview for an original that arrived without them.
/// `Ok(None)` when this server has no decoder for the file (video, a coding tool ours lacks): the asset
/// is kept anyway. `original` reads the file, `len` bytes long; `name` says which, in the log.
pub fn derive_on_server(
    state: &AppState,
    format: MediaFormat,
    (original, len, name): (impl std::io::Read, u64, &str),
    orientation: Option<u8>,
) -> AppResult<Option<(Derivative, Derivative, String)>> {
    if !format.decodable_here() || len > MAX_SERVER_DECODE_BYTES {
        return Ok(None);
    }
    let _slot = state.decodes.enter();
    let mut bytes = Vec::with_capacity(len as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(original, MAX_SERVER_DECODE_BYTES), &mut bytes)?;
    let derived =
        match keepsake_media::derive_from_bytes(format, &bytes, orientation, &DecodeLimits::default()) {
            Ok(d) => d,
            Err(MediaError::NoDecoder) => return Ok(None),
            Err(e @ MediaError::TooLarge { .. }) => {
                return Err(AppError::Unprocessable("too-large-image", e.to_string()));
            }
            Err(e) => return Err(AppError::Unprocessable("corrupt", e.to_string())),
        };
    if let Some(note) = &derived.colour_note {
        tracing::warn!(original = name, %note, "colours shown as stored");
    }
    let thumbnail = Derivative {
        key: state.blobs.put(&derived.thumbnail, BlobKind::Derivative)?,
        width: derived.thumbnail_size.0,
        height: derived.thumbnail_size.1,
    };
    let preview = Derivative {
        key: state.blobs.put(&derived.preview, BlobKind::Derivative)?,
        width: derived.preview_size.0,
        height: derived.preview_size.1,
    };
    Ok(Some((thumbnail, preview, derived.placeholder)))
}

/// Checks and stores a derivative a client made: a JPEG that decodes, of its declared size, in bounds.
pub fn store_client_derivative(
    state: &AppState,
    bytes: &[u8],
    size: (u32, u32),
    preview: bool,
) -> AppResult<Derivative> {
    let edge = if preview { PREVIEW_EDGE } else { THUMBNAIL_EDGE };
    keepsake_media::verify_jpeg(bytes, size, edge)
        .map_err(|e| AppError::Unprocessable("bad-derivative", e.to_string()))?;
    Ok(Derivative { key: state.blobs.put(bytes, BlobKind::Derivative)?, width: size.0, height: size.1 })
}

/// Moves the original into the blob store (unless it is there already: `None`) and records the asset.
/// Returns the asset id and whether it is new (false when the owner already had the same bytes).
pub fn commit(
    state: &AppState,
    asset: NewAsset,
    original: Option<&Path>,
    from_upload: Option<&str>,
) -> AppResult<(String, bool)> {
    if let Some(original) = original {
        state.blobs.adopt(original, &asset.sha256, BlobKind::Original)?;
    }
    let now = state.clock.now();
    let record = AssetRecord {
        id: crate::auth::random_hex(16),
        owner: asset.owner,
        filename: asset.filename,
        mime: asset.format.mime().to_string(),
        bytes: asset.bytes,
        sha256: asset.sha256,
        kind: if asset.format.is_photo() { AssetKind::Photo } else { AssetKind::Video },
        sort_key: sort_key(&asset.metadata, now),
        place: asset.metadata.gps.as_ref().and_then(crate::places::place_of),
        metadata: asset.metadata,
        folder: asset.folder,
        thumbnail: asset.thumbnail,
        preview: asset.preview,
        placeholder: asset.placeholder,
        uploaded_at: now,
        trashed_at: None,
        favorite: false,
        archived: false,
        tags: Vec::new(),
        date_edited: false,
        original_taken_at: None,
    };
    match state.store.insert_asset(&record, from_upload)? {
        Inserted::New => Ok((record.id, true)),
        Inserted::Existing(id) => Ok((id, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_names_never_become_paths() {
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("C:\\photos\\a.jpg"), "a.jpg");
        assert_eq!(clean_filename("a\u{0}b.jpg"), "ab.jpg");
        assert_eq!(clean_filename(""), "untitled");
        assert_eq!(clean_folder(Some("../2019/./summer/")).as_deref(), Some("2019/summer"));
        assert_eq!(clean_folder(Some("..")), None);
    }
}
