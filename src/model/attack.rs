//! MITRE ATT&CK techniques: the table `scripts/attack_table.py` makes from
//! the ATT&CK STIX data (assets/attack.tsv, compiled in: about 63 KB),
//! read once. An event's techniques are indices into it.
//!
//! ATT&CK is (c) The MITRE Corporation, reproduced under its terms of use
//! (https://attack.mitre.org/resources/legal-and-branding/terms-of-use/);
//! the notice travels in the table's header and in `itx datasets`.

use std::sync::OnceLock;

const TABLE: &str = include_str!("../../assets/attack.tsv");

/// A technique's place in the table.
pub type TechniqueIx = u16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Active,
    Deprecated,
    /// Revoked, with the technique that replaces it if ATT&CK names one.
    Revoked(Option<&'static str>),
}

#[derive(Debug, Clone)]
pub struct Technique {
    /// `T1566.001`.
    pub id: &'static str,
    pub name: &'static str,
    /// Tactic shortnames (`initial-access`), in ATT&CK's order for it.
    pub tactics: Vec<&'static str>,
    pub status: Status,
}

impl Technique {
    /// The parent of a sub-technique (`T1566` for `T1566.001`).
    pub fn parent(&self) -> Option<&'static str> {
        self.id.split_once('.').map(|(p, _)| p)
    }

    pub fn url(&self) -> String {
        format!("https://attack.mitre.org/techniques/{}/", self.id.replace('.', "/"))
    }
}

pub struct Table {
    pub techniques: Vec<Technique>,
    /// Every tactic, in kill-chain order: enterprise's, then the others'.
    pub tactics: Vec<&'static str>,
    /// Which ATT&CK release the table was made from.
    pub version: &'static str,
}

pub fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Table {
            techniques: Vec::new(),
            tactics: Vec::new(),
            version: "",
        };
        for line in TABLE.lines() {
            if let Some(v) = line.strip_prefix("# version: ") {
                t.version = v;
            } else if let Some(rest) = line.strip_prefix("# tactics ") {
                let list = rest.split_once(": ").map_or("", |(_, l)| l);
                for tactic in list.split(',') {
                    if !t.tactics.contains(&tactic) {
                        t.tactics.push(tactic);
                    }
                }
            } else if !line.starts_with('#') {
                let mut cols = line.split('\t');
                let (Some(id), Some(name), Some(tactics), Some(status)) = (cols.next(), cols.next(), cols.next(), cols.next()) else {
                    continue;
                };
                t.techniques.push(Technique {
                    id,
                    name,
                    tactics: tactics.split(',').filter(|s| !s.is_empty()).collect(),
                    status: match status {
                        "deprecated" => Status::Deprecated,
                        s => match s.strip_prefix("revoked:") {
                            Some(by) => Status::Revoked((!by.is_empty()).then_some(by)),
                            None => Status::Active,
                        },
                    },
                });
            }
        }
        // Sorted by id for `find`.
        t.techniques.sort_by(|a, b| a.id.cmp(b.id));
        t
    })
}

/// A tactic's shortname as a heading: `command-and-control` as
/// "Command and Control".
pub fn tactic_name(shortname: &str) -> String {
    shortname
        .split('-')
        .enumerate()
        .map(|(k, w)| {
            if k > 0 && matches!(w, "and" | "of" | "to") {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn get(ix: TechniqueIx) -> &'static Technique {
    &table().techniques[ix as usize]
}

/// The technique with this id (any case: `t1566.001` is `T1566.001`).
pub fn find(id: &str) -> Option<TechniqueIx> {
    // Compared upper-cased as it goes, not through an upper-case copy:
    // detection timelines ask once per tag per line. Ids are ASCII, and
    // no other letter upper-cases to one of theirs.
    let id = id.trim().bytes().map(|b| b.to_ascii_uppercase());
    table()
        .techniques
        .binary_search_by(|t| t.id.bytes().cmp(id.clone()))
        .ok()
        .map(|i| i as TechniqueIx)
}

/// The technique an unknown id most likely meant, by id (one digit off)
/// or, for a name typed as an id, by name.
pub fn closest(id: &str) -> Option<&'static Technique> {
    let t = table();
    let upper = id.trim().to_uppercase();
    let lower = id.trim().to_lowercase();
    let active = || t.techniques.iter().filter(|x| x.status == Status::Active);
    // A sub-technique that does not exist: its parent.
    if let Some(parent) = upper.split_once('.').and_then(|(p, _)| find(p)) {
        return Some(get(parent));
    }
    active()
        .map(|x| (strsim::damerau_levenshtein(&upper, x.id), x))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, x)| x)
        .or_else(|| active().find(|x| x.name.to_lowercase() == lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_whole_with_its_version_and_tactics() {
        let t = table();
        assert!(t.techniques.len() > 1000, "{}", t.techniques.len());
        assert!(t.version.contains("enterprise"), "{}", t.version);
        assert_eq!(t.tactics[..3], ["reconnaissance", "resource-development", "initial-access"]);
        let spear = get(find("t1566.001").unwrap());
        assert_eq!((spear.name, spear.parent()), ("Spearphishing Attachment", Some("T1566")));
        assert_eq!(spear.tactics, ["initial-access"]);
        assert_eq!(spear.url(), "https://attack.mitre.org/techniques/T1566/001/");
        assert!(find("T9999").is_none());
        assert!(t.techniques.iter().any(|x| matches!(x.status, Status::Revoked(Some(_)))));
        assert!(t.techniques.iter().any(|x| x.status == Status::Deprecated));
    }

    #[test]
    fn tactic_names_read_as_headings() {
        assert_eq!(tactic_name("command-and-control"), "Command and Control");
        assert_eq!(tactic_name("initial-access"), "Initial Access");
    }

    #[test]
    fn a_near_id_is_suggested() {
        assert_eq!(closest("T1190x").map(|t| t.id), Some("T1190"));
        assert_eq!(closest("Phishing").map(|t| t.id), Some("T1566"));
    }
}
