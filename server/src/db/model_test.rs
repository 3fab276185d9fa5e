//! A property test in the manner of redb's own fuzzer: random sequences of operations run against the
//! store and against a plain in-memory model; after every step the two must agree, and no blob that
//! a record still refers to may be missing from the blob store. Crashes between a purge's commit and
//! its blob deletion are part of the sequences, and so is a family vault the two owners share.

use super::{AssetRecord, Store};
use crate::{
    blobs::{BlobKind, BlobStore, LocalBlobs},
    db::search::{Filters, Parsed},
    gc::{self, BlobGate},
};
use keepsake_api::{AssetChange, AssetKind, MediaMetadata};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
enum Op {
    /// (owner, which of a few contents): the same content for two owners shares blobs.
    Add(u64, u8),
    Trash(usize),
    Restore(usize),
    Favorite(usize),
    Purge(usize),
    /// A purge whose process dies after the commit, before deleting blobs; start-up then sweeps.
    PurgeThenCrash(usize),
    /// Its owner puts the asset into the family vault, or takes it back.
    VaultAdd(usize),
    VaultTakeBack(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1u64..=2, 0u8..4).prop_map(|(o, c)| Op::Add(o, c)),
        2 => any::<prop::sample::Index>().prop_map(|i| Op::Trash(i.index(1 << 16))),
        1 => any::<prop::sample::Index>().prop_map(|i| Op::Restore(i.index(1 << 16))),
        1 => any::<prop::sample::Index>().prop_map(|i| Op::Favorite(i.index(1 << 16))),
        2 => any::<prop::sample::Index>().prop_map(|i| Op::Purge(i.index(1 << 16))),
        1 => any::<prop::sample::Index>().prop_map(|i| Op::PurgeThenCrash(i.index(1 << 16))),
        2 => any::<prop::sample::Index>().prop_map(|i| Op::VaultAdd(i.index(1 << 16))),
        1 => any::<prop::sample::Index>().prop_map(|i| Op::VaultTakeBack(i.index(1 << 16))),
    ]
}

#[derive(Debug, Clone, PartialEq)]
struct ModelAsset {
    owner: u64,
    content: u8,
    trashed: bool,
    favorite: bool,
    in_vault: bool,
}

fn record(id: &str, owner: u64, content: u8, blobs: &dyn BlobStore, now: i64) -> AssetRecord {
    let original = blobs.put(&[content; 3], BlobKind::Original).unwrap();
    let thumbnail = blobs.put(&[content, b't'], BlobKind::Derivative).unwrap();
    AssetRecord {
        id: id.to_string(),
        owner,
        filename: format!("photo{content}.jpg"),
        mime: "image/jpeg".into(),
        bytes: 3,
        sha256: original,
        kind: AssetKind::Photo,
        metadata: MediaMetadata::default(),
        folder: Some(format!("f{content}")),
        thumbnail: Some(super::Derivative { key: thumbnail, width: 1, height: 1 }),
        preview: None,
        placeholder: None,
        uploaded_at: now,
        sort_key: now,
        trashed_at: None,
        favorite: false,
        archived: false,
        tags: vec![format!("tag{}", content % 2)],
        place: None,
        date_edited: false,
        original_taken_at: None,
    }
}

fn allow(_: &AssetRecord) -> crate::error::AppResult<()> {
    Ok(())
}

const VAULT: &str = "v";

/// A vault owned by 1 with 2 as a member.
fn family_vault(store: &Store) {
    let member = |user| super::VaultMemberRecord { user, joined_at: 0, auto_add: false };
    let vault = super::VaultRecord {
        id: VAULT.into(),
        owner: 1,
        name: "family".into(),
        members: vec![member(1)],
        created_at: 0,
    };
    store.create_vault(&vault).unwrap();
    let token = [7u8; 32];
    let invite = super::InviteRecord {
        id: "i".into(),
        vault: VAULT.into(),
        token_hash: token,
        created_at: 0,
        expires_at: i64::MAX,
        max_uses: 1,
        uses: 0,
    };
    store.create_invite(&invite).unwrap();
    store.join_by_invite(&token, 2, 0, 6, &|_| Ok(())).unwrap();
}

