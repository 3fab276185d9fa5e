//! Runs an ONNX graph made of the operators BlazeFace needs: Conv (grouped, strided, padded), Relu,
//! Add, MaxPool, Transpose, Reshape, Concat and ConstantOfShape. Any other operator, or an attribute
//! these do not support, is refused when the model loads, not met halfway through a photo.
//!
//! The graph runs at any input size whose sides are multiples of its total stride, not only the one
//! it was exported for: a convolutional network sees each part of a larger input as it would see a
//! tile, so one run over a whole photo replaces many overlapping tiles. The two places the export
//! wrote its input size in are made size-free when the model loads: zero channels appended by
//! `ConstantOfShape` + `Concat` (TensorFlow's channel `Pad`) become [`Op::PadChannels`], and a
//! `Reshape` to `[1, anchors, values]` infers its anchor count.

use crate::{
    ModelError,
    protobuf::{self, Value},
    tensor::{self, Conv, Geometry, Pool, Tensor},
};
use std::collections::HashMap;

/// A loaded graph, in execution order, with its weights ready to use.
#[derive(Debug)]
pub struct Graph {
    steps: Vec<Step>,
    input: String,
    outputs: Vec<String>,
    /// Where each value is last read, so intermediate tensors are dropped as soon as they are done.
    last_use: HashMap<String, usize>,
}

#[derive(Debug)]
struct Step {
    op: Op,
    inputs: Vec<String>,
    output: String,
}

#[derive(Debug)]
enum Op {
    Conv(Conv),
    Relu,
    Add,
    MaxPool {
        size: usize,
        stride: usize,
    },
    Transpose(Vec<usize>),
    Reshape(Vec<i64>),
    Concat(usize),
    Constant(Tensor),
    /// Appends this many zero channels, whatever the input's height and width.
    PadChannels(usize),
}

/// What the wire gives for one node, before it is checked.
#[derive(Default)]
struct RawNode<'a> {
    inputs: Vec<&'a str>,
    outputs: Vec<&'a str>,
    op_type: &'a str,
    attributes: HashMap<&'a str, Attribute>,
}

#[derive(Debug, Clone)]
enum Attribute {
    Int(i64),
    Ints(Vec<i64>),
    Tensor(Initializer),
    Other,
}

#[derive(Debug, Clone)]
enum Initializer {
    Floats(Vec<usize>, Vec<f32>),
    Ints(Vec<i64>),
}

impl Graph {
    pub fn parse(model: &[u8]) -> Result<Self, ModelError> {
        let mut graph = None;
        for field in protobuf::fields(model) {
            if let (7, value) = field? {
                graph = Some(value.bytes()?);
            }
        }
        let graph = graph.ok_or(ModelError::Malformed("no graph"))?;
        let (mut nodes, mut initializers, mut inputs, mut outputs) =
            (Vec::new(), HashMap::new(), Vec::new(), Vec::new());
        for field in protobuf::fields(graph) {
            match field? {
                (1, v) => nodes.push(parse_node(v.bytes()?)?),
                (5, v) => {
                    let (name, init) = parse_tensor(v.bytes()?)?;
                    initializers.insert(name, init);
                }
                (11, v) => inputs.push(value_info_name(v.bytes()?)?),
                (12, v) => outputs.push(value_info_name(v.bytes()?)?.to_owned()),
                _ => {}
            }
        }
        let input = inputs
            .into_iter()
            .find(|name| !initializers.contains_key(name))
            .ok_or(ModelError::Malformed("no graph input"))?
            .to_owned();
        let steps =
            nodes.into_iter().map(|node| compile(node, &initializers)).collect::<Result<Vec<_>, _>>()?;
        let steps = size_free(steps, &outputs);
        let mut last_use = HashMap::new();
        for (i, step) in steps.iter().enumerate() {
            for name in &step.inputs {
                last_use.insert(name.clone(), i);
            }
        }
        Ok(Graph { steps, input, outputs, last_use })
    }

