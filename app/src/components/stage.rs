//! The viewer's photo, handled like a phone's photo app does: swipe left or right for the neighbours,
//! swipe down to close, pinch or double-tap to zoom (and the wheel on a desktop), drag to look around a
//! zoomed photo. Past the preview's own resolution the original is loaded on top, when the browser can
//! show it.

use crate::api;
use crate::components::faces::{FaceBoxes, FacesOnPhoto};
use keepsake_api::{Asset, PREVIEW_EDGE};
use leptos::{ev, html, prelude::*};
use std::collections::HashMap;

const MAX_SCALE: f64 = 8.0;
/// Double tap: the second tap within this many milliseconds and pixels of the first.
const DOUBLE_TAP_MS: f64 = 300.0;
const DOUBLE_TAP_PX: f64 = 30.0;
const DOUBLE_TAP_SCALE: f64 = 2.5;
/// A swipe: this far, mostly in one direction.
const SWIPE_PX: f64 = 60.0;

/// Formats Chromium, Firefox and Safari all draw; others stay at the preview.
fn browser_shows(mime: &str) -> bool {
    matches!(mime, "image/jpeg" | "image/png" | "image/webp" | "image/gif" | "image/avif")
}

/// Scale and offset of the photo within the stage; origin at the stage's top left.
#[derive(Clone, Copy, PartialEq, Debug)]
struct Zoom {
    scale: f64,
    x: f64,
    y: f64,
}

impl Zoom {
    const FIT: Self = Self { scale: 1.0, x: 0.0, y: 0.0 };

    /// Zoomed to `scale` keeping the stage point `(px, py)` where it is, and kept covering the stage.
    fn around(self, scale: f64, px: f64, py: f64, stage: (f64, f64)) -> Self {
        let scale = scale.clamp(1.0, MAX_SCALE);
        let ratio = scale / self.scale;
        Self { scale, x: px - (px - self.x) * ratio, y: py - (py - self.y) * ratio }.clamped(stage)
    }

    fn moved(self, dx: f64, dy: f64, stage: (f64, f64)) -> Self {
        Self { x: self.x + dx, y: self.y + dy, ..self }.clamped(stage)
    }

    fn clamped(self, (width, height): (f64, f64)) -> Self {
        let x = self.x.clamp(width * (1.0 - self.scale), 0.0);
        let y = self.y.clamp(height * (1.0 - self.scale), 0.0);
        Self { x, y, ..self }
    }

    fn css(&self) -> String {
        format!("transform: translate({}px, {}px) scale({})", self.x, self.y, self.scale)
    }
}

/// Where pointers went down, and what the gesture started from.
#[derive(Default)]
struct Gesture {
    pointers: HashMap<i32, (f64, f64)>,
    /// First pointer down: where, when.
    start: Option<(f64, f64, f64)>,
    /// Two fingers: their distance and midpoint, and the zoom, when the pinch began.
    pinch: Option<(f64, (f64, f64), Zoom)>,
    /// Set once a gesture zoomed or panned: its end is then not a swipe or a tap.
    handled: bool,
    last_tap: Option<(f64, f64, f64)>,
}

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

fn midpoint(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
}

/// The photo (preview, then the original once zoomed past it) with its gestures. `step(±1)` moves to a
/// neighbour; `close` closes the viewer.
/// The long edge, in CSS pixels, of a photo of `aspect` (width / height) fitted whole into `stage`.
fn fitted_long_edge(stage: (f64, f64), aspect: f64) -> f64 {
    let width = stage.0.min(stage.1 * aspect);
    let height = stage.1.min(stage.0 / aspect);
    width.max(height)
}

