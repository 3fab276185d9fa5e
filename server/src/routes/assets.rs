//! The library: listing, one asset, its files, de-duplication checks, and changes to many at once
//! (favourite, archive, tags, dates, trash, restore, purge).

use super::{
    IdPath, MAX_PAGE,
    openapi::{self, empty},
    page_limit,
};
use crate::{
    AppState,
    auth::CurrentUser,
    db::AssetRecord,
    error::{ApiJson, AppError, AppResult, Path, Query},
    gc,
    permissions::{Action, Reach, Resource, authorize, reach_asset},
};
use aide::axum::{
    ApiRouter,
    routing::{get_with, post_with},
};
use axum::{
    Json,
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use keepsake_api::{
    Asset, AssetChange, AssetEdit, AssetPage, EditResult, ExistingHash, HashCheck, HashCheckResult,
    MAX_BATCH, paths,
};
use serde::Deserialize;

const DEFAULT_PAGE: usize = 200;
const MAX_HASH_CHECK: usize = 5000;
/// Room for [`MAX_BATCH`] ids.
pub const BATCH_BODY_LIMIT: usize = MAX_BATCH * 48 + 4096;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            paths::ASSETS,
            get_with(list, |op| op.summary("The caller's assets, newest first; page with the cursor"))
                .layer(super::compressed_json()),
        )
        .api_route(
            paths::HASH_CHECK,
            post_with(check_hashes, |op| op.summary("Which of these SHA-256 hashes the caller already has")),
        )
        .api_route(
            paths::ASSET_EDIT,
            post_with(edit, |op| {
                op.summary("Change many assets at once (favourite, archive, tags, date, trash, restore, purge); all or nothing")
            })
            .layer(axum::extract::DefaultBodyLimit::max(BATCH_BODY_LIMIT)),
        )
        .api_route(
            "/assets/{id}",
            get_with(one, |op| op.summary("One asset"))
                .delete_with(trash, |op| empty(op.summary("Move to the trash"), 204)),
        )
        .api_route(
            "/assets/{id}/{file}",
            get_with(file, |op| {
                let op = op.summary(
                    "The original (supports Range; ?download=true for an attachment), the grid thumbnail \
                     (JPEG, long edge 360 px) or the viewer preview (JPEG, long edge 1600 px)",
                );
                empty(openapi::file(op, "*/*"), 304)
            }),
        )
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
        uploaded_at: rfc3339(record.uploaded_at),
        favorite: record.favorite,
        archived: record.archived,
        tags: record.tags.clone(),
        place: record.place.clone(),
        folder: record.folder.clone(),
        original_taken_at: record.date_edited.then(|| record.original_taken_at.clone()).flatten(),
        shared_by: None,
    }
}

/// An asset as someone other than its owner sees it: the owner's own organisation (favourites, tags,
/// archive, folders, edits) stays private.
pub fn to_shared_api(record: &AssetRecord, shared_by: Option<String>) -> Asset {
    Asset {
        favorite: false,
        archived: false,
        tags: Vec::new(),
        folder: None,
        original_taken_at: None,
        shared_by,
        ..to_api(record)
    }
}

/// Owners' names for assets seen through sharing, looked up once per page.
pub struct Names<'a> {
    store: &'a crate::db::Store,
    viewer: u64,
    known: std::collections::HashMap<u64, String>,
}

impl<'a> Names<'a> {
    pub fn new(store: &'a crate::db::Store, viewer: u64) -> Self {
        Self { store, viewer, known: std::collections::HashMap::new() }
    }

    pub fn name(&mut self, user: u64) -> AppResult<String> {
        if let Some(name) = self.known.get(&user) {
            return Ok(name.clone());
        }
        let name = self.store.user(user)?.map_or_else(|| "someone".to_string(), |u| u.username);
        self.known.insert(user, name.clone());
        Ok(name)
    }

