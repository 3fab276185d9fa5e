//! Files shared to Keepsake wait here for the person's yes. The share target accepts a POST from any
//! web page, so nothing shared is uploaded until the person has seen it and said so.

use crate::{
    components::modal::Modal,
    state::Library,
    store,
    upload::{self, Pending, Uploads},
};
use leptos::{prelude::*, task::spawn_local};

struct Waiting {
    key: String,
    file: web_sys::File,
    /// An object URL to show the photo; revoked when the dialog closes.
    preview: Option<String>,
}

#[component]
pub fn SharedInbox() -> impl IntoView {
    let uploads = expect_context::<Uploads>();
    let library = expect_context::<Library>();
    let waiting = StoredValue::new_local(Vec::<Waiting>::new());
    let shown = RwSignal::new(Vec::<(String, Option<String>)>::new());
    spawn_local(async move {
        upload::set_aside_unowned().await;
        let files = store::shared::all().await;
        let list: Vec<Waiting> = files
            .into_iter()
            .map(|(key, file)| {
                let preview = file
                    .type_()
                    .starts_with("image/")
                    .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
                    .flatten();
                Waiting { key, file, preview }
            })
            .collect();
        shown.set(list.iter().map(|w| (w.file.name(), w.preview.clone())).collect());
        waiting.set_value(list);
    });
    let close = move || {
        waiting.update_value(|list| {
            for w in list.drain(..) {
                if let Some(url) = &w.preview {
                    let _ = web_sys::Url::revoke_object_url(url);
                }
            }
        });
        shown.set(Vec::new());
    };
    let upload_them = move |_| {
        let list =
            waiting.with_value(|l| l.iter().map(|w| (w.key.clone(), w.file.clone())).collect::<Vec<_>>());
        // Into the ordinary queue, which keeps them for this person until they are uploaded.
        uploads.add(list.iter().map(|(_, file)| Pending::picked(file.clone(), None)).collect(), library);
        spawn_local(async move {
            for (key, _) in list {
                store::shared::remove(&key).await;
            }
        });
        close();
    };
    let discard = move |_| {
        let keys = waiting.with_value(|l| l.iter().map(|w| w.key.clone()).collect::<Vec<_>>());
        spawn_local(async move {
            for key in keys {
                store::shared::remove(&key).await;
            }
        });
        close();
    };
    let title = Signal::derive(move || match shown.with(Vec::len) {
        1 => "A photo was shared to Keepsake".to_string(),
        n => format!("{n} photos and videos were shared to Keepsake"),
    });
    view! {
        <Show when=move || !shown.with(Vec::is_empty)>
            // Closed without an answer, the files stay set aside and are asked about next time.
            <Modal label=title class="dialog shared-inbox" on_close=Callback::new(move |()| close())>
                    <h2>{title}</h2>
                    <p>"Upload them to your library? Only if you shared them yourself."</p>
                    <ul class="shared-files">
                        {move || shown.get().into_iter().map(|(name, preview)| view! {
                            <li>
                                {preview.map(|src| view! { <img src=src alt="" /> })}
                                <span>{name}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    <div class="row">
                        <button autofocus on:click=upload_them>"Upload them"</button>
                        <button class="secondary" on:click=discard>"Discard"</button>
                    </div>
            </Modal>
        </Show>
    }
}
