//! ZIP downloads of an album or a selection, streamed as they are written.
//!
//! Entries are stored, not compressed (photos and videos are compressed already), with data
//! descriptors and ZIP64 where needed, so the archive is written front to back into the response in
//! small chunks: a 20 GB album needs neither 20 GB of memory nor a temporary copy.
//!
//! A browser downloads best from a plain link, and a selection of thousands of ids does not fit in
//! one, so a selection is first exchanged for a short-lived ticket (`POST /downloads`) bound to the
//! user; `GET /downloads/{ticket}` re-checks every asset when it runs.

use crate::{
    AppState,
    auth::CurrentUser,
    db::AssetRecord,
    error::{ApiJson, AppError, AppResult, Path},
    permissions::{Action, Resource, authorize},
    routes::assets::{BATCH_BODY_LIMIT, chosen},
};
use aide::axum::{
    ApiRouter,
    routing::{get_with, post_with},
};
use axum::{
    Json,
    body::{Body, Bytes},
    extract::{DefaultBodyLimit, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use keepsake_api::{API_PREFIX, AssetIds, DownloadTicket, paths};
use std::{
    collections::HashMap,
    io::Write,
    sync::{Arc, Mutex},
};

const TICKET_SECONDS: i64 = 600;
/// Bytes read from a file at a time; with the channel's depth, the most held in memory.
const CHANNEL_DEPTH: usize = 4;
/// How long a ZIP waits on a client that reads nothing before giving up on it.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
/// Tickets one person may hold at once: each is a list of up to a batch of ids.
const MAX_TICKETS_PER_USER: usize = 20;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            paths::DOWNLOADS,
            post_with(new_ticket, |op| op.summary("A ticket to download a selection as one ZIP"))
                .layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)),
        )
        .api_route(
            "/downloads/{ticket}",
            get_with(download, |op| {
                super::openapi::file(
                    op.summary("The selection's originals as one streamed ZIP"),
                    "application/zip",
                )
            }),
        )
}

/// `/downloads/{ticket}`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct TicketPath {
    ticket: String,
}

struct Ticket {
    owner: u64,
    ids: Vec<String>,
    expires_at: i64,
}

/// Tickets live in memory: they are worth minutes, and a restart only means asking again.
#[derive(Default)]
pub struct Tickets(Mutex<HashMap<String, Ticket>>);

async fn new_ticket(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<AssetIds>,
) -> AppResult<Json<DownloadTicket>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    chosen(&request.ids)?;
    // Checked now as well as when it runs: a ticket for photos that are not there is no use to anyone.
    let (principal, ids) = (user.principal(), request.ids.clone());
    state.store.run(move |store| own_assets(store, principal, &ids)).await?;
    let now = state.clock.now();
    let token = crate::auth::random_hex(16);
    let mut tickets = state.downloads.0.lock().unwrap_or_else(|e| e.into_inner());
    tickets.retain(|_, t| t.expires_at > now);
    // A person's oldest ticket makes way for a new one beyond the cap.
    let mut own: Vec<(i64, String)> = tickets
        .iter()
        .filter(|(_, t)| t.owner == user.0.id)
        .map(|(token, t)| (t.expires_at, token.clone()))
        .collect();
    if own.len() >= MAX_TICKETS_PER_USER {
        own.sort();
        for (_, old) in &own[..=own.len() - MAX_TICKETS_PER_USER] {
            tickets.remove(old);
        }
    }
    tickets.insert(
        token.clone(),
        Ticket { owner: user.0.id, ids: request.ids, expires_at: now + TICKET_SECONDS },
    );
    Ok(Json(DownloadTicket { url: format!("{API_PREFIX}{}/{token}", paths::DOWNLOADS) }))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(TicketPath { ticket: token }): Path<TicketPath>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let ids = {
        let tickets = state.downloads.0.lock().unwrap_or_else(|e| e.into_inner());
        let ticket = tickets.get(&token).filter(|t| t.expires_at > now && t.owner == user.0.id);
        ticket.ok_or(AppError::NotFound)?.ids.clone()
    };
    let principal = user.principal();
    let assets = state
        .store
        .run(move |store| {
            let mut assets = own_assets(store, principal, &ids)?;
            assets.retain(|a| a.trashed_at.is_none());
            Ok(assets)
        })
        .await?;
    zip_response(&state, ZipCaller::User(user.0.id), assets, "Keepsake photos", false)
}

