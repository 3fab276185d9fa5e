//! Print rendering: the print-ready JPEG itself, laid out by [`keepsake_api::print_layout`].
//!
//! The browser's worker renders every print of an order with this code (in wasm) from the original, and
//! its live previews with the same [`layout`] at a lower resolution, so the preview is the print.
//! Everything is integer arithmetic or exactly rounded floating point (`+ − × ÷`, `sqrt`, `floor`),
//! so wasm and native builds write byte-identical files; a test in headless Chromium checks that.

use crate::{DecodeLimits, MediaError, MediaFormat, Rgba, colour::Colour, render};
use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
pub use image::RgbImage;
use image::metadata::Orientation;
pub use keepsake_api::print_layout::*;
use keepsake_api::{PRINT_DPI, PriceList, PrintLine};

/// JPEG quality of print files: past the point where a lab's printer could show the difference.
const PRINT_QUALITY: u8 = 92;
/// Caption text height as a share of the band.
const CAPTION_TEXT_SHARE: f32 = 0.42;
const CAPTION_INK: [u8; 3] = [40, 40, 40];

/// A caption as it will be set: the text (shortened with "…" if even the smallest size is too wide),
/// its size, and where each glyph's ink falls.
struct SetCaption {
    glyphs: Vec<ab_glyph::Glyph>,
}

fn set_caption(font: &FontRef, text: &str, band: &Rect) -> SetCaption {
    let margin = band.height as f32 * 0.5;
    let room = (band.width as f32 - 2.0 * margin).max(1.0);
    let mut px = band.height as f32 * CAPTION_TEXT_SHARE;
    let min_px = (band.height as f32 * 0.2).max(1.0);
    let mut chars: Vec<char> = text.trim().chars().filter(|c| !c.is_control()).collect();
    let mut shortened = false;
    loop {
        let shown: String = chars.iter().chain(shortened.then_some(&'…')).collect();
        let width = advance_width(font, &shown, px);
        if width <= room {
            return SetCaption { glyphs: place_glyphs(font, &shown, px, band, width) };
        }
        if px > min_px {
            px = (px * room / width).floor().max(min_px);
        } else if chars.pop().is_some() {
            shortened = true;
        } else {
            return SetCaption { glyphs: Vec::new() };
        }
    }
}

fn advance_width(font: &FontRef, text: &str, px: f32) -> f32 {
    let scaled = font.as_scaled(PxScale::from(px));
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

fn place_glyphs(font: &FontRef, text: &str, px: f32, band: &Rect, width: f32) -> Vec<ab_glyph::Glyph> {
    let scaled = font.as_scaled(PxScale::from(px));
    // Centred; the baseline sits so ascender and descender are centred in the band.
    let mut x = (band.x as f32 + (band.width as f32 - width) / 2.0).floor();
    let baseline = (band.y as f32 + (band.height as f32 + scaled.ascent() + scaled.descent()) / 2.0).floor();
    let mut glyphs = Vec::new();
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            x += scaled.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(PxScale::from(px), ab_glyph::point(x, baseline)));
        x += scaled.h_advance(id);
        previous = Some(id);
    }
    glyphs
}

/// The pixels a caption's glyphs cover, for tests: every one must fall inside the band.
pub fn caption_ink_bounds(font: &[u8], text: &str, band: &Rect) -> Option<Rect> {
    let font = FontRef::try_from_slice(font).ok()?;
    let set = set_caption(&font, text, band);
    let mut bounds: Option<(f32, f32, f32, f32)> = None;
    for glyph in set.glyphs {
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            bounds = Some(match bounds {
                None => (b.min.x, b.min.y, b.max.x, b.max.y),
                Some((x0, y0, x1, y1)) => {
                    (x0.min(b.min.x), y0.min(b.min.y), x1.max(b.max.x), y1.max(b.max.y))
                }
            });
        }
    }
    bounds.map(|(x0, y0, x1, y1)| Rect {
        x: x0.max(0.0) as u32,
        y: y0.max(0.0) as u32,
        width: (x1 - x0.max(0.0)).ceil() as u32,
        height: (y1 - y0.max(0.0)).ceil() as u32,
    })
}

