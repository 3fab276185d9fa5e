//! Resizing in fixed point. Shrinking averages areas: every output pixel is the exact coverage-weighted
//! mean of the source pixels under it, which is what photo downscaling wants (no aliasing, no ringing)
//! and several times faster than the `image` crate's filtered resize. Enlarging (a small photo on a big
//! print) interpolates linearly between the two nearest source pixels. Integer arithmetic throughout,
//! so the browser's wasm and the native build produce the same bytes.

/// For each output pixel, the source pixels it covers as a window of `width` taps starting at
/// `starts[i]`, with weights `weights[i * width..][..width]` summing to `one`. Every window has the
/// same width (zero weights pad the short ones) so the inner loops are regular.
struct Taps {
    width: usize,
    starts: Vec<usize>,
    weights: Vec<u32>,
}

fn taps(src: usize, dst: usize, one: u32) -> Taps {
    if dst > src {
        return linear_taps(src, dst, one);
    }
    let scale = src as f64 / dst as f64;
    let width = (scale.ceil() as usize + 1).min(src);
    let mut starts = Vec::with_capacity(dst);
    let mut weights = vec![0u32; dst * width];
    for i in 0..dst {
        let (lo, hi) = (i as f64 * scale, ((i + 1) as f64 * scale).min(src as f64));
        // Shift windows that would run past the edge back inside; the extra taps weigh nothing.
        let start = (lo.floor() as usize).min(src - width);
        let w = &mut weights[i * width..][..width];
        // Weights are differences of the rounded running coverage, so they always sum to exactly
        // `one` however many taps share it (rounding each tap alone drifts with wide windows).
        let (mut covered, mut given, mut last) = (0.0, 0u32, 0);
        for (k, weight) in w.iter_mut().enumerate() {
            let j = (start + k) as f64;
            let cover = (hi.min(j + 1.0) - lo.max(j)).max(0.0);
            if cover > 0.0 {
                last = k;
            }
            covered += cover / (hi - lo);
            let running = ((covered * one as f64).round() as u32).min(one);
            *weight = running.saturating_sub(given);
            given = given.max(running);
        }
        // Floating point may stop a hair short of the whole: the last covered tap takes the rest.
        w[last] += one - given;
        starts.push(start);
    }
    Taps { width, starts, weights }
}

/// Two taps per output pixel (one for a one-pixel source), weighted by distance to the sample centres.
fn linear_taps(src: usize, dst: usize, one: u32) -> Taps {
    let width = src.min(2);
    let mut starts = Vec::with_capacity(dst);
    let mut weights = vec![0u32; dst * width];
    // Positions in units of 1/(2·dst) source pixels keep the sample centres exact in integers:
    // output i's centre falls on source position ((2i + 1)·src − dst) / (2·dst).
    let (src64, dst64) = (src as u64, dst as u64);
    for i in 0..dst {
        let w = &mut weights[i * width..][..width];
        let numerator = ((2 * i as u64 + 1) * src64).saturating_sub(dst64);
        let (whole, part) = (numerator / (2 * dst64), numerator % (2 * dst64));
        let whole = whole as usize;
        if width == 1 {
            w[0] = one;
            starts.push(0);
        } else if whole + 1 >= src {
            // Past the last centre: the last pixel alone.
            w[1] = one;
            starts.push(src - 2);
        } else {
            let far = ((part * u64::from(one) + dst64) / (2 * dst64)) as u32;
            w[0] = one - far;
            w[1] = far;
            starts.push(whole);
        }
    }
    Taps { width, starts, weights }
}

const H_ONE: u32 = 1 << 14;
const V_ONE: u32 = 1 << 12;

/// One row at a time; `C` channels known at compile time so the per-pixel work unrolls.
fn horizontal<const C: usize>(src: &[u8], sw: usize, columns: &Taps, mid: &mut [u16]) {
    let dw = columns.starts.len();
    let n = columns.width;
    for (src_row, mid_row) in src.chunks_exact(sw * C).zip(mid.chunks_exact_mut(dw * C)) {
        for ((&start, weights), out) in
            columns.starts.iter().zip(columns.weights.chunks_exact(n)).zip(mid_row.chunks_exact_mut(C))
        {
            let mut acc = [0u32; C];
            for (&w, pixel) in weights.iter().zip(src_row[start * C..][..n * C].chunks_exact(C)) {
                for c in 0..C {
                    acc[c] += w * pixel[c] as u32;
                }
            }
            for c in 0..C {
                out[c] = (acc[c] >> 6) as u16;
            }
        }
    }
}

