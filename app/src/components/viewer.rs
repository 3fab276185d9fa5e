//! The full-screen viewer: preview (or video), previous/next with the arrow keys, an info panel,
//! download of the original, and delete (to the trash).

use crate::{api, format, state::Library};
use keepsake_api::{Asset, AssetKind};
use leptos::{ev, prelude::*, task::spawn_local};

fn info_rows(a: &Asset) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    rows.push(("Taken", a.taken_at.as_deref().map_or("Unknown".into(), format::date_time)));
    let camera: Vec<&str> =
        [&a.camera.make, &a.camera.model].into_iter().flatten().map(String::as_str).collect();
    if !camera.is_empty() {
        rows.push(("Camera", camera.join(" ")));
    }
    if let Some(lens) = &a.camera.lens {
        rows.push(("Lens", lens.clone()));
    }
    let e = &a.exposure;
    let exposure: Vec<String> = [
        e.exposure_time.map(format::exposure_time),
        e.f_number.map(|f| format!("f/{f}")),
        e.iso.map(|i| format!("ISO {i}")),
        e.focal_length.map(|f| format!("{f} mm")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !exposure.is_empty() {
        rows.push(("Exposure", exposure.join(" · ")));
    }
    if let (Some(w), Some(h)) = (a.width, a.height) {
        rows.push(("Dimensions", format!("{w} × {h}")));
    }
    if let Some(d) = a.duration {
        rows.push(("Length", format::duration(d)));
    }
    rows.push(("Size", format::bytes(a.bytes)));
    if let Some(g) = a.gps {
        let alt = g.alt.map(|alt| format!(", {alt:.0} m")).unwrap_or_default();
        rows.push(("Place", format!("{:.5}, {:.5}{alt}", g.lat, g.lon)));
    }
    rows.push(("File", a.filename.clone()));
    rows
}

/// `selected` holds an asset id, not a position: uploads landing while the viewer is open shift
/// positions, and the photo on screen must stay the same.
#[component]
pub fn Viewer(selected: RwSignal<Option<String>>) -> impl IntoView {
    let library = expect_context::<Library>();
    let count = move || library.assets.with(|a| a.len());
    let position = move |id: &str| library.assets.with_untracked(|a| a.iter().position(|x| x.id == id));
    let id_at = move |index: usize| library.assets.with_untracked(|a| a.get(index).map(|x| x.id.clone()));
    let step = move |delta: isize| {
        let Some(current) = selected.get_untracked().and_then(|id| position(&id)) else { return };
        let next = current as isize + delta;
        if next >= 0
            && let Some(id) = id_at(next as usize)
        {
            selected.set(Some(id));
        }
    };
    let keys = window_event_listener(ev::keydown, move |e: ev::KeyboardEvent| {
        if selected.get_untracked().is_none() {
            return;
        }
        match e.key().as_str() {
            "ArrowLeft" => step(-1),
            "ArrowRight" => step(1),
            "Escape" => selected.set(None),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    let message = RwSignal::new(None::<String>);
    let delete = move |asset: Asset| {
        spawn_local(async move {
            match api::trash(&asset.id).await {
                Ok(()) => {
                    // Show the next photo, or the previous one at the end of the library.
                    let at = position(&asset.id).unwrap_or(0);
                    let neighbour = id_at(at + 1).or_else(|| at.checked_sub(1).and_then(id_at));
                    library.remove(&asset.id);
                    selected.set(neighbour);
                    message.set(Some(format!("{} moved to the trash", asset.filename)));
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };

    view! {
        {move || {
            let id = selected.get()?;
            let (index, asset) = library.assets.with(|a| a.iter().enumerate().find(|(_, x)| x.id == id).map(|(i, x)| (i, x.clone())))?;
            let media = match (asset.kind, asset.has_derivatives) {
                (AssetKind::Video, _) => view! {
                    <video controls autoplay src=api::file_url(&asset.id, "original")
                        poster=asset.has_derivatives.then(|| api::file_url(&asset.id, "preview"))></video>
                }.into_any(),
                (AssetKind::Photo, true) => view! { <img src=api::file_url(&asset.id, "preview") alt=asset.filename.clone() /> }.into_any(),
                (AssetKind::Photo, false) => view! {
                    <div class="no-preview large">
                        <p>"This browser cannot show " {asset.mime.clone()} " files."</p>
                        <p>"The original is safe: download it to view it."</p>
                    </div>
                }.into_any(),
            };
            let to_delete = asset.clone();
            let at_end = move || index + 1 >= count();
            Some(view! {
                <div class="viewer" role="dialog" aria-modal="true" aria-label=format!("Photo {}", asset.filename)>
                    <div class="stage">
                        {media}
                        <button class="nav prev" aria-label="Previous" disabled=move || index == 0 on:click=move |_| step(-1)>"‹"</button>
                        <button class="nav next" aria-label="Next" disabled=at_end on:click=move |_| step(1)>"›"</button>
                    </div>
                    <aside class="info" aria-label="Info">
                        <div class="tools">
                            <button class="secondary" aria-label="Close" on:click=move |_| selected.set(None)>"✕ Close"</button>
                            <a class="button secondary" href=api::download_url(&asset.id) download=asset.filename.clone()>"Download original"</a>
                            <button class="danger" on:click=move |_| delete(to_delete.clone())>"Delete"</button>
                        </div>
                        <dl>
                            {info_rows(&asset).into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                        </dl>
                        {move || message.get().map(|m| view! { <p role="status">{m}</p> })}
                    </aside>
                </div>
            })
        }}
    }
}
