//! Rendering print files natively: decode the original, turn it upright, cut out, scale to the print's
//! 300 DPI size, border and caption, encode — what the browser's worker does for each print of an order.
//! Prints one JSON line per sample line: `{"file", "size", "width", "height", "median_ms", "min_ms", "runs"}`.
//! Usage: `cargo bench -p keepsake-media --bench print -- [--runs N] SAMPLE.json PHOTOS-DIR FONT`

mod common;

use keepsake_api::PriceList;
use keepsake_media::print::Sample;
use std::path::Path;

fn main() {
    let (args, runs) = common::args();
    let [sample, dir, font] = args.as_slice() else { panic!("SAMPLE.json PHOTOS-DIR FONT") };
    let samples =
        serde_json::from_slice::<Vec<Sample>>(&std::fs::read(sample).expect("sample")).expect("JSON");
    let font = std::fs::read(font).expect("font");
    let prices = PriceList::default();
    for sample in samples {
        let bytes = std::fs::read(Path::new(dir).join(&sample.file)).expect("readable file");
        let mut size = (0, 0);
        let (median, min) = common::time(runs, || {
            let (layout, jpeg) = sample.render(&bytes, &prices, Some(&font)).expect("renders");
            size = (layout.width, layout.height);
            std::hint::black_box(jpeg);
        });
        println!(
            "{}",
            serde_json::json!({"file": sample.file, "size": sample.line.size, "width": size.0, "height": size.1, "median_ms": median, "min_ms": min, "runs": runs})
        );
    }
}
