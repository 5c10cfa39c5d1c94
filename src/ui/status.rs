//! The header (title and milestones) and the status line (counts, active
//! search and filters, key hints, or the search prompt).

use super::theme::Theme;
use crate::app::keymap;
use crate::app::model::LinkFilter;
use crate::app::{Mode, Model};
use crate::text::{fit, width};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw_header(f: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let ds = model.dataset();
    let figures: Vec<String> = model
        .current
        .figures
        .iter()
        .map(|fig| {
            let v = match fig.interval(ds) {
                Some(i) => i.human(),
                None => "unknown".into(),
            };
            format!("{} {v}", fig.milestone.short_label())
        })
        .collect();
    let right = figures.join(" · ");
    let total = area.width as usize;
    let right = if width(&right) + 10 > total { String::new() } else { right };
    let left_w = total.saturating_sub(width(&right) + 2);
    let left = fit(&ds.title, left_w);
    let gap = total.saturating_sub(width(&left) + width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.bold()),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, theme.accent()),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

fn hints(mode: Mode) -> String {
    keymap::bindings(mode)
        .filter(|b| !b.hint.is_empty())
        .map(|b| format!("{} {}", b.label, b.hint))
        .collect::<Vec<_>>()
        .join("  ")
}

pub fn draw_status(f: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let total = area.width as usize;
    if model.mode == Mode::Search {
        let prompt = "/";
        let value = model.query_input.value();
        let count = if model.pending.is_some() {
            "  searching…".to_string()
        } else {
            format!("  {} match{}", model.rows.len(), if model.rows.len() == 1 { "" } else { "es" })
        };
        let help = format!("  {}", hints(Mode::Search));
        let room = total.saturating_sub(1 + width(&count));
        let scroll = model.query_input.visual_scroll(room.max(1));
        let shown: String = value.chars().skip(scroll).collect();
        let shown = fit(&shown, room);
        let used = 1 + width(&shown) + width(&count);
        let mut spans = vec![
            Span::styled(prompt, theme.accent()),
            Span::raw(shown),
            Span::styled(count, theme.dim()),
        ];
        if used + width(&help) <= total {
            spans.push(Span::styled(help, theme.dim()));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        let x = area.x + 1 + (model.query_input.visual_cursor().saturating_sub(scroll)) as u16;
        f.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    if matches!(model.mode, Mode::AsOf | Mode::Note) {
        let (prompt, input) = if model.mode == Mode::AsOf {
            ("As of (2023, 2023-08, 2023-08-08): ", &model.as_of_input)
        } else {
            ("Note: ", &model.note_input)
        };
        let help = format!("  {}", hints(model.mode));
        let line = Line::from(vec![
            Span::styled(prompt, theme.accent()),
            Span::raw(fit(input.value(), total.saturating_sub(width(prompt) + 1))),
            Span::styled(help, theme.dim()),
        ]);
        f.render_widget(Paragraph::new(line), area);
        let x = area.x + (width(prompt) + input.visual_cursor()).min(total.saturating_sub(1)) as u16;
        f.set_cursor_position(Position::new(x, area.y));
        return;
    }
    let ds = model.dataset();
    let mut left: Vec<Span> = Vec::new();
    if let Some(l) = &model.loading {
        left.push(Span::styled(
            format!("{}: {} · Esc stops  ", l.what, l.progress.describe()),
            theme.accent(),
        ));
    } else if model.pending.is_some() {
        left.push(Span::styled("searching… ", theme.accent()));
    }
    if let Some(n) = &model.notice {
        left.push(Span::styled(format!("{n}  "), theme.accent()));
    } else {
        match (model.as_of, model.public) {
            (Some(date), Some(public)) => {
                left.push(Span::styled(
                    format!("as of {date}: {public} of {} events public", ds.events.len()),
                    theme.matched(),
                ));
                if model.rows.len() != public {
                    left.push(Span::raw(format!(" · {} shown", model.rows.len())));
                }
            }
            _ => left.push(Span::raw(format!("{} of {} events", model.rows.len(), ds.events.len()))),
        }
        if model.searching() {
            left.push(Span::styled(format!(" · search: {}", model.query.raw), theme.matched()));
            if model.ranked {
                left.push(Span::raw(" (best first)"));
            }
        }
        match model.link {
            Some(LinkFilter::Actor(a)) => left.push(Span::styled(format!(" · actor: {}", ds.actor(a).name), theme.matched())),
            Some(LinkFilter::Source(s)) => left.push(Span::styled(format!(" · source: {}", ds.source(s).id), theme.matched())),
            None => {}
        }
        if model.starred_only {
            left.push(Span::styled(" · starred only", theme.matched()));
        }
        if model.searching() || model.link.is_some() || model.as_of.is_some() || model.starred_only {
            left.push(Span::styled(" · Esc clears", theme.dim()));
        }
        left.push(Span::raw("  "));
    }
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let help = hints(Mode::Browse);
    let help = fit(&help, total.saturating_sub(used));
    let mut spans = left;
    let gap = total.saturating_sub(used + width(&help));
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(help, theme.dim()));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
