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
