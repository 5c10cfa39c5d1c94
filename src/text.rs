//! Display-width helpers shared by the command line tables and the UI.

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

/// An id in the format's alphabet made from any text: `APT 31` -> `apt-31`.
pub fn slug(text: &str) -> String {
    let s: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.split('-').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
    let s = s.trim_start_matches(['.', '_']).to_string();
    if s.is_empty() {
        "item".into()
    } else {
        s
    }
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
}
