//! Partial dates: a date known to a year, a month, a day or an instant.
//!
//! Incident records rarely know the exact day a breach began, so a date keeps
//! the precision it was written with and is never shown more precisely than
//! that ("2021-08", not "2021-08-01").

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Timelike, Utc};
use std::fmt;

/// How precisely a date is known. The order is coarse to fine, which is also
/// the tie-break order on the timeline: at the same first instant the coarser
/// date comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
    Minute,
    Second,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Minute => "minute",
            Precision::Second => "second",
        }
    }
}

/// A date at its own precision. `start` is the first instant it covers, in
/// UTC; `offset` is the written UTC offset in seconds (zero for dates
/// without a time), kept so an instant is shown as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    start: i64,
    offset: i32,
    precision: Precision,
}

/// The grammar named in every date error, so the message says what to write.
pub const DATE_GRAMMAR: &str = "YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date-time with an offset (2021-08-14T09:30Z)";

/// Why a date was refused; the message quotes the text and names the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl PartialDate {
    pub fn year(y: i32) -> Option<Self> {
        Self::day(y, 1, 1).map(|d| PartialDate {
            precision: Precision::Year,
            ..d
        })
    }

    pub fn month(y: i32, m: u32) -> Option<Self> {
        Self::day(y, m, 1).map(|d| PartialDate {
            precision: Precision::Month,
            ..d
        })
    }

    pub fn day(y: i32, m: u32, d: u32) -> Option<Self> {
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        let start = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
        Some(PartialDate {
            start,
            offset: 0,
            precision: Precision::Day,
        })
    }

    /// Parses the written forms of the format: `2021`, `2021-08`,
    /// `2021-08-14`, `2021-08-14T09:30Z`, `2021-08-14T09:30:15+01:00`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let s = text.trim();
        let bad = |why: &str| {
            let why = if why.is_empty() { String::new() } else { format!(" ({why})") };
            DateError(format!("\"{s}\" is not a date{why}; write {DATE_GRAMMAR}"))
        };
        if s.contains(['T', 't']) {
            return Self::parse_instant(s).map_err(&bad);
        }
        let parts: Vec<&str> = s.split('-').collect();
        if !parts.iter().all(|p| all_digits(p)) {
            return Err(bad(""));
        }
        let num = |p: &str| p.parse::<u32>().ok();
        match parts.as_slice() {
            [y] if y.len() == 4 => Ok(Self::year(num(y).unwrap_or(0) as i32).ok_or_else(|| bad(""))?),
            [y, m] if y.len() == 4 && m.len() == 2 => {
                let (y, m) = (num(y).unwrap_or(0) as i32, num(m).unwrap_or(0));
                if !(1..=12).contains(&m) {
                    return Err(bad("there is no month 13 or 0; months run 01 to 12"));
                }
                Self::month(y, m).ok_or_else(|| bad(""))
            }
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                let (y, m, d) = (num(y).unwrap_or(0) as i32, num(m).unwrap_or(0), num(d).unwrap_or(0));
                if !(1..=12).contains(&m) {
                    return Err(bad("months run 01 to 12"));
                }
                Self::day(y, m, d).ok_or_else(|| bad("that day does not exist in that month"))
            }
            _ => Err(bad("")),
        }
    }

    fn parse_instant(s: &str) -> Result<Self, &'static str> {
        let (_, time) = s.split_once(['T', 't']).ok_or("")?;
        let has_offset = time.ends_with(['Z', 'z']) || time.contains(['+', '-']);
        if !has_offset {
            return Err("a date-time needs a UTC offset such as Z or +01:00");
        }
        let (clock, _) = time.split_at(time.find(['Z', 'z', '+', '-']).unwrap_or(time.len()));
        let precision = match clock.split(':').count() {
            2 => Precision::Minute,
            3 => Precision::Second,
            _ => return Err(""),
        };
        // RFC 3339 requires seconds; the format allows leaving them out.
        let full = if precision == Precision::Minute {
            let (date, rest) = s.split_at(s.find(['T', 't']).unwrap_or(0));
            format!("{date}T{clock}:00{}", &rest[1 + clock.len()..])
        } else {
            s.to_string()
        };
        let dt = DateTime::parse_from_rfc3339(&full).map_err(|_| "")?;
        Ok(PartialDate {
            start: dt.with_timezone(&Utc).timestamp(),
            offset: dt.offset().local_minus_utc(),
            precision,
        })
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The first instant the date covers, as Unix seconds (UTC).
    pub fn start(&self) -> i64 {
        self.start
    }

    /// The first instant the date covers in UTC.
    pub fn start_utc(&self) -> DateTime<Utc> {
        Utc.timestamp_opt(self.start, 0).single().unwrap_or_default()
    }

    fn local(&self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.offset).unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
        self.start_utc().with_timezone(&offset)
    }

    /// The key the timeline sorts by: first instant, then coarser first.
    pub fn sort_key(&self) -> (i64, Precision) {
        (self.start, self.precision)
    }

    pub fn year_number(&self) -> i32 {
        self.local().year()
    }

    /// Calendar (year, month, day) of the first instant, in the written offset.
    pub fn ymd(&self) -> (i32, u32, u32) {
        let l = self.local();
        (l.year(), l.month(), l.day())
    }

    /// Hour, minute and second of the first instant, in the written offset.
    pub fn hms(&self) -> (u32, u32, u32) {
        let l = self.local();
        (l.hour(), l.minute(), l.second())
    }

    /// The first instant after the period the date covers, as Unix seconds.
    pub fn end_exclusive(&self) -> i64 {
        let (y, m, _) = self.ymd();
        let next =
            |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp());
        match self.precision {
            Precision::Year => next(y + 1, 1).unwrap_or(self.start),
            Precision::Month => if m == 12 { next(y + 1, 1) } else { next(y, m + 1) }.unwrap_or(self.start),
            Precision::Day => self.start + 86_400,
            Precision::Minute => self.start + 60,
            Precision::Second => self.start + 1,
        }
    }
}