fn check(store: &Store, blobs: &dyn BlobStore, model: &BTreeMap<String, ModelAsset>) {
    // The vault shows each live file once, credited to everyone who put it there.
    let mut want_vault: BTreeMap<u8, BTreeSet<String>> = BTreeMap::new();
    for (id, a) in model.iter().filter(|(_, a)| a.in_vault && !a.trashed) {
        want_vault.entry(a.content).or_default().insert(id.clone());
    }
    let (page, _) = store.vault_page(VAULT, None, 1000).unwrap();
    let got_vault: BTreeMap<u8, BTreeSet<String>> = page
        .iter()
        .map(|e| (model[&e.shown.id].content, e.contributors.iter().map(|(_, id)| id.clone()).collect()))
        .collect();
    assert_eq!(got_vault, want_vault, "the vault");
    assert_eq!(store.vault_count(VAULT).unwrap(), want_vault.len(), "the vault's count");
    for owner in 1..=2u64 {
        let (live, total) = store.search(owner, &Parsed::default(), &Filters::default(), 0, 1000).unwrap();
        let want: BTreeSet<&str> =
            model.iter().filter(|(_, a)| a.owner == owner && !a.trashed).map(|(id, _)| id.as_str()).collect();
        let got: BTreeSet<&str> = live.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(got, want, "live assets of {owner}");
        assert_eq!(total, want.len());
        let (timeline, _) = store.timeline_page(owner, None, 1000).unwrap();
        assert_eq!(timeline.len(), want.len(), "timeline of {owner}");
        let trash: BTreeSet<String> =
            store.trashed_ids(Some(owner), None).unwrap().into_iter().map(|(_, id)| id).collect();
        let want_trash: BTreeSet<String> =
            model.iter().filter(|(_, a)| a.owner == owner && a.trashed).map(|(id, _)| id.clone()).collect();
        assert_eq!(trash, want_trash, "trash of {owner}");
        let favorites = store
            .search(
                owner,
                &Parsed::default(),
                &Filters { facets: vec![super::index::FAVORITE.into()], dates: None },
                0,
                1000,
            )
            .unwrap()
            .1;
        assert_eq!(
            favorites,
            model.values().filter(|a| a.owner == owner && !a.trashed && a.favorite).count()
        );
        let tagged: u64 = store.names(owner, false).unwrap().iter().map(|t| t.count).sum();
        assert_eq!(tagged as usize, want.len(), "every live asset has one tag");
    }
    // Reference counts are exactly the records that hold each blob, and every such blob exists.
    let mut want_refs: BTreeMap<String, u64> = BTreeMap::new();
    for (id, _) in model.iter() {
        let asset = store.asset(id).unwrap().expect("the record exists");
        for key in asset.blob_keys() {
            *want_refs.entry(key.to_string()).or_default() += 1;
        }
    }
    assert_eq!(store.blob_ref_counts().unwrap(), want_refs);
    for key in want_refs.keys() {
        assert!(blobs.len(key).unwrap().is_some(), "referenced blob {key} was lost");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
    #[test]
    fn store_agrees_with_the_model(ops in prop::collection::vec(op(), 1..40)) {
        let dir = std::env::temp_dir().join(format!("keepsake-model-{}", crate::auth::random_hex(8)));
        let blobs = LocalBlobs::open(dir.join("blobs"), dir.join("tmp")).unwrap();
        let store = Store::open(&dir.join("db.redb")).unwrap();
        let gate = BlobGate::default();
        family_vault(&store);
        let mut model: BTreeMap<String, ModelAsset> = BTreeMap::new();
        let mut now = 1_000_000;
        for op in ops {
            now += 1;
            let ids: Vec<String> = model.keys().cloned().collect();
            let pick = |i: usize| (!ids.is_empty()).then(|| ids[i % ids.len()].clone());
            match op {
                Op::Add(owner, content) => {
                    let id = format!("{:032x}", now);
                    let asset = record(&id, owner, content, &blobs, now);
                    let duplicate = model.values().any(|a| a.owner == owner && a.content == content);
                    match store.insert_asset(&asset, None).unwrap() {
                        super::Inserted::New => {
                            prop_assert!(!duplicate);
                            let asset = ModelAsset { owner, content, trashed: false, favorite: false, in_vault: false };
                            model.insert(id, asset);
                        }
                        super::Inserted::Existing(_) => prop_assert!(duplicate),
                    }
                }
                Op::Trash(i) | Op::Restore(i) | Op::Favorite(i) => {
                    let Some(id) = pick(i) else { continue };
                    let change = match op {
                        Op::Trash(_) => AssetChange::Trash,
                        Op::Restore(_) => AssetChange::Restore,
                        _ => AssetChange::Favorite { value: true },
                    };
                    let result = store.edit_assets(std::slice::from_ref(&id), &change, now, &allow);
                    let entry = model.get_mut(&id).unwrap();
                    match change {
                        AssetChange::Trash => entry.trashed = true,
                        AssetChange::Restore => entry.trashed = false,
                        _ if entry.trashed => { prop_assert!(result.is_err()); continue; }
                        _ => entry.favorite = true,
                    }
                    prop_assert!(result.is_ok());
                }
                Op::VaultAdd(i) | Op::VaultTakeBack(i) => {
                    let Some(id) = pick(i) else { continue };
                    let ids = std::slice::from_ref(&id);
                    let entry = model.get_mut(&id).unwrap();
                    if matches!(op, Op::VaultTakeBack(_)) {
                        store.vault_take_back(VAULT, ids, &allow).unwrap();
                        entry.in_vault = false;
                    } else if entry.trashed {
                        prop_assert!(store.vault_add(VAULT, ids, &allow).is_err());
                    } else {
                        store.vault_add(VAULT, ids, &allow).unwrap();
                        entry.in_vault = true;
                    }
                }
                Op::Purge(i) | Op::PurgeThenCrash(i) => {
                    let Some(id) = pick(i) else { continue };
                    let result = store.edit_assets(std::slice::from_ref(&id), &AssetChange::Purge, now, &allow);
                    if !model[&id].trashed {
                        prop_assert!(result.is_err());
                        continue;
                    }
                    let edited = result.unwrap();
                    model.remove(&id);
                    if matches!(op, Op::PurgeThenCrash(_)) {
                        // Restart: sweep what nothing refers to.
                        let keys = blobs.keys().unwrap();
                        let in_use = store.blobs_in_use(&keys).unwrap();
                        blobs.sweep_orphans(&|k| in_use.contains(k)).unwrap();
                    } else {
                        gc::delete_unreferenced(&store, &blobs, &gate, &edited.freed).unwrap();
                    }
                }
            }
            check(&store, &blobs, &model);
        }
        // Nothing is left that no record needs.
        let mut keys = blobs.keys().unwrap();
        keys.sort();
        let mut needed: Vec<String> = store.blob_ref_counts().unwrap().into_keys().collect();
        needed.sort();
        prop_assert_eq!(keys, needed);
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }
}
