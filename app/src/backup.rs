//! Automatic backup of folders, the way a phone app's "auto-save" works: the person picks a folder
//! once (File System Access API, Chromium on the desktop), the browser remembers the handle (kept in
//! IndexedDB, see `store`), and whenever Keepsake is open — when it opens and then on an
//! interval — the folder is walked for photos (and videos) that are new or changed since they were
//! last backed up. Those go through the ordinary upload queue, which hashes each one and sends only
//! what the server does not have, with the folder structure kept for the folders view.
//!
//! What was backed up is recorded per file (path, size, modification time, outcome) so a scan of an
//! unchanged folder reads no file at all. A file the server refused (damaged, unsupported) is not
//! tried again until it changes; one that failed for want of a network is tried at the next scan.

use crate::{
    state::Library,
    store,
    upload::{ItemStatus, Origin, Pending, Uploads, sleep_ms},
};
use futures_channel::oneshot;
use js_sys::{Function, Promise, Reflect};
use leptos::{prelude::*, task::spawn_local};
use serde::{Deserialize, Serialize};
use std::{
    cell::RefCell,
    collections::{BTreeMap, HashMap},
    rc::Rc,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Files handed to the upload queue at a time: few enough that pausing, or a metered connection,
/// takes effect within a few files.
const BATCH: usize = 4;

/// Whether this browser can remember a folder and read it again later.
pub fn supported() -> bool {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &"showDirectoryPicker".into()).ok())
        .is_some_and(|f| f.is_function())
}

/// What the person chose, per person on this device.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Videos as well as photos.
    pub videos: bool,
    /// Minutes between scans while Keepsake is open; 0: only when it opens.
    pub every_minutes: u32,
    pub paused: bool,
    /// Upload on a metered (cellular) connection rather than wait for Wi-Fi.
    pub mobile_data: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self { videos: true, every_minutes: 60, paused: false, mobile_data: false }
    }
}

/// What the backup is doing now, for the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Idle,
    Scanning(String),
    Sending { folder: String, left: usize },
    Paused,
    WaitingForWifi,
}

/// Whether the browser still lets Keepsake read a folder.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum Access {
    #[default]
    Granted,
    /// Browsers ask again after a restart: the person must allow it with a click.
    Ask,
    /// Moved, deleted, or refused.
    Lost,
}

/// One backed-up folder: as the page shows it, and as kept in IndexedDB (its handle beside it). The
/// counts are of the files found by the last scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Folder {
    pub key: String,
    owner: u64,
    pub name: String,
    pub last_scan: Option<f64>,
    pub backed_up: usize,
    pub pending: usize,
    /// Path → reason.
    pub failed: BTreeMap<String, String>,
    /// The browser's answer now, asked afresh at each scan.
    #[serde(skip)]
    pub access: Access,
}

/// What was last done with one file of a folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FileRecord {
    key: String,
    folder: String,
    path: String,
    size: f64,
    modified: f64,
    outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Outcome {
    BackedUp,
    Failed { reason: String, lasting: bool },
}

impl FileRecord {
    /// Nothing to do until the file changes.
    fn settled(&self, size: f64, modified: f64) -> bool {
        self.size == size
            && self.modified == modified
            && matches!(self.outcome, Outcome::BackedUp | Outcome::Failed { lasting: true, .. })
    }
}

/// A file found by a scan.
#[derive(Clone)]
struct Found {
    path: String,
    file: web_sys::File,
}

impl Found {
    fn size(&self) -> f64 {
        self.file.size()
    }

    fn modified(&self) -> f64 {
        self.file.last_modified()
    }
}

