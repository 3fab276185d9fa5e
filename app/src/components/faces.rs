//! Faces on a photo: a face cut out round (People's list, the viewer's panel), the boxes drawn over the
//! viewer's photo with the names, and the viewer's panel of who is in the photo, where a face is named
//! ("who is this?"), taken out of the wrong person, or made the person's picture.

use crate::{api, components::requests::Requests, route::Route};
use keepsake_api::{AssetFace, FaceBox, FaceRef};
use leptos::{ev, prelude::*};

/// The faces on the photo shown, and which of them is picked (in the panel or on the photo).
pub type FacesOnPhoto = (RwSignal<Vec<AssetFace>>, RwSignal<Option<usize>>);

/// Room around the face in a round picture, as a share of the face's size on each side.
const MARGIN: f32 = 0.25;

/// A face from a photo's preview, cut out round by CSS. BlazeFace's boxes are square in the photo's
/// pixels, so a square frame with the box scaled to fill it keeps the face's proportions.
#[component]
pub fn FaceCrop(asset: String, bounds: FaceBox) -> impl IntoView {
    let (w, h) = (bounds.width * (1.0 + 2.0 * MARGIN), bounds.height * (1.0 + 2.0 * MARGIN));
    let (x, y) = (bounds.x - bounds.width * MARGIN, bounds.y - bounds.height * MARGIN);
    let style = format!(
        "width: {:.2}%; left: {:.2}%; top: {:.2}%",
        100.0 / w.max(0.01),
        -100.0 * x / w.max(0.01),
        -100.0 * y / h.max(0.01)
    );
    view! {
        <span class="face-crop" aria-hidden="true">
            <img src=api::file_url(&asset, "preview") alt="" loading="lazy" style=style />
        </span>
    }
}

fn label(face: &AssetFace) -> String {
    face.name.clone().unwrap_or_else(|| "Who is this?".into())
}

/// The boxes over the photo, in the preview's own pixels (`size`), so the SVG's "meet" fitting puts
/// them where the photo is drawn; `style` follows the photo's zoom.
#[component]
pub fn FaceBoxes(
    faces: RwSignal<Vec<AssetFace>>,
    size: Signal<Option<(u32, u32)>>,
    style: Signal<String>,
    chosen: RwSignal<Option<usize>>,
) -> impl IntoView {
    move || {
        let (w, h) = size.get()?;
        let (w, h) = (w as f32, h as f32);
        let boxes = faces
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, face)| {
                let b = face.bounds;
                let text = label(&face);
                view! {
                    <g class="face" class:chosen=move || chosen.get() == Some(i) class:unnamed=face.name.is_none()
                        on:pointerdown=|e: ev::PointerEvent| e.stop_propagation()
                        on:click=move |_| chosen.set(Some(i))>
                        <title>{text.clone()}</title>
                        <rect x=b.x * w y=b.y * h width=b.width * w height=b.height * h rx=b.width * w * 0.08 />
                        <text x=b.x * w y=(b.y + b.height) * h + h * 0.035 font-size=h * 0.028>{text}</text>
                    </g>
                }
            })
            .collect_view();
        Some(view! {
            <svg class="faces" viewBox=format!("0 0 {w} {h}") preserveAspectRatio="xMidYMid meet" style=move || style.get()>
                {boxes}
            </svg>
        })
    }
}

/// Who is in the photo, for the viewer's panel; `editable` on one's own photos (People are their
/// owner's: others see the names, and the family vault's owner may name those on its photos).
#[component]
pub fn PhotoFaces(
    asset: String,
    faces: RwSignal<Vec<AssetFace>>,
    chosen: RwSignal<Option<usize>>,
    editable: bool,
) -> impl IntoView {
    let requests = Requests::new();
    let asset = StoredValue::new(asset);
    let reload = move || {
        let id = asset.get_value();
        requests.run(async move { api::faces(&id).await }, move |f| faces.set(f))
    };
    let name = move |face: u32, name: String| {
        let id = asset.get_value();
        requests.act(async move { api::name_face(&id, face, name).await }, move |f| faces.set(f));
    };
    let not = move |person: String, face: u32| {
        let face = FaceRef { asset: asset.get_value(), face };
        requests.act(async move { api::take_face_out(&person, &face).await }, move |()| reload());
    };
    let cover = move |person: String, face: u32| {
        let face = FaceRef { asset: asset.get_value(), face };
        requests.act(async move { api::set_cover(&person, &face).await }, move |_| ());
    };
    view! {
        <Show when=move || faces.with(|f| !f.is_empty())>
            <section class="photo-people" aria-label="People in this photo">
                <h3>"People"</h3>
                <ul>
                    {move || faces.get().into_iter().enumerate().map(|(i, face)| {
                        let person = face.person.clone();
                        let (p2, p3) = (person.clone(), person.clone());
                        let who = face.name.clone().unwrap_or_else(|| "this person".into());
                        let typed = RwSignal::new(face.name.clone().unwrap_or_default());
                        let label = if face.name.is_some() { "Name" } else { "Who is this?" };
                        view! {
                            <li class:chosen=move || chosen.get() == Some(i) on:click=move |_| chosen.set(Some(i))>
                                <FaceCrop asset=asset.get_value() bounds=face.bounds />
                                {match face.name.clone() {
                                    // One's own people are renamed on their page.
                                    Some(n) if editable => view! { <a href=Route::Person(person.clone()).hash()>{n}</a> }.into_any(),
                                    // Named here: one's own, or by the vault's owner whoever's they are.
                                    _ if face.can_name => view! {
                                        <form on:submit=move |e: ev::SubmitEvent| { e.prevent_default(); name(i as u32, typed.get_untracked()) }>
                                            <input placeholder="Who is this?" aria-label=label bind:value=typed />
                                        </form>
                                    }.into_any(),
                                    Some(n) => view! { <span>{n}</span> }.into_any(),
                                    None => view! { <span class="muted">"Someone"</span> }.into_any(),
                                }}
                                {editable.then(|| view! {
                                    <button class="link" on:click=move |_| not(p2.clone(), i as u32)>{format!("Not {who}")}</button>
                                    <button class="link" on:click=move |_| cover(p3.clone(), i as u32)>"Use as their picture"</button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {requests.problem()}
            </section>
        </Show>
    }
}
