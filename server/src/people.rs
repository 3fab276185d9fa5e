//! Grouping faces into people: which person a newly found face shows.
//!
//! The browser finds faces and describes each with 128 numbers (`keepsake-faces`); the server only
//! groups them. Grouping is incremental and deterministic: a face joins the person whose mean
//! descriptor is nearest, when nearer than [`SAME_PERSON`], and otherwise starts a person of its
//! own; the same faces in the same order always give the same people. Each person keeps the sum of
//! its faces' descriptors, in f64 so that years of faces joining and leaving do not drift the mean.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const DESCRIPTOR_LEN: usize = 128;

/// The dlib descriptor's own threshold: faces nearer than this show the same person (99.38% right
/// on LFW at 0.6). Measured on the face tests' photos: one person's faces at most 0.42 apart,
/// different people's at least 0.63.
pub const SAME_PERSON: f64 = 0.6;

/// Descriptors are means of ReLU outputs through one matrix: small numbers. Anything far outside is
/// not a descriptor, and would pull a person's mean anywhere.
const MAX_COMPONENT: f32 = 16.0;

/// Whether `values` can be a face descriptor: 128 finite numbers of a plausible size.
pub fn is_descriptor(values: &[f32]) -> bool {
    values.len() == DESCRIPTOR_LEN && values.iter().all(|v| v.is_finite() && v.abs() <= MAX_COMPONENT)
}

/// What a person's faces add up to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Centroid {
    #[serde(with = "stored_sum")]
    pub sum: Vec<f64>,
    pub faces: u64,
}

/// A sum stored as its bytes (base64 of little-endian f64s): grouping one photo reads every person
/// of the library, and parsing 128 numbers as text was most of that.
mod stored_sum {
    use base64::{Engine, engine::general_purpose::STANDARD_NO_PAD};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(sum: &[f64], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = sum.iter().flat_map(|v| v.to_le_bytes()).collect();
        s.serialize_str(&STANDARD_NO_PAD.encode(bytes))
    }

    /// Numbers, as the first release of People stored them, or bytes.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Bytes(String),
        Numbers(Vec<f64>),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        match Stored::deserialize(d)? {
            Stored::Numbers(sum) => Ok(sum),
            Stored::Bytes(text) => {
                let bytes = STANDARD_NO_PAD.decode(text).map_err(D::Error::custom)?;
                if bytes.len() % 8 != 0 {
                    return Err(D::Error::custom("a sum is whole f64s"));
                }
                Ok(bytes
                    .chunks_exact(8)
                    .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
                    .collect())
            }
        }
    }
}

impl Default for Centroid {
    fn default() -> Self {
        Centroid { sum: vec![0.0; DESCRIPTOR_LEN], faces: 0 }
    }
}

impl Centroid {
    pub fn add(&mut self, descriptor: &[f32]) {
        self.sum.iter_mut().zip(descriptor).for_each(|(s, &d)| *s += f64::from(d));
        self.faces += 1;
    }

    pub fn remove(&mut self, descriptor: &[f32]) {
        self.sum.iter_mut().zip(descriptor).for_each(|(s, &d)| *s -= f64::from(d));
        self.faces = self.faces.saturating_sub(1);
        if self.faces == 0 {
            self.sum.fill(0.0);
        }
    }

    pub fn merge(&mut self, other: &Centroid) {
        self.sum.iter_mut().zip(&other.sum).for_each(|(s, o)| *s += o);
        self.faces += other.faces;
    }

    /// Euclidean distance from the mean of the faces to `descriptor`; infinite with no faces.
    pub fn distance(&self, descriptor: &[f32]) -> f64 {
        if self.faces == 0 {
            return f64::INFINITY;
        }
        let n = self.faces as f64;
        self.sum.iter().zip(descriptor).map(|(s, &d)| (s / n - f64::from(d)).powi(2)).sum::<f64>().sqrt()
    }
}

/// The person a face joins: the nearest of `people` within [`SAME_PERSON`], leaving out those the
/// face was taken out of (`not`: "this is not Grandma"); on a tie, the first in `people`. `None`: the
/// face starts a person of its own.
pub fn nearest<'a, I>(people: I, descriptor: &[f32], not: &[String]) -> Option<&'a str>
where
    I: IntoIterator<Item = (&'a str, &'a Centroid)>,
{
    people
        .into_iter()
        .filter(|(id, _)| !not.iter().any(|n| n == id))
        .map(|(id, centroid)| (centroid.distance(descriptor), id))
        .filter(|(distance, _)| *distance < SAME_PERSON)
        .fold(None, |best: Option<(f64, &str)>, (distance, id)| match best {
            Some((d, _)) if d <= distance => best,
            _ => Some((distance, id)),
        })
        .map(|(_, id)| id)
}

