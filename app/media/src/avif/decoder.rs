//! The AV1 decode of an AVIF, and the container's grid and transforms around it.

use super::{Nclx, colour};
use crate::{
    MediaError,
    bmff::{CleanAperture, Heif},
    colour::Colour,
    render::DecodeLimits,
};
use image::{RgbImage, imageops};
use rav1d_safe::{
    ColorRange, CpuLevel, Decoder, Frame, PixelLayout, PlaneView8, PlaneView16, Planes, Settings,
};

/// What decoding holds per pixel at its peak: the decoder's picture (three 16-bit planes at worst,
/// with its padding, about twice that) and the RGB made from it.
const BYTES_PER_PIXEL: u64 = 2 * 3 * 2 + 3;

/// The primary image, upright (the container's transforms applied), as stored colours.
pub(crate) fn decode(bytes: &[u8], limits: &DecodeLimits) -> Result<(RgbImage, Colour), MediaError> {
    let heif = Heif::parse(bytes).ok_or_else(|| corrupt("no AVIF image header"))?;
    let primary = heif.primary;
    let (width, height) =
        heif.spatial_extent(primary).ok_or_else(|| corrupt("no image size in the header"))?;
    crate::render::check_area(width, height, limits)?;
    if u64::from(width) * u64::from(height) * BYTES_PER_PIXEL > limits.max_alloc {
        return Err(MediaError::TooLarge { width, height });
    }
    let (image, coded) =
        match &heif.kind(primary).ok_or_else(|| corrupt("the primary image is not listed"))? {
            b"av01" => decode_item(&heif, primary, yuv_of(&heif, primary))?,
            b"grid" => decode_grid(&heif, primary, (width, height))?,
            _ => return Err(MediaError::NoDecoder),
        };
    let colour = colour(&heif, primary)
        .unwrap_or(Colour::Cicp { primaries: coded.primaries, transfer: coded.transfer });
    Ok((transform(&heif, primary, image), colour))
}

impl Nclx {
    fn of_frame(frame: &Frame) -> Self {
        let info = frame.color_info();
        Self {
            primaries: info.primaries as u16,
            transfer: info.transfer_characteristics as u16,
            matrix: info.matrix_coefficients as u16,
            full_range: info.color_range == ColorRange::Full,
        }
    }
}

/// The item's `nclx`, which says how its YCbCr becomes RGB; `None` leaves it to the AV1 stream.
fn yuv_of(heif: &Heif, item: u32) -> Option<Nclx> {
    heif.properties_of(item)
        .filter(|p| &p.kind == b"colr" && p.body.starts_with(b"nclx"))
        .find_map(|p| Nclx::parse(p.body))
}

/// Decodes one AV1 item to RGB; with it, the code points of its sequence header.
fn decode_item(heif: &Heif, item: u32, declared: Option<Nclx>) -> Result<(RgbImage, Nclx), MediaError> {
    let data = heif.data(item).ok_or_else(|| corrupt("the file ends before its image data"))?;
    let (width, height) = heif.spatial_extent(item).ok_or_else(|| corrupt("an image without a size"))?;
    let mut settings = Settings::default();
    // One thread: the browser's worker has no others, and the server bounds its own.
    settings.threads = 1;
    settings.max_frame_delay = 1;
    // rav1d-safe's x86 kernels are not all bit-exact with its scalar reference (its docs list the
    // mismatches); without them a native decode gives the browser's pixels, as prints must.
    settings.cpu_level = CpuLevel::Scalar;
    // The stream may not decode to more than the container declared, which the limits were checked on.
    let aligned = |n: u32| u64::from(n.div_ceil(8) * 8);
    settings.frame_size_limit = u32::try_from(aligned(width) * aligned(height)).unwrap_or(u32::MAX).max(1);
    let mut decoder = Decoder::with_settings(settings).map_err(|e| corrupt(&format!("AV1 decoder: {e}")))?;
    let frame = match decoder.decode(&data).map_err(|e| av1_error(e.error()))? {
        Some(frame) => frame,
        None => decoder
            .flush()
            .map_err(|e| av1_error(e.error()))?
            .into_iter()
            .next()
            .ok_or_else(|| corrupt("the AV1 data holds no picture"))?,
    };
    let coded = Nclx::of_frame(&frame);
    let image = to_rgb(&frame, declared.unwrap_or(coded))?;
    Ok((image, coded))
}

