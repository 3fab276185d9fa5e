//! Dense float tensors and the few operations both networks are made of. Images are laid out
//! channels-first (one plane per channel, batch of one), so the inner loops run along a row of a
//! plane: contiguous, and vectorised by the compiler (wasm SIMD in the browser).

use crate::ModelError;

#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

impl Tensor {
    pub fn new(shape: Vec<usize>, data: Vec<f32>) -> Result<Self, ModelError> {
        if shape.iter().product::<usize>() != data.len() {
            return Err(ModelError::Shape(format!("{} values for shape {shape:?}", data.len())));
        }
        Ok(Tensor { shape, data })
    }

    pub fn zeros(shape: Vec<usize>) -> Self {
        let len = shape.iter().product();
        Tensor { shape, data: vec![0.0; len] }
    }

    /// (channels, height, width) of a batch-of-one image tensor.
    pub fn chw(&self) -> Result<(usize, usize, usize), ModelError> {
        match self.shape[..] {
            [1, c, h, w] => Ok((c, h, w)),
            _ => Err(ModelError::Shape(format!("expected an image tensor, got {:?}", self.shape))),
        }
    }
}

/// A 2-D convolution's shape, as ONNX describes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub out_channels: usize,
    pub groups: usize,
    pub kernel: (usize, usize),
    pub stride: (usize, usize),
    /// Top, left, bottom, right.
    pub pads: [usize; 4],
}

/// A 2-D convolution: its weights, kept in the order its inner loops read them, its bias and its
/// shape. A scale-and-shift that follows a convolution is folded into its weights at load time.
#[derive(Debug, Clone)]
pub struct Conv {
    weights: Weights,
    bias: Vec<f32>,
    geometry: Geometry,
}

#[derive(Debug, Clone)]
enum Weights {
    /// A full convolution's, cut into panels for the matrix product once, at load time.
    Matrix(Panels),
    /// A grouped one's, `[out][in / groups][kh][kw]`.
    Grouped(Vec<f32>),
}

impl Conv {
    /// `weights` are `[out][in / groups][kh][kw]`, as ONNX has them.
    pub fn new(weights: Vec<f32>, bias: Vec<f32>, geometry: Geometry) -> Result<Self, ModelError> {
        let Geometry { out_channels, groups, kernel: (kh, kw), stride: (sh, sw), .. } = geometry;
        let per_output = out_channels * kh * kw;
        // Everything about the convolution that no input changes, checked once here.
        if per_output == 0
            || weights.is_empty()
            || groups == 0
            || !out_channels.is_multiple_of(groups)
            || sh == 0
            || sw == 0
            || !weights.len().is_multiple_of(per_output)
            || bias.len() > out_channels
        {
            return Err(ModelError::Shape(format!(
                "{} weights for a convolution of {geometry:?}",
                weights.len()
            )));
        }
        let weights = if groups == 1 {
            Weights::Matrix(Panels::new(&weights, out_channels))
        } else {
            Weights::Grouped(weights)
        };
        Ok(Conv { weights, bias, geometry })
    }

    fn in_per_group(&self) -> usize {
        let Geometry { out_channels, kernel: (kh, kw), .. } = self.geometry;
        match &self.weights {
            Weights::Matrix(panels) => panels.k / (kh * kw),
            Weights::Grouped(weights) => weights.len() / (out_channels * kh * kw),
        }
    }

