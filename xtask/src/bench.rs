//! `cargo xtask bench`: the per-photo pipeline (EXIF + hash + thumbnail + preview) on the corpus's
//! large JPEGs, natively and in wasm in headless Chromium, beside `vipsthumbnail -s 360` on the same
//! files in the same run; then the server's search benchmark over 100,000 assets (`server/benches`).
//! Figures are medians of several runs; nothing here is a pass/fail test.

use crate::{
    CHROMIUM, cargo, root, run_cmd,
    test::{CHROMIUM_ARGS, TestServer, corpus_dir, ensure_chromium},
};
use anyhow::{Context, bail};
use std::{collections::HashMap, path::PathBuf, process::Command, time::Instant};

/// The three largest JPEGs of the corpus by pixel count (the corpus README's performance anchor).
const FILES: &[&str] = &["mde_Issue_266.jpg", "mde_Kodak_PIXPRO_FZ201.jpg", "exifr_IMG_20180725_163423.jpg"];
const RUNS: usize = 7;

fn medians(output: &[u8]) -> anyhow::Result<HashMap<String, f64>> {
    let mut out = HashMap::new();
    for line in String::from_utf8_lossy(output).lines().filter(|l| l.starts_with('{')) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let name = PathBuf::from(v["file"].as_str().context("file")?)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        out.insert(name, v["median_ms"].as_f64().context("median_ms")?);
    }
    Ok(out)
}

