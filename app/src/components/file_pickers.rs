//! "Upload photos" and "Upload a folder": the system's file pickers, straight into the upload queue.

use crate::{
    state::Library,
    upload::{Pending, Uploads},
};
use leptos::{ev, html, prelude::*};
use wasm_bindgen::JsCast;

/// The files of a pick, a paste or a drop. A folder pick names each file by its path inside the folder.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<Pending> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            // A folder pick names each file by its path inside the folder.
            let relative: String = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let folder = relative.rsplit_once('/').map(|(dir, _)| dir.to_string());
            Pending::picked(file, folder)
        })
        .collect()
}

/// Both pickers, labelled for where they are shown.
#[component]
pub fn FilePickers(photos: &'static str, folder: &'static str) -> impl IntoView {
    let uploads = expect_context::<Uploads>();
    let library = expect_context::<Library>();
    let picker = move |e: ev::Event| {
        let input: web_sys::HtmlInputElement = e.target().and_then(|t| t.dyn_into().ok()).expect("an input");
        uploads.add(files_of(input.files()), library);
        input.set_value("");
    };
    let folder_input: NodeRef<html::Input> = NodeRef::new();
    Effect::new(move |_| {
        // Not a standard attribute, so the view macro has no setter for it.
        if let Some(input) = folder_input.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });
    view! {
        <label class="button">
            {photos}
            <input type="file" multiple accept="image/*,video/*" aria-label=photos on:change=picker class="visually-hidden" />
        </label>
        <label class="button secondary folder-pick">
            {folder}
            <input type="file" multiple node_ref=folder_input aria-label=folder on:change=picker class="visually-hidden" />
        </label>
    }
}
