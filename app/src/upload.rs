//! The upload queue: each dropped or picked file is processed in the web worker, checked against the
//! library by hash, then sent in chunks that resume after network errors and server restarts.

use crate::{
    api::{self, ClientError},
    processing::{Frame, ProcessedFile, Processor},
    state::Library,
};
use futures_channel::oneshot;
use keepsake_api::{NewUpload, UPLOAD_CHUNK_BYTES, UploadStarted};
use leptos::{prelude::*, task::spawn_local};
use std::{cell::RefCell, collections::VecDeque, rc::Rc};
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};

/// How many files are in flight at once: one can be read in the worker while another uploads.
const PARALLEL: usize = 2;

#[derive(Debug, Clone, PartialEq)]
pub enum ItemStatus {
    Waiting,
    /// In the worker: read, hashed, thumbnails made.
    Hashing,
    Uploading,
    Done,
    Duplicate,
    Failed(Failure),
}

impl ItemStatus {
    /// In the library now: uploaded by this item, or there before.
    pub fn in_library(&self) -> bool {
        matches!(self, Self::Done | Self::Duplicate)
    }

    pub fn is_finished(&self) -> bool {
        !matches!(self, Self::Waiting | Self::Hashing | Self::Uploading)
    }

    /// Whether the file stays in the kept queue: until it is uploaded or refused for what it is. A
    /// failure another try may mend (the server away for minutes) keeps it for the next page load.
    fn worth_keeping(&self) -> bool {
        match self {
            Self::Failed(failure) => !failure.lasting,
            other => !other.is_finished(),
        }
    }
}

/// Why a file was not uploaded, in words for the person.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub reason: String,
    /// The file itself was refused (damaged, unsupported, too big): trying the same bytes again fails
    /// the same way. Otherwise (network, server) a later try may well succeed.
    pub lasting: bool,
}

impl Failure {
    fn passing(reason: impl Into<String>) -> Self {
        Self { reason: reason.into(), lasting: false }
    }
}

#[derive(Clone)]
pub struct UploadItem {
    pub id: usize,
    pub name: String,
    pub bytes: u64,
    pub status: RwSignal<ItemStatus>,
    pub sent: RwSignal<u64>,
    /// Its key in the kept queue, once it is kept there.
    kept: RwSignal<Option<String>>,
    /// The file again, once it failed, for "Retry".
    retry: StoredValue<Option<Pending>, LocalStorage>,
}

impl UploadItem {
    pub fn can_retry(&self) -> bool {
        self.retry.with_value(Option::is_some)
    }
}

/// A file waiting for its turn, with the folder it came from (for folder picks, dropped folders and
/// backed-up folders).
#[derive(Clone)]
pub struct Pending {
    pub file: web_sys::File,
    pub folder: Option<String>,
    pub origin: Origin,
}

impl Pending {
    pub fn picked(file: web_sys::File, folder: Option<String>) -> Self {
        Self { file, folder, origin: Origin::Picked }
    }
}

/// Where a file in the queue came from, which decides how it outlives a closed tab.
#[derive(Clone)]
pub enum Origin {
    /// Picked, dropped or pasted: kept in IndexedDB until it is uploaded.
    Picked,
    /// In the kept queue already under this key (restored, or shared to Keepsake).
    Kept(String),
    /// Found by a folder backup, which finds it again at its next scan rather than keeping a copy;
    /// told every outcome (a retry from the panel tells it again).
    Backup(Rc<dyn Fn(&ItemStatus)>),
}

type Queue = VecDeque<(UploadItem, Pending)>;

