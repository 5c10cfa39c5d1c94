//! "Did you mean": the closest known word to a typo.

/// The candidate nearest to `word` by edit distance, if near enough to be a
/// plausible typo rather than a different word.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_words_only() {
        assert_eq!(closest("tilte", ["id", "title", "date"]), Some("title"));
        assert_eq!(closest("apt-31", ["apt31", "mss"]), Some("apt31"));
        assert_eq!(closest("zzzzzz", ["apt31", "mss"]), None);
    }
}
