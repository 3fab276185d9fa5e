//! Sharing: links anyone can open, albums shared with people, and the family vault.

use crate::Asset;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AlbumRole {
    /// Sees the album.
    Viewer,
    /// Sees it and adds their own photos to it.
    Contributor,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlbumMember {
    pub user_id: u64,
    pub username: String,
    pub role: AlbumRole,
}

/// Share an album with a person by username, or change their role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlbumShare {
    pub username: String,
    pub role: AlbumRole,
}

/// What a link shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LinkTarget {
    Album {
        id: String,
    },
    Photo {
        id: String,
    },
    /// Photos picked in the library: they become a new album, which the link shows.
    Selection {
        #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200), pattern(r"\S")))]
        name: String,
        #[cfg_attr(feature = "schema", schemars(length(min = 1, max = crate::MAX_BATCH)))]
        ids: Vec<String>,
    },
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewShareLink {
    pub target: LinkTarget,
    /// `YYYY-MM-DD` (the end of that day, UTC; an RFC 3339 time is read too); `None` for a link
    /// that does not expire. A day already past is refused (422).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date")))]
    pub expires_at: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = crate::MAX_PASSWORD_LEN)))]
    pub password: Option<String>,
    #[serde(default)]
    pub allow_download: bool,
    #[serde(default)]
    pub show_location: bool,
    #[serde(default)]
    pub show_camera: bool,
}

impl std::fmt::Debug for NewShareLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewShareLink").field("target", &self.target).finish_non_exhaustive()
    }
}

/// A change to a link; absent fields stay as they are. `password: Some("")` removes the password.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShareLinkUpdate {
    /// `Some(None)` (JSON `null`) makes the link last until revoked.
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date")))]
    pub expires_at: Option<Option<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = crate::MAX_PASSWORD_LEN)))]
    pub password: Option<String>,
    #[serde(default)]
    pub allow_download: Option<bool>,
    #[serde(default)]
    pub show_location: Option<bool>,
    #[serde(default)]
    pub show_camera: Option<bool>,
}

impl std::fmt::Debug for ShareLinkUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ShareLinkUpdate").field("expires_at", &self.expires_at).finish_non_exhaustive()
    }
}

/// Tells a missing field (leave it) from an explicit `null` (clear it).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Option<String>>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

/// A link as its owner sees it. The token is not kept (only its hash), so the address is shown once,
/// when the link is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShareLink {
    pub id: String,
    /// `album` or `photo`.
    pub kind: String,
    pub target_id: String,
    pub title: String,
    /// A photo to show beside the link.
    pub cover: Option<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub expired: bool,
    pub has_password: bool,
    pub allow_download: bool,
    pub show_location: bool,
    pub show_camera: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreatedShareLink {
    pub link: ShareLink,
    /// The secret part of the address: `/s/{token}` (`/#/s/{token}` from before is read too).
    pub token: String,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LinkPassword {
    pub password: String,
}

impl std::fmt::Debug for LinkPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkPassword(..)")
    }
}

/// What a link's visitor learns. Before the password, only that one is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublicShare {
    pub locked: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Who shared it.
    pub shared_by: Option<String>,
    pub count: usize,
    pub allow_download: bool,
}

/// Send a link by email (when the server has SMTP and knows its public address). The server writes
/// the address itself, from its own configured public URL and this token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LinkEmail {
    /// The link's token, as given when it was made; checked against the link's hash.
    pub token: String,
    pub to: String,
    /// A short plain line from the sender: at most [`MAX_EMAIL_NOTE`] characters, no web addresses.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(max = MAX_EMAIL_NOTE)))]
    pub note: String,
}

pub const MAX_EMAIL_NOTE: usize = 300;

// ---- the family vault

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Vault {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub is_owner: bool,
    pub members: Vec<VaultMember>,
    pub member_limit: usize,
    /// The caller's own setting: add everything they upload.
    pub auto_add: bool,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VaultMember {
    pub user_id: u64,
    pub username: String,
    pub is_owner: bool,
    pub joined_at: String,
    /// Photos this member added.
    pub photos: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewVault {
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 100), pattern(r"\S")))]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VaultSettings {
    pub auto_add: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VaultItem {
    pub asset: Asset,
    /// Everyone who added this photo (the same file from two people is one entry).
    pub added_by: Vec<String>,
    /// Whether the caller added it (and may take it back).
    pub mine: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VaultPage {
    pub items: Vec<VaultItem>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewInvite {
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 90)))]
    pub days: u32,
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100)))]
    pub max_uses: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Invite {
    pub id: String,
    pub created_at: String,
    pub expires_at: String,
    pub max_uses: u32,
    pub uses: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreatedInvite {
    pub invite: Invite,
    /// The secret part of the address: `/#/invite/{token}`.
    pub token: String,
}

/// What the invite page shows before joining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InviteInfo {
    pub vault: String,
    pub owner: String,
    pub members: usize,
    pub member_limit: usize,
}
