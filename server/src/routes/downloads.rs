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
    error::{ApiJson, AppError, AppResult},
    permissions::{Action, Resource, authorize},
    routes::assets::{BATCH_BODY_LIMIT, chosen},
};
use axum::{
    Json, Router,
    body::{Body, Bytes},
    extract::{DefaultBodyLimit, Path, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use keepsake_api::{API_PREFIX, AssetIds, DownloadTicket, paths};
use std::{collections::HashMap, io::Write, sync::Mutex};

const TICKET_SECONDS: i64 = 600;
/// Bytes handed to the response at a time; with the channel's depth, the most held in memory.
const CHUNK: usize = 256 * 1024;
const CHANNEL_DEPTH: usize = 4;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::DOWNLOADS, post(new_ticket).layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)))
        .route("/downloads/{ticket}", get(download))
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
    let now = state.clock.now();
    let token = crate::auth::random_hex(16);
    let mut tickets = state.downloads.0.lock().unwrap_or_else(|e| e.into_inner());
    tickets.retain(|_, t| t.expires_at > now);
    tickets.insert(
        token.clone(),
        Ticket { owner: user.0.id, ids: request.ids, expires_at: now + TICKET_SECONDS },
    );
    Ok(Json(DownloadTicket { url: format!("{API_PREFIX}{}/{token}", paths::DOWNLOADS) }))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(token): Path<String>,
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
            let mut assets = Vec::with_capacity(ids.len());
            for id in &ids {
                let asset = store.asset(id)?.ok_or(AppError::NotFound)?;
                authorize(principal, Action::Read, Resource::Asset(&asset))?;
                if asset.trashed_at.is_none() {
                    assets.push(asset);
                }
            }
            Ok(assets)
        })
        .await?;
    Ok(zip_response(&state, assets, "Keepsake photos"))
}

/// One file in a ZIP: a stored blob, or bytes made for the archive (an order sheet).
pub enum ZipEntry {
    Blob { name: String, key: String, bytes: u64, time: i64 },
    Data { name: String, data: Vec<u8>, time: i64 },
}

/// Streams `assets`' originals as `{name}.zip`.
pub fn zip_response(state: &AppState, assets: Vec<AssetRecord>, name: &str) -> Response {
    let entries = assets
        .into_iter()
        .map(|a| ZipEntry::Blob { name: a.filename, key: a.sha256, bytes: a.bytes, time: a.sort_key })
        .collect();
    zip_entries_response(state, entries, name)
}

/// Streams `entries` as `{name}.zip`, written as the client reads it.
pub fn zip_entries_response(state: &AppState, entries: Vec<ZipEntry>, name: &str) -> Response {
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(CHANNEL_DEPTH);
    let blobs = state.blobs.clone();
    tokio::task::spawn_blocking(move || {
        let writer = ChannelWriter { sender: sender.clone(), buffer: Vec::with_capacity(CHUNK) };
        if let Err(e) = write_zip(blobs.as_ref(), &entries, writer) {
            // The status line has gone; cutting the stream short is how the browser learns of it.
            tracing::error!(error = ?e, "zip download stopped");
            let _ = sender.blocking_send(Err(std::io::Error::other("the archive could not be completed")));
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
    response
}

/// A `Write` that hands full chunks to the response; blocks while the client is slower than the disk.
struct ChannelWriter {
    sender: tokio::sync::mpsc::Sender<std::io::Result<Bytes>>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        self.sender
            .blocking_send(Ok(Bytes::from(chunk)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the download was cancelled"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let room = CHUNK - self.buffer.len();
        let n = room.min(data.len());
        self.buffer.extend_from_slice(&data[..n]);
        if self.buffer.len() == CHUNK {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
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

fn write_zip(
    blobs: &dyn crate::blobs::BlobStore,
    entries: &[ZipEntry],
    writer: ChannelWriter,
) -> anyhow::Result<()> {
    let mut zip = zip::ZipWriter::new_stream(writer).set_auto_large_file();
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
            ZipEntry::Blob { key, .. } => {
                let path = blobs.path(key).ok_or_else(|| anyhow::anyhow!("blob {key} missing"))?;
                std::io::copy(&mut std::fs::File::open(path)?, &mut zip)?;
            }
            ZipEntry::Data { data, .. } => zip.write_all(data)?,
        }
    }
    zip.finish()?.into_inner().flush()?;
    Ok(())
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