    /// The caller's own assets in full, anyone else's as shared.
    pub fn view(&mut self, record: &AssetRecord) -> AppResult<Asset> {
        if record.owner == self.viewer {
            return Ok(to_api(record));
        }
        Ok(to_shared_api(record, Some(self.name(record.owner)?)))
    }
}

pub fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// Refuses a batch of more than [`MAX_BATCH`] photos.
pub fn bounded(ids: &[String]) -> AppResult<()> {
    if ids.len() > MAX_BATCH {
        return Err(AppError::BadRequest(format!("at most {MAX_BATCH} photos at once")));
    }
    Ok(())
}

/// Refuses an empty choice of photos, or one of more than [`MAX_BATCH`].
pub fn chosen(ids: &[String]) -> AppResult<()> {
    if ids.is_empty() || ids.len() > MAX_BATCH {
        return Err(AppError::BadRequest(format!("choose between 1 and {MAX_BATCH} photos")));
    }
    Ok(())
}

/// Applies a change to the caller's assets and deletes the blobs a purge freed. Every asset passes
/// the permission check; one refusal refuses the whole batch.
pub async fn apply_change(
    state: &AppState,
    user: &CurrentUser,
    ids: Vec<String>,
    change: AssetChange,
) -> AppResult<usize> {
    authorize(user.principal(), Action::Write, Resource::OwnLibrary)?;
    bounded(&ids)?;
    let principal = user.principal();
    let now = state.clock.now();
    let task_state = state.clone();
    state
        .store
        .run(move |store| {
            let check = |a: &AssetRecord| authorize(principal, Action::Write, Resource::Asset(a));
            let edited = store.edit_assets(&ids, &change, now, &check)?;
            gc::delete_unreferenced(store, task_state.blobs.as_ref(), &task_state.blob_gate, &edited.freed)?;
            Ok(edited.changed)
        })
        .await
}

