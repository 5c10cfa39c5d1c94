//! The headline figures of an incident: dwell time, time to disclose and
//! time to attribute, between the events the dataset names for them (its
//! `milestones`) or else the earliest event of each phase.

use crate::model::{Dataset, Interval, Origin, Phase};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    DwellTime,
    TimeToDisclose,
    TimeToAttribute,
}

impl Milestone {
    pub const ALL: [Milestone; 3] = [Milestone::DwellTime, Milestone::TimeToDisclose, Milestone::TimeToAttribute];

    pub fn label(self) -> &'static str {
        match self {
            Milestone::DwellTime => "dwell time",
            Milestone::TimeToDisclose => "time to disclose",
            Milestone::TimeToAttribute => "time to attribute",
        }
    }

    /// For the explorer's header, where width is scarce.
    pub fn short_label(self) -> &'static str {
        match self {
            Milestone::DwellTime => "dwell",
            Milestone::TimeToDisclose => "to disclose",
            Milestone::TimeToAttribute => "to attribute",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Milestone::DwellTime => "dwell_time",
            Milestone::TimeToDisclose => "time_to_disclose",
            Milestone::TimeToAttribute => "time_to_attribute",
        }
    }

    pub fn phases(self) -> (Phase, Phase) {
        match self {
            Milestone::DwellTime => (Phase::Compromise, Phase::Discovery),
            Milestone::TimeToDisclose => (Phase::Discovery, Phase::Disclosure),
            Milestone::TimeToAttribute => (Phase::Compromise, Phase::Attribution),
        }
    }
}

/// Why a figure is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// No event of these phases.
    Missing(Vec<Phase>),
    /// A merged view: several incidents, each with its own figures.
    Merged,
    /// Its events of these phases were not yet public (as of the
    /// knowledge cursor's date).
    NotYetPublic(Vec<Phase>),
}

/// One figure: the interval between two events, or why it is unknown.
/// Unknown is never shown as zero.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub milestone: Milestone,
    /// Indices into `Dataset::events` of the two events the figure spans.
    pub ends: Result<(usize, usize), Unknown>,
}

impl Figure {
    pub fn interval(&self, ds: &Dataset) -> Option<Interval> {
        let (a, b) = self.ends.as_ref().ok()?;
        Some(Interval::new(ds.events[*a].date, ds.events[*b].date))
    }

    /// Whether either end is an approximate (`circa`) date.
    pub fn approximate(&self, ds: &Dataset) -> bool {
        self.ends.as_ref().is_ok_and(|(a, b)| ds.events[*a].circa || ds.events[*b].circa)
    }

    /// "14 months", "c. 15 months" (from an approximate date), or
    /// "unknown (no discovery event)".
    pub fn human(&self, ds: &Dataset) -> String {
        match &self.ends {
            Ok(_) => {
                let v = self.interval(ds).map(|i| i.human()).unwrap_or_default();
                if self.approximate(ds) {
                    format!("c. {v}")
                } else {
                    v
                }
            }
            Err(Unknown::Missing(missing)) => {
                let names: Vec<&str> = missing.iter().map(|p| p.as_str()).collect();
                format!("unknown (no {} event)", names.join(" or "))
            }
            Err(Unknown::Merged) => "each dataset has its own (D shows them)".into(),
            Err(Unknown::NotYetPublic(phases)) => {
                let names: Vec<&str> = phases.iter().map(|p| p.as_str()).collect();
                format!("unknown then (no {} event public yet)", names.join(" or "))
            }
        }
    }

    /// The figure alone, for the header: "14 months", "c. 15 months",
    /// "unknown".
    pub fn short(&self, ds: &Dataset) -> String {
        match &self.ends {
            Ok(_) => self.human(ds),
            Err(_) => "unknown".into(),
        }
    }
}

/// The event a figure starts or ends at, for each phase in `Phase::ALL`'s
/// order: the one the dataset names, else the earliest of the phase
/// (events are sorted, so the first found). All phases in one pass: a
/// forensic timeline has no phases, and a pass per phase over a million
/// events was a tenth of the work that follows reading the file.
pub fn milestone_events_by_phase(ds: &Dataset) -> Vec<Option<usize>> {
    let mut first = vec![None; Phase::ALL.len()];
    for (i, e) in ds.events.iter().enumerate() {
        if let Some(p) = e.phase {
            // `ALL` lists the phases in the order they are declared.
            first[p as usize].get_or_insert(i);
        }
    }
    Phase::ALL
        .iter()
        .zip(first)
        .map(|(&p, found)| match ds.milestones.named(p) {
            Some(id) => ds.event_index(id),
            None => found,
        })
        .collect()
}

pub fn figures(ds: &Dataset) -> Vec<Figure> {
    figures_at(ds, &milestone_events_by_phase(ds))
}

/// The figures, given each phase's milestone event (see
/// `milestone_events_by_phase`).
pub fn figures_at(ds: &Dataset, by_phase: &[Option<usize>]) -> Vec<Figure> {
    Milestone::ALL
        .iter()
        .map(|&m| {
            let (from, to) = m.phases();
            let ends = match (by_phase[from as usize], by_phase[to as usize]) {
                // Figures across incidents mean nothing: a merged view has
                // none, never one computed across its datasets.
                _ if matches!(ds.origin, Origin::Merged(_)) => Err(Unknown::Merged),
                (Some(a), Some(b)) => Ok((a, b)),
                (a, b) => Err(Unknown::Missing(
                    [(a, from), (b, to)]
                        .into_iter()
                        .filter(|(x, _)| x.is_none())
                        .map(|(_, p)| p)
                        .collect(),
                )),
            };
            Figure { milestone: m, ends }
        })
        .collect()
}

