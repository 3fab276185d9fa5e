//! Face detection with MediaPipe BlazeFace (the 256×256 "back camera" model): a square of the photo
//! goes in, and for each of 896 anchors a score, a box and six key points come out.

use crate::{
    Image, ModelError,
    onnx::Graph,
    tensor::Tensor,
    warp::{Affine, warp},
};
use serde::{Deserialize, Serialize};

const INPUT: usize = 256;

/// A face, in coordinates relative to the photo (0–1 across its width and down its height).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Face {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// The subject's right eye, left eye, nose tip, mouth, right ear, left ear: `[x, y]` each.
    pub landmarks: [[f32; 2]; 6],
    /// The detector's confidence, 0–1.
    pub score: f32,
}

/// A detection in photo pixels, before overlapping ones are merged.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    centre: [f32; 2],
    size: [f32; 2],
    landmarks: [[f32; 2]; 6],
    score: f32,
}

impl Candidate {
    fn iou(&self, other: &Candidate) -> f32 {
        let overlap = |d: usize| {
            let lo = (self.centre[d] - self.size[d] / 2.0).max(other.centre[d] - other.size[d] / 2.0);
            let hi = (self.centre[d] + self.size[d] / 2.0).min(other.centre[d] + other.size[d] / 2.0);
            (hi - lo).max(0.0)
        };
        let inner = overlap(0) * overlap(1);
        inner / (self.size[0] * self.size[1] + other.size[0] * other.size[1] - inner)
    }

    fn inside(&self, x: f32, y: f32, side: f32) -> bool {
        let slack = side * 0.02;
        self.centre[0] - self.size[0] / 2.0 >= x - slack
            && self.centre[1] - self.size[1] / 2.0 >= y - slack
            && self.centre[0] + self.size[0] / 2.0 <= x + side + slack
            && self.centre[1] + self.size[1] / 2.0 <= y + side + slack
    }
}

pub struct Detector {
    graph: Graph,
    /// Anchor scores below this are not faces.
    pub threshold: f32,
}

/// Candidates overlapping more than this are the same face (MediaPipe's own value).
const SAME_FACE_IOU: f32 = 0.3;

impl Detector {
    pub fn load(onnx: &[u8]) -> Result<Self, ModelError> {
        Ok(Detector { graph: Graph::parse(onnx)?, threshold: 0.6 })
    }

    /// Every face in an upright photo, most confident first.
    ///
    /// The whole photo is looked at once, and a photo large enough is also looked at in overlapping
    /// squares half its long side across: BlazeFace sees faces down to about a twelfth of its input,
    /// so the squares find the small faces of a group photo. A face cut by a square's edge is left
    /// to the square that holds all of it (squares overlap by half, so one does).
    pub fn detect(&self, image: &Image<'_>) -> Result<Vec<Face>, ModelError> {
        let (w, h) = (image.width as f32, image.height as f32);
        let long = w.max(h);
        let mut candidates = self.run_square(image, (w - long) / 2.0, (h - long) / 2.0, long)?;
        let side = long / 2.0;
        if side >= INPUT as f32 * 1.5 {
            for y in tile_starts(h, side) {
                for x in tile_starts(w, side) {
                    let found = self.run_square(image, x, y, side)?;
                    candidates.extend(found.into_iter().filter(|c| c.inside(x, y, side)));
                }
            }
        }
        Ok(merge(candidates).into_iter().map(|c| c.relative_to(w, h)).collect())
    }

    /// The network's raw outputs for one 256×256×3 input scaled to −1…1, for comparing this crate's
    /// tensor code with another runtime's.
    #[doc(hidden)]
    pub fn run_network(&self, nhwc: Vec<f32>) -> Result<Vec<Vec<f32>>, ModelError> {
        Ok(self
            .graph
            .run(Tensor::new(vec![1, INPUT, INPUT, 3], nhwc)?)?
            .into_iter()
            .map(|t| t.data)
            .collect())
    }

    /// Runs the network on the square of the photo with its corner at `(x, y)`.
    fn run_square(&self, image: &Image<'_>, x: f32, y: f32, side: f32) -> Result<Vec<Candidate>, ModelError> {
        let planes = warp(image, Affine::square(x, y, side, INPUT), INPUT, INPUT);
        // The model takes height × width × channels, scaled to −1…1.
        let nhwc = (0..INPUT * INPUT).flat_map(|i| planes.iter().map(move |p| p[i] / 127.5 - 1.0)).collect();
        let outputs = self.graph.run(Tensor::new(vec![1, INPUT, INPUT, 3], nhwc)?)?;
        let scale = side / INPUT as f32;
        let mut found = Vec::new();
        for (scores, boxes, cells) in anchor_layers(&outputs)? {
            let per_cell = scores.len() / (cells * cells);
            for (i, &logit) in scores.iter().enumerate() {
                let score = sigmoid(logit);
                if score < self.threshold {
                    continue;
                }
                let cell = i / per_cell;
                let anchor = [
                    ((cell % cells) as f32 + 0.5) / cells as f32,
                    ((cell / cells) as f32 + 0.5) / cells as f32,
                ];
                let b = &boxes[i * 16..][..16];
                let point =
                    |px: f32, py: f32| [x + anchor[0] * side + px * scale, y + anchor[1] * side + py * scale];
                found.push(Candidate {
                    centre: point(b[0], b[1]),
                    size: [b[2] * scale, b[3] * scale],
                    landmarks: std::array::from_fn(|k| point(b[4 + 2 * k], b[5 + 2 * k])),
                    score,
                });
            }
        }
        Ok(found)
    }
}

