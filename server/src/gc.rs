//! Deleting blobs, and the trash's retention.
//!
//! A purge commits first (records gone, reference counts down) and deletes files after, so a crash
//! in between leaves only orphans, which start-up sweeps. Ingest writes a blob and then commits the
//! record that refers to it; it holds the gate for reading across both steps, and deletion holds it
//! for writing and re-checks every key, so a blob that an upload is about to reference again is never
//! removed from under it.

use crate::{AppState, db::Store, error::AppResult, permissions};
use keepsake_api::AssetChange;
use std::sync::RwLock;

/// Held (shared) by ingest from the first blob write to the commit; held (exclusive) by deletion.
#[derive(Default)]
pub struct BlobGate(RwLock<()>);

impl BlobGate {
    pub fn writing(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    fn deleting(&self) -> std::sync::RwLockWriteGuard<'_, ()> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// Deletes those of `keys` that nothing needs any more. Blocking.
pub fn delete_unreferenced(
    store: &Store,
    blobs: &dyn crate::blobs::BlobStore,
    gate: &BlobGate,
    keys: &[String],
) -> AppResult<usize> {
    if keys.is_empty() {
        return Ok(0);
    }
    let _exclusive = gate.deleting();
    let in_use = store.blobs_in_use(keys)?;
    let mut deleted = 0;
    for key in keys.iter().filter(|k| !in_use.contains(*k)) {
        blobs.remove(key)?;
        deleted += 1;
    }
    Ok(deleted)
}

/// Purges everything trashed longer ago than the retention period. Blocking.
pub fn purge_expired(state: &AppState) -> AppResult<usize> {
    let cutoff = state.clock.now() - i64::from(state.config.trash_days) * 86_400;
    let expired = state.store.trashed_ids(None, Some(cutoff))?;
    let mut purged = 0;
    // Per owner, in bounded batches, so one huge trash does not hold the writer for long.
    let mut by_owner: std::collections::BTreeMap<u64, Vec<String>> = Default::default();
    for (owner, id) in expired {
        by_owner.entry(owner).or_default().push(id);
    }
    for (owner, ids) in by_owner {
        let principal = permissions::Principal::User { id: owner, is_admin: false };
        for batch in ids.chunks(500) {
            let check = |a: &crate::db::AssetRecord| {
                permissions::authorize(principal, permissions::Action::Write, permissions::Resource::Asset(a))
            };
            let edited = state.store.edit_assets(batch, &AssetChange::Purge, state.clock.now(), &check)?;
            delete_unreferenced(&state.store, state.blobs.as_ref(), &state.blob_gate, &edited.freed)?;
            purged += edited.changed;
        }
    }
    Ok(purged)
}

/// Forgets an unfinished upload: its record, its partial file, and the blobs only it needed (its
/// derivatives, or its original if a crash had moved it into the store already). Blocking.
pub fn discard_upload(state: &AppState, upload: &crate::db::UploadRecord) -> AppResult<()> {
    state.store.delete_upload(&upload.id)?;
    let _ = std::fs::remove_file(state.config.uploads_dir().join(&upload.id));
    let keys: Vec<String> = [&upload.thumbnail, &upload.preview]
        .into_iter()
        .flatten()
        .map(|d| d.key.clone())
        .chain(std::iter::once(upload.request.sha256.clone()))
        .collect();
    delete_unreferenced(&state.store, state.blobs.as_ref(), &state.blob_gate, &keys)?;
    Ok(())
}

/// Discards uploads nobody has added to for `upload_expiry_days`: a phone that went away mid-upload
/// must not keep its partial file forever. Blocking.
pub fn expire_uploads(state: &AppState) -> AppResult<usize> {
    let cutoff = state.clock.now() - i64::from(state.config.upload_expiry_days) * 86_400;
    let mut expired = 0;
    for upload in state.store.uploads()? {
        let modified = std::fs::metadata(state.config.uploads_dir().join(&upload.id))
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs() as i64);
        let busy = state.busy_uploads.lock().unwrap_or_else(|e| e.into_inner()).contains(&upload.id);
        if modified.max(upload.created_at) < cutoff && !busy {
            discard_upload(state, &upload)?;
            expired += 1;
        }
    }
    Ok(expired)
}

/// The server's timers: every minute, throttle entries whose window has passed are forgotten; at
/// start and then every hour, the expired trash, link unlocks and abandoned uploads are removed, and
/// people found twice are merged.
pub fn spawn_housekeeping(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut minutes = 0u64;
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            state.throttles.prune(state.clock.now());
            if minutes.is_multiple_of(60) {
                hourly(&state).await;
            }
            minutes += 1;
        }
    })
}

