//! Whole-file SHA-256, fed in pieces so a 4 GB video never has to sit in memory.

use sha2::{Digest, Sha256};

#[derive(Default, Clone)]
pub struct StreamingSha256(Sha256);

impl StreamingSha256 {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, chunk: &[u8]) {
        self.0.update(chunk);
    }

    /// Lower-case hex, the form every API field uses.
    pub fn finish_hex(self) -> String {
        hex::encode(self.0.finalize())
    }

    pub fn of(bytes: &[u8]) -> String {
        let mut h = Self::new();
        h.update(bytes);
        h.finish_hex()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hash_like_the_whole() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7) as u8).collect();
        let mut h = StreamingSha256::new();
        for piece in data.chunks(333) {
            h.update(piece);
        }
        assert_eq!(h.finish_hex(), StreamingSha256::of(&data));
        assert_eq!(
            StreamingSha256::of(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
