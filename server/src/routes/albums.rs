//! Albums: a named, ordered set of photos, shared with people as viewers or contributors. Deleting one
//! leaves the photos alone.

use super::{
    IdPath,
    openapi::{self, empty},
};
use crate::{
    AppState,
    auth::CurrentUser,
    db::{AlbumRecord, AssetRecord},
    error::{ApiJson, AppError, AppResult, Path, Query},
    permissions::{Action, Principal, Resource, authorize},
    routes::{
        PageQuery,
        assets::{BATCH_BODY_LIMIT, Names, bounded, chosen, rfc3339},
        downloads::{ZipCaller, zip_response},
        page_limit,
    },
};
use aide::axum::{
    ApiRouter,
    routing::{delete_with, get_with, post_with},
};
use axum::{
    Json,
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
    response::Response,
};
use keepsake_api::{
    Album, AlbumMember, AlbumMove, AlbumShare, AlbumUpdate, AssetIds, EditResult, NewAlbum, SearchPage, paths,
};

const MAX_NAME: usize = 200;
const MAX_DESCRIPTION: usize = 5000;

pub fn routes() -> ApiRouter<AppState> {
    let batch = || DefaultBodyLimit::max(BATCH_BODY_LIMIT);
    ApiRouter::new()
        .api_route(
            paths::ALBUMS,
            get_with(list, |op| op.summary("The caller's albums with cover, count and dates"))
                .post_with(create, |op| {
                    op.summary("Create an album, optionally with photos").response::<201, Json<Album>>()
                })
                .layer(batch()),
        )
        .api_route(
            "/albums/{id}",
            get_with(one, |op| op.summary("One album"))
                .patch_with(update, |op| op.summary("Rename, describe, choose the cover, sort by date"))
                .delete_with(remove_album, |op| empty(op.summary("Delete the album (the photos stay)"), 204)),
        )
        .api_route(
            "/albums/{id}/assets",
            get_with(assets, |op| op.summary("The album's photos in its order"))
                .layer(super::compressed_json())
                .post_with(add, |op| op.summary("Add photos"))
                .layer(batch()),
        )
        .api_route(
            "/albums/{id}/remove",
            post_with(remove, |op| op.summary("Remove photos from the album (they stay in the library)"))
                .layer(batch()),
        )
        .api_route(
            "/albums/{id}/move",
            post_with(move_asset, |op| {
                empty(op.summary("Move one photo before another, or to the end"), 204)
            }),
        )
        .api_route(
            "/albums/{id}/download",
            get_with(download, |op| {
                openapi::file(op.summary("The album's originals as one streamed ZIP"), "application/zip")
            }),
        )
        .api_route(
            "/albums/{id}/members",
            post_with(share_with, |op| {
                op.summary("Share the album with a person as viewer or contributor, or change their role")
            }),
        )
        .api_route(
            "/albums/{id}/members/{user}",
            delete_with(unshare, |op| {
                empty(
                    op.summary(
                        "End a person's access (owner), or leave (the person); their photos leave the album",
                    ),
                    204,
                )
            }),
        )
        .api_route(
            paths::SHARED_WITH_ME,
            get_with(shared_with_me, |op| op.summary("Albums other people shared with the caller")),
        )
}

/// A name as given is at most [`MAX_NAME`] characters (the bound the API document states), and
/// keeps something once its spaces are squeezed.
pub fn clean_name(name: &str) -> AppResult<String> {
    if name.chars().count() > MAX_NAME {
        return Err(AppError::BadRequest(format!("album names are at most {MAX_NAME} characters")));
    }
    let name: String = keepsake_api::squeeze_spaces(name);
    if name.is_empty() {
        return Err(AppError::BadRequest("an album needs a name".into()));
    }
    Ok(name)
}

fn clean_description(text: &str) -> AppResult<String> {
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(AppError::BadRequest(format!("descriptions are at most {MAX_DESCRIPTION} characters")));
    }
    Ok(text.trim().to_string())
}

fn day(sort_key: i64) -> Option<String> {
    rfc3339(sort_key).get(..10).map(str::to_string)
}

