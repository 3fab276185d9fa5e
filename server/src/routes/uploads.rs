//! Resumable uploads of originals.
//!
//! `POST /uploads` opens one (or answers "duplicate", or hands back an unfinished one to resume);
//! `PUT /uploads/{id}/bytes?offset=N` appends a chunk; `GET /uploads/{id}` tells how much arrived, so a
//! client resumes after a network error or a server restart; `PUT .../thumbnail|preview` takes the
//! browser's derivatives; `POST .../finish` verifies the hash and makes the asset.

use super::{
    IdPath,
    openapi::{self, empty},
};
use crate::{
    AppState,
    auth::CurrentUser,
    db::UploadRecord,
    error::{ApiJson, AppError, AppResult, Path, Query},
    ingest::{self, NewAsset},
    permissions::{Action, Resource, authorize},
    routes::assets::to_api,
};
use aide::axum::{
    ApiRouter,
    routing::{get_with, post_with, put_with},
};
use axum::{
    Json,
    body::{Body, Bytes},
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
};
use futures_util::StreamExt;
use keepsake_api::{Asset, NewUpload, UPLOAD_CHUNK_BYTES, UploadStarted, UploadStatus, paths};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

/// A chunk may be a little over the advertised size; anything larger is refused as it streams in.
const CHUNK_BODY_LIMIT: usize = UPLOAD_CHUNK_BYTES as usize + (1 << 20);
const DERIVATIVE_BODY_LIMIT: usize = 8 << 20;
/// Longest metadata text accepted (camera names and the like).
const MAX_TEXT: usize = 256;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            paths::UPLOADS,
            post_with(open, |op| {
                op.summary("Open a resumable upload (201), or learn the file is a duplicate or resume an unfinished one (200)")
                    .response::<201, Json<UploadStarted>>()
                    .response::<200, Json<UploadStarted>>()
            }),
        )
        .api_route(
            "/uploads/{id}",
            get_with(status, |op| op.summary("How many bytes have arrived"))
                .delete_with(cancel, |op| empty(op.summary("Abandon an upload"), 204)),
        )
        .api_route(
            "/uploads/{id}/bytes",
            put_with(append, |op| {
                op.summary("Append a chunk at ?offset=N (must equal the bytes received so far; 409 offset-mismatch otherwise)")
                    .input::<Bytes>()
            })
            .layer(DefaultBodyLimit::max(CHUNK_BODY_LIMIT)),
        )
        .api_route(
            "/uploads/{id}/{derivative}",
            put_with(derivative, |op| {
                empty(op.summary("The browser's grid thumbnail or viewer preview (JPEG) with ?width=&height="), 204)
            })
            .layer(DefaultBodyLimit::max(DERIVATIVE_BODY_LIMIT)),
        )
        .api_route(
            "/uploads/{id}/finish",
            post_with(finish, |op| {
                let op = op.summary("Verify the hash and create the asset; the body may give the ThumbHash placeholder");
                openapi::optional_json::<Finish>(op).response::<201, Json<Asset>>()
            }),
        )
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn bounded(text: &mut Option<String>) {
    if let Some(t) = text
        && t.len() > MAX_TEXT
    {
        *text = Some(t.chars().take(MAX_TEXT).collect());
    }
}

