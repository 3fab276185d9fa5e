//! People in the store: each photo's faces, the people they are grouped into (see `crate::people`
//! for how), and the indexes between them. Each public function is one transaction; a person's name
//! is a search word of every photo they are in, kept in step through [`index::reindex`].

use super::{
    AssetRecord, Store, UserRecord, decode, encode, index,
    library::{Check, load_asset},
    tables::*,
};
use crate::{
    error::{AppError, AppResult},
    people::{Centroid, Regrouped, nearest},
};
use keepsake_api::FaceBox;
use redb::{ReadTransaction, ReadableDatabase, ReadableTable, WriteTransaction};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The permission check a caller passes in for each person a change touches (see `permissions`).
pub type PersonCheck<'a> = &'a dyn Fn(&PersonRecord) -> AppResult<()>;

/// A face on a photo, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaceRecord {
    pub bounds: FaceBox,
    pub quality: f32,
    pub descriptor: Vec<f32>,
    pub person: String,
    /// People the family said this face is not ("not Grandma"): it never joins them again.
    #[serde(default)]
    pub not: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub id: String,
    pub owner: u64,
    pub name: Option<String>,
    pub hidden: bool,
    pub centroid: Centroid,
    /// The face shown for the person: (asset, face index, its quality).
    pub cover: Option<(String, u32, f32)>,
}

/// A face as the browser sends it, checked.
#[derive(Debug, Clone)]
pub struct NewFaceRecord {
    pub bounds: FaceBox,
    pub quality: f32,
    pub descriptor: Vec<f32>,
}

pub(super) fn faces_in(tx: &WriteTransaction, asset: &str) -> AppResult<Vec<FaceRecord>> {
    tx.open_table(FACES)?.get(asset)?.map_or(Ok(Vec::new()), |v| decode(v.value()))
}

fn load_user(tx: &WriteTransaction, id: u64) -> AppResult<UserRecord> {
    tx.open_table(USERS)?.get(id)?.map(|v| decode(v.value())).transpose()?.ok_or(AppError::NotFound)
}

fn load_person(tx: &WriteTransaction, id: &str) -> AppResult<Option<PersonRecord>> {
    tx.open_table(PEOPLE)?.get(id)?.map(|v| decode(v.value())).transpose()
}

/// An owner's people by id: ids are a counter written in fixed-width hex, so this is creation
/// order, which breaks ties in grouping the same way every time.
fn people_of(tx: &WriteTransaction, owner: u64) -> AppResult<BTreeMap<String, PersonRecord>> {
    let ids: Vec<String> = tx
        .open_table(OWNER_PEOPLE)?
        .range((owner, "")..=(owner, "\u{10FFFF}"))?
        .map(|e| e.map(|(k, _)| k.value().1.to_string()))
        .collect::<Result<_, _>>()?;
    let mut people = BTreeMap::new();
    for id in ids {
        if let Some(person) = load_person(tx, &id)? {
            people.insert(id, person);
        }
    }
    Ok(people)
}

/// An owner's people in creation order, as a read transaction sees them.
fn people_read(tx: &ReadTransaction, owner: u64) -> AppResult<Vec<PersonRecord>> {
    let table = tx.open_table(PEOPLE)?;
    let mut people = Vec::new();
    for entry in tx.open_table(OWNER_PEOPLE)?.range((owner, "")..=(owner, "\u{10FFFF}"))? {
        let id = entry?.0.value().1.to_string();
        if let Some(person) =
            table.get(id.as_str())?.map(|v| decode::<PersonRecord>(v.value())).transpose()?
        {
            people.push(person);
        }
    }
    Ok(people)
}

fn new_person_id(tx: &WriteTransaction) -> AppResult<String> {
    let mut counters = tx.open_table(COUNTERS)?;
    let n = counters.get("person")?.map_or(1, |v| v.value());
    counters.insert("person", n + 1)?;
    Ok(format!("{n:012x}"))
}