async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(edit): ApiJson<AssetEdit>,
) -> AppResult<Json<EditResult>> {
    let changed = apply_change(&state, &user, edit.ids, edit.change).await?;
    Ok(Json(EditResult { changed }))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ListQuery {
    /// `next_cursor` of the page before.
    #[schemars(regex(pattern = r"^-?[0-9]{1,18}_[0-9a-fA-F]{32}$"))]
    cursor: Option<String>,
    #[schemars(range(min = 1, max = MAX_PAGE))]
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
    let limit = page_limit(q.limit, DEFAULT_PAGE)?;
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

/// Looks an asset up and finds the caller's way to it (their own, or shared with them); trashed assets
/// are gone for these routes.
async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: String,
    action: Action,
) -> AppResult<(AssetRecord, Reach)> {
    let principal = user.principal();
    state.store.run(move |store| shown_asset(store, principal, &id, action)).await
}

/// An asset the caller may `action`, and how they reach it; a trashed one is not found. Blocking.
pub(crate) fn shown_asset(
    store: &crate::db::Store,
    principal: crate::permissions::Principal,
    id: &str,
    action: Action,
) -> AppResult<(AssetRecord, Reach)> {
    let (asset, reach) = reach_asset(store, principal, id, action)?;
    if asset.trashed_at.is_some() {
        return Err(AppError::NotFound);
    }
    Ok((asset, reach))
}

async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<Json<Asset>> {
    let (asset, _) = load(&state, &user, id, Action::Read).await?;
    let viewer = user.0.id;
    Ok(Json(state.store.run(move |store| Names::new(store, viewer).view(&asset)).await?))
}

async fn trash(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<StatusCode> {
    let (asset, _) = load(&state, &user, id, Action::Write).await?;
    apply_change(&state, &user, vec![asset.id], AssetChange::Trash).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct FileQuery {
    /// Send the original as an attachment, with its file name.
    download: Option<bool>,
}

/// `/assets/{id}/{file}`.
#[derive(Deserialize, schemars::JsonSchema)]
struct FilePath {
    id: String,
    #[schemars(extend("enum" = ["original", "thumbnail", "preview"]))]
    file: String,
}

/// `original` (with HTTP Range, for video seeking), `thumbnail` or `preview`.
async fn file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(FilePath { id, file: which }): Path<FilePath>,
    Query(q): Query<FileQuery>,
    request: Request,
) -> AppResult<Response> {
    // The bytes behind an id never change, so the owner's browser may keep them; what is shared is
    // revalidated (a cheap 304) so that ending the share ends access.
    let cache_control = |reach| match reach {
        Reach::Own => "private, max-age=31536000, immutable",
        Reach::Shared => "private, no-cache",
    };
    if which != "original" && !request.headers().contains_key(header::RANGE) {
        // A grid asks for dozens of these at once. When the bytes were sent lately they are in memory,
        // and the check is one read transaction of a few microseconds, done here rather than after a
        // hop to the database's threads (which would cost more than the read itself); otherwise the
        // check and the read happen together over there.
        let principal = user.principal();
        if let Some((reach, key, bytes)) = small_file_in_memory(&state, principal, &id, &which)? {
            return Ok(small_file_response(&key, bytes, cache_control(reach), request.headers()));
        }
        let (blobs, cache) = (state.blobs.clone(), state.small_files.clone());
        let (reach, key, bytes) = state
            .store
            .run(move |store| {
                let (asset, reach) = shown_asset(store, principal, &id, Action::Read)?;
                let (key, _) = file_of(&asset, &which)?;
                let bytes = cache.get_or_read(&key, blobs.as_ref())?;
                Ok((reach, key, bytes))
            })
            .await?;
        return Ok(small_file_response(&key, bytes, cache_control(reach), request.headers()));
    }
    let (asset, reach) = load(&state, &user, id, Action::Read).await?;
    serve_file(&state, &asset, &which, q.download.unwrap_or(false), cache_control(reach), request).await
}

/// The asset's thumbnail or preview if the caller may see it and its bytes are in memory: `None` when
/// they are not (the caller then goes to the database's threads).
fn small_file_in_memory(
    state: &AppState,
    principal: crate::permissions::Principal,
    id: &str,
    which: &str,
) -> AppResult<Option<(Reach, String, axum::body::Bytes)>> {
    let (asset, reach) = shown_asset(&state.store, principal, id, Action::Read)?;
    let (key, _) = file_of(&asset, which)?;
    Ok(state.small_files.get(&key).map(|bytes| (reach, key, bytes)))
}

/// A thumbnail or preview from memory: its ETag is its key, a matching `If-None-Match` gets 304.
fn small_file_response(
    key: &str,
    bytes: axum::body::Bytes,
    cache_control: &'static str,
    headers: &axum::http::HeaderMap,
) -> Response {
    let etag = format!("\"{key}\"");
    let cache = HeaderValue::from_static(cache_control);
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)], [(header::CACHE_CONTROL, cache)])
            .into_response();
    }
    let mut response = Response::new(Body::from(bytes));
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    out.insert(header::CACHE_CONTROL, cache);
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        out.insert(header::ETAG, etag);
    }
    response
}

/// Thumbnails and previews sent lately, by blob key: small, immutable (content-addressed), and asked
/// for again and again by grids. Bounded in bytes; the oldest go first.
pub struct SmallFiles {
    files: std::sync::Mutex<(
        std::collections::HashMap<String, axum::body::Bytes>,
        std::collections::VecDeque<String>,
        usize,
    )>,
    capacity: usize,
}

impl Default for SmallFiles {
    fn default() -> Self {
        Self { files: Default::default(), capacity: 64 << 20 }
    }
}

impl SmallFiles {
    /// The most one file may be to be kept (previews are a few hundred kilobytes).
    const MAX_FILE: u64 = 2 << 20;

