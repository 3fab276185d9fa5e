//! The metadata store: redb, with synchronous functions over short transactions.
//!
//! Callers on async workers go through [`Store::run`], which moves the work to the blocking pool. Work
//! that is slow (hashing, decoding, fsync of blobs) happens before a write transaction opens, never
//! inside one: redb has one writer at a time.

pub mod index;
mod library;
#[cfg(test)]
mod model_test;
mod orders;
mod people;
mod pool;
pub mod search;
mod sharing;
pub mod tables;

pub use orders::{OrderLineRecord, OrderRecord, StatusRecord};
pub use people::{FaceRecord, NewFaceRecord, PersonChange, PersonCheck, PersonRecord};
pub use sharing::{InviteRecord, LinkRecord, LinkTargetRecord, UnlockRecord, VaultMemberRecord, VaultRecord};

use crate::error::{AppError, AppResult};
use keepsake_api::{AssetKind, MediaMetadata, NewUpload, Place};
use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::{path::Path, sync::Arc};
use tables::*;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: u64,
    pub username: String,
    pub password_hash: String,
    pub is_admin: bool,
    pub created_at: i64,
    /// Set by the admin: cannot sign in, sessions stop working.
    #[serde(default)]
    pub disabled: bool,
    /// Set by the admin: the most bytes of originals this person may keep.
    #[serde(default)]
    pub quota_bytes: Option<u64>,
    /// Set when the admin deletes the account: what is theirs is being removed (see
    /// `gc::delete_account`); the account is disabled meanwhile and disappears at the end.
    #[serde(default)]
    pub deleting: bool,
    /// Whether People groups the faces in their photos. Off means no face data is kept at all;
    /// accounts from before People have it on, new ones as the admin decided (`people_default`).
    #[serde(default = "on")]
    pub people: bool,
}

fn on() -> bool {
    true
}

/// The `SETTINGS` entry for whether People starts on for new accounts.
const PEOPLE_DEFAULT: &str = "people_default";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionRecord {
    pub user_id: u64,
    pub expires_at: i64,
}

/// A stored derivative (thumbnail, preview): a JPEG blob and its pixel size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derivative {
    pub key: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssetRecord {
    pub id: String,
    pub owner: u64,
    pub filename: String,
    pub mime: String,
    pub bytes: u64,
    pub sha256: String,
    pub kind: AssetKind,
    pub metadata: MediaMetadata,
    pub folder: Option<String>,
    pub thumbnail: Option<Derivative>,
    pub preview: Option<Derivative>,
    pub placeholder: Option<String>,
    pub uploaded_at: i64,
    pub sort_key: i64,
    #[serde(default)]
    pub trashed_at: Option<i64>,
    #[serde(default)]
    pub favorite: bool,
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub place: Option<Place>,
    /// Set when the date was edited: what `metadata.taken_at` was before (the file itself is untouched).
    #[serde(default)]
    pub date_edited: bool,
    #[serde(default)]
    pub original_taken_at: Option<String>,
}

