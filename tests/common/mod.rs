//! Helpers shared by the test files that drive the state machine.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use itx::app::{Current, Effect, Model, Msg, Opening, Target};
use itx::store::{LoadError, Progress};

/// Types `s` into the model: `\n` is Enter, `\t` Tab, `\x1b` Esc.
pub fn keys(m: &mut Model, s: &str) {
    for c in s.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        m.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

/// A dataset as the explorer shows it, without reading its marks (the
/// tests' home folder is the machine's).
pub fn current(target: &Target) -> Result<Current, LoadError> {
    target.load(&Progress::default()).map(Current::new)
}

/// Carries out a load the model asked for, as the runtime would.
pub fn deliver(m: &mut Model, effects: Vec<Effect>) {
    let Some((id, what, keep, previous)) = effects.into_iter().find_map(|e| match e {
        Effect::Load {
            id, what, keep, previous, ..
        } => Some((id, what, keep, previous)),
        _ => None,
    }) else {
        panic!("no load asked")
    };
    let target = match what {
        Opening::Target(t) => t,
        Opening::Typed(s) => Target::resolve(&s),
    };
    // As the runtime does: for a reload, what changed.
    let result = current(&target).map(|mut c| {
        c.changes = previous.map(|old| c.dataset.changes_from(&old));
        c
    });
    m.update(Msg::Loaded {
        id,
        target,
        result: Box::new(result),
        keep,
    });
}

/// Asks the model to open `target` and hands it `result` as the answer.
pub fn open_with(m: &mut Model, target: Target, result: Result<Current, LoadError>) {
    let mut fx = Vec::new();
    m.start_load(Opening::Target(target.clone()), None, "opening", None, &mut fx);
    let Some(Effect::Load { id, keep, .. }) = fx.pop() else {
        unreachable!()
    };
    m.update(Msg::Loaded {
        id,
        target,
        result: Box::new(result),
        keep,
    });
}

/// Carries out the effects the runtime answers at once (a completion, a
/// folder's datasets), as it would, and feeds the answers back.
pub fn serve(m: &mut Model, effects: Vec<Effect>) {
    for e in effects {
        let answer = match e {
            Effect::Complete(typed) => Msg::Completed(itx::session::complete_path(&typed)),
            Effect::ListFolder => Msg::Folder(itx::session::datasets_in(std::path::Path::new("."))),
            Effect::Append { path, kind, id, yaml } => Msg::Appended {
                kind,
                result: itx::store::append::append_to_file(&path, kind.list(), &yaml).map(|()| id),
            },
            Effect::Load { .. } => {
                deliver(m, vec![e]);
                continue;
            }
            _ => continue,
        };
        let more = m.update(answer);
        serve(m, more);
    }
}
