//! One resampler for both networks' inputs: the detector's squares and the descriptor's aligned face
//! chips are each an affine map from the network's input pixels to the photo's.

use crate::Image;

/// Maps an output pixel position to a photo position: `(a·x + b·y + c, d·x + e·y + f)`, in continuous
/// coordinates where pixel `i` covers `[i, i + 1)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine {
    pub a: f32,
    pub b: f32,
    pub c: f32,
    pub d: f32,
    pub e: f32,
    pub f: f32,
}

impl Affine {
    /// The map that starts at photo position `(x, y)` and moves `scale` photo pixels per output pixel.
    pub fn scaled(x: f32, y: f32, scale: f32) -> Self {
        Affine { a: scale, b: 0.0, c: x, d: 0.0, e: scale, f: y }
    }

    pub fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        (self.a * x + self.b * y + self.c, self.d * x + self.e * y + self.f)
    }

    /// Photo pixels per output pixel, the larger of the two directions.
    fn scale(&self) -> f32 {
        (self.a.hypot(self.d)).max(self.b.hypot(self.e))
    }
}

/// The most samples per output pixel in each direction: beyond 8×8 the average changes little and the
/// cost grows with its square.
const MAX_SUPERSAMPLING: usize = 8;

/// Samples `width × height` RGB pixels through `map`, as three planes of values in 0–255. Each
/// output pixel averages an n×n grid of bilinear samples spread over the photo area it covers, so a
/// photo shrunk many times over does not alias. Outside the photo is black.
pub fn warp(image: &Image<'_>, map: Affine, width: usize, height: usize) -> [Vec<f32>; 3] {
    let n = (map.scale().ceil() as usize).clamp(1, MAX_SUPERSAMPLING);
    if map.b == 0.0 && map.d == 0.0 {
        return warp_axis_aligned(image, map, (width, height), n);
    }
    let mut planes = [vec![0.0; width * height], vec![0.0; width * height], vec![0.0; width * height]];
    let weight = 1.0 / (n * n) as f32;
    for oy in 0..height {
        for ox in 0..width {
            let mut sum = [0.0f32; 3];
            for sy in 0..n {
                for sx in 0..n {
                    let (u, v) = map.apply(
                        ox as f32 + (sx as f32 + 0.5) / n as f32,
                        oy as f32 + (sy as f32 + 0.5) / n as f32,
                    );
                    let rgb = bilinear(image, u - 0.5, v - 0.5);
                    sum.iter_mut().zip(rgb).for_each(|(s, c)| *s += c);
                }
            }
            for (plane, s) in planes.iter_mut().zip(sum) {
                plane[oy * width + ox] = s * weight;
            }
        }
    }
    planes
}

/// [`warp`] for a map without rotation (the detector's squares), the same samples computed in two
/// passes: the taps along each axis are the same for every row and column, so each output pixel
/// costs n + n taps instead of n × n bilinear samples.
fn warp_axis_aligned(
    image: &Image<'_>,
    map: Affine,
    (width, height): (usize, usize),
    n: usize,
) -> [Vec<f32>; 3] {
    let columns = taps(map.a, map.c, width, n, image.width);
    let rows = taps(map.e, map.f, height, n, image.height);
    let (first_row, last_row) =
        rows.iter().flatten().fold((usize::MAX, 0), |(lo, hi), &(y, _)| (lo.min(y), hi.max(y + 1)));
    // Each needed photo row, filtered along x to the output's width.
    let stride = image.width as usize * 3;
    let mut filtered = vec![[0.0f32; 3]; last_row.saturating_sub(first_row) * width];
    for (y, out) in (first_row..last_row).zip(filtered.chunks_exact_mut(width.max(1))) {
        let row = &image.rgb[y * stride..][..stride];
        for (o, taps) in out.iter_mut().zip(&columns) {
            for &(x, weight) in taps {
                for (c, v) in o.iter_mut().zip(&row[x * 3..x * 3 + 3]) {
                    *c += weight * f32::from(*v);
                }
            }
        }
    }
    let mut planes = [vec![0.0; width * height], vec![0.0; width * height], vec![0.0; width * height]];
    for (oy, taps) in rows.iter().enumerate() {
        for &(y, weight) in taps {
            let source = &filtered[(y - first_row) * width..][..width];
            for (ox, pixel) in source.iter().enumerate() {
                for (plane, v) in planes.iter_mut().zip(pixel) {
                    plane[oy * width + ox] += weight * v;
                }
            }
        }
    }
    planes
}

