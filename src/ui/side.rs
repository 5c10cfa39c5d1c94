//! The actor and source panes beside the timeline.

use super::theme::Theme;
use crate::app::{Focus, Model};
use crate::text::fit;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

/// What the side panes say when the timeline shows no event.
const NOTHING_SELECTED: &str = "No event selected.";

/// Items of several lines each; the selected one is kept in view by
/// starting the list a little before it.
fn draw_items(
    f: &mut Frame,
    area: Rect,
    block: Block,
    items: Vec<Vec<Line<'static>>>,
    selected: Option<usize>,
    empty: &str,
    theme: &Theme,
) -> Vec<(usize, usize, usize)> {
    let inner = block.inner(area);
    f.render_widget(block, area);
    if items.is_empty() {
        f.render_widget(Paragraph::new(empty.to_string()).style(theme.dim()), inner);
        return Vec::new();
    }
    let height = inner.height as usize;
    // Skip whole items until the selected one fits.
    let mut start = 0;
    if let Some(sel) = selected {
        while start < sel && items[start..=sel].iter().map(Vec::len).sum::<usize>() > height {
            start += 1;
        }
    }
    let mut lines = Vec::new();
    // Each item drawn: its number, its first line and how many lines.
    let mut shown = Vec::new();
    for (i, item) in items.into_iter().enumerate().skip(start) {
        if lines.len() >= height {
            break;
        }
        shown.push((i, lines.len(), item.len()));
        let chosen = Some(i) == selected;
        for (j, mut line) in item.into_iter().enumerate() {
            let marker = if chosen && j == 0 { "▶ " } else { "  " };
            line.spans.insert(0, Span::raw(marker));
            if chosen {
                line = line.patch_style(theme.selected());
            }
            lines.push(line);
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
    shown
}

pub fn draw_actors(f: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let ds = model.dataset();
    let focused = model.focus == Focus::Actors;
    let w = area.width.saturating_sub(4) as usize;
    let list = model.actor_list();
    let title = if model.all_actors {
        format!(" Actors · all {} ", list.len())
    } else {
        " Actors · this event ".to_string()
    };
    let block = Block::bordered().title(title).border_style(theme.border(focused));
    let counts = &model.current.actor_counts;
    let items = list
        .iter()
        .map(|&a| {
            let actor = ds.actor(a);
            let mut facts = vec![actor.kind.as_str().to_string()];
            if let Some(c) = &actor.country {
                facts.push(c.clone());
            }
            if model.all_actors {
                let n = counts[a as usize];
                facts.push(crate::text::count(n, "event", "events"));
            }
            if !actor.aliases.is_empty() {
                facts.push(format!("aka {}", actor.aliases.join(", ")));
            }
            vec![
                Line::styled(fit(&actor.name, w), theme.bold()),
                Line::styled(fit(&format!("  {}", facts.join(" · ")), w), theme.dim()),
            ]
        })
        .collect();
    let selected = focused.then_some(model.actor_cursor.selected);
    let empty = if model.selected_event().is_some() {
        "No actors named. a: all actors"
    } else {
        NOTHING_SELECTED
    };
    draw_items(f, area, block, items, selected, empty, theme);
}

pub fn draw_sources(f: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    let ds = model.dataset();
    let focused = model.focus == Focus::Sources;
    let w = area.width.saturating_sub(4) as usize;
    let block = Block::bordered()
        .title(" Sources · this event ")
        .border_style(theme.border(focused));
    let items = model
        .source_list()
        .iter()
        .map(|&s| {
            let src = ds.source(s);
            let mut facts: Vec<String> = Vec::new();
            if let Some(p) = &src.publisher {
                facts.push(p.clone());
            }
            if let Some(d) = src.published {
                facts.push(d.to_string());
            }
            if let Some(r) = src.reliability {
                facts.push(format!("reliability {r} ({})", r.meaning()));
            }
            let mut lines = vec![Line::styled(fit(&src.title, w), theme.bold())];
            if !facts.is_empty() {
                lines.push(Line::styled(fit(&format!("  {}", facts.join(" · ")), w), theme.dim()));
            }
            if let Some(u) = &src.url {
                lines.push(Line::styled(fit(&format!("  {u}"), w), theme.accent()));
            }
            lines
        })
        .collect::<Vec<_>>();
    let urls: Vec<Option<&str>> = model
        .source_list()
        .iter()
        .map(|&s| ds.source(s).url.as_deref().filter(|u| crate::model::is_web_link(u)))
        .collect();
    let selected = focused.then_some(model.source_cursor.selected);
    let empty = if model.selected_event().is_some() {
        "No sources back this event."
    } else {
        NOTHING_SELECTED
    };
    let inner = Block::bordered().inner(area);
    let shown = draw_items(f, area, block, items, selected, empty, theme);
    // An item's address is its last line: recorded, for the terminal to
    // make a link of it.
    let mut links = model.links.borrow_mut();
    for (item, first_line, len) in shown {
        if let Some(url) = urls[item] {
            let y = inner.y + (first_line + len - 1) as u16;
            if y < inner.bottom() {
                let text = fit(url, w.saturating_sub(2));
                links.push(crate::app::model::DrawnLink {
                    x: inner.x + 4,
                    y,
                    text,
                    url: url.to_string(),
                });
            }
        }
    }
}