    /// Runs the graph on one input and returns its outputs in the model's order.
    pub fn run(&self, input: Tensor) -> Result<Vec<Tensor>, ModelError> {
        let mut values: HashMap<&str, Tensor> = HashMap::from([(self.input.as_str(), input)]);
        for (i, step) in self.steps.iter().enumerate() {
            let result = self.step(i, step, &mut values)?;
            values.retain(|name, _| {
                self.last_use.get(*name).is_some_and(|&last| last > i)
                    || self.outputs.iter().any(|o| o == name)
            });
            values.insert(&step.output, result);
        }
        self.outputs
            .iter()
            .map(|name| {
                values
                    .remove(name.as_str())
                    .ok_or_else(|| ModelError::Unsupported(format!("output {name} is never made")))
            })
            .collect()
    }

    /// Step `i`'s result. An element-wise operator overwrites its first input where no later step
    /// (nor this one's other input) reads it, instead of copying it.
    fn step(&self, i: usize, step: &Step, values: &mut HashMap<&str, Tensor>) -> Result<Tensor, ModelError> {
        let name = |n: usize| {
            step.inputs.get(n).map(String::as_str).ok_or(ModelError::Malformed("an operator lacks an input"))
        };
        let take = |values: &mut HashMap<&str, Tensor>, n: usize| {
            let name = name(n)?;
            let read_again = self.last_use.get(name) != Some(&i)
                || self.outputs.iter().any(|o| o == name)
                || step.inputs.iter().filter(|input| *input == name).count() > 1;
            if read_again {
                value(values, name).cloned()
            } else {
                values.remove(name).ok_or_else(|| never_made(name))
            }
        };
        Ok(match &step.op {
            Op::Relu => tensor::relu(take(values, 0)?),
            Op::Add => {
                let sum = take(values, 0)?;
                tensor::add(sum, value(values, name(1)?)?)?
            }
            Op::Reshape(shape) => reshape(take(values, 0)?, shape)?,
            Op::PadChannels(extra) => tensor::pad_channels(take(values, 0)?, *extra)?,
            Op::Conv(conv) => conv.apply(value(values, name(0)?)?)?,
            Op::MaxPool { size, stride } => {
                tensor::pool(value(values, name(0)?)?, Pool::Max, *size, *stride)?
            }
            Op::Transpose(perm) => tensor::transpose(value(values, name(0)?)?, perm)?,
            Op::Concat(axis) => {
                let parts =
                    (0..step.inputs.len()).map(|n| value(values, name(n)?)).collect::<Result<Vec<_>, _>>()?;
                tensor::concat(&parts, *axis)?
            }
            Op::Constant(t) => t.clone(),
        })
    }
}

fn value<'v>(values: &'v HashMap<&str, Tensor>, name: &str) -> Result<&'v Tensor, ModelError> {
    values.get(name).ok_or_else(|| never_made(name))
}

fn never_made(name: &str) -> ModelError {
    ModelError::Unsupported(format!("value {name} is never made"))
}

/// Makes the graph size-free (see the module's notes): channel padding by a constant block of zeros
/// becomes [`Op::PadChannels`], and the blocks, read by nothing else, go.
fn size_free(mut steps: Vec<Step>, outputs: &[String]) -> Vec<Step> {
    let zero_channels: HashMap<String, usize> = steps
        .iter()
        .filter_map(|s| match &s.op {
            Op::Constant(t) if t.shape.len() == 4 && t.data.iter().all(|&v| v == 0.0) => {
                Some((s.output.clone(), t.shape[1]))
            }
            _ => None,
        })
        .collect();
    for step in &mut steps {
        if let (Op::Concat(1), [_, zeros]) = (&step.op, &step.inputs[..])
            && let Some(&extra) = zero_channels.get(zeros)
        {
            step.op = Op::PadChannels(extra);
            step.inputs.truncate(1);
        }
    }
    let read: std::collections::HashSet<String> =
        steps.iter().flat_map(|s| s.inputs.iter().cloned()).chain(outputs.iter().cloned()).collect();
    steps.retain(|s| !zero_channels.contains_key(&s.output) || read.contains(&s.output));
    steps
}

fn reshape(mut t: Tensor, shape: &[i64]) -> Result<Tensor, ModelError> {
    let known: usize = shape
        .iter()
        .enumerate()
        .map(|(d, &n)| if n == 0 { t.shape.get(d).copied().unwrap_or(1) } else { n.max(1) as usize })
        .product();
    let new_shape = shape
        .iter()
        .enumerate()
        .map(|(d, &n)| match n {
            -1 => t.data.len() / known.max(1),
            0 => t.shape.get(d).copied().unwrap_or(1),
            n => n as usize,
        })
        .collect();
    t = Tensor::new(new_shape, t.data)?;
    Ok(t)
}