    pub fn apply(&self, input: &Tensor) -> Result<Tensor, ModelError> {
        let (c, h, w) = input.chw()?;
        let Geometry { out_channels, groups, kernel: (kh, kw), stride: (sh, sw), pads } = self.geometry;
        let [pt, pl, pb, pr] = pads;
        if self.in_per_group() * groups != c || h + pt + pb < kh || w + pl + pr < kw {
            return Err(ModelError::Shape(format!("convolution does not fit input {:?}", input.shape)));
        }
        let (oh, ow) = ((h + pt + pb - kh) / sh + 1, (w + pl + pr - kw) / sw + 1);
        // Each output plane starts as its bias, written once (no zeroing first).
        let mut data = Vec::with_capacity(out_channels * oh * ow);
        for co in 0..out_channels {
            data.resize((co + 1) * oh * ow, self.bias.get(co).copied().unwrap_or(0.0));
        }
        let mut out = Tensor::new(vec![1, out_channels, oh, ow], data)?;
        match &self.weights {
            // A full convolution is a matrix product: weights (out × in·kh·kw) by the input's
            // patches (in·kh·kw × pixels). A 1×1 one needs no patches: the input is that matrix.
            Weights::Matrix(weights) if (kh, kw, sh, sw) == (1, 1, 1, 1) && pads == [0; 4] => {
                weights.multiply_into(&input.data, &mut out.data, oh * ow, oh * ow);
            }
            Weights::Matrix(weights) => {
                // The patches of a band of output rows at a time: the whole matrix would be kh·kw
                // times the input (15 MB for BlazeFace's first layer on a 512-pixel photo), a band
                // stays in the cache while the product reads it.
                let band = (PATCH_BAND_VALUES / (c * kh * kw * ow)).clamp(1, oh);
                for first in (0..oh).step_by(band) {
                    let rows = first..(first + band).min(oh);
                    let patches = self.patches(input, ow, rows.clone());
                    weights.multiply_into(&patches, &mut out.data[first * ow..], rows.len() * ow, oh * ow);
                }
            }
            Weights::Grouped(weights) => self.grouped(weights, input, &mut out, (h, w), (oh, ow)),
        }
        Ok(out)
    }

    /// The input window of each output pixel in `rows` as a column: `(in·kh·kw) × (rows·ow)`,
    /// zeros where the window reaches into the padding.
    fn patches(&self, input: &Tensor, ow: usize, rows: std::ops::Range<usize>) -> Vec<f32> {
        let (c, h, w) = input.chw().expect("checked by apply");
        let Geometry { kernel: (kh, kw), stride: (sh, sw), pads: [pt, pl, ..], .. } = self.geometry;
        let mut patches = vec![0.0; c * kh * kw * rows.len() * ow];
        for (row, column) in patches.chunks_exact_mut(rows.len() * ow).enumerate() {
            let (ci, ky, kx) = (row / (kh * kw), row / kw % kh, row % kw);
            let source = &input.data[ci * h * w..][..h * w];
            for (oy, out_row) in rows.clone().zip(column.chunks_exact_mut(ow)) {
                let Some(iy) = (oy * sh + ky).checked_sub(pt).filter(|&iy| iy < h) else { continue };
                accumulate_row(out_row, &source[iy * w..][..w], kx, (sw, pl), 1.0);
            }
        }
        patches
    }

    /// Grouped (here, depthwise) convolution: each output channel sees a few input channels, too
    /// few for a matrix product to pay. At stride 1 (nearly all of BlazeFace's), each output row
    /// takes a kernel row's taps in one pass; otherwise one pass over the plane per tap.
    fn grouped(
        &self,
        weights: &[f32],
        input: &Tensor,
        out: &mut Tensor,
        (h, w): (usize, usize),
        (oh, ow): (usize, usize),
    ) {
        let Geometry { out_channels, groups, kernel: (kh, kw), stride: (sh, sw), pads: [pt, pl, ..] } =
            self.geometry;
        let in_per_group = self.in_per_group();
        let out_per_group = out_channels / groups;
        let input_row = |oy: usize, ky: usize| (oy * sh + ky).checked_sub(pt).filter(|&iy| iy < h);
        for (co, plane) in out.data.chunks_exact_mut(oh * ow).enumerate() {
            let group = co / out_per_group;
            for ci in 0..in_per_group {
                let source = &input.data[(group * in_per_group + ci) * h * w..][..h * w];
                let kernel = &weights[(co * in_per_group + ci) * kh * kw..][..kh * kw];
                if sw == 1 {
                    for (oy, out_row) in plane.chunks_exact_mut(ow).enumerate() {
                        for (ky, weights) in kernel.chunks_exact(kw).enumerate() {
                            let Some(iy) = input_row(oy, ky) else { continue };
                            accumulate_kernel_row(out_row, &source[iy * w..][..w], weights, pl);
                        }
                    }
                    continue;
                }
                for (tap, &weight) in kernel.iter().enumerate() {
                    let (ky, kx) = (tap / kw, tap % kw);
                    for (oy, out_row) in plane.chunks_exact_mut(ow).enumerate() {
                        let Some(iy) = input_row(oy, ky) else { continue };
                        accumulate_row(out_row, &source[iy * w..][..w], kx, (sw, pl), weight);
                    }
                }
            }
        }
    }
}

