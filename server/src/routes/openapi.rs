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
    for (section, part) in [("paths", organise_paths(&id)), ("components", organise_schemas())] {
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
            "/users": {"post": op("Create an account (admin)", Some("Credentials"), "201")},
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
