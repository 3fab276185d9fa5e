//! Sharing in the store: links, the people an album is shared with, the family vault and its invites.
//! Each public function is one transaction. Who may call which is decided in `permissions`.

use super::{AlbumRecord, AssetRecord, Store, decode, encode, index, library, tables::*};
use crate::error::{AppError, AppResult};
use keepsake_api::AlbumRole;
use redb::{ReadableDatabase, ReadableTable, WriteTransaction};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
pub enum LinkTargetRecord {
    Album(String),
    Photo(String),
}

impl LinkTargetRecord {
    pub fn id(&self) -> &str {
        match self {
            Self::Album(id) | Self::Photo(id) => id,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkRecord {
    pub id: String,
    pub owner: u64,
    pub target: LinkTargetRecord,
    /// SHA-256 of the token in its address; the token itself is never stored.
    pub token_hash: [u8; 32],
    pub created_at: i64,
    pub expires_at: Option<i64>,
    /// argon2id
    pub password_hash: Option<String>,
    /// Bumped when the password changes, so earlier unlocks stop counting.
    pub password_epoch: u32,
    pub allow_download: bool,
    pub show_location: bool,
    pub show_camera: bool,
}

impl LinkRecord {
    pub fn expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

/// A visitor who gave a link's password, known by the hash of their unlock cookie.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnlockRecord {
    pub link_id: String,
    pub password_epoch: u32,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VaultMemberRecord {
    pub user: u64,
    pub joined_at: i64,
    pub auto_add: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VaultRecord {
    pub id: String,
    pub owner: u64,
    pub name: String,
    /// Everyone in it, the owner first.
    pub members: Vec<VaultMemberRecord>,
    pub created_at: i64,
}

impl VaultRecord {
    pub fn member(&self, user: u64) -> Option<&VaultMemberRecord> {
        self.members.iter().find(|m| m.user == user)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InviteRecord {
    pub id: String,
    pub vault: String,
    pub token_hash: [u8; 32],
    pub created_at: i64,
    pub expires_at: i64,
    pub max_uses: u32,
    pub uses: u32,
}

/// Where a vault page ends: the sort key and hash of its last file.
pub type VaultCursor = (i64, String);

/// A page of the vault: each file once, the asset shown, and every (owner, asset id) that put it there.
pub struct VaultEntry {
    pub shown: AssetRecord,
    pub contributors: Vec<(u64, String)>,
}

fn get<T: serde::de::DeserializeOwned>(
    tx: &WriteTransaction,
    table: redb::TableDefinition<&str, &[u8]>,
    id: &str,
) -> AppResult<Option<T>> {
    let table = tx.open_table(table)?;
    table.get(id)?.map(|v| decode(v.value())).transpose()
}

fn save_vault(tx: &WriteTransaction, vault: &VaultRecord) -> AppResult<()> {
    tx.open_table(VAULTS)?.insert(vault.id.as_str(), encode(vault)?.as_slice())?;
    Ok(())
}

/// Every link showing `target` goes with it.
pub(super) fn delete_links_to(tx: &WriteTransaction, target: &str) -> AppResult<()> {
    let ids: Vec<String> = {
        let table = tx.open_table(TARGET_LINKS)?;
        table
            .range((target, "")..=(target, "\u{10FFFF}"))?
            .map(|e| e.map(|(k, _)| k.value().1.to_string()))
            .collect::<Result<_, _>>()?
    };
    for id in ids {
        delete_link_in(tx, &id)?;
    }
    Ok(())
}

fn delete_link_in(tx: &WriteTransaction, id: &str) -> AppResult<()> {
    let Some(link) = get::<LinkRecord>(tx, LINKS, id)? else { return Ok(()) };
    tx.open_table(LINKS)?.remove(id)?;
    tx.open_table(OWNER_LINKS)?.remove((link.owner, id))?;
    tx.open_table(TARGET_LINKS)?.remove((link.target.id(), id))?;
    tx.open_table(LINK_TOKENS)?.remove(&link.token_hash)?;
    Ok(())
}

/// Takes an asset out of whatever vault holds it (when it is purged or its owner leaves).
pub(super) fn leave_vault_in(tx: &WriteTransaction, asset: &AssetRecord) -> AppResult<()> {
    let vault = tx.open_table(VAULT_ASSETS)?.remove(asset.id.as_str())?.map(|v| v.value().to_string());
    if let Some(vault) = vault {
        tx.open_table(VAULT_HASHES)?.remove((
            vault.as_str(),
            asset.sha256.as_str(),
            asset.owner,
            asset.id.as_str(),
        ))?;
        index::reindex(tx, &asset.id, Some(asset))?;
    }
    Ok(())
}

/// Puts a live asset of a member into the vault; `false` if it was already in one.
fn join_vault_in(tx: &WriteTransaction, vault: &str, asset: &AssetRecord) -> AppResult<bool> {
    if asset.trashed_at.is_some() {
        return Err(AppError::NotFound);
    }
    {
        let mut vault_assets = tx.open_table(VAULT_ASSETS)?;
        if vault_assets.get(asset.id.as_str())?.is_some() {
            return Ok(false);
        }
        vault_assets.insert(asset.id.as_str(), vault)?;
    }
    tx.open_table(VAULT_HASHES)?
        .insert((vault, asset.sha256.as_str(), asset.owner, asset.id.as_str()), ())?;
    index::reindex(tx, &asset.id, Some(asset))?;
    Ok(true)
}

/// Called as an asset is added: a member who asked for it has every upload go into the vault.
pub(super) fn auto_add_in(tx: &WriteTransaction, asset: &AssetRecord) -> AppResult<()> {
    let vault_id = tx.open_table(USER_VAULT)?.get(asset.owner)?.map(|v| v.value().to_string());
    let Some(vault_id) = vault_id else { return Ok(()) };
    let Some(vault) = get::<VaultRecord>(tx, VAULTS, &vault_id)? else { return Ok(()) };
    if vault.member(asset.owner).is_some_and(|m| m.auto_add) {
        join_vault_in(tx, &vault_id, asset)?;
    }
    Ok(())
}

/// The assets `user` put in `vault`.
fn contributions_of(tx: &WriteTransaction, vault: &str, user: Option<u64>) -> AppResult<Vec<String>> {
    let hashes = tx.open_table(VAULT_HASHES)?;
    let mut ids = Vec::new();
    for entry in hashes.range((vault, "", 0, "")..=(vault, "\u{10FFFF}", u64::MAX, "\u{10FFFF}"))? {
        let key = entry?.0;
        let (_, _, owner, id) = key.value();
        if user.is_none_or(|u| u == owner) {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}

fn take_back_in(tx: &WriteTransaction, ids: &[String]) -> AppResult<()> {
    for id in ids {
        if let Some(asset) = library::load_asset(tx, id)? {
            leave_vault_in(tx, &asset)?;
        }
    }
    Ok(())
}

impl Store {
    // ---- links

    pub fn create_link(&self, link: &LinkRecord) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(LINKS)?.insert(link.id.as_str(), encode(link)?.as_slice())?;
        tx.open_table(LINK_TOKENS)?.insert(&link.token_hash, link.id.as_str())?;
        tx.open_table(OWNER_LINKS)?.insert((link.owner, link.id.as_str()), ())?;
        tx.open_table(TARGET_LINKS)?.insert((link.target.id(), link.id.as_str()), ())?;
        tx.commit()?;
        Ok(())
    }

    pub fn link(&self, id: &str) -> AppResult<Option<LinkRecord>> {
        let tx = self.db.begin_read()?;
        let links = tx.open_table(LINKS)?;
        links.get(id)?.map(|v| decode(v.value())).transpose()
    }

    pub fn link_by_token(&self, token_hash: &[u8; 32]) -> AppResult<Option<LinkRecord>> {
        let id = {
            let tx = self.db.begin_read()?;
            let tokens = tx.open_table(LINK_TOKENS)?;
            tokens.get(token_hash)?.map(|v| v.value().to_string())
        };
        match id {
            Some(id) => self.link(&id),
            None => Ok(None),
        }
    }

    pub fn links_of(&self, owner: u64) -> AppResult<Vec<LinkRecord>> {
        let tx = self.db.begin_read()?;
        let own = tx.open_table(OWNER_LINKS)?;
        let links = tx.open_table(LINKS)?;
        let mut list = Vec::new();
        for entry in own.range((owner, "")..=(owner, "\u{10FFFF}"))? {
            if let Some(v) = links.get(entry?.0.value().1)? {
                list.push(decode::<LinkRecord>(v.value())?);
            }
        }
        list.sort_by_key(|l| std::cmp::Reverse(l.created_at));
        Ok(list)
    }

    pub fn update_link(&self, id: &str, change: impl FnOnce(&mut LinkRecord)) -> AppResult<LinkRecord> {
        let tx = self.db.begin_write()?;
        let mut link = get::<LinkRecord>(&tx, LINKS, id)?.ok_or(AppError::NotFound)?;
        change(&mut link);
        tx.open_table(LINKS)?.insert(id, encode(&link)?.as_slice())?;
        tx.commit()?;
        Ok(link)
    }

    pub fn delete_link(&self, id: &str) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        delete_link_in(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    pub fn insert_unlock(&self, hash: &[u8; 32], unlock: &UnlockRecord) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(UNLOCKS)?.insert(hash, encode(unlock)?.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    pub fn unlock(&self, hash: &[u8; 32]) -> AppResult<Option<UnlockRecord>> {
        let tx = self.db.begin_read()?;
        let unlocks = tx.open_table(UNLOCKS)?;
        unlocks.get(hash)?.map(|v| decode(v.value())).transpose()
    }

    /// Drops unlocks that have run out (the hourly task).
    pub fn purge_expired_unlocks(&self, now: i64) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(UNLOCKS)?.retain(|_, v| decode::<UnlockRecord>(v).is_ok_and(|u| u.expires_at > now))?;
        tx.commit()?;
        Ok(())
    }

    // ---- albums shared with people

    /// Shares `album` with `user` as `role` (or changes the role).
    pub fn set_album_member(
        &self,
        album: &str,
        user: u64,
        role: AlbumRole,
        now: i64,
    ) -> AppResult<AlbumRecord> {
        let tx = self.db.begin_write()?;
        let mut record = get::<AlbumRecord>(&tx, ALBUMS, album)?.ok_or(AppError::NotFound)?;
        match record.members.iter_mut().find(|m| m.user == user) {
            Some(member) => member.role = role,
            None => record.members.push(super::AlbumMemberRecord { user, role, added_at: now }),
        }
        tx.open_table(ALBUMS)?.insert(album, encode(&record)?.as_slice())?;
        tx.open_table(SHARED_ALBUMS)?.insert((user, album), ())?;
        tx.commit()?;
        Ok(record)
    }

    /// Ends `user`'s access; the photos they added leave with them.
    pub fn remove_album_member(&self, album: &str, user: u64, now: i64) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        let record = get::<AlbumRecord>(&tx, ALBUMS, album)?.ok_or(AppError::NotFound)?;
        let theirs: Vec<String> = {
            let assets = tx.open_table(ASSETS)?;
            let mut ids = Vec::new();
            for id in &record.assets {
                if let Some(v) = assets.get(id.as_str())?
                    && decode::<AssetRecord>(v.value())?.owner == user
                {
                    ids.push(id.clone());
                }
            }
            ids
        };
        library::remove_from_album(&tx, album, &theirs)?;
        let mut record = get::<AlbumRecord>(&tx, ALBUMS, album)?.ok_or(AppError::NotFound)?;
        record.members.retain(|m| m.user != user);
        record.updated_at = now;
        tx.open_table(ALBUMS)?.insert(album, encode(&record)?.as_slice())?;
        tx.open_table(SHARED_ALBUMS)?.remove((user, album))?;
        tx.commit()?;
        Ok(())
    }

    pub fn albums_shared_with(&self, user: u64) -> AppResult<Vec<AlbumRecord>> {
        let tx = self.db.begin_read()?;
        let shared = tx.open_table(SHARED_ALBUMS)?;
        let albums = tx.open_table(ALBUMS)?;
        let mut list = Vec::new();
        for entry in shared.range((user, "")..=(user, "\u{10FFFF}"))? {
            if let Some(v) = albums.get(entry?.0.value().1)? {
                list.push(decode(v.value())?);
            }
        }
        Ok(list)
    }

    /// The albums an asset is listed in.
    pub fn albums_holding(&self, asset: &str) -> AppResult<Vec<AlbumRecord>> {
        let tx = self.db.begin_read()?;
        let memberships = tx.open_table(ASSET_ALBUMS)?;
        let albums = tx.open_table(ALBUMS)?;
        let mut list = Vec::new();
        for entry in memberships.range((asset, "")..=(asset, "\u{10FFFF}"))? {
            if let Some(v) = albums.get(entry?.0.value().1)? {
                list.push(decode(v.value())?);
            }
        }
        Ok(list)
    }

    // ---- the family vault

    pub fn vault(&self, id: &str) -> AppResult<Option<VaultRecord>> {
        let tx = self.db.begin_read()?;
        let vaults = tx.open_table(VAULTS)?;
        vaults.get(id)?.map(|v| decode(v.value())).transpose()
    }

    /// The vault `user` owns or belongs to.
    pub fn vault_of_user(&self, user: u64) -> AppResult<Option<VaultRecord>> {
        let id = {
            let tx = self.db.begin_read()?;
            let table = tx.open_table(USER_VAULT)?;
            table.get(user)?.map(|v| v.value().to_string())
        };
        match id {
            Some(id) => self.vault(&id),
            None => Ok(None),
        }
    }

    /// The vault an asset was added to.
    pub fn vault_of_asset(&self, asset: &str) -> AppResult<Option<String>> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(VAULT_ASSETS)?;
        Ok(table.get(asset)?.map(|v| v.value().to_string()))
    }

    pub fn create_vault(&self, vault: &VaultRecord) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        {
            let mut users = tx.open_table(USER_VAULT)?;
            if users.get(vault.owner)?.is_some() {
                return Err(AppError::Conflict("in-a-vault", "you are already in a family vault".into()));
            }
            users.insert(vault.owner, vault.id.as_str())?;
        }
        save_vault(&tx, vault)?;
        tx.commit()?;
        Ok(())
    }

    pub fn rename_vault(&self, id: &str, name: String) -> AppResult<VaultRecord> {
        let tx = self.db.begin_write()?;
        let mut vault = get::<VaultRecord>(&tx, VAULTS, id)?.ok_or(AppError::NotFound)?;
        vault.name = name;
        save_vault(&tx, &vault)?;
        tx.commit()?;
        Ok(vault)
    }

    /// Ends the vault: its photos stay in each member's library.
    pub fn delete_vault(&self, id: &str) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        let vault = get::<VaultRecord>(&tx, VAULTS, id)?.ok_or(AppError::NotFound)?;
        let everything = contributions_of(&tx, id, None)?;
        take_back_in(&tx, &everything)?;
        {
            let mut users = tx.open_table(USER_VAULT)?;
            for member in &vault.members {
                users.remove(member.user)?;
            }
        }
        let invites: Vec<InviteRecord> = {
            let table = tx.open_table(INVITES)?;
            table
                .range((id, "")..=(id, "\u{10FFFF}"))?
                .map(|e| e.map_err(AppError::from).and_then(|(_, v)| decode(v.value())))
                .collect::<AppResult<_>>()?
        };
        for invite in invites {
            delete_invite_in(&tx, &invite)?;
        }
        tx.open_table(VAULTS)?.remove(id)?;
        tx.commit()?;
        Ok(())
    }

    /// Puts the member's photos into the vault (no copy: the vault refers to them). Each asset passes
    /// `check`; ones already in the vault are skipped.
    pub fn vault_add(&self, vault: &str, ids: &[String], check: library::Check<'_>) -> AppResult<usize> {
        let tx = self.db.begin_write()?;
        let mut added = 0;
        for id in ids {
            let asset = library::load_asset(&tx, id)?.ok_or(AppError::NotFound)?;
            check(&asset)?;
            if join_vault_in(&tx, vault, &asset)? {
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Takes photos back out of the vault; each passes `check`.
    pub fn vault_take_back(
        &self,
        vault: &str,
        ids: &[String],
        check: library::Check<'_>,
    ) -> AppResult<usize> {
        let tx = self.db.begin_write()?;
        let mut removed = 0;
        for id in ids {
            let asset = library::load_asset(&tx, id)?.ok_or(AppError::NotFound)?;
            check(&asset)?;
            let here = tx.open_table(VAULT_ASSETS)?.get(id.as_str())?.is_some_and(|v| v.value() == vault);
            if here {
                leave_vault_in(&tx, &asset)?;
                removed += 1;
            }
        }
        tx.commit()?;
        Ok(removed)
    }

    pub fn set_vault_auto_add(&self, vault: &str, user: u64, auto_add: bool) -> AppResult<VaultRecord> {
        let tx = self.db.begin_write()?;
        let mut record = get::<VaultRecord>(&tx, VAULTS, vault)?.ok_or(AppError::NotFound)?;
        let member = record.members.iter_mut().find(|m| m.user == user).ok_or(AppError::NotFound)?;
        member.auto_add = auto_add;
        save_vault(&tx, &record)?;
        tx.commit()?;
        Ok(record)
    }

    /// A member leaves, or is removed: the photos they added leave with them.
    pub fn vault_remove_member(&self, vault: &str, user: u64) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        let mut record = get::<VaultRecord>(&tx, VAULTS, vault)?.ok_or(AppError::NotFound)?;
        if record.member(user).is_none() {
            return Err(AppError::NotFound);
        }
        let theirs = contributions_of(&tx, vault, Some(user))?;
        take_back_in(&tx, &theirs)?;
        record.members.retain(|m| m.user != user);
        save_vault(&tx, &record)?;
        tx.open_table(USER_VAULT)?.remove(user)?;
        tx.commit()?;
        Ok(())
    }

    /// How many photos each member put in the vault.
    pub fn vault_contribution_counts(&self, vault: &str) -> AppResult<std::collections::HashMap<u64, usize>> {
        let tx = self.db.begin_read()?;
        let hashes = tx.open_table(VAULT_HASHES)?;
        let mut counts = std::collections::HashMap::new();
        for entry in hashes.range((vault, "", 0, "")..=(vault, "\u{10FFFF}", u64::MAX, "\u{10FFFF}"))? {
            *counts.entry(entry?.0.value().2).or_default() += 1;
        }
        Ok(counts)
    }

    /// Distinct live files in the vault (copies of one file can sit at two dates when an owner edited
    /// one's date, or a file without a date was uploaded at two times).
    pub fn vault_count(&self, vault: &str) -> AppResult<usize> {
        let tx = self.db.begin_read()?;
        let timeline = tx.open_table(VAULT_TIMELINE)?;
        let mut files = std::collections::HashSet::new();
        for entry in timeline.range((vault, i64::MIN, "")..=(vault, i64::MAX, "\u{10FFFF}"))? {
            files.insert(entry?.0.value().2.to_string());
        }
        Ok(files.len())
    }

    /// A page of the vault's timeline, newest first, after `after` (sort key, sha256).
    pub fn vault_page(
        &self,
        vault: &str,
        after: Option<VaultCursor>,
        limit: usize,
    ) -> AppResult<(Vec<VaultEntry>, Option<VaultCursor>)> {
        let tx = self.db.begin_read()?;
        let timeline = tx.open_table(VAULT_TIMELINE)?;
        let hashes = tx.open_table(VAULT_HASHES)?;
        let assets = tx.open_table(ASSETS)?;
        let start = (vault, i64::MIN, "");
        let range = match &after {
            Some((sort, sha)) => timeline.range(start..(vault, *sort, sha.as_str()))?,
            None => timeline.range(start..=(vault, i64::MAX, "\u{10FFFF}"))?,
        };
        let mut items: Vec<VaultEntry> = Vec::new();
        let mut last = None;
        for entry in range.rev() {
            if items.len() == limit {
                break;
            }
            let key = entry?.0;
            let (_, sort, sha) = key.value();
            last = Some((sort, sha.to_string()));
            // A file whose copies sit at two dates (one owner edited the date) shows once per page.
            if items.iter().any(|i| i.shown.sha256 == sha) {
                continue;
            }
            let mut shown = None;
            let mut contributors = Vec::new();
            for entry in hashes.range((vault, sha, 0, "")..=(vault, sha, u64::MAX, "\u{10FFFF}"))? {
                let key = entry?.0;
                let (_, _, owner, id) = key.value();
                let Some(v) = assets.get(id)? else { continue };
                let asset: AssetRecord = decode(v.value())?;
                if asset.trashed_at.is_some() {
                    continue;
                }
                contributors.push((owner, id.to_string()));
                if shown.is_none() {
                    shown = Some(asset);
                }
            }
            if let Some(shown) = shown {
                items.push(VaultEntry { shown, contributors });
            }
        }
        let next = if items.len() == limit { last } else { None };
        Ok((items, next))
    }

    // ---- invites

    pub fn create_invite(&self, invite: &InviteRecord) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(INVITES)?
            .insert((invite.vault.as_str(), invite.id.as_str()), encode(invite)?.as_slice())?;
        let pointer = encode(&(invite.vault.as_str(), invite.id.as_str()))?;
        tx.open_table(INVITE_TOKENS)?.insert(&invite.token_hash, pointer.as_slice())?;
        tx.commit()?;
        Ok(())
    }

    pub fn invites_of(&self, vault: &str) -> AppResult<Vec<InviteRecord>> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(INVITES)?;
        let mut list: Vec<InviteRecord> = Vec::new();
        for entry in table.range((vault, "")..=(vault, "\u{10FFFF}"))? {
            list.push(decode(entry?.1.value())?);
        }
        list.sort_by_key(|l| std::cmp::Reverse(l.created_at));
        Ok(list)
    }

    pub fn invite_by_token(&self, token_hash: &[u8; 32]) -> AppResult<Option<InviteRecord>> {
        let tx = self.db.begin_read()?;
        let Some(pointer) = tx.open_table(INVITE_TOKENS)?.get(token_hash)?.map(|v| v.value().to_vec()) else {
            return Ok(None);
        };
        let (vault, id): (String, String) = decode(&pointer)?;
        let table = tx.open_table(INVITES)?;
        table.get((vault.as_str(), id.as_str()))?.map(|v| decode(v.value())).transpose()
    }

    pub fn delete_invite(&self, vault: &str, id: &str) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        let invite: InviteRecord = {
            let table = tx.open_table(INVITES)?;
            let found = table.get((vault, id))?.map(|v| decode(v.value())).transpose()?;
            found.ok_or(AppError::NotFound)?
        };
        delete_invite_in(&tx, &invite)?;
        tx.commit()?;
        Ok(())
    }

    /// Joins `user` to the invite's vault, counting one use, if the invite passes `check` (in the same
    /// transaction, so two people cannot both take its last use), the person is in no vault yet and
    /// there is room.
    pub fn join_by_invite(
        &self,
        token_hash: &[u8; 32],
        user: u64,
        now: i64,
        limit: usize,
        check: &dyn Fn(&InviteRecord) -> AppResult<()>,
    ) -> AppResult<VaultRecord> {
        let tx = self.db.begin_write()?;
        let vault = join_by_invite_in(&tx, token_hash, user, now, limit, check)?;
        tx.commit()?;
        Ok(vault)
    }

    /// Creates an account and joins the invitation's vault in one transaction: an invitation that is
    /// used up, expired or leads to a full vault creates no account, however many ask at once.
    pub fn signup_by_invite(
        &self,
        token_hash: &[u8; 32],
        username: &str,
        password_hash: String,
        now: i64,
        limit: usize,
        check: &dyn Fn(&InviteRecord) -> AppResult<()>,
    ) -> AppResult<(super::UserRecord, VaultRecord)> {
        let tx = self.db.begin_write()?;
        let user = super::create_user_in(&tx, username, password_hash, now)?
            .ok_or_else(|| AppError::Conflict("username-taken", "that username is taken".into()))?;
        let vault = join_by_invite_in(&tx, token_hash, user.id, now, limit, check)?;
        tx.commit()?;
        Ok((user, vault))
    }
}

/// Takes one use of the invitation behind `token_hash` and adds `user` to its vault, if the invitation
/// still admits someone (`check`), the vault has room and the user is in no vault yet.
fn join_by_invite_in(
    tx: &WriteTransaction,
    token_hash: &[u8; 32],
    user: u64,
    now: i64,
    limit: usize,
    check: &dyn Fn(&InviteRecord) -> AppResult<()>,
) -> AppResult<VaultRecord> {
    let invalid = || AppError::Gone("this invitation is no longer valid");
    let pointer = tx.open_table(INVITE_TOKENS)?.get(token_hash)?.map(|v| v.value().to_vec());
    let (vault_id, id): (String, String) = decode(&pointer.ok_or_else(invalid)?)?;
    let mut invite: InviteRecord = {
        let table = tx.open_table(INVITES)?;
        let found = table.get((vault_id.as_str(), id.as_str()))?.map(|v| decode(v.value())).transpose()?;
        found.ok_or_else(invalid)?
    };
    check(&invite)?;
    let mut vault = get::<VaultRecord>(tx, VAULTS, &vault_id)?.ok_or_else(invalid)?;
    {
        let mut users = tx.open_table(USER_VAULT)?;
        if let Some(current) = users.get(user)? {
            let message = if current.value() == vault_id {
                "you are already in this family vault"
            } else {
                "you are already in another family vault; leave it first"
            };
            return Err(AppError::Conflict("in-a-vault", message.into()));
        }
        if vault.members.len() >= limit {
            return Err(AppError::Conflict(
                "vault-full",
                format!("this family vault is full ({limit} people)"),
            ));
        }
        users.insert(user, vault_id.as_str())?;
    }
    vault.members.push(VaultMemberRecord { user, joined_at: now, auto_add: false });
    save_vault(tx, &vault)?;
    invite.uses += 1;
    tx.open_table(INVITES)?.insert((vault_id.as_str(), id.as_str()), encode(&invite)?.as_slice())?;
    Ok(vault)
}

fn delete_invite_in(tx: &WriteTransaction, invite: &InviteRecord) -> AppResult<()> {
    tx.open_table(INVITES)?.remove((invite.vault.as_str(), invite.id.as_str()))?;
    tx.open_table(INVITE_TOKENS)?.remove(&invite.token_hash)?;
    Ok(())
}
