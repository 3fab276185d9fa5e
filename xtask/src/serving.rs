//! `cargo xtask bench`, serving: Keepsake against nginx on the same blob files, measured with wrk.
//!
//! The server's data is the corpus's JPEGs imported through `keepsake import` (server-made thumbnails
//! and previews) and a 50 MB video. nginx (Debian's `nginx-light`) serves the same blob directory on
//! another port; wrk (Debian's) asks both for the same files, rotating through them: thumbnails,
//! previews, 1 MiB `Range` parts of the 50 MB original, and the JSON timeline page (nginx serves a copy
//! of the page Keepsake made). Keepsake's requests carry a session cookie and pass every check.

use crate::{
    target_dir,
    test::{corpus_dir, ensure_debian},
};
use anyhow::{Context, bail};
use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::Path,
    process::{Child, Command, Stdio},
};

const DURATION: &str = "5s";
/// Rounds per case, Keepsake and nginx taking turns; the median round is reported. One round each
/// moved nginx's figure by a quarter between runs on this two-core machine.
const ROUNDS: usize = 3;

/// A server process, killed when dropped.
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// nginx's master, stopped with its workers (killing the master alone would leave them running).
struct Nginx {
    process: Process,
    prefix: std::path::PathBuf,
    conf: std::path::PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = Command::new("/usr/sbin/nginx")
            .arg("-p")
            .arg(&self.prefix)
            .arg("-c")
            .arg(&self.conf)
            .args(["-s", "stop"])
            .status();
        let _ = self.process.0.wait();
    }
}

pub fn start_keepsake(binary: &Path, data: &Path, env: &[(&str, &str)]) -> anyhow::Result<(Process, String)> {
    let mut child = Command::new(binary)
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot start keepsake")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut line)?;
    let address = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .with_context(|| format!("keepsake did not start: {line}"))?
        .to_string();
    Ok((Process(child), address))
}

/// Header names (lower case) and values; also (Keepsake path, nginx path) pairs.
type Pairs = Vec<(String, String)>;

/// One HTTP/1.1 request on its own connection: status, headers (lower-case names) and body.
pub fn http(
    address: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    json: Option<&str>,
) -> anyhow::Result<(u16, Pairs, Vec<u8>)> {
    http_with(address, method, path, cookie, json.map(|j| ("application/json", j.as_bytes())))
}

