//! Display helpers shared by the command line and the UI: widths in
//! terminal cells, cutting to a width, counts with separators.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    s.width()
}

/// Cuts `s` to at most `max` terminal cells, ending in `…` when cut. Never
/// splits a wide character across the limit.
pub fn fit(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `fit`, then padded with spaces to exactly `cells` wide.
pub fn pad(s: &str, cells: usize) -> String {
    let mut out = fit(s, cells);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// A count with thousands separators from 10,000 up: `9999`, `31,068`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    if n < 10_000 {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count and its noun, agreeing: `1 event`, `31,068 events`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `n of total events`, for the status line and titles.
pub fn of_events(n: usize, total: usize) -> String {
    format!("{} of {}", thousands(n), count(total, "event", "events"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_cells_not_bytes() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(fit("中国中国", 5), "中国…");
        assert_eq!(width(&pad("中国中国", 6)), 6);
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn counts_have_separators_from_ten_thousand() {
        assert_eq!(thousands(9_999), "9999");
        assert_eq!(thousands(31_068), "31,068");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn a_count_agrees_with_its_noun() {
        assert_eq!(count(1, "warning", "warnings"), "1 warning");
        assert_eq!(count(0, "match", "matches"), "0 matches");
        assert_eq!(of_events(31_068, 300_000), "31,068 of 300,000 events");
        assert_eq!(of_events(1, 1), "1 of 1 event");
    }
}
