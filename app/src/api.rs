//! The only module that talks to the server. Pages and components call these functions; none of them
//! builds a URL or a request of its own.

use gloo_net::http::{Request, RequestBuilder, Response};
use keepsake_api::*;
use serde::{Serialize, de::DeserializeOwned};

/// What went wrong with a call, in words a person can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The server answered with an error body.
    Api { status: u16, code: String, message: String },
    /// No answer: offline, server down, connection cut. Worth retrying.
    Network(String),
}

impl ClientError {
    pub fn code(&self) -> &str {
        match self {
            Self::Api { code, .. } => code,
            Self::Network(_) => "network",
        }
    }
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Api { message, .. } => f.write_str(message),
            Self::Network(_) => f.write_str("the server could not be reached"),
        }
    }
}

pub type ClientResult<T> = Result<T, ClientError>;

fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

async fn send(request: Result<Request, gloo_net::Error>) -> ClientResult<Response> {
    let request = request.map_err(|e| ClientError::Network(e.to_string()))?;
    let response = request.send().await.map_err(|e| ClientError::Network(e.to_string()))?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    Err(match response.json::<ApiError>().await {
        Ok(e) => ClientError::Api { status, code: e.code, message: e.message },
        Err(_) => {
            ClientError::Api { status, code: "http".into(), message: format!("the server answered {status}") }
        }
    })
}

async fn json<T: DeserializeOwned>(response: Response) -> ClientResult<T> {
    response.json().await.map_err(|e| ClientError::Network(e.to_string()))
}

async fn get<T: DeserializeOwned>(path: &str) -> ClientResult<T> {
    json(send(Request::get(&url(path)).build()).await?).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ClientResult<T> {
    json(send(Request::post(&url(path)).json(body)).await?).await
}

fn with_body(
    builder: RequestBuilder,
    body: impl Into<wasm_bindgen::JsValue>,
) -> Result<Request, gloo_net::Error> {
    builder.header("content-type", "application/octet-stream").body(body)
}

/// The signed-in user, or `None` when nobody is.
pub async fn me() -> ClientResult<Option<Me>> {
    match get(paths::ME).await {
        Ok(me) => Ok(Some(me)),
        Err(ClientError::Api { status: 401, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn settings() -> ClientResult<ServerSettings> {
    get(paths::SETTINGS).await
}

/// Admin only.
pub async fn update_settings(settings: &ServerSettings) -> ClientResult<ServerSettings> {
    json(send(Request::put(&url(paths::SETTINGS)).json(settings)).await?).await
}

pub async fn signup(credentials: &Credentials) -> ClientResult<Me> {
    post(paths::SIGNUP, credentials).await
}

pub async fn login(credentials: &Credentials) -> ClientResult<Me> {
    post(paths::LOGIN, credentials).await
}

pub async fn logout() -> ClientResult<()> {
    send(Request::post(&url(paths::LOGOUT)).build()).await.map(|_| ())
}

pub async fn assets_page(cursor: Option<&str>, limit: usize) -> ClientResult<AssetPage> {
    let path = match cursor {
        Some(c) => format!("{}?limit={limit}&cursor={c}", paths::ASSETS),
        None => format!("{}?limit={limit}", paths::ASSETS),
    };
    get(&path).await
}

pub async fn check_hashes(sha256: Vec<String>) -> ClientResult<HashCheckResult> {
    post(paths::HASH_CHECK, &HashCheck { sha256 }).await
}

pub async fn open_upload(upload: &NewUpload) -> ClientResult<UploadStarted> {
    post(paths::UPLOADS, upload).await
}

pub async fn upload_status(id: &str) -> ClientResult<UploadStatus> {
    get(&paths::upload(id)).await
}

pub async fn put_chunk(id: &str, offset: u64, chunk: &web_sys::Blob) -> ClientResult<UploadStatus> {
    let path = format!("{}?offset={offset}", paths::upload_part(id, "bytes"));
    json(send(with_body(Request::put(&url(&path)), chunk.clone())).await?).await
}

pub async fn put_derivative(id: &str, which: &str, jpeg: &[u8], size: (u32, u32)) -> ClientResult<()> {
    let path = format!("{}?width={}&height={}", paths::upload_part(id, which), size.0, size.1);
    let body = js_sys::Uint8Array::from(jpeg);
    send(with_body(Request::put(&url(&path)), body)).await.map(|_| ())
}

pub async fn finish_upload(id: &str, placeholder: Option<String>) -> ClientResult<Asset> {
    #[derive(Serialize)]
    struct Finish {
        placeholder: Option<String>,
    }
    post(&paths::upload_part(id, "finish"), &Finish { placeholder }).await
}

pub async fn trash(id: &str) -> ClientResult<()> {
    send(Request::delete(&url(&paths::asset(id))).build()).await.map(|_| ())
}

pub fn file_url(id: &str, which: &str) -> String {
    url(&paths::asset_file(id, which))
}

pub fn download_url(id: &str) -> String {
    format!("{}?download=true", file_url(id, "original"))
}