fn compile(node: RawNode<'_>, initializers: &HashMap<&str, Initializer>) -> Result<Step, ModelError> {
    let ints = |name: &str| match node.attributes.get(name) {
        Some(Attribute::Ints(v)) => Some(v.clone()),
        _ => None,
    };
    let int = |name: &str| match node.attributes.get(name) {
        Some(Attribute::Int(v)) => Some(*v),
        _ => None,
    };
    let unsupported = |what: &str| ModelError::Unsupported(format!("{} with {what}", node.op_type));
    let floats = |name: &str| match initializers.get(name) {
        Some(Initializer::Floats(shape, data)) => Ok((shape.clone(), data.clone())),
        _ => Err(ModelError::Unsupported(format!("{} needs constant weights {name}", node.op_type))),
    };
    let int_constant = |name: &str| match initializers.get(name) {
        Some(Initializer::Ints(v)) => Ok(v.clone()),
        _ => Err(ModelError::Unsupported(format!("{} needs a constant shape {name}", node.op_type))),
    };
    let mut inputs: Vec<String> = node.inputs.iter().map(|s| s.to_string()).collect();
    let op = match node.op_type {
        "Conv" => {
            let (shape, weights) = floats(node.inputs.get(1).copied().unwrap_or_default())?;
            let bias = match node.inputs.get(2) {
                Some(name) => floats(name)?.1,
                None => Vec::new(),
            };
            let [out_channels, _, kh, kw] = shape[..] else {
                return Err(unsupported("weights that are not 4-D"));
            };
            if ints("dilations").is_some_and(|d| d.iter().any(|&d| d != 1)) {
                return Err(unsupported("dilation"));
            }
            let stride = ints("strides").unwrap_or(vec![1, 1]);
            let pads = ints("pads").unwrap_or(vec![0; 4]);
            let (Ok([sh, sw]), Ok([pt, pl, pb, pr])) = (to_sizes::<2>(&stride), to_sizes::<4>(&pads)) else {
                return Err(unsupported("strides or pads it cannot use"));
            };
            // The bias and the rest of the shape are checked by `Conv::new`.
            if node.attributes.contains_key("auto_pad") {
                return Err(unsupported("a padding mode it cannot use"));
            }
            inputs.truncate(1);
            let geometry = Geometry {
                out_channels,
                groups: int("group").unwrap_or(1).max(1) as usize,
                kernel: (kh, kw),
                stride: (sh, sw),
                pads: [pt, pl, pb, pr],
            };
            Op::Conv(Conv::new(weights, bias, geometry)?)
        }
        "Relu" => Op::Relu,
        "Add" => Op::Add,
        "MaxPool" => {
            let kernel = ints("kernel_shape").ok_or_else(|| unsupported("no kernel"))?;
            let stride = ints("strides").unwrap_or(vec![1, 1]);
            let padded = ints("pads").is_some_and(|p| p.iter().any(|&p| p != 0));
            match (to_sizes::<2>(&kernel), to_sizes::<2>(&stride)) {
                (Ok([k, k2]), Ok([s, s2])) if k == k2 && s == s2 && !padded => {
                    Op::MaxPool { size: k, stride: s }
                }
                _ => return Err(unsupported("a window it cannot use")),
            }
        }
        "Transpose" => {
            Op::Transpose(to_sizes_vec(&ints("perm").ok_or_else(|| unsupported("no permutation"))?)?)
        }
        "Reshape" => {
            let mut shape = int_constant(node.inputs.get(1).copied().unwrap_or_default())?;
            // `[1, anchors, values]`: the anchors follow the input's size.
            if let [1, anchors, ..] = &mut shape[..] {
                *anchors = -1;
            }
            inputs.truncate(1);
            Op::Reshape(shape)
        }
        "Concat" => Op::Concat(
            usize::try_from(int("axis").ok_or_else(|| unsupported("no axis"))?)
                .map_err(|_| unsupported("a negative axis"))?,
        ),
        "ConstantOfShape" => {
            let shape = to_sizes_vec(&int_constant(node.inputs.first().copied().unwrap_or_default())?)?;
            let fill = match node.attributes.get("value") {
                None => 0.0,
                Some(Attribute::Tensor(Initializer::Floats(_, v))) if v.len() == 1 => v[0],
                Some(_) => return Err(unsupported("a fill value it cannot use")),
            };
            inputs.clear();
            let len = shape.iter().product();
            Op::Constant(Tensor::new(shape, vec![fill; len])?)
        }
        other => return Err(ModelError::Unsupported(format!("operator {other}"))),
    };
    let output =
        node.outputs.first().ok_or(ModelError::Malformed("an operator without an output"))?.to_string();
    Ok(Step { op, inputs, output })
}

