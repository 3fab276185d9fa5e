//! State shared across pages, provided through Leptos context.

use keepsake_api::{Asset, Me, TIMELINE_PAGE};
use leptos::prelude::*;

/// Where an asset sits on the timeline: when it was taken (wall clock, as the server sorts), else when
/// it was uploaded. ISO strings of the same shape sort as text.
pub fn timeline_key(asset: &Asset) -> &str {
    asset.taken_at.as_deref().map_or(asset.uploaded_at.as_str(), |t| t.get(..19).unwrap_or(t))
}

/// The signed-in user's library as loaded so far, newest first.
#[derive(Clone, Copy)]
pub struct Library {
    pub assets: RwSignal<Vec<Asset>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
}

impl Library {
    pub fn new() -> Self {
        Self { assets: RwSignal::new(Vec::new()), loading: RwSignal::new(false), error: RwSignal::new(None) }
    }

    /// Adds a newly uploaded asset in its place, unless it is already there.
    pub fn insert(&self, asset: Asset) {
        self.assets.update(|list| {
            if list.iter().any(|a| a.id == asset.id) {
                return;
            }
            let key = timeline_key(&asset).to_string();
            let at = list.partition_point(|a| timeline_key(a) > key.as_str());
            list.insert(at, asset);
        });
    }

    /// Loads every page, showing each as it arrives.
    pub async fn load(&self) {
        self.loading.set(true);
        self.error.set(None);
        self.assets.set(Vec::new());
        let mut cursor: Option<String> = None;
        loop {
            match crate::api::assets_page(cursor.as_deref(), TIMELINE_PAGE).await {
                Ok(page) => {
                    self.assets.update(|list| list.extend(page.items));
                    match page.next_cursor {
                        Some(next) => cursor = Some(next),
                        None => break,
                    }
                }
                Err(e) => {
                    self.error.set(Some(e.to_string()));
                    break;
                }
            }
        }
        self.loading.set(false);
    }
}

impl Default for Library {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
}

/// Where the app notes that someone may be signed in, so a visitor's first load does not ask the
/// server (and log a refused request) when nobody is: the session cookie itself is out of the page's
/// reach.
const SIGNED_IN_HINT: &str = "keepsake-signed-in";

impl Session {
    /// Whether People finds and groups faces for the signed-in person (tracked).
    pub fn people_on(&self) -> bool {
        self.me.with(|m| m.as_ref().is_some_and(|m| m.people))
    }

    /// Whether asking who is signed in is worth a request: the server marked the first page for a
    /// request with a session cookie, or this browser had someone signed in (offline, the first page
    /// comes from the service worker's copy and may say neither).
    pub fn may_be_signed_in() -> bool {
        let Some(window) = web_sys::window() else { return false };
        let marked =
            window.document().and_then(|d| d.body()).is_some_and(|b| b.class_list().contains("signed-in"));
        let noted =
            window.local_storage().ok().flatten().and_then(|s| s.get_item(SIGNED_IN_HINT).ok().flatten());
        marked || noted.is_some()
    }

    /// Keeps [`Session::may_be_signed_in`]'s note in step with who is signed in.
    pub fn note(signed_in: bool) {
        let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return };
        let _ = if signed_in {
            storage.set_item(SIGNED_IN_HINT, "1")
        } else {
            storage.remove_item(SIGNED_IN_HINT)
        };
    }

    /// Someone signed in: what the service worker kept for whoever was here before goes first.
    pub async fn signed_in(&self, me: Me) {
        crate::offline::forget_personal_caches().await;
        // Asked once more so the service worker keeps who is signed in: the app opens offline with it.
        let _ = crate::api::me().await;
        self.me.set(Some(me));
    }
}

/// The photos picked in the grid, and where a shift-click range starts.
#[derive(Clone, Copy)]
pub struct Selection {
    pub ids: RwSignal<std::collections::HashSet<String>>,
    pub anchor: RwSignal<Option<String>>,
}

impl Selection {
    pub fn new() -> Self {
        Self { ids: RwSignal::new(Default::default()), anchor: RwSignal::new(None) }
    }

    pub fn clear(&self) {
        self.ids.set(Default::default());
        self.anchor.set(None);
    }

    pub fn count(&self) -> usize {
        self.ids.with(|s| s.len())
    }

    pub fn ids(&self) -> Vec<String> {
        self.ids.with_untracked(|s| s.iter().cloned().collect())
    }

    pub fn toggle(&self, id: &str) {
        self.ids.update(|s| {
            if !s.remove(id) {
                s.insert(id.to_string());
            }
        });
        self.anchor.set(Some(id.to_string()));
    }