#[derive(Clone, Copy)]
pub struct Uploads {
    pub items: RwSignal<Vec<UploadItem>>,
    /// Bytes sent in this batch, and when the batch started (ms), for the speed figure.
    pub sent_total: RwSignal<u64>,
    pub started_at: RwSignal<f64>,
    queue: StoredValue<Rc<RefCell<Queue>>, LocalStorage>,
    running: RwSignal<usize>,
    processor: StoredValue<Option<Rc<Processor>>, LocalStorage>,
    /// Hashes of the files between their hash check and the end of their upload.
    hashes_in_flight: StoredValue<std::collections::HashSet<String>>,
    /// Who is signed in: kept files are theirs.
    owner: RwSignal<Option<u64>>,
    /// The app's reactive owner: items are made under it, so they outlive the library page (an upload
    /// cut off by signing out still finishes its bookkeeping).
    scope: StoredValue<Option<Owner>, LocalStorage>,
}

impl Uploads {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            sent_total: RwSignal::new(0),
            started_at: RwSignal::new(0.0),
            queue: StoredValue::new_local(Rc::default()),
            running: RwSignal::new(0),
            processor: StoredValue::new_local(None),
            owner: RwSignal::new(None),
            hashes_in_flight: StoredValue::new(Default::default()),
            scope: StoredValue::new_local(Owner::current()),
        }
    }

    /// The person signed out: what is still waiting stays kept for their next sign-in, and the panel
    /// starts empty for whoever comes next.
    pub fn signed_out(&self) {
        self.owner.set(None);
        self.queue.get_value().borrow_mut().clear();
        self.items.set(Vec::new());
    }

    /// Someone signed in: upload what was kept for them (or shared to Keepsake) and not yet sent.
    pub fn restore(&self, owner: u64, library: Library) {
        self.owner.set(Some(owner));
        let this = *self;
        spawn_local(async move {
            let files = kept::take_for(owner).await;
            this.add(files, library);
        });
    }

    pub fn active(&self) -> bool {
        self.running.get() > 0
    }

    /// The speed figure counts from the start of a batch: files added while nothing is running.
    fn new_batch_if_idle(&self) {
        if self.running.get_untracked() == 0 {
            self.sent_total.set(0);
            self.started_at.set(js_sys::Date::now());
        }
    }

    pub fn add(&self, files: Vec<Pending>, library: Library) {
        if files.is_empty() {
            return;
        }
        self.new_batch_if_idle();
        let first_id = self.items.with_untracked(|items| items.len());
        let mut new_items = Vec::new();
        for (n, pending) in files.into_iter().enumerate() {
            let make = || UploadItem {
                id: first_id + n,
                name: pending.file.name(),
                bytes: pending.file.size() as u64,
                status: RwSignal::new(ItemStatus::Waiting),
                sent: RwSignal::new(0),
                kept: RwSignal::new(match &pending.origin {
                    Origin::Kept(key) => Some(key.clone()),
                    _ => None,
                }),
                retry: StoredValue::new_local(None),
            };
            let item = match self.scope.get_value() {
                Some(scope) => scope.with(make),
                None => make(),
            };
            new_items.push(item.clone());
            self.enqueue(item, pending);
        }
        self.items.update(|items| items.extend(new_items));
        self.start(library);
    }

    /// Puts a file in line, kept in IndexedDB meanwhile if it was picked.
    fn enqueue(&self, item: UploadItem, pending: Pending) {
        if matches!(pending.origin, Origin::Picked) {
            let (item, file, folder, owner) =
                (item.clone(), pending.file.clone(), pending.folder.clone(), self.owner.get_untracked());
            spawn_local(async move {
                let Some(key) = kept::keep(&file, folder, owner).await else { return };
                // Finished before it was kept: nothing to keep any more.
                if !item.status.get_untracked().worth_keeping() {
                    kept::forget(&key).await;
                } else {
                    item.kept.set(Some(key));
                }
            });
        }
        self.queue.get_value().borrow_mut().push_back((item, pending));
    }

    /// Sends a failed file again, in its place in the list.
    pub fn retry(&self, item: &UploadItem, library: Library) {
        let Some(mut pending) = item.retry.try_update_value(Option::take).flatten() else { return };
        pending.origin = match (pending.origin, item.kept.get_untracked()) {
            (Origin::Backup(report), _) => Origin::Backup(report),
            (_, Some(key)) => Origin::Kept(key),
            // Forgotten when it failed: keep it again while it waits.
            (_, None) => Origin::Picked,
        };
        self.new_batch_if_idle();
        item.status.set(ItemStatus::Waiting);
        item.sent.set(0);
        self.enqueue(item.clone(), pending);
        self.start(library);
    }

    /// Every failed file that may succeed on another try.
    pub fn retry_failed(&self, library: Library) {
        for item in self.items.get_untracked() {
            self.retry(&item, library);
        }
    }

    fn start(&self, library: Library) {
        while self.running.get_untracked() < PARALLEL {
            self.running.update(|r| *r += 1);
            let this = *self;
            spawn_local(async move {
                this.drain(library).await;
                this.running.update(|r| *r -= 1);
                if this.running.get_untracked() == 0 {
                    // Asked again only so the service worker's copy of the timeline (what the app
                    // shows offline) has the photos just added; the page already shows them.
                    let _ = api::assets_page(None, keepsake_api::TIMELINE_PAGE).await;
                }
            });
        }
    }

    fn processor(&self) -> Result<Rc<Processor>, Failure> {
        if let Some(p) = self.processor.get_value() {
            return Ok(p);
        }
        let p = Rc::new(
            Processor::new().map_err(|e| Failure::passing(format!("cannot start the worker: {e:?}")))?,
        );
        self.processor.set_value(Some(p.clone()));
        Ok(p)
    }

    async fn drain(&self, library: Library) {
        loop {
            let next = self.queue.get_value().borrow_mut().pop_front();
            let Some((item, pending)) = next else { break };
            let outcome = match self.processor() {
                Ok(p) => self.upload_one(&p, &item, &pending, library).await,
                Err(e) => Err(e),
            };
            // Cut off by signing out: still kept, for the next sign-in.
            let signed_out = outcome.is_err() && self.owner.get_untracked().is_none();
            let status = outcome.unwrap_or_else(ItemStatus::Failed);
            let keep = signed_out || status.worth_keeping();
            if let Origin::Backup(report) = &pending.origin {
                report(&status);
            }
            // Another try may mend it: "Retry" offers one (refused files would only fail again).
            if matches!(&status, ItemStatus::Failed(f) if !f.lasting) && !signed_out {
                item.retry.set_value(Some(pending));
            }
            item.status.set(status);
            // Uploaded, already there, or refused for what it is: no longer kept.
            if let (Some(key), false) = (item.kept.get_untracked(), keep) {
                item.kept.set(None);
                kept::forget(&key).await;
            }
        }
    }

    async fn upload_one(
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

/// A file's hash, claimed from its hash check to the end of its upload, however that ends.
struct HashClaim {
    claimed: StoredValue<std::collections::HashSet<String>>,
    hash: String,
}

impl Drop for HashClaim {
    fn drop(&mut self) {
        self.claimed.try_update_value(|h| h.remove(&self.hash));
    }
}

impl Default for Uploads {
    fn default() -> Self {
        Self::new()
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

async fn wait_event(target: &web_sys::EventTarget, ok: &str) -> Result<(), JsValue> {
    let (tx, rx) = oneshot::channel::<bool>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let (t1, t2) = (tx.clone(), tx);
    let on_ok = Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = t1.borrow_mut().take() {
            let _ = tx.send(true);
        }
    });
    let on_err = Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = t2.borrow_mut().take() {
            let _ = tx.send(false);
        }
    });
    target.add_event_listener_with_callback(ok, on_ok.as_ref().unchecked_ref())?;
    target.add_event_listener_with_callback("error", on_err.as_ref().unchecked_ref())?;
    let result = rx.await.unwrap_or(false);
    let _ = target.remove_event_listener_with_callback(ok, on_ok.as_ref().unchecked_ref());
    let _ = target.remove_event_listener_with_callback("error", on_err.as_ref().unchecked_ref());
    if result { Ok(()) } else { Err(JsValue::from_str("the browser cannot play this video")) }
}

