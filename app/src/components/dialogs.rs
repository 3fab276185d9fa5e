//! Dialogs over the library for some photos: add to an album, tag, edit the date, share by link.

use crate::{
    api,
    components::{copy_button::CopyButton, modal::Modal, requests::Requests},
    state::{Actions, Dialog, Selection},
};
use keepsake_api::{Album, AssetChange, LinkEmail, LinkTarget, NewAlbum, NewShareLink, TagCount};
use leptos::{ev, prelude::*, task::spawn_local};

/// The open dialog, as a modal over the page (or over the viewer it was opened from).
#[component]
pub fn Dialogs() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let close = Callback::new(move |()| actions.dialog.set(None));
    view! {
        {move || actions.dialog.get().map(|dialog| {
            let (title, body) = match dialog {
                Dialog::AddToAlbum(ids) => ("Add to album", view! { <AddToAlbum ids=ids /> }.into_any()),
                Dialog::Tag(ids) => ("Tag", view! { <AddTags ids=ids /> }.into_any()),
                Dialog::EditDate(ids) => ("Edit date", view! { <EditDate ids=ids /> }.into_any()),
                Dialog::ShareLink(target) => ("Share by link", view! { <ShareLinkDialog target=target /> }.into_any()),
            };
            view! {
                <Modal label=title.to_string() class="dialog" on_close=close>
                    <div class="dialog-head"><h2>{title}</h2><button class="link" aria-label="Close dialog" on:click=move |_| close.run(())>"✕"</button></div>
                    {body}
                </Modal>
            }
        })}
    }
}

/// Closes the dialog, clears the selection and says what happened.
fn finished(actions: Actions, selection: Selection, text: String) {
    actions.dialog.set(None);
    selection.clear();
    actions.message.set(Some(text));
}

fn plural(n: usize) -> String {
    if n == 1 { "1 photo".into() } else { format!("{n} photos") }
}

#[component]
fn AddToAlbum(ids: Vec<String>) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let selection = expect_context::<Selection>();
    let albums = RwSignal::new(Vec::<Album>::new());
    let requests = Requests::new();
    let name = RwSignal::new(String::new());
    // One's own albums, and those others share with one as a contributor.
    let albums_to_add_to = async {
        let mut list = api::albums().await?;
        let shared = api::shared_with_me().await?;
        list.extend(shared.into_iter().filter(|a| a.role == Some(keepsake_api::AlbumRole::Contributor)));
        api::ClientResult::Ok(list)
    };
    requests.run(albums_to_add_to, move |list| albums.set(list));
    let ids = StoredValue::new(ids);
    let done = move |text: String| {
        finished(actions, selection, text);
        actions.refreshed();
    };
    let add = move |album: Album| {
        let id = album.id.clone();
        requests.act(async move { api::album_add(&id, ids.get_value()).await }, move |r| {
            done(format!("{} added to {}", plural(r.changed), album.name))
        });
    };
    let create = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let request =
            NewAlbum { name: name.get_untracked(), description: String::new(), asset_ids: ids.get_value() };
        requests.act(async move { api::create_album(&request).await }, move |album| {
            done(format!("Album {} created with {}", album.name, plural(album.count)))
        });
    };
    view! {
        <form class="inline-form" on:submit=create>
            <input aria-label="New album name" placeholder="New album name" required
                prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) />
            <button type="submit">"Create album"</button>
        </form>
        <ul class="album-choices">
            {move || albums.get().into_iter().map(|album| {
                let label = match album.role {
                    Some(_) => format!("{} ({}, {}'s)", album.name, album.count, album.owner),
                    None => format!("{} ({})", album.name, album.count),
                };
                view! { <li><button class="secondary" on:click=move |_| add(album.clone())>{label}</button></li> }
            }).collect_view()}
        </ul>
        {requests.problem()}
    }
}

