//! Ordering prints. The browser lays out and renders every print (in wasm, from the original) and
//! sends the files with the order; the server prices the lines from its price list, checks each file
//! is exactly the print's pixel size at 300 DPI, and keeps the order. The admin runs the print lab:
//! every order, its print-ready package, and its status as it moves on.

use super::{
    IdPath,
    openapi::{self, empty},
};
use crate::{
    AppState,
    auth::CurrentUser,
    db::{OrderLineRecord, OrderRecord, StatusRecord},
    error::{ApiJson, AppError, AppResult, Path},
    permissions::{Action, Resource, authorize, reach_asset},
    routes::{
        assets::{Names, rfc3339, serve_blob},
        downloads::{ZipCaller, ZipEntry, zip_entries_response},
    },
};
use aide::axum::{
    ApiRouter,
    routing::{delete_with, get_with, post_with},
};
use axum::{
    Json,
    extract::{
        DefaultBodyLimit, Multipart, Request, State,
        multipart::{MultipartError, MultipartRejection},
    },
    http::StatusCode,
    response::Response,
};
use keepsake_api::{
    API_PREFIX, Address, AssetKind, DPI_CONFIRM, MAX_BORDER_MM, MAX_CAPTION_CHARS, MAX_ORDER_LINES,
    MAX_QUANTITY, MAX_ZOOM, NewOrder, Order, OrderLine, OrderStatus, PriceList, PrintLine, Quote, QuoteLine,
    QuoteRequest, StatusChange, StatusUpdate, paths, squeeze_spaces,
};
use keepsake_media::print::{PrintRequest, layout};
use sha2::{Digest, Sha256};

/// The largest print file accepted: an 11×14 at 300 DPI is about 5 MB, the largest size the price
/// list may offer (24 in on the long side, 7200 px) a few tens of MB.
const MAX_PRINT_FILE: usize = 96 << 20;
/// The longest side a print size may have: 24 in. Bigger posters would need files (and a decode to
/// check them) of hundreds of MB.
const MAX_SIDE_UM: u32 = 24 * 25_400;
/// A whole checkout: every line's file and the order.
const ORDER_BODY_LIMIT: usize = MAX_ORDER_LINES * MAX_PRINT_FILE + (1 << 20);
const MAX_NOTE: usize = 500;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            paths::PRINT_PRICES,
            get_with(prices, |op| op.summary("The price list: sizes, papers, prices, currency, shipping, bleed"))
                .put_with(set_prices, |op| op.summary("Replace the price list (admin)")),
        )
        .api_route(
            paths::PRINT_QUOTE,
            post_with(quote, |op| {
                op.summary("Price print lines: each line's price, file size in pixels and effective DPI; subtotal, shipping, total")
            }),
        )
        .api_route(
            paths::ORDERS,
            get_with(my_orders, |op| op.summary("The caller's orders, newest first"))
                .post_with(place, |op| {
                    order_body(op.summary(
                        "Place an order: multipart/form-data with the NewOrder JSON as the part `order`, then each \
                         line's rendered print (JPEG, 300 DPI, the quoted pixel size) as `line-0`, `line-1`, …",
                    ))
                    .response::<201, Json<Order>>()
                })
                .layer(DefaultBodyLimit::max(ORDER_BODY_LIMIT)),
        )
        .api_route("/orders/{id}", get_with(one, |op| op.summary("One order (its owner, or the admin)")))
        .api_route(
            "/orders/{id}/cancel",
            post_with(cancel, |op| op.summary("Cancel the order while it is still placed (its owner)")),
        )
        .api_route(
            "/orders/{id}/lines/{line}/file",
            get_with(line_file, |op| openapi::file(op.summary("A line's print file as rendered"), "image/jpeg")),
        )
        .api_route(paths::LAB_ORDERS, get_with(lab_orders, |op| op.summary("Every order (admin)")))
        .api_route(
            "/lab/orders/{id}",
            delete_with(lab_delete, |op| empty(op.summary("Delete an order and its print files (admin)"), 204)),
        )
        .api_route(
            "/lab/orders/{id}/status",
            post_with(lab_status, |op| {
                op.summary("Move an order on: placed → printing → shipped → delivered, or cancelled (admin)")
            }),
        )
        .api_route(
            "/lab/orders/{id}/package",
            get_with(package, |op| {
                openapi::file(
                    op.summary("The print-ready package: a ZIP with a file per copy, order.json and order.html (admin)"),
                    "application/zip",
                )
            }),
        )
}

