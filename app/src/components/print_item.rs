//! One print in the cart: a live preview, laid out and drawn in the worker by the same code that
//! renders the print file (drag it to move the photo in the print), and the print's choices.

use crate::{api, cart::PrintCart, processing::Processor};
use keepsake_api::print_layout::{self as print, PrintLayout, PrintRequest};
use keepsake_api::{
    Asset, Crop, DPI_CONFIRM, DPI_WARNING, MAX_BORDER_MM, MAX_CAPTION_CHARS, MAX_QUANTITY, PriceList,
    PrintLine, PrintOrientation, Quote, format_money,
};
use leptos::{ev, html, prelude::*, task::spawn_local};
use std::rc::Rc;
use wasm_bindgen::{Clamped, JsCast};

/// The worker that draws the cart's previews, started with the first of them and shared by all. The
/// cart's page provides it.
#[derive(Clone, Copy)]
pub struct PreviewWorker(StoredValue<Option<Rc<Processor>>, LocalStorage>);

impl PreviewWorker {
    pub fn new() -> Self {
        Self(StoredValue::new_local(None))
    }

    fn get(&self) -> Result<Rc<Processor>, String> {
        if let Some(worker) = self.0.try_get_value().ok_or("the page is closed")? {
            return Ok(worker);
        }
        let worker = Rc::new(Processor::new().map_err(|e| format!("cannot start the worker: {e:?}"))?);
        self.0.try_set_value(Some(worker.clone()));
        Ok(worker)
    }
}

impl Default for PreviewWorker {
    fn default() -> Self {
        Self::new()
    }
}

/// The font captions are drawn with, once loaded.
pub type CaptionFont = RwSignal<Option<Rc<Vec<u8>>>, LocalStorage>;

/// The long side of a live preview, in canvas pixels.
const PREVIEW_LONG_PX: u32 = 480;
const BORDERS_MM: [u32; 4] = [0, 3, 5, 10];

#[component]
pub fn PrintItem(
    key: u64,
    asset: Asset,
    prices: RwSignal<Option<PriceList>>,
    font: CaptionFont,
    quote: RwSignal<Option<Quote>>,
) -> impl IntoView {
    let cart = expect_context::<PrintCart>();
    let photo = (asset.width.unwrap_or(1), asset.height.unwrap_or(1));
    let line = Memo::new(move |_| {
        cart.items.with(|items| items.iter().find(|i| i.key == key).map(|i| i.line.clone()))
    });
    let preview = Preview::new(key, asset.id.clone(), photo, line, prices, font);
    let filename = asset.filename.clone();
    view! {
        <article class="print-item" data-asset=asset.id.clone()>
            <div class="print-preview">
                <canvas node_ref=preview.canvas aria-label=format!("Preview of the print of {filename}")
                    on:pointerdown=move |e| preview.drag_start(e) on:pointermove=move |e| preview.drag_to(e)
                    on:pointerup=move |_| preview.drag_end() on:pointercancel=move |_| preview.drag_end()></canvas>
                <p class="muted">"Drag to move the photo in the print."</p>
                {move || preview.problem.get().map(|p| view! { <p class="error">{p}</p> })}
            </div>
            <PrintOptions key=key filename=asset.filename photo=photo line=line prices=prices quote=quote />
        </article>
    }
}

/// The preview of one line of the cart and the drag that moves the photo in it.
#[derive(Clone, Copy)]
struct Preview {
    cart: PrintCart,
    worker: PreviewWorker,
    key: u64,
    asset_id: StoredValue<String>,
    photo: (u32, u32),
    line: Memo<Option<PrintLine>>,
    prices: RwSignal<Option<PriceList>>,
    font: CaptionFont,
    /// The photo's preview image, which the worker draws the print from.
    source: StoredValue<Option<Rc<Vec<u8>>>, LocalStorage>,
    canvas: NodeRef<html::Canvas>,
    /// The layout of what the canvas shows, for turning a drag into a crop.
    shown: StoredValue<Option<PrintLayout>>,
    /// A drag asks for many drawings; only the newest is drawn, and none while one is being drawn.
    wanted: StoredValue<u64>,
    drawing: StoredValue<bool>,
    drag: StoredValue<Option<(f64, f64, Crop)>>,
    problem: RwSignal<Option<String>>,
}