/// An album as `viewer` sees it: the owner also sees who it is shared with.
pub async fn to_album(state: &AppState, record: AlbumRecord, viewer: u64) -> AppResult<Album> {
    state
        .store
        .run(move |store| {
            let (count, span) = store.album_summary(&record)?;
            let cover = match &record.cover {
                Some(cover) => Some(cover.clone()),
                None => store.album_page(&record, 0, 1)?.0.first().map(|a| a.id.clone()),
            };
            let mut names = Names::new(store, viewer);
            let members = if record.owner == viewer {
                let mut members = Vec::with_capacity(record.members.len());
                for m in &record.members {
                    members.push(AlbumMember {
                        user_id: m.user,
                        username: names.name(m.user)?,
                        role: m.role,
                    });
                }
                members
            } else {
                Vec::new()
            };
            Ok(Album {
                owner: names.name(record.owner)?,
                role: record.role_of(viewer),
                members,
                id: record.id,
                name: record.name,
                description: record.description,
                cover,
                count,
                first_date: span.and_then(|s| day(s.0)),
                last_date: span.and_then(|s| day(s.1)),
                updated_at: rfc3339(record.updated_at),
            })
        })
        .await
}

async fn load(state: &AppState, user: &CurrentUser, id: String, action: Action) -> AppResult<AlbumRecord> {
    let album = state.store.run(move |store| store.album(&id)).await?.ok_or(AppError::NotFound)?;
    authorize(user.principal(), action, Resource::Album(&album))?;
    Ok(album)
}

async fn to_albums(state: &AppState, records: Vec<AlbumRecord>, viewer: u64) -> AppResult<Vec<Album>> {
    let mut albums = Vec::with_capacity(records.len());
    for record in records {
        albums.push(to_album(state, record, viewer).await?);
    }
    albums.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| a.name.cmp(&b.name)));
    Ok(albums)
}

/// Only one's own photos go into an album (or a vault): sharing never copies someone else's.
pub fn own_asset(principal: Principal) -> impl Fn(&AssetRecord) -> AppResult<()> {
    move |a| authorize(principal, Action::Write, Resource::Asset(a))
}

async fn list(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Album>>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let owner = user.0.id;
    let records = state.store.run(move |store| store.albums_of(owner)).await?;
    Ok(Json(to_albums(&state, records, owner).await?))
}

async fn shared_with_me(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Album>>> {
    let viewer = user.0.id;
    let principal = user.principal();
    let records = state.store.run(move |store| store.albums_shared_with(viewer)).await?;
    let readable = records
        .into_iter()
        .filter(|a| authorize(principal, Action::Read, Resource::Album(a)).is_ok())
        .collect();
    Ok(Json(to_albums(&state, readable, viewer).await?))
}

async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<NewAlbum>,
) -> AppResult<(StatusCode, Json<Album>)> {
    authorize(user.principal(), Action::Write, Resource::OwnLibrary)?;
    bounded(&request.asset_ids)?;
    let now = state.clock.now();
    let record = AlbumRecord {
        id: crate::auth::random_hex(16),
        owner: user.0.id,
        name: clean_name(&request.name)?,
        description: clean_description(&request.description)?,
        cover: None,
        assets: request.asset_ids,
        created_at: now,
        updated_at: now,
        members: Vec::new(),
    };
    let principal = user.principal();
    let saved = record.clone();
    state.store.run(move |store| store.create_album(&saved, &own_asset(principal))).await?;
    let id = record.id;
    let album = load(&state, &user, id, Action::Read).await?;
    Ok((StatusCode::CREATED, Json(to_album(&state, album, user.0.id).await?)))
}

async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<Json<Album>> {
    let album = load(&state, &user, id, Action::Read).await?;
    Ok(Json(to_album(&state, album, user.0.id).await?))
}

async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(update): ApiJson<AlbumUpdate>,
) -> AppResult<Json<Album>> {
    let album = load(&state, &user, id, Action::Write).await?;
    let name = update.name.as_deref().map(clean_name).transpose()?;
    let description = update.description.as_deref().map(clean_description).transpose()?;
    let now = state.clock.now();
    let id = album.id.clone();
    let record = state
        .store
        .run(move |store| {
            if let Some(newest_first) = update.sort_newest_first {
                store.sort_album(&id, newest_first, now)?;
            }
            store.update_album(&id, now, |album| {
                if let Some(name) = name {
                    album.name = name;
                }
                if let Some(description) = description {
                    album.description = description;
                }
                if let Some(cover) = update.cover {
                    if !album.assets.contains(&cover) {
                        return Err(AppError::Unprocessable(
                            "bad-cover",
                            "the cover must be a photo of the album".into(),
                        ));
                    }
                    album.cover = Some(cover);
                }
                Ok(())
            })
        })
        .await?;
    Ok(Json(to_album(&state, record, user.0.id).await?))
}

