//! `keepsake serve | inspect | import`: parses the command line and hands over to the library.

use anyhow::{Context, bail};
use keepsake_server::{AppState, config::Config, ingest};
use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
};

const USAGE: &str = "usage:
  keepsake serve [--listen ADDR] [--data DIR]
  keepsake inspect [--json] FILE...
  keepsake import --user NAME [--data DIR] DIR...

Environment: KEEPSAKE_LISTEN, KEEPSAKE_DATA, KEEPSAKE_MAX_UPLOAD_BYTES, KEEPSAKE_SECURE_COOKIES, RUST_LOG.";

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        args.push("serve".into());
    }
    let command = args.remove(0);
    let mut config = Config::from_env()?;
    let mut json = false;
    let mut user = None;
    let mut rest = Vec::new();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => config.listen = value("--listen")?,
            "--data" => config.data_dir = value("--data")?.into(),
            "--user" => user = Some(value("--user")?),
            "--json" => json = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other if other.starts_with("--") => bail!("unknown option {other}\n{USAGE}"),
            _ => rest.push(arg),
        }
    }
    match command.as_str() {
        "serve" => serve(config),
        "inspect" => inspect(&rest, json),
        "import" => import(config, &user.context("import needs --user NAME")?, &rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other}\n{USAGE}"),
    }
}

fn init_tracing() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "keepsake_server=info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
}

fn serve(config: Config) -> anyhow::Result<()> {
    init_tracing();
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let data = config.data_dir.clone();
        let state = AppState::open(config).context("cannot open the data directory")?;
        let addr = listener.local_addr()?;
        tracing::info!(data = %data.display(), "Keepsake is serving on http://{addr}");
        println!("Keepsake is serving on http://{addr} (data in {})", data.display());
        keepsake_server::serve(listener, state, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    })
}

/// How much of a file `inspect` reads: photos whole (their derivatives need it), enough for any header.
const INSPECT_MAX_BYTES: u64 = 256 << 20;

fn read_head(path: &Path) -> std::io::Result<(Vec<u8>, u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut hasher = keepsake_media::StreamingSha256::new();
    let mut head = Vec::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if (head.len() as u64) < INSPECT_MAX_BYTES {
            head.extend_from_slice(&buf[..n]);
        }
        hasher.update(&buf[..n]);
    }
    Ok((head, len, hasher.finish_hex()))
}