impl Preview {
    fn new(
        key: u64,
        asset_id: String,
        photo: (u32, u32),
        line: Memo<Option<PrintLine>>,
        prices: RwSignal<Option<PriceList>>,
        font: CaptionFont,
    ) -> Self {
        let preview = Self {
            cart: expect_context::<PrintCart>(),
            worker: expect_context::<PreviewWorker>(),
            key,
            asset_id: StoredValue::new(asset_id),
            photo,
            line,
            prices,
            font,
            source: StoredValue::new_local(None),
            canvas: NodeRef::new(),
            shown: StoredValue::new(None),
            wanted: StoredValue::new(0),
            drawing: StoredValue::new(false),
            drag: StoredValue::new(None),
            problem: RwSignal::new(None),
        };
        let loaded = RwSignal::new(false);
        let id = preview.asset_id.get_value();
        spawn_local(async move {
            match api::preview_bytes(&id).await {
                Ok(bytes) => {
                    preview.source.set_value(Some(Rc::new(bytes)));
                    loaded.set(true);
                }
                Err(e) => preview.problem.set(Some(format!("no preview: {e}"))),
            }
        });
        Effect::new(move |_| {
            // What the preview depends on; the drawing reads them untracked.
            let ready = loaded.get() && preview.canvas.get().is_some();
            let _ = (line.get(), prices.get(), font.get());
            preview.wanted.update_value(|n| *n += 1);
            if ready && !preview.drawing.get_value() {
                preview.drawing.set_value(true);
                spawn_local(preview.draw_latest());
            }
        });
        preview
    }

    /// Draws what the cart says now, again and again while it changed during the drawing. The item
    /// may be gone by the time the worker answers (the order placed, the page left): every read is a
    /// `try_`.
    async fn draw_latest(self) {
        while let Some(asked) = self.wanted.try_get_value() {
            let Some(drawn) = self.draw_once().await else { break };
            if let Err(e) = drawn {
                self.problem.try_set(Some(format!("the preview was not drawn: {e}")));
            }
            if self.wanted.try_get_value() == Some(asked) {
                break;
            }
        }
        self.drawing.try_set_value(false);
    }

    /// One drawing of the line as it is now; `None` when there is nothing (left) to draw.
    async fn draw_once(self) -> Option<Result<(), String>> {
        let line = self.line.try_get_untracked()??;
        let prices = self.prices.try_get_untracked()??;
        let source = self.source.try_get_value()??;
        let font = self.font.try_get_untracked()?;
        let key = self.asset_id.try_get_value()?;
        let size = prices.size(&line.size)?;
        let mut request = PrintRequest::for_line(&line, &prices)?;
        request.dpi = (u64::from(PREVIEW_LONG_PX) * 25_400 / u64::from(size.long_um.max(1))).max(1) as u32;
        let layout = print::layout(&request, self.photo).ok()?;
        let font = font.as_deref().map(|f| f.as_slice());
        let worker = match self.worker.get() {
            Ok(w) => w,
            Err(e) => return Some(Err(e)),
        };
        let drawn = worker.print_preview(&key, &source, self.photo, &line, &prices, font, request.dpi).await;
        Some(drawn.map(|(pixels, width, height)| {
            self.shown.try_set_value(Some(layout));
            if let Some(Some(canvas)) = self.canvas.try_get_untracked() {
                draw(&canvas, &pixels, width, height);
            }
        }))
    }

    fn drag_start(self, e: ev::PointerEvent) {
        let Some(l) = self.line.get_untracked() else { return };
        self.drag.set_value(Some((f64::from(e.client_x()), f64::from(e.client_y()), l.crop)));
        if let Some(c) = self.canvas.get_untracked() {
            let _ = c.set_pointer_capture(e.pointer_id());
        }
    }