impl fmt::Display for PartialDate {
    /// The date at its own precision, as the format writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = self.local();
        match self.precision {
            Precision::Year => write!(f, "{:04}", l.year()),
            Precision::Month => write!(f, "{:04}-{:02}", l.year(), l.month()),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", l.year(), l.month(), l.day()),
            Precision::Minute | Precision::Second => {
                write!(
                    f,
                    "{:04}-{:02}-{:02}T{:02}:{:02}",
                    l.year(),
                    l.month(),
                    l.day(),
                    l.hour(),
                    l.minute()
                )?;
                if self.precision == Precision::Second {
                    write!(f, ":{:02}", l.second())?;
                }
                if self.offset == 0 {
                    f.write_str("Z")
                } else {
                    let sign = if self.offset < 0 { '-' } else { '+' };
                    let abs = self.offset.unsigned_abs();
                    write!(f, "{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
                }
            }
        }
    }
}

/// The time from one date to another in human units, counted at the coarser
/// of the two precisions so that `2021-08` to `2022-10` is "14 months" and not
/// a day count that pretends to know the days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub from: PartialDate,
    pub to: PartialDate,
}

impl Interval {
    pub fn new(from: PartialDate, to: PartialDate) -> Self {
        Interval { from, to }
    }

    fn unit(&self) -> Precision {
        self.from.precision.min(self.to.precision)
    }

    /// Whole calendar months between the two dates (negative when `to` is
    /// earlier), ignoring days finer than the coarser precision.
    pub fn months(&self) -> i64 {
        let (y1, m1, d1) = self.from.ymd();
        let (y2, m2, d2) = self.to.ymd();
        let mut months = (y2 as i64 - y1 as i64) * 12 + (m2 as i64 - m1 as i64);
        if self.unit() >= Precision::Day {
            if months > 0 && d2 < d1 {
                months -= 1;
            } else if months < 0 && d2 > d1 {
                months += 1;
            }
        }
        months
    }

    pub fn days(&self) -> i64 {
        (self.to.start - self.from.start).div_euclid(86_400)
    }

    pub fn seconds(&self) -> i64 {
        self.to.start - self.from.start
    }

