//! People: the faces the browser found on each photo, grouped into people, named by the family.
//! The browser sends boxes and descriptors; everything else is decided here.

use super::{IdPath, MAX_PAGE, openapi::empty, page_limit};
use crate::{
    AppState,
    auth::CurrentUser,
    db::{AssetRecord, FaceRecord, NewFaceRecord, PersonChange, PersonCheck, PersonRecord, Store},
    error::{ApiJson, AppError, AppResult, Path, Query},
    people::{DESCRIPTOR_LEN, is_descriptor},
    permissions::{Action, Principal, Resource, authorize, authorize_face_names, may_name_faces},
};
use aide::axum::{
    ApiRouter,
    routing::{delete_with, get_with, post_with, put_with},
};
use axum::{Json, extract::State, http::StatusCode};
use keepsake_api::{
    AssetFace, FaceBox, FaceName, FaceRef, MAX_FACES, Me, NewFaces, PendingFaces, PeopleSetting, Person,
    PersonCover, PersonMerge, PersonUpdate, paths,
};
use serde::Deserialize;

const MAX_NAME: usize = 200;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            "/assets/{id}/faces",
            get_with(faces, |op| op.summary("The faces on a photo and who they show, for whoever sees the photo"))
                .put_with(set_faces, |op| {
                    op.summary("Record the faces the browser found on a photo (replacing any before) and group them into people")
                }),
        )
        .api_route(
            "/assets/{id}/faces/{face}/name",
            put_with(name_face, |op| {
                op.summary("Name who a photo's face shows: the photo's owner, or the owner of the family vault it is in")
            }),
        )
        .api_route(paths::PEOPLE, get_with(list, |op| op.summary("The caller's people, most photographed first")))
        .api_route(
            "/people/{id}",
            get_with(one, |op| op.summary("One person")).patch_with(update, |op| op.summary("Name, hide or show a person")),
        )
        .api_route(
            "/people/{id}/merge",
            post_with(merge, |op| op.summary("Merge another person into this one: the same person, found twice")),
        )
        .api_route(
            "/people/{id}/cover",
            put_with(cover, |op| op.summary("Choose which of a person's faces their round picture shows")),
        )
        .api_route(
            "/people/{id}/faces/{asset}/{face}",
            delete_with(take_out, |op| {
                empty(op.summary("Not this person: the face joins someone else, or becomes a person of its own"), 204)
            }),
        )
        .api_route(
            paths::PEOPLE_PENDING,
            get_with(pending, |op| op.summary("The caller's photos whose faces the browser has still to look for")),
        )
        .api_route(
            paths::ME_PEOPLE,
            put_with(set_people, |op| {
                op.summary("Turn People on or off for oneself; off deletes every face, person and name of one's library")
            }),
        )
}

/// A box that lies on the photo. Each number's range is in the API document (400 when outside);
/// that the box also ends on the photo is a rule no schema states (422).
fn checked_box(b: FaceBox) -> AppResult<FaceBox> {
    if ![b.x, b.y, b.width, b.height].iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)) {
        return Err(AppError::BadRequest("a face's box is given in fractions of the photo, 0 to 1".into()));
    }
    if b.x + b.width > 1.001 || b.y + b.height > 1.001 {
        return Err(AppError::Unprocessable("face-off-photo", "a face's box must end on the photo".into()));
    }
    Ok(b)
}

fn checked_faces(new: NewFaces) -> AppResult<Vec<NewFaceRecord>> {
    if new.faces.len() > MAX_FACES {
        return Err(AppError::BadRequest(format!("at most {MAX_FACES} faces a photo")));
    }
    new.faces
        .into_iter()
        .map(|face| {
            if !face.quality.is_finite() || !(0.0..=1.0).contains(&face.quality) {
                return Err(AppError::BadRequest("a face's quality is between 0 and 1".into()));
            }
            if face.descriptor.len() != DESCRIPTOR_LEN {
                return Err(AppError::BadRequest(format!("a face's descriptor is {DESCRIPTOR_LEN} numbers")));
            }
            if !is_descriptor(&face.descriptor) {
                return Err(AppError::Unprocessable(
                    "not-a-face",
                    "these numbers are not a face descriptor".into(),
                ));
            }
            Ok(NewFaceRecord {
                bounds: checked_box(face.bounds)?,
                quality: face.quality,
                descriptor: face.descriptor,
            })
        })
        .collect()
}