/// The caller's own assets of `ids`, each checked; any other id is not found. Blocking.
fn own_assets(
    store: &crate::db::Store,
    principal: crate::permissions::Principal,
    ids: &[String],
) -> AppResult<Vec<AssetRecord>> {
    ids.iter()
        .map(|id| {
            let asset = store.asset(id)?.ok_or(AppError::NotFound)?;
            authorize(principal, Action::Read, Resource::Asset(&asset))?;
            Ok(asset)
        })
        .collect()
}

/// One file in a ZIP: a stored blob, or bytes made for the archive (an order sheet).
pub enum ZipEntry {
    /// `hide_location`: written with where it was taken blanked (a link that hides locations).
    Blob {
        name: String,
        key: String,
        bytes: u64,
        time: i64,
        hide_location: bool,
    },
    Data {
        name: String,
        data: Vec<u8>,
        time: i64,
    },
}

/// Who a ZIP is for, for the per-caller bound: a person, or an address visiting a link.
pub enum ZipCaller {
    User(u64),
    Visitor(crate::client_addr::ClientAddr),
}

/// ZIPs being written at once, overall and per caller. Each holds about `CHANNEL_DEPTH + 2` chunks of a
/// blob (256 KB from the local disk) and a file or a request open while its client reads.
pub struct ZipSlots {
    overall: Arc<tokio::sync::Semaphore>,
    per_caller: Mutex<HashMap<String, usize>>,
    max_per_caller: usize,
}

impl Default for ZipSlots {
    fn default() -> Self {
        Self::new(32, 2)
    }
}

/// A place among the ZIPs being written, given back when the stream ends however it ends.
struct ZipSlot {
    slots: Arc<ZipSlots>,
    caller: String,
    _overall: tokio::sync::OwnedSemaphorePermit,
}

impl ZipSlots {
    pub fn new(overall: usize, max_per_caller: usize) -> Self {
        Self {
            overall: Arc::new(tokio::sync::Semaphore::new(overall)),
            per_caller: Mutex::default(),
            max_per_caller,
        }
    }

    fn take(self: &Arc<Self>, caller: &ZipCaller) -> AppResult<ZipSlot> {
        let busy = || AppError::Throttled { retry_after: 10 };
        let caller = match caller {
            ZipCaller::User(id) => format!("user:{id}"),
            ZipCaller::Visitor(addr) => format!("addr:{}", addr.throttle_key()),
        };
        let mut per_caller = self.per_caller.lock().unwrap_or_else(|e| e.into_inner());
        let count = per_caller.entry(caller.clone()).or_default();
        if *count >= self.max_per_caller {
            return Err(busy());
        }
        let overall = Arc::clone(&self.overall).try_acquire_owned().map_err(|_| busy())?;
        *count += 1;
        Ok(ZipSlot { slots: Arc::clone(self), caller, _overall: overall })
    }
}

impl Drop for ZipSlot {
    fn drop(&mut self) {
        let mut per_caller = self.slots.per_caller.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = per_caller.get_mut(&self.caller) {
            *count -= 1;
            if *count == 0 {
                per_caller.remove(&self.caller);
            }
        }
    }
}

/// Streams `assets`' originals as `{name}.zip`.
pub fn zip_response(
    state: &AppState,
    caller: ZipCaller,
    assets: Vec<AssetRecord>,
    name: &str,
    hide_location: bool,
) -> AppResult<Response> {
    let entries = assets
        .into_iter()
        .map(|a| ZipEntry::Blob {
            name: a.filename,
            key: a.sha256,
            bytes: a.bytes,
            time: a.sort_key,
            hide_location,
        })
        .collect();
    zip_entries_response(state, caller, entries, name)
}

