//! Where the person is, kept in the URL's hash so reload, back and forward work and links can be shared
//! between tabs: `#/albums`, `#/albums/{id}`, `#/search?q=…`, `#/favorites`, `#/archive`,
//! `#/folders/{path}`, `#/trash`, `#/shared`, `#/vault`, `#/prints`, `#/orders`, `#/lab`, `#/upload`,
//! `#/people`, `#/people/{id}`;
//! anything else is the timeline. The photo open in the viewer is the hash's `photo` parameter
//! (`#/albums/{id}?photo={id}`), so Back closes it and the address opens it again.

use keepsake_api::{AssetKind, SearchQuery};
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Timeline,
    Albums,
    Album(String),
    Search(SearchQuery),
    Favorites,
    Archive,
    Folders(String),
    Trash,
    /// Links the person made and albums shared with them.
    Shared,
    Vault,
    /// The print cart, where prints are laid out and ordered.
    Prints,
    Orders,
    /// The admin's print lab.
    Lab,
    Accounts,
    /// Uploading and the folders backed up automatically (the installed app's "Upload" shortcut).
    Upload,
    People,
    /// One person's photos, with their name and faces to correct.
    Person(String),
}

fn decode(text: &str) -> String {
    js_sys::decode_uri_component(text).ok().map(String::from).unwrap_or_else(|| text.to_string())
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

impl Route {
    pub fn from_hash(hash: &str) -> Self {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        match path.split_once('/').unwrap_or((path, "")) {
            ("albums", "") => Self::Albums,
            ("albums", id) => Self::Album(decode(id)),
            ("search", _) => Self::Search(parse_query(query)),
            ("favorites", _) => Self::Favorites,
            ("archive", _) => Self::Archive,
            ("folders", folder) => Self::Folders(decode(folder)),
            ("trash", _) => Self::Trash,
            ("shared", _) => Self::Shared,
            ("vault", _) => Self::Vault,
            ("prints", _) => Self::Prints,
            ("orders", _) => Self::Orders,
            ("lab", _) => Self::Lab,
            ("accounts", _) => Self::Accounts,
            ("upload", _) => Self::Upload,
            ("people", "") => Self::People,
            ("people", id) => Self::Person(decode(id)),
            _ => Self::Timeline,
        }
    }

    pub fn hash(&self) -> String {
        match self {
            Self::Timeline => "#/".into(),
            Self::Albums => "#/albums".into(),
            Self::Album(id) => format!("#/albums/{}", encode(id)),
            Self::Search(q) => format!("#/search?{}", crate::api::search_params(q)),
            Self::Favorites => "#/favorites".into(),
            Self::Archive => "#/archive".into(),
            Self::Folders(path) => format!("#/folders/{}", encode(path)),
            Self::Trash => "#/trash".into(),
            Self::Shared => "#/shared".into(),
            Self::Vault => "#/vault".into(),
            Self::Prints => "#/prints".into(),
            Self::Orders => "#/orders".into(),
            Self::Lab => "#/lab".into(),
            Self::Accounts => "#/accounts".into(),
            Self::Upload => "#/upload".into(),
            Self::People => "#/people".into(),
            Self::Person(id) => format!("#/people/{}", encode(id)),
        }
    }
}

fn parse_query(query: &str) -> SearchQuery {
    let mut q = SearchQuery::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode(&value.replace('+', " "));
        match name {
            "q" => q.q = value,
            "kind" => q.kind = Some(if value == "video" { AssetKind::Video } else { AssetKind::Photo }),
            "favorite" => q.favorite = Some(value == "true"),
            "archived" => q.archived = Some(value == "true"),
            "from" => q.from = Some(value),
            "to" => q.to = Some(value),
            "camera" => q.camera = Some(value),
            "folder" => q.folder = Some(value),
            "person" => q.person = Some(value),
            _ => {}
        }
    }
    q
}

/// The photo the address opens in the viewer.
pub fn photo_in(hash: &str) -> Option<String> {
    let (_, query) = hash.split_once('?')?;
    query.split('&').find_map(|p| p.strip_prefix("photo=")).filter(|id| !id.is_empty()).map(decode)
}

/// `hash` with the viewer's photo set to `photo`, or taken out.
pub fn with_photo(hash: &str, photo: Option<&str>) -> String {
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    let mut params: Vec<String> =
        query.split('&').filter(|p| !p.is_empty() && !p.starts_with("photo=")).map(String::from).collect();
    if let Some(id) = photo {
        params.push(format!("photo={}", encode(id)));
    }
    let path = if path.is_empty() { "#/" } else { path };
    if params.is_empty() { path.to_string() } else { format!("{path}?{}", params.join("&")) }
}

/// The current route, following the hash.
#[derive(Clone, Copy)]
pub struct Nav {
    pub route: RwSignal<Route>,
}

impl Nav {
    /// Follows the hash, and gives each page the scroll position it had when the person left it (a new
    /// page starts at the top).
    pub fn new() -> Self {
        let route = RwSignal::new(Route::from_hash(&current_hash()));
        let positions = StoredValue::new(std::collections::HashMap::<String, f64>::new());
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
        }
        let listener = window_event_listener(leptos::ev::hashchange, move |_| {
            let next = Route::from_hash(&current_hash());
            // Opening or closing a photo changes the hash but not the page.
            if next == route.get_untracked() {
                return;
            }
            let left = route.get_untracked().hash();
            positions.update_value(|p| {
                p.insert(left, scroll_y());
            });
            let back_to = positions.with_value(|p| p.get(&next.hash()).copied()).unwrap_or(0.0);
            route.set(next);
            // After the page has drawn what it already holds.
            request_animation_frame(move || scroll_to(back_to));
        });
        on_cleanup(move || listener.remove());
        Self { route }
    }

    /// Goes to `route`; the hash change moves the page (see [`Nav::new`]).
    pub fn go(&self, route: Route) {
        let hash = route.hash();
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(&hash);
        }
    }
}

impl Default for Nav {
    fn default() -> Self {
        Self::new()
    }
}

fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

fn scroll_y() -> f64 {
    web_sys::window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0)
}

fn scroll_to(y: f64) {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_open_photo_is_a_parameter_of_any_page() {
        assert_eq!(with_photo("#/albums/a1", Some("p 1")), "#/albums/a1?photo=p%201");
        assert_eq!(photo_in("#/albums/a1?photo=p%201").as_deref(), Some("p 1"));
        assert_eq!(with_photo("#/search?q=beach&photo=x", None), "#/search?q=beach");
        assert_eq!(with_photo("", Some("x")), "#/?photo=x");
        assert_eq!(photo_in("#/search?q=beach"), None);
        assert_eq!(Route::from_hash("#/search?q=beach&photo=x"), Route::from_hash("#/search?q=beach"));
    }
}
