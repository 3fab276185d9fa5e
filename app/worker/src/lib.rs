//! Keepsake's processing worker: what the browser works out about a file before uploading it (format,
//! metadata, hash, thumbnail, preview), print files and the print cart's previews. `/worker.js` loads
//! this module, which holds every decoder, so the page's own module stays small; the page's side of the
//! conversation is `keepsake_app::processing`, the words of it [`keepsake_api::worker`].

use js_sys::{Object, Reflect, Uint8Array};
use keepsake_api::worker::{DerivativeSizes, Processed};
use keepsake_media::{DecodeLimits, Derivatives, MediaError, MediaFormat, Rgba, StreamingSha256, print};
use std::{cell::RefCell, rc::Rc};
use wasm_bindgen::{JsCast, JsValue, prelude::*};

/// Files up to this size are read whole (photos); larger ones are hashed in slices and not decoded.
const READ_WHOLE_MAX: f64 = 256.0 * 1024.0 * 1024.0;
const HASH_SLICE: f64 = 8.0 * 1024.0 * 1024.0;

fn js_err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain object we just made cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn read_slice(
    reader: &web_sys::FileReaderSync,
    blob: &web_sys::Blob,
    start: f64,
    end: f64,
) -> Result<Vec<u8>, JsValue> {
    let slice = blob.slice_with_f64_and_f64(start, end)?;
    let buffer = reader.read_as_array_buffer(&slice)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Pixels from the browser's own decoder, for files ours cannot read (a HEVC coding tool the HEIC
/// decoder lacks, odd JPEGs), turned upright, scaled by the browser to `resize` if given.
async fn browser_pixels(blob: &web_sys::Blob, resize: Option<(u32, u32)>) -> Result<Rgba, JsValue> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().dyn_into()?;
    let options = web_sys::ImageBitmapOptions::new();
    options.set_image_orientation(web_sys::ImageOrientation::FromImage);
    if let Some((w, h)) = resize {
        options.set_resize_width(w);
        options.set_resize_height(h);
        options.set_resize_quality(web_sys::ResizeQuality::High);
    }
    let promise = scope.create_image_bitmap_with_blob_and_image_bitmap_options(blob, &options)?;
    let bitmap: web_sys::ImageBitmap = wasm_bindgen_futures::JsFuture::from(promise).await?.dyn_into()?;
    let (w, h) = (bitmap.width(), bitmap.height());
    let canvas = web_sys::OffscreenCanvas::new(w, h)?;
    let ctx: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d")?.ok_or_else(|| js_err("no 2d context"))?.dyn_into()?;
    ctx.draw_image_with_image_bitmap(&bitmap, 0.0, 0.0)?;
    bitmap.close();
    let pixels = ctx.get_image_data(0.0, 0.0, w as f64, h as f64)?.data().0;
    Ok(Rgba { width: w, height: h, pixels })
}

/// Makes the derivatives from the browser's decode, scaled by the browser to preview size.
async fn browser_decode(blob: &web_sys::Blob, display: Option<(u32, u32)>) -> Result<Derivatives, JsValue> {
    let resize = display.map(|(w, h)| keepsake_media::fit_within(w, h, keepsake_api::PREVIEW_EDGE));
    let rgba = browser_pixels(blob, resize).await?;
    let mut derived = keepsake_media::derive_from_rgba(rgba).map_err(js_err)?;
    if let Some(size) = display {
        derived.display_size = size;
    }
    Ok(derived)
}

/// Renders one print from the original (`{op: "print", original, line, prices, font}`), at 300 DPI:
/// decoded here when this crate can, else by the browser at full size.
async fn render_print(request: &JsValue) -> Result<JsValue, JsValue> {
    let original = get(request, "original").dyn_into::<Uint8Array>()?.to_vec();
    let (line, prices) = line_and_prices(request)?;
    let font = get(request, "font").dyn_into::<Uint8Array>().ok().map(|a| a.to_vec());
    let (format, metadata) = keepsake_media::read_metadata(&original).map_err(js_err)?;
    let limits = DecodeLimits::default();
    let upright = match print::decode_upright(format, &original, metadata.orientation, &limits) {
        Err(MediaError::NoDecoder) => {
            let parts = js_sys::Array::of1(&Uint8Array::from(original.as_slice()));
            let blob = web_sys::Blob::new_with_u8_array_sequence(&parts)?;
            print::rgb_from_rgba(browser_pixels(&blob, None).await?).map_err(js_err)?
        }
        other => other.map_err(js_err)?,
    };
    drop(original);
    let request =
        print::PrintRequest::for_line(&line, &prices).ok_or_else(|| js_err("no such print size"))?;
    let (layout, jpeg) = print::render_print_file(&upright, &request, font.as_deref()).map_err(js_err)?;
    let out = Object::new();
    set(&out, "jpeg", &Uint8Array::from(jpeg.as_slice()));
    set(&out, "width", &layout.width.into());
    set(&out, "height", &layout.height.into());
    Ok(out.into())
}

