//! `Range: bytes=…` read against a file's length, for files served in parts (a video seeking).

use axum::http::{HeaderMap, header};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requested {
    Whole,
    /// First and last byte, inclusive.
    Part(u64, u64),
    Unsatisfiable,
}

/// What a request asks of a `len`-byte file whose ETag is `etag`. Several ranges at once, or an
/// `If-Range` for another version, get the whole file, as RFC 9110 allows.
pub fn requested(headers: &HeaderMap, len: u64, etag: &str) -> Requested {
    let Some(range) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Requested::Whole;
    };
    if headers.get(header::IF_RANGE).is_some_and(|v| v.as_bytes() != etag.as_bytes()) {
        return Requested::Whole;
    }
    let Some(spec) = range.trim().strip_prefix("bytes=") else { return Requested::Whole };
    if spec.contains(',') {
        return Requested::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else { return Requested::Whole };
    let number = |s: &str| s.trim().parse::<u64>().ok();
    match (first.trim().is_empty(), number(first), number(last)) {
        // The last n bytes.
        (true, _, Some(n)) if n > 0 && len > 0 => Requested::Part(len.saturating_sub(n), len - 1),
        (true, _, _) => Requested::Unsatisfiable,
        (false, Some(a), _) if a >= len => Requested::Unsatisfiable,
        (false, Some(a), Some(b)) if b >= a => Requested::Part(a, b.min(len - 1)),
        (false, Some(a), None) if last.trim().is_empty() => Requested::Part(a, len - 1),
        _ => Requested::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(range: &str, len: u64) -> Requested {
        let mut headers = HeaderMap::new();
        headers.insert(header::RANGE, range.parse().unwrap());
        requested(&headers, len, "\"e\"")
    }

    #[test]
    fn ranges_as_browsers_send_them() {
        assert_eq!(ask("bytes=0-", 100), Requested::Part(0, 99));
        assert_eq!(ask("bytes=10-19", 100), Requested::Part(10, 19));
        assert_eq!(ask("bytes=90-200", 100), Requested::Part(90, 99));
        assert_eq!(ask("bytes=-10", 100), Requested::Part(90, 99));
        assert_eq!(ask("bytes=-1000", 100), Requested::Part(0, 99));
        assert_eq!(ask("bytes=100-", 100), Requested::Unsatisfiable);
        assert_eq!(ask("bytes=-0", 100), Requested::Unsatisfiable);
        assert_eq!(ask("bytes=5-1", 100), Requested::Whole);
        assert_eq!(ask("bytes=0-1,5-6", 100), Requested::Whole);
        assert_eq!(ask("items=0-1", 100), Requested::Whole);
        assert_eq!(requested(&HeaderMap::new(), 100, "\"e\""), Requested::Whole);
        let mut headers = HeaderMap::new();
        headers.insert(header::RANGE, "bytes=0-9".parse().unwrap());
        headers.insert(header::IF_RANGE, "\"old\"".parse().unwrap());
        assert_eq!(requested(&headers, 100, "\"e\""), Requested::Whole);
    }
}
