//! What Keepsake keeps in the browser's IndexedDB, through `public/store.js` (which the service worker
//! loads too): the upload queue, files shared to Keepsake, and the folders backed up automatically. Each call settles to its
//! value, or to `None` where the store failed or is missing (this crate's own tests load no
//! `store.js`; uploads then work without a kept queue).

use js_sys::Promise;
use wasm_bindgen::JsValue;

async fn settle(promise: Result<Promise, JsValue>) -> Option<JsValue> {
    wasm_bindgen_futures::JsFuture::from(promise.ok()?).await.ok()
}

/// The upload queue: files waiting to be uploaded, each for a person (or whoever signs in next).
pub mod queue {
    use super::settle;
    use wasm_bindgen::{JsValue, prelude::*};

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = keepsakeQueue, js_name = add)]
        fn js_add(
            file: &web_sys::File,
            folder: Option<String>,
            owner: Option<f64>,
        ) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeQueue, js_name = all)]
        fn js_all() -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeQueue, js_name = remove)]
        fn js_remove(key: &str) -> Result<js_sys::Promise, JsValue>;
    }

    /// Keeps a file; its key.
    pub async fn add(file: &web_sys::File, folder: Option<String>, owner: Option<u64>) -> Option<String> {
        settle(js_add(file, folder, owner.map(|o| o as f64))).await?.as_string()
    }

    /// Every entry: `{key, file, folder, owner}`.
    pub async fn all() -> Option<JsValue> {
        settle(js_all()).await
    }

    pub async fn remove(key: &str) {
        settle(js_remove(key)).await;
    }
}

/// The backed-up folders (each with its directory handle) and what was done with each of their files.
pub mod backups {
    use super::settle;
    use wasm_bindgen::{JsValue, prelude::*};

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = keepsakeBackups, js_name = newKey)]
        fn js_new_key() -> Result<String, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeBackups, js_name = folders)]
        fn js_folders() -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeBackups, js_name = putFolder)]
        fn js_put_folder(folder: &JsValue) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeBackups, js_name = removeFolder)]
        fn js_remove_folder(key: &str) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeBackups, js_name = files)]
        fn js_files(folder: &str) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeBackups, js_name = putFiles)]
        fn js_put_files(files: &JsValue) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeBackups, js_name = removeFiles)]
        fn js_remove_files(keys: &JsValue) -> Result<js_sys::Promise, JsValue>;
    }

    pub fn new_key() -> Option<String> {
        js_new_key().ok()
    }

    pub async fn folders() -> Option<JsValue> {
        settle(js_folders()).await
    }

    /// Whether the folder was kept.
    pub async fn put_folder(folder: &JsValue) -> bool {
        settle(js_put_folder(folder)).await.is_some()
    }

    /// A folder and everything recorded about its files.
    pub async fn remove_folder(key: &str) {
        settle(js_remove_folder(key)).await;
    }

    pub async fn files(folder: &str) -> Option<JsValue> {
        settle(js_files(folder)).await
    }

    pub async fn put_files(files: &JsValue) {
        settle(js_put_files(files)).await;
    }

    pub async fn remove_files(keys: &JsValue) {
        settle(js_remove_files(keys)).await;
    }
}

/// Files shared to Keepsake, set aside by the service worker until the person says to upload them.
pub mod shared {
    use super::settle;
    use wasm_bindgen::{JsCast, JsValue, prelude::*};

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = keepsakeShared, js_name = add)]
        fn js_add(file: &web_sys::File) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeShared, js_name = all)]
        fn js_all() -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = keepsakeShared, js_name = remove)]
        fn js_remove(key: &str) -> Result<js_sys::Promise, JsValue>;
    }

    pub async fn add(file: &web_sys::File) {
        settle(js_add(file)).await;
    }

    /// Every file waiting, with its key, oldest first.
    pub async fn all() -> Vec<(String, web_sys::File)> {
        let Some(entries) = settle(js_all()).await else { return Vec::new() };
        let field = |e: &JsValue, name: &str| js_sys::Reflect::get(e, &name.into()).unwrap_or(JsValue::NULL);
        js_sys::Array::from(&entries)
            .iter()
            .filter_map(|e| Some((field(&e, "key").as_string()?, field(&e, "file").dyn_into().ok()?)))
            .collect()
    }

    pub async fn remove(key: &str) {
        settle(js_remove(key)).await;
    }
}