    fn drag_to(self, e: ev::PointerEvent) {
        let (Some((x0, y0, start)), Some(layout), Some(c)) =
            (self.drag.get_value(), self.shown.get_value(), self.canvas.get_untracked())
        else {
            return;
        };
        // Screen pixels → canvas pixels → photo pixels → fractions of the photo; the photo moves with
        // the pointer, so the centre of the cut-out moves the other way.
        let (photo_w, photo_h) = (f64::from(self.photo.0), f64::from(self.photo.1));
        let scale = f64::from(c.width()) / f64::from(c.client_width().max(1));
        let per_canvas_px = |crop: u32, window: u32| f64::from(crop) / f64::from(window.max(1));
        let dx =
            (f64::from(e.client_x()) - x0) * scale * per_canvas_px(layout.crop.width, layout.window.width);
        let dy =
            (f64::from(e.client_y()) - y0) * scale * per_canvas_px(layout.crop.height, layout.window.height);
        let half_w = f64::from(layout.crop.width) / 2.0 / photo_w;
        let half_h = f64::from(layout.crop.height) / 2.0 / photo_h;
        let clamp = |v: f64, half: f64| if half >= 0.5 { 0.5 } else { v.clamp(half, 1.0 - half) };
        self.cart.change(self.key, |l| {
            l.crop.center_x = clamp(start.center_x - dx / photo_w, half_w);
            l.crop.center_y = clamp(start.center_y - dy / photo_h, half_h);
        });
    }

    fn drag_end(self) {
        self.drag.set_value(None);
    }
}

fn draw(canvas: &web_sys::HtmlCanvasElement, rgba: &[u8], width: u32, height: u32) {
    canvas.set_width(width);
    canvas.set_height(height);
    let Ok(Some(context)) = canvas.get_context("2d") else { return };
    let Ok(context) = context.dyn_into::<web_sys::CanvasRenderingContext2d>() else { return };
    if let Ok(data) = web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), width, height) {
        let _ = context.put_image_data(&data, 0.0, 0.0);
    }
}

/// A print's choices, its resolution at the chosen size, and its price in the quote.
#[component]
fn PrintOptions(
    key: u64,
    filename: String,
    photo: (u32, u32),
    line: Memo<Option<PrintLine>>,
    prices: RwSignal<Option<PriceList>>,
    quote: RwSignal<Option<Quote>>,
) -> impl IntoView {
    let cart = expect_context::<PrintCart>();
    let options =
        move |f: fn(&PriceList) -> Vec<(String, String)>| prices.get().map(|p| f(&p)).unwrap_or_default();
    let value = move |f: fn(&PrintLine) -> String| line.get().map(|l| f(&l)).unwrap_or_default();
    view! {
        <div class="print-options">
            <h3>{filename}</h3>
            <label>"Size"
                <select aria-label="Size" prop:value=move || value(|l| l.size.clone())
                    on:change=move |e| { let v = event_target_value(&e); cart.change(key, |l| { l.size = v; l.low_resolution_confirmed = false; }) }>
                    {move || options(|p| p.sizes.iter().map(|s| (s.id.clone(), format!("{} — {}", s.label, format_money(s.price, &p.currency)))).collect())
                        .into_iter().map(|(id, label)| view! { <option value=id.clone() selected=move || line.get().is_some_and(|l| l.size == id)>{label}</option> }).collect_view()}
                </select>
            </label>
            <label>"Paper"
                <select aria-label="Paper" prop:value=move || value(|l| l.paper.clone())
                    on:change=move |e| { let v = event_target_value(&e); cart.change(key, |l| l.paper = v) }>
                    {move || options(|p| p.papers.iter().map(|x| (x.id.clone(), if x.surcharge == 0 { x.label.clone() } else { format!("{} (+{})", x.label, format_money(x.surcharge, &p.currency)) })).collect())
                        .into_iter().map(|(id, label)| view! { <option value=id.clone() selected=move || line.get().is_some_and(|l| l.paper == id)>{label}</option> }).collect_view()}
                </select>
            </label>
            <label>"Copies"
                <input type="number" aria-label="Copies" min="1" max=MAX_QUANTITY.to_string() prop:value=move || value(|l| l.quantity.to_string())
                    on:change=move |e| { let n = event_target_value(&e).parse::<u32>().unwrap_or(1).clamp(1, MAX_QUANTITY); cart.change(key, |l| l.quantity = n) } />
            </label>
            <label>"Orientation"
                <select aria-label="Orientation" prop:value=move || value(|l| if l.orientation == PrintOrientation::Portrait { "portrait".into() } else { "landscape".into() })
                    on:change=move |e| { let portrait = event_target_value(&e) == "portrait";
                        cart.change(key, |l| { l.orientation = if portrait { PrintOrientation::Portrait } else { PrintOrientation::Landscape }; l.crop = Crop { zoom: l.crop.zoom, ..Crop::default() }; }) }>
                    <option value="portrait">"Portrait"</option>
                    <option value="landscape">"Landscape"</option>
                </select>
            </label>
            <label>"Border"
                <select aria-label="Border" prop:value=move || value(|l| l.border_mm.to_string())
                    on:change=move |e| { let mm = event_target_value(&e).parse::<u32>().unwrap_or(0).min(MAX_BORDER_MM); cart.change(key, |l| l.border_mm = mm) }>
                    {BORDERS_MM.iter().map(|&mm| view! { <option value=mm.to_string()>{if mm == 0 { "None".to_string() } else { format!("White, {mm} mm") }}</option> }).collect_view()}
                </select>
            </label>
            <label>"Caption (printed below the photo)"
                <input type="text" aria-label="Caption" maxlength=MAX_CAPTION_CHARS.to_string() placeholder="Optional"
                    prop:value=move || value(|l| l.caption.clone().unwrap_or_default())
                    on:input=move |e| { let v = event_target_value(&e); cart.change(key, |l| l.caption = (!v.trim().is_empty()).then_some(v)) } />
            </label>
            <label>"Zoom"
                <input type="range" aria-label="Zoom" min="1" max="4" step="0.05" prop:value=move || value(|l| l.crop.zoom.to_string())
                    on:input=move |e| { let z = event_target_value(&e).parse::<f64>().unwrap_or(1.0).clamp(1.0, 4.0); cart.change(key, |l| l.crop.zoom = z) } />
            </label>
            <div class="tools">
                <button type="button" class="secondary" on:click=move |_| cart.change(key, |l| l.crop = Crop::default())>"Centre"</button>
                <button type="button" class="link" on:click=move |_| cart.items.update(|items| items.retain(|i| i.key != key))>"Remove"</button>
            </div>
            <Resolution key=key photo=photo line=line prices=prices />
            <p class="line-price">{move || line_price(cart, key, quote)}</p>
        </div>
    }
}

