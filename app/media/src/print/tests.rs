use super::*;
use keepsake_api::{Crop, PrintOrientation};
use keepsake_api::{PriceList, mm};
use proptest::prelude::*;

const FONT: &[u8] = include_bytes!("../../../../public/fonts/DejaVuSans.ttf");

fn request(short_um: u32, long_um: u32, orientation: PrintOrientation) -> PrintRequest<'static> {
    PrintRequest {
        short_um,
        long_um,
        bleed_um: 0,
        orientation,
        border_um: 0,
        caption: None,
        crop: Crop::default(),
        dpi: PRINT_DPI,
    }
}

#[test]
fn four_by_six_at_300_dpi_is_exactly_1800_by_1200() {
    let list = PriceList::default();
    let size = list.size("4x6").unwrap();
    let landscape = layout(&request(size.short_um, size.long_um, PrintOrientation::Landscape), (4000, 3000));
    let landscape = landscape.unwrap();
    assert_eq!((landscape.width, landscape.height), (1800, 1200));
    let portrait =
        layout(&request(size.short_um, size.long_um, PrintOrientation::Portrait), (3000, 4000)).unwrap();
    assert_eq!((portrait.width, portrait.height), (1200, 1800));
}

#[test]
fn every_offered_size_has_its_lab_pixel_size() {
    let expected = [
        ("wallet", 750, 1050),
        ("4x6", 1200, 1800),
        ("5x7", 1500, 2100),
        ("8x8", 2400, 2400),
        ("8x10", 2400, 3000),
        ("11x14", 3300, 4200),
        ("10x15cm", 1181, 1772),
        ("13x18cm", 1535, 2126),
        ("20x25cm", 2362, 2953),
    ];
    let list = PriceList::default();
    assert_eq!(list.sizes.len(), expected.len());
    for (id, short, long) in expected {
        let size = list.size(id).unwrap();
        assert_eq!(
            (pixels(size.short_um, PRINT_DPI), pixels(size.long_um, PRINT_DPI)),
            (short, long),
            "{id}"
        );
    }
}

#[test]
fn bleed_adds_to_every_side() {
    let mut r = request(4 * 25_400, 6 * 25_400, PrintOrientation::Landscape);
    r.bleed_um = mm(3);
    let l = layout(&r, (4000, 3000)).unwrap();
    // 3 mm at 300 DPI is 35 px.
    assert_eq!((l.width, l.height), (1870, 1270));
    assert_eq!(l.trim, Rect { x: 35, y: 35, width: 1800, height: 1200 });
    assert_eq!(l.window, Rect { x: 0, y: 0, width: 1870, height: 1270 });
}

#[test]
fn effective_dpi_follows_the_cut_out() {
    let r = request(4 * 25_400, 6 * 25_400, PrintOrientation::Portrait);
    assert_eq!(layout(&r, (1000, 1500)).unwrap().effective_dpi, 250);
    let zoomed = PrintRequest { crop: Crop { zoom: 2.0, ..Crop::default() }, ..r };
    assert_eq!(layout(&zoomed, (1000, 1500)).unwrap().effective_dpi, 125);
    // A small photo on an 8×10 is well below the warning line.
    let big = request(8 * 25_400, 10 * 25_400, PrintOrientation::Landscape);
    assert!(layout(&big, (640, 480)).unwrap().effective_dpi < keepsake_api::DPI_CONFIRM);
}

#[test]
fn the_default_crop_keeps_the_centre() {
    let r = request(4 * 25_400, 6 * 25_400, PrintOrientation::Landscape);
    // A 3:2 print of a 4:3 photo: full width, 2667 of 3000 rows, centred.
    let l = layout(&r, (4000, 3000)).unwrap();
    assert_eq!(l.crop, Rect { x: 0, y: 167, width: 4000, height: 2667 });
}

