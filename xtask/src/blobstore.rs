//! `cargo xtask bench`, blob stores: the same uploads and thumbnail requests through Keepsake with its
//! blobs on the local disk and in a three-node Garage cluster on loopback (replication factor 3), in
//! the same run: 20 corpus photos uploaded as an API client does (the server makes their
//! derivatives), one 200 MB original (the server's memory sampled meanwhile), and thumbnails served
//! (wrk). Garage is measured with derivatives kept on the local disk, as the README recommends, and
//! with everything in the store.

use crate::{
    garage::Cluster,
    serving::{Process, header, http, http_with, median, start_keepsake, wrk},
    target_dir,
    test::corpus_dir,
};
use anyhow::{Context, bail};
use keepsake_api::{NewUpload, UPLOAD_CHUNK_BYTES, UploadStarted};
use sha2::{Digest, Sha256};
use std::{path::Path, time::Instant};

const PHOTOS: usize = 20;
const BIG: usize = 200 << 20;
const ROUNDS: usize = 3;

struct Figures {
    photos_seconds: f64,
    photos_bytes: u64,
    big_seconds: f64,
    /// The server's resident memory: before the 200 MB upload, and its peak during it (KiB).
    rss_before: u64,
    rss_peak: u64,
    thumbnails_rps: f64,
}

fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// Uploads `bytes` as an API client does: open, the bytes in chunks, finish. The new asset's id.
fn upload(address: &str, cookie: &str, name: &str, bytes: &[u8]) -> anyhow::Result<String> {
    let request = NewUpload {
        filename: name.into(),
        mime: "image/jpeg".into(),
        bytes: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(bytes)),
        metadata: Default::default(),
        folder: None,
    };
    let json = serde_json::to_string(&request)?;
    let (status, _, body) = http(address, "POST", "/api/v1/uploads", Some(cookie), Some(&json))?;
    if !(200..300).contains(&status) {
        bail!("opening the upload of {name} answered {status}");
    }
    let UploadStarted::Open { upload_id, .. } = serde_json::from_slice(&body)? else {
        bail!("{name} was taken for a duplicate");
    };
    for (n, chunk) in bytes.chunks(UPLOAD_CHUNK_BYTES as usize).enumerate() {
        let path = format!("/api/v1/uploads/{upload_id}/bytes?offset={}", n as u64 * UPLOAD_CHUNK_BYTES);
        let (status, _, _) =
            http_with(address, "PUT", &path, Some(cookie), Some(("application/octet-stream", chunk)))?;
        if status != 200 {
            bail!("sending {name} answered {status}");
        }
    }
    let path = format!("/api/v1/uploads/{upload_id}/finish");
    let (status, _, body) = http(address, "POST", &path, Some(cookie), None)?;
    if status != 201 {
        bail!("finishing {name} answered {status}: {}", String::from_utf8_lossy(&body));
    }
    let asset: serde_json::Value = serde_json::from_slice(&body)?;
    Ok(asset["id"].as_str().context("an asset id")?.to_string())
}

/// The corpus's JPEGs that decode cleanly (by its `truth.json`: not `bad`, no decoder warning),
/// largest first.
fn photos(corpus: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let truth: serde_json::Value = serde_json::from_slice(&std::fs::read(corpus.join("truth.json"))?)?;
    let mut files = Vec::new();
    for (name, file) in truth["files"].as_object().context("truth.json lists files")? {
        let categories: Vec<&str> =
            file["categories"].as_array().into_iter().flatten().filter_map(|c| c.as_str()).collect();
        let clean =
            !categories.iter().any(|c| matches!(*c, "bad" | "decode-warning" | "upstream-bad-sample"));
        if clean && categories.contains(&"fmt:jpeg") {
            files.push((name.clone(), std::fs::read(corpus.join(name))?));
        }
    }
    files.sort_by_key(|(_, bytes)| std::cmp::Reverse(bytes.len()));
    Ok(files)
}

