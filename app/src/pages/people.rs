//! People: everyone found in the person's photos, most photographed first, and one person's page
//! (their photos, their name, hiding them, merging a person found twice). Turning People on or off,
//! and the background pass that finds faces, are here too.

use crate::{
    api,
    components::{
        faces::FaceCrop,
        query_grid::QueryGrid,
        requests::{Requests, loading},
    },
    people::{FacePass, PassState},
    route::{Nav, Route},
    state::{Actions, Session},
};
use keepsake_api::{Person, PersonUpdate, SearchQuery};
use leptos::{ev, prelude::*};

fn display_name(person: &Person) -> String {
    person.name.clone().unwrap_or_else(|| "Add a name".into())
}

fn photos(n: u64) -> String {
    if n == 1 { "1 photo".into() } else { format!("{n} photos") }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let session = expect_context::<Session>();
    let pass = expect_context::<FacePass>();
    let people = RwSignal::new(None::<Vec<Person>>);
    let requests = Requests::new();
    Effect::new(move |_| {
        pass.found.track();
        if session.people_on() {
            requests.run(api::people(), move |list| people.set(Some(list)));
        } else {
            people.set(Some(Vec::new()));
        }
    });
    // Opening People is using it: the faces not yet looked for are looked for now.
    if untrack(|| session.people_on()) {
        pass.start();
    }
    let shown = move |hidden: bool| {
        people.get().unwrap_or_default().into_iter().filter(|p| p.hidden == hidden).collect::<Vec<_>>()
    };
    view! {
        <h2 class="page-title">"People"</h2>
        <PeopleSwitch />
        <PassProgress />
        {requests.problem()}
        {move || people.with(Option::is_none).then(loading)}
        <Show when=move || session.people_on() && people.with(|p| p.as_ref().is_some_and(Vec::is_empty)) && matches!(pass.state.get(), PassState::Idle)>
            <p class="empty">"Nobody yet: faces appear here as photos are looked at."</p>
        </Show>
        <ul class="people" aria-label="People">
            {move || shown(false).into_iter().map(|p| view! { <PersonCard person=p /> }).collect_view()}
        </ul>
        <Show when=move || !shown(true).is_empty()>
            <details class="hidden-people">
                <summary>"Hidden people"</summary>
                <ul class="people">
                    {move || shown(true).into_iter().map(|p| view! { <PersonCard person=p /> }).collect_view()}
                </ul>
            </details>
        </Show>
    }
}

#[component]
fn PersonCard(person: Person) -> impl IntoView {
    let name = display_name(&person);
    view! {
        <li>
            <a class="person" href=Route::Person(person.id.clone()).hash() class:unnamed=person.name.is_none()>
                {person.cover.map(|c| view! { <FaceCrop asset=c.asset bounds=c.bounds /> })}
                <span class="name">{name}</span>
                <span class="count">{photos(person.photos)}</span>
            </a>
        </li>
    }
}

/// People on or off for this account. Off deletes every face and name, so it asks first.
#[component]
fn PeopleSwitch() -> impl IntoView {
    let session = expect_context::<Session>();
    let pass = expect_context::<FacePass>();
    let requests = Requests::new();
    let toggle = move |e: ev::Event| {
        let enabled = event_target_checked(&e);
        let asked = enabled
            || web_sys::window().is_some_and(|w| {
                w.confirm_with_message(
                    "Turn People off? Every face and name found in your photos will be deleted.",
                )
                .unwrap_or(false)
            });
        if !asked {
            // Put the box back as it was.
            session.me.update(|_| {});
            return;
        }
        if !enabled {
            pass.stop();
        }
        requests.act(api::set_people(enabled), move |me| {
            session.me.set(Some(me));
            if enabled {
                pass.start();
            }
        });
    };
    view! {
        <label class="toggle">
            <input type="checkbox" prop:checked=move || session.people_on() on:change=toggle />
            "Find and group the faces in my photos"
        </label>
        <p class="muted">"Faces are found by this browser; the server keeps only where they are and a short description of each, never shared by links."</p>
        {requests.problem()}
    }
}

