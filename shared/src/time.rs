//! Timestamps on the wire, as the web app reads them. The server writes every timestamp in
//! RFC 3339 (`2026-11-24T09:41:07.123456Z`); chrono's general parser, which also takes other
//! forms, costs the web bundles about 14 KB, so their wasm build reads timestamps with this small
//! RFC 3339 parser instead (the fields say so with `cfg_attr(target_arch = "wasm32", …)`). The
//! server keeps chrono's parser for what clients send.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::de::{Deserializer, Error};

/// Parses an RFC 3339 date-time (`T` or `t` between date and time, `Z`, `z` or `±hh:mm`).
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let at = |i: usize, c: u8| b.get(i).is_some_and(|x| x.eq_ignore_ascii_case(&c));
    if !(at(4, b'-') && at(7, b'-') && at(10, b'T') && at(13, b':') && at(16, b':')) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 2)?, num(8, 2)?)?;
    let mut i = 19;
    let mut nanos = 0u32;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        let digits = i - start;
        if digits == 0 {
            return None;
        }
        nanos *= 10u32.pow(9u32.saturating_sub(u32::try_from(digits).ok()?));
    }
    let time = date.and_hms_nano_opt(num(11, 2)?, num(14, 2)?, num(17, 2)?, nanos)?;
    let offset_secs = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && at(i + 3, b':') => {
            let secs = i64::from(num(i + 1, 2)? * 3600 + num(i + 4, 2)? * 60);
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    Some(time.and_utc() - chrono::TimeDelta::seconds(offset_secs))
}

/// Parses an RFC 3339 full-date, exactly `YYYY-MM-DD` (four-digit year, a day the month has).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<u32> {
        b[from..from + len].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 2)?, num(8, 2)?)
}

/// Reads a date (`YYYY-MM-DD`): `#[serde(deserialize_with = "crate::time::date")]`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    parse_date(&s).ok_or_else(|| D::Error::custom("not a YYYY-MM-DD date"))
}

/// Reads an optional date (`null` or absent is `None`; with `default`).
pub fn date_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<std::borrow::Cow<str>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => parse_date(&s).map(Some).ok_or_else(|| D::Error::custom("not a YYYY-MM-DD date")),
    }
}

/// Reads a timestamp: `#[serde(deserialize_with = "crate::time::utc")]`.
pub fn utc<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    parse_rfc3339(&s).ok_or_else(|| D::Error::custom("not an RFC 3339 date-time"))
}

/// Reads an optional timestamp (`null` or absent is `None`; with `default`).
pub fn utc_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<std::borrow::Cow<str>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => parse_rfc3339(&s).map(Some).ok_or_else(|| D::Error::custom("not an RFC 3339 date-time")),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_date, parse_rfc3339};
    use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

    #[test]
    fn dates_are_exactly_yyyy_mm_dd() {
        for s in ["2026-11-24", "2024-02-29", "0001-01-01", "9999-12-31", "1970-01-01"] {
            assert_eq!(parse_date(s), NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(), "{s}");
            assert!(parse_date(s).is_some(), "{s}");
            assert_eq!(parse_date(s).map(|d| d.to_string()).as_deref(), Some(s), "{s} round-trips");
        }
        for s in [
            "",
            "2026-1-24",
            "2026-11-4",
            "26-11-24",
            " 2026-11-24",
            "2026-11-24 ",
            "2026/11/24",
            "2026-13-01",
            "2026-00-10",
            "2026-02-29",
            "2026-11-31",
            "2026-11-00",
            "+2026-11-2",
            "2026-11-24T00:00:00Z",
            "２026-11-24",
            "2026-1１-24",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn reads_what_chrono_writes_and_agrees_with_it() {
        for s in [
            "2026-11-24T09:41:07Z",
            "2026-11-24T09:41:07.123Z",
            "2026-11-24T09:41:07.123456789Z",
            "2026-11-24t09:41:07.5z",
            "2026-11-24T09:41:07+02:00",
            "2026-11-24T09:41:07.25-05:30",
            "2024-02-29T23:59:59Z",
            "1970-01-01T00:00:00Z",
        ] {
            let ours = parse_rfc3339(s);
            let chrono = DateTime::parse_from_rfc3339(s).ok().map(|d| d.with_timezone(&Utc));
            assert_eq!(ours, chrono, "{s}");
            assert!(ours.is_some(), "{s}");
        }
        let now = Utc::now();
        for format in [SecondsFormat::Secs, SecondsFormat::Millis, SecondsFormat::Micros, SecondsFormat::Nanos] {
            let s = now.to_rfc3339_opts(format, true);
            assert_eq!(parse_rfc3339(&s), DateTime::parse_from_rfc3339(&s).ok().map(|d| d.with_timezone(&Utc)), "{s}");
        }
        assert_eq!(parse_rfc3339(&serde_json::to_string(&now).unwrap_or_default().replace('"', "")), Some(now));
    }

    #[test]
    fn refuses_what_is_not_rfc_3339() {
        for s in [
            "",
            "2026-11-24",
            "2026-11-24T09:41Z",
            "2026-11-24 09:41:07Z",
            "2026-11-24T09:41:07",
            "2026-11-24T09:41:07.Z",
            "2026-02-30T09:41:07Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T09:41:07+0200",
            "2026-11-24T09:41:07Zjunk",
            "２026-11-24T09:41:07Z",
        ] {
            assert_eq!(parse_rfc3339(s), None, "{s}");
        }
    }
}
