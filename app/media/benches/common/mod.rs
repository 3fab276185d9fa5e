//! What the media benches share: their arguments and how they time.

use std::time::Instant;

/// The bench's arguments (cargo's own `--bench` left out) and `--runs N` (7 unless given).
pub fn args() -> (Vec<String>, usize) {
    let mut args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut runs = 7;
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args.get(i + 1).and_then(|n| n.parse().ok()).expect("--runs N");
        args.drain(i..i + 2);
    }
    (args, runs)
}

/// Runs `work` once to warm up, then `runs` times: the median and the fastest, in ms.
pub fn time(runs: usize, mut work: impl FnMut()) -> (f64, f64) {
    let mut times: Vec<f64> = (0..=runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .skip(1)
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0])
}
