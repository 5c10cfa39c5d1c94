//! The timeline pane: one row per event, year separators, a scrollbar.
//! Only the rows on screen are built, so a frame costs the same for a
//! hundred events and a million.

use super::theme::Theme;
use crate::app::{Focus, Model};
use crate::search::Highlighter;
use crate::text::width;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use ratatui::Frame;
use unicode_width::UnicodeWidthChar;

/// The title cut to `max` cells, with the characters the query matched in
/// the visible part highlighted.
pub fn highlighted<'a>(text: &str, max: usize, marks: Option<&Highlighter>, base: ratatui::style::Style, theme: &Theme) -> Vec<Span<'a>> {
    let mut visible = String::new();
    let mut used = 0;
    let mut cut = false;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max {
            cut = true;
            break;
        }
        visible.push(c);
        used += w;
    }
    if cut && max > 0 {
        // Make room for the ellipsis.
        if let Some(last) = visible.pop() {
            used -= last.width().unwrap_or(0);
        }
        while used + 1 > max {
            match visible.pop() {
                Some(c) => used -= c.width().unwrap_or(0),
                None => break,
            }
        }
    }
    // Where the whole title matched; the cut part shows what it can.
    let marks = marks.map(|h| h.positions(text)).unwrap_or_default();
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (i, c) in visible.chars().enumerate() {
        let hit = marks.binary_search(&i).is_ok();
        if hit != run_hit && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hit { base.patch(theme.matched()) } else { base },
            ));
        }
        run_hit = hit;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hit { base.patch(theme.matched()) } else { base }));
    }
    if cut {
        spans.push(Span::styled("…", base));
    }
    spans
}

/// `Buffer::set_line`, with plain ASCII spans set a character at a time:
/// those need no grapheme segmentation, which was most of the cost of
/// filling a wide pane.
fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line, max_width: u16) {
    let end = x.saturating_add(max_width).min(buf.area.right());
    let mut at = x;
    for span in &line.spans {
        if at >= end {
            break;
        }
        let style = line.style.patch(span.style);
        if span.content.is_ascii() && !span.content.bytes().any(|b| b.is_ascii_control()) {
            for b in span.content.bytes().take((end - at) as usize) {
                buf[(at, y)].set_char(b as char).set_style(style);
                at += 1;
            }
        } else {
            at = buf.set_stringn(at, y, &span.content, (end - at) as usize, style).0;
        }
    }
}

