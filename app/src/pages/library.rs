//! The library: header with upload controls, the virtualized timeline grouped by month and day, the
//! viewer, and the upload panel. Files can be dropped anywhere, pasted, or picked.

use crate::{
    api,
    components::{upload_panel::UploadPanel, viewer::Viewer},
    format,
    state::{Library, Session, timeline_key},
    upload::{Pending, Uploads},
};
use keepsake_api::{Asset, AssetKind};
use leptos::{ev, html, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

const GAP: f64 = 4.0;
const HEADER_MONTH: f64 = 56.0;
const HEADER_DAY: f64 = 36.0;
/// Rows drawn above and below the screen so fast scrolling does not show blanks.
const OVERSCAN_PX: f64 = 800.0;

#[derive(Clone, PartialEq)]
enum RowKind {
    Month(String),
    Day(String),
    Photos(Vec<usize>),
}

#[derive(Clone, PartialEq)]
struct Row {
    top: f64,
    height: f64,
    kind: RowKind,
}

/// Lays the timeline out as rows of square cells under month and day headings.
fn layout(assets: &[Asset], width: f64) -> (Vec<Row>, f64, f64) {
    let columns = ((width / 170.0).floor() as usize).clamp(3, 12);
    let cell = ((width - GAP * (columns as f64 - 1.0)) / columns as f64).floor().max(40.0);
    let mut rows = Vec::new();
    let mut y = 0.0;
    let mut push = |kind: RowKind, height: f64, y: &mut f64| {
        rows.push(Row { top: *y, height, kind });
        *y += height;
    };
    let mut i = 0;
    while i < assets.len() {
        let key = timeline_key(&assets[i]);
        let (month, day) = (key.get(..7).unwrap_or(""), key.get(..10).unwrap_or(""));
        if i == 0 || timeline_key(&assets[i - 1]).get(..7) != Some(month) {
            push(RowKind::Month(month.to_string()), HEADER_MONTH, &mut y);
        }
        push(RowKind::Day(day.to_string()), HEADER_DAY, &mut y);
        let start = i;
        while i < assets.len() && timeline_key(&assets[i]).get(..10) == Some(day) {
            i += 1;
        }
        for chunk_start in (start..i).step_by(columns) {
            let indexes: Vec<usize> = (chunk_start..(chunk_start + columns).min(i)).collect();
            push(RowKind::Photos(indexes), cell + GAP, &mut y);
        }
    }
    (rows, y, cell)
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
            Pending { file, folder }
        })
        .collect()
}