/// Faces as the caller sees them: boxes and people, never descriptors. Blocking.
fn shown(
    store: &Store,
    principal: Principal,
    asset: &AssetRecord,
    faces: Vec<FaceRecord>,
) -> AppResult<Vec<AssetFace>> {
    let can_name = may_name_faces(store, principal, asset)?;
    faces
        .into_iter()
        .map(|face| {
            let name = store.person(&face.person)?.and_then(|p| p.name);
            Ok(AssetFace { bounds: face.bounds, person: face.person, name, can_name })
        })
        .collect()
}

/// A name as given: at most [`MAX_NAME`] characters, spaces squeezed; empty takes the name away.
fn checked_name(name: &str) -> AppResult<Option<String>> {
    if name.chars().count() > MAX_NAME {
        return Err(AppError::BadRequest(format!("names are at most {MAX_NAME} characters")));
    }
    Ok(Some(keepsake_api::squeeze_spaces(name)).filter(|n| !n.is_empty()))
}

/// The caller's own live asset, checked for `action`. Blocking.
fn owned_asset(principal: Principal, action: Action) -> impl Fn(&crate::db::AssetRecord) -> AppResult<()> {
    move |asset| {
        authorize(principal, action, Resource::Asset(asset))?;
        if asset.trashed_at.is_some() { Err(AppError::NotFound) } else { Ok(()) }
    }
}

