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
    /// Seconds with this many digits of fraction (1 to 9), as written.
    Fraction(u8),
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Minute => "minute",
            Precision::Second => "second",
            Precision::Fraction(3) => "millisecond",
            Precision::Fraction(6) => "microsecond",
            Precision::Fraction(9) => "nanosecond",
            Precision::Fraction(_) => "fraction of a second",
        }
    }

    /// Whether the date is an instant (minute or finer), with an offset.
    pub fn is_instant(self) -> bool {
        self >= Precision::Minute
    }
}

/// A date at its own precision. `start` is the first instant it covers, in
/// UTC, and `nanos` the fraction of its second; `offset` is the written UTC
/// offset in minutes (zero for dates without a time), kept so an instant is
/// shown as it was written. Sixteen bytes: every event holds one or two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    start: i64,
    nanos: u32,
    offset: i16,
    precision: Precision,
}

/// The grammar named in every date error, so the message says what to write.
pub const DATE_GRAMMAR: &str =
    "YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 date-time with an offset (2021-08-14T09:30Z, 2021-08-14T09:30:15.25+01:00)";

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
            nanos: 0,
            offset: 0,
            precision: Precision::Day,
        })
    }

    /// An instant in UTC from Unix seconds and nanoseconds, at `precision`
    /// (minute or finer; the fraction is cut to the digits it keeps).
    pub fn instant(secs: i64, nanos: u32, precision: Precision) -> Option<Self> {
        if !precision.is_instant() || nanos >= 1_000_000_000 {
            return None;
        }
        let dt = DateTime::from_timestamp(secs, 0)?;
        if !(1..=9999).contains(&dt.year()) {
            return None;
        }
        let (start, nanos) = match precision {
            Precision::Minute => (secs - secs.rem_euclid(60), 0),
            Precision::Second => (secs, 0),
            Precision::Fraction(d) => {
                let unit = 10u32.pow(9 - u32::from(d.clamp(1, 9)));
                (secs, nanos - nanos % unit)
            }
            _ => (secs, 0),
        };
        Some(PartialDate {
            start,
            nanos,
            offset: 0,
            precision,
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
        let precision = match (clock.split(':').count(), clock.split_once('.')) {
            (2, None) => Precision::Minute,
            (3, None) => Precision::Second,
            (3, Some((_, digits))) if (1..=9).contains(&digits.len()) && all_digits(digits) => Precision::Fraction(digits.len() as u8),
            (3, Some(_)) => return Err("a fraction of a second has one to nine digits"),
            _ => return Err(""),
        };
        // RFC 3339 requires seconds; the format allows leaving them out.
        let full: std::borrow::Cow<str> = if precision == Precision::Minute {
            let (date, rest) = s.split_at(s.find(['T', 't']).unwrap_or(0));
            format!("{date}T{clock}:00{}", &rest[1 + clock.len()..]).into()
        } else {
            s.into()
        };
        let dt = DateTime::parse_from_rfc3339(&full).map_err(|_| "")?;
        if !(1..=9999).contains(&dt.with_timezone(&Utc).year()) {
            return Err("years run from 0001 to 9999");
        }
        let utc = dt.with_timezone(&Utc);
        Ok(PartialDate {
            start: utc.timestamp(),
            nanos: utc.timestamp_subsec_nanos(),
            offset: (dt.offset().local_minus_utc() / 60) as i16,
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

    /// The fraction of the first second, in nanoseconds (zero unless the
    /// date was written with one).
    pub fn nanos(&self) -> u32 {
        self.nanos
    }

    /// The first instant the date covers in UTC.
    pub fn start_utc(&self) -> DateTime<Utc> {
        Utc.timestamp_opt(self.start, self.nanos).single().unwrap_or_default()
    }

    /// The written offset, in seconds east of UTC.
    pub fn offset_seconds(&self) -> i32 {
        i32::from(self.offset) * 60
    }

    /// The same instant written in `zone`: UTC, the reader's local time
    /// (`TZ`, else the system's), or as written. Days, months and years
    /// have no time of day to move, and stay as written.
    pub fn in_zone(&self, zone: Zone) -> PartialDate {
        if self.precision < Precision::Minute {
            return *self;
        }
        let offset = match zone {
            Zone::Written => return *self,
            Zone::Utc => 0,
            Zone::Local => {
                use chrono::Offset;
                let utc = self.start_utc().naive_utc();
                (chrono::Local.offset_from_utc_datetime(&utc).fix().local_minus_utc() / 60) as i16
            }
        };
        PartialDate { offset, ..*self }
    }

    fn local(&self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.offset_seconds()).unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
        self.start_utc().with_timezone(&offset)
    }

    /// The key the timeline sorts by: first instant, then coarser first.
    pub fn sort_key(&self) -> (i64, u32, Precision) {
        (self.start, self.nanos, self.precision)
    }

    /// The first instant, to the nanosecond, for comparisons finer than a
    /// second.
    pub fn start_nanos(&self) -> i128 {
        i128::from(self.start) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// The first instant after the period the date covers, in nanoseconds.
    pub fn end_nanos(&self) -> i128 {
        match self.precision {
            Precision::Fraction(d) => self.start_nanos() + 10i128.pow(9 - u32::from(d.clamp(1, 9))),
            _ => i128::from(self.end_exclusive()) * 1_000_000_000,
        }
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

    /// The moment a date is over, for "public when" and "as of": an
    /// instant is that instant; a day, month or year is over when its last
    /// day ends (UTC). A source dated 2023-06 counts as public from the
    /// end of June; "as of 2023-06" is that same moment.
    pub fn over_at(&self) -> i64 {
        if self.precision() >= Precision::Minute {
            self.start()
        } else {
            self.end_exclusive()
        }
    }

    /// The days the date covers beyond its first, for the density strip
    /// to spread an event over: 0 for a day or an instant, 30 for a
    /// 31-day month.
    pub fn extra_days(&self) -> u16 {
        let covered = (self.end_exclusive() - self.start()).div_euclid(86_400);
        covered.clamp(1, u16::MAX as i64 + 1) as u16 - 1
    }

    /// The first instant after the period the date covers, as Unix seconds.
    pub fn end_exclusive(&self) -> i64 {
        // The calendar only for a year or a month: a million instants
        // are asked this as a timeline opens.
        let next =
            |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp());
        match self.precision {
            Precision::Year => next(self.ymd().0 + 1, 1).unwrap_or(self.start),
            Precision::Month => match self.ymd() {
                (y, 12, _) => next(y + 1, 1),
                (y, m, _) => next(y, m + 1),
            }
            .unwrap_or(self.start),
            Precision::Day => self.start + 86_400,
            Precision::Minute => self.start + 60,
            // The second a fraction falls in is over at the next second.
            Precision::Second | Precision::Fraction(_) => self.start + 1,
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
            Precision::Minute | Precision::Second | Precision::Fraction(_) => {
                write!(
                    f,
                    "{:04}-{:02}-{:02}T{:02}:{:02}",
                    l.year(),
                    l.month(),
                    l.day(),
                    l.hour(),
                    l.minute()
                )?;
                if self.precision >= Precision::Second {
                    write!(f, ":{:02}", l.second())?;
                }
                if let Precision::Fraction(d) = self.precision {
                    let d = usize::from(d.clamp(1, 9));
                    write!(f, ".{:0>d$}", self.nanos / 10u32.pow(9 - d as u32))?;
                }
                if self.offset == 0 {
                    f.write_str("Z")
                } else {
                    let sign = if self.offset < 0 { '-' } else { '+' };
                    let abs = self.offset.unsigned_abs();
                    write!(f, "{sign}{:02}:{:02}", abs / 60, abs % 60)
                }
            }
        }
    }
}

/// How instants are written on screen and in `itx list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Zone {
    /// With the offset each was written with.
    #[default]
    Written,
    /// In UTC, as Timesketch shows them.
    Utc,
    /// In the reader's time zone.
    Local,
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

    /// Days between the two dates: between their calendar days (each in
    /// its written offset) when either is a day or coarser, so a disclosure
    /// the day after a discovery at 05:00 is one day, not "0 days".
    pub fn days(&self) -> i64 {
        if self.unit() <= Precision::Day {
            let day = |d: &PartialDate| {
                let (y, m, dd) = d.ymd();
                NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default()
            };
            (day(&self.to) - day(&self.from)).num_days()
        } else {
            (self.to.start - self.from.start).div_euclid(86_400)
        }
    }

    pub fn seconds(&self) -> i64 {
        self.to.start - self.from.start
    }

    /// "3 years", "14 months", "3 days", "5 hours": the unit follows the
    /// precision the dates were written with.
    pub fn human(&self) -> String {
        let sign = if self.seconds() < 0 && self.days() <= 0 { "-" } else { "" };
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
            Precision::Minute | Precision::Second | Precision::Fraction(_) => {
                let s = self.seconds().abs();
                match s {
                    s if s < 60 && self.unit() >= Precision::Second => plural(s, "second"),
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
    fn fractions_of_a_second_keep_their_digits_and_order() {
        for s in [
            "2021-05-07T05:00:12.2Z",
            "2021-05-07T05:00:12.276340Z",
            "2021-05-07T05:00:12.000000001-04:00",
            "2012-03-14T04:17:38.8079077Z",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(d("2021-05-07T05:00:12.276340Z").precision(), Precision::Fraction(6));
        assert_eq!(d("2021-05-07T05:00:12.276340Z").nanos(), 276_340_000);
        let mut v = [d("2021-05-07T05:00:12.5Z"), d("2021-05-07T05:00:12.25Z"), d("2021-05-07T05:00:12Z")];
        v.sort_by_key(|x| x.sort_key());
        assert_eq!(
            v.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
            ["2021-05-07T05:00:12Z", "2021-05-07T05:00:12.25Z", "2021-05-07T05:00:12.5Z"]
        );
        assert!(PartialDate::parse("2021-05-07T05:00:12.1234567890Z")
            .unwrap_err()
            .0
            .contains("nine digits"));
        assert!(PartialDate::parse("2021-05-07T05:00:12.Z").is_err());
        // A day covers every fraction within it.
        assert!(d("2021-05-07").end_nanos() > d("2021-05-07T23:59:59.999999999Z").start_nanos());
        assert_eq!(
            d("2021-05-07T05:00:12.5Z").end_nanos() - d("2021-05-07T05:00:12.5Z").start_nanos(),
            100_000_000
        );
    }

    #[test]
    fn instants_from_unix_time_keep_the_precision_asked_for() {
        let i = PartialDate::instant(1_331_698_658, 276_340_000, Precision::Fraction(6)).unwrap();
        assert_eq!(i.to_string(), "2012-03-14T04:17:38.276340Z");
        let s = PartialDate::instant(1_331_698_658, 276_340_000, Precision::Second).unwrap();
        assert_eq!(s.to_string(), "2012-03-14T04:17:38Z");
        assert!(PartialDate::instant(i64::MAX / 2, 0, Precision::Second).is_none());
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
        assert_eq!(i("2021-08-14T09:30:00Z", "2021-08-14T09:30:42.5Z"), "42 seconds");
    }
}
