//! Blobs in an S3-compatible object store (Garage, MinIO, Amazon S3), through `object_store`.
//!
//! Objects are `blobs/<sha256>`. Every request is SigV4-signed with its payload's SHA-256
//! (`x-amz-content-sha256`), which the store checks, so a body damaged on the way is refused rather
//! than stored. Originals larger than one part go up as a multipart upload read from the file a part
//! at a time (two parts in flight): memory stays a few parts whatever the file's size. An upload a
//! crash interrupts is recorded in `multipart/` under the data directory and aborted at the next start.
//!
//! The store's requests run on a small runtime of their own, so that blocking callers can wait for
//! them from any thread, and so a slow store cannot take the server's threads.

use super::{BlobKind, BlobStore, ByteStream, S3Credentials, S3Location, Unavailable, is_key};
use futures_util::{StreamExt, TryStreamExt, future::BoxFuture};
use object_store::{
    GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig,
    aws::{AmazonS3, AmazonS3Builder},
    multipart::{MultipartStore, PartId},
    path::Path as ObjectPath,
};
use std::{
    io::{self, Read},
    ops::Range,
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

/// Parts of a multipart upload; S3 wants at least 5 MiB for all parts but the last.
const PART: usize = 8 << 20;
/// Parts sent at once by one upload.
const PARTS_IN_FLIGHT: usize = 2;
/// Multipart uploads at once, across the server: bounds their memory (parts in flight, and one
/// being read) to a few dozen megabytes.
const UPLOADS_AT_ONCE: usize = 4;

pub struct S3Blobs {
    store: Arc<AmazonS3>,
    /// `[prefix/]blobs`: where the objects are in the bucket.
    folder: String,
    runtime: Option<tokio::runtime::Runtime>,
    describe: String,
    /// Multipart uploads under way, one file each, so a crash's leftovers can be aborted.
    journal: Option<PathBuf>,
    uploads: crate::ingest::DecodeGate,
}

impl Drop for S3Blobs {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which is not allowed where a test or the server drops the state.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// A store error as an I/O error: a missing object is `NotFound`, anything else means the store
/// could not do it now (no quorum, unreachable, refused), which clients see as a 503.
fn io_error(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { path, .. } => {
            io::Error::new(io::ErrorKind::NotFound, format!("{path} is not in the object store"))
        }
        other => Unavailable::io(other.to_string()),
    }
}

impl S3Blobs {
    /// Connects to the bucket and checks that it answers (one listing of at most one key).
    pub fn open(location: &S3Location, credentials: &S3Credentials) -> anyhow::Result<Self> {
        // The TLS library takes its cryptography from ring, as lettre does; installing it twice is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&location.bucket)
            .with_region(&location.region)
            .with_access_key_id(&credentials.key_id)
            .with_secret_access_key(&credentials.secret)
            // Garage and MinIO name the bucket in the path, not the host.
            .with_virtual_hosted_style_request(false)
            // A store without quorum answers within seconds; retrying for minutes would hold the
            // request and its client that long.
            .with_retry(RetryConfig {
                max_retries: 3,
                retry_timeout: Duration::from_secs(10),
                ..RetryConfig::default()
            });
        if let Some(endpoint) = &location.endpoint {
            builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        let store = Arc::new(builder.build()?);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("keepsake-s3")
            .enable_all()
            .build()?;
        let describe = match &location.endpoint {
            Some(endpoint) => format!("the bucket {} at {endpoint}", location.bucket),
            None => format!("the S3 bucket {} in {}", location.bucket, location.region),
        };
        let folder = match location.prefix.as_str() {
            "" => "blobs".to_string(),
            prefix => format!("{prefix}/blobs"),
        };
        let blobs = Self {
            store,
            folder,
            runtime: Some(runtime),
            describe,
            journal: None,
            uploads: crate::ingest::DecodeGate::new(UPLOADS_AT_ONCE),
        };
        let (store, folder) = (blobs.store.clone(), ObjectPath::from(blobs.folder.as_str()));
        blobs
            .run(async move { store.list(Some(&folder)).take(1).try_collect::<Vec<_>>().await })
            .map_err(|e| anyhow::anyhow!("{}: {e}", blobs.describe))?;
        Ok(blobs)
    }

    /// Keeps the record of multipart uploads under `dir`, and aborts those a crash left there.
    pub fn with_journal(mut self, dir: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some((key, id)) = std::fs::read_to_string(entry.path())?.split_once('\n')
                && is_key(key)
            {
                let (store, id) = (self.store.clone(), id.trim().to_string());
                let path = self.object(key);
                match self.run(async move { store.abort_multipart(&path, &id).await }) {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                    Err(e) => {
                        tracing::warn!(upload = %name, error = %e, "an interrupted upload could not be aborted")
                    }
                }
            }
            std::fs::remove_file(entry.path())?;
        }
        self.journal = Some(dir);
        Ok(self)
    }

    fn object(&self, key: &str) -> ObjectPath {
        ObjectPath::from(format!("{}/{key}", self.folder))
    }

    fn runtime(&self) -> &tokio::runtime::Runtime {
        self.runtime.as_ref().expect("the runtime lives as long as the store")
    }

    /// Runs `future` on the store's runtime and waits for it; callable from any thread.
    fn run<T: Send + 'static>(&self, future: impl std::future::Future<Output = T> + Send + 'static) -> T {
        self.spawn(future).wait()
    }

    fn spawn<T: Send + 'static>(
        &self,
        future: impl std::future::Future<Output = T> + Send + 'static,
    ) -> Pending<T> {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        self.runtime().spawn(async move {
            let _ = sender.send(future.await);
        });
        Pending(receiver)
    }

    fn put_small(&self, key: &str, bytes: axum::body::Bytes) -> io::Result<()> {
        let (store, path) = (self.store.clone(), self.object(key));
        self.run(async move { store.put(&path, PutPayload::from(bytes)).await }).map_err(io_error)?;
        Ok(())
    }

    /// Sends `file` as a multipart upload, `PART` bytes at a time.
    fn put_multipart(&self, key: &str, mut file: std::fs::File) -> io::Result<()> {
        let _slot = self.uploads.enter();
        let path = self.object(key);
        let (store, p) = (self.store.clone(), path.clone());
        let id = self.run(async move { store.create_multipart(&p).await }).map_err(io_error)?;
        let journal =
            self.journal.as_ref().map(|dir| dir.join(format!("{key}.{}", crate::auth::random_hex(8))));
        if let Some(journal) = &journal {
            std::fs::write(journal, format!("{key}\n{id}"))?;
        }
        let sent = (|| {
            let mut in_flight: std::collections::VecDeque<Pending<object_store::Result<PartId>>> =
                std::collections::VecDeque::new();
            let mut parts = Vec::new();
            for index in 0.. {
                let mut part = Vec::with_capacity(PART);
                (&mut file).take(PART as u64).read_to_end(&mut part)?;
                if part.is_empty() && index > 0 {
                    break;
                }
                if in_flight.len() == PARTS_IN_FLIGHT {
                    parts.push(
                        Pending::wait(in_flight.pop_front().expect("one is in flight")).map_err(io_error)?,
                    );
                }
                let (store, p, id) = (self.store.clone(), path.clone(), id.clone());
                let payload = PutPayload::from(part);
                in_flight.push_back(self.spawn(async move { store.put_part(&p, &id, index, payload).await }));
            }
            for pending in in_flight {
                parts.push(pending.wait().map_err(io_error)?);
            }
            let (store, p, id) = (self.store.clone(), path.clone(), id.clone());
            self.run(async move { store.complete_multipart(&p, &id, parts).await }).map_err(io_error)
        })();
        if sent.is_err() {
            let (store, p, id) = (self.store.clone(), path.clone(), id.clone());
            if let Err(e) = self.run(async move { store.abort_multipart(&p, &id).await }) {
                // Left in the journal: the next start tries again.
                tracing::warn!(key, error = %e, "an unfinished upload could not be aborted");
                return sent.map(|_| ());
            }
        }
        if let Some(journal) = journal {
            std::fs::remove_file(journal)?;
        }
        sent.map(|_| ())
    }
}

