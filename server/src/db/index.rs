//! The derived tables: timeline, search terms, tag and camera counts, folders, trash, album and vault
//! contents by date.
//!
//! An asset's contribution to all of them is one [`IndexEntry`], computed from its record by
//! [`IndexEntry::of`] and stored beside it. [`reindex`] takes the stored entry back out and puts the new
//! one in, inside the caller's transaction, so the derived tables can never drift from the records.

use super::{AssetRecord, decode, encode, tables::*};
use crate::error::AppResult;
use keepsake_api::AssetKind;
use redb::{ReadableTable, WriteTransaction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Facets start with a character no word contains, so a word prefix never reaches them.
pub const FACET: char = '\u{1}';
/// Every live asset, archived or not: the date-ordered list searches without words start from.
pub const ALL: &str = "\u{1}all";
pub const FAVORITE: &str = "\u{1}fav";
pub const ARCHIVED: &str = "\u{1}archived";

pub fn kind_facet(kind: AssetKind) -> &'static str {
    match kind {
        AssetKind::Photo => "\u{1}kind:photo",
        AssetKind::Video => "\u{1}kind:video",
    }
}

pub fn folder_facet(folder: &str) -> String {
    format!("{FACET}folder:{folder}")
}

/// A person's photos: the person's id, since names change and two people may share one.
pub fn person_facet(person: &str) -> String {
    format!("{FACET}person:{person}")
}

pub fn camera_facet(camera: &str) -> String {
    format!("{FACET}camera:{}", camera.to_lowercase())
}

/// Folds the accents people leave out when typing ("Zürich" is found by "zurich").
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// The searchable words of a text: lower-cased, accents folded, split at anything not a letter or digit.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase).map(fold).collect())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub owner: u64,
    pub sort_key: i64,
    pub terms: BTreeSet<String>,
    pub on_timeline: bool,
    pub trashed_at: Option<i64>,
    pub folder: Option<String>,
    pub tags: Vec<String>,
    pub camera: Option<String>,
    /// Albums the live asset is listed in, whoever owns them.
    #[serde(default)]
    pub albums: Vec<String>,
    /// The vault the live asset was added to, with its file's hash (the vault shows a file once).
    #[serde(default)]
    pub vault: Option<(String, String)>,
}

impl IndexEntry {
    /// What `asset`, in `albums` (id, name) and `vault`, showing `people` (id, name), contributes. A
    /// trashed asset is only in the trash.
    pub fn of(
        asset: &AssetRecord,
        albums: &[(String, String)],
        vault: Option<String>,
        people: &[(String, Option<String>)],
    ) -> Self {
        let mut entry = Self {
            owner: asset.owner,
            sort_key: asset.sort_key,
            terms: BTreeSet::new(),
            on_timeline: false,
            trashed_at: asset.trashed_at,
            folder: None,
            tags: Vec::new(),
            camera: None,
            albums: Vec::new(),
            vault: None,
        };
        if asset.trashed_at.is_some() {
            return entry;
        }
        entry.albums = albums.iter().map(|(id, _)| id.clone()).collect();
        entry.vault = vault.map(|v| (v, asset.sha256.clone()));
        entry.on_timeline = !asset.archived;
        entry.folder = asset.folder.clone();
        entry.tags = asset.tags.clone();
        entry.camera = asset.metadata.camera.name();
        let terms = &mut entry.terms;
        let camera = &asset.metadata.camera;
        let texts = [Some(asset.filename.as_str()), camera.make.as_deref(), camera.model.as_deref()]
            .into_iter()
            .chain([camera.lens.as_deref()])
            .flatten()
            .chain(asset.tags.iter().map(String::as_str))
            .chain(albums.iter().map(|(_, name)| name.as_str()))
            .chain(people.iter().filter_map(|(_, name)| name.as_deref()));
        for text in texts {
            terms.extend(words(text));
        }
        if let Some(place) = &asset.place {
            terms.extend(words(&place.label()));
        }
        terms.insert(ALL.into());
        terms.insert(kind_facet(asset.kind).into());
        if asset.favorite {
            terms.insert(FAVORITE.into());
        }
        if asset.archived {
            terms.insert(ARCHIVED.into());
        }
        if let Some(folder) = &asset.folder {
            terms.insert(folder_facet(folder));
        }
        if let Some(camera) = &entry.camera {
            terms.insert(camera_facet(camera));
        }
        terms.extend(people.iter().map(|(id, _)| person_facet(id)));
        entry
    }

