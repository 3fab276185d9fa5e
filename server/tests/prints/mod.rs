//! Ordering prints against a real server: prices, checks on lines, addresses and print files, the
//! order's life in the print lab, the package, and who may see what.

use super::*;
use keepsake_api::{Order, OrderStatus, PriceList, PrintLine, PrintOrientation, Quote};
use keepsake_media::print::{PrintRequest, decode_upright, print_file_info, render_print_file};

const FONT: &[u8] = include_bytes!("../../../public/fonts/DejaVuSans.ttf");

/// A line for `asset` as the browser would send it.
pub fn line(asset: &str, size: &str, paper: &str, quantity: u32) -> PrintLine {
    PrintLine {
        asset_id: asset.into(),
        size: size.into(),
        paper: paper.into(),
        quantity,
        border_mm: 0,
        caption: None,
        orientation: PrintOrientation::Landscape,
        crop: Default::default(),
        low_resolution_confirmed: false,
    }
}

/// Renders a line's print file from the photo's bytes, as the browser does.
pub fn render(photo: &[u8], line: &PrintLine) -> Vec<u8> {
    let (format, meta) = keepsake_media::read_metadata(photo).unwrap();
    let original = decode_upright(format, photo, meta.orientation, &Default::default()).unwrap();
    let request = PrintRequest::for_line(line, &PriceList::default()).unwrap();
    render_print_file(&original, &request, Some(FONT)).unwrap().1
}

pub fn address() -> Value {
    json!({"name": "Ann Smith", "line1": "1 Main Street", "city": "Springfield", "region": "IL",
           "postcode": "62701", "country": "US"})
}