/// The figures the public could have worked out when only the events
/// `public` says were public were known: the dataset's named milestones if
/// public by then, else the earliest public event of each phase. A figure
/// whose milestone event was not yet public is unknown "then".
pub fn figures_as_of(ds: &Dataset, public: impl Fn(usize) -> bool) -> Vec<Figure> {
    let at = |phase: Phase| match ds.milestones.named(phase) {
        Some(id) => ds.event_index(id).filter(|&i| public(i)),
        None => (0..ds.events.len()).find(|&i| ds.events[i].phase == Some(phase) && public(i)),
    };
    figures(ds)
        .into_iter()
        .map(|f| {
            if f.ends.is_err() {
                return f;
            }
            let (from, to) = f.milestone.phases();
            let ends = match (at(from), at(to)) {
                (Some(a), Some(b)) => Ok((a, b)),
                (a, b) => Err(Unknown::NotYetPublic(
                    [(a, from), (b, to)]
                        .into_iter()
                        .filter(|(x, _)| x.is_none())
                        .map(|(_, p)| p)
                        .collect(),
                )),
            };
            Figure {
                milestone: f.milestone,
                ends,
            }
        })
        .collect()
}

/// The events the known figures start or end at, in time order, each with
/// what it marks: "discovery: ends dwell time (14 months), starts time to
/// disclose (10 months)".
pub fn milestone_events(ds: &Dataset, figures: &[Figure]) -> Vec<(usize, String)> {
    let mut marks: Vec<(usize, Vec<String>)> = Vec::new();
    let mut mark = |i: usize, text: String| match marks.iter_mut().find(|(e, _)| *e == i) {
        Some((_, v)) => v.push(text),
        None => marks.push((i, vec![text])),
    };
    for f in figures {
        if let Ok((a, b)) = f.ends {
            let span = format!("{} ({})", f.milestone.label(), f.human(ds));
            mark(a, format!("starts {span}"));
            mark(b, format!("ends {span}"));
        }
    }
    marks.sort_by_key(|(i, _)| *i);
    marks
        .into_iter()
        .map(|(i, what)| {
            let phase = ds.events[i].phase.map(|p| p.as_str()).unwrap_or("event");
            (i, format!("{phase}: {}", what.join(", ")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, Syntax};

    fn ds(text: &str) -> Dataset {
        store::parse_text("t.yaml", text, Syntax::Yaml, Origin::Bundled("t"))
            .unwrap()
            .dataset
    }

    #[test]
    fn named_milestones_win_over_the_earliest_of_each_phase() {
        let text = "format: 1\ntitle: t\nmilestones: {compromise: second}\nevents:\n  - {id: first, date: 2018, title: a, phase: compromise}\n  - {id: second, date: 2020-01, title: b, phase: compromise}\n  - {id: found, date: 2020-06, title: c, phase: discovery}\n";
        let d = ds(text);
        let f = figures(&d);
        assert_eq!(f[0].human(&d), "5 months", "from the named compromise, not 2018");
        let by_phase = milestone_events_by_phase(&d);
        assert!(
            Phase::ALL.iter().enumerate().all(|(k, &p)| p as usize == k),
            "phases number as listed"
        );
        assert_eq!(by_phase[Phase::Compromise as usize], Some(1));
        assert_eq!(by_phase[Phase::Discovery as usize], Some(2), "the earliest of a phase not named");
        assert_eq!(by_phase[Phase::Attribution as usize], None);
        let bad = store::parse_text("t.yaml", &text.replace("second}", "secnd}"), Syntax::Yaml, Origin::Bundled("t")).unwrap_err();
        assert!(
            bad.to_string()
                .contains("milestones.compromise: unknown event `secnd`; did you mean `second`?"),
            "{bad}"
        );
    }

    #[test]
    fn a_next_day_disclosure_is_one_day_and_circa_says_so() {
        // Colonial Pipeline: found on the morning of 7 May (US Eastern),
        // told the next day.
        let d = ds("format: 1\ntitle: t\nevents:\n  - {id: in, date: 2021-04-29, circa: true, title: a, phase: compromise}\n  - {id: found, date: '2021-05-07T05:00-04:00', title: b, phase: discovery}\n  - {id: told, date: 2021-05-08, title: c, phase: disclosure}\n");
        let f = figures(&d);
        assert_eq!(f[1].human(&d), "1 day");
        assert_eq!(f[0].human(&d), "c. 8 days", "from an approximate date");
    }

    #[test]
    fn a_merged_view_has_no_figures_of_its_own() {
        let a = store::load("uk-electoral-commission").unwrap().dataset;
        let b = store::load("apt31").unwrap().dataset;
        let merged = crate::model::merge(&[&a, &b]);
        assert!(figures(&merged).iter().all(|f| f.ends == Err(Unknown::Merged)));
    }
}
