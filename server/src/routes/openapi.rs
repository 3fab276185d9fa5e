//! `GET /api/v1/openapi.json`: the API described for client authors. Kept beside the routes; a test
//! checks that every route the router serves is described here.

use axum::Json;
use serde_json::{Value, json};

pub async fn document() -> Json<Value> {
    Json(spec())
}

fn op(summary: &str, body: Option<&str>, ok: &str) -> Value {
    let mut op = json!({
        "summary": summary,
        "responses": {
            ok: {"description": "success"},
            "default": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}
        }
    });
    if let Some(schema) = body {
        op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}});
    }
    op
}

pub fn spec() -> Value {
    let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]);
    let mut doc = core(&id);
    // Split in parts: one `json!` of everything exceeds the macro's recursion limit.
    let parts = [
        ("paths", organise_paths(&id)),
        ("components", organise_schemas()),
        ("paths", sharing_paths(&id)),
        ("components", sharing_schemas()),
        ("paths", print_paths(&id)),
        ("components", print_schemas()),
    ];
    for (section, part) in parts {
        let target = if section == "paths" { &mut doc["paths"] } else { &mut doc["components"]["schemas"] };
        if let (Some(target), Value::Object(part)) = (target.as_object_mut(), part) {
            target.extend(part);
        }
    }
    doc
}

/// Albums, search, folders, trash, memories, downloads.
fn organise_paths(id: &Value) -> Value {
    json!({
            "/assets/edit": {"post": op("Change many assets at once (favourite, archive, tags, date, trash, restore, purge); all or nothing", Some("AssetEdit"), "200")},
            "/albums": {"get": op("The caller's albums with cover, count and dates", None, "200"), "post": op("Create an album, optionally with photos", Some("NewAlbum"), "201")},
            "/albums/{id}": {"parameters": id, "get": op("One album", None, "200"), "patch": op("Rename, describe, choose the cover, sort by date", Some("AlbumUpdate"), "200"), "delete": op("Delete the album (the photos stay)", None, "204")},
            "/albums/{id}/assets": {"parameters": id, "get": op("The album's photos in its order; ?offset=&limit=", None, "200"), "post": op("Add photos", Some("AssetIds"), "200")},
            "/albums/{id}/remove": {"parameters": id, "post": op("Remove photos from the album (they stay in the library)", Some("AssetIds"), "200")},
            "/albums/{id}/move": {"parameters": id, "post": op("Move one photo before another, or to the end", Some("AlbumMove"), "204")},
            "/albums/{id}/download": {"parameters": id, "get": op("The album's originals as one streamed ZIP", None, "200")},
            "/search": {"get": op("Search: ?q= words and dates as people write them, with kind, favorite, archived, from, to, camera, folder, offset, limit", None, "200")},
            "/folders": {"get": op("The folders under ?path= with counts", None, "200")},
            "/trash": {"get": op("What is in the trash and when it will be deleted", None, "200")},
            "/trash/empty": {"post": op("Delete everything in the trash now", None, "200")},
            "/trash/restore-all": {"post": op("Bring everything back from the trash", None, "200")},
            "/memories": {"get": op("Photos taken on this day in earlier years; ?today=YYYY-MM-DD", None, "200")},
            "/tags": {"get": op("The caller's tags, most used first", None, "200")},
            "/cameras": {"get": op("The caller's cameras, most used first", None, "200")},
            "/downloads": {"post": op("A ticket to download a selection as one ZIP", Some("AssetIds"), "200")},
            "/downloads/{ticket}": {"parameters": [{"name": "ticket", "in": "path", "required": true, "schema": {"type": "string"}}], "get": op("The selection's originals as one streamed ZIP", None, "200")}
    })
}