/// A request running on the store's runtime.
struct Pending<T>(std::sync::mpsc::Receiver<T>);

impl<T> Pending<T> {
    fn wait(self) -> T {
        // The sender goes only when the task ends, after it sent; a panic in the task is a bug.
        self.0.recv().expect("a store request ended without an answer")
    }
}

impl BlobStore for S3Blobs {
    fn adopt(&self, file: &Path, key: &str, _: BlobKind) -> io::Result<()> {
        assert!(is_key(key), "blob keys are SHA-256 hex");
        let handle = std::fs::File::open(file)?;
        let len = handle.metadata()?.len();
        // Same key, same bytes: a copy already stored (a duplicate, or a finish a crash interrupted)
        // is as good. A shorter object is a leftover of nothing we wrote; it is replaced.
        if self.len(key)? != Some(len) {
            if len as usize <= PART {
                let mut bytes = Vec::with_capacity(len as usize);
                (&handle).take(len).read_to_end(&mut bytes)?;
                self.put_small(key, bytes.into())?;
            } else {
                self.put_multipart(key, handle)?;
            }
            // The store said yes; its listing must say so too before anything refers to it.
            if self.len(key)? != Some(len) {
                return Err(Unavailable::io(format!("blob {key} was stored but the store does not show it")));
            }
        }
        std::fs::remove_file(file)
    }

