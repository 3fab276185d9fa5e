//! Colour: every photo leaves this crate as sRGB, the space browsers and print labs assume for an
//! untagged JPEG. What a photo's stored numbers mean comes from its ICC profile, or for HEIF from its
//! CICP code points (`nclx`); moxcms converts. Its portable code only (no default features): the
//! browser's wasm and a native build must give the same pixels, and its SIMD paths round differently.

use crate::MediaFormat;
use image::RgbImage;
use moxcms::{
    Chromaticity, ColorDateTime, ColorPrimaries, ColorProfile, Layout, ProfileText, ToneReprCurve,
    TransformOptions, XyY,
};

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
        MediaFormat::Heic => {
            let metadata = heic_decoder::read_metadata(bytes).ok()?;
            crate::heic::colour(metadata.icc_profile, metadata.color_info)
        }
        // Without `colr` the AV1 stream's own code points apply, which only decoding reads: sRGB's
        // are by far the most common there.
        MediaFormat::Avif => {
            let heif = crate::bmff::Heif::parse(bytes)?;
            crate::avif::colour(&heif, heif.primary).unwrap_or_default()
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
    /// ITU-T H.273 colour primaries and transfer characteristics, as HEIF's `nclx` and PNG's `cICP`
    /// give them.
    Cicp { primaries: u16, transfer: u16 },
    /// PNG's `gAMA` (the encoding gamma × 100,000) and `cHRM` (white, red, green, blue x and y, each
    /// × 100,000), for PNGs with neither a profile nor an `sRGB` chunk.
    PngGamma { gamma: u32, chromaticities: Option<[u32; 8]> },
}

impl Colour {
    /// A still image's colours: its embedded profile, else what its other headers declare (in the
    /// PNG specification's order of precedence: `cICP`, `iCCP`, `sRGB`, `gAMA` and `cHRM`), else what
    /// its EXIF declares.
    pub(crate) fn of(icc: Option<Vec<u8>>, bytes: &[u8]) -> Self {
        let png = png_colour(bytes);
        if let Some(cicp @ Self::Cicp { .. }) = png {
            return cicp;
        }
        if let Some(icc) = icc {
            return Self::Icc(icc);
        }
        if let Some(png) = png {
            return png;
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
            Self::PngGamma { gamma, chromaticities } if png_means_srgb(*gamma, *chromaticities) => {
                "sRGB".into()
            }
            Self::PngGamma { gamma, .. } => format!("gamma {:.2}", 100_000.0 / f64::from(*gamma)),
        }
    }
}

/// PNG's colour chunks but `iCCP`, which the decoder reads: `cICP`, `sRGB`, `gAMA` and `cHRM`.
/// They come before the image data, so the walk stops there.
fn png_colour(bytes: &[u8]) -> Option<Colour> {
    let mut rest = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let (mut gamma, mut chromaticities, mut srgb) = (None, None, false);
    while rest.len() >= 12 {
        let length = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let Some(body) = 8usize.checked_add(length).and_then(|end| rest.get(8..end)) else { break };
        let be = |at: usize| u32::from_be_bytes([body[at], body[at + 1], body[at + 2], body[at + 3]]);
        match &rest[4..8] {
            b"cICP" if length == 4 => {
                return Some(Colour::Cicp { primaries: body[0].into(), transfer: body[1].into() });
            }
            b"sRGB" => srgb = true,
            b"gAMA" if length == 4 => gamma = Some(be(0)).filter(|&g| g > 0),
            b"cHRM" if length == 32 => chromaticities = Some(std::array::from_fn(|i| be(4 * i))),
            b"IDAT" => break,
            _ => {}
        }
        let Some(next) = rest.get(length + 12..) else { break };
        rest = next;
    }
    if srgb {
        return Some(Colour::Srgb);
    }
    gamma.map(|gamma| Colour::PngGamma { gamma, chromaticities })
}

/// Whether a PNG's `gAMA` and `cHRM` describe sRGB as nearly as those chunks can (gamma 1/2.2 and
/// sRGB's primaries): what writers mean by them, and how browsers and Pillow show them.
fn png_means_srgb(gamma: u32, chromaticities: Option<[u32; 8]>) -> bool {
    const SRGB_CHROMATICITIES: [u32; 8] = [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000];
    let srgb_primaries =
        chromaticities.is_none_or(|c| c.iter().zip(SRGB_CHROMATICITIES).all(|(a, b)| a.abs_diff(b) <= 1000));
    srgb_primaries && gamma.abs_diff(45455) <= 500
}