fn to_sizes<const N: usize>(v: &[i64]) -> Result<[usize; N], ModelError> {
    to_sizes_vec(v)?.try_into().map_err(|_| ModelError::Malformed("wrong number of sizes"))
}

fn to_sizes_vec(v: &[i64]) -> Result<Vec<usize>, ModelError> {
    v.iter().map(|&n| usize::try_from(n).map_err(|_| ModelError::Malformed("a negative size"))).collect()
}

fn value_info_name(message: &[u8]) -> Result<&str, ModelError> {
    for field in protobuf::fields(message) {
        if let (1, v) = field? {
            return v.string();
        }
    }
    Err(ModelError::Malformed("an unnamed graph input or output"))
}

fn parse_node(message: &[u8]) -> Result<RawNode<'_>, ModelError> {
    let mut node = RawNode::default();
    for field in protobuf::fields(message) {
        match field? {
            (1, v) => node.inputs.push(v.string()?),
            (2, v) => node.outputs.push(v.string()?),
            (4, v) => node.op_type = v.string()?,
            (5, v) => {
                let (name, attribute) = parse_attribute(v.bytes()?)?;
                node.attributes.insert(name, attribute);
            }
            _ => {}
        }
    }
    Ok(node)
}

fn parse_attribute(message: &[u8]) -> Result<(&str, Attribute), ModelError> {
    let (mut name, mut attribute, mut ints) = ("", Attribute::Other, Vec::new());
    for field in protobuf::fields(message) {
        match field? {
            (1, v) => name = v.string()?,
            (3, v) => attribute = Attribute::Int(v.varint()? as i64),
            (5, v) => attribute = Attribute::Tensor(parse_tensor(v.bytes()?)?.1),
            (8, v) => v.push_ints(&mut ints)?,
            _ => {}
        }
    }
    if !ints.is_empty() {
        attribute = Attribute::Ints(ints);
    }
    Ok((name, attribute))
}

const FLOAT: u64 = 1;
const INT64: u64 = 7;

fn parse_tensor(message: &[u8]) -> Result<(&str, Initializer), ModelError> {
    let (mut name, mut dims, mut data_type, mut raw, mut floats, mut ints) =
        ("", Vec::new(), 0, None, Vec::new(), Vec::new());
    for field in protobuf::fields(message) {
        match field? {
            (1, v) => v.push_ints(&mut dims)?,
            (2, v) => data_type = v.varint()?,
            (4, Value::Bytes(packed)) => floats
                .extend(packed.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))),
            (4, Value::Fixed32(bits)) => floats.push(f32::from_bits(bits)),
            (7, v) => v.push_ints(&mut ints)?,
            (8, v) => name = v.string()?,
            (9, v) => raw = Some(v.bytes()?),
            _ => {}
        }
    }
    let shape = to_sizes_vec(&dims)?;
    let count: usize = shape.iter().product();
    let init = match data_type {
        FLOAT => {
            if let Some(raw) = raw {
                floats =
                    raw.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes"))).collect();
            }
            if floats.len() != count {
                return Err(ModelError::Malformed("a weight tensor's size disagrees with its shape"));
            }
            Initializer::Floats(shape, floats)
        }
        INT64 => {
            if let Some(raw) = raw {
                ints =
                    raw.chunks_exact(8).map(|b| i64::from_le_bytes(b.try_into().expect("8 bytes"))).collect();
            }
            if ints.len() != count {
                return Err(ModelError::Malformed("a shape tensor's size disagrees with its shape"));
            }
            Initializer::Ints(ints)
        }
        _ => return Err(ModelError::Unsupported(format!("tensor {name} of data type {data_type}"))),
    };
    Ok((name, init))
}
