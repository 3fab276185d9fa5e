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
/// (owner, sort key, asset id) → (): the timeline index, read backwards for newest first
pub const TIMELINE: TableDefinition<(u64, i64, &str), ()> = TableDefinition::new("timeline");
/// (owner, sha256 hex) → asset id: de-duplication within one library
pub const OWNER_HASHES: TableDefinition<(u64, &str), &str> = TableDefinition::new("owner_hashes");
/// blob key → number of records referring to it; a blob with no entry may be deleted
pub const BLOB_REFS: TableDefinition<&str, u64> = TableDefinition::new("blob_refs");
/// upload id → `UploadRecord`, for uploads not yet finished
pub const UPLOADS: TableDefinition<&str, &[u8]> = TableDefinition::new("uploads");
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
    Ok(())
}
