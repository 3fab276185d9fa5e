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
    put(paths::SETTINGS, settings).await
}

/// Admin only: every account with its storage.
pub async fn accounts() -> ClientResult<Vec<keepsake_api::Account>> {
    get(paths::USERS).await
}

/// Admin only.
pub async fn create_account(credentials: &Credentials) -> ClientResult<Me> {
    post(paths::USERS, credentials).await
}

/// Admin only: disable or enable an account, set its quota.
pub async fn update_account(
    id: u64,
    update: &keepsake_api::AccountUpdate,
) -> ClientResult<keepsake_api::Account> {
    patch(&format!("{}/{id}", paths::USERS), update).await
}

/// Admin only: delete an account and everything that is theirs.
pub async fn delete_account(id: u64) -> ClientResult<()> {
    delete(&format!("{}/{id}", paths::USERS)).await
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
    let limit = limit.to_string();
    let mut query = vec![("limit", limit.as_str())];
    query.extend(cursor.map(|c| ("cursor", c)));
    // The query is given to the request, not written into the path (gloo-net then adds a trailing
    // `&`): the first page's address must be exactly the one the server's first page preloads.
    json(send(Request::get(&url(paths::ASSETS)).query(query).build()).await?).await
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

thread_local! {
    /// Set while a share link's page is open: its photos come through the link, not a session.
    static LINK_TOKEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Makes [`file_url`] serve a share link's page (`Some(token)`) or the signed-in library (`None`).
pub fn use_link(token: Option<String>) {
    LINK_TOKEN.with(|t| *t.borrow_mut() = token);
}

pub fn file_url(id: &str, which: &str) -> String {
    match LINK_TOKEN.with(|t| t.borrow().clone()) {
        Some(token) => url(&paths::public_file(&token, id, which)),
        None => url(&paths::asset_file(id, which)),
    }
}

/// Whether an image address is one of the signed-in person's own thumbnails or previews, as
/// [`file_url`] writes them (what the service worker keeps for offline).
pub fn is_own_media_url(src: &str) -> bool {
    let Some(rest) = src.strip_prefix(&url(paths::ASSETS)).and_then(|r| r.strip_prefix('/')) else {
        return false;
    };
    matches!(rest.split_once('/'), Some((id, "thumbnail" | "preview")) if !id.is_empty() && !id.contains('/'))
}

pub fn download_url(id: &str) -> String {
    format!("{}?download=true", file_url(id, "original"))
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ClientResult<T> {
    json(send(Request::put(&url(path)).json(body)).await?).await
}

async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ClientResult<T> {
    json(send(Request::patch(&url(path)).json(body)).await?).await
}

async fn delete(path: &str) -> ClientResult<()> {
    send(Request::delete(&url(path)).build()).await.map(|_| ())
}

/// One change to many assets at once.
pub async fn edit(ids: Vec<String>, change: AssetChange) -> ClientResult<EditResult> {
    post(paths::ASSET_EDIT, &AssetEdit { ids, change }).await
}

/// The query string of a search, in the field order of [`SearchQuery`].
pub fn search_params(q: &SearchQuery) -> String {
    let mut parts = vec![format!("q={}", encode(&q.q))];
    if let Some(kind) = q.kind {
        parts.push(format!("kind={}", if kind == AssetKind::Video { "video" } else { "photo" }));
    }
    for (name, value) in [("favorite", q.favorite), ("archived", q.archived)] {
        if value == Some(true) {
            parts.push(format!("{name}=true"));
        }
    }
    for (name, value) in [
        ("from", &q.from),
        ("to", &q.to),
        ("camera", &q.camera),
        ("folder", &q.folder),
        ("person", &q.person),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{name}={}", encode(v)));
        }
    }
    for (name, value) in [("offset", q.offset), ("limit", q.limit)] {
        if let Some(v) = value {
            parts.push(format!("{name}={v}"));
        }
    }
    parts.join("&")
}

pub async fn search(q: &SearchQuery) -> ClientResult<SearchPage> {
    get(&format!("{}?{}", paths::SEARCH, search_params(q))).await
}

pub async fn tags() -> ClientResult<Vec<TagCount>> {
    get(paths::TAGS).await
}

pub async fn cameras() -> ClientResult<Vec<CameraCount>> {
    get(paths::CAMERAS).await
}

pub async fn albums() -> ClientResult<Vec<Album>> {
    get(paths::ALBUMS).await
}

pub async fn album(id: &str) -> ClientResult<Album> {
    get(&paths::album(id)).await
}

pub async fn create_album(album: &NewAlbum) -> ClientResult<Album> {
    post(paths::ALBUMS, album).await
}

pub async fn update_album(id: &str, update: &AlbumUpdate) -> ClientResult<Album> {
    patch(&paths::album(id), update).await
}

pub async fn delete_album(id: &str) -> ClientResult<()> {
    delete(&paths::album(id)).await
}

pub async fn album_assets(id: &str, offset: usize) -> ClientResult<SearchPage> {
    get(&format!("{}?offset={offset}&limit=1000", paths::album_part(id, "assets"))).await
}

pub async fn album_add(id: &str, ids: Vec<String>) -> ClientResult<EditResult> {
    post(&paths::album_part(id, "assets"), &AssetIds { ids }).await
}

pub async fn album_remove(id: &str, ids: Vec<String>) -> ClientResult<EditResult> {
    post(&paths::album_part(id, "remove"), &AssetIds { ids }).await
}

pub async fn album_move(id: &str, asset_id: String, before: Option<String>) -> ClientResult<()> {
    send(Request::post(&url(&paths::album_part(id, "move"))).json(&AlbumMove { asset_id, before }))
        .await
        .map(|_| ())
}

pub fn album_download_url(id: &str) -> String {
    url(&paths::album_part(id, "download"))
}

pub async fn folders(path: &str) -> ClientResult<FolderListing> {
    get(&format!("{}?path={}", paths::FOLDERS, encode(path))).await
}

/// Up to 1000 trashed items from `offset`, most recently trashed first.
pub async fn trash_page(offset: usize) -> ClientResult<TrashPage> {
    get(&format!("{}?offset={offset}&limit=1000", paths::TRASH)).await
}

pub async fn empty_trash() -> ClientResult<EditResult> {
    post(paths::TRASH_EMPTY, &()).await
}

pub async fn restore_all() -> ClientResult<EditResult> {
    post(paths::TRASH_RESTORE_ALL, &()).await
}

/// `today` is the person's own date, `YYYY-MM-DD`.
pub async fn memories(today: &str) -> ClientResult<Memories> {
    get(&format!("{}?today={today}", paths::MEMORIES)).await
}

/// A URL that downloads the selection as one ZIP.
pub async fn download_ticket(ids: Vec<String>) -> ClientResult<DownloadTicket> {
    post(paths::DOWNLOADS, &AssetIds { ids }).await
}

// ---- sharing

pub async fn links() -> ClientResult<Vec<ShareLink>> {
    get(paths::LINKS).await
}

pub async fn create_link(link: &NewShareLink) -> ClientResult<CreatedShareLink> {
    post(paths::LINKS, link).await
}

pub async fn update_link(id: &str, update: &ShareLinkUpdate) -> ClientResult<ShareLink> {
    patch(&paths::link(id), update).await
}

pub async fn revoke_link(id: &str) -> ClientResult<()> {
    delete(&paths::link(id)).await
}

pub async fn email_link(id: &str, email: &LinkEmail) -> ClientResult<()> {
    send(Request::post(&url(&format!("{}/email", paths::link(id)))).json(email)).await.map(|_| ())
}

/// This server's address as the browser reached it, for addresses people pass on.
fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The address a link's token opens, on this server.
pub fn link_address(token: &str) -> String {
    format!("{}/s/{token}", origin())
}

pub async fn public_share(token: &str) -> ClientResult<PublicShare> {
    get(&paths::public_share(token, "")).await
}

pub async fn unlock_share(token: &str, password: String) -> ClientResult<()> {
    send(Request::post(&url(&paths::public_share(token, "/unlock"))).json(&LinkPassword { password }))
        .await
        .map(|_| ())
}

pub async fn public_assets(token: &str, offset: usize) -> ClientResult<SearchPage> {
    get(&format!("{}?offset={offset}&limit=1000", paths::public_share(token, "/assets"))).await
}

pub fn public_download_url(token: &str) -> String {
    url(&paths::public_share(token, "/download"))
}

pub async fn shared_with_me() -> ClientResult<Vec<Album>> {
    get(paths::SHARED_WITH_ME).await
}

pub async fn share_album(id: &str, share: &AlbumShare) -> ClientResult<Album> {
    post(&paths::album_part(id, "members"), share).await
}

pub async fn unshare_album(id: &str, user: u64) -> ClientResult<()> {
    delete(&paths::album_member(id, user)).await
}

/// The caller's vault, or `None` when they are in none.
pub async fn vault() -> ClientResult<Option<Vault>> {
    match get(paths::VAULT).await {
        Ok(v) => Ok(Some(v)),
        Err(ClientError::Api { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn create_vault(name: String) -> ClientResult<Vault> {
    post(paths::VAULT, &NewVault { name }).await
}

pub async fn delete_vault() -> ClientResult<()> {
    delete(paths::VAULT).await
}

pub async fn vault_page(cursor: Option<&str>) -> ClientResult<VaultPage> {
    match cursor {
        Some(c) => get(&format!("{}?cursor={}&limit=1000", paths::VAULT_ASSETS, encode(c))).await,
        None => get(&format!("{}?limit=1000", paths::VAULT_ASSETS)).await,
    }
}

pub async fn vault_add(ids: Vec<String>) -> ClientResult<EditResult> {
    post(paths::VAULT_ASSETS, &AssetIds { ids }).await
}

pub async fn vault_take_back(ids: Vec<String>) -> ClientResult<EditResult> {
    post(paths::VAULT_REMOVE, &AssetIds { ids }).await
}

pub async fn vault_settings(auto_add: bool) -> ClientResult<Vault> {
    patch(paths::VAULT_ME, &VaultSettings { auto_add }).await
}

pub async fn vault_remove_member(user: u64) -> ClientResult<()> {
    delete(&paths::vault_member(user)).await
}

pub async fn create_invite(days: u32, max_uses: u32) -> ClientResult<CreatedInvite> {
    post(paths::VAULT_INVITES, &NewInvite { days, max_uses }).await
}

pub fn invite_address(token: &str) -> String {
    format!("{}/#/invite/{token}", origin())
}

pub async fn invite_info(token: &str) -> ClientResult<InviteInfo> {
    get(&paths::invite(token, "")).await
}

pub async fn join_vault(token: &str) -> ClientResult<Vault> {
    json(send(Request::post(&url(&paths::invite(token, "/join"))).build()).await?).await
}

pub async fn signup_from_invite(token: &str, credentials: &Credentials) -> ClientResult<Me> {
    post(&paths::invite(token, "/signup"), credentials).await
}

// ---- prints

pub async fn asset(id: &str) -> ClientResult<Asset> {
    get(&paths::asset(id)).await
}

pub async fn price_list() -> ClientResult<PriceList> {
    get(paths::PRINT_PRICES).await
}

/// Admin only.
pub async fn set_price_list(list: &PriceList) -> ClientResult<PriceList> {
    put(paths::PRINT_PRICES, list).await
}

pub async fn quote(lines: Vec<PrintLine>) -> ClientResult<Quote> {
    post(paths::PRINT_QUOTE, &QuoteRequest { lines }).await
}

async fn bytes_of(address: &str) -> ClientResult<Vec<u8>> {
    let response = send(Request::get(address).build()).await?;
    response.binary().await.map_err(|e| ClientError::Network(e.to_string()))
}

/// A photo's original file, which prints are rendered from.
pub async fn original_bytes(id: &str) -> ClientResult<Vec<u8>> {
    bytes_of(&file_url(id, "original")).await
}

/// A photo's preview, which the live print preview is drawn from.
pub async fn preview_bytes(id: &str) -> ClientResult<Vec<u8>> {
    bytes_of(&file_url(id, "preview")).await
}

thread_local! {
    static CAPTION_FONT: std::cell::RefCell<Option<std::rc::Rc<Vec<u8>>>> = const { std::cell::RefCell::new(None) };
}

/// The font captions are set in: part of the site, fetched once when prints are first laid out.
pub async fn caption_font() -> ClientResult<std::rc::Rc<Vec<u8>>> {
    if let Some(font) = CAPTION_FONT.with(|f| f.borrow().clone()) {
        return Ok(font);
    }
    let font = std::rc::Rc::new(bytes_of("/fonts/DejaVuSans.ttf").await?);
    CAPTION_FONT.with(|f| *f.borrow_mut() = Some(font.clone()));
    Ok(font)
}

/// Checkout: the order, then each line's rendered print file, as one multipart request.
pub async fn place_order(order: &NewOrder, files: &[Vec<u8>]) -> ClientResult<Order> {
    let network = |e: wasm_bindgen::JsValue| ClientError::Network(format!("{e:?}"));
    let form = web_sys::FormData::new().map_err(network)?;
    let order = serde_json::to_string(order).map_err(|e| ClientError::Network(e.to_string()))?;
    form.append_with_str("order", &order).map_err(network)?;
    for (i, file) in files.iter().enumerate() {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(file.as_slice()));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("image/jpeg");
        let blob =
            web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(network)?;
        form.append_with_blob_and_filename(&format!("line-{i}"), &blob, &format!("line-{i}.jpg"))
            .map_err(network)?;
    }
    // The browser writes the multipart boundary into the content type itself.
    json(send(Request::post(&url(paths::ORDERS)).body(form)).await?).await
}

pub async fn orders() -> ClientResult<Vec<Order>> {
    get(paths::ORDERS).await
}

pub async fn cancel_order(id: &str) -> ClientResult<Order> {
    json(send(Request::post(&url(&paths::order(id, "cancel"))).build()).await?).await
}

/// Admin only: every order.
pub async fn lab_orders() -> ClientResult<Vec<Order>> {
    get(paths::LAB_ORDERS).await
}

pub async fn lab_status(id: &str, update: &StatusUpdate) -> ClientResult<Order> {
    post(&paths::lab_order(id, "status"), update).await
}

pub async fn lab_delete(id: &str) -> ClientResult<()> {
    delete(&paths::lab_order(id, "")).await
}

pub fn lab_package_url(id: &str) -> String {
    url(&paths::lab_order(id, "package"))
}

// ---- People

/// Turns People on or off for the signed-in person; off deletes their face data.
pub async fn set_people(enabled: bool) -> ClientResult<Me> {
    put(paths::ME_PEOPLE, &PeopleSetting { enabled }).await
}

/// The newest of the photos whose faces are still to be looked for, and how many there are.
pub async fn pending_faces(limit: usize) -> ClientResult<PendingFaces> {
    get(&format!("{}?limit={limit}", paths::PEOPLE_PENDING)).await
}

pub async fn set_faces(asset: &str, faces: &NewFaces) -> ClientResult<Vec<AssetFace>> {
    put(&paths::asset_faces(asset), faces).await
}

pub async fn faces(asset: &str) -> ClientResult<Vec<AssetFace>> {
    get(&paths::asset_faces(asset)).await
}

/// Names who a photo's face shows (an empty name takes it away); the photo's faces as they now are.
pub async fn name_face(asset: &str, face: u32, name: String) -> ClientResult<Vec<AssetFace>> {
    put(&paths::face_name(asset, face), &FaceName { name }).await
}

pub async fn people() -> ClientResult<Vec<Person>> {
    get(paths::PEOPLE).await
}

pub async fn person(id: &str) -> ClientResult<Person> {
    get(&paths::person(id)).await
}

pub async fn update_person(id: &str, update: &PersonUpdate) -> ClientResult<Person> {
    patch(&paths::person(id), update).await
}

/// Merges `from` into `into`: the same person, found twice.
pub async fn merge_people(into: &str, from: &str) -> ClientResult<Person> {
    post(&paths::person_part(into, "/merge"), &PersonMerge { from: from.to_string() }).await
}

pub async fn set_cover(person: &str, face: &FaceRef) -> ClientResult<Person> {
    put(&paths::person_part(person, "/cover"), face).await
}

/// "Not this person": the face leaves them.
pub async fn take_face_out(person: &str, face: &FaceRef) -> ClientResult<()> {
    delete(&paths::person_face(person, &face.asset, face.face)).await
}
