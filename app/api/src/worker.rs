//! What the page and its processing worker say to each other. The page's wasm holds the UI only; the
//! worker's (a module of its own, fetched when the first file is processed or print drawn) holds every
//! decoder. Requests are plain objects `{op, id, …}`; bytes travel beside the JSON as `Uint8Array`s.

use crate::MediaMetadata;
use serde::{Deserialize, Serialize};

/// The sizes and placeholder of the derivatives the worker made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DerivativeSizes {
    pub thumbnail: (u32, u32),
    pub preview: (u32, u32),
    pub placeholder: String,
}

/// The scalar part of the worker's answer about a file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Processed {
    pub mime: String,
    pub is_photo: bool,
    pub sha256: String,
    pub bytes: u64,
    pub metadata: MediaMetadata,
    pub derivatives: Option<DerivativeSizes>,
}
