//! A video's poster frame, which only the page can grab (through a `<video>` element).

use crate::processing::Frame;
use futures_channel::oneshot;
use std::{cell::RefCell, rc::Rc};
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};

async fn wait_event(target: &web_sys::EventTarget, ok: &str) -> Result<(), JsValue> {
    let (tx, rx) = oneshot::channel::<bool>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let (t1, t2) = (tx.clone(), tx);
    let on_ok = Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = t1.borrow_mut().take() {
            let _ = tx.send(true);
        }
    });
    let on_err = Closure::<dyn FnMut()>::new(move || {
        if let Some(tx) = t2.borrow_mut().take() {
            let _ = tx.send(false);
        }
    });
    target.add_event_listener_with_callback(ok, on_ok.as_ref().unchecked_ref())?;
    target.add_event_listener_with_callback("error", on_err.as_ref().unchecked_ref())?;
    let result = rx.await.unwrap_or(false);
    let _ = target.remove_event_listener_with_callback(ok, on_ok.as_ref().unchecked_ref());
    let _ = target.remove_event_listener_with_callback("error", on_err.as_ref().unchecked_ref());
    if result { Ok(()) } else { Err(JsValue::from_str("the browser cannot play this video")) }
}

/// A frame of a video, grabbed through a `<video>` element and a canvas.
pub(super) async fn video_frame(file: &web_sys::File) -> Result<Frame, JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(file)?;
    let result = async {
        let video: web_sys::HtmlVideoElement = document.create_element("video")?.dyn_into()?;
        video.set_muted(true);
        video.set_preload("auto");
        video.set_src(&url);
        wait_event(&video, "loadeddata").await?;
        let duration = video.duration();
        let at = if duration.is_finite() { (duration / 2.0).min(1.0) } else { 0.0 };
        video.set_current_time(at);
        wait_event(&video, "seeked").await?;
        let (width, height) = (video.video_width(), video.video_height());
        let scaled = keepsake_api::fit_within(width, height, keepsake_api::PREVIEW_EDGE);
        let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
        canvas.set_width(scaled.0);
        canvas.set_height(scaled.1);
        let ctx: web_sys::CanvasRenderingContext2d =
            canvas.get_context("2d")?.ok_or("no 2d context")?.dyn_into()?;
        ctx.draw_image_with_html_video_element_and_dw_and_dh(
            &video,
            0.0,
            0.0,
            scaled.0 as f64,
            scaled.1 as f64,
        )?;
        let pixels = ctx.get_image_data(0.0, 0.0, scaled.0 as f64, scaled.1 as f64)?.data().0;
        Ok(Frame { width, height, duration, pixels, scaled })
    }
    .await;
    let _ = web_sys::Url::revoke_object_url(&url);
    result
}
