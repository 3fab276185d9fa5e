//! Native timing of the face work per photo: detection (both looks) and one descriptor, the median of
//! `--runs N` (7 unless given). Run by `cargo xtask bench`, which gives it the models and photos
//! (KEEPSAKE_FACES).

// The media benches' arguments and timing.
#[path = "../../media/benches/common/mod.rs"]
mod common;

use keepsake_faces::{Describer, Detector, Image};
use std::path::PathBuf;

fn main() {
    let (_, runs) = common::args();
    let dir = PathBuf::from(
        std::env::var_os("KEEPSAKE_FACES").expect("KEEPSAKE_FACES is not set: run `cargo xtask bench`"),
    );
    let detector = Detector::load(
        &std::fs::read(dir.join("blazeface/ONNX/face_detection_back_256x256_barracuda.onnx")).unwrap(),
    )
    .unwrap();
    let model = dir.join("face-api/model");
    let describer = Describer::load(
        &std::fs::read(model.join("face_recognition_model-weights_manifest.json")).unwrap(),
        &std::fs::read(model.join("face_recognition_model.bin")).unwrap(),
    )
    .unwrap();
    println!("{:32} {:>10} {:>6} {:>12} {:>14}", "photo", "size", "faces", "detect ms", "describe ms/face");
    for photo in
        ["insightface/insightface/data/images/t1.jpg", "face_recognition/tests/test_images/obama3.jpg"]
    {
        let bytes = std::fs::read(dir.join(photo)).unwrap();
        let (format, metadata) = keepsake_media::read_metadata(&bytes).unwrap();
        let decoded =
            keepsake_media::print::decode_upright(format, &bytes, metadata.orientation, &Default::default())
                .unwrap();
        let image = Image { width: decoded.width(), height: decoded.height(), rgb: decoded.as_raw() };
        let faces = detector.detect(&image).unwrap();
        let (detect, _) = common::time(runs, || {
            std::hint::black_box(detector.detect(&image).unwrap());
        });
        let (all_faces, _) = common::time(runs, || {
            for face in &faces {
                std::hint::black_box(describer.describe(&image, face).unwrap());
            }
        });
        let describe = all_faces / faces.len().max(1) as f64;
        let name = photo.rsplit('/').next().unwrap_or(photo);
        println!(
            "{name:32} {:>10} {:>6} {detect:>12.1} {describe:>14.1}",
            format!("{}×{}", image.width, image.height),
            faces.len()
        );
    }
}
