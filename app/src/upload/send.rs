//! One file's way to the library: processed in the worker, checked by hash, then sent in chunks
//! that resume after network errors and server restarts.

use super::{Failure, HashClaim, ItemStatus, Pending, UploadItem, Uploads, video::video_frame};
use crate::{
    api::{self, ClientError},
    processing::{ProcessedFile, Processor},
    state::Library,
};
use futures_channel::oneshot;
use keepsake_api::{NewUpload, UPLOAD_CHUNK_BYTES, UploadStarted};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, prelude::Closure};

impl Uploads {
    pub(super) async fn upload_one(
        &self,
        processor: &Processor,
        item: &UploadItem,
        pending: &Pending,
        library: Library,
    ) -> Result<ItemStatus, Failure> {
        item.status.set(ItemStatus::Hashing);
        let mut processed =
            processor.process(&pending.file).await.map_err(|e| explain_processing_error(&e))?;
        if !processed.info.is_photo {
            // The poster frame comes from a <video> element, which only the page has.
            if let Ok(frame) = video_frame(&pending.file).await {
                // Recorded WebM often states no duration (the browser reports infinity).
                let duration = frame.duration.is_finite().then_some(frame.duration);
                processed.info.metadata.duration = processed.info.metadata.duration.or(duration);
                processed.info.metadata.width = processed.info.metadata.width.or(Some(frame.width));
                processed.info.metadata.height = processed.info.metadata.height.or(Some(frame.height));
                if let Ok((sizes, thumb, preview)) = processor.frame(frame).await {
                    processed.info.derivatives = Some(sizes);
                    processed.thumbnail = Some(thumb);
                    processed.preview = Some(preview);
                }
            }
        }
        let hash = processed.info.sha256.clone();
        let _claim = self.claim_hash(&hash).await;
        let known = retrying(|| api::check_hashes(vec![hash.clone()])).await.map_err(|e| explain(&e))?;
        if let Some(existing) = known.existing.first() {
            // Already here, perhaps uploaded loose: it is found in the folder it came from now too.
            if let Some(folder) = pending.folder.clone() {
                let credit = keepsake_api::AssetChange::CreditFolder { folder };
                if api::edit(vec![existing.asset_id.clone()], credit.clone())
                    .await
                    .is_ok_and(|r| r.changed > 0)
                {
                    library.assets.update(|list| {
                        if let Some(asset) = list.iter_mut().find(|a| a.id == existing.asset_id) {
                            crate::state::apply_here(asset, &credit);
                        }
                    });
                }
            }
            return Ok(ItemStatus::Duplicate);
        }
        item.status.set(ItemStatus::Uploading);
        match self.send(item, pending, &processed, library).await {
            Err(failure) if !failure.lasting => {
                // The same file sent at the same time from another tab or device shares the server's
                // upload, and whichever finishes second finds it gone: the photo is there.
                match api::check_hashes(vec![hash]).await {
                    Ok(known) if !known.existing.is_empty() => Ok(ItemStatus::Duplicate),
                    _ => Err(failure),
                }
            }
            other => other,
        }
    }

    /// The same photo twice in one batch (a copy in another folder): the second waits for the first
    /// to finish and is then found on the server, rather than racing it into the same upload.
    async fn claim_hash(&self, hash: &str) -> HashClaim {
        while self.hashes_in_flight.with_value(|h| h.contains(hash)) {
            sleep_ms(100).await;
        }
        self.hashes_in_flight.update_value(|h| {
            h.insert(hash.to_string());
        });
        HashClaim { claimed: self.hashes_in_flight, hash: hash.to_string() }
    }

    /// Opens (or rejoins) the server's upload, sends thumbnails and bytes, and finishes it.
    async fn send(
        &self,
        item: &UploadItem,
        pending: &Pending,
        processed: &ProcessedFile,
        library: Library,
    ) -> Result<ItemStatus, Failure> {
        let request = NewUpload {
            filename: pending.file.name(),
            mime: processed.info.mime.clone(),
            bytes: processed.info.bytes,
            sha256: processed.info.sha256.clone(),
            metadata: processed.info.metadata.clone(),
            folder: pending.folder.clone(),
        };
        let (upload_id, offset) =
            match retrying(|| api::open_upload(&request)).await.map_err(|e| explain(&e))? {
                UploadStarted::Duplicate { .. } => return Ok(ItemStatus::Duplicate),
                UploadStarted::Open { upload_id, offset } => (upload_id, offset),
            };
        if let (Some(sizes), Some(thumb), Some(preview)) =
            (&processed.info.derivatives, &processed.thumbnail, &processed.preview)
        {
            retrying(|| api::put_derivative(&upload_id, "thumbnail", thumb, sizes.thumbnail))
                .await
                .map_err(|e| explain(&e))?;
            retrying(|| api::put_derivative(&upload_id, "preview", preview, sizes.preview))
                .await
                .map_err(|e| explain(&e))?;
        }
        self.send_bytes(item, &pending.file, &upload_id, offset).await?;
        let placeholder = processed.info.derivatives.as_ref().map(|d| d.placeholder.clone());
        loop {
            match retrying(|| api::finish_upload(&upload_id, placeholder.clone())).await {
                Ok(asset) => {
                    library.insert(asset);
                    return Ok(ItemStatus::Done);
                }
                // Bytes went missing (a server restart mid-chunk): send the rest and try again.
                Err(ClientError::Api { code, .. }) if code == "incomplete" => {
                    let status =
                        retrying(|| api::upload_status(&upload_id)).await.map_err(|e| explain(&e))?;
                    self.send_bytes(item, &pending.file, &upload_id, status.offset).await?;
                }
                Err(e) => return Err(explain(&e)),
            }
        }
    }

