//! The admin's accounts page: who has an account, how much each keeps, quotas, disabling, sign-up.

use crate::{
    api,
    components::{requests::Requests, storage::usage_text},
};
use keepsake_api::{Account, AccountUpdate, Credentials, ServerSettings};
use leptos::{ev, prelude::*, task::spawn_local};

#[component]
pub fn AccountsPage() -> impl IntoView {
    let accounts = RwSignal::new(None::<Vec<Account>>);
    let requests = Requests::new();
    let reload = move || requests.act(api::accounts(), move |list| accounts.set(Some(list)));
    reload();
    let change = move |id: u64, update: AccountUpdate| {
        requests.run(async move { api::update_account(id, &update).await }, move |_| reload())
    };
    let remove = move |id: u64| requests.run(api::delete_account(id), move |()| reload());
    view! {
        <section class="accounts">
            <h1>"Accounts"</h1>
            <InstanceSettings />
            {requests.problem()}
            <table>
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Storage"</th><th scope="col">"Quota (GB)"</th><th scope="col">"Status"</th></tr></thead>
                <tbody>
                    {move || accounts.get().unwrap_or_default().into_iter().map(|a| view! { <AccountRow account=a change=change remove=remove /> }).collect_view()}
                </tbody>
            </table>
            <NewAccount on_created=reload />
        </section>
    }
}

#[component]
fn AccountRow(
    account: Account,
    change: impl Fn(u64, AccountUpdate) + Copy + 'static,
    remove: impl Fn(u64) + Copy + 'static,
) -> impl IntoView {
    let id = account.id;
    let quota_gb =
        RwSignal::new(account.quota_bytes.map_or_else(String::new, |q| format!("{}", q as f64 / 1e9)));
    let save_quota = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let text = quota_gb.get_untracked();
        let quota = match text.trim() {
            "" => None,
            gb => match gb.parse::<f64>() {
                Ok(gb) if gb >= 0.0 => Some((gb * 1e9).round() as u64),
                _ => return,
            },
        };
        change(id, AccountUpdate { quota_bytes: Some(quota), ..Default::default() });
    };
    let disabled = account.disabled;
    let toggle = move |_| change(id, AccountUpdate { disabled: Some(!disabled), ..Default::default() });
    let question = format!(
        "Delete {} and everything that is theirs (photos, albums, links)? This cannot be undone.",
        account.username
    );
    let delete = move |_| {
        let sure = web_sys::window().and_then(|w| w.confirm_with_message(&question).ok());
        if sure == Some(true) {
            remove(id);
        }
    };
    view! {
        <tr data-account=account.username.clone()>
            <th scope="row">{account.username.clone()}{account.is_admin.then_some(" (admin)")}</th>
            <td>{usage_text(account.used_bytes, account.quota_bytes)}</td>
            <td>
                <form class="row" on:submit=save_quota>
                    <input type="number" min="0" step="any" inputmode="decimal" placeholder="No limit"
                        aria-label=format!("Quota for {} in GB", account.username) bind:value=quota_gb />
                    <button type="submit" class="secondary">"Set"</button>
                </form>
            </td>
            <td>
                {if disabled { "Disabled" } else { "Active" }}
                {(!account.is_admin).then(|| view! {
                    <button class="secondary" on:click=toggle>{if disabled { "Enable" } else { "Disable" }}</button>
                    <button class="secondary danger" on:click=delete.clone()>"Delete"</button>
                })}
            </td>
        </tr>
    }
}

/// The admin makes an account for someone (open sign-up can stay off).
#[component]
fn NewAccount(on_created: impl Fn() + Copy + 'static) -> impl IntoView {
    let (username, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let message = RwSignal::new(None::<String>);
    let submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        let credentials =
            Credentials { username: username.get_untracked(), password: password.get_untracked() };
        spawn_local(async move {
            match api::create_account(&credentials).await {
                Ok(me) => {
                    message.set(Some(format!("Made the account {}", me.username)));
                    username.set(String::new());
                    password.set(String::new());
                    on_created();
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="new-account" on:submit=submit>
            <h2>"Make an account"</h2>
            <label>"Username" <input name="new-username" autocomplete="off" required bind:value=username /></label>
            <label>"Password" <input type="password" name="new-password" autocomplete="new-password" required bind:value=password /></label>
            <button type="submit">"Make account"</button>
            {move || message.get().map(|m| view! { <p role="status">{m}</p> })}
        </form>
    }
}

/// Open sign-up: off (the default once the admin exists) means only accounts the admin makes. And
/// whether People starts on for new accounts (each person can turn it off or on for themselves).
#[component]
fn InstanceSettings() -> impl IntoView {
    let settings = RwSignal::new(None::<ServerSettings>);
    let requests = Requests::new();
    requests.run(api::settings(), move |s| settings.set(Some(s)));
    let save = move |change: ServerSettings| {
        requests
            .act(async move { api::update_settings(&change).await }, move |saved| settings.set(Some(saved)));
    };
    let current = move || {
        settings.get().unwrap_or(ServerSettings { open_signup: false, email: false, people_default: None })
    };
    let toggle_signup = move |e: ev::Event| {
        save(ServerSettings { open_signup: event_target_checked(&e), email: false, people_default: None });
    };
    let toggle_people = move |e: ev::Event| {
        let open_signup = current().open_signup;
        save(ServerSettings { open_signup, email: false, people_default: Some(event_target_checked(&e)) });
    };
    view! {
        <label class="toggle">
            <input type="checkbox" prop:checked=move || current().open_signup disabled=move || settings.with(Option::is_none) on:change=toggle_signup />
            "Anyone may sign up"
        </label>
        <label class="toggle">
            <input type="checkbox" prop:checked=move || current().people_default.unwrap_or(true) disabled=move || settings.with(Option::is_none) on:change=toggle_people />
            "People (finding and grouping faces) starts on for new accounts"
        </label>
        {requests.problem()}
    }
}