/// The checkout body: the order as JSON, then one JPEG per line.
fn order_body(op: aide::transform::TransformOperation<'_>) -> aide::transform::TransformOperation<'_> {
    openapi::multipart_body::<NewOrder>(op, "order", "line-")
}

async fn prices(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<PriceList>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    Ok(Json(state.store.run(|store| store.price_list()).await?))
}

async fn set_prices(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(list): ApiJson<PriceList>,
) -> AppResult<Json<PriceList>> {
    authorize(user.principal(), Action::Write, Resource::PrintLab)?;
    check_price_list(&list)?;
    let saved = list.clone();
    state.store.run(move |store| store.set_price_list(&saved)).await?;
    Ok(Json(list))
}

fn check_price_list(list: &PriceList) -> AppResult<()> {
    let bad = |why: String| Err(AppError::BadRequest(why));
    // Well-formed, but against a rule between fields.
    let unfit = |why: String| Err(AppError::Unprocessable("bad-price-list", why));
    if list.currency.len() != 3 || !list.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return bad("the currency is a three-letter code such as USD".into());
    }
    if list.sizes.is_empty() || list.papers.is_empty() {
        return bad("offer at least one size and one paper".into());
    }
    const MAX_PRICE: u64 = 100_000_000;
    let id_ok = |id: &str| {
        !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let mut ids = std::collections::HashSet::new();
    for size in &list.sizes {
        if !id_ok(&size.id) {
            return bad(format!("size ids are letters, digits and dashes: {:?}", size.id));
        }
        if !ids.insert(format!("s{}", size.id)) {
            return unfit(format!("size ids are unique: {:?}", size.id));
        }
        // An inch to two feet a side: a wallet print to a poster.
        if size.short_um < 25_400 || size.long_um > MAX_SIDE_UM {
            return bad(format!("{}: sides from 1 to 24 inches", size.id));
        }
        if size.long_um < size.short_um {
            return unfit(format!("{}: the short side first", size.id));
        }
        if size.label.trim().is_empty() || size.label.chars().count() > 60 || size.price > MAX_PRICE {
            return bad(format!("{}: a label of 1 to 60 characters and a price", size.id));
        }
    }
    for paper in &list.papers {
        if !id_ok(&paper.id) {
            return bad(format!("paper ids are letters, digits and dashes: {:?}", paper.id));
        }
        if !ids.insert(format!("p{}", paper.id)) {
            return unfit(format!("paper ids are unique: {:?}", paper.id));
        }
        if paper.label.trim().is_empty() || paper.label.chars().count() > 60 || paper.surcharge > MAX_PRICE {
            return bad(format!("{}: a label of 1 to 60 characters and a surcharge", paper.id));
        }
    }
    if list.shipping > MAX_PRICE || list.free_shipping_from.is_some_and(|f| f > MAX_PRICE * 100) {
        return bad("shipping is out of range".into());
    }
    if list.bleed_um > 10_000 {
        return bad("bleed is at most 10 mm".into());
    }
    Ok(())
}

/// A line checked and priced against the price list and its photo.
struct PricedLine {
    line: PrintLine,
    size_label: String,
    paper_label: String,
    unit_price: u64,
    total: u64,
    width: u32,
    height: u32,
    dpi: u32,
}

struct Priced {
    lines: Vec<PricedLine>,
    currency: String,
    subtotal: u64,
    shipping: u64,
    total: u64,
}

impl Priced {
    fn quote(&self) -> Quote {
        Quote {
            currency: self.currency.clone(),
            lines: self
                .lines
                .iter()
                .map(|l| QuoteLine {
                    unit_price: l.unit_price,
                    total: l.total,
                    dpi: l.dpi,
                    width: l.width,
                    height: l.height,
                })
                .collect(),
            subtotal: self.subtotal,
            shipping: self.shipping,
            total: self.total,
        }
    }
}

fn invalid(code: &'static str, message: String) -> AppError {
    AppError::Unprocessable(code, message)
}

/// Cleans a line the person sent; `n` counts from 1 for messages.
fn clean_line(mut line: PrintLine, n: usize) -> AppResult<PrintLine> {
    if line.quantity == 0 || line.quantity > MAX_QUANTITY {
        return Err(invalid("bad-line", format!("print {n}: 1 to {MAX_QUANTITY} copies")));
    }
    if line.border_mm > MAX_BORDER_MM {
        return Err(invalid("bad-line", format!("print {n}: a border of at most {MAX_BORDER_MM} mm")));
    }
    let crop = line.crop;
    let fraction = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
    if !fraction(crop.center_x)
        || !fraction(crop.center_y)
        || !crop.zoom.is_finite()
        || !(1.0..=MAX_ZOOM).contains(&crop.zoom)
    {
        return Err(invalid("bad-line", format!("print {n}: the crop is out of range")));
    }
    line.caption = match line.caption.as_deref().map(squeeze_spaces) {
        Some(c) if c.chars().count() > MAX_CAPTION_CHARS => {
            return Err(invalid(
                "bad-line",
                format!("print {n}: a caption of at most {MAX_CAPTION_CHARS} characters"),
            ));
        }
        Some(c) if !c.is_empty() => Some(c),
        _ => None,
    };
    Ok(line)
}

/// Prices `lines` for `user`: every photo must be one they can see, and a photo (not a video).
async fn price(state: &AppState, user: &CurrentUser, lines: Vec<PrintLine>) -> AppResult<Priced> {
    if lines.is_empty() || lines.len() > MAX_ORDER_LINES {
        return Err(AppError::BadRequest(format!("an order has 1 to {MAX_ORDER_LINES} prints")));
    }
    let lines =
        lines.into_iter().enumerate().map(|(i, l)| clean_line(l, i + 1)).collect::<AppResult<Vec<_>>>()?;
    let principal = user.principal();
    state
        .store
        .run(move |store| {
            let list = store.price_list()?;
            let mut priced = Vec::with_capacity(lines.len());
            for (i, line) in lines.into_iter().enumerate() {
                let n = i + 1;
                let (asset, _) = reach_asset(store, principal, &line.asset_id, Action::Read)?;
                if asset.kind != AssetKind::Photo || asset.trashed_at.is_some() {
                    return Err(invalid(
                        "bad-line",
                        format!("print {n}: only photos in the library can be printed"),
                    ));
                }
                let photo = match (asset.metadata.width, asset.metadata.height) {
                    (Some(w), Some(h)) if w > 0 && h > 0 => (w, h),
                    _ => return Err(invalid("bad-line", format!("print {n}: this photo's size is unknown"))),
                };
                let size = list
                    .size(&line.size)
                    .ok_or_else(|| invalid("bad-line", format!("print {n}: no such size")))?;
                let paper = list
                    .paper(&line.paper)
                    .ok_or_else(|| invalid("bad-line", format!("print {n}: no such paper")))?;
                let request = PrintRequest::for_line(&line, &list).expect("the size was just found");
                let placed =
                    layout(&request, photo).map_err(|e| invalid("bad-line", format!("print {n}: {e}")))?;
                let unit_price = size.price + paper.surcharge;
                priced.push(PricedLine {
                    size_label: size.label.clone(),
                    paper_label: paper.label.clone(),
                    unit_price,
                    total: unit_price * u64::from(line.quantity),
                    width: placed.width,
                    height: placed.height,
                    dpi: placed.effective_dpi,
                    line,
                });
            }
            let subtotal = priced.iter().map(|l| l.total).sum();
            let shipping =
                if list.free_shipping_from.is_some_and(|from| subtotal >= from) { 0 } else { list.shipping };
            Ok(Priced {
                lines: priced,
                currency: list.currency,
                subtotal,
                shipping,
                total: subtotal + shipping,
            })
        })
        .await
}

async fn quote(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<QuoteRequest>,
) -> AppResult<Json<Quote>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    Ok(Json(price(&state, &user, request.lines).await?.quote()))
}