/// One kernel row's taps over one input row, at stride 1: `out[ox] += Σ weights[kx] ×
/// row[ox + kx − pl]`, the taps added in order (the same sums, to the bit, as one tap at a time).
/// Three taps, the models' only width, are one pass over the row that the compiler vectorises.
fn accumulate_kernel_row(out_row: &mut [f32], row: &[f32], weights: &[f32], pl: usize) {
    let kw = weights.len();
    // Output columns whose every tap lies inside the row; the rest, at the edges, one by one.
    let lo = pl.min(out_row.len());
    let hi = (row.len() + pl + 1).saturating_sub(kw).clamp(lo, out_row.len());
    for ox in (0..lo).chain(hi..out_row.len()) {
        for (kx, &weight) in weights.iter().enumerate() {
            if let Some(&v) = (ox + kx).checked_sub(pl).and_then(|i| row.get(i)) {
                out_row[ox] += weight * v;
            }
        }
    }
    if lo >= hi {
        return;
    }
    let inner = &mut out_row[lo..hi];
    let start = lo - pl;
    if let [w0, w1, w2] = *weights {
        let taps = row[start..].iter().zip(&row[start + 1..]).zip(&row[start + 2..]);
        for (o, ((&a, &b), &c)) in inner.iter_mut().zip(taps) {
            *o = ((*o + w0 * a) + w1 * b) + w2 * c;
        }
    } else {
        for (kx, &weight) in weights.iter().enumerate() {
            for (o, &v) in inner.iter_mut().zip(&row[start + kx..]) {
                *o += weight * v;
            }
        }
    }
}

/// About how many values (a quarter of a megabyte) of patches a convolution makes at a time.
const PATCH_BAND_VALUES: usize = 1 << 16;

/// Output columns computed together: one register block of the product is ROWS × COLUMNS.
const COLUMNS: usize = 8;
const ROWS: usize = 4;

/// A matrix `a` of `m` rows (a convolution's weights, out × in·kh·kw) cut into blocks of ROWS rows,
/// each stored one k-step after another, so the kernel reads a block's ROWS weights from one place.
/// Rows past `m` are zero.
#[derive(Debug, Clone)]
struct Panels {
    blocks: Vec<[f32; ROWS]>,
    m: usize,
    k: usize,
}

impl Panels {
    fn new(a: &[f32], m: usize) -> Self {
        let k = a.len() / m;
        let blocks = (0..m)
            .step_by(ROWS)
            .flat_map(|row| {
                (0..k).map(move |kk| {
                    std::array::from_fn(|r| if row + r < m { a[(row + r) * k + kk] } else { 0.0 })
                })
            })
            .collect();
        Panels { blocks, m, k }
    }

    /// `c += a × b` for row-major `b` (k × n) and `c` (m × n) whose rows start `ldc` values apart.
    ///
    /// Blocks of ROWS × COLUMNS of `c` are kept in fixed-size arrays the compiler holds in vector
    /// registers, so each value of `b` loaded serves ROWS multiply-adds and each of `a` serves COLUMNS.
    /// Each strip of COLUMNS columns of `b` is first copied together: read in place, its rows lie `n`
    /// values apart, and when `n` is a multiple of a page (BlazeFace's 128 × 128 maps) every row falls
    /// in the same cache set and evicts the last. The last strip is padded with zeros to a whole one.
    fn multiply_into(&self, b: &[f32], c: &mut [f32], n: usize, ldc: usize) {
        let mut strip = vec![[0.0f32; COLUMNS]; self.k];
        for column in (0..n).step_by(COLUMNS) {
            let width = COLUMNS.min(n - column);
            for (packed, row) in strip.iter_mut().zip(b.chunks_exact(n)) {
                let values = &row[column..][..width];
                // A whole strip's rows are copied as fixed-size arrays: inline moves, not memcpy calls.
                if let Ok(whole) = values.try_into() {
                    *packed = whole;
                } else {
                    packed[..width].copy_from_slice(values);
                    packed[width..].fill(0.0);
                }
            }
            for (panel, row) in self.blocks.chunks_exact(self.k).zip((0..self.m).step_by(ROWS)) {
                let block = kernel(panel, &strip);
                for (r, acc) in block.iter().enumerate().take(ROWS.min(self.m - row)) {
                    for (x, y) in c[(row + r) * ldc + column..][..width].iter_mut().zip(acc) {
                        *x += y;
                    }
                }
            }
        }
    }
}