/// The photo; with `faces`, People's boxes drawn over it (`chosen`: the one picked in the panel).
#[component]
pub fn PhotoStage(
    asset: Asset,
    step: Callback<isize>,
    close: Callback<()>,
    #[prop(optional)] faces: Option<FacesOnPhoto>,
) -> impl IntoView {
    let stage: NodeRef<html::Div> = NodeRef::new();
    let zoom = RwSignal::new(Zoom::FIT);
    let gesture = StoredValue::new(Gesture::default());
    let hires = RwSignal::new(false);
    let aspect = match (asset.width, asset.height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => f64::from(w) / f64::from(h),
        _ => 1.0,
    };
    let can_load_original = browser_shows(&asset.mime)
        && asset.width.zip(asset.height).is_some_and(|(w, h)| w.max(h) > PREVIEW_EDGE);
    // Stage-relative point and size.
    let geometry = move |client_x: f64, client_y: f64| {
        let rect = stage.get_untracked().map(|s| s.get_bounding_client_rect());
        rect.map(|r| ((client_x - r.left(), client_y - r.top()), (r.width(), r.height())))
    };
    let set_zoom = move |next: Zoom, size: (f64, f64)| {
        zoom.set(next);
        // Past the preview's pixels: the original, drawn over it once it arrives.
        if can_load_original
            && fitted_long_edge(size, aspect) * next.scale * device_pixel_ratio() > f64::from(PREVIEW_EDGE)
        {
            hires.set(true);
        }
    };

    let on_down = move |e: ev::PointerEvent| {
        let Some(((x, y), _)) = geometry(f64::from(e.client_x()), f64::from(e.client_y())) else { return };
        if let Some(s) = stage.get_untracked() {
            let _ = s.set_pointer_capture(e.pointer_id());
        }
        gesture.update_value(|g| {
            g.pointers.insert(e.pointer_id(), (x, y));
            match g.pointers.len() {
                1 => {
                    g.start = Some((x, y, now()));
                    g.handled = false;
                }
                2 => {
                    let points: Vec<(f64, f64)> = g.pointers.values().copied().collect();
                    g.pinch = Some((
                        distance(points[0], points[1]),
                        midpoint(points[0], points[1]),
                        zoom.get_untracked(),
                    ));
                    g.handled = true;
                }
                _ => {}
            }
        });
    };
    let on_move = move |e: ev::PointerEvent| {
        let Some(((x, y), size)) = geometry(f64::from(e.client_x()), f64::from(e.client_y())) else { return };
        let mut next = None;
        gesture.update_value(|g| {
            let Some(previous) = g.pointers.get(&e.pointer_id()).copied() else { return };
            g.pointers.insert(e.pointer_id(), (x, y));
            let current = zoom.get_untracked();
            if let (Some((start_distance, start_mid, start_zoom)), 2) = (g.pinch, g.pointers.len()) {
                let points: Vec<(f64, f64)> = g.pointers.values().copied().collect();
                let mid = midpoint(points[0], points[1]);
                let scale = start_zoom.scale * distance(points[0], points[1]) / start_distance.max(1.0);
                let zoomed = start_zoom.around(scale, start_mid.0, start_mid.1, size);
                next = Some(zoomed.moved(mid.0 - start_mid.0, mid.1 - start_mid.1, size));
            } else if g.pointers.len() == 1 && current.scale > 1.0 {
                g.handled = true;
                next = Some(current.moved(x - previous.0, y - previous.1, size));
            }
        });
        if let Some(next) = next {
            set_zoom(next, size);
        }
    };
    let on_up = move |e: ev::PointerEvent| {
        let Some(((x, y), size)) = geometry(f64::from(e.client_x()), f64::from(e.client_y())) else { return };
        let mut outcome = None;
        gesture.update_value(|g| {
            g.pointers.remove(&e.pointer_id());
            if g.pointers.len() < 2 {
                g.pinch = None;
            }
            if !g.pointers.is_empty() || g.handled {
                return;
            }
            let Some((x0, y0, t0)) = g.start.take() else { return };
            let (dx, dy) = (x - x0, y - y0);
            if zoom.get_untracked().scale <= 1.0 && dx.abs() > SWIPE_PX && dx.abs() > dy.abs() {
                outcome = Some(Outcome::Step(if dx < 0.0 { 1 } else { -1 }));
            } else if zoom.get_untracked().scale <= 1.0 && dy > SWIPE_PX && dy > dx.abs() {
                outcome = Some(Outcome::Close);
            } else if dx.abs() < 10.0 && dy.abs() < 10.0 && now() - t0 < DOUBLE_TAP_MS {
                let double = g.last_tap.is_some_and(|(tx, ty, tt)| {
                    now() - tt < DOUBLE_TAP_MS && distance((tx, ty), (x, y)) < DOUBLE_TAP_PX
                });
                g.last_tap = if double { None } else { Some((x, y, now())) };
                if double {
                    outcome = Some(Outcome::ToggleZoom(x, y));
                }
            }
        });
        match outcome {
            Some(Outcome::Step(delta)) => step.run(delta),
            Some(Outcome::Close) => close.run(()),
            Some(Outcome::ToggleZoom(x, y)) => {
                let current = zoom.get_untracked();
                let next = if current.scale > 1.0 {
                    Zoom::FIT
                } else {
                    current.around(DOUBLE_TAP_SCALE, x, y, size)
                };
                set_zoom(next, size);
            }
            None => {}
        }
    };
    let on_wheel = move |e: ev::WheelEvent| {
        let Some(((x, y), size)) = geometry(f64::from(e.client_x()), f64::from(e.client_y())) else { return };
        e.prevent_default();
        let current = zoom.get_untracked();
        set_zoom(current.around(current.scale * (-e.delta_y() * 0.002).exp(), x, y, size), size);
    };

    let preview = api::file_url(&asset.id, "preview");
    let original = api::file_url(&asset.id, "original");
    let alt = asset.filename.clone();
    // The preview's own size, once drawn: the face boxes are laid out in it.
    let drawn = RwSignal::new(None::<(u32, u32)>);
    let on_load = move |e: ev::Event| {
        if let Some(img) =
            e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlImageElement>(t).ok())
        {
            drawn.set(Some((img.natural_width(), img.natural_height())));
        }
    };
    let boxes = faces.map(|(faces, chosen)| {
        view! { <FaceBoxes faces=faces size=drawn.into() style=Signal::derive(move || zoom.get().css()) chosen=chosen /> }
    });
    view! {
        <div class="photo-stage" node_ref=stage data-zoom=move || format!("{:.2}", zoom.get().scale)
            on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointercancel=on_up on:wheel=on_wheel>
            <img src=preview alt=alt.clone() style=move || zoom.get().css() draggable="false" on:load=on_load />
            <Show when=move || hires.get()>
                <img class="hires" src=original.clone() alt="" aria-hidden="true" style=move || zoom.get().css() draggable="false" />
            </Show>
            {boxes}
        </div>
    }
}

enum Outcome {
    Step(isize),
    Close,
    ToggleZoom(f64, f64),
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn device_pixel_ratio() -> f64 {
    web_sys::window().map_or(1.0, |w| w.device_pixel_ratio())
}
