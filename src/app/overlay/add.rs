//! Adding to the dataset from the explorer (`A`): a form for a new event
//! (from the timeline), source (from the sources pane) or actor (from the
//! actors pane). Enter checks what was typed against the dataset and asks
//! for the item's lines to be added to its file; the file is written only
//! if it still loads (`store::append`), and the reload selects the event.

use super::{Cmd, Reply};
use crate::app::keymap::{bind, code, ctrl, Action, Binding};
use crate::app::prompt::Prompt;
use crate::export::yaml::scalar;
use crate::model::{ActorKind, Dataset, PartialDate, Phase, Reliability, UniqueIds};
use crate::store::suggest::closest;
use crossterm::event::{KeyCode, KeyEvent};

pub const KEYS: &[Binding] = &[
    bind(&[code(KeyCode::Down), ctrl('n')], "↓ C-n", Action::Down, "next field", ""),
    bind(&[code(KeyCode::Up), ctrl('p')], "↑ C-p", Action::Up, "previous field", ""),
    bind(
        &[code(KeyCode::Tab)],
        "Tab",
        Action::CompletePath,
        "complete an id in actors or sources; elsewhere, the next field",
        "complete",
    ),
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "add it to the dataset's file (checked first)",
        "add",
    ),
    bind(&[code(KeyCode::Esc)], "Esc", Action::Back, "cancel: nothing is written", "cancel"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Event,
    Source,
    Actor,
}

impl Kind {
    /// The dataset's list the item goes in.
    pub fn list(self) -> &'static str {
        match self {
            Kind::Event => "events",
            Kind::Source => "sources",
            Kind::Actor => "actors",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Source => "source",
            Kind::Actor => "actor",
        }
    }
}

/// Which ids a field takes, for completion and checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refers {
    Actors,
    Sources,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub hint: &'static str,
    pub prompt: Prompt,
    refers: Option<Refers>,
}

fn field(label: &'static str, hint: &'static str) -> Field {
    Field {
        label,
        hint,
        prompt: Prompt::default(),
        refers: None,
    }
}

#[derive(Debug, Clone)]
pub struct AddForm {
    pub kind: Kind,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why Enter was refused, or the completions of a Tab.
    pub error: Option<String>,
    pub matches: Vec<String>,
    /// The ids completion offers: actors, then sources.
    actor_ids: Vec<String>,
    source_ids: Vec<String>,
    /// A write is under way.
    pub writing: bool,
}

impl AddForm {
    pub fn new(kind: Kind, ds: &Dataset) -> AddForm {
        let fields = match kind {
            Kind::Event => vec![
                field("date", "2024, 2024-03, 2024-03-25 or 2024-03-25T09:30Z (required)"),
                field("title", "one line (required)"),
                field("phase", "compromise, discovery, disclosure, attribution, response or context"),
                Field {
                    refers: Some(Refers::Actors),
                    ..field("actors", "actor ids, separated by commas (Tab completes)")
                },
                Field {
                    refers: Some(Refers::Sources),
                    ..field("sources", "source ids, separated by commas (Tab completes)")
                },
                field("summary", "what happened"),
            ],
            Kind::Source => vec![
                field("title", "the report's title (required)"),
                field("url", "its http or https address"),
                field("publisher", "who published it"),
                field("published", "when it became public: 2024-03-25"),
                field("reliability", "A (completely reliable) to F (cannot be judged)"),
            ],
            Kind::Actor => vec![
                field("name", "as the sources write it (required)"),
                Field {
                    prompt: Prompt::prefilled("other"),
                    ..field(
                        "kind",
                        "threat-actor, state-agency, government, organisation, company, person, researcher, media, victim, other",
                    )
                },
                field("country", "ISO 3166-1 alpha-2: GB, CN, US"),
                field("aliases", "other names, separated by commas"),
            ],
        };
        AddForm {
            kind,
            fields,
            focus: 0,
            error: None,
            matches: Vec::new(),
            actor_ids: ds.actors.iter().map(|a| a.id.clone()).collect(),
            source_ids: ds.sources.iter().map(|s| s.id.clone()).collect(),
            writing: false,
        }
    }

    fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map_or("", |f| f.prompt.value().trim())
    }

    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent, ds: &Dataset) -> Reply {
        if self.writing {
            // Nothing to change while the file is written.
            return if action == Some(Action::Back) { Reply::Close } else { Reply::Stay };
        }
        let n = self.fields.len();
        match action {
            Some(Action::Down) => self.focus = (self.focus + 1) % n,
            Some(Action::Up) => self.focus = (self.focus + n - 1) % n,
            Some(Action::CompletePath) => self.complete(),
            Some(Action::Back) => return Reply::Close,
            Some(Action::Enter) => match self.item(ds) {
                Ok((id, yaml)) => {
                    self.error = None;
                    self.writing = true;
                    return Reply::Run(Cmd::Add { kind: self.kind, id, yaml });
                }
                Err(why) => self.error = Some(why),
            },
            _ => {
                if self.fields[self.focus].prompt.edit(ev) {
                    self.error = None;
                    self.matches.clear();
                }
            }
        }
        Reply::Stay
    }

    /// Tab in a field of ids completes its last one; elsewhere it moves on.
    fn complete(&mut self) {
        let f = &mut self.fields[self.focus];
        let ids = match f.refers {
            Some(Refers::Actors) => &self.actor_ids,
            Some(Refers::Sources) => &self.source_ids,
            None => {
                self.focus = (self.focus + 1) % self.fields.len();
                return;
            }
        };
        let value = f.prompt.value().to_string();
        let (head, last) = value.rsplit_once(',').map_or(("", value.as_str()), |(h, l)| (h, l));
        let last = last.trim();
        let found: Vec<&String> = ids.iter().filter(|id| id.starts_with(last)).collect();
        let done = match found.as_slice() {
            [] => return,
            [one] => one.to_string(),
            many => {
                let first = many[0].as_str();
                let common = many.iter().fold(first.len(), |n, id| {
                    first.bytes().zip(id.bytes()).take_while(|(a, b)| a == b).count().min(n)
                });
                self.matches = many.iter().map(|s| s.to_string()).collect();
                first[..common].to_string()
            }
        };
        let head = if head.is_empty() {
            String::new()
        } else {
            format!("{}, ", head.trim())
        };
        f.prompt.set(&format!("{head}{done}"));
    }

    /// The item's id and YAML lines (unindented, starting `- `), or why not.
    fn item(&self, ds: &Dataset) -> Result<(String, String), String> {
        match self.kind {
            Kind::Event => self.event(ds),
            Kind::Source => self.source(ds),
            Kind::Actor => self.actor(ds),
        }
    }

    fn event(&self, ds: &Dataset) -> Result<(String, String), String> {
        let date = PartialDate::parse(self.value("date")).map_err(|e| format!("date: {}", e.0))?;
        let title = required(self.value("title"), "title")?;
        let mut lines = vec![format!("date: {date}"), format!("title: {}", scalar(title))];
        if let Some(p) = word(self.value("phase"), Phase::parse, Phase::WORDS, "phase")? {
            lines.push(format!("phase: {p}"));
        }
        for (label, known, what) in [("actors", &self.actor_ids, "actor"), ("sources", &self.source_ids, "source")] {
            let ids: Vec<&str> = self.value(label).split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
            for id in &ids {
                if !known.iter().any(|k| k == id) {
                    let hint = closest(id, known.iter().map(String::as_str)).map_or(String::new(), |c| format!("; did you mean `{c}`?"));
                    return Err(format!(
                        "{label}: unknown {what} `{id}`{hint} (add one first: A in the {label} pane)"
                    ));
                }
            }
            if !ids.is_empty() {
                lines.push(format!("{label}: [{}]", ids.join(", ")));
            }
        }
        if let Some(s) = optional(self.value("summary")) {
            lines.push(format!("summary: {}", scalar(s)));
        }
        let id = UniqueIds::from_ids(ds.events.iter().map(|e| &*e.id)).take(title);
        Ok((id.clone(), item(&id, &lines)))
    }

    fn source(&self, ds: &Dataset) -> Result<(String, String), String> {
        let title = required(self.value("title"), "title")?;
        let mut lines = vec![format!("title: {}", scalar(title))];
        if let Some(u) = optional(self.value("url")) {
            lines.push(format!("url: {}", scalar(u)));
        }
        if let Some(p) = optional(self.value("publisher")) {
            lines.push(format!("publisher: {}", scalar(p)));
        }
        if let Some(d) = optional(self.value("published")) {
            let d = PartialDate::parse(d).map_err(|e| format!("published: {}", e.0))?;
            lines.push(format!("published: {d}"));
        }
        let letters: Vec<String> = Reliability::ALL.iter().map(|r| r.to_string()).collect();
        let letters: Vec<&str> = letters.iter().map(String::as_str).collect();
        let upper = self.value("reliability").to_uppercase();
        if let Some(r) = word(
            &upper,
            |w| Reliability::ALL.iter().copied().find(|r| r.to_string() == w),
            &letters,
            "reliability",
        )? {
            lines.push(format!("reliability: {r}"));
        }
        let id = UniqueIds::from_ids(ds.sources.iter().map(|s| s.id.as_str())).take(title);
        Ok((id.clone(), item(&id, &lines)))
    }

    fn actor(&self, ds: &Dataset) -> Result<(String, String), String> {
        let name = required(self.value("name"), "name")?;
        let kind = word(self.value("kind"), ActorKind::parse, ActorKind::WORDS, "kind")?.unwrap_or(ActorKind::Other);
        let mut lines = vec![format!("name: {}", scalar(name)), format!("kind: {kind}")];
        if let Some(c) = optional(self.value("country")) {
            crate::model::country::check(c).map_err(|why| format!("country: {why}"))?;
            // Quoted: `NO` is false to YAML 1.1 readers.
            lines.push(format!("country: \"{c}\""));
        }
        let aliases: Vec<String> = self
            .value("aliases")
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(scalar)
            .collect();
        if !aliases.is_empty() {
            lines.push(format!("aliases: [{}]", aliases.join(", ")));
        }
        let id = UniqueIds::from_ids(ds.actors.iter().map(|a| a.id.as_str())).take(name);
        Ok((id.clone(), item(&id, &lines)))
    }

    /// The refusal after a write that failed: the form stays, as typed.
    pub fn failed(&mut self, why: String) {
        self.writing = false;
        self.error = Some(why);
    }
}

fn required<'a>(v: &'a str, label: &str) -> Result<&'a str, String> {
    if v.is_empty() {
        Err(format!("{label}: required"))
    } else {
        Ok(v)
    }
}

fn optional(v: &str) -> Option<&str> {
    (!v.is_empty()).then_some(v)
}

fn word<T>(v: &str, parse: impl Fn(&str) -> Option<T>, words: &[&str], label: &str) -> Result<Option<T>, String> {
    if v.is_empty() {
        return Ok(None);
    }
    match parse(v) {
        Some(w) => Ok(Some(w)),
        None => {
            let hint = closest(v, words.iter().copied()).map_or(String::new(), |c| format!("did you mean `{c}`? "));
            Err(format!("{label}: `{v}` is not one; {hint}allowed: {}", words.join(", ")))
        }
    }
}

fn item(id: &str, lines: &[String]) -> String {
    let mut out = format!("- id: {id}\n");
    for l in lines {
        out.push_str("  ");
        out.push_str(l);
        out.push('\n');
    }
    out
}
