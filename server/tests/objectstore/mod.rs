//! Keepsake on a real three-node Garage cluster (replication factor 3), with machines going down:
//! with one of three down everything keeps working; with two down the server says so clearly (503)
//! and loses nothing; when they come back, all is there.
//!
//! Garage is `KEEPSAKE_GARAGE`, else `~/.cargo/bin/garage` (where `cargo xtask test` installs it).

use super::*;
use garage::Cluster;
use keepsake_server::blobs::{BlobLocation, S3Credentials};

fn garage_binary() -> PathBuf {
    let path = std::env::var_os("KEEPSAKE_GARAGE").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cargo/bin/garage")
    });
    assert!(
        path.is_file(),
        "these tests need Garage {} at {}: `cargo xtask test` installs it there",
        garage::VERSION,
        path.display()
    );
    path
}

async fn cluster() -> Cluster {
    tokio::task::spawn_blocking(|| Cluster::start(&garage_binary(), 3))
        .await
        .unwrap()
        .expect("a Garage cluster")
}

async fn server_on(cluster: &Cluster, prefix: &str) -> Server {
    let data = std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
    let config = Config {
        data_dir: data,
        blobs: Some(BlobLocation::parse(&cluster.location(prefix)).unwrap()),
        s3_credentials: Some(S3Credentials { key_id: garage::KEY_ID.into(), secret: garage::SECRET.into() }),
        ..Config::default()
    };
    Server::start_with(config).await
}

/// The original as served, whole and as a range from its middle, against `bytes`.
async fn assert_served(s: &Server, c: &Client, asset: &Asset, bytes: &[u8]) {
    let url = s.url(&format!("/assets/{}/original", asset.id));
    let whole = c.get(&url).send().await.unwrap();
    assert_eq!(whole.status(), StatusCode::OK, "{}", asset.filename);
    assert_eq!(whole.headers()[header::ETAG], format!("\"{}\"", sha256(bytes)).as_str());
    assert_eq!(whole.bytes().await.unwrap().as_ref(), bytes, "{}", asset.filename);
    let (a, b) = (bytes.len() / 3, bytes.len() / 2);
    let part = c.get(&url).header(header::RANGE, format!("bytes={a}-{b}")).send().await.unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.bytes().await.unwrap().as_ref(), &bytes[a..=b]);
    let thumbnail = c.get(s.url(&format!("/assets/{}/thumbnail", asset.id))).send().await.unwrap();
    assert_eq!(thumbnail.status(), StatusCode::OK);
    assert!(thumbnail.bytes().await.unwrap().starts_with(&[0xFF, 0xD8]), "a JPEG thumbnail");
}

/// Every blob the library refers to, read back from the store and checked against its SHA-256.
async fn assert_every_blob_whole(s: &Server) {
    let state = s.state.clone().unwrap();
    tokio::task::spawn_blocking(move || {
        for (key, _) in state.store.referenced_blobs().unwrap() {
            let len = keepsake_server::blobs::verify(state.blobs.as_ref(), &key).unwrap();
            assert!(len.is_some(), "blob {key} is missing from the store");
        }
    })
    .await
    .unwrap();
}

