//! Ordering prints: the cart, where each print is laid out with a live preview drawn by the same wasm
//! layout and renderer that make the files; checkout, which renders every print from its original in
//! the worker and sends them with the order; the person's orders; and the admin's print lab.

use crate::{
    api,
    cart::PrintCart,
    components::{
        price_list::PriceListEditor,
        print_item::{CaptionFont, PreviewWorker, PrintItem},
        requests::Requests,
    },
    processing::Processor,
    route::{Nav, Route},
    state::{Actions, Session},
};
use keepsake_api::print_layout::{self as print, PrintRequest};
use keepsake_api::{
    Address, DPI_CONFIRM, NewOrder, Order, OrderStatus, PriceList, PrintLine, Quote, StatusUpdate,
    format_money,
};
use leptos::{ev, prelude::*, task::spawn_local};
use std::rc::Rc;

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
    let prices = RwSignal::new(None::<PriceList>);
    let font: CaptionFont = RwSignal::new_local(None);
    provide_context(PreviewWorker::new());
    let quote = RwSignal::new(None::<Quote>);
    let requests = Requests::new();
    requests.run(api::price_list(), move |list| prices.set(Some(list)));
    let caption_font =
        async { api::caption_font().await.map_err(|e| format!("captions cannot be drawn: {e}")) };
    requests.run(caption_font, move |f| font.set(Some(f)));
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
    keep_quoted(cart, prices, quote, requests);
    view! {
        <section class="prints">
            <h1>"Order prints"</h1>
            {requests.problem()}
            <Show when=move || !cart.items.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"No prints yet. Select photos (or open one) and choose “Order prints”."</p> }>
                <div class="print-items">
                    <For each=move || cart.items.get() key=|item| item.key let:item>
                        <PrintItem key=item.key asset=item.asset prices=prices font=font quote=quote />
                    </For>
                </div>
                <Checkout prices=prices font=font quote=quote requests=requests />
            </Show>
        </section>
    }
}

/// The server prices the cart whenever it changes, once the changes pause; an answer to an older
/// cart is dropped.
fn keep_quoted(
    cart: PrintCart,
    prices: RwSignal<Option<PriceList>>,
    quote: RwSignal<Option<Quote>>,
    requests: Requests,
) {
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
                                requests.clear();
                            }
                            Err(e) => requests.fail(e),
                        }
                    }
                });
            },
            std::time::Duration::from_millis(200),
        );
    });
}

/// Where the prints go, what they cost, and placing the order: every print is rendered from its
/// original in the worker and sent with it.
#[component]
fn Checkout(
    prices: RwSignal<Option<PriceList>>,
    font: CaptionFont,
    quote: RwSignal<Option<Quote>>,
    requests: Requests,
) -> impl IntoView {
    let cart = expect_context::<PrintCart>();
    let nav = expect_context::<Nav>();
    let actions = expect_context::<Actions>();
    let progress = RwSignal::new(None::<String>);
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
            return requests.fail("the price list is still loading");
        };
        let order = NewOrder { lines: cart.lines(), address: address.get_untracked() };
        if order.lines.is_empty() {
            return;
        }
        requests.clear();
        spawn_local(async move {
            let result = render_and_place(order, list, font, progress).await;
            progress.set(None);
            match result {
                Ok(order) => {
                    cart.items.set(Vec::new());
                    actions.message.set(Some(format!("Order {} placed", order.label())));
                    nav.go(Route::Orders);
                }
                Err(e) => requests.fail(e),
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
    }
}

/// Renders every print of the order from its original in the worker, saying how far it is, and
/// sends them with the order.
async fn render_and_place(
    order: NewOrder,
    prices: PriceList,
    font: Rc<Vec<u8>>,
    progress: RwSignal<Option<String>>,
) -> Result<Order, String> {
    let processor = Processor::new().map_err(|e| format!("cannot start the worker: {e:?}"))?;
    let mut files = Vec::with_capacity(order.lines.len());
    for (i, line) in order.lines.iter().enumerate() {
        progress.set(Some(format!("Rendering print {} of {}…", i + 1, order.lines.len())));
        let original = api::original_bytes(&line.asset_id).await.map_err(|e| e.to_string())?;
        files.push(processor.print(original, line, &prices, &font).await?);
    }
    progress.set(Some("Sending your order…".into()));
    api::place_order(&order, &files).await.map_err(|e| e.to_string())
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
    let requests = Requests::new();
    let reload = move || requests.run(api::orders(), move |list| orders.set(Some(list)));
    reload();
    let cancel =
        move |id: String| requests.act(async move { api::cancel_order(&id).await }, move |_| reload());
    view! {
        <section class="orders">
            <h1>"Your print orders"</h1>
            {requests.problem()}
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
    let requests = Requests::new();
    let reload = move || requests.act(api::lab_orders(), move |list| orders.set(Some(list)));
    reload();
    let move_on = move |id: String, status: OrderStatus, note: Option<String>| {
        let update = StatusUpdate { status, note };
        requests.run(async move { api::lab_status(&id, &update).await }, move |_| reload())
    };
    let remove = move |id: String| {
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message("Delete this order and its print files?").ok())
            .unwrap_or(false);
        if sure {
            requests.run(async move { api::lab_delete(&id).await }, move |()| reload())
        }
    };
    view! {
        <section class="lab">
            <h1>"Print lab"</h1>
            <Show when=move || session.me.get().is_some_and(|m| m.is_admin)
                fallback=|| view! { <p>"Only the admin runs the print lab."</p> }>
                {requests.problem()}
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