/// A checkout body: the order, then one file per line.
pub fn multipart(order: &Value, files: &[Vec<u8>]) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "keepsake-test-7f3a9c";
    let mut body = Vec::new();
    let mut part = |name: &str, kind: &str, bytes: &[u8]| {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\nContent-Type: {kind}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    };
    part("order", "application/json", &serde_json::to_vec(order).unwrap());
    for (i, file) in files.iter().enumerate() {
        part(&format!("line-{i}"), "image/jpeg", file);
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

pub async fn checkout(s: &Server, c: &Client, lines: &[PrintLine], files: &[Vec<u8>]) -> reqwest::Response {
    let (kind, body) = multipart(&json!({"lines": lines, "address": address()}), files);
    c.post(s.url("/orders")).header(header::CONTENT_TYPE, kind).body(body).send().await.unwrap()
}

async fn quote(s: &Server, c: &Client, lines: &[PrintLine]) -> reqwest::Response {
    post_json(c, s.url("/prints/quote"), json!({ "lines": lines })).await
}

/// Three photos and the lines of the sample order: a 4×6 glossy ×2, a 5×7 matte with a
/// caption, an 8×10 lustre from a small photo.
async fn sample(s: &Server, c: &Client) -> (Vec<PrintLine>, Vec<Vec<u8>>) {
    let photos = [
        corpus("exifr_IMG_20180725_163423.jpg"),
        corpus("mde_Samsung_SM-J327T1.jpg"),
        corpus("ian_DSCN0010.jpg"),
    ];
    let mut lines = Vec::new();
    for (i, bytes) in photos.iter().enumerate() {
        let asset = upload(s, c, &format!("p{i}.jpg"), bytes).await;
        assert!(asset.width.is_some(), "the server read the photo's size");
        lines.push(match i {
            0 => line(&asset.id, "4x6", "glossy", 2),
            1 => PrintLine {
                caption: Some("Grandma's garden".into()),
                border_mm: 5,
                orientation: PrintOrientation::Portrait,
                ..line(&asset.id, "5x7", "matte", 1)
            },
            _ => line(&asset.id, "8x10", "lustre", 1),
        });
    }
    let files = lines.iter().zip(&photos).map(|(l, p)| render(p, l)).collect();
    (lines, files)
}

#[tokio::test]
async fn prices_are_computed_by_the_server() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let (lines, _) = sample(&s, &ann).await;
    let r = quote(&s, &ann, &lines).await;
    assert_eq!(r.status(), StatusCode::OK);
    let q: Quote = r.json().await.unwrap();
    // 4×6 35¢ ×2, 5×7 99¢, 8×10 $3.99 + 10¢ lustre; shipping $4.99 under $35.
    let totals: Vec<u64> = q.lines.iter().map(|l| l.total).collect();
    assert_eq!(totals, [70, 99, 409]);
    assert_eq!((q.subtotal, q.shipping, q.total, q.currency.as_str()), (578, 499, 1077, "USD"));
    let sizes: Vec<(u32, u32)> = q.lines.iter().map(|l| (l.width, l.height)).collect();
    assert_eq!(sizes, [(1800, 1200), (1500, 2100), (3000, 2400)]);
    assert!(q.lines[2].dpi < keepsake_api::DPI_CONFIRM, "a 640×480 photo on an 8×10: {}", q.lines[2].dpi);
    assert!(q.lines[0].dpi >= keepsake_api::DPI_WARNING);

    // Enough prints ship free.
    let many = vec![line(&lines[0].asset_id, "11x14", "glossy", 4)];
    let q: Quote = quote(&s, &ann, &many).await.json().await.unwrap();
    assert_eq!((q.subtotal, q.shipping, q.total), (3996, 0, 3996));

    // The admin changes the price list; quotes follow. Others may not change it.
    let mut list: PriceList = ann.get(s.url("/prints/prices")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list, PriceList::default());
    list.currency = "EUR".into();
    list.sizes[1].price = 50;
    let r = ann.put(s.url("/prints/prices")).json(&list).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let q: Quote = quote(&s, &ann, &lines[..1]).await.json().await.unwrap();
    assert_eq!((q.lines[0].total, q.currency.as_str()), (100, "EUR"));
    let bob = s.user("bob").await;
    assert_eq!(
        bob.put(s.url("/prints/prices")).json(&list).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    // Out of range is a bad request; shorter than the short side breaks a rule between fields.
    for (long_um, status) in [(1, StatusCode::UNPROCESSABLE_ENTITY), (30 * 25_400, StatusCode::BAD_REQUEST)] {
        list.sizes[0].long_um = long_um;
        let (got, _) = error_code(ann.put(s.url("/prints/prices")).json(&list).send().await.unwrap()).await;
        assert_eq!(got, status, "a long side of {long_um} µm");
    }
    // Bob cannot price Ann's photo: it does not exist for him.
    assert_eq!(quote(&s, &bob, &lines).await.status(), StatusCode::NOT_FOUND);
    s.stop().await;
}

#[tokio::test]
async fn checkout_refuses_bad_lines_addresses_and_files_and_keeps_nothing() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let (mut lines, files) = sample(&s, &ann).await;
    let blobs = s.blob_count();
    let code = |r: reqwest::Response| async { error_code(r).await };

    // The small photo on an 8×10 needs the person's yes.
    let (status, c) = code(checkout(&s, &ann, &lines, &files).await).await;
    assert_eq!((status, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "low-resolution"));
    lines[2].low_resolution_confirmed = true;

    for (broken, want) in [
        (PrintLine { quantity: 0, ..lines[0].clone() }, "bad-line"),
        (PrintLine { quantity: 101, ..lines[0].clone() }, "bad-line"),
        (PrintLine { size: "poster".into(), ..lines[0].clone() }, "bad-line"),
        (PrintLine { paper: "canvas".into(), ..lines[0].clone() }, "bad-line"),
        (PrintLine { border_mm: 26, ..lines[0].clone() }, "bad-line"),
        (PrintLine { caption: Some("x".repeat(81)), ..lines[0].clone() }, "bad-line"),
        (
            PrintLine {
                crop: keepsake_api::Crop { center_x: 1.5, center_y: 0.5, zoom: 1.0 },
                ..lines[0].clone()
            },
            "bad-line",
        ),
        (
            PrintLine {
                crop: keepsake_api::Crop { center_x: 0.5, center_y: 0.5, zoom: 0.5 },
                ..lines[0].clone()
            },
            "bad-line",
        ),
    ] {
        let (status, c) = code(checkout(&s, &ann, std::slice::from_ref(&broken), &files[..1]).await).await;
        assert_eq!((status, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, want), "{broken:?}");
    }
    // Addresses.
    for (field, value) in [("city", ""), ("country", "ZZ"), ("postcode", "<script>"), ("name", " ")] {
        let mut a = address();
        a[field] = json!(value);
        let (kind, body) = multipart(&json!({"lines": lines, "address": a}), &files);
        let r =
            ann.post(s.url("/orders")).header(header::CONTENT_TYPE, kind).body(body).send().await.unwrap();
        let (status, c) = code(r).await;
        assert_eq!((status, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "bad-address"), "{field}");
    }
    // Files: the wrong size (the 4×6 file for the 5×7), not a JPEG, one missing, one too many.
    let swapped = vec![files[0].clone(), files[0].clone(), files[2].clone()];
    let (status, c) = code(checkout(&s, &ann, &lines, &swapped).await).await;
    assert_eq!((status, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "bad-print-file"));
    let not_jpeg = vec![files[0].clone(), b"GIF89a".to_vec(), files[2].clone()];
    let (status, c) = code(checkout(&s, &ann, &lines, &not_jpeg).await).await;
    assert_eq!((status, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "bad-print-file"));
    let mut truncated = files.clone();
    let half = truncated[1].len() / 2;
    truncated[1].truncate(half);
    let (status, c) = code(checkout(&s, &ann, &lines, &truncated).await).await;
    assert_eq!((status, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "bad-print-file"));
    // A file missing or one too many: well-formed parts that do not match the order's lines.
    let (status, c) = code(checkout(&s, &ann, &lines, &files[..2]).await).await;
    assert_eq!((status, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "bad-parts"));
    let mut extra = files.clone();
    extra.push(files[0].clone());
    let (status, c) = code(checkout(&s, &ann, &lines, &extra).await).await;
    assert_eq!((status, c.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "bad-parts"));
    // Not multipart at all, and bad JSON in the order part.
    assert_eq!(code(post_json(&ann, s.url("/orders"), json!({})).await).await.0, StatusCode::BAD_REQUEST);
    let (kind, body) = multipart(&json!({"lines": "four"}), &[]);
    let r = ann.post(s.url("/orders")).header(header::CONTENT_TYPE, kind).body(body).send().await.unwrap();
    assert_eq!(code(r).await.0, StatusCode::BAD_REQUEST);

    // Nothing was kept by any of them.
    assert_eq!(s.blob_count(), blobs);
    assert_eq!(get_json(&ann, s.url("/orders")).await, json!([]));
    assert_eq!(std::fs::read_dir(s.data.join("tmp")).unwrap().count(), 0, "no temporary file is left");

    // The good order goes through.
    let r = checkout(&s, &ann, &lines, &files).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let order: Order = r.json().await.unwrap();
    assert_eq!((order.status, order.total, order.lines.len()), (OrderStatus::Placed, 1077, 3));
    assert_eq!(order.address.name, "Ann Smith");
    assert_eq!(s.blob_count(), blobs + 3);
    s.stop().await;
}

