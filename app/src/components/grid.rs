//! The photo grid every view shares: virtualized rows (only what is near the screen is in the
//! document), optionally under month and day headings, with selection by click, shift-click, a whole
//! day or month, and the keyboard; in an album, photos can be dragged into a new order.

use crate::{
    api, format,
    state::{Actions, ReadOnly, Selection, apply_here, timeline_key},
};
use keepsake_api::{Asset, AssetChange, AssetKind};
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

/// Lays assets out as rows of square cells, under month and day headings when `dated`.
fn layout(assets: &[Asset], width: f64, dated: bool) -> (Vec<Row>, f64, f64) {
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
        let start = i;
        if dated {
            let key = timeline_key(&assets[i]);
            let (month, day) = (key.get(..7).unwrap_or(""), key.get(..10).unwrap_or(""));
            if i == 0 || timeline_key(&assets[i - 1]).get(..7) != Some(month) {
                push(RowKind::Month(month.to_string()), HEADER_MONTH, &mut y);
            }
            push(RowKind::Day(day.to_string()), HEADER_DAY, &mut y);
            while i < assets.len() && timeline_key(&assets[i]).get(..10) == Some(day) {
                i += 1;
            }
        } else {
            i = assets.len();
        }
        for chunk_start in (start..i).step_by(columns) {
            let indexes: Vec<usize> = (chunk_start..(chunk_start + columns).min(i)).collect();
            push(RowKind::Photos(indexes), cell + GAP, &mut y);
        }
    }
    (rows, y, cell)
}

/// Ids of the assets whose timeline key starts with `prefix` (a day or a month).
fn ids_with_prefix(source: RwSignal<Vec<Asset>>, prefix: &str) -> Vec<String> {
    source.with_untracked(|list| {
        list.iter().filter(|a| timeline_key(a).starts_with(prefix)).map(|a| a.id.clone()).collect()
    })
}

