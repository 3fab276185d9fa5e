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

fn vips(file: &PathBuf, size: &str) -> anyhow::Result<f64> {
    let out = std::env::temp_dir().join("keepsake-bench-vips.jpg");
    let mut times = Vec::new();
    for _ in 0..=RUNS {
        let start = Instant::now();
        run_cmd(Command::new("vipsthumbnail").args(["-s", size]).arg(file).arg("-o").arg(&out))?;
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
    // Search, albums and timeline over 100,000 assets, against the 50 ms budget (issue 3).
    run_cmd(cargo().args(["bench", "--package", "keepsake-server", "--bench", "search"]))?;
    Ok(())
}
