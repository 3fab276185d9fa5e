//! Pages people reach by a link, signed in or not: a shared album or photo (`/s/{token}`) and a family
//! vault invitation (`#/invite/{token}`).

use crate::{
    api::{self, ClientError},
    components::photo_browser::PhotoBrowser,
    state::{Actions, Library, ReadOnly, Selection, Session},
};
use keepsake_api::{Asset, Credentials, InviteInfo, PublicShare};
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};

fn no_longer_valid(e: &ClientError) -> bool {
    matches!(e, ClientError::Api { status: 404 | 410, .. })
}

/// A shared album or photo, read-only. Nothing is shown before the password; every image comes
/// through the link, so revoking it stops them.
#[component]
pub fn SharePage(token: String) -> impl IntoView {
    api::use_link(Some(token.clone()));
    on_cleanup(|| api::use_link(None));
    provide_context(Selection::new());
    provide_context(Actions::new(Library::new()));
    let share = RwSignal::new(None::<Result<PublicShare, ClientError>>);
    let assets = RwSignal::new(Vec::<Asset>::new());
    let token = StoredValue::new(token);
    let load = move || {
        spawn_local(async move {
            let token = token.get_value();
            let result = api::public_share(&token).await;
            if let Ok(s) = &result
                && !s.locked
            {
                let mut offset = Some(0);
                let mut all = Vec::new();
                while let Some(at) = offset {
                    match api::public_assets(&token, at).await {
                        Ok(page) => {
                            all.extend(page.items);
                            offset = page.next_offset;
                        }
                        Err(e) => {
                            share.set(Some(Err(e)));
                            return;
                        }
                    }
                }
                assets.set(all);
            }
            share.set(Some(result));
        });
    };
    load();
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let unlock = move |e: SubmitEvent| {
        e.prevent_default();
        error.set(None);
        spawn_local(async move {
            match api::unlock_share(&token.get_value(), password.get_untracked()).await {
                Ok(()) => load(),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <main class="share-page">
            <header class="bar"><strong class="brand">"Keepsake"</strong></header>
            {move || match share.get() {
                None => view! { <p class="loading">"Loading…"</p> }.into_any(),
                Some(Err(e)) if no_longer_valid(&e) => view! {
                    <section class="empty" role="alert"><h1>"This link is no longer valid"</h1>
                        <p>"It may have expired or been turned off by the person who shared it."</p></section>
                }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(s)) if s.locked => view! {
                    <form class="unlock" on:submit=unlock>
                        <h1>"This album is protected"</h1>
                        <label>"Password" <input type="password" name="link-password" required bind:value=password /></label>
                        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <button type="submit">"View photos"</button>
                    </form>
                }.into_any(),
                Some(Ok(s)) => {
                    provide_context(ReadOnly { download: s.allow_download });
                    let download = s.allow_download.then(|| view! {
                        <a class="button" href=api::public_download_url(&token.get_value())>"Download all"</a>
                    });
                    view! {
                        <section class="share-head">
                            <h1>{s.title.clone().unwrap_or_default()}</h1>
                            {s.description.clone().map(|d| view! { <p>{d}</p> })}
                            <p class="muted">{format!("{} photo{} · shared by {}", s.count, if s.count == 1 { "" } else { "s" }, s.shared_by.clone().unwrap_or_default())}</p>
                            {download}
                        </section>
                        <PhotoBrowser source=assets />
                    }.into_any()
                }
            }}
        </main>
    }
}

/// A vault invitation: sign in or sign up right here, then join.
#[component]
pub fn InvitePage(token: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let info = RwSignal::new(None::<Result<InviteInfo, ClientError>>);
    let token = StoredValue::new(token);
    spawn_local(async move { info.set(Some(api::invite_info(&token.get_value()).await)) });
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let joined = move || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash("#/vault");
        }
    };
    let join = move |_| {
        busy.set(true);
        spawn_local(async move {
            match api::join_vault(&token.get_value()).await {
                Ok(_) => joined(),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let submit = move |create: bool| {
        move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            error.set(None);
            let credentials =
                Credentials { username: username.get_untracked(), password: password.get_untracked() };
            spawn_local(async move {
                let token = token.get_value();
                let result = if create {
                    api::signup_from_invite(&token, &credentials).await
                } else {
                    match api::login(&credentials).await {
                        Ok(me) => api::join_vault(&token).await.map(|_| me),
                        Err(e) => Err(e),
                    }
                };
                busy.set(false);
                match result {
                    Ok(me) => {
                        joined();
                        session.signed_in(me).await;
                    }
                    Err(e) => error.set(Some(e.to_string())),
                }
            });
        }
    };
    let creating = RwSignal::new(true);
    view! {
        <main class="login invite">
            <h1>"Keepsake"</h1>
            {move || match info.get() {
                None => view! { <p class="loading">"Loading…"</p> }.into_any(),
                Some(Err(e)) if no_longer_valid(&e) => view! {
                    <p class="error" role="alert">"This invitation is no longer valid. Ask for a new one."</p>
                }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(i)) => view! {
                    <p class="tagline">{format!("{} invited you to the family vault “{}”.", i.owner, i.vault)}</p>
                    {move || if session.me.get().is_some() {
                        view! { <button disabled=move || busy.get() on:click=join>"Join the vault"</button> }.into_any()
                    } else {
                        view! {
                            <form on:submit=move |e| submit(creating.get_untracked())(e)>
                                <label>"Username" <input name="username" autocomplete="username" required bind:value=username /></label>
                                <label>"Password" <input name="password" type="password" required minlength="8" bind:value=password /></label>
                                <button type="submit" disabled=move || busy.get()>
                                    {move || if creating.get() { "Create account and join" } else { "Sign in and join" }}
                                </button>
                            </form>
                            <button class="link" on:click=move |_| creating.update(|c| *c = !*c)>
                                {move || if creating.get() { "I have an account: sign in" } else { "New here? Create an account" }}
                            </button>
                        }.into_any()
                    }}
                }.into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </main>
    }
}