fn line_and_prices(request: &JsValue) -> Result<(keepsake_api::PrintLine, keepsake_api::PriceList), JsValue> {
    let text = |key: &str| get(request, key).as_string().ok_or_else(|| js_err(format!("no {key}")));
    let line = serde_json::from_str(&text("line")?).map_err(js_err)?;
    let prices = serde_json::from_str(&text("prices")?).map_err(js_err)?;
    Ok((line, prices))
}

/// Decoded previews of the photos in the print cart, most recent last: a drag redraws a print many times
/// a second, and the decode is most of a redraw.
const KEPT_SOURCES: usize = 8;
thread_local! {
    static SOURCES: RefCell<Vec<(String, Rc<print::RgbImage>)>> = const { RefCell::new(Vec::new()) };
}

fn preview_source(key: &str, jpeg: &JsValue) -> Result<Rc<print::RgbImage>, JsValue> {
    let kept = SOURCES.with_borrow(|s| s.iter().find(|(k, _)| k == key).map(|(_, image)| image.clone()));
    if let Some(image) = kept {
        return Ok(image);
    }
    let bytes = jpeg.clone().dyn_into::<Uint8Array>()?.to_vec();
    let image = Rc::new(
        print::decode_upright(MediaFormat::Jpeg, &bytes, None, &DecodeLimits::default()).map_err(js_err)?,
    );
    SOURCES.with_borrow_mut(|s| {
        if s.len() == KEPT_SOURCES {
            s.remove(0);
        }
        s.push((key.to_string(), image.clone()));
    });
    Ok(image)
}

/// Draws a print cart preview (`{op: "print-preview", key, source, line, prices, font, width, height,
/// dpi}`): the photo's preview JPEG laid out as the print at `dpi`, as RGBA pixels for a canvas.
fn render_print_preview(request: &JsValue) -> Result<JsValue, JsValue> {
    let key = get(request, "key").as_string().ok_or_else(|| js_err("no key"))?;
    let source = preview_source(&key, &get(request, "source"))?;
    let (line, prices) = line_and_prices(request)?;
    let number =
        |k: &str| get(request, k).as_f64().map(|v| v as u32).ok_or_else(|| js_err(format!("no {k}")));
    let photo = (number("width")?, number("height")?);
    let mut print_request =
        print::PrintRequest::for_line(&line, &prices).ok_or_else(|| js_err("no such print size"))?;
    print_request.dpi = number("dpi")?.max(1);
    let layout = print::layout(&print_request, photo).map_err(js_err)?;
    let font = get(request, "font").dyn_into::<Uint8Array>().ok().map(|a| a.to_vec());
    let image = print::render(&layout, &source, photo, print_request.caption, font.as_deref());
    let out = Object::new();
    set(&out, "pixels", &js_sys::Uint8ClampedArray::from(print::to_rgba(&image).as_slice()));
    set(&out, "width", &image.width().into());
    set(&out, "height", &image.height().into());
    Ok(out.into())
}

fn answer(info: &Processed, derived: Option<&Derivatives>) -> Result<JsValue, JsValue> {
    let out = Object::new();
    set(&out, "json", &JsValue::from_str(&serde_json::to_string(info).map_err(js_err)?));
    if let Some(d) = derived {
        set(&out, "thumbnail", &Uint8Array::from(d.thumbnail.as_slice()));
        set(&out, "preview", &Uint8Array::from(d.preview.as_slice()));
    }
    Ok(out.into())
}

fn sizes(d: &Derivatives) -> DerivativeSizes {
    DerivativeSizes {
        thumbnail: d.thumbnail_size,
        preview: d.preview_size,
        placeholder: d.placeholder.clone(),
    }
}

/// Decodes a photo (`{op: "pixels", source}`, its bytes: People's faces are found in the preview)
/// to upright sRGB, three bytes a pixel, for the faces module.
fn upright_pixels(source: &JsValue) -> Result<JsValue, JsValue> {
    let bytes = source.clone().dyn_into::<Uint8Array>()?.to_vec();
    let (format, metadata) = keepsake_media::read_metadata(&bytes).map_err(js_err)?;
    let limits = DecodeLimits::default();
    let image = print::decode_upright(format, &bytes, metadata.orientation, &limits).map_err(js_err)?;
    let out = Object::new();
    set(&out, "width", &image.width().into());
    set(&out, "height", &image.height().into());
    set(&out, "rgb", &Uint8Array::from(image.as_raw().as_slice()));
    Ok(out.into())
}

