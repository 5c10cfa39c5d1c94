//! Problems found while loading a dataset, each with the file and where in it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One step of a path into the document. An index may carry the item's id
/// so that `events[12] (breach-begins)` can be read without counting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize, Option<String>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocPath(pub Vec<Seg>);

impl DocPath {
    pub fn root() -> Self {
        DocPath(Vec::new())
    }

    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }

    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i, None));
        p
    }

    pub fn item(&self, i: usize, id: Option<&str>) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i, id.map(str::to_string)));
        p
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub fn join(&self, other: &DocPath) -> Self {
        let mut p = self.clone();
        p.0.extend(other.0.iter().cloned());
        p
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if n == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i, None) => write!(f, "[{i}]")?,
                Seg::Index(i, Some(id)) => write!(f, "[{i}] ({id})")?,
            }
        }
        Ok(())
    }
}

/// One problem. `line`/`column` are 1-based and present whenever the
/// parser could place the problem; `path` whenever it lies inside the
/// document's structure. The message is already cleaned for the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub position: Option<(usize, usize)>,
    pub path: DocPath,
    pub message: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: error: events[3] (x).date: message`, the shape
    /// editors and terminals turn into a link to the place.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {sev}: ")?;
        if !self.path.is_root() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Collects problems while a file is checked.
#[derive(Debug, Default)]
pub struct Report {
    pub file: String,
    pub items: Vec<Diagnostic>,
}

impl Report {
    pub fn new(file: &str) -> Self {
        Report {
            file: file.to_string(),
            items: Vec::new(),
        }
    }

    fn push(&mut self, severity: Severity, position: Option<(usize, usize)>, path: DocPath, message: String) {
        self.items.push(Diagnostic {
            severity,
            file: self.file.clone(),
            position,
            path,
            message: super::clean::clean_line(&message),
        });
    }

    pub fn error(&mut self, path: DocPath, message: impl Into<String>) {
        self.push(Severity::Error, None, path, message.into());
    }

    pub fn error_at(&mut self, position: Option<(usize, usize)>, path: DocPath, message: impl Into<String>) {
        self.push(Severity::Error, position, path, message.into());
    }

    pub fn warning(&mut self, path: DocPath, message: impl Into<String>) {
        self.push(Severity::Warning, None, path, message.into());
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_document() {
        let p = DocPath::root().key("events").item(12, Some("breach-begins")).key("actors").index(1);
        assert_eq!(p.to_string(), "events[12] (breach-begins).actors[1]");
    }

    #[test]
    fn display_puts_file_and_place_first() {
        let d = Diagnostic {
            severity: Severity::Error,
            file: "x.yaml".into(),
            position: Some((4, 7)),
            path: DocPath::root().key("title"),
            message: "is empty".into(),
        };
        assert_eq!(d.to_string(), "x.yaml:4:7: error: title: is empty");
    }
}
