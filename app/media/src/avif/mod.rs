//! AVIF stills (AV1 in HEIF), decoded by `rav1d-safe`, the safe-Rust port of dav1d, in the browser's
//! worker and natively alike (its wasm32 build patched: `vendor/rav1d-safe/KEEPSAKE.md`). The
//! container is read here (`bmff::Heif`): the primary item, or a grid of tiles, its colour description, and its
//! transforms (`clap`, `irot`, `imir`) applied in the order the file lists them. The AV1 frame's
//! YCbCr becomes RGB with the matrix and range the file declares, chroma upsampled bilinearly with
//! centred samples, as libavif does by default. An alpha plane is not read: everything Keepsake makes
//! from a photo is opaque JPEG.

use crate::{bmff::Heif, colour::Colour};

mod decoder;
pub(crate) use decoder::decode;

/// The colour an item's `colr` boxes declare: its ICC profile where it has one, else its code points.
pub(crate) fn colour(heif: &Heif, item: u32) -> Option<Colour> {
    let mut declared = None;
    for colr in heif.properties_of(item).filter(|p| &p.kind == b"colr") {
        match colr.body.get(0..4)? {
            b"prof" | b"rICC" => return Some(Colour::Icc(colr.body[4..].to_vec())),
            b"nclx" => {
                declared = Nclx::parse(colr.body)
                    .map(|n| Colour::Cicp { primaries: n.primaries, transfer: n.transfer })
            }
            _ => {}
        }
    }
    declared
}

/// H.273 code points, from a `colr` box of type `nclx` or from the AV1 sequence header.
#[derive(Debug, Clone, Copy)]
struct Nclx {
    primaries: u16,
    transfer: u16,
    matrix: u16,
    full_range: bool,
}

impl Nclx {
    fn parse(colr: &[u8]) -> Option<Self> {
        let u16_at = |at: usize| Some(u16::from_be_bytes(colr.get(at..at + 2)?.try_into().ok()?));
        Some(Self {
            primaries: u16_at(4)?,
            transfer: u16_at(6)?,
            matrix: u16_at(8)?,
            full_range: colr.get(10)? & 0x80 != 0,
        })
    }
}
