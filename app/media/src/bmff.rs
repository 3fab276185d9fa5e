//! Just enough of ISO BMFF (the box format of HEIF, AVIF, MP4 and MOV) to name the format, find the
//! primary image's size and rotation, and a video's duration and frame size. Every read is bounds-checked:
//! these bytes come from strangers.

use crate::MediaFormat;

pub(crate) struct BmffBox<'a> {
    pub kind: [u8; 4],
    pub body: &'a [u8],
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

/// The primary item's size (`ispe`, or its clean aperture where it has one) and `irot` rotation.
pub(crate) fn primary_image(bytes: &[u8]) -> Option<PrimaryImage> {
    let heif = Heif::parse(bytes)?;
    let (mut width, mut height) = heif.spatial_extent(heif.primary)?;
    if let Some(clap) = heif.property(heif.primary, b"clap").and_then(CleanAperture::parse) {
        (width, height) = clap.crop_size(width, height);
    }
    let rotation_ccw =
        heif.property(heif.primary, b"irot").and_then(|b| b.first()).map_or(0, |r| (*r as u32 & 3) * 90);
    (width > 0 && height > 0).then_some(PrimaryImage { width, height, rotation_ccw })
}

/// An entry of `iinf`: an item's id, its type (`hvc1`, `av01`, `grid`, `Exif`, `mime`, …) and the
/// rest of its `infe` box (a `mime` item's content type is there).
pub(crate) struct ItemInfo<'a> {
    pub id: u32,
    pub kind: [u8; 4],
    pub rest: &'a [u8],
}

/// The items named in an `iinf` body (a full box: version and flags first).
pub(crate) fn item_infos(iinf: &[u8]) -> Vec<ItemInfo<'_>> {
    let first = if iinf.first() == Some(&0) { 6 } else { 8 };
    let Some(entries) = iinf.get(first..) else { return Vec::new() };
    boxes(entries)
        .filter(|b| &b.kind == b"infe")
        .filter_map(|infe| {
            let e = infe.body;
            let (id, kind_at) = match e.first()? {
                2 => (be_u16(e, 4)? as u32, 8),
                3 => (be_u32(e, 4)?, 10),
                _ => return None,
            };
            let kind = e.get(kind_at..kind_at + 4)?.try_into().ok()?;
            Some(ItemInfo { id, kind, rest: &e[kind_at + 4..] })
        })
        .collect()
}

/// Where an item's bytes are, from `iloc`: extents (offset, length) in the file (`method` 0) or in
/// `idat` (1). A length of 0 runs to the end.
pub(crate) struct ItemLocation {
    pub id: u32,
    pub method: u8,
    pub extents: Vec<(u64, u64)>,
}

/// Every item an `iloc` body (a full box) locates.
pub(crate) fn item_locations(iloc: &[u8]) -> Vec<ItemLocation> {
    let mut found = Vec::new();
    let _ = read_locations(iloc, &mut found);
    found
}

fn read_locations(iloc: &[u8], found: &mut Vec<ItemLocation>) -> Option<()> {
    let version = *iloc.first()?;
    let sizes = be_u16(iloc, 4)?;
    let field = |shift: u16| ((sizes >> shift) & 0xF) as usize;
    let (offset_size, length_size, base_size) = (field(12), field(8), field(4));
    let index_size = if version >= 1 { field(0) } else { 0 };
    let (count, mut at) = if version < 2 { (be_u16(iloc, 6)? as u32, 8) } else { (be_u32(iloc, 6)?, 10) };
    let mut read = |size: usize| -> Option<u64> {
        let bytes = iloc.get(at..at + size)?;
        at += size;
        Some(bytes.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b)))
    };
    for _ in 0..count.min(100_000) {
        let id = read(if version < 2 { 2 } else { 4 })? as u32;
        let method = if version >= 1 { (read(2)? & 0xF) as u8 } else { 0 };
        read(2)?; // data reference index
        let base = read(base_size)?;
        let extent_count = read(2)?;
        let mut extents = Vec::new();
        for _ in 0..extent_count {
            read(index_size)?;
            let offset = read(offset_size)?;
            let length = read(length_size)?;
            extents.push((base.checked_add(offset)?, length));
        }
        found.push(ItemLocation { id, method, extents });
    }
    Some(())
}

/// A reference from one item to others, from `iref`: `dimg` (a grid's tiles), `auxl` (an alpha
/// plane), `thmb`, `cdsc`.
struct ItemReference {
    kind: [u8; 4],
    from: u32,
    to: Vec<u32>,
}

/// A HEIF or AVIF file's `meta` box, read enough to find and assemble its primary image.
pub(crate) struct Heif<'a> {
    file: &'a [u8],
    pub primary: u32,
    items: Vec<ItemInfo<'a>>,
    locations: Vec<ItemLocation>,
    idat: Option<&'a [u8]>,
    properties: Vec<BmffBox<'a>>,
    /// Each item's properties, as 1-based indices into `properties`.
    associations: Vec<(u32, Vec<usize>)>,
    references: Vec<ItemReference>,
}

