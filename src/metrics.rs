//! The headline figures of an incident, from the phases of its events.

use crate::model::{Dataset, Event, Interval, Phase};

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

/// One figure: the interval between the earliest events of two phases, or
/// which phase is missing. Unknown is never shown as zero.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub milestone: Milestone,
    /// Indices into `Dataset::events` of the two events the figure spans.
    pub ends: Result<(usize, usize), Vec<Phase>>,
}

impl Figure {
    pub fn interval(&self, ds: &Dataset) -> Option<Interval> {
        let (a, b) = self.ends.as_ref().ok()?;
        Some(Interval::new(ds.events[*a].date, ds.events[*b].date))
    }

    /// "14 months", or "unknown (no discovery event)".
    pub fn human(&self, ds: &Dataset) -> String {
        match &self.ends {
            Ok(_) => self.interval(ds).map(|i| i.human()).unwrap_or_default(),
            Err(missing) => {
                let names: Vec<&str> = missing.iter().map(|p| p.as_str()).collect();
                format!("unknown (no {} event)", names.join(" or "))
            }
        }
    }
}

/// The earliest event of a phase. Events are sorted, so the first one found.
pub fn earliest(ds: &Dataset, phase: Phase) -> Option<usize> {
    ds.events.iter().position(|e: &Event| e.phase == Some(phase))
}

pub fn figures(ds: &Dataset) -> Vec<Figure> {
    Milestone::ALL
        .iter()
        .map(|&m| {
            let (from, to) = m.phases();
            let ends = match (earliest(ds, from), earliest(ds, to)) {
                (Some(a), Some(b)) => Ok((a, b)),
                (a, b) => Err([(a, from), (b, to)]
                    .into_iter()
                    .filter(|(x, _)| x.is_none())
                    .map(|(_, p)| p)
                    .collect()),
            };
            Figure { milestone: m, ends }
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