#[component]
fn AddTags(ids: Vec<String>) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let selection = expect_context::<Selection>();
    let suggestions = RwSignal::new(Vec::<TagCount>::new());
    let text = RwSignal::new(String::new());
    let requests = Requests::new();
    spawn_local(async move {
        if let Ok(tags) = api::tags().await {
            suggestions.set(tags);
        }
    });
    let ids = StoredValue::new(ids);
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let tags: Vec<String> =
            text.get_untracked().split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        if tags.is_empty() {
            return;
        }
        spawn_local(async move {
            let count = ids.get_value().len();
            match actions.edit(ids.get_value(), AssetChange::AddTags { tags: tags.clone() }).await {
                Ok(_) => {
                    finished(actions, selection, format!("{} tagged {}", plural(count), tags.join(", ")))
                }
                Err(e) => requests.fail(e),
            }
        });
    };
    // Suggestions that start with what is being typed (after the last comma).
    let matching = move || {
        let typed = text.get();
        let last = typed.rsplit(',').next().unwrap_or("").trim().to_lowercase();
        suggestions.with(|all| {
            all.iter()
                .filter(|t| t.tag.to_lowercase().starts_with(&last))
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let pick = move |tag: String| {
        text.update(|t| {
            let kept = t.rsplit_once(',').map(|(head, _)| format!("{head}, ")).unwrap_or_default();
            *t = format!("{kept}{tag}");
        });
    };
    view! {
        <form class="inline-form" on:submit=submit>
            <input aria-label="Tags" placeholder="Tags, separated by commas" autofocus list="tag-suggestions"
                prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e)) />
            <button type="submit">"Add tags"</button>
        </form>
        <ul class="suggestions" aria-label="Suggestions">
            {move || matching().into_iter().map(|t| {
                let tag = t.tag.clone();
                view! { <li><button type="button" class="secondary" on:click=move |_| pick(tag.clone())>{format!("{} ({})", t.tag, t.count)}</button></li> }
            }).collect_view()}
        </ul>
        {requests.problem()}
    }
}

#[component]
fn EditDate(ids: Vec<String>) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let selection = expect_context::<Selection>();
    let requests = Requests::new();
    let set_to = RwSignal::new(String::new());
    let amount = RwSignal::new(String::from("0"));
    let unit = RwSignal::new(String::from("3600"));
    // Starts at the date the (first) photo has now, as the person will usually correct it a little.
    if let Some(first) = ids.first().cloned() {
        let wall_clock = |taken_at: Option<String>| taken_at.and_then(|t| t.get(..19).map(str::to_string));
        let known = actions
            .library
            .assets
            .with_untracked(|l| l.iter().find(|a| a.id == first).map(|a| a.taken_at.clone()));
        match known {
            Some(taken_at) => set_to.set(wall_clock(taken_at).unwrap_or_default()),
            None => spawn_local(async move {
                if let Ok(asset) = api::asset(&first).await {
                    set_to.try_set(wall_clock(asset.taken_at).unwrap_or_default());
                }
            }),
        }
    }
    let ids = StoredValue::new(ids);
    let run = move |change: AssetChange| {
        spawn_local(async move {
            let count = ids.get_value().len();
            match actions.edit(ids.get_value(), change).await {
                Ok(_) => finished(actions, selection, format!("Date changed on {}", plural(count))),
                Err(e) => requests.fail(e),
            }
        });
    };
    let set = move |e: ev::SubmitEvent| {
        e.prevent_default();
        // `datetime-local` gives `YYYY-MM-DDTHH:MM` or with seconds.
        let mut value = set_to.get_untracked();
        if value.len() == 16 {
            value.push_str(":00");
        }
        run(AssetChange::SetDate { taken_at: value });
    };
    let shift = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let Ok(n) = amount.get_untracked().trim().parse::<i64>() else {
            return requests.fail("Write a whole number");
        };
        let unit: i64 = unit.get_untracked().parse().unwrap_or(3600);
        run(AssetChange::ShiftDate { seconds: n * unit });
    };
    view! {
        <p class="muted">"The original file is never changed; Keepsake keeps the date it records."</p>
        <form class="inline-form" on:submit=set>
            <label>"Set to " <input type="datetime-local" step="1" aria-label="New date" required
                prop:value=move || set_to.get() on:input=move |e| set_to.set(event_target_value(&e)) /></label>
            <button type="submit">"Set date"</button>
        </form>
        <form class="inline-form" on:submit=shift>
            <label>"Shift by " <input type="number" aria-label="Shift by" prop:value=move || amount.get()
                on:input=move |e| amount.set(event_target_value(&e)) /></label>
            <select aria-label="Unit" on:change=move |e| unit.set(event_target_value(&e))>
                <option value="60">"minutes"</option>
                <option value="3600" selected>"hours"</option>
                <option value="86400">"days"</option>
                <option value="31536000">"years (365 days)"</option>
            </select>
            <button type="submit">"Shift"</button>
        </form>
        {requests.problem()}
    }
}