/// Draws the print: white paper, the cut-out of `source` scaled into the window, the caption.
///
/// `source` is the photo as displayed (oriented) at any scale — the original for the file, the preview
/// for the live preview — and `photo` its full displayed size, which the layout's crop refers to.
pub fn render(
    layout: &PrintLayout,
    source: &RgbImage,
    photo: (u32, u32),
    caption: Option<&str>,
    font: Option<&[u8]>,
) -> RgbImage {
    let mut canvas = RgbImage::from_pixel(layout.width, layout.height, image::Rgb([255, 255, 255]));
    let (sw, sh) = (source.width(), source.height());
    // The crop in the source's pixels: the same fractions of the photo at whatever scale it is.
    let map = |v: u32, from: u32, to: u32| (u64::from(v) * u64::from(to) / u64::from(from.max(1))) as u32;
    let x0 = map(layout.crop.x, photo.0, sw).min(sw - 1);
    let y0 = map(layout.crop.y, photo.1, sh).min(sh - 1);
    let x1 = map(layout.crop.right(), photo.0, sw).clamp(x0 + 1, sw);
    let y1 = map(layout.crop.bottom(), photo.1, sh).clamp(y0 + 1, sh);
    let (cw, ch) = ((x1 - x0) as usize, (y1 - y0) as usize);
    let mut cut = Vec::with_capacity(cw * ch * 3);
    for row in source.as_raw().chunks_exact(sw as usize * 3).skip(y0 as usize).take(ch) {
        cut.extend_from_slice(&row[x0 as usize * 3..][..cw * 3]);
    }
    let window = layout.window;
    let scaled = crate::resample::resize(&cut, cw, ch, 3, window.width as usize, window.height as usize);
    let canvas_w = layout.width as usize * 3;
    for (row, line) in scaled.chunks_exact(window.width as usize * 3).enumerate() {
        let at = (window.y as usize + row) * canvas_w + window.x as usize * 3;
        canvas.as_mut()[at..][..line.len()].copy_from_slice(line);
    }
    if let (Some(band), Some(text), Some(Ok(font))) =
        (layout.caption, caption, font.map(FontRef::try_from_slice))
    {
        draw_caption(&mut canvas, &font, text, &band);
    }
    canvas
}

fn draw_caption(canvas: &mut RgbImage, font: &FontRef, text: &str, band: &Rect) {
    for glyph in set_caption(font, text, band).glyphs {
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let x = bounds.min.x as i64 + i64::from(gx);
            let y = bounds.min.y as i64 + i64::from(gy);
            // Ink never leaves the band, whatever the font's overshoots.
            if x < i64::from(band.x)
                || y < i64::from(band.y)
                || x >= i64::from(band.right())
                || y >= i64::from(band.bottom())
            {
                return;
            }
            let alpha = (coverage.clamp(0.0, 1.0) * 255.0).round() as u32;
            let pixel = canvas.get_pixel_mut(x as u32, y as u32);
            for (channel, ink) in pixel.0.iter_mut().zip(CAPTION_INK) {
                *channel = ((u32::from(*channel) * (255 - alpha) + u32::from(ink) * alpha + 127) / 255) as u8;
            }
        });
    }
}

/// An EXIF block saying what a print lab reads: 300 pixels per inch and the sRGB colour space.
fn exif_block() -> Vec<u8> {
    // Big-endian TIFF: IFD0 has XResolution, YResolution, ResolutionUnit and the Exif IFD pointer; the
    // Exif IFD has ColorSpace = 1 (sRGB). Offsets are from the TIFF header.
    let mut t: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&kind.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value.to_be_bytes());
    };
    // IFD0: 2 + 4×12 + 4 bytes from offset 8 → 62; the two rationals follow at 62 and 70; the Exif IFD at 78.
    t.extend_from_slice(&4u16.to_be_bytes());
    entry(&mut t, 0x011a, 5, 1, 62);
    entry(&mut t, 0x011b, 5, 1, 70);
    entry(&mut t, 0x0128, 3, 1, 2 << 16); // inches; a SHORT sits in the value's first two bytes
    entry(&mut t, 0x8769, 4, 1, 78);
    t.extend_from_slice(&0u32.to_be_bytes());
    for _ in 0..2 {
        t.extend_from_slice(&PRINT_DPI.to_be_bytes());
        t.extend_from_slice(&1u32.to_be_bytes());
    }
    t.extend_from_slice(&1u16.to_be_bytes());
    entry(&mut t, 0xa001, 3, 1, 1 << 16);
    t.extend_from_slice(&0u32.to_be_bytes());
    let mut block = b"Exif\0\0".to_vec();
    block.extend_from_slice(&t);
    block
}

