//! Sign-up, sign-in, sign-out, the caller's identity, instance settings, admin-created accounts.

use super::openapi::empty;
use crate::{
    AppState,
    auth::{self, CurrentUser},
    client_addr::ClientAddr,
    db::{SessionRecord, Signup},
    error::{ApiJson, AppError, AppResult, Path},
    permissions::{Action, Principal, Resource, authorize},
};
use aide::axum::{
    ApiRouter,
    routing::{get_with, patch_with, post_with},
};
use axum::{
    Json,
    extract::{DefaultBodyLimit, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use keepsake_api::{
    Account, AccountUpdate, Credentials, MAX_PASSWORD_LEN, MAX_USERNAME_LEN, MIN_PASSWORD_LEN, Me,
    ServerSettings, paths,
};

/// Credentials are a name and a password: a few kilobytes at most, refused before they are parsed.
pub(crate) const CREDENTIALS_BODY_LIMIT: usize = 8 * 1024;

pub fn routes() -> ApiRouter<AppState> {
    let credentials = || DefaultBodyLimit::max(CREDENTIALS_BODY_LIMIT);
    ApiRouter::new()
        .api_route(
            paths::SIGNUP,
            post_with(signup, |op| {
                op.summary("Create an account and sign in (the first account is the admin)")
                    .input::<ApiJson<Credentials>>()
                    .response::<201, Json<Me>>()
            })
            .layer(credentials()),
        )
        .api_route(
            paths::LOGIN,
            post_with(login, |op| {
                op.summary(
                    "Sign in; sets the session cookie. Throttled after repeated failures (429, Retry-After)",
                )
                .response::<200, Json<Me>>()
            })
            .layer(credentials()),
        )
        .api_route(paths::LOGOUT, post_with(logout, |op| empty(op.summary("Sign out"), 204)))
        .api_route(paths::ME, get_with(me, |op| op.summary("The signed-in person, with their storage use")))
        .api_route(
            paths::SETTINGS,
            get_with(settings, |op| op.summary("Instance settings"))
                .put_with(update_settings, |op| op.summary("Change instance settings (admin)")),
        )
        .api_route(
            paths::STATS,
            get_with(stats, |op| op.summary("What the server has done since it started (admin)")),
        )
        .api_route(
            paths::USERS,
            get_with(accounts, |op| op.summary("Every account with its storage (admin)"))
                .post_with(create_account, |op| {
                    op.summary("Create an account (admin)").response::<201, Json<Me>>()
                }),
        )
        .api_route(
            "/users/{id}",
            patch_with(update_account, |op| {
                op.summary("Disable or enable an account, set its storage quota (admin)")
            })
            .delete_with(delete_account, |op| {
                let op = op.summary(
                    "Delete an account and everything that is theirs: photos, albums, links, their vault \
                     (admin; not the admin's own)",
                );
                empty(op, 204)
            }),
        )
}

pub(super) fn me_of(user: &crate::db::UserRecord, used_bytes: u64) -> Me {
    Me {
        id: user.id,
        username: user.username.clone(),
        is_admin: user.is_admin,
        used_bytes,
        quota_bytes: user.quota_bytes,
        people: user.people,
    }
}

fn account_of(user: &crate::db::UserRecord, used_bytes: u64) -> Account {
    Account {
        id: user.id,
        username: user.username.clone(),
        is_admin: user.is_admin,
        disabled: user.disabled,
        used_bytes,
        quota_bytes: user.quota_bytes,
        created_at: crate::routes::assets::rfc3339(user.created_at),
    }
}

/// A name that could be a username: what sign-in checks before it counts or looks up anything.
fn check_username(name: &str) -> AppResult<()> {
    let name_ok = !name.is_empty()
        && name.len() <= MAX_USERNAME_LEN * 4
        && name.chars().count() <= MAX_USERNAME_LEN
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !name_ok {
        return Err(AppError::BadRequest(format!(
            "a username is 1 to {MAX_USERNAME_LEN} letters, digits, dots, dashes or underscores"
        )));
    }
    Ok(())
}

pub(crate) fn validate(credentials: &Credentials) -> AppResult<()> {
    check_username(&credentials.username)?;
    let len = credentials.password.chars().count();
    if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&len) {
        return Err(AppError::BadRequest(format!(
            "a password has {MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters"
        )));
    }
    Ok(())
}

/// Cookies are `Secure` when configured so, or when a proxy says the client came over https.
pub(crate) fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies || headers.get("x-forwarded-proto").is_some_and(|p| p.as_bytes() == b"https")
}

