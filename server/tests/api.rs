//! The server's one integration-test binary: a real server on 127.0.0.1:0, driven over HTTP.

use keepsake_api::{Asset, AssetPage, MediaMetadata, NewUpload, UploadStarted, UploadStatus};
use keepsake_server::{AppState, config::Config};
use reqwest::{Client, StatusCode, header};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tokio::sync::oneshot;

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

fn sha256(bytes: &[u8]) -> String {
    keepsake_media::StreamingSha256::of(bytes)
}

struct Server {
    base: String,
    data: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    async fn start_in(data: PathBuf, max_upload_bytes: u64) -> Self {
        let config = Config { data_dir: data.clone(), max_upload_bytes, ..Config::default() };
        let state = AppState::open(config).expect("open state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            keepsake_server::serve(listener, state, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        Self { base, data, stop: Some(stop), task: Some(task) }
    }

    async fn start() -> Self {
        let data =
            std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
        Self::start_in(data, 64 << 20).await
    }

    /// Stops the server and waits until it has let go of the database.
    async fn stop(mut self) -> PathBuf {
        self.stop.take().unwrap().send(()).unwrap();
        self.task.take().unwrap().await.unwrap();
        self.data.clone()
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    fn client(&self) -> Client {
        Client::builder().cookie_store(true).build().unwrap()
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
        fn count(dir: &Path) -> usize {
            std::fs::read_dir(dir).map_or(0, |entries| {
                entries.flatten().map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 }).sum()
            })
        }
        count(&self.data.join("blobs"))
    }

    fn uploads_left(&self) -> usize {
        std::fs::read_dir(self.data.join("uploads")).unwrap().count()
    }
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
    s.stop().await;
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let s = Server::start().await;
    let doc: Value = reqwest::get(s.url("/openapi.json")).await.unwrap().json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let source = include_str!("../src/routes/mod.rs").to_string()
        + include_str!("../src/routes/accounts.rs")
        + include_str!("../src/routes/assets.rs")
        + include_str!("../src/routes/uploads.rs");
    let literal_routes =
        source.split(".route(").skip(1).filter_map(|r| r.strip_prefix('"')?.split('"').next());
    for route in literal_routes {
        if route.contains("{derivative}") || route.contains("{file}") {
            continue; // spelled out per value in the document
        }
        assert!(paths.contains_key(route), "{route} is not in openapi.json");
    }
    use keepsake_api::paths::*;
    for constant in [SIGNUP, LOGIN, LOGOUT, ME, SETTINGS, USERS, ASSETS, HASH_CHECK, UPLOADS, OPENAPI] {
        assert!(paths.contains_key(constant));
    }
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
    std::fs::write(tree.join("notes.txt"), "not a photo").unwrap();
    let state = AppState::open(Config { data_dir: data.clone(), ..Config::default() }).unwrap();
    let mut reports = 0;
    let summary =
        keepsake_server::import::run(&state, "ann", std::slice::from_ref(&tree), |_| reports += 1).unwrap();
    assert_eq!(summary, keepsake_server::import::Summary { added: 3, duplicates: 1, skipped: 1, failed: 0 });
    assert_eq!(reports, 5);
    // Running it again adds nothing.
    let again = keepsake_server::import::run(&state, "ann", std::slice::from_ref(&tree), |_| {}).unwrap();
    assert_eq!(again.added, 0);
    assert_eq!(again.duplicates, 4);
    assert!(keepsake_server::import::run(&state, "nobody", std::slice::from_ref(&tree), |_| {}).is_err());
    drop(state);

    let s = Server::start_in(data, 64 << 20).await;
    let ann = login(&s, "ann").await;
    let page: AssetPage = ann.get(s.url("/assets")).send().await.unwrap().json().await.unwrap();
    let mut names: Vec<&str> = page.items.iter().map(|a| a.filename.as_str()).collect();
    names.sort();
    assert_eq!(names, ["a.jpg", "b.jpg", "c.heic"]);
    let heic = page.items.iter().find(|a| a.filename == "c.heic").unwrap();
    assert!(!heic.has_derivatives, "HEIC is kept with its metadata even without a decoder");
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
