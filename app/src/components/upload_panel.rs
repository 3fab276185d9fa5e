//! The upload panel: each file's state and progress, the batch's progress and speed, and a plain
//! reason for every file that failed while the others carry on.

use crate::{
    format,
    state::Library,
    upload::{ItemStatus, UploadItem, Uploads},
};
use leptos::prelude::*;

fn status_text(item: &UploadItem) -> String {
    match item.status.get() {
        ItemStatus::Waiting => "Waiting".into(),
        ItemStatus::Hashing => "Hashing".into(),
        ItemStatus::Uploading => {
            let pct = (item.sent.get() * 100).checked_div(item.bytes).unwrap_or(100);
            format!("Uploading {pct}%")
        }
        ItemStatus::Done => "Uploaded".into(),
        ItemStatus::Duplicate => "Already in your library".into(),
        ItemStatus::Failed(failure) => format!("Failed: {}", failure.reason),
    }
}

#[component]
pub fn UploadPanel() -> impl IntoView {
    let uploads = expect_context::<Uploads>();
    let library = expect_context::<Library>();
    // On a phone the panel starts as a pill that opens when tapped.
    let narrow = web_sys::window()
        .and_then(|w| w.match_media("(max-width: 760px)").ok().flatten())
        .is_some_and(|m| m.matches());
    let open = RwSignal::new(!narrow);
    // Refused files would only fail again: "Retry" is for failures another try may mend.
    let retryable = move || {
        uploads.items.with(|items| {
            items.iter().any(|i| matches!(i.status.get(), ItemStatus::Failed(_)) && i.can_retry())
        })
    };
    let summary = move || {
        uploads.items.with(|items| {
            let finished = items.iter().filter(|i| i.status.get().is_finished()).count();
            let failed = items.iter().filter(|i| matches!(i.status.get(), ItemStatus::Failed(_))).count();
            let elapsed = (js_sys::Date::now() - uploads.started_at.get()) / 1000.0;
            let speed = if elapsed > 0.0 { uploads.sent_total.get() as f64 / elapsed } else { 0.0 };
            let mut text = format!("{finished} of {} done", items.len());
            if failed > 0 {
                text.push_str(&format!(", {failed} failed"));
            }
            if uploads.active() {
                text.push_str(&format!(" · {}/s", format::bytes(speed as u64)));
            }
            (text, finished, items.len())
        })
    };
    // What a screen reader hears: a file finished or failed, not every change of speed.
    let announced = move || {
        uploads.items.with(|items| {
            let finished = items.iter().filter(|i| i.status.get().is_finished()).count();
            let failed = items.iter().filter(|i| matches!(i.status.get(), ItemStatus::Failed(_))).count();
            let failed = if failed > 0 { format!(", {failed} failed") } else { String::new() };
            format!("{finished} of {} uploads finished{failed}", items.len())
        })
    };
    view! {
        <Show when=move || uploads.items.with(|i| !i.is_empty())>
            <section class="upload-panel" class:open=move || open.get() aria-label="Uploads">
                <span class="visually-hidden" role="status">{announced}</span>
                <header>
                    <strong on:click=move |_| open.set(true)>{move || summary().0}</strong>
                    <Show when=retryable>
                        <button class="link" on:click=move |_| uploads.retry_failed(library)>"Retry failed"</button>
                    </Show>
                    <button class="link" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { "Hide" } else { "Show" }}</button>
                </header>
                <progress max=move || summary().2.max(1) value=move || summary().1></progress>
                <Show when=move || open.get()>
                    <ul>
                        <For
                            each=move || uploads.items.get()
                            key=|item| item.id
                            children=move |item| {
                                let status = item.status;
                                let (shown, retried) = (item.clone(), item.clone());
                                view! {
                                    <li class=move || match status.get() {
                                        ItemStatus::Failed(_) => "failed",
                                        ItemStatus::Done => "done",
                                        ItemStatus::Duplicate => "duplicate",
                                        _ => "active",
                                    }>
                                        <span class="name">{item.name.clone()}</span>
                                        <span class="state">{move || status_text(&shown)}</span>
                                        <Show when=move || matches!(status.get(), ItemStatus::Failed(_)) && item.can_retry()>
                                            {
                                                let retried = retried.clone();
                                                view! {
                                                    <button class="link" on:click=move |_| uploads.retry(&retried, library)>"Retry"</button>
                                                }
                                            }
                                        </Show>
                                    </li>
                                }
                            }
                        />
                    </ul>
                </Show>
            </section>
        </Show>
    }
}
