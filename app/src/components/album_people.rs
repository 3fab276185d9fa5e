//! Who an album is shared with, as its owner sees it on the album's page.

use crate::api;
use keepsake_api::{Album, AlbumRole, AlbumShare};
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};

/// Add a person as viewer or contributor, change,
/// remove.
#[component]
pub fn AlbumPeople(album: RwSignal<Option<Album>>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let role = RwSignal::new("viewer".to_string());
    let error = RwSignal::new(None::<String>);
    let share = move |e: SubmitEvent| {
        e.prevent_default();
        let Some(id) = album.get_untracked().map(|a| a.id) else { return };
        let role =
            if role.get_untracked() == "contributor" { AlbumRole::Contributor } else { AlbumRole::Viewer };
        let request = AlbumShare { username: username.get_untracked(), role };
        spawn_local(async move {
            match api::share_album(&id, &request).await {
                Ok(a) => {
                    username.set(String::new());
                    error.set(None);
                    album.set(Some(a));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let remove = move |user: u64| {
        let Some(id) = album.get_untracked().map(|a| a.id) else { return };
        spawn_local(async move {
            match api::unshare_album(&id, user).await {
                Ok(()) => album.update(|a| {
                    if let Some(a) = a {
                        a.members.retain(|m| m.user_id != user);
                    }
                }),
                Err(e) => error.set(Some(e.to_string())),
            }
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
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </details>
    }
}
