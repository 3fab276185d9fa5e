//! Colour: every photo leaves this crate as sRGB, the space browsers and print labs assume for an
//! untagged JPEG. What a photo's stored numbers mean comes from its ICC profile, or for HEIF from its
//! CICP code points (`nclx`); moxcms converts. Its portable code only (no default features): the
//! browser's wasm and a native build must give the same pixels, and its SIMD paths round differently.

use crate::MediaFormat;
use image::RgbImage;
use moxcms::{ColorProfile, Layout, ProfileText, TransformOptions};

/// The colour space a still says it is in, read from its headers without decoding any pixel, as
/// `keepsake inspect` reports it: the ICC profile's own name, "Display P3" for HEIF's code points,
/// "Adobe RGB (EXIF)", or "sRGB" for a photo that says nothing (which means sRGB). `None` where the
/// headers cannot be read, and for videos.
pub fn colour_space(format: MediaFormat, bytes: &[u8]) -> Option<String> {
    let colour = match format {
        MediaFormat::Jpeg => {
            let mut decoder = jpeg_decoder::Decoder::new(bytes);
            decoder.read_info().ok()?;
            Colour::of(decoder.icc_profile(), bytes)
        }
        MediaFormat::Heic | MediaFormat::Avif => {
            let metadata = heic_decoder::read_metadata(bytes).ok()?;
            crate::heic::colour(metadata.icc_profile, metadata.color_info)
        }
        other => {
            let format = crate::render::image_format(other)?;
            let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
            let mut decoder = reader.into_decoder().ok()?;
            Colour::of(image::ImageDecoder::icc_profile(&mut decoder).ok().flatten(), bytes)
        }
    };
    Some(colour.name())
}

/// What a decoded photo says its colours are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Colour {
    /// Untagged, or tagged as sRGB: nothing to do.
    #[default]
    Srgb,
    /// An embedded ICC profile (Display P3 from phones, Adobe RGB from cameras, …).
    Icc(Vec<u8>),
    /// Adobe RGB declared by EXIF alone, as cameras set to it do (see [`Colour::of`]).
    AdobeRgb,
    /// ITU-T H.273 colour primaries and transfer characteristics, as HEIF's `nclx` gives them.
    Cicp { primaries: u16, transfer: u16 },
}

impl Colour {
    /// A still image's colours: its embedded profile, else what its EXIF declares.
    pub(crate) fn of(icc: Option<Vec<u8>>, bytes: &[u8]) -> Self {
        if let Some(icc) = icc {
            return Self::Icc(icc);
        }
        match crate::exif_read::colour(bytes) {
            crate::exif_read::ExifColour { tiff_icc_profile: Some(icc), .. } => Self::Icc(icc),
            crate::exif_read::ExifColour { adobe_rgb: true, .. } => Self::AdobeRgb,
            _ => Self::Srgb,
        }
    }
}

impl Colour {
    fn name(&self) -> String {
        match self {
            Self::Srgb => "sRGB".into(),
            Self::Icc(icc) => ColorProfile::new_from_slice(icc)
                .ok()
                .and_then(|profile| profile.description.as_ref().and_then(profile_text))
                .unwrap_or_else(|| "an unreadable ICC profile".into()),
            Self::AdobeRgb => "Adobe RGB (EXIF)".into(),
            Self::Cicp { primaries, .. } => match primaries {
                1 | 2 => "sRGB".into(),
                12 => "Display P3".into(),
                9 => "BT.2020".into(),
                other => format!("CICP colour primaries {other}"),
            },
        }
    }
}

fn profile_text(text: &ProfileText) -> Option<String> {
    let name = match text {
        ProfileText::PlainString(s) => s.clone(),
        ProfileText::Localizable(strings) => strings.first()?.value.clone(),
        ProfileText::Description(d) => d.ascii_string.clone(),
    };
    let name = name.trim_matches(|c: char| c.is_whitespace() || c == '\0').to_string();
    (!name.is_empty()).then_some(name)
}

