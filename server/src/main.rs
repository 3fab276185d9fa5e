//! `keepsake serve | inspect | import`: parses the command line and hands over to the library.

use anyhow::{Context, bail};
use keepsake_server::{AppState, config::Config, import, ingest};
use std::{
    io::Write,
    path::{Path, PathBuf},
};

const USAGE: &str = "usage:
  keepsake serve [--listen ADDR] [--data DIR]
  keepsake inspect [--json] FILE...
  keepsake import --user NAME [--data DIR] DIR...
  keepsake render-print [--out DIR] SAMPLE.json PHOTOS-DIR
      renders print lines ([{file, line}], the built-in price list) as the browser does
  keepsake blobs verify [--data DIR]
      reads every photo's bytes back from the blob store and checks their SHA-256
  keepsake blobs migrate --to LOCATION [--data DIR]
      copies every blob to LOCATION (local, or s3://BUCKET?endpoint=…&region=…[&derivatives=local])
      and switches the library there once all have arrived; run it again if it is interrupted

Environment: KEEPSAKE_LISTEN, KEEPSAKE_DATA, KEEPSAKE_PUBLIC_URL, KEEPSAKE_TRUSTED_PROXIES,
KEEPSAKE_MAX_UPLOAD_BYTES, KEEPSAKE_MAX_CONNECTIONS, KEEPSAKE_UPLOAD_EXPIRY_DAYS, KEEPSAKE_SECURE_COOKIES,
KEEPSAKE_TRASH_DAYS, KEEPSAKE_SMTP_URL, KEEPSAKE_SMTP_FROM, KEEPSAKE_VAULT_MEMBERS, KEEPSAKE_BLOBS,
KEEPSAKE_S3_KEY_ID, KEEPSAKE_S3_SECRET, KEEPSAKE_S3_SECRET_FILE, RUST_LOG (see README).";

/// mimalloc rather than glibc's allocator: a request makes and frees many small allocations on two
/// threads, where glibc spent a tenth of the CPU serving cached thumbnails (measured with perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        args.push("serve".into());
    }
    let command = args.remove(0);
    let mut config = Config::from_env()?;
    let mut json = false;
    let mut user = None;
    let mut out = None;
    let mut to = None;
    let mut rest = Vec::new();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--listen" => config.listen = value("--listen")?,
            "--data" => config.data_dir = value("--data")?.into(),
            "--user" => user = Some(value("--user")?),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--to" => to = Some(value("--to")?),
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
        "render-print" => render_print(&rest, out.as_deref()),
        "blobs" => blobs(&config, &rest, to.as_deref()),
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

/// The font prints' captions are set in; the browser fetches the same file from the site.
const CAPTION_FONT: &[u8] = include_bytes!("../../public/fonts/DejaVuSans.ttf");

/// Renders sample print lines natively, one JSON line per print with its SHA-256: the reference the
/// wasm test compares the browser's rendering with, byte for byte.
fn render_print(args: &[String], out_dir: Option<&Path>) -> anyhow::Result<()> {
    let [sample, dir] = args else { bail!("render-print needs SAMPLE.json and PHOTOS-DIR\n{USAGE}") };
    let samples = serde_json::from_slice::<Vec<keepsake_media::print::Sample>>(&std::fs::read(sample)?)
        .context("reading the sample")?;
    let prices = keepsake_api::PriceList::default();
    let mut stdout = std::io::stdout().lock();
    for (i, sample) in samples.iter().enumerate() {
        let file = &sample.file;
        let bytes = std::fs::read(Path::new(dir).join(file)).with_context(|| format!("reading {file}"))?;
        let (layout, jpeg) = sample
            .render(&bytes, &prices, Some(CAPTION_FONT))
            .with_context(|| format!("rendering {file}"))?;
        if let Some(out) = out_dir {
            std::fs::create_dir_all(out)?;
            std::fs::write(out.join(format!("print-{i}.jpg")), &jpeg)?;
        }
        let sha256 = keepsake_media::StreamingSha256::of(&jpeg);
        let record = serde_json::json!({"file": file, "width": layout.width, "height": layout.height, "sha256": sha256});
        writeln!(stdout, "{record}")?;
    }
    Ok(())
}

