//! A modal dialog on the browser's own `<dialog>`: the page behind it inert (no Tab, Space or Enter
//! reaches it), Escape and a click on the backdrop close it, focus starts inside (on the first control,
//! or one marked `autofocus`) and goes back, on close, to what had it before, unless the caller puts
//! it somewhere better.

use leptos::{ev, html, prelude::*};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

fn focused() -> Option<web_sys::HtmlElement> {
    web_sys::window()?.document()?.active_element()?.dyn_into().ok()
}

#[component]
pub fn Modal(
    #[prop(into)] label: Signal<String>,
    #[prop(into, optional)] class: String,
    /// Escape, the backdrop, or anything inside that closes it.
    on_close: Callback<()>,
    /// Where focus goes on close, instead of back to the opener.
    #[prop(optional)]
    return_focus: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    let dialog: NodeRef<html::Dialog> = NodeRef::new();
    let opener = SendWrapper::new(focused());
    Effect::new(move |_| {
        if let Some(d) = dialog.get()
            && !d.open()
        {
            let _ = d.show_modal();
        }
    });
    // Once the dialog is gone: while it is open, everything outside it is inert and cannot take focus.
    on_cleanup(move || match return_focus {
        Some(put) => put.run(()),
        None => {
            if let Some(el) = opener.take() {
                request_animation_frame(move || {
                    let _ = el.focus();
                });
            }
        }
    });
    let on_cancel = move |e: ev::Event| {
        e.prevent_default();
        on_close.run(());
    };
    // A click whose target is the dialog itself landed on its backdrop.
    let on_click = move |e: ev::MouseEvent| {
        let on_backdrop = e.target().zip(dialog.get_untracked()).is_some_and(|(t, d)| {
            t.dyn_ref::<web_sys::HtmlElement>()
                .is_some_and(|t| t == d.unchecked_ref::<web_sys::HtmlElement>())
        });
        if on_backdrop {
            on_close.run(());
        }
    };
    view! {
        <dialog node_ref=dialog class=class aria-label=label on:cancel=on_cancel on:click=on_click>
            {children()}
        </dialog>
    }
}
