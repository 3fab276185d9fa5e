//! Sharing: links, albums shared with people, the family vault, email, and the authorization matrix.

use super::*;
use keepsake_api::{CreatedInvite, CreatedShareLink, SearchPage, Vault, VaultPage};
use keepsake_server::db::SessionRecord;
use std::{collections::BTreeMap, io::Write};

/// Uploads a corpus photo with its browser-made thumbnail and preview, as the app does.
async fn upload_with_derivatives(s: &Server, c: &Client, name: &str, bytes: &[u8]) -> Asset {
    let (format, meta) = keepsake_media::read_metadata(bytes).unwrap();
    let derived =
        keepsake_media::derive_from_bytes(format, bytes, meta.orientation, &Default::default()).unwrap();
    let mut request = new_upload(name, bytes);
    request.metadata = meta;
    let r = c.post(s.url("/uploads")).json(&request).send().await.unwrap();
    let UploadStarted::Open { upload_id, .. } = r.json().await.unwrap() else { panic!("{name}: duplicate") };
    for (which, jpeg, size) in [
        ("thumbnail", &derived.thumbnail, derived.thumbnail_size),
        ("preview", &derived.preview, derived.preview_size),
    ] {
        let url = s.url(&format!("/uploads/{upload_id}/{which}?width={}&height={}", size.0, size.1));
        assert_eq!(c.put(url).body(jpeg.clone()).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    }
    assert_eq!(put_bytes(s, c, &upload_id, 0, bytes).await.status(), StatusCode::OK);
    let r = finish(s, c, &upload_id).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

async fn create_link(s: &Server, c: &Client, body: Value) -> CreatedShareLink {
    let r = post_json(c, s.url("/links"), body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

#[tokio::test]
async fn share_links_show_nothing_before_the_password_and_stop_at_once() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let apple = upload_with_derivatives(&s, &ann, "apple.jpg", &corpus("et_Apple.jpg")).await;
    let other = upload(&s, &ann, "other.jpg", &corpus("et_Canon1DmkIII.jpg")).await;
    let album: Value = post_json(&ann, s.url("/albums"), json!({"name": "Beach", "asset_ids": [apple.id]}))
        .await
        .json()
        .await
        .unwrap();
    let created = create_link(
        &s,
        &ann,
        json!({"target": {"kind": "album", "id": album["id"]}, "password": "open sesame", "show_camera": true}),
    )
    .await;
    let token = created.token.clone();
    assert!(token.len() >= 32, "at least 128 bits");
    let db = std::fs::read(s.data.join("keepsake.redb")).unwrap();
    assert!(!db.windows(token.len()).any(|w| w == token.as_bytes()), "link tokens are stored hashed");

    // Before the password: the share says only that it is locked; every file and the list are refused.
    let visitor = s.client();
    let share: Value = get_json(&visitor, s.url(&format!("/s/{token}"))).await;
    assert_eq!(share["locked"], true);
    assert!(share["title"].is_null() && share["count"] == 0, "{share}");
    for path in [
        format!("/s/{token}/assets"),
        format!("/s/{token}/assets/{}/thumbnail", apple.id),
        format!("/s/{token}/assets/{}/preview", apple.id),
    ] {
        let r = visitor.get(s.url(&path)).send().await.unwrap();
        assert_eq!(error_code(r).await, (StatusCode::UNAUTHORIZED, "password-required".into()), "{path}");
    }

    // Ten wrong tries, then 429 with Retry-After, even for the right password.
    for _ in 0..10 {
        let r = post_json(&visitor, s.url(&format!("/s/{token}/unlock")), json!({"password": "guess"})).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let r =
        post_json(&visitor, s.url(&format!("/s/{token}/unlock")), json!({"password": "open sesame"})).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key(header::RETRY_AFTER));
    s.clock.0.fetch_add(61, Ordering::SeqCst);
    let r =
        post_json(&visitor, s.url(&format!("/s/{token}/unlock")), json!({"password": "open sesame"})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.contains(&format!("Path=/api/v1/s/{token}")) && cookie.contains("HttpOnly"), "{cookie}");

    // After it: the album, with the owner's private details left out and the camera shown as chosen.
    let share: Value = get_json(&visitor, s.url(&format!("/s/{token}"))).await;
    assert_eq!(
        (share["locked"].clone(), share["title"].clone(), share["count"].clone()),
        (json!(false), json!("Beach"), json!(1))
    );
    let page: SearchPage =
        visitor.get(s.url(&format!("/s/{token}/assets"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(page.items[0].gps.is_none() && page.items[0].place.is_none(), "location hidden");
    assert_eq!(page.items[0].camera, apple.camera, "camera shown");
    let r = visitor.get(s.url(&format!("/s/{token}/assets/{}/thumbnail", apple.id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CACHE_CONTROL], "private, no-cache", "kept, but asked about each time");
    // Not in the album, not reachable through it; originals only when downloads are allowed.
    let r = visitor.get(s.url(&format!("/s/{token}/assets/{}/original", other.id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = visitor.get(s.url(&format!("/s/{token}/assets/{}/original", apple.id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        visitor.get(s.url(&format!("/s/{token}/download"))).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let r = ann
        .patch(s.url(&format!("/links/{}", created.link.id)))
        .json(&json!({"allow_download": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = visitor.get(s.url(&format!("/s/{token}/download"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(unzip(&r.bytes().await.unwrap()).len(), 1);

    // A new password locks out everyone who gave the old one.
    let r = ann
        .patch(s.url(&format!("/links/{}", created.link.id)))
        .json(&json!({"password": "new one"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = visitor.get(s.url(&format!("/s/{token}/assets/{}/thumbnail", apple.id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    post_json(&visitor, s.url(&format!("/s/{token}/unlock")), json!({"password": "new one"})).await;
    let thumb = s.url(&format!("/s/{token}/assets/{}/thumbnail", apple.id));
    let r = visitor.get(&thumb).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()[header::ETAG].clone();
    let again = visitor.get(&thumb).header(header::IF_NONE_MATCH, etag.clone()).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "the kept copy is still good");

    // Revoked: every URL stops at once.
    assert_eq!(
        ann.delete(s.url(&format!("/links/{}", created.link.id))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    for path in [
        format!("/s/{token}"),
        format!("/s/{token}/assets"),
        format!("/s/{token}/assets/{}/thumbnail", apple.id),
    ] {
        assert_eq!(visitor.get(s.url(&path)).send().await.unwrap().status(), StatusCode::GONE, "{path}");
    }
    // A kept copy is not confirmed either: the browser's revalidation meets the revoked link.
    let again = visitor.get(&thumb).header(header::IF_NONE_MATCH, etag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::GONE);

    // Expiry: a photo link that ends tomorrow works today and not after.
    let tomorrow =
        time::OffsetDateTime::from_unix_timestamp(s.clock.now() + 86_400).unwrap().date().to_string();
    let photo =
        create_link(&s, &ann, json!({"target": {"kind": "photo", "id": apple.id}, "expires_at": tomorrow}))
            .await;
    let url = s.url(&format!("/s/{}/assets/{}/preview", photo.token, apple.id));
    assert_eq!(visitor.get(&url).send().await.unwrap().status(), StatusCode::OK);
    let listed: Vec<Value> = get_json(&ann, s.url("/links")).await.as_array().unwrap().clone();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["kind"], "photo");
    s.clock.advance_days(2);
    assert_eq!(visitor.get(&url).send().await.unwrap().status(), StatusCode::GONE);
    let listed = get_json(&ann, s.url("/links")).await;
    assert_eq!(listed[0]["expired"], true);

    // A selection becomes an album; someone else's photo cannot be shared.
    let bob = s.user("bob").await;
    let r = post_json(&bob, s.url("/links"), json!({"target": {"kind": "photo", "id": apple.id}})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = post_json(
        &bob,
        s.url("/links"),
        json!({"target": {"kind": "selection", "name": "x", "ids": [apple.id]}}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let sel = create_link(
        &s,
        &ann,
        json!({"target": {"kind": "selection", "name": "Picked", "ids": [apple.id, other.id]}}),
    )
    .await;
    let share = get_json(&visitor, s.url(&format!("/s/{}", sel.token))).await;
    assert_eq!((share["title"].clone(), share["count"].clone()), (json!("Picked"), json!(2)));
    s.stop().await;
}

#[tokio::test]
async fn albums_shared_with_viewers_and_contributors() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let vic = s.user("vic").await;
    let cora = s.user("cora").await;
    let olly = s.user("olly").await;
    let apple = upload_with_derivatives(&s, &ann, "apple.jpg", &corpus("et_Apple.jpg")).await;
    let album: Value = post_json(&ann, s.url("/albums"), json!({"name": "Family", "asset_ids": [apple.id]}))
        .await
        .json()
        .await
        .unwrap();
    let id = album["id"].as_str().unwrap().to_string();
    for (name, role) in [("vic", "viewer"), ("cora", "contributor")] {
        let r =
            post_json(&ann, s.url(&format!("/albums/{id}/members")), json!({"username": name, "role": role}))
                .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = post_json(
        &ann,
        s.url(&format!("/albums/{id}/members")),
        json!({"username": "nobody", "role": "viewer"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "nobody by that name");

    // They see it in "Shared with me", with its photo; its owner's tags stay private.
    edit(&s, &ann, &[&apple.id], json!({"op": "add_tags", "tags": ["secret"]})).await;
    let shared = get_json(&vic, s.url("/shared-with-me")).await;
    assert_eq!(
        (shared[0]["name"].clone(), shared[0]["owner"].clone(), shared[0]["role"].clone()),
        (json!("Family"), json!("ann"), json!("viewer"))
    );
    let page: SearchPage =
        vic.get(s.url(&format!("/albums/{id}/assets"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(page.items[0].shared_by.as_deref(), Some("ann"));
    assert!(page.items[0].tags.is_empty());
    let r = vic.get(s.url(&format!("/assets/{}/thumbnail", apple.id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[header::CACHE_CONTROL],
        "private, no-cache",
        "revalidated, so ending the share ends access"
    );
    assert_eq!(
        olly.get(s.url(&format!("/assets/{}/thumbnail", apple.id))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // A contributor adds her own photo (no copy); a viewer may not; nobody adds someone else's.
    let blobs_before = s.blob_count();
    let pear = upload(&s, &cora, "pear.jpg", &corpus("et_Canon1DmkIII.jpg")).await;
    let blobs_with_pear = s.blob_count();
    assert!(blobs_with_pear > blobs_before);
    let r = post_json(&cora, s.url(&format!("/albums/{id}/assets")), json!({"ids": [pear.id]})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.blob_count(), blobs_with_pear, "adding to a shared album copies nothing");
    let mine = upload(&s, &vic, "vic.jpg", &corpus("et_NikonD2Hs.jpg")).await;
    let r = post_json(&vic, s.url(&format!("/albums/{id}/assets")), json!({"ids": [mine.id]})).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_json(&cora, s.url(&format!("/albums/{id}/assets")), json!({"ids": [mine.id]})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let album = get_json(&ann, s.url(&format!("/albums/{id}"))).await;
    assert_eq!(album["count"], 2, "the owner counts the contributor's photo");
    assert_eq!(album["members"].as_array().unwrap().len(), 2);
    assert_eq!(
        ann.get(s.url(&format!("/assets/{}/original", pear.id))).send().await.unwrap().status(),
        StatusCode::OK
    );
    let seen = get_json(&ann, s.url(&format!("/assets/{}", pear.id))).await;
    assert_eq!(seen["shared_by"], "cora");
    // The viewer can neither rename nor remove; the contributor removes only her own.
    let r = vic.patch(s.url(&format!("/albums/{id}"))).json(&json!({"name": "Mine"})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_json(&cora, s.url(&format!("/albums/{id}/remove")), json!({"ids": [apple.id]})).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Turning cora into a viewer stops her adding; removing her takes her photos out.
    let r = post_json(
        &ann,
        s.url(&format!("/albums/{id}/members")),
        json!({"username": "cora", "role": "viewer"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let other = upload(&s, &cora, "other.jpg", &corpus("et_Sony.jpg")).await;
    let r = post_json(&cora, s.url(&format!("/albums/{id}/assets")), json!({"ids": [other.id]})).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let cora_id =
        album["members"].as_array().unwrap().iter().find(|m| m["username"] == "cora").unwrap()["user_id"]
            .as_u64()
            .unwrap();
    assert_eq!(
        ann.delete(s.url(&format!("/albums/{id}/members/{cora_id}"))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(get_json(&ann, s.url(&format!("/albums/{id}"))).await["count"], 1);
    assert_eq!(
        cora.get(s.url(&format!("/albums/{id}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        cora.get(s.url(&format!("/assets/{}/thumbnail", apple.id))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert!(get_json(&cora, s.url("/shared-with-me")).await.as_array().unwrap().is_empty());
    // A viewer may leave on their own.
    let vic_id =
        album["members"].as_array().unwrap().iter().find(|m| m["username"] == "vic").unwrap()["user_id"]
            .as_u64()
            .unwrap();
    assert_eq!(
        vic.delete(s.url(&format!("/albums/{id}/members/{vic_id}"))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        vic.get(s.url(&format!("/albums/{id}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    s.stop().await;
}

#[tokio::test]
async fn the_family_vault_joins_by_invitation() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let apple_bytes = corpus("et_Apple.jpg");
    let apple = upload(&s, &ann, "apple.jpg", &apple_bytes).await;
    let r = post_json(&ann, s.url("/vault"), json!({"name": "The Smiths"})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = post_json(&ann, s.url("/vault"), json!({"name": "Again"})).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "one vault per person");
    let r = post_json(&ann, s.url("/vault/invites"), json!({"days": 7, "max_uses": 1})).await;
    let invite: CreatedInvite = r.json().await.unwrap();

    // Sign-up is closed, but the invitation lets its guest make an account and join in one step.
    ann.put(s.url("/settings")).json(&json!({"open_signup": false})).send().await.unwrap();
    let guest = s.client();
    let info = get_json(&guest, s.url(&format!("/invites/{}", invite.token))).await;
    assert_eq!((info["vault"].clone(), info["owner"].clone()), (json!("The Smiths"), json!("ann")));
    let r = post_json(
        &guest,
        s.url(&format!("/invites/{}/signup", invite.token)),
        json!({"username": "max", "password": "correct horse"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let max = guest;
    // The invitation admitted one person: it is used up.
    let r = post_json(
        &s.client(),
        s.url(&format!("/invites/{}/signup", invite.token)),
        json!({"username": "eve", "password": "correct horse"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(
        post_json(&s.client(), s.url("/auth/login"), json!({"username": "eve", "password": "correct horse"}))
            .await
            .status(),
        StatusCode::UNAUTHORIZED,
        "no account was made"
    );

    // Both add the same file: one entry, both credited. Nothing is copied.
    let blobs = s.blob_count();
    let same = upload(&s, &max, "same.jpg", &apple_bytes).await;
    assert_eq!(s.blob_count(), blobs, "the same bytes are stored once");
    let own = upload(&s, &max, "own.jpg", &corpus("et_Canon1DmkIII.jpg")).await;
    assert_eq!(
        post_json(&ann, s.url("/vault/assets"), json!({"ids": [apple.id]})).await.status(),
        StatusCode::OK
    );
    let r: Value = post_json(&max, s.url("/vault/assets"), json!({"ids": [same.id, own.id]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["changed"], 2);
    let r = post_json(&max, s.url("/vault/assets"), json!({"ids": [apple.id]})).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "only one's own photos go in");
    let page: VaultPage = ann.get(s.url("/vault/assets")).send().await.unwrap().json().await.unwrap();
    assert_eq!(page.items.len(), 2);
    let shared = page.items.iter().find(|i| i.asset.sha256 == apple.sha256).unwrap();
    let mut by = shared.added_by.clone();
    by.sort();
    assert_eq!(by, ["ann", "max"]);
    // Ann sees Max's own photo, which is nowhere else she can reach.
    assert_eq!(
        ann.get(s.url(&format!("/assets/{}/original", own.id))).send().await.unwrap().status(),
        StatusCode::OK
    );
    let vault: Vault = ann.get(s.url("/vault")).send().await.unwrap().json().await.unwrap();
    assert_eq!((vault.count, vault.members.len()), (2, 2));

    // Max's other photos stay private; "add everything I upload" adds what comes next.
    let private = upload(&s, &max, "private.jpg", &corpus("et_NikonD2Hs.jpg")).await;
    assert_eq!(
        ann.get(s.url(&format!("/assets/{}", private.id))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        max.patch(s.url("/vault/me")).json(&json!({"auto_add": true})).send().await.unwrap().status(),
        StatusCode::OK
    );
    let auto = upload(&s, &max, "auto.jpg", &corpus("et_Sony.jpg")).await;
    assert_eq!(
        ann.get(s.url(&format!("/assets/{}", auto.id))).send().await.unwrap().status(),
        StatusCode::OK
    );

    // Max takes one back; trash hides one; then he leaves and everything of his goes with him.
    let r: Value =
        post_json(&max, s.url("/vault/assets/remove"), json!({"ids": [own.id]})).await.json().await.unwrap();
    assert_eq!(r["changed"], 1);
    assert_eq!(
        ann.get(s.url(&format!("/assets/{}", own.id))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    // Only the owner manages members and invitations.
    let max_id = vault.members.iter().find(|m| m.username == "max").unwrap().user_id;
    let ann_id = vault.members.iter().find(|m| m.username == "ann").unwrap().user_id;
    assert_eq!(
        max.delete(s.url(&format!("/vault/members/{ann_id}"))).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(max.get(s.url("/vault/invites")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        max.delete(s.url(&format!("/vault/members/{max_id}"))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let page: VaultPage = ann.get(s.url("/vault/assets")).send().await.unwrap().json().await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].added_by, ["ann"], "the shared file stays, credited to ann only");
    assert_eq!(
        ann.get(s.url(&format!("/assets/{}", auto.id))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(max.get(s.url("/vault")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(
        max.get(s.url(&format!("/assets/{}", same.id))).send().await.unwrap().status(),
        StatusCode::OK,
        "his photos stay his"
    );

    // Invitations expire, can be revoked, and the vault has a size limit.
    let r: CreatedInvite = post_json(&ann, s.url("/vault/invites"), json!({"days": 1, "max_uses": 10}))
        .await
        .json()
        .await
        .unwrap();
    s.clock.advance_days(2);
    assert_eq!(
        max.post(s.url(&format!("/invites/{}/join", r.token))).send().await.unwrap().status(),
        StatusCode::GONE
    );
    let r: CreatedInvite = post_json(&ann, s.url("/vault/invites"), json!({"days": 7, "max_uses": 10}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        ann.delete(s.url(&format!("/vault/invites/{}", r.invite.id))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        max.post(s.url(&format!("/invites/{}/join", r.token))).send().await.unwrap().status(),
        StatusCode::GONE
    );
    let r: CreatedInvite = post_json(&ann, s.url("/vault/invites"), json!({"days": 7, "max_uses": 10}))
        .await
        .json()
        .await
        .unwrap();
    ann.put(s.url("/settings")).json(&json!({"open_signup": true})).send().await.unwrap();
    let mut joined = 1;
    for i in 0..6 {
        let c = s.user(&format!("kid{i}")).await;
        let status = c.post(s.url(&format!("/invites/{}/join", r.token))).send().await.unwrap().status();
        if joined < 6 {
            assert_eq!(status, StatusCode::OK);
            joined += 1;
        } else {
            assert_eq!(status, StatusCode::CONFLICT, "the owner plus five");
        }
    }
    // Ending the vault leaves every photo with its owner.
    assert_eq!(ann.delete(s.url("/vault")).send().await.unwrap().status(), StatusCode::NO_CONTENT);
    assert_eq!(
        ann.get(s.url(&format!("/assets/{}", apple.id))).send().await.unwrap().status(),
        StatusCode::OK
    );
    s.stop().await;
}

/// A real SMTP session (the `mailin` protocol state machine) on loopback, keeping each message.
fn smtp_server() -> (u16, std::sync::mpsc::Receiver<String>) {
    #[derive(Clone)]
    struct Keep(std::sync::mpsc::Sender<String>, Vec<u8>);
    impl mailin::Handler for Keep {
        fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
            self.1.extend_from_slice(buf);
            Ok(())
        }
        fn data_end(&mut self) -> mailin::Response {
            let _ = self.0.send(String::from_utf8_lossy(&self.1).into_owned());
            self.1.clear();
            mailin::response::OK
        }
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let keep = Keep(sender.clone(), Vec::new());
            std::thread::spawn(move || {
                use std::io::{BufRead, Write};
                let mut session =
                    mailin::SessionBuilder::new("test.local").build(stream.peer_addr().unwrap().ip(), keep);
                let mut writer = stream.try_clone().unwrap();
                session.greeting().write_to(&mut writer).unwrap();
                let mut reader = std::io::BufReader::new(stream);
                let mut line = Vec::new();
                while reader.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
                    let response = session.process(&line);
                    line.clear();
                    match response.action {
                        mailin::Action::Close => {
                            let _ = response.write_to(&mut writer);
                            break;
                        }
                        mailin::Action::NoReply => {}
                        _ => response.write_to(&mut writer).unwrap(),
                    }
                    writer.flush().unwrap();
                }
            });
        }
    });
    (port, received)
}

#[tokio::test]
async fn links_are_emailed_through_smtp() {
    let (port, received) = smtp_server();
    let data = std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
    let config = Config {
        data_dir: data.clone(),
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        smtp_from: "Keepsake <keepsake@example.org>".into(),
        ..Config::default()
    };
    let s = Server::start_with(config.clone()).await;
    let ann = s.user("ann").await;
    // Without its own public address the server sends no links: it would have to trust the sender's.
    assert_eq!(get_json(&ann, s.url("/settings")).await["email"], false);
    let apple = upload(&s, &ann, "apple.jpg", &corpus("et_Apple.jpg")).await;
    let link = create_link(&s, &ann, json!({"target": {"kind": "photo", "id": apple.id}})).await;
    let email = s.url(&format!("/links/{}/email", link.link.id));
    let request = json!({"token": link.token, "to": "grandma@example.org", "note": "Look!"});
    let r = post_json(&ann, email.clone(), request.clone()).await;
    assert_eq!(error_code(r).await, (StatusCode::CONFLICT, "email-off".into()));
    let data = s.stop().await;

    let public = keepsake_server::config::PublicUrl::parse("https://photos.example.org").unwrap();
    let s = Server::start_with(Config { data_dir: data, public_url: Some(public), ..config }).await;
    let ann = login(&s, "ann").await;
    assert_eq!(get_json(&ann, s.url("/settings")).await["email"], true);
    let email = s.url(&format!("/links/{}/email", link.link.id));
    let r = post_json(&ann, email.clone(), request).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let message =
        received.recv_timeout(std::time::Duration::from_secs(10)).expect("the SMTP server got the email");
    assert!(message.contains("To: grandma@example.org"), "{message}");
    assert!(message.contains("From: Keepsake <keepsake@example.org>"), "{message}");
    // The address is the server's own, whatever host the request came by (quoted-printable wraps it).
    let message = message.replace("=\r\n", "").replace("=\n", "");
    let address = format!("https://photos.example.org/s/{}", link.token);
    assert!(message.contains(&address) && message.contains("Look!"), "{message}");
    assert!(!message.contains("127.0.0.1"), "{message}");
    // Only this link's own token, to one real address, with a short plain note.
    for (body, why) in [
        (json!({"token": "0".repeat(48), "to": "a@b.org"}), "another token"),
        (json!({"token": link.token, "to": "a@b.org, c@d.org"}), "two recipients"),
        (json!({"token": link.token, "to": "not an address"}), "no address"),
        (json!({"token": link.token, "to": "a@b.org", "note": "x".repeat(301)}), "a long note"),
        (
            json!({"token": link.token, "to": "a@b.org", "note": "log in at https://evil.example"}),
            "a web address",
        ),
        (json!({"token": link.token, "to": "a@b.org", "note": "see www.evil.example"}), "a bare web address"),
        (json!({"url": format!("https://evil.example/#/s/{}", link.token), "to": "a@b.org"}), "an address"),
    ] {
        let r = post_json(&ann, email.clone(), body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{why}");
    }
    // A note's lines are joined into one.
    let r =
        post_json(&ann, email, json!({"token": link.token, "to": "a@b.org", "note": "Hello\n\nthere"})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let message = received.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
    assert!(message.contains("Hello there"), "{message}");
    s.stop().await;
}

// ---- the authorization matrix

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Caller {
    Owner,
    VaultMember,
    AlbumViewer,
    AlbumContributor,
    OtherUser,
    LinkHolder,
    LinkBeforePassword,
    ExpiredLink,
    RevokedLink,
    Anonymous,
}

const CALLERS: [Caller; 10] = [
    Caller::Owner,
    Caller::VaultMember,
    Caller::AlbumViewer,
    Caller::AlbumContributor,
    Caller::OtherUser,
    Caller::LinkHolder,
    Caller::LinkBeforePassword,
    Caller::ExpiredLink,
    Caller::RevokedLink,
    Caller::Anonymous,
];

impl Caller {
    fn signed_in(self) -> bool {
        matches!(
            self,
            Self::Owner | Self::VaultMember | Self::AlbumViewer | Self::AlbumContributor | Self::OtherUser
        )
    }
}

/// Who may do what, written out independently of the server's permission module.
#[derive(Clone, Copy)]
enum Rule {
    /// Anyone, signed in or not.
    Public(u16),
    /// Any signed-in person, on their own things.
    AnyUser(u16),
    /// The admin (the owner here is the first account).
    Admin(u16),
    /// Only the owner of the photo, album, link or upload.
    Own(u16),
    /// Whoever the photo or album is shared with: album members and vault members.
    SharedRead(u16),
    /// The album's owner and the people it is shared with.
    AlbumRead(u16),
    /// Album members are told no; only the owner acts.
    AlbumOwner(u16),
    /// The owner and contributors.
    AlbumContribute(u16),
    /// The vault's owner; members are told no.
    VaultOwner(u16),
    /// Any vault member.
    VaultMember(u16),
    /// Anyone not yet in a vault.
    NotInVault(u16),
    /// Naming who is on a photo: its owner (here also the vault's); those it is shown to are told no.
    FaceNames(u16),
    /// What a link visitor sees after the password.
    LinkUnlocked(u16),
    /// Whether the link works at all (anyone holding a live link).
    LinkAlive(u16),
}

fn expected(rule: Rule, caller: Caller) -> u16 {
    use Caller::*;
    let no_session = if caller.signed_in() { None } else { Some(401) };
    match rule {
        Rule::Public(ok) => ok,
        Rule::AnyUser(ok) => no_session.unwrap_or(ok),
        Rule::Admin(ok) => no_session.unwrap_or(if caller == Owner { ok } else { 403 }),
        Rule::Own(ok) => no_session.unwrap_or(if caller == Owner { ok } else { 404 }),
        Rule::SharedRead(ok) => no_session.unwrap_or(if caller == OtherUser { 404 } else { ok }),
        Rule::AlbumRead(ok) => no_session.unwrap_or(match caller {
            Owner | AlbumViewer | AlbumContributor => ok,
            _ => 404,
        }),
        Rule::AlbumOwner(ok) => no_session.unwrap_or(match caller {
            Owner => ok,
            AlbumViewer | AlbumContributor => 403,
            _ => 404,
        }),
        Rule::AlbumContribute(ok) => no_session.unwrap_or(match caller {
            Owner | AlbumContributor => ok,
            AlbumViewer => 403,
            _ => 404,
        }),
        Rule::VaultOwner(ok) => no_session.unwrap_or(match caller {
            Owner => ok,
            VaultMember => 403,
            _ => 404,
        }),
        Rule::VaultMember(ok) => {
            no_session.unwrap_or(if matches!(caller, Owner | VaultMember) { ok } else { 404 })
        }
        Rule::FaceNames(ok) => no_session.unwrap_or(match caller {
            Owner => ok,
            VaultMember | AlbumViewer | AlbumContributor => 403,
            _ => 404,
        }),
        Rule::NotInVault(ok) => {
            no_session.unwrap_or(if matches!(caller, Owner | VaultMember) { 409 } else { ok })
        }
        Rule::LinkUnlocked(ok) => match caller {
            LinkHolder => ok,
            ExpiredLink | RevokedLink => 410,
            _ => 401,
        },
        Rule::LinkAlive(ok) => match caller {
            ExpiredLink | RevokedLink => 410,
            _ => ok,
        },
    }
}

fn rule_for(method: &str, path: &str) -> Option<Rule> {
    use Rule::*;
    Some(match (method, path) {
        ("get", "/openapi.json" | "/settings") => Public(200),
        ("post", "/auth/signup") => Public(201),
        ("post", "/auth/login") => Public(200),
        ("post", "/auth/logout") => Public(204),
        ("get", "/invites/{token}") => Public(200),
        ("post", "/invites/{token}/signup") => Public(201),
        ("put", "/settings") => Admin(200),
        ("get", "/stats") => Admin(200),
        ("get", "/users") => Admin(200),
        ("post", "/users") => Admin(201),
        ("patch", "/users/{id}") => Admin(200),
        ("delete", "/users/{id}") => Admin(204),
        (
            "get",
            "/me" | "/assets" | "/search" | "/folders" | "/trash" | "/memories" | "/tags" | "/cameras",
        ) => AnyUser(200),
        ("get", "/albums" | "/links" | "/shared-with-me") => AnyUser(200),
        ("post", "/assets/check" | "/trash/empty" | "/trash/restore-all" | "/downloads") => AnyUser(200),
        ("post", "/uploads" | "/albums") => AnyUser(201),
        ("post", "/vault" | "/invites/{token}/join") => NotInVault(if path == "/vault" { 201 } else { 200 }),
        (
            "get",
            "/assets/{id}" | "/assets/{id}/original" | "/assets/{id}/thumbnail" | "/assets/{id}/preview",
        ) => SharedRead(200),
        ("delete", "/assets/{id}") => Own(204),
        ("post", "/assets/edit") => Own(200),
        ("get", "/uploads/{id}") => Own(200),
        ("delete", "/uploads/{id}") => Own(204),
        ("put", "/uploads/{id}/bytes") => Own(200),
        ("put", "/uploads/{id}/thumbnail" | "/uploads/{id}/preview") => Own(204),
        ("post", "/uploads/{id}/finish") => Own(201),
        ("get", "/downloads/{ticket}") => Own(200),
        ("get", "/albums/{id}" | "/albums/{id}/assets" | "/albums/{id}/download") => AlbumRead(200),
        ("patch", "/albums/{id}") => AlbumOwner(200),
        ("delete", "/albums/{id}") => AlbumOwner(204),
        ("post", "/albums/{id}/assets") => AlbumContribute(200),
        ("post", "/albums/{id}/remove" | "/albums/{id}/members") => AlbumOwner(200),
        ("post", "/albums/{id}/move") => AlbumOwner(204),
        ("delete", "/albums/{id}/members/{user}") => AlbumOwner(204),
        ("post", "/links") => AlbumOwner(201),
        ("patch", "/links/{id}") => Own(200),
        ("delete", "/links/{id}") => Own(204),
        // No SMTP here: the owner gets past the permission check to "email is off".
        ("post", "/links/{id}/email") => Own(409),
        ("get", "/s/{token}") => LinkAlive(200),
        ("post", "/s/{token}/unlock") => LinkAlive(204),
        ("get", "/s/{token}/assets" | "/s/{token}/download") => LinkUnlocked(200),
        (
            "get",
            "/s/{token}/assets/{id}/thumbnail"
            | "/s/{token}/assets/{id}/preview"
            | "/s/{token}/assets/{id}/original",
        ) => LinkUnlocked(200),
        ("get", "/vault" | "/vault/assets") => VaultMember(200),
        ("post", "/vault/assets" | "/vault/assets/remove") => VaultMember(200),
        ("patch", "/vault/me") => VaultMember(200),
        ("patch", "/vault") => VaultOwner(200),
        ("delete", "/vault") => VaultOwner(204),
        ("get", "/vault/invites") => VaultOwner(200),
        ("post", "/vault/invites") => VaultOwner(201),
        ("delete", "/vault/invites/{id}" | "/vault/members/{user}") => VaultOwner(204),
        ("get", "/prints/prices" | "/orders") => AnyUser(200),
        ("post", "/orders") => AnyUser(201),
        // Pricing a photo needs seeing it: the owner's, or one shared with the caller.
        ("post", "/prints/quote") => SharedRead(200),
        // The owner of the order is also the admin here, who reads every order.
        ("get", "/orders/{id}" | "/orders/{id}/lines/{line}/file") => Own(200),
        ("post", "/orders/{id}/cancel") => Own(200),
        ("put", "/prints/prices") => Admin(200),
        ("get", "/lab/orders" | "/lab/orders/{id}/package") => Admin(200),
        ("post", "/lab/orders/{id}/status") => Admin(200),
        ("delete", "/lab/orders/{id}") => Admin(204),
        // People are the library owner's: faces are recorded on one's own photos, and seen by
        // whoever sees the photo.
        ("put", "/assets/{id}/faces") => Own(200),
        ("get", "/assets/{id}/faces") => SharedRead(200),
        ("put", "/assets/{id}/faces/{face}/name") => FaceNames(200),
        ("get", "/people") => AnyUser(200),
        ("get" | "patch", "/people/{id}") => Own(200),
        ("post", "/people/{id}/merge") => Own(200),
        ("put", "/people/{id}/cover") => Own(200),
        ("delete", "/people/{id}/faces/{asset}/{face}") => Own(204),
        ("get", "/people/pending") => AnyUser(200),
        ("put", "/me/people") => AnyUser(200),
        _ => return None,
    })
}

struct World {
    users: BTreeMap<Caller, u64>,
    /// A photo of each signed-in caller's own, for bodies that add one's own photos.
    own: BTreeMap<Caller, String>,
    apple: String,
    album: String,
    link_id: String,
    token: BTreeMap<Caller, String>,
    unlock_cookie: String,
    invite: String,
    ann: Client,
    /// A JPEG and its size, for derivative uploads.
    jpeg: (Vec<u8>, u32, u32),
    /// Ann's print order.
    order: String,
    /// A checkout body ordering a print of each signed-in caller's own photo.
    checkout: BTreeMap<Caller, (String, Vec<u8>)>,
    /// A person in ann's library, whose face is on her own photo (not on `apple`, whose faces the
    /// matrix records again and again).
    person: String,
}

/// A face for the matrix's requests: `axis` picks a descriptor far from every other axis's.
fn matrix_face(axis: usize, size: f32) -> Value {
    let mut descriptor = vec![0.0f32; 128];
    descriptor[axis % 128] = size;
    json!({"faces": [{"box": {"x": 0.1, "y": 0.1, "width": 0.3, "height": 0.3}, "quality": 0.9, "descriptor": descriptor}]})
}

impl World {
    async fn build(s: &Server) -> Self {
        let ann = s.user("ann").await;
        let mut clients = BTreeMap::new();
        for (caller, name) in [
            (Caller::VaultMember, "max"),
            (Caller::AlbumViewer, "vic"),
            (Caller::AlbumContributor, "cora"),
            (Caller::OtherUser, "olly"),
        ] {
            clients.insert(caller, s.user(name).await);
        }
        let mut users = BTreeMap::new();
        users.insert(Caller::Owner, get_json(&ann, s.url("/me")).await["id"].as_u64().unwrap());
        for (caller, c) in &clients {
            users.insert(*caller, get_json(c, s.url("/me")).await["id"].as_u64().unwrap());
        }
        let apple = upload_with_derivatives(s, &ann, "apple.jpg", &corpus("et_Apple.jpg")).await.id;
        let mut own = BTreeMap::new();
        let mut checkout = BTreeMap::new();
        let mut order_own = |caller: Caller, id: &str, bytes: &[u8]| {
            // Some of these photos are small: the low-resolution warning is accepted.
            let line = keepsake_api::PrintLine {
                low_resolution_confirmed: true,
                ..prints::line(id, "wallet", "matte", 1)
            };
            let files = [prints::render(bytes, &line)];
            checkout.insert(
                caller,
                prints::multipart(&json!({"lines": [line], "address": prints::address()}), &files),
            );
        };
        let bytes = corpus("et_Canon1DmkIII.jpg");
        own.insert(Caller::Owner, upload(s, &ann, "ann2.jpg", &bytes).await.id);
        order_own(Caller::Owner, &own[&Caller::Owner], &bytes);
        for (i, (caller, c)) in clients.iter().enumerate() {
            let bytes = [
                corpus("et_NikonD2Hs.jpg"),
                corpus("et_Sony.jpg"),
                corpus("ian_Olympus_C8080WZ.jpg"),
                corpus("et_Pentax.jpg"),
            ][i]
                .clone();
            own.insert(*caller, upload(s, c, "mine.jpg", &bytes).await.id);
            order_own(*caller, &own[caller], &bytes);
        }
        let album: Value = post_json(&ann, s.url("/albums"), json!({"name": "Family", "asset_ids": [apple]}))
            .await
            .json()
            .await
            .unwrap();
        let album = album["id"].as_str().unwrap().to_string();
        for (name, role) in [("vic", "viewer"), ("cora", "contributor")] {
            post_json(
                &ann,
                s.url(&format!("/albums/{album}/members")),
                json!({"username": name, "role": role}),
            )
            .await;
        }
        assert_eq!(
            post_json(&ann, s.url("/vault"), json!({"name": "Vault"})).await.status(),
            StatusCode::CREATED
        );
        let invite: CreatedInvite =
            post_json(&ann, s.url("/vault/invites"), json!({"days": 30, "max_uses": 100}))
                .await
                .json()
                .await
                .unwrap();
        let r = clients[&Caller::VaultMember]
            .post(s.url(&format!("/invites/{}/join", invite.token)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        post_json(&ann, s.url("/vault/assets"), json!({"ids": [apple]})).await;

        let target = json!({"kind": "album", "id": album});
        let live =
            create_link(s, &ann, json!({"target": target, "password": "secret", "allow_download": true}))
                .await;
        let expired = create_link(s, &ann, json!({"target": target, "expires_at": "2999-01-01"})).await;
        let store = &s.state.as_ref().unwrap().store;
        store.update_link(&expired.link.id, |l| l.expires_at = Some(1)).unwrap();
        let revoked = create_link(s, &ann, json!({"target": target})).await;
        ann.delete(s.url(&format!("/links/{}", revoked.link.id))).send().await.unwrap();
        let r = post_json(
            &s.client(),
            s.url(&format!("/s/{}/unlock", live.token)),
            json!({"password": "secret"}),
        )
        .await;
        let unlock_cookie =
            r.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        let mut token = BTreeMap::new();
        for caller in CALLERS {
            token.insert(
                caller,
                match caller {
                    Caller::ExpiredLink => expired.token.clone(),
                    Caller::RevokedLink => revoked.token.clone(),
                    _ => live.token.clone(),
                },
            );
        }
        let bytes = corpus("et_Apple.jpg");
        let (format, meta) = keepsake_media::read_metadata(&bytes).unwrap();
        let derived =
            keepsake_media::derive_from_bytes(format, &bytes, meta.orientation, &Default::default()).unwrap();
        let jpeg = (derived.thumbnail, derived.thumbnail_size.0, derived.thumbnail_size.1);
        let order = Self::order_of(s, &ann, &checkout[&Caller::Owner]).await;
        let faces =
            ann.put(s.url(&format!("/assets/{}/faces", own[&Caller::Owner]))).json(&matrix_face(0, 0.75));
        let faces: Value = faces.send().await.unwrap().json().await.unwrap();
        let person = faces[0]["person"].as_str().unwrap().to_string();
        World {
            users,
            own,
            apple,
            album,
            link_id: live.link.id,
            token,
            unlock_cookie,
            invite: invite.token,
            ann,
            jpeg,
            order,
            checkout,
            person,
        }
    }

    async fn order_of(s: &Server, c: &Client, (kind, body): &(String, Vec<u8>)) -> String {
        let r = c
            .post(s.url("/orders"))
            .header(header::CONTENT_TYPE, kind)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
    }

    /// A client signed in as `caller` through a fresh session.
    fn client_of(&self, s: &Server, caller: Caller) -> Client {
        let mut headers = header::HeaderMap::new();
        if let Some(cookie) = self.cookie(s, caller) {
            headers.insert(header::COOKIE, cookie.parse().unwrap());
        }
        client_builder().default_headers(headers).build().unwrap()
    }

    /// A fresh session for a signed-in caller (so signing out in one cell cannot affect another).
    fn cookie(&self, s: &Server, caller: Caller) -> Option<String> {
        if let Some(&user) = self.users.get(&caller) {
            let (token, hash) = keepsake_server::auth::new_session_token();
            let session = SessionRecord { user_id: user, expires_at: s.clock.now() + 3600 };
            s.state.as_ref().unwrap().store.insert_session(&hash, &session).unwrap();
            return Some(format!("keepsake_session={token}"));
        }
        (caller == Caller::LinkHolder).then(|| self.unlock_cookie.clone())
    }
}

/// Makes what a cell's request acts on: a throwaway target when the request would use it up, so every
/// cell starts from the same world. Returns the path and the body.
async fn prepare(
    s: &Server,
    w: &World,
    method: &str,
    template: &str,
    caller: Caller,
    n: usize,
) -> (String, Option<Value>, Option<Vec<u8>>) {
    let ann = &w.ann;
    let unique = format!("u{n}");
    let fresh_album = || async {
        let r: Value = post_json(ann, s.url("/albums"), json!({"name": "Throwaway", "asset_ids": [w.apple]}))
            .await
            .json()
            .await
            .unwrap();
        let id = r["id"].as_str().unwrap().to_string();
        for (name, role) in [("vic", "viewer"), ("cora", "contributor")] {
            post_json(ann, s.url(&format!("/albums/{id}/members")), json!({"username": name, "role": role}))
                .await;
        }
        id
    };
    let fresh_upload = || async {
        let bytes = keepsake_server::auth::random_hex(32).into_bytes();
        match open_upload(s, ann, "f.jpg", &bytes).await {
            UploadStarted::Open { upload_id, .. } => (upload_id, bytes),
            UploadStarted::Duplicate { .. } => unreachable!(),
        }
    };
    let mut album = w.album.clone();
    let mut id = String::new();
    let mut user = 0;
    let mut asset = String::new();
    let mut body = None;
    let mut raw = None;
    let mut query = "";
    let mut size = String::new();
    match (method, template) {
        ("post", "/auth/signup" | "/invites/{token}/signup" | "/users") => {
            body = Some(json!({"username": unique, "password": "correct horse"}))
        }
        ("post", "/auth/login") => body = Some(json!({"username": "ann", "password": "correct horse"})),
        ("put", "/settings") => body = Some(json!({"open_signup": true})),
        ("patch", "/users/{id}") => {
            id = w.users[&Caller::OtherUser].to_string();
            body = Some(json!({"quota_bytes": 1u64 << 40}));
        }
        ("delete", "/users/{id}") => {
            // A throwaway account, made by the admin.
            let r = post_json(
                ann,
                s.url("/users"),
                json!({"username": format!("gone{n}"), "password": "correct horse"}),
            );
            id = r.await.json::<Value>().await.unwrap()["id"].to_string();
        }
        ("post", "/assets/check") => body = Some(json!({"sha256": ["0".repeat(64)]})),
        ("post", "/assets/edit") => body = Some(json!({"ids": [w.apple], "op": "favorite", "value": true})),
        ("post", "/downloads") => {
            body = Some(json!({"ids": [w.own.get(&caller).cloned().unwrap_or_default()]}))
        }
        ("post", "/uploads") => {
            let bytes = keepsake_server::auth::random_hex(32).into_bytes();
            body = Some(serde_json::to_value(new_upload("n.jpg", &bytes)).unwrap());
        }
        ("post", "/albums") => body = Some(json!({"name": "Mine"})),
        ("post", "/vault") => body = Some(json!({"name": "Theirs"})),
        ("patch", "/vault") => body = Some(json!({"name": "Vault"})),
        ("post", "/vault/invites") => body = Some(json!({"days": 1, "max_uses": 1})),
        ("patch", "/vault/me") => body = Some(json!({"auto_add": false})),
        ("post", "/vault/assets") => {
            body = Some(json!({"ids": [w.own.get(&caller).cloned().unwrap_or_default()]}))
        }
        ("post", "/vault/assets/remove") => {
            // A throwaway photo of the caller's own, put in the vault if they are in it.
            let own = w.own.get(&caller).cloned().unwrap_or_default();
            body = Some(json!({"ids": [own]}));
        }
        // Trashed by the owner's cell, restored after it.
        ("delete", "/assets/{id}") => id = w.own[&Caller::Owner].clone(),
        ("put", "/assets/{id}/faces") => {
            id = w.apple.clone();
            body = Some(matrix_face(1, 0.75));
        }
        ("put", "/assets/{id}/faces/{face}/name") => {
            // Someone on `apple` to name, as for merging.
            let faces = ann.put(s.url(&format!("/assets/{}/faces", w.apple))).json(&matrix_face(2 + n, 1.2));
            assert!(faces.send().await.unwrap().status().is_success());
            id = w.apple.clone();
            body = Some(json!({"name": "Grandpa"}));
        }
        ("get", "/people/{id}") => id = w.person.clone(),
        ("patch", "/people/{id}") => {
            id = w.person.clone();
            body = Some(json!({"name": "Grandma"}));
        }
        ("post", "/people/{id}/merge") => {
            // A throwaway person to merge from, on `apple`: far from every person made before it
            // (a new axis, and longer than any mean of the earlier ones).
            let faces = ann.put(s.url(&format!("/assets/{}/faces", w.apple))).json(&matrix_face(2 + n, 1.2));
            let faces: Value = faces.send().await.unwrap().json().await.unwrap();
            id = w.person.clone();
            body = Some(json!({"from": faces[0]["person"]}));
        }
        ("put", "/people/{id}/cover") => {
            id = w.person.clone();
            body = Some(json!({"asset": w.own[&Caller::Owner], "face": 0}));
        }
        ("delete", "/people/{id}/faces/{asset}/{face}") => {
            // A throwaway person on `apple`, as for merging.
            let faces = ann.put(s.url(&format!("/assets/{}/faces", w.apple))).json(&matrix_face(2 + n, 1.2));
            let faces: Value = faces.send().await.unwrap().json().await.unwrap();
            id = faces[0]["person"].as_str().unwrap().to_string();
            asset = w.apple.clone();
        }
        // On, as it is: off would delete the owner's people the other cells use.
        ("put", "/me/people") => body = Some(json!({"enabled": true})),
        (_, t) if t.starts_with("/assets/{id}") => id = w.apple.clone(),
        ("get", "/uploads/{id}") | ("delete", "/uploads/{id}") => id = fresh_upload().await.0,
        ("put", "/uploads/{id}/bytes") => {
            let (upload, bytes) = fresh_upload().await;
            id = upload;
            query = "?offset=0";
            raw = Some(bytes);
        }
        ("put", "/uploads/{id}/thumbnail" | "/uploads/{id}/preview") => {
            id = fresh_upload().await.0;
            size = format!("?width={}&height={}", w.jpeg.1, w.jpeg.2);
            raw = Some(w.jpeg.0.clone());
        }
        ("post", "/uploads/{id}/finish") => {
            // A real photo (finishing checks the file), new to the owner; only her cell finishes it.
            let bytes = corpus("et_GoPro.jpg");
            let UploadStarted::Open { upload_id, offset } = open_upload(s, ann, "g.jpg", &bytes).await else {
                panic!("finished already")
            };
            put_bytes(s, ann, &upload_id, offset, &bytes[offset as usize..]).await;
            id = upload_id;
        }
        ("get", "/downloads/{ticket}") => {
            let r: Value =
                post_json(ann, s.url("/downloads"), json!({"ids": [w.apple]})).await.json().await.unwrap();
            id = r["url"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        }
        ("delete", "/albums/{id}") | ("post", "/albums/{id}/remove" | "/albums/{id}/members") => {
            album = fresh_album().await;
            body = match template {
                "/albums/{id}/remove" => Some(json!({"ids": [w.apple]})),
                "/albums/{id}/members" => {
                    // A throwaway person: sharing with one of the callers would change what they reach.
                    let name = format!("y{n}");
                    post_json(ann, s.url("/users"), json!({"username": name, "password": "correct horse"}))
                        .await;
                    Some(json!({"username": name, "role": "viewer"}))
                }
                _ => None,
            };
        }
        ("patch", "/albums/{id}") => body = Some(json!({"name": "Family"})),
        ("post", "/albums/{id}/assets") => {
            body = Some(json!({"ids": [w.own.get(&caller).cloned().unwrap_or_default()]}))
        }
        ("post", "/albums/{id}/move") => body = Some(json!({"asset_id": w.apple, "before": null})),
        ("delete", "/albums/{id}/members/{user}") => {
            album = fresh_album().await;
            // Someone else's access: a throwaway person the album is shared with too.
            let r = post_json(
                ann,
                s.url("/users"),
                json!({"username": format!("x{n}"), "password": "correct horse"}),
            )
            .await;
            user = r.json::<Value>().await.unwrap()["id"].as_u64().unwrap();
            post_json(
                ann,
                s.url(&format!("/albums/{album}/members")),
                json!({"username": format!("x{n}"), "role": "viewer"}),
            )
            .await;
        }
        ("post", "/links") => body = Some(json!({"target": {"kind": "album", "id": w.album}})),
        ("patch", "/links/{id}") => {
            id = w.link_id.clone();
            body = Some(json!({"show_camera": false}));
        }
        ("delete", "/links/{id}") => {
            id = create_link(s, ann, json!({"target": {"kind": "album", "id": w.album}})).await.link.id;
        }
        ("post", "/links/{id}/email") => {
            id = w.link_id.clone();
            body = Some(json!({"token": "y", "to": "a@b.org"}));
        }
        ("post", "/s/{token}/unlock") => body = Some(json!({"password": "secret"})),
        ("delete", "/vault/invites/{id}") => {
            let r: CreatedInvite = post_json(ann, s.url("/vault/invites"), json!({"days": 1, "max_uses": 1}))
                .await
                .json()
                .await
                .unwrap();
            id = r.invite.id;
        }
        ("put", "/prints/prices") => {
            body = Some(serde_json::to_value(keepsake_api::PriceList::default()).unwrap())
        }
        ("post", "/prints/quote") => {
            body = Some(json!({"lines": [prints::line(&w.apple, "4x6", "glossy", 1)]}))
        }
        ("post", "/orders") => {
            let signed_in = if caller.signed_in() { caller } else { Caller::Owner };
            raw = Some(w.checkout[&signed_in].1.clone());
        }
        ("get", "/orders/{id}" | "/orders/{id}/lines/{line}/file" | "/lab/orders/{id}/package") => {
            id = w.order.clone()
        }
        // These use an order up: a fresh one each time.
        ("post", "/orders/{id}/cancel" | "/lab/orders/{id}/status") | ("delete", "/lab/orders/{id}") => {
            id = World::order_of(s, ann, &w.checkout[&Caller::Owner]).await;
            if template.ends_with("/status") {
                body = Some(json!({"status": "printing"}));
            }
        }
        ("delete", "/vault/members/{user}") => {
            // A throwaway member, joined by invitation.
            let c = s.client();
            let r = post_json(
                &c,
                s.url(&format!("/invites/{}/signup", w.invite)),
                json!({"username": format!("m{n}"), "password": "correct horse"}),
            )
            .await;
            assert_eq!(r.status(), StatusCode::CREATED);
            user = get_json(&c, s.url("/me")).await["id"].as_u64().unwrap();
        }
        _ => {}
    }
    if id.is_empty() && template.contains("{id}") {
        id = w.apple.clone();
    }
    let path = template
        .replace("/albums/{id}", &format!("/albums/{album}"))
        .replace("{id}", &id)
        .replace("{ticket}", &id)
        .replace("{user}", &user.to_string())
        .replace("{line}", "0")
        .replace("{asset}", &asset)
        .replace("{face}", "0")
        .replace("{token}", if template.starts_with("/invites") { &w.invite } else { &w.token[&caller] });
    (path + query + &size, body, raw)
}

/// Puts back what a cell's allowed request changed in the shared world.
async fn restore(s: &Server, w: &World, method: &str, template: &str, caller: Caller) {
    let store = &s.state.as_ref().unwrap().store;
    match (method, template) {
        // Whoever joined or made a vault leaves it again.
        ("post", "/vault" | "/invites/{token}/join")
            if !matches!(caller, Caller::Owner | Caller::VaultMember) =>
        {
            if let Some(&user) = w.users.get(&caller)
                && let Some(vault) = store.vault_of_user(user).unwrap()
            {
                if vault.owner == user {
                    store.delete_vault(&vault.id).unwrap();
                } else {
                    store.vault_remove_member(&vault.id, user).unwrap();
                }
            }
        }
        ("post", "/vault/assets/remove") => {
            let own = &w.own[&caller];
            let c = w.client_of(s, caller);
            post_json(&c, s.url("/vault/assets"), json!({"ids": [own]})).await;
        }
        ("delete", "/assets/{id}") => {
            edit(s, &w.ann, &[&w.own[&Caller::Owner]], json!({"op": "restore"})).await;
        }
        _ => {}
    }
}

/// A path once for each value of its enumerated path parameters (`/assets/{id}/{file}` is three).
fn concrete_paths(template: &str, operation: &Value) -> Vec<String> {
    let mut paths = vec![template.to_string()];
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let Some(values) = parameter["schema"]["enum"].as_array().filter(|_| parameter["in"] == "path")
        else {
            continue;
        };
        let placeholder = format!("{{{}}}", parameter["name"].as_str().unwrap());
        paths = paths
            .iter()
            .flat_map(|p| {
                values.iter().map(|v| p.replace(&placeholder, v.as_str().unwrap())).collect::<Vec<_>>()
            })
            .collect();
    }
    paths
}

#[tokio::test]
async fn authorization_matrix_every_route_every_caller() {
    let data = std::env::temp_dir().join(format!("keepsake-test-{}", keepsake_server::auth::random_hex(8)));
    // Room for the throwaway members the matrix signs up.
    let s =
        Server::start_with(Config { data_dir: data, vault_member_limit: 10_000, ..Config::default() }).await;
    let w = World::build(&s).await;
    let doc = get_json(&client_builder().build().unwrap(), s.url("/openapi.json")).await;
    let mut routes = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if let Some(operation) = item.get(method) {
                routes.extend(concrete_paths(path, operation).into_iter().map(|p| (method.to_string(), p)));
            }
        }
    }
    // Deleting the vault last: everything before needs it.
    routes.sort_by_key(|(m, p)| (m == "delete" && p == "/vault", p.clone(), m.clone()));
    let plain = client_builder().build().unwrap();
    let mut failures = Vec::new();
    let mut cells = 0;
    let mut n = 0;
    for (method, template) in &routes {
        let rule = rule_for(method, template).unwrap_or_else(|| {
            panic!("no expectation for {} {template}: add it to rule_for", method.to_uppercase())
        });
        // Refused callers first, then the allowed ones, so a request that succeeds cannot change what
        // a refused one would meet.
        let mut order = CALLERS.to_vec();
        order.sort_by_key(|&c| (200..300).contains(&expected(rule, c)));
        for caller in order {
            n += 1;
            let want = expected(rule, caller);
            let (path, body, raw) = prepare(&s, &w, method, template, caller, n).await;
            let mut request = plain.request(method.to_uppercase().parse().unwrap(), s.url(&path));
            if let Some(cookie) = w.cookie(&s, caller) {
                request = request.header(header::COOKIE, cookie);
            }
            if let Some(json) = body {
                request = request.json(&json);
            }
            if let Some(raw) = raw {
                if template == "/orders" {
                    request = request.header(header::CONTENT_TYPE, w.checkout[&Caller::Owner].0.clone());
                }
                request = request.body(raw);
            }
            let got = request.send().await.unwrap().status().as_u16();
            cells += 1;
            if got != want {
                failures.push(format!(
                    "{} {template} as {caller:?}: expected {want}, got {got}",
                    method.to_uppercase()
                ));
            }
            if (200..300).contains(&got) {
                restore(&s, &w, method, template, caller).await;
            }
        }
    }
    // Straight to stderr, past the test harness's capture, so every run shows the matrix's size.
    let _ = writeln!(
        std::io::stderr(),
        "authorization matrix: {} routes x {} callers = {cells} cells checked against a real server",
        routes.len(),
        CALLERS.len()
    );
    assert!(routes.len() >= 60, "the document lists every route");
    assert!(failures.is_empty(), "{} of {cells} cells wrong:\n{}", failures.len(), failures.join("\n"));
    s.stop().await;
}