#[test]
fn a_caption_sits_in_the_bottom_border() {
    let mut r = request(5 * 25_400, 7 * 25_400, PrintOrientation::Portrait);
    r.border_um = mm(5);
    r.caption = Some("Grandma's 90th — Zoë & Łukasz");
    let l = layout(&r, (3000, 4000)).unwrap();
    let band = l.caption.unwrap();
    assert_eq!(band.bottom(), l.trim.bottom());
    assert!(band.y >= l.window.bottom());
    let ink = caption_ink_bounds(FONT, r.caption.unwrap(), &band).expect("the caption has ink");
    assert!(band.contains(&ink), "{ink:?} outside {band:?}");
    // The band is bigger than the 5 mm border: 8% of the short side.
    assert_eq!(band.height, 120);
}

#[test]
fn a_rendered_print_says_300_dpi_and_srgb() {
    let mut r = request(4 * 25_400, 6 * 25_400, PrintOrientation::Landscape);
    r.border_um = mm(3);
    r.caption = Some("Lake Tahoe, 2019");
    let photo = RgbImage::from_fn(600, 400, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let (l, jpeg) = render_print_file(&photo, &r, Some(FONT)).unwrap();
    assert_eq!((l.width, l.height), (1800, 1200));
    let info = verify_print_file(&jpeg, (1800, 1200)).unwrap();
    assert_eq!(info.dpi, Some(300));
    assert!(verify_print_file(&jpeg, (1200, 1800)).is_err());
    let exif = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&jpeg)).unwrap();
    let field = |tag| exif.get_field(tag, exif::In::PRIMARY).map(|f| f.display_value().to_string());
    assert_eq!(field(exif::Tag::XResolution).as_deref(), Some("300"));
    assert_eq!(field(exif::Tag::YResolution).as_deref(), Some("300"));
    assert_eq!(field(exif::Tag::ResolutionUnit).as_deref(), Some("inch"));
    assert_eq!(field(exif::Tag::ColorSpace).as_deref(), Some("sRGB"));
    // Rendering is deterministic: the same order gives the same bytes.
    assert_eq!(render_print_file(&photo, &r, Some(FONT)).unwrap().1, jpeg);
}

#[test]
fn print_headers_are_read_without_trusting_them() {
    let photo = RgbImage::from_pixel(40, 30, image::Rgb([10, 20, 30]));
    let r = request(25_400, 25_400 * 3 / 2, PrintOrientation::Landscape);
    let (_, jpeg) = render_print_file(&photo, &r, None).unwrap();
    assert_eq!(print_file_info(&jpeg).unwrap(), PrintFileInfo { width: 450, height: 300, dpi: Some(300) });
    for cut in 0..jpeg.len().min(700) {
        let _ = print_file_info(&jpeg[..cut]);
    }
    // Cut inside the scan: the header reads, the decode refuses.
    assert!(verify_print_file(&jpeg[..jpeg.len() / 2], (450, 300)).is_err());
    assert!(print_file_info(b"GIF89a").is_err());
}

fn orientation() -> impl Strategy<Value = PrintOrientation> {
    prop_oneof![Just(PrintOrientation::Portrait), Just(PrintOrientation::Landscape)]
}

