//! Calendar dates without a clock: parsing `YYYY-MM-DD` and converting to days since 1970.

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (proleptic Gregorian, no time zone), as authors write it: `2026-11-02`.
/// The default is 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1–9999.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31 (checked against the month).
    pub day: u8,
}

impl Default for Date {
    fn default() -> Date {
        Date {
            year: 1970,
            month: 1,
            day: 1,
        }
    }
}

impl Date {
    /// Parses exactly `YYYY-MM-DD`, checking that the day exists in that month.
    ///
    /// ```
    /// use whatsnew_core::Date;
    /// assert!(Date::parse("2024-02-29").is_some());
    /// assert!(Date::parse("2023-02-29").is_none());
    /// ```
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        // Digits folded by hand: `str::parse` costs the widget a few hundred bytes.
        let num = |r: core::ops::Range<usize>| -> Option<u32> {
            s.get(r)?.bytes().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The UTC calendar date of a Unix time in milliseconds.
    pub fn from_unix_ms(ms: f64) -> Date {
        // floor() without std: truncate, then step back for negative fractions.
        let truncated = (ms / 86_400_000.0) as i64;
        let days = if (truncated as f64) * 86_400_000.0 > ms {
            truncated - 1
        } else {
            truncated
        };
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)).clamp(1, 9999) as u16;
        Date { year, month, day }
    }
}

/// A moment as authors write it: `2026-11-02` (midnight UTC), `2026-11-02T09:30`,
/// `2026-11-02T09:30:00Z` or with an offset, `2026-11-02T09:30:00+02:00`. Returns Unix ms.
///
/// ```
/// use whatsnew_core::date::parse_moment;
/// assert_eq!(parse_moment("1970-01-02"), Some(86_400_000));
/// assert_eq!(parse_moment("1970-01-01T01:00:00+01:00"), Some(0));
/// ```
pub fn parse_moment(s: &str) -> Option<i64> {
    let date = Date::parse(s.get(..10)?)?;
    let day_ms = date.days_since_epoch() * 86_400_000;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(day_ms);
    }
    let rest = rest.strip_prefix(['T', ' '])?;
    let two = |t: &str, at: usize| -> Option<i64> {
        let d = t.get(at..at + 2)?;
        d.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| d.bytes().fold(0, |n, b| n * 10 + i64::from(b - b'0')))
    };
    let (h, m) = (two(rest, 0)?, two(rest, 3)?);
    if rest.get(2..3) != Some(":") || h > 23 || m > 59 {
        return None;
    }
    let (sec, zone) = match rest.get(5..6) {
        Some(":") => (two(rest, 6)?, rest.get(8..)?),
        _ => (0, rest.get(5..)?),
    };
    if sec > 59 {
        return None;
    }
    let offset_min = match zone {
        "" | "Z" | "z" => 0,
        z if z.len() == 6 && z.get(3..4) == Some(":") => {
            let sign = match z.get(..1) {
                Some("+") => 1,
                Some("-") => -1,
                _ => return None,
            };
            sign * (two(z, 1)? * 60 + two(z, 4)?)
        }
        _ => return None,
    };
    Some(day_ms + ((h * 60 + m - offset_min) * 60 + sec) * 1000)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// `YYYY-MM-DD`, built without `core::fmt` (which would cost the widget several KB).
    pub fn iso(self) -> String {
        let mut s = String::with_capacity(10);
        let mut digits = |n: u32, width: u32| {
            for p in (0..width).rev() {
                s.push(char::from(b'0' + (n / 10u32.pow(p) % 10) as u8));
            }
        };
        digits(u32::from(self.year), 4);
        digits(u32::from(self.month), 2);
        digits(u32::from(self.day), 2);
        s.insert(4, '-');
        s.insert(7, '-');
        s
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("expected a date like 2026-11-02, found `{s}`"))
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Date {
    fn schema_name() -> String {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::String.into()),
            format: Some("date".into()),
            ..Default::default()
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_dates() {
        for (input, ok) in [
            ("2026-11-02", true),
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2026-13-01", false),
            ("2026-04-31", false),
            ("2026-1-02", false),
            ("2026-11-02T10:00", false),
            ("0000-01-01", false),
            ("２０２６-11-02", false),
            ("", false),
        ] {
            assert_eq!(Date::parse(input).is_some(), ok, "{input}");
        }
    }

    #[test]
    fn moments_in_every_accepted_form() {
        let day = Date::parse("2026-11-02").unwrap().days_since_epoch() * 86_400_000;
        for (input, expected) in [
            ("2026-11-02", Some(day)),
            ("2026-11-02T09:30", Some(day + 34_200_000)),
            ("2026-11-02T09:30:15Z", Some(day + 34_215_000)),
            ("2026-11-02 09:30:00+02:00", Some(day + 27_000_000)),
            ("2026-11-02T09:30:00-01:30", Some(day + 39_600_000)),
            ("2026-11-02T24:00", None),
            ("2026-11-02T09:30:00+0200", None),
            ("2026-11-02T9:30", None),
            ("2026-11-02X", None),
            ("tomorrow", None),
        ] {
            assert_eq!(parse_moment(input), expected, "{input}");
        }
    }

    #[test]
    fn round_trips_through_unix_time() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2026-11-25",
            "1969-12-31",
            "2100-03-01",
        ] {
            let d = Date::parse(s).unwrap();
            let ms = d.days_since_epoch() as f64 * 86_400_000.0 + 3_600_000.0;
            assert_eq!(Date::from_unix_ms(ms), d, "{s}");
            assert_eq!(d.to_string(), s);
            assert_eq!(d.iso(), s);
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().days_since_epoch(), 1);
    }
}
