//! Detail, help, open and error: drawn over the panes.

use super::theme::Theme;
use crate::app::overlay::source::SourceView;
use crate::app::overlay::{
    add::AddForm, detail::Detail, error::ErrorView, export::ExportPicker, filters::FilterMenu, help::Help, matrix::Matrix, open::OpenPicker,
};
use crate::app::prompt::Prompt;
use crate::app::{keymap, keys};
use crate::app::{Mode, Model};
use crate::text::fit;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

fn popup(area: Rect, mode: Mode) -> Rect {
    crate::app::geometry::overlay_area(mode, area)
}

fn frame(f: &mut Frame, area: Rect, title: String, footer: String, theme: &Theme) -> Rect {
    f.render_widget(Clear, area);
    let block = Block::bordered()
        .title(title)
        .title_bottom(Line::styled(
            fit_footer(&footer, area.width.saturating_sub(2) as usize),
            theme.dim(),
        ))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}

/// A footer of key hints (` a · b · Enter does · Esc cancels `) in
/// `room` cells: the first hints give way, the last two (what Enter and
/// Esc do) stay whole as long as they can.
fn fit_footer(footer: &str, room: usize) -> String {
    let mut hints: Vec<&str> = footer.trim().split(" · ").collect();
    let joined = |h: &[&str]| format!(" {} ", h.join(" · "));
    while hints.len() > 2 && crate::text::width(&joined(&hints)) > room {
        hints.remove(0);
    }
    fit(&joined(&hints), room)
}

/// Free text may hold megabytes; the detail only ever wraps what a few
/// screens can show, so a frame stays cheap.
const TEXT_LIMIT: usize = 16 * 1024;
const LINE_LIMIT: usize = 500;

fn limited(s: &str) -> String {
    limited_to(s, TEXT_LIMIT)
}

fn limited_to(s: &str, limit: usize) -> String {
    if s.len() <= limit {
        return s.to_string();
    }
    let mut end = limit;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} more bytes not shown)", &s[..end], s.len() - end)
}

/// `lines` wrapped to `width` (see `wrap`): what a scrolled overlay draws,
/// and how long it is.
fn wrapped(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    lines.into_iter().flat_map(|l| super::wrap::wrap(l, width as usize)).collect()
}

