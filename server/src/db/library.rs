//! Changes people make to their library: edits of many assets at once, the trash and its purge,
//! albums. Each public function is one transaction, and keeps the derived tables in step through
//! [`index::reindex`].

use super::{
    AlbumRecord, AssetRecord, DATE_FORMAT, Store, decode, encode, index, parse_wall_clock, sort_key,
    tables::*,
};
use crate::error::{AppError, AppResult};
use keepsake_api::AssetChange;
use redb::{ReadableDatabase, ReadableTable, WriteTransaction};

/// The permission check a caller passes in for each record it touches (see `permissions`).
pub type Check<'a> = &'a dyn Fn(&AssetRecord) -> AppResult<()>;

const MAX_TAGS_PER_ASSET: usize = 100;

/// What an edit did.
#[derive(Debug, Default)]
pub struct Edited {
    pub changed: usize,
    /// Blobs no asset refers to any more: the caller deletes them once this has committed.
    pub freed: Vec<String>,
}

pub(super) fn load_asset(tx: &WriteTransaction, id: &str) -> AppResult<Option<AssetRecord>> {
    let assets = tx.open_table(ASSETS)?;
    assets.get(id)?.map(|v| decode(v.value())).transpose()
}

fn save_asset(tx: &WriteTransaction, asset: &AssetRecord) -> AppResult<()> {
    tx.open_table(ASSETS)?.insert(asset.id.as_str(), encode(asset)?.as_slice())?;
    index::reindex(tx, &asset.id, Some(asset))
}

fn load_album(tx: &WriteTransaction, id: &str) -> AppResult<Option<AlbumRecord>> {
    let albums = tx.open_table(ALBUMS)?;
    albums.get(id)?.map(|v| decode(v.value())).transpose()
}

fn save_album(tx: &WriteTransaction, album: &AlbumRecord) -> AppResult<()> {
    tx.open_table(ALBUMS)?.insert(album.id.as_str(), encode(album)?.as_slice())?;
    Ok(())
}

/// The date moved by `seconds`, keeping any UTC offset the file recorded. An asset without a date
/// starts from where it sits on the timeline.
fn shifted(taken_at: Option<&str>, sort_key: i64, seconds: i64) -> Option<String> {
    let (base, offset) = match taken_at.and_then(|t| Some((parse_wall_clock(t)?, t.get(19..).unwrap_or(""))))
    {
        Some(parsed) => parsed,
        None => {
            let at = time::OffsetDateTime::from_unix_timestamp(sort_key).ok()?;
            (time::PrimitiveDateTime::new(at.date(), at.time()), "")
        }
    };
    let moved = base.checked_add(time::Duration::seconds(seconds))?;
    Some(format!("{}{offset}", moved.format(DATE_FORMAT).ok()?))
}

impl AssetRecord {
    fn set_taken_at(&mut self, taken_at: Option<String>) {
        if !self.date_edited {
            self.date_edited = true;
            self.original_taken_at = self.metadata.taken_at.clone();
        }
        self.metadata.taken_at = taken_at;
        self.sort_key = sort_key(&self.metadata, self.uploaded_at);
    }

