//! Keepsake's media work: pure, synchronous functions over bytes.
//!
//! The browser runs this crate in wasm (in a web worker) to read metadata and make thumbnails before
//! anything is uploaded; the server runs the very same code for files that arrive without derivatives
//! (API clients, `keepsake import`) and for `keepsake inspect`, so both paths give identical results.
//! Nothing here does I/O: callers hand in bytes and get bytes back.

mod avif;
mod bmff;
mod colour;
mod exif_read;
mod format;
mod hash;
mod heic;
pub mod print;
pub mod redact;
mod render;
mod resample;

pub use colour::colour_space;
pub use format::{MediaFormat, sniff};
pub use hash::StreamingSha256;
pub use keepsake_api::fit_within;
pub use render::{DecodeLimits, Derivatives, Rgba, derive_from_bytes, derive_from_rgba, verify_jpeg};

use keepsake_api::MediaMetadata;

/// Why a file could not be read. The messages are written for the person who dropped the file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    #[error("not a photo or video Keepsake recognises")]
    Unsupported,
    #[error("the file is damaged: {0}")]
    Corrupt(String),
    #[error("the image is too large to process ({width}×{height})")]
    TooLarge { width: u32, height: u32 },
    #[error("this format cannot be decoded here")]
    NoDecoder,
    #[error("{0}")]
    Print(#[from] print::PrintError),
}

/// Reads everything Keepsake records about a file: format, EXIF fields, displayed dimensions.
///
/// Works on the first part of a file too, for videos too large to hold: pass as much as is at hand
/// (the metadata of photos sits at the front; MP4s with their index at the end give no duration then).
pub fn read_metadata(bytes: &[u8]) -> Result<(MediaFormat, MediaMetadata), MediaError> {
    let format = sniff(bytes).ok_or(MediaError::Unsupported)?;
    let mut meta = MediaMetadata::default();
    if format.is_photo() {
        let tiff_ifd0 = exif_read::read_into(bytes, &mut meta);
        // A header without a size (an EXIF-only JPEG, a cut-off file) still leaves its EXIF worth keeping.
        let Ok(stored) = format::stored_dimensions(format, bytes, tiff_ifd0) else {
            return Ok((format, meta));
        };
        let (w, h) = match stored {
            format::Stored::Plain { width, height } => {
                if matches!(meta.orientation, Some(5..=8)) {
                    (height, width)
                } else {
                    (width, height)
                }
            }
            // HEIF carries its rotation in `irot`; readers (and the MIAF spec) ignore EXIF orientation.
            format::Stored::Heif { width, height, rotation_ccw, .. } => {
                if rotation_ccw % 180 == 90 {
                    (height, width)
                } else {
                    (width, height)
                }
            }
        };
        meta.width = Some(w);
        meta.height = Some(h);
    } else if let Some(video) = bmff::video_info(bytes) {
        meta.width = video.width;
        meta.height = video.height;
        meta.duration = video.duration;
    }
    Ok((format, meta))
}
