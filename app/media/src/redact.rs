//! Where a file says it was taken, found so that it can be blanked out in place.
//!
//! A share link that hides locations must not hand out originals whose metadata still holds them. The
//! edit is lossless and keeps the file's length: only the bytes that hold the location change (the GPS
//! block of EXIF emptied, XMP location values overwritten with spaces, a video's location box turned
//! into `free` space), so the pixels, every other tag, every offset inside the file and every byte
//! range of it stay as they were — a video still seeks, a `Range` request still lines up.
//!
//! Covered: EXIF (JPEG APP1, PNG `eXIf`, WebP `EXIF`, the HEIF/AVIF `Exif` item, TIFF itself), XMP
//! (JPEG APP1, PNG `iTXt`, WebP `XMP `, HEIF `mime` items), and MP4/MOV (`©xyz` and 3GPP `loci` in
//! `udta`, Apple's `com.apple.quicktime.location.*` keys in `meta`). Every read is bounds-checked.

use crate::MediaFormat;

/// Random access to a file's bytes; the server reads them from disk, tests from memory.
pub trait ReadAt {
    fn len(&self) -> u64;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Up to `len` bytes from `offset` (fewer at the end of the file); `None` on an I/O error.
    fn read_at(&self, offset: u64, len: usize) -> Option<Vec<u8>>;
}

impl ReadAt for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read_at(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        let start = usize::try_from(offset).ok()?.min(<[u8]>::len(self));
        let end = start.saturating_add(len).min(<[u8]>::len(self));
        Some(self[start..end].to_vec())
    }
}

/// Bytes to write over the file at `offset` (the same number as are there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    pub offset: u64,
    pub bytes: Vec<u8>,
}

/// The most read of any one part of a file (a TIFF, a box, a chunk): metadata is far smaller.
const MAX_READ: usize = 64 << 20;

/// The patches that blank `file`'s location. Empty when it records none (or is not a format this knows).
pub fn location_patches(format: MediaFormat, file: &(impl ReadAt + ?Sized)) -> Vec<Patch> {
    let mut patches = Vec::new();
    match format {
        MediaFormat::Jpeg => jpeg(file, &mut patches),
        MediaFormat::Png => png(file, &mut patches),
        MediaFormat::Webp => webp(file, &mut patches),
        MediaFormat::Tiff => {
            if let Some(whole) = file.read_at(0, MAX_READ) {
                tiff(&whole, 0, &mut patches);
            }
        }
        MediaFormat::Heic | MediaFormat::Avif => heif(file, &mut patches),
        MediaFormat::Mp4 | MediaFormat::QuickTime => video(file, &mut patches),
        MediaFormat::Gif | MediaFormat::Webm => {}
    }
    patches
}

/// Applies `patches` to `chunk`, which holds the file's bytes from `at`.
pub fn apply(patches: &[Patch], at: u64, chunk: &mut [u8]) {
    let end = at + chunk.len() as u64;
    for patch in patches {
        let patch_end = patch.offset + patch.bytes.len() as u64;
        if patch_end <= at || patch.offset >= end {
            continue;
        }
        let from = patch.offset.max(at);
        let to = patch_end.min(end);
        let (dst, src) = ((from - at) as usize, (from - patch.offset) as usize);
        let n = (to - from) as usize;
        chunk[dst..dst + n].copy_from_slice(&patch.bytes[src..src + n]);
    }
}

fn blank(offset: u64, len: usize, fill: u8) -> Patch {
    Patch { offset, bytes: vec![fill; len] }
}

// ---- TIFF / EXIF