    /// Applies a change that leaves the asset in the library. `false` when nothing changed.
    fn apply(&mut self, change: &AssetChange, now: i64) -> AppResult<bool> {
        let live = self.trashed_at.is_none();
        match change {
            AssetChange::Trash => {
                if !live {
                    return Ok(false);
                }
                self.trashed_at = Some(now);
                return Ok(true);
            }
            AssetChange::Restore => {
                if live {
                    return Ok(false);
                }
                self.trashed_at = None;
                return Ok(true);
            }
            AssetChange::Purge => unreachable!("purge removes the record"),
            _ if !live => return Err(AppError::NotFound),
            _ => {}
        }
        match change {
            AssetChange::Favorite { value } => self.favorite = *value,
            AssetChange::Archive { value } => self.archived = *value,
            AssetChange::AddTags { tags } => {
                for tag in tags.iter().filter_map(|t| keepsake_api::clean_tag(t)) {
                    if !self.tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                        if self.tags.len() >= MAX_TAGS_PER_ASSET {
                            return Err(AppError::BadRequest(format!(
                                "a photo has at most {MAX_TAGS_PER_ASSET} tags"
                            )));
                        }
                        self.tags.push(tag);
                    }
                }
            }
            AssetChange::RemoveTags { tags } => {
                let remove: Vec<String> = tags.iter().map(|t| t.trim().to_lowercase()).collect();
                self.tags.retain(|t| !remove.contains(&t.to_lowercase()));
            }
            AssetChange::ShiftDate { seconds } => {
                let moved = shifted(self.metadata.taken_at.as_deref(), self.sort_key, *seconds)
                    .ok_or_else(|| AppError::BadRequest("that moves the date out of range".into()))?;
                self.set_taken_at(Some(moved));
            }
            AssetChange::SetDate { taken_at } => {
                let parsed = parse_wall_clock(taken_at)
                    .filter(|_| taken_at.len() == 19)
                    .ok_or_else(|| AppError::BadRequest("dates are written YYYY-MM-DDTHH:MM:SS".into()))?;
                self.set_taken_at(Some(parsed.format(DATE_FORMAT).map_err(AppError::internal)?));
            }
            AssetChange::CreditFolder { folder } => {
                if self.folder.is_some() {
                    return Ok(false);
                }
                let folder = crate::ingest::clean_folder(Some(folder))
                    .ok_or_else(|| AppError::BadRequest("that is not a folder".into()))?;
                self.folder = Some(folder);
            }
            AssetChange::Trash | AssetChange::Restore | AssetChange::Purge => unreachable!(),
        }
        Ok(true)
    }
}

