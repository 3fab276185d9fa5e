//! The library: listing, one asset, its files, de-duplication checks, deletion to the trash.

use crate::{
    AppState,
    auth::CurrentUser,
    db::AssetRecord,
    error::{ApiJson, AppError, AppResult},
    permissions::{Action, Resource, authorize},
};
use axum::{
    Json, Router,
    body::Body,
    extract::{Path, Query, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use keepsake_api::{Asset, AssetPage, ExistingHash, HashCheck, HashCheckResult, paths};
use serde::Deserialize;
use tower::ServiceExt;
use tower_http::services::ServeFile;

const DEFAULT_PAGE: usize = 200;
const MAX_PAGE: usize = 1000;
const MAX_HASH_CHECK: usize = 5000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::ASSETS, get(list))
        .route(paths::HASH_CHECK, post(check_hashes))
        .route("/assets/{id}", get(one).delete(trash))
        .route("/assets/{id}/{file}", get(file))
}

pub fn to_api(record: &AssetRecord) -> Asset {
    let m = &record.metadata;
    Asset {
        id: record.id.clone(),
        filename: record.filename.clone(),
        mime: record.mime.clone(),
        bytes: record.bytes,
        sha256: record.sha256.clone(),
        kind: record.kind,
        width: m.width,
        height: m.height,
        taken_at: m.taken_at.clone(),
        camera: m.camera.clone(),
        exposure: m.exposure.clone(),
        gps: m.gps,
        duration: m.duration,
        placeholder: record.placeholder.clone(),
        has_derivatives: record.thumbnail.is_some(),
        uploaded_at: time::OffsetDateTime::from_unix_timestamp(record.uploaded_at)
            .ok()
            .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
            .unwrap_or_default(),
    }
}

#[derive(Deserialize)]
struct ListQuery {
    cursor: Option<String>,
    limit: Option<usize>,
}

fn parse_cursor(cursor: &str) -> AppResult<(i64, String)> {
    let bad = || AppError::BadRequest("invalid cursor".into());
    let (sort, id) = cursor.split_once('_').ok_or_else(bad)?;
    let id_ok = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
    if !id_ok {
        return Err(bad());
    }
    Ok((sort.parse().map_err(|_| bad())?, id.to_string()))
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<AssetPage>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let after = q.cursor.as_deref().map(parse_cursor).transpose()?;
    let limit = q.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let owner = user.0.id;
    let (records, next) = state.store.run(move |store| store.timeline_page(owner, after, limit)).await?;
    Ok(Json(AssetPage {
        items: records.iter().map(to_api).collect(),
        next_cursor: next.map(|(sort, id)| format!("{sort}_{id}")),
    }))
}

async fn check_hashes(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(check): ApiJson<HashCheck>,
) -> AppResult<Json<HashCheckResult>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    if check.sha256.len() > MAX_HASH_CHECK {
        return Err(AppError::BadRequest(format!("at most {MAX_HASH_CHECK} hashes per request")));
    }
    let owner = user.0.id;
    let hashes: Vec<String> = check.sha256.into_iter().map(|h| h.to_ascii_lowercase()).collect();
    let found = state.store.run(move |store| store.owner_hashes(owner, &hashes)).await?;
    Ok(Json(HashCheckResult {
        existing: found.into_iter().map(|(sha256, asset_id)| ExistingHash { sha256, asset_id }).collect(),
    }))
}

/// Looks an asset up and checks the caller may act on it; trashed assets are gone for these routes.
async fn load(state: &AppState, user: &CurrentUser, id: String, action: Action) -> AppResult<AssetRecord> {
    let asset = state.store.run(move |store| store.asset(&id)).await?.ok_or(AppError::NotFound)?;
    authorize(user.principal(), action, Resource::Asset(&asset))?;
    if asset.trashed_at.is_some() {
        return Err(AppError::NotFound);
    }
    Ok(asset)
}

async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Json<Asset>> {
    Ok(Json(to_api(&load(&state, &user, id, Action::Read).await?)))
}

async fn trash(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let asset = load(&state, &user, id, Action::Write).await?;
    let now = state.clock.now();
    state.store.run(move |store| store.trash_asset(&asset, now)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct FileQuery {
    download: Option<bool>,
}

/// `original` (with HTTP Range, for video seeking), `thumbnail` or `preview`. The bytes behind an id
/// never change, so the owner's browser may keep them.
async fn file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, which)): Path<(String, String)>,
    Query(q): Query<FileQuery>,
    request: Request,
) -> AppResult<Response> {
    let asset = load(&state, &user, id, Action::Read).await?;
    let (key, mime) = match which.as_str() {
        "original" => (asset.sha256.clone(), asset.mime.clone()),
        "thumbnail" => (asset.thumbnail.as_ref().ok_or(AppError::NotFound)?.key.clone(), "image/jpeg".into()),
        "preview" => (asset.preview.as_ref().ok_or(AppError::NotFound)?.key.clone(), "image/jpeg".into()),
        _ => return Err(AppError::NotFound),
    };
    let etag = format!("\"{key}\"");
    if request.headers().get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let path =
        state.blobs.path(&key).ok_or_else(|| AppError::internal(anyhow::anyhow!("blob {key} missing")))?;
    let mime: mime::Mime = mime.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let response =
        ServeFile::new_with_mime(path, &mime).oneshot(request).await.map_err(AppError::internal)?;
    let mut response = response.map(Body::new);
    let headers = response.headers_mut();
    headers.insert(header::ETAG, HeaderValue::from_str(&etag).map_err(AppError::internal)?);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=31536000, immutable"));
    if which == "original" {
        let disposition = if q.download.unwrap_or(false) { "attachment" } else { "inline" };
        let value = format!("{disposition}; filename*=UTF-8''{}", percent_encode(&asset.filename));
        headers
            .insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&value).map_err(AppError::internal)?);
    }
    Ok(response)
}

/// RFC 5987 encoding for `filename*`: everything but unreserved characters is escaped.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
