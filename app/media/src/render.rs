//! Decoding within limits, applying orientation, and making the grid thumbnail, the viewer preview and
//! the ThumbHash placeholder.
//!
//! JPEGs are decoded at a reduced scale (DCT scaling, as libjpeg and vips do): a 22 MP photo only ever
//! needs a 1600 px preview, so decoding at 1/2 or 1/4 scale does a fraction of the work.

use crate::{MediaError, MediaFormat, colour::Colour};
use base64::Engine;
use image::{DynamicImage, RgbImage, metadata::Orientation};
use keepsake_api::{PREVIEW_EDGE, THUMBNAIL_EDGE, fit_within};

/// Bounds on what a decode may cost; checked against the header before any pixel is decoded.
#[derive(Debug, Clone, Copy)]
pub struct DecodeLimits {
    pub max_pixels: u64,
    pub max_alloc: u64,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        // 200 MP covers medium-format cameras and panoramas; the allocation cap bounds decompression bombs.
        Self { max_pixels: 200_000_000, max_alloc: 1 << 30 }
    }
}

/// Decoded pixels, 8-bit RGBA, as the browser's canvas hands them over.
pub struct Rgba {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

/// What the library shows in place of the original.
#[derive(Debug, Clone)]
pub struct Derivatives {
    /// JPEG, long edge at most [`THUMBNAIL_EDGE`].
    pub thumbnail: Vec<u8>,
    pub thumbnail_size: (u32, u32),
    /// JPEG, long edge at most [`PREVIEW_EDGE`].
    pub preview: Vec<u8>,
    pub preview_size: (u32, u32),
    /// ThumbHash, base64.
    pub placeholder: String,
    /// The displayed size of the original, after orientation.
    pub display_size: (u32, u32),
    /// Why the colours were shown as stored although the photo describes them otherwise (a profile
    /// that cannot be read): for the caller's log, since the photo itself is fine to keep.
    pub colour_note: Option<String>,
}

pub(crate) fn image_format(format: MediaFormat) -> Option<image::ImageFormat> {
    match format {
        MediaFormat::Png => Some(image::ImageFormat::Png),
        MediaFormat::Gif => Some(image::ImageFormat::Gif),
        MediaFormat::Webp => Some(image::ImageFormat::WebP),
        MediaFormat::Tiff => Some(image::ImageFormat::Tiff),
        _ => None,
    }
}

pub(crate) fn check_area(width: u32, height: u32, limits: &DecodeLimits) -> Result<(), MediaError> {
    if width == 0 || height == 0 {
        return Err(MediaError::Corrupt("the image has no pixels".into()));
    }
    if width as u64 * height as u64 > limits.max_pixels {
        return Err(MediaError::TooLarge { width, height });
    }
    Ok(())
}

/// An original's pixels as decoded, with what still has to happen before anyone sees them.
pub(crate) struct Decoded {
    pub image: RgbImage,
    /// The stored size; the decode may be smaller (JPEG's DCT scaling).
    pub stored: (u32, u32),
    /// The EXIF orientation still to apply. HEIF's own `irot`/`imir` are applied by its decoder, and
    /// readers ignore EXIF orientation there (MIAF says so), so it is `None` for HEIF.
    pub orientation: Option<Orientation>,
    pub colour: Colour,
}

impl Decoded {
    /// The size as displayed, once upright.
    fn display_size(&self) -> (u32, u32) {
        let turns = matches!(
            self.orientation,
            Some(
                Orientation::Rotate90
                    | Orientation::Rotate270
                    | Orientation::Rotate90FlipH
                    | Orientation::Rotate270FlipH
            )
        );
        if turns { (self.stored.1, self.stored.0) } else { self.stored }
    }

    /// The same photo shrunk to fit `edge`: the colour and orientation steps are cheaper on fewer pixels.
    fn fitted(self, edge: u32) -> Self {
        Self { image: fit(self.image, edge), ..self }
    }