/// Converts `image` to sRGB in place. A profile that does not parse, or that does not describe RGB
/// (a CMYK or grey profile left on pixels the decoder already made RGB), leaves the pixels as they
/// are: shown unconverted is better than not shown.
pub(crate) fn to_srgb(image: &mut RgbImage, colour: &Colour) {
    let Some(source) = source_profile(colour) else {
        return;
    };
    let Ok(transform) = source.create_transform_8bit(
        Layout::Rgb,
        &ColorProfile::new_srgb(),
        Layout::Rgb,
        TransformOptions::default(),
    ) else {
        return;
    };
    // Most cameras and editors embed sRGB's own profile: converting would only add rounding. Judged by
    // what the profile does to the primaries' ramps and the greys, not by its name.
    let probe: Vec<u8> = (0..=255u8).flat_map(|v| [v, 0, 0, 0, v, 0, 0, 0, v, v, v, v]).collect();
    let mut probed = vec![0u8; probe.len()];
    if transform.transform(&probe, &mut probed).is_err()
        || probe.iter().zip(&probed).all(|(a, b)| a.abs_diff(*b) <= 1)
    {
        return;
    }
    let mut out = vec![0u8; image.as_raw().len()];
    if transform.transform(image.as_raw(), &mut out).is_ok() {
        image.copy_from_slice(&out);
    }
}

fn source_profile(colour: &Colour) -> Option<ColorProfile> {
    match colour {
        Colour::Srgb => None,
        Colour::Icc(icc) => ColorProfile::new_from_slice(icc).ok(),
        Colour::AdobeRgb => Some(ColorProfile::new_adobe_rgb()),
        Colour::Cicp { primaries, transfer } => {
            // Only SDR transfers whose curve is sRGB's, or close enough that phones label them so
            // (BT.709 and BT.601 in stills are encoded for sRGB displays). HDR (PQ, HLG) needs tone
            // mapping, not a profile, and is left as it is.
            if !matches!(transfer, 1 | 2 | 6 | 13) {
                return None;
            }
            match primaries {
                12 => Some(ColorProfile::new_display_p3()),
                9 => Some(ColorProfile::new_bt2020()),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_p3_red_is_outside_srgb_and_clips_to_its_red() {
        let mut image = RgbImage::from_pixel(1, 1, image::Rgb([255, 0, 0]));
        to_srgb(&mut image, &Colour::Cicp { primaries: 12, transfer: 13 });
        assert_eq!(image.get_pixel(0, 0).0, [255, 0, 0]);
        // A mid grey stays grey: both spaces share D65 white and the sRGB curve.
        let mut grey = RgbImage::from_pixel(1, 1, image::Rgb([128, 128, 128]));
        to_srgb(&mut grey, &Colour::Cicp { primaries: 12, transfer: 13 });
        assert!(grey.get_pixel(0, 0).0.iter().all(|&v| v.abs_diff(128) <= 1));
        // A muted P3 green becomes a more saturated sRGB green.
        let mut green = RgbImage::from_pixel(1, 1, image::Rgb([100, 180, 100]));
        to_srgb(&mut green, &Colour::Cicp { primaries: 12, transfer: 13 });
        let [r, g, b] = green.get_pixel(0, 0).0;
        assert!(r < 100 && g > 180 && b < 100, "{r} {g} {b}");
    }

    #[test]
    fn srgb_profiles_and_hdr_are_left_alone() {
        let srgb = ColorProfile::new_srgb().encode().unwrap();
        let mut image = RgbImage::from_fn(16, 16, |x, y| image::Rgb([x as u8 * 16, y as u8 * 16, 77]));
        let before = image.clone();
        to_srgb(&mut image, &Colour::Icc(srgb));
        to_srgb(&mut image, &Colour::Cicp { primaries: 9, transfer: 16 });
        to_srgb(&mut image, &Colour::Icc(b"not a profile".to_vec()));
        assert_eq!(image, before);
    }
}
