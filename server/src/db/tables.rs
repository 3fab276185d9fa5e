//! Every redb table Keepsake keeps. The name strings are the on-disk format: never rename them.
//! Values are JSON (serde) so records can gain fields without a migration.

use redb::TableDefinition;

/// user id → `UserRecord`
pub const USERS: TableDefinition<u64, &[u8]> = TableDefinition::new("users");
/// lower-cased username → user id
pub const USERNAMES: TableDefinition<&str, u64> = TableDefinition::new("usernames");
/// SHA-256 of the session token → `SessionRecord`; the token itself is never stored
pub const SESSIONS: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("sessions");
/// asset id → `AssetRecord`
pub const ASSETS: TableDefinition<&str, &[u8]> = TableDefinition::new("assets");
/// (owner, sort key, asset id) → (): the timeline (neither archived nor trashed), read backwards
pub const TIMELINE: TableDefinition<(u64, i64, &str), ()> = TableDefinition::new("timeline");
/// (owner, sha256 hex) → asset id: de-duplication within one library
pub const OWNER_HASHES: TableDefinition<(u64, &str), &str> = TableDefinition::new("owner_hashes");
/// blob key → number of records referring to it; a blob with no entry may be deleted
pub const BLOB_REFS: TableDefinition<&str, u64> = TableDefinition::new("blob_refs");
/// upload id → `UploadRecord`, for uploads not yet finished
pub const UPLOADS: TableDefinition<&str, &[u8]> = TableDefinition::new("uploads");
/// asset id → `IndexEntry`: what the asset contributes to the derived tables below and to TIMELINE,
/// so one function (`index::reindex`) can take it back out exactly
pub const ASSET_INDEX: TableDefinition<&str, &[u8]> = TableDefinition::new("asset_index");
/// (owner, term, sort key, asset id) → (): words and `\u{1}`-prefixed facets of live assets (`db::index`)
pub const SEARCH: TableDefinition<(u64, &str, i64, &str), ()> = TableDefinition::new("search");
/// (owner, lower-cased tag) → `NameCount`, for suggestions
pub const TAGS: TableDefinition<(u64, &str), &[u8]> = TableDefinition::new("tags");
/// (owner, lower-cased camera) → `NameCount`, for the camera filter
pub const CAMERAS: TableDefinition<(u64, &str), &[u8]> = TableDefinition::new("cameras");
/// (owner, folder path) → number of live assets directly in it
pub const FOLDERS: TableDefinition<(u64, &str), u64> = TableDefinition::new("folders");
/// (owner, trashed at, asset id) → ()
pub const TRASH: TableDefinition<(u64, i64, &str), ()> = TableDefinition::new("trash");
/// album id → `AlbumRecord`, which holds the album's order
pub const ALBUMS: TableDefinition<&str, &[u8]> = TableDefinition::new("albums");
/// (owner, album id) → ()
pub const OWNER_ALBUMS: TableDefinition<(u64, &str), ()> = TableDefinition::new("owner_albums");
/// (asset id, album id) → (): which albums an asset is in
pub const ASSET_ALBUMS: TableDefinition<(&str, &str), ()> = TableDefinition::new("asset_albums");
/// setting name → JSON value
pub const SETTINGS: TableDefinition<&str, &[u8]> = TableDefinition::new("settings");
/// counter name → next value
pub const COUNTERS: TableDefinition<&str, u64> = TableDefinition::new("counters");

/// Opened once at start-up so read transactions never meet a missing table.
pub fn create_all(tx: &redb::WriteTransaction) -> Result<(), redb::TableError> {
    tx.open_table(USERS)?;
    tx.open_table(USERNAMES)?;
    tx.open_table(SESSIONS)?;
    tx.open_table(ASSETS)?;
    tx.open_table(TIMELINE)?;
    tx.open_table(OWNER_HASHES)?;
    tx.open_table(BLOB_REFS)?;
    tx.open_table(UPLOADS)?;
    tx.open_table(SETTINGS)?;
    tx.open_table(COUNTERS)?;
    tx.open_table(ASSET_INDEX)?;
    tx.open_table(SEARCH)?;
    tx.open_table(TAGS)?;
    tx.open_table(CAMERAS)?;
    tx.open_table(FOLDERS)?;
    tx.open_table(TRASH)?;
    tx.open_table(ALBUMS)?;
    tx.open_table(OWNER_ALBUMS)?;
    tx.open_table(ASSET_ALBUMS)?;
    Ok(())
}
