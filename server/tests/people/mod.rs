//! People: faces recorded per photo, grouped into people, named, searched, merged, and private.

use super::*;

/// A descriptor near `identity`'s point: the identities' points lie a distance of 1 or more apart,
/// and `jitter` (0–9) moves a face up to 0.27 off its point — like one person's faces in real photos.
fn descriptor(identity: usize, jitter: usize) -> Vec<f32> {
    (0..128)
        .map(|i| {
            let base = if i == identity * 4 { 0.75 } else { 0.0 };
            let offset = if i == 127 - jitter { 0.03 * jitter as f32 } else { 0.0 };
            base + offset
        })
        .collect()
}

fn face(identity: usize, jitter: usize, x: f32) -> Value {
    json!({"box": {"x": x, "y": 0.2, "width": 0.2, "height": 0.25}, "quality": 0.5 + 0.05 * jitter as f32, "descriptor": descriptor(identity, jitter)})
}

async fn put_faces(s: &Server, c: &Client, asset: &str, faces: Vec<Value>) -> reqwest::Response {
    c.put(s.url(&format!("/assets/{asset}/faces"))).json(&json!({ "faces": faces })).send().await.unwrap()
}

async fn people(s: &Server, c: &Client) -> Vec<Value> {
    get_json(c, s.url("/people")).await.as_array().unwrap().clone()
}

