//! Keepsake's wire contract.
//!
//! Every JSON body that crosses between the browser app and the server is declared here, once, so the
//! two sides cannot drift apart; so is what the page and its worker say to each other ([`worker`]). The
//! crate depends on serde alone: it is compiled into the page's wasm.

use serde::{Deserialize, Serialize};

mod people;
pub mod print_layout;
mod prints;
mod sharing;
pub mod worker;
pub use people::*;
pub use prints::*;
pub use sharing::*;

/// Every route lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// Longest username accepted at sign-up.
pub const MAX_USERNAME_LEN: usize = 64;
/// Shortest password accepted at sign-up.
pub const MIN_PASSWORD_LEN: usize = 8;
/// Longest password accepted; argon2 work is bounded by it.
pub const MAX_PASSWORD_LEN: usize = 1024;

/// How many photos the timeline asks for at a time. The first page's request is made alongside the
/// program's download (the server writes a preload for it into the first page), so both ask alike.
pub const TIMELINE_PAGE: usize = 1000;

/// Size of the chunks the browser sends originals in.
pub const UPLOAD_CHUNK_BYTES: u64 = 8 * 1024 * 1024;

/// Long edge, in pixels, of the grid thumbnail.
pub const THUMBNAIL_EDGE: u32 = 360;
/// Long edge, in pixels, of the viewer preview.
pub const PREVIEW_EDGE: u32 = 1600;

/// The largest size with the same aspect ratio that fits in an `edge`×`edge` square; never enlarges.
/// How every derivative is sized, and how the server checks the sizes a client declares.
pub fn fit_within(width: u32, height: u32, edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= edge || width == 0 || height == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| ((side as u64 * edge as u64 + long as u64 / 2) / long as u64).max(1) as u32;
    if width >= height { (edge, scale(height)) } else { (scale(width), edge) }
}

/// The error body of every failed request. `code` is stable and machine-readable; `message` is for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Credentials {
    /// Letters, digits, dots, dashes and underscores.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_USERNAME_LEN), pattern(r"^[\w.-]+$")))]
    pub username: String,
    #[cfg_attr(feature = "schema", schemars(length(min = MIN_PASSWORD_LEN, max = MAX_PASSWORD_LEN)))]
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Me {
    pub id: u64,
    pub username: String,
    pub is_admin: bool,
    /// Bytes of originals this person keeps (the trash included).
    #[serde(default)]
    pub used_bytes: u64,
    /// The most they may keep, when the admin set a limit.
    #[serde(default)]
    pub quota_bytes: Option<u64>,
    /// Whether People finds and groups the faces in their photos.
    #[serde(default)]
    pub people: bool,
}

/// An account as the admin sees it on the accounts page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Account {
    pub id: u64,
    pub username: String,
    pub is_admin: bool,
    /// A disabled account cannot sign in, and its sessions stop working; nothing of it is deleted.
    pub disabled: bool,
    pub used_bytes: u64,
    pub quota_bytes: Option<u64>,
    pub created_at: String,
}

/// What the admin changes about an account; fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AccountUpdate {
    #[serde(default)]
    pub disabled: Option<bool>,
    /// `Some(None)` (JSON `null`) removes the limit.
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<u64>"))]
    pub quota_bytes: Option<Option<u64>>,
}

/// Tells a field left out (`None`) from one set to `null` (`Some(None)`).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Option<u64>>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<u64>>, D::Error> {
        Option::<u64>::deserialize(d).map(Some)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServerSettings {
    pub open_signup: bool,
    /// Whether the server sends email itself (SMTP configured); read-only.
    #[serde(default)]
    pub email: bool,
    /// Whether People starts on for new accounts. Always given when read; left out of a change, it
    /// stays as it is.
    #[serde(default)]
    pub people_default: Option<bool>,
}