fn clean_address(address: Address) -> AppResult<Address> {
    let field = |value: &str, name: &str, required: bool, max: usize| -> AppResult<String> {
        let value = squeeze_spaces(value);
        if required && value.is_empty() {
            return Err(invalid("bad-address", format!("the address needs a {name}")));
        }
        if value.chars().count() > max || value.chars().any(char::is_control) {
            return Err(invalid("bad-address", format!("the {name} is too long")));
        }
        Ok(value)
    };
    let postcode = field(&address.postcode, "postcode", true, 16)?;
    if !postcode.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-') {
        return Err(invalid("bad-address", "a postcode has letters, digits, spaces and dashes".into()));
    }
    let country = address.country.trim().to_ascii_uppercase();
    if isocountry::CountryCode::for_alpha2(&country).is_err() {
        return Err(invalid("bad-address", "choose a country".into()));
    }
    let phone = field(&address.phone, "phone number", false, 30)?;
    if !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        return Err(invalid("bad-address", "a phone number has digits, spaces and + - ( )".into()));
    }
    Ok(Address {
        name: field(&address.name, "name", true, 100)?,
        line1: field(&address.line1, "street address", true, 200)?,
        line2: field(&address.line2, "second address line", false, 200)?,
        city: field(&address.city, "city", true, 100)?,
        region: field(&address.region, "state or region", false, 100)?,
        postcode,
        country,
        phone,
    })
}

