//! Who an album is shared with, as its owner sees it on the album's page.

use crate::{api, components::requests::Requests};
use keepsake_api::{Album, AlbumRole, AlbumShare};
use leptos::{ev::SubmitEvent, prelude::*};

/// Add a person as viewer or contributor, change, remove.
#[component]
pub fn AlbumPeople(album: RwSignal<Option<Album>>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let role = RwSignal::new("viewer".to_string());
    let requests = Requests::new();
    let share = move |e: SubmitEvent| {
        e.prevent_default();
        let Some(id) = album.get_untracked().map(|a| a.id) else { return };
        let role =
            if role.get_untracked() == "contributor" { AlbumRole::Contributor } else { AlbumRole::Viewer };
        let request = AlbumShare { username: username.get_untracked(), role };
        requests.act(async move { api::share_album(&id, &request).await }, move |a| {
            username.set(String::new());
            album.set(Some(a));
        });
    };
    let remove = move |user: u64| {
        let Some(id) = album.get_untracked().map(|a| a.id) else { return };
        requests.act(async move { api::unshare_album(&id, user).await }, move |()| {
            album.update(|a| {
                if let Some(a) = a {
                    a.members.retain(|m| m.user_id != user);
                }
            })
        });
    };
    view! {
        <details class="people">
            <summary>"People"</summary>
            <ul>
                {move || album.get().map(|a| a.members.into_iter().map(|m| view! {
                    <li>{m.username.clone()} " — " {if m.role == AlbumRole::Contributor { "can add photos" } else { "can view" }}
                        <button class="link" on:click=move |_| remove(m.user_id)>"Remove"</button></li>
                }).collect_view())}
            </ul>
            <form class="row" on:submit=share>
                <input placeholder="Username" aria-label="Share with username" required bind:value=username />
                <select aria-label="Role" on:change=move |e| role.set(event_target_value(&e))>
                    <option value="viewer">"Can view"</option>
                    <option value="contributor">"Can add photos"</option>
                </select>
                <button type="submit" class="secondary">"Share"</button>
            </form>
            {requests.problem()}
        </details>
    }
}
