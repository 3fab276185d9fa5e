//! The media code against every file of the shared camera corpus, compared with exiftool's ground truth.
//! The corpus lives outside the repo (`../shared/corpus`, or `KEEPSAKE_CORPUS`); without it this fails.

use keepsake_media::{DecodeLimits, derive_from_bytes, read_metadata};
use serde_json::Value;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("KEEPSAKE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    assert!(
        dir.join("truth.json").is_file(),
        "the test corpus is missing: expected {}/truth.json (set KEEPSAKE_CORPUS to its folder)",
        dir.display()
    );
    dir
}

fn close(a: Option<f64>, b: Option<f64>, tolerance: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= tolerance,
        _ => false,
    }
}

#[derive(Default)]
struct Tally {
    agree: usize,
    total: usize,
    misses: Vec<String>,
}

#[test]
fn metadata_agrees_with_exiftool() {
    let dir = corpus_dir();
    let truth: Value = serde_json::from_slice(&std::fs::read(dir.join("truth.json")).unwrap()).unwrap();
    let files = truth["files"].as_object().unwrap();
    let fields = ["date", "orientation", "gps", "make", "model", "dimensions"];
    let mut tallies: Vec<Tally> = fields.iter().map(|_| Tally::default()).collect();
    let mut checked = 0;
    for (name, t) in files {
        if !t["exiftool_error"].is_null() {
            continue;
        }
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let meta = match read_metadata(&bytes) {
            Ok((_, meta)) => meta,
            Err(e) => {
                for (tally, field) in tallies.iter_mut().zip(fields) {
                    tally.total += 1;
                    tally.misses.push(format!("{name}: {field}: error {e}"));
                }
                continue;
            }
        };
        checked += 1;
        let str_of = |v: &Value| v.as_str().map(str::to_string);
        let truth_gps = t["gps"].as_object();
        let results = [
            (
                meta.taken_at.clone() == str_of(&t["date_taken"]),
                format!("{:?} vs {}", meta.taken_at, t["date_taken"]),
            ),
            (
                meta.orientation.map(u64::from) == t["orientation"].as_u64(),
                format!("{:?} vs {}", meta.orientation, t["orientation"]),
            ),
            (
                match (&meta.gps, truth_gps) {
                    (None, None) => true,
                    (Some(g), Some(tg)) => {
                        close(Some(g.lat), tg["lat"].as_f64(), 1e-5)
                            && close(Some(g.lon), tg["lon"].as_f64(), 1e-5)
                            && close(g.alt, tg["alt"].as_f64(), 0.01)
                    }
                    _ => false,
                },
                format!("{:?} vs {}", meta.gps, t["gps"]),
            ),
            (meta.camera.make == str_of(&t["make"]), format!("{:?} vs {}", meta.camera.make, t["make"])),
            (meta.camera.model == str_of(&t["model"]), format!("{:?} vs {}", meta.camera.model, t["model"])),
            (
                meta.width.map(u64::from) == t["display_width"].as_u64()
                    && meta.height.map(u64::from) == t["display_height"].as_u64(),
                format!(
                    "{:?}x{:?} vs {}x{}",
                    meta.width, meta.height, t["display_width"], t["display_height"]
                ),
            ),
        ];
        for ((tally, field), (ok, detail)) in tallies.iter_mut().zip(fields).zip(results) {
            tally.total += 1;
            if ok {
                tally.agree += 1;
            } else {
                tally.misses.push(format!("{name}: {field}: {detail}"));
            }
        }
    }
    println!("\nmetadata vs exiftool on {checked} readable of {} files", files.len());
    println!("{:<12} {:>6} {:>6} {:>8}", "field", "agree", "total", "percent");
    let (mut agree, mut total) = (0, 0);
    for (tally, field) in tallies.iter().zip(fields) {
        println!(
            "{field:<12} {:>6} {:>6} {:>7.1}%",
            tally.agree,
            tally.total,
            100.0 * tally.agree as f64 / tally.total as f64
        );
        agree += tally.agree;
        total += tally.total;
    }
    let overall = 100.0 * agree as f64 / total as f64;
    println!("{:<12} {agree:>6} {total:>6} {overall:>7.1}%", "all");
    for miss in tallies.iter().flat_map(|t| &t.misses) {
        println!("  miss {miss}");
    }
    assert!(overall >= 98.0, "agreement {overall:.1}% is below 98%");
}