/// One grid of anchors: its scores, its boxes (16 numbers each) and its cells across.
type AnchorLayer<'a> = (&'a [f32], &'a [f32], usize);

/// Pairs each score output with its box output and grid: 16×16 cells of 2 anchors, 8×8 of 6.
fn anchor_layers(outputs: &[Tensor]) -> Result<Vec<AnchorLayer<'_>>, ModelError> {
    let find = |anchors: usize, width: usize| {
        outputs.iter().find(|t| t.shape == [1, anchors, width]).map(|t| t.data.as_slice()).ok_or_else(|| {
            ModelError::Shape(format!("no output of {anchors}×{width}: is this BlazeFace 256?"))
        })
    };
    Ok(vec![(find(512, 1)?, find(512, 16)?, 16), (find(384, 1)?, find(384, 16)?, 8)])
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x.clamp(-80.0, 80.0)).exp())
}

/// Where squares of `side` start along an edge of `length`: half a side apart, the last flush with
/// the end.
fn tile_starts(length: f32, side: f32) -> Vec<f32> {
    if length <= side {
        return vec![(length - side) / 2.0];
    }
    let steps = ((length - side) / (side / 2.0)).ceil() as usize;
    (0..=steps).map(|i| (length - side) * i as f32 / steps as f32).collect()
}

/// Merges candidates that are the same face, each group into its score-weighted mean (BlazeFace's
/// "weighted non-maximum suppression": steadier boxes than keeping the best alone).
fn merge(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut merged = Vec::new();
    let mut taken = vec![false; candidates.len()];
    for i in 0..candidates.len() {
        if taken[i] {
            continue;
        }
        let best = candidates[i];
        let (mut total, mut sum) = (
            0.0,
            Candidate { centre: [0.0; 2], size: [0.0; 2], landmarks: [[0.0; 2]; 6], score: best.score },
        );
        for j in i..candidates.len() {
            if taken[j] || best.iou(&candidates[j]) < SAME_FACE_IOU {
                continue;
            }
            taken[j] = true;
            let c = &candidates[j];
            total += c.score;
            for d in 0..2 {
                sum.centre[d] += c.centre[d] * c.score;
                sum.size[d] += c.size[d] * c.score;
                for (s, l) in sum.landmarks.iter_mut().zip(&c.landmarks) {
                    s[d] += l[d] * c.score;
                }
            }
        }
        for d in 0..2 {
            sum.centre[d] /= total;
            sum.size[d] /= total;
            sum.landmarks.iter_mut().for_each(|l| l[d] /= total);
        }
        merged.push(sum);
    }
    merged
}

impl Candidate {
    /// The face relative to the photo, its box cut to the photo (a face at the edge shows in part).
    fn relative_to(&self, w: f32, h: f32) -> Face {
        let (left, top) =
            ((self.centre[0] - self.size[0] / 2.0).max(0.0), (self.centre[1] - self.size[1] / 2.0).max(0.0));
        let (right, bottom) =
            ((self.centre[0] + self.size[0] / 2.0).min(w), (self.centre[1] + self.size[1] / 2.0).min(h));
        Face {
            x: left / w,
            y: top / h,
            width: (right - left).max(0.0) / w,
            height: (bottom - top).max(0.0) / h,
            landmarks: self.landmarks.map(|[x, y]| [x / w, y / h]),
            score: self.score,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_cover_the_edge_with_half_overlap() {
        assert_eq!(tile_starts(1600.0, 800.0), [0.0, 400.0, 800.0]);
        assert_eq!(tile_starts(1200.0, 800.0), [0.0, 400.0]);
        assert_eq!(tile_starts(500.0, 800.0), [-150.0]);
    }

    #[test]
    fn overlapping_candidates_merge_into_their_weighted_mean() {
        let c = |x: f32, score: f32| Candidate {
            centre: [x, 50.0],
            size: [20.0, 20.0],
            landmarks: [[x, 50.0]; 6],
            score,
        };
        let merged = merge(vec![c(50.0, 0.5), c(52.0, 1.0), c(200.0, 0.7)]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].score, 1.0);
        assert!((merged[0].centre[0] - (50.0 * 0.5 + 52.0) / 1.5).abs() < 1e-4);
        assert_eq!(merged[1].centre[0], 200.0);
    }
}
