//! Finding things: the search box (words, dates as people write them, filters), folders, memories,
//! album summaries, tag and camera lists. Everything reads the derived tables of [`super::index`];
//! no query scans every asset.

use super::{
    AlbumRecord, AssetRecord, Store, decode,
    index::{self, NameCount},
    tables::*,
};
use crate::error::AppResult;
use redb::{ReadOnlyTable, ReadableDatabase};
use std::collections::HashMap;
use time::{Date, Month, PrimitiveDateTime, Time};

/// Half-open ranges of wall-clock seconds, sorted and disjoint.
pub type Ranges = Vec<(i64, i64)>;

/// A search box's text, understood.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub words: Vec<String>,
    /// `None`: any date.
    pub dates: Option<Ranges>,
}

/// The filters beside the box, as exact facets and a date window.
#[derive(Debug, Default)]
pub struct Filters {
    pub facets: Vec<String>,
    pub dates: Option<Ranges>,
}

fn seconds(date: Date) -> i64 {
    PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_utc().unix_timestamp()
}

fn year_range(year: i32) -> Option<(i64, i64)> {
    Some((
        seconds(Date::from_calendar_date(year, Month::January, 1).ok()?),
        seconds(Date::from_calendar_date(year + 1, Month::January, 1).ok()?),
    ))
}

fn month_range(year: i32, month: Month) -> Option<(i64, i64)> {
    let start = Date::from_calendar_date(year, month, 1).ok()?;
    let next = if month == Month::December {
        Date::from_calendar_date(year + 1, Month::January, 1).ok()?
    } else {
        Date::from_calendar_date(year, month.next(), 1).ok()?
    };
    Some((seconds(start), seconds(next)))
}

fn day_range(year: i32, month: Month, day: u8) -> Option<(i64, i64)> {
    let date = Date::from_calendar_date(year, month, day).ok()?;
    Some((seconds(date), seconds(date.next_day()?)))
}

/// June to August of `year` (the northern summer; most of the world's photos are taken there).
fn season_range(season: &str, year: i32) -> Option<(i64, i64)> {
    let (from, to) = match season {
        "spring" => ((year, Month::March), (year, Month::June)),
        "summer" => ((year, Month::June), (year, Month::September)),
        "autumn" | "fall" => ((year, Month::September), (year, Month::December)),
        "winter" => ((year, Month::December), (year + 1, Month::March)),
        _ => return None,
    };
    Some((
        seconds(Date::from_calendar_date(from.0, from.1, 1).ok()?),
        seconds(Date::from_calendar_date(to.0, to.1, 1).ok()?),
    ))
}

fn month_named(word: &str) -> Option<Month> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 {
        return None;
    }
    let index =
        NAMES.iter().position(|name| name.starts_with(word) || (word == "sept" && *name == "september"))?;
    Month::try_from(index as u8 + 1).ok()
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4).then(|| word.parse().ok()).flatten().filter(|y| (1800..=2200).contains(y))
}

fn day_of(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 14th, 1st
    (digits.len() <= 2).then(|| digits.parse().ok()).flatten().filter(|d| (1..=31).contains(d))
}

/// Both constraints at once.
fn intersect(a: &[(i64, i64)], b: &[(i64, i64)]) -> Ranges {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (lo, hi) = (a0.max(b0), a1.min(b1));
            if lo < hi {
                out.push((lo, hi));
            }
        }
    }
    out.sort();
    out
}

fn and_dates(current: &mut Option<Ranges>, more: Ranges) {
    *current = Some(match current.take() {
        Some(existing) => intersect(&existing, &more),
        None => more,
    });
}

fn split_query(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .map(|t| t.to_lowercase())
        .collect()
}

/// Which of `tokens` belong to one of `phrases` written out whole (longest phrases first).
fn within_phrases(tokens: &[String], phrases: &[String]) -> Vec<bool> {
    let mut phrases: Vec<Vec<String>> =
        phrases.iter().map(|p| split_query(p)).filter(|p| !p.is_empty()).collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut taken = vec![false; tokens.len()];
    for phrase in &phrases {
        for start in 0..tokens.len().saturating_sub(phrase.len() - 1) {
            let span = start..start + phrase.len();
            if tokens[span.clone()] == phrase[..] && !taken[span.clone()].iter().any(|t| *t) {
                taken[span].iter_mut().for_each(|t| *t = true);
            }
        }
    }
    taken
}