#[test]
fn every_file_decodes_or_gives_an_error() {
    let dir = corpus_dir();
    let truth: Value = serde_json::from_slice(&std::fs::read(dir.join("truth.json")).unwrap()).unwrap();
    let limits = DecodeLimits::default();
    let (mut made, mut refused, mut no_decoder) = (0, 0, 0);
    for (name, t) in truth["files"].as_object().unwrap() {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let Ok((format, meta)) = read_metadata(&bytes) else {
            refused += 1;
            continue;
        };
        if !format.decodable_here() {
            continue;
        }
        match derive_from_bytes(format, &bytes, meta.orientation, &limits) {
            Ok(d) => {
                made += 1;
                assert_eq!(Some(d.display_size.0), meta.width, "{name}: decoded width differs from metadata");
                assert!(d.thumbnail_size.0.max(d.thumbnail_size.1) <= keepsake_api::THUMBNAIL_EDGE);
            }
            // A variant the pure-Rust decoders lack (YCbCr TIFF): stored with a placeholder, not rejected.
            Err(keepsake_media::MediaError::NoDecoder) => {
                no_decoder += 1;
                println!("  {name}: no decoder here");
            }
            Err(e) => {
                refused += 1;
                let bad = t["categories"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c == "bad" || c == "upstream-bad-sample");
                println!("  {name}: {e}{}", if bad { " (known bad)" } else { "" });
                assert!(bad, "{name}: a good file failed to decode: {e}");
            }
        }
    }
    println!(
        "derivatives made for {made} files, {refused} refused with an error, {no_decoder} without a decoder"
    );
    assert!(no_decoder <= 2, "too many files without a decoder");
    assert!(made > 80);
}

/// A cut-off or damaged HEIC or AVIF gets the clear error any damaged photo gets, never a panic, and
/// the decode limits are checked against the header before any pixel is decoded.
#[test]
fn broken_heif_is_refused_and_limits_hold() {
    use keepsake_media::{MediaError, MediaFormat};
    let limits = DecodeLimits::default();
    // 12 MP and 0.3 MP: within the default limits, refused by tighter ones before decoding (a 100 MP
    // HEIC grid would need about 1.9 GB at the decoder's peak, past the default 1 GiB).
    let cases = [
        ("exifr_heic-iphone7.heic", MediaFormat::Heic, (4032, 3024), 10_000_000, 200 << 20),
        ("exifr_Irvine_CA.avif", MediaFormat::Avif, (480, 640), 100_000, 2 << 20),
    ];
    for (name, format, (width, height), few_pixels, little_memory) in cases {
        let bytes = std::fs::read(corpus_dir().join(name)).unwrap();
        for cut in [bytes.len() * 9 / 10, bytes.len() / 2, 4096.min(bytes.len() / 3), 100] {
            let result = derive_from_bytes(format, &bytes[..cut], None, &limits);
            assert!(matches!(result, Err(MediaError::Corrupt(_))), "{name} cut at {cut}: {:?}", result.err());
        }
        // Damage inside the coded pictures: an error or a decode, whichever the damage allows, but no panic.
        for at in (bytes.len() / 4..bytes.len() - 64).step_by(bytes.len() / 7) {
            let mut damaged = bytes.clone();
            damaged[at..at + 64].iter_mut().for_each(|b| *b ^= 0x5A);
            let _ = derive_from_bytes(format, &damaged, None, &limits);
        }
        let few_pixels = DecodeLimits { max_pixels: few_pixels, ..limits };
        let little_memory = DecodeLimits { max_alloc: little_memory, ..limits };
        for tight in [few_pixels, little_memory] {
            let result = derive_from_bytes(format, &bytes, None, &tight);
            assert_eq!(result.err(), Some(MediaError::TooLarge { width, height }), "{name}");
        }
    }
}

