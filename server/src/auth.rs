//! Who is calling: passwords, session tokens, the session cookie, and login throttling.

use crate::{
    AppState,
    db::{SessionRecord, UserRecord},
    error::{AppError, AppResult},
    permissions::Principal,
};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use axum::{extract::FromRequestParts, http::request::Parts};
use rand::{TryRngCore, rngs::OsRng};
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "keepsake_session";
pub const SESSION_SECONDS: i64 = 30 * 24 * 3600;

/// Hex of `bytes` random bytes from the operating system's generator.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.try_fill_bytes(&mut buf).expect("the operating system's random generator failed");
    hex::encode(buf)
}

pub fn hash_password(password: &str) -> AppResult<String> {
    let mut salt = [0u8; 16];
    OsRng.try_fill_bytes(&mut salt).expect("the operating system's random generator failed");
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Argon2::default() // argon2id, v19, OWASP-recommended memory and time costs
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))
}

/// Constant-time through argon2's own comparison.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash to verify against when the user does not exist, so a missing name costs as long as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("keepsake-decoy-password").expect("hashing a constant"))
}

/// A new session token (256 bits) and the SHA-256 that is stored in its place.
pub fn new_session_token() -> (String, [u8; 32]) {
    let token = random_hex(32);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_SECONDS}{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// A 256-bit hex token from the cookie `name`, if the request carries a well-formed one.
pub fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_string())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn cookie_token(headers: &axum::http::HeaderMap) -> Option<String> {
    cookie_value(headers, SESSION_COOKIE)
}

/// The signed-in user of a request, or `Unauthorized`. The one way handlers learn who is calling.
pub struct CurrentUser(pub Arc<UserRecord>);

impl CurrentUser {
    pub fn principal(&self) -> Principal {
        Principal::User { id: self.0.id, is_admin: self.0.is_admin }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie_token(&parts.headers).ok_or(AppError::Unauthorized)?;
        let hash = token_hash(&token);
        let now = state.clock.now();
        if let Some(user) = state.sessions.get(&hash, now) {
            return Ok(CurrentUser(user));
        }
        let epoch = state.sessions.epoch();
        let found = state
            .store
            .run(move |store| {
                let Some(SessionRecord { user_id, expires_at }) = store.session(&hash)? else {
                    return Ok(None);
                };
                if expires_at <= now {
                    store.delete_session(&hash)?;
                    return Ok(None);
                }
                Ok(store.user(user_id)?.map(|user| (user, expires_at)))
            })
            .await?;
        let (user, expires_at) = found.filter(|(u, _)| !u.disabled).ok_or(AppError::Unauthorized)?;
        let user = Arc::new(user);
        state.sessions.put(hash, &user, expires_at, epoch);
        Ok(CurrentUser(user))
    }
}

/// In the API document: the operation needs the session cookie.
impl aide::OperationInput for CurrentUser {
    fn operation_input(_: &mut aide::generate::GenContext, operation: &mut aide::openapi::Operation) {
        let requirement = [(crate::routes::SESSION_SCHEME.to_string(), Vec::new())].into_iter().collect();
        if !operation.security.contains(&requirement) {
            operation.security.push(requirement);
        }
    }
}

/// A session token's hash → its account (shared, not copied, with each request) and expiry.
type Sessions = std::collections::HashMap<[u8; 32], (Arc<UserRecord>, i64)>;

/// Sessions recently seen, with their account, so that most requests (a grid of thumbnails) need no
/// database read to know who is calling. Signing out and any change to an account forget them at once;
/// the table is bounded (emptied when full).
#[derive(Default)]
pub struct SessionCache {
    sessions: std::sync::Mutex<Sessions>,
    /// Bumped by every forgetting: a lookup that read the database before one does not put back what
    /// was just forgotten.
    epoch: std::sync::atomic::AtomicU64,
}

impl SessionCache {
    const CAPACITY: usize = 10_000;

    fn lock(&self) -> std::sync::MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn epoch(&self) -> u64 {
        self.epoch.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn get(&self, hash: &[u8; 32], now: i64) -> Option<Arc<UserRecord>> {
        self.lock().get(hash).filter(|(_, expires_at)| *expires_at > now).map(|(user, _)| user.clone())
    }

    fn put(&self, hash: [u8; 32], user: &Arc<UserRecord>, expires_at: i64, read_at_epoch: u64) {
        let mut sessions = self.lock();
        if self.epoch() != read_at_epoch {
            return;
        }
        if sessions.len() >= Self::CAPACITY {
            sessions.clear();
        }
        sessions.insert(hash, (user.clone(), expires_at));
    }

    /// A session ended.
    pub fn forget(&self, hash: &[u8; 32]) {
        let mut sessions = self.lock();
        self.epoch.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        sessions.remove(hash);
    }

    /// An account changed (disabled, its quota): its sessions are read again.
    pub fn forget_user(&self, id: u64) {
        let mut sessions = self.lock();
        self.epoch.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        sessions.retain(|_, (user, _)| user.id != id);
    }
}

/// Bounds the argon2 work running at once, server-wide: each hash or verification takes ~19 MiB and
/// a core for tens of milliseconds, so a burst must wait its turn for a moment or be told to come back,
/// never all run at once.
pub struct PasswordGate {
    permits: Arc<tokio::sync::Semaphore>,
}

impl Default for PasswordGate {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::new(cores.clamp(2, 8))
    }
}

impl PasswordGate {
    /// How long a request waits for a free slot before it is answered 429.
    const WAIT: std::time::Duration = std::time::Duration::from_secs(2);

    pub fn new(permits: usize) -> Self {
        Self { permits: Arc::new(tokio::sync::Semaphore::new(permits)) }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let permit = tokio::time::timeout(Self::WAIT, Arc::clone(&self.permits).acquire_owned())
            .await
            .map_err(|_| AppError::Throttled { retry_after: 1 })?
            .map_err(AppError::internal)?;
        Ok(tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await?)
    }

    pub async fn hash(&self, password: String) -> AppResult<String> {
        self.run(move || hash_password(&password)).await?
    }

    pub async fn verify(&self, password: String, stored: String) -> AppResult<bool> {
        self.run(move || verify_password(&password, &stored)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_round_trip_with_argon2id() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[tokio::test]
    async fn the_password_gate_answers_429_when_every_slot_stays_busy() {
        let gate = PasswordGate::new(1);
        let held = Arc::clone(&gate.permits).acquire_owned().await.unwrap();
        let started = std::time::Instant::now();
        assert!(matches!(gate.verify("a".into(), "b".into()).await, Err(AppError::Throttled { .. })));
        assert!(started.elapsed() >= PasswordGate::WAIT);
        drop(held);
        assert!(!gate.verify("a".into(), "b".into()).await.unwrap());
    }
}
