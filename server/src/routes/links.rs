//! Share links: the owner makes, changes and revokes them (`/links`); anyone holding one opens it
//! (`/s/{token}`). Every visitor request — the listing, each thumbnail, preview and original, the ZIP —
//! looks the link up again and passes `permissions::authorize_visit`, so revoking, expiry and the
//! password take effect on the very next request.

use super::{
    IdPath, TokenPath,
    openapi::{self, empty},
};
use crate::{
    AppState,
    auth::{self, CurrentUser},
    client_addr::ClientAddr,
    db::{AlbumRecord, AssetRecord, LinkRecord, LinkTargetRecord, UnlockRecord},
    error::{ApiJson, AppError, AppResult, Path, Query},
    permissions::{Action, Resource, Visit, Visiting, authorize, authorize_visit},
    routes::{
        PageQuery,
        accounts::secure,
        albums::own_asset,
        assets::{BATCH_BODY_LIMIT, chosen, rfc3339, serve_file, serve_without_location, to_shared_api},
        downloads::{ZipCaller, zip_response},
        page_limit,
    },
};
use aide::axum::{
    ApiRouter,
    routing::{get_with, patch_with, post_with},
};
use axum::{
    Json,
    extract::{DefaultBodyLimit, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use keepsake_api::{
    API_PREFIX, Asset, CreatedShareLink, LinkEmail, LinkPassword, LinkTarget, MAX_EMAIL_NOTE,
    MAX_PASSWORD_LEN, NewShareLink, PublicShare, SearchPage, ShareLink, ShareLinkUpdate, paths,
};

const UNLOCK_COOKIE: &str = "keepsake_unlock";
/// How long a visitor stays unlocked after giving the password.
const UNLOCK_SECONDS: i64 = 7 * 24 * 3600;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            paths::LINKS,
            get_with(list, |op| op.summary("The caller's share links"))
                .post_with(create, |op| {
                    op.summary("Share an album, a photo or a selection by link; the token is returned once")
                        .response::<201, Json<CreatedShareLink>>()
                })
                .layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)),
        )
        .api_route(
            "/links/{id}",
            patch_with(update, |op| op.summary("Change a link's expiry, password, download and details settings"))
                .delete_with(revoke, |op| empty(op.summary("Revoke a link: every page and file it served stops at once"), 204)),
        )
        .api_route(
            "/links/{id}/email",
            post_with(email, |op| {
                empty(op.summary("Email the link (when the server has SMTP and KEEPSAKE_PUBLIC_URL)"), 204)
            }),
        )
        .api_route(
            "/s/{token}",
            get_with(share, |op| op.summary("What a link shows; only `locked: true` until the password is given")),
        )
        .api_route(
            "/s/{token}/unlock",
            post_with(unlock, |op| {
                let op = op
                    .summary("Give a link's password; sets a cookie scoped to this link (10 wrong tries a minute, then 429)")
                    .input::<ApiJson<LinkPassword>>();
                empty(op, 204)
            }),
        )
        .api_route(
            "/s/{token}/assets",
            get_with(contents, |op| op.summary("The photos a link shows")).layer(super::compressed_json()),
        )
        .api_route(
            "/s/{token}/assets/{id}/{file}",
            get_with(file, |op| {
                openapi::file(op.summary("A shown photo's thumbnail, preview or original (when downloads are allowed); never cached"), "*/*")
            }),
        )
        .api_route(
            "/s/{token}/download",
            get_with(download, |op| {
                openapi::file(op.summary("Everything the link shows as one ZIP, when downloads are allowed"), "application/zip")
            }),
        )
}

// ---- the owner's side

/// `YYYY-MM-DD` (to the end of that day, UTC) or RFC 3339; it must lie ahead.
fn parse_expiry(text: &str, now: i64) -> AppResult<i64> {
    use time::{OffsetDateTime, format_description::well_known::Rfc3339, macros::format_description};
    let bad = || AppError::BadRequest("an expiry is a date (YYYY-MM-DD) or an RFC 3339 time".into());
    let at = match time::Date::parse(text, format_description!("[year]-[month]-[day]")) {
        Ok(day) => day.next_day().ok_or_else(bad)?.midnight().assume_utc().unix_timestamp(),
        Err(_) => OffsetDateTime::parse(text, &Rfc3339).map_err(|_| bad())?.unix_timestamp(),
    };
    if at <= now {
        return Err(AppError::Unprocessable("expired", "the expiry must be in the future".into()));
    }
    Ok(at)
}

