//! The signed-in shell: header with navigation, search and upload controls, the page the route names,
//! the selection bar, dialogs and the upload panel. Files can be dropped anywhere, pasted, or picked.

use crate::{
    api,
    backup::Backup,
    components::{
        dialogs::Dialogs, selection_bar::SelectionBar, shared_inbox::SharedInbox, upload_panel::UploadPanel,
    },
    pages::views,
    route::{Nav, Route},
    state::{Actions, Library, Selection, Session},
    upload::{Pending, Uploads},
};
use keepsake_api::SearchQuery;
use leptos::{ev, html, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

/// Only drags that carry files are uploads; a photo dragged within an album is a reorder.
fn carries_files(e: &ev::DragEvent) -> bool {
    e.data_transfer().is_some_and(|t| t.types().includes(&"Files".into(), 0))
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<Pending> {
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

#[component]
pub fn LibraryPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let library = expect_context::<Library>();
    let uploads = expect_context::<Uploads>();
    let backup = expect_context::<Backup>();
    spawn_local(async move { library.load().await });
    if let Some(me) = session.me.get_untracked() {
        uploads.restore(me.id, library);
        backup.start(me.id, uploads, library);
    }
    let nav = Nav::new();
    let selection = Selection::new();
    let actions = Actions::new(library);
    provide_context(nav);
    provide_context(selection);
    provide_context(actions);
    let cart = crate::pages::prints::PrintCart::default();
    provide_context(cart);
    // A selection belongs to the page it was made on.
    Effect::new(move |_| {
        nav.route.track();
        selection.clear();
    });
    let dragging = RwSignal::new(false);
    let add_files = move |files: Vec<Pending>| uploads.add(files, library);

    // Drop anywhere, paste anywhere.
    let drag_over = window_event_listener(ev::dragover, move |e: ev::DragEvent| {
        if carries_files(&e) {
            e.prevent_default();
            dragging.set(true);
        }
    });
    let drag_leave = window_event_listener(ev::dragleave, move |e: ev::DragEvent| {
        if e.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |e: ev::DragEvent| {
        if !carries_files(&e) {
            return;
        }
        e.prevent_default();
        dragging.set(false);
        let Some(transfer) = e.data_transfer() else { return };
        let entries = crate::dropped::entries(&transfer);
        if entries.iter().any(|entry| entry.is_directory()) {
            spawn_local(async move { add_files(crate::dropped::files(entries).await) });
        } else {
            add_files(files_of(transfer.files()));
        }
    });
    let paste = window_event_listener(ev::paste, move |e: ev::ClipboardEvent| {
        let files = files_of(e.clipboard_data().and_then(|d| d.files()));
        if !files.is_empty() {
            e.prevent_default();
            add_files(files);
        }
    });
    on_cleanup(move || {
        drag_over.remove();
        drag_leave.remove();
        drop.remove();
        paste.remove();
    });

    let sign_out = move |_| {
        spawn_local(async move {
            let _ = api::logout().await;
            uploads.signed_out();
            backup.stop();
            crate::offline::forget_personal_caches().await;
            session.me.set(None);
        });
    };
    let connectivity = crate::offline::Connectivity::new();
    let installable = crate::offline::installable();

    let search_text = RwSignal::new(match nav.route.get_untracked() {
        Route::Search(q) => q.q,
        _ => String::new(),
    });
    // Results as you type, once typing pauses.
    let typed = RwSignal::new(0u64);
    let on_search = move |e: ev::Event| {
        search_text.set(event_target_value(&e));
        let generation = typed.get_untracked() + 1;
        typed.set(generation);
        set_timeout(
            move || {
                if typed.get_untracked() == generation {
                    let mut q = match nav.route.get_untracked() {
                        Route::Search(q) => q,
                        _ => SearchQuery::default(),
                    };
                    q.q = search_text.get_untracked();
                    nav.go(Route::Search(q));
                }
            },
            std::time::Duration::from_millis(250),
        );
    };
    let link = move |route: Route, label: &'static str| {
        let hash = route.hash();
        let current = Signal::derive(move || {
            let here = nav.route.get();
            std::mem::discriminant(&here) == std::mem::discriminant(&route)
                || matches!((&here, &route), (Route::Album(_), Route::Albums))
        });
        view! { <a href=hash class:current=current aria-current=move || current.get().then_some("page")>{label}</a> }
    };

    view! {
        <header class="top">
            <h1><a href="#/">"Keepsake"</a></h1>
            <nav aria-label="Library">
                {link(Route::Timeline, "Photos")}
                {link(Route::Albums, "Albums")}
                {link(Route::Favorites, "Favourites")}
                {link(Route::Folders(String::new()), "Folders")}
                {link(Route::Archive, "Archive")}
                {link(Route::Shared, "Shared")}
                {link(Route::Vault, "Family Vault")}
                {link(Route::Trash, "Trash")}
                {link(Route::Upload, "Backup")}
                {link(Route::Orders, "Orders")}
                <Show when=move || !cart.items.with(Vec::is_empty)>
                    <a href=Route::Prints.hash() class="cart">{move || format!("Print cart ({})", cart.items.with(Vec::len))}</a>
                </Show>
                <Show when=move || session.me.get().is_some_and(|m| m.is_admin)>
                    {link(Route::Lab, "Print lab")}
                    {link(Route::Accounts, "Accounts")}
                </Show>
            </nav>
            <input type="search" class="search" placeholder="Search: names, tags, cameras, places, dates"
                aria-label="Search" prop:value=move || search_text.get() on:input=on_search />
            <div class="actions">
                <FilePickers photos="Upload photos" folder="Upload a folder" />
                <Show when=move || installable.get()>
                    <button class="secondary" on:click=move |_| crate::offline::install()>"Install app"</button>
                </Show>
                <span class="who">{move || session.me.get().map(|m| m.username)}</span>
                <button class="secondary" on:click=sign_out>"Sign out"</button>
            </div>
        </header>
        <Show when=move || !connectivity.online.get()>
            <p class="offline-banner" role="status">"You are offline: this is what this device saw last. Uploads wait until you are back online."</p>
        </Show>
        <main>
            {move || library.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || actions.message.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            {move || views::page(nav.route.get())}
        </main>
        <Show when=move || dragging.get()>
            <div class="drop-overlay"><p>"Drop to upload"</p></div>
        </Show>
        <SelectionBar />
        <Dialogs />
        <UploadPanel />
        <SharedInbox />
    }
}

/// "Upload photos" and "Upload a folder": the system's file pickers, straight into the upload queue.
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
        <label class="button secondary">
            {folder}
            <input type="file" multiple node_ref=folder_input aria-label=folder on:change=picker class="visually-hidden" />
        </label>
    }
}
