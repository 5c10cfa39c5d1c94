//! The density strip's numbers: how many of the shown events fall in each
//! period (year, quarter, month, week or day) of the dataset's span.
//! Counted per day once per search (on the worker at scale); a frame only
//! adds up days into the periods it draws. An event dated to a month or a
//! year counts a share on each day it covers, so at a finer zoom it is
//! spread over the period it covers instead of piled on its first day.

use chrono::{Datelike, Days, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    Year,
    Quarter,
    Month,
    Week,
    Day,
}

impl Period {
    pub const ALL: [Period; 5] = [Period::Year, Period::Quarter, Period::Month, Period::Week, Period::Day];

    pub fn name(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Quarter => "quarter",
            Period::Month => "month",
            Period::Week => "week",
            Period::Day => "day",
        }
    }

    pub fn finer(self) -> Option<Period> {
        Period::ALL.get(self as usize + 1).copied()
    }

    pub fn coarser(self) -> Option<Period> {
        (self as usize).checked_sub(1).map(|i| Period::ALL[i])
    }

    /// The first day of the period holding `day`.
    fn start_of(self, day: NaiveDate) -> NaiveDate {
        let (y, m) = (day.year(), day.month());
        let first = |m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(day);
        match self {
            Period::Year => first(1),
            Period::Quarter => first((m - 1) / 3 * 3 + 1),
            Period::Month => first(m),
            Period::Week => day - Days::new(day.weekday().num_days_from_monday() as u64),
            Period::Day => day,
        }
    }

    fn next(self, start: NaiveDate) -> NaiveDate {
        let months = |n: u32| start.checked_add_months(chrono::Months::new(n)).unwrap_or(NaiveDate::MAX);
        match self {
            Period::Year => months(12),
            Period::Quarter => months(3),
            Period::Month => months(1),
            Period::Week => start + Days::new(7),
            Period::Day => start + Days::new(1),
        }
    }

    /// The period after (or before) the one holding `day`, as a date at
    /// the precision that covers exactly it where one does: a year, a
    /// quarter's last month... (a week: its last day).
    /// None past the years a date can be written with.
    pub fn step(self, day: NaiveDate, forward: bool) -> Option<crate::model::PartialDate> {
        use crate::model::PartialDate;
        let start = self.start_of(day);
        let target = if forward {
            self.next(start)
        } else {
            self.start_of(start.pred_opt().unwrap_or(start))
        };
        let last = self.next(target).pred_opt().unwrap_or(target);
        let (y, m, d) = (last.year(), last.month(), last.day());
        if !(1000..=9999).contains(&y) {
            return None;
        }
        match self {
            Period::Year => PartialDate::year(y),
            Period::Quarter | Period::Month => PartialDate::month(y, m),
            Period::Week | Period::Day => PartialDate::day(y, m, d),
        }
    }

    /// Cells the strip's labels take at this period: a label either side
    /// and " · by quarter".
    pub fn labels_width(self) -> usize {
        let label = match self {
            Period::Year => 4,
            Period::Quarter | Period::Month => 7,
            Period::Week | Period::Day => 10,
        };
        2 * (label + 1) + " · by ".len() + self.name().len()
    }

    /// How a period is written under the strip: `2021`, `2021-Q3`,
    /// `2021-08`, `2021-08-02`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Year => start.format("%Y").to_string(),
            Period::Quarter => format!("{}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
            Period::Month => start.format("%Y-%m").to_string(),
            Period::Week | Period::Day => start.format("%Y-%m-%d").to_string(),
        }
    }
}

fn day_of(secs: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.date_naive())
        .unwrap_or_default()
}

/// Events per day over the dataset's span, for the rows shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histogram {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// Days per bucket: 1, unless the span is too long to count by day.
    pub per_bucket: u32,
    /// Events per bucket; a coarse date's event is a share on each.
    pub counts: Vec<f32>,
}

/// Buckets at most; a span of more than 270 years is counted coarser.
const MAX_BUCKETS: i64 = 100_000;