/// The worker's entry point: `{op: "file", file}` reads, hashes and renders one file;
/// `{op: "frame", width, height, pixels}` renders a video's poster frame; `{op: "print", …}` renders
/// a print (see [`render_print`]); `{op: "print-preview", …}` a print cart preview.
#[wasm_bindgen]
pub async fn worker_process(request: JsValue) -> Result<JsValue, JsValue> {
    match get(&request, "op").as_string().as_deref() {
        Some("file") => process_file(get(&request, "file").dyn_into()?).await,
        Some("frame") => {
            let width = get(&request, "width").as_f64().unwrap_or(0.0) as u32;
            let height = get(&request, "height").as_f64().unwrap_or(0.0) as u32;
            let pixels = get(&request, "pixels").dyn_into::<js_sys::Uint8ClampedArray>()?.to_vec();
            let d = keepsake_media::derive_from_rgba(Rgba { width, height, pixels }).map_err(js_err)?;
            let out = Object::new();
            set(&out, "json", &JsValue::from_str(&serde_json::to_string(&sizes(&d)).map_err(js_err)?));
            set(&out, "thumbnail", &Uint8Array::from(d.thumbnail.as_slice()));
            set(&out, "preview", &Uint8Array::from(d.preview.as_slice()));
            Ok(out.into())
        }
        Some("pixels") => upright_pixels(&get(&request, "source")),
        Some("print") => render_print(&request).await,
        Some("print-preview") => render_print_preview(&request),
        _ => Err(js_err("unknown request")),
    }
}

async fn process_file(file: web_sys::File) -> Result<JsValue, JsValue> {
    let reader = web_sys::FileReaderSync::new()?;
    let size = file.size();
    let head = read_slice(&reader, &file, 0.0, size.min(READ_WHOLE_MAX))?;
    let (format, metadata) =
        keepsake_media::read_metadata(&head).map_err(|e| js_err(format!("unsupported: {e}")))?;
    let mut info = Processed {
        mime: format.mime().into(),
        is_photo: format.is_photo(),
        sha256: String::new(),
        bytes: size as u64,
        metadata,
        derivatives: None,
    };
    if size <= READ_WHOLE_MAX {
        info.sha256 = StreamingSha256::of(&head);
    } else {
        let mut hasher = StreamingSha256::new();
        let mut at = 0.0;
        while at < size {
            let end = (at + HASH_SLICE).min(size);
            hasher.update(&read_slice(&reader, &file, at, end)?);
            at = end;
        }
        info.sha256 = hasher.finish_hex();
    }
    if !format.is_photo() {
        return answer(&info, None);
    }
    if size > READ_WHOLE_MAX {
        if info.metadata.width.is_none() {
            return Err(js_err("too-big: the photo is too large to process in the browser"));
        }
        return answer(&info, None);
    }
    let display = info.metadata.width.zip(info.metadata.height);
    let ours = if format.decodable_here() {
        keepsake_media::derive_from_bytes(format, &head, info.metadata.orientation, &DecodeLimits::default())
    } else {
        Err(MediaError::NoDecoder)
    };
    let derived = match ours {
        Ok(d) => {
            if let Some(note) = &d.colour_note {
                web_sys::console::warn_1(&format!("{}: colours shown as stored: {note}", file.name()).into());
            }
            Some(d)
        }
        Err(MediaError::TooLarge { .. }) => None,
        Err(ours) => match browser_decode(&file, display).await {
            Ok(d) => Some(d),
            // Neither decoder reads it: a damaged file is refused, a format we cannot decode is kept.
            Err(_) if matches!(ours, MediaError::Corrupt(_)) => {
                return Err(js_err(format!("corrupt: {ours}")));
            }
            Err(_) if format == MediaFormat::Jpeg || format == MediaFormat::Png => {
                return Err(js_err(format!("corrupt: {ours}")));
            }
            Err(_) => None,
        },
    };
    info.derivatives = derived.as_ref().map(sizes);
    if let (Some(d), None) = (&derived, display) {
        info.metadata.width = Some(d.display_size.0);
        info.metadata.height = Some(d.display_size.1);
    }
    answer(&info, derived.as_ref())
}
