//! Keepsake's browser app: Leptos, client-side rendered, compiled to wasm.
//!
//! `index.html` calls [`start`] to mount the app. This module is the UI only: reading, hashing and
//! thumbnailing files and drawing prints happen in `/worker.js`, a module of its own (`keepsake-worker`)
//! that runs the very code the server uses, fetched only when there is a file or a print to work on.

pub mod api;
mod backup;
mod cart;
mod components;
mod dropped;
mod format;
mod offline;
mod pages;
mod people;
pub mod processing;
mod route;
mod shell;
mod split;
mod state;
mod store;
mod upload;

use leptos::{prelude::*, task::spawn_local};
use state::{Library, Session};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn start() {
    console_error_panic_hook_lite();
    // The static first paint of index.html gives way to the app.
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// Panics go to the console, not into silence.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
}

#[component]
fn App() -> impl IntoView {
    let session = Session { me: RwSignal::new(None) };
    let library = Library::new();
    let uploads = upload::Uploads::new();
    provide_context(session);
    provide_context(library);
    provide_context(uploads);
    provide_context(backup::Backup::new());
    provide_context(people::FacePass::new());
    let checked = RwSignal::new(false);
    let startup_error = RwSignal::new(None::<String>);
    if Session::may_be_signed_in() {
        spawn_local(async move {
            match api::me().await {
                Ok(me) => session.me.set(me),
                Err(e) => startup_error.set(Some(e.to_string())),
            }
            checked.set(true);
        });
    } else {
        checked.set(true);
    }
    Effect::new(move |_| {
        if checked.get() {
            Session::note(session.me.with(Option::is_some));
        }
    });
    // A share link or an invitation opens its own page, signed in or not. Only a change between those
    // and the library re-renders the shell: moving between the library's own pages must not rebuild
    // it (that would reload the whole library and drop what the page holds, like the print cart).
    let hash = RwSignal::new(current_hash());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| hash.set(current_hash()));
    on_cleanup(move || listener.remove());
    let shell = Memo::new(move |_| {
        let hash = hash.get();
        // The query (the viewer's open photo) is not part of which page this is.
        let hash = hash.split('?').next().unwrap_or_default();
        // A share link's address is `/s/{token}`, so the server can paint the first page for it; the
        // hash form of earlier links is read too.
        let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        if let Some(token) = path.strip_prefix("/s/").or_else(|| hash.strip_prefix("#/s/")) {
            Shell::Share(token.to_string())
        } else if let Some(token) = hash.strip_prefix("#/invite/") {
            Shell::Invite(token.to_string())
        } else {
            Shell::Library
        }
    });
    view! {
        {move || match shell.get() {
            Shell::Share(token) => view! { <pages::public::SharePage token=token /> }.into_any(),
            _ if !checked.get() => view! { <p class="loading">"Loading…"</p> }.into_any(),
            _ if startup_error.get().is_some() => {
                view! { <p class="error" role="alert">{startup_error.get()}</p> }.into_any()
            }
            Shell::Invite(token) => view! { <pages::public::InvitePage token=token /> }.into_any(),
            Shell::Library if session.me.get().is_some() => view! { <shell::LibraryShell /> }.into_any(),
            Shell::Library => view! { <pages::login::LoginPage /> }.into_any(),
        }}
    }
}

#[derive(Clone, PartialEq)]
enum Shell {
    Share(String),
    Invite(String),
    Library,
}

fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}
