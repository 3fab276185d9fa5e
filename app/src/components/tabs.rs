//! Navigation made for a thumb: on narrow screens a bottom tab bar (Photos, Albums, Search, Vault,
//! More) and, under "More", a sheet with every other page and the account.

use crate::{
    cart::PrintCart,
    components::modal::Modal,
    route::{Nav, Route},
    state::Session,
};
use leptos::prelude::*;

/// Whether `route` is the current page, counting an album as the albums page.
fn is_current(nav: Nav, route: &Route) -> bool {
    let here = nav.route.get();
    std::mem::discriminant(&here) == std::mem::discriminant(route)
        || matches!((&here, route), (Route::Album(_), Route::Albums))
}

#[component]
pub fn NavLink(
    route: Route,
    label: &'static str,
    #[prop(optional)] icon: Option<&'static str>,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let hash = route.hash();
    let current = Signal::derive(move || is_current(nav, &route));
    view! {
        <a href=hash class:current=current aria-current=move || current.get().then_some("page")>
            {icon.map(|i| view! { <span class="icon" aria-hidden="true">{i}</span> })}
            {label}
        </a>
    }
}

#[component]
pub fn TabBar(more: RwSignal<bool>) -> impl IntoView {
    let nav = expect_context::<Nav>();
    // The search tab opens the search page with its field ready to type in.
    let search = move |_| {
        if !matches!(nav.route.get_untracked(), Route::Search(_)) {
            nav.go(Route::Search(Default::default()));
        }
        request_animation_frame(|| {
            let field =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("search"));
            if let Some(field) =
                field.and_then(|f| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(f).ok())
            {
                let _ = field.focus();
            }
        });
    };
    let searching = Signal::derive(move || matches!(nav.route.get(), Route::Search(_)));
    view! {
        <nav class="tabs" aria-label="Main">
            <NavLink route=Route::Timeline label="Photos" icon="▦" />
            <NavLink route=Route::Albums label="Albums" icon="❐" />
            <a href="#/search" class:current=searching aria-current=move || searching.get().then_some("page")
                on:click=move |e| { e.prevent_default(); search(e) }>
                <span class="icon" aria-hidden="true">"⌕"</span>"Search"
            </a>
            <NavLink route=Route::Vault label="Vault" icon="⌂" />
            <button type="button" aria-haspopup="dialog" aria-expanded=move || more.get().to_string()
                on:click=move |_| more.set(true)>
                <span class="icon" aria-hidden="true">"⋯"</span>"More"
            </button>
        </nav>
    }
}

/// Every page the tab bar leaves out, the print cart, installing the app, and the account.
#[component]
pub fn MoreSheet(open: RwSignal<bool>, sign_out: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let cart = expect_context::<PrintCart>();
    let installable = crate::offline::installable();
    let close = Callback::new(move |()| open.set(false));
    let is_admin = move || session.me.get().is_some_and(|m| m.is_admin);
    view! {
        <Show when=move || open.get()>
            <Modal label="More".to_string() class="more-sheet" on_close=close>
                <ul on:click=move |_| open.set(false)>
                    <li><NavLink route=Route::People label="People" /></li>
                    <li><NavLink route=Route::Favorites label="Favourites" /></li>
                    <li><NavLink route=Route::Folders(String::new()) label="Folders" /></li>
                    <li><NavLink route=Route::Shared label="Shared" /></li>
                    <li><NavLink route=Route::Archive label="Archive" /></li>
                    <li><NavLink route=Route::Trash label="Trash" /></li>
                    <li><NavLink route=Route::Upload label="Backup" /></li>
                    <li><NavLink route=Route::Orders label="Orders" /></li>
                    <Show when=move || !cart.items.with(Vec::is_empty)>
                        <li><a href=Route::Prints.hash()>{move || format!("Print cart ({})", cart.items.with(Vec::len))}</a></li>
                    </Show>
                    <Show when=is_admin>
                        <li><NavLink route=Route::Lab label="Print lab" /></li>
                        <li><NavLink route=Route::Accounts label="Accounts" /></li>
                    </Show>
                    <Show when=move || installable.get()>
                        <li><button class="item" on:click=move |_| crate::offline::install()>"Install app"</button></li>
                    </Show>
                </ul>
                <p class="who">{move || session.me.get().map(|m| format!("Signed in as {}", m.username))}</p>
                <ul>
                    <li><button class="item" on:click=move |_| { open.set(false); sign_out.run(()) }>"Sign out"</button></li>
                    <li><button class="item" on:click=move |_| open.set(false)>"Close"</button></li>
                </ul>
            </Modal>
        </Show>
    }
}
