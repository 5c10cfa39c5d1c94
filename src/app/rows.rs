//! Which events the timeline shows for a search and the filters. A job
//! carries everything it reads (shared, so cheap to send to a worker
//! thread) and gives up as soon as a newer job has been asked for.

use crate::model::{ActorIx, SourceIx};
use crate::search::Query;
use crate::session::Current;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A cross-link filter set from the actor or source pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFilter {
    Actor(ActorIx),
    Source(SourceIx),
}

#[derive(Debug, Clone)]
pub struct RowsJob {
    pub generation: u64,
    /// The newest generation asked for; this job is abandoned once it moves on.
    pub latest: Arc<AtomicU64>,
    pub current: Current,
    pub query: Query,
    /// A previous search's results that hold every result of this one
    /// (the query only grew), to search instead of every event.
    pub within: Option<Arc<Vec<u32>>>,
    pub link: Option<LinkFilter>,
    pub ranked: bool,
    /// Show only events public by this moment (Unix seconds): the knowledge
    /// cursor's date, over.
    pub public_by: Option<i64>,
    /// Keep the events not yet public (drawn dimmed) instead of hiding them.
    pub keep_unpublic: bool,
    /// Show only these events (by id): the starred ones.
    pub only: Option<Arc<std::collections::HashSet<String>>>,
    /// Only counted, for the filter menu, not shown.
    pub preview: bool,
    /// The search marks its matches among every event instead of hiding
    /// the others.
    pub highlight: bool,
}

/// A job's answer.
#[derive(Debug, Clone)]
pub struct Rows {
    pub generation: u64,
    /// The search's own results, before the link filter, in time order:
    /// what a longer query can narrow. None without a search.
    pub matched: Option<(Query, Arc<Vec<u32>>)>,
    pub rows: Vec<u32>,
    /// The row to select when the selection follows the search.
    pub best: usize,
    /// With a knowledge cursor: how many events were public then.
    pub public: Option<usize>,
    /// The shown events per day, for the density strip.
    pub histogram: Arc<super::density::Histogram>,
    /// The answer to a filter menu's count, not rows to show.
    pub preview: bool,
    /// In highlight mode: the events the search matches, by index (sorted),
    /// among the rows, which are not narrowed by it.
    pub highlighted: Option<Arc<Vec<u32>>>,
}

impl RowsJob {
    pub fn abandoned(&self) -> bool {
        self.latest.load(Ordering::Relaxed) != self.generation
    }

    /// The rows, or None if a newer job made this one moot.
    pub fn run(&self) -> Option<Rows> {
        let ds = &self.current.dataset;
        let index = &self.current.index;
        let abandoned = || self.abandoned();
        let matched = if self.query.is_empty() {
            None
        } else {
            let r = index.filter_until(ds, &self.query, self.within.as_deref().map(|v| v.as_slice()), &abandoned)?;
            Some(Arc::new(r))
        };
        let mut rows: Vec<u32> = match &matched {
            Some(m) if !self.highlight => m.to_vec(),
            _ => (0..ds.events.len() as u32).collect(),
        };
        if let Some(link) = self.link {
            rows.retain(|&i| {
                let e = &ds.events[i as usize];
                match link {
                    LinkFilter::Actor(a) => e.actors().contains(&a),
                    LinkFilter::Source(s) => e.sources.contains(&s),
                }
            });
        }
        if let Some(only) = &self.only {
            rows.retain(|&i| only.contains(&*ds.events[i as usize].id));
        }
        let public = self.public_by.map(|by| {
            let known = &self.current.knowledge().known;
            if !self.keep_unpublic {
                rows.retain(|&i| known[i as usize] <= by);
            }
            known.iter().filter(|&&t| t <= by).count()
        });
        if self.preview {
            // A count needs no order and no strip.
            return Some(Rows {
                generation: self.generation,
                matched: None,
                rows,
                best: 0,
                public,
                histogram: Default::default(),
                preview: true,
                highlighted: None,
            });
        }
        if self.ranked && matched.is_some() && !self.highlight {
            rows = index.rank_until(ds, &rows, &self.query, &abandoned)?;
        }
        let histogram = Arc::new(super::density::Histogram::build(
            &self.current.days,
            &self.current.extra_days,
            &rows,
        ));
        let highlighted = matched.clone().filter(|_| self.highlight);
        let best = match &highlighted {
            // The first match is where the reader goes.
            Some(h) => rows.iter().position(|r| h.binary_search(r).is_ok()).unwrap_or(0),
            None => index.best_position(&rows, &self.query),
        };
        Some(Rows {
            generation: self.generation,
            matched: matched.map(|m| (self.query.clone(), m)),
            rows,
            best,
            public,
            histogram,
            preview: self.preview,
            highlighted,
        })
    }
}
