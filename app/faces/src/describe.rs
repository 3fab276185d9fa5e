//! The dlib ResNet-29 face descriptor: an aligned 150×150 face in, 128 numbers out, close together
//! (Euclidean distance under about 0.6) for the same person. The network is written out here as
//! face-api's TensorFlow.js port has it, and its weights are read from that port's quantised files.

use crate::{
    Face, Image, ModelError,
    tensor::{self, Conv, Geometry, Pool, Tensor},
    warp::{Affine, warp},
};
use serde::Deserialize;
use std::collections::HashMap;

pub const DESCRIPTOR_LEN: usize = 128;
pub type Descriptor = [f32; DESCRIPTOR_LEN];

const CHIP: usize = 150;

/// Where dlib's face chips put the eyes, nose tip and mouth centre, in a 150-pixel chip with a
/// quarter of padding around the face: the centres of those features in dlib's mean face shape,
/// mapped as `get_face_chip_details` maps them. The descriptor was trained on chips aligned so.
const CHIP_POINTS: [[f32; 2]; 4] = [[47.55, 46.60], [100.48, 46.60], [74.01, 87.81], [74.01, 105.42]];

/// The mean colour the network was trained with, subtracted before scaling to about −½…½.
const MEAN_RGB: [f32; 3] = [122.782, 117.001, 104.298];

struct Layer {
    conv1: Conv,
    conv2: Conv,
}

pub struct Describer {
    stem: Conv,
    /// (layer, whether it halves the size).
    blocks: Vec<(Layer, bool)>,
    /// 256 × 128, input-major.
    fully_connected: Vec<f32>,
}

#[derive(Deserialize)]
struct Group {
    paths: Vec<String>,
    weights: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    shape: Vec<usize>,
    dtype: String,
    quantization: Option<Quantization>,
}

#[derive(Deserialize)]
struct Quantization {
    dtype: String,
    scale: f32,
    min: f32,
}

/// The blocks in order, and which of them halve the size.
const BLOCKS: [(&str, bool); 13] = [
    ("conv32_1", false),
    ("conv32_2", false),
    ("conv32_3", false),
    ("conv64_down", true),
    ("conv64_1", false),
    ("conv64_2", false),
    ("conv64_3", false),
    ("conv128_down", true),
    ("conv128_1", false),
    ("conv128_2", false),
    ("conv256_down", true),
    ("conv256_1", false),
    ("conv256_2", false),
];

impl Describer {
    /// Loads the network from a TensorFlow.js weights manifest and its one weights file.
    pub fn load(manifest: &[u8], weights: &[u8]) -> Result<Self, ModelError> {
        let groups: Vec<Group> = serde_json::from_slice(manifest)
            .map_err(|_| ModelError::Malformed("the weights manifest is not valid JSON"))?;
        if groups.iter().map(|g| g.paths.len()).sum::<usize>() != 1 {
            return Err(ModelError::Unsupported("weights split over several files".into()));
        }
        let mut named = read_weights(groups.iter().flat_map(|g| &g.weights), weights)?;
        let mut take = |name: String| {
            named.remove(&name).ok_or_else(|| ModelError::Unsupported(format!("missing weights {name}")))
        };
        let mut conv = |prefix: &str, stride: usize, same: bool| -> Result<Conv, ModelError> {
            let (shape, filters) = take(format!("{prefix}/conv/filters"))?;
            let (_, bias) = take(format!("{prefix}/conv/bias"))?;
            let (_, scale) = take(format!("{prefix}/scale/weights"))?;
            let (_, shift) = take(format!("{prefix}/scale/biases"))?;
            conv_from_tfjs(&shape, &filters, &bias, &scale, &shift, stride, same)
        };
        let stem = conv("conv32_down", 2, false)?;
        let mut blocks = Vec::new();
        for (name, down) in BLOCKS.into_iter().chain([("conv256_down_out", true)]) {
            let conv1 = conv(&format!("{name}/conv1"), if down { 2 } else { 1 }, !down)?;
            let conv2 = conv(&format!("{name}/conv2"), 1, true)?;
            blocks.push((Layer { conv1, conv2 }, down));
        }
        let (shape, fully_connected) = take("fc".into())?;
        if shape != [256, DESCRIPTOR_LEN] {
            return Err(ModelError::Shape(format!("fully connected layer {shape:?}")));
        }
        Ok(Describer { stem, blocks, fully_connected })
    }