/// For each of `count` output positions along one axis (photo position `scale · o + offset`), the
/// photo pixels its n bilinear samples read and their weights, averaged; pixels off the photo are
/// left out (black).
fn taps(scale: f32, offset: f32, count: usize, n: usize, length: u32) -> Vec<Vec<(usize, f32)>> {
    (0..count)
        .map(|o| {
            let mut taps: Vec<(usize, f32)> = Vec::with_capacity(2 * n);
            for s in 0..n {
                let position = scale * (o as f32 + (s as f32 + 0.5) / n as f32) + offset - 0.5;
                let (low, fraction) = (position.floor(), position - position.floor());
                for (p, w) in [(low as i64, 1.0 - fraction), (low as i64 + 1, fraction)] {
                    if w == 0.0 || p < 0 || p >= i64::from(length) {
                        continue;
                    }
                    match taps.iter_mut().find(|(q, _)| *q == p as usize) {
                        Some(tap) => tap.1 += w / n as f32,
                        None => taps.push((p as usize, w / n as f32)),
                    }
                }
            }
            taps
        })
        .collect()
}

/// The photo's colour at a point between pixel centres (pixel `i`'s centre is at `i`).
fn bilinear(image: &Image<'_>, x: f32, y: f32) -> [f32; 3] {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let mut out = [0.0; 3];
    for (dy, wy) in [(0, 1.0 - fy), (1, fy)] {
        for (dx, wx) in [(0, 1.0 - fx), (1, fx)] {
            let w = wx * wy;
            if w == 0.0 {
                continue;
            }
            if let Some(px) = image.pixel(x0 as i64 + dx, y0 as i64 + dy) {
                out.iter_mut().zip(px).for_each(|(o, c)| *o += w * f32::from(c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_map_copies_pixels_one_to_one_and_averages_when_shrinking() {
        let rgb: Vec<u8> = (0..16u8).flat_map(|v| [v * 10, 0, 255]).collect();
        let image = Image { width: 4, height: 4, rgb: &rgb };
        let same = warp(&image, Affine::scaled(0.0, 0.0, 1.0), 4, 4);
        assert_eq!(same[0], (0..16).map(|v| (v * 10) as f32).collect::<Vec<_>>());
        let half = warp(&image, Affine::scaled(0.0, 0.0, 2.0), 2, 2);
        // Each output pixel is the mean of a 2×2 block: (0 + 10 + 40 + 50) / 4 = 25.
        assert_eq!(half[0], [25.0, 45.0, 105.0, 125.0]);
        assert_eq!(half[2], [255.0; 4]);
        // The two-pass path gives what the general one gives.
        let noise: Vec<u8> = (0..37 * 23 * 3).map(|i| (i * 7 % 251) as u8).collect();
        let noisy = Image { width: 37, height: 23, rgb: &noise };
        let map = Affine::scaled(-3.3, 2.1, 31.7 / 8.0);
        let mut rotated = map;
        rotated.b = 1e-9;
        let (fast, general) = (warp(&noisy, map, 8, 8), warp(&noisy, rotated, 8, 8));
        for (a, b) in fast.iter().flatten().zip(general.iter().flatten()) {
            assert!((a - b).abs() < 1e-2, "{a} vs {b}");
        }
        // Off the photo is black.
        let off = warp(&image, Affine::scaled(4.0, 4.0, 2.0), 2, 2);
        assert_eq!(off[2], [0.0; 4]);
    }
}
