//! The header (title and milestones) and the status line (counts, active
//! search and filters, key hints, or the search prompt).

use super::theme::Theme;
use crate::app::keys;
use crate::app::overlay::Overlay;
use crate::app::prompt::Prompt;
use crate::app::{LinkFilter, Mode, Model};
use crate::text::{fit, width};
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const AS_OF_LABEL: &str = "As of (2023, 2023-08, 2023-08-08): ";
const NOTE_LABEL: &str = "Note: ";

/// What is being opened, as a heading: "Opening x.csv…".
pub fn opening_title(what: &str) -> String {
    let mut c = what.chars();
    c.next()
        .map_or_else(String::new, |first| format!("{}{}…", first.to_uppercase(), c.as_str()))
}

pub fn draw_header(f: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let title = match model.first_load() {
        Some(l) => opening_title(&l.what),
        None => model.dataset().title.clone(),
    };
    let right = model.header_figures();
    let total = area.width as usize;
    if area.height >= 2 {
        // Two lines: the title whole (as far as the screen goes), the
        // figures beneath it.
        let lines = vec![
            Line::styled(fit(&title, total), theme.bold()),
            Line::styled(fit(&right, total), theme.accent()),
        ];
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    let right = if width(&right) + 10 > total { String::new() } else { right };
    let left_w = total.saturating_sub(width(&right) + 2);
    let left = fit(&title, left_w);
    let gap = total.saturating_sub(width(&left) + width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.bold()),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, theme.accent()),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

fn hints(mode: Mode) -> String {
    keys::bindings(mode)
        .filter(|b| !b.hint.is_empty())
        .map(|b| format!("{} {}", b.label, b.hint))
        .collect::<Vec<_>>()
        .join("  ")
}

/// The search line: the query as typed, how many match (or why a term
/// was not read), and the keys.
fn draw_search_line(f: &mut Frame, area: Rect, model: &Model, prompt: &Prompt, theme: &Theme) {
    let total = area.width as usize;
    let input = prompt.input();
    let count = match (&model.query.problems.first(), model.pending) {
        (Some(problem), _) => format!("  {problem}"),
        (None, Some(_)) => "  searching…".to_string(),
        (None, None) => format!("  {}", crate::text::count(model.rows.len(), "match", "matches")),
    };
    let count_style = if model.query.problems.is_empty() {
        theme.dim()
    } else {
        theme.error()
    };
    let help = format!("  {}", hints(Mode::Search));
    let room = total.saturating_sub(1 + width(&count)).max(total.min(12));
    let scroll = input.visual_scroll(room.max(1));
    let shown: String = input.value().chars().skip(scroll).collect();
    let shown = fit(&shown, room);
    let used = 1 + width(&shown) + width(&count);
    let mut spans = vec![
        Span::styled("/", theme.accent()),
        Span::raw(shown),
        Span::styled(fit(&count, total.saturating_sub(used - width(&count))), count_style),
    ];
    if used + width(&help) <= total {
        spans.push(Span::styled(help, theme.dim()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
    let x = area.x + 1 + (input.visual_cursor().saturating_sub(scroll)) as u16;
    f.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

/// A prompt in the status line: the label, the text (a suggestion shown
/// selected), then why Enter was refused, or the keys.
fn draw_prompt(f: &mut Frame, area: Rect, label: &str, prompt: &Prompt, mode: Mode, theme: &Theme) {
    let total = area.width as usize;
    let input = prompt.input();
    let after = match &prompt.error {
        Some(e) if prompt_fits(label, prompt, e, total) => Span::styled(format!("  {e}"), theme.error()),
        // Said whole in a box above (`draw_long_notice`).
        Some(_) => Span::styled("  ✗ see above", theme.error()),
        None => Span::styled(format!("  {}", hints(mode)), theme.dim()),
    };
    let room = total.saturating_sub(width(label) + 1);
    let style = if prompt.is_fresh() {
        theme.selected()
    } else {
        ratatui::style::Style::new()
    };
    let line = Line::from(vec![
        Span::styled(label.to_string(), theme.accent()),
        Span::styled(fit(input.value(), room), style),
        after,
    ]);
    f.render_widget(Paragraph::new(line), area);
    let x = area.x + (width(label) + input.visual_cursor()).min(total.saturating_sub(1)) as u16;
    f.set_cursor_position(Position::new(x, area.y));
}

pub fn draw_status(f: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let total = area.width as usize;
    match model.overlay() {
        Some(Overlay::Search(line)) => return draw_search_line(f, area, model, &line.prompt, theme),
        Some(Overlay::AsOf(p)) => return draw_prompt(f, area, AS_OF_LABEL, &p.prompt, Mode::AsOf, theme),
        Some(Overlay::Note(p)) => return draw_prompt(f, area, NOTE_LABEL, &p.prompt, Mode::Note, theme),
        _ => {}
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
    if let Some(n) = model.notice.as_deref().filter(|n| fits_status(n, total)) {
        left.push(Span::styled(format!("{n}  "), theme.accent()));
    } else {
        match (model.as_of, model.public) {
            (Some(date), Some(public)) => {
                left.push(Span::styled(
                    format!("as of {date}: {} public", crate::text::of_events(public, ds.events.len())),
                    theme.matched(),
                ));
                if model.rows.len() != public {
                    left.push(Span::raw(format!(" · {} shown", crate::text::thousands(model.rows.len()))));
                }
            }
            // Nothing open: no count to give.
            _ if model.nothing_open() => {}
            _ => left.push(Span::raw(crate::text::of_events(model.rows.len(), ds.events.len()))),
        }
        if model.searching() {
            left.push(Span::styled(format!(" · search: {}", model.query.raw), theme.matched()));
            if let Some(h) = &model.highlighted {
                left.push(Span::raw(format!(" ({} highlighted, n/N)", crate::text::thousands(h.len()))));
            }
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

/// Whether a prompt's refusal fits after its label and text.
fn prompt_fits(label: &str, prompt: &Prompt, error: &str, total: usize) -> bool {
    width(label) + width(prompt.value()) + 2 + width(error) <= total
}

/// Whether a message fits the status line whole; one that does not is
/// shown in a box above it (`draw_long_notice`).
fn fits_status(notice: &str, total: usize) -> bool {
    width(notice) + 2 <= total
}

/// A message too long for the status line, wrapped in a box just above
/// it, so that a path or an error is read whole; the next key closes it
/// as it clears any message.
pub fn draw_long_notice(f: &mut Frame, screen: Rect, status: Rect, model: &Model, theme: &Theme) {
    let total = status.width as usize;
    let refused = match model.overlay() {
        Some(Overlay::AsOf(p)) => Some((AS_OF_LABEL, &p.prompt)),
        Some(Overlay::Note(p)) => Some((NOTE_LABEL, &p.prompt)),
        _ => None,
    };
    let (notice, footer) = match refused {
        Some((label, p)) => (
            p.error.as_deref().filter(|e| !prompt_fits(label, p, e, total)),
            " edit and press Enter · Esc cancels ",
        ),
        None => (model.notice.as_deref().filter(|n| !fits_status(n, total)), " any key closes "),
    };
    let Some(notice) = notice else { return };
    let inner_w = screen.width.saturating_sub(2) as usize;
    let lines = super::wrap::wrap(Line::styled(notice.to_string(), theme.accent()), inner_w);
    let room = status.y.saturating_sub(screen.y) / 2;
    let h = (lines.len() as u16 + 2).min(room.max(3));
    let area = Rect::new(screen.x, status.y.saturating_sub(h), screen.width, h);
    f.render_widget(ratatui::widgets::Clear, area);
    let block = ratatui::widgets::Block::bordered()
        .border_style(theme.accent())
        .title_bottom(Line::styled(footer, theme.dim()));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
