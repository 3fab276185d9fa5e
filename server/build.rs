//! Embeds the built browser bundle (`target/site`, made by `cargo xtask build`) into the binary, so the
//! release binary is the whole product. Without a bundle the server still builds and answers the API.

use std::{
    env, fs,
    path::{Path, PathBuf},
};

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, base, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            out.push((format!("/{}", rel.to_string_lossy().replace('\\', "/")), path));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    // Where `cargo xtask build` puts the site: inside the target directory, wherever that is.
    let site = env::var_os("KEEPSAKE_SITE_DIR")
        .map(PathBuf::from)
        .or_else(|| env::var_os("CARGO_TARGET_DIR").map(|t| PathBuf::from(t).join("site")))
        .unwrap_or_else(|| manifest.join("../target/site"));
    println!("cargo:rerun-if-env-changed=KEEPSAKE_SITE_DIR");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_DIR");
    println!("cargo:rerun-if-changed={}", site.display());
    let mut files = Vec::new();
    collect(&site, &site, &mut files);
    files.sort();
    let mut code = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (route, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!("    ({route:?}, include_bytes!({:?})),\n", path.display().to_string()));
    }
    code.push_str("];\n");
    fs::write(PathBuf::from(env::var("OUT_DIR").unwrap()).join("site.rs"), code).unwrap();
}