/// Two people whose mean faces are nearer than this are one person found twice, and are merged by
/// [`merges`]. Tighter than [`SAME_PERSON`] (a face against a mean): means of one person's faces lie
/// closer together than the faces do.
pub const SAME_PERSON_MEANS: f64 = 0.5;

/// A person as looking at an owner's people again sees them.
pub struct Regrouped<'a> {
    pub id: &'a str,
    pub centroid: &'a Centroid,
    pub name: Option<&'a str>,
    pub hidden: bool,
    /// People a face of theirs was taken out of ("not Grandma").
    pub not: &'a BTreeSet<String>,
}

/// Which people are one person found twice, as (into, from) merges in the order to make them.
///
/// Incremental grouping can split a person whose first faces were unlike each other (a profile, a
/// child who grew): as faces join, the two means drift together. Pairs whose means are within
/// [`SAME_PERSON_MEANS`] are taken nearest first; a pair merges unless the family already told
/// them apart: two different names, one of them hidden, or a face taken out of the other. Each
/// merge is checked again against the merged mean, so a chain of near pairs cannot pull in someone
/// far from the rest. The larger person keeps their id (on a tie, the older). Deterministic: the
/// same people always give the same merges.
pub fn merges(people: &[Regrouped<'_>]) -> Vec<(String, String)> {
    let centroids: Vec<&Centroid> = people.iter().map(|p| p.centroid).collect();
    let pairs = near_pairs(&centroids);
    // Each person's group (its root's index) and each root's merged state.
    let mut root: Vec<usize> = (0..people.len()).collect();
    let mut groups: Vec<Group> = people.iter().map(Group::of).collect();
    let find = |root: &[usize], mut i: usize| {
        while root[i] != i {
            i = root[i];
        }
        i
    };
    let mut merged = Vec::new();
    for (_, i, j) in pairs {
        let (a, b) = (find(&root, i), find(&root, j));
        if a == b || !groups[a].may_join(&groups[b]) {
            continue;
        }
        let (into, from) =
            if (groups[b].centroid.faces, a) > (groups[a].centroid.faces, b) { (b, a) } else { (a, b) };
        root[from] = into;
        let joining = std::mem::take(&mut groups[from]);
        groups[into].absorb(joining);
        merged.push((people[into].id.to_string(), people[from].id.to_string()));
    }
    merged
}

/// The pairs of people (indexes into `centroids`) whose means are within [`SAME_PERSON_MEANS`],
/// nearest first (then by index).
fn near_pairs(centroids: &[&Centroid]) -> Vec<(f64, usize, usize)> {
    let mut pairs = Vec::new();
    for (i, a) in centroids.iter().enumerate() {
        for (j, b) in centroids.iter().enumerate().skip(i + 1) {
            let distance = mean_distance(a, b);
            if distance < SAME_PERSON_MEANS {
                pairs.push((distance, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| x.0.total_cmp(&y.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    pairs
}

/// The people (indexes into `centroids`) with someone else within [`SAME_PERSON_MEANS`]: the only
/// ones [`merges`] may merge.
pub fn near_people(centroids: &[&Centroid]) -> BTreeSet<usize> {
    near_pairs(centroids).into_iter().flat_map(|(_, i, j)| [i, j]).collect()
}

/// People merged so far under one root.
#[derive(Default)]
struct Group {
    ids: BTreeSet<String>,
    centroid: Centroid,
    name: Option<String>,
    hidden: bool,
    not: BTreeSet<String>,
}

impl Group {
    fn of(person: &Regrouped<'_>) -> Self {
        Group {
            ids: BTreeSet::from([person.id.to_string()]),
            centroid: person.centroid.clone(),
            name: person.name.map(str::to_string),
            hidden: person.hidden,
            not: person.not.clone(),
        }
    }

    fn may_join(&self, other: &Group) -> bool {
        let names_agree = match (&self.name, &other.name) {
            (Some(a), Some(b)) => a.to_lowercase() == b.to_lowercase(),
            _ => true,
        };
        let told_apart =
            self.not.iter().any(|n| other.ids.contains(n)) || other.not.iter().any(|n| self.ids.contains(n));
        names_agree
            && !self.hidden
            && !other.hidden
            && !told_apart
            && mean_distance(&self.centroid, &other.centroid) < SAME_PERSON_MEANS
    }

    fn absorb(&mut self, other: Group) {
        self.ids.extend(other.ids);
        self.centroid.merge(&other.centroid);
        self.name = self.name.take().or(other.name);
        self.not.extend(other.not);
    }
}

/// Euclidean distance between two people's mean faces; infinite if either has none.
fn mean_distance(a: &Centroid, b: &Centroid) -> f64 {
    if a.faces == 0 || b.faces == 0 {
        return f64::INFINITY;
    }
    let (na, nb) = (a.faces as f64, b.faces as f64);
    a.sum.iter().zip(&b.sum).map(|(x, y)| (x / na - y / nb).powi(2)).sum::<f64>().sqrt()
}

#[cfg(test)]
mod stored_sum_tests {
    use super::Centroid;

    #[test]
    fn sums_read_back_exactly_and_old_records_still_read() {
        let mut c = Centroid::default();
        c.add(&[0.1f32; 128]);
        c.add(&[-0.3f32; 128]);
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Centroid>(&text).unwrap(), c);
        let old = serde_json::json!({"sum": c.sum, "faces": 2});
        assert_eq!(serde_json::from_value::<Centroid>(old).unwrap(), c);
    }
}

/// How well a grouping matches the truth, both in 0–1: purity (each group's share of its most
/// common identity, weighted by size) and completeness (each identity's share in its largest group).
pub fn purity_and_completeness(pairs: &[(&str, &str)]) -> (f64, f64) {
    let flipped: Vec<(&str, &str)> = pairs.iter().map(|&(group, identity)| (identity, group)).collect();
    (largest_share(pairs), largest_share(&flipped))
}

/// For each distinct first item, how many pairs share its most common second item; summed, as a
/// fraction of all pairs.
fn largest_share(pairs: &[(&str, &str)]) -> f64 {
    use std::collections::HashMap;
    let mut counts: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for &(outer, inner) in pairs {
        *counts.entry(outer).or_default().entry(inner).or_default() += 1;
    }
    let largest: usize = counts.values().map(|c| c.values().max().copied().unwrap_or(0)).sum();
    largest as f64 / pairs.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng, rngs::StdRng};

    /// Assigns each face in turn as the server does, people named in creation order.
    fn group(faces: &[Vec<f32>]) -> Vec<String> {
        let mut people: Vec<(String, Centroid)> = Vec::new();
        faces
            .iter()
            .map(|face| {
                let found =
                    nearest(people.iter().map(|(id, c)| (id.as_str(), c)), face, &[]).map(str::to_owned);
                let id = found.unwrap_or_else(|| {
                    people.push((format!("p{}", people.len()), Centroid::default()));
                    people.last().expect("just pushed").0.clone()
                });
                people.iter_mut().find(|(p, _)| *p == id).expect("a person").1.add(face);
                id
            })
            .collect()
    }

    /// Faces of `people` identities: a random point for each, and faces scattered within `spread`
    /// of it (a little under the real data's half-distance of one person's faces).
    fn faces(people: usize, per_person: usize, spread: f32, seed: u64) -> Vec<(String, Vec<f32>)> {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut unit = |scale: f32| -> Vec<f32> {
            let v: Vec<f32> = (0..DESCRIPTOR_LEN).map(|_| rng.random_range(-1.0..1.0)).collect();
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.into_iter().map(|x| x / norm * scale).collect()
        };
        let centres: Vec<Vec<f32>> = (0..people).map(|_| unit(1.0)).collect();
        let mut out = Vec::new();
        for round in 0..per_person {
            for (p, centre) in centres.iter().enumerate() {
                let offset = unit(spread * (round % 3 + 1) as f32 / 3.0);
                out.push((format!("identity-{p}"), centre.iter().zip(offset).map(|(c, o)| c + o).collect()));
            }
        }
        out
    }

    #[test]
    fn the_same_faces_in_the_same_order_give_the_same_people() {
        let faces: Vec<Vec<f32>> = faces(10, 5, 0.25, 1).into_iter().map(|(_, f)| f).collect();
        assert_eq!(group(&faces), group(&faces));
    }

    #[test]
    fn each_identity_becomes_one_person_and_each_person_one_identity() {
        let labelled = faces(30, 8, 0.25, 2);
        let groups = group(&labelled.iter().map(|(_, f)| f.clone()).collect::<Vec<_>>());
        let pairs: Vec<(&str, &str)> =
            groups.iter().map(String::as_str).zip(labelled.iter().map(|(i, _)| i.as_str())).collect();
        assert_eq!(purity_and_completeness(&pairs), (1.0, 1.0));
    }

    #[test]
    fn a_face_taken_out_of_a_person_does_not_rejoin_it() {
        let mut person = Centroid::default();
        let face = vec![0.1; DESCRIPTOR_LEN];
        person.add(&face);
        let people = [("p0", &person)];
        assert_eq!(nearest(people, &face, &[]), Some("p0"));
        assert_eq!(nearest(people, &face, &["p0".into()]), None);
    }

    #[test]
    fn means_survive_faces_leaving_and_people_merging() {
        let (a, b) = (vec![0.2; DESCRIPTOR_LEN], vec![0.4; DESCRIPTOR_LEN]);
        let mut one = Centroid::default();
        one.add(&a);
        one.add(&b);
        one.remove(&b);
        assert!(one.distance(&a) < 1e-12);
        let mut other = Centroid::default();
        other.add(&b);
        one.merge(&other);
        assert!(one.distance(&[0.3; DESCRIPTOR_LEN]) < 1e-6);
        assert_eq!(one.faces, 2);
        one.remove(&a);
        one.remove(&b);
        assert_eq!(one.distance(&a), f64::INFINITY);
    }

    fn centroid_at(points: &[Vec<f32>]) -> Centroid {
        let mut c = Centroid::default();
        points.iter().for_each(|p| c.add(p));
        c
    }

    /// A point `offset` along the first axis from a shared centre.
    fn along(offset: f32) -> Vec<f32> {
        let mut v = vec![0.1; DESCRIPTOR_LEN];
        v[0] += offset;
        v
    }

    #[test]
    fn a_person_split_early_is_merged_once_the_means_meet_and_a_chain_stops_short() {
        let none = BTreeSet::new();
        // Grouped one face at a time, an early outlier starts a second person of the same face.
        let faces = [along(0.0), along(0.65), along(0.55), along(0.1), along(0.5), along(0.45)];
        let ids = group(&faces);
        assert_eq!(ids, ["p0", "p1", "p1", "p0", "p1", "p1"]);
        let (p0, p1) = (centroid_at(&[along(0.0), along(0.1)]), centroid_at(&faces[1..3]));
        let mut p1 = p1;
        p1.add(&faces[4]);
        p1.add(&faces[5]);
        let person = |id, centroid| Regrouped { id, centroid, name: None, hidden: false, not: &none };
        assert_eq!(merges(&[person("p0", &p0), person("p1", &p1)]), [("p1".to_string(), "p0".to_string())]);

        // c is within reach of b, b of a, but c is not of a and b merged: c stays apart.
        let (a, b, c) = (centroid_at(&[along(0.0)]), centroid_at(&[along(0.4)]), centroid_at(&[along(0.85)]));
        let found = merges(&[person("a", &a), person("b", &b), person("c", &c)]);
        assert_eq!(found, [("a".to_string(), "b".to_string())]);
    }

    #[test]
    fn people_the_family_told_apart_stay_apart() {
        let none = BTreeSet::new();
        let (a, b) = (centroid_at(&[along(0.0)]), centroid_at(&[along(0.2)]));
        let person = |id, name, hidden, not| Regrouped {
            id,
            centroid: if id == "a" { &a } else { &b },
            name,
            hidden,
            not,
        };
        let apart = BTreeSet::from(["a".to_string()]);
        assert!(
            merges(&[person("a", Some("Ann"), false, &none), person("b", Some("Bea"), false, &none)])
                .is_empty()
        );
        assert_eq!(
            merges(&[person("a", Some("Ann"), false, &none), person("b", Some("ann"), false, &none)]).len(),
            1
        );
        assert_eq!(
            merges(&[person("a", Some("Ann"), false, &none), person("b", None, false, &none)]).len(),
            1
        );
        assert!(merges(&[person("a", None, true, &none), person("b", None, false, &none)]).is_empty());
        assert!(merges(&[person("a", None, false, &none), person("b", None, false, &apart)]).is_empty());
    }

    #[test]
    fn only_plausible_descriptors_are_taken() {
        assert!(is_descriptor(&[0.05; DESCRIPTOR_LEN]));
        assert!(!is_descriptor(&[0.05; 127]));
        assert!(!is_descriptor(&[f32::NAN; DESCRIPTOR_LEN]));
        assert!(!is_descriptor(&[1e6; DESCRIPTOR_LEN]));
    }

    #[test]
    fn purity_and_completeness_see_merged_and_split_groups() {
        // Two identities in one group: complete, half pure for one of them.
        assert_eq!(purity_and_completeness(&[("g", "a"), ("g", "a"), ("g", "b"), ("g", "b")]), (0.5, 1.0));
        // One identity split over two groups: pure, half complete.
        assert_eq!(purity_and_completeness(&[("g", "a"), ("h", "a")]), (1.0, 0.5));
    }
}
