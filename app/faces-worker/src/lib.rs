//! The People networks in the browser: `/worker.js` imports this module the first time a photo's
//! faces are asked for, hands it the models (fetched once, kept by the service worker) and then the
//! upright pixels the processing module decoded. Kept apart from the processing module so nobody
//! who never opens People downloads it.

use keepsake_api::{FaceBox, NewFace, NewFaces};
use keepsake_faces::{Describer, Detector, Image, Models};
use wasm_bindgen::prelude::*;

fn js_err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Both networks, loaded once per worker.
#[wasm_bindgen]
pub struct FaceModels(Models);

#[wasm_bindgen]
impl FaceModels {
    /// `detector`: BlazeFace's ONNX file; `manifest` and `weights`: face-api's descriptor weights.
    #[wasm_bindgen(constructor)]
    pub fn new(detector: &[u8], manifest: &[u8], weights: &[u8]) -> Result<FaceModels, JsValue> {
        Ok(Self(Models {
            detector: Detector::load(detector).map_err(js_err)?,
            describer: Describer::load(manifest, weights).map_err(js_err)?,
        }))
    }

    /// The faces of an upright sRGB photo (three bytes a pixel), as the JSON of the API's
    /// [`NewFaces`]: what `PUT /assets/{id}/faces` takes.
    pub fn analyse(&self, width: u32, height: u32, rgb: &[u8]) -> Result<String, JsValue> {
        let faces = faces(&self.0, width, height, rgb).map_err(js_err)?;
        serde_json::to_string(&faces).map_err(js_err)
    }
}

/// One photo's faces in the API's words; shared with native callers and tests.
pub fn faces(models: &Models, width: u32, height: u32, rgb: &[u8]) -> Result<NewFaces, String> {
    if rgb.len() != width as usize * height as usize * 3 {
        return Err("the pixels do not match the size".into());
    }
    let found = models.analyse(&Image { width, height, rgb }).map_err(|e| e.to_string())?;
    let clamp = |v: f32| v.clamp(0.0, 1.0);
    let faces = found
        .into_iter()
        .take(keepsake_api::MAX_FACES)
        .map(|f| {
            let (x, y) = (clamp(f.face.x), clamp(f.face.y));
            NewFace {
                bounds: FaceBox {
                    x,
                    y,
                    width: clamp(f.face.width).min(1.0 - x),
                    height: clamp(f.face.height).min(1.0 - y),
                },
                quality: clamp(f.quality),
                descriptor: f.descriptor.to_vec(),
            }
        })
        .collect();
    Ok(NewFaces { faces })
}
