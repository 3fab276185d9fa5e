//! HEIC/HEIF stills (HEVC in ISO BMFF), decoded by `heic-decoder`: pure Rust, so the browser's worker
//! in every browser and a native build decode the same pixels. It assembles grids (every iPhone photo
//! is one), applies `clap`, `irot` and `imir`, and hands back the ICC profile or the `nclx` code points.
//! Chosen over `heic-rs` by measurement against libheif (README, "HEIC and AVIF").

use crate::{MediaError, colour::Colour, render::DecodeLimits};
use heic_decoder::HeifError;
use image::RgbImage;

/// What the decoder holds per pixel at its peak: three planes of 32-bit samples (4:4:4 at worst),
/// the 8-bit RGB made from them, and an alpha plane.
const BYTES_PER_PIXEL: u64 = 3 * 4 + 3 + 4;

/// The primary image, upright (the container's transforms applied), as stored colours.
pub(crate) fn decode(bytes: &[u8], limits: &DecodeLimits) -> Result<(RgbImage, Colour), MediaError> {
    let info = heic_decoder::probe(bytes).map_err(heif_error)?;
    let (width, height) = (size(info.width)?, size(info.height)?);
    crate::render::check_area(width, height, limits)?;
    let coded = info.coded_width as u64 * info.coded_height as u64;
    if coded.max(u64::from(width) * u64::from(height)) * BYTES_PER_PIXEL > limits.max_alloc {
        return Err(MediaError::TooLarge { width, height });
    }
    let mut decoded = heic_decoder::decode(bytes).map_err(heif_error)?;
    let colour = colour(decoded.metadata.icc_profile.take(), decoded.color_info);
    let rgb = decoded.to_rgb8().map_err(heif_error)?;
    drop(decoded);
    let image = RgbImage::from_raw(size(rgb.width)?, size(rgb.height)?, rgb.data)
        .ok_or_else(|| MediaError::Corrupt("decoded size does not match the header".into()))?;
    Ok((image, colour))
}

/// The profile where there is one; else the code points, from the container or the HEVC stream.
pub(crate) fn colour(icc: Option<Vec<u8>>, cicp: Option<heic_decoder::ColorInfo>) -> Colour {
    match (icc, cicp) {
        (Some(icc), _) => Colour::Icc(icc),
        (None, Some(cicp)) => {
            Colour::Cicp { primaries: cicp.color_primaries, transfer: cicp.transfer_characteristics }
        }
        (None, None) => Colour::Srgb,
    }
}

fn size(n: usize) -> Result<u32, MediaError> {
    u32::try_from(n).map_err(|_| MediaError::Corrupt("an image size past any camera".into()))
}

/// A coding tool the decoder lacks is no damage: the file is kept, and the browser may decode it.
fn heif_error(e: HeifError) -> MediaError {
    match e {
        HeifError::Unsupported(_) => MediaError::NoDecoder,
        HeifError::LimitExceeded(what) => MediaError::Corrupt(format!("beyond the decoder's limits: {what}")),
        other => MediaError::Corrupt(other.to_string()),
    }
}
