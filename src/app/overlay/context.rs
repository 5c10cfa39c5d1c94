//! Context (`i`): the selected event among its neighbours in the whole
//! timeline, whatever the search and filters hide, with the events they
//! match still marked (lnav's filter context, Timesketch's context
//! search). The neighbourhood is a number of events either side or a
//! time window either side, widened and narrowed with `+` and `-`; Enter
//! goes to the event under the cursor in the timeline.

use super::{Cmd, Reply};
use crate::app::cursor::ListCursor;
use crate::app::keymap::{bind, code, k, Action, Binding};
use crate::model::Dataset;
use crossterm::event::KeyCode;

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "next event", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "previous event", ""),
    bind(&[k('+'), k('=')], "+", Action::ZoomOut, "more around it", "wider"),
    bind(&[k('-')], "-", Action::ZoomIn, "less around it", "narrower"),
    bind(&[k('t')], "t", Action::Times, "around it by events / by time", "events/time"),
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "go to the event in the timeline (the search and filters cleared if they hide it)",
        "go to",
    ),
    bind(&[code(KeyCode::Esc), k('q')], "Esc q", Action::Back, "close", "close"),
    bind(&[k('?')], "?", Action::Help, "help for this screen", "help"),
];

/// Events either side, as the reader widens and narrows them.
const ROWS: [usize; 6] = [5, 10, 25, 50, 100, 250];
/// Seconds either side.
const WINDOWS: [i64; 7] = [1, 10, 60, 600, 3600, 86_400, 7 * 86_400];
/// At most this many events either side, however wide the window: a
/// second of a busy log can hold thousands.
const MOST: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Around {
    /// `ROWS[n]` events either side.
    Rows(usize),
    /// `WINDOWS[n]` seconds either side.
    Time(usize),
}

