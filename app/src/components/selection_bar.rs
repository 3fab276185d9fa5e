//! The bar that appears while photos are selected: how many, and what can be done to all of them. On a
//! phone it is an action sheet at the bottom: the main actions as icons with labels, the rest under
//! "More". It follows the grid in the page's order, so the keyboard reaches it right after the photos.

use crate::{
    api,
    route::{Nav, Route},
    state::{Actions, Dialog, Selection},
};
use keepsake_api::AssetChange;
use leptos::{prelude::*, task::spawn_local};

/// Puts the selected photos into something or takes them out of it, and says how many moved.
fn batch<Fut>(
    selection: Selection,
    actions: Actions,
    busy: RwSignal<bool>,
    call: impl FnOnce(Vec<String>) -> Fut + 'static,
    done: &'static str,
) where
    Fut: std::future::Future<Output = api::ClientResult<keepsake_api::EditResult>> + 'static,
{
    let ids = selection.ids();
    busy.set(true);
    spawn_local(async move {
        match call(ids).await {
            Ok(r) => {
                actions.message.set(Some(format!("{} {done}", r.changed)));
                selection.clear();
                actions.refreshed();
            }
            Err(e) => actions.message.set(Some(e.to_string())),
        }
        busy.set(false);
    });
}

#[component]
pub fn SelectionBar() -> impl IntoView {
    let selection = expect_context::<Selection>();
    let actions = expect_context::<Actions>();
    let nav = expect_context::<Nav>();
    let cart = expect_context::<crate::cart::PrintCart>();
    let busy = RwSignal::new(false);
    let more = RwSignal::new(false);
    let run = move |change: AssetChange, done: &'static str| {
        let ids = selection.ids();
        busy.set(true);
        spawn_local(async move {
            match actions.edit(ids, change).await {
                Ok(n) => {
                    actions.message.set(Some(format!("{n} {done}")));
                    selection.clear();
                }
                Err(e) => actions.message.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let download = move |_| {
        let ids = selection.ids();
        spawn_local(async move {
            match api::download_ticket(ids).await {
                Ok(ticket) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().assign(&ticket.url);
                    }
                }
                Err(e) => actions.message.set(Some(e.to_string())),
            }
        });
    };
    let remove_from_album = move |album: String| {
        let call = move |ids| async move { api::album_remove(&album, ids).await };
        batch(selection, actions, busy, call, "removed from the album")
    };
    let add_to_vault = move |_| batch(selection, actions, busy, api::vault_add, "added to the family vault");
    let take_back =
        move |_| batch(selection, actions, busy, api::vault_take_back, "taken back from the family vault");
    let open = move |dialog: fn(Vec<String>) -> Dialog| actions.dialog.set(Some(dialog(selection.ids())));
    view! {
        <Show when=move || { selection.count() > 0 }>
            <div class="selection-bar" class:expanded=move || more.get() role="toolbar" aria-label="Selection">
                <strong>{move || format!("{} selected", selection.count())}</strong>
                {move || match nav.route.get() {
                    // In the vault one can only take one's own photos back out.
                    Route::Vault => view! {
                        <button disabled=busy on:click=take_back>"Take back from vault"</button>
                    }.into_any(),
                    Route::Trash => view! {
                        <button disabled=busy on:click=move |_| run(AssetChange::Restore, "restored")>"Restore"</button>
                        <button class="danger" disabled=busy on:click=move |_| run(AssetChange::Purge, "deleted for good")>"Delete forever"</button>
                    }.into_any(),
                    route => {
                        let archived_view = matches!(route, Route::Archive);
                        let album = match route { Route::Album(id) => Some(id), _ => None };
                        let share = move |_| actions.dialog.set(Some(Dialog::ShareLink(keepsake_api::LinkTarget::Selection {
                            name: format!("Shared {}", js_sys::Date::new_0().to_date_string()),
                            ids: selection.ids(),
                        })));
                        // The main actions, as icons with labels on a phone; the rest under "More".
                        view! {
                            <button class="secondary main-action" on:click=share><span class="icon" aria-hidden="true">"↗"</span>"Share link"</button>
                            <button class="secondary main-action" on:click=move |_| open(Dialog::AddToAlbum)><span class="icon" aria-hidden="true">"❐"</span>"Add to album"</button>
                            <button class="secondary main-action" disabled=busy on:click=move |_| run(AssetChange::Favorite { value: true }, "marked as favourites")><span class="icon" aria-hidden="true">"♥"</span>"Favourite"</button>
                            <button class="danger main-action" disabled=busy on:click=move |_| run(AssetChange::Trash, "moved to the trash")><span class="icon" aria-hidden="true">"⌫"</span>"Delete"</button>
                            <button class="more-toggle" aria-expanded=move || more.get().to_string() on:click=move |_| more.update(|m| *m = !*m)>
                                <span class="icon" aria-hidden="true">"⋯"</span>"More"
                            </button>
                            <div class="more-actions">
                                <button class="secondary" on:click=move |_| open(Dialog::Tag)>"Tag"</button>
                                <button class="secondary" disabled=busy on:click=move |_| run(AssetChange::Favorite { value: false }, "no longer favourites")>"Unfavourite"</button>
                                <button class="secondary" disabled=busy on:click=move |_| run(AssetChange::Archive { value: !archived_view }, if archived_view { "unarchived" } else { "archived" })>
                                    {if archived_view { "Unarchive" } else { "Archive" }}
                                </button>
                                <button class="secondary" on:click=move |_| open(Dialog::EditDate)>"Edit date"</button>
                                <button class="secondary" on:click=download>"Download"</button>
                                <button class="secondary" disabled=busy on:click=add_to_vault>"Add to vault"</button>
                                <button class="secondary" on:click=move |_| cart.add(selection.ids(), actions, nav)>"Order prints"</button>
                                {album.map(|id| view! {
                                    <button class="secondary" on:click=move |_| remove_from_album(id.clone())>"Remove from album"</button>
                                })}
                            </div>
                        }.into_any()
                    }
                }}
                <button class="link clear" on:click=move |_| selection.clear()>"Clear selection"</button>
            </div>
        </Show>
    }
}
