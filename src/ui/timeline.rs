//! The timeline pane: one row per event, year separators, a scrollbar.
//! Only the rows on screen are built, so a frame costs the same for a
//! hundred events and a million.

use super::theme::Theme;
use crate::app::{Focus, Model};
use crate::search::highlight_positions;
use crate::text::width;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};
use ratatui::Frame;
use unicode_width::UnicodeWidthChar;

/// The title cut to `max` cells, with the characters the query matched in
/// the visible part highlighted.
pub fn highlighted<'a>(text: &str, max: usize, model: &Model, base: ratatui::style::Style, theme: &Theme) -> Vec<Span<'a>> {
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
    let marks = if model.searching() {
        highlight_positions(&visible, &model.query)
    } else {
        Vec::new()
    };
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

pub fn draw(f: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let ds = model.dataset();
    let focused = model.focus == Focus::Timeline;
    let title = if model.rows.len() == ds.events.len() {
        format!(" Timeline · {} events ", ds.events.len())
    } else {
        format!(" Timeline · {} of {} events ", model.rows.len(), ds.events.len())
    };
    let block = Block::bordered().title(title).border_style(theme.border(focused));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if model.rows.is_empty() {
        let msg = if model.searching() {
            "No event matches the search. Esc clears it."
        } else {
            "No events to show. Esc clears the filters."
        };
        f.render_widget(Paragraph::new(msg).style(theme.dim()), inner);
        return;
    }
    let height = inner.height as usize;
    let separators = !(model.ranked && model.searching());
    let end = (model.offset + height).min(model.rows.len());
    let date_w = model.rows[model.offset..end]
        .iter()
        .map(|&i| width(&ds.events[i as usize].date_label()))
        .max()
        .unwrap_or(4)
        .max(7);
    let text_w = inner.width.saturating_sub(1) as usize; // leave the scrollbar column
    let mut lines: Vec<Line> = Vec::with_capacity(height);
    let mut p = model.offset;
    while lines.len() < height && p < model.rows.len() {
        let e = &ds.events[model.rows[p] as usize];
        if separators && (p == 0 || ds.events[model.rows[p - 1] as usize].date.year_number() != e.date.year_number()) {
            let label = format!("── {} ", e.date.year_number());
            let fill = "─".repeat(text_w.saturating_sub(width(&label)));
            lines.push(Line::styled(format!("{label}{fill}"), theme.dim()));
            if lines.len() == height {
                break;
            }
        }
        let selected = p == model.selected;
        let base = if selected && focused {
            theme.selected()
        } else if selected {
            theme.bold()
        } else {
            ratatui::style::Style::new()
        };
        let marker = if selected { "▶ " } else { "  " };
        let date = format!("{:<date_w$} ", e.date_label());
        let phase = e.phase.map(|p| p.marker()).unwrap_or(' ');
        let span = e.span().map(|s| format!(" ({})", s.human())).unwrap_or_default();
        let fixed = 2 + date_w + 1 + 2;
        let title_w = text_w.saturating_sub(fixed + width(&span));
        let mut spans = vec![
            Span::styled(marker, base),
            Span::styled(date, base),
            Span::styled(format!("{phase} "), base.patch(theme.phase(e.phase))),
        ];
        spans.extend(highlighted(&e.title, title_w, model, base, theme));
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        if !span.is_empty() {
            spans.push(Span::styled(span.clone(), base.patch(theme.dim())));
        }
        let used = used + width(&span);
        if selected && used < text_w {
            spans.push(Span::styled(" ".repeat(text_w - used), base));
        }
        lines.push(Line::from(spans));
        p += 1;
    }
    f.render_widget(Paragraph::new(lines), inner);
    if model.offset > 0 || p < model.rows.len() {
        let mut state = ScrollbarState::new(model.rows.len()).position(model.selected);
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