pub fn draw(f: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let ds = model.dataset();
    let focused = model.focus == Focus::Timeline;
    let mut title = if model.rows.len() == ds.events.len() {
        format!(" Timeline · {} ", crate::text::count(ds.events.len(), "event", "events"))
    } else {
        format!(" Timeline · {} ", crate::text::of_events(model.rows.len(), ds.events.len()))
    };
    let chosen = &model.current.marks.columns;
    let block = Block::bordered().border_style(theme.border(focused));
    let inner = block.inner(area);
    if inner.height == 0 || inner.width == 0 || model.rows.is_empty() {
        if !chosen.is_empty() {
            title.push_str(&format!("· {} ", chosen.join(" · ")));
        }
        f.render_widget(block.title(title), area);
        if inner.height > 0 && inner.width > 0 {
            let msg = if let Some(l) = model.first_load() {
                format!(
                    "{}\n{}. Esc stops it.",
                    super::status::opening_title(&l.what),
                    l.progress.describe()
                )
            } else if model.nothing_open() {
                "Nothing is open. o opens a dataset or a timeline file.".to_string()
            } else if model.searching() {
                "No event matches the search. Esc clears it.".to_string()
            } else {
                "No events to show. Esc clears the filters.".to_string()
            };
            f.render_widget(Paragraph::new(msg).style(theme.dim()), inner);
        }
        return;
    }
    let height = inner.height as usize;
    let lines_of = model.lines();
    let end = (model.timeline.offset + height).min(model.rows.len());
    let labels: Vec<String> = model.rows[model.timeline.offset..end]
        .iter()
        .map(|&i| model.date_label(&ds.events[i as usize]))
        .collect();
    let date_w = labels.iter().map(|l| width(l)).max().unwrap_or(4).max(7);
    let text_w = inner.width.saturating_sub(1) as usize; // leave the scrollbar column
    let in_view = &model.rows[model.timeline.offset..end];
    // Chosen columns take at most half the row, and never the title's
    // last MIN_TITLE cells: a row of columns beside a stub of a title
    // says nothing.
    let before_title = 2 + date_w + 1 + 2 + 2;
    let room = (text_w / 2).min(text_w.saturating_sub(before_title + MIN_TITLE));
    let fields = FieldColumns::fitting(ds, chosen, in_view, room);
    // The title names the columns shown, and says when others want room.
    if !fields.shown.is_empty() {
        let names: Vec<&str> = fields.shown.iter().map(|&(f, _)| ds.field_name(f)).collect();
        title.push_str(&format!("· {} ", names.join(" · ")));
    }
    let hidden = chosen.iter().filter(|c| ds.field_names.contains(c)).count() - fields.shown.len();
    if hidden > 0 {
        title.push_str(&format!("· {hidden} more column{} when wider ", if hidden == 1 { "" } else { "s" }));
    }
    f.render_widget(block.title(title), area);
    let columns = Columns::fitting(model, in_view, date_w + fields.width(), text_w);
    let marks = model.searching().then(|| Highlighter::new(&model.query));
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    let mut p = model.timeline.offset;
    while lines.len() < height && p < model.rows.len() {
        let e = &ds.events[model.rows[p] as usize];
        if lines_of.starts_year(p) {
            let label = format!("── {} ", e.date.year_number());
            let fill = "─".repeat(text_w.saturating_sub(width(&label)));
            lines.push(Line::styled(format!("{label}{fill}"), theme.dim()));
            if lines.len() == height {
                break;
            }
        }
        let selected = p == model.timeline.selected;
        // In highlight mode the rows the search does not match recede.
        let unmatched = model.searching() && model.highlighted.as_ref().is_some_and(|h| h.binary_search(&model.rows[p]).is_err());
        let base = if selected && focused {
            theme.selected()
        } else if selected {
            theme.bold()
        } else if unmatched || model.not_yet_public(model.rows[p] as usize) {
            theme.dim()
        } else {
            ratatui::style::Style::new()
        };
        let marker = if selected { "▶ " } else { "  " };
        let date = format!("{:<date_w$} ", labels[p - model.timeline.offset]);
        let phase = e.phase.map(|p| p.marker()).unwrap_or(' ');
        let sourcing = ds.sourcing(e);
        let span = e.span().map(|s| format!(" ({})", s.human())).unwrap_or_default();
        let title_w = text_w.saturating_sub(before_title + fields.width() + width(&span));
        let mut spans = vec![
            Span::styled(marker, base),
            Span::styled(date, base),
            Span::styled(format!("{phase} "), base.patch(theme.phase(e.phase))),
            Span::styled(
                format!("{} ", sourcing.marker()),
                if sourcing == crate::model::Sourcing::Sourced {
                    base
                } else {
                    base.patch(theme.error())
                },
            ),
        ];
        for (f, w) in &fields.shown {
            let cell = crate::text::pad(&crate::text::fit(&field_cell(ds, e, *f), *w), *w);
            spans.push(Span::styled(format!("{cell}  "), base.patch(theme.accent())));
        }
        // The reader's own marks: a star before the title, a pen after.
        let marks_of = &model.current.marks;
        let star = if marks_of.starred(&e.id) { "★ " } else { "" };
        let pen = if marks_of.note(&e.id).is_some() { " ✎" } else { "" };
        if !star.is_empty() {
            spans.push(Span::styled(star, base.patch(theme.accent())));
        }
        let title_w = title_w.saturating_sub(width(star) + width(pen) + columns.width());
        spans.extend(highlighted(&e.title, title_w, marks.as_ref(), base, theme));
        if !pen.is_empty() {
            spans.push(Span::styled(pen, base.patch(theme.accent())));
        }
        if !span.is_empty() {
            spans.push(Span::styled(span.clone(), base.patch(theme.dim())));
        }
        let mut used: usize = spans.iter().map(|s| width(&s.content)).sum();
        if columns.width() > 0 {
            let at = text_w.saturating_sub(columns.width());
            spans.push(Span::styled(" ".repeat(at.saturating_sub(used)), base));
            for (k, w) in &columns.shown {
                let cell = crate::text::pad(&cell(model, e, *k), *w);
                spans.push(Span::styled(format!("  {cell}"), base.patch(theme.dim())));
            }
            used = spans.iter().map(|s| width(&s.content)).sum();
        }
        if selected && used < text_w {
            spans.push(Span::styled(" ".repeat(text_w - used), base));
        }
        lines.push(Line::from(spans));
        p += 1;
    }
    // Each line is already cut to the pane: set straight into the buffer,
    // without a paragraph's reflow (a third of a frame's time).
    let buf = f.buffer_mut();
    for (k, line) in lines.iter().enumerate() {
        put_line(buf, inner.x, inner.y + k as u16, line, text_w as u16);
    }
    if model.timeline.offset > 0 || p < model.rows.len() {
        let mut state = ScrollbarState::new(model.rows.len()).position(model.timeline.selected);
        f.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            area.inner(Margin {
                vertical: 1,
                horizontal: 0,
            }),
            &mut state,
        );
    }
}

