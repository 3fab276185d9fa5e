//! Face detection with MediaPipe BlazeFace (the 256×256 "back camera" model): a square of the photo
//! goes in, and for each of 896 anchors a score, a box and six key points come out.

use crate::{
    Image, ModelError,
    onnx::Graph,
    tensor::Tensor,
    warp::{Affine, warp},
};
use serde::{Deserialize, Serialize};

/// The input size the model was exported for, and trained at.
const INPUT: usize = 256;
/// Its coarsest anchor grid's step: any input whose sides are multiples of it can be run.
const STRIDE: usize = 32;
/// The detailed look maps the photo's long side to this many input pixels: the scale of squares half
/// the photo across.
const DETAIL: usize = 2 * INPUT;

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
    /// The whole photo is looked at once, its long side at the model's own 256 pixels, for its large
    /// faces. A photo large enough is looked at again in more detail, its long side at 512 pixels:
    /// BlazeFace sees faces down to about a twelfth of its input, so this finds the small faces of a
    /// group photo. Each look is one run over the photo as it is, not over a square: a convolutional
    /// network sees each part of its input as it would see a tile of it, so no tiles, no overlap
    /// computed twice, no face cut by a tile's edge, and no run over the bars that would square a
    /// landscape photo (a quarter of the whole look, at 3:2).
    pub fn detect(&self, image: &Image<'_>) -> Result<Vec<Face>, ModelError> {
        let (w, h) = (image.width as f32, image.height as f32);
        let long = w.max(h);
        let look = |scale: f32| {
            let size = |side: f32| ((side / scale).ceil() as usize).div_ceil(STRIDE) * STRIDE;
            self.run_region(image, (0.0, 0.0), scale, (size(w), size(h)))
        };
        let mut candidates = look(long / INPUT as f32)?;
        let scale = long / DETAIL as f32;
        if scale >= 1.5 {
            candidates.extend(look(scale)?);
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

    /// Runs the network on `width × height` input pixels that show the photo from `(x, y)` on, `scale`
    /// photo pixels to one input pixel (black past the photo's edge).
    fn run_region(
        &self,
        image: &Image<'_>,
        (x, y): (f32, f32),
        scale: f32,
        (width, height): (usize, usize),
    ) -> Result<Vec<Candidate>, ModelError> {
        let planes = warp(image, Affine::scaled(x, y, scale), width, height);
        // The model takes height × width × channels, scaled to −1…1.
        let nhwc = (0..width * height).flat_map(|i| planes.iter().map(move |p| p[i] / 127.5 - 1.0)).collect();
        let outputs = self.graph.run(Tensor::new(vec![1, height, width, 3], nhwc)?)?;
        let mut found = Vec::new();
        for (scores, boxes, step) in anchor_layers(&outputs, (width, height))? {
            let across = width / step;
            let per_cell = scores.len() / (across * (height / step));
            for (i, &logit) in scores.iter().enumerate() {
                let score = sigmoid(logit);
                if score < self.threshold {
                    continue;
                }
                let cell = i / per_cell;
                // The anchor's centre, and the box's offsets from it, are in input pixels.
                let anchor = [
                    ((cell % across) as f32 + 0.5) * step as f32,
                    ((cell / across) as f32 + 0.5) * step as f32,
                ];
                let b = &boxes[i * 16..][..16];
                let point = |px: f32, py: f32| [x + (anchor[0] + px) * scale, y + (anchor[1] + py) * scale];
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

/// One grid of anchors: its scores, its boxes (16 numbers each) and its step in input pixels.
type AnchorLayer<'a> = (&'a [f32], &'a [f32], usize);

/// Pairs each score output with its box output and grid: 2 anchors in each 16-pixel cell, 6 in each
/// 32-pixel cell.
fn anchor_layers(
    outputs: &[Tensor],
    (width, height): (usize, usize),
) -> Result<Vec<AnchorLayer<'_>>, ModelError> {
    let layer = |step: usize, per_cell: usize| {
        let anchors = (width / step) * (height / step) * per_cell;
        let find = |values: usize| {
            outputs.iter().find(|t| t.shape == [1, anchors, values]).map(|t| t.data.as_slice()).ok_or_else(
                || ModelError::Shape(format!("no output of {anchors}×{values}: is this BlazeFace 256?")),
            )
        };
        Ok::<_, ModelError>((find(1)?, find(16)?, step))
    };
    Ok(vec![layer(16, 2)?, layer(STRIDE, 6)?])
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x.clamp(-80.0, 80.0)).exp())
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