fn inspect(files: &[String], json: bool) -> anyhow::Result<()> {
    if files.is_empty() {
        bail!("inspect needs at least one FILE\n{USAGE}");
    }
    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    for file in files {
        let result = ingest::read_head(Path::new(file), INSPECT_MAX_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|(head, bytes, sha256)| {
                keepsake_media::read_metadata(&head)
                    .map(|(f, m)| (f, m, bytes, sha256, keepsake_media::colour_space(f, &head)))
                    .map_err(|e| e.to_string())
            });
        match result {
            Ok((format, meta, bytes, sha256, colour)) => {
                let kind = if format.is_photo() { "photo" } else { "video" };
                if json {
                    let line = serde_json::json!({
                        "file": file, "mime": format.mime(), "bytes": bytes, "sha256": sha256, "kind": kind,
                        "width": meta.width, "height": meta.height, "taken_at": meta.taken_at,
                        "camera": meta.camera, "exposure": meta.exposure, "gps": meta.gps,
                        "orientation": meta.orientation, "duration": meta.duration, "colour": colour,
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
                    if let Some(colour) = &colour {
                        writeln!(out, "  colour    {colour}")?;
                    }
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

fn blobs(config: &Config, args: &[String], to: Option<&str>) -> anyhow::Result<()> {
    use keepsake_server::blobs::{BlobLocation, maintenance};
    init_tracing();
    let mut err = std::io::stderr().lock();
    let mut bar = |p: maintenance::Progress| {
        let width = 30;
        let filled = (p.done * width).checked_div(p.total).unwrap_or(width);
        let _ = write!(
            err,
            "\r[{}{}] {}/{} {:.12}",
            "#".repeat(filled),
            "-".repeat(width - filled),
            p.done,
            p.total,
            p.key
        );
    };
    match args {
        [verb] if verb == "verify" => {
            let (store, report) = maintenance::verify(config, &mut bar)?;
            eprintln!();
            println!(
                "{} blobs in {store}: {} read back whole ({:.1} MB), {} missing, {} damaged",
                report.checked,
                report.checked - report.missing.len() - report.damaged.len(),
                report.bytes as f64 / 1e6,
                report.missing.len(),
                report.damaged.len()
            );
            for key in &report.missing {
                println!("missing  {key}");
            }
            for (key, what) in &report.damaged {
                println!("damaged  {key}: {what}");
            }
            if !report.missing.is_empty() || !report.damaged.is_empty() {
                bail!("the blob store is missing or has damaged blobs");
            }
            Ok(())
        }
        [verb] if verb == "migrate" => {
            let to = BlobLocation::parse(to.context("blobs migrate needs --to LOCATION")?)?;
            let report = maintenance::migrate(config, &to, &mut bar)?;
            eprintln!();
            println!(
                "copied {} blobs ({:.1} MB), {} were there already, {} missing",
                report.copied,
                report.copied_bytes as f64 / 1e6,
                report.already_there,
                report.missing.len()
            );
            for key in &report.missing {
                println!("missing  {key}");
            }
            if !report.missing.is_empty() {
                bail!("some blobs are in neither store; the library still uses its old one");
            }
            println!("the library's blobs are now in {to}; the old copies are left where they were");
            Ok(())
        }
        _ => bail!("blobs needs verify or migrate\n{USAGE}"),
    }
}

fn import(config: Config, username: &str, dirs: &[String]) -> anyhow::Result<()> {
    if dirs.is_empty() {
        bail!("import needs at least one DIR\n{USAGE}");
    }
    let state = AppState::open(config).context("cannot open the data directory (is the server running?)")?;
    let roots: Vec<PathBuf> = dirs.iter().map(PathBuf::from).collect();
    let mut err = std::io::stderr().lock();
    let summary = import::run(&state, username, &roots, |progress| {
        let _ = match progress {
            import::Progress::File { done, total, summary } => write!(
                err,
                "\r[{done}/{total}] {} added, {} duplicates, {} failed  ",
                summary.added, summary.duplicates, summary.failed
            ),
            import::Progress::Failed { path, error } => writeln!(err, "\n{}: {error}", path.display()),
        };
    })?;
    eprintln!(
        "\rimported {}, {} already there, {} not photos or videos, {} failed",
        summary.added, summary.duplicates, summary.skipped, summary.failed
    );
    if summary.failed > 0 {
        bail!("{} files could not be imported", summary.failed);
    }
    Ok(())
}