async fn password_hash(password: Option<String>) -> AppResult<Option<String>> {
    let Some(password) = password.filter(|p| !p.is_empty()) else { return Ok(None) };
    if password.chars().count() > MAX_PASSWORD_LEN {
        return Err(AppError::BadRequest(format!("a password has at most {MAX_PASSWORD_LEN} characters")));
    }
    Ok(Some(tokio::task::spawn_blocking(move || auth::hash_password(&password)).await??))
}

async fn to_link(state: &AppState, link: LinkRecord) -> AppResult<ShareLink> {
    let now = state.clock.now();
    state
        .store
        .run(move |store| {
            let (kind, title, cover) = match &link.target {
                LinkTargetRecord::Album(id) => {
                    let album = store.album(id)?;
                    let cover = match &album {
                        Some(a) => {
                            a.cover.clone().or(store.album_page(a, 0, 1)?.0.first().map(|x| x.id.clone()))
                        }
                        None => None,
                    };
                    ("album", album.map_or_else(String::new, |a| a.name), cover)
                }
                LinkTargetRecord::Photo(id) => {
                    ("photo", store.asset(id)?.map_or_else(String::new, |a| a.filename), Some(id.clone()))
                }
            };
            Ok(ShareLink {
                id: link.id.clone(),
                kind: kind.into(),
                target_id: link.target.id().to_string(),
                title,
                cover,
                created_at: rfc3339(link.created_at),
                expires_at: link.expires_at.map(rfc3339),
                expired: link.expired(now),
                has_password: link.password_hash.is_some(),
                allow_download: link.allow_download,
                show_location: link.show_location,
                show_camera: link.show_camera,
            })
        })
        .await
}

async fn list(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<ShareLink>>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let owner = user.0.id;
    let records = state.store.run(move |store| store.links_of(owner)).await?;
    let mut links = Vec::with_capacity(records.len());
    for link in records {
        links.push(to_link(&state, link).await?);
    }
    Ok(Json(links))
}

async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<NewShareLink>,
) -> AppResult<(StatusCode, Json<CreatedShareLink>)> {
    let principal = user.principal();
    authorize(principal, Action::Write, Resource::OwnLibrary)?;
    let now = state.clock.now();
    let expires_at = request.expires_at.as_deref().map(|e| parse_expiry(e, now)).transpose()?;
    let password_hash = password_hash(request.password).await?;
    let owner = user.0.id;
    let target = state
        .store
        .run(move |store| match request.target {
            LinkTarget::Album { id } => {
                let album = store.album(&id)?.ok_or(AppError::NotFound)?;
                authorize(principal, Action::Write, Resource::Album(&album))?;
                Ok(LinkTargetRecord::Album(id))
            }
            LinkTarget::Photo { id } => {
                let asset = store.asset(&id)?.ok_or(AppError::NotFound)?;
                authorize(principal, Action::Write, Resource::Asset(&asset))?;
                if asset.trashed_at.is_some() {
                    return Err(AppError::NotFound);
                }
                Ok(LinkTargetRecord::Photo(id))
            }
            LinkTarget::Selection { name, ids } => {
                chosen(&ids)?;
                let album = AlbumRecord {
                    id: auth::random_hex(16),
                    owner,
                    name: crate::routes::albums::clean_name(&name)?,
                    description: String::new(),
                    cover: None,
                    assets: ids,
                    created_at: now,
                    updated_at: now,
                    members: Vec::new(),
                };
                store.create_album(&album, &own_asset(principal))?;
                Ok(LinkTargetRecord::Album(album.id))
            }
        })
        .await?;
    // 192 bits from the operating system; only the hash is kept.
    let token = auth::random_hex(24);
    let hash = auth::token_hash(&token);
    let link = LinkRecord {
        id: auth::random_hex(16),
        owner,
        target,
        token_hash: hash,
        created_at: now,
        expires_at,
        password_hash,
        password_epoch: 0,
        allow_download: request.allow_download,
        show_location: request.show_location,
        show_camera: request.show_camera,
    };
    let saved = link.clone();
    state.store.run(move |store| store.create_link(&saved)).await?;
    Ok((StatusCode::CREATED, Json(CreatedShareLink { link: to_link(&state, link).await?, token })))
}

