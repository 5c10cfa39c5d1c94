//! Keeping a dataset's text inert in the programs an export is opened in:
//! Markdown and the HTML it passes through, HTML in TimelineJS, formulas
//! in spreadsheets, links with schemes that run or read things. Each
//! export writes every piece of dataset text through one of these.

/// A link target itx will write as a link: `http`, `https` (and, for
/// Markdown, `mailto`) only; anything else (`javascript:`, `data:`,
/// `file:`, a relative path) is written as text, never as a link.
pub use crate::model::is_web_link;

pub fn is_markdown_link(url: &str) -> bool {
    is_web_link(url) || url.trim_start().to_ascii_lowercase().starts_with("mailto:")
}

/// Text for HTML, in an element or in a quoted attribute value.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown's characters that make structure inline (emphasis, code,
/// links and images, tables, strikethrough): written with a backslash,
/// which every CommonMark and Python-Markdown renderer takes as "this
/// character". (Parentheses and `!` need none once brackets have one.)
const MARKDOWN_INLINE: &[char] = &['\\', '`', '*', '_', '[', ']', '|', '~'];

/// Text for one line of Markdown (a heading, a table cell, a list item):
/// line breaks become spaces, HTML's `<`, `>` and `&` become entities (so
/// no tag or entity of the dataset's reaches the page) and the inline
/// specials are escaped.
pub fn markdown_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if MARKDOWN_INLINE.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs of Markdown: each line as `markdown_inline` (but kept a
/// line), its indent dropped (four spaces would make code), and a start
/// that would make a heading, a list, a rule or a setext underline
/// escaped (a quote's `>` is already an entity, `*` already escaped).
pub fn markdown_block(s: &str) -> String {
    s.lines()
        .map(|line| {
            let line = line.trim_start();
            let mut escaped = markdown_inline(line);
            let after = |k: usize| line.as_bytes().get(k).copied();
            let marker_then_space = |k: usize| matches!(after(k), None | Some(b' ' | b'\t'));
            let hashes = line.len() - line.trim_start_matches('#').len();
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let rule = |c: char| !line.is_empty() && line.chars().all(|x| x == c || x == ' ');
            if (1..=6).contains(&hashes) && marker_then_space(hashes)
                || matches!(after(0), Some(b'-' | b'+')) && marker_then_space(1)
                || rule('-')
                || rule('=')
            {
                escaped.insert(0, '\\');
            } else if digits > 0 && matches!(after(digits), Some(b'.' | b')')) && marker_then_space(digits + 1) {
                // "1. " would number a list: its dot is escaped.
                escaped.insert(digits, '\\');
            }
            escaped
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A link target for Markdown: characters that would end or break the
/// destination are percent-encoded, so the address is one inert token.
pub fn markdown_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            ' ' | '<' | '>' | '(' | ')' | '"' | '\'' | '`' | '\\' | '|' | '[' | ']' | '{' | '}' | '*' | '_' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether a spreadsheet would take a cell as a formula (OWASP's list:
/// `=`, `+`, `-`, `@`, tab, carriage return), looking past the quotes
/// `csv_cell` adds, so that adding one is always undone by `csv_cell_back`.
fn csv_needs_quote(s: &str) -> bool {
    matches!(s.trim_start_matches('\'').chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// A CSV cell a spreadsheet shows as text: one that would run as a
/// formula gets a leading `'` (OWASP's advice; spreadsheets hide it).
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if csv_needs_quote(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// The cell as the dataset had it, from one `csv_cell` wrote.
pub fn csv_cell_back(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if csv_needs_quote(rest) => rest,
        _ => s,
    }
}

/// An iCalendar file with every content line folded at 75 octets (RFC
/// 5545 3.1: a continuation line's leading space counts), never inside a
/// UTF-8 character; lines folded otherwise are unfolded first.
pub fn ics_fold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 25);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let mut room = 75;
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > room {
                out.push_str("\r\n ");
                room = 74;
                used = 0;
            }
            out.push(c);
            used += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_are_links() {
        assert!(is_web_link("https://example.org/a"));
        assert!(is_web_link("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "//evil",
            "mailto:a@b",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
        assert!(is_markdown_link("mailto:a@b.example"));
    }

    #[test]
    fn html_text_cannot_open_a_tag_or_leave_an_attribute() {
        assert_eq!(html(r#"a" onmouseover='x' <b>&"#), "a&quot; onmouseover=&#39;x&#39; &lt;b&gt;&amp;");
    }

    #[test]
    fn markdown_text_makes_no_structure() {
        assert_eq!(
            markdown_inline("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(markdown_inline("a | b *c* [d](e) &amp;"), "a \\| b \\*c\\* \\[d\\](e) &amp;amp;");
        assert_eq!(
            markdown_block("# not a heading\n    not code\n- not a list\n12. not numbered"),
            "\\# not a heading\nnot code\n\\- not a list\n12\\. not numbered"
        );
        assert_eq!(markdown_block("> not a quote"), "&gt; not a quote");
        assert_eq!(
            markdown_block("---\n==\n=1+1\n-2\n#tag"),
            "\\---\n\\==\n=1+1\n-2\n#tag",
            "only what makes structure"
        );
    }

    #[test]
    fn markdown_urls_are_one_token() {
        assert_eq!(markdown_url("https://e.org/a b)c"), "https://e.org/a%20b%29c");
    }

    #[test]
    fn formulas_are_quoted_and_the_quote_comes_off_again() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("'=already", "''=already"),
            ("plain", "plain"),
            ("'quoted", "'quoted"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(cell), written, "{cell}");
            assert_eq!(csv_cell_back(written), cell, "{written}");
        }
    }

    #[test]
    fn ics_lines_fold_at_75_octets_between_characters() {
        let long = format!("SUMMARY:{}\r\n", "老虎".repeat(40));
        let folded = ics_fold(&long);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75), "{folded}");
        assert_eq!(folded.replace("\r\n ", ""), long);
    }
}