fn organise_schemas() -> Value {
    json!({
            "AssetIds": {"type": "object", "required": ["ids"], "properties": {"ids": {"type": "array", "items": {"type": "string"}}}},
            "AssetEdit": {"type": "object", "required": ["ids", "op"], "properties": {
                "ids": {"type": "array", "items": {"type": "string"}},
                "op": {"enum": ["favorite", "archive", "add_tags", "remove_tags", "shift_date", "set_date", "trash", "restore", "purge"]},
                "value": {"type": "boolean"}, "tags": {"type": "array", "items": {"type": "string"}},
                "seconds": {"type": "integer"}, "taken_at": {"type": "string", "description": "YYYY-MM-DDTHH:MM:SS"}}},
            "NewAlbum": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "description": {"type": "string"}, "asset_ids": {"type": "array", "items": {"type": "string"}}}},
            "AlbumUpdate": {"type": "object", "properties": {"name": {"type": "string"}, "description": {"type": "string"}, "cover": {"type": "string"}, "sort_newest_first": {"type": "boolean"}}},
            "AlbumMove": {"type": "object", "required": ["asset_id"], "properties": {"asset_id": {"type": "string"}, "before": {"type": ["string", "null"]}}}
    })
}

/// Links, albums shared with people, the family vault and its invitations.
fn sharing_paths(id: &Value) -> Value {
    let token = json!([{"name": "token", "in": "path", "required": true, "schema": {"type": "string"}}]);
    let user = json!([
        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "user", "in": "path", "required": true, "schema": {"type": "integer"}}
    ]);
    json!({
        "/links": {"get": op("The caller's share links", None, "200"), "post": op("Share an album, a photo or a selection by link; the token is returned once", Some("NewShareLink"), "201")},
        "/links/{id}": {"parameters": id, "patch": op("Change a link's expiry, password, download and details settings", Some("ShareLinkUpdate"), "200"), "delete": op("Revoke a link: every page and file it served stops at once", None, "204")},
        "/links/{id}/email": {"parameters": id, "post": op("Email the link (when the server has SMTP)", Some("LinkEmail"), "204")},
        "/s/{token}": {"parameters": token, "get": op("What a link shows; only `locked: true` until the password is given", None, "200")},
        "/s/{token}/unlock": {"parameters": token, "post": op("Give a link's password; sets a cookie scoped to this link (10 wrong tries a minute, then 429)", Some("LinkPassword"), "204")},
        "/s/{token}/assets": {"parameters": token, "get": op("The photos a link shows; ?offset=&limit=", None, "200")},
        "/s/{token}/assets/{id}/thumbnail": {"parameters": [token[0], id[0]], "get": op("A shown photo's thumbnail; never cached", None, "200")},
        "/s/{token}/assets/{id}/preview": {"parameters": [token[0], id[0]], "get": op("A shown photo's preview; never cached", None, "200")},
        "/s/{token}/assets/{id}/original": {"parameters": [token[0], id[0]], "get": op("A shown photo's original, when downloads are allowed; never cached", None, "200")},
        "/s/{token}/download": {"parameters": token, "get": op("Everything the link shows as one ZIP, when downloads are allowed", None, "200")},
        "/albums/{id}/members": {"parameters": id, "post": op("Share the album with a person as viewer or contributor, or change their role", Some("AlbumShare"), "200")},
        "/albums/{id}/members/{user}": {"parameters": user, "delete": op("End a person's access (owner), or leave (the person); their photos leave the album", None, "204")},
        "/shared-with-me": {"get": op("Albums other people shared with the caller", None, "200")},
        "/vault": {"get": op("The caller's family vault", None, "200"), "post": op("Create a family vault (one per person)", Some("NewVault"), "201"), "patch": op("Rename the vault (owner)", Some("NewVault"), "200"), "delete": op("End the vault (owner); photos stay in their owners' libraries", None, "204")},
        "/vault/assets": {"get": op("The vault's timeline: each file once, with who added it; ?cursor=&limit=", None, "200"), "post": op("Add the caller's photos to the vault (no copy)", Some("AssetIds"), "200")},
        "/vault/assets/remove": {"post": op("Take the caller's photos back out of the vault", Some("AssetIds"), "200")},
        "/vault/me": {"patch": op("The caller's vault setting: add everything they upload", Some("VaultSettings"), "200")},
        "/vault/members/{user}": {"parameters": [{"name": "user", "in": "path", "required": true, "schema": {"type": "integer"}}], "delete": op("Remove a member (owner) or leave (the member); their photos leave with them", None, "204")},
        "/vault/invites": {"get": op("The vault's invitations (owner)", None, "200"), "post": op("Invite by link with an expiry and a number of uses (owner); the token is returned once", Some("NewInvite"), "201")},
        "/vault/invites/{id}": {"parameters": id, "delete": op("Revoke an invitation (owner)", None, "204")},
        "/invites/{token}": {"parameters": token, "get": op("What an invitation is to", None, "200")},
        "/invites/{token}/join": {"parameters": token, "post": op("Join the vault as the signed-in person", None, "200")},
        "/invites/{token}/signup": {"parameters": token, "post": op("Create an account from the invitation and join", Some("Credentials"), "201")}
    })
}

