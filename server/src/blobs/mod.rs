//! Content-addressed bytes, behind one trait: a local directory (the default) or an S3-compatible
//! object store such as Garage, optionally with the small derivatives kept on the local disk.
//!
//! A blob is complete and durable in its store (fsynced and renamed; or a PUT or multipart upload the
//! store acknowledged, its payload signed with its SHA-256) before the redb transaction that refers
//! to it commits. A crash can therefore leave a blob nobody refers to, never a reference without its
//! blob; [`BlobStore::sweep_orphans`] removes the former at start.
//!
//! Every method but [`BlobStore::stream`] blocks: callers are on blocking threads already (they hash,
//! decode and fsync there).

mod local;
mod location;
pub mod maintenance;
mod s3;

pub use local::LocalBlobs;
pub use location::{BlobLocation, S3Credentials, S3Location};
pub use s3::S3Blobs;

use axum::body::Bytes;
use futures_util::{future::BoxFuture, stream::BoxStream};
use std::{io, ops::Range, path::Path};

/// What a blob is, so that a split store can keep the small, hot ones on the local disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobKind {
    Original,
    /// Thumbnails and previews: small, read by every grid, remade from the original if lost.
    Derivative,
    PrintFile,
}

/// Bytes as they arrive from a store.
pub type ByteStream = BoxStream<'static, io::Result<Bytes>>;

pub trait BlobStore: Send + Sync + 'static {
    /// Moves a finished, fsynced file into the store under `key` (its SHA-256, hex). The file is gone
    /// afterwards, whether it was stored or the store had the same bytes already.
    fn adopt(&self, file: &Path, key: &str, kind: BlobKind) -> io::Result<()>;
    /// Stores bytes under their own SHA-256 and returns the key.
    fn put(&self, bytes: &[u8], kind: BlobKind) -> io::Result<String>;
    /// The blob's length, `None` when the store does not have it.
    fn len(&self, key: &str) -> io::Result<Option<u64>>;
    /// Up to `len` bytes from `offset`, which lies within the blob (fewer at its end).
    fn read_at(&self, key: &str, offset: u64, len: usize) -> io::Result<Vec<u8>>;
    /// The bytes of `range`, streamed; not blocking. The range must lie within the blob.
    fn stream(&self, key: &str, range: Range<u64>) -> BoxFuture<'static, io::Result<ByteStream>>;
    /// Every key in the store.
    fn keys(&self) -> io::Result<Vec<String>>;
    /// Deletes a blob; deleting one that is not there is not an error.
    fn remove(&self, key: &str) -> io::Result<()>;
    /// Where the blobs are, for the log and `keepsake blobs` (never a secret).
    fn describe(&self) -> String;

    /// Deletes blobs that no record refers to (left by a crash between storing and committing).
    fn sweep_orphans(&self, is_referenced: &dyn Fn(&str) -> bool) -> io::Result<usize> {
        let mut removed = 0;
        for key in self.keys()? {
            if !is_referenced(&key) {
                self.remove(&key)?;
                removed += 1;
            }
        }
        Ok(removed)
    }
}

pub fn is_key(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The store could not be reached or could not answer (an object store without quorum): the request
/// may succeed later, and the client is told so with a 503.
#[derive(Debug, thiserror::Error)]
#[error("the blob store is unavailable: {0}")]
pub struct Unavailable(pub String);

impl Unavailable {
    pub fn io(detail: impl Into<String>) -> io::Error {
        io::Error::other(Self(detail.into()))
    }

    /// Whether `e` (or what it wraps) says the store is unavailable.
    pub fn is(e: &(dyn std::error::Error + 'static)) -> bool {
        let mut source = Some(e);
        while let Some(e) = source {
            // An I/O error's `source` skips the error it carries, so that is looked at here.
            let carried = e.downcast_ref::<io::Error>().and_then(|io| io.get_ref());
            if e.is::<Self>() || carried.is_some_and(|c| c.is::<Self>()) {
                return true;
            }
            source = e.source();
        }
        false
    }
}

/// A blob read from start to end in chunks, holding one chunk at a time.
pub struct BlobReader<'a> {
    store: &'a dyn BlobStore,
    key: String,
    at: u64,
    len: u64,
    chunk: Vec<u8>,
    used: usize,
}

impl<'a> BlobReader<'a> {
    const CHUNK: usize = 4 << 20;

    pub fn open(store: &'a dyn BlobStore, key: &str) -> io::Result<Self> {
        let len = store.len(key)?.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such blob"))?;
        Ok(Self { store, key: key.to_string(), at: 0, len, chunk: Vec::new(), used: 0 })
    }

    /// The blob's length.
    pub fn size(&self) -> u64 {
        self.len
    }
}

impl io::Read for BlobReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.used == self.chunk.len() {
            if self.at >= self.len {
                return Ok(0);
            }
            let want = Self::CHUNK.min((self.len - self.at) as usize);
            self.chunk = self.store.read_at(&self.key, self.at, want)?;
            self.used = 0;
            if self.chunk.is_empty() {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the blob ended early"));
            }
            self.at += self.chunk.len() as u64;
        }
        let n = out.len().min(self.chunk.len() - self.used);
        out[..n].copy_from_slice(&self.chunk[self.used..self.used + n]);
        self.used += n;
        Ok(n)
    }
}