#[component]
pub fn Grid(
    source: RwSignal<Vec<Asset>>,
    viewer: RwSignal<Option<String>>,
    #[prop(optional)] dated: bool,
    /// In an album: called with (moved, before) when a photo is dropped on another.
    #[prop(optional)]
    reorder: Option<Callback<(String, String)>>,
    /// A short note on some cells (days left in the trash).
    #[prop(optional)]
    notes: Option<Memo<std::collections::HashMap<String, String>>>,
) -> impl IntoView {
    let grid: NodeRef<html::Div> = NodeRef::new();
    let window = web_sys::window().expect("a window");
    let scroll_y = RwSignal::new(0.0);
    let viewport = RwSignal::new(window.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(800.0));
    let width = RwSignal::new(0.0);
    let grid_top = RwSignal::new(0.0);
    let selection = expect_context::<Selection>();

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
        // Re-measure once the grid is in the document and whenever the list changes length.
        source.with(|a| a.len());
        if grid.get().is_some() {
            measure();
        }
    });

    let laid_out = Memo::new(move |_| {
        let w = width.get();
        source.with(|assets| layout(assets, if w > 0.0 { w } else { 800.0 }, dated))
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
    let dragged = RwSignal::new(None::<String>);

    view! {
        <div class="timeline" node_ref=grid style:height=move || format!("{}px", laid_out.with(|l| l.1))>
            <For each=move || visible.get() key=|i| *i let:i>
                {move || {
                    let (row, cell) = laid_out.with(|(rows, _, cell)| (rows.get(i).cloned(), *cell));
                    row.map(|row| {
                        let style = format!("top:{}px;height:{}px", row.top, row.height);
                        match row.kind {
                            RowKind::Month(m) => heading(true, &m, style, selection, source),
                            RowKind::Day(d) => heading(false, &d, style, selection, source),
                            RowKind::Photos(indexes) => view! {
                                <div class="row" style=style>
                                    {indexes.into_iter().map(|index| view! {
                                        <Cell index=index size=cell source=source viewer=viewer reorder=reorder dragged=dragged notes=notes />
                                    }).collect_view()}
                                </div>
                            }.into_any(),
                        }
                    })
                }}
            </For>
        </div>
    }
}

/// A month or day heading, with its "Select" button for every photo under it.
fn heading(
    month: bool,
    key: &str,
    style: String,
    selection: Selection,
    source: RwSignal<Vec<Asset>>,
) -> AnyView {
    let label = if month { format::month_label(key) } else { format::day_label(key) };
    let prefix = key.to_string();
    let select = view! {
        <button class="link select-group" aria-label=format!("Select {label}")
            on:click=move |_| selection.toggle_all(ids_with_prefix(source, &prefix))>"Select"</button>
    };
    if month {
        view! { <h2 class="month" style=style>{label}{select}</h2> }.into_any()
    } else {
        view! { <h3 class="day" style=style>{label}{select}</h3> }.into_any()
    }
}

fn placeholder_color(placeholder: Option<&str>) -> String {
    placeholder
        .and_then(keepsake_media::placeholder_rgb)
        .map_or_else(|| "#d9d4cc".to_string(), |(r, g, b)| format!("rgb({r},{g},{b})"))
}

/// Moves keyboard focus to the cell of `id`, if it is drawn.
fn focus_cell(id: &str) {
    let selector = format!("[data-asset-id=\"{id}\"] .open");
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
fn Cell(
    index: usize,
    size: f64,
    source: RwSignal<Vec<Asset>>,
    viewer: RwSignal<Option<String>>,
    reorder: Option<Callback<(String, String)>>,
    dragged: RwSignal<Option<String>>,
    notes: Option<Memo<std::collections::HashMap<String, String>>>,
) -> impl IntoView {
    let selection = expect_context::<Selection>();
    let Some(asset) = source.with_untracked(|a| a.get(index).cloned()) else {
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
        view! { <img src=api::file_url(&asset.id, "thumbnail") alt=asset.filename.clone() loading="lazy" decoding="async" draggable="false" /> }.into_any()
    } else {
        let kind = asset.mime.rsplit('/').next().unwrap_or("file").to_uppercase();
        view! { <span class="no-preview">{kind}</span> }.into_any()
    };
    let selected = {
        let id = id.clone();
        Memo::new(move |_| selection.ids.with(|s| s.contains(&id)))
    };
    let open = {
        let id = id.clone();
        move |e: ev::MouseEvent| {
            if e.shift_key() {
                source.with_untracked(|list| selection.extend_to(&id, list));
            } else if selection.count() > 0 || e.ctrl_key() || e.meta_key() {
                selection.toggle(&id);
            } else {
                viewer.set(Some(id.clone()));
            }
        }
    };
    let check = {
        let id = id.clone();
        move |e: ev::MouseEvent| {
            if e.shift_key() {
                source.with_untracked(|list| selection.extend_to(&id, list));
            } else {
                selection.toggle(&id);
            }
        }
    };
    let keydown = {
        let id = id.clone();
        move |e: ev::KeyboardEvent| {
            let step = match e.key().as_str() {
                " " => {
                    e.prevent_default();
                    selection.toggle(&id);
                    return;
                }
                "ArrowRight" => 1,
                "ArrowLeft" => -1,
                _ => return,
            };
            if !e.shift_key() {
                return;
            }
            e.prevent_default();
            let next = source.with_untracked(|list| {
                let at = list.iter().position(|a| a.id == id)? as isize + step;
                list.get(usize::try_from(at).ok()?).map(|a| a.id.clone())
            });
            if let Some(next) = next {
                if selection.anchor.get_untracked().is_none() {
                    selection.toggle(&id);
                }
                source.with_untracked(|list| selection.extend_to(&next, list));
                focus_cell(&next);
            }
        }
    };
    let note = notes.and_then(|n| n.with_untracked(|m| m.get(&id).cloned()));
    let favorite = asset.favorite;
    // Hearts and selection are for one's own photos in one's own library.
    let read_only = use_context::<ReadOnly>().is_some();
    let mine = asset.shared_by.is_none() && !read_only;
    let actions = expect_context::<Actions>();
    let toggle_favorite = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            let change = AssetChange::Favorite { value: !favorite };
            spawn_local(async move {
                match actions.edit(vec![id.clone()], change.clone()).await {
                    // The timeline is updated by `edit`; another view's own list is updated here.
                    Ok(_) => source
                        .update(|l| l.iter_mut().filter(|a| a.id == id).for_each(|a| apply_here(a, &change))),
                    Err(e) => actions.message.set(Some(e)),
                }
            });
        }
    };
    let drag_start = {
        let id = id.clone();
        move |_: ev::DragEvent| dragged.set(Some(id.clone()))
    };
    let drop_here = {
        let id = id.clone();
        move |e: ev::DragEvent| {
            e.prevent_default();
            if let (Some(moved), Some(reorder)) = (dragged.get_untracked(), reorder)
                && moved != id
            {
                reorder.run((moved, id.clone()));
            }
            dragged.set(None);
        }
    };
    let group_label = label.clone();
    view! {
        <div class="cell" class:selected=move || selected.get() style=style role="group" aria-label=group_label data-asset-id=asset.id.clone()
            draggable=reorder.is_some().then_some("true")
            on:dragstart=drag_start
            on:dragover=move |e: ev::DragEvent| if reorder.is_some() { e.prevent_default() }
            on:drop=drop_here>
            <button class="open" aria-label=label on:click=open on:keydown=keydown>
                {inner}
            </button>
            {(!read_only).then(|| view! {
                <button class="check" aria-label=format!("Select {}", asset.filename) aria-pressed=move || selected.get().to_string() on:click=check>"✓"</button>
            })}
            {mine.then(|| view! {
                <button class="heart" class:on=favorite aria-pressed=favorite.to_string()
                    aria-label=format!("Favourite {}", asset.filename) on:click=toggle_favorite>
                    {if favorite { "♥" } else { "♡" }}
                </button>
            })}
            {badge.map(|b| view! { <span class="badge">{b}</span> })}
            {note.map(|n| view! { <span class="badge note">{n}</span> })}
        </div>
    }
    .into_any()
}
