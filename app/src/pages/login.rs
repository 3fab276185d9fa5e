//! Sign in, or create an account when the server allows it.

use crate::{api, components::requests::Requests, state::Session};
use keepsake_api::Credentials;
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let creating = RwSignal::new(false);
    let requests = Requests::new();
    let busy = RwSignal::new(false);
    let open_signup = RwSignal::new(true);
    requests.run(api::settings(), move |settings| open_signup.set(settings.open_signup));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        requests.clear();
        let credentials =
            Credentials { username: username.get_untracked(), password: password.get_untracked() };
        let create = creating.get_untracked();
        spawn_local(async move {
            let result =
                if create { api::signup(&credentials).await } else { api::login(&credentials).await };
            busy.set(false);
            match result {
                Ok(me) => session.signed_in(me).await,
                Err(e) => requests.fail(e),
            }
        });
    };
    view! {
        <main class="login">
            <h1>"Keepsake"</h1>
            <p class="tagline">"Your family's photos, on your own machine."</p>
            <form on:submit=submit>
                <label>"Username" <input name="username" autocomplete="username" required bind:value=username /></label>
                <label>
                    "Password"
                    <input
                        name="password"
                        type="password"
                        required
                        minlength="8"
                        autocomplete=move || if creating.get() { "new-password" } else { "current-password" }
                        bind:value=password
                    />
                </label>
                {requests.problem()}
                <button type="submit" disabled=move || busy.get()>
                    {move || if creating.get() { "Create account" } else { "Sign in" }}
                </button>
            </form>
            <Show when=move || open_signup.get()>
                <button class="link" on:click=move |_| creating.update(|c| *c = !*c)>
                    {move || if creating.get() { "I have an account: sign in" } else { "New here? Create an account" }}
                </button>
            </Show>
        </main>
    }
}
