//! Starting points for writing a dataset (`itx new`): a commented YAML
//! skeleton that validates as it is, with every optional key shown
//! commented out, and the authoring spreadsheet's header (one row per
//! event; `itx import` turns it into a dataset).

/// The columns of the authoring spreadsheet, in order.
pub const SHEET_COLUMNS: [&str; 12] = [
    "date",
    "end",
    "title",
    "summary",
    "phase",
    "actors",
    "source_title",
    "source_url",
    "source_publisher",
    "source_date",
    "tags",
    "confidence",
];

/// The authoring spreadsheet: its header and one example row.
pub fn sheet() -> String {
    format!(
        "{}\n{}\n",
        SHEET_COLUMNS.join(","),
        "2024-03-25,,The first event of the incident,\"What happened, in a sentence or two.\",\
         discovery,Example Group; Example Agency,The report that says so,https://example.org/report,\
         Example Publisher,2024-03-26,example-tag,likely"
    )
}

/// The YAML skeleton, titled `title`. Quoted as YAML, so any title works.
pub fn skeleton(title: &str) -> String {
    let title = crate::export::yaml::quoted(title);
    format!(
        r#"# yaml-language-server: $schema=dataset.schema.json
# An itx dataset: one incident's timeline, its actors and its sources.
# Check it with `itx validate FILE`; open it with `itx FILE` (it reloads
# as you save). For completion and checking in your editor, save the
# schema beside this file: `itx schema -o dataset.schema.json`.
# Every key that is commented out is optional; README describes each.
format: 1
title: {title}
# summary: One paragraph on what the incident is.
# milestones:             # the events the headline figures are measured between
#   compromise: first-event
#   discovery: first-event
#   disclosure: first-event
#   attribution: first-event

actors:
  - id: example-group     # lower case, digits, . _ - ; events refer to it by this
    name: Example Group
    kind: threat-actor    # threat-actor, state-agency, government, organisation, company,
                          # person, researcher, media, victim, other
    # aliases: [Another Name]
    # country: "GB"       # ISO 3166-1 alpha-2, quoted ("NO" is false to YAML 1.1 readers)
    # affiliations: [another-actor-id]
    # summary: Who they are.

sources:
  - id: example-report
    title: The report that says so
    # publisher: Example Publisher
    # url: https://example.org/report
    # published: 2024-03-26   # when it became public: the knowledge cursor uses it
    # reliability: B          # Admiralty A (completely reliable) to F (cannot be judged)

events:
  - id: first-event
    date: 2024-03-25      # 2024, 2024-03, 2024-03-25 or 2024-03-25T09:30Z
    title: The first event of the incident
    sources: [example-report]
    actors: [example-group]
    # end: 2024-04            # makes it a span
    # circa: true             # the date is approximate
    # summary: |
    #   What happened, in a paragraph or several.
    # phase: discovery        # compromise, discovery, disclosure, attribution, response, context
    # tags: [example-tag]
    # confidence: likely      # remote-chance ... almost-certain
    # quotes:
    #   - text: The words someone said.
    #     by: example-group
    #     source: example-report
    # fields:                 # anything else, one level: text, numbers, true/false
    #   ticket: INC-1234
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use crate::store::{self, Syntax};

    #[test]
    fn the_skeleton_validates_as_it_is_without_a_warning() {
        let l = store::parse_text("new.yaml", &skeleton("A title: with a colon"), Syntax::Yaml, Origin::Bundled("new"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(l.dataset.title, "A title: with a colon");
        assert_eq!(l.dataset.events.len(), 1);
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }

    #[test]
    fn uncommenting_every_optional_key_still_validates() {
        // Uncomment each key (and a block's text) below `format`, keeping
        // its indent; comments that are prose stay.
        let mut past_header = false;
        let text: String = skeleton("T")
            .lines()
            .map(|l| {
                past_header |= l.starts_with("format:");
                let t = l.trim_start();
                let indent = &l[..l.len() - t.len()];
                match t.strip_prefix("# ") {
                    Some(rest) if past_header => {
                        let r = rest.trim_start();
                        let key = r
                            .split_once(':')
                            .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
                        if key || r.starts_with("- ") || r.starts_with(char::is_uppercase) {
                            format!("{indent}{rest}")
                        } else {
                            l.to_string()
                        }
                    }
                    _ => l.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let text = text.replace("[another-actor-id]", "[example-group]");
        let l = store::parse_text("full.yaml", &text, Syntax::Yaml, Origin::Bundled("full")).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let e = &l.dataset.events[0];
        assert!(
            e.end().is_some() && e.circa && e.summary().is_some() && !e.quotes().is_empty() && !e.fields.is_empty(),
            "{text}"
        );
        assert!(l.dataset.milestones.compromise.is_some(), "{text}");
    }
}