/// Streams `entries` as `{name}.zip`, written as the client reads it. The writer is a task, not a
/// thread: a client that reads slowly holds a few buffers, and one that stops reading for
/// `SEND_TIMEOUT` is cut off. `429` when the caller, or the server, has as many ZIPs going as allowed.
pub fn zip_entries_response(
    state: &AppState,
    caller: ZipCaller,
    entries: Vec<ZipEntry>,
    name: &str,
) -> AppResult<Response> {
    let slot = state.zips.take(&caller)?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(CHANNEL_DEPTH);
    let blobs = state.blobs.clone();
    tokio::spawn(async move {
        let _slot = slot;
        if let Err(e) = write_zip(blobs, &entries, &sender).await {
            // The status line has gone; cutting the stream short is how the browser learns of it.
            tracing::warn!(error = %e, "zip download stopped");
            let _ = sender.try_send(Err(std::io::Error::other("the archive could not be completed")));
        }
    });
    let body = Body::from_stream(futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx)));
    let filename: String =
        name.chars().filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_')).collect();
    let disposition = format!(
        "attachment; filename*=UTF-8''{}.zip",
        crate::routes::assets::percent_encode(filename.trim())
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// What the ZIP writer writes into; the task drains it into the response after each step.
#[derive(Clone, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl SharedBuffer {
    /// Hands what has been written to the response, waiting while the client is behind.
    async fn send(&self, sender: &tokio::sync::mpsc::Sender<std::io::Result<Bytes>>) -> anyhow::Result<()> {
        let chunk = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        if chunk.is_empty() {
            return Ok(());
        }
        match tokio::time::timeout(SEND_TIMEOUT, sender.send(Ok(Bytes::from(chunk)))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => anyhow::bail!("the download was cancelled"),
            Err(_) => anyhow::bail!("the client stopped reading"),
        }
    }
}

/// Names unique within the archive: a second `IMG_0001.JPG` becomes `IMG_0001 (2).JPG`.
fn unique_name(taken: &mut std::collections::HashSet<String>, filename: &str) -> String {
    let (stem, ext) = match filename.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (filename, String::new()),
    };
    let mut name = filename.to_string();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{stem} ({n}){ext}");
        n += 1;
    }
    name
}

fn entry_time(sort_key: i64) -> zip::DateTime {
    time::OffsetDateTime::from_unix_timestamp(sort_key)
        .ok()
        .and_then(|t| {
            zip::DateTime::from_date_and_time(
                u16::try_from(t.year()).ok()?,
                t.month() as u8,
                t.day(),
                t.hour(),
                t.minute(),
                t.second(),
            )
            .ok()
        })
        .unwrap_or_default()
}

async fn write_zip(
    blobs: Arc<dyn crate::blobs::BlobStore>,
    entries: &[ZipEntry],
    sender: &tokio::sync::mpsc::Sender<std::io::Result<Bytes>>,
) -> anyhow::Result<()> {
    use futures_util::StreamExt;
    let buffer = SharedBuffer::default();
    let mut zip = zip::ZipWriter::new_stream(buffer.clone()).set_auto_large_file();
    let mut names = std::collections::HashSet::new();
    for entry in entries {
        let (name, time, bytes) = match entry {
            ZipEntry::Blob { name, time, bytes, .. } => (name, *time, *bytes),
            ZipEntry::Data { name, data, time } => (name, *time, data.len() as u64),
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(bytes >= u64::from(u32::MAX))
            .last_modified_time(entry_time(time));
        zip.start_file(unique_name(&mut names, name), options)?;
        match entry {
            ZipEntry::Blob { key, hide_location, bytes, .. } => {
                let patches = if *hide_location {
                    let (store, blob) = (blobs.clone(), key.clone());
                    tokio::task::spawn_blocking(move || {
                        crate::routes::assets::location_patches(store.as_ref(), &blob)
                    })
                    .await??
                    .1
                } else {
                    Vec::new()
                };
                let stream = blobs.stream(key, 0..*bytes).await?;
                let mut stream = std::pin::pin!(crate::routes::assets::patched(stream, 0, patches));
                let mut sent = 0u64;
                while let Some(chunk) = stream.next().await {
                    let chunk = chunk?;
                    sent += chunk.len() as u64;
                    zip.write_all(&chunk)?;
                    buffer.send(sender).await?;
                }
                anyhow::ensure!(sent == *bytes, "blob {key} ended after {sent} of {bytes} bytes");
            }
            ZipEntry::Data { data, .. } => zip.write_all(data)?,
        }
        buffer.send(sender).await?;
    }
    zip.finish()?;
    buffer.send(sender).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_unique() {
        let mut taken = Default::default();
        assert_eq!(unique_name(&mut taken, "a.jpg"), "a.jpg");
        assert_eq!(unique_name(&mut taken, "A.JPG"), "A (2).JPG");
        assert_eq!(unique_name(&mut taken, "a.jpg"), "a (3).jpg");
        assert_eq!(unique_name(&mut taken, "noext"), "noext");
        assert_eq!(unique_name(&mut taken, "noext"), "noext (2)");
    }
}