/// [`http`] with a body of any type: `(content type, bytes)`.
pub fn http_with(
    address: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<(&str, &[u8])>,
) -> anyhow::Result<(u16, Pairs, Vec<u8>)> {
    let mut stream = TcpStream::connect(address)?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    if let Some(cookie) = cookie {
        request.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    if let Some((kind, body)) = body {
        request.push_str(&format!("Content-Type: {kind}\r\nContent-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    stream.write_all(body.map_or(&[][..], |(_, b)| b))?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").context("no header end")?;
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let mut lines = head.lines();
    let status =
        lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = response[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Ok((status, headers, body))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 || data.len() < end + 2 + size {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[(end + 4 + size).min(data.len())..];
    }
    out
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A 50 MB MP4 (a header and empty media data): stored and served as any original is.
fn big_video(path: &Path) -> anyhow::Result<()> {
    let size: u32 = 50 << 20;
    let mut mp4 = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    mp4.extend_from_slice(&(size - 24).to_be_bytes());
    mp4.extend_from_slice(b"mdat");
    mp4.resize(size as usize, 0x5a);
    Ok(std::fs::write(path, mp4)?)
}

/// What wrk measured: requests per second and latency percentiles (ms).
pub struct Measured {
    pub rps: f64,
    pub p50: f64,
    pub p99: f64,
    pub errors: u64,
}

/// The round with the median throughput (its latencies with it); errors of every round.
pub fn median(mut rounds: Vec<Measured>) -> Measured {
    let errors = rounds.iter().map(|r| r.errors).sum();
    rounds.sort_by(|a, b| a.rps.total_cmp(&b.rps));
    let middle = rounds.swap_remove(rounds.len() / 2);
    Measured { errors, ..middle }
}

fn milliseconds(text: &str) -> Option<f64> {
    let (number, unit) = text.split_at(text.find(|c: char| c.is_ascii_alphabetic())?);
    let n: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        _ => return None,
    })
}

/// Runs wrk against `address` with a script that rotates through `paths` (with `headers`).
pub fn wrk(
    address: &str,
    paths: &[String],
    headers: &[(String, String)],
    connections: u32,
    dir: &Path,
) -> anyhow::Result<Measured> {
    let script = dir.join(format!("wrk-{}.lua", free_port()?));
    let list: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
    let mut lua = format!("local paths = {{{}}}\nlocal i = 0\n", list.join(","));
    for (name, value) in headers {
        lua.push_str(&format!("wrk.headers[{name:?}] = {value:?}\n"));
    }
    lua.push_str("request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n");
    lua.push_str(
        "done = function(summary, latency, requests)\n  io.write(string.format('errors %d\\n', summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))\nend\n",
    );
    std::fs::write(&script, lua)?;
    let threads = connections.min(2).to_string();
    let output = Command::new("wrk")
        .args(["-t", &threads, "-c", &connections.to_string(), "-d", DURATION, "--latency", "-s"])
        .arg(&script)
        .arg(format!("http://{address}"))
        .output()
        .context("cannot run wrk")?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!("wrk failed: {text}{}", String::from_utf8_lossy(&output.stderr));
    }
    let value =
        |prefix: &str| text.lines().find_map(|l| l.trim().strip_prefix(prefix).map(|v| v.trim().to_string()));
    let rps = value("Requests/sec:").and_then(|v| v.parse().ok()).context("wrk printed no Requests/sec")?;
    let p50 = value("50%").and_then(|v| milliseconds(&v)).context("no p50")?;
    let p99 = value("99%").and_then(|v| milliseconds(&v)).context("no p99")?;
    let errors = value("errors").and_then(|v| v.parse().ok()).unwrap_or(0)
        + value("Non-2xx or 3xx responses:").and_then(|v| v.parse().ok()).unwrap_or(0);
    Ok(Measured { rps, p50, p99, errors })
}

pub fn run(binary: &Path) -> anyhow::Result<()> {
    ensure_debian(&[("/usr/sbin/nginx", "nginx-light"), ("/usr/bin/wrk", "wrk")], "the serving benchmark")?;
    let dir = target_dir().join("bench-serving");
    let _ = std::fs::remove_dir_all(&dir);
    let (data, import) = (dir.join("data"), dir.join("import"));
    std::fs::create_dir_all(&import)?;

    // An account, then the corpus's JPEGs and a 50 MB video imported for it.
    let (server, address) = start_keepsake(binary, &data, &[])?;
    let credentials = r#"{"username":"bench","password":"correct horse battery"}"#;
    let (status, headers, _) = http(&address, "POST", "/api/v1/auth/signup", None, Some(credentials))?;
    if status != 201 {
        bail!("sign-up answered {status}");
    }
    let cookie = header(&headers, "set-cookie")
        .context("no session cookie")?
        .split(';')
        .next()
        .unwrap_or("")
        .to_string();
    drop(server);
    for entry in std::fs::read_dir(corpus_dir())? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
        if name.ends_with(".jpg") || name.ends_with(".jpeg") {
            std::fs::copy(&path, import.join(path.file_name().context("name")?))?;
        }
    }
    big_video(&import.join("big.mp4"))?;
    // Some corpus files are damaged on purpose: import says so and goes on.
    let _ = Command::new(binary)
        .args(["import", "--user", "bench", "--data"])
        .arg(&data)
        .arg(&import)
        .output()?;

    let (server, address) = start_keepsake(binary, &data, &[])?;
    let (status, _, body) = http(&address, "GET", "/api/v1/assets?limit=1000", Some(&cookie), None)?;
    if status != 200 {
        bail!("the timeline answered {status}");
    }
    let page: serde_json::Value = serde_json::from_slice(&body)?;
    let items = page["items"].as_array().context("items")?;
    let nginx_root = data.join("blobs");
    // Each file's blob, from the ETag Keepsake gives it (its SHA-256).
    let blob_path = |etag: &str| {
        let key = etag.trim_matches('"');
        format!("/{}/{}/{key}", &key[0..2], &key[2..4])
    };
    let mut pairs: std::collections::BTreeMap<&str, Vec<(String, String)>> = Default::default();
    for item in items {
        let id = item["id"].as_str().context("id")?;
        let video = item["filename"].as_str() == Some("big.mp4");
        let kinds: &[&str] = if video { &["original"] } else { &["thumbnail", "preview"] };
        for kind in kinds {
            let ours = format!("/api/v1/assets/{id}/{kind}");
            let (status, headers, _) = http(&address, "HEAD", &ours, Some(&cookie), None)?;
            if status == 200
                && let Some(etag) = header(&headers, "etag")
            {
                pairs.entry(kind).or_default().push((ours, blob_path(etag)));
            }
        }
    }
    // The timeline page as Keepsake sends it, for nginx to send as a file.
    let timeline = "/api/v1/assets?limit=100";
    let (_, _, page) = http(&address, "GET", timeline, Some(&cookie), None)?;
    std::fs::write(nginx_root.join("timeline.json"), page)?;

    let nginx_port = free_port()?;
    let conf = dir.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "worker_processes 2;\ndaemon off;\npid {pid};\nerror_log stderr warn;\nevents {{ worker_connections 1024; }}\n\
             http {{\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  tcp_nodelay on;\n  keepalive_requests 1000000;\n\
             client_body_temp_path {tmp}; proxy_temp_path {tmp}; fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};\n\
             default_type application/octet-stream;\n  server {{ listen 127.0.0.1:{nginx_port}; root {root}; }}\n}}\n",
            pid = dir.join("nginx.pid").display(),
            tmp = dir.display(),
            root = nginx_root.display(),
        ),
    )?;
    let nginx = Nginx {
        process: Process(
            Command::new("/usr/sbin/nginx")
                .args(["-p"])
                .arg(&dir)
                .arg("-c")
                .arg(&conf)
                .stderr(Stdio::inherit())
                .spawn()
                .context("cannot start nginx")?,
        ),
        prefix: dir.clone(),
        conf: conf.clone(),
    };
    let nginx_address = format!("127.0.0.1:{nginx_port}");
    for _ in 0..50 {
        if TcpStream::connect(&nginx_address).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    let with_cookie = vec![("Cookie".to_string(), cookie.clone())];
    let range = vec![("Range".to_string(), "bytes=20971520-22020095".to_string())];
    let range_with_cookie = [with_cookie.clone(), range.clone()].concat();
    let list = |kind: &str| pairs.get(kind).cloned().unwrap_or_default();
    let cases: Vec<(String, Pairs, u32)> = vec![
        ("thumbnails".into(), list("thumbnail"), 32),
        ("thumbnails, one connection".into(), list("thumbnail"), 1),
        ("previews".into(), list("preview"), 32),
        ("50 MB original, 1 MiB ranges".into(), list("original"), 8),
        ("timeline page (JSON)".into(), vec![(timeline.to_string(), "/timeline.json".to_string())], 32),
    ];
    println!(
        "\nServing, Keepsake against nginx on the same files (wrk, median of {ROUNDS} alternating {DURATION} \
         rounds, loopback, same run):\n"
    );
    println!(
        "{:<30} {:>6} {:>12} {:>12} {:>9} {:>14} {:>14} {:>7}",
        "case", "conns", "keepsake/s", "nginx/s", "ratio", "p50/p99 ours", "p50/p99 nginx", "errors"
    );
    for (case, files, connections) in cases {
        if files.is_empty() {
            bail!("no files for {case}");
        }
        let ours: Vec<String> = files.iter().map(|(o, _)| o.clone()).collect();
        let theirs: Vec<String> = files.iter().map(|(_, n)| n.clone()).collect();
        let ranged = case.contains("ranges");
        let (our_headers, their_headers) = if ranged {
            (range_with_cookie.clone(), range.clone())
        } else {
            (with_cookie.clone(), Vec::new())
        };
        let (mut ks, mut ns) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            ks.push(wrk(&address, &ours, &our_headers, connections, &dir)?);
            ns.push(wrk(&nginx_address, &theirs, &their_headers, connections, &dir)?);
        }
        let (k, n) = (median(ks), median(ns));
        println!(
            "{case:<30} {connections:>6} {:>12.0} {:>12.0} {:>8.2}× {:>6.2}/{:<7.2} {:>6.2}/{:<7.2} {:>7}",
            k.rps,
            n.rps,
            k.rps / n.rps,
            k.p50,
            k.p99,
            n.p50,
            n.p99,
            k.errors + n.errors
        );
        let line = serde_json::json!({"bench": "serving", "case": case, "connections": connections,
            "keepsake_rps": k.rps, "nginx_rps": n.rps, "ratio": k.rps / n.rps,
            "keepsake_p50_ms": k.p50, "keepsake_p99_ms": k.p99, "nginx_p50_ms": n.p50, "nginx_p99_ms": n.p99,
            "errors": k.errors + n.errors});
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(target_dir().join("bench-serving.jsonl"))?
            .write_all(format!("{line}\n").as_bytes())?;
    }
    drop(nginx);
    drop(server);
    Ok(())
}
