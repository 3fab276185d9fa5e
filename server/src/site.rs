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

/// One file as sent: its bytes, and the brotli and gzip forms made when the site was built.
struct File {
    bytes: &'static [u8],
    brotli: Option<&'static [u8]>,
    gzip: Option<&'static [u8]>,
    etag: String,
    /// Its name carries a hash of its content (see `xtask/src/site.rs`): browsers may keep it a year.
    immutable: bool,
}

impl File {
    fn embedded(path: &str, bytes: &'static [u8], all: &HashMap<&str, &'static [u8]>) -> Self {
        Self {
            bytes,
            brotli: all.get(format!("{path}.br").as_str()).copied(),
            gzip: all.get(format!("{path}.gz").as_str()).copied(),
            etag: format!("\"{}\"", hex::encode(&Sha256::digest(bytes)[..12])),
            immutable: is_fingerprinted(path),
        }
    }

    /// A file made when the server starts (the service worker, the first page's variants), compressed
    /// then: they are small.
    fn made(text: String, etag: String) -> Self {
        let bytes: &'static [u8] = Box::leak(text.into_bytes().into_boxed_slice());
        let mut brotli = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
        brotli::BrotliCompress(&mut &bytes[..], &mut brotli, &params).expect("writing to memory");
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(bytes).expect("writing to memory");
        let gzip = gzip.finish().expect("writing to memory");
        let leak = |v: Vec<u8>| -> &'static [u8] { Box::leak(v.into_boxed_slice()) };
        Self { bytes, brotli: Some(leak(brotli)), gzip: Some(leak(gzip)), etag, immutable: false }
    }
}

/// `name.0123456789.ext`: ten hex digits of the content's hash before the extension.
fn is_fingerprinted(path: &str) -> bool {
    let mut parts = path.rsplit('.');
    let (_, hash) = (parts.next(), parts.next());
    hash.is_some_and(|h| h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn files() -> &'static HashMap<&'static str, File> {
    static FILES: OnceLock<HashMap<&'static str, File>> = OnceLock::new();
    FILES.get_or_init(|| {
        let all: HashMap<&str, &'static [u8]> = embedded::FILES.iter().copied().collect();
        embedded::FILES
            .iter()
            .filter(|(path, _)| !path.ends_with(".br") && !path.ends_with(".gz"))
            .map(|(path, bytes)| (*path, File::embedded(path, bytes, &all)))
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
            // People's module and models are kept only once someone uses People.
            let (on_demand, rest): (Vec<&str>, Vec<&str>) = paths.into_iter().partition(|p| is_for_people(p));
            // Everything but the worker itself and what is large and rarely needed offline.
            let precache: Vec<&str> = rest
                .into_iter()
                .filter(|p| *p != "/sw.js" && !p.starts_with("/fonts/") && !p.starts_with("/screenshots/"))
                .collect();
            let version = hex::encode(&version.finalize()[..8]);
            let text = template
                .replace("__KEEPSAKE_VERSION__", &version)
                .replace("__KEEPSAKE_PRECACHE__", &serde_json::to_string(&precache).ok()?)
                .replace("__KEEPSAKE_ON_DEMAND__", &serde_json::to_string(&on_demand).ok()?);
            Some(File::made(text, format!("\"{version}\"")))
        })
        .as_ref()
}

/// The face models, People's wasm module and its pages' part of the page's program: what only
/// People needs.
fn is_for_people(path: &str) -> bool {
    path.starts_with("/models/")
        || path.starts_with("/pkg/keepsake_faces_worker")
        || path.starts_with("/pkg/split_people.")
}

/// Who the first page is painted for.
#[derive(Clone, Copy)]
enum Visitor {
    SignedOut,
    /// The request carries a session cookie. A hint only: the API decides who is signed in.
    SignedIn,
    /// A share link's address (`/s/{token}`), signed in or not.
    ShareLink,
}

impl Visitor {
    fn of(headers: &HeaderMap) -> Self {
        if crate::auth::cookie_token(headers).is_some() { Self::SignedIn } else { Self::SignedOut }
    }
}

/// The first page in three variants: signed out it paints the sign-in card; with a session the
/// library's shape, and asks for who is signed in and the timeline's first page alongside the program;
/// for a share link the shape of a shared album.
fn first_page(visitor: Visitor) -> Option<&'static File> {
    static PAGES: OnceLock<Option<[File; 3]>> = OnceLock::new();
    let pages = PAGES.get_or_init(|| {
        let page = files().get("/index.html")?;
        let template = std::str::from_utf8(page.bytes).ok()?;
        let preloads = format!(
            "<link rel=\"preload\" href=\"{me}\" as=\"fetch\" crossorigin>\n  \
             <link rel=\"preload\" href=\"{assets}?limit={limit}\" as=\"fetch\" crossorigin>",
            me = format_args!("{}{}", keepsake_api::API_PREFIX, keepsake_api::paths::ME),
            assets = format_args!("{}{}", keepsake_api::API_PREFIX, keepsake_api::paths::ASSETS),
            limit = keepsake_api::TIMELINE_PAGE,
        );
        let signed_in = template
            .replace("<!--keepsake:preload-->", &preloads)
            .replace("<body>", "<body class=\"signed-in\">");
        let signed_out = template.replace("<!--keepsake:preload-->", "");
        let share = signed_out.replace("<body>", "<body class=\"share\">");
        let etag = |variant: &str| format!("\"{}-{variant}\"", page.etag.trim_matches('"'));
        Some([
            File::made(signed_out, etag("out")),
            File::made(signed_in, etag("in")),
            File::made(share, etag("share")),
        ])
    });
    pages.as_ref().map(|[out, signed, share]| match visitor {
        Visitor::SignedOut => out,
        Visitor::SignedIn => signed,
        Visitor::ShareLink => share,
    })
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
    let page = |visitor| first_page(visitor).map(|f| ("/index.html", f));
    let found = match uri.path() {
        "/sw.js" => service_worker().map(|f| ("/sw.js", f)),
        "/" | "/index.html" => page(Visitor::of(&headers)),
        path if path.starts_with("/s/") => first_page(Visitor::ShareLink).map(|f| ("/index.html", f)),
        path => match files.get_key_value(path) {
            Some((path, file)) => Some((*path, file)),
            None if path.rsplit('/').next().is_some_and(|last| last.contains('.')) => {
                return StatusCode::NOT_FOUND.into_response();
            }
            // The app routes on the client: every other path is the first page.
            None => page(Visitor::of(&headers)),
        },
    };
    let Some((path, file)) = found else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Html("<h1>Keepsake</h1><p>This server was built without the browser app. Run <code>cargo xtask build</code>.</p>"),
        )
            .into_response();
    };
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == file.etag.as_bytes()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let accepts = |coding: &str| {
        headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|e| e.split(';').next().is_some_and(|e| e.trim() == coding)))
    };
    let (body, coding) = match (file.brotli, file.gzip) {
        (Some(br), _) if accepts("br") => (br, Some("br")),
        (_, Some(gz)) if accepts("gzip") => (gz, Some("gzip")),
        _ => (file.bytes, None),
    };
    let mut response = body.into_response();
    let h = response.headers_mut();
    if let Some(coding) = coding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    if file.brotli.is_some() || file.gzip.is_some() {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    // Hashed names never change content; the rest are revalidated every time by their ETag.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if file.immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }),
    );
    if path == "/index.html" {
        // The first page differs by whether a session cookie came with the request.
        h.append(header::VARY, HeaderValue::from_static("cookie"));
    }
    h.insert(header::ETAG, HeaderValue::from_str(&file.etag).expect("hex etag"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    response
}