const PHOTOS: [&str; 4] =
    ["mde_Kodak_PIXPRO_FZ201.jpg", "mde_Olympus_PEN_E-P3.jpg", "mde_Issue_266.jpg", "ian_landscape_2.jpg"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garage_with_one_node_down_keeps_working_and_loses_nothing() {
    let mut cluster = cluster().await;
    let s = server_on(&cluster, "one-down").await;
    let ann = s.user("ann").await;
    let bytes: Vec<Vec<u8>> = PHOTOS.iter().map(|name| corpus(name)).collect();
    let first = upload(&s, &ann, PHOTOS[0], &bytes[0]).await;

    cluster.stop_node(2);
    let during = upload(&s, &ann, PHOTOS[1], &bytes[1]).await;
    let doomed = upload(&s, &ann, PHOTOS[2], &bytes[2]).await;
    assert_served(&s, &ann, &first, &bytes[0]).await;
    assert_served(&s, &ann, &during, &bytes[1]).await;
    // Deleting works too: into the trash, the trash emptied, its blobs gone from the store.
    let blobs_before = s.blob_count();
    assert_eq!(edit(&s, &ann, &[&doomed.id], json!({"op": "trash"})).await.status(), StatusCode::OK);
    let r = post_json(&ann, s.url("/trash/empty"), json!({})).await;
    assert!(r.status().is_success(), "empty the trash: {}", r.status());
    assert_eq!(s.blob_count(), blobs_before - 3, "original, thumbnail and preview deleted");

    // The node comes back; then another goes: what was written without the first is still whole.
    cluster.start_node(2).unwrap();
    let cluster = tokio::task::spawn_blocking(move || cluster.wait_for_nodes(3).map(|()| cluster))
        .await
        .unwrap()
        .expect("the node comes back");
    let mut cluster = cluster;
    cluster.stop_node(1);
    let last = upload(&s, &ann, PHOTOS[3], &bytes[3]).await;
    for (asset, bytes) in [(&first, &bytes[0]), (&during, &bytes[1]), (&last, &bytes[3])] {
        assert_served(&s, &ann, asset, bytes).await;
    }
    assert_every_blob_whole(&s).await;
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garage_with_two_nodes_down_answers_503_and_loses_nothing() {
    let mut cluster = cluster().await;
    let s = server_on(&cluster, "two-down").await;
    let ann = s.user("ann").await;
    let kept_bytes = corpus(PHOTOS[0]);
    let kept = upload(&s, &ann, PHOTOS[0], &kept_bytes).await;

    cluster.stop_node(1);
    cluster.stop_node(2);
    let bytes = corpus(PHOTOS[1]);
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, PHOTOS[1], &bytes).await else {
        panic!("not a duplicate")
    };
    assert_eq!(put_bytes(&s, &ann, &upload_id, 0, &bytes).await.status(), StatusCode::OK);
    let started = std::time::Instant::now();
    let r = finish(&s, &ann, &upload_id).await;
    let waited = started.elapsed();
    assert_eq!(
        r.headers().get(header::RETRY_AFTER).map(|v| v.to_str().unwrap().to_string()),
        Some("30".into())
    );
    assert_eq!(error_code(r).await, (StatusCode::SERVICE_UNAVAILABLE, "store-unavailable".into()));
    eprintln!("two of three Garage nodes down: finish answered 503 after {waited:.1?}");
    // Reading needs a quorum too: the original is sent whole or refused just as clearly.
    let r = ann.get(s.url(&format!("/assets/{}/original", kept.id))).send().await.unwrap();
    if r.status() == StatusCode::OK {
        assert_eq!(r.bytes().await.unwrap().as_ref(), kept_bytes.as_slice());
    } else {
        assert_eq!(error_code(r).await, (StatusCode::SERVICE_UNAVAILABLE, "store-unavailable".into()));
    }

    // The nodes return: the upload the client kept finishes, and nothing is missing.
    cluster.start_node(1).unwrap();
    cluster.start_node(2).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let asset: Asset = loop {
        let r = finish(&s, &ann, &upload_id).await;
        if r.status() == StatusCode::CREATED {
            break r.json().await.unwrap();
        }
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE, "finish while the nodes come back");
        assert!(std::time::Instant::now() < deadline, "Garage did not come back within a minute");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    assert_served(&s, &ann, &kept, &kept_bytes).await;
    assert_served(&s, &ann, &asset, &bytes).await;
    assert_every_blob_whole(&s).await;
    s.stop().await;
}

/// Two people finish uploads of the same bytes at the same moment: Garage has no conditional PUT,
/// and needs none, as the key is the content; both get the photo, stored once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garage_takes_the_same_bytes_twice_at_once() {
    let cluster = cluster().await;
    let s = server_on(&cluster, "same-bytes").await;
    let (ann, bob) = (s.user("ann").await, s.user("bob").await);
    let bytes = corpus(PHOTOS[2]);
    let (a, b) = tokio::join!(upload(&s, &ann, "ann.jpg", &bytes), upload(&s, &bob, "bob.jpg", &bytes));
    assert_served(&s, &ann, &a, &bytes).await;
    assert_served(&s, &bob, &b, &bytes).await;
    assert_every_blob_whole(&s).await;
    s.stop().await;
}

/// Originals larger than a part go up as a multipart upload and come back whole, ranges included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garage_stores_a_large_original_in_parts() {
    let cluster = cluster().await;
    let s = server_on(&cluster, "large").await;
    let ann = s.user("ann").await;
    // A real photo with 20 MB after its end: still a JPEG to every reader, three parts to the store.
    let mut bytes = corpus(PHOTOS[3]);
    bytes.extend(garage::noise(20 << 20));
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, "large.jpg", &bytes).await else {
        panic!("not a duplicate")
    };
    for (n, chunk) in bytes.chunks(keepsake_api::UPLOAD_CHUNK_BYTES as usize).enumerate() {
        let offset = n as u64 * keepsake_api::UPLOAD_CHUNK_BYTES;
        assert_eq!(put_bytes(&s, &ann, &upload_id, offset, chunk).await.status(), StatusCode::OK);
    }
    let r = finish(&s, &ann, &upload_id).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let asset: Asset = r.json().await.unwrap();
    assert_served(&s, &ann, &asset, &bytes).await;
    assert_every_blob_whole(&s).await;
    s.stop().await;
}

