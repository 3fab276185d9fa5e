//! `cargo xtask run | build | test | bench`: Keepsake's whole build, without downloading any tool.
//!
//! The browser bundle is made by compiling `app` for wasm32 and running wasm-bindgen from the
//! `wasm-bindgen-cli` crate linked into this binary (pinned to the `wasm-bindgen` version in
//! Cargo.lock). The same binary doubles as cargo's wasm test runner (`wasm-bindgen-test-runner`).

mod bench;
mod serving;
mod test;

use anyhow::{Context, bail};
use std::{
    ffi::OsString,
    path::{Path, PathBuf},
    process::Command,
};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

const USAGE: &str = "usage: cargo xtask <command>
  run [--listen ADDR] [--data DIR]   build everything and serve Keepsake (default http://127.0.0.1:8080, ./data)
  build                              build target/release/keepsake with the browser bundle embedded
  test                               every check and test suite; ends with one 'N passed, N failed' line
  bench                              media pipeline: native, wasm in Chromium, and vipsthumbnail;
                                     serving against nginx with wrk; search over 100,000 assets
  bench serving                      only the serving comparison
  soak                               long runs: 30 SIGKILL trials of a server under uploads and edits";

fn main() -> anyhow::Result<()> {
    let args: Vec<OsString> = std::env::args_os().collect();
    // Invoked by cargo as the wasm32 test runner: hand over to wasm-bindgen's own runner.
    if args.get(1).is_some_and(|a| a == "wasm-bindgen-test-runner") {
        return wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(args[1..].iter().cloned());
    }
    let command = args.get(1).and_then(|a| a.to_str()).unwrap_or("");
    let rest: Vec<String> = args.iter().skip(2).map(|a| a.to_string_lossy().into_owned()).collect();
    match command {
        "build" => build().map(|_| ()),
        "run" => run(&rest),
        "test" => test::run(),
        "bench" if rest.first().is_some_and(|a| a == "serving") => serving::run(&build()?),
        "bench" => bench::run(),
        "soak" => soak(),
        _ => {
            println!("{USAGE}");
            if command.is_empty() || command == "help" || command == "--help" {
                Ok(())
            } else {
                bail!("unknown command {command}")
            }
        }
    }
}

/// The long runs that do not fit in `test`: for now the crash-safety test with 30 kills (the test suite
/// runs 3). Prints the test's own summary line.
fn soak() -> anyhow::Result<()> {
    let corpus = test::corpus_dir();
    let output = cargo()
        .args([
            "test",
            "--release",
            "--package",
            "keepsake-server",
            "--test",
            "api",
            "crash::",
            "--",
            "--nocapture",
        ])
        .env("KEEPSAKE_CRASH_TRIALS", "30")
        .env("KEEPSAKE_CORPUS", &corpus)
        .output()?;
    let text =
        String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    for line in text
        .lines()
        .filter(|l| l.starts_with("crash test:") || l.starts_with("test ") || l.contains("panicked"))
    {
        println!("{line}");
    }
    if !output.status.success() {
        bail!("the crash-safety soak failed");
    }
    Ok(())
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs a command, failing with its name when it fails.
pub fn run_cmd(cmd: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{cmd:?}");
    let status = cmd.status().with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// Adds the wasm32 target through rustup when the machine's toolchain lacks it.
pub fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match installed {
        Ok(out) if String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == WASM_TARGET) => Ok(()),
        Ok(_) => {
            println!("xtask: adding the {WASM_TARGET} target with rustup");
            run_cmd(Command::new("rustup").args(["target", "add", WASM_TARGET]))
        }
        Err(_) => {
            // Without rustup, trust that the toolchain has the target; the build says so clearly if not.
            Ok(())
        }
    }
}

/// Compiles the app to wasm and lays out the site: `target/site/{index.html, pkg/, style, public files}`.
pub fn build_site() -> anyhow::Result<PathBuf> {
    ensure_wasm_target()?;
    run_cmd(cargo().args([
        "build",
        "--package",
        "keepsake-app",
        "--lib",
        "--target",
        WASM_TARGET,
        "--profile",
        "wasm-release",
    ]))?;
    let wasm = target_dir().join(WASM_TARGET).join("wasm-release").join("keepsake_app.wasm");
    let site = target_dir().join("site");
    let staging = target_dir().join("site.staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(staging.join("pkg"))?;
    let bindgen_args: Vec<OsString> = vec![
        "wasm-bindgen".into(),
        "--target".into(),
        "web".into(),
        "--no-typescript".into(),
        "--out-dir".into(),
        staging.join("pkg").into(),
        wasm.into(),
    ];
    wasm_bindgen_cli::wasm_bindgen::run_cli_with_args(bindgen_args).context("wasm-bindgen failed")?;
    copy_dir(&root().join("public"), &staging)?;
    copy_dir(&root().join("style"), &staging)?;
    // Swap in whole, so the server build never embeds a half-written site.
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    std::fs::rename(&staging, &site)?;
    Ok(site)
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

/// The release server with the site embedded.
pub fn build() -> anyhow::Result<PathBuf> {
    build_site()?;
    run_cmd(cargo().args(["build", "--release", "--package", "keepsake-server", "--bin", "keepsake"]))?;
    Ok(target_dir().join("release").join("keepsake"))
}

fn run(args: &[String]) -> anyhow::Result<()> {
    let binary = build()?;
    let mut cmd = Command::new(binary);
    cmd.arg("serve").args(args).current_dir(std::env::current_dir()?);
    run_cmd(&mut cmd)
}