    fn put(&self, bytes: &[u8], _: BlobKind) -> io::Result<String> {
        let key = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(bytes));
        if self.len(&key)? != Some(bytes.len() as u64) {
            self.put_small(&key, axum::body::Bytes::copy_from_slice(bytes))?;
        }
        Ok(key)
    }

    fn len(&self, key: &str) -> io::Result<Option<u64>> {
        if !is_key(key) {
            return Ok(None);
        }
        let (store, path) = (self.store.clone(), self.object(key));
        match self.run(async move { store.head(&path).await }) {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(io_error(e)),
        }
    }

    /// `offset` must lie within the blob: S3 refuses a range that starts past its end.
    fn read_at(&self, key: &str, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        if !is_key(key) {
            return Err(io::Error::new(io::ErrorKind::NotFound, "not a blob key"));
        }
        if len == 0 {
            return Ok(Vec::new());
        }
        let (store, path) = (self.store.clone(), self.object(key));
        let range = GetRange::Bounded(offset..offset.saturating_add(len as u64));
        let options = GetOptions { range: Some(range), ..GetOptions::default() };
        let got = self.run(async move { store.get_opts(&path, options).await?.bytes().await });
        Ok(got.map_err(io_error)?.to_vec())
    }

    fn stream(&self, key: &str, range: Range<u64>) -> BoxFuture<'static, io::Result<ByteStream>> {
        let (store, path) = (self.store.clone(), self.object(key));
        let empty = range.is_empty();
        let options = GetOptions { range: Some(GetRange::Bounded(range)), ..GetOptions::default() };
        let handle = self.runtime().handle().clone();
        Box::pin(async move {
            if empty {
                return Ok(Box::pin(futures_util::stream::empty()) as ByteStream);
            }
            // The request and its body are read on the store's runtime; the response takes the chunks
            // through a small channel, so a slow client holds at most a few of them.
            let (sender, receiver) = tokio::sync::mpsc::channel::<io::Result<axum::body::Bytes>>(4);
            let (ready, started) = tokio::sync::oneshot::channel();
            handle.spawn(async move {
                let mut body = match store.get_opts(&path, options).await {
                    Ok(result) => {
                        let _ = ready.send(Ok(()));
                        result.into_stream()
                    }
                    Err(e) => {
                        let _ = ready.send(Err(io_error(e)));
                        return;
                    }
                };
                while let Some(chunk) = body.next().await {
                    if sender.send(chunk.map_err(io_error)).await.is_err() {
                        return;
                    }
                }
            });
            started.await.map_err(|_| Unavailable::io("the store's runtime stopped"))??;
            Ok(Box::pin(tokio_stream_of(receiver)) as ByteStream)
        })
    }

    fn keys(&self) -> io::Result<Vec<String>> {
        let (store, folder) = (self.store.clone(), ObjectPath::from(self.folder.as_str()));
        let listed = self.run(async move {
            store
                .list(Some(&folder))
                .map_ok(|meta| meta.location.filename().unwrap_or_default().to_string())
                .try_collect::<Vec<_>>()
                .await
        });
        Ok(listed.map_err(io_error)?.into_iter().filter(|k| is_key(k)).collect())
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        if !is_key(key) {
            return Ok(());
        }
        let (store, path) = (self.store.clone(), self.object(key));
        match self.run(async move { store.delete(&path).await }) {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(io_error(e)),
        }
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }
}

fn tokio_stream_of(
    mut receiver: tokio::sync::mpsc::Receiver<io::Result<axum::body::Bytes>>,
) -> impl futures_util::Stream<Item = io::Result<axum::body::Bytes>> + Send {
    futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx))
}