/// A frame of a video, grabbed through a `<video>` element and a canvas.
async fn video_frame(file: &web_sys::File) -> Result<Frame, JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(file)?;
    let result = async {
        let video: web_sys::HtmlVideoElement = document.create_element("video")?.dyn_into()?;
        video.set_muted(true);
        video.set_preload("auto");
        video.set_src(&url);
        wait_event(&video, "loadeddata").await?;
        let duration = video.duration();
        let at = if duration.is_finite() { (duration / 2.0).min(1.0) } else { 0.0 };
        video.set_current_time(at);
        wait_event(&video, "seeked").await?;
        let (width, height) = (video.video_width(), video.video_height());
        let scaled = keepsake_api::fit_within(width, height, keepsake_api::PREVIEW_EDGE);
        let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
        canvas.set_width(scaled.0);
        canvas.set_height(scaled.1);
        let ctx: web_sys::CanvasRenderingContext2d =
            canvas.get_context("2d")?.ok_or("no 2d context")?.dyn_into()?;
        ctx.draw_image_with_html_video_element_and_dw_and_dh(
            &video,
            0.0,
            0.0,
            scaled.0 as f64,
            scaled.1 as f64,
        )?;
        let pixels = ctx.get_image_data(0.0, 0.0, scaled.0 as f64, scaled.1 as f64)?.data().0;
        Ok(Frame { width, height, duration, pixels, scaled })
    }
    .await;
    let _ = web_sys::Url::revoke_object_url(&url);
    result
}