/// What the server has done since it started (admin only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServerStats {
    /// Bytes of originals received by the upload routes: each byte of a resumed upload counts once
    /// when clients resume from where the server is.
    pub upload_bytes_received: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AssetKind {
    Photo,
    Video,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Camera {
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens: Option<String>,
}

impl Camera {
    /// The camera as people name it, with its maker once: "Canon EOS D60", not "Canon Canon EOS D60";
    /// "NIKON D70" from "NIKON CORPORATION" and "NIKON D70"; "Apple iPhone 7". A model that does not
    /// start with the maker's first word gets that word in front. Shown in the viewer, listed and
    /// searched as the camera filter.
    pub fn name(&self) -> Option<String> {
        let make = self.make.as_deref().map(str::trim).filter(|m| !m.is_empty());
        let model = self.model.as_deref().map(str::trim).filter(|m| !m.is_empty());
        match (make, model) {
            (Some(make), Some(model)) => {
                let brand = make.split_whitespace().next().unwrap_or(make);
                let named = model.get(..brand.len()).is_some_and(|m| m.eq_ignore_ascii_case(brand));
                Some(if named { model.to_string() } else { format!("{brand} {model}") })
            }
            (one, other) => one.or(other).map(str::to_string),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Exposure {
    /// Seconds.
    pub exposure_time: Option<f64>,
    pub f_number: Option<f64>,
    pub iso: Option<u32>,
    /// Millimetres.
    pub focal_length: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Gps {
    pub lat: f64,
    pub lon: f64,
    /// Metres above sea level, negative below.
    pub alt: Option<f64>,
}

/// What the browser (or `keepsake inspect`) reads from a file before upload.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MediaMetadata {
    /// `YYYY-MM-DDTHH:MM:SS`, with `+HH:MM` when the file records its UTC offset.
    pub taken_at: Option<String>,
    /// Width as displayed, after orientation.
    pub width: Option<u32>,
    /// Height as displayed, after orientation.
    pub height: Option<u32>,
    /// EXIF orientation, 1–8.
    pub orientation: Option<u8>,
    pub camera: Camera,
    pub exposure: Exposure,
    pub gps: Option<Gps>,
    /// Video length in seconds.
    pub duration: Option<f64>,
}

/// One item of the library as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Asset {
    pub id: String,
    pub filename: String,
    pub mime: String,
    pub bytes: u64,
    pub sha256: String,
    pub kind: AssetKind,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub taken_at: Option<String>,
    pub camera: Camera,
    pub exposure: Exposure,
    pub gps: Option<Gps>,
    pub duration: Option<f64>,
    /// A ThumbHash of the thumbnail, base64, drawn while the thumbnail loads.
    pub placeholder: Option<String>,
    /// The thumbnail and preview exist. False for formats neither the browser nor the server could decode.
    pub has_derivatives: bool,
    /// When the server stored it, RFC 3339 UTC.
    pub uploaded_at: String,
    #[serde(default)]
    pub favorite: bool,
    /// Hidden from the timeline; still in albums and search.
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The nearest town to the GPS position, from the offline gazetteer.
    #[serde(default)]
    pub place: Option<Place>,
    /// The folder the file came from, `/`-separated.
    #[serde(default)]
    pub folder: Option<String>,
    /// What the file itself says, when the date was edited in Keepsake; `taken_at` is then the edit.
    #[serde(default)]
    pub original_taken_at: Option<String>,
    /// Whose photo this is, when it is not the caller's (seen through a shared album or the vault).
    #[serde(default)]
    pub shared_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Place {
    pub city: String,
    pub region: Option<String>,
    pub country: String,
}

impl Place {
    /// "Lyon, Auvergne-Rhone-Alpes, France".
    pub fn label(&self) -> String {
        let mut parts = vec![self.city.as_str()];
        parts.extend(self.region.as_deref().filter(|r| !r.is_empty() && *r != self.city));
        parts.push(&self.country);
        parts.join(", ")
    }
}

/// Tags as people type them: trimmed, inner whitespace collapsed, bounded. Tags are compared without
/// case; the server and the app's local update both go through this.
/// Text with runs of whitespace (newlines, tabs) made single spaces and the ends trimmed: how names,
/// captions and notes people type are kept.
pub fn squeeze_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn clean_tag(tag: &str) -> Option<String> {
    let tag: String = squeeze_spaces(tag).chars().take(64).collect();
    (!tag.is_empty()).then_some(tag)
}

/// The largest selection one request may act on.
pub const MAX_BATCH: usize = 50_000;

/// One change applied to many assets at once: the grid's selection bar and the viewer both send it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssetEdit {
    pub ids: Vec<String>,
    #[serde(flatten)]
    pub change: AssetChange,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum AssetChange {
    Favorite {
        value: bool,
    },
    Archive {
        value: bool,
    },
    AddTags {
        tags: Vec<String>,
    },
    RemoveTags {
        tags: Vec<String>,
    },
    /// Moves the date by this many seconds (a camera clock that was wrong by a fixed amount).
    ShiftDate {
        seconds: i64,
    },
    /// Sets the date, `YYYY-MM-DDTHH:MM:SS` (a scan's real date).
    SetDate {
        taken_at: String,
    },
    /// The folder a copy of the file was uploaded from, given to a photo that has none yet: a photo
    /// first uploaded loose, then again with its folder, is found in that folder.
    CreditFolder {
        #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 1024)))]
        folder: String,
    },
    /// Moves to the trash.
    Trash,
    /// Brings back from the trash.
    Restore,
    /// Deletes from the trash for good.
    Purge,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EditResult {
    /// How many assets changed.
    pub changed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TagCount {
    pub tag: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CameraCount {
    /// [`Camera::name`], as the search filter takes it.
    pub camera: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Album {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The cover photo: the one chosen, else the first.
    pub cover: Option<String>,
    pub count: usize,
    /// Wall-clock dates of the oldest and newest photo, `YYYY-MM-DD`.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub updated_at: String,
    /// The owner's name.
    #[serde(default)]
    pub owner: String,
    /// The caller's role when the album is someone else's; `None` for the owner.
    #[serde(default)]
    pub role: Option<AlbumRole>,
    /// The people it is shared with (shown to the owner only).
    #[serde(default)]
    pub members: Vec<AlbumMember>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewAlbum {
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200), pattern(r"\S")))]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 5000)))]
    pub description: String,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = MAX_BATCH)))]
    pub asset_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlbumUpdate {
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200), pattern(r"\S")))]
    pub name: Option<String>,
    #[cfg_attr(feature = "schema", schemars(length(max = 5000)))]
    pub description: Option<String>,
    /// An asset of the album.
    pub cover: Option<String>,
    /// Reorders the album by date once: `true` newest first, `false` oldest first.
    pub sort_newest_first: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssetIds {
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_BATCH)))]
    pub ids: Vec<String>,
}