impl AssetRecord {
    /// Every blob this asset keeps alive.
    pub fn blob_keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.sha256.as_str())
            .chain(self.thumbnail.as_ref().map(|d| d.key.as_str()))
            .chain(self.preview.as_ref().map(|d| d.key.as_str()))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AlbumRecord {
    pub id: String,
    pub owner: u64,
    pub name: String,
    pub description: String,
    pub cover: Option<String>,
    /// The album's order; trashed assets stay listed so a restore brings them back in place.
    pub assets: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The people it is shared with.
    #[serde(default)]
    pub members: Vec<AlbumMemberRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlbumMemberRecord {
    pub user: u64,
    pub role: keepsake_api::AlbumRole,
    pub added_at: i64,
}

impl AlbumRecord {
    pub fn role_of(&self, user: u64) -> Option<keepsake_api::AlbumRole> {
        self.members.iter().find(|m| m.user == user).map(|m| m.role)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadRecord {
    pub id: String,
    pub owner: u64,
    pub request: NewUpload,
    pub created_at: i64,
    pub thumbnail: Option<Derivative>,
    pub preview: Option<Derivative>,
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> AppResult<T> {
    serde_json::from_slice(bytes).map_err(AppError::internal)
}

fn encode<T: Serialize>(value: &T) -> AppResult<Vec<u8>> {
    serde_json::to_vec(value).map_err(AppError::internal)
}

/// A position on a timeline: the sort key and asset id of the last item seen.
pub type TimelineCursor = (i64, String);

/// What [`Store::insert_asset`] did.
pub enum Inserted {
    New,
    /// The owner already had this file (a concurrent upload won the race); nothing was added.
    Existing(String),
}

#[derive(Clone)]
pub struct Store {
    db: Arc<Database>,
    pool: Arc<pool::Pool>,
}

impl Store {
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let db = Database::create(path)?;
        let tx = db.begin_write()?;
        create_all(&tx)?;
        tx.commit()?;
        Ok(Self { db: Arc::new(db), pool: Arc::new(pool::Pool::new()) })
    }

    /// Runs `f` on the database's own threads: redb calls block on disk, and on a pool of their own
    /// they neither wait behind nor crowd out other blocking work (file reads, hashing).
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> AppResult<T> + Send + 'static,
    {
        let store = self.clone();
        self.pool.run(move || f(&store)).await?
    }

    /// Brings a store written by an older version up to date. Version 2 added the derived tables and
    /// places, version 3 album contents by date (for albums holding other people's photos): every asset
    /// is indexed (and placed) again. Version 4 counts each person's storage.
    pub fn migrate(&self) -> AppResult<()> {
        const VERSION: u64 = 4;
        let tx = self.db.begin_write()?;
        let version = tx.open_table(COUNTERS)?.get("schema")?.map_or(1, |v| v.value());
        if version < VERSION {
            tx.open_table(STORAGE_USED)?.retain(|_, _| false)?;
            let records: Vec<AssetRecord> = {
                let assets = tx.open_table(ASSETS)?;
                assets.iter()?.map(|e| decode(e?.1.value())).collect::<AppResult<_>>()?
            };
            if !records.is_empty() {
                tracing::info!(assets = records.len(), "indexing the library for search");
            }
            for mut asset in records {
                if asset.place.is_none() {
                    asset.place = asset.metadata.gps.as_ref().and_then(crate::places::place_of);
                    tx.open_table(ASSETS)?.insert(asset.id.as_str(), encode(&asset)?.as_slice())?;
                }
                index::reindex(&tx, &asset.id, Some(&asset))?;
                add_storage(&tx, asset.owner, asset.bytes as i64)?;
            }
            tx.open_table(COUNTERS)?.insert("schema", VERSION)?;
        }
        tx.commit()?;
        Ok(())
    }

    // ---- users and sessions

    /// Creates a user; the first one becomes the admin. `None` if the name is taken. With
    /// `Signup::Open`, only while sign-up is open, decided in the same transaction.
    pub fn create_user(
        &self,
        username: &str,
        password_hash: String,
        now: i64,
        how: Signup,
    ) -> AppResult<Option<UserRecord>> {
        let tx = self.db.begin_write()?;
        if how == Signup::Open && !signup_is_open(&tx.open_table(SETTINGS)?, &tx.open_table(USERS)?)? {
            return Err(AppError::Forbidden("sign-up is closed; ask the admin for an account"));
        }
        let user = create_user_in(&tx, username, password_hash, now)?;
        tx.commit()?;
        Ok(user)
    }

    pub fn user(&self, id: u64) -> AppResult<Option<UserRecord>> {
        let tx = self.db.begin_read()?;
        let users = tx.open_table(USERS)?;
        users.get(id)?.map(|v| decode(v.value())).transpose()
    }

    pub fn user_by_name(&self, username: &str) -> AppResult<Option<UserRecord>> {
        let id = {
            let tx = self.db.begin_read()?;
            let names = tx.open_table(USERNAMES)?;
            names.get(username.to_lowercase().as_str())?.map(|v| v.value())
        };
        match id {
            Some(id) => self.user(id),
            None => Ok(None),
        }
    }

    pub fn insert_session(&self, token_hash: &[u8; 32], session: &SessionRecord) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(SESSIONS)?.insert(token_hash, encode(session)?.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    pub fn session(&self, token_hash: &[u8; 32]) -> AppResult<Option<SessionRecord>> {
        let tx = self.db.begin_read()?;
        let sessions = tx.open_table(SESSIONS)?;
        sessions.get(token_hash)?.map(|v| decode(v.value())).transpose()
    }

    pub fn delete_session(&self, token_hash: &[u8; 32]) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(SESSIONS)?.remove(token_hash)?;
        tx.commit()?;
        Ok(())
    }

    // ---- settings

    /// Whether anyone may create an account: until the first (the admin) exists, yes; then only if
    /// the admin opened sign-up.
    pub fn open_signup(&self) -> AppResult<bool> {
        let tx = self.db.begin_read()?;
        signup_is_open(&tx.open_table(SETTINGS)?, &tx.open_table(USERS)?)
    }

    pub fn set_open_signup(&self, open: bool) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(SETTINGS)?.insert("open_signup", encode(&open)?.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    /// Whether People starts on for new accounts (on until the admin says otherwise).
    pub fn people_default(&self) -> AppResult<bool> {
        people_default(&self.db.begin_read()?.open_table(SETTINGS)?)
    }

    pub fn set_people_default(&self, on: bool) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(SETTINGS)?.insert(PEOPLE_DEFAULT, encode(&on)?.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    // ---- assets

    pub fn asset(&self, id: &str) -> AppResult<Option<AssetRecord>> {
        let tx = self.db.begin_read()?;
        let assets = tx.open_table(ASSETS)?;
        assets.get(id)?.map(|v| decode(v.value())).transpose()
    }

    /// One page of the owner's timeline, newest first, starting after `after` (a previous page's last key).
    pub fn timeline_page(
        &self,
        owner: u64,
        after: Option<TimelineCursor>,
        limit: usize,
    ) -> AppResult<(Vec<AssetRecord>, Option<TimelineCursor>)> {
        let tx = self.db.begin_read()?;
        let timeline = tx.open_table(TIMELINE)?;
        let assets = tx.open_table(ASSETS)?;
        let start = (owner, i64::MIN, "");
        let mut items = Vec::with_capacity(limit);
        let mut last = None;
        let mut push = |key: (u64, i64, &str)| -> AppResult<bool> {
            if items.len() == limit {
                return Ok(false);
            }
            if let Some(v) = assets.get(key.2)? {
                items.push(decode::<AssetRecord>(v.value())?);
                last = Some((key.1, key.2.to_string()));
            }
            Ok(true)
        };
        match &after {
            Some((sort, id)) => {
                for entry in timeline.range(start..(owner, *sort, id.as_str()))?.rev() {
                    if !push(entry?.0.value())? {
                        break;
                    }
                }
            }
            None => {
                for entry in timeline.range(start..=(owner, i64::MAX, "\u{10FFFF}"))?.rev() {
                    if !push(entry?.0.value())? {
                        break;
                    }
                }
            }
        }
        let next = if items.len() == limit { last } else { None };
        Ok((items, next))
    }

    /// Which of `hashes` the owner already holds, with their asset ids.
    pub fn owner_hashes(&self, owner: u64, hashes: &[String]) -> AppResult<Vec<(String, String)>> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(OWNER_HASHES)?;
        let mut found = Vec::new();
        for hash in hashes {
            if let Some(id) = table.get((owner, hash.as_str()))? {
                found.push((hash.clone(), id.value().to_string()));
            }
        }
        Ok(found)
    }

    /// Adds an asset, its indexes and its blob references in one transaction, and retires the upload it
    /// came from. The blobs must already be durable in the blob store.
    pub fn insert_asset(&self, asset: &AssetRecord, from_upload: Option<&str>) -> AppResult<Inserted> {
        let tx = self.db.begin_write()?;
        let inserted = insert_in(&tx, asset)?;
        if let Some(upload) = from_upload {
            tx.open_table(UPLOADS)?.remove(upload)?;
        }
        tx.commit()?;
        Ok(inserted)
    }

    /// Many assets in one transaction (bulk seeding for benchmarks and large imports).
    pub fn insert_assets(&self, assets: &[AssetRecord]) -> AppResult<usize> {
        let tx = self.db.begin_write()?;
        let mut added = 0;
        for asset in assets {
            if matches!(insert_in(&tx, asset)?, Inserted::New) {
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Which of `keys` something still needs: an asset's reference, or an unfinished upload's derivative
    /// (counted only once the upload becomes an asset) or original (moved into the store by a `finish`
    /// that a crash stopped before its commit; the next `finish` completes it from there).
    pub fn blobs_in_use(&self, keys: &[String]) -> AppResult<std::collections::HashSet<String>> {
        let pending: std::collections::HashSet<String> = self
            .uploads()?
            .into_iter()
            .flat_map(|u| [u.thumbnail.map(|d| d.key), u.preview.map(|d| d.key), Some(u.request.sha256)])
            .flatten()
            .collect();
        let tx = self.db.begin_read()?;
        let refs = tx.open_table(BLOB_REFS)?;
        let mut used = std::collections::HashSet::new();
        for key in keys {
            if pending.contains(key) || refs.get(key.as_str())?.is_some() {
                used.insert(key.clone());
            }
        }
        Ok(used)
    }

    /// Every blob something refers to, with what it is: assets' originals and derivatives, print
    /// files, and what unfinished uploads hold (an original a crashed `finish` stored, derivatives).
    pub fn referenced_blobs(&self) -> AppResult<Vec<(String, crate::blobs::BlobKind)>> {
        use crate::blobs::BlobKind;
        let mut kinds = std::collections::BTreeMap::new();
        let mut add = |key: &str, kind: BlobKind| {
            let entry = kinds.entry(key.to_string()).or_insert(kind);
            // The same bytes as an original and a derivative (unlikely, possible): the original wins,
            // so a store that keeps derivatives apart still has it where originals are.
            if kind == BlobKind::Original {
                *entry = kind;
            }
        };
        let tx = self.db.begin_read()?;
        for entry in tx.open_table(ASSETS)?.iter()? {
            let asset: AssetRecord = decode(entry?.1.value())?;
            add(&asset.sha256, BlobKind::Original);
            for d in asset.thumbnail.iter().chain(&asset.preview) {
                add(&d.key, BlobKind::Derivative);
            }
        }
        for entry in tx.open_table(ORDERS)?.iter()? {
            let order: orders::OrderRecord = decode(entry?.1.value())?;
            for line in &order.lines {
                add(&line.file, BlobKind::PrintFile);
            }
        }
        for entry in tx.open_table(UPLOADS)?.iter()? {
            let upload: UploadRecord = decode(entry?.1.value())?;
            add(&upload.request.sha256, BlobKind::Original);
            for d in upload.thumbnail.iter().chain(&upload.preview) {
                add(&d.key, BlobKind::Derivative);
            }
        }
        Ok(kinds.into_iter().collect())
    }

    /// Whether any record refers to a blob.
    pub fn has_blobs(&self) -> AppResult<bool> {
        let tx = self.db.begin_read()?;
        Ok(!tx.open_table(BLOB_REFS)?.is_empty()? || !tx.open_table(UPLOADS)?.is_empty()?)
    }

    /// Where the library's blobs are, once recorded (see `crate::blob_location`).
    pub fn blob_location(&self) -> AppResult<Option<crate::blobs::BlobLocation>> {
        let tx = self.db.begin_read()?;
        let Some(text) =
            tx.open_table(SETTINGS)?.get(BLOB_LOCATION)?.map(|v| decode::<String>(v.value())).transpose()?
        else {
            return Ok(None);
        };
        crate::blobs::BlobLocation::parse(&text).map(Some).map_err(AppError::internal)
    }

    pub fn set_blob_location(&self, location: &crate::blobs::BlobLocation) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(SETTINGS)?.insert(BLOB_LOCATION, encode(&location.to_string())?.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    #[cfg(test)]
    pub fn blob_ref_counts(&self) -> AppResult<std::collections::BTreeMap<String, u64>> {
        let tx = self.db.begin_read()?;
        let refs = tx.open_table(BLOB_REFS)?;
        refs.iter()?.map(|e| e.map(|(k, v)| (k.value().to_string(), v.value())).map_err(Into::into)).collect()
    }

    // ---- storage and accounts

    /// Bytes of originals `owner` keeps.
    pub fn storage_used(&self, owner: u64) -> AppResult<u64> {
        let tx = self.db.begin_read()?;
        Ok(tx.open_table(STORAGE_USED)?.get(owner)?.map_or(0, |v| v.value()))
    }

    /// Every account, with its storage, by id.
    pub fn accounts(&self) -> AppResult<Vec<(UserRecord, u64)>> {
        let tx = self.db.begin_read()?;
        let used = tx.open_table(STORAGE_USED)?;
        let users = tx.open_table(USERS)?;
        users
            .iter()?
            .map(|entry| {
                let user: UserRecord = decode(entry?.1.value())?;
                let bytes = used.get(user.id)?.map_or(0, |v| v.value());
                Ok((user, bytes))
            })
            .collect()
    }

    /// Every asset `owner` keeps: live (archived or not) and in the trash.
    pub fn owner_asset_ids(&self, owner: u64) -> AppResult<Vec<String>> {
        let tx = self.db.begin_read()?;
        owner_asset_ids(&tx.open_table(SEARCH)?, &tx.open_table(TRASH)?, owner)
    }

    /// Accounts whose deletion began and has not finished (a crash or restart came between).
    pub fn accounts_being_deleted(&self) -> AppResult<Vec<u64>> {
        Ok(self.accounts()?.into_iter().filter(|(u, _)| u.deleting).map(|(u, _)| u.id).collect())
    }

    /// The last step of deleting an account: its record, name, sessions and storage count. What was
    /// theirs is gone by now; the name is free again.
    pub fn delete_user(&self, id: u64) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        let user: Option<UserRecord> =
            tx.open_table(USERS)?.remove(id)?.map(|v| decode(v.value())).transpose()?;
        if let Some(user) = user {
            tx.open_table(USERNAMES)?.remove(user.username.as_str())?;
        }
        tx.open_table(SESSIONS)?.retain(|_, v| decode::<SessionRecord>(v).is_ok_and(|s| s.user_id != id))?;
        tx.open_table(STORAGE_USED)?.remove(id)?;
        tx.open_table(USER_VAULT)?.remove(id)?;
        tx.commit()?;
        Ok(())
    }

    /// Changes an account; a disabled one loses its sessions in the same transaction.
    pub fn update_user(&self, id: u64, change: impl FnOnce(&mut UserRecord)) -> AppResult<UserRecord> {
        let tx = self.db.begin_write()?;
        let user = {
            let mut users = tx.open_table(USERS)?;
            let mut user: UserRecord =
                users.get(id)?.map(|v| decode(v.value())).transpose()?.ok_or(AppError::NotFound)?;
            change(&mut user);
            users.insert(id, encode(&user)?.as_slice())?;
            user
        };
        if user.disabled {
            let mut sessions = tx.open_table(SESSIONS)?;
            sessions.retain(|_, v| decode::<SessionRecord>(v).is_ok_and(|s| s.user_id != id))?;
        }
        tx.commit()?;
        Ok(user)
    }

    // ---- uploads

    /// Opens an upload if it fits the owner's quota, counting what they keep and what their other
    /// unfinished uploads will add: checked and recorded in one transaction, so simultaneous uploads
    /// cannot pass the check together.
    pub fn open_upload(&self, upload: &UploadRecord, quota: Option<u64>) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        if let Some(quota) = quota {
            let used = tx.open_table(STORAGE_USED)?.get(upload.owner)?.map_or(0, |v| v.value());
            let mut pending = 0u64;
            for entry in tx.open_table(UPLOADS)?.iter()? {
                let other: UploadRecord = decode(entry?.1.value())?;
                if other.owner == upload.owner {
                    pending = pending.saturating_add(other.request.bytes);
                }
            }
            let after = used.saturating_add(pending).saturating_add(upload.request.bytes);
            if after > quota {
                return Err(AppError::OverQuota { used: used.saturating_add(pending), quota });
            }
        }
        tx.open_table(UPLOADS)?.insert(upload.id.as_str(), encode(upload)?.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    pub fn put_upload(&self, upload: &UploadRecord) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(UPLOADS)?.insert(upload.id.as_str(), encode(upload)?.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    pub fn upload(&self, id: &str) -> AppResult<Option<UploadRecord>> {
        let tx = self.db.begin_read()?;
        let uploads = tx.open_table(UPLOADS)?;
        uploads.get(id)?.map(|v| decode(v.value())).transpose()
    }

    /// An unfinished upload of the same file by the same owner, to resume rather than restart.
    pub fn open_upload_for(&self, owner: u64, sha256: &str) -> AppResult<Option<UploadRecord>> {
        Ok(self.uploads()?.into_iter().find(|u| u.owner == owner && u.request.sha256 == sha256))
    }

    pub fn uploads(&self) -> AppResult<Vec<UploadRecord>> {
        let tx = self.db.begin_read()?;
        let uploads = tx.open_table(UPLOADS)?;
        uploads.iter()?.map(|entry| decode(entry?.1.value())).collect()
    }

    pub fn delete_upload(&self, id: &str) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(UPLOADS)?.remove(id)?;
        tx.commit()?;
        Ok(())
    }
}

/// How an account comes to be: by open sign-up, or made by the admin or an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signup {
    Open,
    Admitted,
}

/// The `SETTINGS` entry for where the blobs are.
const BLOB_LOCATION: &str = "blob_location";

fn signup_is_open(
    settings: &impl ReadableTable<&'static str, &'static [u8]>,
    users: &impl ReadableTableMetadata,
) -> AppResult<bool> {
    match settings.get("open_signup")?.map(|v| decode(v.value())).transpose()? {
        Some(open) => Ok(open),
        None => Ok(users.is_empty()?),
    }
}

/// Creates a user in `tx`; the first one becomes the admin. `None` if the name is taken.
/// See [`Store::owner_asset_ids`]; the live ones are those with the search index's "all" facet.
pub(crate) fn owner_asset_ids(
    search: &impl ReadableTable<(u64, &'static str, i64, &'static str), ()>,
    trash: &impl ReadableTable<(u64, i64, &'static str), ()>,
    owner: u64,
) -> AppResult<Vec<String>> {
    let mut ids = Vec::new();
    for entry in
        search.range((owner, index::ALL, i64::MIN, "")..=(owner, index::ALL, i64::MAX, "\u{10FFFF}"))?
    {
        ids.push(entry?.0.value().3.to_string());
    }
    for entry in trash.range((owner, i64::MIN, "")..=(owner, i64::MAX, "\u{10FFFF}"))? {
        ids.push(entry?.0.value().2.to_string());
    }
    Ok(ids)
}

fn people_default(settings: &impl ReadableTable<&'static str, &'static [u8]>) -> AppResult<bool> {
    settings.get(PEOPLE_DEFAULT)?.map_or(Ok(true), |v| decode(v.value()))
}

fn create_user_in(
    tx: &redb::WriteTransaction,
    username: &str,
    password_hash: String,
    now: i64,
) -> AppResult<Option<UserRecord>> {
    let mut names = tx.open_table(USERNAMES)?;
    let key = username.to_lowercase();
    if names.get(key.as_str())?.is_some() {
        return Ok(None);
    }
    let mut users = tx.open_table(USERS)?;
    let is_admin = users.is_empty()?;
    let mut counters = tx.open_table(COUNTERS)?;
    let id = counters.get("user")?.map_or(1, |v| v.value());
    counters.insert("user", id + 1)?;
    let user = UserRecord {
        id,
        username: username.to_string(),
        password_hash,
        is_admin,
        created_at: now,
        disabled: false,
        quota_bytes: None,
        deleting: false,
        people: people_default(&tx.open_table(SETTINGS)?)?,
    };
    users.insert(id, encode(&user)?.as_slice())?;
    names.insert(key.as_str(), id)?;
    Ok(Some(user))
}

fn insert_in(tx: &redb::WriteTransaction, asset: &AssetRecord) -> AppResult<Inserted> {
    {
        let mut hashes = tx.open_table(OWNER_HASHES)?;
        if let Some(existing) = hashes.get((asset.owner, asset.sha256.as_str()))? {
            return Ok(Inserted::Existing(existing.value().to_string()));
        }
        hashes.insert((asset.owner, asset.sha256.as_str()), asset.id.as_str())?;
    }
    tx.open_table(ASSETS)?.insert(asset.id.as_str(), encode(asset)?.as_slice())?;
    index::reindex(tx, &asset.id, Some(asset))?;
    sharing::auto_add_in(tx, asset)?;
    add_blob_refs(tx, asset.blob_keys())?;
    add_storage(tx, asset.owner, asset.bytes as i64)?;
    Ok(Inserted::New)
}

/// Counts `delta` bytes more (or fewer) against `owner`'s storage.
pub(super) fn add_storage(tx: &redb::WriteTransaction, owner: u64, delta: i64) -> AppResult<()> {
    let mut used = tx.open_table(STORAGE_USED)?;
    let now = used.get(owner)?.map_or(0, |v| v.value());
    used.insert(owner, now.saturating_add_signed(delta))?;
    Ok(())
}

/// One more record refers to each of `keys`.
fn add_blob_refs<'k>(tx: &redb::WriteTransaction, keys: impl Iterator<Item = &'k str>) -> AppResult<()> {
    let mut refs = tx.open_table(BLOB_REFS)?;
    for key in keys {
        let count = refs.get(key)?.map_or(0, |v| v.value());
        refs.insert(key, count + 1)?;
    }
    Ok(())
}

/// One record fewer refers to each of `keys`; those nothing refers to any more go into `freed`, to be
/// deleted after the commit.
fn release_blob_refs<'k>(
    tx: &redb::WriteTransaction,
    keys: impl Iterator<Item = &'k str>,
    freed: &mut Vec<String>,
) -> AppResult<()> {
    let mut refs = tx.open_table(BLOB_REFS)?;
    for key in keys {
        let count = refs.get(key)?.map_or(0, |v| v.value());
        if count <= 1 {
            refs.remove(key)?;
            freed.push(key.to_string());
        } else {
            refs.insert(key, count - 1)?;
        }
    }
    Ok(())
}

/// How Keepsake writes a wall-clock date: `YYYY-MM-DDTHH:MM:SS`.
pub const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

/// The wall-clock part of a date, checked; a UTC offset after it is ignored.
pub fn parse_wall_clock(text: &str) -> Option<time::PrimitiveDateTime> {
    time::PrimitiveDateTime::parse(text.get(..19)?, DATE_FORMAT).ok()
}

/// Where an asset sits on the timeline: when it was taken, as wall-clock seconds (the offset is ignored
/// so a day stays the day the photographer lived), else when it was uploaded.
pub fn sort_key(metadata: &MediaMetadata, uploaded_at: i64) -> i64 {
    metadata
        .taken_at
        .as_deref()
        .and_then(parse_wall_clock)
        .map_or(uploaded_at, |dt| dt.assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_key_uses_wall_clock_time() {
        let mut m =
            MediaMetadata { taken_at: Some("2019-07-14T10:00:00+02:00".into()), ..Default::default() };
        assert_eq!(sort_key(&m, 5), 1_563_098_400);
        m.taken_at = None;
        assert_eq!(sort_key(&m, 5), 5);
        m.taken_at = Some("garbage".into());
        assert_eq!(sort_key(&m, 5), 5);
    }
}
