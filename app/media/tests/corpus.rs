//! The media code against every file of the shared camera corpus, compared with exiftool's ground truth.
//! The corpus lives outside the repo (`../shared/corpus`, or `KEEPSAKE_CORPUS`); without it this fails.

use keepsake_media::{DecodeLimits, derive_from_bytes, read_metadata};
use serde_json::Value;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("KEEPSAKE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    assert!(
        dir.join("truth.json").is_file(),
        "the test corpus is missing: expected {}/truth.json (set KEEPSAKE_CORPUS to its folder)",
        dir.display()
    );
    dir
}

fn close(a: Option<f64>, b: Option<f64>, tolerance: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= tolerance,
        _ => false,
    }
}

#[derive(Default)]
struct Tally {
    agree: usize,
    total: usize,
    misses: Vec<String>,
}

#[test]
fn metadata_agrees_with_exiftool() {
    let dir = corpus_dir();
    let truth: Value = serde_json::from_slice(&std::fs::read(dir.join("truth.json")).unwrap()).unwrap();
    let files = truth["files"].as_object().unwrap();
    let fields = ["date", "orientation", "gps", "make", "model", "dimensions"];
    let mut tallies: Vec<Tally> = fields.iter().map(|_| Tally::default()).collect();
    let mut checked = 0;
    for (name, t) in files {
        if !t["exiftool_error"].is_null() {
            continue;
        }
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let meta = match read_metadata(&bytes) {
            Ok((_, meta)) => meta,
            Err(e) => {
                for (tally, field) in tallies.iter_mut().zip(fields) {
                    tally.total += 1;
                    tally.misses.push(format!("{name}: {field}: error {e}"));
                }
                continue;
            }
        };
        checked += 1;
        let str_of = |v: &Value| v.as_str().map(str::to_string);
        let truth_gps = t["gps"].as_object();
        let results = [
            (
                meta.taken_at.clone() == str_of(&t["date_taken"]),
                format!("{:?} vs {}", meta.taken_at, t["date_taken"]),
            ),
            (
                meta.orientation.map(u64::from) == t["orientation"].as_u64(),
                format!("{:?} vs {}", meta.orientation, t["orientation"]),
            ),
            (
                match (&meta.gps, truth_gps) {
                    (None, None) => true,
                    (Some(g), Some(tg)) => {
                        close(Some(g.lat), tg["lat"].as_f64(), 1e-5)
                            && close(Some(g.lon), tg["lon"].as_f64(), 1e-5)
                            && close(g.alt, tg["alt"].as_f64(), 0.01)
                    }
                    _ => false,
                },
                format!("{:?} vs {}", meta.gps, t["gps"]),
            ),
            (meta.camera.make == str_of(&t["make"]), format!("{:?} vs {}", meta.camera.make, t["make"])),
            (meta.camera.model == str_of(&t["model"]), format!("{:?} vs {}", meta.camera.model, t["model"])),
            (
                meta.width.map(u64::from) == t["display_width"].as_u64()
                    && meta.height.map(u64::from) == t["display_height"].as_u64(),
                format!(
                    "{:?}x{:?} vs {}x{}",
                    meta.width, meta.height, t["display_width"], t["display_height"]
                ),
            ),
        ];
        for ((tally, field), (ok, detail)) in tallies.iter_mut().zip(fields).zip(results) {
            tally.total += 1;
            if ok {
                tally.agree += 1;
            } else {
                tally.misses.push(format!("{name}: {field}: {detail}"));
            }
        }
    }
    println!("\nmetadata vs exiftool on {checked} readable of {} files", files.len());
    println!("{:<12} {:>6} {:>6} {:>8}", "field", "agree", "total", "percent");
    let (mut agree, mut total) = (0, 0);
    for (tally, field) in tallies.iter().zip(fields) {
        println!(
            "{field:<12} {:>6} {:>6} {:>7.1}%",
            tally.agree,
            tally.total,
            100.0 * tally.agree as f64 / tally.total as f64
        );
        agree += tally.agree;
        total += tally.total;
    }
    let overall = 100.0 * agree as f64 / total as f64;
    println!("{:<12} {agree:>6} {total:>6} {overall:>7.1}%", "all");
    for miss in tallies.iter().flat_map(|t| &t.misses) {
        println!("  miss {miss}");
    }
    assert!(overall >= 98.0, "agreement {overall:.1}% is below 98%");
}

#[test]
fn every_file_decodes_or_gives_an_error() {
    let dir = corpus_dir();
    let truth: Value = serde_json::from_slice(&std::fs::read(dir.join("truth.json")).unwrap()).unwrap();
    let limits = DecodeLimits::default();
    let (mut made, mut refused, mut no_decoder) = (0, 0, 0);
    for (name, t) in truth["files"].as_object().unwrap() {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let Ok((format, meta)) = read_metadata(&bytes) else {
            refused += 1;
            continue;
        };
        if !format.decodable_here() {
            continue;
        }
        match derive_from_bytes(format, &bytes, meta.orientation, &limits) {
            Ok(d) => {
                made += 1;
                assert_eq!(Some(d.display_size.0), meta.width, "{name}: decoded width differs from metadata");
                assert!(d.thumbnail_size.0.max(d.thumbnail_size.1) <= keepsake_api::THUMBNAIL_EDGE);
            }
            // A variant the pure-Rust decoders lack (YCbCr TIFF): stored with a placeholder, not rejected.
            Err(keepsake_media::MediaError::NoDecoder) => {
                no_decoder += 1;
                println!("  {name}: no decoder here");
            }
            Err(e) => {
                refused += 1;
                let bad = t["categories"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c == "bad" || c == "upstream-bad-sample");
                println!("  {name}: {e}{}", if bad { " (known bad)" } else { "" });
                assert!(bad, "{name}: a good file failed to decode: {e}");
            }
        }
    }
    println!(
        "derivatives made for {made} files, {refused} refused with an error, {no_decoder} without a decoder"
    );
    assert!(no_decoder <= 2, "too many files without a decoder");
    assert!(made > 80);
}
