//! The whole per-photo pipeline natively: EXIF + hash + thumbnail + preview, the work the browser does
//! for each file. Prints one JSON line per file: `{"file", "median_ms", "min_ms", "runs"}`.
//! Usage: `cargo bench -p keepsake-media --bench pipeline -- [--runs N] FILE...`

mod common;

use keepsake_media::{DecodeLimits, StreamingSha256, derive_from_bytes, read_metadata};

fn main() {
    let (files, runs) = common::args();
    for file in files {
        let bytes = std::fs::read(&file).expect("readable file");
        let (median, min) = common::time(runs, || {
            let (format, meta) = read_metadata(&bytes).expect("a photo");
            let hash = StreamingSha256::of(&bytes);
            let derived = derive_from_bytes(format, &bytes, meta.orientation, &DecodeLimits::default())
                .expect("decodes");
            std::hint::black_box((hash, derived));
        });
        println!("{}", serde_json::json!({"file": file, "median_ms": median, "min_ms": min, "runs": runs}));
    }
}
