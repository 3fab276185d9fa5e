//! Confirmations ("2 photos tagged") as a toast at the bottom of the screen, read out by screen readers
//! (the region is always in the page, so what appears in it is announced), gone after a few seconds or
//! when the person moves to another page.

use crate::state::Actions;
use leptos::prelude::*;

const SHOWN_FOR: std::time::Duration = std::time::Duration::from_secs(6);

#[component]
pub fn Toasts() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let shown = RwSignal::new(0u64);
    Effect::new(move |_| {
        if actions.message.with(Option::is_some) {
            let mine = shown.get_untracked() + 1;
            shown.set(mine);
            set_timeout(
                move || {
                    if shown.try_get_untracked() == Some(mine) {
                        actions.message.try_set(None);
                    }
                },
                SHOWN_FOR,
            );
        }
    });
    view! {
        <div class="toasts" role="status" aria-live="polite">
            {move || actions.message.get().map(|m| view! {
                <p class="toast">
                    <span>{m}</span>
                    <button aria-label="Dismiss" on:click=move |_| actions.message.set(None)>"✕"</button>
                </p>
            })}
        </div>
    }
}
