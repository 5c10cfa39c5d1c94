//! Drawing: reads the model, never changes it (but for the line counts
//! that scrolled overlays record, so their scrolling stops at their end).
//! One file per pane or group of overlays; where things go is
//! `app::geometry`, shared with the state machine.

pub mod density;
pub mod overlays;
pub mod side;
pub mod status;
pub mod theme;
pub mod timeline;
pub mod wrap;

use crate::app::geometry as layout;
use crate::app::overlay::Overlay;
use crate::app::Model;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
pub use theme::Theme;

pub fn view(f: &mut Frame, model: &Model, theme: &Theme) {
    let area = f.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    if layout::too_small(area.width, area.height) {
        let msg = format!(
            "Terminal too small: itx needs {}x{}, this is {}x{}. Enlarge it, or q to quit.",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT,
            area.width,
            area.height
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    model.links.borrow_mut().clear();
    let a = layout::areas(area, model.shape());
    status::draw_header(f, a.header, model, theme);
    density::draw(f, a.density, model, theme);
    timeline::draw(f, a.timeline, model, theme);
    side::draw_actors(f, a.actors, model, theme);
    side::draw_sources(f, a.sources, model, theme);
    status::draw_status(f, a.status, model, theme);
    // Addresses under an overlay are not on screen (and a prompt's cursor
    // must stay where the prompt put it).
    if !model.overlays.is_empty() {
        model.links.borrow_mut().clear();
    }
    // Each overlay over the one beneath it; prompts live in the status line.
    for o in &model.overlays {
        match o {
            Overlay::Search(_) | Overlay::AsOf(_) | Overlay::Note(_) => {}
            Overlay::Detail(d) => overlays::draw_detail(f, model, d, theme),
            Overlay::Help(h) => overlays::draw_help(f, h, theme),
            Overlay::Open(o) => overlays::draw_open(f, model, o, theme),
            Overlay::Export(e) => overlays::draw_export(f, model, e, theme),
            Overlay::Filters(m) => overlays::draw_filters(f, m, model.dataset().events.len(), theme),
            Overlay::Error(e) => overlays::draw_error(f, model, e, theme),
            Overlay::Add(form) => overlays::draw_add(f, form, theme),
            Overlay::Matrix(m) => overlays::draw_matrix(f, m, theme),
            Overlay::Stack(s) => overlays::draw_stack(f, model.dataset(), s, theme),
            Overlay::Columns(c) => overlays::draw_columns(f, c, theme),
            Overlay::Context(c) => overlays::draw_context(f, model, c, theme),
            Overlay::Source(s) => overlays::draw_source(f, model, s, theme),
        }
    }
    status::draw_long_notice(f, area, a.status, model, theme);
}
