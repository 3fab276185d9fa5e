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
/// (album id, sort key, asset id) → (): an album's live assets, whoever owns them, by date
pub const ALBUM_ITEMS: TableDefinition<(&str, i64, &str), ()> = TableDefinition::new("album_items");
/// (user, album id) → (): albums shared with a person
pub const SHARED_ALBUMS: TableDefinition<(u64, &str), ()> = TableDefinition::new("shared_albums");
/// link id → `LinkRecord`
pub const LINKS: TableDefinition<&str, &[u8]> = TableDefinition::new("links");
/// SHA-256 of a link's token → link id; the token itself is never stored
pub const LINK_TOKENS: TableDefinition<&[u8; 32], &str> = TableDefinition::new("link_tokens");
/// (owner, link id) → ()
pub const OWNER_LINKS: TableDefinition<(u64, &str), ()> = TableDefinition::new("owner_links");
/// (album or asset id, link id) → (): links to remove with what they show
pub const TARGET_LINKS: TableDefinition<(&str, &str), ()> = TableDefinition::new("target_links");
/// SHA-256 of an unlock cookie → `UnlockRecord`: a visitor who gave a link's password
pub const UNLOCKS: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("unlocks");
/// vault id → `VaultRecord`
pub const VAULTS: TableDefinition<&str, &[u8]> = TableDefinition::new("vaults");
/// user → the vault they own or belong to (one at most)
pub const USER_VAULT: TableDefinition<u64, &str> = TableDefinition::new("user_vault");
/// asset id → the vault it was added to
pub const VAULT_ASSETS: TableDefinition<&str, &str> = TableDefinition::new("vault_assets");
/// (vault, sha256, asset id) → the asset's owner: who added which file
pub const VAULT_HASHES: TableDefinition<(&str, &str, u64, &str), ()> = TableDefinition::new("vault_hashes");
/// (vault, sort key, sha256) → how many live assets put that file there: one grid entry per file
pub const VAULT_TIMELINE: TableDefinition<(&str, i64, &str), u64> = TableDefinition::new("vault_timeline");
/// (vault, invite id) → `InviteRecord`
pub const INVITES: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("invites");
/// SHA-256 of an invite token → (vault, invite id) as JSON
pub const INVITE_TOKENS: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("invite_tokens");
/// order id → `OrderRecord`
pub const ORDERS: TableDefinition<&str, &[u8]> = TableDefinition::new("orders");
/// (owner, created at, order id) → (): a person's orders by date
pub const OWNER_ORDERS: TableDefinition<(u64, i64, &str), ()> = TableDefinition::new("owner_orders");
/// setting name → JSON value
pub const SETTINGS: TableDefinition<&str, &[u8]> = TableDefinition::new("settings");
/// user → bytes of the originals they own, trash included: what their storage quota counts
pub const STORAGE_USED: TableDefinition<u64, u64> = TableDefinition::new("storage_used");
/// asset id → its faces (`FaceRecord`s, JSON), in the order the browser found them
pub const FACES: TableDefinition<&str, &[u8]> = TableDefinition::new("faces");
/// person id → `PersonRecord`
pub const PEOPLE: TableDefinition<&str, &[u8]> = TableDefinition::new("people");
/// (owner, person id) → (): a library's people
pub const OWNER_PEOPLE: TableDefinition<(u64, &str), ()> = TableDefinition::new("owner_people");
/// (person id, asset id, face index) → (): where a person's faces are
pub const PERSON_FACES: TableDefinition<(&str, &str, u32), ()> = TableDefinition::new("person_faces");
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
    tx.open_table(ALBUM_ITEMS)?;
    tx.open_table(SHARED_ALBUMS)?;
    tx.open_table(LINKS)?;
    tx.open_table(LINK_TOKENS)?;
    tx.open_table(OWNER_LINKS)?;
    tx.open_table(TARGET_LINKS)?;
    tx.open_table(UNLOCKS)?;
    tx.open_table(VAULTS)?;
    tx.open_table(USER_VAULT)?;
    tx.open_table(VAULT_ASSETS)?;
    tx.open_table(VAULT_HASHES)?;
    tx.open_table(VAULT_TIMELINE)?;
    tx.open_table(INVITES)?;
    tx.open_table(INVITE_TOKENS)?;
    tx.open_table(ORDERS)?;
    tx.open_table(OWNER_ORDERS)?;
    tx.open_table(STORAGE_USED)?;
    tx.open_table(FACES)?;
    tx.open_table(PEOPLE)?;
    tx.open_table(OWNER_PEOPLE)?;
    tx.open_table(PERSON_FACES)?;
    Ok(())
}