#[component]
pub fn LibraryPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let library = expect_context::<Library>();
    let uploads = expect_context::<Uploads>();
    spawn_local(async move { library.load().await });

    let selected = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    let add_files = move |files: Vec<Pending>| uploads.add(files, library);

    // Drop anywhere, paste anywhere.
    let drag_over = window_event_listener(ev::dragover, move |e: ev::DragEvent| {
        e.prevent_default();
        dragging.set(true);
    });
    let drag_leave = window_event_listener(ev::dragleave, move |e: ev::DragEvent| {
        if e.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |e: ev::DragEvent| {
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

    let picker = move |e: ev::Event| {
        let input: web_sys::HtmlInputElement = e.target().and_then(|t| t.dyn_into().ok()).expect("an input");
        add_files(files_of(input.files()));
        input.set_value("");
    };
    let folder_input: NodeRef<html::Input> = NodeRef::new();
    Effect::new(move |_| {
        // Not a standard attribute, so the view macro has no setter for it.
        if let Some(input) = folder_input.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = api::logout().await;
            session.me.set(None);
        });
    };

    view! {
        <header class="top">
            <h1>"Keepsake"</h1>
            <div class="actions">
                <label class="button">
                    "Upload photos"
                    <input type="file" multiple accept="image/*,video/*" aria-label="Upload photos" on:change=picker class="visually-hidden" />
                </label>
                <label class="button secondary">
                    "Upload a folder"
                    <input type="file" multiple node_ref=folder_input aria-label="Upload a folder" on:change=picker class="visually-hidden" />
                </label>
                <Show when=move || session.me.get().is_some_and(|m| m.is_admin)>
                    <SignupToggle />
                </Show>
                <span class="who">{move || session.me.get().map(|m| m.username)}</span>
                <button class="secondary" on:click=sign_out>"Sign out"</button>
            </div>
        </header>
        <main>
            {move || library.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Show when=move || !library.loading.get() && library.assets.with(|a| a.is_empty())>
                <section class="empty">
                    <h2>"No photos yet"</h2>
                    <p>"Drop photos or videos anywhere on this page, paste them, or use Upload photos."</p>
                </section>
            </Show>
            <Timeline selected=selected />
        </main>
        <Show when=move || dragging.get()>
            <div class="drop-overlay"><p>"Drop to upload"</p></div>
        </Show>
        <Viewer selected=selected />
        <UploadPanel />
    }
}

/// The admin's switch for open sign-up: off means only accounts the admin creates.
#[component]
fn SignupToggle() -> impl IntoView {
    let open = RwSignal::new(None::<bool>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(settings) = api::settings().await {
            open.set(Some(settings.open_signup));
        }
    });
    let toggle = move |e: ev::Event| {
        let checked = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.checked());
        spawn_local(async move {
            match api::update_settings(&keepsake_api::ServerSettings { open_signup: checked }).await {
                Ok(saved) => {
                    open.set(Some(saved.open_signup));
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <label class="toggle">
            <input type="checkbox" prop:checked=move || open.get().unwrap_or(false) disabled=move || open.get().is_none() on:change=toggle />
            "Open sign-up"
        </label>
        {move || error.get().map(|e| view! { <span class="error" role="alert">{e}</span> })}
    }
}

#[component]
fn Timeline(selected: RwSignal<Option<String>>) -> impl IntoView {
    let library = expect_context::<Library>();
    let grid: NodeRef<html::Div> = NodeRef::new();
    let window = web_sys::window().expect("a window");
    let scroll_y = RwSignal::new(0.0);
    let viewport = RwSignal::new(window.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(800.0));
    let width = RwSignal::new(0.0);
    let grid_top = RwSignal::new(0.0);

    let measure = move || {
        let w = web_sys::window().expect("a window");
        scroll_y.set(w.scroll_y().unwrap_or(0.0));
        viewport.set(w.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(800.0));
        if let Some(el) = grid.get_untracked() {
            let rect = el.get_bounding_client_rect();
            width.set(rect.width());
            grid_top.set(rect.top() + w.scroll_y().unwrap_or(0.0));
        }
    };
    let on_scroll = window_event_listener(ev::scroll, move |_| measure());
    let on_resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    Effect::new(move |_| {
        // Re-measure once the grid is in the document and whenever the library changes length.
        library.assets.with(|a| a.len());
        if grid.get().is_some() {
            measure();
        }
    });

    let laid_out = Memo::new(move |_| {
        let w = width.get();
        library.assets.with(|assets| layout(assets, if w > 0.0 { w } else { 800.0 }))
    });
    let visible = Memo::new(move |_| {
        let top = scroll_y.get() - grid_top.get() - OVERSCAN_PX;
        let bottom = scroll_y.get() - grid_top.get() + viewport.get() + OVERSCAN_PX;
        laid_out.with(|(rows, _, _)| {
            let first = rows.partition_point(|r| r.top + r.height < top);
            let last = rows.partition_point(|r| r.top <= bottom);
            (first..last).collect::<Vec<usize>>()
        })
    });

    view! {
        <div class="timeline" node_ref=grid style:height=move || format!("{}px", laid_out.with(|l| l.1))>
            <For each=move || visible.get() key=|i| *i let:i>
                {move || {
                    let (row, cell) = laid_out.with(|(rows, _, cell)| (rows.get(i).cloned(), *cell));
                    row.map(|row| {
                        let style = format!("top:{}px;height:{}px", row.top, row.height);
                        match row.kind {
                            RowKind::Month(m) => view! { <h2 class="month" style=style>{format::month_label(&m)}</h2> }.into_any(),
                            RowKind::Day(d) => view! { <h3 class="day" style=style>{format::day_label(&d)}</h3> }.into_any(),
                            RowKind::Photos(indexes) => view! {
                                <div class="row" style=style>
                                    {indexes.into_iter().map(|index| view! { <Cell index=index size=cell selected=selected /> }).collect_view()}
                                </div>
                            }.into_any(),
                        }
                    })
                }}
            </For>
        </div>
    }
}

fn placeholder_color(placeholder: Option<&str>) -> String {
    placeholder
        .and_then(keepsake_media::placeholder_rgb)
        .map_or_else(|| "#d9d4cc".to_string(), |(r, g, b)| format!("rgb({r},{g},{b})"))
}

#[component]
fn Cell(index: usize, size: f64, selected: RwSignal<Option<String>>) -> impl IntoView {
    let library = expect_context::<Library>();
    let Some(asset) = library.assets.with_untracked(|a| a.get(index).cloned()) else {
        return ().into_any();
    };
    let style = format!(
        "width:{size}px;height:{size}px;background:{}",
        placeholder_color(asset.placeholder.as_deref())
    );
    let label = format!(
        "{}{}",
        asset.filename,
        asset.taken_at.as_deref().map(|t| format!(", {}", format::date_time(t))).unwrap_or_default()
    );
    let badge = (asset.kind == AssetKind::Video)
        .then(|| format!("▶ {}", asset.duration.map(format::duration).unwrap_or_default()));
    let id = asset.id.clone();
    let inner = if asset.has_derivatives {
        view! { <img src=api::file_url(&asset.id, "thumbnail") alt=asset.filename.clone() loading="lazy" decoding="async" /> }.into_any()
    } else {
        let kind = asset.mime.rsplit('/').next().unwrap_or("file").to_uppercase();
        view! { <span class="no-preview">{kind}</span> }.into_any()
    };
    view! {
        <button class="cell" style=style aria-label=label data-asset-id=asset.id.clone() on:click=move |_| selected.set(Some(id.clone()))>
            {inner}
            {badge.map(|b| view! { <span class="badge">{b}</span> })}
        </button>
    }
    .into_any()
}
