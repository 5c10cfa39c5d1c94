//! Ids: what the format accepts, and readable ones made from any text
//! (for imports and merged views).

/// Whether `id` is an id of the format: `[a-z0-9][a-z0-9._-]*`.
pub fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-'))
}

/// The longest id `slug` makes: long enough for a short title, short
/// enough to read and type.
pub const MAX_SLUG: usize = 64;

/// An id in the format's alphabet made from any text: transliterated to
/// ASCII (`Opérations` -> `operations`, `中国` -> `zhong-guo`), lower case,
/// words joined by `-`, at most `MAX_SLUG` characters cut at a word, with
/// no punctuation at either end: `APT 31` -> `apt-31`.
pub fn slug(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len().min(MAX_SLUG));
    for word in ascii.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_'))) {
        let word = word.trim_matches(['.', '_']);
        if word.is_empty() {
            continue;
        }
        let room = MAX_SLUG.saturating_sub(out.len() + usize::from(!out.is_empty()));
        if word.len() > room {
            // A first word longer than an id is cut; a later one ends the id.
            if out.is_empty() {
                out.push_str(word[..MAX_SLUG].trim_end_matches(['.', '_']));
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        "item".into()
    } else {
        out
    }
}

/// Ids made unique by a numeric suffix (`-2`, `-3`...), in the order asked
/// for, so the same input always gets the same ids. Each id is found in
/// constant time however many share a stem.
#[derive(Default)]
pub struct UniqueIds {
    taken: foldhash::HashSet<String>,
    /// Per stem: the next suffix to try.
    next: foldhash::HashMap<String, usize>,
}

impl UniqueIds {
    /// Ids already taken (a dataset's), so that new ones differ.
    pub fn from_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> UniqueIds {
        let mut u = UniqueIds::default();
        for id in ids {
            u.taken.insert(id.to_string());
        }
        u
    }

    /// An id that no earlier call returned: `wanted` itself if it is
    /// already an id of the format, else made into one (see `slug`).
    pub fn take(&mut self, wanted: &str) -> String {
        if valid_id(wanted) {
            self.take_slug(wanted.to_string())
        } else {
            self.take_slug(slug(wanted))
        }
    }

    /// `take` for text that is already an id: kept as it is when free.
    pub fn take_slug(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let suffix = format!("-{n}");
            *n += 1;
            let mut stem = base.clone();
            stem.truncate(MAX_SLUG - suffix.len());
            let id = format!("{}{suffix}", stem.trim_end_matches(['-', '.', '_']));
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_ascii_ids_cut_at_a_word() {
        assert_eq!(slug("APT 31"), "apt-31");
        assert_eq!(slug("ANSSI — Sous-direction Opérations"), "anssi-sous-direction-operations");
        assert_eq!(slug("…ends with a dot."), "ends-with-a-dot");
        assert_eq!(slug("中国"), "zhong-guo");
        assert_eq!(slug("!!!"), "item");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= MAX_SLUG && long.ends_with("word"), "{long}");
        assert_eq!(slug(&"x".repeat(100)).len(), MAX_SLUG);
    }

    #[test]
    fn unique_ids_take_a_suffix_and_never_repeat() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.take("Beacon"), "beacon");
        assert_eq!(ids.take("beacon"), "beacon-2");
        assert_eq!(ids.take("Beacon 2"), "beacon-2-2");
        assert_eq!(ids.take("beacon"), "beacon-3");
        assert_eq!(ids.take("kept--as.written_"), "kept--as.written_", "an id of the format is kept");
        let long = "y".repeat(80);
        let (a, b) = (ids.take(&long), ids.take(&long));
        assert_ne!(a, b);
        assert!(b.len() <= MAX_SLUG && b.ends_with("-2"), "{b}");
    }
}
