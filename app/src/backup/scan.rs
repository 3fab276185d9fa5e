//! A folder's scan: its files walked, compared with what was last done with each, and the new or
//! changed ones handed to the upload queue a few at a time, each outcome recorded.

use super::{Access, BATCH, Backup, Status, Tally, folder_access::*};
use crate::{
    store,
    upload::{ItemStatus, Origin, Pending, sleep_ms},
};
use futures_channel::oneshot;
use js_sys::{Promise, Reflect};
use leptos::{prelude::*, task::spawn_local};
use serde::{Deserialize, Serialize};
use std::{
    cell::RefCell,
    collections::{BTreeMap, HashMap},
    rc::Rc,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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

impl Backup {
    /// Scans every folder in turn; a scan asked for meanwhile runs once this one ends.
    pub(super) async fn scan_all(&self) {
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
