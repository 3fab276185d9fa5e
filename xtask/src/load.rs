//! The load soak: Locust's fifty simulated people against a release server seeded with the corpus,
//! with the server's memory sampled throughout. Prints requests/s, p50/p99 per route and errors, and
//! fails on any error or on memory that keeps growing.

use crate::{target_dir, test::TestServer};
use anyhow::{Context, bail};
use std::{
    path::Path,
    process::Command,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

pub fn run(binary: &Path, corpus: &Path, locust: &Path, seconds: u64) -> anyhow::Result<()> {
    let server = TestServer::start(binary)?;
    let pid = server.pid();
    let out = target_dir().join("locust");
    std::fs::create_dir_all(&out)?;
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let sampling = sampling.clone();
        std::thread::spawn(move || {
            let mut samples = Vec::new();
            while sampling.load(Ordering::Relaxed) {
                samples.extend(resident_kib(pid));
                std::thread::sleep(Duration::from_secs(1));
            }
            samples
        })
    };
    let locustfile = crate::root().join("xtask/load/locustfile.py");
    let status = Command::new(locust)
        .arg("-f")
        .arg(&locustfile)
        .args(["--headless", "--users", "50", "--spawn-rate", "10", "--only-summary"])
        .args(["--run-time", &format!("{seconds}s"), "--host", &server.url, "--csv"])
        .arg(out.join("soak"))
        .env("KEEPSAKE_CORPUS", corpus)
        .status()
        .context("run Locust")?;
    sampling.store(false, Ordering::Relaxed);
    let memory = sampler.join().expect("the sampler");
    drop(server);
    let errors = report(&out.join("soak_stats.csv"))?;
    let (start, peak, end) = (memory.first(), memory.iter().max(), memory.last());
    let mib = |k: Option<&u64>| k.map_or("?".into(), |k| format!("{:.0} MiB", *k as f64 / 1024.0));
    println!("server memory: start {}, peak {}, end {}", mib(start), mib(peak), mib(end));
    // A plateau: the last third of the run holds no more than the middle third did, give or take.
    let third = memory.len() / 3;
    if third > 0 {
        let middle = memory[third..2 * third].iter().max().copied().unwrap_or(0);
        let last = memory[2 * third..].iter().max().copied().unwrap_or(0);
        if last > middle + middle / 4 {
            bail!("server memory kept growing: {middle} KiB in the middle third, {last} KiB at the end");
        }
    }
    if errors > 0 || !status.success() {
        bail!("the load soak had {errors} errors");
    }
    Ok(())
}

fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Prints Locust's per-route figures; returns the number of failed requests.
fn report(stats: &Path) -> anyhow::Result<u64> {
    let text = std::fs::read_to_string(stats).with_context(|| format!("read {}", stats.display()))?;
    let mut rows = text.lines().map(|l| l.split(',').map(|c| c.trim_matches('"')).collect::<Vec<_>>());
    let header = rows.next().context("an empty stats file")?;
    let col =
        |name: &str| header.iter().position(|h| *h == name).with_context(|| format!("no {name} column"));
    let (name, count, failures, rps, p50, p99) = (
        col("Name")?,
        col("Request Count")?,
        col("Failure Count")?,
        col("Requests/s")?,
        col("50%")?,
        col("99%")?,
    );
    let mut errors = 0;
    println!(
        "{:<28} {:>9} {:>7} {:>9} {:>8} {:>8}",
        "route", "requests", "errors", "req/s", "p50 ms", "p99 ms"
    );
    for row in rows.filter(|r| r.len() == header.len()) {
        errors += row[failures].parse::<u64>().unwrap_or(0);
        let per_second = row[rps].parse::<f64>().unwrap_or(0.0);
        println!(
            "{:<28} {:>9} {:>7} {:>9.1} {:>8} {:>8}",
            row[name], row[count], row[failures], per_second, row[p50], row[p99]
        );
    }
    Ok(errors)
}
