//! The server's one integration-test binary: a real server on 127.0.0.1:0, driven over HTTP.

use keepsake_api::{Asset, AssetPage, MediaMetadata, NewUpload, UploadStarted, UploadStatus};
use keepsake_server::Clock;
use keepsake_server::{AppState, config::Config};
use reqwest::{Client, StatusCode, header};
use serde_json::{Value, json};
use std::{
    path::{Path, PathBuf},
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
};
use tokio::sync::oneshot;

mod abuse;
mod contract;
mod crash;
mod garage;
mod objectstore;
mod people;
mod prints;
mod share;

fn corpus(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("KEEPSAKE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    std::fs::read(dir.join(name)).unwrap_or_else(|e| {
        panic!(
            "the test corpus is missing ({}: {e}); set KEEPSAKE_CORPUS to its folder",
            dir.join(name).display()
        )
    })
}

/// An HTTP client for the tests. Their reqwest shares the server's build, whose TLS brings no
/// cryptography of its own (the server installs ring's), so it is installed here too.
fn client_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder()
}

fn sha256(bytes: &[u8]) -> String {
    keepsake_media::StreamingSha256::of(bytes)
}

/// A clock tests can move; it starts at the real time.
#[derive(Clone)]
struct TestClock(Arc<AtomicI64>);

impl keepsake_server::Clock for TestClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl TestClock {
    fn advance_days(&self, days: i64) {
        self.0.fetch_add(days * 86_400, Ordering::SeqCst);
    }
}

struct Server {
    base: String,
    state: Option<AppState>,
    clock: TestClock,
    data: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    async fn start_in(data: PathBuf, max_upload_bytes: u64) -> Self {
        Self::start_with(Config { data_dir: data, max_upload_bytes, ..Config::default() }).await
    }

    /// A server whose admin opened sign-up, as most tests make several accounts.
    async fn start_with(config: Config) -> Self {
        Self::start_as_installed(config, true).await
    }