/// One ROWS × COLUMNS block of the product: constant trip counts, so it unrolls and vectorises.
#[inline(always)]
fn kernel(panel: &[[f32; ROWS]], strip: &[[f32; COLUMNS]]) -> [[f32; COLUMNS]; ROWS] {
    let mut block = [[0.0f32; COLUMNS]; ROWS];
    for (weights, b_row) in panel.iter().zip(strip) {
        for (acc, &weight) in block.iter_mut().zip(weights) {
            for (x, &y) in acc.iter_mut().zip(b_row) {
                *x += weight * y;
            }
        }
    }
    block
}

/// Adds `weight ×` one input row, as kernel column `kx` sees it (stride `sw`, `pl` columns of
/// padding on the left), to an output row.
#[inline(always)]
fn accumulate_row(out_row: &mut [f32], row: &[f32], kx: usize, (sw, pl): (usize, usize), weight: f32) {
    // Output columns whose input column `ox × sw + kx − pl` lies inside the row.
    let first = pl.saturating_sub(kx).div_ceil(sw);
    let last = ((row.len() + pl).saturating_sub(kx + 1) / sw + 1).min(out_row.len());
    if first >= last {
        return;
    }
    let start = first * sw + kx - pl;
    let out_row = &mut out_row[first..last];
    if sw == 1 {
        for (o, &i) in out_row.iter_mut().zip(&row[start..]) {
            *o += weight * i;
        }
    } else {
        for (o, &i) in out_row.iter_mut().zip(row[start..].iter().step_by(sw)) {
            *o += weight * i;
        }
    }
}

pub fn relu(mut x: Tensor) -> Tensor {
    x.data.iter_mut().for_each(|v| *v = v.max(0.0));
    x
}

