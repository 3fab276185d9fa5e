//! A list of photos as the grid with its viewer over it: what every view of photos shows.

use crate::components::{grid::Grid, viewer::Viewer};
use keepsake_api::Asset;
use leptos::prelude::*;

#[component]
pub fn PhotoBrowser(
    source: RwSignal<Vec<Asset>>,
    /// The photo open in the viewer; given when something beside the grid opens photos too.
    #[prop(optional)]
    open: Option<RwSignal<Option<String>>>,
    /// Under month and day headings.
    #[prop(optional)]
    dated: bool,
    /// In an album: called with (moved, before) when a photo is dropped on another.
    #[prop(optional)]
    reorder: Option<Callback<(String, String)>>,
    /// A short note on some cells (days left in the trash).
    #[prop(optional)]
    notes: Option<Memo<std::collections::HashMap<String, String>>>,
    #[prop(optional)] in_trash: bool,
    /// The album shown, for "Use as cover" and "Remove from album", and whether the caller owns it.
    #[prop(optional)]
    album: Option<(String, Signal<bool>)>,
) -> impl IntoView {
    let open = open.unwrap_or_else(|| RwSignal::new(None));
    let (album, album_owned) = album.unzip();
    view! {
        <Grid source=source viewer=open dated=dated reorder=reorder notes=notes />
        <Viewer source=source selected=open in_trash=in_trash album=album album_owned=album_owned />
    }
}
