//! The upload queue: each dropped or picked file is processed in the web worker, checked against the
//! library by hash, then sent in chunks that resume after network errors and server restarts.

mod kept;
mod send;
mod video;

use crate::{api, processing::Processor, state::Library};
use leptos::{prelude::*, task::spawn_local};
use std::{cell::RefCell, collections::VecDeque, rc::Rc};

pub use send::sleep_ms;

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

    /// Whether files are being processed or sent.
    pub fn busy(&self) -> bool {
        self.running.get() > 0
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

/// See [`kept::set_aside_unowned`].
pub async fn set_aside_unowned() {
    kept::set_aside_unowned().await;
}