pub(crate) async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    user: crate::db::UserRecord,
    status: StatusCode,
) -> AppResult<Response> {
    let (token, hash) = auth::new_session_token();
    let session = SessionRecord { user_id: user.id, expires_at: state.clock.now() + auth::SESSION_SECONDS };
    let id = user.id;
    let used = state
        .store
        .run(move |store| {
            store.insert_session(&hash, &session)?;
            store.storage_used(id)
        })
        .await?;
    let cookie = auth::session_cookie(&token, secure(state, headers));
    let mut response = (status, Json(me_of(&user, used))).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(AppError::internal)?);
    Ok(response)
}

pub(crate) async fn create_user(
    state: &AppState,
    credentials: Credentials,
    how: Signup,
) -> AppResult<crate::db::UserRecord> {
    validate(&credentials)?;
    let hash = state.passwords.hash(credentials.password).await?;
    let now = state.clock.now();
    let username = credentials.username;
    state
        .store
        .run(move |store| store.create_user(&username, hash, now, how))
        .await?
        .ok_or(AppError::Conflict("username-taken", "that username is taken".into()))
}

async fn signup(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(credentials): ApiJson<Credentials>,
) -> AppResult<Response> {
    // Asked again in the creating transaction; asking first spares a closed server the hashing.
    let open = state.store.run(|store| store.open_signup()).await?;
    if !open {
        return Err(AppError::Forbidden("sign-up is closed; ask the admin for an account"));
    }
    let user = create_user(&state, credentials, Signup::Open).await?;
    tracing::info!(user.id = user.id, admin = user.is_admin, "account created");
    start_session(&state, &headers, user, StatusCode::CREATED).await
}

