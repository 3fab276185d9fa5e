//! Recognising a file by its first bytes, never by its name.

use crate::{MediaError, bmff};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaFormat {
    Jpeg,
    Png,
    Gif,
    Webp,
    Tiff,
    Heic,
    Avif,
    Mp4,
    QuickTime,
    Webm,
}

impl MediaFormat {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Tiff => "image/tiff",
            Self::Heic => "image/heic",
            Self::Avif => "image/avif",
            Self::Mp4 => "video/mp4",
            Self::QuickTime => "video/quicktime",
            Self::Webm => "video/webm",
        }
    }

    pub fn is_photo(self) -> bool {
        !matches!(self, Self::Mp4 | Self::QuickTime | Self::Webm)
    }

    /// Formats this crate decodes itself; the rest need the browser's decoder or stay undecoded.
    pub fn decodable_here(self) -> bool {
        matches!(self, Self::Jpeg | Self::Png | Self::Gif | Self::Webp | Self::Tiff | Self::Heic | Self::Avif)
    }
}

/// Identifies a photo or video by its magic bytes.
pub fn sniff(bytes: &[u8]) -> Option<MediaFormat> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        Some(MediaFormat::Jpeg)
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some(MediaFormat::Png)
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some(MediaFormat::Gif)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(MediaFormat::Webp)
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some(MediaFormat::Tiff)
    } else if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some(MediaFormat::Webm)
    } else {
        bmff::brand_format(bytes)
    }
}

pub(crate) enum Stored {
    Plain { width: u32, height: u32 },
    Heif { width: u32, height: u32, rotation_ccw: u32 },
}

/// The pixel size as stored, before orientation, read from headers only: no decoder is involved, so a
/// file whose pixels are damaged still reports its size. `tiff_ifd0` is the size EXIF found in a TIFF.
pub(crate) fn stored_dimensions(
    format: MediaFormat,
    bytes: &[u8],
    tiff_ifd0: Option<(u32, u32)>,
) -> Result<Stored, MediaError> {
    let missing = || MediaError::Corrupt(format!("no image size in the {} header", format.mime()));
    let plain = |(width, height): (u32, u32)| Stored::Plain { width, height };
    match format {
        MediaFormat::Heic | MediaFormat::Avif => {
            let item = bmff::primary_image(bytes).ok_or_else(missing)?;
            Ok(Stored::Heif { width: item.width, height: item.height, rotation_ccw: item.rotation_ccw })
        }
        MediaFormat::Jpeg => jpeg_size(bytes).map(plain).ok_or_else(missing),
        MediaFormat::Png => {
            let (w, h) = (be32(bytes, 16), be32(bytes, 20));
            w.zip(h).map(plain).ok_or_else(missing)
        }
        MediaFormat::Gif => {
            let le16 = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u32);
            le16(6).zip(le16(8)).map(plain).ok_or_else(missing)
        }
        MediaFormat::Webp => webp_size(bytes).map(plain).ok_or_else(missing),
        MediaFormat::Tiff => tiff_ifd0.map(plain).ok_or_else(missing),
        MediaFormat::Mp4 | MediaFormat::QuickTime | MediaFormat::Webm => Err(MediaError::Unsupported),
    }
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Walks JPEG markers to the first start-of-frame. Tolerates stray SOI and fill bytes, as decoders do.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        while *bytes.get(at)? != 0xFF {
            at += 1;
        }
        while *bytes.get(at)? == 0xFF {
            at += 1;
        }
        let marker = *bytes.get(at)?;
        at += 1;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => return None,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let height = u16::from_be_bytes(bytes.get(at + 3..at + 5)?.try_into().ok()?) as u32;
                let width = u16::from_be_bytes(bytes.get(at + 5..at + 7)?.try_into().ok()?) as u32;
                return Some((width, height));
            }
            _ => {
                let len = u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as usize;
                at += len;
            }
        }
    }
}

fn webp_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let chunk = bytes.get(12..16)?;
    let le24 = |at: usize| bytes.get(at..at + 3).map(|b| u32::from_le_bytes([b[0], b[1], b[2], 0]));
    let le16 = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u32);
    match chunk {
        b"VP8X" => Some((le24(24)? + 1, le24(27)? + 1)),
        b"VP8 " => Some((le16(26)? & 0x3FFF, le16(28)? & 0x3FFF)),
        b"VP8L" => {
            let b = bytes.get(21..25)?;
            let bits = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE1]), Some(MediaFormat::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(MediaFormat::Webp));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"), Some(MediaFormat::Heic));
        assert_eq!(sniff(b"\0\0\0\x18ftypqt  \0\0\0\0qt  "), Some(MediaFormat::QuickTime));
        assert_eq!(sniff(b"hello"), None);
        assert_eq!(sniff(b""), None);
    }
}
