//! The pages of the library: the timeline with its memories, albums, an album, search, favourites,
//! archive, folders and trash. Each shows the shared grid and viewer over its own list of photos.

use crate::{
    api,
    components::{
        album_people::AlbumPeople, photo_browser::PhotoBrowser, query_grid::QueryGrid, requests::Requests,
    },
    format,
    route::{Nav, Route},
    state::{Actions, Library, load_search},
};
use keepsake_api::{Album, AlbumUpdate, Asset, AssetKind, MemoryYear, NewAlbum, SearchQuery};
use leptos::{ev, prelude::*, task::spawn_local};

#[component]
pub fn FavoritesPage() -> impl IntoView {
    view! {
        <QueryPage title="Favourites" empty="Photos you mark with ♥ appear here."
            query=SearchQuery { favorite: Some(true), ..Default::default() } />
    }
}

#[component]
pub fn ArchivePage() -> impl IntoView {
    view! {
        <QueryPage title="Archive" empty="Archived photos are hidden from the timeline but stay in albums and search."
            query=SearchQuery { archived: Some(true), ..Default::default() } />
    }
}

/// The person's own date, `YYYY-MM-DD`: "on this day" is where they are.
fn local_today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

#[component]
pub fn TimelinePage() -> impl IntoView {
    let library = expect_context::<Library>();
    let viewer = RwSignal::new(None::<String>);
    view! {
        <Memories viewer=viewer />
        <Show when=move || !library.loading.get() && library.assets.with(|a| a.is_empty())>
            <section class="empty">
                <h2>"No photos yet"</h2>
                <p>"Drop photos or videos anywhere on this page, paste them, or use Upload photos."</p>
            </section>
        </Show>
        <PhotoBrowser source=library.assets open=viewer dated=true />
    }
}

