//! The upload panel: each file's state and progress, the batch's progress and speed, and a plain
//! reason for every file that failed while the others carry on.

use crate::{
    format,
    upload::{ItemStatus, UploadItem, Uploads},
};
use leptos::prelude::*;

fn status_text(item: &UploadItem) -> String {
    match item.status.get() {
        ItemStatus::Waiting => "Waiting".into(),
        ItemStatus::Reading => "Reading".into(),
        ItemStatus::Uploading => {
            let pct = (item.sent.get() * 100).checked_div(item.bytes).unwrap_or(100);
            format!("Uploading {pct}%")
        }
        ItemStatus::Done => "Uploaded".into(),
        ItemStatus::Duplicate => "Already in your library".into(),
        ItemStatus::Failed(reason) => format!("Failed: {reason}"),
    }
}

#[component]
pub fn UploadPanel() -> impl IntoView {
    let uploads = expect_context::<Uploads>();
    let open = RwSignal::new(true);
    let summary = move || {
        uploads.items.with(|items| {
            let finished = items
                .iter()
                .filter(|i| {
                    !matches!(
                        i.status.get(),
                        ItemStatus::Waiting | ItemStatus::Reading | ItemStatus::Uploading
                    )
                })
                .count();
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
    view! {
        <Show when=move || uploads.items.with(|i| !i.is_empty())>
            <section class="upload-panel" aria-label="Uploads">
                <header>
                    <strong>{move || summary().0}</strong>
                    <button class="link" on:click=move |_| open.update(|o| *o = !*o)>{move || if open.get() { "Hide" } else { "Show" }}</button>
                </header>
                <progress max=move || summary().2.max(1) value=move || summary().1></progress>
                <Show when=move || open.get()>
                    <ul>
                        <For
                            each=move || uploads.items.get()
                            key=|item| item.id
                            children=move |item| {
                                let status = item.status;
                                view! {
                                    <li class=move || match status.get() {
                                        ItemStatus::Failed(_) => "failed",
                                        ItemStatus::Done => "done",
                                        ItemStatus::Duplicate => "duplicate",
                                        _ => "active",
                                    }>
                                        <span class="name">{item.name.clone()}</span>
                                        <span class="state">{move || status_text(&item)}</span>
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
