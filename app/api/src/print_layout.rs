//! Where the photo, the white border and the caption go on a print of a given size, and which part of
//! the photo is cut out: the geometry the browser's live previews, the print file the browser renders
//! and the server's check of that file all share.
//!
//! Everything is integer arithmetic or exactly rounded floating point (`+ − × ÷`, `floor`), so wasm and
//! native builds lay out identically.

use crate::{Crop, MAX_BORDER_MM, MAX_ZOOM, PRINT_DPI, PriceList, PrintLine, PrintOrientation, mm};

/// The caption band, as a share of the print's short side (8% is about 12 mm on a 6 in side).
const CAPTION_BAND_PER_MILLE: u32 = 80;

/// What to lay out: the paper, the person's choices, and the resolution to lay it out at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintRequest<'a> {
    pub short_um: u32,
    pub long_um: u32,
    pub bleed_um: u32,
    pub orientation: PrintOrientation,
    pub border_um: u32,
    pub caption: Option<&'a str>,
    pub crop: Crop,
    /// [`PRINT_DPI`] for the file; previews use less.
    pub dpi: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    pub fn right(&self) -> u32 {
        self.x + self.width
    }

    pub fn bottom(&self) -> u32 {
        self.y + self.height
    }

    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
}

/// Where everything goes on one print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintLayout {
    /// The whole file, bleed included.
    pub width: u32,
    pub height: u32,
    /// The print as cut.
    pub trim: Rect,
    /// Where the photo goes.
    pub window: Rect,
    /// The part of the photo shown, in the photo's displayed (oriented) pixels.
    pub crop: Rect,
    /// The band the caption is centred in (the bottom border), when there is a caption.
    pub caption: Option<Rect>,
    /// Photo pixels per inch of print at the cut-out: what the print's sharpness depends on.
    pub effective_dpi: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintError {
    NoPhoto,
    NoRoom,
    BadSize,
}

impl std::fmt::Display for PrintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NoPhoto => "the photo has no size",
            Self::NoRoom => "the border leaves no room for the photo",
            Self::BadSize => "the print size is not valid",
        })
    }
}

impl std::error::Error for PrintError {}

impl<'a> PrintRequest<'a> {
    /// The print an order line asks for, at 300 DPI, if its size is on the price list.
    pub fn for_line(line: &'a PrintLine, prices: &PriceList) -> Option<Self> {
        let size = prices.size(&line.size)?;
        Some(Self {
            short_um: size.short_um,
            long_um: size.long_um,
            bleed_um: prices.bleed_um,
            orientation: line.orientation,
            border_um: mm(line.border_mm.min(MAX_BORDER_MM)),
            caption: line.caption.as_deref(),
            crop: line.crop,
            dpi: PRINT_DPI,
        })
    }
}

/// Micrometres to pixels at `dpi`, rounded to the nearest pixel.
pub fn pixels(um: u32, dpi: u32) -> u32 {
    ((u64::from(um) * u64::from(dpi) + 12_700) / 25_400) as u32
}

/// The orientation a photo of this displayed size prints best in.
pub fn natural_orientation(width: u32, height: u32) -> PrintOrientation {
    if width > height { PrintOrientation::Landscape } else { PrintOrientation::Portrait }
}

/// Lays out one print of a photo whose displayed size is `photo` (after EXIF orientation).
pub fn layout(request: &PrintRequest, photo: (u32, u32)) -> Result<PrintLayout, PrintError> {
    let (pw, ph) = photo;
    if pw == 0 || ph == 0 {
        return Err(PrintError::NoPhoto);
    }
    let dpi = request.dpi.max(1);
    let (short, long) = (pixels(request.short_um, dpi), pixels(request.long_um, dpi));
    if short == 0 || long < short || long > 60_000 {
        return Err(PrintError::BadSize);
    }
    let (trim_w, trim_h) = match request.orientation {
        PrintOrientation::Portrait => (short, long),
        PrintOrientation::Landscape => (long, short),
    };
    let bleed = pixels(request.bleed_um, dpi);
    let (width, height) = (trim_w + 2 * bleed, trim_h + 2 * bleed);
    let trim = Rect { x: bleed, y: bleed, width: trim_w, height: trim_h };

    let border = pixels(request.border_um, dpi);
    let has_caption = request.caption.is_some_and(|c| !c.trim().is_empty());
    let band = if has_caption {
        border.max((u64::from(short) * u64::from(CAPTION_BAND_PER_MILLE) / 1000) as u32)
    } else {
        0
    };
    // Without a border the photo runs into the bleed; a border (or a caption band) is white from the
    // trim edge outwards, so the cut can wander without leaving a sliver of photo on it.
    let side = if border > 0 { bleed + border } else { 0 };
    let bottom = if band > 0 { bleed + band } else { side };
    if 2 * side >= width || side + bottom >= height {
        return Err(PrintError::NoRoom);
    }
    let window = Rect { x: side, y: side, width: width - 2 * side, height: height - side - bottom };
    let caption = (band > 0).then(|| Rect {
        x: trim.x + border,
        y: trim.bottom() - band,
        width: trim_w - 2 * border,
        height: band,
    });

    let crop = crop_rect(request.crop, (pw, ph), (window.width, window.height));
    let per_inch = |photo_px: u32, print_px: u32| u64::from(photo_px) * u64::from(dpi) / u64::from(print_px);
    let effective_dpi = per_inch(crop.width, window.width).min(per_inch(crop.height, window.height)) as u32;
    Ok(PrintLayout { width, height, trim, window, crop, caption, effective_dpi })
}

/// The part of a `photo`-sized image with the window's shape, at the person's centre and zoom, kept
/// inside the photo however far they dragged.
fn crop_rect(crop: Crop, photo: (u32, u32), window: (u32, u32)) -> Rect {
    let (pw, ph) = (f64::from(photo.0), f64::from(photo.1));
    let (ww, wh) = (f64::from(window.0), f64::from(window.1));
    let (base_w, base_h) = if pw * wh >= ph * ww { (ph * ww / wh, ph) } else { (pw, pw * wh / ww) };
    let zoom = if crop.zoom.is_finite() { crop.zoom.clamp(1.0, MAX_ZOOM) } else { 1.0 };
    let side = |base: f64, limit: u32| ((base / zoom).round() as u32).clamp(1, limit);
    let (cw, ch) = (side(base_w, photo.0), side(base_h, photo.1));
    let place = |centre: f64, extent: f64, size: u32, limit: u32| {
        let centre = if centre.is_finite() { centre.clamp(0.0, 1.0) } else { 0.5 };
        let start = (centre * extent - f64::from(size) / 2.0).round().max(0.0) as u32;
        start.min(limit - size)
    };
    Rect {
        x: place(crop.center_x, pw, cw, photo.0),
        y: place(crop.center_y, ph, ch, photo.1),
        width: cw,
        height: ch,
    }
}
