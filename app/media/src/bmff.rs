//! Just enough of ISO BMFF (the box format of HEIF, AVIF, MP4 and MOV) to name the format, find the
//! primary image's size and rotation, and a video's duration and frame size. Every read is bounds-checked:
//! these bytes come from strangers.

use crate::MediaFormat;

struct BmffBox<'a> {
    kind: [u8; 4],
    body: &'a [u8],
}

/// Iterates the boxes laid end to end in `data`; stops at the first malformed one.
fn boxes(mut data: &[u8]) -> impl Iterator<Item = BmffBox<'_>> {
    std::iter::from_fn(move || {
        if data.len() < 8 {
            return None;
        }
        let size32 = u32::from_be_bytes(data[0..4].try_into().ok()?) as u64;
        let kind: [u8; 4] = data[4..8].try_into().ok()?;
        let (header, size) = match size32 {
            0 => (8, data.len() as u64),
            1 => (16, u64::from_be_bytes(data.get(8..16)?.try_into().ok()?)),
            n => (8, n),
        };
        if size < header as u64 || size > data.len() as u64 {
            // A truncated last box still yields what it holds: files cut short keep their headers.
            if size > data.len() as u64 && data.len() > header {
                let body = &data[header..];
                data = &[];
                return Some(BmffBox { kind, body });
            }
            return None;
        }
        let body = &data[header..size as usize];
        data = &data[size as usize..];
        Some(BmffBox { kind, body })
    })
}

fn find<'a>(data: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    boxes(data).find(|b| &b.kind == kind).map(|b| b.body)
}

fn be_u16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}
fn be_u32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}
fn be_u64(d: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(d.get(at..at + 8)?.try_into().ok()?))
}

/// Names the format from the `ftyp` box's major and compatible brands.
pub(crate) fn brand_format(bytes: &[u8]) -> Option<MediaFormat> {
    let first = boxes(bytes).next()?;
    if &first.kind != b"ftyp" || first.body.len() < 8 {
        return None;
    }
    let major = &first.body[0..4];
    let compatible = first.body[8..].chunks_exact(4);
    let brands: Vec<&[u8]> = std::iter::once(major).chain(compatible).collect();
    let has = |b: &[u8; 4]| brands.iter().any(|x| *x == b);
    if major == b"avif" || major == b"avis" {
        Some(MediaFormat::Avif)
    } else if ["heic", "heix", "heim", "heis", "hevc", "hevx"].iter().any(|b| major == b.as_bytes()) {
        Some(MediaFormat::Heic)
    } else if major == b"qt  " {
        Some(MediaFormat::QuickTime)
    } else if has(b"avif") {
        Some(MediaFormat::Avif)
    } else if has(b"heic") || has(b"heix") || has(b"mif1") || has(b"msf1") {
        Some(MediaFormat::Heic)
    } else if ["isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash", "3gp4", "3gp5"]
        .iter()
        .any(|b| has(b.as_bytes().try_into().expect("four bytes")))
    {
        Some(MediaFormat::Mp4)
    } else {
        None
    }
}

pub(crate) struct PrimaryImage {
    pub width: u32,
    pub height: u32,
    /// Anticlockwise degrees from `irot`.
    pub rotation_ccw: u32,
}

/// The primary item's `ispe` size and `irot` rotation, following `pitm` and `ipma` as readers do.
pub(crate) fn primary_image(bytes: &[u8]) -> Option<PrimaryImage> {
    let meta = find(bytes, b"meta")?;
    let meta = meta.get(4..)?; // FullBox header
    let pitm = find(meta, b"pitm")?;
    let primary = if pitm.first()? == &0 { be_u16(pitm, 4)? as u32 } else { be_u32(pitm, 4)? };
    let iprp = find(meta, b"iprp")?;
    let properties: Vec<BmffBox> = boxes(find(iprp, b"ipco")?).collect();
    let ipma = find(iprp, b"ipma")?;
    let (version, flags) = (*ipma.first()?, *ipma.get(3)?);
    let entries = be_u32(ipma, 4)?;
    let mut at = 8;
    let mut result = PrimaryImage { width: 0, height: 0, rotation_ccw: 0 };
    for _ in 0..entries {
        let item = if version < 1 {
            let v = be_u16(ipma, at)? as u32;
            at += 2;
            v
        } else {
            let v = be_u32(ipma, at)?;
            at += 4;
            v
        };
        let count = *ipma.get(at)?;
        at += 1;
        for _ in 0..count {
            let index = if flags & 1 == 1 {
                let v = be_u16(ipma, at)? & 0x7FFF;
                at += 2;
                v as usize
            } else {
                let v = ipma.get(at)? & 0x7F;
                at += 1;
                v as usize
            };
            if item != primary || index == 0 {
                continue;
            }
            let Some(property) = properties.get(index - 1) else { continue };
            match &property.kind {
                b"ispe" => {
                    result.width = be_u32(property.body, 4)?;
                    result.height = be_u32(property.body, 8)?;
                }
                b"irot" => result.rotation_ccw = (*property.body.first()? as u32 & 3) * 90,
                _ => {}
            }
        }
    }
    (result.width > 0 && result.height > 0).then_some(result)
}

pub(crate) struct VideoInfo {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration: Option<f64>,
}

/// Duration from `mvhd` and frame size from the first video track's `tkhd`.
pub(crate) fn video_info(bytes: &[u8]) -> Option<VideoInfo> {
    let moov = find(bytes, b"moov")?;
    let mut info = VideoInfo { width: None, height: None, duration: None };
    if let Some(mvhd) = find(moov, b"mvhd") {
        let (timescale, duration) = if mvhd.first()? == &1 {
            (be_u32(mvhd, 20)?, be_u64(mvhd, 24)?)
        } else {
            (be_u32(mvhd, 12)?, be_u32(mvhd, 16)? as u64)
        };
        if timescale > 0 {
            info.duration = Some(duration as f64 / timescale as f64);
        }
    }
    for trak in boxes(moov).filter(|b| &b.kind == b"trak") {
        let Some(tkhd) = find(trak.body, b"tkhd") else { continue };
        // Width and height are the last two 16.16 fixed-point fields.
        let end = tkhd.len();
        let (Some(w), Some(h)) = (be_u32(tkhd, end.saturating_sub(8)), be_u32(tkhd, end.saturating_sub(4)))
        else {
            continue;
        };
        if w >> 16 > 0 && h >> 16 > 0 {
            info.width = Some(w >> 16);
            info.height = Some(h >> 16);
            break;
        }
    }
    Some(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_sizes_do_not_panic() {
        let cases: [&[u8]; 4] = [
            b"\0\0\0\x01ftyp\xff\xff\xff\xff\xff\xff\xff\xff",
            b"\0\0\0\x04ftyp",
            b"\xff\xff\xff\xffmeta\0\0\0\0",
            b"\0\0\0\x10meta\0\0\0\0\0\0\0\x08pitm",
        ];
        for case in cases {
            let _ = brand_format(case);
            let _ = primary_image(case);
            let _ = video_info(case);
        }
    }
}