    /// Upright sRGB pixels: the one way from any original to what is shown and printed. With them,
    /// why the colours stayed as stored where the photo's colour description could not be used.
    pub(crate) fn upright_srgb(self) -> (RgbImage, Option<String>) {
        let mut image = self.image;
        let colour_note = crate::colour::to_srgb(&mut image, &self.colour);
        let upright = match self.orientation {
            Some(o) => {
                let mut turned = DynamicImage::ImageRgb8(image);
                turned.apply_orientation(o);
                turned.into_rgb8()
            }
            None => image,
        };
        (upright, colour_note)
    }
}

/// Decodes `bytes` (of a format this crate decodes) and makes all derivatives. `orientation` is EXIF's.
pub fn derive_from_bytes(
    format: MediaFormat,
    bytes: &[u8],
    orientation: Option<u8>,
    limits: &DecodeLimits,
) -> Result<Derivatives, MediaError> {
    let decoded = decode(format, bytes, orientation, PREVIEW_EDGE, limits)?;
    let display_size = decoded.display_size();
    let (upright, colour_note) = decoded.fitted(PREVIEW_EDGE).upright_srgb();
    Ok(Derivatives { colour_note, ..derive_from_upright(upright, display_size) })
}

/// Decodes with at least `edge` pixels on the long side where the format can decode smaller (JPEG).
pub(crate) fn decode(
    format: MediaFormat,
    bytes: &[u8],
    orientation: Option<u8>,
    edge: u32,
    limits: &DecodeLimits,
) -> Result<Decoded, MediaError> {
    let orientation = orientation.and_then(Orientation::from_exif);
    let (image, stored, colour) = match format {
        MediaFormat::Jpeg => decode_jpeg_scaled(bytes, edge, limits)?,
        MediaFormat::Heic | MediaFormat::Avif => {
            let decode = if format == MediaFormat::Heic { crate::heic::decode } else { crate::avif::decode };
            let (image, colour) = decode(bytes, limits)?;
            let stored = image.dimensions();
            return Ok(Decoded { image, stored, orientation: None, colour });
        }
        other => {
            let format = image_format(other).ok_or(MediaError::NoDecoder)?;
            let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
            let mut image_limits = image::Limits::default();
            image_limits.max_alloc = Some(limits.max_alloc);
            reader.limits(image_limits);
            let mut decoder = reader.into_decoder().map_err(decode_error)?;
            let (w, h) = image::ImageDecoder::dimensions(&decoder);
            check_area(w, h, limits)?;
            // A profile that cannot be read is no reason to refuse the pixels.
            let icc = image::ImageDecoder::icc_profile(&mut decoder).ok().flatten();
            let image = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
            (image.into_rgb8(), (w, h), Colour::of(icc, bytes))
        }
    };
    Ok(Decoded { image, stored, orientation, colour })
}

/// A variant the decoder does not implement (a YCbCr TIFF) is not damage: the file is kept undecoded.
fn decode_error(e: image::ImageError) -> MediaError {
    match e {
        image::ImageError::Unsupported(_) => MediaError::NoDecoder,
        other => MediaError::Corrupt(other.to_string()),
    }
}

/// Makes all derivatives from pixels the browser decoded (`createImageBitmap`, for what our decoders
/// cannot read) or a video's poster frame, which arrive with orientation already applied.
pub fn derive_from_rgba(rgba: Rgba) -> Result<Derivatives, MediaError> {
    let image = crate::print::rgb_from_rgba(rgba)?;
    let size = image.dimensions();
    Ok(derive_from_upright(image, size))
}

/// Decodes at the smallest DCT scale that still covers `edge`; returns the pixels and the full size.
fn decode_jpeg_scaled(
    bytes: &[u8],
    edge: u32,
    limits: &DecodeLimits,
) -> Result<(RgbImage, (u32, u32), Colour), MediaError> {
    let corrupt = |e: jpeg_decoder::Error| MediaError::Corrupt(e.to_string());
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(limits.max_alloc.min(usize::MAX as u64) as usize);
    decoder.read_info().map_err(corrupt)?;
    let info = decoder.info().ok_or_else(|| MediaError::Corrupt("no JPEG header".into()))?;
    check_area(info.width.into(), info.height.into(), limits)?;
    let colour = Colour::of(decoder.icc_profile(), bytes);
    let (want_w, want_h) = fit_within(info.width.into(), info.height.into(), edge);
    let (w, h) = decoder.scale(want_w as u16, want_h as u16).map_err(corrupt)?;
    let pixels = decoder.decode().map_err(corrupt)?;
    let (w, h) = (w as u32, h as u32);
    let rgb: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&l| [l, l, l]).collect(),
        jpeg_decoder::PixelFormat::L16 => pixels.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0]]).collect(),
        jpeg_decoder::PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|p| {
                // Adobe CMYK JPEGs store inverted values; jpeg-decoder hands them back as stored.
                let k = p[3] as u32;
                [(p[0] as u32 * k / 255) as u8, (p[1] as u32 * k / 255) as u8, (p[2] as u32 * k / 255) as u8]
            })
            .collect(),
    };
    let image = RgbImage::from_raw(w, h, rgb)
        .ok_or_else(|| MediaError::Corrupt("decoded size does not match the header".into()))?;
    Ok((image, (info.width.into(), info.height.into()), colour))
}

