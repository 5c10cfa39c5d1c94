//! Lines wrapped at spaces for the overlays, keeping their indent on every
//! continuation line and never splitting a word: an address longer than
//! the width stays whole on a line of its own (cut at the edge, not broken
//! into two pieces a terminal would not see as one link).

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// `line` as lines of at most `width` cells (but for a word longer than
/// that), continuation lines indented like the first.
pub fn wrap(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let total: usize = line.spans.iter().map(|s| s.content.width()).sum();
    if total <= width || width == 0 {
        return vec![line];
    }
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let indent = text.len() - text.trim_start_matches(' ').len();
    let indent = if indent * 2 > width { 0 } else { indent };
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let style = span.style;
        // Words with the spaces after them, so spacing is kept.
        let mut rest = span.content.as_ref();
        while !rest.is_empty() {
            let word_end = rest.find(' ').unwrap_or(rest.len());
            let token_end = word_end + rest[word_end..].len() - rest[word_end..].trim_start_matches(' ').len();
            let (token, next) = rest.split_at(token_end);
            let word_w = token.trim_end_matches(' ').width();
            if used + word_w > width && used > indent {
                // The spaces the break falls on end nothing.
                if let Some(last) = current.last_mut() {
                    last.content = last.content.trim_end_matches(' ').to_string().into();
                }
                out.push(Line::from(std::mem::take(&mut current)));
                current.push(Span::raw(" ".repeat(indent)));
                used = indent;
            }
            // Leading spaces of a continuation line are the indent's.
            let token = if used == indent && !out.is_empty() {
                token.trim_start_matches(' ')
            } else {
                token
            };
            used += token.width();
            current.push(Span::styled(token.to_string(), style));
            rest = next;
        }
    }
    if !current.is_empty() {
        out.push(Line::from(current));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn an_address_is_never_split_and_continuations_keep_the_indent() {
        let url = "https://hansard.parliament.uk/Lords/2024-03-26/debates/3C165BE7-0897-48E9-9D3A-AE9F88F84CF6/details";
        let lines = wrap(Line::raw(format!("    see {url} for the debate")), 40);
        let t = text(&lines);
        assert!(t.iter().any(|l| l.trim() == url), "the address whole on its own line: {t:?}");
        assert!(t.iter().skip(1).all(|l| l.starts_with("    ")), "{t:?}");
        assert_eq!(
            t.join(" ").split_whitespace().collect::<Vec<_>>().join(" "),
            format!("see {url} for the debate")
        );
    }

    #[test]
    fn words_wrap_at_spaces_within_the_width() {
        let lines = wrap(Line::raw("one two three four five six seven"), 10);
        let t = text(&lines);
        assert!(t.iter().all(|l| l.width() <= 10), "{t:?}");
        assert_eq!(t[0].trim_end(), "one two");
    }
}
