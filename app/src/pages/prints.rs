//! Ordering prints: the cart, where each print is laid out with a live preview drawn by the same wasm
//! layout and renderer that make the files; checkout, which renders every print from its original in
//! the worker and sends them with the order; the person's orders; and the admin's print lab.

use crate::{
    api,
    cart::PrintCart,
    components::price_list::PriceListEditor,
    processing::Processor,
    route::{Nav, Route},
    state::{Actions, Session},
};
use keepsake_api::print_layout::{self as print, PrintLayout, PrintRequest};
use keepsake_api::{
    Address, Asset, Crop, DPI_CONFIRM, DPI_WARNING, MAX_BORDER_MM, MAX_CAPTION_CHARS, MAX_QUANTITY, NewOrder,
    Order, OrderStatus, PriceList, PrintLine, PrintOrientation, Quote, StatusUpdate, format_money,
};
use leptos::{ev, html, prelude::*, task::spawn_local};
use std::rc::Rc;
use wasm_bindgen::{Clamped, JsCast};

/// The worker that draws the cart's previews, started with the first of them and shared by all.
#[derive(Clone, Copy)]
struct PreviewWorker(StoredValue<Option<Rc<Processor>>, LocalStorage>);

impl PreviewWorker {
    fn get(&self) -> Result<Rc<Processor>, String> {
        if let Some(worker) = self.0.try_get_value().ok_or("the page is closed")? {
            return Ok(worker);
        }
        let worker = Rc::new(Processor::new().map_err(|e| format!("cannot start the worker: {e:?}"))?);
        self.0.try_set_value(Some(worker.clone()));
        Ok(worker)
    }
}

/// The long side of a live preview, in canvas pixels.
const PREVIEW_LONG_PX: u32 = 480;
const BORDERS_MM: [u32; 4] = [0, 3, 5, 10];

/// Fills in what a line left open (a new line's size and paper) from the price list.
fn complete(line: &mut PrintLine, prices: &PriceList) {
    if prices.size(&line.size).is_none() {
        line.size = prices.size("4x6").or(prices.sizes.first()).map(|s| s.id.clone()).unwrap_or_default();
    }
    if prices.paper(&line.paper).is_none() {
        line.paper = prices.papers.first().map(|p| p.id.clone()).unwrap_or_default();
    }
}

fn money(minor: u64, currency: &str) -> String {
    format_money(minor, currency)
}

