//! The whole per-photo pipeline natively: EXIF + hash + thumbnail + preview, the work the browser does
//! for each file. Prints one JSON line per file: `{"file", "median_ms", "min_ms", "runs"}`.
//! Usage: `cargo bench -p keepsake-media --bench pipeline -- [--runs N] FILE...`

use keepsake_media::{DecodeLimits, StreamingSha256, derive_from_bytes, read_metadata};
use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut runs = 7;
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args.get(i + 1).and_then(|n| n.parse().ok()).expect("--runs N");
        args.drain(i..i + 2);
    }
    for file in args {
        let bytes = std::fs::read(&file).expect("readable file");
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs + 1 {
            let start = Instant::now();
            let (format, meta) = read_metadata(&bytes).expect("a photo");
            let hash = StreamingSha256::of(&bytes);
            let derived = derive_from_bytes(format, &bytes, meta.orientation, &DecodeLimits::default())
                .expect("decodes");
            std::hint::black_box((hash, derived));
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.remove(0); // warm-up
        times.sort_by(f64::total_cmp);
        println!(
            "{}",
            serde_json::json!({"file": file, "median_ms": times[times.len() / 2], "min_ms": times[0], "runs": runs})
        );
    }
}
