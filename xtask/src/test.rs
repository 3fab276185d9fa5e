//! `cargo xtask test`: formatting, lints, native tests, wasm tests in headless Chromium, and the
//! Playwright suite against a freshly built server. Every suite runs even if an earlier one failed; the
//! last line totals them all as `N passed, N failed`.

use crate::{CHROMEDRIVER, CHROMIUM, WASM_TARGET, cargo, root, run_cmd, target_dir};
use anyhow::{Context, bail};
use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
};

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    problems: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, result: anyhow::Result<()>) {
        match result {
            Ok(()) => self.passed += 1,
            Err(e) => {
                self.failed += 1;
                eprintln!("xtask: {name} FAILED: {e:#}");
                self.problems.push(format!("{name}: {e:#}"));
            }
        }
    }
}

pub fn run() -> anyhow::Result<()> {
    let mut tally = Tally::default();
    tally.check("cargo fmt --check", run_cmd(cargo().args(["fmt", "--all", "--check"])));
    // The browser crates are linted for wasm32, the only target they are built for, further down.
    tally.check(
        "cargo clippy",
        run_cmd(
            cargo()
                .args(["clippy", "--workspace", "--all-targets"])
                .args(WASM_EXCLUDED)
                .args(["--", "-D", "warnings"]),
        ),
    );
    let binary = match build_with_tests() {
        Ok(b) => Some(b),
        Err(e) => {
            tally.check("build", Err(e));
            None
        }
    };
    let corpus = corpus_dir();
    // The wasm tests compare with what the native code reads; make that first.
    let inspected = target_dir().join("inspect-corpus.jsonl");
    let inspect = match &binary {
        Some(binary) => inspect_corpus(binary, &corpus, &inspected),
        None => Err(anyhow::anyhow!("no server binary")),
    };
    // And the sample print order, which the wasm test renders too and compares byte for byte.
    let printed = target_dir().join("print-sample.jsonl");
    let print = match (&binary, &inspect) {
        (Some(binary), Ok(())) => render_sample_prints(binary, &corpus, &printed),
        _ => Err(anyhow::anyhow!("no server binary or no corpus")),
    };
    let inspect_ok = inspect.is_ok() && print.is_ok();
    tally.check("keepsake inspect over the corpus", inspect);
    tally.check("keepsake render-print of the sample order", print);
    if inspect_ok {
        let mut clippy = cargo();
        clippy
            .args([
                "clippy",
                "--package",
                "keepsake-app",
                "--package",
                "keepsake-worker",
                "--all-targets",
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
            ])
            .env("KEEPSAKE_INSPECT_JSONL", &inspected)
            .env("KEEPSAKE_PRINT_JSONL", &printed);
        tally.check("cargo clippy (wasm32)", run_cmd(&mut clippy));
    }

    // Native tests in the release profile, built with the server above.
    tally.check("exiftool", ensure_exiftool());
    tally.check("Adobe RGB profile", ensure_adobe_rgb_profile());
    let python_tools = crate::python::tools();
    let schemathesis = python_tools.as_ref().map(|bin| bin.join("st")).unwrap_or_default();
    let python = python_tools.as_ref().map(|bin| bin.join("python")).unwrap_or_default();
    tally.check("Schemathesis, Locust and Pillow from PyPI", python_tools.map(|_| ()));
    let mut native = native_tests();
    native
        .arg("--no-fail-fast")
        .env("KEEPSAKE_CORPUS", &corpus)
        .env("KEEPSAKE_SCHEMATHESIS", &schemathesis)
        .env("KEEPSAKE_PYTHON", &python);
    count_libtest(&mut tally, "native tests", &mut native);

    match ensure_chromium() {
        Ok(()) => {
            let mut wasm = cargo();
            let runner = std::env::current_exe()?;
            let webdriver_json = write_webdriver_json()?;
            wasm.args([
                "test",
                "--package",
                "keepsake-app",
                "--package",
                "keepsake-worker",
                "--target",
                WASM_TARGET,
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                format!("{} wasm-bindgen-test-runner", runner.display()),
            )
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .env("KEEPSAKE_INSPECT_JSONL", &inspected)
            .env("KEEPSAKE_PRINT_JSONL", &printed);
            count_libtest(&mut tally, "wasm tests", &mut wasm);
            match binary {
                Some(binary) => end2end(&mut tally, &binary, &corpus),
                None => tally.check("end2end", Err(anyhow::anyhow!("no server binary to test"))),
            }
        }
        Err(e) => tally.check("chromium", Err(e)),
    }

    println!();
    for problem in &tally.problems {
        println!("failed: {problem}");
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// Every crate but the browser's two, which are built and tested for wasm32 only.
const WASM_EXCLUDED: [&str; 4] = ["--exclude", "keepsake-app", "--exclude", "keepsake-worker"];

/// The native test suites in the release profile. The crates with tests are named rather than the
/// workspace: cargo unifies dependency features across what it builds, and the xtask's tools (which
/// have no tests) would give shared dependencies other features and build them all a second time.
fn native_tests() -> Command {
    let mut command = cargo();
    command.args(["test", "--release"]);
    for package in ["keepsake-server", "keepsake-media", "keepsake-api"] {
        command.args(["--package", package]);
    }
    command
}

/// The site, then the release server and every native test built in one go: building the server
/// binary alone would give its dependencies other features (the tests' HTTP client adds some), and
/// all of them would be built twice. The integration tests need the binary, so cargo makes it here.
fn build_with_tests() -> anyhow::Result<PathBuf> {
    crate::site::build()?;
    run_cmd(native_tests().arg("--no-run"))?;
    let binary = target_dir().join("release").join("keepsake");
    if !binary.exists() {
        bail!("building the tests made no server binary at {}", binary.display());
    }
    Ok(binary)
}

pub fn corpus_dir() -> PathBuf {
    std::env::var_os("KEEPSAKE_CORPUS").map(PathBuf::from).unwrap_or_else(|| root().join("../shared/corpus"))
}

/// `keepsake inspect --json` over every corpus file, into `out`.
fn inspect_corpus(binary: &Path, corpus: &Path, out: &Path) -> anyhow::Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)
        .with_context(|| format!("the test corpus is missing: {}", corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e != "json" && e != "gz" && e != "md"))
        .collect();
    files.sort();
    let output = Command::new(binary).args(["inspect", "--json"]).args(&files).output()?;
    if !output.status.success() {
        bail!("inspect failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    std::fs::write(out, &output.stdout)?;
    Ok(())
}

/// `keepsake render-print` of `app/worker/tests/print-sample.json` over corpus photos, into `out`.
fn render_sample_prints(binary: &Path, corpus: &Path, out: &Path) -> anyhow::Result<()> {
    let output = Command::new(binary)
        .arg("render-print")
        .arg(root().join("app/worker/tests/print-sample.json"))
        .arg(corpus)
        .output()?;
    if !output.status.success() {
        bail!("render-print failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    std::fs::write(out, &output.stdout)?;
    Ok(())
}

/// Runs a cargo test command, echoing its output and adding up libtest's `test result:` lines.
fn count_libtest(tally: &mut Tally, name: &str, cmd: &mut Command) {
    let result = (|| -> anyhow::Result<(u64, u64, bool)> {
        let mut child = cmd.stdout(Stdio::piped()).spawn().with_context(|| format!("cannot start {name}"))?;
        let (mut passed, mut failed) = (0, 0);
        for line in BufReader::new(child.stdout.take().expect("piped")).lines() {
            let line = line?;
            println!("{line}");
            if let Some(rest) = line.trim().strip_prefix("test result: ") {
                let number = |word: &str| -> u64 {
                    rest.split(';')
                        .find_map(|part| {
                            part.trim()
                                .strip_suffix(word)
                                .map(|n| n.trim().rsplit(' ').next().unwrap_or("0").parse().unwrap_or(0))
                        })
                        .unwrap_or(0)
                };
                passed += number("passed");
                failed += number("failed");
            }
        }
        Ok((passed, failed, child.wait()?.success()))
    })();
    match result {
        Ok((passed, failed, success)) => {
            tally.passed += passed;
            tally.failed += failed;
            if !success && failed == 0 {
                // A build error or a crashed runner: no test counted it, so count it here.
                tally.check(name, Err(anyhow::anyhow!("exited with an error before reporting failures")));
            } else if failed > 0 {
                tally.problems.push(format!("{name}: {failed} failed"));
            }
        }
        Err(e) => tally.check(name, Err(e)),
    }
}

/// Chromium and ChromeDriver come from Debian; installed here when missing and we may, else a clear stop.
pub fn ensure_chromium() -> anyhow::Result<()> {
    ensure_debian(&[(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")], "the browser tests")
}

/// exiftool, the independent reader the tests check metadata against (no location leaves a link).
pub fn ensure_exiftool() -> anyhow::Result<()> {
    ensure_debian(&[("/usr/bin/exiftool", "libimage-exiftool-perl")], "the tests of metadata")
}

/// The Adobe RGB (1998) profile the colour test's reference renderer converts with.
fn ensure_adobe_rgb_profile() -> anyhow::Result<()> {
    ensure_debian(
        &[("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc", "icc-profiles-free")],
        "the colour tests",
    )
}

/// Installs with apt the Debian packages whose programs are missing: `(program path, package)`.
pub fn ensure_debian(needed: &[(&str, &str)], for_what: &str) -> anyhow::Result<()> {
    let missing: Vec<&str> = needed
        .iter()
        .filter(|(program, _)| !Path::new(program).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let root_user = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    if root_user && Path::new("/usr/bin/apt-get").exists() {
        println!("xtask: installing Debian's {}", missing.join(", "));
        run_cmd(Command::new("apt-get").arg("update"))?;
        run_cmd(
            Command::new("apt-get")
                .args(["install", "-y"])
                .args(&missing)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
        return Ok(());
    }
    bail!(
        "{for_what} need Debian's {}: install them with `sudo apt-get install {}`",
        missing.join(", "),
        missing.join(" ")
    )
}

/// Flags for Chromium in this sandbox: no background connections (the network is closed).
pub const CHROMIUM_ARGS: &[&str] = &[
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
];

fn write_webdriver_json() -> anyhow::Result<PathBuf> {
    let path = target_dir().join("webdriver.json");
    let caps = serde_json::json!({"goog:chromeOptions": {"binary": CHROMIUM, "args": CHROMIUM_ARGS}});
    std::fs::create_dir_all(target_dir())?;
    std::fs::write(&path, serde_json::to_vec_pretty(&caps)?)?;
    Ok(path)
}

/// A server started for tests; killed when dropped.
pub struct TestServer {
    child: Child,
    pub url: String,
    data: PathBuf,
}

impl TestServer {
    pub fn start(binary: &Path) -> anyhow::Result<Self> {
        let data = target_dir().join(format!("e2e-data-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let mut child = Command::new(binary)
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(&data)
            .stdout(Stdio::piped())
            .spawn()
            .context("cannot start the server")?;
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let first = lines.next().context("the server exited before it was ready")??;
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .with_context(|| format!("unexpected first line from the server: {first}"))?
            .to_string();
        Ok(Self { child, url, data })
    }
}

impl TestServer {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn end2end(tally: &mut Tally, binary: &Path, corpus: &Path) {
    let dir = root().join("end2end");
    let install = run_cmd(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    );
    if let Err(e) = install {
        return tally.check("npm ci (end2end)", Err(e));
    }
    let server = match TestServer::start(binary) {
        Ok(s) => s,
        Err(e) => return tally.check("end2end server", Err(e)),
    };
    let report = target_dir().join("playwright-report.json");
    let _ = std::fs::remove_file(&report);
    let status = Command::new(dir.join("node_modules/.bin/playwright"))
        .args(["test", "--reporter=list,json"])
        .current_dir(&dir)
        .env("KEEPSAKE_URL", &server.url)
        .env("KEEPSAKE_CORPUS", corpus)
        .env("CHROMIUM_PATH", CHROMIUM)
        .env("CHROMIUM_ARGS", CHROMIUM_ARGS.join(" "))
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
        .status();
    drop(server);
    let result = (|| -> anyhow::Result<(u64, u64)> {
        let status = status.context("cannot start playwright")?;
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(&report).with_context(|| format!("playwright wrote no report ({status})"))?,
        )?;
        let stats = &json["stats"];
        let n = |k: &str| stats[k].as_u64().unwrap_or(0);
        let (passed, failed) = (n("expected") + n("flaky"), n("unexpected"));
        if n("skipped") > 0 {
            bail!("{} end-to-end tests were skipped; none may be", n("skipped"));
        }
        if passed == 0 {
            bail!("playwright ran no test");
        }
        if !status.success() && failed == 0 {
            bail!("playwright failed ({status})");
        }
        Ok((passed, failed))
    })();
    match result {
        Ok((passed, failed)) => {
            tally.passed += passed;
            tally.failed += failed;
            if failed > 0 {
                tally.problems.push(format!("end2end: {failed} failed"));
            }
        }
        Err(e) => tally.check("end2end", Err(e)),
    }
}
