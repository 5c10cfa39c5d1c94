//! The closed vocabularies of the format. Each word list is the single
//! source for parsing, for the "allowed words" in errors and for display.

use std::fmt;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What an indicator of compromise is (see `model::indicator`).
    IndicatorKind {
        Ipv4 = "ipv4",
        Ipv6 = "ipv6",
        Domain = "domain",
        Url = "url",
        Email = "email",
        Md5 = "md5",
        Sha1 = "sha1",
        Sha256 = "sha256",
        Filename = "filename",
        Cve = "cve",
    }
}

vocabulary! {
    /// What an actor is.
    ActorKind {
        ThreatActor = "threat-actor",
        StateAgency = "state-agency",
        Government = "government",
        Organisation = "organisation",
        Company = "company",
        Person = "person",
        Researcher = "researcher",
        Media = "media",
        Victim = "victim",
        Other = "other",
    }
}

vocabulary! {
    /// Where an event sits in the incident's story; phases drive the milestones.
    Phase {
        Compromise = "compromise",
        Discovery = "discovery",
        Disclosure = "disclosure",
        Attribution = "attribution",
        Response = "response",
        Context = "context",
    }
}

vocabulary! {
    /// The PHIA probability yardstick, weakest to strongest, so that
    /// "at least likely" is an ordinary comparison.
    Confidence {
        RemoteChance = "remote-chance",
        HighlyUnlikely = "highly-unlikely",
        Unlikely = "unlikely",
        RealisticPossibility = "realistic-possibility",
        Likely = "likely",
        HighlyLikely = "highly-likely",
        AlmostCertain = "almost-certain",
    }
}

vocabulary! {
    /// Admiralty source reliability, best (A) to worst (F).
    Reliability {
        A = "A",
        B = "B",
        C = "C",
        D = "D",
        E = "E",
        F = "F",
    }
}

impl Phase {
    /// A one-cell marker for the timeline, readable without colour.
    pub fn marker(self) -> char {
        match self {
            Phase::Compromise => 'C',
            Phase::Discovery => 'D',
            Phase::Disclosure => 'P',
            Phase::Attribution => 'A',
            Phase::Response => 'R',
            Phase::Context => '·',
        }
    }
}

impl Reliability {
    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "cannot be judged",
        }
    }
}

/// The DNI scale of the STIX 2.1 confidence appendix: its bands (the
/// lowest value of each) and the value that stands for each, with the
/// PHIA word of the same band (the UK yardstick has seven bands too, in
/// the same order).
const DNI: [(u8, u8, Confidence); 7] = [
    (0, 5, Confidence::RemoteChance),
    (10, 15, Confidence::HighlyUnlikely),
    (20, 30, Confidence::Unlikely),
    (40, 50, Confidence::RealisticPossibility),
    (60, 70, Confidence::Likely),
    (80, 85, Confidence::HighlyLikely),
    (90, 95, Confidence::AlmostCertain),
];

impl Confidence {
    /// A STIX confidence (0-100) as the word of its DNI band.
    pub fn from_stix(value: u64) -> Confidence {
        DNI.iter()
            .rev()
            .find(|(low, _, _)| value >= u64::from(*low))
            .map_or(Confidence::RemoteChance, |d| d.2)
    }

    /// The value STIX's DNI scale gives this word's band.
    pub fn to_stix(self) -> u8 {
        DNI.iter().find(|d| d.2 == self).map_or(50, |d| d.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.as_str()), Some(*p));
        }
        assert_eq!(ActorKind::WORDS.len(), 10);
        assert_eq!(Phase::parse("Compromise"), None);
    }

    #[test]
    fn confidence_orders_weak_to_strong() {
        assert!(Confidence::AlmostCertain > Confidence::HighlyLikely);
        assert!(Confidence::RemoteChance < Confidence::Unlikely);
        assert!(Reliability::A < Reliability::F);
    }
}