/// What the print's resolution will be at 300 DPI, with a warning (and a confirmation) when low.
#[component]
fn Resolution(
    key: u64,
    photo: (u32, u32),
    line: Memo<Option<PrintLine>>,
    prices: RwSignal<Option<PriceList>>,
) -> impl IntoView {
    let cart = expect_context::<PrintCart>();
    let dpi = Memo::new(move |_| {
        let (Some(l), Some(p)) = (line.get(), prices.get()) else { return None };
        PrintRequest::for_line(&l, &p).and_then(|r| print::layout(&r, photo).ok()).map(|l| l.effective_dpi)
    });
    view! {
        <p class="resolution" class:low=move || dpi.get().is_some_and(|d| d < DPI_WARNING)>
            {move || dpi.get().map(|d| format!("{d} DPI at this size"))}
        </p>
        {move || dpi.get().filter(|&d| d < DPI_WARNING).map(|d| view! {
            <p class="warning" role="alert">
                {if d < DPI_CONFIRM { "Very low resolution: this print will look blurry." } else { "Low resolution: this print may look soft." }}
            </p>
        })}
        {move || dpi.get().filter(|&d| d < DPI_CONFIRM).map(|_| view! {
            <label class="confirm">
                <input type="checkbox" prop:checked=move || line.get().is_some_and(|l| l.low_resolution_confirmed)
                    on:change=move |e| { let on = event_target_checked(&e); cart.change(key, |l| l.low_resolution_confirmed = on) } />
                "Print it anyway"
            </label>
        })}
    }
}

/// The line's total in the latest quote, which lists lines in the cart's order.
fn line_price(cart: PrintCart, key: u64, quote: RwSignal<Option<Quote>>) -> Option<String> {
    let position = cart.items.with(|items| items.iter().position(|i| i.key == key))?;
    quote.with(|q| q.as_ref().and_then(|q| q.lines.get(position).map(|l| format_money(l.total, &q.currency))))
}