fn any_crop() -> impl Strategy<Value = Crop> {
    let fraction = prop_oneof![8 => -0.5f64..1.5, 1 => Just(f64::NAN), 1 => Just(f64::INFINITY)];
    let zoom = prop_oneof![8 => 0.0f64..12.0, 1 => Just(f64::NAN)];
    (fraction.clone(), fraction, zoom).prop_map(|(center_x, center_y, zoom)| Crop {
        center_x,
        center_y,
        zoom,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Every offered size, both orientations, any border and caption: the file is exactly the print's
    /// size at 300 DPI, the window and caption sit inside it without overlapping, and the cut-out stays
    /// inside the photo with the window's shape.
    #[test]
    fn layouts_are_exact_and_stay_inside(
        size in 0usize..9,
        orientation in orientation(),
        border_mm in prop_oneof![Just(0u32), 1u32..=25],
        bleed_mm in prop_oneof![Just(0u32), 1u32..=5],
        caption in proptest::option::of("[a-zA-Z ]{1,80}"),
        photo in (1u32..9000, 1u32..9000),
        crop in any_crop(),
    ) {
        let list = PriceList::default();
        let s = &list.sizes[size];
        let r = PrintRequest {
            short_um: s.short_um, long_um: s.long_um, bleed_um: mm(bleed_mm), orientation,
            border_um: mm(border_mm), caption: caption.as_deref(), crop, dpi: PRINT_DPI,
        };
        let l = layout(&r, photo).unwrap();
        let (short, long) = (pixels(s.short_um, PRINT_DPI), pixels(s.long_um, PRINT_DPI));
        let trim = if orientation == PrintOrientation::Portrait { (short, long) } else { (long, short) };
        prop_assert_eq!((l.trim.width, l.trim.height), trim);
        let bleed = pixels(mm(bleed_mm), PRINT_DPI);
        prop_assert_eq!((l.width, l.height), (trim.0 + 2 * bleed, trim.1 + 2 * bleed));
        let canvas = Rect { x: 0, y: 0, width: l.width, height: l.height };
        prop_assert!(canvas.contains(&l.window) && l.window.width > 0 && l.window.height > 0);
        let whole = Rect { x: 0, y: 0, width: photo.0, height: photo.1 };
        prop_assert!(whole.contains(&l.crop));
        prop_assert!(l.crop.width >= 1 && l.crop.height >= 1);
        // Same shape as the window, to within a pixel of rounding on the cut-out's short side.
        let (cw, ch, ww, wh) = (l.crop.width as f64, l.crop.height as f64, l.window.width as f64, l.window.height as f64);
        if cw >= 2.0 && ch >= 2.0 {
            prop_assert!((cw * wh / ww - ch).abs() <= 1.0 || (ch * ww / wh - cw).abs() <= 1.0, "{:?} vs {:?}", l.crop, l.window);
        }
        if border_mm > 0 {
            let border = pixels(mm(border_mm), PRINT_DPI);
            prop_assert!(l.window.x >= l.trim.x + border && l.window.right() + border <= l.trim.right());
        }
        match (l.caption, caption.as_deref().filter(|c| !c.trim().is_empty())) {
            (Some(band), Some(_)) => {
                prop_assert!(l.trim.contains(&band));
                prop_assert!(band.y >= l.window.bottom());
            }
            (None, None) => {}
            (band, text) => prop_assert!(false, "band {:?} for caption {:?}", band, text),
        }
    }

    /// A caption of any length and alphabet is set inside its band: shrunk, then shortened with "…".
    #[test]
    fn captions_stay_inside_their_band(text in "\\PC{1,80}", band_h in 30u32..200, band_w in 200u32..4000) {
        let band = Rect { x: 17, y: 900, width: band_w, height: band_h };
        if let Some(ink) = caption_ink_bounds(FONT, &text, &band) {
            prop_assert!(band.contains(&ink), "{:?} outside {:?}", ink, band);
        }
    }

    /// At a small scale, rendering paints the photo only in the window and ink only in the band:
    /// everything else is white paper.
    #[test]
    fn borders_stay_white(size in 0usize..9, orientation in orientation(), border_mm in 1u32..=25, caption in proptest::option::of("[A-Za-z]{1,30}"), crop in any_crop()) {
        let list = PriceList::default();
        let s = &list.sizes[size];
        let r = PrintRequest {
            short_um: s.short_um, long_um: s.long_um, bleed_um: 0, orientation,
            border_um: mm(border_mm), caption: caption.as_deref(), crop, dpi: 30,
        };
        let photo = RgbImage::from_pixel(120, 90, image::Rgb([200, 10, 10]));
        let l = layout(&r, (120, 90)).unwrap();
        let print = render(&l, &photo, (120, 90), r.caption, Some(FONT));
        prop_assert_eq!((print.width(), print.height()), (l.width, l.height));
        for (x, y, p) in print.enumerate_pixels() {
            let inside = |rect: &Rect| x >= rect.x && y >= rect.y && x < rect.right() && y < rect.bottom();
            if !inside(&l.window) && !l.caption.is_some_and(|b| inside(&b)) {
                prop_assert_eq!(p.0, [255, 255, 255], "({}, {}) is not paper", x, y);
            }
            if inside(&l.window) {
                prop_assert_eq!(p.0, [200, 10, 10]);
            }
        }
    }

    #[test]
    fn headers_of_random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut with_soi = vec![0xff, 0xd8];
        with_soi.extend_from_slice(&bytes);
        let _ = print_file_info(&bytes);
        let _ = print_file_info(&with_soi);
    }
}