/// Every HEIC and AVIF photo of the corpus and the photos whose colours need converting (Apple's Generic RGB
/// profile, Adobe RGB declared by EXIF alone) or must not be (sRGB profiles in JPEG, TIFF and WebP),
/// as we show and print them, look like what libheif (through pillow-heif), libavif or Pillow decodes and
/// littleCMS (Pillow's ImageCms) converts to sRGB, cut and resized by Pillow the same way: the whole
/// photo upright, the preview, the print file's photo and the thumbnail. Colours are compared by
/// CIEDE2000 (see `colour_difference`), mean and 95th percentile, against thresholds where 2 is the
/// least a viewer notices side by side; HEIC and AVIF thumbnails by PSNR. Previews and print files carry an
/// sRGB profile that littleCMS reads as sRGB.
#[test]
fn photos_match_libheif_and_littlecms() {
    let python = std::env::var_os("KEEPSAKE_PYTHON").unwrap_or_else(|| {
        panic!("KEEPSAKE_PYTHON must name a Python with Pillow and pillow-heif; `cargo xtask test` sets it")
    });
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e.eq_ignore_ascii_case("heic") || e.eq_ignore_ascii_case("avif"))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 7, "the corpus's HEIC and AVIF photos are missing");
    let tagged = [
        "ian_landscape_2.jpg",
        "ian_landscape_5.jpg",
        "mde_Olympus_PEN_E-P3.jpg",
        "mde_Issue_266.jpg",
        "et_ExifTool.tif",
        "mde_HTC_Desire.webp",
    ];
    files.extend(tagged.iter().map(|name| dir.join(name)));
    let out = std::env::temp_dir().join(format!("keepsake-colour-reference-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let ours: Vec<Rendered> = files.iter().map(|file| Rendered::of(file, &out)).collect();
    let jobs: Vec<serde_json::Value> = ours.iter().flat_map(|r| r.jobs()).collect();
    let reference = run_reference(&python, &jobs);

    println!(
        "{:<28} {:<22} {:>11} {:>11} {:>11} {:>9} {:>14}",
        "file", "colour", "whole", "preview", "print", "thumbnail", "KB prev/thumb"
    );
    let mut failures = Vec::new();
    for (file, rendered) in files.iter().zip(&ours) {
        let name = &rendered.name;
        let bytes = std::fs::read(file).unwrap();
        let (format, meta) = read_metadata(&bytes).unwrap();
        let whole =
            keepsake_media::print::decode_upright(format, &bytes, meta.orientation, &DecodeLimits::default())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        let whole = colour_difference::summary(&whole, &rendered.reference("whole"));
        let preview = colour_difference::summary(&rendered.preview, &rendered.reference("preview"));
        let print = colour_difference::summary(&rendered.print, &rendered.reference("print"));
        let thumbnail = colour_difference::psnr(&rendered.thumbnail, &rendered.reference("thumbnail"));
        let colour = keepsake_media::colour_space(format, &bytes).unwrap_or_default();
        let shown = |(mean, p95): (f64, f64)| format!("{mean:.2} / {p95:.2}");
        println!(
            "{name:<28} {colour:<22} {:>11} {:>11} {:>11} {thumbnail:>6.1} dB {:>7} / {:>4}",
            shown(whole),
            shown(preview),
            shown(print),
            rendered.bytes.0 / 1000,
            rendered.bytes.1 / 1000,
        );
        for (what, (mean, p95)) in [("whole", whole), ("preview", preview), ("print", print)] {
            if mean > 1.5 || p95 > 3.0 {
                failures.push(format!("{name} {what}: ΔE2000 mean {mean:.2}, 95th percentile {p95:.2}"));
            }
        }
        // sRGB photos are not converted: what they showed before colour management, they show now.
        if colour.contains("sRGB") && whole.0 > 0.5 {
            failures.push(format!("{name}: an sRGB photo changed, ΔE2000 mean {:.2}", whole.0));
        }
        // The bar for the new decoders; the others' thumbnails are printed beside them.
        let heif = matches!(format, keepsake_media::MediaFormat::Heic | keepsake_media::MediaFormat::Avif);
        if heif && thumbnail < 32.0 {
            failures.push(format!("{name}: thumbnail PSNR {thumbnail:.1} dB"));
        }
    }
    for (path, profile) in reference.profiles {
        if profile.as_deref().is_none_or(|p| !p.contains("sRGB")) {
            failures.push(format!("{path}: embedded profile {profile:?}, not sRGB"));
        }
    }
    // Kept when something differs, to look at side by side.
    assert!(failures.is_empty(), "{failures:#?}\n(ours and the reference's are in {})", out.display());
    let _ = std::fs::remove_dir_all(&out);
}

/// What we make of one photo, the files the reference renders beside it, and the print's geometry.
struct Rendered {
    name: String,
    file: PathBuf,
    out: PathBuf,
    preview: image::RgbImage,
    thumbnail: image::RgbImage,
    /// The photo's part of the print file.
    print: image::RgbImage,
    print_crop: keepsake_api::print_layout::Rect,
    /// The preview's and the thumbnail's sizes in bytes.
    bytes: (usize, usize),
    preview_file: PathBuf,
    print_file: PathBuf,
}

impl Rendered {
    fn of(file: &std::path::Path, out: &std::path::Path) -> Self {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(file).unwrap();
        let (format, meta) = read_metadata(&bytes).unwrap();
        let derived = derive_from_bytes(format, &bytes, meta.orientation, &DecodeLimits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let sample: keepsake_media::print::Sample = serde_json::from_value(serde_json::json!({
            "file": name,
            "line": {"asset_id": "sample", "size": "5x7", "paper": "glossy", "quantity": 1,
                     "orientation": "landscape", "border_mm": 0,
                     "crop": {"center_x": 0.5, "center_y": 0.5, "zoom": 1.0}}
        }))
        .unwrap();
        let (layout, print_file) = sample.render(&bytes, &keepsake_api::PriceList::default(), None).unwrap();
        let window = layout.window;
        let print =
            image::imageops::crop_imm(&jpeg(&print_file), window.x, window.y, window.width, window.height)
                .to_image();
        let preview_file = out.join(format!("{name}.preview.jpg"));
        std::fs::write(&preview_file, &derived.preview).unwrap();
        let print_file_path = out.join(format!("{name}.print.jpg"));
        std::fs::write(&print_file_path, &print_file).unwrap();
        Self {
            file: file.to_path_buf(),
            out: out.to_path_buf(),
            preview: jpeg(&derived.preview),
            thumbnail: jpeg(&derived.thumbnail),
            print,
            print_crop: layout.crop,
            bytes: (derived.preview.len(), derived.thumbnail.len()),
            preview_file,
            print_file: print_file_path,
            name,
        }
    }

    fn jobs(&self) -> Vec<serde_json::Value> {
        let job = |what: &str, crop: Option<keepsake_api::print_layout::Rect>, size: Option<(u32, u32)>| {
            serde_json::json!({
                "file": self.file, "out": self.reference_path(what),
                "crop": crop.map(|c| [c.x, c.y, c.width, c.height]), "size": size.map(|(w, h)| [w, h]),
            })
        };
        vec![
            job("whole", None, None),
            job("preview", None, Some(self.preview.dimensions())),
            job("thumbnail", None, Some(self.thumbnail.dimensions())),
            job("print", Some(self.print_crop), Some(self.print.dimensions())),
            serde_json::json!({"describe": self.preview_file}),
            serde_json::json!({"describe": self.print_file}),
        ]
    }

    fn reference_path(&self, what: &str) -> PathBuf {
        self.out.join(format!("{}.{what}.png", self.name))
    }

    fn reference(&self, what: &str) -> image::RgbImage {
        image::open(self.reference_path(what)).unwrap().into_rgb8()
    }
}

/// A JPEG of ours, decoded by jpeg-decoder (the image crate is built here without JPEG).
fn jpeg(bytes: &[u8]) -> image::RgbImage {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let pixels = decoder.decode().unwrap();
    let info = decoder.info().unwrap();
    image::RgbImage::from_raw(info.width.into(), info.height.into(), pixels).unwrap()
}

struct Reference {
    /// Each preview's and print file's embedded profile, as littleCMS describes it.
    profiles: Vec<(String, Option<String>)>,
}

fn run_reference(python: &std::ffi::OsStr, jobs: &[serde_json::Value]) -> Reference {
    use std::io::Write;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference.py");
    let mut child = std::process::Command::new(python)
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&serde_json::to_vec(jobs).unwrap()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the reference renderer failed ({})", output.status);
    let profiles = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            (v["file"].as_str().unwrap().to_string(), v["profile"].as_str().map(str::to_string))
        })
        .collect();
    Reference { profiles }
}