impl<'a> Heif<'a> {
    pub(crate) fn parse(file: &'a [u8]) -> Option<Self> {
        let meta = find(file, b"meta")?.get(4..)?; // a full box
        let pitm = find(meta, b"pitm")?;
        let primary = if pitm.first()? == &0 { be_u16(pitm, 4)? as u32 } else { be_u32(pitm, 4)? };
        let iprp = find(meta, b"iprp")?;
        Some(Self {
            file,
            primary,
            items: find(meta, b"iinf").map(item_infos).unwrap_or_default(),
            locations: find(meta, b"iloc").map(item_locations).unwrap_or_default(),
            idat: find(meta, b"idat"),
            properties: boxes(find(iprp, b"ipco")?).collect(),
            associations: find(iprp, b"ipma").map(associations).unwrap_or_default(),
            references: find(meta, b"iref").map(references).unwrap_or_default(),
        })
    }

    pub(crate) fn kind(&self, item: u32) -> Option<[u8; 4]> {
        self.items.iter().find(|i| i.id == item).map(|i| i.kind)
    }

    /// The body of the item's first property of this kind.
    pub(crate) fn property(&self, item: u32, kind: &[u8; 4]) -> Option<&'a [u8]> {
        self.properties_of(item).find(|p| &p.kind == kind).map(|p| p.body)
    }

    /// Every property of the item, in association order.
    pub(crate) fn properties_of(&self, item: u32) -> impl Iterator<Item = &BmffBox<'a>> {
        let indices = self.associations.iter().filter(move |(id, _)| *id == item).flat_map(|(_, list)| list);
        indices.filter_map(|&i| self.properties.get(i.checked_sub(1)?))
    }

    /// The item's `ispe` width and height.
    pub(crate) fn spatial_extent(&self, item: u32) -> Option<(u32, u32)> {
        let ispe = self.property(item, b"ispe")?;
        Some((be_u32(ispe, 4)?, be_u32(ispe, 8)?))
    }

    /// The items `from` refers to by a reference of this kind, in order.
    pub(crate) fn references(&self, kind: &[u8; 4], from: u32) -> Vec<u32> {
        self.references
            .iter()
            .filter(|r| &r.kind == kind && r.from == from)
            .flat_map(|r| r.to.clone())
            .collect()
    }

    /// The item's bytes, its extents joined. `None` where they lie outside the file, or in a way of
    /// storing them (another item's data) no still image uses.
    pub(crate) fn data(&self, item: u32) -> Option<std::borrow::Cow<'a, [u8]>> {
        let location = self.locations.iter().find(|l| l.id == item)?;
        let source = match location.method {
            0 => self.file,
            1 => self.idat?,
            _ => return None,
        };
        let extent = |&(offset, length): &(u64, u64)| -> Option<&'a [u8]> {
            let start = usize::try_from(offset).ok()?;
            let end =
                if length == 0 { source.len() } else { start.checked_add(usize::try_from(length).ok()?)? };
            source.get(start..end)
        };
        match location.extents.as_slice() {
            [one] => extent(one).map(std::borrow::Cow::Borrowed),
            many => {
                let parts: Vec<&[u8]> = many.iter().map(extent).collect::<Option<_>>()?;
                // Extents may overlap: joined, they could otherwise be many times the file.
                let total: usize = parts.iter().map(|p| p.len()).sum();
                (total <= self.file.len()).then(|| std::borrow::Cow::Owned(parts.concat()))
            }
        }
    }
}

/// `ipma`: each item's property indices.
fn associations(ipma: &[u8]) -> Vec<(u32, Vec<usize>)> {
    let mut found = Vec::new();
    let _ = read_associations(ipma, &mut found);
    found
}

fn read_associations(ipma: &[u8], found: &mut Vec<(u32, Vec<usize>)>) -> Option<()> {
    let (version, flags) = (*ipma.first()?, *ipma.get(3)?);
    let entries = be_u32(ipma, 4)?;
    let mut at = 8;
    for _ in 0..entries.min(100_000) {
        let item = if version < 1 {
            at += 2;
            be_u16(ipma, at - 2)? as u32
        } else {
            at += 4;
            be_u32(ipma, at - 4)?
        };
        let count = *ipma.get(at)?;
        at += 1;
        let mut indices = Vec::with_capacity(count.into());
        for _ in 0..count {
            // The top bit says whether the property is essential; a reader must apply it either way.
            let index = if flags & 1 == 1 {
                at += 2;
                (be_u16(ipma, at - 2)? & 0x7FFF) as usize
            } else {
                at += 1;
                (ipma.get(at - 1)? & 0x7F) as usize
            };
            indices.push(index);
        }
        found.push((item, indices));
    }
    Some(())
}