/// The columns a timeline row may carry after its title, in the order
/// they are given room: each appears only where every title in view still
/// fits whole beside it (no title is cut while a column is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// How many sources, and the best one's reliability letter.
    Sources,
    Actors,
    Confidence,
    Tags,
    Techniques,
}

const COLUMNS: [(Column, usize); 5] = [
    (Column::Sources, 8),
    (Column::Actors, 28),
    (Column::Confidence, 22),
    (Column::Tags, 24),
    (Column::Techniques, 32),
];

fn cell(model: &Model, e: &crate::model::Event, c: Column) -> String {
    let ds = model.dataset();
    match c {
        Column::Sources => {
            let best = e.sources.iter().filter_map(|&s| ds.source(s).reliability).min();
            match (e.sources.len(), best) {
                (0, _) => String::new(),
                (n, Some(r)) => format!("{n} src {r}"),
                (n, None) => format!("{n} src"),
            }
        }
        Column::Actors => e.actors().iter().map(|&a| ds.actor(a).name.as_str()).collect::<Vec<_>>().join(", "),
        Column::Confidence => e.confidence.map(|c| c.as_str().to_string()).unwrap_or_default(),
        Column::Tags => e.tags.iter().map(|&t| ds.tag(t)).collect::<Vec<_>>().join(" "),
        Column::Techniques => e.technique_ids().collect::<Vec<_>>().join(" "),
    }
}

struct Columns {
    /// The columns given room, each with its width.
    shown: Vec<(Column, usize)>,
}

impl Columns {
    fn fitting(model: &Model, rows: &[u32], date_w: usize, text_w: usize) -> Columns {
        let ds = model.dataset();
        let events = || rows.iter().map(|&i| &ds.events[i as usize]);
        // The widest title in view with what sits beside it on its row.
        let title = events()
            .map(|e| width(&e.title) + e.span().map_or(0, |s| width(&s.human()) + 3) + 4)
            .max()
            .unwrap_or(0);
        let mut room = text_w.saturating_sub(2 + date_w + 1 + 2 + 2 + title);
        let mut shown = Vec::new();
        let mut cut = Vec::new();
        for (c, cap) in COLUMNS {
            let whole = events().map(|e| width(&cell(model, e, c))).max().unwrap_or(0);
            let w = whole.min(cap);
            if w > 0 && w + 2 <= room {
                room -= w + 2;
                shown.push((c, w));
                cut.push(whole - w);
            }
        }
        // What room is left goes to the columns cut to their cap, in the
        // same order: a row's tags were cut beside empty space.
        for ((_, w), cut) in shown.iter_mut().zip(cut) {
            let more = cut.min(room);
            *w += more;
            room -= more;
        }
        Columns { shown }
    }

    fn width(&self) -> usize {
        self.shown.iter().map(|(_, w)| w + 2).sum()
    }
}

/// A field's value in a row, on one line.
fn field_cell(ds: &crate::model::Dataset, e: &crate::model::Event, f: crate::model::FieldIx) -> String {
    e.fields
        .iter()
        .find(|x| x.name == f)
        .map(|x| crate::store::clean::clean_line(&ds.value(x.value).to_string()))
        .unwrap_or_default()
}

/// The fields the reader chose as columns, between the date and the
/// title, each as wide as its widest value in view (up to a cap), all
/// together at most `room`.
struct FieldColumns {
    shown: Vec<(crate::model::FieldIx, usize)>,
}

/// The widest a field column grows before its values are cut.
const FIELD_CAP: usize = 28;
/// The narrowest a field column is cut to, to fit beside the title.
const FIELD_MIN: usize = 6;
/// The title's cells no field column takes.
const MIN_TITLE: usize = 24;

impl FieldColumns {
    fn fitting(ds: &crate::model::Dataset, names: &[String], rows: &[u32], room: usize) -> FieldColumns {
        let mut shown = Vec::new();
        let mut used = 0;
        for name in names {
            let Some(f) = ds.field_names.iter().position(|n| n == name) else {
                continue;
            };
            let f = f as crate::model::FieldIx;
            let w = rows
                .iter()
                .map(|&i| width(&field_cell(ds, &ds.events[i as usize], f)))
                .max()
                .unwrap_or(0)
                .clamp(1, FIELD_CAP);
            if used + w + 2 > room {
                // The last column that fits, cut to the room left.
                let left = room.saturating_sub(used + 2);
                if left >= FIELD_MIN {
                    shown.push((f, left));
                }
                break;
            }
            used += w + 2;
            shown.push((f, w));
        }
        FieldColumns { shown }
    }

    fn width(&self) -> usize {
        self.shown.iter().map(|(_, w)| w + 2).sum()
    }
}
