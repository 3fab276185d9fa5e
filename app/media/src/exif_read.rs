//! EXIF fields into [`MediaMetadata`], through kamadak-exif, which finds the EXIF block in JPEG, TIFF,
//! PNG, WebP and HEIF containers. Damaged blocks give what could be read, never a panic.

use exif::{Exif, In, Tag, Value};
use keepsake_api::{Gps, MediaMetadata};

/// Fills `meta` from the file's EXIF block, if it has one, and returns the TIFF IFD0 pixel size (the
/// only place a TIFF states it).
pub(crate) fn read_into(bytes: &[u8], meta: &mut MediaMetadata) -> Option<(u32, u32)> {
    let exif = read(bytes)?;
    meta.taken_at = taken_at(&exif);
    meta.orientation =
        uint(&exif, Tag::Orientation).and_then(|o| u8::try_from(o).ok()).filter(|o| (1..=8).contains(o));
    meta.camera.make = ascii(&exif, Tag::Make);
    meta.camera.model = ascii(&exif, Tag::Model);
    meta.camera.lens = ascii(&exif, Tag::LensModel);
    meta.exposure.exposure_time = rational(&exif, Tag::ExposureTime);
    meta.exposure.f_number = rational(&exif, Tag::FNumber);
    meta.exposure.iso = uint(&exif, Tag::PhotographicSensitivity);
    meta.exposure.focal_length = rational(&exif, Tag::FocalLength);
    meta.gps = gps(&exif);
    Some((uint(&exif, Tag::ImageWidth)?, uint(&exif, Tag::ImageLength)?))
}

fn read(bytes: &[u8]) -> Option<Exif> {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let result = match webp_exif_chunk(bytes) {
        Some(raw) => reader.read_raw(raw.to_vec()),
        None => reader.read_from_container(&mut std::io::Cursor::new(bytes)),
    };
    match result {
        Ok(exif) => Some(exif),
        Err(exif::Error::PartialResult(partial)) => Some(partial.into_inner().0),
        Err(_) => None,
    }
}

/// What the EXIF block says of a still's colours, for one without a profile its decoder found.
#[derive(Default)]
pub(crate) struct ExifColour {
    /// A TIFF's ICC profile (tag 34675). Writers type it UNDEFINED, and the TIFF decoder hands over
    /// only BYTE-typed ones, so it is read here.
    pub tiff_icc_profile: Option<Vec<u8>>,
    /// Adobe RGB declared the way cameras set to it do without embedding a profile (DCF's option
    /// file): colour space "uncalibrated" and interoperability index `R03`.
    pub adobe_rgb: bool,
}

pub(crate) fn colour(bytes: &[u8]) -> ExifColour {
    let Some(exif) = read(bytes) else {
        return ExifColour::default();
    };
    let tiff = bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*");
    let tiff_icc_profile = match field(&exif, Tag(exif::Context::Tiff, 0x8773)) {
        Some(Value::Undefined(profile, _) | Value::Byte(profile)) if tiff => Some(profile.clone()),
        _ => None,
    };
    let adobe_rgb = uint(&exif, Tag::ColorSpace) == Some(0xFFFF)
        && ascii(&exif, Tag::InteroperabilityIndex).is_some_and(|index| index.trim() == "R03");
    ExifColour { tiff_icc_profile, adobe_rgb }
}

/// The TIFF block of a WebP `EXIF` chunk. Writers disagree on whether it starts with the JPEG-style
/// `Exif\0\0` prefix (Pillow and ImageMagick write it), so it is stripped when present.
fn webp_exif_chunk(bytes: &[u8]) -> Option<&[u8]> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return None;
    }
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let size = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().ok()?) as usize;
        let body = bytes.get(at + 8..(at + 8).checked_add(size)?)?;
        if &bytes[at..at + 4] == b"EXIF" {
            return Some(body.strip_prefix(b"Exif\0\0").unwrap_or(body));
        }
        at += 8 + size + (size & 1);
    }
    None
}

fn field(exif: &Exif, tag: Tag) -> Option<&Value> {
    exif.get_field(tag, In::PRIMARY).map(|f| &f.value)
}