async fn open(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(mut request): ApiJson<NewUpload>,
) -> AppResult<(StatusCode, Json<UploadStarted>)> {
    authorize(user.principal(), Action::Write, Resource::OwnLibrary)?;
    request.sha256 = request.sha256.to_ascii_lowercase();
    if !is_sha256(&request.sha256) {
        return Err(AppError::BadRequest("sha256 must be 64 hex digits".into()));
    }
    if request.bytes == 0 {
        return Err(AppError::BadRequest("the file is empty".into()));
    }
    let max = state.config.max_upload_bytes;
    if request.bytes > max {
        return Err(AppError::TooLarge(format!("the file is larger than this server accepts ({max} bytes)")));
    }
    request.filename = ingest::clean_filename(&request.filename);
    request.folder = ingest::clean_folder(request.folder.as_deref());
    let camera = &mut request.metadata.camera;
    for text in [&mut camera.make, &mut camera.model, &mut camera.lens, &mut request.metadata.taken_at] {
        bounded(text);
    }
    let (owner, quota) = (user.0.id, user.0.quota_bytes);
    let now = state.clock.now();
    let uploads_dir = state.config.uploads_dir();
    let task_state = state.clone();
    let started = state
        .store
        .run(move |store| {
            if let Some((_, asset_id)) =
                store.owner_hashes(owner, std::slice::from_ref(&request.sha256))?.pop()
            {
                return Ok(UploadStarted::Duplicate { asset_id });
            }
            if let Some(existing) = store.open_upload_for(owner, &request.sha256)? {
                let offset = received_blocking(&task_state, &existing);
                return Ok(UploadStarted::Open { upload_id: existing.id, offset });
            }
            let upload = UploadRecord {
                id: crate::auth::random_hex(16),
                owner,
                request,
                created_at: now,
                thumbnail: None,
                preview: None,
            };
            std::fs::File::create(uploads_dir.join(&upload.id))?.sync_all()?;
            if let Err(e) = store.open_upload(&upload, quota) {
                let _ = std::fs::remove_file(uploads_dir.join(&upload.id));
                return Err(e);
            }
            Ok(UploadStarted::Open { upload_id: upload.id, offset: 0 })
        })
        .await?;
    let status = if matches!(started, UploadStarted::Open { offset: 0, .. }) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(started)))
}

async fn load(state: &AppState, user: &CurrentUser, id: String) -> AppResult<UploadRecord> {
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let upload = state.store.run(move |store| store.upload(&id)).await?.ok_or(AppError::NotFound)?;
    authorize(user.principal(), Action::Write, Resource::Upload(&upload))?;
    Ok(upload)
}

/// How many bytes of an upload the server has. An upload whose file is gone but whose bytes are in the
/// blob store has all of them: a crash came between `finish` moving the file there and the commit
/// that ends the upload (the start-up sweep keeps such a blob), and `finish` completes it from there.
fn received_blocking(state: &AppState, upload: &UploadRecord) -> u64 {
    match std::fs::metadata(state.config.uploads_dir().join(&upload.id)) {
        Ok(m) => m.len(),
        Err(_) if matches!(state.blobs.len(&upload.request.sha256), Ok(Some(_))) => upload.request.bytes,
        Err(_) => 0,
    }
}

async fn received(state: &AppState, upload: &UploadRecord) -> AppResult<u64> {
    let (state, upload) = (state.clone(), upload.clone());
    Ok(tokio::task::spawn_blocking(move || received_blocking(&state, &upload)).await?)
}

