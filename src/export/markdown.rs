//! A briefing to paste into a ticket or a wiki: title, summary, milestones,
//! the timeline as a table, actors, sources with links, quotes. Every
//! piece of the dataset's text is escaped (`inert`): wikis and ticket
//! systems render Markdown as HTML, and a dataset's text must reach the
//! page as text, never as a tag, a script or a link it did not ask for.

use super::inert::{is_markdown_link, markdown_block, markdown_inline as cell, markdown_url};
use crate::metrics;
use crate::model::Dataset;
use std::fmt::Write;

pub fn render(ds: &Dataset, events: &[usize], marks: &crate::store::marks::Marks) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(&ds.title));
    if let Some(s) = &ds.summary {
        let _ = writeln!(out, "{}\n", markdown_block(s.trim()));
    }
    let _ = writeln!(out, "## Milestones\n");
    for f in metrics::figures(ds) {
        let _ = match &f.ends {
            Ok((a, b)) => writeln!(
                out,
                "- **{}**: {} ({} `{}` to {} `{}`)",
                f.milestone.label(),
                f.human(ds),
                ds.events[*a].date_label(),
                ds.events[*a].id,
                ds.events[*b].date_label(),
                ds.events[*b].id
            ),
            Err(_) => writeln!(out, "- **{}**: {}", f.milestone.label(), f.human(ds)),
        };
    }
    let shown = if events.len() == ds.events.len() {
        format!("{} events", events.len())
    } else {
        format!("{} of {} events", events.len(), ds.events.len())
    };
    let _ = writeln!(out, "\n## Timeline ({shown})\n");
    let _ = writeln!(out, "| Date | Phase | Event | Actors | Sources |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for &i in events {
        let e = &ds.events[i];
        let date = match e.end() {
            Some(end) => format!("{} to {end}", e.date_label()),
            None => e.date_label(),
        };
        let actors: Vec<&str> = e.actors().iter().map(|&a| ds.actor(a).name.as_str()).collect();
        let sources: Vec<String> = e.sources.iter().map(|&s| format!("[{}]", ds.source(s).id)).collect();
        let star = if marks.starred(&e.id) { "★ " } else { "" };
        let note = marks.note(&e.id).map(|n| format!("<br>*Note: {}*", cell(n))).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {star}**{}**{}{note} | {} | {} |",
            cell(&date),
            e.phase.map(|p| p.as_str()).unwrap_or(""),
            cell(&e.title),
            e.summary().map(|s| format!("<br>{}", cell(s.trim()))).unwrap_or_default(),
            cell(&actors.join(", ")),
            sources.join(" "),
        );
    }
    techniques(&mut out, ds, events);
    indicators(&mut out, ds, events);
    if !ds.actors.is_empty() {
        let _ = writeln!(out, "\n## Actors\n");
        for a in &ds.actors {
            let mut facts = vec![a.kind.as_str().to_string()];
            facts.extend(a.country.clone());
            if !a.aliases.is_empty() {
                facts.push(format!("also known as {}", a.aliases.join(", ")));
            }
            let _ = writeln!(out, "- **{}** ({})", cell(&a.name), cell(&facts.join("; ")));
        }
    }
    if !ds.sources.is_empty() {
        let _ = writeln!(out, "\n## Sources\n");
        for s in &ds.sources {
            let title = match &s.url {
                Some(u) if is_markdown_link(u) => format!("[{}]({})", cell(&s.title), markdown_url(u)),
                // Not a web address: shown, never a link.
                Some(u) => format!("{} (address not linked: {})", cell(&s.title), cell(u)),
                None => cell(&s.title),
            };
            let mut facts: Vec<String> = s.publisher.iter().map(|p| cell(p)).collect();
            facts.extend(s.published.map(|d| d.to_string()));
            facts.extend(s.reliability.map(|r| format!("reliability {r}")));
            let _ = writeln!(
                out,
                "- [{}] {title}{}",
                s.id,
                if facts.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", facts.join(", "))
                }
            );
        }
    }
    let quotes: Vec<_> = events
        .iter()
        .flat_map(|&i| ds.events[i].quotes().iter().map(move |q| (i, q)))
        .collect();
    if !quotes.is_empty() {
        let _ = writeln!(out, "\n## Quotes\n");
        for (i, q) in quotes {
            let by = q.by.map(|a| format!(" — {}", cell(&ds.actor(a).name))).unwrap_or_default();
            let src = q.source.map(|s| format!(" [{}]", ds.source(s).id)).unwrap_or_default();
            let text = markdown_block(q.text.trim()).replace('\n', "\n> ");
            let _ = writeln!(out, "> {text}\n>\n> {}{by}{src} ({})\n", ds.events[i].date_label(), ds.events[i].id);
        }
    }
    out
}

/// The ATT&CK techniques of the events written, by tactic in kill-chain
/// order, each linked to ATT&CK and naming its events.
fn techniques(out: &mut String, ds: &Dataset, events: &[usize]) {
    use crate::model::attack;
    let mut used: Vec<(crate::model::TechniqueIx, Vec<&str>)> = Vec::new();
    for &i in events {
        let e = &ds.events[i];
        for &t in e.techniques() {
            match used.iter_mut().find(|(x, _)| *x == t) {
                Some((_, ids)) => ids.push(&e.id),
                None => used.push((t, vec![&e.id])),
            }
        }
    }
    if used.is_empty() {
        return;
    }
    used.sort_by_key(|(t, _)| attack::get(*t).id);
    let _ = writeln!(out, "\n## ATT&CK techniques\n");
    for tactic in &attack::table().tactics {
        let under: Vec<_> = used.iter().filter(|(t, _)| attack::get(*t).tactics.contains(tactic)).collect();
        if under.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{}**\n", attack::tactic_name(tactic));
        for (t, ids) in under {
            let t = attack::get(*t);
            let ids: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
            let _ = writeln!(out, "- [{}]({}) {}: {}", t.id, t.url(), cell(t.name), ids.join(", "));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "*ATT&CK ({}) is © The MITRE Corporation, used under its terms of use.*",
        attack::table().version
    );
}

/// The indicators of the events written, defanged.
fn indicators(out: &mut String, ds: &Dataset, events: &[usize]) {
    let rows: Vec<_> = events
        .iter()
        .flat_map(|&i| ds.events[i].indicators().iter().map(move |x| (&ds.events[i].id, x)))
        .collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## Indicators (defanged)\n");
    let _ = writeln!(out, "| Type | Value | Note | Event |");
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    for (id, x) in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | `{id}` |",
            x.kind,
            cell(&x.shown()),
            cell(x.note.as_deref().unwrap_or(""))
        );
    }
}