/// The derivatives from upright sRGB pixels of at least preview size (or the whole photo if smaller).
fn derive_from_upright(image: RgbImage, display_size: (u32, u32)) -> Derivatives {
    let preview = fit(image, PREVIEW_EDGE);
    let (tw, th) = fit_within(preview.width(), preview.height(), THUMBNAIL_EDGE);
    let thumbnail = shrink(&preview, tw, th);
    let (hw, hh) = fit_within(tw, th, 100);
    let tiny = DynamicImage::ImageRgb8(shrink(&thumbnail, hw, hh)).into_rgba8();
    let hash = thumbhash::rgba_to_thumb_hash(tiny.width() as usize, tiny.height() as usize, tiny.as_raw());
    Derivatives {
        thumbnail_size: (thumbnail.width(), thumbnail.height()),
        // Thumbnails stay untagged (sRGB by default): the profile would be a few percent of each.
        thumbnail: encode_jpeg(&thumbnail, 80, None),
        preview_size: (preview.width(), preview.height()),
        preview: encode_jpeg(&preview, 85, Some(crate::colour::srgb_icc())),
        placeholder: base64::engine::general_purpose::STANDARD.encode(hash),
        display_size,
        colour_note: None,
    }
}

/// `image` shrunk to fit within `edge`, or as it is if it already does.
fn fit(image: RgbImage, edge: u32) -> RgbImage {
    let (w, h) = fit_within(image.width(), image.height(), edge);
    if (w, h) == image.dimensions() { image } else { shrink(&image, w, h) }
}

fn shrink(image: &RgbImage, width: u32, height: u32) -> RgbImage {
    let pixels = crate::resample::resize(
        image.as_raw(),
        image.width() as usize,
        image.height() as usize,
        3,
        width as usize,
        height as usize,
    );
    RgbImage::from_raw(width, height, pixels).expect("resize returns a full buffer")
}

/// A JPEG with full-resolution colour: halving it (4:2:0, the encoder's default below quality 90)
/// smears saturated edges, and measured against libheif and littleCMS it took a HEIC's thumbnail
/// below 32 dB and a detailed photo's preview past a mean ΔE of 1.5. Previews are 10–35% larger.
fn encode_jpeg(rgb: &RgbImage, quality: u8, icc: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_4_4);
    if let Some(icc) = icc {
        encoder.add_icc_profile(icc).expect("a profile of a few hundred bytes fits one APP2 segment");
    }
    // Sizes are bounded by PREVIEW_EDGE, far below the encoder's 65535 limit, and the buffer is exact.
    encoder
        .encode(rgb.as_raw(), rgb.width() as u16, rgb.height() as u16, jpeg_encoder::ColorType::Rgb)
        .expect("encoding a bounded RGB buffer into memory cannot fail");
    out
}

/// Checks a derivative sent by a client: a JPEG that decodes, of the declared size, within `edge`.
pub fn verify_jpeg(bytes: &[u8], declared: (u32, u32), edge: u32) -> Result<(), MediaError> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(64 << 20);
    decoder.read_info().map_err(|e| MediaError::Corrupt(e.to_string()))?;
    let info = decoder.info().ok_or_else(|| MediaError::Corrupt("no JPEG header".into()))?;
    let size = (info.width as u32, info.height as u32);
    if size != declared || size.0.max(size.1) > edge {
        return Err(MediaError::Corrupt(format!(
            "derivative is {}×{}, declared {}×{}",
            size.0, size.1, declared.0, declared.1
        )));
    }
    decoder.decode().map_err(|e| MediaError::Corrupt(e.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn thumbnails_keep_aspect_and_bound(w in 1u32..60_000, h in 1u32..60_000, edge in 16u32..2048) {
            let (tw, th) = fit_within(w, h, edge);
            prop_assert!(tw >= 1 && th >= 1);
            prop_assert!(tw.max(th) <= edge);
            prop_assert!(tw <= w && th <= h);
            // Rounding to whole pixels moves the ratio by at most one pixel on the short side.
            let ratio = w as f64 / h as f64;
            if w >= h {
                prop_assert!((tw as f64 / ratio - th as f64).abs() <= 1.0);
            } else {
                prop_assert!((th as f64 * ratio - tw as f64).abs() <= 1.0);
            }
        }
    }

    #[test]
    fn derivatives_of_a_synthetic_photo() {
        let image = RgbImage::from_fn(3000, 2000, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let decoded = Decoded {
            image,
            stored: (3000, 2000),
            orientation: Orientation::from_exif(6),
            colour: Colour::Srgb,
        };
        let display_size = decoded.display_size();
        let (upright, colour_note) = decoded.fitted(PREVIEW_EDGE).upright_srgb();
        assert_eq!(colour_note, None);
        let d = derive_from_upright(upright, display_size);
        assert_eq!(d.display_size, (2000, 3000));
        assert_eq!(d.preview_size, (1067, 1600));
        assert_eq!(d.thumbnail_size, (240, 360));
        verify_jpeg(&d.thumbnail, d.thumbnail_size, THUMBNAIL_EDGE).unwrap();
        assert!(verify_jpeg(&d.thumbnail, (1, 1), THUMBNAIL_EDGE).is_err());
        let hash = base64::engine::general_purpose::STANDARD.decode(&d.placeholder).unwrap();
        assert!(thumbhash::thumb_hash_to_average_rgba(&hash).is_ok());
    }
}