async fn status(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<Json<UploadStatus>> {
    let upload = load(&state, &user, id).await?;
    let offset = received(&state, &upload).await?;
    Ok(Json(UploadStatus { upload_id: upload.id, offset, bytes: upload.request.bytes }))
}

async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<StatusCode> {
    let upload = load(&state, &user, id).await?;
    let _busy = Busy::take(&state, &upload.id)?;
    let task_state = state.clone();
    tokio::task::spawn_blocking(move || crate::gc::discard_upload(&task_state, &upload)).await??;
    Ok(StatusCode::NO_CONTENT)
}

/// Holds an upload for one request at a time; two writers appending to one file would interleave.
struct Busy {
    state: AppState,
    id: String,
}

impl Busy {
    fn take(state: &AppState, id: &str) -> AppResult<Self> {
        let mut busy = state.busy_uploads.lock().expect("busy uploads lock");
        if !busy.insert(id.to_string()) {
            return Err(AppError::Conflict("upload-busy", "another request is writing this upload".into()));
        }
        Ok(Self { state: state.clone(), id: id.to_string() })
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.state.busy_uploads.lock().expect("busy uploads lock").remove(&self.id);
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
struct OffsetQuery {
    offset: u64,
}

/// Appends one chunk at `offset`. A chunk cut short by a dropped connection keeps what arrived; the
/// client asks for the offset and carries on from there.
async fn append(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    Query(q): Query<OffsetQuery>,
    body: Body,
) -> AppResult<Json<UploadStatus>> {
    let upload = load(&state, &user, id).await?;
    let _busy = Busy::take(&state, &upload.id)?;
    let path = state.config.uploads_dir().join(&upload.id);
    let have = received(&state, &upload).await?;
    if q.offset != have {
        return Err(AppError::Conflict(
            "offset-mismatch",
            format!("the server has {have} bytes of this upload"),
        ));
    }
    let total = upload.request.bytes;
    // Created if a crash lost it before any byte was kept (the record says the upload is open).
    let mut file = tokio::fs::OpenOptions::new().create(true).append(true).open(&path).await?;
    let mut written = have;
    let mut stream = body.into_data_stream();
    let mut failure = None;
    while let Some(chunk) = stream.next().await {
        let chunk: Bytes = match chunk {
            Ok(chunk) => chunk,
            Err(e) => {
                let too_large =
                    std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
                failure = Some(if too_large {
                    AppError::TooLarge(format!("a chunk is at most {CHUNK_BODY_LIMIT} bytes"))
                } else {
                    AppError::BadRequest("the upload was interrupted".into())
                });
                break;
            }
        };
        state.upload_bytes_received.fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
        if written + chunk.len() as u64 > total {
            failure = Some(AppError::BadRequest(format!("more bytes than the declared {total}")));
            break;
        }
        file.write_all(&chunk).await?;
        written += chunk.len() as u64;
    }
    file.sync_data().await?;
    if let Some(failure) = failure {
        return Err(failure);
    }
    if written == have {
        return Err(AppError::BadRequest("a chunk has at least one byte".into()));
    }
    Ok(Json(UploadStatus { upload_id: upload.id, offset: written, bytes: total }))
}

/// `/uploads/{id}/{derivative}`.
#[derive(Deserialize, schemars::JsonSchema)]
struct DerivativePath {
    id: String,
    #[schemars(extend("enum" = ["thumbnail", "preview"]))]
    derivative: String,
}

/// The derivative's size in pixels.
#[derive(Deserialize, schemars::JsonSchema)]
struct SizeQuery {
    width: u32,
    height: u32,
}

async fn derivative(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(DerivativePath { id, derivative: which }): Path<DerivativePath>,
    Query(size): Query<SizeQuery>,
    body: Bytes,
) -> AppResult<StatusCode> {
    let preview = match which.as_str() {
        "thumbnail" => false,
        "preview" => true,
        _ => return Err(AppError::NotFound),
    };
    let upload = load(&state, &user, id).await?;
    let _busy = Busy::take(&state, &upload.id)?;
    let task_state = state.clone();
    state
        .store
        .run(move |store| {
            // Until the upload record names it, a deletion must not take the blob (see `gc`).
            let _writing = task_state.blob_gate.writing();
            let stored =
                ingest::store_client_derivative(&task_state, &body, (size.width, size.height), preview)?;
            let mut upload = store.upload(&upload.id)?.ok_or(AppError::NotFound)?;
            if preview {
                upload.preview = Some(stored);
            } else {
                upload.thumbnail = Some(stored);
            }
            store.put_upload(&upload)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
struct Finish {
    placeholder: Option<String>,
}

/// Verifies the whole file and turns it into an asset. A file that fails verification is discarded
/// with a clear reason; nothing of it stays behind.
async fn finish(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<Asset>)> {
    // The body is optional: API clients that let the server make derivatives send none.
    let finish: Finish = if body.is_empty() {
        Finish::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| AppError::BadRequest(format!("invalid JSON: {e}")))?
    };
    let upload = load(&state, &user, id).await?;
    let busy = Busy::take(&state, &upload.id)?;
    let task_state = state.clone();
    let result = tokio::task::spawn_blocking(move || finish_blocking(&task_state, upload, finish)).await?;
    drop(busy);
    let (status, id) = result?;
    let asset = state.store.run(move |store| store.asset(&id)).await?.ok_or(AppError::NotFound)?;
    Ok((status, Json(to_api(&asset))))
}

fn finish_blocking(
    state: &AppState,
    upload: UploadRecord,
    finish: Finish,
) -> AppResult<(StatusCode, String)> {
    let path = state.config.uploads_dir().join(&upload.id);
    // The file was moved into the blob store already if a crash interrupted an earlier finish.
    let adopted = !path.exists() && state.blobs.len(&upload.request.sha256)?.is_some();
    let have = received_blocking(state, &upload);
    if have != upload.request.bytes {
        return Err(AppError::Conflict(
            "incomplete",
            format!("{have} of {} bytes have arrived", upload.request.bytes),
        ));
    }
    // From here on a failure that says the bytes are wrong discards the upload: they are all there.
    // Any other (a blob store that is down) keeps it, for the client to finish again later.
    let discard = |e: AppError| {
        if matches!(e, AppError::Unprocessable(..)) {
            let _ = state.store.delete_upload(&upload.id);
            let _ = std::fs::remove_file(&path);
        }
        e
    };
    let blob = upload.request.sha256.clone();
    let source = || -> std::io::Result<Box<dyn std::io::Read + '_>> {
        Ok(if adopted {
            Box::new(crate::blobs::BlobReader::open(state.blobs.as_ref(), &blob)?)
        } else {
            Box::new(std::fs::File::open(&path)?)
        })
    };
    // Keep enough of the file to sniff it and, for an API client that sent no metadata, to read the
    // metadata here from the same one pass over the bytes (bounded, as for `import`).
    let wants_metadata = upload.request.metadata == Default::default();
    let keep = if wants_metadata { ingest::HEAD_MAX_BYTES } else { 1 << 20 };
    let (head, _, sha256) = ingest::read_head_from(source()?, keep)?;
    if sha256 != upload.request.sha256 {
        return Err(discard(AppError::Unprocessable(
            "hash-mismatch",
            "the bytes do not match the declared SHA-256".into(),
        )));
    }
    let format = keepsake_media::sniff(&head).ok_or_else(|| {
        discard(AppError::Unprocessable("unsupported", "not a photo or video Keepsake recognises".into()))
    })?;
    // From the first blob written to the commit that references it (see `gc`).
    let _writing = state.blob_gate.writing();
    let request = upload.request;
    let mut metadata = request.metadata;
    if wants_metadata
        && format.is_photo()
        && let Ok((_, read)) = keepsake_media::read_metadata(&head)
    {
        metadata = read;
    }
    let (thumbnail, preview, placeholder) = match (upload.thumbnail, upload.preview) {
        (Some(t), Some(p)) => (Some(t), Some(p), finish.placeholder.filter(|p| p.len() <= 128)),
        _ => match ingest::derive_on_server(
            state,
            format,
            (source()?, request.bytes, &request.filename),
            metadata.orientation,
        )
        .map_err(discard)?
        {
            Some((t, p, hash)) => (Some(t), Some(p), Some(hash)),
            None => (None, None, None),
        },
    };
    let asset = NewAsset {
        owner: upload.owner,
        filename: request.filename,
        folder: request.folder,
        format,
        bytes: request.bytes,
        sha256: request.sha256,
        metadata,
        thumbnail,
        preview,
        placeholder,
    };
    let original = (!adopted).then_some(path.as_path());
    let (id, new) = ingest::commit(state, asset, original, Some(&upload.id))?;
    Ok((if new { StatusCode::CREATED } else { StatusCode::OK }, id))
}
