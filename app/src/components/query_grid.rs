//! The photos a search finds, as the shared grid and viewer.

use crate::{
    components::{photo_browser::PhotoBrowser, requests::Requests},
    state::{Actions, load_search},
};
use keepsake_api::{Asset, SearchQuery};
use leptos::prelude::*;

/// A grid over a search (favourites, archive, a folder, a person), reloaded whenever assets change.
#[component]
pub fn QueryGrid(
    query: SearchQuery,
    #[prop(optional)] dated: bool,
    #[prop(optional)] empty: &'static str,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let source = RwSignal::new(Vec::<Asset>::new());
    let total = RwSignal::new(None::<usize>);
    let requests = Requests::new();
    Effect::new(move |_| {
        actions.refresh.track();
        let query = query.clone();
        requests.act(load_search(query, source, total), |()| ());
    });
    view! {
        {requests.problem()}
        <Show when=move || total.get() == Some(0) && !empty.is_empty()>
            <p class="empty">{empty}</p>
        </Show>
        <PhotoBrowser source=source dated=dated />
    }
}
