//! Schemathesis (an independent, black-box API fuzzer) against the OpenAPI document the server
//! generates: every operation, with a seeded library so that ids are real, all checks. Zero failures
//! means the document says what the server does and the server refuses what the document forbids.

use super::*;

/// Examples per operation in the normal suite; `cargo xtask soak` runs many more.
const DEFAULT_EXAMPLES: &str = "12";

/// A session token for `name`, read from the cookie sign-in sets.
async fn session_token(s: &Server, name: &str) -> String {
    let r = client_builder()
        .build()
        .unwrap()
        .post(s.url("/auth/login"))
        .json(&json!({"username": name, "password": "correct horse"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_string()
}

/// Ids of a small library: photos, an album shared with a second person, a link, a vault with an
/// invitation, an unfinished upload.
struct Seeded {
    asset: String,
    album: String,
    link: String,
    link_token: String,
    invite: String,
    invite_token: String,
    upload: String,
    bob: u64,
    /// What the DELETE operations get, so that the rest keep reaching the seeded ones.
    spare_asset: String,
    spare_album: String,
    spare_link: String,
}

async fn seed(s: &Server, ann: &Client) -> Seeded {
    let mut assets = Vec::new();
    for name in ["et_GoPro.jpg", "et_Canon1DmkIII.jpg", "mde_Kodak_PIXPRO_FZ201.jpg"] {
        assets.push(upload(s, ann, name, &corpus(name)).await.id);
    }
    let bob = s.user("bob").await;
    let bob_id = get_json(&bob, s.url("/me")).await["id"].as_u64().unwrap();
    let album = post_json(ann, s.url("/albums"), json!({"name": "Summer", "asset_ids": assets})).await;
    let album = album.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let shared = post_json(
        ann,
        s.url(&format!("/albums/{album}/members")),
        json!({"username": "bob", "role": "viewer"}),
    )
    .await;
    assert_eq!(shared.status(), StatusCode::OK);
    let link = post_json(
        ann,
        s.url("/links"),
        json!({"target": {"kind": "album", "id": album}, "allow_download": true}),
    )
    .await;
    let link: Value = link.json().await.unwrap();
    assert_eq!(
        post_json(ann, s.url("/vault"), json!({"name": "Family"})).await.status(),
        StatusCode::CREATED
    );
    let invite: Value = post_json(ann, s.url("/vault/invites"), json!({"days": 30, "max_uses": 100}))
        .await
        .json()
        .await
        .unwrap();
    let spare_asset = upload(s, ann, "spare.jpg", &corpus("et_Apple.jpg")).await.id;
    let spare_album: Value =
        post_json(ann, s.url("/albums"), json!({"name": "Spare", "asset_ids": [spare_asset]}))
            .await
            .json()
            .await
            .unwrap();
    let spare_album = spare_album["id"].as_str().unwrap().to_string();
    let spare_link: Value =
        post_json(ann, s.url("/links"), json!({"target": {"kind": "album", "id": spare_album}}))
            .await
            .json()
            .await
            .unwrap();
    let spare = corpus("et_Canon1DmkIII.jpg");
    let mut partial = spare.clone();
    partial[0] ^= 1; // another file, left unfinished
    let UploadStarted::Open { upload_id, .. } = open_upload(s, ann, "unfinished.jpg", &partial).await else {
        panic!("a new file");
    };
    Seeded {
        asset: assets[0].clone(),
        album,
        link: link["link"]["id"].as_str().unwrap().to_string(),
        link_token: link["token"].as_str().unwrap().to_string(),
        invite: invite["invite"]["id"].as_str().unwrap().to_string(),
        invite_token: invite["token"].as_str().unwrap().to_string(),
        upload: upload_id,
        bob: bob_id,
        spare_asset,
        spare_album,
        spare_link: spare_link["link"]["id"].as_str().unwrap().to_string(),
    }
}

/// Besides the checks' defaults: 410 is how a revoked link or invitation answers (the run revokes
/// the seeded ones), 413 a file over the server's configured size or the person's quota, and 422 is a well-formed request against a rule no schema states (a price list's
/// ids are unique, a print line names a size on the current price list, a thumbnail is a JPEG).
const STATUSES: &str = r#"[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "410", "413", "422", "429"]

[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "410", "413", "415", "422", "428", "429"]
"#;

/// Schemathesis's configuration: the session, and which real id each path's `{id}` takes.
fn config(seeded: &Seeded, token: &str) -> String {
    let ids = [
        ("^/assets/", seeded.asset.as_str()),
        ("^/s/\\\\{token\\\\}/assets/", seeded.asset.as_str()),
        ("^/albums/", seeded.album.as_str()),
        ("^/links/", seeded.link.as_str()),
        ("^/uploads/", seeded.upload.as_str()),
    ];
    // The first matching entry gives an operation its parameters: the DELETEs' spares come first.
    let spares = [
        ("/assets/{id}", seeded.spare_asset.as_str()),
        ("/albums/{id}", seeded.spare_album.as_str()),
        ("/links/{id}", seeded.spare_link.as_str()),
    ];
    let mut toml = format!(
        "[auth.openapi.session]\napi_key = \"{token}\"\n\n\
         {STATUSES}\n\
         [parameters]\n\"path.token\" = \"{link}\"\n\"path.user\" = {bob}\n\n\
         [[operations]]\ninclude-path-regex = \"^/(invites|vault/invites)/\"\n\
         parameters = {{ \"path.token\" = \"{invite}\", \"path.id\" = \"{invite_id}\" }}\n\n\
         [[operations]]\ninclude-path = \"/users/{{id}}\"\nparameters = {{ \"path.id\" = {bob} }}\n",
        link = seeded.link_token,
        bob = seeded.bob,
        invite = seeded.invite_token,
        invite_id = seeded.invite,
    );
    for (path, id) in spares {
        toml += &format!(
            "\n[[operations]]\ninclude-method = \"DELETE\"\ninclude-path = \"{path}\"\n\
             parameters = {{ \"path.id\" = \"{id}\" }}\n"
        );
    }
    for (path, id) in ids {
        toml += &format!(
            "\n[[operations]]\ninclude-path-regex = \"{path}\"\nparameters = {{ \"path.id\" = \"{id}\" }}\n"
        );
    }
    toml
}

#[tokio::test]
async fn schemathesis_finds_nothing_wrong() {
    let st = std::env::var_os("KEEPSAKE_SCHEMATHESIS").map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "KEEPSAKE_SCHEMATHESIS must name Schemathesis's `st`; `cargo xtask test` installs it and sets it"
        )
    });
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let seeded = seed(&s, &ann).await;
    let token = session_token(&s, "ann").await;
    let dir = s.data.join("schemathesis");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("schemathesis.toml"), config(&seeded, &token)).unwrap();
    let examples =
        std::env::var("KEEPSAKE_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| DEFAULT_EXAMPLES.into());
    let schema = s.url("/openapi.json");
    let origin = s.base.clone();
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new(st)
            .current_dir(&dir)
            .args(["--config-file", "schemathesis.toml", "--no-color", "run", &schema, "--origin", &origin])
            .args(["--checks", "all", "--max-examples", &examples, "--seed", "20261201"])
            // One worker: CPython 3.11 keeps the AST builder's recursion depth per interpreter, so two
            // threads describing Hypothesis's lambdas at once can fail the run with "AST constructor
            // recursion depth mismatch" (a race in Python, not a finding about the API).
            .args(["--phases", "examples,coverage,fuzzing", "--workers", "1"])
            .args(["--report", "junit", "--report-dir", "report"])
            .output()
            .expect("run Schemathesis")
    })
    .await
    .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    println!("{out}\n{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "Schemathesis found failures (above)");
    // "3477 generated, 3477 passed, 110 skipped": every case generated passed.
    let cases = out.lines().find(|l| l.contains(" generated, ")).expect("Schemathesis's summary");
    let counts: Vec<&str> =
        cases.split(',').map(|part| part.split_whitespace().next().unwrap_or("")).collect();
    assert!(counts.len() >= 2 && counts[0] == counts[1], "every case passed: {cases}");
    assert!(out.contains("Tested: "), "the operations were tested");
    s.stop().await;
}
