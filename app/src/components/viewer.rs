//! The full-screen viewer: a modal dialog with the photo (swipe, pinch and double-tap zoom, see
//! [`PhotoStage`]) or video, previous/next with the arrow keys, an info panel with tags and place, and
//! the same actions as the selection bar for the one photo on screen. The open photo is in the address
//! (see [`follow_address`]): Back closes the viewer, a reload opens it again.

use crate::{
    api,
    components::{
        faces::{FacesOnPhoto, PhotoFaces},
        grid::focus_cell,
        modal::Modal,
        stage::PhotoStage,
    },
    format,
    route::{photo_in, with_photo},
    state::{Actions, Dialog, ReadOnly, Session, apply_here},
};
use keepsake_api::{Asset, AssetChange, AssetKind};
use leptos::{ev, prelude::*, task::spawn_local};

fn info_rows(a: &Asset) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    rows.push(("Taken", a.taken_at.as_deref().map_or("Unknown".into(), format::date_time)));
    if let Some(camera) = a.camera.name() {
        rows.push(("Camera", camera));
    }
    if let Some(lens) = &a.camera.lens {
        rows.push(("Lens", lens.clone()));
    }
    let e = &a.exposure;
    let exposure: Vec<String> = [
        e.exposure_time.map(format::exposure_time),
        e.f_number.map(|f| format!("f/{f}")),
        e.iso.map(|i| format!("ISO {i}")),
        e.focal_length.map(|f| format!("{f} mm")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !exposure.is_empty() {
        rows.push(("Exposure", exposure.join(" · ")));
    }
    if let (Some(w), Some(h)) = (a.width, a.height) {
        rows.push(("Dimensions", format!("{w} × {h}")));
    }
    if let Some(d) = a.duration {
        rows.push(("Length", format::duration(d)));
    }
    rows.push(("Size", format::bytes(a.bytes)));
    if let Some(place) = &a.place {
        rows.push(("Place", place.label()));
    }
    if let Some(g) = a.gps {
        let alt = g.alt.map(|alt| format!(", {alt:.0} m")).unwrap_or_default();
        rows.push(("Position", format!("{:.5}, {:.5}{alt}", g.lat, g.lon)));
    }
    if let Some(original) = &a.original_taken_at {
        rows.push(("Date in file", format::date_time(original)));
    }
    if let Some(folder) = &a.folder {
        rows.push(("Folder", folder.clone()));
    }
    rows.push(("File", a.filename.clone()));
    rows
}

/// Keeps the open photo and the address in step. Opening a photo pushes a history entry, so Back (and
/// Android's back gesture) closes the viewer instead of leaving the page; moving to a neighbour replaces
/// it; closing goes back over it. An address naming a photo opens it.
fn follow_address(selected: RwSignal<Option<String>>) {
    let hash = || web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    if let Some(id) = photo_in(&hash()) {
        selected.set(Some(id));
    }
    let pushed = StoredValue::new(false);
    let set_address = move |photo: Option<&str>, push: bool| {
        let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else { return };
        let address = with_photo(&hash(), photo);
        let _ = if push {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address))
        } else {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address))
        };
    };
    let listener = window_event_listener(ev::popstate, move |_| {
        let wanted = photo_in(&hash());
        if wanted.is_none() {
            pushed.set_value(false);
        }
        if selected.get_untracked() != wanted {
            selected.set(wanted);
        }
    });
    on_cleanup(move || listener.remove());
    Effect::new(move |_| {
        let open = selected.get();
        let shown = photo_in(&hash());
        match (shown, open) {
            (a, b) if a == b => {}
            (None, Some(id)) => {
                set_address(Some(&id), true);
                pushed.set_value(true);
            }
            (Some(_), Some(id)) => set_address(Some(&id), false),
            (Some(_), None) if pushed.get_value() => {
                pushed.set_value(false);
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = history.back();
                }
            }
            (Some(_), None) => set_address(None, false),
            (None, None) => {}
        }
    });
}

