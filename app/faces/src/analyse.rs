//! One photo's faces, as People stores them: where each is, how good a likeness it is, and its
//! descriptor.

use crate::{Describer, Descriptor, Detector, Face, Image, ModelError};

/// Faces narrower than this (in the photo's pixels) are left out: upscaled to the descriptor's 150
/// pixels they say more about the blur than the person, and would scatter into people of their own.
pub const MIN_FACE_PIXELS: f32 = 40.0;

/// Both networks, loaded once and used for every photo.
pub struct Models {
    pub detector: Detector,
    pub describer: Describer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FoundFace {
    pub face: Face,
    /// 0–1: how well this face stands for its person (sharp enough, facing the camera, surely a
    /// face). People shows each person's best.
    pub quality: f32,
    pub descriptor: Descriptor,
}

impl Models {
    /// Every face in an upright photo large enough to describe, most confident first.
    pub fn analyse(&self, image: &Image<'_>) -> Result<Vec<FoundFace>, ModelError> {
        let mut found = Vec::new();
        for face in self.detector.detect(image)? {
            let width = face.width * image.width as f32;
            if width < MIN_FACE_PIXELS {
                continue;
            }
            let descriptor = self.describer.describe(image, &face)?;
            found.push(FoundFace { quality: quality(&face, width), face, descriptor });
        }
        Ok(found)
    }
}

/// The detector's confidence, times how near full size the face is (150 pixels, the descriptor's
/// input, counts as full), times how squarely it faces the camera (the nose tip's distance from the
/// line between the eyes' midpoint and the mouth, against the eyes' spacing).
fn quality(face: &Face, width_pixels: f32) -> f32 {
    let [right_eye, left_eye, nose, mouth, ..] = face.landmarks;
    let eyes = [(right_eye[0] + left_eye[0]) / 2.0, (right_eye[1] + left_eye[1]) / 2.0];
    let spacing = (left_eye[0] - right_eye[0]).hypot(left_eye[1] - right_eye[1]).max(f32::EPSILON);
    let axis = [mouth[0] - eyes[0], mouth[1] - eyes[1]];
    let length = axis[0].hypot(axis[1]).max(f32::EPSILON);
    let off_axis = ((nose[0] - eyes[0]) * axis[1] - (nose[1] - eyes[1]) * axis[0]).abs() / length;
    let frontal = (1.0 - off_axis / spacing).clamp(0.0, 1.0);
    let size = (width_pixels / 150.0).min(1.0);
    (face.score * size * frontal).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(nose_x: f32) -> Face {
        Face {
            x: 0.0,
            y: 0.0,
            width: 1.0,
            height: 1.0,
            landmarks: [[0.3, 0.4], [0.7, 0.4], [nose_x, 0.6], [0.5, 0.8], [0.1, 0.5], [0.9, 0.5]],
            score: 0.9,
        }
    }

    #[test]
    fn frontal_large_faces_rank_above_turned_or_small_ones() {
        let frontal = quality(&face(0.5), 300.0);
        assert!((frontal - 0.9).abs() < 1e-6);
        assert!(quality(&face(0.65), 300.0) < frontal);
        assert!(quality(&face(0.5), 75.0) < frontal);
        assert_eq!(quality(&face(1.5), 300.0), 0.0);
    }
}
