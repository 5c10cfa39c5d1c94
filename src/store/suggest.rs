//! "Did you mean": the closest known word to a typo.

/// The candidate nearest to `word` by edit distance, if near enough to be a
/// plausible typo rather than a different word.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        // Never the wrong text itself (`Kroll` for `Kroll`).
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// An actor or source as a person might name it: its id, the name shown,
/// and the words typed for it (id, name, aliases, the name's initials),
/// lower case.
#[derive(Debug, Clone)]
pub struct Label {
    pub id: String,
    pub name: String,
    words: Vec<String>,
}

impl Label {
    pub fn new(id: &str, name: &str, aliases: &[&str]) -> Label {
        let initials: String = name
            .split(|c: char| !c.is_alphanumeric())
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect();
        let mut words = vec![id.to_lowercase(), name.to_lowercase()];
        words.extend(aliases.iter().map(|a| a.to_lowercase()));
        if initials.chars().count() >= 2 {
            words.push(initials);
        }
        Label {
            id: id.to_string(),
            name: name.to_string(),
            words,
        }
    }

    /// `id`, with its name where that says more: `british-airways` (British Airways).
    pub fn shown(&self) -> String {
        if self.name.is_empty() || self.name.eq_ignore_ascii_case(&self.id) {
            format!("`{}`", self.id)
        } else {
            format!("`{}` ({})", self.id, self.name)
        }
    }
}

/// The item `word` most likely means: one whose name, alias or initials it
/// is, else the nearest by edit distance over all of those; never the word
/// itself.
pub fn closest_label<'a>(word: &str, labels: &'a [Label]) -> Option<&'a Label> {
    let w = word.to_lowercase();
    let others = || labels.iter().filter(|l| l.id != word);
    if let Some(l) = others().find(|l| l.words.contains(&w)) {
        return Some(l);
    }
    let limit = (w.chars().count() / 3).max(2);
    let w = w.as_str();
    others()
        .flat_map(|l| l.words.iter().map(move |x| (strsim::damerau_levenshtein(w, x), l)))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_initials_are_what_people_type() {
        let labels = [
            Label::new("fbi", "FBI", &[]),
            Label::new("british-airways", "British Airways", &[]),
            Label::new("apt31", "APT31", &["Zirconium"]),
        ];
        let shown = |w: &str| closest_label(w, &labels).map(Label::shown);
        assert_eq!(shown("ba").as_deref(), Some("`british-airways` (British Airways)"));
        assert_eq!(
            shown("zirconium").as_deref(),
            Some("`apt31`"),
            "a name that is the id is not repeated"
        );
        assert_eq!(shown("apt-31").as_deref(), Some("`apt31`"));
        assert_eq!(shown("zzzzzz"), None, "nothing near");
        assert_eq!(closest("Kroll", ["Kroll"]), None);
    }

    #[test]
    fn suggests_near_words_only() {
        assert_eq!(closest("tilte", ["id", "title", "date"]), Some("title"));
        assert_eq!(closest("apt-31", ["apt31", "mss"]), Some("apt31"));
        assert_eq!(closest("zzzzzz", ["apt31", "mss"]), None);
    }
}