/// Encodes a rendered print: baseline JPEG, 300 DPI in the JFIF header and in EXIF, marked sRGB in
/// EXIF and by an embedded sRGB profile, which labs look for.
pub fn encode_print(print: &RgbImage) -> Result<Vec<u8>, MediaError> {
    let (w, h) = (u16::try_from(print.width()), u16::try_from(print.height()));
    let (Ok(w), Ok(h)) = (w, h) else {
        return Err(MediaError::TooLarge { width: print.width(), height: print.height() });
    };
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, PRINT_QUALITY);
    encoder.set_density(jpeg_encoder::PixelDensity::dpi(PRINT_DPI as u16));
    encoder.add_app_segment(1, exif_block()).expect("a short, valid APP1 segment");
    encoder
        .add_icc_profile(crate::colour::srgb_icc())
        .expect("a profile of a few hundred bytes fits one APP2 segment");
    encoder
        .encode(print.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| MediaError::Corrupt(e.to_string()))?;
    Ok(out)
}

/// The photo at full resolution, upright and in sRGB: what prints are rendered from.
pub fn decode_upright(
    format: MediaFormat,
    bytes: &[u8],
    orientation: Option<u8>,
    limits: &DecodeLimits,
) -> Result<RgbImage, MediaError> {
    let decoded = match format {
        MediaFormat::Jpeg => {
            let (image, icc) = decode_jpeg_portably(bytes, limits)?;
            render::Decoded {
                stored: image.dimensions(),
                image,
                orientation: orientation.and_then(Orientation::from_exif),
                colour: Colour::of(icc, bytes),
            }
        }
        other => render::decode(other, bytes, orientation, u32::MAX, limits)?,
    };
    // A colour note was logged when the photo was taken in; the print shows it as the preview does.
    Ok(decoded.upright_srgb().0)
}

/// Pixels the browser decoded (AVIF), upright already, without their alpha.
pub fn rgb_from_rgba(rgba: Rgba) -> Result<RgbImage, MediaError> {
    let Rgba { width, height, pixels } = rgba;
    if pixels.len() != width as usize * height as usize * 4 {
        return Err(MediaError::Corrupt("pixel buffer does not match its size".into()));
    }
    let rgb = pixels.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    RgbImage::from_raw(width, height, rgb)
        .ok_or_else(|| MediaError::Corrupt("pixel buffer does not match its size".into()))
}

/// A rendered print as canvas pixels (RGBA, opaque), for the live preview.
pub fn to_rgba(print: &RgbImage) -> Vec<u8> {
    print.as_raw().chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect()
}

/// A JPEG at full size with integer, platform-independent code: the same pixels in every build.
/// The pixels and the embedded ICC profile.
fn decode_jpeg_portably(
    bytes: &[u8],
    limits: &DecodeLimits,
) -> Result<(RgbImage, Option<Vec<u8>>), MediaError> {
    use zune_jpeg::zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};
    let corrupt = |e: zune_jpeg::errors::DecodeErrors| MediaError::Corrupt(e.to_string());
    let options = DecoderOptions::default()
        .set_max_width(u16::MAX.into())
        .set_max_height(u16::MAX.into())
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(corrupt)?;
    let (w, h) = decoder.dimensions().ok_or_else(|| MediaError::Corrupt("no JPEG header".into()))?;
    let (w, h) = (w as u32, h as u32);
    if w == 0 || h == 0 {
        return Err(MediaError::Corrupt("the image has no pixels".into()));
    }
    if u64::from(w) * u64::from(h) > limits.max_pixels || u64::from(w) * u64::from(h) * 3 > limits.max_alloc {
        return Err(MediaError::TooLarge { width: w, height: h });
    }
    let icc = decoder.icc_profile();
    let pixels = decoder.decode().map_err(corrupt)?;
    let image = RgbImage::from_raw(w, h, pixels)
        .ok_or_else(|| MediaError::Corrupt("decoded size does not match the header".into()))?;
    Ok((image, icc))
}

/// Lays out and renders one print file at 300 DPI from the upright original.
pub fn render_print_file(
    original: &RgbImage,
    request: &PrintRequest,
    font: Option<&[u8]>,
) -> Result<(PrintLayout, Vec<u8>), MediaError> {
    let photo = (original.width(), original.height());
    let request = PrintRequest { dpi: PRINT_DPI, ..*request };
    let layout = layout(&request, photo)?;
    let print = render(&layout, original, photo, request.caption, font);
    Ok((layout, encode_print(&print)?))
}

