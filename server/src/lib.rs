//! Keepsake's server: an axum router over a redb metadata store and a content-addressed blob store.
//!
//! `main.rs` only parses the command line; everything else lives here so tests can start a real server
//! on `127.0.0.1:0` with [`serve`].

pub mod auth;
pub mod blobs;
pub mod client_addr;
pub mod config;
pub mod db;
pub mod error;
pub mod gc;
pub mod http;
pub mod import;
pub mod ingest;
pub mod mail;
pub mod people;
pub mod permissions;
pub mod places;
pub mod range;
pub mod routes;
pub mod site;
pub mod throttle;

use blobs::BlobStore;
use config::Config;
use std::{future::Future, sync::Arc};

/// The time source. Logic takes the time from here, never from the system clock, so tests can move it.
pub trait Clock: Send + Sync + 'static {
    /// Seconds since the Unix epoch.
    fn now(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    }
}

/// What every request shares, behind one `Arc`: handlers clone the state for each request, and one
/// reference count to bump costs far less than one per part (measured: the parts' counts were an
/// eighth of the CPU serving cached thumbnails, on two cores bouncing their cache lines).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub config: Arc<Config>,
    pub store: db::Store,
    pub blobs: Arc<dyn BlobStore>,
    pub clock: Arc<dyn Clock>,
    pub throttles: Arc<throttle::Throttles>,
    /// Sessions recently seen, so most requests skip the database to know who calls.
    pub sessions: Arc<auth::SessionCache>,
    /// Bounds the argon2 hashing and verifying running at once.
    pub passwords: Arc<auth::PasswordGate>,
    pub mailer: Option<Arc<mail::Mailer>>,
    pub blob_gate: Arc<gc::BlobGate>,
    /// Short-lived tickets for ZIP downloads of a selection.
    pub downloads: Arc<routes::downloads::Tickets>,
    /// Thumbnails and previews sent lately, kept in memory (bounded).
    pub small_files: Arc<routes::assets::SmallFiles>,
    /// Decoding done on the server at once (memory-heavy), bounded.
    pub decodes: Arc<ingest::DecodeGate>,
    /// ZIPs being written, bounded overall and per caller.
    pub zips: Arc<routes::downloads::ZipSlots>,
    /// Uploads a request is writing to right now.
    pub busy_uploads: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
    /// Bytes the upload routes have read since start (`GET /stats`).
    pub upload_bytes_received: Arc<std::sync::atomic::AtomicU64>,
}

impl AppState {
    /// Opens (or creates) the data directory: `keepsake.redb`, `blobs/`, `uploads/`, `tmp/`. Sweeps what a
    /// crash may have left: blobs no record refers to, partial upload files with no upload record.
    pub fn open(config: Config) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&config.data_dir)?;
        let store = db::Store::open(&config.data_dir.join("keepsake.redb"))?;
        let tmp = config.data_dir.join("tmp");
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        // Print files and ZIPs are written here whatever keeps the blobs.
        std::fs::create_dir_all(&tmp)?;
        store.migrate().map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let location = blob_location(&store, config.blobs.as_ref())?;
        let blobs = blobs::open(&location, &config.data_dir, config.s3_credentials.as_ref())?;
        tracing::info!(blobs = %blobs.describe(), "blob store");
        let uploads = store.uploads().map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let keys = blobs.keys()?;
        let in_use = store.blobs_in_use(&keys).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let swept = blobs.sweep_orphans(&|key| in_use.contains(key))?;
        if swept > 0 {
            tracing::info!(swept, "removed blobs left by an interrupted write");
        }
        let uploads_dir = config.uploads_dir();
        std::fs::create_dir_all(&uploads_dir)?;
        let open: std::collections::HashSet<&str> = uploads.iter().map(|u| u.id.as_str()).collect();
        for entry in std::fs::read_dir(&uploads_dir)? {
            let entry = entry?;
            if !entry.file_name().to_str().is_some_and(|n| open.contains(n)) {
                std::fs::remove_file(entry.path())?;
            }
        }
        let mailer = config
            .smtp_url
            .as_deref()
            .map(|url| mail::Mailer::new(url, &config.smtp_from).map(Arc::new))
            .transpose()?;
        Ok(Self(Arc::new(Shared {
            config: Arc::new(config),
            store,
            blobs,
            clock: Arc::new(SystemClock),
            throttles: Arc::default(),
            passwords: Arc::default(),
            sessions: Arc::default(),
            mailer,
            blob_gate: Arc::default(),
            downloads: Arc::default(),
            zips: Arc::default(),
            decodes: Arc::default(),
            small_files: Arc::default(),
            busy_uploads: Arc::default(),
            upload_bytes_received: Arc::default(),
        })))
    }

    /// The same state with another clock (tests move time on); only before the state is shared.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        Arc::get_mut(&mut self.0).expect("the state is not shared yet").clock = clock;
        self
    }
}

/// Where this library's blobs are: where it records them, which `configured` must agree with (a
/// library is moved by `keepsake blobs migrate`, never by changing a setting). A library that
/// records nothing yet is recorded where it is configured, or in the local directory when it has
/// blobs from before the setting existed.
pub fn blob_location(
    store: &db::Store,
    configured: Option<&blobs::BlobLocation>,
) -> anyhow::Result<blobs::BlobLocation> {
    let internal = |e: error::AppError| anyhow::anyhow!("{e:?}");
    let recorded = store.blob_location().map_err(internal)?;
    match (recorded, configured) {
        (Some(recorded), None) => Ok(recorded),
        (Some(recorded), Some(configured)) if recorded == *configured => Ok(recorded),
        (Some(recorded), Some(configured)) => anyhow::bail!(
            "this library's blobs are in {recorded}, not {configured}: move them with `keepsake blobs migrate --to {configured}`, or unset KEEPSAKE_BLOBS"
        ),
        (None, configured) => {
            let location = if store.has_blobs().map_err(internal)? {
                blobs::BlobLocation::Local
            } else {
                configured.cloned().unwrap_or_default()
            };
            store.set_blob_location(&location).map_err(internal)?;
            blob_location(store, configured)
        }
    }
}

pub fn router(state: AppState) -> axum::Router {
    routes::router(state)
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let housekeeping = gc::spawn_housekeeping(state.clone());
    let (limits, trusted) = (state.config.connections.clone(), state.config.trusted_proxies.clone());
    let served = http::serve(listener, router(state), limits, trusted, shutdown).await;
    // It holds the state, and with it the database, which a restart in the same process reopens.
    housekeeping.abort();
    let _ = housekeeping.await;
    served
}
