//! The File System Access API, which web-sys does not bind yet: picking a folder, asking the browser
//! for leave to read it again, and keeping a folder's record beside its handle in IndexedDB.

use super::{Access, Folder};
use crate::store;
use js_sys::{Function, Promise, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub(super) fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    function.apply(target, &args.iter().collect())
}

pub(super) async fn pick_folder() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let options = js_sys::Object::new();
    Reflect::set(&options, &"id".into(), &"keepsake-backup".into())?;
    Reflect::set(&options, &"mode".into(), &"read".into())?;
    let promise: Promise = call(&window, "showDirectoryPicker", &[options.into()])?.dyn_into()?;
    JsFuture::from(promise).await
}

pub(super) async fn same_entry(a: &JsValue, b: &JsValue) -> bool {
    let Ok(promise) = call(a, "isSameEntry", std::slice::from_ref(b)).and_then(|p| p.dyn_into::<Promise>())
    else {
        return false;
    };
    JsFuture::from(promise).await.is_ok_and(|same| same.is_truthy())
}

/// `queryPermission` or `requestPermission` for reading.
pub(super) async fn permission(handle: &JsValue, method: &str) -> Access {
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

pub(super) fn error_name(e: &JsValue) -> String {
    Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default()
}

/// Records go to IndexedDB as plain objects (readable in the browser's tools), by way of JSON.
pub(super) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .unwrap_or(JsValue::NULL)
}

pub(super) fn from_js<T: for<'de> Deserialize<'de>>(value: &JsValue) -> Option<T> {
    let json: String = js_sys::JSON::stringify(value).ok()?.into();
    serde_json::from_str(&json).ok()
}

/// Whether the folder was kept.
pub(super) async fn save_folder(folder: &Folder, handle: &JsValue) -> bool {
    let object = to_js(folder);
    Reflect::set(&object, &"handle".into(), handle).is_ok() && store::backups::put_folder(&object).await
}