/// A grid: tiles of equal size laid out row by row, cut to the grid's own size.
fn decode_grid(heif: &Heif, grid: u32, (width, height): (u32, u32)) -> Result<(RgbImage, Nclx), MediaError> {
    let descriptor = heif.data(grid).ok_or_else(|| corrupt("the grid lies outside the file"))?;
    let (rows, columns) = match descriptor.get(2..4) {
        Some(&[r, c]) => (u32::from(r) + 1, u32::from(c) + 1),
        _ => return Err(corrupt("a grid without a layout")),
    };
    let tiles = heif.references(b"dimg", grid);
    if tiles.len() as u32 != rows * columns {
        return Err(corrupt("a grid whose tiles do not fill it"));
    }
    let (tile_w, tile_h) = heif.spatial_extent(tiles[0]).ok_or_else(|| corrupt("a tile without a size"))?;
    if u64::from(tile_w) * u64::from(columns) < u64::from(width)
        || u64::from(tile_h) * u64::from(rows) < u64::from(height)
    {
        return Err(corrupt("a grid larger than its tiles"));
    }
    let declared = yuv_of(heif, grid).or_else(|| yuv_of(heif, tiles[0]));
    let mut image = RgbImage::new(width, height);
    let mut coded = None;
    for (index, &tile) in tiles.iter().enumerate() {
        if heif.kind(tile) != Some(*b"av01") || heif.spatial_extent(tile) != Some((tile_w, tile_h)) {
            return Err(corrupt("a grid's tiles differ"));
        }
        let (pixels, tile_coded) = decode_item(heif, tile, declared)?;
        let (row, column) = (index as u32 / columns, index as u32 % columns);
        imageops::replace(&mut image, &pixels, i64::from(column * tile_w), i64::from(row * tile_h));
        coded.get_or_insert(tile_coded);
    }
    Ok((image, coded.expect("a grid has at least one tile")))
}

/// `clap`, `irot` and `imir`, in the order the item lists them (MIAF's rule).
fn transform(heif: &Heif, item: u32, mut image: RgbImage) -> RgbImage {
    for property in heif.properties_of(item) {
        image = match (&property.kind, property.body.first()) {
            (b"clap", _) => match CleanAperture::parse(property.body)
                .and_then(|c| c.crop(image.width(), image.height()))
            {
                Some((left, top, w, h)) => imageops::crop_imm(&image, left, top, w, h).to_image(),
                None => image,
            },
            (b"irot", Some(turns)) => match turns & 3 {
                1 => imageops::rotate270(&image),
                2 => imageops::rotate180(&image),
                3 => imageops::rotate90(&image),
                _ => image,
            },
            // Axis 0 swaps top and bottom, 1 left and right (HEIF as amended, libheif, libavif).
            (b"imir", Some(axis)) if axis & 1 == 0 => imageops::flip_vertical(&image),
            (b"imir", Some(_)) => imageops::flip_horizontal(&image),
            _ => image,
        };
    }
    image
}

/// A decoded plane, 8-bit or 16-bit (10 and 12-bit samples).
trait Plane {
    fn read_row(&self, y: usize, into: &mut Vec<f32>);
    fn size(&self) -> (usize, usize);
}

impl Plane for PlaneView8<'_> {
    fn read_row(&self, y: usize, into: &mut Vec<f32>) {
        into.clear();
        into.extend(self.row(y).iter().map(|&s| f32::from(s)));
    }
    fn size(&self) -> (usize, usize) {
        (self.width(), self.height())
    }
}

impl Plane for PlaneView16<'_> {
    fn read_row(&self, y: usize, into: &mut Vec<f32>) {
        into.clear();
        into.extend(self.row(y).iter().map(|&s| f32::from(s)));
    }
    fn size(&self) -> (usize, usize) {
        (self.width(), self.height())
    }
}

fn to_rgb(frame: &Frame, nclx: Nclx) -> Result<RgbImage, MediaError> {
    let subsampled = match frame.pixel_layout() {
        PixelLayout::I420 => (true, true),
        PixelLayout::I422 => (true, false),
        PixelLayout::I444 | PixelLayout::I400 => (false, false),
    };
    let yuv = Yuv::new(nclx, frame.bit_depth());
    match frame.planes() {
        Planes::Depth8(p) => convert(&p.y(), p.u().as_ref().zip(p.v().as_ref()), subsampled, &yuv),
        Planes::Depth16(p) => convert(&p.y(), p.u().as_ref().zip(p.v().as_ref()), subsampled, &yuv),
    }
}

/// How stored YCbCr samples become RGB in 0–1: the range's offsets and scales, and the matrix.
struct Yuv {
    luma_offset: f32,
    luma_scale: f32,
    chroma_middle: f32,
    chroma_scale: f32,
    matrix: Matrix,
}

enum Matrix {
    /// Kr and Kb of a YCbCr matrix.
    Ycbcr(f32, f32),
    /// The planes are G, B and R.
    Identity,
    YCgCo,
}

