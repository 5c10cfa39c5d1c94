//! Times as other tools write them, read the way Timesketch's importer
//! reads them (`timesketch/lib/utils.py`: pandas' `to_datetime`, and epoch
//! numbers by their size): ISO 8601 with a `T` or a space, an offset with
//! or without a colon or none at all (UTC), fractions of a second, and
//! epoch seconds, milliseconds, microseconds or nanoseconds.

use crate::model::{PartialDate, Precision};

/// Timesketch stores times as nanoseconds in 64 bits (pandas' range):
/// from 1677-09-21 to 2262-04-11. A time outside it is dropped there, and
/// here too, so an import makes the events Timesketch would.
const FIRST: i64 = -9_223_372_036; // 1677-09-21T00:12:44Z
const LAST: i64 = 9_223_372_036; // 2262-04-11T23:47:16Z

fn in_range(d: PartialDate) -> Result<PartialDate, String> {
    if (FIRST..=LAST).contains(&d.start()) {
        Ok(d)
    } else {
        Err(format!("{d} is outside the years Timesketch can store (1677 to 2262)"))
    }
}

/// An epoch number, its unit told by its size as Timesketch tells it:
/// up to 11 digits seconds, then milliseconds, microseconds, nanoseconds.
/// The precision is the unit's, unless the fraction is zero (plaso writes
/// whole seconds in microseconds).
pub fn epoch(text: &str) -> Result<PartialDate, String> {
    let t = text.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = int.trim_start_matches('-');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{t:?} is not a number of seconds since 1970"));
    }
    let n: i128 = int.parse().map_err(|_| format!("{t:?} is too large to be a time"))?;
    let (per_second, unit_digits) = match n.unsigned_abs() {
        0..100_000_000_000 => (1i128, 0u8),
        100_000_000_000..100_000_000_000_000 => (1_000, 3),
        100_000_000_000_000..100_000_000_000_000_000 => (1_000_000, 6),
        _ => (1_000_000_000, 9),
    };
    let secs = n.div_euclid(per_second);
    let mut nanos = (n.rem_euclid(per_second) * (1_000_000_000 / per_second)) as u32;
    let mut digits = unit_digits;
    // A fraction written after whole seconds (`1331698658.276340`).
    if per_second == 1 && !frac.is_empty() {
        let f = &frac[..frac.len().min(9)];
        nanos = format!("{f:0<9}").parse().unwrap_or(0);
        digits = f.len() as u8;
    }
    let precision = if nanos == 0 || digits == 0 {
        Precision::Second
    } else {
        Precision::Fraction(digits)
    };
    let secs = i64::try_from(secs).map_err(|_| format!("{t:?} is too large to be a time"))?;
    PartialDate::instant(secs, nanos, precision)
        .ok_or_else(|| format!("{t:?} is outside the years Timesketch can store (1677 to 2262)"))
        .and_then(in_range)
}

/// A datetime as Timesketch accepts it, at the precision written; a number
/// is an epoch (see `epoch`). Without an offset the time is UTC, as
/// Timesketch takes it.
pub fn datetime(text: &str) -> Result<PartialDate, String> {
    let t = text.trim();
    let unsigned = t.strip_prefix('-').unwrap_or(t);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'.') && unsigned.matches('.').count() <= 1 {
        return epoch(t);
    }
    let bad = || format!("{t:?} is not a date and time Timesketch reads (such as 2021-05-07T05:00:12+00:00)");
    let (date, time) = match t.split_once(['T', 't', ' ']) {
        Some((d, rest)) => (d, Some(rest.trim_start())),
        None => (t, None),
    };
    if date.len() != 10 || date.as_bytes()[4] != b'-' || date.as_bytes()[7] != b'-' {
        return Err(bad());
    }
    let Some(time) = time else {
        return PartialDate::parse(date).map_err(|_| bad()).and_then(in_range);
    };
    // Most tools write RFC 3339 already: read it as it is, without the
    // two copies that normalising makes (a tenth of opening a timeline).
    if t.as_bytes()[10] == b'T' {
        if let Ok(d) = PartialDate::parse(t) {
            return in_range(d);
        }
    }
    // The offset: Z, +HH:MM, +HHMM, +HH or none.
    let split = time.find(['Z', 'z', '+', '-']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(split);
    let zone = zone.trim();
    let offset: [&str; 3] = match zone {
        "" | "Z" | "z" => ["Z", "", ""],
        z if z.len() == 3 => [z, ":00", ""],
        z if z.len() == 5 && !z.contains(':') => [&z[..3], ":", &z[3..]],
        z => [z, "", ""],
    };
    // Written out as RFC 3339 on the stack: Hayabusa's and Timesketch's
    // `2021-08-14 00:00:00.480 +00:00` come this way, a million times.
    let mut buf = [0u8; 64];
    let mut len = 0;
    for part in [date, "T", clock.trim_end()].into_iter().chain(offset) {
        let Some(room) = buf.get_mut(len..len + part.len()) else {
            return Err(bad());
        };
        room.copy_from_slice(part.as_bytes());
        len += part.len();
    }
    let written = std::str::from_utf8(&buf[..len]).map_err(|_| bad())?;
    PartialDate::parse(written).map_err(|_| bad()).and_then(in_range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> String {
        datetime(s).unwrap_or_else(|e| panic!("{s}: {e}")).to_string()
    }

    #[test]
    fn the_forms_timesketch_accepts() {
        assert_eq!(dt("2012-03-14 04:17:38.276340+00:00"), "2012-03-14T04:17:38.276340Z");
        assert_eq!(dt("2022-07-24T19:01:01+0000"), "2022-07-24T19:01:01Z");
        assert_eq!(dt("2017-09-24 19:01:01"), "2017-09-24T19:01:01Z");
        assert_eq!(dt("2024-07-24T10:57:02.877297Z"), "2024-07-24T10:57:02.877297Z");
        assert_eq!(dt("2012-01-22T08:52:33+01:00"), "2012-01-22T08:52:33+01:00");
        assert_eq!(dt("2020-01-01T10:00:00-05"), "2020-01-01T10:00:00-05:00");
        assert_eq!(dt("2013-12-03T06:30:41.8079077+00:00"), "2013-12-03T06:30:41.8079077Z");
        assert_eq!(dt("2021-05-07"), "2021-05-07");
    }

    #[test]
    fn epoch_numbers_by_their_size() {
        assert_eq!(dt("1658689261"), "2022-07-24T19:01:01Z");
        assert_eq!(dt("1658689261123"), "2022-07-24T19:01:01.123Z");
        assert_eq!(dt("1658689261123456"), "2022-07-24T19:01:01.123456Z");
        assert_eq!(dt("1658689261123456789"), "2022-07-24T19:01:01.123456789Z");
        assert_eq!(dt("1327218753000000"), "2012-01-22T07:52:33Z", "a whole second stays a second");
        assert_eq!(epoch("1331698658.25").unwrap().to_string(), "2012-03-14T04:17:38.25Z");
    }

    #[test]
    fn what_timesketch_drops_is_refused_with_the_reason() {
        for bad in [
            "1234 19:01:01",
            "2022-11-10T05-07-28+00:00",
            "yesterday",
            "",
            "2021-13-01T00:00:00Z",
        ] {
            assert!(datetime(bad).is_err(), "{bad}");
        }
        assert!(datetime("1601-01-01T00:00:00Z").unwrap_err().contains("1677 to 2262"));
        assert!(datetime("2227-12-31T23:01:01+00:00").is_ok());
    }
}