    /// Selects everything between the anchor and `id` in `list`'s order.
    pub fn extend_to(&self, id: &str, list: &[Asset]) {
        let position = |x: &str| list.iter().position(|a| a.id == x);
        let (Some(to), Some(from)) =
            (position(id), self.anchor.get_untracked().as_deref().and_then(position))
        else {
            return self.toggle(id);
        };
        let (a, b) = (from.min(to), from.max(to));
        self.ids.update(|s| s.extend(list[a..=b].iter().map(|x| x.id.clone())));
        self.anchor.set(Some(id.to_string()));
    }

    /// Selects all of `ids`, or clears them if all are selected already.
    pub fn toggle_all(&self, ids: Vec<String>) {
        self.ids.update(|s| {
            if ids.iter().all(|id| s.contains(id)) {
                for id in &ids {
                    s.remove(id);
                }
            } else {
                s.extend(ids);
            }
        });
    }
}

impl Default for Selection {
    fn default() -> Self {
        Self::new()
    }
}

/// A dialog over the library, opened from the selection bar or the viewer for some assets.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    AddToAlbum(Vec<String>),
    Tag(Vec<String>),
    EditDate(Vec<String>),
    ShareLink(keepsake_api::LinkTarget),
}

/// Provided by pages that only show photos (a share link's page): no selecting, hearts or edits.
#[derive(Clone, Copy)]
pub struct ReadOnly {
    /// Whether originals may be downloaded.
    pub download: bool,
}

/// Changes to assets, and keeping every view in line with them afterwards.
#[derive(Clone, Copy)]
pub struct Actions {
    pub library: Library,
    /// Views other than the timeline reload when this moves.
    pub refresh: RwSignal<u64>,
    pub dialog: RwSignal<Option<Dialog>>,
    pub message: RwSignal<Option<String>>,
}

impl Actions {
    pub fn new(library: Library) -> Self {
        Self { library, refresh: RwSignal::new(0), dialog: RwSignal::new(None), message: RwSignal::new(None) }
    }

    pub fn refreshed(&self) {
        self.refresh.update(|n| *n += 1);
    }

    /// Sends the change; on success updates the timeline in place (or reloads it when the change moves
    /// photos into it) and asks other views to reload.
    pub async fn edit(&self, ids: Vec<String>, change: keepsake_api::AssetChange) -> Result<usize, String> {
        use keepsake_api::AssetChange::*;
        let result = crate::api::edit(ids.clone(), change.clone()).await.map_err(|e| e.to_string())?;
        let set: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
        let assets = self.library.assets;
        match &change {
            Favorite { .. } | AddTags { .. } | RemoveTags { .. } | CreditFolder { .. } => {
                assets.update(|l| {
                    l.iter_mut().filter(|a| set.contains(a.id.as_str())).for_each(|a| apply_here(a, &change))
                })
            }
            Archive { value: true } | Trash | Purge => {
                assets.update(|l| l.retain(|a| !set.contains(a.id.as_str())))
            }
            Archive { value: false } | Restore | ShiftDate { .. } | SetDate { .. } => {
                let library = self.library;
                leptos::task::spawn_local(async move { library.load().await });
            }
        }
        self.refreshed();
        Ok(result.changed)
    }
}

/// Loads every page of a search into `into`, showing each as it arrives.
pub async fn load_search(
    query: keepsake_api::SearchQuery,
    into: RwSignal<Vec<Asset>>,
    total: RwSignal<Option<usize>>,
) -> Result<(), String> {
    let mut q = query;
    q.limit = Some(1000);
    let mut first = true;
    loop {
        let page = crate::api::search(&q).await.map_err(|e| e.to_string())?;
        total.set(Some(page.total));
        // The first page replaces what was shown (no empty flash while reloading), later ones add.
        if std::mem::take(&mut first) {
            into.set(page.items);
        } else {
            into.update(|list| list.extend(page.items));
        }
        match page.next_offset {
            Some(next) => q.offset = Some(next),
            None => return Ok(()),
        }
    }
}

/// What a change does to the copy of an asset on screen.
pub fn apply_here(asset: &mut Asset, change: &keepsake_api::AssetChange) {
    match change {
        keepsake_api::AssetChange::Favorite { value } => asset.favorite = *value,
        keepsake_api::AssetChange::Archive { value } => asset.archived = *value,
        keepsake_api::AssetChange::AddTags { tags } => {
            for tag in tags.iter().filter_map(|t| keepsake_api::clean_tag(t)) {
                if !asset.tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                    asset.tags.push(tag);
                }
            }
        }
        keepsake_api::AssetChange::RemoveTags { tags } => {
            asset.tags.retain(|t| !tags.iter().any(|r| r.trim().to_lowercase() == t.to_lowercase()))
        }
        keepsake_api::AssetChange::CreditFolder { folder } if asset.folder.is_none() => {
            asset.folder = Some(folder.clone())
        }
        _ => {}
    }
}