    /// Adds (`add`) or removes this entry's rows in every derived table.
    fn apply(&self, tx: &WriteTransaction, id: &str, add: bool) -> AppResult<()> {
        let owner = self.owner;
        {
            let mut search = tx.open_table(SEARCH)?;
            for term in &self.terms {
                let key = (owner, term.as_str(), self.sort_key, id);
                if add {
                    search.insert(key, ())?;
                } else {
                    search.remove(key)?;
                }
            }
        }
        if self.on_timeline {
            let mut timeline = tx.open_table(TIMELINE)?;
            if add {
                timeline.insert((owner, self.sort_key, id), ())?;
            } else {
                timeline.remove((owner, self.sort_key, id))?;
            }
        }
        if let Some(at) = self.trashed_at {
            let mut trash = tx.open_table(TRASH)?;
            if add {
                trash.insert((owner, at, id), ())?;
            } else {
                trash.remove((owner, at, id))?;
            }
        }
        if let Some(folder) = &self.folder {
            let mut folders = tx.open_table(FOLDERS)?;
            let count = folders.get((owner, folder.as_str()))?.map_or(0, |v| v.value());
            let count = if add { count + 1 } else { count.saturating_sub(1) };
            if count == 0 {
                folders.remove((owner, folder.as_str()))?;
            } else {
                folders.insert((owner, folder.as_str()), count)?;
            }
        }
        {
            let mut items = tx.open_table(ALBUM_ITEMS)?;
            for album in &self.albums {
                let key = (album.as_str(), self.sort_key, id);
                if add {
                    items.insert(key, ())?;
                } else {
                    items.remove(key)?;
                }
            }
        }
        if let Some((vault, sha256)) = &self.vault {
            let mut timeline = tx.open_table(VAULT_TIMELINE)?;
            let key = (vault.as_str(), self.sort_key, sha256.as_str());
            let count = timeline.get(key)?.map_or(0, |v| v.value());
            let count = if add { count + 1 } else { count.saturating_sub(1) };
            if count == 0 {
                timeline.remove(key)?;
            } else {
                timeline.insert(key, count)?;
            }
        }
        let mut tags = tx.open_table(TAGS)?;
        for tag in &self.tags {
            count_name(&mut tags, owner, tag, add)?;
        }
        let mut cameras = tx.open_table(CAMERAS)?;
        if let Some(camera) = &self.camera {
            count_name(&mut cameras, owner, camera, add)?;
        }
        Ok(())
    }
}

/// A display name and how many live assets carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameCount {
    pub name: String,
    pub count: u64,
}

fn count_name(
    table: &mut redb::Table<(u64, &str), &[u8]>,
    owner: u64,
    name: &str,
    add: bool,
) -> AppResult<()> {
    let key = name.to_lowercase();
    let current: Option<NameCount> =
        table.get((owner, key.as_str()))?.map(|v| decode(v.value())).transpose()?;
    let count = current.as_ref().map_or(0, |c| c.count);
    let count = if add { count + 1 } else { count.saturating_sub(1) };
    if count == 0 {
        table.remove((owner, key.as_str()))?;
    } else {
        // The first spelling used stays the one shown.
        let name = current.map_or_else(|| name.to_string(), |c| c.name);
        table.insert((owner, key.as_str()), encode(&NameCount { name, count })?.as_slice())?;
    }
    Ok(())
}

/// The albums an asset is in: (id, name).
fn albums_of_asset(tx: &WriteTransaction, id: &str) -> AppResult<Vec<(String, String)>> {
    let memberships = tx.open_table(ASSET_ALBUMS)?;
    let albums = tx.open_table(ALBUMS)?;
    let mut names = Vec::new();
    for entry in memberships.range((id, "")..=(id, "\u{10FFFF}"))? {
        let (key, _) = entry?;
        let album_id = key.value().1;
        if let Some(album) = albums.get(album_id)? {
            names.push((album_id.to_string(), decode::<super::AlbumRecord>(album.value())?.name));
        }
    }
    Ok(names)
}

/// Brings every derived table in line with `asset` (or removes the asset from them when `None`).
/// Must run in the same transaction as the change to the record.
pub fn reindex(tx: &WriteTransaction, id: &str, asset: Option<&AssetRecord>) -> AppResult<()> {
    let old: Option<IndexEntry> = {
        let index = tx.open_table(ASSET_INDEX)?;
        index.get(id)?.map(|v| decode(v.value())).transpose()?
    };
    let new = match asset {
        Some(asset) => {
            let vault = tx.open_table(VAULT_ASSETS)?.get(id)?.map(|v| v.value().to_string());
            Some(IndexEntry::of(asset, &albums_of_asset(tx, id)?, vault, &super::people::people_in(tx, id)?))
        }
        None => None,
    };
    if old == new {
        return Ok(());
    }
    if let Some(old) = &old {
        old.apply(tx, id, false)?;
    }
    match &new {
        Some(new) => {
            new.apply(tx, id, true)?;
            tx.open_table(ASSET_INDEX)?.insert(id, encode(new)?.as_slice())?;
        }
        None => {
            tx.open_table(ASSET_INDEX)?.remove(id)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_and_accents() {
        assert_eq!(words("IMG_2019-Zürich.jpg").collect::<Vec<_>>(), ["img", "2019", "zurich", "jpg"]);
    }
}