/// The profile a PNG's `gAMA` and `cHRM` describe; `None` where they mean sRGB.
fn png_gamma_profile(gamma: u32, chromaticities: Option<[u32; 8]>) -> Option<ColorProfile> {
    if png_means_srgb(gamma, chromaticities) {
        return None;
    }
    let mut profile = ColorProfile::new_srgb();
    if let Some(c) = chromaticities {
        let xy = |at: usize| Chromaticity { x: c[at] as f32 / 1e5, y: c[at + 1] as f32 / 1e5 };
        let white = xy(0);
        profile.update_rgb_colorimetry(
            XyY { x: white.x.into(), y: white.y.into(), yb: 1.0 },
            ColorPrimaries { red: xy(2), green: xy(4), blue: xy(6) },
        );
    }
    profile.cicp = None;
    let curve = ToneReprCurve::Parametric(vec![100_000.0 / gamma as f32]);
    (profile.red_trc, profile.green_trc, profile.blue_trc) =
        (Some(curve.clone()), Some(curve.clone()), Some(curve));
    Some(profile)
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

/// The sRGB profile previews and print files carry, so that a lab or a colour-managed viewer knows
/// rather than assumes what their numbers mean: moxcms's sRGB (ICC v4, parametric curves), 616 bytes.
pub(crate) fn srgb_icc() -> &'static [u8] {
    static PROFILE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    PROFILE.get_or_init(|| {
        let mut srgb = ColorProfile::new_srgb();
        // moxcms stamps a profile with the time it is made; the same photo must give the same file
        // whenever and wherever it is rendered (the wasm test compares prints byte for byte).
        srgb.creation_date_time =
            ColorDateTime { year: 2026, month: 12, day_of_the_month: 1, hours: 0, minutes: 0, seconds: 0 };
        srgb.encode().expect("moxcms encodes its own sRGB profile")
    })
}

/// Converts `image` to sRGB in place. A profile that does not parse, or that does not describe RGB
/// (a CMYK or grey profile left on pixels the decoder already made RGB), leaves the pixels as they
/// are: shown unconverted is better than not shown. Then the answer says why, for the caller's log.
pub(crate) fn to_srgb(image: &mut RgbImage, colour: &Colour) -> Option<String> {
    let source = match source_profile(colour) {
        Ok(Some(source)) => source,
        Ok(None) => return None,
        Err(why) => return Some(why),
    };
    let transform = match source.create_transform_8bit(
        Layout::Rgb,
        &ColorProfile::new_srgb(),
        Layout::Rgb,
        TransformOptions::default(),
    ) {
        Ok(transform) => transform,
        Err(e) => {
            return Some(format!("its colour profile cannot be converted to sRGB ({e}); shown as stored"));
        }
    };
    // Most cameras and editors embed sRGB's own profile: converting would only add rounding. Judged by
    // what the profile does to the primaries' ramps and the greys, not by its name.
    let probe: Vec<u8> = (0..=255u8).flat_map(|v| [v, 0, 0, 0, v, 0, 0, 0, v, v, v, v]).collect();
    let mut probed = vec![0u8; probe.len()];
    if transform.transform(&probe, &mut probed).is_err()
        || probe.iter().zip(&probed).all(|(a, b)| a.abs_diff(*b) <= 1)
    {
        return None;
    }
    let mut out = vec![0u8; image.as_raw().len()];
    match transform.transform(image.as_raw(), &mut out) {
        Ok(()) => {
            image.copy_from_slice(&out);
            None
        }
        Err(e) => Some(format!("its colours could not be converted to sRGB ({e}); shown as stored")),
    }
}

