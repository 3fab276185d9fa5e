//! Sharing inside the library: the "Shared" page (links made, albums shared with me), the people an
//! album is shared with, and the family vault.

use crate::{
    api,
    components::{
        copy_button::CopyButton,
        photo_browser::PhotoBrowser,
        requests::{Requests, loading},
    },
    format,
    state::Actions,
};
use keepsake_api::{Album, AlbumRole, Asset, ShareLink, ShareLinkUpdate, Vault};
use leptos::{ev::SubmitEvent, prelude::*};
use std::collections::HashMap;

#[component]
pub fn SharedPage() -> impl IntoView {
    let links = RwSignal::new(Vec::<ShareLink>::new());
    let albums = RwSignal::new(Vec::<Album>::new());
    let requests = Requests::new();
    let reload = move || {
        requests.run(api::links(), move |l| links.set(l));
        requests.run(api::shared_with_me(), move |a| albums.set(a));
    };
    reload();
    let revoke =
        move |id: String| requests.act(async move { api::revoke_link(&id).await }, move |()| reload());
    let change = move |id: String, update: ShareLinkUpdate| {
        requests.act(async move { api::update_link(&id, &update).await }, move |_| reload())
    };
    view! {
        <h1>"Shared"</h1>
        {requests.problem()}
        <h2>"Shared with me"</h2>
        {move || if albums.with(Vec::is_empty) {
            view! { <p class="muted">"Albums other people share with you appear here."</p> }.into_any()
        } else {
            view! {
                <ul class="cards">
                    {albums.get().into_iter().map(|a| view! {
                        <li><a href=format!("#/albums/{}", a.id)>
                            {a.cover.clone().map(|c| view! { <img src=api::file_url(&c, "thumbnail") alt="" /> })}
                            <strong>{a.name.clone()}</strong>
                            <span class="muted">{format!("by {} · {}", a.owner, if a.role == Some(AlbumRole::Contributor) { "you can add photos" } else { "view only" })}</span>
                        </a></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>"Your links"</h2>
        {move || if links.with(Vec::is_empty) {
            view! { <p class="muted">"Links you make with “Share link” appear here, to change or turn off."</p> }.into_any()
        } else {
            view! {
                <table class="links">
                    <thead><tr><th>"What"</th><th>"Made"</th><th>"Expires"</th><th>"Password"</th><th>"Downloads"</th><th>"Location"</th><th>"Camera"</th><th></th></tr></thead>
                    <tbody>
                    {links.get().into_iter().map(|l| {
                        let (revoke_id, dl_id, exp_id) = (l.id.clone(), l.id.clone(), l.id.clone());
                        let (loc_id, cam_id, pw_id) = (l.id.clone(), l.id.clone(), l.id.clone());
                        let (allow, location, camera) = (l.allow_download, l.show_location, l.show_camera);
                        let new_password = RwSignal::new(String::new());
                        let expiry = RwSignal::new(l.expires_at.as_deref().map(format::local_day).unwrap_or_default());
                        view! {
                            <tr class:expired=l.expired aria-label=format!("Link to {}", l.title)>
                                <td>{format!("{} “{}”", if l.kind == "album" { "Album" } else { "Photo" }, l.title)}</td>
                                <td>{format::local_day(&l.created_at)}</td>
                                <td>
                                    <input type="date" aria-label="Expires on" bind:value=expiry
                                        on:change=move |_| {
                                            let text = expiry.get_untracked();
                                            change(exp_id.clone(), ShareLinkUpdate { expires_at: Some(format::local_end_of_day(&text)), ..Default::default() })
                                        } />
                                    {l.expired.then(|| view! { <span class="badge">"expired"</span> })}
                                </td>
                                <td>
                                    {if l.has_password { "yes" } else { "no" }}
                                    <form class="row" on:submit=move |e: SubmitEvent| {
                                        e.prevent_default();
                                        // An empty password takes the password off.
                                        change(pw_id.clone(), ShareLinkUpdate { password: Some(new_password.get_untracked()), ..Default::default() })
                                    }>
                                        <input type="password" aria-label="New password" placeholder=if l.has_password { "New (empty: none)" } else { "Set one" } bind:value=new_password />
                                        <button type="submit" class="secondary">"Set"</button>
                                    </form>
                                </td>
                                <td><input type="checkbox" checked=allow aria-label="Allow downloads"
                                    on:change=move |_| change(dl_id.clone(), ShareLinkUpdate { allow_download: Some(!allow), ..Default::default() }) /></td>
                                <td><input type="checkbox" checked=location aria-label="Show location"
                                    on:change=move |_| change(loc_id.clone(), ShareLinkUpdate { show_location: Some(!location), ..Default::default() }) /></td>
                                <td><input type="checkbox" checked=camera aria-label="Show camera details"
                                    on:change=move |_| change(cam_id.clone(), ShareLinkUpdate { show_camera: Some(!camera), ..Default::default() }) /></td>
                                <td><button class="danger" on:click=move |_| revoke(revoke_id.clone())>"Turn off link"</button></td>
                            </tr>
                        }
                    }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
pub fn VaultPage() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let vault = RwSignal::new(None::<Option<Vault>>);
    let source = RwSignal::new(Vec::<Asset>::new());
    let added_by = RwSignal::new(HashMap::<String, String>::new());
    let requests = Requests::new();
    let invite = RwSignal::new(None::<String>);
    let reload = move || {
        requests.run(vault_and_photos(), move |(v, items, credits)| {
            vault.set(Some(v));
            added_by.set(credits);
            source.set(items);
        })
    };
    Effect::new(move |_| {
        actions.refresh.track();
        reload();
    });
    let name = RwSignal::new("Family".to_string());
    let create = move |e: SubmitEvent| {
        e.prevent_default();
        requests.act(api::create_vault(name.get_untracked()), move |_| reload());
    };
    let days = RwSignal::new("7".to_string());
    let uses = RwSignal::new("1".to_string());
    let make_invite = move |e: SubmitEvent| {
        e.prevent_default();
        let days = days.get_untracked().parse().unwrap_or(7);
        let uses = uses.get_untracked().parse().unwrap_or(1);
        requests
            .act(api::create_invite(days, uses), move |i| invite.set(Some(api::invite_address(&i.token))));
    };
    let leave = move |user: u64| requests.act(api::vault_remove_member(user), move |()| reload());
    let end = move |_| requests.act(api::delete_vault(), move |()| reload());
    let auto_add = move |on: bool| requests.act(api::vault_settings(on), move |v| vault.set(Some(Some(v))));
    let me = expect_context::<crate::state::Session>();
    let notes = Memo::new(move |_| added_by.get());
    view! {
        {requests.problem()}
        {move || match vault.get() {
            None => loading(),
            Some(None) => view! {
                <h1>"Family Vault"</h1>
                <p>"A space your household shares: everyone adds photos from their own library, and everyone in it sees them. Your other photos stay private."</p>
                <form class="row" on:submit=create>
                    <input aria-label="Vault name" required bind:value=name />
                    <button type="submit">"Create a family vault"</button>
                </form>
            }.into_any(),
            Some(Some(v)) => {
                let my_id = me.me.get_untracked().map(|m| m.id).unwrap_or_default();
                let is_owner = v.is_owner;
                let auto = v.auto_add;
                view! {
                    <h1>{v.name.clone()}</h1>
                    <p class="muted">{format!("{} photo{} · {} of {} people", v.count, if v.count == 1 { "" } else { "s" }, v.members.len(), v.member_limit)}</p>
                    <ul class="members" aria-label="Members">
                        {v.members.iter().map(|m| {
                            let user = m.user_id;
                            let who = format!("{}{} — {} photo{}", m.username, if m.is_owner { " (owner)" } else { "" }, m.photos, if m.photos == 1 { "" } else { "s" });
                            view! { <li>{who}
                                {(is_owner && !m.is_owner).then(|| view! { <button class="link" on:click=move |_| leave(user)>"Remove"</button> })}
                            </li> }
                        }).collect_view()}
                    </ul>
                    <label class="check"><input type="checkbox" checked=auto name="auto-add"
                        on:change=move |_| auto_add(!auto) />"Add everything I upload"</label>
                    {is_owner.then(|| view! {
                        <form class="row" on:submit=make_invite>
                            <label>"Valid for days" <input type="number" min="1" max="90" bind:value=days /></label>
                            <label>"People it admits" <input type="number" min="1" max="100" bind:value=uses /></label>
                            <button type="submit" class="secondary">"Create invite link"</button>
                        </form>
                    })}
                    {move || invite.get().map(|address| view! {
                        <p>"Send this link to who you are inviting:"</p>
                        <input class="link-address" readonly aria-label="Invite link" value=address.clone() />
                        <div class="row"><CopyButton text=address /></div>
                    })}
                    <div class="row">
                        {if is_owner {
                            view! { <button class="danger" on:click=end>"End the vault"</button> }.into_any()
                        } else {
                            view! { <button class="danger" on:click=move |_| leave(my_id)>"Leave the vault"</button> }.into_any()
                        }}
                    </div>
                    <p class="muted hint">"Add photos from your library: select them and choose “Add to vault”."</p>
                }.into_any()
            }
        }}
        <PhotoBrowser source=source dated=true notes=notes />
    }
}

/// The vault (none when the person is in none) with all its photos and who added each.
async fn vault_and_photos() -> api::ClientResult<(Option<Vault>, Vec<Asset>, HashMap<String, String>)> {
    let Some(vault) = api::vault().await? else {
        return Ok((None, Vec::new(), HashMap::new()));
    };
    let (mut cursor, mut items, mut credits) = (None::<String>, Vec::new(), HashMap::new());
    loop {
        let page = api::vault_page(cursor.as_deref()).await?;
        for item in page.items {
            credits.insert(item.asset.id.clone(), format!("added by {}", item.added_by.join(", ")));
            items.push(item.asset);
        }
        cursor = page.next_cursor;
        if cursor.is_none() {
            return Ok((Some(vault), items, credits));
        }
    }
}
