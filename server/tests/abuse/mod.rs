//! The probes of the black-box security review, kept as tests: each failed before its fix.

use super::*;
use keepsake_api::{CreatedInvite, CreatedShareLink};
use tokio::task::JoinSet;

/// Sends `n` copies of a JSON POST at once, each from its own client, and returns the statuses.
async fn burst(s: &Server, path: &str, n: usize, body: impl Fn(usize) -> Value) -> Vec<StatusCode> {
    let mut set = JoinSet::new();
    for i in 0..n {
        let (client, url, body) = (s.client(), s.url(path), body(i));
        set.spawn(async move { post_json(&client, url, body).await.status() });
    }
    set.join_all().await
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

async fn can_login(s: &Server, name: &str) -> bool {
    let r =
        post_json(&s.client(), s.url("/auth/login"), json!({"username": name, "password": "correct horse"}))
            .await;
    r.status() == StatusCode::OK
}

#[tokio::test]
async fn invitation_signups_are_all_or_nothing() {
    let data = std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
    let config = Config { data_dir: data, vault_member_limit: 3, ..Config::default() };
    let s = Server::start_as_installed(config, false).await;
    let ann = s.user("ann").await;
    assert_eq!(
        post_json(&ann, s.url("/vault"), json!({"name": "The Smiths"})).await.status(),
        StatusCode::CREATED
    );
    let invite: CreatedInvite = post_json(&ann, s.url("/vault/invites"), json!({"days": 7, "max_uses": 1}))
        .await
        .json()
        .await
        .unwrap();

    // Five at once on a one-use invitation: one account, one member.
    let path = format!("/invites/{}/signup", invite.token);
    let statuses =
        burst(&s, &path, 5, |i| json!({"username": format!("guest{i}"), "password": "correct horse"})).await;
    assert_eq!(count(&statuses, StatusCode::CREATED), 1, "{statuses:?}");
    assert_eq!(count(&statuses, StatusCode::GONE), 4, "{statuses:?}");
    let mut accounts = 0;
    for i in 0..5 {
        accounts += usize::from(can_login(&s, &format!("guest{i}")).await);
    }
    assert_eq!(accounts, 1, "only the admitted guest has an account");

    // A valid invitation to a full vault (3 people) makes no account, however often it is tried.
    let invite: CreatedInvite = post_json(&ann, s.url("/vault/invites"), json!({"days": 7, "max_uses": 10}))
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/invites/{}/signup", invite.token);
    let r =
        post_json(&s.client(), s.url(&path), json!({"username": "third", "password": "correct horse"})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let statuses =
        burst(&s, &path, 4, |i| json!({"username": format!("late{i}"), "password": "correct horse"})).await;
    assert_eq!(count(&statuses, StatusCode::CONFLICT), 4, "{statuses:?}");
    for i in 0..4 {
        assert!(!can_login(&s, &format!("late{i}")).await, "late{i} got an account from a full vault");
    }
    let vault = get_json(&ann, s.url("/vault")).await;
    assert_eq!(vault["members"].as_array().unwrap().len(), 3);
    s.stop().await;
}

#[tokio::test]
async fn simultaneous_wrong_passwords_are_counted_before_they_are_checked() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let statuses =
        burst(&s, "/auth/login", 30, |_| json!({"username": "ann", "password": "wrong password"})).await;
    let checked = count(&statuses, StatusCode::UNAUTHORIZED);
    assert!(checked <= 10, "{checked} of 30 simultaneous guesses were checked: {statuses:?}");
    assert_eq!(checked + count(&statuses, StatusCode::TOO_MANY_REQUESTS), 30, "{statuses:?}");

    // The same against a link's password.
    let apple = upload(&s, &ann, "apple.jpg", &corpus("et_Apple.jpg")).await;
    let r = post_json(
        &ann,
        s.url("/links"),
        json!({"target": {"kind": "photo", "id": apple.id}, "password": "open sesame"}),
    )
    .await;
    let link: CreatedShareLink = r.json().await.unwrap();
    let path = format!("/s/{}/unlock", link.token);
    let statuses = burst(&s, &path, 30, |_| json!({"password": "wrong"})).await;
    let checked = count(&statuses, StatusCode::FORBIDDEN);
    assert!(checked <= 10, "{checked} of 30 simultaneous link guesses were checked: {statuses:?}");
    assert_eq!(checked + count(&statuses, StatusCode::TOO_MANY_REQUESTS), 30, "{statuses:?}");
    s.stop().await;
}

#[tokio::test]
async fn the_login_throttle_keeps_its_memory_bounded() {
    let s = Server::start().await;
    s.user("ann").await;
    let state = s.state.clone().unwrap();
    // An over-long name is refused before it is counted or looked up.
    let c = s.client();
    let r =
        post_json(&c, s.url("/auth/login"), json!({"username": "a".repeat(200_000), "password": "x"})).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = post_json(&c, s.url("/auth/login"), json!({"username": "a".repeat(65), "password": "wrong one"}))
        .await;
    assert_eq!(error_code(r).await, (StatusCode::BAD_REQUEST, "bad-request".into()));
    assert_eq!(state.throttles.keys(), 0);
    // A spray of distinct names from one address stops at that address's limit.
    let mut refused = 0;
    for i in 0..60 {
        let body = json!({"username": format!("nobody{i}"), "password": "wrong password"});
        if post_json(&c, s.url("/auth/login"), body).await.status() == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert_eq!(refused, 30, "the address's 31st guess in a minute is refused");
    let keys = state.throttles.keys();
    assert!(keys <= 31, "{keys} throttle keys");
    // The timer forgets them once their window has passed.
    s.clock.0.fetch_add(61, Ordering::SeqCst);
    state.throttles.prune(state.clock.now());
    assert_eq!(state.throttles.keys(), 0);
    s.stop().await;
}

/// Logs in as ann with `password` through a proxy that says the client is `client`.
async fn login_via(s: &Server, client: &str, password: &str) -> StatusCode {
    s.client()
        .post(s.url("/auth/login"))
        .header("x-forwarded-for", client)
        .json(&json!({"username": "ann", "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_guesser_behind_a_trusted_proxy_does_not_lock_out_the_owner() {
    let data = std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
    let trusted_proxies = keepsake_server::client_addr::parse_trusted("127.0.0.0/8").unwrap();
    let s = Server::start_with(Config { data_dir: data, trusted_proxies, ..Config::default() }).await;
    s.user("ann").await;
    for _ in 0..10 {
        assert_eq!(login_via(&s, "198.51.100.1", "wrong password").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_via(&s, "198.51.100.1", "correct horse").await, StatusCode::TOO_MANY_REQUESTS);
    // Ann, at home, behind the same proxy: her address has not failed, so she is let in.
    assert_eq!(login_via(&s, "203.0.113.7", "correct horse").await, StatusCode::OK);
    // A client cannot pick its address by writing the header itself: the proxy's entry is the last.
    assert_eq!(
        login_via(&s, "203.0.113.7, 198.51.100.1", "correct horse").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let data = s.stop().await;

    // Without the setting, the header is not believed: one peer, one address.
    let s = Server::start_with(Config { data_dir: data, ..Config::default() }).await;
    for i in 0..10 {
        let status = login_via(&s, &format!("198.51.100.{i}"), "wrong password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_via(&s, "203.0.113.7", "correct horse").await, StatusCode::TOO_MANY_REQUESTS);
    s.stop().await;
}

#[tokio::test]
async fn requests_for_a_foreign_host_are_refused() {
    let data = std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
    let public_url = Some(keepsake_server::config::PublicUrl::parse("https://photos.example.org").unwrap());
    let s =
        Server::start_as_installed(Config { data_dir: data, public_url, ..Config::default() }, false).await;
    let port = s.base.rsplit(':').next().unwrap().to_string();
    let with_host =
        |host: String, path: &str| s.client().get(format!("{}{path}", s.base)).header(header::HOST, host);
    // A rebound name (an attacker's page, its name pointed at this machine) reaches nothing — above
    // all not the sign-up that makes the first account the admin.
    for path in ["/", "/api/v1/settings"] {
        let r = with_host(format!("evil.example:{port}"), path).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::MISDIRECTED_REQUEST, "{path}");
    }
    let r = s
        .client()
        .post(s.url("/auth/signup"))
        .header(header::HOST, "evil.example")
        .json(&json!({"username": "mallory", "password": "correct horse"}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (StatusCode::MISDIRECTED_REQUEST, "unknown-host".into()));
    // Its own names are answered.
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "photos.example.org".into(),
        "[::1]".into(),
    ] {
        let r = with_host(host.clone(), "/api/v1/settings").send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{host}");
    }
    s.stop().await;
}

#[tokio::test]
async fn sign_up_closes_once_the_admin_exists() {
    let data = std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
    let s = Server::start_as_installed(Config { data_dir: data, ..Config::default() }, false).await;
    assert_eq!(get_json(&s.client(), s.url("/settings")).await["open_signup"], true);
    let ann = s.user("ann").await;
    assert_eq!(get_json(&s.client(), s.url("/settings")).await["open_signup"], false);
    let r = post_json(
        &s.client(),
        s.url("/auth/signup"),
        json!({"username": "bob", "password": "correct horse"}),
    )
    .await;
    assert_eq!(error_code(r).await, (StatusCode::FORBIDDEN, "forbidden".into()));
    // Until the admin opens it.
    assert_eq!(
        ann.put(s.url("/settings")).json(&json!({"open_signup": true})).send().await.unwrap().status(),
        StatusCode::OK
    );
    s.user("bob").await;
    s.stop().await;
}

#[tokio::test]
async fn album_owners_take_trashed_photos_out_of_their_albums() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let apple = upload(&s, &ann, "apple.jpg", &corpus("et_Apple.jpg")).await;
    let album: Value = post_json(&ann, s.url("/albums"), json!({"name": "Trip"})).await.json().await.unwrap();
    let album_id = album["id"].as_str().unwrap();
    let r = post_json(&ann, s.url(&format!("/albums/{album_id}/assets")), json!({"ids": [apple.id]})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(edit(&s, &ann, &[&apple.id], json!({"op": "trash"})).await.status(), StatusCode::OK);
    let r = post_json(&ann, s.url(&format!("/albums/{album_id}/remove")), json!({"ids": [apple.id]})).await;
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    // Restored, it is no longer in the album.
    assert_eq!(edit(&s, &ann, &[&apple.id], json!({"op": "restore"})).await.status(), StatusCode::OK);
    let album = get_json(&ann, s.url(&format!("/albums/{album_id}"))).await;
    assert_eq!(album["count"], 0, "{album}");
    s.stop().await;
}

/// An MP4 of `bytes` bytes: a header and empty media data, enough to be stored as a video.
fn fake_video(bytes: usize) -> Vec<u8> {
    let mut mp4 = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    let mdat = bytes - mp4.len();
    mp4.extend_from_slice(&(mdat as u32).to_be_bytes());
    mp4.extend_from_slice(b"mdat");
    mp4.resize(bytes, 0);
    mp4
}

/// Opens a connection that sends `request` and then reads only the status line, with a receive
/// buffer so small that whatever follows stays on the server's side.
async fn stalled(addr: std::net::SocketAddr, request: String) -> (tokio::net::TcpStream, u16) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut status = [0u8; 12];
    stream.read_exact(&mut status).await.unwrap();
    let code = std::str::from_utf8(&status[9..12]).unwrap().parse().unwrap();
    (stream, code)
}

#[tokio::test]
async fn slow_zip_readers_and_slow_headers_cannot_stall_the_server() {
    let data = std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
    // The stall timeout outlasts opening the 300 connections below even on a loaded machine: at
    // 2 s, a run beside other builds saw the first stalled ZIPs time out and 75 start in all.
    let connections = keepsake_server::http::Limits {
        header_timeout: std::time::Duration::from_secs(1),
        write_stall_timeout: std::time::Duration::from_secs(10),
        ..Default::default()
    };
    let trusted_proxies = keepsake_server::client_addr::parse_trusted("127.0.0.0/8").unwrap();
    let config = Config {
        data_dir: data,
        max_upload_bytes: 64 << 20,
        connections,
        trusted_proxies,
        ..Config::default()
    };
    let s = Server::start_with(config).await;
    let ann = s.user("ann").await;
    let video = upload(&s, &ann, "long.mp4", &fake_video(24 << 20)).await;
    let r = post_json(
        &ann,
        s.url("/links"),
        json!({"target": {"kind": "photo", "id": video.id}, "allow_download": true}),
    )
    .await;
    let link: CreatedShareLink = r.json().await.unwrap();
    let addr: std::net::SocketAddr = s.base.trim_start_matches("http://").parse().unwrap();

    // 300 anonymous visitors (each its own address, through the proxy) ask for the ZIP and read nothing.
    let mut readers = Vec::new();
    let mut statuses = Vec::new();
    for i in 0..300 {
        let request = format!(
            "GET /api/v1/s/{}/download HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 10.0.{}.{}\r\n\r\n",
            link.token,
            i / 250,
            i % 250 + 1
        );
        let (stream, status) = stalled(addr, request).await;
        statuses.push(status);
        readers.push(stream);
    }
    let started = statuses.iter().filter(|&&c| c == 200).count();
    let refused = statuses.iter().filter(|&&c| c == 429).count();
    assert_eq!((started, refused), (32, 268), "ZIPs written at once are bounded");

    // Meanwhile everything else answers at once.
    let clock = std::time::Instant::now();
    get_json(&ann, s.url("/assets")).await;
    get_json(&s.client(), s.url("/settings")).await;
    assert!(clock.elapsed() < std::time::Duration::from_secs(1), "{:?}", clock.elapsed());

    // One address gets two at once, not three.
    let one = |_: usize| {
        format!(
            "GET /api/v1/s/{}/download HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 192.0.2.1\r\n\r\n",
            link.token
        )
    };
    // The 32 places are taken until the stalled writers time out.
    tokio::time::sleep(std::time::Duration::from_secs(12)).await;
    let mut mine = Vec::new();
    for i in 0..3 {
        mine.push(stalled(addr, one(i)).await);
    }
    let codes: Vec<u16> = mine.iter().map(|(_, c)| *c).collect();
    assert_eq!(codes, [200, 200, 429], "two ZIPs at once per caller");
    drop(mine);
    drop(readers);

    // A reader who reads gets the whole archive.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let r = s.client().get(s.url(&format!("/s/{}/download", link.token))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let zip = r.bytes().await.unwrap();
    assert_eq!(super::unzip(&zip)[0].1.len(), 24 << 20);

    // Half a request header is dropped after the header timeout (slowloris).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /api/v1/settings HTTP/1.1\r\nHost: 127.0.0.1\r\n").await.unwrap();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(std::time::Duration::from_secs(5), slow.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "a half-sent header keeps its connection open");
    // So is an idle keep-alive connection.
    let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /api/v1/settings HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(std::time::Duration::from_secs(5), idle.read_to_end(&mut answer)).await;
    assert!(closed.is_ok(), "an idle keep-alive connection stays open");
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    s.stop().await;
}

#[tokio::test]
async fn an_upload_whose_finish_was_killed_after_the_move_completes_on_the_next_finish() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bytes = corpus("mde_Kodak_PIXPRO_FZ201.jpg");
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, "kodak.jpg", &bytes).await else {
        panic!()
    };
    assert_eq!(put_bytes(&s, &ann, &upload_id, 0, &bytes).await.status(), StatusCode::OK);
    let data = s.stop().await;
    // What a kill leaves between `finish` moving the assembled file into the blob store and the commit
    // that ends the upload: the file in the store, the upload record still open.
    let key = sha256(&bytes);
    let original = keepsake_server::blobs::BlobKind::Original;
    blob_store(&data).adopt(&data.join("uploads").join(&upload_id), &key, original).unwrap();

    let s = Server::start_in(data, 64 << 20).await;
    let kept = s.state.as_ref().unwrap().blobs.len(&key).unwrap();
    assert_eq!(kept, Some(bytes.len() as u64), "the start-up sweep keeps a blob an open upload names");
    let ann = login(&s, "ann").await;
    let status: UploadStatus =
        ann.get(s.url(&format!("/uploads/{upload_id}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(status.offset, bytes.len() as u64, "all its bytes are there");
    let UploadStarted::Open { upload_id: again, offset } = open_upload(&s, &ann, "kodak.jpg", &bytes).await
    else {
        panic!()
    };
    assert_eq!((again.as_str(), offset), (upload_id.as_str(), bytes.len() as u64));
    // A client that thought it was not done yet is told where the server is, not a 500.
    let r = put_bytes(&s, &ann, &upload_id, 0, &bytes[..10]).await;
    assert_eq!(error_code(r).await, (StatusCode::CONFLICT, "offset-mismatch".into()));
    let r = finish(&s, &ann, &upload_id).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let asset: Asset = r.json().await.unwrap();
    let original = ann.get(s.url(&format!("/assets/{}/original", asset.id))).send().await.unwrap();
    assert_eq!(original.bytes().await.unwrap().as_ref(), bytes.as_slice());
    assert_eq!(s.uploads_left(), 0);
    let data = s.stop().await;
    // And the blob is the asset's now: a restart keeps it.
    let s = Server::start_in(data, 64 << 20).await;
    assert!(s.state.as_ref().unwrap().blobs.len(&key).unwrap().is_some());
    s.stop().await;
}

#[tokio::test]
async fn storage_quotas_refuse_uploads_before_any_bytes_are_sent() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bob = s.user("bob").await;
    let me = get_json(&bob, s.url("/me")).await;
    let bob_id = me["id"].as_u64().unwrap();
    assert_eq!((me["used_bytes"].as_u64(), me["quota_bytes"].as_u64()), (Some(0), None));
    let (kodak, canon) = (corpus("mde_Kodak_PIXPRO_FZ201.jpg"), corpus("et_Canon1DmkIII.jpg"));
    let quota = kodak.len() as u64 + canon.len() as u64 / 2;
    // Only the admin sets quotas.
    let r =
        bob.patch(s.url(&format!("/users/{bob_id}"))).json(&json!({"quota_bytes": 1})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = ann
        .patch(s.url(&format!("/users/{bob_id}")))
        .json(&json!({"quota_bytes": quota}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    upload(&s, &bob, "kodak.jpg", &kodak).await;
    let me = get_json(&bob, s.url("/me")).await;
    assert_eq!(
        (me["used_bytes"].as_u64(), me["quota_bytes"].as_u64()),
        (Some(kodak.len() as u64), Some(quota))
    );
    // Past the quota: refused when the upload is opened, before a byte is sent.
    let received = get_json(&ann, s.url("/stats")).await["upload_bytes_received"].as_u64().unwrap();
    let r = bob.post(s.url("/uploads")).json(&new_upload("canon.jpg", &canon)).send().await.unwrap();
    assert_eq!(error_code(r).await, (StatusCode::PAYLOAD_TOO_LARGE, "over-quota".into()));
    assert_eq!(get_json(&ann, s.url("/stats")).await["upload_bytes_received"].as_u64().unwrap(), received);
    // Two uploads that each fit, opened at once, do not both get in.
    let small = corpus("et_Apple.jpg");
    let r = ann
        .patch(s.url(&format!("/users/{bob_id}")))
        .json(&json!({"quota_bytes": kodak.len() + small.len() + 100}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let mut a = small.clone();
    a.extend_from_slice(b"one");
    let mut b = small.clone();
    b.extend_from_slice(b"two");
    let (ra, rb) = tokio::join!(
        bob.post(s.url("/uploads")).json(&new_upload("a.jpg", &a)).send(),
        bob.post(s.url("/uploads")).json(&new_upload("b.jpg", &b)).send()
    );
    let mut statuses = [ra.unwrap().status(), rb.unwrap().status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::PAYLOAD_TOO_LARGE]);
    // The admin lifts the limit.
    let r = ann
        .patch(s.url(&format!("/users/{bob_id}")))
        .json(&json!({"quota_bytes": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let canon_asset = upload(&s, &bob, "canon.jpg", &canon).await;
    let accounts = get_json(&ann, s.url("/users")).await;
    let bob_row = accounts.as_array().unwrap().iter().find(|a| a["username"] == "bob").unwrap().clone();
    assert_eq!(bob_row["used_bytes"].as_u64(), Some((kodak.len() + canon.len()) as u64));
    // The trash still counts; deleting for good gives the space back.
    assert_eq!(edit(&s, &bob, &[&canon_asset.id], json!({"op": "trash"})).await.status(), StatusCode::OK);
    let me = get_json(&bob, s.url("/me")).await;
    assert_eq!(me["used_bytes"].as_u64(), Some((kodak.len() + canon.len()) as u64));
    assert_eq!(edit(&s, &bob, &[&canon_asset.id], json!({"op": "purge"})).await.status(), StatusCode::OK);
    assert_eq!(get_json(&bob, s.url("/me")).await["used_bytes"].as_u64(), Some(kodak.len() as u64));
    s.stop().await;
}

#[tokio::test]
async fn disabled_accounts_cannot_sign_in_and_lose_their_sessions() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bob = s.user("bob").await;
    let bob_id = get_json(&bob, s.url("/me")).await["id"].as_u64().unwrap();
    let ann_id = get_json(&ann, s.url("/me")).await["id"].as_u64().unwrap();
    let r =
        ann.patch(s.url(&format!("/users/{ann_id}"))).json(&json!({"disabled": true})).send().await.unwrap();
    assert_eq!(error_code(r).await, (StatusCode::CONFLICT, "own-account".into()));
    let r =
        ann.patch(s.url(&format!("/users/{bob_id}"))).json(&json!({"disabled": true})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(bob.get(s.url("/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let r =
        post_json(&s.client(), s.url("/auth/login"), json!({"username": "bob", "password": "correct horse"}))
            .await;
    assert_eq!(error_code(r).await, (StatusCode::FORBIDDEN, "forbidden".into()));
    let r =
        ann.patch(s.url(&format!("/users/{bob_id}"))).json(&json!({"disabled": false})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    login(&s, "bob").await;
    s.stop().await;
}

/// Bob, with photos in an album shared with Ann, a link, a place in Ann's vault and an unfinished
/// upload; returns his id.
async fn bob_with_everything(s: &Server, ann: &Client) -> u64 {
    let bob = s.user("bob").await;
    let bob_id = get_json(&bob, s.url("/me")).await["id"].as_u64().unwrap();
    let photo = upload(s, &bob, "a.jpg", &corpus("et_GoPro.jpg")).await;
    let album: Value = post_json(&bob, s.url("/albums"), json!({"name": "Bob's", "asset_ids": [photo.id]}))
        .await
        .json()
        .await
        .unwrap();
    let album = album["id"].as_str().unwrap().to_string();
    let shared = post_json(
        &bob,
        s.url(&format!("/albums/{album}/members")),
        json!({"username": "ann", "role": "viewer"}),
    );
    assert_eq!(shared.await.status(), StatusCode::OK);
    let link = post_json(&bob, s.url("/links"), json!({"target": {"kind": "album", "id": album}})).await;
    assert_eq!(link.status(), StatusCode::CREATED);
    assert_eq!(
        post_json(ann, s.url("/vault"), json!({"name": "Family"})).await.status(),
        StatusCode::CREATED
    );
    let invite: Value = post_json(ann, s.url("/vault/invites"), json!({"days": 7, "max_uses": 1}))
        .await
        .json()
        .await
        .unwrap();
    let token = invite["token"].as_str().unwrap();
    assert_eq!(
        bob.post(s.url(&format!("/invites/{token}/join"))).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        post_json(&bob, s.url("/vault/assets"), json!({"ids": [photo.id]})).await.status(),
        StatusCode::OK
    );
    let mut other = corpus("et_Canon1DmkIII.jpg");
    other[0] ^= 1;
    open_upload(s, &bob, "unfinished.jpg", &other).await;
    bob_id
}

#[tokio::test]
async fn deleting_an_account_removes_everything_that_was_theirs() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let ann_id = get_json(&ann, s.url("/me")).await["id"].as_u64().unwrap();
    let blobs_before = s.blob_count();
    let bob_id = bob_with_everything(&s, &ann).await;
    let link =
        get_json(&login(&s, "bob").await, s.url("/links")).await[0]["id"].as_str().unwrap().to_string();
    assert!(s.blob_count() > blobs_before);

    let r = ann.delete(s.url(&format!("/users/{ann_id}"))).send().await.unwrap();
    assert_eq!(error_code(r).await, (StatusCode::CONFLICT, "own-account".into()));
    let carol = s.user("carol").await;
    let r = carol.delete(s.url(&format!("/users/{bob_id}"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "only the admin deletes accounts");
    assert_eq!(ann.delete(s.url("/users/999")).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    let bob = login(&s, "bob").await;
    assert_eq!(
        ann.delete(s.url(&format!("/users/{bob_id}"))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(bob.get(s.url("/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let r =
        post_json(&s.client(), s.url("/auth/login"), json!({"username": "bob", "password": "correct horse"}))
            .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "no such account any more");
    let accounts = get_json(&ann, s.url("/users")).await;
    assert!(accounts.as_array().unwrap().iter().all(|a| a["username"] != "bob"));
    assert_eq!(get_json(&ann, s.url("/shared-with-me")).await, json!([]));
    assert_eq!(get_json(&ann, s.url("/vault/assets")).await["items"], json!([]));
    assert_eq!(get_json(&ann, s.url("/vault")).await["members"].as_array().unwrap().len(), 1);
    assert!(s.state.as_ref().unwrap().store.link(&link).unwrap().is_none(), "the link is gone");
    assert_eq!(s.uploads_left(), 0, "the unfinished upload is gone");
    assert_eq!(s.blob_count(), blobs_before, "no file of Bob's is left");
    // The name is free for someone new.
    let r = post_json(&ann, s.url("/users"), json!({"username": "bob", "password": "another horse"})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    s.stop().await;
}

#[tokio::test]
async fn an_account_deletion_cut_short_finishes_after_a_restart() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let blobs_before = s.blob_count();
    let bob_id = bob_with_everything(&s, &ann).await;
    // As a crash right after the first step leaves it: disabled and marked, nothing else removed.
    let store = &s.state.as_ref().unwrap().store;
    store
        .update_user(bob_id, |u| {
            u.disabled = true;
            u.deleting = true;
        })
        .unwrap();
    let data = s.stop().await;
    let s = Server::start_in(data, 64 << 20).await;
    let ann = login(&s, "ann").await;
    // The housekeeping that runs at start finishes it. An object store's listing may show a removed
    // file for a moment after its removal, so both are waited for, neither forever.
    for _ in 0..200 {
        let accounts = get_json(&ann, s.url("/users")).await;
        if accounts.as_array().unwrap().iter().all(|a| a["username"] != "bob")
            && s.blob_count() == blobs_before
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let accounts = get_json(&ann, s.url("/users")).await;
    assert!(accounts.as_array().unwrap().iter().all(|a| a["username"] != "bob"), "{accounts}");
    assert_eq!(s.blob_count(), blobs_before, "no file of Bob's is left");
    s.stop().await;
}

#[tokio::test]
async fn abandoned_uploads_expire() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bytes = corpus("mde_Kodak_PIXPRO_FZ201.jpg");
    let UploadStarted::Open { upload_id, .. } = open_upload(&s, &ann, "kodak.jpg", &bytes).await else {
        panic!()
    };
    assert_eq!(put_bytes(&s, &ann, &upload_id, 0, &bytes[..1000]).await.status(), StatusCode::OK);
    let (format, meta) = keepsake_media::read_metadata(&bytes).unwrap();
    let derived =
        keepsake_media::derive_from_bytes(format, &bytes, meta.orientation, &Default::default()).unwrap();
    let (w, h) = derived.thumbnail_size;
    let url = s.url(&format!("/uploads/{upload_id}/thumbnail?width={w}&height={h}"));
    assert_eq!(
        ann.put(url).body(derived.thumbnail.clone()).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let state = s.state.clone().unwrap();
    // Six days on, it is kept.
    s.clock.advance_days(6);
    let task_state = state.clone();
    assert_eq!(
        tokio::task::spawn_blocking(move || keepsake_server::gc::expire_uploads(&task_state))
            .await
            .unwrap()
            .unwrap(),
        0
    );
    assert_eq!((s.uploads_left(), s.blob_count()), (1, 1));
    // Past seven days untouched: record, partial file and thumbnail are gone.
    s.clock.advance_days(2);
    let task_state = state.clone();
    assert_eq!(
        tokio::task::spawn_blocking(move || keepsake_server::gc::expire_uploads(&task_state))
            .await
            .unwrap()
            .unwrap(),
        1
    );
    assert_eq!((s.uploads_left(), s.blob_count()), (0, 0));
    assert_eq!(
        ann.get(s.url(&format!("/uploads/{upload_id}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    drop(state);
    s.stop().await;
}

/// What exiftool (an independent reader) finds of a file's position: `GPSLatitude`/`GPSLongitude`
/// from any group, as numbers. The tests need it: `cargo xtask test` installs Debian's exiftool.
fn exiftool_position(bytes: &[u8]) -> Vec<String> {
    let out = exiftool(
        bytes,
        &["-j", "-n", "-a", "-G1", "-GPSLatitude", "-GPSLongitude", "-GPSCoordinates", "-GPSPosition"],
    );
    let found: Value = serde_json::from_slice(&out).unwrap_or_else(|_| json!([{}]));
    found[0]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, v)| {
            k.as_str() != "SourceFile"
                && (v.is_number()
                    || v.as_str()
                        .is_some_and(|s| s.trim().parse::<f64>().is_ok() || s.contains(char::is_numeric)))
        })
        .map(|(k, v)| format!("{k}={v}"))
        .collect()
}

fn exiftool_camera(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&exiftool(bytes, &["-q", "-q", "-p", "$Make $Model $DateTimeOriginal"]))
        .trim()
        .to_string()
}

/// What exiftool prints about `bytes` with `args`.
fn exiftool(bytes: &[u8], args: &[&str]) -> Vec<u8> {
    let path =
        std::env::temp_dir().join(format!("keepsake-exiftool-{}", keepsake_server::auth::random_hex(8)));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("exiftool").args(args).arg(&path).output().expect(
        "exiftool is needed to check that no location leaves: apt-get install libimage-exiftool-perl",
    );
    std::fs::remove_file(&path).unwrap();
    out.stdout
}

/// A QuickTime file that records where it was taken, as an iPhone writes it: `©xyz` in `udta` and the
/// `com.apple.quicktime.location.ISO6709` key in `meta`.
fn video_with_location() -> Vec<u8> {
    fn boxed(kind: &[u8], body: &[u8]) -> Vec<u8> {
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(body);
        b
    }
    let place = b"+43.4674+011.8851+100.000/";
    let mut xyz = vec![0, place.len() as u8, 0x15, 0xc7];
    xyz.extend_from_slice(place);
    let udta = boxed(b"udta", &boxed(b"\xa9xyz", &xyz));
    let mut keys = vec![0, 0, 0, 0, 0, 0, 0, 1];
    keys.extend(boxed(b"mdta", b"com.apple.quicktime.location.ISO6709"));
    let data = [b"\0\0\0\x01\0\0\0\0".as_slice(), place].concat();
    let ilst = boxed(b"ilst", &boxed(&1u32.to_be_bytes(), &boxed(b"data", &data)));
    let mut hdlr = vec![0u8; 8];
    hdlr.extend_from_slice(b"mdta");
    hdlr.extend_from_slice(&[0; 13]);
    let meta = boxed(b"meta", &[boxed(b"hdlr", &hdlr), boxed(b"keys", &keys), ilst].concat());
    let mut mvhd = vec![0u8; 100];
    mvhd[12..16].copy_from_slice(&600u32.to_be_bytes());
    mvhd[16..20].copy_from_slice(&6000u32.to_be_bytes());
    let moov = boxed(b"moov", &[boxed(b"mvhd", &mvhd), udta, meta].concat());
    [boxed(b"ftyp", b"qt  \0\0\x02\0qt  "), boxed(b"mdat", &[7; 4000]), moov].concat()
}

#[tokio::test]
async fn no_location_leaves_through_a_link_that_hides_it() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let names = [
        "ian_DSCN0010.jpg",
        "exifr_issue-exifr-13.jpg",
        "exifr_heic-iphone7.heic",
        "mde_exif-at-eof.heic",
        "exifr_png_with_exif_and_gps.png",
        "mde_HTC_Desire.webp",
        "exifr_001.tif",
    ];
    let mut files: Vec<(String, Vec<u8>)> = names.iter().map(|n| (n.to_string(), corpus(n))).collect();
    files.push(("clip.mov".into(), video_with_location()));
    let mut ids = Vec::new();
    for (name, bytes) in &files {
        assert!(!exiftool_position(bytes).is_empty(), "{name} records a position to begin with");
        ids.push(upload(&s, &ann, name, bytes).await.id);
    }
    let album: Value = post_json(&ann, s.url("/albums"), json!({"name": "Trip"})).await.json().await.unwrap();
    let album_id = album["id"].as_str().unwrap().to_string();
    post_json(&ann, s.url(&format!("/albums/{album_id}/assets")), json!({"ids": ids})).await;
    let link = |show_location: bool| {
        let body = json!({"target": {"kind": "album", "id": album_id}, "allow_download": true, "show_location": show_location});
        post_json(&ann, s.url("/links"), body)
    };
    let hidden: CreatedShareLink = link(false).await.json().await.unwrap();
    let shown: CreatedShareLink = link(true).await.json().await.unwrap();
    let visitor = s.client();
    let contents = get_json(&visitor, s.url(&format!("/s/{}/assets", hidden.token))).await;
    assert!(
        contents["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["metadata"]["gps"].is_null() && a["place"].is_null())
    );

    for ((name, bytes), id) in files.iter().zip(&ids) {
        let url = s.url(&format!("/s/{}/assets/{id}/original", hidden.token));
        let r = visitor.get(&url).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{name}");
        let etag = r.headers()[header::ETAG].to_str().unwrap().to_string();
        let served = r.bytes().await.unwrap().to_vec();
        assert_eq!(served.len(), bytes.len(), "{name}: the same length, only metadata blanked");
        assert_ne!(&served, bytes, "{name}: something was blanked");
        assert_eq!(
            exiftool_position(&served),
            Vec::<String>::new(),
            "{name}: exiftool still finds a position"
        );
        assert_eq!(
            exiftool_camera(&served),
            exiftool_camera(bytes),
            "{name}: the rest of the metadata stays"
        );
        if !name.ends_with(".mov") {
            let (_, meta) = keepsake_media::read_metadata(&served).unwrap();
            assert!(meta.gps.is_none(), "{name}: our own reader finds a position");
        }
        assert!(etag.ends_with("-nolocation\""), "{name}: not the original's ETag: {etag}");
        // A part of it is that part of the blanked file.
        let r = visitor.get(&url).header(header::RANGE, "bytes=100-2099").send().await.unwrap();
        assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT, "{name}");
        assert_eq!(r.headers()[header::CONTENT_RANGE], format!("bytes 100-2099/{}", bytes.len()).as_str());
        assert_eq!(r.bytes().await.unwrap().as_ref(), &served[100..2100], "{name}");
        // Thumbnails and previews are the browser's or the server's own JPEGs, which record nothing.
        for which in ["thumbnail", "preview"] {
            let r =
                visitor.get(s.url(&format!("/s/{}/assets/{id}/{which}", hidden.token))).send().await.unwrap();
            if r.status() == StatusCode::OK {
                assert_eq!(
                    exiftool_position(&r.bytes().await.unwrap()),
                    Vec::<String>::new(),
                    "{name} {which}"
                );
            }
        }
        // A link that shows locations hands out the original as it is.
        let r = visitor.get(s.url(&format!("/s/{}/assets/{id}/original", shown.token))).send().await.unwrap();
        assert_eq!(&r.bytes().await.unwrap().to_vec(), bytes, "{name}");
    }
    // The whole album as a ZIP.
    let r = visitor.get(s.url(&format!("/s/{}/download", hidden.token))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let entries = super::unzip(&r.bytes().await.unwrap());
    assert_eq!(entries.len(), files.len());
    for (name, bytes) in entries {
        assert_eq!(exiftool_position(&bytes), Vec::<String>::new(), "{name} in the ZIP");
    }
    s.stop().await;
}

#[tokio::test]
async fn malformed_addresses_and_queries_get_the_json_error() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let album: Value = post_json(&ann, s.url("/albums"), json!({"name": "Trip"})).await.json().await.unwrap();
    let album_id = album["id"].as_str().unwrap();
    let r = ann.get(s.url("/assets?limit=abc")).send().await.unwrap();
    assert_eq!(error_code(r).await, (StatusCode::BAD_REQUEST, "bad-request".into()));
    let r = ann.delete(s.url(&format!("/albums/{album_id}/members/notanumber"))).send().await.unwrap();
    assert_eq!(error_code(r).await, (StatusCode::BAD_REQUEST, "bad-request".into()));
    let r = ann
        .put(s.url("/uploads/0123456789abcdef0123456789abcdef/bytes?offset=-1"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, (StatusCode::BAD_REQUEST, "bad-request".into()));
    s.stop().await;
}
