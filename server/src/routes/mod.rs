//! The HTTP surface: one module per resource, assembled here with the layers every request passes.

mod accounts;
mod albums;
pub mod assets;
pub mod downloads;
mod library;
mod links;
mod openapi;
mod people;
mod prints;
mod uploads;
mod vault;

use crate::{AppState, error::AppError};
use aide::axum::ApiRouter;
use axum::{
    Router,
    extract::{DefaultBodyLimit, MatchedPath, Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use keepsake_api::API_PREFIX;
use tower_http::{set_header::SetResponseHeaderLayer, trace::TraceLayer};

pub use openapi::SESSION_SCHEME;

/// `?offset=&limit=` of the listings that page by position.
#[derive(serde::Deserialize, schemars::JsonSchema)]
pub(crate) struct PageQuery {
    pub offset: Option<usize>,
    #[schemars(range(min = 1, max = MAX_PAGE))]
    pub limit: Option<usize>,
}

/// The most items one page holds.
pub(crate) const MAX_PAGE: usize = 1000;

/// The page size asked for, or `default`. More than [`MAX_PAGE`] is refused, not quietly cut, so a
/// client learns the bound from the error (and from the document) rather than from a short page.
pub(crate) fn page_limit(limit: Option<usize>, default: usize) -> Result<usize, AppError> {
    match limit {
        None => Ok(default),
        Some(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
        Some(_) => Err(AppError::BadRequest(format!("limit must be between 1 and {MAX_PAGE}"))),
    }
}

/// `{id}` in a path: an asset, album, link, upload, order or invitation.
#[derive(serde::Deserialize, schemars::JsonSchema)]
pub(crate) struct IdPath {
    pub id: String,
}

/// `{token}` in a path: a share link's or an invitation's secret.
#[derive(serde::Deserialize, schemars::JsonSchema)]
pub(crate) struct TokenPath {
    pub token: String,
}

const REQUEST_BODY_IDLE: std::time::Duration = std::time::Duration::from_secs(60);

/// JSON bodies are small; originals go through the upload routes, which set their own limits.
const JSON_BODY_LIMIT: usize = 256 * 1024;

pub fn router(state: AppState) -> Router {
    let api = ApiRouter::new()
        .merge(accounts::routes())
        .merge(assets::routes())
        .merge(uploads::routes())
        .merge(albums::routes())
        .merge(library::routes())
        .merge(downloads::routes())
        .merge(links::routes())
        .merge(vault::routes())
        .merge(prints::routes())
        .merge(people::routes());
    let api = openapi::finish(api)
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT));
    Router::new()
        .nest(API_PREFIX, api)
        .fallback(crate::site::serve)
        .layer(middleware::from_fn_with_state(state.clone(), check_host_and_origin))
        // A body that stops arriving for this long ends its request (hyper reads at the handler's pace).
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(REQUEST_BODY_IDLE))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let route = req.extensions().get::<MatchedPath>().map_or(req.uri().path(), |p| p.as_str());
            tracing::info_span!("request", method = %req.method(), route)
        }))
        .with_state(state)
}

/// For the listings: their JSON goes out compressed when the client accepts it (brotli, else gzip):
/// a 1,000-photo timeline page is ~690 KB of JSON, a few tens over a phone's connection. Answers too
/// small to gain pass untouched. Level 4: most of the gain for a fraction of the CPU of the highest
/// levels. Only on the listing routes: as a layer on every route it cost thumbnails an eighth of
/// their throughput (`cargo xtask bench serving`) for nothing, a JPEG being compressed already.
pub(crate) fn compressed_json()
-> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::{CompressionLayer, CompressionLevel, Predicate, predicate::SizeAbove};
    let json = |_: StatusCode,
                _: axum::http::Version,
                headers: &axum::http::HeaderMap,
                _: &axum::http::Extensions| {
        headers.get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"application/json"))
    };
    CompressionLayer::new()
        .no_deflate()
        .no_zstd()
        .quality(CompressionLevel::Precise(4))
        .compress_when(SizeAbove::new(1024).and(json))
}

/// The checks every request passes before routing, in one layer (each layer costs every request).
async fn check_host_and_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if let Err(refused) = known_host(&state, &req).and_then(|()| same_origin(&req)) {
        return refused.into_response();
    }
    next.run(req).await
}

/// A request must name this server: its public host name, a loopback name or a bare address. A web
/// page whose own host name an attacker points at this machine (DNS rebinding) sends its own name as
/// `Host` and is refused before anything runs, so it cannot drive a local or LAN install.
fn known_host(state: &AppState, req: &Request) -> Result<(), AppError> {
    let host = req.headers().get(header::HOST).map(|h| h.to_str().ok().and_then(crate::config::host_of));
    let known = match host {
        // HTTP/1.0 tools; a browser always names the host.
        None => true,
        Some(None) => false,
        Some(Some(host)) => {
            host.parse::<std::net::IpAddr>().is_ok()
                || host == "localhost"
                || host.ends_with(".localhost")
                || state.config.public_url.as_ref().is_some_and(|url| url.host == host)
        }
    };
    if known { Ok(()) } else { Err(AppError::UnknownHost) }
}

/// State-changing requests must come from our own pages: a foreign `Origin` (or a browser's
/// `Sec-Fetch-Site: cross-site`) is refused before any handler runs. Clients that send neither
/// (curl, the import tool) are not browsers and carry no ambient cookie risk of this kind.
fn same_origin(req: &Request) -> Result<(), AppError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let same_origin = match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        None => headers.get("sec-fetch-site").is_none_or(|s| s.as_bytes() != b"cross-site"),
        Some(Ok(origin)) => {
            let origin_host = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
            origin_host.is_some() && origin_host == host
        }
        Some(Err(_)) => false,
    };
    if same_origin { Ok(()) } else { Err(AppError::Forbidden("cross-origin request refused")) }
}