#[tokio::test]
async fn faces_become_people_who_are_named_found_and_merged() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let a = four_photos(&s, &ann).await;
    // Grandma on three photos, Tom on two (one of them with Grandma).
    for (asset, faces) in [
        (&a[0], vec![face(0, 0, 0.1)]),
        (&a[1], vec![face(0, 5, 0.1)]),
        (&a[2], vec![face(1, 2, 0.5)]),
        (&a[3], vec![face(1, 7, 0.1), face(0, 9, 0.6)]),
    ] {
        let r = put_faces(&s, &ann, &asset.id, faces).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let list = people(&s, &ann).await;
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!((list[0]["photos"].as_u64(), list[0]["faces"].as_u64()), (Some(3), Some(3)));
    assert_eq!(list[1]["photos"].as_u64(), Some(2));
    let (grandma, tom) =
        (list[0]["id"].as_str().unwrap().to_string(), list[1]["id"].as_str().unwrap().to_string());
    // The cover is the best face.
    assert_eq!(list[0]["cover"]["asset"], json!(a[3].id));
    // Faces on a photo say who they show; the descriptors stay on the server.
    let faces = get_json(&ann, s.url(&format!("/assets/{}/faces", a[3].id))).await;
    assert_eq!(faces[1]["person"], json!(grandma));
    assert!(faces[0].get("descriptor").is_none());

    // A name is a search word of each of the person's photos.
    let r = ann
        .patch(s.url(&format!("/people/{grandma}")))
        .json(&json!({"name": "  Grandma  Rose "}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["name"], "Grandma Rose");
    let mut found_names = found(&s, &ann, "q=grandma").await;
    found_names.sort();
    let mut expected: Vec<String> = [0, 1, 3].iter().map(|&i| a[i].filename.clone()).collect();
    expected.sort();
    assert_eq!(found_names, expected);
    let faces = get_json(&ann, s.url(&format!("/assets/{}/faces", a[0].id))).await;
    assert_eq!(faces[0]["name"], "Grandma Rose");

    // Found twice by mistake: merged, the name stays, both photos' faces are one person's.
    let r = post_json(&ann, s.url(&format!("/people/{grandma}/merge")), json!({"from": tom})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let list = people(&s, &ann).await;
    assert_eq!(list.len(), 1);
    assert_eq!((list[0]["photos"].as_u64(), list[0]["faces"].as_u64()), (Some(4), Some(5)));
    assert_eq!(found(&s, &ann, "q=rose").await.len(), 4);
    assert_eq!(
        ann.get(s.url(&format!("/people/{tom}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // Faces recorded again replace the old; a photo deleted for good takes its faces along.
    assert_eq!(put_faces(&s, &ann, &a[0].id, vec![]).await.status(), StatusCode::OK);
    assert_eq!(people(&s, &ann).await[0]["photos"].as_u64(), Some(3));
    assert_eq!(edit(&s, &ann, &[&a[1].id], json!({"op": "trash"})).await.status(), StatusCode::OK);
    assert_eq!(edit(&s, &ann, &[&a[1].id], json!({"op": "purge"})).await.status(), StatusCode::OK);
    assert_eq!(people(&s, &ann).await[0]["photos"].as_u64(), Some(2));
    assert_eq!(found(&s, &ann, "q=rose").await.len(), 2);
    s.stop().await;
}

#[tokio::test]
async fn nobody_sees_or_changes_another_librarys_people() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bob = s.user("bob").await;
    let a = four_photos(&s, &ann).await;
    assert_eq!(put_faces(&s, &ann, &a[0].id, vec![face(0, 0, 0.1)]).await.status(), StatusCode::OK);
    let grandma = people(&s, &ann).await[0]["id"].as_str().unwrap().to_string();
    let b = upload(&s, &bob, "mine.jpg", &corpus("et_GoPro.jpg")).await;
    assert_eq!(put_faces(&s, &bob, &b.id, vec![face(0, 1, 0.1)]).await.status(), StatusCode::OK);
    let bobs = people(&s, &bob).await;
    assert_eq!(bobs.len(), 1, "the same face in another library is another library's person");
    let bobs = bobs[0]["id"].as_str().unwrap().to_string();
    assert_ne!(bobs, grandma);

    for r in [
        bob.get(s.url(&format!("/people/{grandma}"))).send().await.unwrap(),
        bob.patch(s.url(&format!("/people/{grandma}"))).json(&json!({"name": "x"})).send().await.unwrap(),
        post_json(&bob, s.url(&format!("/people/{bobs}/merge")), json!({"from": grandma})).await,
        post_json(&bob, s.url(&format!("/people/{grandma}/merge")), json!({"from": bobs})).await,
        bob.get(s.url(&format!("/assets/{}/faces", a[0].id))).send().await.unwrap(),
        put_faces(&s, &bob, &a[0].id, vec![face(3, 0, 0.1)]).await,
    ] {
        assert_eq!(error_code(r).await.0, StatusCode::NOT_FOUND);
    }
    assert_eq!(people(&s, &ann).await[0]["name"], Value::Null);
    assert_eq!(found(&s, &bob, "q=x").await.len(), 0);
    let anonymous = client_builder().build().unwrap();
    assert_eq!(anonymous.get(s.url("/people")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    s.stop().await;
}

#[tokio::test]
async fn faces_that_cannot_be_faces_are_refused_whole() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let a = upload(&s, &ann, "a.jpg", &corpus("et_GoPro.jpg")).await;
    let mut short = face(0, 0, 0.1);
    short["descriptor"] = json!(vec![0.1; 127]);
    let mut huge = face(0, 0, 0.1);
    huge["descriptor"] = json!(vec![1e9; 128]);
    let mut outside = face(0, 0, 0.1);
    outside["box"]["x"] = json!(0.95);
    let mut quality = face(0, 0, 0.1);
    quality["quality"] = json!(2.0);
    let mut negative = face(0, 0, 0.1);
    negative["box"]["y"] = json!(-0.1);
    // What the API document states is a 400; what it cannot state, a 422 with its reason.
    for (bad, status, code) in [
        (vec![short], StatusCode::BAD_REQUEST, "bad-request"),
        (vec![quality], StatusCode::BAD_REQUEST, "bad-request"),
        (vec![negative], StatusCode::BAD_REQUEST, "bad-request"),
        (vec![face(0, 0, 0.1); 65], StatusCode::BAD_REQUEST, "bad-request"),
        (vec![huge], StatusCode::UNPROCESSABLE_ENTITY, "not-a-face"),
        (vec![face(0, 0, 0.1), outside], StatusCode::UNPROCESSABLE_ENTITY, "face-off-photo"),
    ] {
        let r = put_faces(&s, &ann, &a.id, bad).await;
        assert_eq!(error_code(r).await, (status, code.to_string()));
    }
    let r = ann
        .put(s.url(&format!("/assets/{}/faces", a.id)))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await.0, StatusCode::BAD_REQUEST);
    assert!(people(&s, &ann).await.is_empty(), "nothing of a refused request was kept");
    s.stop().await;
}

#[tokio::test]
async fn faces_are_looked_for_once_taken_out_chosen_and_all_forgotten_when_turned_off() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let a = four_photos(&s, &ann).await;
    let pending = get_json(&ann, s.url("/people/pending?limit=3")).await;
    assert_eq!((pending["assets"].as_array().unwrap().len(), pending["remaining"].as_u64()), (3, Some(4)));
    // A photo with nobody on it has been looked at too.
    assert_eq!(put_faces(&s, &ann, &a[0].id, vec![]).await.status(), StatusCode::OK);
    assert_eq!(put_faces(&s, &ann, &a[1].id, vec![face(0, 0, 0.1)]).await.status(), StatusCode::OK);
    assert_eq!(put_faces(&s, &ann, &a[2].id, vec![face(0, 3, 0.1)]).await.status(), StatusCode::OK);
    assert_eq!(put_faces(&s, &ann, &a[3].id, vec![face(0, 6, 0.1)]).await.status(), StatusCode::OK);
    let pending = get_json(&ann, s.url("/people/pending")).await;
    assert_eq!(pending, json!({"assets": [], "remaining": 0}));
    let list = people(&s, &ann).await;
    assert_eq!(list.len(), 1);
    let grandma = list[0]["id"].as_str().unwrap().to_string();
    name_person(&s, &ann, &grandma, "Grandma").await;

    // "Not Grandma": the face leaves her, becomes someone of its own, and her photos are two.
    let r = ann.delete(s.url(&format!("/people/{grandma}/faces/{}/0", a[3].id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let list = people(&s, &ann).await;
    assert_eq!(list.len(), 2, "{list:?}");
    let her = list.iter().find(|p| p["id"] == json!(grandma)).unwrap();
    assert_eq!(her["photos"].as_u64(), Some(2));
    assert_eq!(found(&s, &ann, "q=grandma").await.len(), 2);
    let other = get_json(&ann, s.url(&format!("/assets/{}/faces", a[3].id))).await;
    assert_ne!(other[0]["person"], json!(grandma));
    // Found again in the same place (the pass run a second time), it still does not join her.
    assert_eq!(put_faces(&s, &ann, &a[3].id, vec![face(0, 6, 0.1)]).await.status(), StatusCode::OK);
    let again = get_json(&ann, s.url(&format!("/assets/{}/faces", a[3].id))).await;
    assert_ne!(again[0]["person"], json!(grandma));
    assert_eq!(people(&s, &ann).await.len(), 2);
    // A face that is not hers cannot be taken out of her, nor become her cover.
    let r = ann.delete(s.url(&format!("/people/{grandma}/faces/{}/0", a[3].id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = ann
        .put(s.url(&format!("/people/{grandma}/cover")))
        .json(&json!({"asset": a[3].id, "face": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Her cover is the one chosen, not the best.
    let r = ann
        .put(s.url(&format!("/people/{grandma}/cover")))
        .json(&json!({"asset": a[1].id, "face": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["cover"]["asset"], json!(a[1].id));

    // Turned off: nothing of People is left, the name no longer finds her photos, and no face is
    // recorded until it is on again.
    let r = ann.put(s.url("/me/people")).json(&json!({"enabled": false})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["people"], json!(false));
    assert!(people(&s, &ann).await.is_empty());
    assert!(found(&s, &ann, "q=grandma").await.is_empty());
    assert_eq!(get_json(&ann, s.url(&format!("/assets/{}/faces", a[1].id))).await, json!([]));
    assert_eq!(put_faces(&s, &ann, &a[1].id, vec![face(0, 0, 0.1)]).await.status(), StatusCode::CONFLICT);
    assert_eq!(get_json(&ann, s.url("/people/pending")).await["remaining"], json!(0));
    let r = ann.put(s.url("/me/people")).json(&json!({"enabled": true})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(get_json(&ann, s.url("/people/pending")).await["remaining"], json!(4));
}

#[tokio::test]
async fn a_face_told_apart_from_someone_stays_apart_once_they_are_merged() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let a = four_photos(&s, &ann).await;
    for (photo, identity, jitter) in [(0, 0, 0), (1, 0, 3), (2, 0, 6), (3, 1, 0)] {
        let r = put_faces(&s, &ann, &a[photo].id, vec![face(identity, jitter, 0.1)]).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let person_on = |photo: usize| {
        let (s, ann, id) = (&s, &ann, a[photo].id.clone());
        async move { get_json(ann, s.url(&format!("/assets/{id}/faces"))).await[0]["person"].clone() }
    };
    let (grandma, tom) = (person_on(0).await, person_on(3).await);
    // "Not Grandma" for the third photo's face: it starts someone of its own.
    let r = ann
        .delete(s.url(&format!("/people/{}/faces/{}/0", grandma.as_str().unwrap(), a[2].id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let apart = person_on(2).await;
    assert_ne!(apart, grandma);
    assert_ne!(apart, tom);
    // Grandma merged into Tom: Tom is now who Grandma was, so the face is not Tom either, even found
    // again by the next pass (where Tom's faces are now nearest to it).
    let r =
        post_json(&ann, s.url(&format!("/people/{}/merge", tom.as_str().unwrap())), json!({"from": grandma}))
            .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(put_faces(&s, &ann, &a[2].id, vec![face(0, 6, 0.1)]).await.status(), StatusCode::OK);
    assert_eq!(person_on(0).await, tom);
    assert_ne!(person_on(2).await, tom);
    assert_eq!(people(&s, &ann).await.len(), 2);
}

#[tokio::test]
async fn the_admin_decides_whether_people_starts_on() {
    let s = Server::start().await;
    let admin = s.user("admin").await;
    assert_eq!(get_json(&admin, s.url("/me")).await["people"], json!(true));
    assert_eq!(get_json(&admin, s.url("/settings")).await["people_default"], json!(true));
    let r = admin
        .put(s.url("/settings"))
        .json(&json!({"open_signup": true, "people_default": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["people_default"], json!(false));
    let bob = s.user("bob").await;
    assert_eq!(get_json(&bob, s.url("/me")).await["people"], json!(false));
    // Left out of a change, the default stays.
    admin.put(s.url("/settings")).json(&json!({"open_signup": false})).send().await.unwrap();
    assert_eq!(get_json(&admin, s.url("/settings")).await["people_default"], json!(false));
    assert_eq!(get_json(&admin, s.url("/me")).await["people"], json!(true));
}

async fn name_person(s: &Server, c: &Client, person: &str, name: &str) {
    let r = c.patch(s.url(&format!("/people/{person}"))).json(&json!({ "name": name })).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_family_in_a_vault_sees_who_is_in_its_photos_and_nothing_more() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let bob = s.user("bob").await;
    let eve = s.user("eve").await;
    let a = four_photos(&s, &ann).await;
    assert_eq!(put_faces(&s, &ann, &a[0].id, vec![face(0, 0, 0.1)]).await.status(), StatusCode::OK);
    assert_eq!(put_faces(&s, &ann, &a[1].id, vec![face(1, 0, 0.1)]).await.status(), StatusCode::OK);
    let grandma = people(&s, &ann).await.into_iter().find(|p| p["cover"]["asset"] == json!(a[0].id)).unwrap();
    name_person(&s, &ann, grandma["id"].as_str().unwrap(), "Grandma").await;
    assert_eq!(
        post_json(&ann, s.url("/vault"), json!({"name": "Family"})).await.status(),
        StatusCode::CREATED
    );
    let invite: Value = post_json(&ann, s.url("/vault/invites"), json!({"days": 7, "max_uses": 1}))
        .await
        .json()
        .await
        .unwrap();
    let token = invite["token"].as_str().unwrap();
    assert!(bob.post(s.url(&format!("/invites/{token}/join"))).send().await.unwrap().status().is_success());
    assert!(post_json(&ann, s.url("/vault/assets"), json!({"ids": [a[0].id]})).await.status().is_success());

    // Bob sees Grandma on the vault's photo, by her name, without any descriptor.
    let seen = get_json(&bob, s.url(&format!("/assets/{}/faces", a[0].id))).await;
    assert_eq!(seen[0]["name"], "Grandma");
    assert!(seen[0].get("descriptor").is_none());
    // Not on Ann's photos outside the vault; Eve sees none of it; nobody but Ann changes her people.
    let r = bob.get(s.url(&format!("/assets/{}/faces", a[1].id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = eve.get(s.url(&format!("/assets/{}/faces", a[0].id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(put_faces(&s, &bob, &a[0].id, vec![]).await.status(), StatusCode::NOT_FOUND);
    let r = bob
        .patch(s.url(&format!("/people/{}", grandma["id"].as_str().unwrap())))
        .json(&json!({"name": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Bob's photo in the vault: Ann, the vault's owner, may name who is on it (Bob's person, in
    // Bob's library), and his search finds them by that name; Bob may not name those on hers.
    let b = four_photos(&s, &bob).await;
    assert_eq!(put_faces(&s, &bob, &b[0].id, vec![face(2, 0, 0.1)]).await.status(), StatusCode::OK);
    assert_eq!(put_faces(&s, &bob, &b[1].id, vec![face(2, 1, 0.1)]).await.status(), StatusCode::OK);
    assert!(post_json(&bob, s.url("/vault/assets"), json!({"ids": [b[0].id]})).await.status().is_success());
    let on_bobs = get_json(&ann, s.url(&format!("/assets/{}/faces", b[0].id))).await;
    assert_eq!(on_bobs[0]["can_name"], true);
    assert_eq!(get_json(&bob, s.url(&format!("/assets/{}/faces", a[0].id))).await[0]["can_name"], false);
    assert_eq!(get_json(&ann, s.url(&format!("/assets/{}/faces", a[0].id))).await[0]["can_name"], true);
    let name = |who: &Client, asset: &str, name: &str| {
        who.put(s.url(&format!("/assets/{asset}/faces/0/name"))).json(&json!({ "name": name })).send()
    };
    let named = name(&ann, &b[0].id, "  Uncle   Joe ").await.unwrap();
    assert_eq!(named.status(), StatusCode::OK);
    let named: Value = named.json().await.unwrap();
    assert_eq!(named[0]["name"], "Uncle Joe");
    let bobs_people = people(&s, &bob).await;
    assert_eq!(bobs_people.len(), 1);
    assert_eq!(bobs_people[0]["name"], "Uncle Joe");
    assert_eq!(people(&s, &ann).await.iter().filter(|p| p["name"] == "Uncle Joe").count(), 0);
    let found = get_json(&bob, s.url("/search?q=uncle")).await;
    assert_eq!(found["items"].as_array().map(Vec::len), Some(2), "{found}");
    assert_eq!(name(&bob, &a[0].id, "X").await.unwrap().status(), StatusCode::FORBIDDEN);
    // Not Bob's photos outside the vault, not a face that is not there, not for Eve.
    assert_eq!(name(&ann, &b[1].id, "X").await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(
        ann.put(s.url(&format!("/assets/{}/faces/7/name", b[0].id)))
            .json(&json!({"name": "X"}))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(name(&eve, &b[0].id, "X").await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(get_json(&bob, s.url(&format!("/assets/{}/faces", b[0].id))).await[0]["name"], "Uncle Joe");
}

#[tokio::test]
async fn a_person_found_twice_is_merged_by_the_hourly_look_again() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let owner = get_json(&ann, s.url("/me")).await["id"].as_u64().unwrap();
    let a = four_photos(&s, &ann).await;
    // One face, seen first from the front and then from the side: the side starts a second person,
    // whom the later, in-between faces join, until the two means are nearer than any two people's.
    let along = |offset: f32| {
        let mut d = descriptor(0, 0);
        d[1] += offset;
        json!({"box": {"x": 0.1, "y": 0.2, "width": 0.2, "height": 0.25}, "quality": 0.6, "descriptor": d})
    };
    for (photo, offset) in a.iter().zip([0.0, 0.65, 0.4, 0.3]) {
        assert_eq!(put_faces(&s, &ann, &photo.id, vec![along(offset)]).await.status(), StatusCode::OK);
    }
    let found = people(&s, &ann).await;
    assert_eq!(found.len(), 2);
    let side = found.iter().find(|p| p["photos"] == 3).unwrap()["id"].as_str().unwrap().to_string();
    name_person(&s, &ann, &side, "Grandma").await;

    let store = &s.state.as_ref().unwrap().store;
    assert_eq!(store.regroup_people(owner).unwrap(), 1);
    let found = people(&s, &ann).await;
    assert_eq!(found.len(), 1);
    assert_eq!((found[0]["id"].as_str(), found[0]["name"].as_str()), (Some(side.as_str()), Some("Grandma")));
    assert_eq!(found[0]["photos"], 4);
    let searched = get_json(&ann, s.url("/search?q=grandma")).await;
    assert_eq!(searched["items"].as_array().map(Vec::len), Some(4), "{searched}");
    // Nothing more to merge, and looking again changes nothing.
    assert_eq!(store.regroup_people(owner).unwrap(), 0);
    assert_eq!(store.owners_with_people().unwrap(), [owner]);
}
