//! Rendering print files natively: decode the original, turn it upright, cut out, scale to the print's
//! 300 DPI size, border and caption, encode — what the browser's worker does for each print of an order.
//! Prints one JSON line per sample line: `{"file", "size", "width", "height", "median_ms", "min_ms", "runs"}`.
//! Usage: `cargo bench -p keepsake-media --bench print -- [--runs N] SAMPLE.json PHOTOS-DIR FONT`

use keepsake_api::{PriceList, PrintLine};
use keepsake_media::{DecodeLimits, print, read_metadata};
use std::{path::Path, time::Instant};

#[derive(serde::Deserialize)]
struct Sample {
    file: String,
    line: PrintLine,
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut runs = 7;
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args.get(i + 1).and_then(|n| n.parse().ok()).expect("--runs N");
        args.drain(i..i + 2);
    }
    let [sample, dir, font] = args.as_slice() else { panic!("SAMPLE.json PHOTOS-DIR FONT") };
    let samples: Vec<Sample> = serde_json::from_slice(&std::fs::read(sample).expect("sample")).expect("JSON");
    let font = std::fs::read(font).expect("font");
    let prices = PriceList::default();
    for Sample { file, line } in samples {
        let bytes = std::fs::read(Path::new(dir).join(&file)).expect("readable file");
        let request = print::PrintRequest::for_line(&line, &prices).expect("a size on the price list");
        let mut times = Vec::with_capacity(runs);
        let mut size = (0, 0);
        for _ in 0..runs + 1 {
            let start = Instant::now();
            let (format, meta) = read_metadata(&bytes).expect("a photo");
            let original = print::decode_upright(format, &bytes, meta.orientation, &DecodeLimits::default())
                .expect("decodes");
            let rendered = print::render_print_file(&original, &request, Some(&font)).expect("renders");
            size = (rendered.0.width, rendered.0.height);
            std::hint::black_box(rendered);
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.remove(0); // warm-up
        times.sort_by(f64::total_cmp);
        println!(
            "{}",
            serde_json::json!({"file": file, "size": line.size, "width": size.0, "height": size.1, "median_ms": times[times.len() / 2], "min_ms": times[0], "runs": runs})
        );
    }
}
