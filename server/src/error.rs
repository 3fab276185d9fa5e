//! The one error type at the HTTP edge.
//!
//! Every handler returns `Result<_, AppError>`. Clients get `{"code","message"}` with a stable code;
//! whatever went wrong inside (I/O, redb, a panic in a blocking task) is logged here and never sent.

use axum::{
    Json,
    extract::{FromRequest, FromRequestParts, Request, rejection::JsonRejection},
    http::request::Parts,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use keepsake_api::ApiError;
use serde::de::DeserializeOwned;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("sign in first")]
    Unauthorized,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    /// Something the request names that does not exist, said in words.
    #[error("{0}")]
    NotFoundNamed(&'static str),
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    #[error("{1}")]
    Conflict(&'static str, String),
    #[error("{0}")]
    TooLarge(String),
    #[error("this would take you past your storage quota ({} of {} used)", gigabytes(*used), gigabytes(*quota))]
    OverQuota { used: u64, quota: u64 },
    /// A share link or invitation that expired or was revoked.
    #[error("{0}")]
    Gone(&'static str),
    /// A share link with a password the visitor has not given yet.
    #[error("this link needs its password")]
    PasswordRequired,
    #[error("{1}")]
    Unprocessable(&'static str, String),
    /// A `Host` that is not this server's (see `routes::known_host`).
    #[error("this server does not answer to that host name; set KEEPSAKE_PUBLIC_URL to its address")]
    UnknownHost,
    #[error("too many attempts; try again in {retry_after} s")]
    Throttled { retry_after: u64 },
    /// The blob store cannot do it now (an object store short of nodes); nothing was lost.
    #[error("the photo store cannot be reached just now; nothing was lost, try again in a minute")]
    StoreUnavailable,
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Self::Internal(e.into())
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad-request"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            Self::BadCredentials => (StatusCode::UNAUTHORIZED, "bad-credentials"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::NotFound | Self::NotFoundNamed(_) => (StatusCode::NOT_FOUND, "not-found"),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed"),
            Self::Conflict(code, _) => (StatusCode::CONFLICT, code),
            Self::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too-large"),
            Self::OverQuota { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "over-quota"),
            Self::Gone(_) => (StatusCode::GONE, "gone"),
            Self::PasswordRequired => (StatusCode::UNAUTHORIZED, "password-required"),
            Self::Unprocessable(code, _) => (StatusCode::UNPROCESSABLE_ENTITY, code),
            Self::UnknownHost => (StatusCode::MISDIRECTED_REQUEST, "unknown-host"),
            Self::Throttled { .. } => (StatusCode::TOO_MANY_REQUESTS, "throttled"),
            Self::StoreUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "store-unavailable"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

fn gigabytes(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for AppError {
            fn from(e: $t) -> Self {
                Self::Internal(e.into())
            }
        }
    )*};
}
internal_from!(
    std::io::Error,
    redb::Error,
    redb::StorageError,
    redb::TableError,
    redb::TransactionError,
    redb::CommitError,
    serde_json::Error,
    tokio::task::JoinError
);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        // However deep it was wrapped, a blob store that is down is said as such.
        if let Self::Internal(e) = &self
            && e.chain().any(crate::blobs::Unavailable::is)
        {
            tracing::warn!(error = %e, "the blob store is unavailable");
            return Self::StoreUnavailable.into_response();
        }
        let (status, code) = self.status_and_code();
        if let Self::Internal(e) = &self {
            tracing::error!(error = ?e, "request failed");
        }
        let body = ApiError { code: code.to_string(), message: self.to_string() };
        let mut response = (status, Json(body)).into_response();
        if let Self::Throttled { retry_after } = self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if let Self::StoreUnavailable = self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(30));
        }
        response
    }
}

/// `axum::Json`, but malformed bodies get the same `{"code","message"}` shape as every other error.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<serde_json::Value>::from_request(req, state).await {
            Ok(Json(value)) => from_json_object(value).map(Self),
            Err(JsonRejection::BytesRejection(_)) => {
                Err(AppError::TooLarge("the request body is too large".into()))
            }
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(AppError::BadRequest("send JSON with Content-Type: application/json".into()))
            }
            Err(rejection) => Err(AppError::BadRequest(format!("invalid JSON: {}", rejection.body_text()))),
        }
    }
}

/// Every request body is a JSON object (serde would otherwise read a struct from an array, by
/// position). A number is what JSON says it is: `5.0` is the integer 5, as JSON Schema reads it.
fn from_json_object<T: DeserializeOwned>(mut value: serde_json::Value) -> Result<T, AppError> {
    if !value.is_object() {
        return Err(AppError::BadRequest("send a JSON object".into()));
    }
    integral_floats_as_integers(&mut value);
    serde_json::from_value(value).map_err(|e| AppError::BadRequest(format!("invalid JSON: {e}")))
}

fn integral_floats_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) => {
            let whole = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15);
            if let Some(f) = whole {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

/// `axum::extract::Path`, but a segment that does not parse gets the `{"code","message"}` error too.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => {
                Err(AppError::BadRequest(format!("invalid address: {}", rejection.body_text())))
            }
        }
    }
}

/// `axum::extract::Query`, but a query string that does not parse gets the `{"code","message"}` error.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(AppError::BadRequest(format!("invalid query: {}", rejection.body_text()))),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

// The OpenAPI document is generated from these same extractors (see `routes::openapi`): each says
// what it reads, and every error is the `ApiError` body.

impl<T: schemars::JsonSchema> aide::OperationInput for ApiJson<T> {
    fn operation_input(ctx: &mut aide::generate::GenContext, operation: &mut aide::openapi::Operation) {
        Json::<T>::operation_input(ctx, operation);
    }
}

impl<T: schemars::JsonSchema> aide::OperationInput for Path<T> {
    fn operation_input(ctx: &mut aide::generate::GenContext, operation: &mut aide::openapi::Operation) {
        axum::extract::Path::<T>::operation_input(ctx, operation);
    }
}

impl<T: schemars::JsonSchema> aide::OperationInput for Query<T> {
    fn operation_input(ctx: &mut aide::generate::GenContext, operation: &mut aide::openapi::Operation) {
        axum::extract::Query::<T>::operation_input(ctx, operation);
    }
}

impl aide::OperationOutput for AppError {
    type Inner = ApiError;

    fn operation_response(
        ctx: &mut aide::generate::GenContext,
        operation: &mut aide::openapi::Operation,
    ) -> Option<aide::openapi::Response> {
        let mut response = Json::<ApiError>::operation_response(ctx, operation)?;
        response.description = "an error: `code` is stable, `message` is for people".into();
        Some(response)
    }

    fn inferred_responses(
        ctx: &mut aide::generate::GenContext,
        operation: &mut aide::openapi::Operation,
    ) -> Vec<(Option<u16>, aide::openapi::Response)> {
        Self::operation_response(ctx, operation).map(|r| (None, r)).into_iter().collect()
    }
}
