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

mod folder_access;
mod scan;

use crate::{state::Library, store, upload::Uploads};
use folder_access::*;
use js_sys::Reflect;
use leptos::{prelude::*, task::spawn_local};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use wasm_bindgen::JsValue;

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
}

impl Default for Backup {
    fn default() -> Self {
        Self::new()
    }
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