async fn load(state: &AppState, user: &CurrentUser, id: String) -> AppResult<LinkRecord> {
    let link = state.store.run(move |store| store.link(&id)).await?.ok_or(AppError::NotFound)?;
    authorize(user.principal(), Action::Write, Resource::Link(&link))?;
    Ok(link)
}

async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(change): ApiJson<ShareLinkUpdate>,
) -> AppResult<Json<ShareLink>> {
    let link = load(&state, &user, id).await?;
    let now = state.clock.now();
    let expires_at = match &change.expires_at {
        Some(Some(text)) => Some(Some(parse_expiry(text, now)?)),
        Some(None) => Some(None),
        None => None,
    };
    let new_password = match change.password {
        Some(p) => Some(password_hash(Some(p)).await?),
        None => None,
    };
    let record = state
        .store
        .run(move |store| {
            store.update_link(&link.id, |link| {
                if let Some(at) = expires_at {
                    link.expires_at = at;
                }
                if let Some(hash) = new_password {
                    link.password_hash = hash;
                    link.password_epoch += 1;
                }
                if let Some(v) = change.allow_download {
                    link.allow_download = v;
                }
                if let Some(v) = change.show_location {
                    link.show_location = v;
                }
                if let Some(v) = change.show_camera {
                    link.show_camera = v;
                }
            })
        })
        .await?;
    Ok(Json(to_link(&state, record).await?))
}

