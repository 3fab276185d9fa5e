//! Sign-up, sign-in, sign-out, the caller's identity, instance settings, admin-created accounts.

use crate::{
    AppState,
    auth::{self, CurrentUser},
    db::SessionRecord,
    error::{ApiJson, AppError, AppResult},
    permissions::{Action, Principal, Resource, authorize},
};
use axum::{
    Json, Router,
    extract::{ConnectInfo, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use keepsake_api::{
    Credentials, MAX_PASSWORD_LEN, MAX_USERNAME_LEN, MIN_PASSWORD_LEN, Me, ServerSettings, paths,
};
use std::net::SocketAddr;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(paths::SIGNUP, post(signup))
        .route(paths::LOGIN, post(login))
        .route(paths::LOGOUT, post(logout))
        .route(paths::ME, get(me))
        .route(paths::SETTINGS, get(settings).put(update_settings))
        .route(paths::STATS, get(stats))
        .route(paths::USERS, post(create_account))
}

fn me_of(user: &crate::db::UserRecord) -> Me {
    Me { id: user.id, username: user.username.clone(), is_admin: user.is_admin }
}

fn validate(credentials: &Credentials) -> AppResult<()> {
    let name = &credentials.username;
    let name_ok = !name.is_empty()
        && name.chars().count() <= MAX_USERNAME_LEN
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !name_ok {
        return Err(AppError::BadRequest(format!(
            "a username is 1 to {MAX_USERNAME_LEN} letters, digits, dots, dashes or underscores"
        )));
    }
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
    state.store.run(move |store| store.insert_session(&hash, &session)).await?;
    let cookie = auth::session_cookie(&token, secure(state, headers));
    let mut response = (status, Json(me_of(&user))).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(AppError::internal)?);
    Ok(response)
}

pub(crate) async fn create_user(
    state: &AppState,
    credentials: Credentials,
) -> AppResult<crate::db::UserRecord> {
    validate(&credentials)?;
    let password = credentials.password;
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??;
    let now = state.clock.now();
    let username = credentials.username;
    state
        .store
        .run(move |store| store.create_user(&username, hash, now))
        .await?
        .ok_or(AppError::Conflict("username-taken", "that username is taken".into()))
}

async fn signup(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(credentials): ApiJson<Credentials>,
) -> AppResult<Response> {
    let open = state.store.run(|store| store.open_signup()).await?;
    if !open {
        return Err(AppError::Forbidden("sign-up is closed; ask the admin for an account"));
    }
    let user = create_user(&state, credentials).await?;
    tracing::info!(user.id = user.id, admin = user.is_admin, "account created");
    start_session(&state, &headers, user, StatusCode::CREATED).await
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(credentials): ApiJson<Credentials>,
) -> AppResult<Response> {
    let now = state.clock.now();
    let keys = [format!("user:{}", credentials.username.to_lowercase()), format!("ip:{}", peer.ip())];
    for key in &keys {
        state.login_throttle.check(key, now)?;
    }
    let username = credentials.username.clone();
    let user = state.store.run(move |store| store.user_by_name(&username)).await?;
    let stored = user.as_ref().map_or_else(|| auth::decoy_hash().to_string(), |u| u.password_hash.clone());
    let password = credentials.password;
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &stored)).await?;
    match user {
        Some(user) if ok => {
            state.login_throttle.clear(&keys[0]);
            start_session(&state, &headers, user, StatusCode::OK).await
        }
        _ => {
            for key in &keys {
                state.login_throttle.fail(key, now);
            }
            Err(AppError::BadCredentials)
        }
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = auth::cookie_token(&headers) {
        let hash = auth::token_hash(&token);
        state.store.run(move |store| store.delete_session(&hash)).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let cookie = auth::clear_cookie(secure(&state, &headers));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(AppError::internal)?);
    Ok(response)
}

async fn me(user: CurrentUser) -> Json<Me> {
    Json(me_of(&user.0))
}

async fn settings(State(state): State<AppState>) -> AppResult<Json<ServerSettings>> {
    authorize(Principal::Anonymous, Action::Read, Resource::ServerSettings)?;
    let open_signup = state.store.run(|store| store.open_signup()).await?;
    Ok(Json(ServerSettings { open_signup, email: state.mailer.is_some() }))
}

async fn update_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(settings): ApiJson<ServerSettings>,
) -> AppResult<Json<ServerSettings>> {
    authorize(user.principal(), Action::Write, Resource::ServerSettings)?;
    let open_signup = settings.open_signup;
    state.store.run(move |store| store.set_open_signup(open_signup)).await?;
    Ok(Json(ServerSettings { open_signup, email: state.mailer.is_some() }))
}

async fn create_account(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(credentials): ApiJson<Credentials>,
) -> AppResult<(StatusCode, Json<Me>)> {
    authorize(user.principal(), Action::Write, Resource::Accounts)?;
    let created = create_user(&state, credentials).await?;
    Ok((StatusCode::CREATED, Json(me_of(&created))))
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
