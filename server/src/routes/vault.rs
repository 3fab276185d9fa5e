//! The family vault: one shared timeline that members join by invitation. Members add photos from
//! their own libraries (the vault refers to them; nothing is copied), take them back, or leave with
//! them. The same file from two members is one entry, credited to both.

use super::{IdPath, TokenPath, openapi::empty};
use crate::{
    AppState,
    auth::{self, CurrentUser},
    db::{InviteRecord, VaultMemberRecord, VaultRecord},
    error::{ApiJson, AppError, AppResult, Path, Query},
    permissions::{Action, Resource, authorize, authorize_invite},
    routes::{
        accounts::{CREDENTIALS_BODY_LIMIT, start_session, validate},
        albums::own_asset,
        assets::{BATCH_BODY_LIMIT, Names, chosen, rfc3339},
    },
};
use aide::axum::{
    ApiRouter,
    routing::{delete_with, get_with, patch_with, post_with},
};
use axum::{
    Json,
    extract::{DefaultBodyLimit, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use keepsake_api::{
    AssetIds, CreatedInvite, Credentials, EditResult, Invite, InviteInfo, NewInvite, NewVault, Vault,
    VaultItem, VaultMember, VaultPage, VaultSettings, paths,
};

const MAX_NAME: usize = 100;

pub fn routes() -> ApiRouter<AppState> {
    let batch = || DefaultBodyLimit::max(BATCH_BODY_LIMIT);
    ApiRouter::new()
        .api_route(
            paths::VAULT,
            get_with(one, |op| op.summary("The caller's family vault"))
                .post_with(create, |op| {
                    op.summary("Create a family vault (one per person)").response::<201, Json<Vault>>()
                })
                .patch_with(rename, |op| op.summary("Rename the vault (owner)"))
                .delete_with(remove, |op| {
                    empty(op.summary("End the vault (owner); photos stay in their owners' libraries"), 204)
                }),
        )
        .api_route(
            paths::VAULT_ASSETS,
            get_with(page, |op| op.summary("The vault's timeline: each file once, with who added it"))
                .layer(super::compressed_json())
                .post_with(add, |op| op.summary("Add the caller's photos to the vault (no copy)"))
                .layer(batch()),
        )
        .api_route(
            paths::VAULT_REMOVE,
            post_with(take_back, |op| op.summary("Take the caller's photos back out of the vault"))
                .layer(batch()),
        )
        .api_route(
            paths::VAULT_ME,
            patch_with(settings, |op| op.summary("The caller's vault setting: add everything they upload")),
        )
        .api_route(
            "/vault/members/{user}",
            delete_with(remove_member, |op| {
                empty(
                    op.summary("Remove a member (owner) or leave (the member); their photos leave with them"),
                    204,
                )
            }),
        )
        .api_route(
            paths::VAULT_INVITES,
            get_with(invites, |op| op.summary("The vault's invitations (owner)")).post_with(invite, |op| {
                op.summary(
                    "Invite by link with an expiry and a number of uses (owner); the token is returned once",
                )
                .response::<201, Json<CreatedInvite>>()
            }),
        )
        .api_route(
            "/vault/invites/{id}",
            delete_with(revoke_invite, |op| empty(op.summary("Revoke an invitation (owner)"), 204)),
        )
        .api_route("/invites/{token}", get_with(invite_info, |op| op.summary("What an invitation is to")))
        .api_route(
            "/invites/{token}/join",
            post_with(join, |op| op.summary("Join the vault as the signed-in person")),
        )
        .api_route(
            "/invites/{token}/signup",
            post_with(signup_and_join, |op| {
                op.summary("Create an account from the invitation and join its vault, all or nothing")
                    .response::<201, Json<keepsake_api::Me>>()
            })
            .layer(DefaultBodyLimit::max(CREDENTIALS_BODY_LIMIT)),
        )
}

fn clean_name(name: &str) -> AppResult<String> {
    let too_long = name.chars().count() > MAX_NAME;
    let name = keepsake_api::squeeze_spaces(name);
    if name.is_empty() || too_long {
        return Err(AppError::BadRequest(format!("a vault's name has 1 to {MAX_NAME} characters")));
    }
    Ok(name)
}

/// The caller's vault, after checking they may `action` it.
async fn load(state: &AppState, user: &CurrentUser, action: Action) -> AppResult<VaultRecord> {
    let id = user.0.id;
    let vault = state.store.run(move |store| store.vault_of_user(id)).await?.ok_or(AppError::NotFound)?;
    authorize(user.principal(), action, Resource::Vault(&vault))?;
    Ok(vault)
}

async fn to_vault(state: &AppState, vault: VaultRecord, viewer: u64) -> AppResult<Vault> {
    let limit = state.config.vault_member_limit;
    state
        .store
        .run(move |store| {
            let counts = store.vault_contribution_counts(&vault.id)?;
            let mut names = Names::new(store, viewer);
            let mut members = Vec::with_capacity(vault.members.len());
            for m in &vault.members {
                members.push(VaultMember {
                    user_id: m.user,
                    username: names.name(m.user)?,
                    is_owner: m.user == vault.owner,
                    joined_at: rfc3339(m.joined_at),
                    photos: counts.get(&m.user).copied().unwrap_or(0),
                });
            }
            Ok(Vault {
                owner: names.name(vault.owner)?,
                is_owner: vault.owner == viewer,
                auto_add: vault.member(viewer).is_some_and(|m| m.auto_add),
                count: store.vault_count(&vault.id)?,
                member_limit: limit,
                members,
                id: vault.id,
                name: vault.name,
            })
        })
        .await
}

async fn one(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vault>> {
    let vault = load(&state, &user, Action::Read).await?;
    Ok(Json(to_vault(&state, vault, user.0.id).await?))
}

async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<NewVault>,
) -> AppResult<(StatusCode, Json<Vault>)> {
    authorize(user.principal(), Action::Write, Resource::OwnLibrary)?;
    let now = state.clock.now();
    let vault = VaultRecord {
        id: auth::random_hex(16),
        owner: user.0.id,
        name: clean_name(&request.name)?,
        members: vec![VaultMemberRecord { user: user.0.id, joined_at: now, auto_add: false }],
        created_at: now,
    };
    let saved = vault.clone();
    state.store.run(move |store| store.create_vault(&saved)).await?;
    Ok((StatusCode::CREATED, Json(to_vault(&state, vault, user.0.id).await?)))
}

async fn rename(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<NewVault>,
) -> AppResult<Json<Vault>> {
    let vault = load(&state, &user, Action::Write).await?;
    let name = clean_name(&request.name)?;
    let record = state.store.run(move |store| store.rename_vault(&vault.id, name)).await?;
    Ok(Json(to_vault(&state, record, user.0.id).await?))
}

/// Ends the vault for everyone; every photo stays in its owner's library.
async fn remove(State(state): State<AppState>, user: CurrentUser) -> AppResult<StatusCode> {
    let vault = load(&state, &user, Action::Write).await?;
    state.store.run(move |store| store.delete_vault(&vault.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct CursorQuery {
    /// `next_cursor` of the page before.
    #[schemars(regex(pattern = r"^-?[0-9]{1,18}_[0-9a-fA-F]{64}$"))]
    cursor: Option<String>,
    #[schemars(range(min = 1, max = super::MAX_PAGE))]
    limit: Option<usize>,
}

fn parse_cursor(cursor: &str) -> AppResult<(i64, String)> {
    let bad = || AppError::BadRequest("invalid cursor".into());
    let (sort, sha) = cursor.split_once('_').ok_or_else(bad)?;
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok((sort.parse().map_err(|_| bad())?, sha.to_string()))
}

async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<CursorQuery>,
) -> AppResult<Json<VaultPage>> {
    let vault = load(&state, &user, Action::Read).await?;
    let after = q.cursor.as_deref().map(parse_cursor).transpose()?;
    let limit = super::page_limit(q.limit, 200)?;
    let (principal, viewer) = (user.principal(), user.0.id);
    let page = state
        .store
        .run(move |store| {
            let (entries, next) = store.vault_page(&vault.id, after, limit)?;
            let mut names = Names::new(store, viewer);
            let mut items = Vec::with_capacity(entries.len());
            for entry in entries {
                let resource = Resource::VaultAsset { vault: &vault, asset: &entry.shown, in_vault: true };
                authorize(principal, Action::Read, resource)?;
                let mut added_by = Vec::new();
                for (owner, _) in &entry.contributors {
                    added_by.push(names.name(*owner)?);
                }
                added_by.dedup();
                items.push(VaultItem {
                    asset: names.view(&entry.shown)?,
                    added_by,
                    mine: entry.contributors.iter().any(|(owner, _)| *owner == viewer),
                });
            }
            Ok(VaultPage { items, next_cursor: next.map(|(sort, sha)| format!("{sort}_{sha}")) })
        })
        .await?;
    Ok(Json(page))
}

async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<AssetIds>,
) -> AppResult<Json<EditResult>> {
    let vault = load(&state, &user, Action::Contribute).await?;
    chosen(&request.ids)?;
    let principal = user.principal();
    let changed =
        state.store.run(move |store| store.vault_add(&vault.id, &request.ids, &own_asset(principal))).await?;
    Ok(Json(EditResult { changed }))
}

/// Takes the caller's own photos (or, given another member's file id, the caller's copy of the same
/// file) back out of the vault.
async fn take_back(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<AssetIds>,
) -> AppResult<Json<EditResult>> {
    let vault = load(&state, &user, Action::Contribute).await?;
    chosen(&request.ids)?;
    let (principal, me) = (user.principal(), user.0.id);
    let changed = state
        .store
        .run(move |store| {
            // The grid shows one member's copy of a shared file: map each id to the caller's own copy.
            let mut own = Vec::with_capacity(request.ids.len());
            for id in &request.ids {
                let asset = store.asset(id)?.ok_or(AppError::NotFound)?;
                if asset.owner == me {
                    own.push(asset.id);
                } else if let Some((_, mine)) = store.owner_hashes(me, &[asset.sha256])?.pop() {
                    own.push(mine);
                } else {
                    return Err(AppError::NotFound);
                }
            }
            store.vault_take_back(&vault.id, &own, &own_asset(principal))
        })
        .await?;
    Ok(Json(EditResult { changed }))
}

async fn settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<VaultSettings>,
) -> AppResult<Json<Vault>> {
    let vault = load(&state, &user, Action::Contribute).await?;
    let me = user.0.id;
    let vault =
        state.store.run(move |store| store.set_vault_auto_add(&vault.id, me, request.auto_add)).await?;
    Ok(Json(to_vault(&state, vault, me).await?))
}

/// `/vault/members/{user}`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct MemberPath {
    user: u64,
}

/// The owner removes a member, or a member leaves; either way their photos leave with them.
async fn remove_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(MemberPath { user: member }): Path<MemberPath>,
) -> AppResult<StatusCode> {
    let vault = load(&state, &user, Action::Read).await?;
    authorize(user.principal(), Action::Write, Resource::VaultMember { vault: &vault, user: member })?;
    state.store.run(move |store| store.vault_remove_member(&vault.id, member)).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn to_invite(invite: &InviteRecord) -> Invite {
    Invite {
        id: invite.id.clone(),
        created_at: rfc3339(invite.created_at),
        expires_at: rfc3339(invite.expires_at),
        max_uses: invite.max_uses,
        uses: invite.uses,
    }
}

async fn invites(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Invite>>> {
    let vault = load(&state, &user, Action::Write).await?;
    let list = state.store.run(move |store| store.invites_of(&vault.id)).await?;
    Ok(Json(list.iter().map(to_invite).collect()))
}

async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<NewInvite>,
) -> AppResult<(StatusCode, Json<CreatedInvite>)> {
    let vault = load(&state, &user, Action::Write).await?;
    if !(1..=90).contains(&request.days) || !(1..=100).contains(&request.max_uses) {
        return Err(AppError::BadRequest(
            "an invitation lasts 1 to 90 days and admits 1 to 100 people".into(),
        ));
    }
    let now = state.clock.now();
    let token = auth::random_hex(24);
    let record = InviteRecord {
        id: auth::random_hex(16),
        vault: vault.id,
        token_hash: auth::token_hash(&token),
        created_at: now,
        expires_at: now + i64::from(request.days) * 86_400,
        max_uses: request.max_uses,
        uses: 0,
    };
    let saved = record.clone();
    state.store.run(move |store| store.create_invite(&saved)).await?;
    Ok((StatusCode::CREATED, Json(CreatedInvite { invite: to_invite(&record), token })))
}

async fn revoke_invite(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<StatusCode> {
    let vault = load(&state, &user, Action::Write).await?;
    state.store.run(move |store| store.delete_invite(&vault.id, &id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the invite page shows; anyone holding the invitation may read it.
async fn invite_info(
    State(state): State<AppState>,
    Path(TokenPath { token }): Path<TokenPath>,
) -> AppResult<Json<InviteInfo>> {
    let hash = auth::token_hash(&token);
    let (now, limit) = (state.clock.now(), state.config.vault_member_limit);
    let info = state
        .store
        .run(move |store| {
            let invalid = || AppError::Gone("this invitation is no longer valid");
            let invite = store.invite_by_token(&hash)?.ok_or_else(invalid)?;
            authorize_invite(&invite, now)?;
            let vault = store.vault(&invite.vault)?.ok_or_else(invalid)?;
            let owner = store.user(vault.owner)?.map_or_else(String::new, |u| u.username);
            Ok(InviteInfo { vault: vault.name, owner, members: vault.members.len(), member_limit: limit })
        })
        .await?;
    Ok(Json(info))
}

async fn join_vault(state: &AppState, token: &str, user: u64) -> AppResult<VaultRecord> {
    let hash = auth::token_hash(token);
    let (now, limit) = (state.clock.now(), state.config.vault_member_limit);
    let check = move |invite: &InviteRecord| authorize_invite(invite, now);
    state.store.run(move |store| store.join_by_invite(&hash, user, now, limit, &check)).await
}

async fn join(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(TokenPath { token }): Path<TokenPath>,
) -> AppResult<Json<Vault>> {
    authorize(user.principal(), Action::Write, Resource::OwnLibrary)?;
    let vault = join_vault(&state, &token, user.0.id).await?;
    Ok(Json(to_vault(&state, vault, user.0.id).await?))
}

/// Creates an account and joins in one step: an invitation admits its guest even when open sign-up
/// is off. Taking a use of the invitation, checking the vault has room and creating the account are one
/// transaction, so an invitation that cannot admit its guest leaves no account behind.
async fn signup_and_join(
    State(state): State<AppState>,
    Path(TokenPath { token }): Path<TokenPath>,
    headers: HeaderMap,
    ApiJson(credentials): ApiJson<Credentials>,
) -> AppResult<Response> {
    validate(&credentials)?;
    // Cheap checks first, so a dead invitation costs no password hashing.
    let _ = invite_info(State(state.clone()), Path(TokenPath { token: token.clone() })).await?;
    let password_hash = state.passwords.hash(credentials.password).await?;
    let hash = auth::token_hash(&token);
    let (now, limit) = (state.clock.now(), state.config.vault_member_limit);
    let check = move |invite: &InviteRecord| authorize_invite(invite, now);
    let username = credentials.username;
    let (user, _) = state
        .store
        .run(move |store| store.signup_by_invite(&hash, &username, password_hash, now, limit, &check))
        .await?;
    tracing::info!(user.id = user.id, "account created from a vault invitation");
    start_session(&state, &headers, user, StatusCode::CREATED).await
}
