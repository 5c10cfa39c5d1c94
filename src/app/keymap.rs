//! The one key table: it handles input, and the help screen and the footer
//! hints are generated from it, so they cannot drift apart.

use super::model::Mode;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    FocusNext,
    FocusPrev,
    Enter,
    Back,
    Search,
    NextMatch,
    PrevMatch,
    ToggleRanked,
    ToggleAllActors,
    Open,
    Reload,
    Help,
    Quit,
    CompletePath,
    Export,
    NextMilestone,
    PrevMilestone,
    LaterKnowledge,
    EarlierKnowledge,
    AsOfDate,
    LaterPeriod,
    EarlierPeriod,
    ZoomIn,
    ZoomOut,
    NextPeriod,
    PrevPeriod,
    Star,
    Annotate,
    StarredOnly,
    Filters,
    NextDataset,
    NextValue,
    PrevValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    /// How the keys are written in help and hints.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status line's short hints when not empty.
    pub hint: &'static str,
}

use Mode::*;
const LISTS: &[Mode] = &[Browse];
const MOVE: &[Mode] = &[Browse, Detail, Error, Help];

pub const BINDINGS: &[Binding] = &[
    Binding {
        modes: MOVE,
        keys: &[k('j'), code(KeyCode::Down)],
        label: "j ↓",
        action: Action::Down,
        help: "move down (scroll in overlays)",
        hint: "",
    },
    Binding {
        modes: MOVE,
        keys: &[k('k'), code(KeyCode::Up)],
        label: "k ↑",
        action: Action::Up,
        help: "move up",
        hint: "",
    },
    Binding {
        modes: &[Search, Open, Export, Filter],
        keys: &[code(KeyCode::Down), ctrl('n')],
        label: "↓ C-n",
        action: Action::Down,
        help: "next result",
        hint: "",
    },
    Binding {
        modes: &[Search, Open, Export, Filter],
        keys: &[code(KeyCode::Up), ctrl('p')],
        label: "↑ C-p",
        action: Action::Up,
        help: "previous result",
        hint: "",
    },
    Binding {
        modes: MOVE,
        keys: &[code(KeyCode::PageDown), ctrl('d')],
        label: "PgDn C-d",
        action: Action::PageDown,
        help: "page down",
        hint: "",
    },
    Binding {
        modes: MOVE,
        keys: &[code(KeyCode::PageUp), ctrl('u')],
        label: "PgUp C-u",
        action: Action::PageUp,
        help: "page up",
        hint: "",
    },
    Binding {
        modes: &[Browse, Detail, Error],
        keys: &[k('g'), code(KeyCode::Home)],
        label: "g Home",
        action: Action::Top,
        help: "first",
        hint: "",
    },
    Binding {
        modes: &[Browse, Detail, Error],
        keys: &[k('G'), code(KeyCode::End)],
        label: "G End",
        action: Action::Bottom,
        help: "last",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[code(KeyCode::Tab)],
        label: "Tab",
        action: Action::FocusNext,
        help: "next pane (timeline, actors, sources)",
        hint: "pane",
    },
    Binding {
        modes: LISTS,
        keys: &[code(KeyCode::BackTab)],
        label: "S-Tab",
        action: Action::FocusPrev,
        help: "previous pane",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Enter,
        help: "event: details; actor or source: show only its events",
        hint: "open",
    },
    Binding {
        modes: &[Search],
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Enter,
        help: "keep the search as a filter",
        hint: "keep",
    },
    Binding {
        modes: &[Open],
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Enter,
        help: "open the typed path, or the chosen dataset",
        hint: "open",
    },
    Binding {
        modes: &[Export],
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Enter,
        help: "write the events shown in the chosen format",
        hint: "write",
    },
    Binding {
        modes: &[Open, Export],
        keys: &[code(KeyCode::Tab)],
        label: "Tab",
        action: Action::CompletePath,
        help: "complete the typed path",
        hint: "complete",
    },
    Binding {
        modes: LISTS,
        keys: &[k('/')],
        label: "/",
        action: Action::Search,
        help: "search (see the query language below)",
        hint: "search",
    },
    Binding {
        modes: LISTS,
        keys: &[k('n')],
        label: "n",
        action: Action::NextMatch,
        help: "next search match",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('N')],
        label: "N",
        action: Action::PrevMatch,
        help: "previous search match",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('s')],
        label: "s",
        action: Action::ToggleRanked,
        help: "search results: time order / best match first",
        hint: "",
    },
    Binding {
        modes: &[Search],
        keys: &[ctrl('s')],
        label: "C-s",
        action: Action::ToggleRanked,
        help: "time order / best match first",
        hint: "rank",
    },
    Binding {
        modes: LISTS,
        keys: &[k('m')],
        label: "m",
        action: Action::NextMilestone,
        help: "next milestone event (compromise, discovery, disclosure, attribution)",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('M')],
        label: "M",
        action: Action::PrevMilestone,
        help: "previous milestone event",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k(']')],
        label: "]",
        action: Action::LaterKnowledge,
        help: "knowledge cursor: to the next date something became public",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('[')],
        label: "[",
        action: Action::EarlierKnowledge,
        help: "knowledge cursor: to the previous date something became public",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('>')],
        label: ">",
        action: Action::LaterPeriod,
        help: "knowledge cursor: one period of the density strip later",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('<')],
        label: "<",
        action: Action::EarlierPeriod,
        help: "knowledge cursor: one period of the density strip earlier",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('@')],
        label: "@",
        action: Action::AsOfDate,
        help: "show the timeline as the public knew it on a date you type",
        hint: "",
    },
    Binding {
        modes: &[AsOf],
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Enter,
        help: "set the date (empty: everything)",
        hint: "set",
    },
    Binding {
        modes: &[AsOf],
        keys: &[code(KeyCode::Esc)],
        label: "Esc",
        action: Action::Back,
        help: "keep the date as it was",
        hint: "cancel",
    },
    Binding {
        modes: LISTS,
        keys: &[k('+')],
        label: "+",
        action: Action::ZoomIn,
        help: "density strip: finer periods (year, quarter, month, week, day)",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('-')],
        label: "-",
        action: Action::ZoomOut,
        help: "density strip: coarser periods",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('}')],
        label: "}",
        action: Action::NextPeriod,
        help: "to the next period of the strip that has events",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('{')],
        label: "{",
        action: Action::PrevPeriod,
        help: "to the previous period of the strip that has events",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('*')],
        label: "*",
        action: Action::Star,
        help: "star or unstar the selected event (kept beside the dataset)",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('c')],
        label: "c",
        action: Action::Annotate,
        help: "write a note on the selected event",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('S')],
        label: "S",
        action: Action::StarredOnly,
        help: "show starred events only / all",
        hint: "",
    },
    Binding {
        modes: &[Note],
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Enter,
        help: "save the note (empty: remove it)",
        hint: "save",
    },
    Binding {
        modes: &[Note],
        keys: &[code(KeyCode::Esc)],
        label: "Esc",
        action: Action::Back,
        help: "leave the note as it was",
        hint: "cancel",
    },
    Binding {
        modes: LISTS,
        keys: &[k('f')],
        label: "f",
        action: Action::Filters,
        help: "filter menu: phase, confidence, reliability, tag, actor, years",
        hint: "",
    },
    Binding {
        modes: &[Filter],
        keys: &[code(KeyCode::Right), k('l')],
        label: "→ l",
        action: Action::NextValue,
        help: "next value",
        hint: "change",
    },
    Binding {
        modes: &[Filter],
        keys: &[code(KeyCode::Left), k('h')],
        label: "← h",
        action: Action::PrevValue,
        help: "previous value",
        hint: "",
    },
    Binding {
        modes: &[Filter],
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Enter,
        help: "apply the filters (they join the search)",
        hint: "apply",
    },
    Binding {
        modes: &[Filter],
        keys: &[code(KeyCode::Esc)],
        label: "Esc",
        action: Action::Back,
        help: "leave the filters as they were",
        hint: "cancel",
    },
    Binding {
        modes: LISTS,
        keys: &[k('D')],
        label: "D",
        action: Action::NextDataset,
        help: "next open dataset (several on the command line; the merged view last)",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('a')],
        label: "a",
        action: Action::ToggleAllActors,
        help: "actors pane: this event's actors / all actors",
        hint: "",
    },
    Binding {
        modes: LISTS,
        keys: &[k('o')],
        label: "o",
        action: Action::Open,
        help: "open another dataset",
        hint: "datasets",
    },
    Binding {
        modes: LISTS,
        keys: &[k('r')],
        label: "r",
        action: Action::Reload,
        help: "reload the dataset from disk",
        hint: "",
    },
    Binding {
        modes: &[Browse, Detail, Error],
        keys: &[k('?')],
        label: "?",
        action: Action::Help,
        help: "help for this screen",
        hint: "help",
    },
    Binding {
        modes: &[Browse],
        keys: &[code(KeyCode::Esc)],
        label: "Esc",
        action: Action::Back,
        help: "stop a load in progress, else clear the search and filters",
        hint: "",
    },
    Binding {
        modes: &[Search],
        keys: &[code(KeyCode::Esc)],
        label: "Esc",
        action: Action::Back,
        help: "clear the search",
        hint: "clear",
    },
    Binding {
        modes: &[Detail, Error],
        keys: &[code(KeyCode::Esc), k('q')],
        label: "Esc q",
        action: Action::Back,
        help: "close",
        hint: "close",
    },
    Binding {
        modes: &[Open, Export],
        keys: &[code(KeyCode::Esc)],
        label: "Esc",
        action: Action::Back,
        help: "cancel",
        hint: "cancel",
    },
    Binding {
        modes: &[Browse],
        keys: &[k('q')],
        label: "q",
        action: Action::Quit,
        help: "quit",
        hint: "quit",
    },
    Binding {
        modes: LISTS,
        keys: &[k('e')],
        label: "e",
        action: Action::Export,
        help: "export the events shown (search and filters apply)",
        hint: "export",
    },
    Binding {
        modes: &[Browse, Search, Detail, Open, Export, AsOf, Note, Filter, Help, Error],
        keys: &[ctrl('c')],
        label: "C-c",
        action: Action::Quit,
        help: "quit, from anywhere",
        hint: "",
    },
];