/// Reads dates the ways people write them — "2019", "july 2019", "14 july 2019", "2019-07-14",
/// "2019-07", "july", "summer 2018", "last summer", "last year" — and keeps the rest as words. Words
/// of `phrases` written out whole (the person's album names: "Summer holidays", "May 2019 wedding")
/// stay words: a name is what the person means before a date or a season.
pub fn parse(text: &str, today: Date, phrases: &[String]) -> Parsed {
    let tokens = split_query(text);
    let named = within_phrases(&tokens, phrases);
    let mut parsed = Parsed::default();
    let mut i = 0;
    let next_year = |i: usize| tokens.get(i).filter(|_| !named[i]).and_then(|t| year_of(t));
    while i < tokens.len() {
        let token = tokens[i].as_str();
        if named[i] {
            parsed.words.extend(index::words(token));
            i += 1;
            continue;
        }
        // 2019-07-14, 2019-07
        let parts: Vec<&str> = token.split(['-', '/', '.']).collect();
        if parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            let year = year_of(parts[0]);
            let month = parts[1].parse::<u8>().ok().and_then(|m| Month::try_from(m).ok());
            let range = match (year, month, parts.get(2)) {
                (Some(y), Some(m), None) => month_range(y, m),
                (Some(y), Some(m), Some(d)) if parts.len() == 3 => {
                    d.parse().ok().and_then(|d| day_range(y, m, d))
                }
                _ => None,
            };
            if let Some(range) = range {
                and_dates(&mut parsed.dates, vec![range]);
                i += 1;
                continue;
            }
        }
        if let Some(year) = year_of(token) {
            and_dates(&mut parsed.dates, year_range(year).into_iter().collect());
            i += 1;
            continue;
        }
        if token == "last" || token == "this" {
            let Some(what) = tokens.get(i + 1).map(String::as_str) else {
                parsed.words.extend(index::words(token));
                i += 1;
                continue;
            };
            let this_year = today.year();
            let range = match what {
                "year" => year_range(if token == "last" { this_year - 1 } else { this_year }),
                season => {
                    // The most recent such season that has begun; "last" means the one before if this
                    // one is still under way.
                    let mut year = this_year;
                    let begun = |y: i32| season_range(season, y).is_some_and(|(s, _)| s <= seconds(today));
                    while !begun(year) && year > this_year - 2 {
                        year -= 1;
                    }
                    let ongoing = season_range(season, year).is_some_and(|(_, e)| e > seconds(today));
                    if token == "last" && ongoing {
                        year -= 1;
                    }
                    season_range(season, year)
                }
            };
            if let Some(range) = range {
                and_dates(&mut parsed.dates, vec![range]);
                i += 2;
                continue;
            }
        }
        if let Some(month) = month_named(token) {
            // "july 14 2019", "14 july 2019", "july 2019", "july"
            let day_after = tokens.get(i + 1).and_then(|t| day_of(t));
            let (day, year_at) = match day_after {
                Some(day) if next_year(i + 2).is_some() => (Some(day), i + 2),
                _ => (None, i + 1),
            };
            let day = day.or_else(|| parsed.words.last().and_then(|w| day_of(w)));
            if day.is_some() && day_after.is_none() {
                parsed.words.pop();
            }
            let ranges: Ranges = match next_year(year_at) {
                Some(year) => {
                    i = year_at + 1;
                    match day {
                        Some(d) => day_range(year, month, d).into_iter().collect(),
                        None => month_range(year, month).into_iter().collect(),
                    }
                }
                None => {
                    i += 1;
                    (1900..=today.year()).filter_map(|y| month_range(y, month)).collect()
                }
            };
            and_dates(&mut parsed.dates, ranges);
            continue;
        }
        if let Some(season) =
            ["spring", "summer", "autumn", "fall", "winter"].into_iter().find(|s| *s == token)
        {
            let ranges = match next_year(i + 1) {
                Some(year) => {
                    i += 2;
                    season_range(season, year).into_iter().collect()
                }
                None => {
                    i += 1;
                    (1900..=today.year()).filter_map(|y| season_range(season, y)).collect()
                }
            };
            and_dates(&mut parsed.dates, ranges);
            continue;
        }
        parsed.words.extend(index::words(token));
        i += 1;
    }
    parsed
}

/// Below this many candidates, a further word is checked against each candidate's own terms.
const CHECK_EACH_BELOW: usize = 2000;

/// One hit: where it sorts and how well it matched.
struct Hit {
    sort_key: i64,
    score: u32,
}

