//! Blobs as files under a local directory, `ab/cd/abcd…`: written to a temporary file, fsynced, then
//! renamed into place and the directory fsynced.

use super::{BlobKind, BlobStore, ByteStream, is_key};
use futures_util::future::BoxFuture;
use sha2::{Digest, Sha256};
use std::{
    io::{self, Read, Seek, Write},
    ops::Range,
    path::{Path, PathBuf},
};

pub struct LocalBlobs {
    root: PathBuf,
    tmp: PathBuf,
}

impl LocalBlobs {
    /// `root` holds the blobs; `tmp` must be on the same filesystem so renames are atomic.
    pub fn open(root: PathBuf, tmp: PathBuf) -> io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        std::fs::create_dir_all(&tmp)?;
        Ok(Self { root, tmp })
    }

    fn location(&self, key: &str) -> PathBuf {
        self.root.join(&key[0..2]).join(&key[2..4]).join(key)
    }

    /// The file holding the blob, if there is one.
    fn path(&self, key: &str) -> Option<PathBuf> {
        if !is_key(key) {
            return None;
        }
        let path = self.location(key);
        path.is_file().then_some(path)
    }

    pub fn has(&self, key: &str) -> bool {
        self.path(key).is_some()
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

fn missing(key: &str) -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, format!("blob {key} missing"))
}

impl BlobStore for LocalBlobs {
    fn adopt(&self, file: &Path, key: &str, _: BlobKind) -> io::Result<()> {
        assert!(is_key(key), "blob keys are SHA-256 hex");
        let target = self.location(key);
        let dir = target.parent().expect("blob paths have a parent");
        std::fs::create_dir_all(dir)?;
        if target.exists() {
            // Same key, same bytes: the copy already stored is as good.
            return std::fs::remove_file(file);
        }
        std::fs::rename(file, &target)?;
        sync_dir(dir)
    }

    fn put(&self, bytes: &[u8], kind: BlobKind) -> io::Result<String> {
        let key = hex::encode(Sha256::digest(bytes));
        if self.location(&key).exists() {
            return Ok(key);
        }
        let tmp = self.tmp.join(format!("{key}.{}", crate::auth::random_hex(8)));
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        self.adopt(&tmp, &key, kind)?;
        Ok(key)
    }

    fn len(&self, key: &str) -> io::Result<Option<u64>> {
        if !is_key(key) {
            return Ok(None);
        }
        match std::fs::metadata(self.location(key)) {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn read_at(&self, key: &str, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let mut file = std::fs::File::open(self.path(key).ok_or_else(|| missing(key))?)?;
        file.seek(io::SeekFrom::Start(offset))?;
        let mut out = Vec::with_capacity(len.min(4 << 20));
        file.take(len as u64).read_to_end(&mut out)?;
        Ok(out)
    }

    fn stream(&self, key: &str, range: Range<u64>) -> BoxFuture<'static, io::Result<ByteStream>> {
        use tokio::io::AsyncSeekExt;
        let path = self.path(key).ok_or_else(|| missing(key));
        Box::pin(async move {
            let mut file = tokio::fs::File::open(path?).await?;
            file.seek(io::SeekFrom::Start(range.start)).await?;
            let body = tokio::io::AsyncReadExt::take(file, range.end - range.start);
            Ok(Box::pin(tokio_util::io::ReaderStream::with_capacity(body, 256 << 10)) as ByteStream)
        })
    }

    fn keys(&self) -> io::Result<Vec<String>> {
        let mut keys = Vec::new();
        for a in std::fs::read_dir(&self.root)? {
            for b in std::fs::read_dir(a?.path())? {
                for file in std::fs::read_dir(b?.path())? {
                    if let Some(name) = file?.file_name().to_str().filter(|n| is_key(n)) {
                        keys.push(name.to_string());
                    }
                }
            }
        }
        Ok(keys)
    }

    fn remove(&self, key: &str) -> io::Result<()> {
        if !is_key(key) {
            return Ok(());
        }
        match std::fs::remove_file(self.location(key)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    fn describe(&self) -> String {
        format!("the directory {}", self.root.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_is_content_addressed_and_orphans_are_swept() {
        let dir = std::env::temp_dir().join(format!("keepsake-blobs-{}", crate::auth::random_hex(8)));
        let blobs = LocalBlobs::open(dir.join("blobs"), dir.join("tmp")).unwrap();
        let a = blobs.put(b"hello", BlobKind::Original).unwrap();
        assert_eq!(a, blobs.put(b"hello", BlobKind::Original).unwrap());
        let b = blobs.put(b"world", BlobKind::Derivative).unwrap();
        assert_eq!(blobs.read_at(&a, 1, 3).unwrap(), b"ell");
        assert_eq!(blobs.read_at(&a, 3, 100).unwrap(), b"lo");
        assert_eq!(blobs.len(&a).unwrap(), Some(5));
        let removed = blobs.sweep_orphans(&|k| k == a).unwrap();
        assert_eq!(removed, 1);
        assert_eq!(blobs.len(&b).unwrap(), None);
        assert_eq!(blobs.len("../../etc/passwd").unwrap(), None);
        assert!(blobs.read_at("../../etc/passwd", 0, 10).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
