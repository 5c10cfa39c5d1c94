//! The density strip under the header: a bar per period (year, quarter,
//! month, week or day) for how many of the shown events fall in it, the
//! selected event's period marked.

use super::theme::Theme;
use crate::app::Model;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

pub fn draw(f: &mut Frame, area: Rect, model: &Model, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let period = model.density_period();
    let periods = model.histogram.periods(period);
    if periods.is_empty() {
        return;
    }
    let room = (area.width as usize).saturating_sub(period.labels_width()).min(periods.len());
    if room == 0 {
        return;
    }
    let here = model
        .selected_event()
        .map(|i| model.histogram.period_of(period, model.dataset().events[i].date.start()));
    // All periods when they fit, else a window around the selection.
    let start = match here {
        Some(h) if periods.len() > room => h.saturating_sub(room / 2).min(periods.len() - room),
        _ => 0,
    };
    let shown = &periods[start..start + room];
    let max = shown.iter().map(|p| p.1).fold(1.0f32, f32::max);
    let mut spans = vec![Span::styled(format!("{} ", period.label(shown[0].0)), theme.dim())];
    for (k, &(_, count)) in shown.iter().enumerate() {
        let bar = if count < 1e-3 {
            ' '
        } else {
            // Less a hair, so a count summed from shares (3.0000002) takes
            // the bar a whole 3 would.
            BARS[((count * BARS.len() as f32 / max - 1e-3).ceil() as usize).clamp(1, BARS.len()) - 1]
        };
        let style = if here == Some(start + k) {
            theme.selected()
        } else {
            theme.accent()
        };
        spans.push(Span::styled(bar.to_string(), style));
    }
    spans.push(Span::styled(
        format!(" {} · by {}", period.label(shown[room - 1].0), period.name()),
        theme.dim(),
    ));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