fn multipart_error(e: MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge("the order is too large".into())
    } else {
        AppError::BadRequest(format!("the order could not be read: {}", e.body_text()))
    }
}

/// Print files written while an order is checked; deleted unless the order adopts them.
struct PendingFiles(Vec<(std::path::PathBuf, String, u64)>);

impl Drop for PendingFiles {
    fn drop(&mut self) {
        for (path, _, _) in &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Checkout: a multipart body with the order (JSON) as `order`, then each line's print as `line-0`, ….
async fn place(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<Order>)> {
    authorize(user.principal(), Action::Write, Resource::OwnLibrary)?;
    let mut body = body.map_err(|_| AppError::BadRequest("send the order as multipart/form-data".into()))?;
    let first = body.next_field().await.map_err(multipart_error)?;
    let Some(first) = first.filter(|f| f.name() == Some("order")) else {
        return Err(AppError::Unprocessable(
            "bad-parts",
            "the order comes first, as the part named \"order\"".into(),
        ));
    };
    let json = first.bytes().await.map_err(multipart_error)?;
    if json.len() > 1 << 20 {
        return Err(AppError::TooLarge("the order is too large".into()));
    }
    let order: NewOrder =
        serde_json::from_slice(&json).map_err(|e| AppError::BadRequest(format!("invalid JSON: {e}")))?;
    let address = clean_address(order.address)?;
    let priced = price(&state, &user, order.lines).await?;
    if let Some((i, _)) =
        priced.lines.iter().enumerate().find(|(_, l)| l.dpi < DPI_CONFIRM && !l.line.low_resolution_confirmed)
    {
        return Err(invalid(
            "low-resolution",
            format!("print {}: the photo is too small for this size; confirm to print it anyway", i + 1),
        ));
    }

    let tmp = state.config.data_dir.join("tmp");
    let mut pending = PendingFiles(Vec::with_capacity(priced.lines.len()));
    for (i, line) in priced.lines.iter().enumerate() {
        let Some(mut field) = body.next_field().await.map_err(multipart_error)? else {
            return Err(AppError::Unprocessable("bad-parts", format!("print {} has no file", i + 1)));
        };
        if field.name() != Some(format!("line-{i}").as_str()) {
            return Err(AppError::Unprocessable("bad-parts", format!("expected the part line-{i}")));
        }
        // Straight to disk, hashed on the way: only one chunk of it is in memory while it arrives.
        let path = tmp.join(format!("print-{}", crate::auth::random_hex(12)));
        let mut file = tokio::fs::File::create(&path).await?;
        pending.0.push((path.clone(), String::new(), 0));
        let mut hasher = Sha256::new();
        let mut written = 0usize;
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            if written + chunk.len() > MAX_PRINT_FILE {
                return Err(AppError::TooLarge(format!(
                    "print {} is larger than {} MB",
                    i + 1,
                    MAX_PRINT_FILE >> 20
                )));
            }
            hasher.update(&chunk);
            tokio::io::AsyncWriteExt::write_all(&mut file, &chunk).await?;
            written += chunk.len();
        }
        file.sync_all().await?;
        drop(file);
        let (expected, n, task_state) = ((line.width, line.height), i + 1, state.clone());
        // Checked by decoding it, one or two at a time server-wide: the pixels of a big print are
        // a hundred megabytes and more.
        tokio::task::spawn_blocking(move || -> AppResult<()> {
            let _slot = task_state.decodes.enter();
            let bytes = std::fs::read(&path)?;
            keepsake_media::print::verify_print_file(&bytes, expected)
                .map(|_| ())
                .map_err(|e| invalid("bad-print-file", format!("print {n}: {e}")))
        })
        .await??;
        let last = pending.0.last_mut().expect("pushed above");
        (last.1, last.2) = (hex::encode(hasher.finalize()), written as u64);
    }
    if body.next_field().await.map_err(multipart_error)?.is_some() {
        return Err(AppError::Unprocessable("bad-parts", "more files than prints".into()));
    }

    let now = state.clock.now();
    let mut record = OrderRecord {
        number: 0,
        id: crate::auth::random_hex(12),
        owner: user.0.id,
        created_at: now,
        status: OrderStatus::Placed,
        history: vec![StatusRecord { status: OrderStatus::Placed, at: now, note: None }],
        lines: priced
            .lines
            .into_iter()
            .zip(&pending.0)
            .map(|(l, (_, key, bytes))| OrderLineRecord {
                line: l.line,
                size_label: l.size_label,
                paper_label: l.paper_label,
                unit_price: l.unit_price,
                total: l.total,
                width: l.width,
                height: l.height,
                dpi: l.dpi,
                file: key.clone(),
                file_bytes: *bytes,
            })
            .collect(),
        address,
        currency: priced.currency,
        subtotal: priced.subtotal,
        shipping: priced.shipping,
        total: priced.total,
    };
    let saved = record.clone();
    let (store, blobs, gate) = (state.store.clone(), state.blobs.clone(), state.blob_gate.clone());
    record.number = tokio::task::spawn_blocking(move || -> AppResult<u64> {
        // Held from adopting the files to the commit, so a purge cannot delete an identical file that
        // this order is about to refer to again.
        let _writing = gate.writing();
        for (path, key, _) in pending.0.drain(..) {
            blobs.adopt(&path, &key, crate::blobs::BlobKind::PrintFile)?;
        }
        store.insert_order(&saved)
    })
    .await??;
    tracing::info!(order = %record.id, number = record.number, lines = record.lines.len(), "order placed");
    Ok((StatusCode::CREATED, Json(view(&state, record, user.0.id).await?)))
}

/// The order as `viewer` sees it: the owner also gets their photos' thumbnails while they last.
async fn view(state: &AppState, order: OrderRecord, viewer: u64) -> AppResult<Order> {
    Ok(views(state, vec![order], viewer).await?.remove(0))
}

async fn views(state: &AppState, orders: Vec<OrderRecord>, viewer: u64) -> AppResult<Vec<Order>> {
    state
        .store
        .run(move |store| {
            let mut names = Names::new(store, viewer);
            let mut out = Vec::with_capacity(orders.len());
            for order in orders {
                let mut lines = Vec::with_capacity(order.lines.len());
                for (i, l) in order.lines.iter().enumerate() {
                    let shown = viewer == order.owner
                        && store.asset(&l.line.asset_id)?.is_some_and(|a| a.thumbnail.is_some());
                    lines.push(OrderLine {
                        line: l.line.clone(),
                        size_label: l.size_label.clone(),
                        paper_label: l.paper_label.clone(),
                        unit_price: l.unit_price,
                        total: l.total,
                        width: l.width,
                        height: l.height,
                        dpi: l.dpi,
                        thumbnail_url: shown.then(|| {
                            format!("{API_PREFIX}{}", paths::asset_file(&l.line.asset_id, "thumbnail"))
                        }),
                        file_url: format!("{API_PREFIX}{}", paths::order_file(&order.id, i)),
                    });
                }
                out.push(Order {
                    owner: names.name(order.owner)?,
                    created_at: rfc3339(order.created_at),
                    status: order.status,
                    tracking: order.tracking().map(str::to_string),
                    history: order
                        .history
                        .iter()
                        .map(|h| StatusChange { status: h.status, at: rfc3339(h.at), note: h.note.clone() })
                        .collect(),
                    lines,
                    address: order.address,
                    currency: order.currency,
                    subtotal: order.subtotal,
                    shipping: order.shipping,
                    total: order.total,
                    id: order.id,
                    number: order.number,
                });
            }
            Ok(out)
        })
        .await
}

async fn load(state: &AppState, user: &CurrentUser, id: String, action: Action) -> AppResult<OrderRecord> {
    let order = state.store.run(move |store| store.order(&id)).await?.ok_or(AppError::NotFound)?;
    authorize(user.principal(), action, Resource::Order(&order))?;
    Ok(order)
}

async fn my_orders(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Order>>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let id = user.0.id;
    let orders = state.store.run(move |store| store.orders_of(id)).await?;
    Ok(Json(views(&state, orders, id).await?))
}

async fn one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<Json<Order>> {
    let order = load(&state, &user, id, Action::Read).await?;
    Ok(Json(view(&state, order, user.0.id).await?))
}

/// The person cancels their own order, while the lab has not started on it.
async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<Json<Order>> {
    let order = load(&state, &user, id, Action::Write).await?;
    let now = state.clock.now();
    let updated = state
        .store
        .run(move |store| {
            store.update_order(&order.id, |order| {
                if order.status != OrderStatus::Placed {
                    return Err(AppError::Conflict(
                        "not-cancellable",
                        format!("the order is already {}; ask the print lab", order.status.label()),
                    ));
                }
                order.status = OrderStatus::Cancelled;
                order.history.push(StatusRecord { status: OrderStatus::Cancelled, at: now, note: None });
                Ok(())
            })
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(view(&state, updated, user.0.id).await?))
}

/// `/orders/{id}/lines/{line}/file`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct LinePath {
    id: String,
    line: usize,
}

async fn line_file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(LinePath { id, line }): Path<LinePath>,
    request: Request,
) -> AppResult<Response> {
    let order = load(&state, &user, id, Action::Read).await?;
    let line = order.lines.get(line).ok_or(AppError::NotFound)?;
    serve_blob(&state, &line.file, "image/jpeg", "private, max-age=31536000, immutable", None, request).await
}