/// Makes a link with the person's choices, then shows it once (only its hash is kept) with ways to
/// pass it on: copy, the system share sheet or mail app, or an email from the server.
#[component]
fn ShareLinkDialog(target: LinkTarget) -> impl IntoView {
    let selection = expect_context::<Selection>();
    let expires = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let allow_download = RwSignal::new(false);
    let show_location = RwSignal::new(false);
    let show_camera = RwSignal::new(true);
    let requests = Requests::new();
    let created = RwSignal::new(None::<(String, String)>);
    let note = RwSignal::new(None::<String>);
    let server_email = RwSignal::new(false);
    let to = RwSignal::new(String::new());
    spawn_local(async move {
        if let Ok(settings) = api::settings().await {
            server_email.set(settings.email);
        }
    });
    let target = StoredValue::new(target);
    let create = move |e: ev::SubmitEvent| {
        e.prevent_default();
        requests.clear();
        let request = NewShareLink {
            target: target.get_value(),
            expires_at: crate::format::local_end_of_day(&expires.get_untracked()),
            password: Some(password.get_untracked()).filter(|p| !p.is_empty()),
            allow_download: allow_download.get_untracked(),
            show_location: show_location.get_untracked(),
            show_camera: show_camera.get_untracked(),
        };
        let of_selection = matches!(request.target, LinkTarget::Selection { .. });
        requests.run(async move { api::create_link(&request).await }, move |link| {
            if of_selection {
                selection.clear();
            }
            created.set(Some((link.link.id, link.token)));
        });
    };
    let share_sheet = move |address: String| {
        let Some(w) = web_sys::window() else { return };
        let navigator = w.navigator();
        // The Web Share API where the browser has it, else the person's mail app.
        let has_share = js_sys::Reflect::has(&navigator, &"share".into()).unwrap_or(false);
        if has_share {
            let data = web_sys::ShareData::new();
            data.set_url(&address);
            data.set_title("Photos from Keepsake");
            let _ = navigator.share_with_data(&data);
        } else {
            let body = js_sys::encode_uri_component(&format!("Here are some photos: {address}"));
            let _ = w.location().set_href(&format!("mailto:?subject=Photos%20from%20Keepsake&body={body}"));
        }
    };
    let email = move |id: String, token: String| {
        let request = LinkEmail { token, to: to.get_untracked(), note: String::new() };
        spawn_local(async move {
            match api::email_link(&id, &request).await {
                Ok(()) => note.set(Some(format!("Sent to {}", request.to))),
                Err(e) => note.set(Some(e.to_string())),
            }
        });
    };
    view! {
        {move || match created.get() {
            None => view! {
                <form class="share-form" on:submit=create>
                    <label>"Expires on (optional)" <input type="date" name="expires" bind:value=expires /></label>
                    <label>"Password (optional)" <input type="password" name="link-password" autocomplete="new-password" bind:value=password /></label>
                    <label class="check"><input type="checkbox" name="allow-download" bind:checked=allow_download />"Allow downloading originals"</label>
                    <Show when=move || allow_download.get() && !show_location.get()>
                        <p class="muted hint">"Originals are handed out with where they were taken removed from them; nothing else in them changes."</p>
                    </Show>
                    <label class="check"><input type="checkbox" name="show-location" bind:checked=show_location />"Show where photos were taken"</label>
                    <label class="check"><input type="checkbox" name="show-camera" bind:checked=show_camera />"Show camera details"</label>
                    {requests.problem()}
                    <button type="submit">"Create link"</button>
                </form>
            }.into_any(),
            Some((id, token)) => {
                let address = api::link_address(&token);
                let (b, c) = (address.clone(), token);
                view! {
                    <p>"Anyone with this link can see what it shares. It is shown only now: copy it."</p>
                    <input class="link-address" readonly aria-label="Link address" value=address.clone() />
                    <div class="row">
                        <CopyButton text=address.clone() />
                        <button class="secondary" on:click=move |_| share_sheet(b.clone())>"Share by email"</button>
                    </div>
                    <Show when=move || server_email.get()>
                        {
                            let (id, c) = (id.clone(), c.clone());
                            view! {
                                <form class="row" on:submit=move |e: ev::SubmitEvent| { e.prevent_default(); email(id.clone(), c.clone()) }>
                                    <input type="email" placeholder="name@example.org" aria-label="Email address" required bind:value=to />
                                    <button type="submit" class="secondary">"Send from Keepsake"</button>
                                </form>
                            }
                        }
                    </Show>
                    {move || note.get().map(|n| view! { <p role="status">{n}</p> })}
                }.into_any()
            }
        }}
    }
}