impl Histogram {
    /// `days`: each event's day since the epoch (`Current::days`), in
    /// timeline order; `extra`: the days each one's date covers beyond
    /// (`Current::extra_days`). Reads only those packed lists, never the
    /// events: it runs on every search (finding the span by looking at
    /// each event's date read 200 MB at a million events, a third of a
    /// keystroke).
    pub fn build(days: &[i32], extra: &[u16], rows: &[u32]) -> Histogram {
        // To the last day any date covers (a month's last, not its first).
        let last = days
            .iter()
            .zip(extra.iter().map(|&e| e as i32).chain(std::iter::repeat(0)))
            .map(|(d, e)| d + e)
            .max();
        let (Some(&first), Some(last)) = (days.first(), last) else {
            return Histogram::default();
        };
        let day = |d: i32| day_of(d as i64 * 86_400);
        let (first, last) = (day(first), day(last));
        let span = ((last - first).num_days() + 1) as u64;
        let per_bucket = span.div_ceil(MAX_BUCKETS as u64).max(1) as i64;
        let n = span.div_ceil(per_bucket as u64) as usize;
        let mut counts = vec![0f32; n];
        // Coarse dates add a share to each bucket they cover: a change of
        // slope, summed once at the end.
        let mut slope = vec![0f32; n + 1];
        let base = (first - NaiveDate::default()).num_days();
        // A division per event (64-bit, tens of cycles) only where a day
        // is not a bucket, which takes a span of over 270 years.
        let bucket = |d: i64| if per_bucket == 1 { d } else { d / per_bucket };
        for &i in rows {
            let d = days[i as usize] as i64 - base;
            let b = bucket(d).max(0) as usize;
            match extra.get(i as usize).copied().unwrap_or(0) {
                0 => {
                    if let Some(c) = counts.get_mut(b) {
                        *c += 1.0;
                    }
                }
                more => {
                    let end = (bucket(d + more as i64) as usize + 1).min(n);
                    let share = 1.0 / (end.saturating_sub(b)).max(1) as f32;
                    if b < n {
                        slope[b] += share;
                        slope[end] -= share;
                    }
                }
            }
        }
        let mut running = 0f32;
        for (c, s) in counts.iter_mut().zip(&slope) {
            running += s;
            *c += running;
        }
        Histogram {
            first,
            last,
            per_bucket: per_bucket as u32,
            counts,
        }
    }

    fn count_between(&self, from: NaiveDate, to: NaiveDate) -> f32 {
        let index = |d: NaiveDate| ((d - self.first).num_days().max(0) / self.per_bucket as i64) as usize;
        let (a, b) = (index(from), index(to).min(self.counts.len()));
        self.counts.get(a..b.max(a)).map_or(0.0, |s| s.iter().sum())
    }

    /// The periods of the span at `period`, with their counts.
    pub fn periods(&self, period: Period) -> Vec<(NaiveDate, f32)> {
        if self.counts.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut start = period.start_of(self.first);
        while start <= self.last && out.len() < 1_000_000 {
            let next = period.next(start);
            out.push((start, self.count_between(start.max(self.first), next)));
            start = next;
        }
        out
    }

    /// The finest period whose strip, with its labels, fits in `width`
    /// cells.
    pub fn fitting(&self, width: usize) -> Period {
        let last = (self.last - NaiveDate::default()).num_days() as i32;
        Period::ALL
            .iter()
            .rev()
            .copied()
            .find(|&p| self.period_of_day(p, last) + 1 + p.labels_width() <= width)
            .unwrap_or(Period::Year)
    }

    /// Index of the period holding the event dated `secs`, by arithmetic
    /// (no walk over the periods, as it runs once per event on a jump).
    pub fn period_of(&self, period: Period, secs: i64) -> usize {
        self.period_of_day(period, secs.div_euclid(86_400) as i32)
    }

