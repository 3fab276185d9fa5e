//! The page's side of the processing worker: it sends files, video frames, prints and faces to
//! `/worker.js` (the `keepsake-worker` module, which holds every decoder) and awaits the answers. What
//! is said is declared in [`keepsake_api::worker`].

use futures_channel::oneshot;
use js_sys::{Object, Reflect, Uint8Array};
use keepsake_api::worker::{DerivativeSizes, Processed};
use std::{cell::RefCell, collections::HashMap, rc::Rc};
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};

/// A processed file: what to tell the server, and the derivatives to send it.
pub struct ProcessedFile {
    pub info: Processed,
    pub thumbnail: Option<Vec<u8>>,
    pub preview: Option<Vec<u8>>,
}

/// A video's poster frame, drawn by the page (only the page can play a video), scaled to preview size.
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub duration: f64,
    pub pixels: Vec<u8>,
    pub scaled: (u32, u32),
}

type Reply = Result<JsValue, String>;

fn to_json(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

/// The page's handle on the processing worker (`/worker.js`, which loads the worker's own module).
pub struct Processor {
    worker: web_sys::Worker,
    pending: Rc<RefCell<HashMap<u32, oneshot::Sender<Reply>>>>,
    next_id: std::cell::Cell<u32>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Processor {
    pub fn new() -> Result<Self, JsValue> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options("/worker.js", &options)?;
        let pending: Rc<RefCell<HashMap<u32, oneshot::Sender<Reply>>>> = Rc::default();
        let table = pending.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                let id =
                    Reflect::get(&data, &"id".into()).ok().and_then(|v| v.as_f64()).unwrap_or(-1.0) as u32;
                let Some(tx) = table.borrow_mut().remove(&id) else { return };
                let error = Reflect::get(&data, &"error".into()).ok().and_then(|v| v.as_string());
                let _ = tx.send(match error {
                    Some(e) => Err(e),
                    None => Ok(Reflect::get(&data, &"result".into()).unwrap_or(JsValue::UNDEFINED)),
                });
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Self { worker, pending, next_id: Default::default(), _on_message: on_message })
    }

    async fn call(&self, request: Object, transfer: Option<&JsValue>) -> Reply {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let _ = Reflect::set(&request, &"id".into(), &id.into());
        let (tx, rx) = oneshot::channel();
        self.pending.borrow_mut().insert(id, tx);
        let posted = match transfer {
            Some(t) => self.worker.post_message_with_transfer(&request, &js_sys::Array::of1(t)),
            None => self.worker.post_message(&request),
        };
        if posted.is_err() {
            self.pending.borrow_mut().remove(&id);
            return Err("the worker refused the file".into());
        }
        rx.await.unwrap_or_else(|_| Err("the worker stopped".into()))
    }

    pub async fn process(&self, file: &web_sys::File) -> Result<ProcessedFile, String> {
        let request = Object::new();
        let _ = Reflect::set(&request, &"op".into(), &"file".into());
        let _ = Reflect::set(&request, &"file".into(), file);
        let result = self.call(request, None).await?;
        let json =
            Reflect::get(&result, &"json".into()).ok().and_then(|v| v.as_string()).ok_or("no answer")?;
        let info: Processed = serde_json::from_str(&json).map_err(|e| e.to_string())?;
        let bytes = |key: &str| {
            Reflect::get(&result, &key.into())
                .ok()
                .and_then(|v| v.dyn_into::<Uint8Array>().ok())
                .map(|a| a.to_vec())
        };
        Ok(ProcessedFile { info, thumbnail: bytes("thumbnail"), preview: bytes("preview") })
    }

    /// Renders one print file from the photo's original, off the page's thread.
    pub async fn print(
        &self,
        original: Vec<u8>,
        line: &keepsake_api::PrintLine,
        prices: &keepsake_api::PriceList,
        font: &[u8],
    ) -> Result<Vec<u8>, String> {
        let request = Object::new();
        let original = Uint8Array::from(original.as_slice());
        let _ = Reflect::set(&request, &"op".into(), &"print".into());
        let _ = Reflect::set(&request, &"original".into(), &original);
        let _ = Reflect::set(&request, &"line".into(), &to_json(line)?.into());
        let _ = Reflect::set(&request, &"prices".into(), &to_json(prices)?.into());
        let _ = Reflect::set(&request, &"font".into(), &Uint8Array::from(font));
        let result = self.call(request, Some(&original.buffer())).await?;
        Reflect::get(&result, &"jpeg".into())
            .ok()
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
            .map(|a| a.to_vec())
            .ok_or_else(|| "the print was not rendered".into())
    }

    /// Draws a print cart preview: the photo's preview JPEG (`key` names it; the worker keeps a few
    /// decoded) as the print `line` at `dpi`, as RGBA pixels and their size.
    #[allow(clippy::too_many_arguments)]
    pub async fn print_preview(
        &self,
        key: &str,
        source: &[u8],
        photo: (u32, u32),
        line: &keepsake_api::PrintLine,
        prices: &keepsake_api::PriceList,
        font: Option<&[u8]>,
        dpi: u32,
    ) -> Result<(Vec<u8>, u32, u32), String> {
        let request = Object::new();
        let _ = Reflect::set(&request, &"op".into(), &"print-preview".into());
        let _ = Reflect::set(&request, &"key".into(), &key.into());
        let _ = Reflect::set(&request, &"source".into(), &Uint8Array::from(source));
        let _ = Reflect::set(&request, &"line".into(), &to_json(line)?.into());
        let _ = Reflect::set(&request, &"prices".into(), &to_json(prices)?.into());
        if let Some(font) = font {
            let _ = Reflect::set(&request, &"font".into(), &Uint8Array::from(font));
        }
        let _ = Reflect::set(&request, &"width".into(), &photo.0.into());
        let _ = Reflect::set(&request, &"height".into(), &photo.1.into());
        let _ = Reflect::set(&request, &"dpi".into(), &dpi.into());
        let result = self.call(request, None).await?;
        let number =
            |k: &str| Reflect::get(&result, &k.into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u32;
        let pixels = Reflect::get(&result, &"pixels".into())
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Uint8ClampedArray>().ok())
            .ok_or("the preview was not drawn")?;
        Ok((pixels.to_vec(), number("width"), number("height")))
    }

    /// The faces in a photo's preview, found by People's own module (which the worker loads, with
    /// the models, the first time it is asked).
    pub async fn faces(&self, preview: Vec<u8>) -> Result<keepsake_api::NewFaces, String> {
        let request = Object::new();
        let source = Uint8Array::from(preview.as_slice());
        let _ = Reflect::set(&request, &"op".into(), &"faces".into());
        let _ = Reflect::set(&request, &"source".into(), &source);
        let result = self.call(request, Some(&source.buffer())).await?;
        let json =
            Reflect::get(&result, &"json".into()).ok().and_then(|v| v.as_string()).ok_or("no answer")?;
        serde_json::from_str(&json).map_err(|e| e.to_string())
    }

    pub async fn frame(&self, frame: Frame) -> Result<(DerivativeSizes, Vec<u8>, Vec<u8>), String> {
        let request = Object::new();
        let pixels = js_sys::Uint8ClampedArray::from(frame.pixels.as_slice());
        let _ = Reflect::set(&request, &"op".into(), &"frame".into());
        let _ = Reflect::set(&request, &"width".into(), &frame.scaled.0.into());
        let _ = Reflect::set(&request, &"height".into(), &frame.scaled.1.into());
        let _ = Reflect::set(&request, &"pixels".into(), &pixels);
        let result = self.call(request, Some(&pixels.buffer())).await?;
        let json =
            Reflect::get(&result, &"json".into()).ok().and_then(|v| v.as_string()).ok_or("no answer")?;
        let mut sizes: DerivativeSizes = serde_json::from_str(&json).map_err(|e| e.to_string())?;
        let bytes = |key: &str| {
            Reflect::get(&result, &key.into())
                .ok()
                .and_then(|v| v.dyn_into::<Uint8Array>().ok())
                .map(|a| a.to_vec())
        };
        let (thumb, preview) =
            (bytes("thumbnail").ok_or("no thumbnail")?, bytes("preview").ok_or("no preview")?);
        sizes.placeholder.truncate(128);
        Ok((sizes, thumb, preview))
    }
}

impl Drop for Processor {
    /// The worker's thread and module go with the last handle on it.
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