    async fn send_bytes(
        &self,
        item: &UploadItem,
        file: &web_sys::File,
        upload_id: &str,
        mut offset: u64,
    ) -> Result<(), Failure> {
        let size = file.size() as u64;
        item.sent.set(offset);
        let mut failures = 0u32;
        while offset < size {
            let end = (offset + UPLOAD_CHUNK_BYTES).min(size);
            let chunk = file
                .slice_with_f64_and_f64(offset as f64, end as f64)
                .map_err(|_| Failure::passing("the file could not be read"))?;
            match api::put_chunk(upload_id, offset, &chunk).await {
                Ok(status) => {
                    self.sent_total.update(|t| *t += status.offset - offset);
                    offset = status.offset;
                    item.sent.set(offset);
                    failures = 0;
                }
                Err(e) if retryable(&e) || e.code() == "offset-mismatch" || e.code() == "upload-busy" => {
                    if matches!(e, ClientError::Network(_)) && !crate::offline::is_online() {
                        // Offline: wait for the network, however long, without counting it a failure.
                        crate::offline::online().await;
                    } else {
                        failures += 1;
                    }
                    // A server that keeps failing this upload will not mend by itself: stop, say so,
                    // and leave it to the Retry button.
                    if failures > MAX_FAILURES {
                        return Err(explain(&e));
                    }
                    if failures > 1 {
                        sleep_ms(backoff_ms(failures)).await;
                    }
                    // Ask the server how much it really has, and carry on from there.
                    if let Ok(status) = api::upload_status(upload_id).await {
                        offset = status.offset;
                        item.sent.set(offset);
                    }
                }
                Err(e) => return Err(explain(&e)),
            }
        }
        Ok(())
    }
}

fn retryable(e: &ClientError) -> bool {
    matches!(e, ClientError::Network(_))
        || matches!(e, ClientError::Api { status, .. } if *status >= 500 || *status == 429)
}

/// Tries of one call before giving up on it: about five minutes of growing pauses.
const MAX_FAILURES: u32 = 12;

fn backoff_ms(failures: u32) -> u32 {
    (500 * 2u32.saturating_pow(failures.min(6))).min(30_000)
}

/// Retries calls that failed for want of a server (restarting), with growing pauses, and waits out
/// being offline however long it lasts; the queue outlives a server restart.
async fn retrying<T, F, Fut>(mut call: F) -> Result<T, ClientError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ClientError>>,
{
    let mut failures = 0;
    loop {
        match call().await {
            Err(ClientError::Network(_)) if !crate::offline::is_online() => crate::offline::online().await,
            Err(e) if retryable(&e) && failures < MAX_FAILURES => {
                failures += 1;
                sleep_ms(backoff_ms(failures)).await;
            }
            other => return other,
        }
    }
}

pub async fn sleep_ms(ms: u32) {
    let (tx, rx) = oneshot::channel::<()>();
    let callback = Closure::once_into_js(move || {
        let _ = tx.send(());
    });
    if let Some(window) = web_sys::window() {
        let _ =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms as i32);
    }
    let _ = rx.await;
}

fn explain(e: &ClientError) -> Failure {
    let refused = |reason: String| Failure { reason, lasting: true };
    match e {
        ClientError::Api { code, message, .. } if code == "too-large" => {
            refused(format!("too big: {message}"))
        }
        ClientError::Api { code, message, .. } if code == "corrupt" => refused(format!("damaged: {message}")),
        ClientError::Api { code, message, .. } if code == "over-quota" => {
            refused(format!("no room: {message}"))
        }
        ClientError::Api { code, message, .. } if code == "unsupported" => {
            refused(format!("unsupported: {message}"))
        }
        other => Failure::passing(other.to_string()),
    }
}

/// The worker's error strings start with a reason word; turn them into a sentence for the panel.
fn explain_processing_error(e: &str) -> Failure {
    let refused = |reason: String| Failure { reason, lasting: true };
    match e.split_once(": ") {
        Some(("corrupt", detail)) => refused(format!("damaged file: {detail}")),
        Some(("unsupported", _)) => refused("unsupported: not a photo or video Keepsake recognises".into()),
        Some(("too-big", detail)) => refused(format!("too big: {detail}")),
        _ => Failure::passing(format!("could not be read: {e}")),
    }
}