fn ascii(exif: &Exif, tag: Tag) -> Option<String> {
    let Value::Ascii(parts) = field(exif, tag)? else { return None };
    let raw = parts.first()?;
    let text = String::from_utf8_lossy(raw);
    let text = text.trim_end_matches(['\0', ' ']).trim_start();
    (!text.is_empty()).then(|| text.to_string())
}

/// The first value of an integer field, whichever integer type the writer chose (some write SLONG).
fn uint(exif: &Exif, tag: Tag) -> Option<u32> {
    match field(exif, tag)? {
        Value::SLong(v) => v.first().and_then(|&x| u32::try_from(x).ok()),
        Value::SShort(v) => v.first().and_then(|&x| u32::try_from(x).ok()),
        Value::SByte(v) => v.first().and_then(|&x| u32::try_from(x).ok()),
        other => other.get_uint(0),
    }
}

fn rational(exif: &Exif, tag: Tag) -> Option<f64> {
    let value = match field(exif, tag)? {
        Value::Rational(v) => v.first().filter(|r| r.denom != 0)?.to_f64(),
        Value::SRational(v) => v.first().filter(|r| r.denom != 0)?.to_f64(),
        other => other.get_uint(0)? as f64,
    };
    value.is_finite().then_some(value)
}

/// `DateTimeOriginal` as ISO 8601, with `OffsetTimeOriginal` appended when the camera recorded it.
fn taken_at(exif: &Exif) -> Option<String> {
    let raw = ascii(exif, Tag::DateTimeOriginal)?;
    let date = exif_datetime_to_iso(&raw)?;
    match ascii(exif, Tag::OffsetTimeOriginal).filter(|o| is_utc_offset(o)) {
        Some(offset) => Some(format!("{date}{offset}")),
        None => Some(date),
    }
}

/// `"2019:07:14 10:58:29"` → `"2019-07-14T10:58:29"`; anything that is not a real date gives `None`.
pub(crate) fn exif_datetime_to_iso(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let s = raw.get(range)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    let (y, mo, d, h, mi, s) =
        (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    let separators_ok =
        matches!(b[4], b':' | b'-') && matches!(b[7], b':' | b'-') && matches!(b[10], b' ' | b'T');
    let valid = separators_ok
        && y > 0
        && (1..=12).contains(&mo)
        && (1..=31).contains(&d)
        && h < 24
        && mi < 60
        && s < 61;
    valid.then(|| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"))
}

fn is_utc_offset(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 6
        && matches!(b[0], b'+' | b'-')
        && b[3] == b':'
        && [1, 2, 4, 5].iter().all(|&i| b[i].is_ascii_digit())
}

fn gps(exif: &Exif) -> Option<Gps> {
    let coordinate = |tag: Tag, reference: Tag, negative: u8| -> Option<f64> {
        let Value::Rational(parts) = field(exif, tag)? else { return None };
        if parts.is_empty() || parts.iter().any(|r| r.denom == 0) {
            return None;
        }
        let part = |i: usize| parts.get(i).map_or(0.0, |r| r.to_f64());
        let value = part(0) + part(1) / 60.0 + part(2) / 3600.0;
        let sign = match field(exif, reference) {
            Some(Value::Ascii(r)) if r.first().and_then(|s| s.first()) == Some(&negative) => -1.0,
            _ => 1.0,
        };
        value.is_finite().then_some(sign * value)
    };
    let lat = coordinate(Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S')?;
    let lon = coordinate(Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W')?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return None;
    }
    let alt = rational(exif, Tag::GPSAltitude).map(|a| {
        let below = matches!(field(exif, Tag::GPSAltitudeRef), Some(v) if v.get_uint(0) == Some(1));
        if below { -a } else { a }
    });
    Some(Gps { lat, lon, alt })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_dates() {
        assert_eq!(exif_datetime_to_iso("2019:07:14 10:58:29").as_deref(), Some("2019-07-14T10:58:29"));
        assert_eq!(exif_datetime_to_iso("0000:00:00 00:00:00"), None);
        assert_eq!(exif_datetime_to_iso("    :  :     :  :  "), None);
        assert_eq!(exif_datetime_to_iso("2019:07:1"), None);
    }

    #[test]
    fn offsets() {
        assert!(is_utc_offset("+02:00"));
        assert!(is_utc_offset("-05:00"));
        assert!(!is_utc_offset("   :  "));
    }
}
