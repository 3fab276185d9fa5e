//! Crash safety: a real server process under concurrent uploads and edits, killed with SIGKILL at
//! random moments and started again. Whatever it acknowledged must be there, with the right bytes;
//! it must start every time; and no blob may be left that nothing refers to.
//!
//! `KEEPSAKE_CRASH_TRIALS` sets the number of kills (a few in `cargo xtask test`, 30 in the soak).

use super::*;
use rand::{Rng, SeedableRng};
use std::{
    collections::{BTreeMap, BTreeSet},
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::Mutex,
};

struct Process {
    child: Child,
    api: Api,
}

/// Where the running server answers; workers hold this, the test holds the process.
#[derive(Clone)]
struct Api {
    base: String,
}

impl Api {
    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }
}

/// What the process is told of where to keep a new library's blobs, as the in-process servers are
/// (see `test_blob_store`).
fn test_blobs_of(data: &Path) -> Option<(&'static str, String)> {
    let mut config = Config { data_dir: data.to_path_buf(), ..Config::default() };
    test_blob_store(&mut config);
    config.blobs.map(|location| ("KEEPSAKE_BLOBS", location.to_string()))
}

impl Process {
    fn start(data: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_keepsake"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .env("RUST_LOG", "keepsake_server=warn")
            .envs(test_blobs_of(data))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start keepsake");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("the server did not start: {line:?}"))
            .to_string();
        Self { child, api: Api { base } }
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// What the server acknowledged: assets with their SHA-256, and tags it said it added.
#[derive(Default, Clone)]
struct Acknowledged {
    assets: BTreeMap<String, String>,
    tags: BTreeSet<(String, String)>,
}

/// A photo no other trial uploads: a small JPEG with unique bytes after its end marker.
fn unique_photo(base: &[u8], n: u64) -> Vec<u8> {
    let mut bytes = base.to_vec();
    bytes.extend_from_slice(format!("keepsake crash test {n}").as_bytes());
    bytes
}

async fn upload_one(p: &Api, c: &Client, bytes: &[u8], ack: &Mutex<Acknowledged>) -> Option<()> {
    let request = new_upload("crash.jpg", bytes);
    let r = c.post(p.url("/uploads")).json(&request).send().await.ok()?;
    let UploadStarted::Open { upload_id, offset } = r.json().await.ok()? else { return Some(()) };
    let r = c
        .put(p.url(&format!("/uploads/{upload_id}/bytes?offset={offset}")))
        .body(bytes[offset as usize..].to_vec())
        .send()
        .await
        .ok()?;
    if !r.status().is_success() {
        return None;
    }
    let r = c.post(p.url(&format!("/uploads/{upload_id}/finish"))).send().await.ok()?;
    if r.status().is_success() {
        let asset: Asset = r.json().await.ok()?;
        ack.lock().unwrap().assets.insert(asset.id, request.sha256);
    }
    Some(())
}

async fn tag_one(p: &Api, c: &Client, id: &str, tag: &str, ack: &Mutex<Acknowledged>) -> Option<()> {
    let body = json!({"ids": [id], "op": "add_tags", "tags": [tag]});
    let r = c.post(p.url("/assets/edit")).json(&body).send().await.ok()?;
    if r.status() == StatusCode::OK {
        ack.lock().unwrap().tags.insert((id.to_string(), tag.to_string()));
    }
    Some(())
}

/// Checks everything acknowledged so far against a freshly started server.
async fn check(p: &Api, c: &Client, ack: &Acknowledged) {
    for (id, sha) in &ack.assets {
        let r = c.get(p.url(&format!("/assets/{id}/original"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "acknowledged asset {id} is gone");
        assert_eq!(&keepsake_media::StreamingSha256::of(&r.bytes().await.unwrap()), sha, "asset {id}");
    }
    for (id, tag) in &ack.tags {
        let asset: Value = c.get(p.url(&format!("/assets/{id}"))).send().await.unwrap().json().await.unwrap();
        let tags = asset["tags"].as_array().unwrap();
        assert!(tags.iter().any(|t| t == tag), "acknowledged tag {tag} on {id} is gone: {asset}");
    }
}

#[tokio::test]
async fn acknowledged_work_survives_sigkill() {
    let trials: usize = std::env::var("KEEPSAKE_CRASH_TRIALS").ok().and_then(|t| t.parse().ok()).unwrap_or(3);
    let data = std::env::temp_dir().join(format!("keepsake-crash-{}", keepsake_server::auth::random_hex(8)));
    let base = corpus("et_Apple.jpg");
    let mut rng = rand::rngs::StdRng::seed_from_u64(
        std::env::var("KEEPSAKE_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(7),
    );
    let ack = Arc::new(Mutex::new(Acknowledged::default()));
    let mut next_photo = 0u64;
    for trial in 0..trials {
        let process = Process::start(&data);
        let p = process.api.clone();
        let c =
            client_builder().cookie_store(true).timeout(std::time::Duration::from_secs(20)).build().unwrap();
        let credentials = json!({"username": "ann", "password": "correct horse"});
        if trial == 0 {
            assert_eq!(post_json(&c, p.url("/auth/signup"), credentials).await.status(), StatusCode::CREATED);
        } else {
            assert_eq!(post_json(&c, p.url("/auth/login"), credentials).await.status(), StatusCode::OK);
            let so_far = ack.lock().unwrap().clone();
            check(&p, &c, &so_far).await;
        }
        // Four uploaders and two editors, until the kill.
        let mut workers = tokio::task::JoinSet::new();
        for w in 0..6u64 {
            let (p, c, ack, base) = (p.clone(), c.clone(), Arc::clone(&ack), base.clone());
            let first = next_photo + w * 1000;
            workers.spawn(async move {
                for n in 0.. {
                    let done = if w < 4 {
                        upload_one(&p, &c, &unique_photo(&base, first + n), &ack).await
                    } else {
                        let target = ack.lock().unwrap().assets.keys().nth(n as usize % 7).cloned();
                        match target {
                            Some(id) => tag_one(&p, &c, &id, &format!("t{trial}-{w}-{n}"), &ack).await,
                            // Nothing acknowledged yet (a slow machine can be killed before the
                            // first upload lands): wait, and stop like the uploaders once the
                            // server is gone, or this loop would outlive the kill.
                            None => {
                                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                                c.get(p.url("/me")).send().await.ok().map(|_| ())
                            }
                        }
                    };
                    if done.is_none() {
                        break;
                    }
                }
            });
        }
        next_photo += 10_000;
        tokio::time::sleep(std::time::Duration::from_millis(rng.random_range(300..1500))).await;
        process.kill();
        while workers.join_next().await.is_some() {}
    }
    // One last start: everything is there, and the start-up sweep left no blob unreferenced.
    let process = Process::start(&data);
    let c = client_builder().cookie_store(true).build().unwrap();
    let credentials = json!({"username": "ann", "password": "correct horse"});
    assert_eq!(post_json(&c, process.api.url("/auth/login"), credentials).await.status(), StatusCode::OK);
    let ack = ack.lock().unwrap().clone();
    check(&process.api, &c, &ack).await;
    process.kill();
    let blobs = blob_store(&data);
    let store = keepsake_server::db::Store::open(&data.join("keepsake.redb")).unwrap();
    let keys = blobs.keys().unwrap();
    let in_use = store.blobs_in_use(&keys).unwrap();
    let orphans: Vec<_> = keys.iter().filter(|k| !in_use.contains(*k)).collect();
    assert!(orphans.is_empty(), "blobs nothing refers to: {orphans:?}");
    eprintln!(
        "crash test: {trials} kills, {} acknowledged uploads and {} acknowledged edits, none lost",
        ack.assets.len(),
        ack.tags.len()
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&data);
}
