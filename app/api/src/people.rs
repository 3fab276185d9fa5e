//! People: faces found in the browser, grouped into people on the server, named by the family.
//! Only boxes, a quality and the descriptor travel; nothing of the photo itself.

use serde::{Deserialize, Serialize};

/// The most faces one photo may have recorded: more than any group photo a family keeps.
pub const MAX_FACES: usize = 64;

/// A box relative to the photo as shown (upright): 0–1 across its width and down its height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FaceBox {
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub x: f32,
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub y: f32,
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub width: f32,
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub height: f32,
}

/// One face as the browser found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewFace {
    #[serde(rename = "box")]
    pub bounds: FaceBox,
    /// 0–1: how well the face stands for its person; each person's cover is their best.
    #[cfg_attr(feature = "schema", schemars(range(min = 0.0, max = 1.0)))]
    pub quality: f32,
    /// The dlib face descriptor: 128 numbers.
    #[cfg_attr(feature = "schema", schemars(length(min = 128, max = 128)))]
    pub descriptor: Vec<f32>,
}

/// Every face of one photo, replacing what was recorded before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewFaces {
    #[cfg_attr(feature = "schema", schemars(length(max = MAX_FACES)))]
    pub faces: Vec<NewFace>,
}

/// A face on a photo and who it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssetFace {
    #[serde(rename = "box")]
    pub bounds: FaceBox,
    pub person: String,
    /// `None` until someone names the person.
    pub name: Option<String>,
    /// The caller may name who this is (`PUT /assets/{id}/faces/{face}/name`): the photo is theirs,
    /// or it is in the family vault they own.
    #[serde(default)]
    pub can_name: bool,
}

/// A person: the faces grouped as one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    pub id: String,
    pub name: Option<String>,
    pub hidden: bool,
    pub faces: u64,
    pub photos: u64,
    /// The photo and box the round face in the list shows: the chosen one, else the best.
    pub cover: Option<PersonCover>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonCover {
    pub asset: String,
    #[serde(rename = "box")]
    pub bounds: FaceBox,
}

/// Name, hide or show a person. An empty name takes the name away.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonUpdate {
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub name: Option<String>,
    pub hidden: Option<bool>,
}

/// Name the person a photo's face shows. An empty name takes the name away.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FaceName {
    #[cfg_attr(feature = "schema", schemars(length(max = 200)))]
    pub name: String,
}

/// Merge another person into this one: their faces become this person's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonMerge {
    pub from: String,
}

/// One face: the photo and its place in that photo's list of faces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FaceRef {
    pub asset: String,
    pub face: u32,
}

/// Photos whose faces the browser has still to look for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PendingFaces {
    /// The newest of them, at most the `limit` asked for.
    pub assets: Vec<String>,
    /// How many there are in all.
    pub remaining: u64,
}

/// Turn People on or off for oneself. Off deletes every face, person and name of one's library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PeopleSetting {
    pub enabled: bool,
}