/// How far the background pass is, with its pause.
#[component]
fn PassProgress() -> impl IntoView {
    let pass = expect_context::<FacePass>();
    move || match pass.state.get() {
        PassState::Idle => None,
        PassState::Running { done, remaining } => Some(
            view! {
                <div class="face-pass" role="status">
                    <progress max=done + remaining value=done></progress>
                    <span>{format!("Looking for faces: {} to go", photos(remaining))}</span>
                    <button class="secondary" on:click=move |_| pass.pause()>"Pause"</button>
                </div>
            }
            .into_any(),
        ),
        PassState::Paused { remaining } => Some(
            view! {
                <div class="face-pass" role="status">
                    <span>{format!("Paused: {} to go", photos(remaining))}</span>
                    <button class="secondary" on:click=move |_| pass.resume()>"Resume"</button>
                </div>
            }
            .into_any(),
        ),
        PassState::Failed(why) => Some(
            view! {
                <div class="face-pass" role="alert">
                    <span>{format!("Looking for faces stopped: {why}")}</span>
                    <button class="secondary" on:click=move |_| pass.resume()>"Try again"</button>
                </div>
            }
            .into_any(),
        ),
    }
}

/// One person: their photos, their name, hiding them, and merging someone found twice into them.
#[component]
pub fn PersonPage(id: String) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let actions = expect_context::<Actions>();
    let person = RwSignal::new(None::<Person>);
    let others = RwSignal::new(Vec::<Person>::new());
    let requests = Requests::new();
    let id = StoredValue::new(id);
    let load = move || {
        let this = id.get_value();
        requests.run(async move { api::person(&this).await }, move |p| person.set(Some(p)));
        requests.run(api::people(), move |list: Vec<Person>| {
            others.set(list.into_iter().filter(|p| p.id != id.get_value()).collect())
        });
    };
    load();
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(p) = person.get() {
            typed.set(p.name.unwrap_or_default());
        }
    });
    let update = move |update: PersonUpdate| {
        requests.act(async move { api::update_person(&id.get_value(), &update).await }, move |p| {
            person.set(Some(p))
        });
    };
    let rename = move |e: ev::SubmitEvent| {
        e.prevent_default();
        update(PersonUpdate { name: Some(typed.get_untracked()), hidden: None });
    };
    let merge_from = RwSignal::new(String::new());
    let merge = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let from = merge_from.get_untracked();
        if from.is_empty() {
            return;
        }
        requests.act(async move { api::merge_people(&id.get_value(), &from).await }, move |p| {
            person.set(Some(p));
            merge_from.set(String::new());
            actions.refreshed();
            load();
        });
    };
    let query = SearchQuery { person: Some(id.get_value()), ..Default::default() };
    view! {
        <p><a href=Route::People.hash() on:click=move |e| { e.prevent_default(); nav.go(Route::People) }>"← People"</a></p>
        {requests.problem()}
        {move || person.get().map(|p| {
            let hidden = p.hidden;
            view! {
                <header class="person-header">
                    {p.cover.clone().map(|c| view! { <FaceCrop asset=c.asset bounds=c.bounds /> })}
                    <form class="person-name" on:submit=rename>
                        <input aria-label="Name" placeholder="Add a name" bind:value=typed />
                        <button type="submit">"Save name"</button>
                    </form>
                    <span class="count">{photos(p.photos)}</span>
                    <button class="secondary" on:click=move |_| update(PersonUpdate { name: None, hidden: Some(!hidden) })>
                        {if hidden { "Show in People" } else { "Hide from People" }}
                    </button>
                </header>
            }
        })}
        <Show when=move || others.with(|o| !o.is_empty())>
            <form class="merge" on:submit=merge>
                <label>"The same person as "
                    <select aria-label="The same person as" on:change=move |e| merge_from.set(event_target_value(&e)) prop:value=move || merge_from.get()>
                        <option value="">"Choose…"</option>
                        {move || others.get().into_iter().map(|o| {
                            let label = format!("{} ({})", o.name.clone().unwrap_or_else(|| "Unnamed".into()), photos(o.photos));
                            view! { <option value=o.id.clone()>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="secondary">"Merge"</button>
            </form>
        </Show>
        <QueryGrid query=query dated=true />
    }
}