/// A blob read at any offset, for finding its metadata (see `keepsake_media::redact`).
pub struct BlobAt<'a> {
    pub store: &'a dyn BlobStore,
    pub key: &'a str,
    pub len: u64,
}

impl keepsake_media::redact::ReadAt for BlobAt<'_> {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        self.store.read_at(self.key, offset, len).ok()
    }
}

/// Opens the store `location` names. An object store is checked (one listing) before it is used.
pub fn open(
    location: &BlobLocation,
    data_dir: &Path,
    credentials: Option<&S3Credentials>,
) -> anyhow::Result<std::sync::Arc<dyn BlobStore>> {
    let local = || LocalBlobs::open(data_dir.join("blobs"), data_dir.join("tmp"));
    Ok(match location {
        BlobLocation::Local => std::sync::Arc::new(local()?),
        BlobLocation::S3(s3) => {
            let credentials = credentials.ok_or_else(|| {
                anyhow::anyhow!(
                    "{location} needs credentials: KEEPSAKE_S3_KEY_ID and KEEPSAKE_S3_SECRET (or KEEPSAKE_S3_SECRET_FILE)"
                )
            })?;
            let remote = S3Blobs::open(s3, credentials)?.with_journal(data_dir.join("multipart"))?;
            if s3.derivatives_local {
                std::sync::Arc::new(Split { local: local()?, remote })
            } else {
                std::sync::Arc::new(remote)
            }
        }
    })
}

/// Derivatives on the local disk, originals and print files in the object store: grids are served
/// from the disk, the bulky bytes replicate. Reads look on the disk first (a missing file is a
/// cheap answer), then in the object store.
pub struct Split {
    local: LocalBlobs,
    remote: S3Blobs,
}

impl BlobStore for Split {
    fn adopt(&self, file: &Path, key: &str, kind: BlobKind) -> io::Result<()> {
        match kind {
            BlobKind::Derivative => self.local.adopt(file, key, kind),
            _ => self.remote.adopt(file, key, kind),
        }
    }

    fn put(&self, bytes: &[u8], kind: BlobKind) -> io::Result<String> {
        match kind {
            BlobKind::Derivative => self.local.put(bytes, kind),
            _ => self.remote.put(bytes, kind),
        }
    }

    fn len(&self, key: &str) -> io::Result<Option<u64>> {
        match self.local.len(key)? {
            Some(len) => Ok(Some(len)),
            None => self.remote.len(key),
        }
    }

    fn read_at(&self, key: &str, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        if self.local.len(key)?.is_some() {
            return self.local.read_at(key, offset, len);
        }
        self.remote.read_at(key, offset, len)
    }

    fn stream(&self, key: &str, range: Range<u64>) -> BoxFuture<'static, io::Result<ByteStream>> {
        if self.local.has(key) { self.local.stream(key, range) } else { self.remote.stream(key, range) }
    }

    fn keys(&self) -> io::Result<Vec<String>> {
        let mut keys = self.local.keys()?;
        keys.extend(self.remote.keys()?);
        keys.sort_unstable();
        keys.dedup();
        Ok(keys)
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        self.local.remove(key)?;
        self.remote.remove(key)
    }

    fn describe(&self) -> String {
        format!("{} (derivatives in {})", self.remote.describe(), self.local.describe())
    }
}

/// Copies one blob from `from` into `to` through a temporary file in `tmp`, checking its SHA-256 on
/// the way: the bytes are never all in memory. Returns their length.
pub fn copy(
    from: &dyn BlobStore,
    to: &dyn BlobStore,
    key: &str,
    kind: BlobKind,
    tmp: &Path,
) -> anyhow::Result<u64> {
    let mut reader = BlobReader::open(from, key)?;
    let path = tmp.join(format!("copy-{key}.{}", crate::auth::random_hex(8)));
    let result = (|| {
        let mut file = std::fs::File::create(&path)?;
        let (sha256, copied) = crate::ingest::hash_through(&mut reader, &mut file)?;
        file.sync_all()?;
        if sha256 != key {
            anyhow::bail!("blob {key} holds other bytes (SHA-256 {sha256})");
        }
        to.adopt(&path, key, kind)?;
        Ok(copied)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&path);
    }
    result
}

/// Reads a blob through and checks it is the bytes its key names. `Ok(None)` when it is missing.
pub fn verify(store: &dyn BlobStore, key: &str) -> anyhow::Result<Option<u64>> {
    let mut reader = match BlobReader::open(store, key) {
        Ok(reader) => reader,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let (sha256, len) = crate::ingest::hash_through(&mut reader, &mut io::sink())?;
    anyhow::ensure!(sha256 == key, "blob {key} holds other bytes (SHA-256 {sha256})");
    anyhow::ensure!(len == reader.size(), "blob {key} is {len} bytes, its store says {}", reader.size());
    Ok(Some(len))
}