/// Removes an asset for good: record, indexes, album places, de-duplication entry, blob references.
fn purge_in(tx: &WriteTransaction, asset: &AssetRecord, freed: &mut Vec<String>) -> AppResult<()> {
    let id = asset.id.as_str();
    super::sharing::leave_vault_in(tx, asset)?;
    super::sharing::delete_links_to(tx, id)?;
    super::people::forget_faces_in(tx, asset)?;
    index::reindex(tx, id, None)?;
    let album_ids: Vec<String> = {
        let mut memberships = tx.open_table(ASSET_ALBUMS)?;
        let ids = memberships
            .range((id, "")..=(id, "\u{10FFFF}"))?
            .map(|e| e.map(|(k, _)| k.value().1.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        for album in &ids {
            memberships.remove((id, album.as_str()))?;
        }
        ids
    };
    for album_id in album_ids {
        if let Some(mut album) = load_album(tx, &album_id)? {
            album.assets.retain(|a| a != id);
            if album.cover.as_deref() == Some(id) {
                album.cover = None;
            }
            save_album(tx, &album)?;
        }
    }
    tx.open_table(ASSETS)?.remove(id)?;
    super::add_storage(tx, asset.owner, -(asset.bytes as i64))?;
    {
        let mut hashes = tx.open_table(OWNER_HASHES)?;
        let key = (asset.owner, asset.sha256.as_str());
        if hashes.get(key)?.is_some_and(|v| v.value() == id) {
            hashes.remove(key)?;
        }
    }
    super::release_blob_refs(tx, asset.blob_keys(), freed)
}

impl Store {
    /// Applies `change` to every asset in `ids`, all or nothing. Each record passes `check` first.
    pub fn edit_assets(
        &self,
        ids: &[String],
        change: &AssetChange,
        now: i64,
        check: Check<'_>,
    ) -> AppResult<Edited> {
        let tx = self.db.begin_write()?;
        let mut edited = Edited::default();
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            if !seen.insert(id.as_str()) {
                continue;
            }
            let mut asset = load_asset(&tx, id)?.ok_or(AppError::NotFound)?;
            check(&asset)?;
            if matches!(change, AssetChange::Purge) {
                if asset.trashed_at.is_none() {
                    return Err(AppError::Conflict(
                        "not-in-trash",
                        "only photos in the trash can be deleted for good".into(),
                    ));
                }
                purge_in(&tx, &asset, &mut edited.freed)?;
                edited.changed += 1;
            } else if asset.apply(change, now)? {
                save_asset(&tx, &asset)?;
                edited.changed += 1;
            }
        }
        tx.commit()?;
        Ok(edited)
    }

    /// Ids of an owner's trashed assets, oldest first; with `before`, only those trashed before it.
    pub fn trashed_ids(&self, owner: Option<u64>, before: Option<i64>) -> AppResult<Vec<(u64, String)>> {
        let tx = self.db.begin_read()?;
        let trash = tx.open_table(TRASH)?;
        let range = match owner {
            Some(o) => trash.range((o, i64::MIN, "")..=(o, i64::MAX, "\u{10FFFF}"))?,
            None => trash.range::<(u64, i64, &str)>(..)?,
        };
        let mut ids = Vec::new();
        for entry in range {
            let key = entry?.0;
            let (owner, at, id) = key.value();
            if before.is_none_or(|b| at < b) {
                ids.push((owner, id.to_string()));
            }
        }
        Ok(ids)
    }

    // ---- albums

    pub fn album(&self, id: &str) -> AppResult<Option<AlbumRecord>> {
        let tx = self.db.begin_read()?;
        let albums = tx.open_table(ALBUMS)?;
        albums.get(id)?.map(|v| decode(v.value())).transpose()
    }

    pub fn albums_of(&self, owner: u64) -> AppResult<Vec<AlbumRecord>> {
        let tx = self.db.begin_read()?;
        let owned = tx.open_table(OWNER_ALBUMS)?;
        let albums = tx.open_table(ALBUMS)?;
        let mut list = Vec::new();
        for entry in owned.range((owner, "")..=(owner, "\u{10FFFF}"))? {
            if let Some(v) = albums.get(entry?.0.value().1)? {
                list.push(decode::<AlbumRecord>(v.value())?);
            }
        }
        Ok(list)
    }

    pub fn create_album(&self, album: &AlbumRecord, check: Check<'_>) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        tx.open_table(OWNER_ALBUMS)?.insert((album.owner, album.id.as_str()), ())?;
        let mut empty = album.clone();
        empty.assets.clear();
        save_album(&tx, &empty)?;
        add_to_album(&tx, &album.id, &album.assets, check)?;
        tx.commit()?;
        Ok(())
    }

    /// Rewrites an album's own fields; `change` gets the record and the live assets' sort keys.
    pub fn update_album(
        &self,
        id: &str,
        now: i64,
        change: impl FnOnce(&mut AlbumRecord) -> AppResult<()>,
    ) -> AppResult<AlbumRecord> {
        let tx = self.db.begin_write()?;
        let mut album = load_album(&tx, id)?.ok_or(AppError::NotFound)?;
        let old_name = album.name.clone();
        change(&mut album)?;
        album.updated_at = now;
        save_album(&tx, &album)?;
        if album.name != old_name {
            // Album names are search terms of their photos.
            for asset_id in &album.assets {
                if let Some(asset) = load_asset(&tx, asset_id)? {
                    index::reindex(&tx, asset_id, Some(&asset))?;
                }
            }
        }
        tx.commit()?;
        Ok(album)
    }

    /// Reorders the album by date, newest or oldest first.
    pub fn sort_album(&self, id: &str, newest_first: bool, now: i64) -> AppResult<AlbumRecord> {
        let tx = self.db.begin_write()?;
        let mut album = load_album(&tx, id)?.ok_or(AppError::NotFound)?;
        let mut keyed = Vec::with_capacity(album.assets.len());
        for asset_id in &album.assets {
            let key = load_asset(&tx, asset_id)?.map_or(i64::MIN, |a| a.sort_key);
            keyed.push((key, asset_id.clone()));
        }
        keyed.sort();
        if newest_first {
            keyed.reverse();
        }
        album.assets = keyed.into_iter().map(|(_, id)| id).collect();
        album.updated_at = now;
        save_album(&tx, &album)?;
        tx.commit()?;
        Ok(album)
    }

    pub fn delete_album(&self, id: &str) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        let album = load_album(&tx, id)?.ok_or(AppError::NotFound)?;
        remove_from_album(&tx, &album.id, &album.assets)?;
        super::sharing::delete_links_to(&tx, id)?;
        {
            let mut shared = tx.open_table(SHARED_ALBUMS)?;
            for member in &album.members {
                shared.remove((member.user, id))?;
            }
        }
        tx.open_table(ALBUMS)?.remove(id)?;
        tx.open_table(OWNER_ALBUMS)?.remove((album.owner, id))?;
        tx.commit()?;
        Ok(())
    }

    pub fn album_add(&self, id: &str, assets: &[String], now: i64, check: Check<'_>) -> AppResult<usize> {
        let tx = self.db.begin_write()?;
        let added = add_to_album(&tx, id, assets, check)?;
        touch_album(&tx, id, now)?;
        tx.commit()?;
        Ok(added)
    }

    pub fn album_remove(&self, id: &str, assets: &[String], now: i64) -> AppResult<usize> {
        let tx = self.db.begin_write()?;
        let removed = remove_from_album(&tx, id, assets)?;
        touch_album(&tx, id, now)?;
        tx.commit()?;
        Ok(removed)
    }

    /// Moves `asset` in front of `before`, or to the end.
    pub fn album_move(&self, id: &str, asset: &str, before: Option<&str>, now: i64) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        let mut album = load_album(&tx, id)?.ok_or(AppError::NotFound)?;
        let from = album.assets.iter().position(|a| a == asset).ok_or(AppError::NotFound)?;
        let moved = album.assets.remove(from);
        let to = match before {
            Some(b) => album.assets.iter().position(|a| a == b).ok_or(AppError::NotFound)?,
            None => album.assets.len(),
        };
        album.assets.insert(to, moved);
        album.updated_at = now;
        save_album(&tx, &album)?;
        tx.commit()?;
        Ok(())
    }
}

