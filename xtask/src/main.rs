//! `cargo xtask run | build | test | bench`: Keepsake's whole build, without downloading any tool.
//!
//! The browser bundle is made by compiling `app` for wasm32 and running wasm-bindgen from the
//! `wasm-bindgen-cli` crate linked into this binary (pinned to the `wasm-bindgen` version in
//! Cargo.lock). The same binary doubles as cargo's wasm test runner (`wasm-bindgen-test-runner`).

mod bench;
mod blobstore;
mod firstload;
#[path = "../../server/tests/garage/mod.rs"]
mod garage;
mod load;
mod models;
mod python;
mod serving;
mod site;
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
                                     serving against nginx with wrk; blobs local vs in Garage;
                                     search over 100,000 assets; faces
  bench serving                      only the serving comparison
  bench firstload                    only the first load on a phone: Lighthouse and a cold timeline
  bench blobstore                    only uploads and thumbnails with the blobs local vs in Garage
  bench faces                        only face detection and descriptors per photo (native)
  garage                             a three-node Garage cluster on loopback to develop against,
                                     with the settings to give a server; stops on Enter
  soak                               long runs: 30 SIGKILL trials of a server under uploads and edits,
                                     Schemathesis with 300 examples per operation, Locust's 50 people
                                     (KEEPSAKE_LOAD_SECONDS, default 180), then every fuzz target
                                     (KEEPSAKE_FUZZ_SECONDS each, default 120)
  soak load                          only the Locust run";

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
        "bench" if rest.first().is_some_and(|a| a == "firstload") => firstload::run(&build()?),
        "bench" if rest.first().is_some_and(|a| a == "blobstore") => blobstore::run(&build()?),
        "bench" if rest.first().is_some_and(|a| a == "faces") => bench::faces(),
        "bench" => bench::run(),
        "garage" => garage_cluster(),
        "soak" if rest.first().is_some_and(|a| a == "load") => load_soak(),
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