fn in_dates(dates: &Option<Ranges>, key: i64) -> bool {
    dates.as_ref().is_none_or(|r| r.iter().any(|&(a, b)| key >= a && key < b))
}

type SearchTable = ReadOnlyTable<(u64, &'static str, i64, &'static str), ()>;

/// Every (sort key, id) under one exact term, within the date windows.
fn term_entries(
    search: &SearchTable,
    owner: u64,
    term: &str,
    dates: &Option<Ranges>,
    mut each: impl FnMut(i64, &str),
) -> AppResult<()> {
    let windows = dates.clone().unwrap_or_else(|| vec![(i64::MIN, i64::MAX)]);
    for (from, to) in windows {
        for entry in search.range((owner, term, from, "")..(owner, term, to, ""))? {
            let key = entry?.0;
            let (_, _, sort_key, id) = key.value();
            each(sort_key, id);
        }
    }
    Ok(())
}

impl Store {
    /// Words match as prefixes (an exact word ranks higher), every word must match, and every facet.
    /// Results are ranked, then newest first. Returns one page of records and the total.
    pub fn search(
        &self,
        owner: u64,
        parsed: &Parsed,
        filters: &Filters,
        offset: usize,
        limit: usize,
    ) -> AppResult<(Vec<AssetRecord>, usize)> {
        let tx = self.db.begin_read()?;
        let search = tx.open_table(SEARCH)?;
        let dates = match (&parsed.dates, &filters.dates) {
            (Some(a), Some(b)) => Some(intersect(a, b)),
            (a, b) => a.clone().or(b.clone()),
        };
        let assets = tx.open_table(ASSETS)?;
        let load = |ids: Vec<String>| -> AppResult<Vec<AssetRecord>> {
            let mut page = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(v) = assets.get(id.as_str())? {
                    page.push(decode(v.value())?);
                }
            }
            Ok(page)
        };
        let has = |facet: &str, sort_key: i64, id: &str| {
            search.get((owner, facet, sort_key, id)).is_ok_and(|v| v.is_some())
        };

        if parsed.words.is_empty() {
            // Nothing to rank: the most selective facet's entries are already in date order, so walk
            // them newest first, count them all and keep only the page.
            let mut facets = filters.facets.iter();
            let driver = facets.next().map_or(index::ALL, String::as_str);
            let others: Vec<&String> = facets.collect();
            let windows = dates.unwrap_or_else(|| vec![(i64::MIN, i64::MAX)]);
            let (mut total, mut page) = (0, Vec::new());
            for (from, to) in windows.iter().rev() {
                for entry in search.range((owner, driver, *from, "")..(owner, driver, *to, ""))?.rev() {
                    let key = entry?.0;
                    let (_, _, sort_key, id) = key.value();
                    if others.iter().all(|f| has(f, sort_key, id)) {
                        if total >= offset && page.len() < limit {
                            page.push(id.to_string());
                        }
                        total += 1;
                    }
                }
            }
            return Ok((load(page)?, total));
        }