    /// A server as a fresh install has it: sign-up open only until the first account exists.
    async fn start_as_installed(mut config: Config, open_signup: bool) -> Self {
        let data = config.data_dir.clone();
        test_blob_store(&mut config);
        let mut state = AppState::open(config).expect("open state");
        if open_signup {
            state.store.set_open_signup(true).unwrap();
        }
        let clock = TestClock(Arc::new(AtomicI64::new(keepsake_server::SystemClock.now())));
        state = state.with_clock(Arc::new(clock.clone()));
        let task_state = state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            keepsake_server::serve(listener, task_state, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        Self { base, state: Some(state), clock, data, stop: Some(stop), task: Some(task) }
    }

    async fn start() -> Self {
        let data =
            std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
        Self::start_in(data, 64 << 20).await
    }

    /// Stops the server and waits until it has let go of the database.
    async fn stop(mut self) -> PathBuf {
        self.state = None;
        self.stop.take().unwrap().send(()).unwrap();
        self.task.take().unwrap().await.unwrap();
        self.data.clone()
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    fn client(&self) -> Client {
        client_builder().cookie_store(true).build().unwrap()
    }

    async fn user(&self, name: &str) -> Client {
        let client = self.client();
        let r = post_json(
            &client,
            self.url("/auth/signup"),
            json!({"username": name, "password": "correct horse"}),
        )
        .await;
        assert_eq!(r.status(), StatusCode::CREATED, "signup {name}");
        client
    }

    fn blob_count(&self) -> usize {
        self.state.as_ref().expect("the server runs").blobs.keys().unwrap().len()
    }

    fn uploads_left(&self) -> usize {
        std::fs::read_dir(self.data.join("uploads")).unwrap().count()
    }
}

/// With `KEEPSAKE_TEST_BLOBS` (`cargo xtask test` sets it for its second run of this suite), a new
/// library keeps its blobs there, under a prefix of its own; the key comes from `KEEPSAKE_S3_KEY_ID`
/// and `KEEPSAKE_S3_SECRET`. A library that exists already keeps what it records.
fn test_blob_store(config: &mut Config) {
    use keepsake_server::blobs::{BlobLocation, S3Credentials};
    if config.s3_credentials.is_none() {
        config.s3_credentials = S3Credentials::from_env().expect("readable S3 credentials");
    }
    let Ok(template) = std::env::var("KEEPSAKE_TEST_BLOBS") else { return };
    if config.blobs.is_some() || config.data_dir.join("keepsake.redb").exists() {
        return;
    }
    let Ok(BlobLocation::S3(mut s3)) = BlobLocation::parse(&template) else {
        panic!("KEEPSAKE_TEST_BLOBS is not an s3:// location: {template}")
    };
    s3.prefix = format!("test-{}", keepsake_server::auth::random_hex(8));
    config.blobs = Some(BlobLocation::S3(s3));
}

/// The blob store of a library that is not running.
fn blob_store(data: &Path) -> std::sync::Arc<dyn keepsake_server::blobs::BlobStore> {
    let store = keepsake_server::db::Store::open(&data.join("keepsake.redb")).unwrap();
    let location = keepsake_server::blob_location(&store, None).unwrap();
    let credentials = keepsake_server::blobs::S3Credentials::from_env().unwrap();
    keepsake_server::blobs::open(&location, data, credentials.as_ref()).unwrap()
}

fn new_upload(name: &str, bytes: &[u8]) -> NewUpload {
    NewUpload {
        filename: name.into(),
        mime: "image/jpeg".into(),
        bytes: bytes.len() as u64,
        sha256: sha256(bytes),
        metadata: MediaMetadata::default(),
        folder: Some("holiday/day 1".into()),
    }
}

async fn post_json(client: &Client, url: String, body: Value) -> reqwest::Response {
    client.post(url).json(&body).send().await.unwrap()
}

/// A fresh client signed in as an existing user (after a restart, say).
async fn login(s: &Server, name: &str) -> Client {
    let client = s.client();
    let r = post_json(&client, s.url("/auth/login"), json!({"username": name, "password": "correct horse"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "login {name}");
    client
}

async fn open_upload(s: &Server, c: &Client, name: &str, bytes: &[u8]) -> UploadStarted {
    let r = c.post(s.url("/uploads")).json(&new_upload(name, bytes)).send().await.unwrap();
    assert!(r.status().is_success(), "open upload: {}", r.status());
    r.json().await.unwrap()
}

async fn put_bytes(s: &Server, c: &Client, id: &str, offset: u64, chunk: &[u8]) -> reqwest::Response {
    c.put(s.url(&format!("/uploads/{id}/bytes?offset={offset}"))).body(chunk.to_vec()).send().await.unwrap()
}

async fn finish(s: &Server, c: &Client, id: &str) -> reqwest::Response {
    c.post(s.url(&format!("/uploads/{id}/finish"))).send().await.unwrap()
}

/// Uploads a whole file the way an API client would (no derivatives), returning the asset.
async fn upload(s: &Server, c: &Client, name: &str, bytes: &[u8]) -> Asset {
    let UploadStarted::Open { upload_id, offset } = open_upload(s, c, name, bytes).await else {
        panic!("{name} was reported as a duplicate");
    };
    assert_eq!(put_bytes(s, c, &upload_id, offset, &bytes[offset as usize..]).await.status(), StatusCode::OK);
    let r = finish(s, c, &upload_id).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

async fn error_code(r: reqwest::Response) -> (StatusCode, String) {
    let status = r.status();
    let body: Value = r.json().await.expect("errors are JSON");
    assert!(body["message"].is_string(), "error has a message: {body}");
    (status, body["code"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn accounts_sign_up_in_and_out() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let me: Value = ann.get(s.url("/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["username"], "ann");
    assert_eq!(me["is_admin"], true, "the first account is the admin");

    let bob = s.user("bob").await;
    let me: Value = bob.get(s.url("/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["is_admin"], false);

    let r =
        post_json(&s.client(), s.url("/auth/signup"), json!({"username": "ANN", "password": "another pw"}))
            .await;
    assert_eq!(error_code(r).await, (StatusCode::CONFLICT, "username-taken".into()));
    let r =
        post_json(&s.client(), s.url("/auth/signup"), json!({"username": "x", "password": "short"})).await;
    assert_eq!(error_code(r).await, (StatusCode::BAD_REQUEST, "bad-request".into()));
    let r = s
        .client()
        .post(s.url("/auth/signup"))
        .header(header::CONTENT_TYPE, "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (StatusCode::BAD_REQUEST, "bad-request".into()));

    // The cookie is HttpOnly and SameSite=Lax; the token is not stored as sent.
    let r =
        post_json(&s.client(), s.url("/auth/login"), json!({"username": "ann", "password": "correct horse"}))
            .await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_string();
    assert_eq!(token.len(), 64);
    let db = std::fs::read(s.data.join("keepsake.redb")).unwrap();
    assert!(!db.windows(token.len()).any(|w| w == token.as_bytes()), "session tokens are stored hashed");

    // Only the admin closes sign-up; then nobody new gets in, but the admin can still create accounts.
    let r = bob.put(s.url("/settings")).json(&json!({"open_signup": false})).send().await.unwrap();
    assert_eq!(error_code(r).await, (StatusCode::FORBIDDEN, "forbidden".into()));
    let r = ann.put(s.url("/settings")).json(&json!({"open_signup": false})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = post_json(
        &s.client(),
        s.url("/auth/signup"),
        json!({"username": "carol", "password": "correct horse"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_json(&ann, s.url("/users"), json!({"username": "carol", "password": "correct horse"})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = post_json(&bob, s.url("/users"), json!({"username": "dave", "password": "correct horse"})).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    assert_eq!(bob.post(s.url("/auth/logout")).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(bob.get(s.url("/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    s.stop().await;
}

#[tokio::test]
async fn failed_logins_are_throttled() {
    let s = Server::start().await;
    s.user("ann").await;
    let c = s.client();
    for _ in 0..10 {
        let r = post_json(&c, s.url("/auth/login"), json!({"username": "ann", "password": "wrong password"}))
            .await;
        assert_eq!(error_code(r).await, (StatusCode::UNAUTHORIZED, "bad-credentials".into()));
    }
    let r =
        post_json(&c, s.url("/auth/login"), json!({"username": "ann", "password": "correct horse"})).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits out the window");
    let retry: u64 = r.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    s.stop().await;
}

#[tokio::test]
async fn foreign_origins_cannot_change_state() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let r =
        ann.post(s.url("/auth/logout")).header(header::ORIGIN, "https://evil.example").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let host = s.base.trim_start_matches("http://").to_string();
    let r = ann
        .post(s.url("/assets/check"))
        .header(header::ORIGIN, format!("http://{host}"))
        .json(&json!({"sha256": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    s.stop().await;
}

#[tokio::test]
async fn upload_list_and_serve_files() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bytes = corpus("et_GoPro.jpg");
    let asset = upload(&s, &ann, "et_GoPro.jpg", &bytes).await;
    assert_eq!(asset.sha256, sha256(&bytes));
    assert_eq!(asset.camera.make.as_deref(), Some("GoPro"), "the server read the metadata itself");
    assert_eq!(asset.taken_at.as_deref(), Some("2017-10-03T10:58:29"));
    assert!(asset.has_derivatives);

    let page: AssetPage = ann.get(s.url("/assets")).send().await.unwrap().json().await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, asset.id);

    let r = ann.get(s.url(&format!("/assets/{}/original", asset.id))).send().await.unwrap();
    assert_eq!(r.headers()[header::CONTENT_TYPE], "image/jpeg");
    assert_eq!(r.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(r.headers()[header::CACHE_CONTROL].to_str().unwrap().contains("private"));
    let etag = r.headers()[header::ETAG].clone();
    assert_eq!(r.bytes().await.unwrap().as_ref(), bytes.as_slice());

    let r = ann
        .get(s.url(&format!("/assets/{}/original", asset.id)))
        .header(header::RANGE, "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.bytes().await.unwrap().as_ref(), &bytes[10..20]);
    let r = ann
        .get(s.url(&format!("/assets/{}/original", asset.id)))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);

    for which in ["thumbnail", "preview"] {
        let r = ann.get(s.url(&format!("/assets/{}/{which}", asset.id))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[header::CONTENT_TYPE], "image/jpeg");
    }

    // Deleting moves to the trash: gone from the timeline and the file routes.
    assert_eq!(
        ann.delete(s.url(&format!("/assets/{}", asset.id))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let page: AssetPage = ann.get(s.url("/assets")).send().await.unwrap().json().await.unwrap();
    assert!(page.items.is_empty());
    assert_eq!(
        ann.get(s.url(&format!("/assets/{}/thumbnail", asset.id))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    s.stop().await;
}

#[tokio::test]
async fn duplicates_send_nothing() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bytes = corpus("et_Canon1DmkIII.jpg");
    let first = upload(&s, &ann, "a.jpg", &bytes).await;
    let check: Value =
        post_json(&ann, s.url("/assets/check"), json!({"sha256": [sha256(&bytes), "0".repeat(64)]}))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(check["existing"], json!([{"sha256": sha256(&bytes), "asset_id": first.id}]));
    assert_eq!(
        open_upload(&s, &ann, "copy.jpg", &bytes).await,
        UploadStarted::Duplicate { asset_id: first.id }
    );
    // Another user's library is separate: the same file is new to them.
    let bob = s.user("bob").await;
    assert!(matches!(open_upload(&s, &bob, "a.jpg", &bytes).await, UploadStarted::Open { .. }));
    s.stop().await;
}

#[tokio::test]
async fn uploads_resume_after_a_server_restart() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bytes = corpus("mde_Kodak_PIXPRO_FZ201.jpg");
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, "kodak.jpg", &bytes).await else {
        panic!()
    };
    let half = bytes.len() / 2;
    assert_eq!(put_bytes(&s, &ann, &upload_id, 0, &bytes[..half]).await.status(), StatusCode::OK);
    // A chunk sent at the wrong offset is refused and changes nothing.
    let (status, code) = error_code(put_bytes(&s, &ann, &upload_id, 5, &bytes[5..10]).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::CONFLICT, "offset-mismatch"));
    assert_eq!(error_code(finish(&s, &ann, &upload_id).await).await.1, "incomplete");

    let data = s.stop().await;
    let s = Server::start_in(data, 64 << 20).await;
    let ann = login(&s, "ann").await;
    // Reopening the same file hands back the unfinished upload and how far it got.
    let UploadStarted::Open { upload_id: resumed, offset } = open_upload(&s, &ann, "kodak.jpg", &bytes).await
    else {
        panic!()
    };
    assert_eq!((resumed.as_str(), offset), (upload_id.as_str(), half as u64));
    let status: UploadStatus =
        ann.get(s.url(&format!("/uploads/{upload_id}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(status.offset, half as u64);
    assert_eq!(put_bytes(&s, &ann, &upload_id, offset, &bytes[half..]).await.status(), StatusCode::OK);
    let r = finish(&s, &ann, &upload_id).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let asset: Asset = r.json().await.unwrap();
    let original = ann
        .get(s.url(&format!("/assets/{}/original", asset.id)))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(original.as_ref(), bytes.as_slice());
    assert_eq!(s.uploads_left(), 0);
    s.stop().await;
}

#[tokio::test]
async fn nobody_sees_what_is_not_theirs() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bob = s.user("bob").await;
    let bytes = corpus("et_Apple.jpg");
    let asset = upload(&s, &ann, "apple.jpg", &bytes).await;
    let UploadStarted::Open { upload_id, .. } =
        open_upload(&s, &ann, "other.jpg", &corpus("et_Google.jpg")).await
    else {
        panic!()
    };

    for path in ["", "/original", "/thumbnail", "/preview"] {
        let url = s.url(&format!("/assets/{}{path}", asset.id));
        assert_eq!(bob.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND, "bob GET {path}");
        assert_eq!(
            s.client().get(&url).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "anonymous GET {path}"
        );
    }
    assert_eq!(
        bob.delete(s.url(&format!("/assets/{}", asset.id))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.get(s.url(&format!("/uploads/{upload_id}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(put_bytes(&s, &bob, &upload_id, 0, b"x").await.status(), StatusCode::NOT_FOUND);
    let page: AssetPage = bob.get(s.url("/assets")).send().await.unwrap().json().await.unwrap();
    assert!(page.items.is_empty());
    let check: Value = post_json(&bob, s.url("/assets/check"), json!({"sha256": [sha256(&bytes)]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(check["existing"], json!([]), "hash checks do not reveal another library");
    assert_eq!(s.client().get(s.url("/assets")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        s.client().post(s.url("/uploads")).json(&new_upload("a", &bytes)).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    s.stop().await;
}

#[tokio::test]
async fn bad_uploads_get_clear_errors_and_leave_nothing() {
    let s = Server::start_in(
        std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8))),
        1 << 20,
    )
    .await;
    let ann = s.user("ann").await;

    // Declared too large: refused before a byte is sent.
    let mut big = new_upload("big.jpg", b"x");
    big.bytes = 2 << 20;
    let r = ann.post(s.url("/uploads")).json(&big).send().await.unwrap();
    assert_eq!(error_code(r).await, (StatusCode::PAYLOAD_TOO_LARGE, "too-large".into()));

    // More bytes than declared.
    let bytes = corpus("et_Apple.jpg");
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, "apple.jpg", &bytes).await else {
        panic!()
    };
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"trailing");
    assert_eq!(
        error_code(put_bytes(&s, &ann, &upload_id, 0, &longer).await).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        ann.delete(s.url(&format!("/uploads/{upload_id}"))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );

    // A chunk over the per-request limit is cut off.
    let huge = vec![0u8; keepsake_api::UPLOAD_CHUNK_BYTES as usize + (2 << 20)];
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, "apple.jpg", &bytes).await else {
        panic!()
    };
    let r = put_bytes(&s, &ann, &upload_id, 0, &huge).await;
    assert!(matches!(r.status(), StatusCode::PAYLOAD_TOO_LARGE | StatusCode::BAD_REQUEST), "{}", r.status());
    ann.delete(s.url(&format!("/uploads/{upload_id}"))).send().await.unwrap();

    // Bytes that do not match the declared hash.
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, "apple.jpg", &bytes).await else {
        panic!()
    };
    let mut tampered = bytes.clone();
    tampered[100] ^= 0xFF;
    put_bytes(&s, &ann, &upload_id, 0, &tampered).await;
    assert_eq!(
        error_code(finish(&s, &ann, &upload_id).await).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "hash-mismatch".into())
    );

    // A damaged photo and a file that is no photo at all.
    for (name, bytes, code) in [
        ("ian_corrupted.jpg", corpus("ian_corrupted.jpg")[..600_000].to_vec(), "corrupt"),
        ("notes.txt", b"just some text, not a photo".to_vec(), "unsupported"),
    ] {
        let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, name, &bytes).await else {
            panic!()
        };
        put_bytes(&s, &ann, &upload_id, 0, &bytes).await;
        assert_eq!(
            error_code(finish(&s, &ann, &upload_id).await).await,
            (StatusCode::UNPROCESSABLE_ENTITY, code.into()),
            "{name}"
        );
    }

    // Derivatives must be real JPEGs of the declared size.
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, "apple.jpg", &bytes).await else {
        panic!()
    };
    let r = ann
        .put(s.url(&format!("/uploads/{upload_id}/thumbnail?width=10&height=10")))
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (StatusCode::UNPROCESSABLE_ENTITY, "bad-derivative".into()));
    ann.delete(s.url(&format!("/uploads/{upload_id}"))).send().await.unwrap();

    let page: AssetPage = ann.get(s.url("/assets")).send().await.unwrap().json().await.unwrap();
    assert!(page.items.is_empty());
    assert_eq!(s.uploads_left(), 0, "no partial upload files remain");
    let data = s.stop().await;
    // Whatever blobs a refused upload left (a derivative stored before the refusal) go at the next start.
    let s = Server::start_in(data, 1 << 20).await;
    assert_eq!(s.blob_count(), 0);
    s.stop().await;
}

#[tokio::test]
async fn timeline_pages_newest_first() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let files = ["et_GoPro.jpg", "et_Apple.jpg", "et_Canon1DmkIII.jpg", "et_NikonD2Hs.jpg", "et_Google.jpg"];
    for f in files {
        upload(&s, &ann, f, &corpus(f)).await;
    }
    let mut seen: Vec<Asset> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => s.url(&format!("/assets?limit=2&cursor={c}")),
            None => s.url("/assets?limit=2"),
        };
        let page: AssetPage = ann.get(url).send().await.unwrap().json().await.unwrap();
        seen.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), files.len());
    let dates: Vec<String> =
        seen.iter().map(|a| a.taken_at.clone().unwrap_or_default()[..19].to_string()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert_eq!(
        ann.get(s.url("/assets?cursor=bogus")).send().await.unwrap().status(),
        StatusCode::BAD_REQUEST
    );
    // JSON goes out compressed when the client accepts it, and says so; photos do not.
    let plain = ann.get(s.url("/assets")).send().await.unwrap().bytes().await.unwrap();
    let r = ann.get(s.url("/assets")).header(header::ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
    let packed = r.bytes().await.unwrap();
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&packed[..]), &mut unpacked).unwrap();
    assert_eq!(unpacked, plain, "the same JSON");
    assert!(packed.len() * 2 < plain.len(), "{} of {} bytes", packed.len(), plain.len());
    let r = ann.get(s.url("/assets")).header(header::ACCEPT_ENCODING, "br, gzip").send().await.unwrap();
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "br");
    let original = format!("/assets/{}/original", seen[0].id);
    let r = ann.get(s.url(&original)).header(header::ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert!(r.headers().get(header::CONTENT_ENCODING).is_none(), "a JPEG is sent as it is");
    s.stop().await;
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let s = Server::start().await;
    let doc = get_json(&client_builder().build().unwrap(), s.url("/openapi.json")).await;
    let paths = doc["paths"].as_object().unwrap();
    let source = include_str!("../src/routes/mod.rs").to_string()
        + include_str!("../src/routes/accounts.rs")
        + include_str!("../src/routes/assets.rs")
        + include_str!("../src/routes/uploads.rs")
        + include_str!("../src/routes/albums.rs")
        + include_str!("../src/routes/library.rs")
        + include_str!("../src/routes/downloads.rs")
        + include_str!("../src/routes/links.rs")
        + include_str!("../src/routes/vault.rs")
        + include_str!("../src/routes/prints.rs")
        + include_str!("../src/routes/people.rs");
    // Documented routes only: a plain `.route(` would serve a path the document does not describe.
    assert!(!source.contains(".route("), "every API route is added with api_route");
    let literal_routes = source
        .split(".api_route(")
        .skip(1)
        .filter_map(|r| r.trim_start().strip_prefix('"')?.split('"').next());
    let mut literal = 0;
    for route in literal_routes {
        assert!(paths.contains_key(route), "{route} is not in openapi.json");
        literal += 1;
    }
    assert!(literal > 30, "found the routes ({literal})");
    // Every operation that needs a session says so, and errors are described.
    assert_eq!(doc["components"]["securitySchemes"]["session"]["in"], "cookie");
    assert_eq!(doc["paths"]["/albums"]["get"]["security"][0]["session"], json!([]));
    assert!(doc["paths"]["/s/{token}"]["get"].get("security").is_none(), "a link needs no session");
    let limit = &doc["paths"]["/assets"]["get"]["parameters"];
    assert!(limit.as_array().unwrap().iter().any(|p| p["name"] == "limit"), "query parameters: {limit}");
    use keepsake_api::paths::*;
    for constant in [
        SIGNUP,
        LOGIN,
        LOGOUT,
        ME,
        SETTINGS,
        USERS,
        ASSETS,
        HASH_CHECK,
        UPLOADS,
        OPENAPI,
        ASSET_EDIT,
        TAGS,
        CAMERAS,
        ALBUMS,
        SEARCH,
        FOLDERS,
        TRASH,
        TRASH_EMPTY,
        TRASH_RESTORE_ALL,
        MEMORIES,
        DOWNLOADS,
        LINKS,
        SHARED_WITH_ME,
        VAULT,
        VAULT_ASSETS,
        VAULT_REMOVE,
        VAULT_ME,
        VAULT_INVITES,
        PEOPLE,
    ] {
        assert!(paths.contains_key(constant), "{constant}");
    }
    // The document's bounds are the server's: a page past them is refused, not quietly cut.
    let ann = s.user("ann").await;
    let r = ann.get(s.url("/assets?limit=5011769")).send().await.unwrap();
    assert_eq!(error_code(r).await, (StatusCode::BAD_REQUEST, "bad-request".to_string()));
    assert_eq!(ann.get(s.url("/assets?limit=1000")).send().await.unwrap().status(), StatusCode::OK);
    s.stop().await;
}

#[tokio::test]
async fn import_adds_a_folder_tree_once() {
    let s = Server::start().await;
    s.user("ann").await;
    let data = s.stop().await;

    let tree = data.join("to-import");
    std::fs::create_dir_all(tree.join("2019/summer")).unwrap();
    std::fs::write(tree.join("2019/summer/a.jpg"), corpus("et_GoPro.jpg")).unwrap();
    std::fs::write(tree.join("2019/b.jpg"), corpus("et_Apple.jpg")).unwrap();
    std::fs::write(tree.join("2019/copy-of-b.jpg"), corpus("et_Apple.jpg")).unwrap();
    std::fs::write(tree.join("c.heic"), corpus("exifr_heic-iphone7.heic")).unwrap();
    std::fs::write(tree.join("d.avif"), corpus("pil_rot1mir0.avif")).unwrap();
    std::fs::write(tree.join("notes.txt"), "not a photo").unwrap();
    let mut config = Config { data_dir: data.clone(), ..Config::default() };
    test_blob_store(&mut config);
    let state = AppState::open(config).unwrap();
    let mut reports = 0;
    let summary =
        keepsake_server::import::run(&state, "ann", std::slice::from_ref(&tree), |_| reports += 1).unwrap();
    assert_eq!(summary, keepsake_server::import::Summary { added: 4, duplicates: 1, skipped: 1, failed: 0 });
    assert_eq!(reports, 6);
    // Running it again adds nothing.
    let again = keepsake_server::import::run(&state, "ann", std::slice::from_ref(&tree), |_| {}).unwrap();
    assert_eq!(again.added, 0);
    assert_eq!(again.duplicates, 5);
    assert!(keepsake_server::import::run(&state, "nobody", std::slice::from_ref(&tree), |_| {}).is_err());
    drop(state);

    let s = Server::start_in(data, 64 << 20).await;
    let ann = login(&s, "ann").await;
    let page: AssetPage = ann.get(s.url("/assets")).send().await.unwrap().json().await.unwrap();
    let mut names: Vec<&str> = page.items.iter().map(|a| a.filename.as_str()).collect();
    names.sort();
    assert_eq!(names, ["a.jpg", "b.jpg", "c.heic", "d.avif"]);
    let heic = page.items.iter().find(|a| a.filename == "c.heic").unwrap();
    assert!(heic.has_derivatives, "HEIC is decoded on import, as in the browser");
    let avif = page.items.iter().find(|a| a.filename == "d.avif").unwrap();
    assert!(avif.has_derivatives, "AVIF is decoded on import, as in the browser");
    assert_eq!((avif.width, avif.height), (Some(640), Some(427)), "stored 427×640, turned by irot");
    assert_eq!(heic.camera.model.as_deref(), Some("iPhone 7"));
    let gopro = page.items.iter().find(|a| a.filename == "a.jpg").unwrap();
    assert!(gopro.has_derivatives);
    s.stop().await;
}

/// Regression: the start-up sweep took the browser's derivatives of an unfinished upload for orphans.
#[tokio::test]
async fn derivatives_of_an_unfinished_upload_survive_a_restart() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bytes = corpus("et_Apple.jpg");
    let (format, meta) = keepsake_media::read_metadata(&bytes).unwrap();
    let derived =
        keepsake_media::derive_from_bytes(format, &bytes, meta.orientation, &Default::default()).unwrap();
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, "apple.jpg", &bytes).await else {
        panic!()
    };
    for (which, jpeg, size) in [
        ("thumbnail", &derived.thumbnail, derived.thumbnail_size),
        ("preview", &derived.preview, derived.preview_size),
    ] {
        let url = s.url(&format!("/uploads/{upload_id}/{which}?width={}&height={}", size.0, size.1));
        assert_eq!(ann.put(url).body(jpeg.clone()).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    }
    let data = s.stop().await;
    let s = Server::start_in(data, 64 << 20).await;
    let ann = login(&s, "ann").await;
    assert_eq!(put_bytes(&s, &ann, &upload_id, 0, &bytes).await.status(), StatusCode::OK);
    let asset: Asset = finish(&s, &ann, &upload_id).await.json().await.unwrap();
    let r = ann.get(s.url(&format!("/assets/{}/thumbnail", asset.id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), derived.thumbnail.as_slice());
    s.stop().await;
}

async fn get_json(c: &Client, url: String) -> Value {
    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn edit(s: &Server, c: &Client, ids: &[&str], change: Value) -> reqwest::Response {
    let mut body = change;
    body["ids"] = json!(ids);
    post_json(c, s.url("/assets/edit"), body).await
}

/// The filenames a search finds, in order.
async fn found(s: &Server, c: &Client, query: &str) -> Vec<String> {
    let page = get_json(c, s.url(&format!("/search?{query}"))).await;
    page["items"].as_array().unwrap().iter().map(|a| a["filename"].as_str().unwrap().to_string()).collect()
}

/// Four corpus photos with cameras, dates and (for two) GPS positions.
async fn four_photos(s: &Server, c: &Client) -> Vec<Asset> {
    let mut assets = Vec::new();
    for name in ["et_Apple.jpg", "et_GoPro.jpg", "et_Canon1DmkIII.jpg", "ian_DSCN0010.jpg"] {
        assets.push(upload(s, c, name, &corpus(name)).await);
    }
    assets
}

#[tokio::test]
async fn albums_keep_their_order_and_their_photos() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let a = four_photos(&s, &ann).await;
    let ids: Vec<&str> = a.iter().map(|x| x.id.as_str()).collect();

    let r =
        post_json(&ann, s.url("/albums"), json!({"name": "  Summer   trip ", "asset_ids": &ids[..3]})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let album: Value = r.json().await.unwrap();
    assert_eq!(album["name"], "Summer trip");
    assert_eq!(album["count"], 3);
    assert_eq!(album["cover"], ids[0], "the first photo is the cover until one is chosen");
    assert_eq!(album["first_date"], "2007-02-22");
    assert_eq!(album["last_date"], "2017-10-03");
    let album_id = album["id"].as_str().unwrap().to_string();
    let url = |part: &str| s.url(&format!("/albums/{album_id}{part}"));
    let order = |page: Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
    };

    // Rename, describe, cover; a name that is blank is refused.
    let r = ann
        .patch(url(""))
        .json(&json!({"name": "Holidays", "description": "Every one of them", "cover": ids[2]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let album: Value = r.json().await.unwrap();
    assert_eq!((album["name"].as_str(), album["cover"].as_str()), (Some("Holidays"), Some(ids[2])));
    let r = ann.patch(url("")).json(&json!({"name": "   "})).send().await.unwrap();
    assert_eq!(error_code(r).await.0, StatusCode::BAD_REQUEST);
    let r = ann.patch(url("")).json(&json!({"cover": ids[3]})).send().await.unwrap();
    assert_eq!(
        error_code(r).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "bad-cover".into()),
        "the cover must be in the album"
    );

    // Add (twice is once), move, sort by date, remove.
    let r = post_json(&ann, url("/assets"), json!({"ids": [ids[3], ids[3]]})).await;
    assert_eq!(r.json::<Value>().await.unwrap()["changed"], 1);
    assert_eq!(order(get_json(&ann, url("/assets")).await), [ids[0], ids[1], ids[2], ids[3]]);
    let r = post_json(&ann, url("/move"), json!({"asset_id": ids[3], "before": ids[0]})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(order(get_json(&ann, url("/assets")).await), [ids[3], ids[0], ids[1], ids[2]]);
    let r = ann.patch(url("")).json(&json!({"sort_newest_first": false})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Canon 2007, Nikon 2008, Apple 2016, GoPro 2017.
    assert_eq!(order(get_json(&ann, url("/assets")).await), [ids[2], ids[3], ids[0], ids[1]]);
    let r = post_json(&ann, url("/remove"), json!({"ids": [ids[2]]})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let album = get_json(&ann, url("")).await;
    assert_eq!(album["count"], 3);
    assert_eq!(album["cover"], ids[3], "removing the cover falls back to the first photo");

    // The album's name finds its photos; one photo in two albums.
    assert_eq!(found(&s, &ann, "q=holidays").await.len(), 3);
    let r = post_json(&ann, s.url("/albums"), json!({"name": "Best", "asset_ids": [ids[0]]})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let albums = get_json(&ann, s.url("/albums")).await;
    assert_eq!(albums.as_array().unwrap().len(), 2);

    // A trashed photo leaves the album's count and comes back in its place when restored.
    assert_eq!(edit(&s, &ann, &[ids[0]], json!({"op": "trash"})).await.status(), StatusCode::OK);
    assert_eq!(get_json(&ann, url("")).await["count"], 2);
    assert_eq!(edit(&s, &ann, &[ids[0]], json!({"op": "restore"})).await.status(), StatusCode::OK);
    assert_eq!(order(get_json(&ann, url("/assets")).await), [ids[3], ids[0], ids[1]]);

    // Deleting an album keeps its photos.
    assert_eq!(ann.delete(url("")).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(ann.get(url("")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let page: AssetPage = ann.get(s.url("/assets")).send().await.unwrap().json().await.unwrap();
    assert_eq!(page.items.len(), 4);
    assert!(found(&s, &ann, "q=holidays").await.is_empty(), "a deleted album's name finds nothing");
    s.stop().await;
}

#[tokio::test]
async fn tags_favourites_archive_dates_and_search() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let a = four_photos(&s, &ann).await;
    let ids: Vec<&str> = a.iter().map(|x| x.id.as_str()).collect();

    // Tags: added to two, suggested with counts, spelled as first typed, removed without case.
    let r =
        edit(&s, &ann, &ids[..2], json!({"op": "add_tags", "tags": ["Grandma", " beach  day ", ""]})).await;
    assert_eq!(r.json::<Value>().await.unwrap()["changed"], 2);
    edit(&s, &ann, &[ids[2]], json!({"op": "add_tags", "tags": ["grandma"]})).await;
    let tags = get_json(&ann, s.url("/tags")).await;
    assert_eq!(tags, json!([{"tag": "Grandma", "count": 3}, {"tag": "beach day", "count": 2}]));
    assert_eq!(found(&s, &ann, "q=beach").await.len(), 2);
    assert_eq!(found(&s, &ann, "q=grand").await.len(), 3, "words match as you type");
    edit(&s, &ann, &[ids[2]], json!({"op": "remove_tags", "tags": ["GRANDMA"]})).await;
    assert_eq!(found(&s, &ann, "q=grandma").await.len(), 2);

    // Cameras, years, places, filenames; several words narrow the search.
    assert_eq!(found(&s, &ann, "q=gopro").await, ["et_GoPro.jpg"]);
    assert_eq!(found(&s, &ann, "q=canon").await, ["et_Canon1DmkIII.jpg"]);
    assert_eq!(found(&s, &ann, "q=2016").await, ["et_Apple.jpg"]);
    assert_eq!(found(&s, &ann, "q=september%202016").await, ["et_Apple.jpg"]);
    assert_eq!(found(&s, &ann, "q=2017-10-03").await, ["et_GoPro.jpg"]);
    assert_eq!(found(&s, &ann, "q=beach%202017").await, ["et_GoPro.jpg"]);
    assert_eq!(found(&s, &ann, "q=sheffield").await, ["et_Apple.jpg"], "the iPhone photo was taken there");
    assert_eq!(found(&s, &ann, "q=italy").await, ["ian_DSCN0010.jpg"]);
    assert_eq!(found(&s, &ann, "q=dscn0010").await, ["ian_DSCN0010.jpg"]);
    assert_eq!(found(&s, &ann, "q=sheff%20iph").await, ["et_Apple.jpg"], "every word must match");
    assert_eq!(found(&s, &ann, "q=sheffield%20gopro").await, Vec::<String>::new());
    let page = get_json(&ann, s.url("/search?q=&limit=1&offset=1")).await;
    assert_eq!((page["total"].as_u64(), page["next_offset"].as_u64()), (Some(4), Some(2)));
    assert_eq!(page["items"][0]["filename"], "et_Apple.jpg", "the second newest");
    assert!(found(&s, &ann, "q=zebra").await.is_empty());
    let everything = found(&s, &ann, "q=").await;
    assert_eq!(everything[0], "et_GoPro.jpg", "no words: newest first");
    assert_eq!(everything.len(), 4);
    let asset: Asset =
        ann.get(s.url(&format!("/assets/{}", ids[0]))).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        asset.place.as_ref().map(|p| p.country.as_str()),
        Some("United Kingdom of Great Britain and Northern Ireland")
    );

    // The camera filter lists what there is.
    let cameras = get_json(&ann, s.url("/cameras")).await;
    assert_eq!(cameras.as_array().unwrap().len(), 4);
    assert!(cameras.as_array().unwrap().iter().any(|c| c["camera"] == "Apple iPhone 7"));
    assert_eq!(found(&s, &ann, "camera=Apple%20iPhone%207").await, ["et_Apple.jpg"]);
    assert_eq!(found(&s, &ann, "q=grandma&camera=GoPro%20HERO6%20Black").await, ["et_GoPro.jpg"]);
    assert_eq!(found(&s, &ann, "from=2008-01-01&to=2016-12-31").await, ["et_Apple.jpg", "ian_DSCN0010.jpg"]);
    assert_eq!(found(&s, &ann, "kind=video").await.len(), 0);
    let r = ann.get(s.url("/search?from=yesterday")).send().await.unwrap();
    assert_eq!(error_code(r).await.0, StatusCode::BAD_REQUEST);

    // Favourites.
    edit(&s, &ann, &[ids[1]], json!({"op": "favorite", "value": true})).await;
    assert_eq!(found(&s, &ann, "favorite=true").await, ["et_GoPro.jpg"]);

    // Archive: out of the timeline, still found.
    edit(&s, &ann, &[ids[2]], json!({"op": "archive", "value": true})).await;
    let page: AssetPage = ann.get(s.url("/assets")).send().await.unwrap().json().await.unwrap();
    assert_eq!(page.items.len(), 3);
    assert_eq!(found(&s, &ann, "q=canon").await, ["et_Canon1DmkIII.jpg"]);
    assert_eq!(found(&s, &ann, "archived=true").await, ["et_Canon1DmkIII.jpg"]);
    edit(&s, &ann, &[ids[2]], json!({"op": "archive", "value": false})).await;

    // Dates: set for a scan, shift for a wrong clock; the original is remembered, the file untouched.
    let r = edit(&s, &ann, &[ids[2]], json!({"op": "set_date", "taken_at": "1999-12-31T23:00:00"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(found(&s, &ann, "q=1999").await, ["et_Canon1DmkIII.jpg"]);
    edit(&s, &ann, &[ids[2]], json!({"op": "shift_date", "seconds": 7200})).await;
    let asset: Asset =
        ann.get(s.url(&format!("/assets/{}", ids[2]))).send().await.unwrap().json().await.unwrap();
    assert_eq!(asset.taken_at.as_deref(), Some("2000-01-01T01:00:00"));
    assert_eq!(asset.original_taken_at.as_deref(), Some("2007-02-22T17:02:42"));
    let original = ann.get(s.url(&format!("/assets/{}/original", ids[2]))).send().await.unwrap();
    assert_eq!(original.bytes().await.unwrap().as_ref(), corpus("et_Canon1DmkIII.jpg").as_slice());
    let r = edit(&s, &ann, &[ids[2]], json!({"op": "set_date", "taken_at": "31/12/1999"})).await;
    assert_eq!(error_code(r).await.0, StatusCode::BAD_REQUEST);
    let r = edit(&s, &ann, &[ids[2]], json!({"op": "explode"})).await;
    assert_eq!(error_code(r).await.0, StatusCode::BAD_REQUEST);

    // On this day: photos from 3 October in earlier years.
    let memories = get_json(&ann, s.url("/memories?today=2026-10-03")).await;
    assert_eq!(memories["years"][0]["year"], 2017);
    assert_eq!(memories["years"][0]["items"][0]["filename"], "et_GoPro.jpg");
    assert_eq!(get_json(&ann, s.url("/memories?today=2026-01-02")).await["years"], json!([]));
    s.stop().await;
}

#[tokio::test]
async fn folders_browse_where_photos_came_from() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    // `new_upload` files everything under "holiday/day 1".
    upload(&s, &ann, "a.jpg", &corpus("et_Apple.jpg")).await;
    let mut other = new_upload("b.jpg", &corpus("et_GoPro.jpg"));
    other.folder = Some("holiday".into());
    let r = ann.post(s.url("/uploads")).json(&other).send().await.unwrap();
    let UploadStarted::Open { upload_id, .. } = r.json().await.unwrap() else { panic!() };
    put_bytes(&s, &ann, &upload_id, 0, &corpus("et_GoPro.jpg")).await;
    assert_eq!(finish(&s, &ann, &upload_id).await.status(), StatusCode::CREATED);

    let top = get_json(&ann, s.url("/folders")).await;
    assert_eq!(top["folders"], json!([{"name": "holiday", "path": "holiday", "count": 2}]));
    let holiday = get_json(&ann, s.url("/folders?path=holiday")).await;
    assert_eq!(holiday["count"], 1);
    assert_eq!(holiday["folders"], json!([{"name": "day 1", "path": "holiday/day 1", "count": 1}]));
    assert_eq!(found(&s, &ann, "folder=holiday").await, ["b.jpg"]);
    assert_eq!(found(&s, &ann, "folder=holiday%2Fday%201").await, ["a.jpg"]);
    s.stop().await;
}

#[tokio::test]
async fn trash_restores_and_purges_by_reference_count() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bob = s.user("bob").await;
    let photo = corpus("et_GoPro.jpg");
    let ann_asset = upload(&s, &ann, "ann.jpg", &photo).await;
    let bob_asset = upload(&s, &bob, "bob.jpg", &photo).await;
    let blobs = s.blob_count();
    assert_eq!(blobs, 3, "original, thumbnail and preview, stored once for both");

    // Trash lists what is there and until when; restore brings it back.
    let r = ann.delete(s.url(&format!("/assets/{}", ann_asset.id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let trash = get_json(&ann, s.url("/trash")).await;
    assert_eq!(trash["retention_days"], 30);
    assert_eq!(trash["items"][0]["asset"]["id"], ann_asset.id.as_str());
    assert!(
        trash["items"][0]["purge_at"].as_str().unwrap() > trash["items"][0]["trashed_at"].as_str().unwrap()
    );
    assert!(get_json(&bob, s.url("/trash")).await["items"].as_array().unwrap().is_empty());
    assert!(found(&s, &ann, "q=").await.is_empty(), "trashed photos are not found");
    let r = post_json(&ann, s.url("/trash/restore-all"), json!({})).await;
    assert_eq!(r.json::<Value>().await.unwrap()["changed"], 1);
    assert_eq!(found(&s, &ann, "q=").await, ["ann.jpg"]);

    // Only trashed photos can be purged.
    let r = edit(&s, &ann, &[&ann_asset.id], json!({"op": "purge"})).await;
    assert_eq!(error_code(r).await, (StatusCode::CONFLICT, "not-in-trash".into()));

    // Ann empties her trash: her asset is gone, Bob's copy of the same bytes is not.
    edit(&s, &ann, &[&ann_asset.id], json!({"op": "trash"})).await;
    let r = post_json(&ann, s.url("/trash/empty"), json!({})).await;
    assert_eq!(r.json::<Value>().await.unwrap()["changed"], 1);
    assert_eq!(
        ann.get(s.url(&format!("/assets/{}", ann_asset.id))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(s.blob_count(), blobs);
    for file in ["original", "thumbnail", "preview"] {
        let r = bob.get(s.url(&format!("/assets/{}/{file}", bob_asset.id))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{file}");
    }
    let r = bob.get(s.url(&format!("/assets/{}/original", bob_asset.id))).send().await.unwrap();
    assert_eq!(r.bytes().await.unwrap().as_ref(), photo.as_slice());
    // Ann can upload it again: the de-duplication entry went with the purge.
    upload(&s, &ann, "again.jpg", &photo).await;

    // Bob's trash empties itself after the retention period; then Ann's copy still holds the blobs.
    edit(&s, &bob, &[&bob_asset.id], json!({"op": "trash"})).await;
    s.clock.advance_days(29);
    assert_eq!(keepsake_server::gc::purge_expired(s.state.as_ref().unwrap()).unwrap(), 0);
    s.clock.advance_days(2);
    assert_eq!(keepsake_server::gc::purge_expired(s.state.as_ref().unwrap()).unwrap(), 1);
    // A month on, the sessions have expired too.
    let (ann, bob) = (login(&s, "ann").await, login(&s, "bob").await);
    assert!(get_json(&bob, s.url("/trash")).await["items"].as_array().unwrap().is_empty());
    assert_eq!(s.blob_count(), blobs);
    let page: AssetPage = ann.get(s.url("/assets")).send().await.unwrap().json().await.unwrap();
    let again = &page.items[0];
    edit(&s, &ann, &[&again.id], json!({"op": "trash"})).await;
    post_json(&ann, s.url("/trash/empty"), json!({})).await;
    assert_eq!(s.blob_count(), 0, "the last reference gone, the blobs go");
    s.stop().await;
}

#[tokio::test]
async fn nobody_touches_another_users_albums_tags_or_trash() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bob = s.user("bob").await;
    let photo = upload(&s, &ann, "a.jpg", &corpus("et_Apple.jpg")).await;
    let bobs = upload(&s, &bob, "b.jpg", &corpus("et_GoPro.jpg")).await;
    let album: Value = post_json(&ann, s.url("/albums"), json!({"name": "Ann's", "asset_ids": [photo.id]}))
        .await
        .json()
        .await
        .unwrap();
    let album_id = album["id"].as_str().unwrap();
    let url = |part: &str| s.url(&format!("/albums/{album_id}{part}"));

    // Bob sees none of Ann's album, and cannot change it.
    for r in [
        bob.get(url("")).send().await.unwrap(),
        bob.get(url("/assets")).send().await.unwrap(),
        bob.get(url("/download")).send().await.unwrap(),
        bob.patch(url("")).json(&json!({"name": "mine"})).send().await.unwrap(),
        bob.delete(url("")).send().await.unwrap(),
        post_json(&bob, url("/assets"), json!({"ids": [bobs.id]})).await,
        post_json(&bob, url("/remove"), json!({"ids": [photo.id]})).await,
        post_json(&bob, url("/move"), json!({"asset_id": photo.id, "before": null})).await,
    ] {
        assert_eq!(error_code(r).await.0, StatusCode::NOT_FOUND);
    }
    assert!(get_json(&bob, s.url("/albums")).await.as_array().unwrap().is_empty());
    // Nor can he put her photo in his album, tag, trash or purge it, or download it.
    let r = post_json(&bob, s.url("/albums"), json!({"name": "Bob's", "asset_ids": [photo.id]})).await;
    assert_eq!(error_code(r).await.0, StatusCode::NOT_FOUND);
    for change in [
        json!({"op": "add_tags", "tags": ["x"]}),
        json!({"op": "favorite", "value": true}),
        json!({"op": "trash"}),
    ] {
        let r = edit(&s, &bob, &[&bobs.id, &photo.id], change).await;
        assert_eq!(error_code(r).await.0, StatusCode::NOT_FOUND);
    }
    let bob_view: Asset =
        bob.get(s.url(&format!("/assets/{}", bobs.id))).send().await.unwrap().json().await.unwrap();
    assert!(bob_view.tags.is_empty(), "a refused batch changes nothing, not even the caller's own");
    edit(&s, &ann, &[&photo.id], json!({"op": "add_tags", "tags": ["secret"]})).await;
    assert!(get_json(&bob, s.url("/tags")).await.as_array().unwrap().is_empty());
    assert!(found(&s, &bob, "q=secret").await.is_empty());
    assert!(found(&s, &bob, "q=sheffield").await.is_empty());
    edit(&s, &ann, &[&photo.id], json!({"op": "trash"})).await;
    assert!(get_json(&bob, s.url("/trash")).await["items"].as_array().unwrap().is_empty());
    post_json(&bob, s.url("/trash/empty"), json!({})).await;
    assert_eq!(get_json(&ann, s.url("/trash")).await["items"].as_array().unwrap().len(), 1);
    let r = edit(&s, &bob, &[&photo.id], json!({"op": "restore"})).await;
    assert_eq!(error_code(r).await.0, StatusCode::NOT_FOUND);
    edit(&s, &ann, &[&photo.id], json!({"op": "restore"})).await;
    let ticket: Value =
        post_json(&ann, s.url("/downloads"), json!({"ids": [photo.id]})).await.json().await.unwrap();
    let ticket_url = format!("{}{}", s.base, ticket["url"].as_str().unwrap());
    assert_eq!(bob.get(&ticket_url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    // Nor can bob get a ticket for ann's photo (or for ids that do not exist).
    let r = post_json(&bob, s.url("/downloads"), json!({"ids": [photo.id]})).await;
    assert_eq!(error_code(r).await.0, StatusCode::NOT_FOUND);
    let r = post_json(&ann, s.url("/downloads"), json!({"ids": ["0".repeat(32)]})).await;
    assert_eq!(error_code(r).await.0, StatusCode::NOT_FOUND);
    // Anonymous callers get nothing at all.
    for path in ["/albums", "/tags", "/cameras", "/trash", "/search?q=a", "/folders", "/memories"] {
        assert_eq!(
            s.client().get(s.url(path)).send().await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    s.stop().await;
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().to_string(), data)
        })
        .collect()
}

#[tokio::test]
async fn zip_downloads_hold_the_originals() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let names = ["et_Apple.jpg", "et_GoPro.jpg"];
    let mut ids = Vec::new();
    for name in names {
        ids.push(upload(&s, &ann, name, &corpus(name)).await.id);
    }
    // The same name twice stays two files.
    let dup = upload(&s, &ann, "et_Apple.jpg", &corpus("et_Canon1DmkIII.jpg")).await;
    ids.push(dup.id);
    let album: Value = post_json(&ann, s.url("/albums"), json!({"name": "Trip / 2019", "asset_ids": ids}))
        .await
        .json()
        .await
        .unwrap();
    let r =
        ann.get(s.url(&format!("/albums/{}/download", album["id"].as_str().unwrap()))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/zip");
    assert!(r.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().contains("Trip%20%202019.zip"));
    let files = unzip(&r.bytes().await.unwrap());
    assert_eq!(
        files,
        vec![
            ("et_Apple.jpg".to_string(), corpus("et_Apple.jpg")),
            ("et_GoPro.jpg".to_string(), corpus("et_GoPro.jpg")),
            ("et_Apple (2).jpg".to_string(), corpus("et_Canon1DmkIII.jpg")),
        ]
    );

    let ticket: Value =
        post_json(&ann, s.url("/downloads"), json!({"ids": [ids[1]]})).await.json().await.unwrap();
    let r = ann.get(format!("{}{}", s.base, ticket["url"].as_str().unwrap())).send().await.unwrap();
    assert_eq!(unzip(&r.bytes().await.unwrap()), vec![("et_GoPro.jpg".to_string(), corpus("et_GoPro.jpg"))]);
    let r = ann.get(s.url("/downloads/0123456789abcdef0123456789abcdef")).send().await.unwrap();
    assert_eq!(error_code(r).await.0, StatusCode::NOT_FOUND);
    s.stop().await;
}

#[tokio::test]
async fn ten_thousand_at_once() {
    // A selection of 10,000 (ids the caller does not own or that do not exist are refused as a whole).
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let photo = upload(&s, &ann, "a.jpg", &corpus("et_Apple.jpg")).await;
    let mut ids: Vec<String> = vec![photo.id.clone(); 10_000];
    let r =
        post_json(&ann, s.url("/assets/edit"), json!({"ids": ids, "op": "favorite", "value": true})).await;
    assert_eq!(r.json::<Value>().await.unwrap()["changed"], 1);
    ids[5000] = "0".repeat(32);
    let r =
        post_json(&ann, s.url("/assets/edit"), json!({"ids": ids, "op": "favorite", "value": false})).await;
    assert_eq!(error_code(r).await.0, StatusCode::NOT_FOUND);
    assert_eq!(found(&s, &ann, "favorite=true").await.len(), 1);
    let too_many = vec![photo.id.clone(); keepsake_api::MAX_BATCH + 1];
    let r = post_json(&ann, s.url("/assets/edit"), json!({"ids": too_many, "op": "trash"})).await;
    assert_eq!(error_code(r).await.0, StatusCode::BAD_REQUEST);
    s.stop().await;
}