    /// The descriptor of one detected face.
    pub fn describe(&self, image: &Image<'_>, face: &Face) -> Result<Descriptor, ModelError> {
        self.describe_chip(&Self::chip(image, face))
    }

    /// The face cut out upright and scaled so its eyes, nose and mouth sit where the network
    /// expects them: three 150×150 planes, values 0–255.
    pub fn chip(image: &Image<'_>, face: &Face) -> [Vec<f32>; 3] {
        let (w, h) = (image.width as f32, image.height as f32);
        let photo: Vec<[f32; 2]> = face.landmarks[..4].iter().map(|[x, y]| [x * w, y * h]).collect();
        warp(image, similarity(&CHIP_POINTS, &photo), CHIP, CHIP)
    }

    /// The descriptor of an aligned 150×150 chip (three planes, values 0–255).
    pub fn describe_chip(&self, planes: &[Vec<f32>; 3]) -> Result<Descriptor, ModelError> {
        let data = planes
            .iter()
            .zip(MEAN_RGB)
            .flat_map(|(p, mean)| p.iter().map(move |v| (v - mean) / 255.0))
            .collect();
        let mut x = tensor::relu(self.stem.apply(&Tensor::new(vec![1, 3, CHIP, CHIP], data)?)?);
        x = tensor::pool(&x, Pool::Max, 3, 2)?;
        for (layer, down) in &self.blocks {
            x = if *down { residual_down(&x, layer)? } else { residual(&x, layer)? };
        }
        let (c, h, w) = x.chw()?;
        let mean: Vec<f32> =
            x.data.chunks_exact(h * w).map(|plane| plane.iter().sum::<f32>() / (h * w) as f32).collect();
        let mut out = [0.0; DESCRIPTOR_LEN];
        for (i, m) in mean.iter().enumerate().take(c) {
            for (o, w) in out.iter_mut().zip(&self.fully_connected[i * DESCRIPTOR_LEN..][..DESCRIPTOR_LEN]) {
                *o += m * w;
            }
        }
        Ok(out)
    }
}

/// The rotation, uniform scale and shift that best carry `from` onto `to` (least squares).
fn similarity(from: &[[f32; 2]], to: &[[f32; 2]]) -> Affine {
    let n = from.len() as f32;
    let mean = |pts: &[[f32; 2]], d: usize| pts.iter().map(|p| p[d]).sum::<f32>() / n;
    let (fx, fy, tx, ty) = (mean(from, 0), mean(from, 1), mean(to, 0), mean(to, 1));
    let (mut dot, mut cross, mut norm) = (0.0, 0.0, 0.0);
    for (p, q) in from.iter().zip(to) {
        let (px, py, qx, qy) = (p[0] - fx, p[1] - fy, q[0] - tx, q[1] - ty);
        dot += px * qx + py * qy;
        cross += px * qy - py * qx;
        norm += px * px + py * py;
    }
    let (a, b) = (dot / norm, cross / norm);
    Affine { a, b: -b, c: tx - a * fx + b * fy, d: b, e: a, f: ty - b * fx - a * fy }
}

fn residual(x: &Tensor, layer: &Layer) -> Result<Tensor, ModelError> {
    let out = tensor::relu(layer.conv1.apply(x)?);
    Ok(tensor::relu(tensor::add(layer.conv2.apply(&out)?, x)?))
}

/// A block that halves the size: its shortcut is the input averaged 2×2, widened with zero channels;
/// where the halved sizes disagree by one, the convolution side is padded with zeros at the end.
fn residual_down(x: &Tensor, layer: &Layer) -> Result<Tensor, ModelError> {
    let mut out = layer.conv2.apply(&tensor::relu(layer.conv1.apply(x)?))?;
    let mut pooled = tensor::pool(x, Pool::Average, 2, 2)?;
    let (c, h, w) = out.chw()?;
    let (pc, ph, pw) = pooled.chw()?;
    if (ph, pw) != (h, w) {
        if ph < h || pw < w {
            return Err(ModelError::Shape(format!("shortcut {:?} for {:?}", pooled.shape, out.shape)));
        }
        let mut padded = Tensor::zeros(vec![1, c, ph, pw]);
        for (dst, src) in padded.data.chunks_exact_mut(ph * pw).zip(out.data.chunks_exact(h * w)) {
            for y in 0..h {
                dst[y * pw..][..w].copy_from_slice(&src[y * w..][..w]);
            }
        }
        out = padded;
    }
    if pc < c {
        pooled = tensor::concat(&[&pooled, &Tensor::zeros(vec![1, c - pc, ph, pw])], 1)?;
    }
    Ok(tensor::relu(tensor::add(out, &pooled)?))
}

