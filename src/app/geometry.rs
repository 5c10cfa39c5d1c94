//! Where things are on the screen, for the view that draws them and for
//! the state machine that keeps the selection on screen and maps clicks:
//! the panes for a terminal size, and the timeline's lines (a separator
//! line starts each year). Computed here, once, so the two cannot differ.

use crate::model::Dataset;
use ratatui::layout::{Constraint, Direction, Flex, Layout, Rect};

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

/// Where an overlay of `mode` is drawn on `screen`: for the view, and for
/// the page keys, which move by the lines it shows.
pub fn overlay_area(mode: super::keymap::Mode, screen: Rect) -> Rect {
    use super::keymap::Mode;
    let (w, h) = match mode {
        Mode::Detail => (90, 90),
        Mode::Help => (90, 100),
        Mode::Open => (80, 70),
        Mode::Export => (80, 60),
        Mode::Filter => (70, 70),
        Mode::Error => (90, 80),
        Mode::Add => (90, 70),
        Mode::Matrix => (96, 90),
        Mode::Source => (90, 80),
        Mode::Stack | Mode::Narrow => (80, 80),
        Mode::Columns => (60, 80),
        Mode::Context => (96, 90),
        // Prompts live in the status line.
        Mode::Browse | Mode::Search | Mode::AsOf | Mode::Note => (100, 100),
    };
    let [v] = Layout::vertical([Constraint::Percentage(h)]).flex(Flex::Center).areas(screen);
    let [area] = Layout::horizontal([Constraint::Percentage(w)]).flex(Flex::Center).areas(v);
    area
}

/// Lines inside an overlay's border.
pub fn overlay_page(mode: super::keymap::Mode, size: (u16, u16)) -> usize {
    let area = overlay_area(mode, Rect::new(0, 0, size.0, size.1));
    (area.height as usize).saturating_sub(2).max(1)
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// What the panes' layout depends on besides the screen's size, decided
/// by the model from its dataset and the reader's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// The header takes two lines: the title whole, the figures below.
    pub two_line_header: bool,
    /// The actor and source panes go below the timeline, which takes the
    /// whole width (`w`), instead of beside it on a wide screen.
    pub panes_below: bool,
    /// The cells the side panes' content needs (their widest name or
    /// title), to size them beside the timeline.
    pub side_content: u16,
    /// The actor and source panes show a line each, below the timeline,
    /// which takes the rest (see `Current::slim_side`).
    pub slim_side: bool,
}

pub fn areas(area: Rect, shape: Shape) -> Areas {
    let strip = if area.height >= 16 { 1 } else { 0 };
    let header_h = if shape.two_line_header && area.height >= 16 { 2 } else { 1 };
    let [header, density, body, status] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Length(strip),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let wide = area.width >= 100 && !shape.panes_below && !shape.slim_side;
    let (timeline, side) = if shape.slim_side {
        // A line each, side by side: no rows of "No actors named" beside
        // or below titles cut short.
        let [t, s] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(body);
        (t, s)
    } else if wide {
        // As wide as their content needs, between a third and two fifths
        // of the screen: the rest is the timeline's.
        let side_w = (shape.side_content + 4).clamp(area.width / 4, area.width * 2 / 5);
        let [t, s] = Layout::horizontal([Constraint::Min(1), Constraint::Length(side_w)]).areas(body);
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

/// Lines of events (and year separators) the timeline shows at this size.
pub fn timeline_height(size: (u16, u16), shape: Shape) -> usize {
    if too_small(size.0, size.1) {
        return 1;
    }
    areas(Rect::new(0, 0, size.0, size.1), shape)
        .timeline
        .height
        .saturating_sub(2)
        .max(1) as usize
}

/// Cells the density strip's bars can use at this width, at the widest
/// labels (two days and "by quarter").
pub fn density_width(width: u16) -> usize {
    (width as usize).saturating_sub(34).max(8)
}

/// The timeline's rows as lines on screen: each row one line, and a
/// separator line before each row that starts a year (unless the rows are
/// ranked, when years do not follow each other).
#[derive(Clone, Copy)]
pub struct TimelineLines<'a> {
    pub dataset: &'a Dataset,
    pub rows: &'a [u32],
    pub separators: bool,
}

impl TimelineLines<'_> {
    /// Whether a year separator is drawn above row `p`.
    pub fn starts_year(&self, p: usize) -> bool {
        let year = |p: usize| self.dataset.events[self.rows[p] as usize].date.year_number();
        self.separators && (p == 0 || year(p) != year(p - 1))
    }

    /// Screen lines that rows `from..to` take, separators included.
    pub fn lines_between(&self, from: usize, to: usize) -> usize {
        (from..to).map(|p| 1 + usize::from(self.starts_year(p))).sum()
    }

    /// The row drawn on `line` (0 the first line under the border) when
    /// row `offset` is drawn first, if an event is drawn there.
    pub fn row_at_line(&self, offset: usize, line: usize) -> Option<usize> {
        let mut l = 0;
        for p in offset..self.rows.len() {
            if self.starts_year(p) {
                if l == line {
                    return None;
                }
                l += 1;
            }
            if l == line {
                return Some(p);
            }
            if l > line {
                return None;
            }
            l += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slim_side_panes_take_a_line_each_below_the_timeline_at_any_width() {
        for (w, h) in [(80, 24), (200, 60)] {
            let slim = areas(
                Rect::new(0, 0, w, h),
                Shape {
                    slim_side: true,
                    side_content: 40,
                    ..Default::default()
                },
            );
            assert_eq!((slim.actors.height, slim.sources.height), (3, 3), "{w}x{h}");
            assert_eq!(slim.timeline.width, w, "the timeline the whole width at {w}x{h}");
            assert_eq!(slim.actors.y, slim.timeline.bottom());
            assert_eq!(slim.sources.x, slim.actors.right(), "side by side");
            let full = areas(Rect::new(0, 0, w, h), Shape::default());
            assert!(slim.timeline.area() > full.timeline.area());
        }
    }
}