/// One print of a sample order (`app/worker/tests/print-sample.json`, a JSON list of these): which photo,
/// printed how. The native reference (`keepsake render-print`), the print bench and the wasm test
/// all render these.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Sample {
    pub file: String,
    pub line: PrintLine,
}

impl Sample {
    /// The print file from the photo's bytes, the whole way the browser's worker goes where this
    /// crate decodes the photo: read, decode upright, lay out, render, encode.
    pub fn render(
        &self,
        original: &[u8],
        prices: &PriceList,
        font: Option<&[u8]>,
    ) -> Result<(PrintLayout, Vec<u8>), MediaError> {
        let (format, meta) = crate::read_metadata(original)?;
        let upright = decode_upright(format, original, meta.orientation, &DecodeLimits::default())?;
        let request = PrintRequest::for_line(&self.line, prices).ok_or(PrintError::BadSize)?;
        render_print_file(&upright, &request, font)
    }
}

/// What a print file says about itself: its pixel size and its JFIF density in dots per inch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintFileInfo {
    pub width: u32,
    pub height: u32,
    pub dpi: Option<u32>,
}

/// Reads a print file's header (markers up to the first scan) without decoding any pixel.
pub fn print_file_info(bytes: &[u8]) -> Result<PrintFileInfo, MediaError> {
    let bad = |why: &str| MediaError::Corrupt(format!("not a usable print file: {why}"));
    if bytes.get(..2) != Some(&[0xff, 0xd8]) {
        return Err(bad("not a JPEG"));
    }
    let mut at = 2usize;
    let mut dpi = None;
    loop {
        let marker = match bytes.get(at..at + 2) {
            Some(&[0xff, m]) => m,
            _ => return Err(bad("the header is cut short")),
        };
        if marker == 0xff {
            at += 1; // fill byte
            continue;
        }
        let length = bytes.get(at + 2..at + 4).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])));
        let Some(length) = length.filter(|&l| l >= 2) else { return Err(bad("a segment has no length")) };
        let body = bytes.get(at + 4..at + 2 + length).ok_or_else(|| bad("a segment is cut short"))?;
        match marker {
            0xe0 if body.len() >= 12 && body.starts_with(b"JFIF\0") => {
                let (unit, x, y) = (
                    body[7],
                    u16::from_be_bytes([body[8], body[9]]),
                    u16::from_be_bytes([body[10], body[11]]),
                );
                dpi = match unit {
                    1 if x == y => Some(u32::from(x)),
                    2 if x == y => Some((u32::from(x) * 254 + 50) / 100),
                    _ => None,
                };
            }
            // Baseline, extended and progressive frames; 0xc4 (DHT) and 0xc8, 0xcc are not frames.
            0xc0..=0xcf if !matches!(marker, 0xc4 | 0xc8 | 0xcc) => {
                if body.len() < 5 {
                    return Err(bad("the frame header is cut short"));
                }
                let height = u32::from(u16::from_be_bytes([body[1], body[2]]));
                let width = u32::from(u16::from_be_bytes([body[3], body[4]]));
                return Ok(PrintFileInfo { width, height, dpi });
            }
            0xda | 0xd9 => return Err(bad("no frame header before the image data")),
            _ => {}
        }
        at += 2 + length;
    }
}

/// Checks an uploaded print file: its header says `expected` pixels at 300 DPI, and it decodes.
pub fn verify_print_file(bytes: &[u8], expected: (u32, u32)) -> Result<PrintFileInfo, MediaError> {
    let info = print_file_info(bytes)?;
    if (info.width, info.height) != expected {
        return Err(MediaError::Corrupt(format!(
            "the print file is {}×{} px; this print needs {}×{} px",
            info.width, info.height, expected.0, expected.1
        )));
    }
    if info.dpi != Some(PRINT_DPI) {
        return Err(MediaError::Corrupt(format!("the print file must say {PRINT_DPI} DPI")));
    }
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size((expected.0 as usize * expected.1 as usize * 4).max(1 << 20));
    decoder.decode().map_err(|e| MediaError::Corrupt(e.to_string()))?;
    Ok(info)
}

#[cfg(test)]
mod tests;