impl Around {
    pub fn describe(self) -> String {
        match self {
            Around::Rows(n) => format!("{} events either side", ROWS[n]),
            Around::Time(n) => {
                let s = WINDOWS[n];
                let text = match s {
                    s if s % 86_400 == 0 => crate::text::count((s / 86_400) as usize, "day", "days"),
                    s if s % 3600 == 0 => crate::text::count((s / 3600) as usize, "hour", "hours"),
                    s if s % 60 == 0 => crate::text::count((s / 60) as usize, "minute", "minutes"),
                    s => crate::text::count(s as usize, "second", "seconds"),
                };
                format!("{text} either side")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The event looked at, an index into the dataset's events.
    pub center: usize,
    pub around: Around,
    /// The events the search and filters show, sorted, to mark them.
    pub shown: std::sync::Arc<Vec<u32>>,
    /// Whether a search or filter is on (else every event is shown and
    /// nothing needs marking).
    pub filtered: bool,
    pub cursor: ListCursor,
}

impl Context {
    pub fn new(center: usize, mut shown: Vec<u32>, filtered: bool, ds: &Dataset) -> Context {
        shown.sort_unstable();
        let mut c = Context {
            center,
            around: Around::Rows(1),
            shown: std::sync::Arc::new(shown),
            filtered,
            cursor: ListCursor::default(),
        };
        c.cursor.selected = center - c.range(ds).start;
        c
    }

    /// The events shown around the centre, by index (the dataset's
    /// events are in timeline order).
    pub fn range(&self, ds: &Dataset) -> std::ops::Range<usize> {
        let n = ds.events.len();
        let (from, to) = match self.around {
            Around::Rows(k) => (self.center.saturating_sub(ROWS[k]), self.center + ROWS[k] + 1),
            Around::Time(k) => {
                let at = ds.events[self.center].date.start_nanos();
                let w = WINDOWS[k] as i128 * 1_000_000_000;
                let from = ds.events[..self.center].partition_point(|e| e.date.start_nanos() < at - w);
                let to = self.center + ds.events[self.center..].partition_point(|e| e.date.start_nanos() <= at + w);
                (from.max(self.center.saturating_sub(MOST)), to.min(self.center + MOST + 1))
            }
        };
        from..to.min(n)
    }

    /// Whether the search and filters show event `i`.
    pub fn matched(&self, i: usize) -> bool {
        !self.filtered || self.shown.binary_search(&(i as u32)).is_ok()
    }

    pub fn key(&mut self, action: Option<Action>, ds: &Dataset, page: usize) -> Reply {
        let before = self.range(ds);
        let at = before.start + self.cursor.selected;
        let reframe = |c: &mut Context, around: Around| {
            c.around = around;
            let r = c.range(ds);
            c.cursor.selected = at.clamp(r.start, r.end - 1) - r.start;
        };
        match action {
            Some(Action::ZoomOut) => match self.around {
                Around::Rows(k) => reframe(self, Around::Rows((k + 1).min(ROWS.len() - 1))),
                Around::Time(k) => reframe(self, Around::Time((k + 1).min(WINDOWS.len() - 1))),
            },
            Some(Action::ZoomIn) => match self.around {
                Around::Rows(k) => reframe(self, Around::Rows(k.saturating_sub(1))),
                Around::Time(k) => reframe(self, Around::Time(k.saturating_sub(1))),
            },
            Some(Action::Times) => match self.around {
                Around::Rows(_) => reframe(self, Around::Time(2)),
                Around::Time(_) => reframe(self, Around::Rows(1)),
            },
            Some(Action::Enter) => return Reply::CloseAndRun(Cmd::GoToEvent(at)),
            Some(Action::Back) => return Reply::Close,
            Some(a) if self.cursor.list_key(a, before.len(), page) => {}
            _ => return Reply::Ignored,
        }
        Reply::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds() -> Dataset {
        crate::store::load("uk-electoral-commission").unwrap().dataset
    }

    #[test]
    fn the_event_is_seen_among_its_neighbours_with_the_matches_marked() {
        let ds = ds();
        let c = Context::new(15, vec![20, 3, 15], true, &ds);
        assert_eq!(c.range(&ds), 5..26, "ten either side");
        assert_eq!(c.cursor.selected, 10, "the cursor on the event itself");
        assert!(c.matched(20) && c.matched(3) && !c.matched(16));
        let all = Context::new(0, Vec::new(), false, &ds);
        assert_eq!(all.range(&ds), 0..11, "none before the first");
        assert!(all.matched(7), "unfiltered, every event is a match");
    }

    #[test]
    fn plus_minus_and_t_change_what_is_around_and_keep_the_cursor_on_its_event() {
        let ds = ds();
        let mut c = Context::new(15, Vec::new(), false, &ds);
        c.key(Some(Action::Down), &ds, 10);
        let at = c.range(&ds).start + c.cursor.selected;
        assert_eq!(at, 16);
        c.key(Some(Action::ZoomIn), &ds, 10);
        assert_eq!(c.range(&ds), 10..21);
        assert_eq!(c.range(&ds).start + c.cursor.selected, 16, "still on the same event");
        c.key(Some(Action::Times), &ds, 10);
        assert_eq!(c.around.describe(), "1 minute either side");
        let r = c.range(&ds);
        let t = ds.events[15].date.start_nanos();
        assert!(r.contains(&15));
        assert!(ds.events[r.clone()]
            .iter()
            .all(|e| (e.date.start_nanos() - t).abs() <= 60_000_000_000));
        for _ in 0..10 {
            c.key(Some(Action::ZoomOut), &ds, 10);
        }
        assert_eq!(c.around.describe(), "7 days either side");
        let windows: Vec<String> = (0..WINDOWS.len()).map(|k| Around::Time(k).describe()).collect();
        assert_eq!(
            windows,
            ["1 second", "10 seconds", "1 minute", "10 minutes", "1 hour", "1 day", "7 days"].map(|w| format!("{w} either side"))
        );
        assert_eq!(
            c.key(Some(Action::Enter), &ds, 10),
            Reply::CloseAndRun(Cmd::GoToEvent(c.range(&ds).start + c.cursor.selected))
        );
    }

    #[test]
    fn a_time_window_takes_the_events_within_it_edges_included() {
        // Events ten seconds apart.
        let mut ds = ds();
        for (i, e) in ds.events.iter_mut().enumerate() {
            e.date = crate::model::PartialDate::instant(1_700_000_000 + 10 * i as i64, 0, crate::model::Precision::Second).unwrap();
            e.set_end(None);
        }
        let mut c = Context::new(15, Vec::new(), false, &ds);
        c.around = Around::Time(2);
        assert_eq!(
            c.range(&ds),
            9..22,
            "a minute either side: six events each way, the one 60 s off included"
        );
        c.around = Around::Time(1);
        assert_eq!(c.range(&ds), 14..17, "ten seconds either side");
        c.around = Around::Time(0);
        assert_eq!(c.range(&ds), 15..16, "a second: the event alone");
    }

    #[test]
    fn narrowing_past_the_event_under_the_cursor_keeps_the_cursor_at_the_edge() {
        let ds = ds();
        let mut c = Context::new(15, Vec::new(), false, &ds);
        for _ in 0..9 {
            c.key(Some(Action::Down), &ds, 10);
        }
        assert_eq!(c.range(&ds).start + c.cursor.selected, 24);
        c.key(Some(Action::ZoomIn), &ds, 10);
        assert_eq!(c.range(&ds), 10..21);
        assert_eq!(c.range(&ds).start + c.cursor.selected, 20, "the last event still shown");
        // Widening by events, up to its widest and no further.
        c.key(Some(Action::ZoomOut), &ds, 10);
        assert_eq!(c.around.describe(), "10 events either side");
        for _ in 0..10 {
            c.key(Some(Action::ZoomOut), &ds, 10);
        }
        assert_eq!(c.around.describe(), "250 events either side");
        assert_eq!(c.range(&ds), 0..ds.events.len());
    }
}
