//! Where the person is, kept in the URL's hash so reload, back and forward work and links can be shared
//! between tabs: `#/albums`, `#/albums/{id}`, `#/search?q=…`, `#/favorites`, `#/archive`,
//! `#/folders/{path}`, `#/trash`, `#/shared`, `#/vault`, `#/prints`, `#/orders`, `#/lab`, `#/upload`;
//! anything else is the timeline.

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
            _ => {}
        }
    }
    q
}

/// The current route, following the hash.
#[derive(Clone, Copy)]
pub struct Nav {
    pub route: RwSignal<Route>,
}

impl Nav {
    pub fn new() -> Self {
        let route = RwSignal::new(Route::from_hash(&current_hash()));
        let listener = window_event_listener(leptos::ev::hashchange, move |_| {
            route.set(Route::from_hash(&current_hash()));
        });
        on_cleanup(move || listener.remove());
        Self { route }
    }

    pub fn go(&self, route: Route) {
        let hash = route.hash();
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(&hash);
        }
        self.route.set(route);
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