#[derive(Clone, Copy)]
pub struct Backup {
    pub folders: RwSignal<Vec<Folder>>,
    pub settings: RwSignal<Settings>,
    pub status: RwSignal<Status>,
    /// Something to tell the person (a folder already backed up, a picker that failed).
    pub message: RwSignal<Option<String>>,
    owner: RwSignal<Option<u64>>,
    handles: StoredValue<HashMap<String, JsValue>, LocalStorage>,
    /// Per folder, the state of each file the last scan found.
    tallies: StoredValue<HashMap<String, HashMap<String, Tally>>, LocalStorage>,
    scanning: StoredValue<bool>,
    scan_again: StoredValue<bool>,
    timer: StoredValue<Option<IntervalHandle>>,
    uploads: StoredValue<Option<(Uploads, Library)>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tally {
    BackedUp,
    Pending,
    Failed(String),
}

impl Backup {
    pub fn new() -> Self {
        Self {
            folders: RwSignal::new(Vec::new()),
            settings: RwSignal::new(Settings::default()),
            status: RwSignal::new(Status::Idle),
            message: RwSignal::new(None),
            owner: RwSignal::new(None),
            handles: StoredValue::new_local(HashMap::new()),
            tallies: StoredValue::new_local(HashMap::new()),
            scanning: StoredValue::new(false),
            scan_again: StoredValue::new(false),
            timer: StoredValue::new(None),
            uploads: StoredValue::new(None),
        }
    }

    /// Someone signed in: their folders are scanned now and then on their interval.
    pub fn start(&self, owner: u64, uploads: Uploads, library: Library) {
        if !supported() || self.owner.get_untracked() == Some(owner) {
            return;
        }
        self.owner.set(Some(owner));
        self.uploads.set_value(Some((uploads, library)));
        self.settings.set(load_settings(owner));
        let this = *self;
        spawn_local(async move {
            this.load(owner).await;
            this.schedule();
            this.scan_all().await;
        });
    }

    /// Signed out: nothing more is scanned or shown until the next person signs in.
    pub fn stop(&self) {
        self.owner.set(None);
        if let Some(timer) = self.timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        self.folders.set(Vec::new());
        self.handles.update_value(HashMap::clear);
        self.tallies.update_value(HashMap::clear);
        self.status.set(Status::Idle);
        self.message.set(None);
    }

    pub fn set_settings(&self, settings: Settings) {
        let Some(owner) = self.owner.get_untracked() else { return };
        let before = self.settings.get_untracked();
        self.settings.set(settings);
        save_settings(owner, settings);
        if before.every_minutes != settings.every_minutes {
            self.schedule();
        }
        if settings.videos && !before.videos {
            // Videos left out before are in scope now.
            self.scan_now();
        }
    }

    fn schedule(&self) {
        if let Some(timer) = self.timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
        let minutes = self.settings.get_untracked().every_minutes;
        if minutes == 0 {
            return;
        }
        let this = *self;
        let timer = set_interval_with_handle(
            move || this.scan_now(),
            std::time::Duration::from_secs(u64::from(minutes) * 60),
        );
        self.timer.set_value(timer.ok());
    }

    pub fn scan_now(&self) {
        let this = *self;
        spawn_local(async move { this.scan_all().await });
    }

