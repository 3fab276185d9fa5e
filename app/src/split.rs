//! The pages most visits never open, each group in a wasm module of its own that the browser fetches
//! the first time one of its pages is shown: the timeline's first load carries only the timeline.
//!
//! `cargo xtask build` cuts the page's program at the `wasm_split` functions below (with
//! `wasm_split_cli_support`): everything only they reach moves to `pkg/split_<group>.wasm`, and code
//! two groups share to a `chunk_<n>.wasm` both load. Natively (and in `cargo test`) they are plain calls.
// The macro keeps each group's loader in a static made by an `unsafe` constructor, whose contract (a
// load function that answers once per call) the generated JavaScript keeps.
#![allow(unsafe_code)]

use crate::{
    pages::{accounts, backup, people, prints, sharing},
    route::Route,
};
#[cfg(not(test))]
use leptos::wasm_split::wasm_split;
use leptos::{prelude::*, wasm_split::SplitLoaderError};

/// A page's module could not be fetched (offline, or the server went away mid-release).
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// A call to a split function: already a future where the module is split (the browser build), made
/// one in the app's own wasm tests, which are not split and so have no loader to link against.
#[cfg(not(test))]
macro_rules! later {
    ($call:expr) => {
        $call
    };
}
#[cfg(test)]
macro_rules! later {
    ($call:expr) => {
        async move { $call }
    };
}

/// The page `route` names if it lives in a module of its own; `None` for the pages always loaded.
pub fn page(route: &Route) -> Option<AnyView> {
    let route = route.clone();
    let view = match route {
        Route::People | Route::Person(_) => shown(later!(people_pages(route))),
        Route::Prints | Route::Orders | Route::Lab => shown(later!(print_pages(route))),
        Route::Shared | Route::Vault => shown(later!(sharing_pages(route))),
        Route::Accounts => shown(later!(accounts_page())),
        Route::Upload => shown(later!(upload_page())),
        _ => return None,
    };
    Some(view)
}

/// A page once its module is in; a line saying so until then, and a way to try again if it failed.
fn shown(load: impl Future<Output = Result<AnyView, NotLoaded>> + Send + 'static) -> AnyView {
    let page = Suspend::new(async move {
        load.await.unwrap_or_else(|NotLoaded| {
            view! {
                <p class="error" role="alert">
                    "This page could not be loaded. Check the connection and "
                    <button type="button" on:click=|_| reload()>"try again"</button>
                </p>
            }
            .into_any()
        })
    });
    view! { <Suspense fallback=crate::components::requests::loading>{page}</Suspense> }.into_any()
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

#[cfg_attr(not(test), wasm_split(people, wasm_split_path = ::leptos::wasm_split, fallible))]
fn people_pages(route: Route) -> Result<AnyView, NotLoaded> {
    Ok(match route {
        Route::Person(id) => view! { <people::PersonPage id=id /> }.into_any(),
        _ => view! { <people::PeoplePage /> }.into_any(),
    })
}

#[cfg_attr(not(test), wasm_split(prints, wasm_split_path = ::leptos::wasm_split, fallible))]
fn print_pages(route: Route) -> Result<AnyView, NotLoaded> {
    Ok(match route {
        Route::Orders => view! { <prints::OrdersPage /> }.into_any(),
        Route::Lab => view! { <prints::LabPage /> }.into_any(),
        _ => view! { <prints::PrintPage /> }.into_any(),
    })
}

#[cfg_attr(not(test), wasm_split(sharing, wasm_split_path = ::leptos::wasm_split, fallible))]
fn sharing_pages(route: Route) -> Result<AnyView, NotLoaded> {
    Ok(match route {
        Route::Vault => view! { <sharing::VaultPage /> }.into_any(),
        _ => view! { <sharing::SharedPage /> }.into_any(),
    })
}

#[cfg_attr(not(test), wasm_split(accounts, wasm_split_path = ::leptos::wasm_split, fallible))]
fn accounts_page() -> Result<AnyView, NotLoaded> {
    Ok(view! { <accounts::AccountsPage /> }.into_any())
}

#[cfg_attr(not(test), wasm_split(backup, wasm_split_path = ::leptos::wasm_split, fallible))]
fn upload_page() -> Result<AnyView, NotLoaded> {
    Ok(view! { <backup::UploadPage /> }.into_any())
}