        // Longer words first: they are usually rarer, and every later word only narrows.
        let mut words: Vec<&String> = parsed.words.iter().collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let index = tx.open_table(ASSET_INDEX)?;
        let mut hits: HashMap<String, Hit> = HashMap::new();
        for (n, word) in words.into_iter().enumerate() {
            let whole_words_only = word.chars().count() == 1;
            if n > 0 && hits.len() <= CHECK_EACH_BELOW {
                // Few candidates left: read their own terms instead of walking every asset with the word.
                let mut kept = HashMap::with_capacity(hits.len());
                for (id, mut hit) in hits {
                    let Some(entry) = index.get(id.as_str())? else { continue };
                    let terms = decode::<index::IndexEntry>(entry.value())?.terms;
                    let score = if terms.contains(word.as_str()) {
                        2
                    } else if !whole_words_only
                        && terms
                            .range(word.to_string()..)
                            .next()
                            .is_some_and(|t| t.starts_with(word.as_str()))
                    {
                        1
                    } else {
                        continue;
                    };
                    hit.score += score;
                    kept.insert(id, hit);
                }
                hits = kept;
                continue;
            }
            let mut matched: HashMap<String, Hit> = HashMap::new();
            // One letter matches whole words only: as a prefix it would match nearly everything.
            let end = if whole_words_only { format!("{word}\0") } else { format!("{word}\u{10FFFF}") };
            for entry in
                search.range((owner, word.as_str(), i64::MIN, "")..(owner, end.as_str(), i64::MIN, ""))?
            {
                let key = entry?.0;
                let (_, term, sort_key, id) = key.value();
                if !in_dates(&dates, sort_key) {
                    continue;
                }
                let score = if term == word.as_str() { 2 } else { 1 };
                let previous = if n == 0 { Some(0) } else { hits.get(id).map(|h| h.score) };
                if let Some(previous) = previous {
                    let hit = matched.entry(id.to_string()).or_insert(Hit { sort_key, score: previous });
                    // A word matching several terms of one asset counts its best match once.
                    hit.score = hit.score.max(previous + score);
                }
            }
            hits = matched;
        }
        for facet in &filters.facets {
            hits.retain(|id, hit| has(facet, hit.sort_key, id));
        }
        let total = hits.len();
        let mut ranked: Vec<(String, Hit)> = hits.into_iter().collect();
        ranked.sort_unstable_by(|a, b| {
            b.1.score.cmp(&a.1.score).then(b.1.sort_key.cmp(&a.1.sort_key)).then(b.0.cmp(&a.0))
        });
        Ok((load(ranked.into_iter().skip(offset).take(limit).map(|(id, _)| id).collect())?, total))
    }

    /// Photos taken on this day of the year in earlier years, newest year first; archived ones left out.
    pub fn on_this_day(
        &self,
        owner: u64,
        month: Month,
        day: u8,
        this_year: i32,
    ) -> AppResult<Vec<(i32, Vec<AssetRecord>)>> {
        let tx = self.db.begin_read()?;
        let search = tx.open_table(SEARCH)?;
        let assets = tx.open_table(ASSETS)?;
        let all = (owner, index::ALL, i64::MIN, "")..(owner, index::ALL, i64::MAX, "");
        let first = search.range(all)?.next().transpose()?.map(|(k, _)| k.value().2);
        let Some(first) = first else { return Ok(Vec::new()) };
        let first_year = time::OffsetDateTime::from_unix_timestamp(first).map_or(this_year, |t| t.year());
        let mut years = Vec::new();
        for year in (first_year.max(this_year - 150)..this_year).rev() {
            let Some(window) = day_range(year, month, day) else { continue };
            let mut items = Vec::new();
            term_entries(&search, owner, index::ALL, &Some(vec![window]), |_, id| {
                items.push(id.to_string())
            })?;
            let mut records = Vec::new();
            for id in items.iter().rev() {
                if let Some(v) = assets.get(id.as_str())? {
                    let record: AssetRecord = decode(v.value())?;
                    if !record.archived {
                        records.push(record);
                    }
                }
            }
            if !records.is_empty() {
                years.push((year, records));
            }
        }
        Ok(years)
    }

    /// The folders right under `path` (`""` for the top) with the number of assets in each subtree,
    /// and the number directly in `path`.
    pub fn folders(&self, owner: u64, path: &str) -> AppResult<(Vec<(String, u64)>, u64)> {
        let tx = self.db.begin_read()?;
        let folders = tx.open_table(FOLDERS)?;
        let prefix = if path.is_empty() { String::new() } else { format!("{path}/") };
        let end = format!("{prefix}\u{10FFFF}");
        let mut children: std::collections::BTreeMap<String, u64> = Default::default();
        for entry in folders.range((owner, prefix.as_str())..(owner, end.as_str()))? {
            let (key, count) = entry?;
            let below = &key.value().1[prefix.len()..];
            let child = below.split('/').next().unwrap_or(below);
            *children.entry(child.to_string()).or_default() += count.value();
        }
        let here = if path.is_empty() { 0 } else { folders.get((owner, path))?.map_or(0, |v| v.value()) };
        Ok((children.into_iter().collect(), here))
    }

    /// An album's live assets, whoever owns them: how many, the date span (first, last sort key).
    pub fn album_summary(&self, album: &AlbumRecord) -> AppResult<(usize, Option<(i64, i64)>)> {
        let tx = self.db.begin_read()?;
        let items = tx.open_table(ALBUM_ITEMS)?;
        let id = album.id.as_str();
        let range = || items.range((id, i64::MIN, "")..(id, i64::MAX, ""));
        let count = range()?.count();
        let first = range()?.next().transpose()?.map(|(k, _)| k.value().1);
        let last = range()?.next_back().transpose()?.map(|(k, _)| k.value().1);
        Ok((count, first.zip(last)))
    }

    /// A page of an album in its own order, skipping trashed assets; the offset counts positions.
    pub fn album_page(
        &self,
        album: &AlbumRecord,
        offset: usize,
        limit: usize,
    ) -> AppResult<(Vec<AssetRecord>, Option<usize>)> {
        let tx = self.db.begin_read()?;
        let assets = tx.open_table(ASSETS)?;
        let mut items = Vec::new();
        let mut position = offset;
        while position < album.assets.len() && items.len() < limit {
            if let Some(v) = assets.get(album.assets[position].as_str())? {
                let record: AssetRecord = decode(v.value())?;
                if record.trashed_at.is_none() {
                    items.push(record);
                }
            }
            position += 1;
        }
        Ok((items, (position < album.assets.len()).then_some(position)))
    }

    /// Tags or cameras (`table`) of an owner, most used first.
    pub fn names(&self, owner: u64, cameras: bool) -> AppResult<Vec<NameCount>> {
        let tx = self.db.begin_read()?;
        let table = tx.open_table(if cameras { CAMERAS } else { TAGS })?;
        let mut list = Vec::new();
        for entry in table.range((owner, "")..=(owner, "\u{10FFFF}"))? {
            list.push(decode::<NameCount>(entry?.1.value())?);
        }
        list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        Ok(list)
    }

    /// A page of the trash, most recently trashed first.
    pub fn trash_page(
        &self,
        owner: u64,
        offset: usize,
        limit: usize,
    ) -> AppResult<(Vec<AssetRecord>, usize)> {
        let tx = self.db.begin_read()?;
        let trash = tx.open_table(TRASH)?;
        let assets = tx.open_table(ASSETS)?;
        let range = || trash.range((owner, i64::MIN, "")..=(owner, i64::MAX, "\u{10FFFF}"));
        let total = range()?.count();
        let mut items = Vec::new();
        for entry in range()?.rev().skip(offset).take(limit) {
            if let Some(v) = assets.get(entry?.0.value().2)? {
                items.push(decode(v.value())?);
            }
        }
        Ok((items, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn dates(text: &str) -> Option<Ranges> {
        parse(text, date!(2026 - 11 - 27), &[]).dates
    }

    #[test]
    fn album_names_are_phrases_before_dates_and_seasons() {
        let albums = ["Summer holidays".to_string(), "May 2019 wedding".to_string()];
        let p = parse("summer holidays", date!(2026 - 11 - 27), &albums);
        assert_eq!((p.words, p.dates), (vec!["summer".to_string(), "holidays".to_string()], None));
        let p = parse("Beach may 2019 wedding", date!(2026 - 11 - 27), &albums);
        assert_eq!(p.words, ["beach", "may", "2019", "wedding"]);
        assert_eq!(p.dates, None);
        // Only the whole name: "summer" alone is still the season.
        let p = parse("summer beach", date!(2026 - 11 - 27), &albums);
        assert_eq!(p.words, ["beach"]);
        assert!(p.dates.is_some());
    }

    fn day(y: i32, m: Month, d: u8) -> (i64, i64) {
        day_range(y, m, d).unwrap()
    }

    #[test]
    fn dates_as_people_write_them() {
        assert_eq!(dates("2019"), Some(vec![year_range(2019).unwrap()]));
        assert_eq!(dates("July 2019"), Some(vec![month_range(2019, Month::July).unwrap()]));
        assert_eq!(dates("jul 2019"), dates("2019-07"));
        assert_eq!(dates("2019-07-14"), Some(vec![day(2019, Month::July, 14)]));
        assert_eq!(dates("14 july 2019"), Some(vec![day(2019, Month::July, 14)]));
        assert_eq!(dates("july 14, 2019"), Some(vec![day(2019, Month::July, 14)]));
        assert_eq!(dates("last summer"), Some(vec![season_range("summer", 2026).unwrap()]));
        assert_eq!(dates("last year"), Some(vec![year_range(2025).unwrap()]));
        assert_eq!(dates("july").map(|r| r.len()), Some(2026 - 1900 + 1));
        assert_eq!(dates("beach"), None);
        let p = parse("Beach Canon july 2019", date!(2026 - 11 - 27), &[]);
        assert_eq!(p.words, ["beach", "canon"]);
    }

    #[test]
    fn last_summer_during_summer_is_the_year_before() {
        let p = parse("last summer", date!(2026 - 07 - 01), &[]);
        assert_eq!(p.dates, Some(vec![season_range("summer", 2025).unwrap()]));
    }
}