async fn lab_orders(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Order>>> {
    authorize(user.principal(), Action::Read, Resource::PrintLab)?;
    let orders = state.store.run(|store| store.all_orders()).await?;
    Ok(Json(views(&state, orders, user.0.id).await?))
}

/// The lab moves an order on: placed → printing → shipped (with a tracking note) → delivered, or
/// cancelled before it ships.
async fn lab_status(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(update): ApiJson<StatusUpdate>,
) -> AppResult<Json<Order>> {
    authorize(user.principal(), Action::Write, Resource::PrintLab)?;
    let note = update.note.as_deref().map(squeeze_spaces).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(AppError::BadRequest(format!("a note has at most {MAX_NOTE} characters")));
    }
    let now = state.clock.now();
    let updated = state
        .store
        .run(move |store| {
            store.update_order(&id, |order| {
                if !order.status.next().contains(&update.status) {
                    return Err(AppError::Conflict(
                        "bad-transition",
                        format!(
                            "an order that is {} cannot become {}",
                            order.status.label(),
                            update.status.label()
                        ),
                    ));
                }
                order.status = update.status;
                order.history.push(StatusRecord { status: update.status, at: now, note });
                Ok(())
            })
        })
        .await?
        .ok_or(AppError::NotFound)?;
    tracing::info!(order = %updated.id, status = updated.status.label(), "order moved on");
    Ok(Json(view(&state, updated, user.0.id).await?))
}