/// Whoever sees the photo (its owner, the family in its vault, an album's members) sees who is on
/// it; never a link's visitor, and never the descriptors.
async fn faces(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<Json<Vec<AssetFace>>> {
    let principal = user.principal();
    let faces = state
        .store
        .run(move |store| {
            let (asset, _) = super::assets::shown_asset(store, principal, &id, Action::Read)?;
            shown(store, principal, &asset, store.faces(&id)?)
        })
        .await?;
    Ok(Json(faces))
}

/// `/assets/{id}/faces/{face}/name`.
#[derive(Deserialize, schemars::JsonSchema)]
struct FacePath {
    id: String,
    face: u32,
}

/// Names the person on a photo from the photo, the way the family in the vault sees them: the
/// person may be in another member's library, which the caller cannot otherwise reach.
async fn name_face(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(FacePath { id, face }): Path<FacePath>,
    ApiJson(given): ApiJson<FaceName>,
) -> AppResult<Json<Vec<AssetFace>>> {
    let name = checked_name(&given.name)?;
    let principal = user.principal();
    let faces = state
        .store
        .run(move |store| {
            let (asset, _) = super::assets::shown_asset(store, principal, &id, Action::Read)?;
            authorize_face_names(store, principal, &asset)?;
            let person = store.name_face(&id, face, name)?;
            tracing::info!(asset.id = %id, person.id = %person.id, person.owner = person.owner, "face named");
            shown(store, principal, &asset, store.faces(&id)?)
        })
        .await?;
    Ok(Json(faces))
}

async fn set_faces(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(new): ApiJson<NewFaces>,
) -> AppResult<Json<Vec<AssetFace>>> {
    let faces = checked_faces(new)?;
    let principal = user.principal();
    let check = owned_asset(principal, Action::Write);
    let shown = state
        .store
        .run(move |store| {
            let faces = store.set_faces(&id, faces, &check)?;
            let asset = store.asset(&id)?.ok_or(AppError::NotFound)?;
            shown(store, principal, &asset, faces)
        })
        .await?;
    Ok(Json(shown))
}

/// A person as the list shows them. Blocking.
fn to_person(store: &Store, person: PersonRecord, photos: u64) -> AppResult<Person> {
    let cover = match &person.cover {
        Some((asset, index, _)) => store
            .faces(asset)?
            .get(*index as usize)
            .map(|face| PersonCover { asset: asset.clone(), bounds: face.bounds }),
        None => None,
    };
    Ok(Person {
        id: person.id,
        name: person.name,
        hidden: person.hidden,
        faces: person.centroid.faces,
        photos,
        cover,
    })
}

async fn list(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Person>>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let owner = user.0.id;
    let people = state
        .store
        .run(move |store| {
            let mut people = store.people(owner)?;
            // Most photographed first; then by id, the order they were found in.
            people.sort_by(|(a, na), (b, nb)| nb.cmp(na).then_with(|| a.id.cmp(&b.id)));
            people
                .into_iter()
                .map(|(person, photos)| to_person(store, person, photos))
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    Ok(Json(people))
}

/// The person, if the caller may `action` them. Blocking.
fn person_for(
    store: &Store,
    principal: Principal,
    id: &str,
    action: Action,
) -> AppResult<(PersonRecord, u64)> {
    let (person, photos) = store.person_with_photos(id)?.ok_or(AppError::NotFound)?;
    authorize(principal, action, Resource::Person(&person))?;
    Ok((person, photos))
}

async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<Json<Person>> {
    let principal = user.principal();
    let person = state
        .store
        .run(move |store| {
            let (person, photos) = person_for(store, principal, &id, Action::Read)?;
            to_person(store, person, photos)
        })
        .await?;
    Ok(Json(person))
}

async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(update): ApiJson<PersonUpdate>,
) -> AppResult<Json<Person>> {
    let name = update.name.as_deref().map(checked_name).transpose()?;
    let change = PersonChange { name, hidden: update.hidden };
    changed(&state, &user, move |store, check| store.update_person(&id, change, check)).await
}

async fn merge(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(merge): ApiJson<PersonMerge>,
) -> AppResult<Json<Person>> {
    changed(&state, &user, move |store, check| store.merge_people(&id, &merge.from, check)).await
}

/// Makes a change to people the caller may change (each passes the check), and answers with the
/// person as it stands after it.
async fn changed(
    state: &AppState,
    user: &CurrentUser,
    change: impl FnOnce(&Store, PersonCheck<'_>) -> AppResult<PersonRecord> + Send + 'static,
) -> AppResult<Json<Person>> {
    let principal = user.principal();
    let person = state
        .store
        .run(move |store| {
            let check = |p: &PersonRecord| authorize(principal, Action::Write, Resource::Person(p));
            let person = change(store, &check)?;
            let (person, photos) = person_for(store, principal, &person.id, Action::Read)?;
            to_person(store, person, photos)
        })
        .await?;
    Ok(Json(person))
}

async fn cover(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(face): ApiJson<FaceRef>,
) -> AppResult<Json<Person>> {
    changed(&state, &user, move |store, check| store.set_cover(&id, &face.asset, face.face, check)).await
}

/// `/people/{id}/faces/{asset}/{face}`.
#[derive(Deserialize, schemars::JsonSchema)]
struct PersonFacePath {
    id: String,
    asset: String,
    face: u32,
}

async fn take_out(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(PersonFacePath { id, asset, face }): Path<PersonFacePath>,
) -> AppResult<StatusCode> {
    let principal = user.principal();
    state
        .store
        .run(move |store| {
            let check = |p: &PersonRecord| authorize(principal, Action::Write, Resource::Person(p));
            store.take_face_out(&id, &asset, face, &check)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, schemars::JsonSchema)]
struct PendingQuery {
    #[schemars(range(min = 1, max = MAX_PAGE))]
    limit: Option<usize>,
}

async fn pending(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<PendingQuery>,
) -> AppResult<Json<PendingFaces>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let limit = page_limit(q.limit, 20)?;
    let owner = user.0.id;
    if !user.0.people {
        return Ok(Json(PendingFaces { assets: Vec::new(), remaining: 0 }));
    }
    let (assets, remaining) = state.store.run(move |store| store.photos_without_faces(owner, limit)).await?;
    Ok(Json(PendingFaces { assets, remaining }))
}

async fn set_people(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(setting): ApiJson<PeopleSetting>,
) -> AppResult<Json<Me>> {
    authorize(user.principal(), Action::Write, Resource::OwnLibrary)?;
    let id = user.0.id;
    let (updated, used) = state
        .store
        .run(move |store| Ok((store.set_people(id, setting.enabled)?, store.storage_used(id)?)))
        .await?;
    state.sessions.forget_user(id);
    tracing::info!(user.id = id, people = setting.enabled, "people setting changed");
    Ok(Json(super::accounts::me_of(&updated, used)))
}