pub fn draw_detail(f: &mut Frame, model: &Model, d: &Detail, theme: &Theme) {
    let Some(i) = model.selected_event() else { return };
    let ds = model.dataset();
    let e = &ds.events[i];
    let area = popup(f.area(), Mode::Detail);
    let position = model.timeline.selected + 1;
    let footer = format!(
        " {} of {} · ←/→ previous/next · j/k scroll · Esc close · ? help ",
        crate::text::thousands(position),
        crate::text::thousands(model.rows.len())
    );
    let inner = frame(f, area, format!(" {} ", e.id), footer, theme);
    let mut lines: Vec<Line> = vec![Line::styled(limited_to(&e.title, LINE_LIMIT), theme.bold()), Line::raw("")];
    let mut facts = vec![model.date_label(e)];
    if let (Some(end), Some(span)) = (e.end(), e.span()) {
        facts[0] = format!("{} to {end} ({})", model.date_label(e), span.human());
    }
    if let Some(p) = e.phase {
        facts.push(format!("phase: {p}"));
    }
    if let Some(c) = e.confidence {
        facts.push(format!("confidence: {c}"));
    }
    lines.push(Line::styled(facts.join(" · "), theme.accent()));
    match ds.sourcing(e) {
        crate::model::Sourcing::Unsourced => {
            lines.push(Line::styled("No source backs this event: treat it as unconfirmed.", theme.error()))
        }
        crate::model::Sourcing::Single => lines.push(Line::styled("One source backs this event.", theme.dim())),
        crate::model::Sourcing::Weak => lines.push(Line::styled(
            "Its best source is rated E (unreliable) or F (cannot be judged).",
            theme.error(),
        )),
        crate::model::Sourcing::Sourced => {}
    }
    if !e.tags.is_empty() {
        lines.push(Line::styled(
            format!("tags: {}", e.tags.iter().map(|&t| ds.tag(t)).collect::<Vec<_>>().join(", ")),
            theme.dim(),
        ));
    }
    let marks = &model.current.marks;
    if marks.starred(&e.id) || marks.note(&e.id).is_some() {
        let star = if marks.starred(&e.id) { "★ starred" } else { "" };
        let note = marks.note(&e.id).map(|n| format!("  your note: {n}")).unwrap_or_default();
        lines.push(Line::styled(limited(&format!("{star}{note}")).trim().to_string(), theme.matched()));
    }
    lines.push(Line::raw(""));
    if let Some(s) = &e.summary() {
        for para in limited(s).lines() {
            lines.push(Line::raw(para.to_string()));
        }
        lines.push(Line::raw(""));
    }
    if !e.techniques().is_empty() {
        lines.push(Line::styled("ATT&CK techniques", theme.bold()));
        for &t in e.techniques() {
            let t = crate::model::attack::get(t);
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<10}", t.id), theme.accent()),
                Span::raw(t.name),
                Span::styled(format!(" · {}", t.tactics.join(", ")), theme.dim()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    if !e.indicators().is_empty() {
        lines.push(Line::styled("Indicators (defanged)", theme.bold()));
        for i in e.indicators() {
            let note = i.note.as_deref().map(|n| format!(" · {n}")).unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<9}", i.kind.as_str()), theme.dim()),
                Span::raw(limited_to(&i.shown(), LINE_LIMIT)),
                Span::styled(note, theme.dim()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    if !e.fields.is_empty() {
        lines.push(Line::styled("Fields", theme.bold()));
        let w = ds.fields_of(e).map(|(k, _)| k.chars().count()).max().unwrap_or(0).min(30);
        for (k, v) in ds.fields_of(e) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {k:<w$}  "), theme.dim()),
                Span::raw(limited_to(&v.to_string(), LINE_LIMIT)),
            ]));
        }
        lines.push(Line::raw(""));
    }
    if !e.quotes().is_empty() {
        lines.push(Line::styled("Quotes", theme.bold()));
        for q in e.quotes() {
            lines.push(Line::raw(format!("  “{}”", limited(q.text.trim_end()))));
            let mut who = Vec::new();
            if let Some(a) = q.by {
                who.push(ds.actor(a).name.clone());
            }
            if let Some(s) = q.source {
                who.push(format!("in {}", ds.source(s).title));
            }
            if !who.is_empty() {
                lines.push(Line::styled(format!("    — {}", who.join(", ")), theme.dim()));
            }
        }
        lines.push(Line::raw(""));
    }
    if !e.actors().is_empty() {
        lines.push(Line::styled("Actors", theme.bold()));
        for &a in e.actors() {
            let a = ds.actor(a);
            let aka = if a.aliases.is_empty() {
                String::new()
            } else {
                format!(" (aka {})", a.aliases.join(", "))
            };
            lines.push(Line::from(vec![
                Span::raw(format!("  {}", a.name)),
                Span::styled(format!(" · {}{aka}", a.kind), theme.dim()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    if !e.sources.is_empty() {
        lines.push(Line::styled("Sources", theme.bold()));
        for &s in &e.sources {
            let s = ds.source(s);
            let mut facts = Vec::new();
            if let Some(p) = &s.publisher {
                facts.push(p.clone());
            }
            if let Some(d) = s.published {
                facts.push(d.to_string());
            }
            if let Some(r) = s.reliability {
                facts.push(format!("reliability {r}"));
            }
            lines.push(Line::raw(format!("  {}", s.title)));
            if !facts.is_empty() {
                lines.push(Line::styled(format!("    {}", facts.join(" · ")), theme.dim()));
            }
            if let Some(u) = &s.url {
                lines.push(Line::styled(format!("    {u}"), theme.accent()));
            }
        }
    }
    let lines = wrapped(lines, inner.width);
    d.lines.set(lines.len());
    let last = lines.len().saturating_sub(inner.height as usize);
    let scroll = d.scroll.offset.min(last).min(u16::MAX as usize) as u16;
    // The sources' web addresses, each on a line of its own: recorded for
    // the terminal to make links of them, where they are in view.
    let mut links = model.links.borrow_mut();
    for (k, line) in lines.iter().enumerate().skip(scroll as usize).take(inner.height as usize) {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let url = text.trim();
        if text.starts_with("    ") && crate::model::is_web_link(url) && e.sources.iter().any(|&s| ds.source(s).url.as_deref() == Some(url))
        {
            links.push(crate::app::model::DrawnLink {
                x: inner.x + 4,
                y: inner.y + (k - scroll as usize) as u16,
                text: fit(url, (inner.width as usize).saturating_sub(4)),
                url: url.to_string(),
            });
        }
    }
    drop(links);
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

pub fn draw_help(f: &mut Frame, h: &Help, theme: &Theme) {
    let mode = h.mode;
    let area = popup(f.area(), Mode::Help);
    let inner = frame(
        f,
        area,
        format!(" Keys · {} ", mode.name()),
        " j/k scroll · any other key closes ".into(),
        theme,
    );
    let label_w = keys::bindings(mode).map(|b| b.label.chars().count()).max().unwrap_or(4) + 2;
    let mut lines: Vec<Line> = keys::bindings(mode)
        .map(|b| {
            Line::from(vec![
                Span::styled(format!("{:<label_w$}", b.label), theme.accent()),
                Span::raw(b.help),
            ])
        })
        .collect();
    if matches!(mode, Mode::Search | Mode::Open | Mode::Export | Mode::AsOf | Mode::Note) {
        lines.push(Line::styled(crate::app::prompt::EDIT_HELP, theme.dim()));
    }
    if mode == Mode::Browse {
        lines.push(Line::styled(
            if crate::platform::CAN_SUSPEND {
                "C-z suspends itx; the shell's fg brings it back"
            } else {
                "C-z does nothing here: this system has no job control to suspend a program with"
            },
            theme.dim(),
        ));
    }
    if matches!(mode, Mode::Browse | Mode::Search) {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Search: every term must match", theme.bold()));
        let w = keymap::QUERY_HELP.iter().map(|(t, _)| t.len()).max().unwrap_or(4) + 2;
        for (term, what) in keymap::QUERY_HELP {
            lines.push(Line::from(vec![
                Span::styled(format!("{term:<w$}"), theme.accent()),
                Span::raw(*what),
            ]));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Phases: C compromise · D discovery · P disclosure · A attribution · R response · · context. \
             Sources: ∅ none · ¹ only one · ? the best rated E or F (sources:0, sources:1, sources:2+ find them)",
            theme.dim(),
        ));
    }
    let lines = wrapped(lines, inner.width);
    h.lines.set(lines.len());
    let last = lines.len().saturating_sub(inner.height as usize);
    let scroll = h.scroll.offset.min(last).min(u16::MAX as usize) as u16;
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// A one-line prompt on the first line of `inner`, scrolled to keep the
/// cursor in view, with the cursor placed; a suggestion that typing
/// replaces is shown selected, and a refusal on the line below.
fn path_line(f: &mut Frame, inner: Rect, label: &str, prompt: &Prompt, theme: &Theme) {
    let input = prompt.input();
    let w = inner.width as usize;
    let room = w.saturating_sub(label.len() + 1).max(1);
    let scroll = input.visual_scroll(room);
    let shown: String = input.value().chars().skip(scroll).collect();
    let style = if prompt.is_fresh() {
        theme.selected()
    } else {
        ratatui::style::Style::new()
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label.to_string(), theme.accent()),
            Span::styled(fit(&shown, room), style),
        ])),
        Rect { height: 1, ..inner },
    );
    let refusal = refusal_lines(prompt, inner.width, theme);
    if !refusal.is_empty() {
        let height = (refusal.len() as u16).min(inner.height.saturating_sub(1));
        f.render_widget(
            Paragraph::new(refusal),
            Rect {
                y: inner.y + 1,
                height,
                ..inner
            },
        );
    }
    f.set_cursor_position(Position::new(
        inner.x + (label.len() + input.visual_cursor().saturating_sub(scroll)).min(w.saturating_sub(1)) as u16,
        inner.y,
    ));
}

/// Why Enter was refused, wrapped whole to `width` (a path is never
/// broken), for the lines under the prompt.
fn refusal_lines(prompt: &Prompt, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    match &prompt.error {
        Some(e) => super::wrap::wrap(Line::styled(e.clone(), theme.error()), width as usize),
        None => Vec::new(),
    }
}

/// The rows under a prompt: where a list goes, below the prompt and its
/// error line.
fn below_prompt(inner: Rect, prompt: &Prompt) -> Rect {
    let skip = 2 + refusal_lines(prompt, inner.width, &Theme { color: false }).len() as u16;
    Rect {
        y: inner.y + skip.min(inner.height),
        height: inner.height.saturating_sub(skip),
        ..inner
    }
}

fn choice_line(text: String, chosen: bool, theme: &Theme) -> Line<'static> {
    if chosen {
        Line::styled(text, theme.selected())
    } else {
        Line::raw(text)
    }
}

pub fn draw_open(f: &mut Frame, _model: &Model, o: &OpenPicker, theme: &Theme) {
    let area = popup(f.area(), Mode::Open);
    let inner = frame(
        f,
        area,
        " Open a dataset ".into(),
        " ↑↓ choose · type a path · Tab completes · Enter opens · Esc cancels ".into(),
        theme,
    );
    if inner.height < 2 {
        return;
    }
    let w = inner.width as usize;
    path_line(f, inner, "Path: ", &o.path, theme);
    let list_area = below_prompt(inner, &o.path);
    let lines: Vec<Line> = if !o.matches.is_empty() {
        let mut v = vec![Line::styled(
            format!(
                "{}; type more and press Tab:",
                crate::text::count(o.matches.len(), "match", "matches")
            ),
            theme.dim(),
        )];
        v.extend(o.matches.iter().map(|m| Line::raw(fit(&format!("  {m}"), w))));
        v
    } else {
        let height = list_area.height as usize;
        let start = o.cursor.selected.saturating_sub(height.saturating_sub(1));
        o.choices
            .iter()
            .enumerate()
            .skip(start)
            .map(|(i, c)| {
                let chosen = i == o.cursor.selected && o.path.value().is_empty();
                let now = if c.open_now { "  (open now)" } else { "" };
                choice_line(
                    fit(&format!("{}{}{now}", if chosen { "▶ " } else { "  " }, c.label), w),
                    chosen,
                    theme,
                )
            })
            .collect()
    };
    f.render_widget(Paragraph::new(lines), list_area);
}

pub fn draw_export(f: &mut Frame, model: &Model, e: &ExportPicker, theme: &Theme) {
    use crate::export::ExportFormat;
    let area = popup(f.area(), Mode::Export);
    let title = format!(
        " Export {} ",
        crate::text::of_events(model.rows.len(), model.dataset().events.len())
    );
    let footer = if e.confirm {
        " Enter replaces the file · Esc cancels ".to_string()
    } else {
        " ↑↓ format · type a path · Tab completes · Enter writes · Esc cancels ".to_string()
    };
    let inner = frame(f, area, title, footer, theme);
    if inner.height < 2 {
        return;
    }
    let w = inner.width as usize;
    path_line(f, inner, "Write to: ", &e.path, theme);
    let list_area = below_prompt(inner, &e.path);
    let mut lines: Vec<Line> = ExportFormat::ALL
        .iter()
        .enumerate()
        .map(|(i, fmt)| {
            let chosen = i == e.format.selected;
            let text = fit(
                &format!("{}{:<11} {}", if chosen { "▶ " } else { "  " }, fmt.name(), fmt.purpose()),
                w,
            );
            choice_line(text, chosen, theme)
        })
        .collect();
    if !e.folder.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            fit(&format!("A file name without a folder is written in {}", e.folder), w),
            theme.dim(),
        ));
    }
    f.render_widget(Paragraph::new(lines), list_area);
}