fn is_typing(e: &ev::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// The id `delta` places from `id` in `list`, when both are there.
fn id_beside(list: &[Asset], id: &str, delta: isize) -> Option<String> {
    let at = list.iter().position(|a| a.id == id)?;
    list.get(at.checked_add_signed(delta)?).map(|a| a.id.clone())
}

/// `selected` holds an asset id, not a position: uploads landing while the viewer is open shift
/// positions, and the photo on screen must stay the same. `source` is the list the viewer steps through.
#[component]
pub fn Viewer(
    source: RwSignal<Vec<Asset>>,
    selected: RwSignal<Option<String>>,
    #[prop(optional)] in_trash: bool,
    /// The album being shown, for "Use as cover" and "Remove from album".
    album: Option<String>,
    /// Whether the caller owns that album: only its owner chooses the cover.
    album_owned: Option<Signal<bool>>,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    follow_address(selected);
    let current = Memo::new(move |_| {
        let id = selected.get()?;
        source.with(|a| a.iter().enumerate().find(|(_, x)| x.id == id).map(|(i, x)| (i, x.clone())))
    });
    let step = Callback::new(move |delta: isize| {
        let Some(id) = selected.get_untracked() else { return };
        if let Some(next) = source.with_untracked(|list| id_beside(list, &id, delta)) {
            selected.set(Some(next));
        }
    });
    let close = Callback::new(move |()| selected.set(None));
    // Focus goes back to the photo last shown, wherever the person stepped to.
    let last_shown = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        if let Some(id) = selected.get() {
            last_shown.set_value(Some(id));
        }
    });
    let return_focus = Callback::new(move |()| {
        if let Some(id) = last_shown.get_value() {
            request_animation_frame(move || focus_cell(&id));
        }
    });
    let keys = window_event_listener(ev::keydown, move |e: ev::KeyboardEvent| {
        if selected.get_untracked().is_none() || actions.dialog.get_untracked().is_some() || is_typing(&e) {
            return;
        }
        match e.key().as_str() {
            "ArrowLeft" => step.run(-1),
            "ArrowRight" => step.run(1),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    let album = StoredValue::new(album);
    // Outlives the photo it is about: a photo trashed from here gives way to its neighbour.
    let message = RwSignal::new(None::<String>);
    let faces = faces_of_shown(current);
    view! {
        <Show when=move || current.with(Option::is_some)>
            <Modal label=Signal::derive(move || current.with(|c| c.as_ref().map(|(_, a)| format!("Photo {}", a.filename)).unwrap_or_default()))
                class="viewer" on_close=close return_focus=return_focus>
                {move || current.get().map(|(index, asset)| view! {
                    <div class="stage">
                        {media(&asset, step, close, faces)}
                        <button class="nav prev" aria-label="Previous" disabled=index == 0 on:click=move |_| step.run(-1)>"‹"</button>
                        <button class="nav next" aria-label="Next" disabled=move || { index + 1 >= source.with(Vec::len) }
                            on:click=move |_| step.run(1)>"›"</button>
                    </div>
                    <Info asset=asset source=source selected=selected message=message in_trash=in_trash album=album.get_value() album_owned=album_owned faces=faces />
                })}
            </Modal>
        </Show>
    }
}

type ShownFaces = Option<FacesOnPhoto>;

/// People's faces on the photo shown, for a signed-in person with People on: their own photos', and
/// those they see through the family vault or an album (never a share link's visitor: names are the
/// family's), and which of them is picked.
fn faces_of_shown(current: Memo<Option<(usize, Asset)>>) -> ShownFaces {
    let session = use_context::<Session>()?;
    if use_context::<ReadOnly>().is_some() {
        return None;
    }
    let (faces, chosen) = (RwSignal::new(Vec::new()), RwSignal::new(None));
    Effect::new(move |_| {
        faces.set(Vec::new());
        chosen.set(None);
        let on = session.people_on();
        let Some((_, asset)) = current.get().filter(|_| on) else { return };
        spawn_local(async move {
            if let Ok(found) = api::faces(&asset.id).await {
                faces.set(found);
            }
        });
    });
    Some((faces, chosen))
}

/// The photo with its gestures, the video, or why it cannot be shown.
fn media(asset: &Asset, step: Callback<isize>, close: Callback<()>, faces: ShownFaces) -> AnyView {
    match (asset.kind, asset.has_derivatives) {
        (AssetKind::Video, _) => view! {
            <video controls autoplay src=api::file_url(&asset.id, "original")
                poster=asset.has_derivatives.then(|| api::file_url(&asset.id, "preview"))></video>
        }
        .into_any(),
        (AssetKind::Photo, true) => match faces {
            Some(faces) => {
                view! { <PhotoStage asset=asset.clone() step=step close=close faces=faces /> }.into_any()
            }
            None => view! { <PhotoStage asset=asset.clone() step=step close=close /> }.into_any(),
        },
        (AssetKind::Photo, false) => view! {
            <div class="no-preview large">
                <p>"This browser cannot show " {asset.mime.clone()} " files."</p>
                <p>"The original is safe: download it to view it."</p>
            </div>
        }
        .into_any(),
    }
}

/// The panel beside (or below) the photo: close, what can be done to it, and what is known of it.
#[component]
fn Info(
    asset: Asset,
    source: RwSignal<Vec<Asset>>,
    selected: RwSignal<Option<String>>,
    message: RwSignal<Option<String>>,
    in_trash: bool,
    album: Option<String>,
    album_owned: Option<Signal<bool>>,
    faces: ShownFaces,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let album = StoredValue::new(album);
    let editable = asset.shared_by.is_none();
    let people = faces.map(|(faces, chosen)| {
        view! { <PhotoFaces asset=asset.id.clone() faces=faces chosen=chosen editable=editable /> }
    });
    // Only inside the signed-in library (a share link's page has no cart).
    let cart = use_context::<crate::cart::PrintCart>();
    let nav = use_context::<crate::route::Nav>();
    let order_prints = move |id: String| {
        if let (Some(cart), Some(nav)) = (cart, nav) {
            selected.set(None);
            cart.add(vec![id], actions, nav);
        }
    };
    // Changes that take the photo out of this list move on to its neighbour.
    let change = move |asset: Asset, change: AssetChange, leaves: bool, done: &'static str| {
        // Found now: the edit takes the photo out of the library's own list before it returns.
        let neighbour = source
            .with_untracked(|list| id_beside(list, &asset.id, 1).or_else(|| id_beside(list, &asset.id, -1)));
        spawn_local(async move {
            match actions.edit(vec![asset.id.clone()], change.clone()).await {
                Ok(_) => {
                    if leaves {
                        source.update(|l| l.retain(|a| a.id != asset.id));
                        // Only if the viewer still shows it: closed meanwhile, it stays closed.
                        if selected.get_untracked().as_deref() == Some(asset.id.as_str()) {
                            selected.set(neighbour);
                        }
                    } else {
                        source.update(|l| {
                            if let Some(a) = l.iter_mut().find(|a| a.id == asset.id) {
                                apply_here(a, &change);
                            }
                        });
                    }
                    message.set(Some(format!("{} {done}", asset.filename)));
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let use_as_cover = move |id: String| {
        let Some(album) = album.get_value() else { return };
        spawn_local(async move {
            let update = keepsake_api::AlbumUpdate { cover: Some(id), ..Default::default() };
            match api::update_album(&album, &update).await {
                Ok(_) => message.set(Some("Album cover changed".into())),
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };
    let remove_from_album = move |asset: Asset| {
        let Some(album) = album.get_value() else { return };
        spawn_local(async move {
            match api::album_remove(&album, vec![asset.id.clone()]).await {
                Ok(_) => {
                    source.update(|l| l.retain(|a| a.id != asset.id));
                    selected.set(None);
                    actions.refreshed();
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };

    let a = asset.clone();
    let read_only = use_context::<ReadOnly>();
    let tools = if let Some(read_only) = read_only {
        read_only.download.then(|| view! {
            <a class="button secondary" href=api::file_url(&a.id, "original") download=a.filename.clone()>"Download original"</a>
        }).into_any()
    } else if a.shared_by.is_some() {
        // Someone else's photo, seen through sharing: look, download, print, nothing more.
        let print_id = a.id.clone();
        view! {
            <a class="button secondary" href=api::download_url(&a.id) download=a.filename.clone()>"Download original"</a>
            {(a.kind == AssetKind::Photo).then(|| view! {
                <button class="secondary" on:click=move |_| order_prints(print_id.clone())>"Order prints"</button>
            })}
        }.into_any()
    } else if in_trash {
        let (r, p) = (a.clone(), a.clone());
        view! {
            <button on:click=move |_| change(r.clone(), AssetChange::Restore, true, "restored")>"Restore"</button>
            <button class="danger" on:click=move |_| change(p.clone(), AssetChange::Purge, true, "deleted for good")>"Delete forever"</button>
        }.into_any()
    } else {
        let (f, ar, d, rm) = (a.clone(), a.clone(), a.clone(), a.clone());
        let (tag_id, album_id, date_id, cover_id) = (a.id.clone(), a.id.clone(), a.id.clone(), a.id.clone());
        let share_id = a.id.clone();
        let print_id = a.id.clone();
        let favorite = a.favorite;
        let archived = a.archived;
        view! {
            <button class="secondary heart-toggle" aria-pressed=favorite.to_string()
                aria-label=if favorite { "Unfavourite" } else { "Favourite" }
                on:click=move |_| change(f.clone(), AssetChange::Favorite { value: !favorite }, false, if favorite { "is no longer a favourite" } else { "is a favourite" })>
                {if favorite { "♥" } else { "♡" }}
            </button>
            <button class="secondary" on:click=move |_| actions.dialog.set(Some(Dialog::AddToAlbum(vec![album_id.clone()])))>"Add to album"</button>
            <button class="secondary" on:click=move |_| actions.dialog.set(Some(Dialog::Tag(vec![tag_id.clone()])))>"Tag"</button>
            <button class="secondary" on:click=move |_| actions.dialog.set(Some(Dialog::EditDate(vec![date_id.clone()])))>"Edit date"</button>
            <button class="secondary" on:click=move |_| change(ar.clone(), AssetChange::Archive { value: !archived }, false, if archived { "unarchived" } else { "archived" })>
                {if archived { "Unarchive" } else { "Archive" }}
            </button>
            <a class="button secondary" href=api::download_url(&a.id) download=a.filename.clone()>"Download original"</a>
            <button class="secondary" on:click=move |_| actions.dialog.set(Some(Dialog::ShareLink(keepsake_api::LinkTarget::Photo { id: share_id.clone() })))>"Share link"</button>
            {(a.kind == AssetKind::Photo).then(|| view! {
                <button class="secondary" on:click=move |_| order_prints(print_id.clone())>"Order prints"</button>
            })}
            {album.get_value().map(|_| view! {
                <Show when=move || album_owned.is_none_or(|owned| owned.get())>
                    {
                        let cover_id = cover_id.clone();
                        view! { <button class="secondary" on:click=move |_| use_as_cover(cover_id.clone())>"Use as cover"</button> }
                    }
                </Show>
                <button class="secondary" on:click=move |_| remove_from_album(rm.clone())>"Remove from album"</button>
            })}
            <button class="danger" on:click=move |_| change(d.clone(), AssetChange::Trash, true, "moved to the trash")>"Delete"</button>
        }.into_any()
    };
    let tags = asset.tags.clone();
    view! {
        <aside class="info" aria-label="Info">
            <div class="tools">
                <button class="secondary" aria-label="Close" autofocus on:click=move |_| selected.set(None)>"✕ Close"</button>
                {tools}
            </div>
            {people}
            <dl>
                {info_rows(&asset).into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            <ul class="tags" aria-label="Tags">
                {tags.into_iter().map(|tag| {
                    let asset = asset.clone();
                    let remove = tag.clone();
                    view! {
                        <li>{tag.clone()}
                            {(!in_trash).then(|| view! {
                                <button class="link" aria-label=format!("Remove tag {tag}")
                                    on:click=move |_| change(asset.clone(), AssetChange::RemoveTags { tags: vec![remove.clone()] }, false, "untagged")>"×"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || message.get().map(|m| view! { <p role="status">{m}</p> })}
        </aside>
    }
}