#[tokio::test]
async fn the_print_lab_moves_orders_on_and_packs_them() {
    let s = Server::start().await;
    let ann = s.user("ann").await; // the first account: the admin
    let bob = s.user("bob").await;
    let (mut lines, files) = sample(&s, &bob).await;
    lines[2].low_resolution_confirmed = true;
    let order: Order = checkout(&s, &bob, &lines, &files).await.json().await.unwrap();
    let id = order.id.clone();
    let status = |c: &Client, to: &str, note: Option<&str>| {
        let url = s.url(&format!("/lab/orders/{id}/status"));
        let c = c.clone();
        let body = json!({"status": to, "note": note});
        async move { c.post(url).json(&body).send().await.unwrap() }
    };

    // Bob's own list and order; another person sees none of it and changes nothing.
    let mine: Vec<Order> = bob.get(s.url("/orders")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mine.len(), 1);
    assert!(mine[0].lines[0].thumbnail_url.is_some());
    let carl = s.user("carl").await;
    let theirs: Vec<Order> = carl.get(s.url("/orders")).send().await.unwrap().json().await.unwrap();
    assert!(theirs.is_empty());
    for path in [format!("/orders/{id}"), format!("/orders/{id}/lines/0/file")] {
        assert_eq!(carl.get(s.url(&path)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        carl.post(s.url(&format!("/orders/{id}/cancel"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(status(&carl, "printing", None).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(carl.get(s.url("/lab/orders")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        carl.get(s.url(&format!("/lab/orders/{id}/package"))).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(bob.get(s.url("/lab/orders")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(status(&bob, "shipped", None).await.status(), StatusCode::FORBIDDEN);

    // The admin sees every order and reads its files.
    let all: Vec<Order> = ann.get(s.url("/lab/orders")).send().await.unwrap().json().await.unwrap();
    assert_eq!((all.len(), all[0].owner.as_str()), (1, "bob"));
    let file = ann.get(s.url(&format!("/orders/{id}/lines/0/file"))).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().to_vec(), files[0]);

    // Transitions: no skipping, no going back.
    assert_eq!(
        error_code(status(&ann, "delivered", None).await).await,
        (StatusCode::CONFLICT, "bad-transition".into())
    );
    assert_eq!(error_code(status(&ann, "shipped", None).await).await.0, StatusCode::CONFLICT);
    assert_eq!(status(&ann, "printing", None).await.status(), StatusCode::OK);
    // Once printing, the person can no longer cancel.
    let r = bob.post(s.url(&format!("/orders/{id}/cancel"))).send().await.unwrap();
    assert_eq!(error_code(r).await, (StatusCode::CONFLICT, "not-cancellable".into()));
    assert_eq!(error_code(status(&ann, "placed", None).await).await.0, StatusCode::CONFLICT);
    assert_eq!(status(&ann, "shipped", Some("UPS 1Z999AA10123456784")).await.status(), StatusCode::OK);
    assert_eq!(error_code(status(&ann, "cancelled", None).await).await.0, StatusCode::CONFLICT);
    let seen: Order = bob.get(s.url(&format!("/orders/{id}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(seen.status, OrderStatus::Shipped);
    assert_eq!(seen.tracking.as_deref(), Some("UPS 1Z999AA10123456784"));
    let history: Vec<OrderStatus> = seen.history.iter().map(|h| h.status).collect();
    assert_eq!(history, [OrderStatus::Placed, OrderStatus::Printing, OrderStatus::Shipped]);
    assert_eq!(status(&ann, "delivered", None).await.status(), StatusCode::OK);
    assert_eq!(error_code(status(&ann, "printing", None).await).await.0, StatusCode::CONFLICT);

    // The package: a file per copy at the print's exact size and 300 DPI, order.json, order.html.
    let r = ann.get(s.url(&format!("/lab/orders/{id}/package"))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let entries = unzip(&r.bytes().await.unwrap());
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "line-01-4x6-glossy-copy-1-of-2.jpg",
            "line-01-4x6-glossy-copy-2-of-2.jpg",
            "line-02-5x7-matte-copy-1-of-1.jpg",
            "line-03-8x10-lustre-copy-1-of-1.jpg",
            "order.json",
            "order.html"
        ]
    );
    for ((_, bytes), size) in entries.iter().zip([(1800, 1200), (1800, 1200), (1500, 2100), (3000, 2400)]) {
        let info = print_file_info(bytes).unwrap();
        assert_eq!(((info.width, info.height), info.dpi), (size, Some(300)));
    }
    let sheet: Order = serde_json::from_slice(&entries[4].1).unwrap();
    assert_eq!((sheet.id.as_str(), sheet.total), (id.as_str(), 1077));
    let html = String::from_utf8(entries[5].1.clone()).unwrap();
    assert!(html.contains("Ann Smith") && html.contains("Grandma&#39;s garden") && html.contains("$10.77"));

    // Deleting the order deletes its files.
    let blobs = s.blob_count();
    assert_eq!(
        bob.delete(s.url(&format!("/lab/orders/{id}"))).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ann.delete(s.url(&format!("/lab/orders/{id}"))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(s.blob_count(), blobs - 3);
    assert_eq!(
        bob.get(s.url(&format!("/orders/{id}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    s.stop().await;
}

#[tokio::test]
async fn people_cancel_their_own_orders_while_placed() {
    let s = Server::start().await;
    let ann = s.user("ann").await;
    let photo = corpus("exifr_IMG_20180725_163423.jpg");
    let asset = upload(&s, &ann, "p.jpg", &photo).await;
    let l = line(&asset.id, "wallet", "matte", 3);
    let order: Order =
        checkout(&s, &ann, std::slice::from_ref(&l), &[render(&photo, &l)]).await.json().await.unwrap();
    let r = ann.post(s.url(&format!("/orders/{}/cancel", order.id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cancelled: Order = r.json().await.unwrap();
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    let r = ann.post(s.url(&format!("/orders/{}/cancel", order.id))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // A photo in the trash cannot be ordered; a video never.
    edit(&s, &ann, &[&asset.id], json!({"op": "trash"})).await;
    let (status, code) = error_code(quote(&s, &ann, &[l]).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "bad-line"));
    s.stop().await;
}
