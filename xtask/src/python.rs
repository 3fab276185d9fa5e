//! The reference tools that come from PyPI (Schemathesis, Locust, Pillow with pillow-heif for libheif
//! and littleCMS, and onnxruntime for the face detector), in a virtual environment the xtask makes
//! once, outside the repository, and reuses while the pinned versions stay the same.

use crate::test::ensure_debian;
use anyhow::{Context, bail};
use std::{path::PathBuf, process::Command};

/// Exact versions: a run is reproducible, and a new release cannot change what the tests check.
/// Hypothesis is Schemathesis's engine and floated with each of its releases unless pinned too.
const REQUIREMENTS: &[&str] = &[
    "schemathesis==4.32.5",
    "hypothesis==6.170.17",
    "locust==2.47.0",
    "pillow==13.0.0",
    "pillow-heif==1.8.1",
    "onnxruntime==1.32.0",
    "numpy==2.4.6",
];

/// The environment's `bin` directory, made and filled if it is not there yet.
pub fn tools() -> anyhow::Result<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from).context("HOME is not set")?;
    // Named by what it holds, so a change of pins makes a fresh one.
    let venv = home.join(".cache/keepsake").join(format!("venv-{:016x}", fingerprint(REQUIREMENTS)));
    let bin = venv.join("bin");
    // Written once pip has installed everything: an interrupted install is not taken for a whole one.
    let installed = venv.join("keepsake-installed");
    if installed.exists() {
        return Ok(bin);
    }
    // Debian's Python, with venv (and the pip it bootstraps) from its own package.
    ensure_debian(
        &[("/usr/bin/python3", "python3"), ("/usr/share/doc/python3-venv", "python3-venv")],
        "the API and load tests",
    )?;
    if !venv.join("bin/python").exists() {
        crate::run_cmd(Command::new("/usr/bin/python3").args(["-m", "venv"]).arg(&venv))?;
    }
    println!("xtask: installing {} from PyPI into {}", REQUIREMENTS.join(", "), venv.display());
    crate::run_cmd(
        Command::new(bin.join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(REQUIREMENTS),
    )?;
    if !bin.join("st").exists() {
        bail!("Schemathesis did not install into {}", venv.display());
    }
    std::fs::write(&installed, REQUIREMENTS.join("\n"))?;
    Ok(bin)
}

fn fingerprint(parts: &[&str]) -> u64 {
    // FNV-1a: stable across Rust releases, unlike the standard hasher.
    parts
        .iter()
        .flat_map(|p| p.bytes().chain([0]))
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