/// Resizes interleaved 8-bit pixels (`channels` per pixel) from `sw`×`sh` to `dw`×`dh`; equal sizes copy.
pub(crate) fn resize(src: &[u8], sw: usize, sh: usize, channels: usize, dw: usize, dh: usize) -> Vec<u8> {
    assert_eq!(src.len(), sw * sh * channels, "buffer matches its size");
    assert!(dw >= 1 && dh >= 1 && sw >= 1 && sh >= 1, "images have pixels");
    if (dw, dh) == (sw, sh) {
        return src.to_vec();
    }
    // Horizontal pass into 16-bit intermediates carrying 8 extra bits of precision.
    let columns = taps(sw, dw, H_ONE);
    let mut mid = vec![0u16; dw * sh * channels];
    match channels {
        3 => horizontal::<3>(src, sw, &columns, &mut mid),
        4 => horizontal::<4>(src, sw, &columns, &mut mid),
        1 => horizontal::<1>(src, sw, &columns, &mut mid),
        other => panic!("{other} channels are not supported"),
    }
    // Vertical pass, a whole row at a time so the inner loop runs over contiguous memory.
    let rows = taps(sh, dh, V_ONE);
    let width = dw * channels;
    let mut out = vec![0u8; dw * dh * channels];
    let mut acc = vec![0u32; width];
    for ((&start, weights), out_row) in
        rows.starts.iter().zip(rows.weights.chunks_exact(rows.width)).zip(out.chunks_exact_mut(width))
    {
        acc.iter_mut().for_each(|a| *a = 0);
        for (k, &w) in weights.iter().enumerate() {
            if w == 0 {
                continue;
            }
            let row = &mid[(start + k) * width..][..width];
            for (a, &m) in acc.iter_mut().zip(row) {
                *a += w * m as u32;
            }
        }
        for (o, &a) in out_row.iter_mut().zip(&acc) {
            *o = ((a + (1 << 19)) >> 20).min(255) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn flat_colour_stays_flat(sw in 1usize..300, sh in 1usize..300, dw in 1usize..300, dh in 1usize..300, v in 0u8..=255) {
            let (dw, dh) = (dw.min(sw), dh.min(sh));
            let src = vec![v; sw * sh * 3];
            let out = resize(&src, sw, sh, 3, dw, dh);
            prop_assert_eq!(out.len(), dw * dh * 3);
            prop_assert!(out.iter().all(|&p| (p as i32 - v as i32).abs() <= 1));
        }

        #[test]
        fn enlarging_keeps_flat_colour_and_range(sw in 1usize..40, sh in 1usize..40, dw in 1usize..400, dh in 1usize..400, v in 0u8..=255) {
            let src = vec![v; sw * sh];
            prop_assert!(resize(&src, sw, sh, 1, dw, dh).iter().all(|&p| (p as i32 - v as i32).abs() <= 1));
            // A ramp stays within its ends and never decreases along the row.
            let ramp: Vec<u8> = (0..sw).map(|x| (x * 255 / sw.max(2).saturating_sub(1).max(1)).min(255) as u8).collect();
            let out = resize(&ramp, sw, 1, 1, dw, 1);
            prop_assert!(out.windows(2).all(|w| w[0] <= w[1]));
        }
    }

    #[test]
    fn doubling_interpolates_between_neighbours() {
        // 2×1 → 4×1: centres at -0.25, 0.25, 0.75, 1.25 source pixels.
        assert_eq!(resize(&[0, 200], 2, 1, 1, 4, 1), vec![0, 50, 150, 200]);
    }

    #[test]
    fn halving_averages_blocks() {
        // 4×2 grey: columns 0,100,200,255 → 2×1 of the 2×2 block means.
        let src = [0, 100, 200, 255, 0, 100, 200, 255];
        assert_eq!(resize(&src, 4, 2, 1, 2, 1), vec![50, 228]);
    }
}