fn same(key: &Key, ev: &KeyEvent) -> bool {
    // Terminals disagree on whether Shift comes with upper-case letters.
    let mods = ev.modifiers - KeyModifiers::SHIFT;
    let want = key.mods - KeyModifiers::SHIFT;
    key.code == ev.code && mods == want
}

/// The action a key has in a mode, if any.
pub fn lookup(mode: Mode, ev: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.modes.contains(&mode) && b.keys.iter().any(|key| same(key, ev)))
        .map(|b| b.action)
}

/// The bindings of a mode, in table order, for help and hints.
pub fn bindings(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.modes.contains(&mode))
}

pub const QUERY_HELP: &[(&str, &str)] = &[
    ("word", "fuzzy: the letters in order, within one field"),
    ("'word", "exact text"),
    ("!term", "exclude events matching the term"),
    ("actor:x", "an actor's id, name or alias contains x"),
    ("tag:x  phase:x", "a tag contains x; the phase starts with x"),
    ("source:x", "a source's id, title or publisher contains x"),
    (
        "after:D  before:D",
        "dated on/after D, before the end of D (2021, 2021-08, 2021-08-14)",
    ),
    ("confidence:w", "at least this likely (likely, highly-likely, ...)"),
    ("reliability:l", "a source at least this reliable (A best, to F)"),
    ("field:n  field:n=v", "the event has field n (with value v, whole, any case)"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_can_be_left_or_quit_and_has_help() {
        for mode in [Browse, Search, Detail, Open, Error] {
            assert!(
                bindings(mode).any(|b| b.action == Action::Back || b.action == Action::Quit),
                "{mode:?}"
            );
        }
        assert!(lookup(Browse, &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)) == Some(Action::Quit));
        assert!(lookup(Help, &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)) == Some(Action::Quit));
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in [Browse, Search, Detail, Open, Help, Error] {
            let keys: Vec<(KeyCode, KeyModifiers)> = bindings(mode)
                .flat_map(|b| b.keys.iter().map(|k| (k.code, k.mods - KeyModifiers::SHIFT)))
                .collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(a), "{mode:?}: {a:?} bound twice");
            }
        }
    }

    #[test]
    fn shifted_letters_match_with_or_without_the_shift_flag() {
        assert_eq!(
            lookup(Browse, &KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            lookup(Browse, &KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE)),
            Some(Action::Bottom)
        );
    }
}