    /// `period_of` for a day given as days since the epoch (`Current::days`).
    pub fn period_of_day(&self, period: Period, day: i32) -> usize {
        let a = period.start_of(self.first);
        let b = NaiveDate::default() + chrono::Duration::days(day as i64);
        let months = |d: NaiveDate| d.year() as i64 * 12 + d.month0() as i64;
        let n = match period {
            Period::Year => (b.year() - a.year()) as i64,
            Period::Quarter => (months(b) - months(a)) / 3,
            Period::Month => months(b) - months(a),
            Period::Week => (b - a).num_days().div_euclid(7),
            Period::Day => (b - a).num_days(),
        };
        n.max(0) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    #[test]
    fn the_bundled_dataset_by_year() {
        let ds = store::load("uk-electoral-commission").unwrap().dataset;
        let rows: Vec<u32> = (0..ds.events.len() as u32).collect();
        let days: Vec<i32> = ds.events.iter().map(|e| e.date.start().div_euclid(86_400) as i32).collect();
        let extra: Vec<u16> = ds.events.iter().map(|e| e.date.extra_days()).collect();
        let h = Histogram::build(&days, &extra, &rows);
        let years = h.periods(Period::Year);
        assert_eq!(years.iter().map(|(_, c)| c).sum::<f32>().round() as usize, ds.events.len());
        let label = |i: usize| Period::Year.label(years[i].0);
        assert_eq!(label(0), "2010");
        assert_eq!(label(years.len() - 1), "2025");
        let in_2024 = years.iter().find(|(d, _)| d.year() == 2024).unwrap().1;
        assert!(in_2024 >= 8.0, "2024 is the busiest year: {in_2024}");
        assert_eq!(h.fitting(20), Period::Year);
        // 2010 to 2025 by quarter: 64 bars and the labels.
        assert_eq!(h.fitting(80), Period::Year);
        assert_eq!(h.fitting(95), Period::Quarter);
    }

    #[test]
    fn periods_start_on_calendar_boundaries() {
        let d = NaiveDate::from_ymd_opt(2021, 8, 14).unwrap();
        assert_eq!(Period::Quarter.label(Period::Quarter.start_of(d)), "2021-Q3");
        assert_eq!(Period::Week.start_of(d).weekday(), chrono::Weekday::Mon);
        assert_eq!(
            Period::Month.next(Period::Month.start_of(d)),
            NaiveDate::from_ymd_opt(2021, 9, 1).unwrap()
        );
    }

    #[test]
    fn every_event_counts_in_the_period_period_of_names() {
        let ds = store::load("apt31").unwrap().dataset;
        let rows: Vec<u32> = (0..ds.events.len() as u32).collect();
        let days: Vec<i32> = ds.events.iter().map(|e| e.date.start().div_euclid(86_400) as i32).collect();
        // Counted by their first day, as a day-precise event is.
        let h = Histogram::build(&days, &[], &rows);
        for p in Period::ALL {
            let periods = h.periods(p);
            let mut counted = vec![0f32; periods.len()];
            for e in &ds.events {
                counted[h.period_of(p, e.date.start())] += 1.0;
            }
            assert_eq!(counted, periods.iter().map(|x| x.1).collect::<Vec<_>>(), "{p:?}");
        }
    }

    #[test]
    fn a_month_is_spread_over_its_days_not_piled_on_its_first() {
        let dates = ["2021-08", "2021-08-20"].map(|d| crate::model::PartialDate::parse(d).unwrap());
        let days: Vec<i32> = dates.iter().map(|d| d.start().div_euclid(86_400) as i32).collect();
        let extra: Vec<u16> = dates.iter().map(crate::model::PartialDate::extra_days).collect();
        let h = Histogram::build(&days, &extra, &[0, 1]);
        let by_day = h.periods(Period::Day);
        assert_eq!(by_day.len(), 31, "to the last day the month covers");
        assert!(
            (by_day[0].1 - 1.0 / 31.0).abs() < 1e-4,
            "a 31st of the month on its first day: {}",
            by_day[0].1
        );
        assert!((by_day[19].1 - (1.0 + 1.0 / 31.0)).abs() < 1e-4);
        let by_month = h.periods(Period::Month);
        assert!((by_month[0].1 - 2.0).abs() < 0.4, "both in August: {}", by_month[0].1);
    }
}