/// A weight's shape and values.
type Weights = (Vec<usize>, Vec<f32>);

/// Each named weight, dequantised: `min + scale × q` for the uint8-quantised ones.
fn read_weights<'a>(
    entries: impl Iterator<Item = &'a Entry>,
    bytes: &[u8],
) -> Result<HashMap<String, Weights>, ModelError> {
    let mut rest = bytes;
    let mut named = HashMap::new();
    for entry in entries {
        let count: usize = entry.shape.iter().product();
        let values = match (&entry.quantization, entry.dtype.as_str()) {
            (Some(q), "float32") if q.dtype == "uint8" => {
                take(&mut rest, count)?.iter().map(|&b| q.min + q.scale * f32::from(b)).collect()
            }
            (None, "float32") => take(&mut rest, count * 4)?
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                .collect(),
            _ => {
                return Err(ModelError::Unsupported(format!(
                    "weights {} stored as {}",
                    entry.name, entry.dtype
                )));
            }
        };
        named.insert(entry.name.clone(), (entry.shape.clone(), values));
    }
    if !rest.is_empty() {
        return Err(ModelError::Malformed("the weights file is longer than its manifest says"));
    }
    Ok(named)
}

fn take<'a>(rest: &mut &'a [u8], len: usize) -> Result<&'a [u8], ModelError> {
    if rest.len() < len {
        return Err(ModelError::Malformed("the weights file is shorter than its manifest says"));
    }
    let (head, tail) = rest.split_at(len);
    *rest = tail;
    Ok(head)
}

/// A TensorFlow convolution (`[kh][kw][in][out]` filters) followed by its per-channel scale and
/// shift, as one convolution: `(conv + bias) × scale + shift`.
fn conv_from_tfjs(
    shape: &[usize],
    filters: &[f32],
    bias: &[f32],
    scale: &[f32],
    shift: &[f32],
    stride: usize,
    same: bool,
) -> Result<Conv, ModelError> {
    let [kh, kw, cin, cout] = shape[..] else { return Err(ModelError::Shape(format!("filters {shape:?}"))) };
    if [bias.len(), scale.len(), shift.len()] != [cout; 3] {
        return Err(ModelError::Shape(format!("per-channel weights for {cout} channels")));
    }
    let mut weights = vec![0.0; filters.len()];
    for ((ky, kx), (ci, co)) in (0..kh)
        .flat_map(|y| (0..kw).map(move |x| (y, x)))
        .flat_map(|k| (0..cin).flat_map(move |i| (0..cout).map(move |o| (k, (i, o)))))
    {
        weights[((co * cin + ci) * kh + ky) * kw + kx] =
            filters[((ky * kw + kx) * cin + ci) * cout + co] * scale[co];
    }
    // TensorFlow's "same" padding for odd kernels at stride 1: half the kernel on each side.
    let (ph, pw) = if same { (kh / 2, kw / 2) } else { (0, 0) };
    let bias = (0..cout).map(|c| bias[c] * scale[c] + shift[c]).collect();
    let geometry = Geometry {
        out_channels: cout,
        groups: 1,
        kernel: (kh, kw),
        stride: (stride, stride),
        pads: [ph, pw, ph, pw],
    };
    Conv::new(weights, bias, geometry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_recovers_a_rotation_scale_and_shift() {
        let (angle, scale, shift) = (0.3f32, 2.5f32, [40.0f32, -7.0f32]);
        let to: Vec<[f32; 2]> = CHIP_POINTS
            .iter()
            .map(|[x, y]| {
                [
                    scale * (angle.cos() * x - angle.sin() * y) + shift[0],
                    scale * (angle.sin() * x + angle.cos() * y) + shift[1],
                ]
            })
            .collect();
        let map = similarity(&CHIP_POINTS, &to);
        for (p, q) in CHIP_POINTS.iter().zip(&to) {
            let (x, y) = map.apply(p[0], p[1]);
            assert!((x - q[0]).abs() < 1e-3 && (y - q[1]).abs() < 1e-3, "{x},{y} vs {q:?}");
        }
    }
}
