//! Living with the network and as an installed app: whether the browser is online, waiting until it
//! is, the browser's offer to install Keepsake, and forgetting what the service worker kept for the
//! person who was signed in.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};

/// The service worker's caches that belong to one person (see `public/sw.js`).
const PERSONAL_CACHES: [&str; 2] = ["keepsake-user", "keepsake-media"];

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
