//! The media code compiled to wasm, run in headless Chromium, must read exactly what the native code
//! reads. `cargo xtask test` runs `keepsake inspect --json` (native) over the corpus first and points
//! `KEEPSAKE_INSPECT_JSONL` at the result; the sample files are compiled into this test.
#![cfg(target_arch = "wasm32")]

use keepsake_media::{DecodeLimits, StreamingSha256, derive_from_bytes, read_metadata, verify_jpeg};
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NATIVE: &str = include_str!(env!(
    "KEEPSAKE_INSPECT_JSONL",
    "run through `cargo xtask test`, which makes the native inspect output this test compares with"
));

macro_rules! sample {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/", $name)) as &[u8])),*]
    };
}

/// Orientations 1, 3, 6 and 8, big- and little-endian EXIF, GPS, PNG, WebP, TIFF, HEIC, every AVIF of
/// the corpus (one rotated and mirrored by its container), a damaged file.
const SAMPLE: &[(&str, &[u8])] = sample![
    "et_GoPro.jpg",
    "mde_Samsung_SM-J327T1.jpg",
    "mde_Canon_PowerShot_A85.jpg",
    "ian_DSCN0010.jpg",
    "exifr_IMG_20180725_163423.jpg",
    "pil_hopper_orientation_3.webp",
    "et_ExifTool.tif",
    "exifr_heic-iphone7.heic",
    "exifr_Irvine_CA.avif",
    "pil_exif.avif",
    "pil_rot1mir0.avif",
    "lx_canon_makernote_variant_1.jpg",
];

/// The native line for `name`, as text: floats are compared as printed, since parsing them back
/// could itself be a ULP off.
fn native(name: &str) -> (&'static str, Value) {
    NATIVE
        .lines()
        .map(|l| (l, serde_json::from_str::<Value>(l).expect("inspect writes JSON lines")))
        .find(|(_, v)| v["file"].as_str().is_some_and(|f| f.ends_with(&format!("/{name}"))))
        .unwrap_or_else(|| panic!("{name} is missing from the native inspect output"))
}

#[wasm_bindgen_test]
fn metadata_matches_native() {
    for (name, bytes) in SAMPLE {
        let (expected_line, expected) = native(name);
        let (format, meta) = read_metadata(bytes).expect("sample files are readable");
        let mut got = json!({
            "file": expected["file"], "mime": format.mime(), "bytes": bytes.len(), "sha256": StreamingSha256::of(bytes),
            "kind": if format.is_photo() { "photo" } else { "video" },
            "width": meta.width, "height": meta.height, "taken_at": meta.taken_at,
            "camera": meta.camera, "exposure": meta.exposure, "gps": meta.gps,
            "orientation": meta.orientation, "duration": meta.duration,
            "colour": keepsake_media::colour_space(format, bytes),
        });
        got["file"] = expected["file"].clone();
        assert_eq!(got.to_string(), expected_line, "{name}: wasm and native disagree");
    }
}

#[wasm_bindgen_test]
fn derivatives_are_made_in_wasm() {
    for (name, bytes) in SAMPLE {
        let (format, meta) = read_metadata(bytes).unwrap();
        if !format.decodable_here() {
            continue;
        }
        match derive_from_bytes(format, bytes, meta.orientation, &DecodeLimits::default()) {
            Ok(d) => {
                verify_jpeg(&d.thumbnail, d.thumbnail_size, keepsake_api::THUMBNAIL_EDGE).unwrap();
                verify_jpeg(&d.preview, d.preview_size, keepsake_api::PREVIEW_EDGE).unwrap();
                assert_eq!(Some(d.display_size), meta.width.zip(meta.height), "{name}");
            }
            Err(e) => assert_eq!(*name, "lx_canon_makernote_variant_1.jpg", "{name}: {e}"),
        }
    }
}

/// `keepsake render-print` over `print-sample.json`, run natively by `cargo xtask test`.
const NATIVE_PRINTS: &str = include_str!(env!(
    "KEEPSAKE_PRINT_JSONL",
    "run through `cargo xtask test`, which renders the sample order natively for this test"
));
const PRINT_SAMPLE: &str = include_str!("print-sample.json");
const CAPTION_FONT: &[u8] = include_bytes!("../../../public/fonts/DejaVuSans.ttf");

/// The sample order rendered here, in wasm, is byte for byte what the native build renders: the
/// browser's print files are the files the lab would get from any other renderer of this code.
#[wasm_bindgen_test]
fn print_files_match_native_byte_for_byte() {
    let samples = serde_json::from_str::<Vec<keepsake_media::print::Sample>>(PRINT_SAMPLE).unwrap();
    let native: Vec<Value> = NATIVE_PRINTS.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(native.len(), samples.len(), "one native print per sample line");
    let prices = keepsake_api::PriceList::default();
    for (sample, expected) in samples.iter().zip(&native) {
        let bytes = SAMPLE
            .iter()
            .find(|(name, _)| *name == sample.file)
            .unwrap_or_else(|| panic!("{} is not compiled into this test", sample.file))
            .1;
        let (layout, jpeg) = sample.render(bytes, &prices, Some(CAPTION_FONT)).unwrap();
        assert_eq!(expected["file"], sample.file.as_str());
        assert_eq!(
            (json!(layout.width), json!(layout.height)),
            (expected["width"].clone(), expected["height"].clone())
        );
        assert_eq!(
            StreamingSha256::of(&jpeg),
            expected["sha256"].as_str().unwrap(),
            "{}: wasm and native differ",
            sample.file
        );
    }
}