/// The corpus's clean photos (by its `truth.json`) in the formats a phone or camera makes, small
/// enough to upload quickly, one of each content.
fn corpus_library() -> Vec<String> {
    let truth: Value = serde_json::from_slice(&corpus("truth.json")).unwrap();
    let mut seen = std::collections::HashSet::new();
    let mut names: Vec<String> = truth["files"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, file)| {
            let categories: Vec<&str> =
                file["categories"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let format =
                ["fmt:jpeg", "fmt:heif", "fmt:png", "fmt:webp"].iter().any(|f| categories.contains(f));
            let unclean = ["bad", "decode-warning", "upstream-bad-sample", "large-12mp+"];
            format && !unclean.iter().any(|c| categories.contains(c))
        })
        .map(|(name, _)| name.clone())
        .collect();
    names.sort();
    names.retain(|name| seen.insert(sha256(&corpus(name))));
    names.truncate(24);
    names
}

/// `keepsake blobs migrate` moves a library of corpus photos into Garage and back. Interrupted
/// halfway (two nodes go down), the library stays where it was; run again, it copies only what is
/// missing, then switches; `verify` finds every blob whole; the server serves the very same bytes
/// from the bucket with the local copies gone, and again after the way home.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corpus_library_migrates_to_garage_and_back() {
    use keepsake_server::blobs::maintenance::{migrate, verify};
    let cluster = cluster().await;
    let data = std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
    let credentials = S3Credentials { key_id: garage::KEY_ID.into(), secret: garage::SECRET.into() };
    let local = Config { data_dir: data.clone(), blobs: Some(BlobLocation::Local), ..Config::default() };
    let s = Server::start_with(local.clone()).await;
    let ann = s.user("ann").await;
    let mut photos = Vec::new();
    for name in corpus_library() {
        let bytes = corpus(&name);
        photos.push((upload(&s, &ann, &name, &bytes).await, bytes));
    }
    assert!(photos.len() >= 20, "the corpus has {} clean photos", photos.len());
    s.stop().await;

    let config =
        Config { s3_credentials: Some(credentials.clone()), ..Config { blobs: None, ..local.clone() } };
    let garage = BlobLocation::parse(&cluster.location("migrated")).unwrap();
    let recorded = |data: &Path| {
        let store = keepsake_server::db::Store::open(&data.join("keepsake.redb")).unwrap();
        keepsake_server::blob_location(&store, None).unwrap()
    };
    let (config, garage, total, _cluster) = tokio::task::spawn_blocking(move || {
        let mut cluster = cluster;
        let mut total = 0;
        let interrupted = migrate(&config, &garage, |p| {
            total = p.total;
            if p.done == p.total / 2 && p.done > 0 {
                cluster.stop_node(1);
                cluster.stop_node(2);
            }
        });
        assert!(interrupted.is_err(), "two of three nodes down stop the migration");
        assert_eq!(
            recorded(&config.data_dir),
            BlobLocation::Local,
            "an interrupted migration switches nothing"
        );
        cluster.start_node(1).unwrap();
        cluster.start_node(2).unwrap();
        cluster.wait_for_nodes(3).unwrap();
        let report = migrate(&config, &garage, |_| {}).unwrap();
        assert!(report.missing.is_empty(), "{:?}", report.missing);
        assert!(report.already_there >= total / 2, "the first run's copies are kept: {report:?}");
        assert_eq!(report.copied + report.already_there, total, "{report:?}");
        assert_eq!(recorded(&config.data_dir), garage);
        let (_, checked) = verify(&config, |_| {}).unwrap();
        assert_eq!((checked.checked, checked.missing.len(), checked.damaged.len()), (total, 0, 0));
        (config, garage, total, cluster)
    })
    .await
    .unwrap();
    assert!(total > photos.len(), "originals and their derivatives: {total}");

    // The old copies deleted, as a family would: everything comes from the bucket.
    std::fs::remove_dir_all(data.join("blobs")).unwrap();
    assert!(
        AppState::open(Config { blobs: Some(BlobLocation::Local), ..config.clone() }).is_err(),
        "a setting that disagrees with where the blobs are is refused"
    );
    let s = Server::start_with(Config { blobs: Some(garage), ..config.clone() }).await;
    let ann = login(&s, "ann").await;
    for (asset, bytes) in &photos {
        assert_served(&s, &ann, asset, bytes).await;
    }
    s.stop().await;

    let home = tokio::task::spawn_blocking({
        let config = config.clone();
        move || {
            let report = migrate(&config, &BlobLocation::Local, |_| {}).unwrap();
            assert_eq!((report.copied, report.missing.len()), (total, 0), "{report:?}");
            verify(&config, |_| {}).unwrap().1
        }
    })
    .await
    .unwrap();
    assert_eq!((home.checked, home.missing.len(), home.damaged.len()), (total, 0, 0));
    let s = Server::start_with(local).await;
    let ann = login(&s, "ann").await;
    for (asset, bytes) in &photos {
        assert_served(&s, &ann, asset, bytes).await;
    }
    s.stop().await;
}
