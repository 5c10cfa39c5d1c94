//! What keys are: the actions they stand for, how a binding is written
//! (the keys, how help writes them, what they do), the modes they apply
//! in, and the keys every mode shares. Each mode's own table is kept by
//! the module that handles it; `keys` gathers them.

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
    Add,
    Matrix,
    Stack,
    Exclude,
    Columns,
    Context,
    ToggleHighlight,
    Times,
    DimUnpublic,
    Layout,
    OpenUrl,
    CopyUrl,
    ViewSource,
    Edit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}
pub const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
pub const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are written in help and hints.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status line's short hints when not empty.
    pub hint: &'static str,
}

/// A binding, for the tables each mode's module keeps of its own keys.
pub const fn bind(keys: &'static [Key], label: &'static str, action: Action, help: &'static str, hint: &'static str) -> Binding {
    Binding {
        keys,
        label,
        action,
        help,
        hint,
    }
}

/// What every mode shares: Ctrl-c quits from anywhere, F1 is help
/// anywhere (where `?` is typed into a prompt).
pub const GLOBAL: &[Binding] = &[
    bind(
        &[code(KeyCode::F(1))],
        "F1",
        Action::Help,
        "help for this screen, from anywhere",
        "",
    ),
    bind(&[ctrl('c')], "C-c", Action::Quit, "quit, from anywhere", ""),
];

/// Whether a key event is this key.
pub fn same(key: &Key, ev: &KeyEvent) -> bool {
    // Terminals disagree on whether Shift comes with upper-case letters.
    let mods = ev.modifiers - KeyModifiers::SHIFT;
    let want = key.mods - KeyModifiers::SHIFT;
    key.code == ev.code && mods == want
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
    (
        "technique:T1566",
        "an ATT&CK technique and its sub-techniques (or words of its name: technique:spearphishing-link)",
    ),
    ("tactic:x", "a technique of the ATT&CK tactic x (tactic:initial-access)"),
    (
        "sources:0  sources:2+",
        "backed by no source, by exactly one (sources:1), by two or more",
    ),
    (
        "ioc:v  ioc:type=t",
        "an indicator containing v (defanged or not), or of type t (sha256, domain...)",
    ),
];

/// Which keys apply: the top overlay's, or the timeline's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Search,
    Detail,
    Open,
    Export,
    AsOf,
    Note,
    Filter,
    Help,
    Error,
    Add,
    Matrix,
    Source,
    Stack,
    Columns,
    Context,
    /// Typing to narrow the stacking or column picker's list.
    Narrow,
}

impl Mode {
    pub const ALL: &'static [Mode] = &[
        Mode::Browse,
        Mode::Search,
        Mode::Detail,
        Mode::Open,
        Mode::Export,
        Mode::AsOf,
        Mode::Note,
        Mode::Filter,
        Mode::Help,
        Mode::Error,
        Mode::Add,
        Mode::Matrix,
        Mode::Source,
        Mode::Stack,
        Mode::Columns,
        Mode::Context,
        Mode::Narrow,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::Search => "search",
            Mode::Detail => "event detail",
            Mode::Open => "open dataset",
            Mode::Export => "export",
            Mode::AsOf => "as of a date",
            Mode::Note => "note",
            Mode::Filter => "filters",
            Mode::Help => "help",
            Mode::Error => "error",
            Mode::Add => "add to the dataset",
            Mode::Matrix => "ATT&CK matrix",
            Mode::Source => "source",
            Mode::Stack => "stacking",
            Mode::Columns => "columns",
            Mode::Context => "context",
            Mode::Narrow => "narrowing a list",
        }
    }
}