/// The profile to convert from: none for sRGB, an error for a description that cannot be used.
fn source_profile(colour: &Colour) -> Result<Option<ColorProfile>, String> {
    match colour {
        Colour::Srgb => Ok(None),
        Colour::Icc(icc) => ColorProfile::new_from_slice(icc)
            .map(Some)
            .map_err(|e| format!("its ICC profile cannot be read ({e}); shown as stored")),
        Colour::AdobeRgb => Ok(Some(ColorProfile::new_adobe_rgb())),
        Colour::Cicp { primaries, transfer } => {
            // Only SDR transfers whose curve is sRGB's, or close enough that phones label them so
            // (BT.709 and BT.601 in stills are encoded for sRGB displays). HDR (PQ, HLG) needs tone
            // mapping, not a profile, and is left as it is.
            let unsupported =
                || format!("colour primaries {primaries} with transfer {transfer} are not converted");
            if !matches!(transfer, 1 | 2 | 6 | 13) {
                return Err(unsupported());
            }
            match primaries {
                1 | 2 => Ok(None),
                12 => Ok(Some(ColorProfile::new_display_p3())),
                9 => Ok(Some(ColorProfile::new_bt2020())),
                _ => Err(unsupported()),
            }
        }
        Colour::PngGamma { gamma, chromaticities } => Ok(png_gamma_profile(*gamma, *chromaticities)),
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
        assert_eq!(to_srgb(&mut image, &Colour::Icc(srgb)), None);
        let hdr = to_srgb(&mut image, &Colour::Cicp { primaries: 9, transfer: 16 });
        assert!(hdr.is_some_and(|why| why.contains("transfer 16")));
        let unreadable = to_srgb(&mut image, &Colour::Icc(b"not a profile".to_vec()));
        assert!(unreadable.is_some_and(|why| why.contains("cannot be read")));
        assert_eq!(image, before);
    }

    #[test]
    fn the_embedded_profile_is_srgb_and_dated_once_for_all() {
        let icc = srgb_icc();
        assert_eq!(&icc[24..36], &[0x07, 0xea, 0, 12, 0, 1, 0, 0, 0, 0, 0, 0]);
        let mut image = RgbImage::from_fn(16, 16, |x, y| image::Rgb([x as u8 * 16, y as u8 * 16, 77]));
        let before = image.clone();
        assert_eq!(to_srgb(&mut image, &Colour::Icc(icc.to_vec())), None);
        assert_eq!(image, before);
    }

    /// A PNG: signature, then the given chunks (CRCs are not checked here), then IDAT.
    fn png(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        for (kind, body) in chunks.iter().chain([&(b"IDAT", &[0u8; 3][..])]) {
            bytes.extend_from_slice(&(body.len() as u32).to_be_bytes());
            bytes.extend_from_slice(*kind);
            bytes.extend_from_slice(body);
            bytes.extend_from_slice(&[0; 4]);
        }
        bytes
    }

    #[test]
    fn png_colour_chunks_in_their_order_of_precedence() {
        let gamma = |g: u32| g.to_be_bytes();
        let srgb_chrm: Vec<u8> = [31270u32, 32900, 64000, 33000, 30000, 60000, 15000, 6000]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        let cicp = png(&[(b"gAMA", &gamma(100_000)), (b"cICP", &[12, 13, 0, 1])]);
        assert_eq!(Colour::of(Some(b"icc".to_vec()), &cicp), Colour::Cicp { primaries: 12, transfer: 13 });
        assert_eq!(Colour::of(None, &png(&[(b"sRGB", &[0]), (b"gAMA", &gamma(100_000))])), Colour::Srgb);
        // What most writers mean by gAMA and cHRM is sRGB: shown as it is, named so.
        let as_srgb = Colour::of(None, &png(&[(b"gAMA", &gamma(45455)), (b"cHRM", &srgb_chrm)]));
        assert_eq!(as_srgb.name(), "sRGB");
        // A linear PNG's mid grey is sRGB's 188.
        let linear = Colour::of(None, &png(&[(b"gAMA", &gamma(100_000))]));
        assert_eq!(linear.name(), "gamma 1.00");
        let mut grey = RgbImage::from_pixel(1, 1, image::Rgb([128, 128, 128]));
        assert_eq!(to_srgb(&mut grey, &linear), None);
        assert!(grey.get_pixel(0, 0).0.iter().all(|&v| v.abs_diff(188) <= 1), "{:?}", grey.get_pixel(0, 0));
        // Cut short in a chunk: what came before still counts.
        let mut cut = png(&[(b"sRGB", &[0])]);
        cut.truncate(cut.len() - 10);
        assert_eq!(png_colour(&cut), Some(Colour::Srgb));
    }
}