/// `vipsthumbnail -s SIZE`; a `WxH` size is cut to exactly that (`-c`), as a print is.
fn vips(file: &PathBuf, size: &str) -> anyhow::Result<f64> {
    let out = std::env::temp_dir().join("keepsake-bench-vips.jpg");
    let crop: &[&str] = if size.contains('x') { &["-c"] } else { &[] };
    let mut times = Vec::new();
    for _ in 0..=RUNS {
        let start = Instant::now();
        run_cmd(Command::new("vipsthumbnail").args(["-s", size]).args(crop).arg(file).arg("-o").arg(&out))?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.remove(0);
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn ensure_vips() -> anyhow::Result<()> {
    if Command::new("vipsthumbnail").arg("--version").output().is_ok() {
        return Ok(());
    }
    let root_user = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    if root_user {
        run_cmd(Command::new("apt-get").arg("update"))?;
        return run_cmd(
            Command::new("apt-get")
                .args(["install", "-y", "libvips-tools"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        );
    }
    bail!("the benchmark compares with vipsthumbnail: install Debian's libvips-tools")
}

/// Print files of the sample order (issue 5): natively, in wasm through the app's worker, and
/// `vipsthumbnail -s WxH -c` (decode, cut out and scale to the same pixel size, encode) as a reference.
fn prints(binary: &std::path::Path, corpus: &std::path::Path) -> anyhow::Result<()> {
    let sample = root().join("app/tests/print-sample.json");
    let font = root().join("public/fonts/DejaVuSans.ttf");
    let by_file = |output: &[u8]| -> anyhow::Result<Vec<(String, String, f64, serde_json::Value)>> {
        String::from_utf8_lossy(output)
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l)?;
                Ok((
                    v["file"].as_str().context("file")?.to_string(),
                    v["size"].as_str().context("size")?.to_string(),
                    v["median_ms"].as_f64().context("median_ms")?,
                    v,
                ))
            })
            .collect()
    };
    let native = cargo()
        .args(["bench", "--package", "keepsake-media", "--bench", "print", "--", "--runs", &RUNS.to_string()])
        .arg(&sample)
        .arg(corpus)
        .arg(&font)
        .output()?;
    if !native.status.success() {
        bail!("native print bench failed: {}", String::from_utf8_lossy(&native.stderr));
    }
    let native = by_file(&native.stdout)?;
    let prices = std::env::temp_dir().join("keepsake-bench-prices.json");
    std::fs::write(&prices, serde_json::to_vec(&keepsake_api::PriceList::default())?)?;
    let server = TestServer::start(binary)?;
    let wasm = Command::new("node")
        .arg("bench/wasm-print.js")
        .arg(&sample)
        .arg(corpus)
        .arg(&prices)
        .arg(&font)
        .current_dir(root().join("end2end"))
        .env("KEEPSAKE_URL", &server.url)
        .env("BENCH_RUNS", RUNS.to_string())
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("CHROMIUM_ARGS", CHROMIUM_ARGS.join(" "))
        .output()?;
    drop(server);
    if !wasm.status.success() {
        bail!("wasm print bench failed: {}", String::from_utf8_lossy(&wasm.stderr));
    }
    let wasm = by_file(&wasm.stdout)?;
    println!(
        "Print files of the sample order, median of {RUNS} runs (ms): decode the original, orient, cut out,"
    );
    println!(
        "scale to the 300 DPI size, border and caption, JPEG. vips = `vipsthumbnail -s WxH -c` to the same size.\n"
    );
    println!("{:<32} {:>6} {:>9} {:>9} {:>9} {:>11}", "file", "size", "native", "wasm", "vips", "wasm/vips");
    for ((file, size, n, print), (_, _, w, _)) in native.iter().zip(&wasm) {
        let v = vips(&corpus.join(file), &format!("{}x{}", print["width"], print["height"]))?;
        println!("{file:<32} {size:>6} {n:>9.1} {w:>9.1} {v:>9.1} {:>10.2}×", w / v);
    }
    println!();
    Ok(())
}

pub fn run() -> anyhow::Result<()> {
    ensure_vips()?;
    ensure_chromium()?;
    let corpus = corpus_dir();
    let files: Vec<PathBuf> = FILES.iter().map(|f| corpus.join(f)).collect();
    for f in &files {
        if !f.is_file() {
            bail!("the benchmark needs the corpus file {}", f.display());
        }
    }
    let binary = crate::build()?;

    let native = cargo()
        .args([
            "bench",
            "--package",
            "keepsake-media",
            "--bench",
            "pipeline",
            "--",
            "--runs",
            &RUNS.to_string(),
        ])
        .args(&files)
        .output()?;
    if !native.status.success() {
        bail!("native bench failed: {}", String::from_utf8_lossy(&native.stderr));
    }
    let native = medians(&native.stdout)?;

    let e2e = root().join("end2end");
    run_cmd(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&e2e)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )?;
    let server = TestServer::start(&binary)?;
    let wasm = Command::new("node")
        .arg("bench/wasm-pipeline.js")
        .args(&files)
        .current_dir(&e2e)
        .env("KEEPSAKE_URL", &server.url)
        .env("BENCH_RUNS", RUNS.to_string())
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("CHROMIUM_ARGS", CHROMIUM_ARGS.join(" "))
        .output()?;
    drop(server);
    if !wasm.status.success() {
        bail!("wasm bench failed: {}", String::from_utf8_lossy(&wasm.stderr));
    }
    let wasm = medians(&wasm.stdout)?;

    println!(
        "\nPer photo, median of {RUNS} runs (ms). Ours = EXIF + SHA-256 + 1600 px preview + 360 px thumbnail + ThumbHash."
    );
    println!("vips = `vipsthumbnail -s 360` (one 360 px thumbnail, process start-up included).\n");
    println!(
        "{:<32} {:>9} {:>9} {:>9} {:>11} {:>11}",
        "file", "native", "wasm", "vips", "wasm/vips", "native/vips"
    );
    let (mut sum_wasm, mut sum_vips, mut sum_native) = (0.0, 0.0, 0.0);
    for (name, file) in FILES.iter().zip(&files) {
        let v = vips(file, "360")?;
        let (n, w) = (native[*name], wasm[*name]);
        sum_wasm += w;
        sum_vips += v;
        sum_native += n;
        println!("{name:<32} {n:>9.1} {w:>9.1} {v:>9.1} {:>10.2}× {:>10.2}×", w / v, n / v);
    }
    println!(
        "{:<32} {:>9.1} {:>9.1} {:>9.1} {:>10.2}× {:>10.2}×",
        "total",
        sum_native,
        sum_wasm,
        sum_vips,
        sum_wasm / sum_vips,
        sum_native / sum_vips
    );
    println!();
    prints(&binary, &corpus)?;
    // Search, albums and timeline over 100,000 assets, against the 50 ms budget (issue 3).
    run_cmd(cargo().args(["bench", "--package", "keepsake-server", "--bench", "search"]))?;
    Ok(())
}