    /// "3 years", "14 months", "3 days", "5 hours": the unit follows the
    /// precision the dates were written with.
    pub fn human(&self) -> String {
        let sign = if self.seconds() < 0 { "-" } else { "" };
        let plural = |n: i64, unit: &str| format!("{sign}{n} {unit}{}", if n == 1 { "" } else { "s" });
        match self.unit() {
            Precision::Year => plural(self.to.year_number().abs_diff(self.from.year_number()) as i64, "year"),
            Precision::Month => plural(self.months().abs(), "month"),
            Precision::Day => {
                let days = self.days().abs();
                if days < 62 {
                    plural(days, "day")
                } else {
                    plural(self.months().abs(), "month")
                }
            }
            Precision::Minute | Precision::Second => {
                let s = self.seconds().abs();
                match s {
                    s if s < 3600 => plural(s / 60, "minute"),
                    s if s < 2 * 86_400 => plural(s / 3600, "hour"),
                    s if s < 62 * 86_400 => plural(s / 86_400, "day"),
                    _ => plural(self.months().abs(), "month"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn written_forms_parse_with_their_precision() {
        assert_eq!(d("2021").precision(), Precision::Year);
        assert_eq!(d("2021-08").precision(), Precision::Month);
        assert_eq!(d("2021-08-14").precision(), Precision::Day);
        assert_eq!(d("2021-08-14T09:30Z").precision(), Precision::Minute);
        assert_eq!(d("2021-08-14T09:30:15+01:00").precision(), Precision::Second);
    }

    #[test]
    fn display_keeps_the_written_precision() {
        for s in [
            "2021",
            "2021-08",
            "2021-08-14",
            "2021-08-14T09:30Z",
            "2021-08-14T09:30:15+01:00",
            "2021-08-14T23:30-05:30",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
    }

    #[test]
    fn instants_order_in_utc() {
        // 09:30 at +01:00 is 08:30 UTC, before 09:00Z.
        assert!(d("2021-08-14T09:30+01:00").start() < d("2021-08-14T09:00Z").start());
    }

    #[test]
    fn coarser_precision_sorts_first_at_the_same_instant() {
        let mut v = [d("2021-01-01"), d("2021-01"), d("2021")];
        v.sort_by_key(|x| x.sort_key());
        assert_eq!(
            v.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
            ["2021", "2021-01", "2021-01-01"]
        );
    }

    #[test]
    fn impossible_and_malformed_dates_are_refused_with_the_grammar() {
        for s in [
            "2021-13",
            "2021-00",
            "2021-02-30",
            "Aug 2021",
            "21",
            "2021-8",
            "2021-08-14T09:30",
            "2021/08/14",
            "",
            "2021-08-14T25:00Z",
        ] {
            let e = PartialDate::parse(s).expect_err(s);
            assert!(e.0.contains("YYYY-MM-DD"), "{s}: {e}");
        }
        assert!(PartialDate::parse("2021-02-30").unwrap_err().0.contains("\"2021-02-30\""));
        assert!(PartialDate::parse("2021-08-14T09:30").unwrap_err().0.contains("offset"));
        assert!(PartialDate::parse("2020-02-29").is_ok());
    }

    #[test]
    fn end_exclusive_covers_the_whole_period() {
        assert_eq!(d("2021").end_exclusive(), d("2022").start());
        assert_eq!(d("2021-12").end_exclusive(), d("2022-01").start());
        assert_eq!(d("2021-02").end_exclusive(), d("2021-03").start());
        assert_eq!(d("2021-02-28").end_exclusive(), d("2021-03-01").start());
    }

    #[test]
    fn interval_lengths_in_human_units() {
        let i = |a: &str, b: &str| Interval::new(d(a), d(b)).human();
        assert_eq!(i("2021-08", "2022-10"), "14 months");
        assert_eq!(i("2022-10", "2023-08-08"), "10 months");
        assert_eq!(i("2021-08", "2024-03-25"), "31 months");
        assert_eq!(i("2021-08-14", "2021-08-17"), "3 days");
        assert_eq!(i("2021-08-14", "2021-08-15"), "1 day");
        assert_eq!(i("2018", "2021"), "3 years");
        assert_eq!(i("2021-01-31", "2021-03-30"), "58 days");
        assert_eq!(i("2021-01-15", "2021-06-14"), "4 months");
        assert_eq!(i("2021-08-14T09:30Z", "2021-08-14T14:45Z"), "5 hours");
        assert_eq!(i("2021-08-14T09:30Z", "2021-08-14T09:45Z"), "15 minutes");
        assert_eq!(i("2022-10", "2021-08"), "-14 months");
    }
}
