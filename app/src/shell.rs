//! The signed-in shell and its route table: a compact header (and on wide screens the navigation), the
//! page the route names, a bottom tab bar on phones with everything else under "More", and what floats
//! over every page: the selection's actions, dialogs, toasts and the uploads. Files can be dropped
//! anywhere, pasted, or picked.

use crate::{
    api,
    backup::Backup,
    cart::PrintCart,
    components::{
        dialogs::Dialogs,
        file_pickers::{FilePickers, files_of},
        selection_bar::SelectionBar,
        shared_inbox::SharedInbox,
        tabs::{MoreSheet, NavLink, TabBar},
        toasts::Toasts,
        upload_panel::UploadPanel,
    },
    pages,
    route::{Nav, Route},
    state::{Actions, Library, Selection, Session},
    upload::Uploads,
};
use keepsake_api::SearchQuery;
use leptos::{ev, prelude::*, task::spawn_local};

/// The page a route names. Pages are chosen here only: no page imports another. The rarer pages
/// live in modules of their own ([`crate::split`]), fetched the first time one is shown.
fn page(route: Route) -> AnyView {
    use pages::views;
    if let Some(page) = crate::split::page(&route) {
        return page;
    }
    match route {
        Route::Albums => view! { <views::AlbumsPage /> }.into_any(),
        Route::Album(id) => view! { <views::AlbumPage id=id /> }.into_any(),
        Route::Search(query) => view! { <views::SearchPage query=query /> }.into_any(),
        Route::Favorites => view! { <views::FavoritesPage /> }.into_any(),
        Route::Archive => view! { <views::ArchivePage /> }.into_any(),
        Route::Folders(path) => view! { <views::FoldersPage path=path /> }.into_any(),
        Route::Trash => view! { <views::TrashPage /> }.into_any(),
        _ => view! { <views::TimelinePage /> }.into_any(),
    }
}

/// The library's shell, with the state every page of it shares.
#[component]
pub fn LibraryShell() -> impl IntoView {
    let session = expect_context::<Session>();
    let library = expect_context::<Library>();
    let uploads = expect_context::<Uploads>();
    let backup = expect_context::<Backup>();
    spawn_local(async move { library.load().await });
    if let Some(me) = session.me.get_untracked() {
        uploads.restore(me.id, library);
        backup.start(me.id, uploads, library);
    }
    after_uploads(session, uploads);
    keep_for_offline_once_a_worker_is_in_charge(session);
    let nav = Nav::new();
    let selection = Selection::new();
    let actions = Actions::new(library);
    provide_context(nav);
    provide_context(selection);
    provide_context(actions);
    provide_context(PrintCart::default());
    // A selection, and a confirmation, belong to the page they were made on.
    Effect::new(move |_| {
        nav.route.track();
        selection.clear();
        actions.message.set(None);
    });
    let dragging = receive_files(uploads, library);
    let connectivity = crate::offline::Connectivity::new();
    let more = RwSignal::new(false);
    let sign_out = sign_out_action();
    provide_context(SignOut(sign_out));

    view! {
        <a class="skip-link" href="#content" on:click=skip_to_content>"Skip to content"</a>
        <Header />
        <Show when=move || !connectivity.online.get()>
            <p class="offline-banner" role="status">"You are offline: this is what this device saw last. Uploads wait until you are back online."</p>
        </Show>
        <main id="content" tabindex="-1">
            {move || library.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || page(nav.route.get())}
        </main>
        <SelectionBar />
        <TabBar more=more />
        <MoreSheet open=more sign_out=sign_out />
        <Show when=move || dragging.get()>
            <div class="drop-overlay"><p>"Drop to upload"</p></div>
        </Show>
        <Dialogs />
        <Toasts />
        <UploadPanel />
        <SharedInbox />
    }
}

/// Uploads done, People looks for faces in them (and loads its models, the first time, only then).
/// When a batch of uploads ends: People looks for faces in them, and the service worker's copy of the
/// timeline is brought up to date so the app opens offline with them.
fn after_uploads(session: Session, uploads: Uploads) {
    let pass = expect_context::<crate::people::FacePass>();
    Effect::new(move |was_busy: Option<bool>| {
        let busy = uploads.busy();
        if was_busy == Some(true) && !busy {
            if untrack(|| session.people_on()) {
                pass.start();
            }
            if untrack(|| session.me.with(Option::is_some)) {
                spawn_local(crate::offline::refresh_offline_copy());
            }
        }
        busy
    });
}

/// On a first visit the service worker takes charge after the timeline was read: it is read again
/// through the worker, unless the person has signed out meanwhile.
fn keep_for_offline_once_a_worker_is_in_charge(session: Session) {
    crate::offline::when_a_worker_takes_charge(move || {
        if session.me.try_get_untracked().flatten().is_some() {
            spawn_local(crate::offline::refresh_offline_copy());
        }
    });
}

/// The skip link moves focus, not only the scroll position, so the next Tab starts in the page.
fn skip_to_content(e: ev::MouseEvent) {
    e.prevent_default();
    let main = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("content"));
    if let Some(main) = main.and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok()) {
        let _ = main.focus();
    }
}

#[derive(Clone, Copy)]
struct SignOut(Callback<()>);

