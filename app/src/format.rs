//! Turning numbers and dates into text people read.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `"2019-07"` → `"July 2019"`.
pub fn month_label(ym: &str) -> String {
    let month = ym.get(5..7).and_then(|m| m.parse::<usize>().ok()).filter(|m| (1..=12).contains(m));
    match (ym.get(..4), month) {
        (Some(year), Some(m)) => format!("{} {year}", MONTHS[m - 1]),
        _ => "Unknown date".into(),
    }
}

/// `"2019-07-14"` → `"14 July 2019"`.
pub fn day_label(ymd: &str) -> String {
    let day = ymd.get(8..10).and_then(|d| d.parse::<u32>().ok());
    match day {
        Some(d) => format!("{d} {}", month_label(ymd)),
        None => month_label(ymd),
    }
}

/// `"2019-07-14T10:58:29+02:00"` → `"14 July 2019, 10:58 (UTC+02:00)"`.
pub fn date_time(iso: &str) -> String {
    let time = iso.get(11..16).unwrap_or("");
    let offset = iso.get(19..).filter(|o| !o.is_empty()).map(|o| format!(" (UTC{o})")).unwrap_or_default();
    format!("{}, {time}{offset}", day_label(iso))
}

pub fn bytes(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.1} GB", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.0} KB", n / 1e3)
    } else {
        format!("{n} B")
    }
}

pub fn exposure_time(seconds: f64) -> String {
    if seconds > 0.0 && seconds < 0.5 { format!("1/{:.0} s", 1.0 / seconds) } else { format!("{seconds} s") }
}

pub fn duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// How long ago a moment (ms since the epoch) was: "just now", "5 minutes ago", "3 hours ago", "2 days ago".
pub fn ago(then_ms: f64) -> String {
    ago_between(then_ms, js_sys::Date::now())
}

fn ago_between(then_ms: f64, now_ms: f64) -> String {
    let minutes = ((now_ms - then_ms) / 60_000.0).max(0.0) as u64;
    let (n, unit) = match minutes {
        0 => return "just now".into(),
        m if m < 60 => (m, "minute"),
        m if m < 60 * 24 => (m / 60, "hour"),
        m => (m / (60 * 24), "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

/// The date a moment falls on where the person is: `"2027-01-01T00:00:00Z"` → `"2026-12-31"` in New York.
pub fn local_day(iso: &str) -> String {
    let date = js_sys::Date::new(&iso.into());
    if date.get_time().is_nan() {
        return iso.get(..10).unwrap_or(iso).to_string();
    }
    format!("{:04}-{:02}-{:02}", date.get_full_year(), date.get_month() + 1, date.get_date())
}

/// The last second of a day (`YYYY-MM-DD`) where the person is, as RFC 3339 with their offset: a link
/// that expires "on 31 December" works through their 31 December.
pub fn local_end_of_day(day: &str) -> Option<String> {
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let date = js_sys::Date::new_with_year_month_day_hr_min_sec(y, m as i32 - 1, d as i32, 23, 59, 59);
    // Minutes behind UTC, so UTC+01:00 is -60.
    let offset = -(date.get_timezone_offset() as i32);
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    Some(format!("{day}T23:59:59{sign}{:02}:{:02}", offset / 60, offset % 60))
}

/// "24 years ago", or "Last year".
pub fn years_ago(years: i32) -> String {
    if years == 1 { "Last year".into() } else { format!("{years} years ago") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn labels() {
        assert_eq!(month_label("2019-07-14"), "July 2019");
        assert_eq!(day_label("2019-07-14"), "14 July 2019");
        assert_eq!(date_time("2019-07-14T10:58:29+02:00"), "14 July 2019, 10:58 (UTC+02:00)");
        assert_eq!(exposure_time(0.004), "1/250 s");
        assert_eq!(bytes(2_500_000), "2.5 MB");
        assert_eq!(duration(75.4), "1:15");
        assert_eq!(ago_between(1_000.0, 30_000.0), "just now");
        assert_eq!(ago_between(0.0, 60_000.0), "1 minute ago");
        assert_eq!(ago_between(0.0, 3.0 * 3_600_000.0), "3 hours ago");
        assert_eq!(ago_between(0.0, 49.0 * 3_600_000.0), "2 days ago");
        assert_eq!(years_ago(24), "24 years ago");
    }

    #[wasm_bindgen_test]
    fn a_chosen_day_is_that_day_where_the_person_is() {
        let end = local_end_of_day("2026-12-31").unwrap();
        assert!(end.starts_with("2026-12-31T23:59:59"), "{end}");
        assert_eq!(local_day(&end), "2026-12-31");
        assert_eq!(local_end_of_day("31/12/2026"), None);
    }
}
