//! What a name on the command line or in the open prompt means: a bundled
//! dataset, unless a file of that name exists (then the file). The one
//! place this rule is written.

use super::{bundled, LoadResult, Progress};
use std::path::{Path, PathBuf};

/// Something to open: a bundled dataset by name or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Bundled(&'static str),
    File(PathBuf),
}

impl Target {
    /// A name or path as typed: a bundled dataset's name, unless a file
    /// of that name exists; `~/` is the home folder.
    pub fn resolve(spec: &str) -> Target {
        let spec = spec.trim();
        match bundled::find(spec) {
            Some(b) if !Path::new(spec).exists() => Target::Bundled(b.name),
            _ => Target::File(expand_home(spec)),
        }
    }

    pub fn label(&self) -> String {
        match self {
            Target::Bundled(n) => format!("{n} (bundled)"),
            Target::File(p) => p.display().to_string(),
        }
    }

    /// Reads and checks the dataset, reporting to `progress`.
    pub fn load(&self, progress: &Progress) -> LoadResult {
        match self {
            Target::Bundled(name) => super::load_bundled(bundled::find(name).unwrap_or(bundled::default())),
            Target::File(p) => super::load_file_with(p, progress),
        }
    }
}

/// `~/x` (or `~\x` on Windows) as a path in the home folder; anything
/// else as it is.
pub fn expand_home(s: &str) -> PathBuf {
    let rest = s.strip_prefix('~').filter(|r| r.starts_with(std::path::is_separator));
    match (rest, dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest.trim_start_matches(std::path::is_separator)),
        _ => PathBuf::from(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundled_name_unless_a_file_of_that_name_exists() {
        assert_eq!(Target::resolve("apt31"), Target::Bundled("apt31"));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("apt31");
        std::fs::write(&file, "x").unwrap();
        let spec = file.display().to_string();
        assert_eq!(Target::resolve(&spec), Target::File(file));
        assert_eq!(Target::resolve("no-such-name"), Target::File("no-such-name".into()));
    }
}