fn sharing_schemas() -> Value {
    let string = json!({"type": "string"});
    let boolean = json!({"type": "boolean"});
    json!({
        "NewShareLink": {"type": "object", "required": ["target"], "properties": {
            "target": {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": ["album", "photo", "selection"]}, "id": string, "name": string, "ids": {"type": "array", "items": string}}},
            "expires_at": {"type": ["string", "null"], "description": "YYYY-MM-DD or RFC 3339"}, "password": {"type": ["string", "null"]},
            "allow_download": boolean, "show_location": boolean, "show_camera": boolean}},
        "ShareLinkUpdate": {"type": "object", "properties": {"expires_at": {"type": ["string", "null"]}, "password": {"type": "string", "description": "empty removes it"}, "allow_download": boolean, "show_location": boolean, "show_camera": boolean}},
        "LinkEmail": {"type": "object", "required": ["url", "to"], "properties": {"url": string, "to": string, "note": string}},
        "LinkPassword": {"type": "object", "required": ["password"], "properties": {"password": string}},
        "AlbumShare": {"type": "object", "required": ["username", "role"], "properties": {"username": string, "role": {"enum": ["viewer", "contributor"]}}},
        "NewVault": {"type": "object", "required": ["name"], "properties": {"name": string}},
        "VaultSettings": {"type": "object", "required": ["auto_add"], "properties": {"auto_add": boolean}},
        "NewInvite": {"type": "object", "required": ["days", "max_uses"], "properties": {"days": {"type": "integer", "minimum": 1, "maximum": 90}, "max_uses": {"type": "integer", "minimum": 1, "maximum": 100}}}
    })
}

/// Ordering prints and the print lab.
fn print_paths(id: &Value) -> Value {
    let line = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                      {"name": "line", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    json!({
        "/prints/prices": {"get": op("The price list: sizes, papers, prices, currency, shipping, bleed", None, "200"), "put": op("Replace the price list (admin)", Some("PriceList"), "200")},
        "/prints/quote": {"post": op("Price print lines: each line's price, file size in pixels and effective DPI; subtotal, shipping, total", Some("QuoteRequest"), "200")},
        "/orders": {"get": op("The caller's orders, newest first", None, "200"), "post": {
            "summary": "Place an order: multipart/form-data with the NewOrder JSON as the part `order`, then each line's rendered print (JPEG, 300 DPI, the quoted pixel size) as `line-0`, `line-1`, …",
            "requestBody": {"required": true, "content": {"multipart/form-data": {}}},
            "responses": {"201": {"description": "the order"}, "422": {"description": "bad-line, bad-address, low-resolution or bad-print-file"}}
        }},
        "/orders/{id}": {"parameters": id, "get": op("One order (its owner, or the admin)", None, "200")},
        "/orders/{id}/cancel": {"parameters": id, "post": op("Cancel the order while it is still placed (its owner)", None, "200")},
        "/orders/{id}/lines/{line}/file": {"parameters": line, "get": op("A line's print file as rendered", None, "200")},
        "/lab/orders": {"get": op("Every order (admin)", None, "200")},
        "/lab/orders/{id}": {"parameters": id, "delete": op("Delete an order and its print files (admin)", None, "204")},
        "/lab/orders/{id}/status": {"parameters": id, "post": op("Move an order on: placed → printing → shipped → delivered, or cancelled (admin)", Some("StatusUpdate"), "200")},
        "/lab/orders/{id}/package": {"parameters": id, "get": op("The print-ready package: a ZIP with a file per copy, order.json and order.html (admin)", None, "200")}
    })
}

fn print_schemas() -> Value {
    let string = json!({"type": "string"});
    let integer = json!({"type": "integer"});
    json!({
        "PriceList": {"type": "object", "required": ["currency", "sizes", "papers", "shipping"], "properties": {
            "currency": string, "shipping": integer, "free_shipping_from": {"type": ["integer", "null"]}, "bleed_um": integer,
            "sizes": {"type": "array", "items": {"type": "object", "properties": {"id": string, "label": string, "short_um": integer, "long_um": integer, "price": integer}}},
            "papers": {"type": "array", "items": {"type": "object", "properties": {"id": string, "label": string, "surcharge": integer}}}}},
        "PrintLine": {"type": "object", "required": ["asset_id", "size", "paper", "quantity", "orientation"], "properties": {
            "asset_id": string, "size": string, "paper": string, "quantity": integer, "border_mm": integer,
            "caption": {"type": ["string", "null"]}, "orientation": {"enum": ["portrait", "landscape"]},
            "crop": {"type": "object", "properties": {"center_x": {"type": "number"}, "center_y": {"type": "number"}, "zoom": {"type": "number"}}},
            "low_resolution_confirmed": {"type": "boolean"}}},
        "QuoteRequest": {"type": "object", "required": ["lines"], "properties": {"lines": {"type": "array", "items": {"$ref": "#/components/schemas/PrintLine"}}}},
        "NewOrder": {"type": "object", "required": ["lines", "address"], "properties": {
            "lines": {"type": "array", "items": {"$ref": "#/components/schemas/PrintLine"}},
            "address": {"type": "object", "required": ["name", "line1", "city", "postcode", "country"], "properties": {
                "name": string, "line1": string, "line2": string, "city": string, "region": string, "postcode": string, "country": string, "phone": string}}}},
        "StatusUpdate": {"type": "object", "required": ["status"], "properties": {"status": {"enum": ["printing", "shipped", "delivered", "cancelled"]}, "note": {"type": ["string", "null"]}}}
    })
}

fn core(id: &Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Keepsake", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Self-hosted family photo library. Authenticate with the session cookie set by signup or login."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/auth/signup": {"post": op("Create an account and sign in (the first account is the admin)", Some("Credentials"), "201")},
            "/auth/login": {"post": op("Sign in; sets the session cookie. Throttled after repeated failures (429, Retry-After)", Some("Credentials"), "200")},
            "/auth/logout": {"post": op("Sign out", None, "204")},
            "/me": {"get": op("The signed-in user", None, "200")},
            "/settings": {"get": op("Instance settings", None, "200"), "put": op("Change instance settings (admin)", Some("ServerSettings"), "200")},
            "/users": {"get": op("Every account with its storage (admin)", None, "200"),
                       "post": op("Create an account (admin)", Some("Credentials"), "201")},
            "/users/{id}": {"patch": op("Disable or enable an account, set its storage quota (admin)", Some("AccountUpdate"), "200")},
            "/stats": {"get": op("What the server has done since it started, e.g. upload bytes received (admin)", None, "200")},
            "/assets": {"get": {
                "summary": "The caller's assets, newest first",
                "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}},
                               {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 1000}}],
                "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssetPage"}}}}}
            }},
            "/assets/check": {"post": op("Which of these SHA-256 hashes the caller already has", Some("HashCheck"), "200")},
            "/assets/{id}": {"parameters": id, "get": op("One asset", None, "200"), "delete": op("Move to the trash", None, "204")},
            "/assets/{id}/original": {"parameters": id, "get": op("The original bytes; supports Range; ?download=true for an attachment", None, "200")},
            "/assets/{id}/thumbnail": {"parameters": id, "get": op("Grid thumbnail, JPEG, long edge 360 px", None, "200")},
            "/assets/{id}/preview": {"parameters": id, "get": op("Viewer preview, JPEG, long edge 1600 px", None, "200")},
            "/uploads": {"post": op("Open a resumable upload, or learn the file is a duplicate", Some("NewUpload"), "201")},
            "/uploads/{id}": {"parameters": id, "get": op("How many bytes have arrived", None, "200"), "delete": op("Abandon an upload", None, "204")},
            "/uploads/{id}/bytes": {"parameters": id, "put": {
                "summary": "Append a chunk at ?offset=N (must equal the bytes received so far)",
                "requestBody": {"content": {"application/octet-stream": {}}},
                "responses": {"200": {"description": "new offset"}, "409": {"description": "offset-mismatch"}}
            }},
            "/uploads/{id}/thumbnail": {"parameters": id, "put": {"summary": "The grid thumbnail (JPEG) with ?width=&height=", "responses": {"204": {"description": "stored"}}}},
            "/uploads/{id}/preview": {"parameters": id, "put": {"summary": "The viewer preview (JPEG) with ?width=&height=", "responses": {"204": {"description": "stored"}}}},
            "/uploads/{id}/finish": {"parameters": id, "post": op("Verify the hash and create the asset", None, "201")},
            "/openapi.json": {"get": op("This document", None, "200")}
        },
        "components": {"schemas": {
            "ApiError": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}},
            "Credentials": {"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string", "format": "password"}}},
            "AccountUpdate": {"type": "object", "properties": {"disabled": {"type": "boolean"}, "quota_bytes": {"type": ["integer", "null"], "minimum": 0}}},
            "ServerSettings": {"type": "object", "properties": {"open_signup": {"type": "boolean"}}},
            "HashCheck": {"type": "object", "properties": {"sha256": {"type": "array", "items": {"type": "string"}}}},
            "NewUpload": {"type": "object", "required": ["filename", "mime", "bytes", "sha256", "metadata"], "properties": {
                "filename": {"type": "string"}, "mime": {"type": "string"}, "bytes": {"type": "integer"},
                "sha256": {"type": "string"}, "folder": {"type": ["string", "null"]}, "metadata": {"$ref": "#/components/schemas/MediaMetadata"}}},
            "MediaMetadata": {"type": "object", "properties": {
                "taken_at": {"type": ["string", "null"]}, "width": {"type": ["integer", "null"]}, "height": {"type": ["integer", "null"]},
                "orientation": {"type": ["integer", "null"]}, "camera": {"$ref": "#/components/schemas/Camera"},
                "exposure": {"$ref": "#/components/schemas/Exposure"}, "gps": {"$ref": "#/components/schemas/Gps"}, "duration": {"type": ["number", "null"]}}},
            "Camera": {"type": "object", "properties": {"make": {"type": ["string", "null"]}, "model": {"type": ["string", "null"]}, "lens": {"type": ["string", "null"]}}},
            "Exposure": {"type": "object", "properties": {"exposure_time": {"type": ["number", "null"]}, "f_number": {"type": ["number", "null"]}, "iso": {"type": ["integer", "null"]}, "focal_length": {"type": ["number", "null"]}}},
            "Gps": {"type": ["object", "null"], "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}, "alt": {"type": ["number", "null"]}}},
            "Asset": {"type": "object", "properties": {
                "id": {"type": "string"}, "filename": {"type": "string"}, "mime": {"type": "string"}, "bytes": {"type": "integer"},
                "sha256": {"type": "string"}, "kind": {"enum": ["photo", "video"]}, "width": {"type": ["integer", "null"]},
                "height": {"type": ["integer", "null"]}, "taken_at": {"type": ["string", "null"]}, "camera": {"$ref": "#/components/schemas/Camera"},
                "exposure": {"$ref": "#/components/schemas/Exposure"}, "gps": {"$ref": "#/components/schemas/Gps"},
                "duration": {"type": ["number", "null"]}, "placeholder": {"type": ["string", "null"]},
                "has_derivatives": {"type": "boolean"}, "uploaded_at": {"type": "string"}}},
            "AssetPage": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Asset"}}, "next_cursor": {"type": ["string", "null"]}}}
        }}
    })
}
