//! Where each pane goes for a terminal size. Shared by the view (to draw)
//! and by `update` (to keep the selection on screen and to map clicks).

use ratatui::layout::{Constraint, Direction, Layout, Rect};

/// Below this the panes cannot show anything useful; a notice is shown.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    /// The density strip; no height on short terminals.
    pub density: Rect,
    pub timeline: Rect,
    pub actors: Rect,
    pub sources: Rect,
    pub status: Rect,
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

pub fn areas(area: Rect) -> Areas {
    let strip = if area.height >= 16 { 1 } else { 0 };
    let [header, density, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(strip),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let wide = area.width >= 100;
    let (timeline, side) = if wide {
        let [t, s] = Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(body);
        (t, s)
    } else {
        let [t, s] = Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
        (t, s)
    };
    let dir = if wide { Direction::Vertical } else { Direction::Horizontal };
    let [actors, sources] = Layout::default()
        .direction(dir)
        .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
        .areas(side);
    Areas {
        header,
        density,
        timeline,
        actors,
        sources,
        status,
    }
}

/// Rows of events (and year separators) the timeline shows at this size.
pub fn timeline_height(size: (u16, u16)) -> usize {
    if too_small(size.0, size.1) {
        return 1;
    }
    areas(Rect::new(0, 0, size.0, size.1)).timeline.height.saturating_sub(2).max(1) as usize
}

/// Cells the density strip's bars can use at this width, at the widest
/// labels (two days and "by quarter").
pub fn density_width(width: u16) -> usize {
    (width as usize).saturating_sub(34).max(8)
}
