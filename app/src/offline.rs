//! Living with the network and as an installed app: whether the browser is online, waiting until it
//! is, the browser's offer to install Keepsake, and forgetting what the service worker kept for the
//! person who was signed in.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};

/// The service worker's caches that belong to one person (see `public/sw.js`): API reads, and the
/// thumbnails and previews shown.
const PERSONAL_CACHES: [&str; 2] = ["keepsake-user", MEDIA_CACHE];
const MEDIA_CACHE: &str = "keepsake-media";

/// What the browser says now.
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Whether the browser believes it is online, following its `online` and `offline` events.
#[derive(Clone, Copy)]
pub struct Connectivity {
    pub online: RwSignal<bool>,
}

impl Connectivity {
    pub fn new() -> Self {
        let online = RwSignal::new(is_online());
        let up = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let down = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            up.remove();
            down.remove();
        });
        Self { online }
    }
}

impl Default for Connectivity {
    fn default() -> Self {
        Self::new()
    }
}

/// Resolves at once when online, else at the next `online` event.
pub async fn online() {
    if is_online() {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let (tx, rx) = futures_channel::oneshot::channel::<()>();
    let tx = std::cell::Cell::new(Some(tx));
    let on_online = Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = tx.take() {
            let _ = tx.send(());
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
        "online",
        on_online.as_ref().unchecked_ref(),
        &options,
    );
    let _ = rx.await;
    drop(on_online);
}

/// Drops the service worker's copies of the last person's timeline, thumbnails and previews: on sign
/// out, and on sign in (a session that simply expired left them behind).
pub async fn forget_personal_caches() {
    let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) else { return };
    for name in PERSONAL_CACHES {
        let _ = wasm_bindgen_futures::JsFuture::from(caches.delete(name)).await;
    }
}

fn install_offer() -> Option<JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &"keepsakeInstall".into()).ok().filter(|v| v.is_object())
}

/// Whether the browser offers to install Keepsake now (`boot.js` keeps its `beforeinstallprompt`).
pub fn installable() -> ReadSignal<bool> {
    let (offered, set_offered) = signal(install_offer().is_some());
    let listener =
        window_event_listener(leptos::ev::Custom::<web_sys::Event>::new("keepsake-installable"), move |_| {
            set_offered.set(install_offer().is_some())
        });
    on_cleanup(move || listener.remove());
    offered
}

/// Shows the browser's install dialog.
pub fn install() {
    let Some(offer) = install_offer() else { return };
    if let Ok(prompt) =
        js_sys::Reflect::get(&offer, &"prompt".into()).and_then(|p| p.dyn_into::<js_sys::Function>())
    {
        let _ = prompt.call0(&offer);
    }
    // An offer is good for one prompt.
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"keepsakeInstall".into(), &JsValue::NULL);
        let _ = window.dispatch_event(&web_sys::Event::new("keepsake-installable").expect("an event"));
    }
}

/// The page's service worker container, when the browser has one.
fn service_workers() -> Option<web_sys::EventTarget> {
    let navigator = web_sys::window()?.navigator();
    let container = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    container.is_object().then(|| container.unchecked_into())
}

fn worker_in_charge(container: &web_sys::EventTarget) -> bool {
    js_sys::Reflect::get(container, &"controller".into()).is_ok_and(|c| c.is_object())
}

/// Calls `then` once, when a service worker first takes charge of this page. A page opened before
/// Keepsake's worker was installed is claimed by it mid-visit; what the page read before went past it.
pub fn when_a_worker_takes_charge(then: impl FnOnce() + 'static) {
    let Some(container) = service_workers() else { return };
    if worker_in_charge(&container) {
        return;
    }
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = container.add_event_listener_with_callback_and_add_event_listener_options(
        "controllerchange",
        Closure::once_into_js(then).unchecked_ref(),
        &options,
    );
}

/// Reads again, through the service worker, what the app opens offline with: who is signed in, every
/// page of their timeline, and the thumbnails and previews on screen. Called when the worker first
/// takes charge, and when uploads finish (the timeline the worker kept no longer has them); it costs
/// what opening the app costs, and nothing on a device without a worker.
pub async fn refresh_offline_copy() {
    let Some(container) = service_workers() else { return };
    if !is_online() || !worker_in_charge(&container) {
        return;
    }
    if !matches!(crate::api::me().await, Ok(Some(_))) {
        return;
    }
    let mut cursor: Option<String> = None;
    loop {
        let Ok(page) = crate::api::assets_page(cursor.as_deref(), keepsake_api::TIMELINE_PAGE).await else {
            return;
        };
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    keep_media_on_screen().await;
}

/// The worker keeps the thumbnails and previews a page shows as they pass it; those this page showed
/// before the worker was in charge went past it, and are put in its cache here (the browser's own
/// cache usually answers).
async fn keep_media_on_screen() {
    use wasm_bindgen_futures::JsFuture;
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let Ok(caches) = window.caches() else { return };
    let Ok(cache) = JsFuture::from(caches.open(MEDIA_CACHE)).await else { return };
    let cache: web_sys::Cache = cache.unchecked_into();
    let images = document.images();
    let sources: Vec<String> = (0..images.length())
        .filter_map(|i| images.item(i))
        .filter_map(|image| image.get_attribute("src"))
        .filter(|src| crate::api::is_own_media_url(src))
        .collect();
    for src in sources {
        let kept = JsFuture::from(cache.match_with_str(&src)).await.is_ok_and(|hit| hit.is_object());
        if !kept {
            let _ = JsFuture::from(cache.add_with_str(&src)).await;
        }
    }
}