/// "On this day": photos taken on today's date in earlier years, a row per year.
#[component]
fn Memories(viewer: RwSignal<Option<String>>) -> impl IntoView {
    let years = RwSignal::new(Vec::<MemoryYear>::new());
    let actions = expect_context::<Actions>();
    Effect::new(move |_| {
        actions.refresh.track();
        spawn_local(async move {
            if let Ok(memories) = api::memories(&local_today()).await {
                years.set(memories.years);
            }
        });
    });
    let this_year = js_sys::Date::new_0().get_full_year() as i32;
    view! {
        <Show when=move || years.with(|y| !y.is_empty())>
            <section class="memories" aria-label="On this day">
                <h2>"On this day"</h2>
                <div class="strip">
                    {move || years.get().into_iter().map(|year| {
                        let ago = this_year - year.year;
                        let label = format::years_ago(ago);
                        view! {
                            <div class="memory-year">
                                <h3>{label} " · " <span class="muted">{year.year}</span></h3>
                                <div class="thumbs">
                                    {year.items.into_iter().take(12).map(|a| {
                                        let id = a.id.clone();
                                        view! {
                                            <button class="thumb" aria-label=a.filename.clone() on:click=move |_| viewer.set(Some(id.clone()))>
                                                <img src=api::file_url(&a.id, "thumbnail") alt="" loading="lazy" />
                                            </button>
                                        }
                                    }).collect_view()}
                                </div>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </section>
        </Show>
    }
}

#[component]
fn QueryPage(title: &'static str, empty: &'static str, query: SearchQuery) -> impl IntoView {
    view! {
        <h2 class="page-title">{title}</h2>
        <QueryGrid query=query dated=true empty=empty />
    }
}

#[component]
pub fn SearchPage(query: SearchQuery) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let actions = expect_context::<Actions>();
    let cameras = RwSignal::new(Vec::new());
    spawn_local(async move {
        if let Ok(list) = api::cameras().await {
            cameras.set(list);
        }
    });
    let source = RwSignal::new(Vec::<Asset>::new());
    let total = RwSignal::new(None::<usize>);
    let requests = Requests::new();
    {
        let query = query.clone();
        Effect::new(move |_| {
            actions.refresh.track();
            let query = query.clone();
            requests.act(load_search(query, source, total), |()| ());
        });
    }
    let change = {
        let query = query.clone();
        move |edit: &dyn Fn(&mut SearchQuery)| {
            let mut q = query.clone();
            edit(&mut q);
            nav.go(Route::Search(q));
        }
    };
    let (c1, c2, c3, c4, c5) = (change.clone(), change.clone(), change.clone(), change.clone(), change);
    let kind_value = match query.kind {
        Some(AssetKind::Photo) => "photo",
        Some(AssetKind::Video) => "video",
        None => "",
    };
    let camera_value = query.camera.clone().unwrap_or_default();
    view! {
        <h2 class="page-title">"Search"</h2>
        <form class="filters" aria-label="Filters" on:submit=|e: ev::SubmitEvent| e.prevent_default()>
            <label>"Type "
                <select aria-label="Type" on:change=move |e| {
                    let v = event_target_value(&e);
                    c1(&|q| q.kind = match v.as_str() { "photo" => Some(AssetKind::Photo), "video" => Some(AssetKind::Video), _ => None });
                }>
                    <option value="" selected=kind_value.is_empty()>"Photos and videos"</option>
                    <option value="photo" selected=kind_value == "photo">"Photos"</option>
                    <option value="video" selected=kind_value == "video">"Videos"</option>
                </select>
            </label>
            <label><input type="checkbox" prop:checked=query.favorite == Some(true)
                on:change=move |e| { let v = event_target_checked(&e); c2(&|q| q.favorite = v.then_some(true)); } />" Favourites"</label>
            <label>"From " <input type="date" aria-label="From" prop:value=query.from.clone().unwrap_or_default()
                on:change=move |e| { let v = event_target_value(&e); c3(&|q| q.from = Some(v.clone()).filter(|v| !v.is_empty())); } /></label>
            <label>"To " <input type="date" aria-label="To" prop:value=query.to.clone().unwrap_or_default()
                on:change=move |e| { let v = event_target_value(&e); c4(&|q| q.to = Some(v.clone()).filter(|v| !v.is_empty())); } /></label>
            <label>"Camera "
                <select aria-label="Camera" on:change=move |e| {
                    let v = event_target_value(&e);
                    c5(&|q| q.camera = Some(v.clone()).filter(|v| !v.is_empty()));
                }>
                    <option value="">"Any camera"</option>
                    {move || cameras.get().into_iter().map(|c| {
                        let selected = c.camera == camera_value;
                        view! { <option value=c.camera.clone() selected=selected>{format!("{} ({})", c.camera, c.count)}</option> }
                    }).collect_view()}
                </select>
            </label>
        </form>
        {requests.problem()}
        <p class="muted" role="status">{move || total.get().map(|n| if n == 1 { "1 result".to_string() } else { format!("{n} results") })}</p>
        <PhotoBrowser source=source />
    }
}

#[component]
pub fn AlbumsPage() -> impl IntoView {
    let albums = RwSignal::new(None::<Vec<Album>>);
    let requests = Requests::new();
    let actions = expect_context::<Actions>();
    let nav = expect_context::<Nav>();
    Effect::new(move |_| {
        actions.refresh.track();
        requests.run(api::albums(), move |list| albums.set(Some(list)));
    });
    let name = RwSignal::new(String::new());
    let create = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let album =
            NewAlbum { name: name.get_untracked(), description: String::new(), asset_ids: Vec::new() };
        requests
            .act(async move { api::create_album(&album).await }, move |album| nav.go(Route::Album(album.id)));
    };
    view! {
        <h2 class="page-title">"Albums"</h2>
        <form class="inline-form" on:submit=create>
            <input aria-label="New album name" placeholder="New album name" required
                prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) />
            <button type="submit">"Create album"</button>
        </form>
        {requests.problem()}
        <ul class="albums">
            {move || albums.get().unwrap_or_default().into_iter().map(|album| {
                let dates = match (&album.first_date, &album.last_date) {
                    (Some(a), Some(b)) if a.get(..7) == b.get(..7) => format::month_label(a),
                    (Some(a), Some(b)) => format!("{} – {}", format::month_label(a), format::month_label(b)),
                    _ => String::new(),
                };
                let count = if album.count == 1 { "1 item".to_string() } else { format!("{} items", album.count) };
                view! {
                    <li>
                        <a href=Route::Album(album.id.clone()).hash()>
                            <span class="cover">
                                {album.cover.map(|c| view! { <img src=api::file_url(&c, "thumbnail") alt="" loading="lazy" /> })}
                            </span>
                            <strong>{album.name.clone()}</strong>
                            <span class="muted">{count} " · " {dates}</span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
        <Show when=move || albums.get().is_some_and(|a| a.is_empty())>
            <p class="empty">"No albums yet. Create one here, or select photos and choose Add to album."</p>
        </Show>
    }
}

#[component]
pub fn AlbumPage(id: String) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let nav = expect_context::<Nav>();
    let cart = expect_context::<crate::cart::PrintCart>();
    let order_prints = move |ids: Vec<String>| cart.add(ids, actions, nav);
    let album = RwSignal::new(None::<Album>);
    let source = RwSignal::new(Vec::<Asset>::new());
    let requests = Requests::new();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let id = StoredValue::new(id);
    Effect::new(move |_| {
        actions.refresh.track();
        requests.run(album_and_photos(id.get_value()), move |(a, items)| {
            name.set(a.name.clone());
            description.set(a.description.clone());
            album.set(Some(a));
            source.set(items);
        });
    });
    let update = move |update: AlbumUpdate| {
        requests.act(async move { api::update_album(&id.get_value(), &update).await }, move |a| {
            album.set(Some(a));
            actions.refreshed();
        });
    };
    let save = move |e: ev::SubmitEvent| {
        e.prevent_default();
        update(AlbumUpdate {
            name: Some(name.get_untracked()),
            description: Some(description.get_untracked()),
            ..Default::default()
        });
    };
    let delete = move |_| {
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message("Delete this album? The photos stay in your library.").ok())
            .unwrap_or(false);
        if sure {
            requests.act(async move { api::delete_album(&id.get_value()).await }, move |()| {
                nav.go(Route::Albums)
            });
        }
    };
    let reorder = Callback::new(move |(moved, before): (String, String)| {
        source.update(|list| {
            if let Some(from) = list.iter().position(|a| a.id == moved) {
                let item = list.remove(from);
                let to = list.iter().position(|a| a.id == before).unwrap_or(list.len());
                list.insert(to, item);
            }
        });
        spawn_local(async move {
            if let Err(e) = api::album_move(&id.get_value(), moved, Some(before)).await {
                requests.fail(e);
                actions.refreshed();
            }
        });
    });
    view! {
        <a href="#/albums" class="back">"‹ Albums"</a>
        // Someone else's album: its name and what the person may do, without the owner's tools.
        <Show when=move || album.get().is_some_and(|a| a.role.is_none())
            fallback=move || album.get().map(|a| view! {
                <section class="album-head">
                    <h1>{a.name.clone()}</h1>
                    {(!a.description.is_empty()).then(|| view! { <p>{a.description.clone()}</p> })}
                    <p class="muted">{format!("{} · shared with you by {}{}", if a.count == 1 { "1 item".to_string() } else { format!("{} items", a.count) }, a.owner,
                        if a.role == Some(keepsake_api::AlbumRole::Contributor) { " · add your photos with “Add to album”" } else { "" })}</p>
                    <a class="button secondary" href=api::album_download_url(&a.id) download="">"Download ZIP"</a>
                    <button type="button" class="secondary" on:click=move |_| order_prints(source.get_untracked().into_iter().map(|a| a.id).collect())>"Order prints"</button>
                </section>
            })>
            <form class="album-head" on:submit=save>
                <input class="album-name" aria-label="Album name" prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) />
                <textarea aria-label="Description" placeholder="Description" prop:value=move || description.get()
                    on:input=move |e| description.set(event_target_value(&e))></textarea>
                <div class="tools">
                    <button type="submit">"Save"</button>
                    <span class="muted">{move || album.get().map(|a| if a.count == 1 { "1 item".to_string() } else { format!("{} items", a.count) })}</span>
                    <button type="button" class="secondary" on:click=move |_| update(AlbumUpdate { sort_newest_first: Some(false), ..Default::default() })>"Sort oldest first"</button>
                    <button type="button" class="secondary" on:click=move |_| update(AlbumUpdate { sort_newest_first: Some(true), ..Default::default() })>"Sort newest first"</button>
                    <a class="button secondary" href=move || api::album_download_url(&id.get_value()) download="">"Download ZIP"</a>
                    <button type="button" class="secondary" on:click=move |_| actions.dialog.set(Some(crate::state::Dialog::ShareLink(
                        keepsake_api::LinkTarget::Album { id: id.get_value() })))>"Share link"</button>
                    <button type="button" class="secondary" on:click=move |_| order_prints(source.get_untracked().into_iter().map(|a| a.id).collect())>"Order prints"</button>
                    <button type="button" class="danger" on:click=delete>"Delete album"</button>
                </div>
            </form>
            <AlbumPeople album=album />
        </Show>
        {requests.problem()}
        <p class="muted hint">"Drag photos to reorder them."</p>
        <PhotoBrowser source=source reorder=reorder
            album=(id.get_value(), Signal::derive(move || album.get().is_some_and(|a| a.role.is_none()))) />
    }
}

#[component]
pub fn FoldersPage(path: String) -> impl IntoView {
    let listing = RwSignal::new(None::<keepsake_api::FolderListing>);
    let requests = Requests::new();
    {
        let path = path.clone();
        requests.run(async move { api::folders(&path).await }, move |l| listing.set(Some(l)));
    }
    let mut crumbs = vec![("All folders".to_string(), String::new())];
    let mut so_far = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        so_far = if so_far.is_empty() { part.to_string() } else { format!("{so_far}/{part}") };
        crumbs.push((part.to_string(), so_far.clone()));
    }
    view! {
        <h2 class="page-title">"Folders"</h2>
        <nav class="crumbs" aria-label="Folder path">
            {crumbs.into_iter().map(|(name, p)| view! { <a href=Route::Folders(p).hash()>{name}</a> }).collect_view()}
        </nav>
        {requests.problem()}
        <ul class="folders">
            {move || listing.get().map(|l| l.folders).unwrap_or_default().into_iter().map(|f| view! {
                <li><a href=Route::Folders(f.path.clone()).hash()>"📁 " {f.name} <span class="muted">{format!(" {}", f.count)}</span></a></li>
            }).collect_view()}
        </ul>
        <Show when=move || listing.get().is_some_and(|l| l.folders.is_empty() && l.path.is_empty())>
            <p class="empty">"Photos uploaded from a folder, or imported with keepsake import, are listed here by folder."</p>
        </Show>
        {(!path.is_empty()).then(|| view! { <QueryGrid query=SearchQuery { folder: Some(path.clone()), ..Default::default() } dated=true /> })}
    }
}

#[component]
pub fn TrashPage() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let source = RwSignal::new(Vec::<Asset>::new());
    let purge_at = RwSignal::new(std::collections::HashMap::<String, String>::new());
    let days = RwSignal::new(30u32);
    let requests = Requests::new();
    Effect::new(move |_| {
        actions.refresh.track();
        requests.run(trash(), move |(retention_days, items)| {
            days.set(retention_days);
            purge_at.set(items.iter().map(|t| (t.asset.id.clone(), t.purge_at.clone())).collect());
            source.set(items.into_iter().map(|t| t.asset).collect());
        });
    });
    let now = js_sys::Date::now();
    let notes = Memo::new(move |_| {
        purge_at.with(|m| {
            m.iter()
                .map(|(id, at)| {
                    let left = ((js_sys::Date::parse(at) - now) / 86_400_000.0).ceil().max(0.0) as i64;
                    (
                        id.clone(),
                        if left == 1 { "1 day left".to_string() } else { format!("{left} days left") },
                    )
                })
                .collect()
        })
    });
    let run = move |restore: bool| {
        if !restore {
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message("Delete everything in the trash for good?").ok())
                .unwrap_or(false);
            if !sure {
                return;
            }
        }
        spawn_local(async move {
            let result = if restore { api::restore_all().await } else { api::empty_trash().await };
            match result {
                Ok(r) => {
                    actions.message.set(Some(if restore {
                        format!("{} restored", r.changed)
                    } else {
                        format!("{} deleted for good", r.changed)
                    }));
                    if restore {
                        let library = actions.library;
                        library.load().await;
                    }
                    actions.refreshed();
                }
                Err(e) => requests.fail(e),
            }
        });
    };
    view! {
        <h2 class="page-title">"Trash"</h2>
        <p class="muted">{move || format!("Items are deleted for good {} days after they were moved here.", days.get())}</p>
        <div class="tools">
            <button class="secondary" disabled=move || source.with(|s| s.is_empty()) on:click=move |_| run(true)>"Restore all"</button>
            <button class="danger" disabled=move || source.with(|s| s.is_empty()) on:click=move |_| run(false)>"Empty trash"</button>
        </div>
        {requests.problem()}
        <Show when=move || source.with(|s| s.is_empty())>
            <p class="empty">"The trash is empty."</p>
        </Show>
        <PhotoBrowser source=source notes=notes in_trash=true />
    }
}

/// An album and all its photos, in the album's order.
async fn album_and_photos(id: String) -> api::ClientResult<(Album, Vec<Asset>)> {
    let album = api::album(&id).await?;
    let (mut offset, mut items) = (Some(0), Vec::new());
    while let Some(at) = offset {
        let page = api::album_assets(&id, at).await?;
        items.extend(page.items);
        offset = page.next_offset;
    }
    Ok((album, items))
}

/// Everything in the trash, and how many days it keeps things.
async fn trash() -> api::ClientResult<(u32, Vec<keepsake_api::TrashedAsset>)> {
    let mut items = Vec::new();
    loop {
        let page = api::trash_page(items.len()).await?;
        let full = page.items.len() == 1000;
        items.extend(page.items);
        if !full {
            return Ok((page.retention_days, items));
        }
    }
}