/// The queue's copy in IndexedDB, so files wait out a closed tab or a reload; the service worker adds
/// files shared to Keepsake there too.
mod kept {
    use super::Pending;
    use crate::store::queue;
    use wasm_bindgen::{JsCast, JsValue};

    pub async fn keep(file: &web_sys::File, folder: Option<String>, owner: Option<u64>) -> Option<String> {
        queue::add(file, folder, owner).await
    }

    pub async fn forget(key: &str) {
        queue::remove(key).await;
    }

    /// What is kept for `owner`.
    pub async fn take_for(owner: u64) -> Vec<Pending> {
        let Some(entries) = queue::all().await else { return Vec::new() };
        let field =
            |entry: &JsValue, name: &str| js_sys::Reflect::get(entry, &name.into()).unwrap_or(JsValue::NULL);
        let entries: Vec<JsValue> = js_sys::Array::from(&entries).iter().collect();
        entries
            .into_iter()
            .filter(|e| field(e, "owner").as_f64().is_some_and(|o| o as u64 == owner))
            .filter_map(|e| {
                let file = field(&e, "file").dyn_into::<web_sys::File>().ok()?;
                Some(Pending {
                    file,
                    folder: field(&e, "folder").as_string(),
                    origin: super::Origin::Kept(field(&e, "key").as_string()?),
                })
            })
            .collect()
    }

    /// Files a service worker of an earlier release queued for whoever signed in next go aside with
    /// the other shared files, to wait for the person's yes like them.
    pub async fn set_aside_unowned() {
        let Some(entries) = queue::all().await else { return };
        let field =
            |entry: &JsValue, name: &str| js_sys::Reflect::get(entry, &name.into()).unwrap_or(JsValue::NULL);
        for entry in js_sys::Array::from(&entries).iter().filter(|e| field(e, "owner").as_f64().is_none()) {
            if let (Ok(file), Some(key)) =
                (field(&entry, "file").dyn_into::<web_sys::File>(), field(&entry, "key").as_string())
            {
                crate::store::shared::add(&file).await;
                queue::remove(&key).await;
            }
        }
    }
}

/// See [`kept::set_aside_unowned`].
pub async fn set_aside_unowned() {
    kept::set_aside_unowned().await;
}