    pub fn get(&self, key: &str) -> Option<axum::body::Bytes> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).0.get(key).cloned()
    }

    /// The blob's bytes, from memory or read from the store (and kept when small). Blocking.
    pub fn get_or_read(
        &self,
        key: &str,
        blobs: &dyn crate::blobs::BlobStore,
    ) -> AppResult<axum::body::Bytes> {
        if let Some(bytes) = self.get(key) {
            return Ok(bytes);
        }
        let len = blobs.len(key)?.ok_or_else(|| AppError::internal(anyhow::anyhow!("blob {key} missing")))?;
        if len > Self::MAX_FILE {
            return Err(AppError::internal(anyhow::anyhow!("blob {key} is {len} bytes, too big for memory")));
        }
        let bytes = axum::body::Bytes::from(blobs.read_at(key, 0, len as usize)?);
        let mut guard = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let (files, order, total) = &mut *guard;
        if files.insert(key.to_string(), bytes.clone()).is_none() {
            order.push_back(key.to_string());
            *total += bytes.len();
        }
        while *total > self.capacity
            && let Some(old) = order.pop_front()
        {
            *total -= files.remove(&old).map_or(0, |b| b.len());
        }
        Ok(bytes)
    }
}

/// Which blob and type `which` names: `original`, `thumbnail` or `preview`.
pub fn file_of(asset: &AssetRecord, which: &str) -> AppResult<(String, String)> {
    Ok(match which {
        "original" => (asset.sha256.clone(), asset.mime.clone()),
        "thumbnail" => (asset.thumbnail.as_ref().ok_or(AppError::NotFound)?.key.clone(), "image/jpeg".into()),
        "preview" => (asset.preview.as_ref().ok_or(AppError::NotFound)?.key.clone(), "image/jpeg".into()),
        _ => return Err(AppError::NotFound),
    })
}

/// Sends one of an asset's files. The caller has already been authorized for it.
pub async fn serve_file(
    state: &AppState,
    asset: &AssetRecord,
    which: &str,
    download: bool,
    cache_control: &'static str,
    request: Request,
) -> AppResult<Response> {
    let (key, mime) = file_of(asset, which)?;
    let disposition = (which == "original").then(|| {
        let disposition = if download { "attachment" } else { "inline" };
        format!("{disposition}; filename*=UTF-8''{}", percent_encode(&asset.filename))
    });
    serve_blob(state, &key, &mime, cache_control, disposition, request).await
}

/// Sends a blob with an ETag (its key: blobs never change), answering `If-None-Match` with 304.
pub async fn serve_blob(
    state: &AppState,
    key: &str,
    mime: &str,
    cache_control: &'static str,
    disposition: Option<String>,
    request: Request,
) -> AppResult<Response> {
    let sending = Sending { key, etag: format!("\"{key}\""), mime, cache_control, disposition };
    send(state, sending, Vec::new(), request.headers()).await
}

/// What [`send`] sends and says about it.
struct Sending<'a> {
    key: &'a str,
    etag: String,
    mime: &'a str,
    cache_control: &'static str,
    disposition: Option<String>,
}