pub fn draw_filters(f: &mut Frame, m: &FilterMenu, total: usize, theme: &Theme) {
    let area = popup(f.area(), Mode::Filter);
    let inner = frame(
        f,
        area,
        " Filters ".into(),
        " j/k row · h/l value · Enter applies · Esc cancels ".into(),
        theme,
    );
    let w = inner.width as usize;
    let lines: Vec<Line> = m
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let chosen = i == m.selected;
            let value = &r.choices[r.chosen].0;
            let text = if r.choices.len() == 1 {
                format!("{}{:<20}   (none in this dataset)", if chosen { "▶ " } else { "  " }, r.name)
            } else {
                format!("{}{:<20} ◀ {value} ▶", if chosen { "▶ " } else { "  " }, r.name)
            };
            let text = fit(&text, w);
            if chosen {
                Line::styled(text, theme.selected())
            } else if r.chosen > 0 {
                Line::styled(text, theme.matched())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    let mut lines = lines;
    lines.push(Line::raw(""));
    lines.push(match (m.count, m.is_counting()) {
        (Some(n), false) => Line::styled(
            fit(&format!("Enter shows {}", crate::text::of_events(n, total)), w),
            if n == 0 { theme.error() } else { ratatui::style::Style::new() },
        ),
        _ => Line::styled(
            fit(&format!("counting… (of {})", crate::text::count(total, "event", "events")), w),
            theme.dim(),
        ),
    });
    f.render_widget(Paragraph::new(lines), inner);
}

pub fn draw_error(f: &mut Frame, model: &Model, err: &ErrorView, theme: &Theme) {
    let area = popup(f.area(), Mode::Error);
    let n = err.problems.iter().filter(|d| d.is_error()).count();
    let footer = match &model.dataset().origin {
        crate::model::Origin::Nothing => " Esc closes · o opens another · j/k scroll ".to_string(),
        _ => {
            // The footer names the dataset still open; its title gives way so the keys stay.
            let keys = " Esc: back to  (still open) · j/k scroll ".chars().count();
            let room = (area.width as usize).saturating_sub(keys + 4).max(8);
            format!(" Esc: back to {} (still open) · j/k scroll ", fit(&model.dataset().title, room))
        }
    };
    let inner = frame(f, area, format!(" {} ", err.what), footer, theme);
    let mut lines = vec![Line::styled(
        format!("{} found; nothing was changed.", crate::text::count(n, "problem", "problems")),
        theme.error(),
    )];
    if err.retry.is_some() {
        lines.push(Line::styled(
            "itx watches the file: save it without these errors and it opens.",
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    for d in err.problems.iter().skip(err.scroll.offset) {
        let style = if d.is_error() { ratatui::style::Style::new() } else { theme.dim() };
        lines.push(Line::styled(limited(&d.to_string()), style));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The form for a new event, source or actor: a line per field, the
/// focused one editable with its hint beneath, and why Enter was refused.
pub fn draw_add(f: &mut Frame, form: &AddForm, theme: &Theme) {
    let area = popup(f.area(), Mode::Add);
    let footer = if form.writing {
        " writing… ".to_string()
    } else {
        " ↑↓ field · Tab completes · Enter adds · Esc cancels ".to_string()
    };
    let inner = frame(
        f,
        area,
        format!(
            " Add {} ",
            match form.kind.name() {
                n @ ("event" | "actor") => format!("an {n}"),
                n => format!("a {n}"),
            }
        ),
        footer,
        theme,
    );
    let label_w = form.fields.iter().map(|x| x.label.len()).max().unwrap_or(4) + 2;
    let w = inner.width as usize;
    let mut cursor = None;
    let mut lines: Vec<Line> = Vec::new();
    for (k, field) in form.fields.iter().enumerate() {
        let focused = k == form.focus;
        let input = field.prompt.input();
        let room = w.saturating_sub(label_w + 2).max(1);
        let scroll = input.visual_scroll(room);
        let shown: String = input.value().chars().skip(scroll).collect();
        let style = if focused && field.prompt.is_fresh() {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}{:<label_w$}", if focused { "▶ " } else { "  " }, field.label),
                theme.accent(),
            ),
            Span::styled(fit(&shown, room), style),
        ]));
        if focused {
            cursor = Some((lines.len() - 1, 2 + label_w + input.visual_cursor().saturating_sub(scroll)));
            let hint = if form.matches.is_empty() {
                field.hint.to_string()
            } else {
                format!("matches: {}", form.matches.join(", "))
            };
            let hint = Line::styled(format!("{:label_w$}  {hint}", ""), theme.dim());
            lines.extend(super::wrap::wrap(hint, w));
        }
    }
    if let Some(e) = &form.error {
        lines.push(Line::raw(""));
        lines.extend(super::wrap::wrap(Line::styled(e.clone(), theme.error()), w));
    }
    f.render_widget(Paragraph::new(lines), inner);
    if let Some((row, col)) = cursor {
        f.set_cursor_position(Position::new(
            inner.x + (col as u16).min(inner.width.saturating_sub(1)),
            inner.y + row as u16,
        ));
    }
}

/// The ATT&CK matrix: a column per tactic reached, techniques under it
/// with their counts, scrolled sideways to keep the selected one in view.
pub fn draw_matrix(f: &mut Frame, m: &Matrix, theme: &Theme) {
    use crate::model::attack;
    use crate::model::attack::tactic_name;
    let area = popup(f.area(), Mode::Matrix);
    let title = format!(
        " ATT&CK · {} of {} ",
        crate::text::count(m.with_techniques, "event", "events"),
        crate::text::count(m.shown, "shown", "shown"),
    );
    let inner = frame(
        f,
        area,
        title,
        " h/l tactic · j/k technique · Enter shows its events · Esc closes ".into(),
        theme,
    );
    if m.columns.is_empty() {
        let msg = "No event shown names an ATT&CK technique. Events take them as `techniques: [T1566.001]`; \
                   a search or filter that hides them hides them here too.";
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }).style(theme.dim()), inner);
        return;
    }
    let w = inner.width as usize;
    let col_w = (w / m.columns.len()).max(20).min(w);
    let fit_n = (w / col_w).max(1);
    let first = m.col.saturating_sub(fit_n - 1);
    let h = inner.height as usize;
    for (k, c) in m.columns.iter().enumerate().skip(first).take(fit_n) {
        let x = inner.x + ((k - first) * col_w) as u16;
        let rect = Rect::new(x, inner.y, (col_w as u16).min(inner.right() - x), inner.height);
        let cw = col_w.saturating_sub(1);
        let mut lines = vec![
            Line::styled(fit(&tactic_name(c.tactic), cw), theme.bold()),
            Line::styled("─".repeat(cw), theme.dim()),
        ];
        // Two lines a technique (its id and count, then its name), scrolled
        // so the selected one stays in view.
        let room = (h.saturating_sub(2) / 2).max(1);
        let skip = if k == m.col { m.row.saturating_sub(room - 1) } else { 0 };
        for (r, &(t, n)) in c.techniques.iter().enumerate().skip(skip).take(room) {
            let t = attack::get(t);
            let count = crate::text::count(n, "event", "events");
            let head = format!("{}{count}", crate::text::pad(t.id, cw.saturating_sub(count.len())));
            let name = crate::text::pad(&format!("  {}", t.name), cw);
            let style = if k == m.col && r == m.row {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::styled(head, style.patch(theme.accent())));
            lines.push(Line::styled(name, style));
        }
        f.render_widget(Paragraph::new(lines), rect);
    }
}