/// CIEDE2000 between two sRGB images (Sharma, Wu and Dalal's formulation), per 4×4 block of pixels
/// averaged in linear light: ΔE is a measure for patches of colour, and as in S-CIELAB the eye's
/// blur comes first, so that what is compared is colour, not the JPEG noise or the resampling
/// ripple of single pixels (which the thumbnails' PSNR measures). A 12 MP photo gives 750,000 blocks.
mod colour_difference {
    use image::RgbImage;

    const BLOCK: u32 = 4;

    pub fn summary(a: &RgbImage, b: &RgbImage) -> (f64, f64) {
        assert_eq!(a.dimensions(), b.dimensions(), "not the same size");
        let mut differences: Vec<f64> = Vec::new();
        for y in (0..a.height()).step_by(BLOCK as usize) {
            for x in (0..a.width()).step_by(BLOCK as usize) {
                differences.push(ciede2000(lab(block_mean(a, x, y)), lab(block_mean(b, x, y))));
            }
        }
        differences.sort_by(f64::total_cmp);
        let mean = differences.iter().sum::<f64>() / differences.len() as f64;
        (mean, differences[differences.len() * 95 / 100])
    }

    /// The linear-light mean of the block at (x, y), cut by the image's edge.
    fn block_mean(image: &RgbImage, x: u32, y: u32) -> [f64; 3] {
        let mut sum = [0.0; 3];
        let mut count = 0.0;
        for by in y..(y + BLOCK).min(image.height()) {
            for bx in x..(x + BLOCK).min(image.width()) {
                let pixel = image.get_pixel(bx, by).0;
                for (total, v) in sum.iter_mut().zip(pixel) {
                    *total += linear(v);
                }
                count += 1.0;
            }
        }
        sum.map(|total| total / count)
    }