/// Moves one photo of an album in front of another (or to the end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlbumMove {
    pub asset_id: String,
    pub before: Option<String>,
}

/// A search, also used for the favourites, archive and folder views. Query-string encoded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SearchQuery {
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = 500)))]
    pub q: String,
    /// `photo` or `video`.
    pub kind: Option<AssetKind>,
    pub favorite: Option<bool>,
    /// Only archived assets.
    pub archived: Option<bool>,
    /// `YYYY-MM-DD`, inclusive.
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub from: Option<String>,
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub to: Option<String>,
    /// "Make Model", as [`CameraCount::camera`].
    pub camera: Option<String>,
    /// Assets directly in this folder.
    pub folder: Option<String>,
    /// Photos of this person (their id, from People).
    pub person: Option<String>,
    pub offset: Option<usize>,
    /// 1 to 1000.
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 1000)))]
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SearchPage {
    pub items: Vec<Asset>,
    pub total: usize,
    pub next_offset: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FolderEntry {
    pub name: String,
    pub path: String,
    /// Assets in this folder and below.
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FolderListing {
    pub path: String,
    pub folders: Vec<FolderEntry>,
    /// Assets directly in this folder.
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrashedAsset {
    pub asset: Asset,
    /// RFC 3339 UTC.
    pub trashed_at: String,
    /// When the background task deletes it for good, RFC 3339 UTC.
    pub purge_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrashPage {
    pub items: Vec<TrashedAsset>,
    pub retention_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MemoryYear {
    pub year: i32,
    pub items: Vec<Asset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Memories {
    /// Newest year first.
    pub years: Vec<MemoryYear>,
}

/// A ZIP of a selection: ask for a ticket with the ids, then download from its URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DownloadTicket {
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssetPage {
    pub items: Vec<Asset>,
    /// Pass back as `?cursor=` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// Which of these whole-file hashes does the caller already have?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HashCheck {
    #[cfg_attr(feature = "schema", schemars(length(max = 5000)))]
    pub sha256: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HashCheckResult {
    /// The subset of the asked hashes that the caller's library already holds, each with its asset id.
    pub existing: Vec<ExistingHash>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExistingHash {
    pub sha256: String,
    pub asset_id: String,
}

/// Opens a resumable upload of one original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewUpload {
    pub filename: String,
    pub mime: String,
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub bytes: u64,
    #[cfg_attr(feature = "schema", schemars(pattern(r"^[0-9a-fA-F]{64}$")))]
    pub sha256: String,
    pub metadata: MediaMetadata,
    /// The folder the file came from, relative to what the person picked.
    #[serde(default)]
    pub folder: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum UploadStarted {
    /// Send bytes from `offset` on (non-zero when an earlier attempt was interrupted).
    Open { upload_id: String, offset: u64 },
    /// The library already holds this file; nothing needs sending.
    Duplicate { asset_id: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UploadStatus {
    pub upload_id: String,
    pub offset: u64,
    pub bytes: u64,
}

/// Route paths, relative to [`API_PREFIX`]; `{id}` segments are filled by the caller.
pub mod paths {
    pub const SIGNUP: &str = "/auth/signup";
    pub const LOGIN: &str = "/auth/login";
    pub const LOGOUT: &str = "/auth/logout";
    pub const ME: &str = "/me";
    pub const SETTINGS: &str = "/settings";
    pub const STATS: &str = "/stats";
    pub const USERS: &str = "/users";
    pub const ASSETS: &str = "/assets";
    pub const HASH_CHECK: &str = "/assets/check";
    pub const UPLOADS: &str = "/uploads";
    pub const OPENAPI: &str = "/openapi.json";
    pub const ASSET_EDIT: &str = "/assets/edit";
    pub const TAGS: &str = "/tags";
    pub const CAMERAS: &str = "/cameras";
    pub const ALBUMS: &str = "/albums";
    pub const SEARCH: &str = "/search";
    pub const FOLDERS: &str = "/folders";
    pub const TRASH: &str = "/trash";
    pub const TRASH_EMPTY: &str = "/trash/empty";
    pub const TRASH_RESTORE_ALL: &str = "/trash/restore-all";
    pub const MEMORIES: &str = "/memories";
    pub const DOWNLOADS: &str = "/downloads";
    pub const LINKS: &str = "/links";
    pub const SHARED_WITH_ME: &str = "/shared-with-me";
    pub const VAULT: &str = "/vault";
    pub const VAULT_ASSETS: &str = "/vault/assets";
    pub const VAULT_REMOVE: &str = "/vault/assets/remove";
    pub const VAULT_ME: &str = "/vault/me";
    pub const VAULT_INVITES: &str = "/vault/invites";
    pub const PRINT_PRICES: &str = "/prints/prices";
    pub const PRINT_QUOTE: &str = "/prints/quote";
    pub const ORDERS: &str = "/orders";
    pub const LAB_ORDERS: &str = "/lab/orders";
    pub const PEOPLE: &str = "/people";
    pub const PEOPLE_PENDING: &str = "/people/pending";
    pub const ME_PEOPLE: &str = "/me/people";

    pub fn person(id: &str) -> String {
        format!("{PEOPLE}/{id}")
    }
    /// `/cover`, `/merge`.
    pub fn person_part(id: &str, part: &str) -> String {
        format!("{PEOPLE}/{id}{part}")
    }
    pub fn person_face(id: &str, asset: &str, face: u32) -> String {
        format!("{PEOPLE}/{id}/faces/{asset}/{face}")
    }
    pub fn asset_faces(id: &str) -> String {
        format!("{ASSETS}/{id}/faces")
    }
    pub fn face_name(asset: &str, face: u32) -> String {
        format!("{ASSETS}/{asset}/faces/{face}/name")
    }

    pub fn link(id: &str) -> String {
        format!("{LINKS}/{id}")
    }
    /// What a link's visitor calls: `""` (the share), `/unlock`, `/assets`, `/download`.
    pub fn public_share(token: &str, part: &str) -> String {
        format!("/s/{token}{part}")
    }
    pub fn public_file(token: &str, asset: &str, which: &str) -> String {
        format!("/s/{token}/assets/{asset}/{which}")
    }
    pub fn album_member(id: &str, user: u64) -> String {
        format!("{ALBUMS}/{id}/members/{user}")
    }
    pub fn vault_member(user: u64) -> String {
        format!("{VAULT}/members/{user}")
    }
    pub fn vault_invite(id: &str) -> String {
        format!("{VAULT_INVITES}/{id}")
    }
    /// `""` (what it is), `/join`, `/signup`.
    pub fn invite(token: &str, part: &str) -> String {
        format!("/invites/{token}{part}")
    }

    pub fn order(id: &str, part: &str) -> String {
        if part.is_empty() { format!("{ORDERS}/{id}") } else { format!("{ORDERS}/{id}/{part}") }
    }
    pub fn order_file(id: &str, line: usize) -> String {
        format!("{ORDERS}/{id}/lines/{line}/file")
    }
    pub fn lab_order(id: &str, part: &str) -> String {
        if part.is_empty() { format!("{LAB_ORDERS}/{id}") } else { format!("{LAB_ORDERS}/{id}/{part}") }
    }
    pub fn album(id: &str) -> String {
        format!("{ALBUMS}/{id}")
    }
    /// `assets` (list, add), `remove`, `move`, `download`.
    pub fn album_part(id: &str, part: &str) -> String {
        format!("{ALBUMS}/{id}/{part}")
    }

    pub fn asset(id: &str) -> String {
        format!("{ASSETS}/{id}")
    }
    pub fn asset_file(id: &str, which: &str) -> String {
        format!("{ASSETS}/{id}/{which}")
    }
    pub fn upload(id: &str) -> String {
        format!("{UPLOADS}/{id}")
    }
    pub fn upload_part(id: &str, part: &str) -> String {
        format!("{UPLOADS}/{id}/{part}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camera_names_do_not_repeat_the_make() {
        let c = |make: &str, model: &str| Camera {
            make: Some(make.into()),
            model: Some(model.into()),
            lens: None,
        };
        assert_eq!(c("Canon", "Canon EOS 5D").name().as_deref(), Some("Canon EOS 5D"));
        assert_eq!(c("NIKON CORPORATION", "NIKON D70").name().as_deref(), Some("NIKON D70"));
        assert_eq!(c("NIKON", "COOLPIX P6000").name().as_deref(), Some("NIKON COOLPIX P6000"));
        assert_eq!(c("Apple", "iPhone 12").name().as_deref(), Some("Apple iPhone 12"));
        assert_eq!(Camera { make: Some(" ".into()), ..c("", "GoPro") }.name().as_deref(), Some("GoPro"));
        assert_eq!(Camera::default().name(), None);
    }

    #[test]
    fn credentials_debug_hides_the_password() {
        let c = Credentials { username: "ann".into(), password: "hunter22".into() };
        assert!(!format!("{c:?}").contains("hunter22"));
    }

    #[test]
    fn upload_started_is_tagged_by_status() {
        let json = serde_json::to_string(&UploadStarted::Duplicate { asset_id: "a1".into() }).unwrap();
        assert_eq!(json, r#"{"status":"duplicate","asset_id":"a1"}"#);
    }
}