/// Sends a blob, whole or the `Range` asked for, streamed from the blob store with `patches` written
/// over the bytes as they pass.
async fn send(
    state: &AppState,
    sending: Sending<'_>,
    patches: Vec<keepsake_media::redact::Patch>,
    headers: &axum::http::HeaderMap,
) -> AppResult<Response> {
    let Sending { key, etag, mime, cache_control, disposition } = sending;
    let cache = HeaderValue::from_static(cache_control);
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)], [(header::CACHE_CONTROL, cache)])
            .into_response());
    }
    let (blobs, blob) = (state.blobs.clone(), key.to_string());
    let len = tokio::task::spawn_blocking(move || blobs.len(&blob))
        .await??
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("blob {key} missing")))?;
    let (status, first, last) = match crate::range::requested(headers, len, &etag) {
        crate::range::Requested::Whole => (StatusCode::OK, 0, len.saturating_sub(1)),
        crate::range::Requested::Part(a, b) => (StatusCode::PARTIAL_CONTENT, a, b),
        crate::range::Requested::Unsatisfiable => {
            return Ok((
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{len}"))],
            )
                .into_response());
        }
    };
    let count = if len == 0 { 0 } else { last - first + 1 };
    let stream = state.blobs.stream(key, first..first + count).await?;
    let body = Body::from_stream(patched(stream, first, patches));
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let out = response.headers_mut();
    let mime = HeaderValue::from_str(mime).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    out.insert(header::CONTENT_TYPE, mime);
    out.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    out.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    out.insert(header::ETAG, HeaderValue::from_str(&etag).map_err(AppError::internal)?);
    out.insert(header::CACHE_CONTROL, cache);
    if status == StatusCode::PARTIAL_CONTENT {
        out.insert(
            header::CONTENT_RANGE,
            HeaderValue::from_str(&format!("bytes {first}-{last}/{len}")).map_err(AppError::internal)?,
        );
    }
    if let Some(value) = disposition {
        out.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&value).map_err(AppError::internal)?);
    }
    Ok(response)
}

/// The patches that blank where an original says it was taken (see `keepsake_media::redact`), read
/// from its blob, and the blob's length. Blocking.
pub fn location_patches(
    blobs: &dyn crate::blobs::BlobStore,
    key: &str,
) -> std::io::Result<(u64, Vec<keepsake_media::redact::Patch>)> {
    let len = blobs
        .len(key)?
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, format!("blob {key} missing")))?;
    let blob = crate::blobs::BlobAt { store: blobs, key, len };
    let head = keepsake_media::redact::ReadAt::read_at(&blob, 0, 64).unwrap_or_default();
    let patches = keepsake_media::sniff(&head)
        .map_or_else(Vec::new, |f| keepsake_media::redact::location_patches(f, &blob));
    Ok((len, patches))
}

/// Sends an original with where it was taken blanked out, for share links that hide locations. The
/// edit keeps the file's length, so `Range` requests are served as for any file; its ETag is not the
/// original's.
pub async fn serve_without_location(
    state: &AppState,
    asset: &AssetRecord,
    cache_control: &'static str,
    request: Request,
) -> AppResult<Response> {
    let etag = format!("\"{}-nolocation\"", asset.sha256);
    if request.headers().get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        let cache = HeaderValue::from_static(cache_control);
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)], [(header::CACHE_CONTROL, cache)])
            .into_response());
    }
    let (blobs, key) = (state.blobs.clone(), asset.sha256.clone());
    let (_, patches) = tokio::task::spawn_blocking(move || location_patches(blobs.as_ref(), &key)).await??;
    let disposition = format!("inline; filename*=UTF-8''{}", percent_encode(&asset.filename));
    let sending = Sending {
        key: &asset.sha256,
        etag,
        mime: &asset.mime,
        cache_control,
        disposition: Some(disposition),
    };
    send(state, sending, patches, request.headers()).await
}

/// `stream`, which starts at byte `first` of its blob, with `patches` written over it as it passes.
pub fn patched(
    stream: crate::blobs::ByteStream,
    first: u64,
    patches: Vec<keepsake_media::redact::Patch>,
) -> impl futures_util::Stream<Item = std::io::Result<axum::body::Bytes>> + Send {
    use futures_util::StreamExt;
    stream.scan(first, move |at, chunk| {
        let chunk = chunk.map(|chunk| {
            let start = *at;
            *at += chunk.len() as u64;
            if patches.is_empty() {
                return chunk;
            }
            let mut bytes = chunk.to_vec();
            keepsake_media::redact::apply(&patches, start, &mut bytes);
            axum::body::Bytes::from(bytes)
        });
        std::future::ready(Some(chunk))
    })
}

/// RFC 5987 encoding for `filename*`: everything but unreserved characters is escaped.
pub fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
