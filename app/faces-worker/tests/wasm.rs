//! Faces found in Chromium, by this crate compiled to wasm, are the faces found natively: the same
//! boxes and descriptors within [`TOLERANCE`]. `cargo xtask test` runs keepsake-faces' native tests
//! first, which write their findings to `KEEPSAKE_FACES_NATIVE`; the models and photos come from
//! `KEEPSAKE_FACES` (fetched from npm and PyPI), compiled into this test.
#![cfg(target_arch = "wasm32")]

use keepsake_faces::{Describer, Detector, Image, Models};
use serde_json::Value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Largest difference allowed in any number: boxes are fractions of the photo, descriptors lie
/// around ±0.3. The two builds run the same code and were bit-identical when this was written;
/// `exp` and the like could still come out a unit in the last place apart between maths libraries.
const TOLERANCE: f32 = 1e-4;

macro_rules! faces_file {
    ($path:literal) => {
        include_bytes!(concat!(
            env!("KEEPSAKE_FACES", "run through `cargo xtask test`, which fetches the models"),
            "/",
            $path
        ))
    };
}

const NATIVE: &str = include_str!(env!(
    "KEEPSAKE_FACES_NATIVE",
    "run through `cargo xtask test`, which finds the faces natively first"
));

const PHOTOS: [(&str, &[u8]); 2] = [
    ("t1.jpg", faces_file!("insightface/insightface/data/images/t1.jpg")),
    ("obama.jpg", faces_file!("face_recognition/tests/test_images/obama.jpg")),
];

fn now() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
fn faces_in_wasm_are_the_native_faces() {
    let models = Models {
        detector: Detector::load(faces_file!("blazeface/ONNX/face_detection_back_256x256_barracuda.onnx"))
            .unwrap(),
        describer: Describer::load(
            faces_file!("face-api/model/face_recognition_model-weights_manifest.json"),
            faces_file!("face-api/model/face_recognition_model.bin"),
        )
        .unwrap(),
    };
    let native: Vec<Value> = serde_json::from_str(NATIVE).unwrap();
    for (name, bytes) in PHOTOS {
        let expected =
            native.iter().find(|p| p["file"] == name).unwrap_or_else(|| panic!("no native {name}"));
        let (format, metadata) = keepsake_media::read_metadata(bytes).unwrap();
        let upright =
            keepsake_media::print::decode_upright(format, bytes, metadata.orientation, &Default::default())
                .unwrap();
        let image = Image { width: upright.width(), height: upright.height(), rgb: upright.as_raw() };
        let started = now();
        let found = models.analyse(&image).unwrap();
        let took = now() - started;
        let faces = expected["faces"].as_array().unwrap();
        assert_eq!(found.len(), faces.len(), "{name}: as many faces as natively");
        let mut largest: f32 = 0.0;
        for (got, want) in found.iter().zip(faces) {
            let numbers = |v: &Value| -> Vec<f32> {
                v.as_array().unwrap().iter().map(|n| n.as_f64().unwrap() as f32).collect()
            };
            let b = &got.face;
            let pairs = [b.x, b.y, b.width, b.height]
                .into_iter()
                .zip(numbers(&want["box"]))
                .chain(std::iter::once((got.quality, want["quality"].as_f64().unwrap() as f32)))
                .chain(got.descriptor.iter().copied().zip(numbers(&want["descriptor"])));
            for (a, e) in pairs {
                largest = largest.max((a - e).abs());
            }
        }
        console_log!(
            "{name}: {} faces in {took:.0} ms in wasm; largest difference from native {largest:e}",
            found.len()
        );
        assert!(largest <= TOLERANCE, "{name}: wasm and native differ by {largest}");
    }
}