    /// Asks for a folder (this must run from a click) and backs it up from now on.
    pub async fn add_folder(&self) {
        let Some(owner) = self.owner.get_untracked() else { return };
        let handle = match pick_folder().await {
            Ok(handle) => handle,
            // Closing the picker is a choice, not an error.
            Err(e) if error_name(&e) == "AbortError" => return,
            Err(e) => {
                web_sys::console::warn_2(&"the folder picker failed".into(), &e);
                self.message.set(Some("The folder could not be opened.".into()));
                return;
            }
        };
        for (key, known) in self.handles.get_value() {
            if same_entry(&known, &handle).await {
                let name = self.view(&key).map(|f| f.name).unwrap_or_default();
                self.message.set(Some(format!("{name} is backed up already.")));
                return;
            }
        }
        let name = Reflect::get(&handle, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
        let Some(key) = store::backups::new_key() else { return };
        let folder = Folder {
            key: key.clone(),
            owner,
            name,
            last_scan: None,
            backed_up: 0,
            pending: 0,
            failed: BTreeMap::new(),
            access: Access::Granted,
        };
        if !save_folder(&folder, &handle).await {
            self.message.set(Some("This browser would not remember the folder.".into()));
            return;
        }
        self.message.set(None);
        self.handles.update_value(|h| {
            h.insert(key.clone(), handle);
        });
        self.folders.update(|f| f.push(folder));
        self.scan_all().await;
    }

    /// Stops backing up a folder; what was uploaded from it stays in the library.
    pub async fn remove(&self, key: &str) {
        store::backups::remove_folder(key).await;
        self.handles.update_value(|h| {
            h.remove(key);
        });
        self.tallies.update_value(|t| {
            t.remove(key);
        });
        self.folders.update(|f| f.retain(|f| f.key != key));
    }

    /// Asks the browser to let Keepsake read the folder again (this must run from a click).
    pub async fn allow(&self, key: &str) {
        let Some(handle) = self.handles.with_value(|h| h.get(key).cloned()) else { return };
        let access = permission(&handle, "requestPermission").await;
        self.update_view(key, |f| f.access = access);
        if access == Access::Granted {
            self.scan_all().await;
        }
    }

    fn view(&self, key: &str) -> Option<Folder> {
        self.folders.with_untracked(|f| f.iter().find(|f| f.key == key).cloned())
    }

    fn update_view(&self, key: &str, change: impl FnOnce(&mut Folder)) {
        self.folders.update(|folders| {
            if let Some(folder) = folders.iter_mut().find(|f| f.key == key) {
                change(folder);
            }
        });
    }

    async fn load(&self, owner: u64) {
        let Some(records) = store::backups::folders().await else { return };
        let mut folders = Vec::new();
        let mut handles = HashMap::new();
        for entry in js_sys::Array::from(&records).iter() {
            let Some(mut folder) = from_js::<Folder>(&entry) else { continue };
            if folder.owner != owner {
                continue;
            }
            let handle = Reflect::get(&entry, &"handle".into()).unwrap_or(JsValue::NULL);
            folder.access = permission(&handle, "queryPermission").await;
            handles.insert(folder.key.clone(), handle);
            folders.push(folder);
        }
        folders.sort_by(|a, b| a.name.cmp(&b.name));
        self.handles.set_value(handles);
        self.folders.set(folders);
    }

    /// Scans every folder in turn; a scan asked for meanwhile runs once this one ends.
    async fn scan_all(&self) {
        if self.scanning.get_value() {
            self.scan_again.set_value(true);
            return;
        }
        self.scanning.set_value(true);
        loop {
            self.scan_again.set_value(false);
            let keys: Vec<String> =
                self.folders.with_untracked(|f| f.iter().map(|f| f.key.clone()).collect());
            for key in keys {
                if let Err(e) = self.scan(&key).await {
                    web_sys::console::warn_2(&"a backup scan stopped".into(), &e);
                }
            }
            if !self.scan_again.get_value() || self.owner.get_untracked().is_none() {
                break;
            }
        }
        self.scanning.set_value(false);
        self.status.set(Status::Idle);
    }

    async fn scan(&self, key: &str) -> Result<(), JsValue> {
        let Some(owner) = self.owner.get_untracked() else { return Ok(()) };
        let (Some(handle), Some(folder)) = (self.handles.with_value(|h| h.get(key).cloned()), self.view(key))
        else {
            return Ok(());
        };
        let access = permission(&handle, "queryPermission").await;
        self.update_view(key, |f| f.access = access);
        if access != Access::Granted {
            return Ok(());
        }
        self.status.set(Status::Scanning(folder.name.clone()));
        let found = match walk(&handle, self.settings.get_untracked().videos).await {
            Ok(found) => found,
            Err(e) => {
                // The folder was moved or deleted since it was picked.
                self.update_view(key, |f| f.access = Access::Lost);
                return Err(e);
            }
        };
        if self.owner.get_untracked() != Some(owner) {
            return Ok(());
        }
        let mut known: HashMap<String, FileRecord> = match store::backups::files(key).await {
            Some(records) => js_sys::Array::from(&records)
                .iter()
                .filter_map(|r| from_js::<FileRecord>(&r))
                .map(|r| (r.path.clone(), r))
                .collect(),
            None => HashMap::new(),
        };
        // Records of files gone from the folder (or no longer in scope) are dropped.
        let present: std::collections::HashSet<&str> = found.iter().map(|f| f.path.as_str()).collect();
        let gone: Vec<String> =
            known.values().filter(|r| !present.contains(r.path.as_str())).map(|r| r.key.clone()).collect();
        if !gone.is_empty() {
            store::backups::remove_files(&to_js(&gone)).await;
            known.retain(|path, _| present.contains(path.as_str()));
        }
        let mut tally = HashMap::new();
        let mut to_send = Vec::new();
        for file in found {
            let state = match known.get(&file.path) {
                Some(record) if record.settled(file.size(), file.modified()) => match &record.outcome {
                    Outcome::BackedUp => Tally::BackedUp,
                    Outcome::Failed { reason, .. } => Tally::Failed(reason.clone()),
                },
                _ => Tally::Pending,
            };
            if state == Tally::Pending {
                to_send.push(file.clone());
            }
            tally.insert(file.path, state);
        }
        self.tallies.update_value(|t| {
            t.insert(key.to_string(), tally);
        });
        self.recount(key, Some(js_sys::Date::now())).await;

        let mut left = to_send.len();
        for batch in to_send.chunks(BATCH) {
            // Signed out, or the folder no longer backed up, while this scan waited.
            if !self.ready_to_send(owner).await || self.view(key).is_none() {
                return Ok(());
            }
            self.status.set(Status::Sending { folder: folder.name.clone(), left });
            let Some((uploads, library)) = self.uploads.get_value() else { return Ok(()) };
            let mut outcomes = Vec::new();
            let files = batch
                .iter()
                .map(|found| {
                    let (tx, rx) = oneshot::channel::<()>();
                    outcomes.push(rx);
                    let report = self.reporter(key, found, tx);
                    Pending {
                        file: found.file.clone(),
                        folder: upload_folder(&folder.name, &found.path),
                        origin: Origin::Backup(report),
                    }
                })
                .collect();
            uploads.add(files, library);
            for outcome in outcomes {
                let _ = outcome.await;
            }
            left -= batch.len();
            self.recount(key, None).await;
        }
        Ok(())
    }

    /// What the upload queue calls with each outcome of one file: the record and the counts follow.
    fn reporter(&self, key: &str, found: &Found, first: oneshot::Sender<()>) -> Rc<dyn Fn(&ItemStatus)> {
        let this = *self;
        let record = FileRecord {
            key: format!("{key}\n{}", found.path),
            folder: key.to_string(),
            path: found.path.clone(),
            size: found.size(),
            modified: found.modified(),
            outcome: Outcome::BackedUp,
        };
        let first = RefCell::new(Some(first));
        Rc::new(move |status: &ItemStatus| {
            let (outcome, tally) = match status {
                status if status.in_library() => (Outcome::BackedUp, Tally::BackedUp),
                ItemStatus::Failed(failure) => (
                    Outcome::Failed { reason: failure.reason.clone(), lasting: failure.lasting },
                    Tally::Failed(failure.reason.clone()),
                ),
                _ => return,
            };
            let record = FileRecord { outcome, ..record.clone() };
            this.tallies.update_value(|t| {
                if let Some(files) = t.get_mut(&record.folder) {
                    files.insert(record.path.clone(), tally);
                }
            });
            let first = first.borrow_mut().take();
            spawn_local(async move {
                store::backups::put_files(&to_js(std::slice::from_ref(&record))).await;
                match first {
                    // The scan counts once its batch is done.
                    Some(first) => drop(first.send(())),
                    // A retry from the upload panel, after the scan moved on.
                    None => this.recount(&record.folder, None).await,
                }
            });
        })
    }

    /// The folder's counts from its tallies, on the page and in its record.
    async fn recount(&self, key: &str, scanned_at: Option<f64>) {
        let Some((backed_up, pending, failed)) = self.tallies.with_value(|t| {
            t.get(key).map(|files| {
                let mut counts = (0, 0, BTreeMap::new());
                for (path, tally) in files {
                    match tally {
                        Tally::BackedUp => counts.0 += 1,
                        Tally::Pending => counts.1 += 1,
                        Tally::Failed(reason) => {
                            counts.2.insert(path.clone(), reason.clone());
                        }
                    }
                }
                counts
            })
        }) else {
            return;
        };
        self.update_view(key, |f| {
            f.backed_up = backed_up;
            f.pending = pending;
            f.failed = failed;
            if scanned_at.is_some() {
                f.last_scan = scanned_at;
            }
        });
        if let (Some(folder), Some(handle)) =
            (self.view(key), self.handles.with_value(|h| h.get(key).cloned()))
        {
            save_folder(&folder, &handle).await;
        }
    }

    /// Waits while paused or on a metered connection (unless allowed); false once signed out.
    async fn ready_to_send(&self, owner: u64) -> bool {
        loop {
            if self.owner.get_untracked() != Some(owner) {
                return false;
            }
            let settings = self.settings.get_untracked();
            if settings.paused {
                self.status.set(Status::Paused);
            } else if metered() && !settings.mobile_data {
                self.status.set(Status::WaitingForWifi);
            } else {
                return true;
            }
            sleep_ms(1000).await;
        }
    }
}

impl Default for Backup {
    fn default() -> Self {
        Self::new()
    }
}

/// The folder a backed-up file is filed under: the picked folder's name, then the path inside it,
/// as a folder upload of the same folder would file it.
fn upload_folder(root: &str, path: &str) -> Option<String> {
    match path.rsplit_once('/') {
        Some((dir, _)) => Some(format!("{root}/{dir}")),
        None => Some(root.to_string()),
    }
}

const PHOTO_EXTENSIONS: [&str; 14] =
    ["jpg", "jpeg", "jpe", "png", "gif", "webp", "heic", "heif", "avif", "tif", "tiff", "bmp", "dng", "jxl"];
const VIDEO_EXTENSIONS: [&str; 8] = ["mp4", "m4v", "mov", "webm", "mkv", "avi", "3gp", "mts"];

/// Whether a file is in scope, by its type or, where the system names none (HEIC on many), its
/// extension. What it really is, the upload finds out.
fn wanted(name: &str, mime: &str, videos: bool) -> bool {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let photo = mime.starts_with("image/") || PHOTO_EXTENSIONS.contains(&extension.as_str());
    let video = mime.starts_with("video/") || VIDEO_EXTENSIONS.contains(&extension.as_str());
    photo || (videos && video)
}

/// Every wanted file under the folder, with its path inside it. Hidden files and folders (names
/// starting with a dot: system caches, thumbnails) are left out.
async fn walk(root: &JsValue, videos: bool) -> Result<Vec<Found>, JsValue> {
    let mut found = Vec::new();
    let mut stack = vec![(root.clone(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        let entries = call(&dir, "values", &[])?;
        loop {
            let step = JsFuture::from(call(&entries, "next", &[])?.dyn_into::<Promise>()?).await?;
            if Reflect::get(&step, &"done".into())?.is_truthy() {
                break;
            }
            let entry = Reflect::get(&step, &"value".into())?;
            let name = Reflect::get(&entry, &"name".into())?.as_string().unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
            match Reflect::get(&entry, &"kind".into())?.as_string().as_deref() {
                Some("directory") => stack.push((entry, path)),
                Some("file") => {
                    // A file that cannot be read now (locked, vanished) is found at the next scan.
                    let Ok(promise) = call(&entry, "getFile", &[]).and_then(|p| p.dyn_into::<Promise>())
                    else {
                        continue;
                    };
                    let Ok(file) = JsFuture::from(promise).await.and_then(|f| f.dyn_into::<web_sys::File>())
                    else {
                        continue;
                    };
                    if wanted(&name, &file.type_(), videos) {
                        found.push(Found { path, file });
                    }
                }
                _ => {}
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    function.apply(target, &args.iter().collect())
}

async fn pick_folder() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let options = js_sys::Object::new();
    Reflect::set(&options, &"id".into(), &"keepsake-backup".into())?;
    Reflect::set(&options, &"mode".into(), &"read".into())?;
    let promise: Promise = call(&window, "showDirectoryPicker", &[options.into()])?.dyn_into()?;
    JsFuture::from(promise).await
}

async fn same_entry(a: &JsValue, b: &JsValue) -> bool {
    let Ok(promise) = call(a, "isSameEntry", std::slice::from_ref(b)).and_then(|p| p.dyn_into::<Promise>())
    else {
        return false;
    };
    JsFuture::from(promise).await.is_ok_and(|same| same.is_truthy())
}

/// `queryPermission` or `requestPermission` for reading.
async fn permission(handle: &JsValue, method: &str) -> Access {
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"mode".into(), &"read".into());
    let Ok(promise) = call(handle, method, &[options.into()]).and_then(|p| p.dyn_into::<Promise>()) else {
        return Access::Lost;
    };
    match JsFuture::from(promise).await.ok().and_then(|s| s.as_string()).as_deref() {
        Some("granted") => Access::Granted,
        Some("prompt") => Access::Ask,
        _ => Access::Lost,
    }
}

fn error_name(e: &JsValue) -> String {
    Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default()
}

/// A metered connection as the Network Information API reports it, where the browser has it:
/// cellular, or the person asked the system to save data.
fn metered() -> bool {
    let Some(connection) =
        web_sys::window().and_then(|w| Reflect::get(&w.navigator(), &"connection".into()).ok())
    else {
        return false;
    };
    if !connection.is_object() {
        return false;
    }
    let kind = Reflect::get(&connection, &"type".into()).ok().and_then(|t| t.as_string());
    let save_data = Reflect::get(&connection, &"saveData".into()).is_ok_and(|s| s.is_truthy());
    kind.as_deref() == Some("cellular") || save_data
}

/// Records go to IndexedDB as plain objects (readable in the browser's tools), by way of JSON.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .unwrap_or(JsValue::NULL)
}

fn from_js<T: for<'de> Deserialize<'de>>(value: &JsValue) -> Option<T> {
    let json: String = js_sys::JSON::stringify(value).ok()?.into();
    serde_json::from_str(&json).ok()
}

/// Whether the folder was kept.
async fn save_folder(folder: &Folder, handle: &JsValue) -> bool {
    let object = to_js(folder);
    Reflect::set(&object, &"handle".into(), handle).is_ok() && store::backups::put_folder(&object).await
}

fn settings_key(owner: u64) -> String {
    format!("keepsake-backup-settings-{owner}")
}

fn load_settings(owner: u64) -> Settings {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(&settings_key(owner)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn save_settings(owner: u64, settings: Settings) {
    if let (Some(storage), Ok(json)) =
        (web_sys::window().and_then(|w| w.local_storage().ok().flatten()), serde_json::to_string(&settings))
    {
        let _ = storage.set_item(&settings_key(owner), &json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn scope_and_folders() {
        assert!(wanted("IMG_0001.JPG", "", false));
        assert!(wanted("IMG_0001.heic", "", false));
        assert!(wanted("scan", "image/png", false));
        assert!(!wanted("clip.mov", "", false));
        assert!(wanted("clip.mov", "", true));
        assert!(!wanted("notes.txt", "text/plain", true));
        assert_eq!(upload_folder("Camera", "a.jpg").as_deref(), Some("Camera"));
        assert_eq!(upload_folder("Camera", "2024/June/a.jpg").as_deref(), Some("Camera/2024/June"));
        let record = |outcome| FileRecord {
            key: "k".into(),
            folder: "f".into(),
            path: "a.jpg".into(),
            size: 10.0,
            modified: 5.0,
            outcome,
        };
        assert!(record(Outcome::BackedUp).settled(10.0, 5.0));
        assert!(!record(Outcome::BackedUp).settled(11.0, 5.0));
        assert!(!record(Outcome::BackedUp).settled(10.0, 6.0));
        assert!(record(Outcome::Failed { reason: "damaged".into(), lasting: true }).settled(10.0, 5.0));
        assert!(!record(Outcome::Failed { reason: "offline".into(), lasting: false }).settled(10.0, 5.0));
    }
}
