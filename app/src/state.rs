//! State shared across pages, provided through Leptos context.

use keepsake_api::{Asset, Me};
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

    pub fn remove(&self, id: &str) {
        self.assets.update(|list| list.retain(|a| a.id != id));
    }

    /// Loads every page, showing each as it arrives.
    pub async fn load(&self) {
        self.loading.set(true);
        self.error.set(None);
        self.assets.set(Vec::new());
        let mut cursor: Option<String> = None;
        loop {
            match crate::api::assets_page(cursor.as_deref(), 1000).await {
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