async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
) -> AppResult<StatusCode> {
    let link = load(&state, &user, id).await?;
    state.store.run(move |store| store.delete_link(&link.id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends the link by email from the server. The address is checked against the link's stored hash, so
/// this cannot be used to mail anything else.
async fn email(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(request): ApiJson<LinkEmail>,
) -> AppResult<StatusCode> {
    let link = load(&state, &user, id).await?;
    let (Some(mailer), Some(public_url)) = (state.mailer.clone(), state.config.public_url.as_ref()) else {
        return Err(AppError::Conflict(
            "email-off",
            "this server does not send email; use your mail app".into(),
        ));
    };
    if auth::token_hash(&request.token) != link.token_hash {
        return Err(AppError::BadRequest("that is not this link's token".into()));
    }
    // Built here from the server's own address: the sender chooses neither host nor path.
    let address = format!("{}/s/{}", public_url.origin, request.token);
    let note = plain_note(&request.note)?;
    let to = crate::mail::recipient(&request.to)?;
    let now = state.clock.now();
    let key = format!("email:{}", user.0.id);
    // Counted as sent: a failed send is retried by a person, not a loop.
    let _sent = state.throttles.emails.reserve(&key, now)?;
    let title = to_link(&state, link).await?.title;
    let who = &user.0.username;
    let subject = format!("{who} shared \u{201c}{title}\u{201d} with you");
    let body = if note.is_empty() {
        format!("{who} shared photos with you on Keepsake:\n\n{address}\n")
    } else {
        format!("{who} shared photos with you on Keepsake:\n\n{note}\n\n{address}\n")
    };
    mailer.send(to, &subject, body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A sender's note as it goes into an email: one short line of plain words. Web addresses are
/// refused, so the server's mail cannot carry a link other than the one it writes itself.
fn plain_note(note: &str) -> AppResult<String> {
    let line = note.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > MAX_EMAIL_NOTE {
        return Err(AppError::BadRequest(format!("a note has at most {MAX_EMAIL_NOTE} characters")));
    }
    let lower = line.to_lowercase();
    if lower.contains("://") || lower.contains("www.") || line.chars().any(char::is_control) {
        return Err(AppError::BadRequest("a note is plain words, without web addresses".into()));
    }
    Ok(line)
}

// ---- the visitor's side

/// The link behind `token` and whether this visitor has unlocked it.
async fn visit(state: &AppState, token: &str, headers: &HeaderMap) -> AppResult<(LinkRecord, bool)> {
    let hash = auth::token_hash(token);
    let unlock = auth::cookie_value(headers, UNLOCK_COOKIE).map(|c| auth::token_hash(&c));
    let now = state.clock.now();
    state
        .store
        .run(move |store| {
            let link = store.link_by_token(&hash)?.ok_or(AppError::Gone("this link is no longer valid"))?;
            let unlocked = match (&link.password_hash, unlock) {
                (None, _) => true,
                (Some(_), Some(cookie)) => store.unlock(&cookie)?.is_some_and(|u| {
                    u.link_id == link.id && u.password_epoch == link.password_epoch && u.expires_at > now
                }),
                (Some(_), None) => false,
            };
            Ok((link, unlocked))
        })
        .await
}

/// An asset as a link shows it: nothing of the owner's organisation, and location and camera only if
/// the owner chose to show them.
fn link_view(link: &LinkRecord, asset: &AssetRecord) -> Asset {
    let mut view = to_shared_api(asset, None);
    if !link.show_location {
        view.gps = None;
        view.place = None;
    }
    if !link.show_camera {
        view.camera = Default::default();
        view.exposure = Default::default();
    }
    view
}

/// What a link shows.
enum Shown {
    Album(AlbumRecord),
    /// The photo, unless it has gone to the trash since.
    Photo(Option<Box<AssetRecord>>),
}

impl Shown {
    fn of(store: &crate::db::Store, link: &LinkRecord) -> AppResult<Self> {
        Ok(match &link.target {
            LinkTargetRecord::Album(id) => {
                Self::Album(store.album(id)?.ok_or(AppError::Gone("this link is no longer valid"))?)
            }
            LinkTargetRecord::Photo(id) => {
                Self::Photo(store.asset(id)?.filter(|a| a.trashed_at.is_none()).map(Box::new))
            }
        })
    }

    fn album(&self) -> Option<&AlbumRecord> {
        match self {
            Self::Album(album) => Some(album),
            Self::Photo(_) => None,
        }
    }

    /// A page in the album's order (the offset counts its positions), the next offset, and the total.
    fn page(
        &self,
        store: &crate::db::Store,
        offset: usize,
        limit: usize,
    ) -> AppResult<(Vec<AssetRecord>, Option<usize>, usize)> {
        match self {
            Self::Album(album) => {
                let (items, next) = store.album_page(album, offset, limit)?;
                Ok((items, next, store.album_summary(album)?.0))
            }
            Self::Photo(photo) => {
                let items: Vec<AssetRecord> =
                    photo.iter().filter(|_| offset == 0).map(|p| (**p).clone()).collect();
                let total = usize::from(photo.is_some());
                Ok((items, None, total))
            }
        }
    }
}

async fn share(
    State(state): State<AppState>,
    Path(TokenPath { token }): Path<TokenPath>,
    headers: HeaderMap,
) -> AppResult<Json<PublicShare>> {
    let (link, unlocked) = visit(&state, &token, &headers).await?;
    let now = state.clock.now();
    authorize_visit(&Visit { link: &link, unlocked, now }, Visiting::Share)?;
    if authorize_visit(&Visit { link: &link, unlocked, now }, Visiting::Contents).is_err() {
        return Ok(Json(PublicShare {
            locked: true,
            title: None,
            description: None,
            shared_by: None,
            count: 0,
            allow_download: false,
        }));
    }
    let public = state
        .store
        .run(move |store| {
            let owner = store.user(link.owner)?.map(|u| u.username);
            let (title, description, count) = match Shown::of(store, &link)? {
                Shown::Album(album) => {
                    let count = store.album_summary(&album)?.0;
                    (album.name, Some(album.description).filter(|d| !d.is_empty()), count)
                }
                Shown::Photo(photo) => {
                    let count = usize::from(photo.is_some());
                    (photo.map_or_else(String::new, |a| a.filename), None, count)
                }
            };
            Ok(PublicShare {
                locked: false,
                title: Some(title),
                description,
                shared_by: owner,
                count,
                allow_download: link.allow_download,
            })
        })
        .await?;
    Ok(Json(public))
}

async fn unlock(
    State(state): State<AppState>,
    Path(TokenPath { token }): Path<TokenPath>,
    client: ClientAddr,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LinkPassword>,
) -> AppResult<Response> {
    let (link, _) = visit(&state, &token, &headers).await?;
    let now = state.clock.now();
    authorize_visit(&Visit { link: &link, unlocked: false, now }, Visiting::Share)?;
    let Some(stored) = link.password_hash.clone() else { return Ok(StatusCode::NO_CONTENT.into_response()) };
    if request.password.len() > MAX_PASSWORD_LEN * 4 {
        return Err(AppError::Forbidden("that is not the password"));
    }
    let attempt =
        state.throttles.password_attempt(&format!("link:{}", link.id), &client.throttle_key(), now)?;
    match state.passwords.verify(request.password, stored).await {
        Ok(true) => attempt.succeeded(),
        Ok(false) => return Err(AppError::Forbidden("that is not the password")),
        Err(e) => {
            attempt.not_checked();
            return Err(e);
        }
    }
    let (cookie, hash) = auth::new_session_token();
    let record = UnlockRecord {
        link_id: link.id,
        password_epoch: link.password_epoch,
        expires_at: now + UNLOCK_SECONDS,
    };
    state.store.run(move |store| store.insert_unlock(&hash, &record)).await?;
    // Scoped to this link's own API paths: it unlocks this link and nothing else.
    let value = format!(
        "{UNLOCK_COOKIE}={cookie}; Path={API_PREFIX}/s/{token}; HttpOnly; SameSite=Strict; Max-Age={UNLOCK_SECONDS}{}",
        if secure(&state, &headers) { "; Secure" } else { "" }
    );
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, HeaderValue::from_str(&value).map_err(AppError::internal)?);
    Ok(response)
}

async fn contents(
    State(state): State<AppState>,
    Path(TokenPath { token }): Path<TokenPath>,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> AppResult<Json<SearchPage>> {
    let (link, unlocked) = visit(&state, &token, &headers).await?;
    let now = state.clock.now();
    authorize_visit(&Visit { link: &link, unlocked, now }, Visiting::Contents)?;
    let (offset, limit) = (q.offset.unwrap_or(0), page_limit(q.limit, 500)?);
    let page = state
        .store
        .run(move |store| {
            let shown = Shown::of(store, &link)?;
            let (photos, next_offset, total) = shown.page(store, offset, limit)?;
            let visit = Visit { link: &link, unlocked, now };
            let mut items = Vec::with_capacity(photos.len());
            for asset in &photos {
                authorize_visit(&visit, Visiting::File { asset, album: shown.album(), original: false })?;
                items.push(link_view(&link, asset));
            }
            Ok(SearchPage { items, total, next_offset })
        })
        .await?;
    Ok(Json(page))
}

/// `/s/{token}/assets/{id}/{file}`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct FilePath {
    token: String,
    id: String,
    #[schemars(extend("enum" = ["original", "thumbnail", "preview"]))]
    file: String,
}

async fn file(
    State(state): State<AppState>,
    Path(FilePath { token, id, file: which }): Path<FilePath>,
    request: Request,
) -> AppResult<Response> {
    let (link, unlocked) = visit(&state, &token, request.headers()).await?;
    let now = state.clock.now();
    // A link that hides where photos were taken serves originals with their location blanked
    // (photos' EXIF and XMP, videos' location boxes).
    let shows_location = link.show_location;
    let (asset, which) = state
        .store
        .run(move |store| {
            let asset = store.asset(&id)?.ok_or(AppError::NotFound)?;
            let album = match &link.target {
                LinkTargetRecord::Album(album) => store.album(album)?,
                LinkTargetRecord::Photo(_) => None,
            };
            let what = Visiting::File { asset: &asset, album: album.as_ref(), original: which == "original" };
            authorize_visit(&Visit { link: &link, unlocked, now }, what)?;
            Ok((asset, which))
        })
        .await?;
    // A revoked link must stop showing photos at once, so the browser asks each time; a thumbnail or
    // preview it has is answered with a 304 once the link is checked (above). Originals are not kept:
    // what one holds depends on the link's settings, not only on its blob.
    if which == "original" && !shows_location {
        return serve_without_location(&state, &asset, "no-store", request).await;
    }
    let cache_control = if which == "original" { "no-store" } else { "private, no-cache" };
    serve_file(&state, &asset, &which, false, cache_control, request).await
}

async fn download(
    State(state): State<AppState>,
    Path(TokenPath { token }): Path<TokenPath>,
    client: ClientAddr,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (link, unlocked) = visit(&state, &token, &headers).await?;
    let now = state.clock.now();
    authorize_visit(&Visit { link: &link, unlocked, now }, Visiting::Download)?;
    let hide_location = !link.show_location;
    let (name, assets) = state
        .store
        .run(move |store| {
            let shown = Shown::of(store, &link)?;
            let (photos, _, _) = shown.page(store, 0, usize::MAX)?;
            let visit = Visit { link: &link, unlocked, now };
            for asset in &photos {
                authorize_visit(&visit, Visiting::File { asset, album: shown.album(), original: true })?;
            }
            let name = shown.album().map_or_else(|| "Shared photo".to_string(), |a| a.name.clone());
            Ok((name, photos))
        })
        .await?;
    zip_response(&state, ZipCaller::Visitor(client), assets, &name, hide_location)
}