/// Signs out, keeping this device's unfinished uploads for the next sign-in and forgetting what it
/// kept of this person.
fn sign_out_action() -> Callback<()> {
    let session = expect_context::<Session>();
    let uploads = expect_context::<Uploads>();
    let backup = expect_context::<Backup>();
    Callback::new(move |()| {
        spawn_local(async move {
            let _ = api::logout().await;
            uploads.signed_out();
            backup.stop();
            crate::offline::forget_personal_caches().await;
            session.me.set(None);
        });
    })
}

/// Brand, search, upload and the person's account; on wide screens the navigation too.
#[component]
fn Header() -> impl IntoView {
    let session = expect_context::<Session>();
    let nav = expect_context::<Nav>();
    let cart = expect_context::<PrintCart>();
    let installable = crate::offline::installable();
    let SignOut(sign_out) = expect_context::<SignOut>();
    let searching = move || matches!(nav.route.get(), Route::Search(_));
    let is_admin = move || session.me.get().is_some_and(|m| m.is_admin);
    view! {
        <header class="top" class:searching=searching>
            <h1><a href="#/">"Keepsake"</a></h1>
            <nav aria-label="Library">
                <NavLink route=Route::Timeline label="Photos" />
                <NavLink route=Route::Albums label="Albums" />
                <NavLink route=Route::People label="People" />
                <NavLink route=Route::Favorites label="Favourites" />
                <NavLink route=Route::Folders(String::new()) label="Folders" />
                <NavLink route=Route::Archive label="Archive" />
                <NavLink route=Route::Shared label="Shared" />
                <NavLink route=Route::Vault label="Family Vault" />
                <NavLink route=Route::Trash label="Trash" />
                <NavLink route=Route::Upload label="Backup" />
                <NavLink route=Route::Orders label="Orders" />
                <Show when=move || !cart.items.with(Vec::is_empty)>
                    <a href=Route::Prints.hash() class="cart">{move || format!("Print cart ({})", cart.items.with(Vec::len))}</a>
                </Show>
                <Show when=is_admin>
                    <NavLink route=Route::Lab label="Print lab" />
                    <NavLink route=Route::Accounts label="Accounts" />
                </Show>
            </nav>
            <SearchBox />
            <div class="actions">
                <FilePickers photos="Upload photos" folder="Upload a folder" />
                <Show when=move || installable.get()>
                    <button class="secondary install" on:click=move |_| crate::offline::install()>"Install app"</button>
                </Show>
                <span class="who">{move || session.me.get().map(|m| m.username)}</span>
                <button class="secondary sign-out" on:click=move |_| sign_out.run(())>"Sign out"</button>
            </div>
        </header>
    }
}

/// Results as you type, once typing pauses.
#[component]
fn SearchBox() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let text = RwSignal::new(match nav.route.get_untracked() {
        Route::Search(q) => q.q,
        _ => String::new(),
    });
    let typed = RwSignal::new(0u64);
    let on_input = move |e: ev::Event| {
        text.set(event_target_value(&e));
        let generation = typed.get_untracked() + 1;
        typed.set(generation);
        set_timeout(
            move || {
                if typed.get_untracked() == generation {
                    let mut q = match nav.route.get_untracked() {
                        Route::Search(q) => q,
                        _ => SearchQuery::default(),
                    };
                    q.q = text.get_untracked();
                    nav.go(Route::Search(q));
                }
            },
            std::time::Duration::from_millis(250),
        );
    };
    view! {
        <input type="search" id="search" class="search" placeholder="Search: names, tags, cameras, places, dates"
            aria-label="Search" prop:value=move || text.get() on:input=on_input />
    }
}

/// Drop anywhere, paste anywhere: files go to the upload queue. Says whether files are being dragged
/// over the page.
fn receive_files(uploads: Uploads, library: Library) -> RwSignal<bool> {
    // Only drags that carry files are uploads; a photo dragged within an album is a reorder.
    fn carries_files(e: &ev::DragEvent) -> bool {
        e.data_transfer().is_some_and(|t| t.types().includes(&"Files".into(), 0))
    }
    let dragging = RwSignal::new(false);
    let add_files = move |files| uploads.add(files, library);
    let drag_over = window_event_listener(ev::dragover, move |e: ev::DragEvent| {
        if carries_files(&e) {
            e.prevent_default();
            dragging.set(true);
        }
    });
    let drag_leave = window_event_listener(ev::dragleave, move |e: ev::DragEvent| {
        if e.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |e: ev::DragEvent| {
        if !carries_files(&e) {
            return;
        }
        e.prevent_default();
        dragging.set(false);
        let Some(transfer) = e.data_transfer() else { return };
        let entries = crate::dropped::entries(&transfer);
        if entries.iter().any(|entry| entry.is_directory()) {
            spawn_local(async move { add_files(crate::dropped::files(entries).await) });
        } else {
            add_files(files_of(transfer.files()));
        }
    });
    let paste = window_event_listener(ev::paste, move |e: ev::ClipboardEvent| {
        let files = files_of(e.clipboard_data().and_then(|d| d.files()));
        if !files.is_empty() {
            e.prevent_default();
            add_files(files);
        }
    });
    on_cleanup(move || {
        drag_over.remove();
        drag_leave.remove();
        drop.remove();
        paste.remove();
    });
    dragging
}
