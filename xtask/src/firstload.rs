//! `cargo xtask bench firstload`: the first load on a phone over a slow network (issue 14). Lighthouse
//! 12.2.3 from npm (mobile preset, devtools throttling) on the sign-in page and a public share page, and
//! a cold timeline timed in Playwright at 9/1.5 Mbps, 60 ms and a 4× slower CPU. The goals it reports
//! against: first contentful paint ≤ 1.0 s, first thumbnail ≤ 1.2 s, Lighthouse performance ≥ 90, the
//! page's first load ≤ 300 KB as sent. Figures, not a pass/fail test.

use crate::{
    CHROMIUM, root, run_cmd, site,
    test::{CHROMIUM_ARGS, TestServer, corpus_dir, ensure_chromium},
};
use anyhow::{Context, bail};
use std::{path::Path, process::Command};

/// Photos on the timeline being measured: a family's first dozen.
const PHOTOS: &[&str] = &[
    "exifr_IMG_20180725_163423.jpg",
    "ian_DSCN0010.jpg",
    "mde_Samsung_SM-J327T1.jpg",
    "mde_Canon_PowerShot_A85.jpg",
    "et_GoPro.jpg",
    "exifr_heic-iphone7.heic",
];

fn npm_ci(dir: &Path) -> anyhow::Result<()> {
    run_cmd(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    )
}

pub fn run(binary: &Path) -> anyhow::Result<()> {
    ensure_chromium()?;
    let e2e = root().join("end2end");
    npm_ci(&e2e)?;
    npm_ci(&e2e.join("bench/lighthouse"))?;
    let corpus = corpus_dir();
    let files: Vec<_> = PHOTOS.iter().map(|f| corpus.join(f)).collect();
    if let Some(missing) = files.iter().find(|f| !f.is_file()) {
        bail!("the benchmark needs the corpus file {}", missing.display());
    }
    site::print_sizes()?;
    let server = TestServer::start(binary)?;
    let output = Command::new("node")
        .arg("bench/firstload.js")
        .args(&files)
        .current_dir(&e2e)
        .env("KEEPSAKE_URL", &server.url)
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("CHROMIUM_ARGS", CHROMIUM_ARGS.join(" "))
        .output()?;
    drop(server);
    if !output.status.success() {
        bail!("the first-load bench failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    println!("\nFirst load on a phone (Lighthouse: median of 3, mobile, devtools throttling; cold timeline:");
    println!(
        "median of 3 at 9/1.5 Mbps, 60 ms, 4× CPU, nothing cached). Goals: FCP ≤ 1000 ms, first thumbnail"
    );
    println!("≤ 1200 ms, performance ≥ 90, first load ≤ 300 KB as sent.\n");
    for line in String::from_utf8_lossy(&output.stdout).lines().filter(|l| l.starts_with('{')) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let measure = v["measure"].as_str().context("measure")?;
        if measure.starts_with("lighthouse") {
            println!(
                "{measure:<24} performance {:>3}  FCP {:>5} ms  LCP {:>5} ms  TBT {:>4} ms  CLS {:.3}  {:>4} KB",
                v["performance"],
                v["fcp_ms"],
                v["lcp_ms"],
                v["tbt_ms"],
                v["cls"].as_f64().unwrap_or(0.0),
                v["bytes"].as_f64().unwrap_or(0.0) as u64 / 1024
            );
        } else {
            let b = &v["bytes"];
            let kb = |k: &str| b[k].as_f64().unwrap_or(0.0) / 1024.0;
            println!(
                "{measure:<24} FCP {:>5} ms  first thumbnail {:>5} ms  first load {:.0} KB (wasm {:.0}, JS {:.0}, CSS {:.0}, HTML {:.0})",
                v["fcp_ms"],
                v["first_thumbnail_ms"],
                v["first_load_bytes"].as_f64().unwrap_or(0.0) / 1024.0,
                kb("wasm"),
                kb("js"),
                kb("css"),
                kb("html")
            );
        }
    }
    println!();
    Ok(())
}
