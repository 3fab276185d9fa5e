//! "Copy link": puts an address on the clipboard and says so.

use leptos::{prelude::*, task::spawn_local};

#[component]
pub fn CopyButton(text: String, #[prop(default = "Copy link")] label: &'static str) -> impl IntoView {
    let said = RwSignal::new(None::<&'static str>);
    let text = StoredValue::new(text);
    let copy = move |_| {
        let Some(window) = web_sys::window() else { return };
        let promise = window.navigator().clipboard().write_text(&text.get_value());
        spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            said.try_set(Some(if copied { "Copied" } else { "Copy it by hand: the browser refused" }));
        });
    };
    view! {
        <button type="button" on:click=copy>{label}</button>
        <span class="muted" role="status">{move || said.get()}</span>
    }
}