impl Yuv {
    fn new(nclx: Nclx, bit_depth: u8) -> Self {
        let shift = i32::from(bit_depth) - 8;
        let at_depth = |n: f32| n * 2f32.powi(shift);
        let max = 2f32.powi(i32::from(bit_depth)) - 1.0;
        let (luma_offset, luma_range, chroma_range) = if nclx.full_range {
            (0.0, max, max)
        } else {
            (at_depth(16.0), at_depth(219.0), at_depth(224.0))
        };
        let matrix = match nclx.matrix {
            0 => Matrix::Identity,
            8 => Matrix::YCgCo,
            1 => Matrix::Ycbcr(0.2126, 0.0722),
            4 => Matrix::Ycbcr(0.30, 0.11),
            7 => Matrix::Ycbcr(0.212, 0.087),
            9 | 10 => Matrix::Ycbcr(0.2627, 0.0593),
            // Derived from the primaries: those of BT.709, BT.2020 and Display P3 are the ones met.
            12 | 13 => match nclx.primaries {
                9 => Matrix::Ycbcr(0.2627, 0.0593),
                12 => Matrix::Ycbcr(0.2290, 0.0793),
                _ => Matrix::Ycbcr(0.2126, 0.0722),
            },
            // BT.601, and what libavif assumes where the matrix is unspecified.
            _ => Matrix::Ycbcr(0.299, 0.114),
        };
        Self {
            luma_offset,
            luma_scale: 1.0 / luma_range,
            chroma_middle: at_depth(128.0),
            chroma_scale: 1.0 / chroma_range,
            matrix,
        }
    }

    fn rgb(&self, y: f32, cb: f32, cr: f32) -> [u8; 3] {
        let luma = (y - self.luma_offset) * self.luma_scale;
        let (u, v) =
            ((cb - self.chroma_middle) * self.chroma_scale, (cr - self.chroma_middle) * self.chroma_scale);
        let [r, g, b] = match self.matrix {
            Matrix::Ycbcr(kr, kb) => {
                let kg = 1.0 - kr - kb;
                let r = luma + 2.0 * (1.0 - kr) * v;
                let b = luma + 2.0 * (1.0 - kb) * u;
                [r, (luma - kr * r - kb * b) / kg, b]
            }
            Matrix::Identity => {
                [(cr - self.luma_offset) * self.luma_scale, luma, (cb - self.luma_offset) * self.luma_scale]
            }
            Matrix::YCgCo => {
                let t = luma - u;
                [t + v, luma + u, t - v]
            }
        };
        [r, g, b].map(|c| (c * 255.0 + 0.5).clamp(0.0, 255.0) as u8)
    }
}

fn convert<P: Plane>(
    luma: &P,
    chroma: Option<(&P, &P)>,
    subsampled: (bool, bool),
    yuv: &Yuv,
) -> Result<RgbImage, MediaError> {
    let (width, height) = luma.size();
    if let Some((u, v)) = chroma {
        let expected = (
            if subsampled.0 { width.div_ceil(2) } else { width },
            if subsampled.1 { height.div_ceil(2) } else { height },
        );
        if u.size() != expected || v.size() != expected {
            return Err(corrupt("the colour planes do not match the picture"));
        }
    }
    let mut rgb = Vec::with_capacity(width * height * 3);
    let mut row_y = Vec::with_capacity(width);
    let (mut row_u, mut row_v) = (vec![yuv.chroma_middle; width], vec![yuv.chroma_middle; width]);
    let mut scratch = Chroma::default();
    for y in 0..height {
        luma.read_row(y, &mut row_y);
        if let Some((u, v)) = chroma {
            scratch.upsample_row(u, y, subsampled, &mut row_u);
            scratch.upsample_row(v, y, subsampled, &mut row_v);
        }
        for ((&l, &u), &v) in row_y.iter().zip(&row_u).zip(&row_v) {
            rgb.extend_from_slice(&yuv.rgb(l, u, v));
        }
    }
    RgbImage::from_raw(width as u32, height as u32, rgb).ok_or_else(|| corrupt("the picture has no pixels"))
}

/// Rows read from a chroma plane, reused from row to row.
#[derive(Default)]
struct Chroma {
    near: Vec<f32>,
    far: Vec<f32>,
}

impl Chroma {
    /// Row `y` of a chroma plane at full size. A subsampled sample sits between two full-size ones,
    /// so each full-size position takes 3/4 of its nearest sample and 1/4 of the next nearest.
    fn upsample_row<P: Plane>(&mut self, plane: &P, y: usize, (sub_x, sub_y): (bool, bool), out: &mut [f32]) {
        let (plane_w, plane_h) = plane.size();
        let (near_y, far_y) = neighbours(y, sub_y, plane_h);
        plane.read_row(near_y, &mut self.near);
        plane.read_row(far_y, &mut self.far);
        for (x, out) in out.iter_mut().enumerate() {
            let (near_x, far_x) = neighbours(x, sub_x, plane_w);
            let column = |row: &[f32]| 0.75 * row[near_x] + 0.25 * row[far_x];
            *out = 0.75 * column(&self.near) + 0.25 * column(&self.far);
        }
    }
}

/// The nearest and next-nearest sample of a plane to full-size position `i`.
fn neighbours(i: usize, subsampled: bool, len: usize) -> (usize, usize) {
    if !subsampled {
        return (i, i);
    }
    let near = i / 2;
    let far = if i.is_multiple_of(2) { near.saturating_sub(1) } else { (near + 1).min(len - 1) };
    (near, far)
}

fn av1_error(e: &rav1d_safe::Error) -> MediaError {
    corrupt(&format!("the AV1 data cannot be decoded ({e})"))
}

fn corrupt(why: &str) -> MediaError {
    MediaError::Corrupt(why.to_string())
}