async fn hourly(state: &AppState) {
    chore(state, "emptied expired trash", purge_expired).await;
    let (store, now) = (state.store.clone(), state.clock.now());
    if let Err(e) = store.run(move |store| store.purge_expired_unlocks(now)).await {
        tracing::error!(error = ?e, "forgetting expired link unlocks failed");
    }
    chore(state, "discarded abandoned uploads", expire_uploads).await;
    chore(state, "finished deleting accounts", finish_deletions).await;
    chore(state, "merged people found twice", regroup_people).await;
}

/// Looks at each owner's people again and merges those found twice (`Store::regroup_people`).
fn regroup_people(state: &AppState) -> AppResult<usize> {
    let mut merged = 0;
    for owner in state.store.owners_with_people()? {
        merged += state.store.regroup_people(owner)?;
    }
    Ok(merged)
}

/// Runs a blocking chore on the blocking pool and logs what it did, or why it did not.
async fn chore(state: &AppState, what: &'static str, chore: fn(&AppState) -> AppResult<usize>) {
    let task_state = state.clone();
    match tokio::task::spawn_blocking(move || chore(&task_state)).await {
        Ok(Ok(0)) => {}
        Ok(Ok(done)) => tracing::info!(done, "{what}"),
        Ok(Err(e)) => tracing::error!(error = ?e, "{what}: failed"),
        Err(e) => tracing::error!(error = ?e, "{what}: panicked"),
    }
}

/// Deletions a crash or restart cut short. Blocking.
fn finish_deletions(state: &AppState) -> AppResult<usize> {
    let users = state.store.accounts_being_deleted()?;
    for user in &users {
        delete_account(state, *user)?;
    }
    Ok(users.len())
}

/// Deletes an account and everything that is theirs: their vault (ended if they own it, left if they
/// are a member; others' photos stay with their owners), their places in albums shared with them,
/// their links, albums, unfinished uploads and photos (with the files nobody else needs), and last the
/// account itself. Each step commits on its own and the account is disabled and marked first, so a
/// crash midway leaves a disabled account whose deletion `hourly` finishes. Their print orders stay
/// for the lab. Blocking.
pub fn delete_account(state: &AppState, user: u64) -> AppResult<()> {
    let store = &state.store;
    store.update_user(user, |u| {
        u.disabled = true;
        u.deleting = true;
    })?;
    let now = state.clock.now();
    if let Some(vault) = store.vault_of_user(user)? {
        if vault.owner == user {
            store.delete_vault(&vault.id)?;
        } else {
            store.vault_remove_member(&vault.id, user)?;
        }
    }
    for album in store.albums_shared_with(user)? {
        store.remove_album_member(&album.id, user, now)?;
    }
    for link in store.links_of(user)? {
        store.delete_link(&link.id)?;
    }
    for album in store.albums_of(user)? {
        store.delete_album(&album.id)?;
    }
    for upload in store.uploads()?.iter().filter(|u| u.owner == user) {
        discard_upload(state, upload)?;
    }
    let everything = |_: &crate::db::AssetRecord| Ok(());
    for batch in store.owner_asset_ids(user)?.chunks(500) {
        store.edit_assets(batch, &AssetChange::Trash, now, &everything)?;
        let purged = store.edit_assets(batch, &AssetChange::Purge, now, &everything)?;
        delete_unreferenced(store, state.blobs.as_ref(), &state.blob_gate, &purged.freed)?;
    }
    store.delete_user(user)?;
    state.sessions.forget_user(user);
    tracing::info!(user.id = user, "account deleted");
    Ok(())
}
