//! The upload page (the installed app's "Upload" shortcut): pick photos or a folder once, or have
//! folders backed up automatically, with each folder's state and the backup's options.

use crate::{
    backup::{self, Access, Backup, Folder, Settings, Status},
    components::file_pickers::FilePickers,
    components::storage::StorageUsage,
    format,
};
use leptos::{ev, prelude::*, task::spawn_local};

/// The intervals offered between scans, in minutes (0: only when Keepsake opens).
const INTERVALS: [(u32, &str); 5] =
    [(15, "15 minutes"), (60, "hour"), (360, "6 hours"), (1440, "day"), (0, "time Keepsake opens")];

#[component]
pub fn UploadPage() -> impl IntoView {
    view! {
        <h2 class="page-title">"Upload"</h2>
        <section class="upload-choices">
            <p>"Add photos and videos from this device, or drop them anywhere on the page."</p>
            <StorageUsage />
            <div class="actions">
                <FilePickers photos="Choose photos" folder="Choose a folder" />
            </div>
        </section>
        <h2 class="page-title">"Automatic backup"</h2>
        {if backup::supported() {
            view! { <BackupFolders /> }.into_any()
        } else {
            view! {
                <section class="backup-missing" role="note">
                    <p>
                        "This browser cannot watch a folder: backing up a folder by itself needs the File "
                        "System Access API, which Chrome, Edge and other Chromium browsers have on the desktop, "
                        "but Firefox, Safari and phones do not."
                    </p>
                    <p>
                        "Here, choose a folder above to upload what is in it now (photos already in Keepsake "
                        "are skipped). On a phone, install Keepsake and share photos to it from the gallery: "
                        "Share → Keepsake sends them straight in."
                    </p>
                </section>
            }
            .into_any()
        }}
    }
}

#[component]
fn BackupFolders() -> impl IntoView {
    let backup = expect_context::<Backup>();
    let settings = backup.settings;
    let change = move |edit: fn(&mut Settings, &ev::Event), e: ev::Event| {
        let mut next = settings.get_untracked();
        edit(&mut next, &e);
        backup.set_settings(next);
    };
    let status = move || match backup.status.get() {
        Status::Idle => {
            let pending: usize = backup.folders.with(|f| f.iter().map(|f| f.pending).sum());
            if backup.folders.with(Vec::is_empty) {
                String::new()
            } else if pending > 0 {
                format!("{pending} waiting to be backed up")
            } else {
                "Up to date".into()
            }
        }
        Status::Scanning(name) => format!("Looking for new photos in {name}…"),
        Status::Sending { folder, left } => format!("Backing up {folder}: {left} to go"),
        Status::Paused => "Paused".into(),
        Status::WaitingForWifi => "Waiting for Wi-Fi: this connection is metered".into(),
    };
    view! {
        <section class="backup">
            <p>
                "Keepsake looks in these folders whenever it is open, and uploads photos that are new or "
                "changed, keeping their folders. Photos already in your library are not sent again."
            </p>
            <div class="actions">
                <button on:click=move |_| spawn_local(async move { backup.add_folder().await })>"Back up a folder"</button>
                <Show when=move || !backup.folders.with(Vec::is_empty)>
                    <button class="secondary" on:click=move |_| backup.scan_now()>"Scan now"</button>
                    <button class="secondary" on:click=move |_| {
                        let mut next = settings.get_untracked();
                        next.paused = !next.paused;
                        backup.set_settings(next);
                    }>{move || if settings.get().paused { "Resume" } else { "Pause" }}</button>
                </Show>
            </div>
            {move || backup.message.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
            <p class="backup-status" role="status">{status}</p>
            <fieldset class="backup-options">
                <legend>"Options"</legend>
                <label>
                    <input type="radio" name="backup-kinds" prop:checked=move || !settings.get().videos
                        on:change=move |e| change(|s, _| s.videos = false, e) />
                    "Photos only"
                </label>
                <label>
                    <input type="radio" name="backup-kinds" prop:checked=move || settings.get().videos
                        on:change=move |e| change(|s, _| s.videos = true, e) />
                    "Photos and videos"
                </label>
                <label>
                    "Look again every "
                    <select on:change=move |e| change(|s, e| s.every_minutes = event_target_value(e).parse().unwrap_or(60), e)>
                        {INTERVALS.iter().map(|(minutes, label)| view! {
                            <option value=minutes.to_string() selected=move || settings.get().every_minutes == *minutes>{*label}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <input type="checkbox" prop:checked=move || settings.get().mobile_data
                        on:change=move |e| change(|s, e| s.mobile_data = event_target_checked(e), e) />
                    "Use mobile data (otherwise a metered connection waits for Wi-Fi)"
                </label>
            </fieldset>
            <Show when=move || !backup.folders.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"No folder is backed up on this device yet."</p> }>
                <table class="backup-folders">
                    <thead>
                        <tr>
                            <th scope="col">"Folder"</th>
                            <th scope="col">"Last scanned"</th>
                            <th scope="col">"Backed up"</th>
                            <th scope="col">"Pending"</th>
                            <th scope="col">"Failed"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || backup.folders.get().into_iter().map(|folder| view! { <FolderRow folder=folder /> }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

#[component]
fn FolderRow(folder: Folder) -> impl IntoView {
    let backup = expect_context::<Backup>();
    let (allow_key, remove_key) = (folder.key.clone(), folder.key.clone());
    let last_scan = folder.last_scan.map(format::ago).unwrap_or_else(|| "Not yet".into());
    let failures = folder.failed.clone();
    view! {
        <tr data-folder=folder.name.clone()>
            <th scope="row">
                {folder.name.clone()}
                {match folder.access {
                    Access::Granted => None,
                    Access::Ask => Some(view! { <span class="notice">" Keepsake needs your permission to read it again."</span> }),
                    Access::Lost => Some(view! { <span class="error">" Cannot be read: moved, deleted or refused."</span> }),
                }}
            </th>
            <td>{last_scan}</td>
            <td class="backed-up">{folder.backed_up}</td>
            <td class="pending">{folder.pending}</td>
            <td class="failed">{folder.failed.len()}</td>
            <td>
                {(folder.access == Access::Ask).then(|| view! {
                    <button on:click=move |_| {
                        let key = allow_key.clone();
                        spawn_local(async move { backup.allow(&key).await });
                    }>"Allow access"</button>
                })}
                <button class="secondary" on:click=move |_| {
                    let key = remove_key.clone();
                    spawn_local(async move { backup.remove(&key).await });
                }>"Stop backing up"</button>
            </td>
        </tr>
        {(!failures.is_empty()).then(|| view! {
            <tr class="backup-failures">
                <td colspan="6">
                    <ul>
                        {failures.into_iter().map(|(path, reason)| view! { <li><span class="name">{path}</span>": "{reason}</li> }).collect_view()}
                    </ul>
                </td>
            </tr>
        })}
    }
}