/// The long runs that do not fit in `test`: the crash-safety test with 30 kills (the test suite runs
/// 3), then every fuzz target for `FUZZ_SECONDS` each (`KEEPSAKE_FUZZ_SECONDS` overrides).
fn soak() -> anyhow::Result<()> {
    let corpus = test::corpus_dir();
    let st = python::tools()?.join("st");
    // 30 kill trials, then Schemathesis with many more examples per operation than the suite runs.
    let runs = [
        ("crash::", "the crash-safety soak", ("KEEPSAKE_CRASH_TRIALS", "30")),
        ("contract::", "the long Schemathesis run", ("KEEPSAKE_SCHEMATHESIS_EXAMPLES", "300")),
    ];
    for (tests, what, (name, value)) in runs {
        let output = cargo()
            .args([
                "test",
                "--release",
                "--package",
                "keepsake-server",
                "--test",
                "api",
                tests,
                "--",
                "--nocapture",
            ])
            .env(name, value)
            .env("KEEPSAKE_CORPUS", &corpus)
            .env("KEEPSAKE_SCHEMATHESIS", &st)
            .output()?;
        let text =
            String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
        let summary = |l: &str| {
            l.starts_with("crash test:")
                || l.starts_with("test ")
                || l.contains("panicked")
                || l.contains(" generated, ")
                || l.trim_start().starts_with("Tested: ")
                || l.trim_start().starts_with("❌")
        };
        for line in text.lines().filter(|l| summary(l)) {
            println!("{line}");
        }
        if !output.status.success() {
            bail!("{what} failed");
        }
    }
    load_soak()?;
    let seconds: u64 =
        std::env::var("KEEPSAKE_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(120);
    fuzz(&corpus, seconds)
}

/// Locust's fifty people against a release server for `KEEPSAKE_LOAD_SECONDS` (180).
fn load_soak() -> anyhow::Result<()> {
    let seconds: u64 =
        std::env::var("KEEPSAKE_LOAD_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(180);
    load::run(&build()?, &test::corpus_dir(), &python::tools()?.join("locust"), seconds)
}

const FUZZ_TARGETS: [&str; 4] = ["metadata", "location", "print_file", "derive"];

/// cargo-fuzz with the machine's nightly (never the build's toolchain): installed from crates.io into
/// ~/.cargo/bin when missing. Each target starts from the test corpus; what it finds new is kept under
/// `target/fuzz-corpus`, a crash under `target/fuzz-artifacts`, and the soak fails naming it.
fn fuzz(seeds: &Path, seconds: u64) -> anyhow::Result<()> {
    let nightly = || {
        let mut command = Command::new("cargo");
        command.arg("+nightly").env_remove("RUSTUP_TOOLCHAIN").env_remove("RUSTC").env_remove("CARGO");
        command
    };
    if !nightly().args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success()) {
        println!("xtask: installing cargo-fuzz from crates.io");
        run_cmd(
            Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]).env_remove("RUSTUP_TOOLCHAIN"),
        )?;
    }
    let mut failed = Vec::new();
    for target in FUZZ_TARGETS {
        let corpus = target_dir().join("fuzz-corpus").join(target);
        let artifacts = target_dir().join("fuzz-artifacts").join(target);
        std::fs::create_dir_all(&corpus)?;
        std::fs::create_dir_all(&artifacts)?;
        let output = nightly()
            .args(["fuzz", "run", target])
            .arg(&corpus)
            .arg(seeds)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg("-rss_limit_mb=2048")
            .current_dir(root().join("app/media"))
            .env("CARGO_TARGET_DIR", target_dir().join("fuzz"))
            .output()?;
        let log = String::from_utf8_lossy(&output.stderr);
        let runs = log.lines().rev().find_map(|l| l.strip_prefix("Done ")).unwrap_or("no runs reported");
        println!("fuzz {target}: {runs}");
        if !output.status.success() {
            let tail: Vec<&str> = log.lines().rev().take(30).collect();
            eprintln!("{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
            failed.push(target);
        }
    }
    if !failed.is_empty() {
        bail!("fuzzing found crashes in {} (inputs under target/fuzz-artifacts)", failed.join(", "));
    }
    Ok(())
}

/// The workspace this xtask was run for. `cargo run` says where the package is when it runs it: two
/// clones sharing one target directory share one `xtask` binary, so the path it was compiled in may
/// be the other clone's.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir.parent().expect("xtask lives in the workspace").to_path_buf()
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

/// The release server with the site embedded.
pub fn build() -> anyhow::Result<PathBuf> {
    site::build()?;
    run_cmd(cargo().args(["build", "--release", "--package", "keepsake-server", "--bin", "keepsake"]))?;
    Ok(target_dir().join("release").join("keepsake"))
}

fn run(args: &[String]) -> anyhow::Result<()> {
    let binary = build()?;
    let mut cmd = Command::new(binary);
    cmd.arg("serve").args(args).current_dir(std::env::current_dir()?);
    run_cmd(&mut cmd)
}

/// A cluster like the test suite's, for running the server (or one test) against by hand.
fn garage_cluster() -> anyhow::Result<()> {
    let garage_binary = test::garage_now()?;
    let cluster = garage::Cluster::start(&garage_binary, 3)?;
    let [(key_name, key), (secret_name, secret)] = test::garage_credentials();
    println!("Garage {}: three nodes on loopback. In another shell:\n", garage::VERSION);
    println!("  export {key_name}={key} {secret_name}={secret}");
    println!("  export KEEPSAKE_BLOBS='{}'", cluster.location("dev"));
    println!("  # or, for the server's test suite: export KEEPSAKE_TEST_BLOBS=\"$KEEPSAKE_BLOBS\"\n");
    println!("Press Enter to stop it.");
    std::io::stdin().read_line(&mut String::new())?;
    drop(cluster);
    Ok(())
}