fn inspect(files: &[String], json: bool) -> anyhow::Result<()> {
    if files.is_empty() {
        bail!("inspect needs at least one FILE\n{USAGE}");
    }
    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    for file in files {
        let result =
            read_head(Path::new(file)).map_err(|e| e.to_string()).and_then(|(head, bytes, sha256)| {
                keepsake_media::read_metadata(&head)
                    .map(|(f, m)| (f, m, bytes, sha256))
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok((format, meta, bytes, sha256)) => {
                let kind = if format.is_photo() { "photo" } else { "video" };
                if json {
                    let line = serde_json::json!({
                        "file": file, "mime": format.mime(), "bytes": bytes, "sha256": sha256, "kind": kind,
                        "width": meta.width, "height": meta.height, "taken_at": meta.taken_at,
                        "camera": meta.camera, "exposure": meta.exposure, "gps": meta.gps,
                        "orientation": meta.orientation, "duration": meta.duration,
                    });
                    writeln!(out, "{line}")?;
                } else {
                    writeln!(out, "{file}")?;
                    writeln!(out, "  type      {} ({kind}), {bytes} bytes", format.mime())?;
                    writeln!(
                        out,
                        "  size      {}",
                        meta.width.zip(meta.height).map_or("unknown".into(), |(w, h)| format!("{w}×{h}"))
                    )?;
                    writeln!(out, "  taken     {}", meta.taken_at.as_deref().unwrap_or("unknown"))?;
                    let c = &meta.camera;
                    let camera: Vec<&str> =
                        [&c.make, &c.model, &c.lens].into_iter().flatten().map(String::as_str).collect();
                    writeln!(
                        out,
                        "  camera    {}",
                        if camera.is_empty() { "unknown".into() } else { camera.join(" · ") }
                    )?;
                    let e = &meta.exposure;
                    writeln!(
                        out,
                        "  exposure  {} s, f/{}, ISO {}, {} mm",
                        e.exposure_time.map_or("?".into(), |v| v.to_string()),
                        e.f_number.map_or("?".into(), |v| v.to_string()),
                        e.iso.map_or("?".into(), |v| v.to_string()),
                        e.focal_length.map_or("?".into(), |v| v.to_string())
                    )?;
                    if let Some(g) = meta.gps {
                        writeln!(
                            out,
                            "  place     {:.6}, {:.6}{}",
                            g.lat,
                            g.lon,
                            g.alt.map_or(String::new(), |a| format!(", {a:.1} m"))
                        )?;
                    }
                    writeln!(out, "  sha256    {sha256}")?;
                }
            }
            Err(error) => {
                failed += 1;
                if json {
                    writeln!(out, "{}", serde_json::json!({"file": file, "error": error}))?;
                } else {
                    writeln!(out, "{file}\n  error     {error}")?;
                }
            }
        }
    }
    if failed > 0 && !json {
        eprintln!("{failed} of {} files could not be read", files.len());
    }
    Ok(())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn import(config: Config, username: &str, dirs: &[String]) -> anyhow::Result<()> {
    if dirs.is_empty() {
        bail!("import needs at least one DIR\n{USAGE}");
    }
    let state =
        AppState::open(config.clone()).context("cannot open the data directory (is the server running?)")?;
    let user = state
        .store
        .user_by_name(username)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .with_context(|| format!("no user named {username}"))?;
    let mut files = Vec::new();
    for dir in dirs {
        walk(Path::new(dir), &mut files).with_context(|| format!("cannot read {dir}"))?;
    }
    let total = files.len();
    let (mut added, mut duplicates, mut skipped, mut failed) = (0, 0, 0, 0);
    let mut err = std::io::stderr().lock();
    for (n, path) in files.iter().enumerate() {
        let root = dirs.iter().map(Path::new).find(|d| path.starts_with(d)).expect("walked from a root");
        let folder = path.parent().and_then(|p| p.strip_prefix(root.parent().unwrap_or(root)).ok());
        let shown = path.display();
        write!(err, "\r[{}/{total}] {added} added, {duplicates} duplicates, {failed} failed  ", n + 1)?;
        match import_one(&state, user.id, path, folder) {
            Ok(ImportOutcome::Added) => added += 1,
            Ok(ImportOutcome::Duplicate) => duplicates += 1,
            Ok(ImportOutcome::NotMedia) => skipped += 1,
            Err(e) => {
                failed += 1;
                writeln!(err, "\n{shown}: {e}")?;
            }
        }
    }
    writeln!(
        err,
        "\rimported {added}, {duplicates} already there, {skipped} not photos or videos, {failed} failed"
    )?;
    if failed > 0 {
        bail!("{failed} files could not be imported");
    }
    Ok(())
}

enum ImportOutcome {
    Added,
    Duplicate,
    NotMedia,
}

fn import_one(
    state: &AppState,
    owner: u64,
    path: &Path,
    folder: Option<&Path>,
) -> anyhow::Result<ImportOutcome> {
    let (head, bytes, sha256) = read_head(path)?;
    let Ok((format, metadata)) = keepsake_media::read_metadata(&head) else {
        return Ok(ImportOutcome::NotMedia);
    };
    let known = state
        .store
        .owner_hashes(owner, std::slice::from_ref(&sha256))
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    if !known.is_empty() {
        return Ok(ImportOutcome::Duplicate);
    }
    // The blob store takes ownership of a file by renaming it, so copy the original next to it first.
    let staged = state.config.uploads_dir().join(format!("import-{}", keepsake_server::auth::random_hex(8)));
    std::fs::copy(path, &staged)?;
    std::fs::File::open(&staged)?.sync_all()?;
    let result = (|| {
        let derived = ingest::derive_on_server(state, format, &staged, metadata.orientation)?;
        let (thumbnail, preview, placeholder) = match derived {
            Some((t, p, h)) => (Some(t), Some(p), Some(h)),
            None => (None, None, None),
        };
        let filename = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let asset = ingest::NewAsset {
            owner,
            filename: ingest::clean_filename(&filename),
            folder: ingest::clean_folder(folder.map(|f| f.to_string_lossy()).as_deref()),
            format,
            bytes,
            sha256,
            metadata,
            thumbnail,
            preview,
            placeholder,
        };
        ingest::commit(state, asset, &staged, None)
    })();
    let _ = std::fs::remove_file(&staged);
    match result {
        Ok((_, true)) => Ok(ImportOutcome::Added),
        Ok((_, false)) => Ok(ImportOutcome::Duplicate),
        Err(e) => bail!("{e}"),
    }
}