/// Every attempt is counted before the password is verified (see `Throttles::password_attempt`): a
/// burst of simultaneous guesses is refused beyond the limit instead of all being checked.
async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    ApiJson(credentials): ApiJson<Credentials>,
) -> AppResult<Response> {
    check_username(&credentials.username)?;
    if credentials.password.len() > MAX_PASSWORD_LEN * 4 {
        return Err(AppError::BadCredentials);
    }
    let name = credentials.username.to_lowercase();
    let attempt = state.throttles.password_attempt(
        &format!("user:{name}"),
        &client.throttle_key(),
        state.clock.now(),
    )?;
    let user = state.store.run(move |store| store.user_by_name(&name)).await?;
    let stored = user.as_ref().map_or_else(|| auth::decoy_hash().to_string(), |u| u.password_hash.clone());
    let ok = match state.passwords.verify(credentials.password, stored).await {
        Ok(ok) => ok,
        Err(e) => {
            attempt.not_checked();
            return Err(e);
        }
    };
    match user {
        Some(user) if ok && user.disabled => {
            attempt.succeeded();
            Err(AppError::Forbidden("this account is disabled; ask the admin"))
        }
        Some(user) if ok => {
            attempt.succeeded();
            start_session(&state, &headers, user, StatusCode::OK).await
        }
        _ => Err(AppError::BadCredentials),
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = auth::cookie_token(&headers) {
        let hash = auth::token_hash(&token);
        state.store.run(move |store| store.delete_session(&hash)).await?;
        // After the commit: a lookup racing the sign-out cannot cache the session again.
        state.sessions.forget(&hash);
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let cookie = auth::clear_cookie(secure(&state, &headers));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(AppError::internal)?);
    Ok(response)
}

async fn me(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Me>> {
    let id = user.0.id;
    let used = state.store.run(move |store| store.storage_used(id)).await?;
    Ok(Json(me_of(&user.0, used)))
}

/// Share emails need a mail server and the public address the links in them point at.
fn sends_email(state: &AppState) -> bool {
    state.mailer.is_some() && state.config.public_url.is_some()
}

async fn settings(State(state): State<AppState>) -> AppResult<Json<ServerSettings>> {
    authorize(Principal::Anonymous, Action::Read, Resource::ServerSettings)?;
    let (open_signup, people) =
        state.store.run(|store| Ok((store.open_signup()?, store.people_default()?))).await?;
    Ok(Json(ServerSettings { open_signup, email: sends_email(&state), people_default: Some(people) }))
}

async fn update_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(settings): ApiJson<ServerSettings>,
) -> AppResult<Json<ServerSettings>> {
    authorize(user.principal(), Action::Write, Resource::ServerSettings)?;
    let open_signup = settings.open_signup;
    let people = state
        .store
        .run(move |store| {
            store.set_open_signup(open_signup)?;
            if let Some(on) = settings.people_default {
                store.set_people_default(on)?;
            }
            store.people_default()
        })
        .await?;
    Ok(Json(ServerSettings { open_signup, email: sends_email(&state), people_default: Some(people) }))
}

async fn create_account(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(credentials): ApiJson<Credentials>,
) -> AppResult<(StatusCode, Json<Me>)> {
    authorize(user.principal(), Action::Write, Resource::Accounts)?;
    let created = create_user(&state, credentials, Signup::Admitted).await?;
    Ok((StatusCode::CREATED, Json(me_of(&created, 0))))
}

async fn accounts(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<Account>>> {
    authorize(user.principal(), Action::Read, Resource::Accounts)?;
    let accounts = state.store.run(|store| store.accounts()).await?;
    Ok(Json(accounts.iter().map(|(user, used)| account_of(user, *used)).collect()))
}

/// `/users/{id}`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct AccountPath {
    id: u64,
}

/// The admin disables or enables an account and sets its quota. The admin's own account cannot be
/// disabled: there would be nobody left to enable it.
async fn update_account(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(AccountPath { id }): Path<AccountPath>,
    ApiJson(update): ApiJson<AccountUpdate>,
) -> AppResult<Json<Account>> {
    authorize(user.principal(), Action::Write, Resource::Accounts)?;
    if update.disabled == Some(true) && id == user.0.id {
        return Err(AppError::Conflict("own-account", "you cannot disable your own account".into()));
    }
    let (updated, used) = state
        .store
        .run(move |store| {
            let updated = store.update_user(id, |u| {
                if let Some(disabled) = update.disabled {
                    u.disabled = disabled;
                }
                if let Some(quota) = update.quota_bytes {
                    u.quota_bytes = quota;
                }
            })?;
            Ok((updated, store.storage_used(id)?))
        })
        .await?;
    state.sessions.forget_user(id);
    tracing::info!(user.id = id, disabled = updated.disabled, quota = ?updated.quota_bytes, "account changed");
    Ok(Json(account_of(&updated, used)))
}

/// The admin deletes an account for good. Not their own: the server would be left without an admin.
async fn delete_account(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(AccountPath { id }): Path<AccountPath>,
) -> AppResult<StatusCode> {
    authorize(user.principal(), Action::Write, Resource::Accounts)?;
    if id == user.0.id {
        return Err(AppError::Conflict("own-account", "you cannot delete your own account".into()));
    }
    // An id that is no account's is refused (404) by the deletion's first step.
    let task_state = state.clone();
    tokio::task::spawn_blocking(move || crate::gc::delete_account(&task_state, id)).await??;
    Ok(StatusCode::NO_CONTENT)
}

async fn stats(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Json<keepsake_api::ServerStats>> {
    authorize(user.principal(), Action::Read, Resource::Accounts)?;
    Ok(Json(keepsake_api::ServerStats {
        upload_bytes_received: state.upload_bytes_received.load(std::sync::atomic::Ordering::Relaxed),
    }))
}