/// Empties the GPS directory of the TIFF block that starts at file offset `base`: its entry count and
/// next-directory link become zero and every value it pointed to is zeroed, so readers find a GPS
/// directory with nothing in it.
fn tiff(t: &[u8], base: u64, patches: &mut Vec<Patch>) {
    let big = match t.get(0..4) {
        Some(b"MM\0*") => true,
        Some(b"II*\0") => false,
        _ => return,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = t.get(at..at + 2)?.try_into().ok()?;
        Some(if big { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = t.get(at..at + 4)?.try_into().ok()?;
        Some(if big { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
    };
    // The GPS pointer lives in IFD0; look in the few directories that follow it too.
    let mut ifd = u32_at(4).map(|o| o as usize);
    let mut seen = Vec::new();
    let mut gps = None;
    while let Some(at) = ifd.filter(|at| !seen.contains(at) && seen.len() < 4) {
        seen.push(at);
        let Some(count) = u16_at(at) else { break };
        for i in 0..count as usize {
            let entry = at + 2 + i * 12;
            if u16_at(entry) == Some(0x8825) {
                gps = u32_at(entry + 8).map(|o| o as usize);
            }
        }
        ifd = u32_at(at + 2 + count as usize * 12).filter(|&o| o != 0).map(|o| o as usize);
    }
    let Some(gps) = gps else { return };
    let Some(count) = u16_at(gps) else { return };
    let table_len = 2 + count as usize * 12 + 4;
    if gps + table_len > t.len() {
        return;
    }
    for i in 0..count as usize {
        let entry = gps + 2 + i * 12;
        let (Some(kind), Some(n), Some(value)) = (u16_at(entry + 2), u32_at(entry + 4), u32_at(entry + 8))
        else {
            continue;
        };
        let unit = match kind {
            1 | 2 | 6 | 7 => 1,
            3 | 8 => 2,
            4 | 9 | 11 | 13 => 4,
            5 | 10 | 12 => 8,
            _ => continue,
        };
        let size = (n as usize).saturating_mul(unit);
        let value = value as usize;
        if size > 4 && value.checked_add(size).is_some_and(|end| end <= t.len()) {
            patches.push(blank(base + value as u64, size, 0));
        }
    }
    patches.push(blank(base + gps as u64, table_len, 0));
}

// ---- XMP

/// XMP properties that say where: GPS coordinates and the IPTC/Photoshop place names.
const XMP_PLACES: [&str; 13] = [
    ":GPS",
    "photoshop:City",
    "photoshop:State",
    "photoshop:Country",
    "Iptc4xmpCore:Location",
    "Iptc4xmpCore:CountryCode",
    "Iptc4xmpExt:LocationCreated",
    "Iptc4xmpExt:LocationShown",
    "Iptc4xmpExt:City",
    "Iptc4xmpExt:Sublocation",
    "Iptc4xmpExt:ProvinceState",
    "Iptc4xmpExt:CountryName",
    "Iptc4xmpExt:CountryCode",
];

/// Overwrites with spaces the values of location properties in an XMP packet at file offset `base`,
/// written either as attributes (`exif:GPSLatitude="…"`) or as elements (`<exif:GPSLatitude>…<`). The
/// packet stays well-formed XML of the same length.
fn xmp(text: &[u8], base: u64, patches: &mut Vec<Patch>) {
    // Names are matched without regard to case: DJI writes `drone-dji:GpsLatitude`.
    let lower = text.to_ascii_lowercase();
    let names: Vec<Vec<u8>> = XMP_PLACES.iter().map(|n| n.to_ascii_lowercase().into_bytes()).collect();
    let mut at = 0;
    while at < text.len() {
        let Some((found, name_len)) = names
            .iter()
            .filter_map(|name| find(&lower[at..], name).map(|i| (at + i, name.len())))
            .min_by_key(|(i, _)| *i)
        else {
            return;
        };
        // The rest of the property's name.
        let mut end = found + name_len;
        while end < text.len() && (text[end].is_ascii_alphanumeric() || text[end] == b'_') {
            end += 1;
        }
        let mut next = end;
        while next < text.len() && text[next].is_ascii_whitespace() {
            next += 1;
        }
        // The whole name, to tell `<name>` (an element) from `name=` (an attribute) and `</name>`.
        let mut name_start = found;
        while name_start > 0
            && (text[name_start - 1].is_ascii_alphanumeric()
                || matches!(text[name_start - 1], b':' | b'_' | b'-'))
        {
            name_start -= 1;
        }
        let opening_tag = name_start > 0 && text[name_start - 1] == b'<';
        if text.get(next) == Some(&b'=') {
            next += 1;
            while next < text.len() && text[next].is_ascii_whitespace() {
                next += 1;
            }
            if let Some(&quote) = text.get(next).filter(|&&q| q == b'"' || q == b'\'')
                && let Some(len) = text[next + 1..].iter().position(|&b| b == quote)
            {
                patches.push(blank(base + (next + 1) as u64, len, b' '));
                next += 1 + len;
            }
        } else if opening_tag && let Some(close) = text[end..].iter().position(|&b| b == b'>') {
            // An element: blank its text up to the next tag (nested values: each is found in turn).
            let content = end + close + 1;
            let len = text[content..].iter().position(|&b| b == b'<').unwrap_or(text.len() - content);
            if text[end + close - 1] != b'/' {
                patches.push(blank(base + content as u64, len, b' '));
            }
            next = content + len;
        }
        at = next.max(found + 1);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---- JPEG

/// Walks the segments before the image data, reading only their headers and the APP1 bodies.
fn jpeg(file: &(impl ReadAt + ?Sized), patches: &mut Vec<Patch>) {
    const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    const XMP_EXTENDED: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
    if file.read_at(0, 2).as_deref() != Some(&[0xFF, 0xD8]) {
        return;
    }
    let mut at = 2u64;
    for _ in 0..10_000 {
        let Some(head) = file.read_at(at, 4).filter(|h| h.len() == 4) else { return };
        if head[0] != 0xFF {
            return;
        }
        let marker = head[1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            return;
        }
        let len = u16::from_be_bytes([head[2], head[3]]) as u64;
        if len < 2 {
            return;
        }
        let start = at + 4;
        if marker == 0xE1
            && let Some(body) = file.read_at(start, len as usize - 2)
        {
            if let Some(t) = body.strip_prefix(b"Exif\0\0") {
                tiff(t, start + 6, patches);
            } else if let Some(x) = body.strip_prefix(XMP) {
                xmp(x, start + XMP.len() as u64, patches);
            } else if body.starts_with(XMP_EXTENDED) {
                // A chunk of a packet split across segments (its GUID, length and offset first).
                let skip = XMP_EXTENDED.len() + 32 + 8;
                if body.len() > skip {
                    xmp(&body[skip..], start + skip as u64, patches);
                }
            }
        }
        at += 2 + len;
    }
}

// ---- PNG

/// Walks the chunks, reading only their headers and the `eXIf` and XMP bodies.
fn png(file: &(impl ReadAt + ?Sized), patches: &mut Vec<Patch>) {
    if file.read_at(0, 8).as_deref() != Some(b"\x89PNG\r\n\x1a\n".as_slice()) {
        return;
    }
    let mut at = 8u64;
    for _ in 0..100_000 {
        let Some(head) = file.read_at(at, 8).filter(|h| h.len() == 8) else { return };
        let len = u32::from_be_bytes(head[0..4].try_into().expect("4 bytes")) as u64;
        let kind: [u8; 4] = head[4..8].try_into().expect("4 bytes");
        let (data_at, crc_at) = (at + 8, at + 8 + len);
        if &kind == b"IEND" || crc_at + 4 > file.len() {
            return;
        }
        let wanted = &kind == b"eXIf" || &kind == b"iTXt";
        if wanted
            && let Some(data) =
                usize::try_from(len).ok().filter(|&n| n <= MAX_READ).and_then(|n| file.read_at(data_at, n))
        {
            let mut found = Vec::new();
            if &kind == b"eXIf" {
                match data.strip_prefix(b"Exif\0\0") {
                    Some(t) => tiff(t, data_at + 6, &mut found),
                    None => tiff(&data, data_at, &mut found),
                }
            } else if data.starts_with(b"XML:com.adobe.xmp\0") {
                // keyword\0, compression flag, method, language\0, translated keyword\0, text
                let mut i = b"XML:com.adobe.xmp\0".len();
                let compressed = data.get(i) == Some(&1);
                i += 2;
                for _ in 0..2 {
                    i += data
                        .get(i..)
                        .and_then(|r| r.iter().position(|&b| b == 0))
                        .map_or(data.len(), |p| p + 1);
                }
                if !compressed && i < data.len() {
                    xmp(&data[i..], data_at + i as u64, &mut found);
                }
            }
            if !found.is_empty() {
                // The chunk's CRC covers its type and data: write the one the blanked chunk has.
                let mut blanked = [kind.as_slice(), &data].concat();
                apply(&found, at + 4, &mut blanked);
                patches.extend(found);
                patches.push(Patch { offset: crc_at, bytes: crc32(&blanked).to_be_bytes().to_vec() });
            }
        }
        at = crc_at + 4;
    }
}

/// CRC-32 (ISO 3309), as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

// ---- WebP

/// Walks the RIFF chunks, reading only their headers and the `EXIF` and `XMP ` bodies.
fn webp(file: &(impl ReadAt + ?Sized), patches: &mut Vec<Patch>) {
    let Some(riff) = file.read_at(0, 12).filter(|h| h.len() == 12) else { return };
    if &riff[0..4] != b"RIFF" || &riff[8..12] != b"WEBP" {
        return;
    }
    let mut at = 12u64;
    for _ in 0..10_000 {
        let Some(head) = file.read_at(at, 8).filter(|h| h.len() == 8) else { return };
        let len = u32::from_le_bytes(head[4..8].try_into().expect("4 bytes")) as u64;
        let data_at = at + 8;
        if data_at + len > file.len() {
            return;
        }
        let kind = &head[0..4];
        if (kind == b"EXIF" || kind == b"XMP ")
            && let Some(data) =
                usize::try_from(len).ok().filter(|&n| n <= MAX_READ).and_then(|n| file.read_at(data_at, n))
        {
            if kind == b"XMP " {
                xmp(&data, data_at, patches);
            } else {
                match data.strip_prefix(b"Exif\0\0") {
                    Some(t) => tiff(t, data_at + 6, patches),
                    None => tiff(&data, data_at, patches),
                }
            }
        }
        at = data_at + len + (len & 1);
    }
}

// ---- ISO BMFF: HEIF, AVIF, MP4, MOV

/// A box: its type, where its header and its body start in the file, and the body's length.
struct BoxAt {
    kind: [u8; 4],
    start: u64,
    body: u64,
    len: u64,
}

/// The boxes laid end to end in `file` between `from` and `to`, read header by header.
fn boxes_in(file: &(impl ReadAt + ?Sized), from: u64, to: u64) -> Vec<BoxAt> {
    let mut found = Vec::new();
    let mut at = from;
    while at + 8 <= to && found.len() < 10_000 {
        let Some(head) = file.read_at(at, 16) else { break };
        if head.len() < 8 {
            break;
        }
        let size32 = u32::from_be_bytes(head[0..4].try_into().expect("4 bytes")) as u64;
        let kind: [u8; 4] = head[4..8].try_into().expect("4 bytes");
        let (header, size) = match size32 {
            0 => (8, to - at),
            1 if head.len() >= 16 => (16, u64::from_be_bytes(head[8..16].try_into().expect("8 bytes"))),
            1 => break,
            n => (8, n),
        };
        if size < header || at + size > to {
            break;
        }
        found.push(BoxAt { kind, start: at, body: at + header, len: size - header });
        at += size;
    }
    found
}

/// Reads a box's body whole, if it is of a size worth reading.
fn body_of(file: &(impl ReadAt + ?Sized), b: &BoxAt) -> Option<Vec<u8>> {
    usize::try_from(b.len).ok().filter(|&n| n <= MAX_READ).and_then(|n| file.read_at(b.body, n))
}

fn be(d: &[u8], at: usize, size: usize) -> Option<u64> {
    let bytes = d.get(at..at + size)?;
    Some(bytes.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b)))
}

/// HEIF and AVIF keep EXIF and XMP as items, located by `iloc`.
fn heif(file: &(impl ReadAt + ?Sized), patches: &mut Vec<Patch>) {
    let top = boxes_in(file, 0, file.len());
    let Some(meta) = top.iter().find(|b| &b.kind == b"meta") else { return };
    // `meta` is a full box: four bytes of version and flags before its children.
    let children = boxes_in(file, meta.body + 4, meta.body + meta.len);
    let Some(iinf) = children.iter().find(|b| &b.kind == b"iinf").and_then(|b| body_of(file, b)) else {
        return;
    };
    let Some(iloc) = children.iter().find(|b| &b.kind == b"iloc").and_then(|b| body_of(file, b)) else {
        return;
    };
    let idat = children.iter().find(|b| &b.kind == b"idat").map(|b| b.body);
    let locations = crate::bmff::item_locations(&iloc);
    for (id, kind) in item_kinds(&iinf) {
        let Some((offset, len)) = item_location(&locations, id, idat) else { continue };
        let Some(payload) =
            usize::try_from(len).ok().filter(|&n| n <= MAX_READ).and_then(|n| file.read_at(offset, n))
        else {
            continue;
        };
        match kind {
            ItemKind::Exif => {
                // A 4-byte offset to the TIFF header, then (usually `Exif\0\0` and) the TIFF block.
                let Some(skip) = be(&payload, 0, 4).map(|s| s as usize + 4) else { continue };
                if let Some(t) = payload.get(skip..) {
                    tiff(t, offset + skip as u64, patches);
                }
            }
            ItemKind::Xmp => xmp(&payload, offset, patches),
        }
    }
}

enum ItemKind {
    Exif,
    Xmp,
}

/// The `Exif` and XMP (`mime` of `application/rdf+xml`) items named in `iinf`.
fn item_kinds(iinf: &[u8]) -> Vec<(u32, ItemKind)> {
    let kind = |item: &crate::bmff::ItemInfo| match &item.kind {
        b"Exif" => Some(ItemKind::Exif),
        b"mime" if find(item.rest, b"application/rdf+xml").is_some() => Some(ItemKind::Xmp),
        _ => None,
    };
    crate::bmff::item_infos(iinf).iter().filter_map(|item| Some((item.id, kind(item)?))).collect()
}

/// Where item `id`'s bytes are in the file, if in one extent, in the file or in `idat`.
fn item_location(locations: &[crate::bmff::ItemLocation], id: u32, idat: Option<u64>) -> Option<(u64, u64)> {
    let location = locations.iter().find(|l| l.id == id)?;
    let [(offset, length)] = location.extents.as_slice() else { return None };
    match location.method {
        0 => Some((*offset, *length)),
        1 => Some((idat? + offset, *length)),
        _ => None,
    }
}

fn video(file: &(impl ReadAt + ?Sized), patches: &mut Vec<Patch>) {
    let top = boxes_in(file, 0, file.len());
    let Some(moov) = top.iter().find(|b| &b.kind == b"moov") else { return };
    let children = boxes_in(file, moov.body, moov.body + moov.len);
    let mut udtas: Vec<&BoxAt> = children.iter().filter(|b| &b.kind == b"udta").collect();
    let tracks: Vec<Vec<BoxAt>> = children
        .iter()
        .filter(|b| &b.kind == b"trak")
        .map(|t| boxes_in(file, t.body, t.body + t.len))
        .collect();
    udtas.extend(tracks.iter().flatten().filter(|b| &b.kind == b"udta"));
    for udta in udtas {
        for b in boxes_in(file, udta.body, udta.body + udta.len) {
            if &b.kind == b"\xa9xyz" || &b.kind == b"loci" {
                // Free space from here on: the box keeps its size, its contents are gone.
                patches.push(Patch { offset: b.start + 4, bytes: b"free".to_vec() });
                if let Ok(len) = usize::try_from(b.len) {
                    patches.push(blank(b.body, len, 0));
                }
            }
        }
    }
    if let Some(meta) = children.iter().find(|b| &b.kind == b"meta") {
        apple_location_keys(file, meta, patches);
    }
}

/// QuickTime `meta` (`keys` naming each item, `ilst` holding them): blanks the values of the
/// `com.apple.quicktime.location.*` items.
fn apple_location_keys(file: &(impl ReadAt + ?Sized), meta: &BoxAt, patches: &mut Vec<Patch>) {
    // QuickTime's `meta` has no version and flags; MP4's does. Whichever lets `hdlr` come first.
    let plain = boxes_in(file, meta.body, meta.body + meta.len);
    let children = if plain.first().is_some_and(|b| &b.kind == b"hdlr") {
        plain
    } else {
        boxes_in(file, meta.body + 4, meta.body + meta.len)
    };
    let Some(keys) = children.iter().find(|b| &b.kind == b"keys").and_then(|b| body_of(file, b)) else {
        return;
    };
    let Some(ilst) = children.iter().find(|b| &b.kind == b"ilst") else { return };
    let mut located = Vec::new();
    let count = be(&keys, 4, 4).unwrap_or(0);
    let mut at = 8;
    for index in 1..=count.min(10_000) {
        let Some(size) = be(&keys, at, 4).map(|s| s as usize).filter(|&s| s >= 8 && at + s <= keys.len())
        else {
            break;
        };
        if keys[at + 8..at + size].starts_with(b"com.apple.quicktime.location") {
            located.push(index as u32);
        }
        at += size;
    }
    for item in boxes_in(file, ilst.body, ilst.body + ilst.len) {
        if !located.contains(&u32::from_be_bytes(item.kind)) {
            continue;
        }
        for data in boxes_in(file, item.body, item.body + item.len).iter().filter(|b| &b.kind == b"data") {
            // Type and locale (8 bytes), then the value.
            if let Ok(len) = usize::try_from(data.len.saturating_sub(8)) {
                patches.push(blank(data.body + 8, len, 0));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patched(bytes: &[u8], patches: &[Patch]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        apply(patches, 0, &mut out);
        out
    }

    #[test]
    fn patches_apply_to_any_window_of_the_file() {
        let file = [0u8; 10];
        let patches = [Patch { offset: 3, bytes: vec![1, 2, 3] }, Patch { offset: 8, bytes: vec![9] }];
        let whole = patched(&file, &patches);
        assert_eq!(whole, [0, 0, 0, 1, 2, 3, 0, 0, 9, 0]);
        for at in 0..10 {
            for len in 0..=10 - at {
                let mut window = file[at..at + len].to_vec();
                apply(&patches, at as u64, &mut window);
                assert_eq!(window, whole[at..at + len]);
            }
        }
    }

    #[test]
    fn xmp_location_values_become_spaces_and_the_rest_stays() {
        let text = br#"<x:xmpmeta><rdf:Description exif:GPSLatitude="43,28.0N" tiff:Make="NIKON" photoshop:City = 'Arezzo'><exif:GPSLongitude>11,53.1E</exif:GPSLongitude><dc:title>Hi</dc:title></rdf:Description></x:xmpmeta>"#;
        let mut patches = Vec::new();
        xmp(text, 0, &mut patches);
        let out = String::from_utf8(patched(text, &patches)).unwrap();
        assert_eq!(out.len(), text.len());
        assert!(out.contains(r#"exif:GPSLatitude="        ""#), "{out}");
        assert!(out.contains(r#"photoshop:City = '      '"#), "{out}");
        assert!(out.contains("<exif:GPSLongitude>        </exif:GPSLongitude>"), "{out}");
        assert!(out.contains(r#"tiff:Make="NIKON""#) && out.contains("<dc:title>Hi</dc:title>"), "{out}");
    }

    #[test]
    fn png_chunk_crcs_match_what_was_blanked() {
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn a_videos_location_box_becomes_free_space() {
        fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
            let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            b.extend_from_slice(kind);
            b.extend_from_slice(body);
            b
        }
        let xyz = boxed(b"\xa9xyz", b"\x00\x12\x15\xc7+43.4674+011.8851/");
        let udta = boxed(b"udta", &xyz);
        let keys = {
            let mut k = vec![0, 0, 0, 0, 0, 0, 0, 1];
            k.extend(boxed(b"mdta", b"com.apple.quicktime.location.ISO6709"));
            boxed(b"keys", &k)
        };
        let ilst = boxed(
            b"ilst",
            &boxed(&1u32.to_be_bytes(), &boxed(b"data", b"\0\0\0\x01\0\0\0\0+43.4674+011.8851/")),
        );
        let meta = boxed(b"meta", &[boxed(b"hdlr", &[0; 25]), keys, ilst].concat());
        let moov = boxed(b"moov", &[udta, meta].concat());
        let file = [boxed(b"ftyp", b"qt  \0\0\0\0qt  "), moov, boxed(b"mdat", &[7; 100])].concat();
        let patches = location_patches(MediaFormat::QuickTime, file.as_slice());
        let out = patched(&file, &patches);
        assert_eq!(out.len(), file.len());
        assert!(find(&out, b"+43.4674").is_none(), "the location is gone");
        assert!(find(&out, b"free").is_some() && find(&out, b"\xa9xyz").is_none());
        assert!(find(&out, b"com.apple.quicktime.location.ISO6709").is_some(), "the key's name stays");
        assert!(out.ends_with(&[7; 100]), "the media data is untouched");
    }

    #[test]
    fn hostile_bytes_do_not_panic() {
        let mut seed = 1u64;
        for format in [
            MediaFormat::Jpeg,
            MediaFormat::Png,
            MediaFormat::Webp,
            MediaFormat::Heic,
            MediaFormat::Mp4,
            MediaFormat::Tiff,
        ] {
            for n in 0..300 {
                let mut bytes: Vec<u8> = (0..n * 7)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        (seed >> 33) as u8
                    })
                    .collect();
                let magic: &[u8] = match format {
                    MediaFormat::Jpeg => &[0xFF, 0xD8, 0xFF, 0xE1],
                    MediaFormat::Png => b"\x89PNG\r\n\x1a\n",
                    MediaFormat::Webp => b"RIFF\0\0\0\0WEBP",
                    MediaFormat::Tiff => b"II*\0",
                    _ => b"\0\0\0\x18ftypheic",
                };
                bytes.splice(0..0, magic.iter().copied());
                let patches = location_patches(format, bytes.as_slice());
                for p in patches {
                    assert!(p.offset as usize + p.bytes.len() <= bytes.len());
                }
            }
        }
    }
}
