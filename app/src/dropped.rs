//! Files out of a drop: plain files straight from the event, and whole folders walked through the
//! (callback-based) file system entry API, each file tagged with the folder it came from.

use crate::upload::Pending;
use futures_channel::oneshot;
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};
use web_sys::{
    DataTransfer, FileSystemDirectoryEntry, FileSystemDirectoryReader, FileSystemEntry, FileSystemFileEntry,
};

/// A success and a failure callback for a one-shot browser API, and the answer either gives.
fn callbacks() -> (js_sys::Function, js_sys::Function, oneshot::Receiver<Result<JsValue, JsValue>>) {
    let (tx, rx) = oneshot::channel();
    let tx = std::rc::Rc::new(std::cell::RefCell::new(Some(tx)));
    let (ok_tx, err_tx) = (tx.clone(), tx);
    let ok = Closure::once_into_js(move |value: JsValue| {
        if let Some(tx) = ok_tx.borrow_mut().take() {
            let _ = tx.send(Ok(value));
        }
    });
    let err = Closure::once_into_js(move |error: JsValue| {
        if let Some(tx) = err_tx.borrow_mut().take() {
            let _ = tx.send(Err(error));
        }
    });
    (ok.unchecked_into(), err.unchecked_into(), rx)
}

async fn read_batch(reader: &FileSystemDirectoryReader) -> Result<Vec<FileSystemEntry>, JsValue> {
    let (ok, err, rx) = callbacks();
    reader.read_entries_with_callback_and_callback(&ok, &err)?;
    let entries: js_sys::Array = rx.await.map_err(|_| JsValue::NULL)??.dyn_into()?;
    Ok(entries.iter().filter_map(|e| e.dyn_into().ok()).collect())
}

async fn file_of(entry: &FileSystemFileEntry) -> Result<web_sys::File, JsValue> {
    let (ok, err, rx) = callbacks();
    entry.file_with_callback_and_callback(&ok, &err);
    rx.await.map_err(|_| JsValue::NULL)??.dyn_into()
}

/// The entries must be taken during the drop event itself: the browser forgets them afterwards.
pub fn entries(transfer: &DataTransfer) -> Vec<FileSystemEntry> {
    let items = transfer.items();
    (0..items.length())
        .filter_map(|i| items.get(i))
        .filter(|item| item.kind() == "file")
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect()
}

/// Every file under the dropped entries. A file that cannot be read is left out; the rest carry on.
pub async fn files(entries: Vec<FileSystemEntry>) -> Vec<Pending> {
    let mut out = Vec::new();
    let mut stack = entries;
    while let Some(entry) = stack.pop() {
        if entry.is_directory() {
            let reader = entry.unchecked_ref::<FileSystemDirectoryEntry>().create_reader();
            // A reader hands out entries in batches until it returns an empty one.
            while let Ok(batch) = read_batch(&reader).await {
                if batch.is_empty() {
                    break;
                }
                stack.extend(batch);
            }
        } else if let Ok(file) = file_of(entry.unchecked_ref::<FileSystemFileEntry>()).await {
            let path = entry.full_path();
            let folder = path.trim_start_matches('/').rsplit_once('/').map(|(dir, _)| dir.to_string());
            out.push(Pending::picked(file, folder));
        }
    }
    out.sort_by_key(|p| p.file.name());
    out
}