async fn remove_album(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<StatusCode> {
    let album = load(&state, &user, id, Action::Write).await?;
    state.store.run(move |store| store.delete_album(&album.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn assets(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    Query(q): Query<PageQuery>,
) -> AppResult<Json<SearchPage>> {
    let album = load(&state, &user, id, Action::Read).await?;
    let (offset, limit) = (q.offset.unwrap_or(0), page_limit(q.limit, 500)?);
    let (principal, viewer) = (user.principal(), user.0.id);
    let page = state
        .store
        .run(move |store| {
            let (records, next_offset) = store.album_page(&album, offset, limit)?;
            let mut names = Names::new(store, viewer);
            let mut items = Vec::with_capacity(records.len());
            for asset in &records {
                authorize(principal, Action::Read, Resource::AlbumAsset { album: &album, asset })?;
                items.push(names.view(asset)?);
            }
            Ok(SearchPage { items, total: store.album_summary(&album)?.0, next_offset })
        })
        .await?;
    Ok(Json(page))
}

async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(request): ApiJson<AssetIds>,
) -> AppResult<Json<EditResult>> {
    let album = load(&state, &user, id, Action::Contribute).await?;
    chosen(&request.ids)?;
    let (now, principal) = (state.clock.now(), user.principal());
    let changed = state
        .store
        .run(move |store| store.album_add(&album.id, &request.ids, now, &own_asset(principal)))
        .await?;
    Ok(Json(EditResult { changed }))
}

async fn remove(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(request): ApiJson<AssetIds>,
) -> AppResult<Json<EditResult>> {
    let album = load(&state, &user, id, Action::Read).await?;
    chosen(&request.ids)?;
    let (now, principal) = (state.clock.now(), user.principal());
    let changed = state
        .store
        .run(move |store| {
            for id in &request.ids {
                let asset = store.asset(id)?.ok_or(AppError::NotFound)?;
                authorize(principal, Action::Write, Resource::AlbumAsset { album: &album, asset: &asset })?;
            }
            store.album_remove(&album.id, &request.ids, now)
        })
        .await?;
    Ok(Json(EditResult { changed }))
}

async fn move_asset(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(request): ApiJson<AlbumMove>,
) -> AppResult<StatusCode> {
    let album = load(&state, &user, id, Action::Write).await?;
    let now = state.clock.now();
    state
        .store
        .run(move |store| store.album_move(&album.id, &request.asset_id, request.before.as_deref(), now))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<Response> {
    let album = load(&state, &user, id, Action::Read).await?;
    let name = album.name.clone();
    let principal = user.principal();
    let assets = state
        .store
        .run(move |store| {
            let (items, _) = store.album_page(&album, 0, usize::MAX)?;
            for asset in &items {
                authorize(principal, Action::Read, Resource::AlbumAsset { album: &album, asset })?;
            }
            Ok(items)
        })
        .await?;
    zip_response(&state, ZipCaller::User(user.0.id), assets, &name, false)
}

/// Shares the album with a person, or changes their role.
async fn share_with(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(share): ApiJson<AlbumShare>,
) -> AppResult<Json<Album>> {
    let album = load(&state, &user, id, Action::Write).await?;
    let name = share.username.trim().to_string();
    let person = state
        .store
        .run(move |store| store.user_by_name(&name))
        .await?
        .ok_or(AppError::NotFoundNamed("there is no one by that name here"))?;
    if person.id == album.owner {
        return Err(AppError::BadRequest("the album is already yours".into()));
    }
    let now = state.clock.now();
    let record =
        state.store.run(move |store| store.set_album_member(&album.id, person.id, share.role, now)).await?;
    Ok(Json(to_album(&state, record, user.0.id).await?))
}

/// Ends a person's access (the owner), or gives up one's own; their photos leave the album.
/// `/albums/{id}/members/{user}`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct MemberPath {
    id: String,
    user: u64,
}

async fn unshare(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(MemberPath { id, user: member }): Path<MemberPath>,
) -> AppResult<StatusCode> {
    let album = load(&state, &user, id, Action::Read).await?;
    authorize(user.principal(), Action::Write, Resource::AlbumMember { album: &album, user: member })?;
    let now = state.clock.now();
    state.store.run(move |store| store.remove_album_member(&album.id, member, now)).await?;
    Ok(StatusCode::NO_CONTENT)
}