/// Deletes an order and, with it, its print files.
async fn lab_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<StatusCode> {
    authorize(user.principal(), Action::Write, Resource::PrintLab)?;
    let (store, blobs, gate) = (state.store.clone(), state.blobs.clone(), state.blob_gate.clone());
    tokio::task::spawn_blocking(move || -> AppResult<()> {
        let freed = store.delete_order(&id)?.ok_or(AppError::NotFound)?;
        crate::gc::delete_unreferenced(&store, blobs.as_ref(), &gate, &freed)?;
        Ok(())
    })
    .await??;
    Ok(StatusCode::NO_CONTENT)
}

/// The print-ready package: every print file once per copy, `order.json`, and `order.html` to read.
async fn package(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<Response> {
    authorize(user.principal(), Action::Read, Resource::PrintLab)?;
    let order = state.store.run(move |store| store.order(&id)).await?.ok_or(AppError::NotFound)?;
    let time = order.created_at;
    let mut entries = Vec::new();
    for (i, line) in order.lines.iter().enumerate() {
        for copy in 1..=line.line.quantity {
            entries.push(ZipEntry::Blob {
                name: print_file_name(i, line, copy),
                key: line.file.clone(),
                bytes: line.file_bytes,
                time,
                hide_location: false,
            });
        }
    }
    let view = view(&state, order, user.0.id).await?;
    entries.push(ZipEntry::Data { name: "order.json".into(), data: serde_json::to_vec_pretty(&view)?, time });
    entries.push(ZipEntry::Data { name: "order.html".into(), data: order_sheet(&view).into_bytes(), time });
    zip_entries_response(&state, ZipCaller::User(user.0.id), entries, &format!("Keepsake order {}", view.id))
}

/// `line-01-4x6-glossy-copy-1-of-2.jpg`: sorts by line, says what to print on, counts the copies.
fn print_file_name(index: usize, line: &OrderLineRecord, copy: u32) -> String {
    format!(
        "line-{:02}-{}-{}-copy-{copy}-of-{}.jpg",
        index + 1,
        line.line.size,
        line.line.paper,
        line.line.quantity
    )
}

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The order sheet a person at the lab reads: who, where to, what to print on what, and the totals.
fn order_sheet(order: &Order) -> String {
    let money = |v: u64| escape(&keepsake_api::format_money(v, &order.currency));
    let mut address: Vec<String> = order.address.label_lines();
    if !order.address.phone.is_empty() {
        address.push(order.address.phone.clone());
    }
    let address = address.iter().map(|l| escape(l)).collect::<Vec<_>>().join("<br>");
    let mut rows = String::new();
    for (i, l) in order.lines.iter().enumerate() {
        let border = if l.line.border_mm == 0 {
            "none".to_string()
        } else {
            format!("white, {} mm", l.line.border_mm)
        };
        rows.push_str(&format!(
            "<tr><td>{}</td><td>line-{:02}-…</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}×{} px, {} DPI effective</td><td>{}</td></tr>\n",
            i + 1,
            i + 1,
            escape(&l.size_label),
            escape(&l.paper_label),
            l.line.quantity,
            border,
            escape(l.line.caption.as_deref().unwrap_or("")),
            l.width,
            l.height,
            l.dpi,
            money(l.total),
        ));
    }
    let history = order
        .history
        .iter()
        .map(|h| {
            format!(
                "<li>{} — {}{}</li>",
                escape(&h.at),
                h.status.label(),
                h.note.as_deref().map(|n| format!(": {}", escape(n))).unwrap_or_default()
            )
        })
        .collect::<String>();
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Order {id}</title>\n\
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.3em .6em;text-align:left}}</style></head>\n\
<body><h1>Keepsake print order {id}</h1>\n<p>Placed {created} by {owner}. Status: <strong>{status}</strong>.</p>\n\
<h2>Ship to</h2><p>{address}</p>\n<h2>Prints</h2>\n<p>Every file is 300 DPI, sRGB, at the exact size of the print; print it at 100% without scaling. \
Files are named <code>line-NN-size-paper-copy-K-of-N.jpg</code>, one per copy.</p>\n\
<table><tr><th>Line</th><th>Files</th><th>Size</th><th>Paper</th><th>Copies</th><th>Border</th><th>Caption</th><th>File</th><th>Price</th></tr>\n{rows}</table>\n\
<p>Subtotal {subtotal} · Shipping {shipping} · <strong>Total {total}</strong></p>\n<h2>History</h2><ul>{history}</ul>\n</body></html>\n",
        id = escape(&order.label()),
        created = escape(&order.created_at),
        owner = escape(&order.owner),
        status = order.status.label(),
        subtotal = money(order.subtotal),
        shipping = money(order.shipping),
        total = money(order.total),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_price_list_passes_its_own_checks() {
        check_price_list(&PriceList::default()).unwrap();
        let mut bad = PriceList::default();
        bad.sizes[1].id = bad.sizes[0].id.clone();
        assert!(check_price_list(&bad).is_err());
        let bad = PriceList { currency: "dollars".into(), ..PriceList::default() };
        assert!(check_price_list(&bad).is_err());
    }

    #[test]
    fn addresses_are_tidied_and_checked() {
        let address = Address {
            name: "  Ann   Smith ".into(),
            line1: "1 Main St".into(),
            city: "Springfield".into(),
            postcode: "12345".into(),
            country: "us".into(),
            ..Address::default()
        };
        let clean = clean_address(address.clone()).unwrap();
        assert_eq!((clean.name.as_str(), clean.country.as_str()), ("Ann Smith", "US"));
        assert!(clean_address(Address { country: "XX".into(), ..address.clone() }).is_err());
        assert!(clean_address(Address { city: " ".into(), ..address.clone() }).is_err());
        assert!(clean_address(Address { postcode: "12<b>".into(), ..address.clone() }).is_err());
        assert!(clean_address(Address { phone: "call me".into(), ..address }).is_err());
    }

    #[test]
    fn the_order_sheet_escapes_what_people_typed() {
        let order = Order {
            id: "o1".into(),
            number: 1001,
            owner: "ann".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            status: OrderStatus::Placed,
            history: vec![],
            lines: vec![],
            address: Address { name: "<script>alert(1)</script>".into(), ..Address::default() },
            currency: "USD".into(),
            subtotal: 70,
            shipping: 499,
            total: 569,
            tracking: None,
        };
        let sheet = order_sheet(&order);
        assert!(!sheet.contains("<script>"));
        assert!(sheet.contains("&lt;script&gt;") && sheet.contains("$5.69"));
    }
}
