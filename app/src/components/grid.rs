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
    reorder: Option<Callback<(String, String)>>,
    /// A short note on some cells (days left in the trash).
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
    // One cell is in the Tab order (the last focused, else the first): Tab passes the grid in one step,
    // the arrow keys move within it.
    let active = RwSignal::new(None::<String>);
    let columns = Signal::derive(move || {
        laid_out.with(|(_, _, cell)| ((width.get() + GAP) / (cell + GAP)).floor().max(1.0) as usize)
    });

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
                                        <Cell index=index size=cell source=source viewer=viewer reorder=reorder dragged=dragged notes=notes active=active columns=columns />
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
        <button class="link select-group" tabindex="-1" aria-label=format!("Select {label}")
            on:click=move |_| selection.toggle_all(ids_with_prefix(source, &prefix))>"Select"</button>
    };
    if month {
        view! { <h2 class="month" style=style>{label}{select}</h2> }.into_any()
    } else {
        view! { <h3 class="day" style=style>{label}{select}</h3> }.into_any()
    }
}

/// The average colour of a ThumbHash placeholder (base64), painted while a thumbnail loads.
fn placeholder_color(placeholder: Option<&str>) -> String {
    use base64::Engine;
    let average = |placeholder: &str| {
        let hash = base64::engine::general_purpose::STANDARD.decode(placeholder).ok()?;
        let (r, g, b, _) = thumbhash::thumb_hash_to_average_rgba(&hash).ok()?;
        let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        Some((byte(r), byte(g), byte(b)))
    };
    placeholder
        .and_then(average)
        .map_or_else(|| "#d9d4cc".to_string(), |(r, g, b)| format!("rgb({r},{g},{b})"))
}

const LONG_PRESS: std::time::Duration = std::time::Duration::from_millis(500);

/// Long-press to start selecting, then drag across photos to extend the selection, as phones' photo
/// apps do. A press that became a long one has its click eaten.
#[derive(Clone, Copy)]
struct LongPress {
    id: StoredValue<String>,
    source: RwSignal<Vec<Asset>>,
    selection: Selection,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    start: StoredValue<Option<(i32, i32)>>,
    pressed: StoredValue<bool>,
}

impl LongPress {
    fn new(id: String, source: RwSignal<Vec<Asset>>, selection: Selection) -> Self {
        Self {
            id: StoredValue::new(id),
            source,
            selection,
            timer: StoredValue::new_local(None),
            start: StoredValue::new(None),
            pressed: StoredValue::new(false),
        }
    }

    fn cancel(&self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    fn down(&self, e: ev::PointerEvent) {
        if e.button() != 0 {
            return;
        }
        self.pressed.set_value(false);
        self.start.set_value(Some((e.client_x(), e.client_y())));
        let (pressed, selection, id) = (self.pressed, self.selection, self.id.get_value());
        let handle = set_timeout_with_handle(
            move || {
                pressed.try_set_value(true);
                if !selection.ids.with_untracked(|s| s.contains(&id)) {
                    selection.toggle(&id);
                }
            },
            LONG_PRESS,
        );
        self.timer.set_value(handle.ok());
    }

    fn moved(&self, e: ev::PointerEvent) {
        let Some((x0, y0)) = self.start.get_value() else { return };
        if !self.pressed.get_value() {
            if (e.client_x() - x0).abs() > 10 || (e.client_y() - y0).abs() > 10 {
                self.cancel();
                self.start.set_value(None);
            }
            return;
        }
        // Extending: whichever cell is under the finger now.
        let under = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.element_from_point(e.client_x() as f32, e.client_y() as f32))
            .and_then(|el| el.closest("[data-asset-id]").ok().flatten())
            .and_then(|el| el.get_attribute("data-asset-id"));
        if let Some(other) = under
            && !self.selection.ids.with_untracked(|s| s.contains(&other))
        {
            self.source.with_untracked(|list| self.selection.extend_to(&other, list));
        }
    }