#[component]
pub fn PrintPage() -> impl IntoView {
    let cart = expect_context::<PrintCart>();
    let nav = expect_context::<Nav>();
    let actions = expect_context::<Actions>();
    let prices = RwSignal::new(None::<PriceList>);
    let font = RwSignal::new_local(None::<Rc<Vec<u8>>>);
    provide_context(PreviewWorker(StoredValue::new_local(None)));
    let quote = RwSignal::new(None::<Quote>);
    let error = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::price_list().await {
            Ok(list) => prices.set(Some(list)),
            Err(e) => error.set(Some(e.to_string())),
        }
        match api::caption_font().await {
            Ok(f) => font.set(Some(f)),
            Err(e) => error.set(Some(format!("captions cannot be drawn: {e}"))),
        }
    });
    // New lines get the price list's defaults.
    Effect::new(move |_| {
        let Some(list) = prices.get() else { return };
        let incomplete = cart.items.with(|items| {
            items.iter().any(|i| list.size(&i.line.size).is_none() || list.paper(&i.line.paper).is_none())
        });
        if incomplete {
            cart.items.update(|items| items.iter_mut().for_each(|i| complete(&mut i.line, &list)));
        }
    });
    // The server prices the cart whenever it changes (once the changes pause).
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let lines = cart.lines();
        if prices.with(Option::is_none) || lines.iter().any(|l| l.size.is_empty()) {
            return;
        }
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        if lines.is_empty() {
            quote.set(None);
            return;
        }
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                spawn_local(async move {
                    let result = api::quote(lines).await;
                    if generation.get_value() == mine {
                        match result {
                            Ok(q) => {
                                quote.set(Some(q));
                                error.set(None);
                            }
                            Err(e) => error.set(Some(e.to_string())),
                        }
                    }
                });
            },
            std::time::Duration::from_millis(200),
        );
    });

    let address = RwSignal::new(Address { country: "US".into(), ..Address::default() });
    let field = move |label: &'static str,
                      get: fn(&Address) -> &String,
                      set: fn(&mut Address, String),
                      required: bool| {
        view! {
            <label>
                {label}
                <input required=required prop:value=move || address.with(|a| get(a).clone())
                    on:input=move |e| address.update(|a| set(a, event_target_value(&e))) />
            </label>
        }
    };
    let place = move |e: ev::SubmitEvent| {
        e.prevent_default();
        if progress.get_untracked().is_some() {
            return;
        }
        let (Some(list), Some(font)) = (prices.get_untracked(), font.get_untracked()) else {
            return error.set(Some("the price list is still loading".into()));
        };
        let lines = cart.lines();
        if lines.is_empty() {
            return;
        }
        let order = NewOrder { lines: lines.clone(), address: address.get_untracked() };
        error.set(None);
        spawn_local(async move {
            let result = async {
                let processor = Processor::new().map_err(|e| format!("cannot start the worker: {e:?}"))?;
                let mut files = Vec::with_capacity(lines.len());
                for (i, line) in lines.iter().enumerate() {
                    progress.set(Some(format!("Rendering print {} of {}…", i + 1, lines.len())));
                    let original = api::original_bytes(&line.asset_id).await.map_err(|e| e.to_string())?;
                    files.push(processor.print(original, line, &list, &font).await?);
                }
                progress.set(Some("Sending your order…".into()));
                api::place_order(&order, &files).await.map_err(|e| e.to_string())
            }
            .await;
            progress.set(None);
            match result {
                Ok(order) => {
                    cart.items.set(Vec::new());
                    actions.message.set(Some(format!("Order {} placed", order.label())));
                    nav.go(Route::Orders);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let needs_confirmation = move || {
        let Some(list) = prices.get() else { return false };
        cart.items.with(|items| {
            items.iter().any(|i| {
                let photo = (i.asset.width.unwrap_or(1), i.asset.height.unwrap_or(1));
                PrintRequest::for_line(&i.line, &list)
                    .and_then(|r| print::layout(&r, photo).ok())
                    .is_some_and(|l| l.effective_dpi < DPI_CONFIRM && !i.line.low_resolution_confirmed)
            })
        })
    };

    view! {
        <section class="prints">
            <h1>"Order prints"</h1>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Show when=move || !cart.items.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"No prints yet. Select photos (or open one) and choose “Order prints”."</p> }>
                <div class="print-items">
                    <For each=move || cart.items.get() key=|item| item.key let:item>
                        <PrintItem key=item.key asset=item.asset prices=prices font=font quote=quote />
                    </For>
                </div>
                <form class="checkout" on:submit=place>
                    <h2>"Ship to"</h2>
                    <div class="address">
                        {field("Full name", |a| &a.name, |a, v| a.name = v, true)}
                        {field("Street address", |a| &a.line1, |a, v| a.line1 = v, true)}
                        {field("Apartment, suite (optional)", |a| &a.line2, |a, v| a.line2 = v, false)}
                        {field("City", |a| &a.city, |a, v| a.city = v, true)}
                        {field("State or region", |a| &a.region, |a, v| a.region = v, false)}
                        {field("Postcode", |a| &a.postcode, |a, v| a.postcode = v, true)}
                        {field("Country code (e.g. US, GB, DE)", |a| &a.country, |a, v| a.country = v, true)}
                        {field("Phone (optional)", |a| &a.phone, |a, v| a.phone = v, false)}
                    </div>
                    {move || quote.get().map(|q| view! {
                        <dl class="totals">
                            <dt>"Subtotal"</dt><dd class="subtotal">{money(q.subtotal, &q.currency)}</dd>
                            <dt>"Shipping"</dt><dd class="shipping">{if q.shipping == 0 { "Free".to_string() } else { money(q.shipping, &q.currency) }}</dd>
                            <dt>"Total"</dt><dd class="total"><strong>{money(q.total, &q.currency)}</strong></dd>
                        </dl>
                    })}
                    <p class="muted">"No payment is taken here: the order goes to this server's print lab."</p>
                    {move || needs_confirmation().then(|| view! {
                        <p class="warning" role="alert">"Confirm the low-resolution prints above, or choose a smaller size."</p>
                    })}
                    <button type="submit" disabled=move || progress.get().is_some() || needs_confirmation() || quote.get().is_none()>
                        "Place order"
                    </button>
                    {move || progress.get().map(|p| view! { <p class="notice" role="status">{p}</p> })}
                </form>
            </Show>
        </section>
    }
}

/// One print in the cart: its preview and its choices.
#[component]
fn PrintItem(
    key: u64,
    asset: Asset,
    prices: RwSignal<Option<PriceList>>,
    font: RwSignal<Option<Rc<Vec<u8>>>, LocalStorage>,
    quote: RwSignal<Option<Quote>>,
) -> impl IntoView {
    let cart = expect_context::<PrintCart>();
    let photo = (asset.width.unwrap_or(1), asset.height.unwrap_or(1));
    let line = Memo::new(move |_| {
        cart.items.with(|items| items.iter().find(|i| i.key == key).map(|i| i.line.clone()))
    });
    let position = Memo::new(move |_| cart.items.with(|items| items.iter().position(|i| i.key == key)));
    let source = StoredValue::new_local(None::<Rc<Vec<u8>>>);
    let loaded = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let id = asset.id.clone();
    spawn_local(async move {
        match api::preview_bytes(&id).await {
            Ok(bytes) => {
                source.set_value(Some(Rc::new(bytes)));
                loaded.set(true);
            }
            Err(e) => problem.set(Some(format!("no preview: {e}"))),
        }
    });

    // The print at 300 DPI: what its resolution will be.
    let full = Memo::new(move |_| {
        let (Some(l), Some(p)) = (line.get(), prices.get()) else { return None };
        PrintRequest::for_line(&l, &p).and_then(|r| print::layout(&r, photo).ok())
    });
    // The preview, laid out and drawn by the print code at a lower resolution, in the worker. A drag
    // asks for many; only the newest is drawn, and none is asked for while one is being drawn.
    let canvas: NodeRef<html::Canvas> = NodeRef::new();
    let shown = StoredValue::new(None::<PrintLayout>);
    let worker = expect_context::<PreviewWorker>();
    let wanted = StoredValue::new(0u64);
    let drawing = StoredValue::new(false);
    let asset_key = StoredValue::new(asset.id.clone());
    // Draws what the cart says now, again and again while it changed during the drawing. The item may
    // be gone by the time the worker answers (the order placed, the page left): every read is a `try_`.
    let draw_latest = move || async move {
        while let Some(asked) = wanted.try_get_value() {
            let (Some(Some(l)), Some(Some(p)), Some(Some(source))) =
                (line.try_get_untracked(), prices.try_get_untracked(), source.try_get_value())
            else {
                break;
            };
            let Some(size) = p.size(&l.size) else { break };
            let Some(mut request) = PrintRequest::for_line(&l, &p) else { break };
            request.dpi =
                (u64::from(PREVIEW_LONG_PX) * 25_400 / u64::from(size.long_um.max(1))).max(1) as u32;
            let Ok(layout) = print::layout(&request, photo) else { break };
            let (Some(font), Some(key)) = (font.try_get_untracked(), asset_key.try_get_value()) else {
                break;
            };
            let font = font.as_deref().map(|f| f.as_slice());
            let drawn = match worker.get() {
                Ok(w) => w.print_preview(&key, &source, photo, &l, &p, font, request.dpi).await,
                Err(e) => Err(e),
            };
            match drawn {
                Ok((pixels, width, height)) => {
                    shown.try_set_value(Some(layout));
                    if let Some(Some(canvas)) = canvas.try_get_untracked() {
                        draw(&canvas, &pixels, width, height);
                    }
                }
                Err(e) => {
                    problem.try_set(Some(format!("the preview was not drawn: {e}")));
                }
            }
            if wanted.try_get_value() == Some(asked) {
                break;
            }
        }
        drawing.try_set_value(false);
    };
    Effect::new(move |_| {
        // What the preview depends on; the drawing reads them untracked.
        let ready = loaded.get() && canvas.get().is_some();
        let _ = (line.get(), prices.get(), font.get());
        wanted.update_value(|n| *n += 1);
        if ready && !drawing.get_value() {
            drawing.set_value(true);
            spawn_local(draw_latest());
        }
    });

    let drag = StoredValue::new(None::<(f64, f64, Crop)>);
    let on_down = move |e: ev::PointerEvent| {
        let Some(l) = line.get_untracked() else { return };
        drag.set_value(Some((f64::from(e.client_x()), f64::from(e.client_y()), l.crop)));
        if let Some(c) = canvas.get_untracked() {
            let _ = c.set_pointer_capture(e.pointer_id());
        }
    };
    let on_move = move |e: ev::PointerEvent| {
        let (Some((x0, y0, start)), Some(layout), Some(c)) =
            (drag.get_value(), shown.get_value(), canvas.get_untracked())
        else {
            return;
        };
        // Screen pixels → canvas pixels → photo pixels → fractions of the photo; the photo moves with
        // the pointer, so the centre of the cut-out moves the other way.
        let scale = f64::from(c.width()) / f64::from(c.client_width().max(1));
        let per_canvas_px = |crop: u32, window: u32| f64::from(crop) / f64::from(window.max(1));
        let dx =
            (f64::from(e.client_x()) - x0) * scale * per_canvas_px(layout.crop.width, layout.window.width);
        let dy =
            (f64::from(e.client_y()) - y0) * scale * per_canvas_px(layout.crop.height, layout.window.height);
        let half_w = f64::from(layout.crop.width) / 2.0 / f64::from(photo.0);
        let half_h = f64::from(layout.crop.height) / 2.0 / f64::from(photo.1);
        let clamp = |v: f64, half: f64| if half >= 0.5 { 0.5 } else { v.clamp(half, 1.0 - half) };
        cart.change(key, |l| {
            l.crop.center_x = clamp(start.center_x - dx / f64::from(photo.0), half_w);
            l.crop.center_y = clamp(start.center_y - dy / f64::from(photo.1), half_h);
        });
    };
    let on_up = move |_: ev::PointerEvent| drag.set_value(None);

    let options =
        move |f: fn(&PriceList) -> Vec<(String, String)>| prices.get().map(|p| f(&p)).unwrap_or_default();
    let value = move |f: fn(&PrintLine) -> String| line.get().map(|l| f(&l)).unwrap_or_default();
    let dpi = move || full.get().map(|l| l.effective_dpi);
    let line_price = move || {
        let q = quote.get()?;
        let l = q.lines.get(position.get()?)?;
        Some(money(l.total, &q.currency))
    };
    let filename = asset.filename.clone();
    view! {
        <article class="print-item" data-asset=asset.id.clone()>
            <div class="print-preview">
                <canvas node_ref=canvas aria-label=format!("Preview of the print of {filename}")
                    on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointercancel=on_up></canvas>
                <p class="muted">"Drag to move the photo in the print."</p>
                {move || problem.get().map(|p| view! { <p class="error">{p}</p> })}
            </div>
            <div class="print-options">
                <h3>{asset.filename.clone()}</h3>
                <label>"Size"
                    <select aria-label="Size" prop:value=move || value(|l| l.size.clone())
                        on:change=move |e| { let v = event_target_value(&e); cart.change(key, |l| { l.size = v; l.low_resolution_confirmed = false; }) }>
                        {move || options(|p| p.sizes.iter().map(|s| (s.id.clone(), format!("{} — {}", s.label, money(s.price, &p.currency)))).collect())
                            .into_iter().map(|(id, label)| view! { <option value=id.clone() selected=move || line.get().is_some_and(|l| l.size == id)>{label}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Paper"
                    <select aria-label="Paper" prop:value=move || value(|l| l.paper.clone())
                        on:change=move |e| { let v = event_target_value(&e); cart.change(key, |l| l.paper = v) }>
                        {move || options(|p| p.papers.iter().map(|x| (x.id.clone(), if x.surcharge == 0 { x.label.clone() } else { format!("{} (+{})", x.label, money(x.surcharge, &p.currency)) })).collect())
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
                <p class="resolution" class:low=move || dpi().is_some_and(|d| d < DPI_WARNING)>
                    {move || dpi().map(|d| format!("{d} DPI at this size"))}
                </p>
                {move || dpi().filter(|&d| d < DPI_WARNING).map(|d| view! {
                    <p class="warning" role="alert">
                        {if d < DPI_CONFIRM { "Very low resolution: this print will look blurry." } else { "Low resolution: this print may look soft." }}
                    </p>
                })}
                {move || dpi().filter(|&d| d < DPI_CONFIRM).map(|_| view! {
                    <label class="confirm">
                        <input type="checkbox" prop:checked=move || line.get().is_some_and(|l| l.low_resolution_confirmed)
                            on:change=move |e| { let on = event_target_checked(&e); cart.change(key, |l| l.low_resolution_confirmed = on) } />
                        "Print it anyway"
                    </label>
                })}
                <p class="line-price">{line_price}</p>
            </div>
        </article>
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

fn status_badge(status: OrderStatus) -> impl IntoView {
    view! { <span class=format!("status status-{}", status.label())>{status.label()}</span> }
}

/// What was ordered, line by line, and what it cost.
fn order_lines(order: &Order, show_files: bool) -> impl IntoView + use<> {
    let currency = order.currency.clone();
    let lines = order
        .lines
        .iter()
        .map(|l| {
            let image = if show_files { Some(l.file_url.clone()) } else { l.thumbnail_url.clone() };
            let border = if l.line.border_mm == 0 { String::new() } else { format!(" · {} mm border", l.line.border_mm) };
            view! {
                <li>
                    {image.map(|src| view! { <img src=src alt="" loading="lazy" /> })}
                    <span>{format!("{} · {} · ×{}{border}", l.size_label, l.paper_label, l.line.quantity)}</span>
                    {l.line.caption.clone().map(|c| view! { <em>{format!("“{c}”")}</em> })}
                    <span class="muted">{format!("{}×{} px, {} DPI", l.width, l.height, l.dpi)}</span>
                    <span class="price">{money(l.total, &currency)}</span>
                </li>
            }
        })
        .collect_view();
    let history = order
        .history
        .iter()
        .map(|h| {
            let when = h.at.get(..16).unwrap_or(&h.at).replace('T', " ");
            view! { <li>{format!("{when} — {}", h.status.label())}{h.note.clone().map(|n| format!(": {n}"))}</li> }
        })
        .collect_view();
    view! {
        <ul class="order-lines">{lines}</ul>
        <p class="order-totals">{format!("Subtotal {} · Shipping {} · Total {}", money(order.subtotal, &order.currency), money(order.shipping, &order.currency), money(order.total, &order.currency))}</p>
        <details><summary>"History"</summary><ul class="history">{history}</ul></details>
    }
}

fn ship_to(a: &Address) -> String {
    a.label_lines().join(", ")
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let orders = RwSignal::new(None::<Vec<Order>>);
    let error = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match api::orders().await {
                Ok(list) => orders.set(Some(list)),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    reload();
    let cancel = move |id: String| {
        spawn_local(async move {
            match api::cancel_order(&id).await {
                Ok(_) => reload(),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    view! {
        <section class="orders">
            <h1>"Your print orders"</h1>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || orders.get().map(|list| if list.is_empty() {
                view! { <p class="empty">"No orders yet."</p> }.into_any()
            } else {
                list.into_iter().map(|o| {
                    let id = o.id.clone();
                    let placed = o.status == OrderStatus::Placed;
                    view! {
                        <article class="order" data-order=o.id.clone()>
                            <header>
                                <h2>{format!("Order {}", o.label())}</h2>
                                {status_badge(o.status)}
                                <span class="muted">{o.created_at.get(..10).unwrap_or_default().to_string()}</span>
                            </header>
                            {o.tracking.clone().map(|t| view! { <p class="tracking">{format!("Tracking: {t}")}</p> })}
                            {order_lines(&o, false)}
                            <p class="muted">{format!("Ship to {}", ship_to(&o.address))}</p>
                            {placed.then(|| view! { <button class="secondary" on:click=move |_| cancel(id.clone())>"Cancel order"</button> })}
                        </article>
                    }
                }).collect_view().into_any()
            })}
        </section>
    }
}

#[component]
pub fn LabPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let orders = RwSignal::new(None::<Vec<Order>>);
    let error = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match api::lab_orders().await {
                Ok(list) => {
                    orders.set(Some(list));
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    reload();
    let move_on = move |id: String, status: OrderStatus, note: Option<String>| {
        spawn_local(async move {
            match api::lab_status(&id, &StatusUpdate { status, note }).await {
                Ok(_) => reload(),
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    let remove = move |id: String| {
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message("Delete this order and its print files?").ok())
            .unwrap_or(false);
        if sure {
            spawn_local(async move {
                match api::lab_delete(&id).await {
                    Ok(()) => reload(),
                    Err(e) => error.set(Some(e.to_string())),
                }
            })
        }
    };
    view! {
        <section class="lab">
            <h1>"Print lab"</h1>
            <Show when=move || session.me.get().is_some_and(|m| m.is_admin)
                fallback=|| view! { <p>"Only the admin runs the print lab."</p> }>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                {move || orders.get().map(|list| if list.is_empty() {
                    view! { <p class="empty">"No orders yet."</p> }.into_any()
                } else {
                    list.into_iter().map(|o| {
                        let note = RwSignal::new(String::new());
                        let (id, del) = (o.id.clone(), o.id.clone());
                        let buttons = o.status.next().iter().map(|&next| {
                            let id = id.clone();
                            view! {
                                <button class="secondary" on:click=move |_| {
                                    let n = note.get_untracked();
                                    move_on(id.clone(), next, (!n.trim().is_empty()).then_some(n));
                                }>{format!("Mark {}", next.label())}</button>
                            }
                        }).collect_view();
                        view! {
                            <article class="order" data-order=o.id.clone()>
                                <header>
                                    <h2>{format!("Order {} from {}", o.label(), o.owner)}</h2>
                                    {status_badge(o.status)}
                                    <span class="muted">{o.created_at.get(..10).unwrap_or_default().to_string()}</span>
                                </header>
                                <p>{format!("Ship to {}", ship_to(&o.address))}{(!o.address.phone.is_empty()).then(|| format!(" · {}", o.address.phone))}</p>
                                {order_lines(&o, true)}
                                <div class="tools">
                                    <a class="button" href=api::lab_package_url(&o.id) download="">"Download package"</a>
                                    {(!o.status.next().is_empty()).then(|| view! {
                                        <input type="text" aria-label="Note (tracking number)" placeholder="Note, e.g. a tracking number"
                                            prop:value=move || note.get() on:input=move |e| note.set(event_target_value(&e)) />
                                    })}
                                    {buttons}
                                    <button class="danger" on:click=move |_| remove(del.clone())>"Delete order"</button>
                                </div>
                            </article>
                        }
                    }).collect_view().into_any()
                })}
                <PriceListEditor />
            </Show>
        </section>
    }
}
