//! Pages people reach by a link, signed in or not: a shared album or photo (`/s/{token}`) and a family
//! vault invitation (`#/invite/{token}`).

use crate::{
    api::{self, ClientError},
    components::{
        photo_browser::PhotoBrowser,
        requests::{Requests, loading},
    },
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
            let result = share_and_photos(&token.get_value()).await;
            share.set(Some(result.map(|(s, all)| {
                assets.set(all);
                s
            })));
        });
    };
    load();
    let password = RwSignal::new(String::new());
    let requests = Requests::new();
    let unlock = move |e: SubmitEvent| {
        e.prevent_default();
        requests.clear();
        let token = token.get_value();
        requests
            .run(async move { api::unlock_share(&token, password.get_untracked()).await }, move |()| load());
    };
    view! {
        <main class="share-page">
            <header class="bar"><strong class="brand">"Keepsake"</strong></header>
            {move || match share.get() {
                None => loading(),
                Some(Err(e)) if no_longer_valid(&e) => view! {
                    <section class="empty" role="alert"><h1>"This link is no longer valid"</h1>
                        <p>"It may have expired or been turned off by the person who shared it."</p></section>
                }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(s)) if s.locked => view! {
                    <form class="unlock" on:submit=unlock>
                        <h1>"This album is protected"</h1>
                        <label>"Password" <input type="password" name="link-password" required bind:value=password /></label>
                        {requests.problem()}
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

/// The share and, once it is open (no password, or unlocked), all its photos.
async fn share_and_photos(token: &str) -> Result<(PublicShare, Vec<Asset>), ClientError> {
    let share = api::public_share(token).await?;
    let mut all = Vec::new();
    let mut offset = (!share.locked).then_some(0);
    while let Some(at) = offset {
        let page = api::public_assets(token, at).await?;
        all.extend(page.items);
        offset = page.next_offset;
    }
    Ok((share, all))
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
    let requests = Requests::new();
    let busy = RwSignal::new(false);
    let joined = move || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash("#/vault");
        }
    };
    let join = move |_| {
        busy.set(true);
        requests.run(
            async move {
                let joining = api::join_vault(&token.get_value()).await;
                busy.set(false);
                joining
            },
            move |_| joined(),
        );
    };
    let submit = move |create: bool| {
        move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            requests.clear();
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
                    Err(e) => requests.fail(e),
                }
            });
        }
    };
    let creating = RwSignal::new(true);
    view! {
        <main class="login invite">
            <h1>"Keepsake"</h1>
            {move || match info.get() {
                None => loading(),
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
            {requests.problem()}
        </main>
    }
}