/// Writes back the people a change touched; those left without faces are removed.
fn save_people<'a>(tx: &WriteTransaction, people: impl Iterator<Item = &'a PersonRecord>) -> AppResult<()> {
    let mut table = tx.open_table(PEOPLE)?;
    let mut owned = tx.open_table(OWNER_PEOPLE)?;
    for person in people {
        if person.centroid.faces == 0 {
            table.remove(person.id.as_str())?;
            owned.remove((person.owner, person.id.as_str()))?;
        } else {
            table.insert(person.id.as_str(), encode(person)?.as_slice())?;
            owned.insert((person.owner, person.id.as_str()), ())?;
        }
    }
    Ok(())
}

/// Takes an asset's faces out of their people (and the asset's entry away); answers who they were.
fn detach_faces(
    tx: &WriteTransaction,
    asset: &str,
    people: &mut BTreeMap<String, PersonRecord>,
) -> AppResult<BTreeSet<String>> {
    let mut places = tx.open_table(PERSON_FACES)?;
    let mut touched = BTreeSet::new();
    for (i, face) in faces_in(tx, asset)?.iter().enumerate() {
        touched.insert(face.person.clone());
        places.remove((face.person.as_str(), asset, i as u32))?;
        if let Some(person) = people.get_mut(&face.person) {
            person.centroid.remove(&face.descriptor);
            if person.cover.as_ref().is_some_and(|(a, _, _)| a == asset) {
                person.cover = None;
            }
        }
    }
    tx.open_table(FACES)?.remove(asset)?;
    Ok(touched)
}

/// Writes back the people of `touched`: a change reads every person of the owner (to find the
/// nearest) but changes a few, and writing all of them back was most of a photo's time.
fn save_touched(
    tx: &WriteTransaction,
    people: &BTreeMap<String, PersonRecord>,
    touched: &BTreeSet<String>,
) -> AppResult<()> {
    save_people(tx, touched.iter().filter_map(|id| people.get(id)))
}

/// A person whose cover went with a removed face gets their best remaining one.
fn choose_missing_covers(
    tx: &WriteTransaction,
    people: &mut BTreeMap<String, PersonRecord>,
) -> AppResult<()> {
    let places = tx.open_table(PERSON_FACES)?;
    for person in people.values_mut().filter(|p| p.cover.is_none() && p.centroid.faces > 0) {
        let mut best: Option<(String, u32, f32)> = None;
        for entry in
            places.range((person.id.as_str(), "", 0)..=(person.id.as_str(), "\u{10FFFF}", u32::MAX))?
        {
            let (asset, index) = {
                let key = entry?.0;
                let (_, asset, index) = key.value();
                (asset.to_string(), index)
            };
            let quality = faces_in(tx, &asset)?.get(index as usize).map_or(0.0, |f| f.quality);
            if best.as_ref().is_none_or(|(_, _, q)| quality > *q) {
                best = Some((asset, index, quality));
            }
        }
        person.cover = best;
    }
    Ok(())
}

/// Removes a purged asset's faces from its people, inside the purge's transaction.
pub(super) fn forget_faces_in(tx: &WriteTransaction, asset: &AssetRecord) -> AppResult<()> {
    if faces_in(tx, &asset.id)?.is_empty() {
        tx.open_table(FACES)?.remove(asset.id.as_str())?;
        return Ok(());
    }
    let mut people = people_of(tx, asset.owner)?;
    let touched = detach_faces(tx, &asset.id, &mut people)?;
    choose_missing_covers(tx, &mut people)?;
    save_touched(tx, &people, &touched)
}

/// The people an asset's faces show, for its search words: (id, name).
pub(super) fn people_in(tx: &WriteTransaction, asset: &str) -> AppResult<Vec<(String, Option<String>)>> {
    let mut seen = Vec::new();
    for face in faces_in(tx, asset)? {
        if !seen.iter().any(|(id, _)| *id == face.person)
            && let Some(person) = load_person(tx, &face.person)?
        {
            seen.push((person.id, person.name));
        }
    }
    Ok(seen)
}

/// How many photos a person's faces are on (one photo's faces sit together in the index).
fn photo_count(
    places: &impl ReadableTable<(&'static str, &'static str, u32), ()>,
    person: &str,
) -> AppResult<u64> {
    let mut photos = 0;
    let mut last = String::new();
    for place in places.range((person, "", 0)..=(person, "\u{10FFFF}", u32::MAX))? {
        let asset = place?.0.value().1.to_string();
        if asset != last {
            photos += 1;
            last = asset;
        }
    }
    Ok(photos)
}