    /// Once the press is long, the finger's moves extend the selection instead of scrolling the page
    /// (a scroll would cancel the pointer, and with it the drag).
    fn hold_still(&self, e: ev::TouchEvent) {
        if self.pressed.get_value() && e.cancelable() {
            e.prevent_default();
        }
    }

    fn end(&self) {
        self.cancel();
        self.start.set_value(None);
    }

    /// Whether the click now arriving ends a long press; asked once per click.
    fn take_pressed(&self) -> bool {
        let pressed = self.pressed.get_value();
        self.pressed.set_value(false);
        pressed
    }
}

/// Brings the cell of `id` on screen (drawn only when near it) and focuses it once drawn.
fn scroll_into_view_and_focus(id: String) {
    let selector = format!("[data-asset-id=\"{id}\"]");
    let cell =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(&selector).ok().flatten());
    if let Some(cell) = cell {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        cell.scroll_into_view_with_scroll_into_view_options(&options);
    }
    request_animation_frame(move || focus_cell(&id));
}

/// Moves keyboard focus to the cell of `id`, if it is drawn.
pub fn focus_cell(id: &str) {
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
    active: RwSignal<Option<String>>,
    columns: Signal<usize>,
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
            let key = e.key();
            if key == " " {
                e.prevent_default();
                selection.toggle(&id);
                return;
            }
            if key == "a" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                selection
                    .toggle_all(source.with_untracked(|list| list.iter().map(|a| a.id.clone()).collect()));
                return;
            }
            let len = source.with_untracked(Vec::len) as isize;
            let at = source.with_untracked(|list| list.iter().position(|a| a.id == id)).unwrap_or(0) as isize;
            let rows = columns.get_untracked() as isize;
            let target = match key.as_str() {
                "ArrowRight" => at + 1,
                "ArrowLeft" => at - 1,
                "ArrowDown" if !e.shift_key() => at + rows,
                "ArrowUp" if !e.shift_key() => at - rows,
                "Home" => 0,
                "End" => len - 1,
                _ => return,
            };
            e.prevent_default();
            let Some(next) = usize::try_from(target.clamp(0, (len - 1).max(0)))
                .ok()
                .and_then(|t| source.with_untracked(|list| list.get(t).map(|a| a.id.clone())))
            else {
                return;
            };
            if e.shift_key() {
                if selection.anchor.get_untracked().is_none() {
                    selection.toggle(&id);
                }
                source.with_untracked(|list| selection.extend_to(&next, list));
            }
            active.set(Some(next.clone()));
            scroll_into_view_and_focus(next);
        }
    };
    let press = LongPress::new(id.clone(), source, selection);
    let open = move |e: ev::MouseEvent| {
        // The click that ends a long press is not a tap.
        if !press.take_pressed() {
            open(e);
        }
    };
    let tab_stop = {
        let id = id.clone();
        move || if active.with(|a| a.as_deref().map_or(index == 0, |a| a == id)) { "0" } else { "-1" }
    };
    let became_active = {
        let id = id.clone();
        move |_| {
            if active.with_untracked(|a| a.as_deref() != Some(id.as_str())) {
                active.set(Some(id.clone()));
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
            <button class="open" aria-label=label tabindex=tab_stop on:click=open on:keydown=keydown on:focus=became_active
                on:pointerdown=move |e| press.down(e) on:pointermove=move |e| press.moved(e)
                on:pointerup=move |_| press.end() on:pointercancel=move |_| press.end()
                on:touchmove=move |e: ev::TouchEvent| press.hold_still(e)
                on:contextmenu=move |e: ev::MouseEvent| if press.pressed.get_value() { e.prevent_default() }>
                {inner}
            </button>
            {(!read_only).then(|| view! {
                <button class="check" tabindex="-1" aria-label=format!("Select {}", asset.filename) aria-pressed=move || selected.get().to_string() on:click=check>"✓"</button>
            })}
            {mine.then(|| view! {
                <button class="heart" tabindex="-1" class:on=favorite aria-pressed=favorite.to_string()
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
