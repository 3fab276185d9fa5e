//! The browser bundle, embedded at build time (see `build.rs`), served for every path outside the API.
//! Unknown paths get `index.html`: the app routes on the client.

use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, Uri, header},
    response::{Html, IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use std::{collections::HashMap, io::Write, sync::OnceLock};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/site.rs"));
}

struct File {
    bytes: &'static [u8],
    etag: String,
    /// Made on first request: the wasm bundle shrinks to about a third.
    gzipped: OnceLock<Vec<u8>>,
}

impl File {
    fn gzipped(&self) -> &[u8] {
        self.gzipped.get_or_init(|| {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(self.bytes).expect("writing to memory");
            encoder.finish().expect("writing to memory")
        })
    }
}

fn files() -> &'static HashMap<&'static str, File> {
    static FILES: OnceLock<HashMap<&'static str, File>> = OnceLock::new();
    FILES.get_or_init(|| {
        embedded::FILES
            .iter()
            .map(|(path, bytes)| {
                let etag = format!("\"{}\"", hex::encode(&Sha256::digest(bytes)[..12]));
                (*path, File { bytes, etag, gzipped: OnceLock::new() })
            })
            .collect()
    })
}

/// The service worker, with this build's version (a hash of every other file) and the list of files
/// it keeps for offline use written in, so each release installs as a new worker.
fn service_worker() -> Option<&'static File> {
    static WORKER: OnceLock<Option<File>> = OnceLock::new();
    WORKER
        .get_or_init(|| {
            let files = files();
            let template = std::str::from_utf8(files.get("/sw.js")?.bytes).ok()?;
            let mut paths: Vec<&str> = files.keys().copied().collect();
            paths.sort_unstable();
            let mut version = Sha256::new();
            for path in &paths {
                version.update(path.as_bytes());
                version.update(files[path].etag.as_bytes());
            }
            // Everything but the worker itself and what is large and rarely needed offline.
            let precache: Vec<&str> = paths
                .into_iter()
                .filter(|p| *p != "/sw.js" && !p.starts_with("/fonts/") && !p.starts_with("/screenshots/"))
                .collect();
            let version = hex::encode(&version.finalize()[..8]);
            let text = template
                .replace("__KEEPSAKE_VERSION__", &version)
                .replace("__KEEPSAKE_PRECACHE__", &serde_json::to_string(&precache).ok()?);
            let bytes: &'static [u8] = Box::leak(text.into_bytes().into_boxed_slice());
            Some(File { bytes, etag: format!("\"{version}\""), gzipped: OnceLock::new() })
        })
        .as_ref()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("ttf") => "font/ttf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let files = files();
    let worker = (uri.path() == "/sw.js").then(service_worker).flatten();
    let (path, file) = match files.get_key_value(uri.path()) {
        Some((path, _)) if worker.is_some() => (*path, worker.expect("just checked")),
        Some((path, file)) => (*path, file),
        None if uri.path().rsplit('/').next().is_some_and(|last| last.contains('.')) => {
            return StatusCode::NOT_FOUND.into_response();
        }
        None => match files.get_key_value("/index.html") {
            Some((path, file)) => (*path, file),
            None => {
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Html("<h1>Keepsake</h1><p>This server was built without the browser app. Run <code>cargo xtask build</code>.</p>"),
                )
                    .into_response();
            }
        },
    };
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == file.etag.as_bytes()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let compressible = !matches!(path.rsplit('.').next(), Some("png" | "ico")) && file.bytes.len() > 1024;
    let accepts_gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let gzip = compressible && accepts_gzip;
    let mut response =
        if gzip { file.gzipped().to_vec().into_response() } else { file.bytes.into_response() };
    let h = response.headers_mut();
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if compressible {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    // Revalidate every time: file names are stable, so freshness comes from the ETag.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::ETAG, HeaderValue::from_str(&file.etag).expect("hex etag"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    response
}