/// `iref` (a full box): version 0 uses 16-bit item ids, 1 uses 32-bit.
fn references(iref: &[u8]) -> Vec<ItemReference> {
    let wide = iref.first() == Some(&1);
    let Some(children) = iref.get(4..) else { return Vec::new() };
    let id = |d: &[u8], at: usize| if wide { be_u32(d, at) } else { be_u16(d, at).map(u32::from) };
    let width = if wide { 4 } else { 2 };
    boxes(children)
        .filter_map(|b| {
            let from = id(b.body, 0)?;
            let count = be_u16(b.body, width)? as usize;
            let to = (0..count).map(|i| id(b.body, width + 2 + i * width)).collect::<Option<_>>()?;
            Some(ItemReference { kind: b.kind, from, to })
        })
        .collect()
}

/// `clap`: a centred crop given as fractions (width, height, and the centre's offset).
pub(crate) struct CleanAperture {
    width: (u32, u32),
    height: (u32, u32),
    horizontal_offset: (i32, u32),
    vertical_offset: (i32, u32),
}

impl CleanAperture {
    pub(crate) fn parse(clap: &[u8]) -> Option<Self> {
        let n = |at: usize| be_u32(clap, at);
        let fraction = |at: usize| Some((n(at)?, n(at + 4)?)).filter(|(_, d)| *d > 0);
        let signed = |at: usize| Some((n(at)? as i32, n(at + 4)?)).filter(|(_, d)| *d > 0);
        Some(Self {
            width: fraction(0)?,
            height: fraction(8)?,
            horizontal_offset: signed(16)?,
            vertical_offset: signed(24)?,
        })
    }

    /// The crop's size within an image of `width` × `height`.
    pub(crate) fn crop_size(&self, width: u32, height: u32) -> (u32, u32) {
        self.crop(width, height).map_or((width, height), |(_, _, w, h)| (w, h))
    }

    /// Left, top, width and height of the crop, rounded to whole pixels; `None` where it does not fit.
    pub(crate) fn crop(&self, width: u32, height: u32) -> Option<(u32, u32, u32, u32)> {
        let value = |(n, d): (u32, u32)| f64::from(n) / f64::from(d);
        let signed = |(n, d): (i32, u32)| f64::from(n) / f64::from(d);
        let (w, h) = (value(self.width).round(), value(self.height).round());
        let left = (f64::from(width) - w) / 2.0 + signed(self.horizontal_offset);
        let top = (f64::from(height) - h) / 2.0 + signed(self.vertical_offset);
        let (left, top) = (left.round(), top.round());
        let fits = w >= 1.0 && h >= 1.0 && left >= 0.0 && top >= 0.0;
        (fits && left + w <= f64::from(width) && top + h <= f64::from(height)).then_some((
            left as u32,
            top as u32,
            w as u32,
            h as u32,
        ))
    }
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

    fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        [&(body.len() as u32 + 8).to_be_bytes()[..], kind, body].concat()
    }

    /// A `meta` whose one item is located by `extents` (offset, length), each 4 bytes wide.
    fn file_with_extents(extents: &[(u32, u32)]) -> Vec<u8> {
        let mut iloc = vec![0, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 1, 0, 0];
        iloc.extend((extents.len() as u16).to_be_bytes());
        for (offset, length) in extents {
            iloc.extend(offset.to_be_bytes());
            iloc.extend(length.to_be_bytes());
        }
        let infe = boxed(b"infe", &[&[2, 0, 0, 0, 0, 1, 0, 0][..], b"av01"].concat());
        let iinf = boxed(b"iinf", &[&[0, 0, 0, 0, 0, 1][..], &infe].concat());
        let ispe = boxed(b"ispe", &[0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 4]);
        let ipma = boxed(b"ipma", &[0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0x81]);
        let iprp = boxed(b"iprp", &[boxed(b"ipco", &ispe), ipma].concat());
        let pitm = boxed(b"pitm", &[0, 0, 0, 0, 0, 1]);
        let meta = boxed(b"meta", &[&[0, 0, 0, 0][..], &pitm, &iinf, &boxed(b"iloc", &iloc), &iprp].concat());
        [boxed(b"ftyp", b"avif\0\0\0\0avif"), meta, vec![7; 64]].concat()
    }

    #[test]
    fn an_items_extents_are_joined_within_bounds() {
        let file = file_with_extents(&[(0, 4), (8, 4)]);
        let heif = Heif::parse(&file).unwrap();
        assert_eq!(heif.kind(heif.primary), Some(*b"av01"));
        assert_eq!(heif.spatial_extent(heif.primary), Some((8, 4)));
        assert_eq!(heif.data(1).unwrap().as_ref(), [&file[0..4], &file[8..12]].concat());
        // Past the end of the file, and overlapping extents adding up to more than the file: refused.
        let len = file.len() as u32;
        assert!(Heif::parse(&file_with_extents(&[(len - 2, 4)])).unwrap().data(1).is_none());
        let many = vec![(0, len - 8); 3];
        assert!(Heif::parse(&file_with_extents(&many)).unwrap().data(1).is_none());
    }
}
