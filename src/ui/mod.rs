//! Drawing: reads the model, never changes it. One file per pane or
//! overlay; `layout` is shared with the state machine.

pub mod density;
pub mod layout;
pub mod overlays;
pub mod side;
pub mod status;
pub mod theme;
pub mod timeline;

use crate::app::{Mode, Model};
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
    let a = layout::areas(area);
    status::draw_header(f, a.header, model, theme);
    density::draw(f, a.density, model, theme);
    timeline::draw(f, a.timeline, model, theme);
    side::draw_actors(f, a.actors, model, theme);
    side::draw_sources(f, a.sources, model, theme);
    status::draw_status(f, a.status, model, theme);
    match model.mode {
        Mode::Browse | Mode::Search | Mode::AsOf | Mode::Note => {}
        Mode::Detail => overlays::draw_detail(f, model, theme),
        Mode::Help => overlays::draw_help(f, model, theme),
        Mode::Open => overlays::draw_open(f, model, theme),
        Mode::Export => overlays::draw_export(f, model, theme),
        Mode::Filter => overlays::draw_filters(f, model, theme),
        Mode::Error => overlays::draw_error(f, model, theme),
    }
}