fn measure(
    binary: &Path,
    env: &[(&str, &str)],
    photos: &[(String, Vec<u8>)],
    big: &[u8],
    dir: &Path,
) -> anyhow::Result<Figures> {
    let data = dir.join(format!("data-{}", crate::garage::random_hex(4)?));
    let (server, address) = start_keepsake(binary, &data, env)?;
    let Process(child) = &server;
    let pid = child.id();
    let credentials = r#"{"username":"bench","password":"correct horse battery"}"#;
    let (status, headers, _) = http(&address, "POST", "/api/v1/auth/signup", None, Some(credentials))?;
    if status != 201 {
        bail!("sign-up answered {status}");
    }
    let cookie =
        header(&headers, "set-cookie").context("a session")?.split(';').next().unwrap_or("").to_string();

    let started = Instant::now();
    let mut ids = Vec::new();
    for (name, bytes) in photos {
        ids.push(upload(&address, &cookie, name, bytes)?);
    }
    let photos_seconds = started.elapsed().as_secs_f64();

    let rss_before = resident_kib(pid).unwrap_or(0);
    let done = std::sync::atomic::AtomicBool::new(false);
    let (big_seconds, rss_peak) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(resident_kib(pid).unwrap_or(0));
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            peak
        });
        let started = Instant::now();
        let uploaded = upload(&address, &cookie, "big.jpg", big);
        let seconds = started.elapsed().as_secs_f64();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        let peak = sampler.join().unwrap_or(0);
        uploaded.map(|_| (seconds, peak))
    })?;

    let thumbnails: Vec<String> = ids.iter().map(|id| format!("/api/v1/assets/{id}/thumbnail")).collect();
    let with_cookie = vec![("Cookie".to_string(), cookie.clone())];
    let rounds = (0..ROUNDS)
        .map(|_| wrk(&address, &thumbnails, &with_cookie, 32, dir))
        .collect::<Result<Vec<_>, _>>()?;
    let thumbnails = median(rounds);
    if thumbnails.errors > 0 {
        bail!("{} thumbnail requests failed", thumbnails.errors);
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
    Ok(Figures {
        photos_seconds,
        photos_bytes: photos.iter().map(|(_, b)| b.len() as u64).sum(),
        big_seconds,
        rss_before,
        rss_peak,
        thumbnails_rps: thumbnails.rps,
    })
}

pub fn run(binary: &Path) -> anyhow::Result<()> {
    crate::test::ensure_debian(&[("/usr/bin/wrk", "wrk")], "the blob store benchmark")?;
    let garage = crate::test::garage_now()?;
    let dir = target_dir().join("bench-blobstore");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut photos = photos(&corpus_dir())?;
    photos.truncate(PHOTOS);
    // A real photo with 200 MB after it: a JPEG to every reader, too big for the server to decode,
    // so what is measured is moving bytes.
    let mut big = photos[0].1.clone();
    big.extend(crate::garage::noise(BIG));

    let cluster = Cluster::start(&garage, 3)?;
    let split = format!("{}&derivatives=local", cluster.location("bench-split"));
    let whole = cluster.location("bench-all");
    let [key, secret] = crate::test::garage_credentials();
    let cases: [(&str, Vec<(&str, &str)>); 3] = [
        ("local disk", vec![]),
        ("Garage, derivatives local", vec![("KEEPSAKE_BLOBS", split.as_str()), key, secret]),
        ("Garage, everything", vec![("KEEPSAKE_BLOBS", whole.as_str()), key, secret]),
    ];
    println!(
        "\nBlob stores, same run: {PHOTOS} corpus JPEGs uploaded one by one (the server derives), one {} MB \
         original, thumbnails served (wrk, 32 connections, median of {ROUNDS}). Garage: 3 nodes on loopback.\n",
        big.len() >> 20
    );
    println!(
        "{:<26} {:>9} {:>9} {:>9} {:>12} {:>12} {:>10} {:>9}",
        "store", "photos/s", "MB/s", "200MB s", "200MB MB/s", "RSS +MB", "thumbs/s", "vs local"
    );
    let mut local: Option<Figures> = None;
    for (name, env) in cases {
        let f = measure(binary, &env, &photos, &big, &dir)?;
        let mbps = f.photos_bytes as f64 / 1e6 / f.photos_seconds;
        let big_mbps = big.len() as f64 / 1e6 / f.big_seconds;
        let ratios = local.as_ref().map_or("1 / 1 / 1".to_string(), |l| {
            format!(
                "{:.2} / {:.2} / {:.2}",
                l.photos_seconds / f.photos_seconds,
                l.big_seconds / f.big_seconds,
                f.thumbnails_rps / l.thumbnails_rps
            )
        });
        println!(
            "{name:<26} {:>9.1} {mbps:>9.1} {:>9.2} {big_mbps:>12.1} {:>12.1} {:>10.0} {ratios:>9}",
            PHOTOS as f64 / f.photos_seconds,
            f.big_seconds,
            (f.rss_peak.saturating_sub(f.rss_before)) as f64 / 1024.0,
            f.thumbnails_rps,
        );
        if local.is_none() {
            local = Some(f);
        }
    }
    println!(
        "(vs local: photo uploads / 200 MB upload / thumbnails served, as a fraction of the local disk's rate)\n"
    );
    Ok(())
}
