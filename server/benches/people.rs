//! The server's grouping of faces into people: 100,000 faces on 25,000 photos, four a photo, of 500
//! people, recorded one photo at a time as the browsers send them (`Store::set_faces`, the `PUT
//! /assets/{id}/faces` handler's work). Descriptors are synthetic and shaped like the dlib model's: one
//! person's faces about 0.25 from their centre, different people's centres about 1.0 apart. Reports
//! the time per photo and in all, how well the groups match the people (purity, completeness), and
//! the time of the hourly look again that merges people found twice (`Store::regroup_people`).
//!
//! `cargo xtask bench` runs it; alone: `cargo bench -p keepsake-server --bench people`.
//! `KEEPSAKE_BENCH_FACES` changes the number of faces.

mod common;

use common::Rng;
use keepsake_api::{AssetKind, FaceBox, MediaMetadata};
use keepsake_server::{
    db::{AssetRecord, NewFaceRecord, Signup, Store},
    people::purity_and_completeness,
};
use std::time::Instant;

const FACES_PER_PHOTO: usize = 4;
const PEOPLE: usize = 500;

fn photo(i: usize) -> AssetRecord {
    let metadata = MediaMetadata { width: Some(4000), height: Some(3000), ..Default::default() };
    AssetRecord {
        id: format!("{i:032x}"),
        owner: 1,
        filename: format!("IMG_{i:06}.JPG"),
        mime: "image/jpeg".into(),
        bytes: 3_000_000,
        sort_key: keepsake_server::db::sort_key(&metadata, 1_700_000_000 + i as i64),
        kind: AssetKind::Photo,
        metadata,
        sha256: format!("{i:064x}"),
        folder: None,
        thumbnail: None,
        preview: None,
        placeholder: None,
        uploaded_at: 1_700_000_000 + i as i64,
        trashed_at: None,
        favorite: false,
        archived: false,
        tags: Vec::new(),
        place: None,
        date_edited: false,
        original_taken_at: None,
    }
}

fn main() {
    let faces: usize =
        std::env::var("KEEPSAKE_BENCH_FACES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let photos = faces / FACES_PER_PHOTO;
    let dir = std::env::temp_dir().join(format!("keepsake-bench-people-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(&dir.join("bench.redb")).unwrap();
    store.create_user("bench", String::new(), 0, Signup::Admitted).unwrap().unwrap();
    for start in (0..photos).step_by(5000) {
        let batch: Vec<AssetRecord> = (start..(start + 5000).min(photos)).map(photo).collect();
        store.insert_assets(&batch).unwrap();
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // Centres ~1.0 apart (each coordinate N(0, σ²): distance √(2·128)·σ), faces ~0.25 from theirs.
    let centre_sd = 1.0 / (2.0 * 128.0f64).sqrt();
    let face_sd = 0.25 / 128.0f64.sqrt();
    let centres: Vec<Vec<f64>> =
        (0..PEOPLE).map(|_| (0..128).map(|_| rng.normal() * centre_sd).collect()).collect();
    let everything = |_: &AssetRecord| Ok(());
    let mut times = Vec::with_capacity(photos);
    let mut truth = Vec::with_capacity(faces);
    let started = Instant::now();
    for i in 0..photos {
        let who: Vec<usize> = (0..FACES_PER_PHOTO).map(|_| rng.below(PEOPLE)).collect();
        let new: Vec<NewFaceRecord> = who
            .iter()
            .enumerate()
            .map(|(k, &p)| NewFaceRecord {
                bounds: FaceBox { x: 0.2 * k as f32, y: 0.3, width: 0.15, height: 0.2 },
                quality: 0.5,
                descriptor: centres[p].iter().map(|c| (c + rng.normal() * face_sd) as f32).collect(),
            })
            .collect();
        let id = format!("{i:032x}");
        let start = Instant::now();
        let recorded = store.set_faces(&id, new, &everything).unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        truth.extend(recorded.into_iter().zip(&who).map(|(f, &p)| (f.person, p.to_string())));
    }
    let total = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    let pairs: Vec<(&str, &str)> = truth.iter().map(|(g, p)| (g.as_str(), p.as_str())).collect();
    let (purity, completeness) = purity_and_completeness(&pairs);
    let groups = store.people(1).unwrap().len();
    println!("Grouping {faces} faces on {photos} photos of {PEOPLE} people, one photo at a time:");
    println!(
        "  {total:.1} s in all ({:.0} faces/s); per photo median {:.2} ms, p99 {:.2} ms, slowest {:.2} ms",
        faces as f64 / total,
        times[times.len() / 2],
        times[times.len() * 99 / 100],
        times[times.len() - 1]
    );
    println!("  {groups} people found; purity {purity:.3}, completeness {completeness:.3}");
    // The hourly look again over the same library: every pair of people compared.
    let start = Instant::now();
    let merged = store.regroup_people(1).unwrap();
    println!(
        "  looking again at {groups} people: {:.1} ms, {merged} merged",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let _ = std::fs::remove_dir_all(&dir);
}