    fn linear(v: u8) -> f64 {
        let v = v as f64 / 255.0;
        if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    }

    /// Peak signal-to-noise ratio over the three channels, in dB.
    pub fn psnr(a: &RgbImage, b: &RgbImage) -> f64 {
        assert_eq!(a.dimensions(), b.dimensions());
        let squared: f64 =
            a.as_raw().iter().zip(b.as_raw()).map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2)).sum();
        let mse = squared / a.as_raw().len() as f64;
        10.0 * (255.0f64 * 255.0 / mse.max(1e-10)).log10()
    }

    /// CIELAB of linear-light sRGB.
    fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
        // sRGB to XYZ, relative to D65's white.
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        let f = |t: f64| if t > 216.0 / 24389.0 { t.cbrt() } else { (24389.0 / 27.0 * t + 16.0) / 116.0 };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    fn ciede2000([l1, a1, b1]: [f64; 3], [l2, a2, b2]: [f64; 3]) -> f64 {
        use std::f64::consts::PI;
        let deg = |r: f64| r * 180.0 / PI;
        let rad = |d: f64| d * PI / 180.0;
        let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
        let g = 0.5 * (1.0 - (c_bar.powi(7) / (c_bar.powi(7) + 25f64.powi(7))).sqrt());
        let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
        let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
        let hue = |b: f64, a: f64| if a == 0.0 && b == 0.0 { 0.0 } else { deg(b.atan2(a)).rem_euclid(360.0) };
        let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));
        let dl = l2 - l1;
        let dc = c2p - c1p;
        let dh = if c1p * c2p == 0.0 {
            0.0
        } else if (h2p - h1p).abs() <= 180.0 {
            h2p - h1p
        } else if h2p - h1p > 180.0 {
            h2p - h1p - 360.0
        } else {
            h2p - h1p + 360.0
        };
        let dhh = 2.0 * (c1p * c2p).sqrt() * (rad(dh) / 2.0).sin();
        let l_bar = (l1 + l2) / 2.0;
        let cp_bar = (c1p + c2p) / 2.0;
        let hp_bar = if c1p * c2p == 0.0 {
            h1p + h2p
        } else if (h1p - h2p).abs() <= 180.0 {
            (h1p + h2p) / 2.0
        } else if h1p + h2p < 360.0 {
            (h1p + h2p + 360.0) / 2.0
        } else {
            (h1p + h2p - 360.0) / 2.0
        };
        let t = 1.0 - 0.17 * rad(hp_bar - 30.0).cos()
            + 0.24 * rad(2.0 * hp_bar).cos()
            + 0.32 * rad(3.0 * hp_bar + 6.0).cos()
            - 0.20 * rad(4.0 * hp_bar - 63.0).cos();
        let d_theta = 30.0 * (-((hp_bar - 275.0) / 25.0).powi(2)).exp();
        let rc = 2.0 * (cp_bar.powi(7) / (cp_bar.powi(7) + 25f64.powi(7))).sqrt();
        let sl = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
        let sc = 1.0 + 0.045 * cp_bar;
        let sh = 1.0 + 0.015 * cp_bar * t;
        let rt = -(rad(2.0 * d_theta)).sin() * rc;
        ((dl / sl).powi(2) + (dc / sc).powi(2) + (dhh / sh).powi(2) + rt * (dc / sc) * (dhh / sh)).sqrt()
    }

    #[test]
    fn sharmas_test_pairs() {
        // Pairs 1, 7 and 17 of Sharma, Wu and Dalal's published test data.
        let pairs = [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
        ];
        for (a, b, expected) in pairs {
            assert!((ciede2000(a, b) - expected).abs() < 1e-4, "{a:?} {b:?}");
        }
    }
}