pub fn add(mut a: Tensor, b: &Tensor) -> Result<Tensor, ModelError> {
    if a.shape != b.shape {
        return Err(ModelError::Shape(format!("adding {:?} to {:?}", b.shape, a.shape)));
    }
    a.data.iter_mut().zip(&b.data).for_each(|(x, y)| *x += y);
    Ok(a)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pool {
    Max,
    Average,
}

/// Pooling without padding ("valid"), the only kind either network uses.
pub fn pool(input: &Tensor, kind: Pool, size: usize, stride: usize) -> Result<Tensor, ModelError> {
    let (c, h, w) = input.chw()?;
    if h < size || w < size {
        return Err(ModelError::Shape(format!("pooling {size}×{size} over {:?}", input.shape)));
    }
    let (oh, ow) = ((h - size) / stride + 1, (w - size) / stride + 1);
    let start = match kind {
        Pool::Max => f32::NEG_INFINITY,
        Pool::Average => 0.0,
    };
    let mut out = Tensor::new(vec![1, c, oh, ow], vec![start; c * oh * ow])?;
    // Row by row: each window row's values folded into the output row.
    for (plane, source) in out.data.chunks_exact_mut(oh * ow).zip(input.data.chunks_exact(h * w)) {
        for (oy, out_row) in plane.chunks_exact_mut(ow).enumerate() {
            for dy in 0..size {
                let row = &source[(oy * stride + dy) * w..][..w];
                for dx in 0..size {
                    let taken = row[dx..].iter().step_by(stride);
                    match kind {
                        Pool::Max => out_row.iter_mut().zip(taken).for_each(|(o, &v)| *o = o.max(v)),
                        Pool::Average => out_row.iter_mut().zip(taken).for_each(|(o, &v)| *o += v),
                    }
                }
            }
            if kind == Pool::Average {
                out_row.iter_mut().for_each(|o| *o /= (size * size) as f32);
            }
        }
    }
    Ok(out)
}

/// Appends `extra` channels of zeros to an image tensor.
pub fn pad_channels(mut x: Tensor, extra: usize) -> Result<Tensor, ModelError> {
    let (c, h, w) = x.chw()?;
    x.data.resize((c + extra) * h * w, 0.0);
    x.shape[1] = c + extra;
    Ok(x)
}

/// Joins tensors along one axis; the other dimensions must agree.
pub fn concat(parts: &[&Tensor], axis: usize) -> Result<Tensor, ModelError> {
    let first = parts.first().ok_or(ModelError::Shape("nothing to join".into()))?;
    let rank = first.shape.len();
    if axis >= rank
        || parts.iter().any(|p| {
            p.shape.len() != rank
                || p.shape.iter().enumerate().any(|(d, &n)| d != axis && n != first.shape[d])
        })
    {
        return Err(ModelError::Shape("joining tensors of different shapes".into()));
    }
    let outer: usize = first.shape[..axis].iter().product();
    let mut shape = first.shape.clone();
    shape[axis] = parts.iter().map(|p| p.shape[axis]).sum();
    let mut data = Vec::with_capacity(shape.iter().product());
    for o in 0..outer {
        for part in parts {
            let block: usize = part.shape[axis..].iter().product();
            data.extend_from_slice(&part.data[o * block..][..block]);
        }
    }
    Tensor::new(shape, data)
}

/// Reorders the axes: output axis `i` is input axis `perm[i]`.
pub fn transpose(input: &Tensor, perm: &[usize]) -> Result<Tensor, ModelError> {
    let rank = input.shape.len();
    let mut seen = vec![false; rank];
    if perm.len() != rank || perm.iter().any(|&p| p >= rank || std::mem::replace(&mut seen[p], true)) {
        return Err(ModelError::Shape(format!("permutation {perm:?} of {:?}", input.shape)));
    }
    let shape: Vec<usize> = perm.iter().map(|&p| input.shape[p]).collect();
    let mut in_strides = vec![1; rank];
    for d in (0..rank.saturating_sub(1)).rev() {
        in_strides[d] = in_strides[d + 1] * input.shape[d + 1];
    }
    let strides: Vec<usize> = perm.iter().map(|&p| in_strides[p]).collect();
    let Some((&inner, outer_shape)) = shape.split_last() else { return Ok(input.clone()) };
    let inner_stride = strides[rank - 1];
    // The output's rows in order; along a row the input is read at a fixed stride.
    let mut data = Vec::with_capacity(input.data.len());
    let mut index = vec![0; rank - 1];
    for _ in 0..outer_shape.iter().product::<usize>() {
        let base: usize = index.iter().zip(&strides).map(|(i, s)| i * s).sum();
        data.extend((0..inner).map(|j| input.data[base + j * inner_stride]));
        for d in (0..rank - 1).rev() {
            index[d] += 1;
            if index[d] < outer_shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
    Tensor::new(shape, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_conv(input: &Tensor, weights: &[f32], bias: &[f32], geometry: Geometry) -> Tensor {
        let (c, h, w) = input.chw().unwrap();
        let Geometry { out_channels, groups, kernel: (kh, kw), stride, pads: [pt, pl, pb, pr] } = geometry;
        let (oh, ow) = ((h + pt + pb - kh) / stride.0 + 1, (w + pl + pr - kw) / stride.1 + 1);
        let ipg = c / groups;
        let opg = out_channels / groups;
        let mut out = Tensor::zeros(vec![1, out_channels, oh, ow]);
        for co in 0..out_channels {
            for oy in 0..oh {
                for ox in 0..ow {
                    let mut sum = bias[co];
                    for ci in 0..ipg {
                        for ky in 0..kh {
                            for kx in 0..kw {
                                let iy = (oy * stride.0 + ky) as isize - pt as isize;
                                let ix = (ox * stride.1 + kx) as isize - pl as isize;
                                if iy >= 0 && ix >= 0 && (iy as usize) < h && (ix as usize) < w {
                                    let cin = (co / opg) * ipg + ci;
                                    sum += weights[((co * ipg + ci) * kh + ky) * kw + kx]
                                        * input.data[(cin * h + iy as usize) * w + ix as usize];
                                }
                            }
                        }
                    }
                    out.data[(co * oh + oy) * ow + ox] = sum;
                }
            }
        }
        out
    }

    fn pseudo_random(n: usize, seed: u32) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (s >> 8) as f32 / (1 << 24) as f32 - 0.5
            })
            .collect()
    }

    #[test]
    fn convolution_matches_the_definition_for_every_geometry_the_models_use() {
        let cases = [
            // (in, out, groups, kernel, stride, pads, size): BlazeFace's first layer, its depthwise and
            // pointwise layers, its strided depthwise layers; the ResNet's 7×7 and 3×3 layers.
            (3, 8, 1, 5, 2, [1, 1, 2, 2], 13),
            (6, 6, 6, 3, 1, [1, 1, 1, 1], 9),
            (6, 5, 1, 1, 1, [0, 0, 0, 0], 7),
            (6, 6, 6, 3, 2, [0, 0, 1, 1], 10),
            (3, 4, 1, 7, 2, [0, 0, 0, 0], 17),
            (4, 4, 1, 3, 1, [1, 1, 1, 1], 8),
            (4, 8, 1, 3, 2, [0, 0, 0, 0], 9),
            // Depthwise at stride 1 with a kernel other than 3 wide, and padding wider than the kernel's half.
            (4, 4, 4, 5, 1, [2, 2, 2, 2], 9),
            (3, 3, 3, 3, 1, [2, 0, 1, 2], 6),
            // Large enough for their patches to be made a band of rows at a time.
            (3, 4, 1, 7, 2, [0, 0, 0, 0], 120),
            (8, 4, 1, 3, 1, [1, 1, 1, 1], 100),
        ];
        for (i, (cin, cout, groups, k, s, pads, size)) in cases.into_iter().enumerate() {
            let input =
                Tensor::new(vec![1, cin, size, size + 1], pseudo_random(cin * size * (size + 1), i as u32))
                    .unwrap();
            let weights = pseudo_random(cout * cin / groups * k * k, 100 + i as u32);
            let bias = pseudo_random(cout, 200 + i as u32);
            let geometry = Geometry { out_channels: cout, groups, kernel: (k, k), stride: (s, s), pads };
            let conv = Conv::new(weights.clone(), bias.clone(), geometry).unwrap();
            let fast = conv.apply(&input).unwrap();
            let slow = naive_conv(&input, &weights, &bias, geometry);
            assert_eq!(fast.shape, slow.shape, "case {i}");
            for (a, b) in fast.data.iter().zip(&slow.data) {
                assert!((a - b).abs() < 1e-5, "case {i}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn convolutions_that_cannot_run_are_refused_at_load() {
        let geometry = Geometry { out_channels: 2, groups: 1, kernel: (3, 3), stride: (1, 1), pads: [1; 4] };
        assert!(Conv::new(vec![], vec![], geometry).is_err());
        assert!(Conv::new(vec![0.5; 17], vec![], geometry).is_err());
        assert!(Conv::new(vec![0.5; 18], vec![0.0; 3], geometry).is_err());
        assert!(Conv::new(vec![0.5; 18], vec![], Geometry { groups: 0, ..geometry }).is_err());
        assert!(Conv::new(vec![0.5; 18], vec![], Geometry { groups: 4, ..geometry }).is_err());
        assert!(Conv::new(vec![0.5; 18], vec![], Geometry { stride: (1, 0), ..geometry }).is_err());
        assert!(Conv::new(vec![0.5; 36], vec![0.0; 2], geometry).is_ok());
    }

    #[test]
    fn transpose_and_concat_move_values_where_onnx_puts_them() {
        let t = Tensor::new(vec![1, 2, 2, 3], (0..12).map(|v| v as f32).collect()).unwrap();
        let nhwc = transpose(&t, &[0, 2, 3, 1]).unwrap();
        assert_eq!(nhwc.shape, [1, 2, 3, 2]);
        assert_eq!(nhwc.data[..4], [0.0, 6.0, 1.0, 7.0]);
        assert_eq!(transpose(&nhwc, &[0, 3, 1, 2]).unwrap(), t);
        let joined = concat(&[&t, &Tensor::zeros(vec![1, 1, 2, 3])], 1).unwrap();
        assert_eq!(joined.shape, [1, 3, 2, 3]);
        assert_eq!(joined.data[12..], [0.0; 6]);
        assert!(transpose(&t, &[0, 0, 1, 2]).is_err());
    }

    #[test]
    fn pools_take_the_window_maximum_or_mean() {
        let t = Tensor::new(vec![1, 1, 3, 4], (0..12).map(|v| v as f32).collect()).unwrap();
        assert_eq!(pool(&t, Pool::Max, 2, 2).unwrap().data, [5.0, 7.0]);
        assert_eq!(pool(&t, Pool::Average, 2, 2).unwrap().data, [2.5, 4.5]);
        assert_eq!(pool(&t, Pool::Max, 3, 2).unwrap().data, [10.0]);
    }
}
