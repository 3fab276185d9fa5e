//! `GET /api/v1/openapi.json`: the API described for client authors. The document is generated from
//! the routes themselves — aide reads each handler's extractors (body, path, query, session) and
//! return type, and the JSON types' schemas come from their serde definitions — so it cannot drift
//! from what the server does. Route files add only what types cannot say: a summary, and the shape of
//! responses that are files or empty.

use crate::{AppState, auth::SESSION_COOKIE};
use aide::{
    axum::{ApiRouter, routing::get_with},
    openapi::{
        ApiKeyLocation, Info, MediaType, OpenApi, ReferenceOr, Response as ApiResponse, SchemaObject,
        SecurityScheme, Server, StatusCode as ApiStatus,
    },
    transform::TransformOperation,
};
use axum::{
    Router,
    http::header,
    response::{IntoResponse, Response},
};
use keepsake_api::paths;

/// The name of the session cookie's security scheme in the document.
pub const SESSION_SCHEME: &str = "session";

/// Turns the documented routes into the router, serving the document they describe.
pub fn finish(api: ApiRouter<AppState>) -> Router<AppState> {
    let mut doc = OpenApi {
        info: Info {
            title: "Keepsake".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: Some(
                "Self-hosted family photo library. Authenticate with the session cookie that sign-up \
                 and sign-in set. Every error is an `ApiError` with a stable `code`."
                    .into(),
            ),
            ..Info::default()
        },
        servers: vec![Server { url: keepsake_api::API_PREFIX.into(), ..Server::default() }],
        ..OpenApi::default()
    };
    let router = api
        .api_route(
            paths::OPENAPI,
            get_with(document, |op| {
                let schema = serde_json::json!({"type": "object", "description": "OpenAPI 3.1"});
                body_response(op.summary("This document"), "the document", "application/json", schema)
            }),
        )
        .finish_api_with(&mut doc, |api| {
            api.security_scheme(
                SESSION_SCHEME,
                SecurityScheme::ApiKey {
                    location: ApiKeyLocation::Cookie,
                    name: SESSION_COOKIE.into(),
                    description: Some("Set by sign-up and sign-in; HttpOnly".into()),
                    extensions: Default::default(),
                },
            )
        });
    // The same routes make the same document, so one per process serves every router made (tests
    // make many); a static rather than a layer, which would touch every request.
    DOCUMENT.get_or_init(|| {
        let mut json = serde_json::to_value(&doc).expect("the document serialises");
        bound_integers(&mut json);
        axum::body::Bytes::from(serde_json::to_vec(&json).expect("the document serialises"))
    });
    router
}

static DOCUMENT: std::sync::OnceLock<axum::body::Bytes> = std::sync::OnceLock::new();

async fn document() -> Response {
    let json = DOCUMENT.get().cloned().unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}

/// A 200 response whose body is a file of `mime` (`*/*` for whatever the original is).
pub fn file<'a>(op: TransformOperation<'a>, mime: &str) -> TransformOperation<'a> {
    body_response(op, "the file", mime, serde_json::json!({"type": "string", "format": "binary"}))
}

/// A success with no body.
pub fn empty(op: TransformOperation<'_>, status: u16) -> TransformOperation<'_> {
    let response = ApiResponse { description: "done".into(), ..ApiResponse::default() };
    with_response(op, status, response)
}

/// `op` answering `status` with `response`, in place of what the handler's type inferred.
fn with_response(
    mut op: TransformOperation<'_>,
    status: u16,
    response: ApiResponse,
) -> TransformOperation<'_> {
    let responses = op.inner_mut().responses.get_or_insert_with(Default::default);
    responses.responses.insert(ApiStatus::Code(status), ReferenceOr::Item(response));
    op
}

/// A 200 response of `mime`, shaped by `schema`.
fn body_response<'a>(
    op: TransformOperation<'a>,
    description: &str,
    mime: &str,
    schema: serde_json::Value,
) -> TransformOperation<'a> {
    let schema = schemars::Schema::try_from(schema).expect("a schema object");
    let content = [(
        mime.to_string(),
        MediaType {
            schema: Some(SchemaObject { json_schema: schema, example: None, external_docs: None }),
            ..MediaType::default()
        },
    )];
    let response = ApiResponse {
        description: description.into(),
        content: content.into_iter().collect(),
        ..ApiResponse::default()
    };
    with_response(op, 200, response)
}

/// A request body of `multipart/form-data`: a part named `first` holding `T` as JSON, then numbered
/// parts `prefix0`, `prefix1`, … of files.
pub fn multipart_body<'a, T: schemars::JsonSchema>(
    mut op: TransformOperation<'a>,
    first: &str,
    prefix: &str,
) -> TransformOperation<'a> {
    let first_schema = aide::generate::in_context(|ctx| ctx.schema.subschema_for::<T>());
    let schema = schemars::json_schema!({
        "type": "object",
        "required": [first],
        "properties": {first: first_schema},
        "patternProperties": {format!("^{prefix}[0-9]+$"): {"type": "string", "format": "binary"}},
        "additionalProperties": false,
    });
    let encoding = [(
        first.to_string(),
        aide::openapi::Encoding { content_type: Some("application/json".into()), ..Default::default() },
    )];
    let content = [(
        "multipart/form-data".to_string(),
        MediaType {
            schema: Some(SchemaObject { json_schema: schema, example: None, external_docs: None }),
            encoding: encoding.into_iter().collect(),
            ..MediaType::default()
        },
    )];
    op.inner_mut().request_body = Some(ReferenceOr::Item(aide::openapi::RequestBody {
        content: content.into_iter().collect(),
        required: true,
        ..Default::default()
    }));
    op
}

/// The request body is `T` as JSON, and may be left out.
pub fn optional_json<T: schemars::JsonSchema>(mut op: TransformOperation<'_>) -> TransformOperation<'_> {
    let mut described = aide::openapi::Operation::default();
    aide::generate::in_context(|ctx| {
        <crate::error::ApiJson<T> as aide::OperationInput>::operation_input(ctx, &mut described)
    });
    let mut body = described.request_body.take();
    if let Some(ReferenceOr::Item(body)) = &mut body {
        body.required = false;
    }
    op.inner_mut().request_body = body;
    op
}

/// Integers carry the bounds of their Rust type (schemars names only the format), so a client or
/// a fuzzer knows a `u32` ends at 4294967295 as the server does.
fn bound_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(object) => {
            let bounds: Option<(Value, Value)> = match object.get("format").and_then(|f| f.as_str()) {
                Some("uint8") => Some((0.into(), u8::MAX.into())),
                Some("uint16") => Some((0.into(), u16::MAX.into())),
                Some("uint32") => Some((0.into(), u32::MAX.into())),
                Some("uint64" | "uint") => Some((0.into(), u64::MAX.into())),
                Some("int8") => Some((i8::MIN.into(), i8::MAX.into())),
                Some("int16") => Some((i16::MIN.into(), i16::MAX.into())),
                Some("int32") => Some((i32::MIN.into(), i32::MAX.into())),
                Some("int64" | "int") => Some((i64::MIN.into(), i64::MAX.into())),
                _ => None,
            };
            if let Some((min, max)) = bounds {
                object.entry("minimum").or_insert(min);
                object.entry("maximum").or_insert(max);
            }
            object.values_mut().for_each(bound_integers);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_integers),
        _ => {}
    }
}