/// The assets a person's faces are on.
fn assets_of(tx: &WriteTransaction, person: &str) -> AppResult<Vec<String>> {
    let places = tx.open_table(PERSON_FACES)?;
    let mut assets: Vec<String> = Vec::new();
    for entry in places.range((person, "", 0)..=(person, "\u{10FFFF}", u32::MAX))? {
        let asset = entry?.0.value().1.to_string();
        if assets.last() != Some(&asset) {
            assets.push(asset);
        }
    }
    Ok(assets)
}

/// Intersection over union of two boxes: 1 for the same box, 0 for boxes apart.
fn overlap(a: &FaceBox, b: &FaceBox) -> f32 {
    let width = (a.x + a.width).min(b.x + b.width) - a.x.max(b.x);
    let height = (a.y + a.height).min(b.y + b.height) - a.y.max(b.y);
    let shared = width.max(0.0) * height.max(0.0);
    let union = a.width * a.height + b.width * b.height - shared;
    if union > 0.0 { shared / union } else { 0.0 }
}

/// Moves every face of `source` into `target` (one owner's), and removes `source`.
fn merge_in(
    tx: &WriteTransaction,
    mut target: PersonRecord,
    mut source: PersonRecord,
) -> AppResult<PersonRecord> {
    let (into, from) = (target.id.clone(), source.id.clone());
    let assets = assets_of(tx, &from)?;
    for asset in &assets {
        let mut faces = faces_in(tx, asset)?;
        let mut places = tx.open_table(PERSON_FACES)?;
        for (i, face) in faces.iter_mut().enumerate().filter(|(_, f)| f.person == from) {
            places.remove((from.as_str(), asset.as_str(), i as u32))?;
            places.insert((into.as_str(), asset.as_str(), i as u32), ())?;
            face.person = into.clone();
        }
        drop(places);
        tx.open_table(FACES)?.insert(asset.as_str(), encode(&faces)?.as_slice())?;
    }
    target.centroid.merge(&source.centroid);
    if target.name.is_none() {
        target.name = source.name.take();
    }
    let better_cover = match (&source.cover, &target.cover) {
        (Some(theirs), Some(ours)) => theirs.2 > ours.2,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if better_cover {
        target.cover = source.cover.clone();
    }
    source.centroid = Centroid::default();
    save_people(tx, [&target, &source].into_iter())?;
    reindex_assets(tx, &assets)?;
    Ok(target)
}

/// After merges (`merged` maps each removed person to the one they went into): a face told apart
/// from a removed person ("not B") is told apart from whom B went into, or it could join them at the
/// next grouping; a face now in that very person drops it (the merge is the family's later word).
/// Told-apart faces are not indexed, so this reads every face of the owner's, once for all merges.
fn carry_told_apart(tx: &WriteTransaction, owner: u64, merged: &BTreeMap<String, String>) -> AppResult<()> {
    if merged.is_empty() {
        return Ok(());
    }
    let last = |id: &str| -> String {
        let mut id = id.to_string();
        while let Some(next) = merged.get(&id) {
            id = next.clone();
        }
        id
    };
    let mut assets = BTreeSet::new();
    for person in people_of(tx, owner)?.keys() {
        assets.extend(assets_of(tx, person)?);
    }
    for asset in assets {
        let mut faces = faces_in(tx, &asset)?;
        let mut changed = false;
        for face in faces.iter_mut().filter(|f| f.not.iter().any(|n| merged.contains_key(n))) {
            let mut not: Vec<String> = Vec::with_capacity(face.not.len());
            for id in face.not.iter().map(|n| last(n)) {
                if id != face.person && !not.contains(&id) {
                    not.push(id);
                }
            }
            face.not = not;
            changed = true;
        }
        if changed {
            tx.open_table(FACES)?.insert(asset.as_str(), encode(&faces)?.as_slice())?;
        }
    }
    Ok(())
}

/// The people a person's faces were taken out of ("not Grandma").
fn told_apart_from(tx: &WriteTransaction, person: &str) -> AppResult<BTreeSet<String>> {
    let mut not = BTreeSet::new();
    for asset in assets_of(tx, person)? {
        for face in faces_in(tx, &asset)?.into_iter().filter(|f| f.person == person) {
            not.extend(face.not);
        }
    }
    Ok(not)
}

/// Applies `change`; a new name becomes a search word of each of the person's photos.
fn change_person(
    tx: &WriteTransaction,
    mut person: PersonRecord,
    change: PersonChange,
) -> AppResult<PersonRecord> {
    let renamed = change.name.as_ref().is_some_and(|name| *name != person.name);
    if let Some(name) = change.name {
        person.name = name;
    }
    if let Some(hidden) = change.hidden {
        person.hidden = hidden;
    }
    save_people(tx, std::iter::once(&person))?;
    if renamed {
        reindex_assets(tx, &assets_of(tx, &person.id)?)?;
    }
    Ok(person)
}

fn reindex_assets(tx: &WriteTransaction, assets: &[String]) -> AppResult<()> {
    for id in assets {
        if let Some(asset) = load_asset(tx, id)? {
            index::reindex(tx, id, Some(&asset))?;
        }
    }
    Ok(())
}

/// Deletes every face, person and name of an owner's (see [`Store::set_people`]).
fn forget_people(tx: &WriteTransaction, owner: u64) -> AppResult<()> {
    let ids = super::owner_asset_ids(&tx.open_table(SEARCH)?, &tx.open_table(TRASH)?, owner)?;
    let mut named = Vec::new();
    {
        let mut faces = tx.open_table(FACES)?;
        for id in ids {
            if let Some(removed) = faces.remove(id.as_str())? {
                let had_faces = !decode::<Vec<FaceRecord>>(removed.value())?.is_empty();
                drop(removed);
                if had_faces {
                    named.push(id);
                }
            }
        }
    }
    for id in people_of(tx, owner)?.into_keys() {
        let places: Vec<(String, u32)> = tx
            .open_table(PERSON_FACES)?
            .range((id.as_str(), "", 0)..=(id.as_str(), "\u{10FFFF}", u32::MAX))?
            .map(|e| e.map(|(k, _)| (k.value().1.to_string(), k.value().2)))
            .collect::<Result<_, _>>()?;
        let mut table = tx.open_table(PERSON_FACES)?;
        for (asset, index) in places {
            table.remove((id.as_str(), asset.as_str(), index))?;
        }
        tx.open_table(PEOPLE)?.remove(id.as_str())?;
        tx.open_table(OWNER_PEOPLE)?.remove((owner, id.as_str()))?;
    }
    reindex_assets(tx, &named)
}

/// What a person can be changed to.
#[derive(Debug, Default)]
pub struct PersonChange {
    /// `Some(None)` takes the name away.
    pub name: Option<Option<String>>,
    pub hidden: Option<bool>,
}

impl Store {
    /// Records `faces` as all the faces of an asset (replacing any from before) and groups each into
    /// a person. The asset passes `check` first.
    pub fn set_faces(
        &self,
        asset_id: &str,
        faces: Vec<NewFaceRecord>,
        check: Check<'_>,
    ) -> AppResult<Vec<FaceRecord>> {
        let tx = self.db.begin_write()?;
        let asset = load_asset(&tx, asset_id)?.ok_or(AppError::NotFound)?;
        check(&asset)?;
        if !load_user(&tx, asset.owner)?.people {
            return Err(AppError::Conflict("people-off", "People is turned off for this account".into()));
        }
        let mut people = people_of(&tx, asset.owner)?;
        let before = faces_in(&tx, asset_id)?;
        let mut touched = detach_faces(&tx, asset_id, &mut people)?;
        let mut records = Vec::with_capacity(faces.len());
        for (i, face) in faces.into_iter().enumerate() {
            // Found again where it was, a face keeps who the family said it is not.
            let not = before
                .iter()
                .find(|b| overlap(&b.bounds, &face.bounds) > 0.5)
                .map_or(Vec::new(), |b| b.not.clone());
            let joined =
                nearest(people.values().map(|p| (p.id.as_str(), &p.centroid)), &face.descriptor, &not)
                    .map(str::to_owned);
            let id = match joined {
                Some(id) => id,
                None => {
                    let id = new_person_id(&tx)?;
                    let person = PersonRecord {
                        id: id.clone(),
                        owner: asset.owner,
                        name: None,
                        hidden: false,
                        centroid: Centroid::default(),
                        cover: None,
                    };
                    people.insert(id.clone(), person);
                    id
                }
            };
            let person = people.get_mut(&id).expect("joined or just made");
            person.centroid.add(&face.descriptor);
            if person.cover.as_ref().is_none_or(|(_, _, q)| face.quality > *q) {
                person.cover = Some((asset_id.to_string(), i as u32, face.quality));
            }
            touched.insert(id.clone());
            tx.open_table(PERSON_FACES)?.insert((id.as_str(), asset_id, i as u32), ())?;
            records.push(FaceRecord {
                bounds: face.bounds,
                quality: face.quality,
                descriptor: face.descriptor,
                person: id,
                not,
            });
        }
        // Recorded even when empty: the photo has been looked at (see `photos_without_faces`).
        tx.open_table(FACES)?.insert(asset_id, encode(&records)?.as_slice())?;
        choose_missing_covers(&tx, &mut people)?;
        save_touched(&tx, &people, &touched)?;
        index::reindex(&tx, asset_id, Some(&asset))?;
        tx.commit()?;
        Ok(records)
    }

    pub fn faces(&self, asset_id: &str) -> AppResult<Vec<FaceRecord>> {
        let tx = self.db.begin_read()?;
        tx.open_table(FACES)?.get(asset_id)?.map_or(Ok(Vec::new()), |v| decode(v.value()))
    }

    pub fn person(&self, id: &str) -> AppResult<Option<PersonRecord>> {
        let tx = self.db.begin_read()?;
        tx.open_table(PEOPLE)?.get(id)?.map(|v| decode(v.value())).transpose()
    }

    /// An owner's people, each with the number of photos they are on.
    pub fn people(&self, owner: u64) -> AppResult<Vec<(PersonRecord, u64)>> {
        let tx = self.db.begin_read()?;
        let places = tx.open_table(PERSON_FACES)?;
        people_read(&tx, owner)?
            .into_iter()
            .map(|person| {
                let photos = photo_count(&places, &person.id)?;
                Ok((person, photos))
            })
            .collect()
    }

    /// One person and the number of photos they are on.
    pub fn person_with_photos(&self, id: &str) -> AppResult<Option<(PersonRecord, u64)>> {
        let tx = self.db.begin_read()?;
        let person =
            tx.open_table(PEOPLE)?.get(id)?.map(|v| decode::<PersonRecord>(v.value())).transpose()?;
        match person {
            Some(person) => Ok(Some((person, photo_count(&tx.open_table(PERSON_FACES)?, id)?))),
            None => Ok(None),
        }
    }

    /// Names, hides or shows a person; a new name becomes a search word of each of their photos.
    pub fn update_person(
        &self,
        id: &str,
        change: PersonChange,
        check: PersonCheck<'_>,
    ) -> AppResult<PersonRecord> {
        let tx = self.db.begin_write()?;
        let person = load_person(&tx, id)?.ok_or(AppError::NotFound)?;
        check(&person)?;
        let person = change_person(&tx, person, change)?;
        tx.commit()?;
        Ok(person)
    }

    /// Names the person a photo's face shows, whoever's library they are in: the caller has been
    /// found allowed to name the people on this photo.
    pub fn name_face(&self, asset: &str, face: u32, name: Option<String>) -> AppResult<PersonRecord> {
        let tx = self.db.begin_write()?;
        let faces = faces_in(&tx, asset)?;
        let shown = faces.get(face as usize).ok_or(AppError::NotFound)?;
        let person = load_person(&tx, &shown.person)?.ok_or(AppError::NotFound)?;
        let person = change_person(&tx, person, PersonChange { name: Some(name), hidden: None })?;
        tx.commit()?;
        Ok(person)
    }

    /// Moves every face of `from` into `into`, and removes `from`. Both pass `check`.
    pub fn merge_people(&self, into: &str, from: &str, check: PersonCheck<'_>) -> AppResult<PersonRecord> {
        if into == from {
            return Err(AppError::BadRequest("a person cannot be merged into themselves".into()));
        }
        let tx = self.db.begin_write()?;
        let target = load_person(&tx, into)?.ok_or(AppError::NotFound)?;
        let source = load_person(&tx, from)?.ok_or(AppError::NotFound)?;
        check(&target)?;
        check(&source)?;
        if target.owner != source.owner {
            return Err(AppError::NotFound);
        }
        let merged = BTreeMap::from([(source.id.clone(), target.id.clone())]);
        let target = merge_in(&tx, target, source)?;
        carry_told_apart(&tx, target.owner, &merged)?;
        tx.commit()?;
        Ok(target)
    }

    /// The owners who have people, for looking at their people again.
    pub fn owners_with_people(&self) -> AppResult<Vec<u64>> {
        let tx = self.db.begin_read()?;
        let mut owners: Vec<u64> = Vec::new();
        for entry in tx.open_table(OWNER_PEOPLE)?.iter()? {
            let owner = entry?.0.value().0;
            if owners.last() != Some(&owner) {
                owners.push(owner);
            }
        }
        Ok(owners)
    }

    /// Merges the owner's people found twice (see [`crate::people::merges`]); answers how many
    /// merges it made. Who is near whom is found in a read transaction, over every pair; only those
    /// people are looked at again, as they are then, in the write that merges them.
    pub fn regroup_people(&self, owner: u64) -> AppResult<usize> {
        let near: Vec<String> = {
            let people = people_read(&self.db.begin_read()?, owner)?;
            let centroids: Vec<&Centroid> = people.iter().map(|p| &p.centroid).collect();
            crate::people::near_people(&centroids).into_iter().map(|i| people[i].id.clone()).collect()
        };
        if near.is_empty() {
            return Ok(0);
        }
        let tx = self.db.begin_write()?;
        let mut people = Vec::new();
        for id in &near {
            if let Some(person) = load_person(&tx, id)?.filter(|p| p.owner == owner && p.centroid.faces > 0) {
                let not = told_apart_from(&tx, id)?;
                people.push((person, not));
            }
        }
        let regrouped: Vec<Regrouped<'_>> = people
            .iter()
            .map(|(p, not)| Regrouped {
                id: &p.id,
                centroid: &p.centroid,
                name: p.name.as_deref(),
                hidden: p.hidden,
                not,
            })
            .collect();
        let plan = crate::people::merges(&regrouped);
        for (into, from) in &plan {
            let target = load_person(&tx, into)?.ok_or(AppError::NotFound)?;
            let source = load_person(&tx, from)?.ok_or(AppError::NotFound)?;
            merge_in(&tx, target, source)?;
        }
        let merged = plan.iter().map(|(into, from)| (from.clone(), into.clone())).collect();
        carry_told_apart(&tx, owner, &merged)?;
        tx.commit()?;
        Ok(plan.len())
    }

    /// An owner's photos whose faces have not been looked for yet, newest first: at most `limit` of
    /// them, and about how many there are in all. Photos without a preview (the browser finds faces
    /// in the preview) are left out of the list; counting them too keeps the count to one key lookup
    /// a photo, and such photos are few.
    pub fn photos_without_faces(&self, owner: u64, limit: usize) -> AppResult<(Vec<String>, u64)> {
        let tx = self.db.begin_read()?;
        let search = tx.open_table(SEARCH)?;
        let faces = tx.open_table(FACES)?;
        let assets = tx.open_table(ASSETS)?;
        let photos = index::kind_facet(keepsake_api::AssetKind::Photo);
        let (mut first, mut count) = (Vec::new(), 0);
        for entry in
            search.range((owner, photos, i64::MIN, "")..=(owner, photos, i64::MAX, "\u{10FFFF}"))?.rev()
        {
            let id = entry?.0.value().3.to_string();
            if faces.get(id.as_str())?.is_some() {
                continue;
            }
            count += 1;
            if first.len() < limit
                && let Some(asset) =
                    assets.get(id.as_str())?.map(|v| decode::<AssetRecord>(v.value())).transpose()?
                && asset.preview.is_some()
            {
                first.push(id);
            }
        }
        Ok((first, count))
    }

    /// Turns People on or off for an owner. Off deletes every face, person and name of theirs, and
    /// their photos lose the names as search words, in the same transaction as the switch: a face
    /// recorded at the same moment lands before it (and is deleted) or after it (and is refused).
    pub fn set_people(&self, owner: u64, enabled: bool) -> AppResult<UserRecord> {
        let tx = self.db.begin_write()?;
        let mut user = load_user(&tx, owner)?;
        user.people = enabled;
        tx.open_table(USERS)?.insert(owner, encode(&user)?.as_slice())?;
        if !enabled {
            forget_people(&tx, owner)?;
        }
        tx.commit()?;
        Ok(user)
    }

    /// "Not this person": takes one face out of `person`; it joins the nearest other person, or
    /// starts one of its own, and never joins `person` again.
    pub fn take_face_out(
        &self,
        person: &str,
        asset: &str,
        index: u32,
        check: PersonCheck<'_>,
    ) -> AppResult<()> {
        let tx = self.db.begin_write()?;
        let owner_person = load_person(&tx, person)?.ok_or(AppError::NotFound)?;
        check(&owner_person)?;
        let mut faces = faces_in(&tx, asset)?;
        let face = faces.get_mut(index as usize).filter(|f| f.person == person).ok_or(AppError::NotFound)?;
        let mut people = people_of(&tx, owner_person.owner)?;
        let left = people.get_mut(person).expect("the face's person is the owner's");
        left.centroid.remove(&face.descriptor);
        if left.cover.as_ref().is_some_and(|(a, i, _)| a == asset && *i == index) {
            left.cover = None;
        }
        face.not.push(person.to_string());
        let joined =
            nearest(people.values().map(|p| (p.id.as_str(), &p.centroid)), &face.descriptor, &face.not)
                .map(str::to_owned);
        let id = match joined {
            Some(id) => id,
            None => {
                let id = new_person_id(&tx)?;
                people.insert(
                    id.clone(),
                    PersonRecord {
                        id: id.clone(),
                        owner: owner_person.owner,
                        name: None,
                        hidden: false,
                        centroid: Centroid::default(),
                        cover: None,
                    },
                );
                id
            }
        };
        let joined = people.get_mut(&id).expect("joined or just made");
        joined.centroid.add(&face.descriptor);
        if joined.cover.as_ref().is_none_or(|(_, _, q)| face.quality > *q) {
            joined.cover = Some((asset.to_string(), index, face.quality));
        }
        face.person = id.clone();
        let mut places = tx.open_table(PERSON_FACES)?;
        places.remove((person, asset, index))?;
        places.insert((id.as_str(), asset, index), ())?;
        drop(places);
        tx.open_table(FACES)?.insert(asset, encode(&faces)?.as_slice())?;
        choose_missing_covers(&tx, &mut people)?;
        save_touched(&tx, &people, &BTreeSet::from([person.to_string(), id]))?;
        if let Some(record) = load_asset(&tx, asset)? {
            index::reindex(&tx, asset, Some(&record))?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Makes one of a person's faces the one their round picture shows.
    pub fn set_cover(
        &self,
        person: &str,
        asset: &str,
        index: u32,
        check: PersonCheck<'_>,
    ) -> AppResult<PersonRecord> {
        let tx = self.db.begin_write()?;
        let mut record = load_person(&tx, person)?.ok_or(AppError::NotFound)?;
        check(&record)?;
        let faces = faces_in(&tx, asset)?;
        let face = faces.get(index as usize).filter(|f| f.person == person).ok_or(AppError::NotFound)?;
        // Above any found face's quality, so a better face found later does not take its place.
        record.cover = Some((asset.to_string(), index, 1.0 + face.quality));
        save_people(&tx, std::iter::once(&record))?;
        tx.commit()?;
        Ok(record)
    }
}