/// A source in full: what it is, how far to trust it, where it is, and
/// the events it backs.
pub fn draw_source(f: &mut Frame, model: &Model, v: &SourceView, theme: &Theme) {
    let ds = model.dataset();
    let s = ds.source(v.source);
    let area = popup(f.area(), Mode::Source);
    let footer = " j/k event · Enter goes to it · x opens · y copies · Tab next source · Esc closes ".to_string();
    let inner = frame(f, area, format!(" {} ", s.id), footer, theme);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = vec![Line::styled(s.title.clone(), theme.bold())];
    let mut facts = Vec::new();
    if let Some(p) = &s.publisher {
        facts.push(p.clone());
    }
    if let Some(d) = s.published {
        facts.push(format!("published {d}"));
    }
    lines.push(Line::styled(facts.join(" · "), theme.dim()));
    lines.push(match s.reliability {
        Some(r) => Line::raw(format!("Reliability {r}: {}", r.meaning())),
        None => Line::styled("Reliability not rated", theme.dim()),
    });
    let mut url_line = None;
    match &s.url {
        Some(u) if crate::model::is_web_link(u) => {
            url_line = Some(lines.len());
            lines.push(Line::styled(u.clone(), theme.accent()));
        }
        Some(u) => lines.push(Line::styled(format!("{u} (not a web address: not linked)"), theme.dim())),
        None => lines.push(Line::styled("No address", theme.dim())),
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("Backs {}", crate::text::count(v.events.len(), "event", "events")),
        theme.bold(),
    ));
    let header = lines.len();
    let room = (inner.height as usize).saturating_sub(header).max(1);
    let skip = v.cursor.selected.saturating_sub(room - 1);
    for (k, &i) in v.events.iter().enumerate().skip(skip).take(room) {
        let e = &ds.events[i];
        let text = fit(
            &format!(
                "{}{}  {}",
                if k == v.cursor.selected { "▶ " } else { "  " },
                model.date_label(e),
                e.title
            ),
            w,
        );
        lines.push(if k == v.cursor.selected {
            Line::styled(text, theme.selected())
        } else {
            Line::raw(text)
        });
    }
    let lines = wrapped(lines, inner.width);
    if let (Some(k), Some(u)) = (url_line, &s.url) {
        // The address as a link, when the title above it took one line.
        let y = inner.y + k as u16;
        if k < lines.len() && y < inner.bottom() && crate::text::width(&s.title) <= w {
            model.links.borrow_mut().push(crate::app::model::DrawnLink {
                x: inner.x,
                y,
                text: fit(u, w),
                url: u.clone(),
            });
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// Stacking: first what to stack, then its values among the events shown,
/// most frequent first, each with its count, its share and a bar.
pub fn draw_stack(f: &mut Frame, ds: &crate::model::Dataset, s: &crate::app::overlay::stack::Stack, theme: &Theme) {
    use crate::text::{count, pad, thousands, width};
    let area = popup(f.area(), Mode::Stack);
    let (title, footer) = match s.chosen {
        None if s.narrow.is_typing() => (
            format!(" Stack · {} shown ", count(s.shown, "event", "events")),
            " type to narrow · ↑/↓ choose · Enter stacks it · Esc all again ".to_string(),
        ),
        None => (
            format!(" Stack · {} shown ", count(s.shown, "event", "events")),
            " j/k choose · / narrow · Enter stacks it · Esc closes ".to_string(),
        ),
        Some(d) => (
            format!(" Stack · {} over {} ", d.name(ds), count(s.shown, "event", "events")),
            " Enter keeps only this value · ! leaves it out · ⌫ back · Esc closes ".to_string(),
        ),
    };
    let inner = frame(f, area, title, footer, theme);
    let w = inner.width as usize;
    let h = inner.height as usize;
    let mut lines: Vec<Line> = Vec::with_capacity(h);
    if let Some(d) = s.counting {
        let text = format!("counting {} over {}…", d.name(ds), count(s.shown, "event", "events"));
        f.render_widget(Paragraph::new(text).style(theme.dim()), inner);
        return;
    }
    let Some(_) = s.chosen else {
        if s.dims.is_empty() {
            f.render_widget(
                Paragraph::new("The events have no fields, actors, tags, phases or sources to stack.").style(theme.dim()),
                inner,
            );
            return;
        }
        let kept = s.kept();
        let names: Vec<String> = kept.iter().map(|&i| s.names[i].clone()).collect();
        draw_narrowed(f, inner, &s.narrow, &names, s.dim_cursor, theme);
        return;
    };
    // A line of what was counted, then the values.
    let mut summary = format!("{} distinct", thousands(s.distinct));
    if s.distinct > s.values.len() {
        summary.push_str(&format!(", the {} most frequent listed", thousands(s.values.len())));
    }
    if s.without > 0 {
        summary.push_str(&format!("; {} without one", count(s.without, "event", "events")));
    }
    lines.push(Line::styled(fit(&summary, w), theme.dim()));
    if s.values.is_empty() {
        f.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let room = h.saturating_sub(1).max(1);
    let mut cursor = s.cursor;
    cursor.keep_visible_rows(s.values.len(), room);
    let top = s.values[0].count.max(1);
    let count_w = thousands(top).len();
    // Value, count, share and a bar: the bar takes what the value leaves.
    let bar_w = (w / 4).clamp(4, 30);
    let value_w = w.saturating_sub(2 + count_w + 2 + 6 + 1 + bar_w);
    for (k, v) in s.values.iter().enumerate().skip(cursor.offset).take(room) {
        let share = v.count as f64 * 100.0 / s.shown.max(1) as f64;
        let share = if share < 0.1 {
            " <0.1%".to_string()
        } else {
            format!("{share:>5.1}%")
        };
        let value = if v.text.is_empty() { "(empty)".to_string() } else { v.text.clone() };
        let value = crate::store::clean::clean_line(&value);
        let head = format!(
            "{}{}  {:>count_w$} {share} ",
            if k == cursor.selected { "▶ " } else { "  " },
            pad(&fit(&value, value_w), value_w),
            thousands(v.count),
        );
        let style = if k == cursor.selected {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        let rest = w.saturating_sub(width(&head));
        let bar = "█".repeat((v.count * rest / top).max(1).min(rest));
        lines.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(pad(&bar, rest), style.patch(theme.accent())),
        ]));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// The fields, the ones shown as columns first and ticked.
pub fn draw_columns(f: &mut Frame, c: &crate::app::overlay::columns::ColumnPicker, theme: &Theme) {
    let area = popup(f.area(), Mode::Columns);
    let title = format!(" Columns · {} of {} fields shown ", c.shown, c.names.len());
    let footer = if c.narrow.is_typing() {
        " type to narrow · ↑/↓ choose · Enter shows/hides · Esc all again "
    } else {
        " Space shows/hides · J/K move · / narrow · Esc closes "
    };
    let inner = frame(f, area, title, footer.into(), theme);
    let names: Vec<String> = c
        .kept()
        .into_iter()
        .map(|i| format!("{} {}", if i < c.shown { "[x]" } else { "[ ]" }, c.names[i]))
        .collect();
    draw_narrowed(f, inner, &c.narrow, &names, c.cursor, theme);
}

/// A list of names a picker keeps (see `overlay::narrow`), the selected
/// one marked; above it, while narrowed, the text typed.
fn draw_narrowed(
    f: &mut Frame,
    inner: Rect,
    narrow: &crate::app::overlay::narrow::Narrow,
    names: &[String],
    mut cursor: crate::app::cursor::ListCursor,
    theme: &Theme,
) {
    let (w, mut area) = (inner.width as usize, inner);
    if narrow.shows_line() {
        let line = if narrow.is_typing() {
            Line::from(vec![Span::styled("/ ", theme.accent()), Span::raw(narrow.text().to_string())])
        } else {
            Line::styled(
                fit(&format!("only names with “{}” · / changes it · Esc shows all", narrow.text()), w),
                theme.dim(),
            )
        };
        f.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        if narrow.is_typing() {
            let at = 2 + narrow.prompt().input().visual_cursor();
            f.set_cursor_position(Position::new(inner.x + at.min(w.saturating_sub(1)) as u16, inner.y));
        }
        area.y += 1;
        area.height = area.height.saturating_sub(1);
    }
    if names.is_empty() {
        let why = format!("No name has “{}”. Esc shows them all.", narrow.text());
        f.render_widget(Paragraph::new(fit(&why, w)).style(theme.dim()), area);
        return;
    }
    let h = area.height as usize;
    cursor.keep_visible_rows(names.len(), h);
    let lines: Vec<Line> = names
        .iter()
        .enumerate()
        .skip(cursor.offset)
        .take(h)
        .map(|(k, name)| {
            let text = fit(&format!("{}{name}", if k == cursor.selected { "▶ " } else { "  " }), w);
            if k == cursor.selected {
                Line::styled(crate::text::pad(&text, w), theme.selected())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}

/// The event in context: its neighbours in the whole timeline, the
/// search's matches marked `●` and the rest dimmed, the event itself bold.
pub fn draw_context(f: &mut Frame, model: &Model, c: &crate::app::overlay::context::Context, theme: &Theme) {
    let ds = model.dataset();
    let area = popup(f.area(), Mode::Context);
    let range = c.range(ds);
    let title = format!(
        " Context · {} · {} ",
        c.around.describe(),
        crate::text::count(range.len(), "event", "events")
    );
    let footer = if c.filtered {
        " ● the search matches · +/- wider/narrower · t events/time · Enter goes to it · Esc closes "
    } else {
        " +/- wider/narrower · t events/time · Enter goes to it · Esc closes "
    };
    let inner = frame(f, area, title, footer.into(), theme);
    let (w, h) = (inner.width as usize, inner.height as usize);
    let mut cursor = c.cursor;
    cursor.keep_in_context(range.len(), h, 3, |from, to| to - from);
    let lines: Vec<Line> = range
        .clone()
        .enumerate()
        .skip(cursor.offset)
        .take(h)
        .map(|(k, i)| {
            let e = &ds.events[i];
            let matched = c.matched(i);
            let mark = if c.filtered && matched { '●' } else { ' ' };
            let text = format!(
                "{}{mark} {}  {}",
                if k == cursor.selected { "▶ " } else { "  " },
                model.date_label(e),
                e.title
            );
            let style = if k == cursor.selected {
                theme.selected()
            } else if i == c.center {
                theme.bold()
            } else if !matched {
                theme.dim()
            } else {
                ratatui::style::Style::new()
            };
            Line::styled(crate::text::pad(&fit(&text, w), w), style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
