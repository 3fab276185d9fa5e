//! Content-addressed bytes, behind a small trait: a local directory today, an S3-compatible store later.
//!
//! A blob is written to a temporary file, fsynced, then renamed into place (and the directory fsynced)
//! before the redb transaction that refers to it commits. A crash can therefore leave a blob nobody
//! refers to, never a reference without its blob; [`BlobStore::sweep_orphans`] removes the former at start.

use sha2::{Digest, Sha256};
use std::{
    io::Write,
    path::{Path, PathBuf},
};

pub trait BlobStore: Send + Sync + 'static {
    /// Moves a finished, fsynced file into the store under `key` (its SHA-256, hex).
    fn adopt(&self, file: &Path, key: &str) -> std::io::Result<()>;
    /// Stores bytes under their own SHA-256 and returns the key.
    fn put(&self, bytes: &[u8]) -> std::io::Result<String>;
    /// A local path to serve the blob from, if it exists.
    fn path(&self, key: &str) -> Option<PathBuf>;
    /// Every key in the store.
    fn keys(&self) -> std::io::Result<Vec<String>>;
    fn remove(&self, key: &str) -> std::io::Result<()>;

    /// Deletes blobs that no record refers to (left by a crash between rename and commit).
    fn sweep_orphans(&self, is_referenced: &dyn Fn(&str) -> bool) -> std::io::Result<usize> {
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

pub struct LocalBlobs {
    root: PathBuf,
    tmp: PathBuf,
}

pub fn is_key(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl LocalBlobs {
    /// `root` holds the blobs; `tmp` must be on the same filesystem so renames are atomic.
    pub fn open(root: PathBuf, tmp: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        std::fs::create_dir_all(&tmp)?;
        Ok(Self { root, tmp })
    }

    fn location(&self, key: &str) -> PathBuf {
        self.root.join(&key[0..2]).join(&key[2..4]).join(key)
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

impl BlobStore for LocalBlobs {
    fn adopt(&self, file: &Path, key: &str) -> std::io::Result<()> {
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

    fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let key = hex::encode(Sha256::digest(bytes));
        if self.location(&key).exists() {
            return Ok(key);
        }
        let tmp = self.tmp.join(format!("{key}.{}", crate::auth::random_hex(8)));
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        self.adopt(&tmp, &key)?;
        Ok(key)
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        if !is_key(key) {
            return None;
        }
        let path = self.location(key);
        path.is_file().then_some(path)
    }

    fn keys(&self) -> std::io::Result<Vec<String>> {
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

    fn remove(&self, key: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.location(key)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_is_content_addressed_and_orphans_are_swept() {
        let dir = std::env::temp_dir().join(format!("keepsake-blobs-{}", crate::auth::random_hex(8)));
        let blobs = LocalBlobs::open(dir.join("blobs"), dir.join("tmp")).unwrap();
        let a = blobs.put(b"hello").unwrap();
        assert_eq!(a, blobs.put(b"hello").unwrap());
        let b = blobs.put(b"world").unwrap();
        assert_eq!(std::fs::read(blobs.path(&a).unwrap()).unwrap(), b"hello");
        let removed = blobs.sweep_orphans(&|k| k == a).unwrap();
        assert_eq!(removed, 1);
        assert!(blobs.path(&b).is_none());
        assert!(blobs.path("../../etc/passwd").is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