fn touch_album(tx: &WriteTransaction, id: &str, now: i64) -> AppResult<()> {
    let mut album = load_album(tx, id)?.ok_or(AppError::NotFound)?;
    album.updated_at = now;
    save_album(tx, &album)
}

/// Appends the live assets not yet in the album, in the order given.
fn add_to_album(tx: &WriteTransaction, id: &str, assets: &[String], check: Check<'_>) -> AppResult<usize> {
    let mut album = load_album(tx, id)?.ok_or(AppError::NotFound)?;
    let mut present: std::collections::HashSet<String> = album.assets.iter().cloned().collect();
    let mut added = Vec::new();
    for asset_id in assets {
        if present.contains(asset_id) {
            continue;
        }
        let asset = load_asset(tx, asset_id)?.ok_or(AppError::NotFound)?;
        check(&asset)?;
        if asset.trashed_at.is_some() {
            return Err(AppError::NotFound);
        }
        present.insert(asset_id.clone());
        added.push(asset);
    }
    album.assets.extend(added.iter().map(|a| a.id.clone()));
    save_album(tx, &album)?;
    {
        let mut memberships = tx.open_table(ASSET_ALBUMS)?;
        for asset in &added {
            memberships.insert((asset.id.as_str(), id), ())?;
        }
    }
    for asset in &added {
        index::reindex(tx, &asset.id, Some(asset))?;
    }
    Ok(added.len())
}

pub(super) fn remove_from_album(tx: &WriteTransaction, id: &str, assets: &[String]) -> AppResult<usize> {
    let mut album = load_album(tx, id)?.ok_or(AppError::NotFound)?;
    let remove: std::collections::HashSet<&str> = assets.iter().map(String::as_str).collect();
    let before = album.assets.len();
    album.assets.retain(|a| !remove.contains(a.as_str()));
    if album.cover.as_deref().is_some_and(|c| remove.contains(c)) {
        album.cover = None;
    }
    let removed = before - album.assets.len();
    save_album(tx, &album)?;
    {
        let mut memberships = tx.open_table(ASSET_ALBUMS)?;
        for asset in &remove {
            memberships.remove((*asset, id))?;
        }
    }
    for asset_id in remove {
        if let Some(asset) = load_asset(tx, asset_id)? {
            index::reindex(tx, asset_id, Some(&asset))?;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifting_keeps_the_offset() {
        assert_eq!(
            shifted(Some("2019-07-14T23:30:00+02:00"), 0, 3600).as_deref(),
            Some("2019-07-15T00:30:00+02:00")
        );
        assert_eq!(shifted(None, 0, 60).as_deref(), Some("1970-01-01T00:01:00"));
    }
}
