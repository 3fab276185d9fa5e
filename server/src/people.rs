//! Grouping faces into people: which person a newly found face shows.
//!
//! The browser finds faces and describes each with 128 numbers (`keepsake-faces`); the server only
//! groups them. Grouping is incremental and deterministic: a face joins the person whose mean
//! descriptor is nearest, when nearer than [`SAME_PERSON`], and otherwise starts a person of its
//! own; the same faces in the same order always give the same people. Each person keeps the sum of
//! its faces' descriptors, in f64 so that years of faces joining and leaving do not drift the mean.

use serde::{Deserialize, Serialize};

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
