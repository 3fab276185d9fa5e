//! The queue's copy in IndexedDB, so files wait out a closed tab or a reload; the service worker adds
//! files shared to Keepsake there too.

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
