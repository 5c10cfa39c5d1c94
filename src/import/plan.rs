//! Which column of a row is what, for each forensic timeline itx opens
//! (Timesketch, plaso's outputs, Hayabusa, DFIR-IRIS) and for any other CSV
//! or JSON lines by a `--map`: the time, the title, the summary, the tags,
//! the actors. Every other column is kept as a field, so nothing a tool
//! wrote is lost.

use super::timestamps;
use crate::model::PartialDate;
use serde_json::Value;
use std::borrow::Cow;

/// A zone for times written without an offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    Utc,
    Fixed(chrono::FixedOffset),
    Named(chrono_tz::Tz),
}

impl Zone {
    /// `UTC`, an offset (`+02:00`, `-0500`) or a zone name (`Europe/London`,
    /// `CET`), as plaso and IRIS write them.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let t = text.trim();
        if t.is_empty() || t.eq_ignore_ascii_case("utc") || t == "Z" || t.eq_ignore_ascii_case("gmt") {
            return Ok(Zone::Utc);
        }
        if let Some(sign) = t.strip_prefix(['+', '-']).map(|_| if t.starts_with('-') { -1 } else { 1 }) {
            let digits: String = t[1..].chars().filter(char::is_ascii_digit).collect();
            let (h, m) = match digits.len() {
                1 | 2 => (digits.parse::<i32>().ok(), Some(0)),
                4 => (digits[..2].parse().ok(), digits[2..].parse().ok()),
                _ => (None, None),
            };
            if let (Some(h), Some(m)) = (h, m) {
                if let Some(o) = chrono::FixedOffset::east_opt(sign * (h * 3600 + m * 60)) {
                    return Ok(Zone::Fixed(o));
                }
            }
        }
        // Abbreviations that name one offset (plaso's l2tcsv writes the
        // zone's abbreviation in force: CEST in summer for Europe/Berlin).
        const ABBREVIATIONS: &[(&str, i32)] = &[
            ("WET", 0),
            ("BST", 60),
            ("IST", 60),
            ("WEST", 60),
            ("CEST", 120),
            ("EET", 120),
            ("EEST", 180),
            ("MSK", 180),
            ("JST", 540),
            ("KST", 540),
            ("AEST", 600),
            ("AEDT", 660),
            ("EST", -300),
            ("EDT", -240),
            ("CST", -360),
            ("CDT", -300),
            ("MST", -420),
            ("MDT", -360),
            ("PST", -480),
            ("PDT", -420),
        ];
        if let Some((_, minutes)) = ABBREVIATIONS.iter().find(|(a, _)| t.eq_ignore_ascii_case(a)) {
            return chrono::FixedOffset::east_opt(minutes * 60)
                .map(Zone::Fixed)
                .ok_or_else(|| t.to_string());
        }
        t.parse::<chrono_tz::Tz>()
            .map(Zone::Named)
            .map_err(|_| format!("{t:?} is not a time zone (UTC, an offset such as +02:00, or a name such as Europe/London)"))
    }

    /// The offset, as `+HH:MM`, in force at this wall-clock time.
    fn offset_at(self, local: chrono::NaiveDateTime) -> String {
        use chrono::{Offset, TimeZone};
        let seconds = match self {
            Zone::Utc => 0,
            Zone::Fixed(o) => o.local_minus_utc(),
            // A time the clocks skipped is read as the earlier offset.
            Zone::Named(tz) => match tz.offset_from_local_datetime(&local) {
                chrono::LocalResult::Single(o) | chrono::LocalResult::Ambiguous(o, _) => o.fix().local_minus_utc(),
                chrono::LocalResult::None => tz.offset_from_utc_datetime(&local).fix().local_minus_utc(),
            },
        };
        let sign = if seconds < 0 { '-' } else { '+' };
        let s = seconds.abs();
        format!("{sign}{:02}:{:02}", s / 3600, s % 3600 / 60)
    }
}

/// Where a row's time is.
#[derive(Debug, Clone, PartialEq)]
pub enum Time {
    /// Timesketch's rule: `datetime`, else `timestamp` (an epoch number).
    Timesketch,
    /// One column: ISO 8601 (with a `T` or a space), or an epoch number.
    Column(String),
    /// plaso's l2tcsv: `date` as MM/DD/YYYY, `time`, and the zone's name
    /// in `timezone`.
    L2t,
    /// A time column and a column holding its zone (DFIR-IRIS's
    /// `event_date` and `event_tz`).
    WithZone { time: String, zone: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The tool that wrote such files, for the dataset's title and source.
    pub tool: &'static str,
    pub time: Time,
    /// For times without an offset.
    pub zone: Zone,
    /// The first of these columns that has a value is the title.
    pub title: Vec<String>,
    pub summary: Option<String>,
    /// Columns of tags: a list, or words split on `,` or `¦`.
    pub tags: Vec<String>,
    /// A column naming the event's actors (split as tags are).
    pub actors: Option<String>,
    /// Whether a title starts with its own time and `; ` (plaso's tln
    /// writes `2012-01-22T07:52:33+00:00; Content Modification Time; ...`),
    /// which the timeline's date column already shows.
    pub title_after_time: bool,
    /// Whether ATT&CK ids among the tags (`T1059.001`, `attack.t1059`)
    /// also become the event's techniques.
    pub techniques_from_tags: bool,
    /// Columns that are the event itself, not fields: the time's and the
    /// title's, and Timesketch's `tag`.
    pub own: Vec<String>,
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// plaso's `dynamic` CSV starts with this header (and adds columns after).
pub const PLASO_DYNAMIC: &str = "datetime,timestamp_desc,source,source_long,message,parser";
/// plaso's l2tcsv header.
pub const L2TCSV: &str = "date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra";
/// plaso's tln and l2ttln headers (l2ttln adds `|TZ|Notes`).
pub const TLN: &str = "Time|Source|Host|User|Description";
const HAYABUSA: &[&str] = &["Timestamp", "RuleTitle", "Level"];
const IRIS: &[&str] = &["event_date", "event_title"];

impl Plan {
    /// Timesketch's importer, and plaso's `dynamic` CSV and `json_line`.
    pub fn timesketch(plaso: bool) -> Plan {
        Plan {
            tool: if plaso { "plaso" } else { "Timesketch" },
            time: Time::Timesketch,
            zone: Zone::Utc,
            title: strings(&["message"]),
            summary: None,
            // plaso's json_line writes an event's tags as an object
            // (`"tag": {"labels": [...]}`), read flattened.
            tags: strings(&["tag", "tag.labels"]),
            actors: None,
            title_after_time: false,
            techniques_from_tags: false,
            own: strings(&["message", "datetime", "timestamp", "tag", "tag.labels"]),
        }
    }

    /// plaso's l2tcsv: `desc` the title, the rest fields.
    pub fn l2tcsv() -> Plan {
        Plan {
            tool: "plaso",
            time: Time::L2t,
            zone: Zone::Utc,
            title: strings(&["desc", "short"]),
            summary: None,
            tags: Vec::new(),
            actors: None,
            title_after_time: false,
            techniques_from_tags: false,
            own: strings(&["date", "time", "timezone", "desc"]),
        }
    }

    /// plaso's tln and l2ttln: `Time` in epoch seconds, `Description` the
    /// title.
    pub fn tln() -> Plan {
        Plan {
            tool: "plaso",
            time: Time::Column("Time".into()),
            zone: Zone::Utc,
            title: strings(&["Description"]),
            summary: None,
            tags: Vec::new(),
            actors: None,
            title_after_time: true,
            techniques_from_tags: false,
            own: strings(&["Time", "Description"]),
        }
    }

    /// Hayabusa's CSV and JSONL: the rule's title is the title, the level
    /// and the rest fields, its ATT&CK tags tags and techniques.
    pub fn hayabusa() -> Plan {
        Plan {
            tool: "Hayabusa",
            time: Time::Column("Timestamp".into()),
            zone: Zone::Utc,
            title: strings(&["RuleTitle"]),
            summary: None,
            tags: strings(&["MitreTactics", "MitreTags", "OtherTags"]),
            actors: None,
            title_after_time: false,
            techniques_from_tags: true,
            own: strings(&["Timestamp", "RuleTitle", "MitreTactics", "MitreTags", "OtherTags"]),
        }
    }

    /// DFIR-IRIS's timeline CSV.
    pub fn iris() -> Plan {
        Plan {
            tool: "DFIR-IRIS",
            time: Time::WithZone {
                time: "event_date".into(),
                zone: "event_tz".into(),
            },
            zone: Zone::Utc,
            title: strings(&["event_title"]),
            summary: Some("event_content".into()),
            tags: strings(&["event_tags"]),
            actors: None,
            title_after_time: false,
            techniques_from_tags: true,
            own: strings(&["event_date", "event_tz", "event_title", "event_content", "event_tags"]),
        }
    }

    /// A `--map` as typed: `time=COL,title=COL[,summary=COL,tags=COL,
    /// actors=COL,tz=ZONE]`.
    pub fn mapped(spec: &str) -> Result<Plan, String> {
        let mut plan = Plan {
            tool: "mapped",
            time: Time::Column(String::new()),
            zone: Zone::Utc,
            title: Vec::new(),
            summary: None,
            tags: Vec::new(),
            actors: None,
            title_after_time: false,
            techniques_from_tags: true,
            own: Vec::new(),
        };
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = part.split_once('=') else {
                return Err(format!("--map: `{part}` is not KEY=COLUMN (such as time=Date)"));
            };
            let value = value.trim().to_string();
            if value.is_empty() {
                return Err(format!("--map: `{key}=` names no column"));
            }
            match key.trim() {
                "time" => plan.time = Time::Column(value.clone()),
                "title" => plan.title = vec![value.clone()],
                "summary" => plan.summary = Some(value.clone()),
                "tags" => plan.tags.push(value.clone()),
                "actors" => plan.actors = Some(value.clone()),
                "tz" => {
                    plan.zone = Zone::parse(&value).map_err(|e| format!("--map tz: {e}"))?;
                    continue;
                }
                other => {
                    return Err(format!(
                        "--map: `{other}` is not a key; the keys are time, title, summary, tags, actors and tz"
                    ))
                }
            }
            plan.own.push(value);
        }
        if plan.time == Time::Column(String::new()) || plan.title.is_empty() {
            return Err("--map needs at least time=COLUMN and title=COLUMN".into());
        }
        Ok(plan)
    }

    /// The plan for a CSV (or pipe-separated) file with this header, if
    /// itx knows its columns.
    pub fn for_header(header: &[String]) -> Option<Plan> {
        let line = header.join(",");
        let has = |k: &str| header.iter().any(|h| h == k);
        if line.starts_with(L2TCSV.split(",extra").next().unwrap_or(L2TCSV)) {
            Some(Plan::l2tcsv())
        } else if header.len() >= 5 && header[..5].join("|") == TLN {
            Some(Plan::tln())
        } else if HAYABUSA.iter().all(|k| has(k)) {
            Some(Plan::hayabusa())
        } else if IRIS.iter().all(|k| has(k)) {
            Some(Plan::iris())
        } else if has("message") && (has("datetime") || has("timestamp")) {
            Some(Plan::timesketch(line.starts_with(PLASO_DYNAMIC)))
        } else {
            None
        }
    }

    /// The plan for JSON lines whose first object `has` the members named.
    pub fn for_json_line(has: impl Fn(&str) -> bool) -> Plan {
        if HAYABUSA.iter().all(|k| has(k)) {
            Plan::hayabusa()
        } else {
            Plan::timesketch(has("__container_type__") || has("parser"))
        }
    }

    /// Why a file with this header cannot be read by this plan: the
    /// columns it names that the header lacks.
    pub fn check_header(&self, header: &[String]) -> Result<(), String> {
        let has = |k: &str| header.iter().any(|h| h == k);
        let mut needed: Vec<&str> = Vec::new();
        match &self.time {
            Time::Timesketch if !(has("datetime") || has("timestamp")) => needed.push("datetime` or `timestamp"),
            Time::Column(c) if !has(c) => needed.push(c),
            Time::WithZone { time, .. } if !has(time) => needed.push(time),
            Time::L2t if !(has("date") && has("time")) => needed.push("date` and `time"),
            _ => {}
        }
        if !self.title.iter().any(|t| has(t)) {
            needed.push(self.title.first().map_or("title", String::as_str));
        }
        for c in self.summary.iter().chain(&self.actors) {
            if self.tool == "mapped" && !has(c) {
                needed.push(c);
            }
        }
        if needed.is_empty() {
            return Ok(());
        }
        let what = match self.tool {
            "mapped" => "the --map".to_string(),
            t => format!("a {t} file"),
        };
        Err(format!(
            "{what} needs the column{} `{}`; this file's header is: {}",
            if needed.len() == 1 { "" } else { "s" },
            needed.join("`, `"),
            crate::store::clean::clean_line(&header.join(", "))
        ))
    }

    /// The title cell as the title: without a leading time where the plan
    /// says the tool writes one.
    pub fn title_text<'a>(&self, cell: &'a str) -> &'a str {
        if !self.title_after_time {
            return cell;
        }
        match cell.split_once("; ") {
            Some((time, rest)) if !rest.trim().is_empty() && timestamps::datetime(time).is_ok() => rest,
            _ => cell,
        }
    }

    /// A row's date by this plan, or why it has none.
    pub fn date(&self, row: &(impl Row + ?Sized)) -> Result<PartialDate, String> {
        let text = |k: &str| row.text(k);
        match &self.time {
            Time::Timesketch => match text("datetime") {
                Some(d) => timestamps::datetime(&d).map_err(|e| format!("datetime {e}")),
                None => match text("timestamp") {
                    Some(t) => timestamps::epoch(&t).map_err(|e| format!("timestamp {e}")),
                    None => Err("no datetime or timestamp".into()),
                },
            },
            Time::Column(c) => {
                let t = text(c).ok_or_else(|| format!("no {c}"))?;
                self.in_zone(&t, self.zone).map_err(|e| format!("{c} {e}"))
            }
            Time::WithZone { time, zone } => {
                let t = text(time).ok_or_else(|| format!("no {time}"))?;
                let z = match text(zone) {
                    Some(z) => Zone::parse(&z).map_err(|e| format!("{zone} {e}"))?,
                    None => self.zone,
                };
                self.in_zone(&t, z).map_err(|e| format!("{time} {e}"))
            }
            Time::L2t => {
                let (Some(d), Some(t)) = (text("date"), text("time")) else {
                    return Err("no date or time".into());
                };
                let mut parts = d.split('/');
                let (Some(m), Some(day), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
                    return Err(format!("date {d:?} is not MM/DD/YYYY"));
                };
                let iso = format!("{y}-{m:0>2}-{day:0>2} {t}");
                let z = match text("timezone") {
                    Some(z) => Zone::parse(&z).map_err(|e| format!("timezone {e}"))?,
                    None => self.zone,
                };
                self.in_zone(&iso, z).map_err(|e| format!("date and time {e}"))
            }
        }
    }

    /// `text` as a date; a date and time written without an offset is in
    /// `zone`.
    fn in_zone(&self, text: &str, zone: Zone) -> Result<PartialDate, String> {
        let t = text.trim();
        let has_offset = t
            .get(10..)
            .is_some_and(|clock| clock.contains(['Z', 'z', '+']) || clock.get(1..).is_some_and(|c| c.contains('-')));
        let epoch = t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
        if zone == Zone::Utc || has_offset || epoch || t.len() <= 10 {
            return timestamps::datetime(t);
        }
        let bad = || format!("{t:?} is not a date and time (such as 2021-05-07 05:00:12)");
        let (day, clock) = (t.get(..10).ok_or_else(bad)?, t.get(11..).ok_or_else(bad)?);
        let whole = clock.split('.').next().unwrap_or_default();
        let local = chrono::NaiveDateTime::parse_from_str(&format!("{day} {whole}"), "%Y-%m-%d %H:%M:%S")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(&format!("{day} {whole}"), "%Y-%m-%d %H:%M"))
            .map_err(|_| bad())?;
        timestamps::datetime(&format!("{t}{}", zone.offset_at(local)))
    }
}

/// A row's cells by column name, as a plan reads them: a JSON line's
/// object, or a CSV record through its header (`rows::CsvRow`), which
/// need not become an object first.
pub trait Row {
    /// A column's text: not blank, or a number as written.
    fn text(&self, column: &str) -> Option<Cow<'_, str>>;
    /// A tags column's words (see `words_in`).
    fn words(&self, column: &str) -> Vec<String>;
}

/// A cell's text: a string that is not blank, or a number.
pub fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Words of a tags cell's text: a JSON list written as text, `-` for
/// none, else split on `,` and Hayabusa's `¦`.
pub fn words_in(s: &str) -> Vec<String> {
    let s = s.trim();
    if s.starts_with('[') && s.ends_with(']') {
        if let Some(words) = plain_list(s) {
            return words;
        }
        return serde_json::from_str::<Vec<Value>>(s)
            .map(|a| a.iter().filter_map(text_of).collect())
            .unwrap_or_else(|_| vec![s.to_string()]);
    }
    if s == "-" {
        return Vec::new();
    }
    s.split([',', '¦'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// The items of a JSON list of plain strings (`[]`, `["T1110", "x y"]`:
/// no escapes, no control characters), as `words_in` reads them, without
/// building the list: Hayabusa writes three on every line. None for
/// anything else, which serde_json reads.
fn plain_list(s: &str) -> Option<Vec<String>> {
    let mut rest = s.strip_prefix('[')?.strip_suffix(']')?.trim_start();
    let mut words = Vec::new();
    while !rest.is_empty() {
        let (item, after) = rest.strip_prefix('"')?.split_once('"')?;
        if item.bytes().any(|b| b == b'\\' || b < 0x20) {
            return None;
        }
        if !item.trim().is_empty() {
            words.push(item.to_string());
        }
        rest = after.trim_start();
        if !rest.is_empty() {
            rest = rest.strip_prefix(',')?.trim_start();
            if rest.is_empty() {
                return None;
            }
        }
    }
    Some(words)
}

/// An ATT&CK technique id in a tag as detection rules write them
/// (`T1059.001`, `attack.t1059.001`).
pub fn technique_in(tag: &str) -> Option<crate::model::TechniqueIx> {
    let t = tag.trim();
    let id = t.strip_prefix("attack.").unwrap_or(t);
    let b = id.as_bytes();
    if b.len() >= 5 && b[0].eq_ignore_ascii_case(&b't') && b[1..5].iter().all(u8::is_ascii_digit) {
        crate::model::attack::find(id)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of text cells, as a CSV record read by its header.
    struct Cells<'a>(&'a [(&'a str, &'a str)]);

    impl Row for Cells<'_> {
        fn text(&self, column: &str) -> Option<Cow<'_, str>> {
            let cell = self.0.iter().find(|(k, _)| *k == column)?.1;
            (!cell.trim().is_empty()).then_some(Cow::Borrowed(cell))
        }
        fn words(&self, column: &str) -> Vec<String> {
            self.text(column).map(|t| words_in(&t)).unwrap_or_default()
        }
    }

    fn row<'a>(pairs: &'a [(&'a str, &'a str)]) -> Cells<'a> {
        Cells(pairs)
    }

    #[test]
    fn each_format_reads_its_time_as_written() {
        let l2t = Plan::l2tcsv();
        let at = |p: &Plan, r| p.date(&row(r)).map(|d| d.to_string());
        assert_eq!(
            at(&l2t, &[("date", "01/22/2012"), ("time", "08:52:33"), ("timezone", "CET")]),
            Ok("2012-01-22T08:52:33+01:00".into()),
            "plaso's l2tcsv writes the zone's name"
        );
        assert_eq!(
            at(&l2t, &[("date", "07/04/2012"), ("time", "08:52:33"), ("timezone", "Europe/London")]),
            Ok("2012-07-04T08:52:33+01:00".into()),
            "summer time where the zone has it"
        );
        assert!(at(&l2t, &[("date", "2012-01-22"), ("time", "08:52:33")])
            .unwrap_err()
            .contains("MM/DD/YYYY"));
        assert_eq!(at(&Plan::tln(), &[("Time", "1327218753")]), Ok("2012-01-22T07:52:33Z".into()));
        assert_eq!(
            Plan::tln().title_text("2012-01-22T07:52:33+00:00; Content Modification Time; cron ran"),
            "Content Modification Time; cron ran",
            "the time tln writes first is the date column's already"
        );
        assert_eq!(
            at(&Plan::hayabusa(), &[("Timestamp", "2021-12-12 16:16:04.123 +09:00")]),
            Ok("2021-12-12T16:16:04.123+09:00".into())
        );
        assert_eq!(
            at(&Plan::iris(), &[("event_date", "2023-03-02T14:25:13.000"), ("event_tz", "+02:00")]),
            Ok("2023-03-02T14:25:13.000+02:00".into())
        );
        let mapped = Plan::mapped("time=When,title=What,tz=America/New_York").unwrap();
        assert_eq!(
            at(&mapped, &[("When", "2024-01-05 09:00:00")]),
            Ok("2024-01-05T09:00:00-05:00".into())
        );
        assert_eq!(
            at(&mapped, &[("When", "2024-01-05T09:00:00Z")]),
            Ok("2024-01-05T09:00:00Z".into()),
            "a written offset wins over tz"
        );
    }

    #[test]
    fn a_map_says_what_is_wrong_with_it() {
        assert!(Plan::mapped("title=x").unwrap_err().contains("time=COLUMN"));
        assert!(Plan::mapped("time=a,title=b,colour=c")
            .unwrap_err()
            .contains("`colour` is not a key"));
        assert!(Plan::mapped("time,title=b").unwrap_err().contains("KEY=COLUMN"));
        assert!(Plan::mapped("time=a,title=b,tz=Mars/Olympus")
            .unwrap_err()
            .contains("not a time zone"));
        let p = Plan::mapped("time=a,title=b,actors=who").unwrap();
        let header: Vec<String> = strings(&["a", "b"]);
        assert!(p.check_header(&header).unwrap_err().contains("`who`"));
    }

    #[test]
    fn headers_name_their_tool() {
        let plan = |h: &str, sep: char| Plan::for_header(&h.split(sep).map(String::from).collect::<Vec<_>>()).map(|p| p.tool);
        assert_eq!(plan(L2TCSV, ','), Some("plaso"));
        assert_eq!(plan("Time|Source|Host|User|Description|TZ|Notes", '|'), Some("plaso"));
        assert_eq!(
            plan(
                "Timestamp,RuleTitle,Level,Computer,Channel,EventID,RecordID,Details,ExtraFieldInfo,RuleID",
                ','
            ),
            Some("Hayabusa")
        );
        assert_eq!(plan("event_date,event_tz,event_title,event_category", ','), Some("DFIR-IRIS"));
        assert_eq!(
            plan("datetime,timestamp_desc,source,source_long,message,parser,display_name,tag", ','),
            Some("plaso")
        );
        assert_eq!(plan("message,datetime,timestamp_desc", ','), Some("Timesketch"));
        assert_eq!(plan("when,what", ','), None);
        assert_eq!(plan("datetime,what", ','), None, "a time without a message is no Timesketch file");
    }

    #[test]
    fn detection_tags_carry_their_techniques() {
        assert!(technique_in("attack.t1059.001").is_some());
        assert!(technique_in("T1566").is_some());
        assert_eq!(technique_in("attack.execution"), None);
        assert_eq!(technique_in("T9999"), None);
        assert_eq!(technique_in("t12"), None, "too short to be an id");
        assert_eq!(words_in("[a, b"), ["[a", "b"], "not a JSON list: words");
        assert_eq!(words_in("[\"a\", \"b c\"]"), ["a", "b c"]);
        assert_eq!(text_of(&Value::String("  ".into())), None, "a blank cell is no value");
        assert_eq!(words_in("Exec ¦ LatMov"), ["Exec", "LatMov"]);
        // Plain lists read without serde_json, as serde_json reads them.
        for list in [
            "[]",
            "[ ]",
            r#"["T1110"]"#,
            r#"[ "a" , "b c", "  ", ""]"#,
            r#"["a",]"#,
            r#"["a" "b"]"#,
            r#"["a\"b"]"#,
            r#"["a\u0041"]"#,
            "[\"a\tb\"]",
            r#"[1, "a"]"#,
            r#"["a", ["b"]]"#,
            r#"["a"#,
        ] {
            let slow = serde_json::from_str::<Vec<Value>>(list.trim())
                .map(|a| a.iter().filter_map(text_of).collect())
                .unwrap_or_else(|_| vec![list.trim().to_string()]);
            assert_eq!(words_in(list), slow, "{list}");
        }
        assert_eq!(plain_list(r#"["a", "b"]"#), Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(plain_list(r#"["a\"b"]"#), None, "escapes are left to serde_json");
    }

    #[test]
    fn zones_as_tools_write_them() {
        let offset = |z: &str| match Zone::parse(z) {
            Ok(Zone::Utc) => 0,
            Ok(Zone::Fixed(o)) => o.local_minus_utc() / 60,
            other => panic!("{z}: {other:?}"),
        };
        for utc in ["", "UTC", "utc", "Z", "GMT"] {
            assert_eq!(offset(utc), 0, "{utc:?}");
        }
        assert_eq!(offset("+05:30"), 330);
        assert_eq!(offset("-0500"), -300);
        assert_eq!(offset("+09"), 540);
        for (abbr, minutes) in [
            ("EST", -300),
            ("EDT", -240),
            ("CST", -360),
            ("CDT", -300),
            ("MST", -420),
            ("MDT", -360),
            ("PST", -480),
            ("PDT", -420),
            ("JST", 540),
            ("AEST", 600),
            ("BST", 60),
            ("WET", 0),
        ] {
            assert_eq!(offset(abbr), minutes, "{abbr}");
        }
        assert!(matches!(Zone::parse("Europe/London"), Ok(Zone::Named(_))));
    }

    #[test]
    fn a_written_offset_is_kept_whatever_the_zone_and_utc_is_z() {
        let p = Plan::mapped("time=t,title=x,tz=America/New_York").unwrap();
        let at = |t: &str| p.date(&row(&[("t", t)])).map(|d| d.to_string());
        assert_eq!(at("2024-01-05 09:00:00+01:00"), Ok("2024-01-05T09:00:00+01:00".into()));
        assert_eq!(at("2024-01-05 09:00:00-03:00"), Ok("2024-01-05T09:00:00-03:00".into()));
        assert_eq!(at("2024-01-05 09:00:00Z"), Ok("2024-01-05T09:00:00Z".into()));
        assert_eq!(at("1704445200"), Ok("2024-01-05T09:00:00Z".into()), "an epoch is UTC");
        assert_eq!(at("1704445200123"), Ok("2024-01-05T09:00:00.123Z".into()), "in milliseconds too");
        let london = Plan::mapped("time=t,title=x,tz=Europe/London").unwrap();
        assert_eq!(
            london.date(&row(&[("t", "2024-01-05 09:00:00")])).map(|d| d.to_string()),
            Ok("2024-01-05T09:00:00Z".into()),
            "London in winter is UTC, written Z"
        );
    }

    #[test]
    fn a_header_without_the_plan_s_columns_is_named() {
        let header = |h: &str| h.split(',').map(String::from).collect::<Vec<_>>();
        let err = |p: Plan, h: &str| p.check_header(&header(h)).unwrap_err();
        assert!(err(Plan::timesketch(false), "message,when").contains("the column `datetime` or `timestamp`;"));
        assert!(Plan::timesketch(false).check_header(&header("message,timestamp")).is_ok());
        assert!(err(Plan::hayabusa(), "RuleTitle,Level").contains("`Timestamp`"));
        assert!(err(Plan::iris(), "event_title,event_tz").contains("`event_date`"));
        assert!(err(Plan::l2tcsv(), "date,desc").contains("`date` and `time`"));
        assert!(err(Plan::l2tcsv(), "time,desc").contains("`date` and `time`"));
        assert!(Plan::l2tcsv().check_header(&header("date,time,desc")).is_ok());
    }

    #[test]
    fn json_lines_take_plaso_by_its_marks_and_a_title_keeps_what_is_not_a_time() {
        let only = |k: &'static str| move |name: &str| name == k;
        assert_eq!(Plan::for_json_line(only("parser")).tool, "plaso");
        assert_eq!(Plan::for_json_line(only("__container_type__")).tool, "plaso");
        assert_eq!(Plan::for_json_line(only("message")).tool, "Timesketch");
        let tln = Plan::tln();
        assert_eq!(tln.title_text("not a time; the rest"), "not a time; the rest");
        assert_eq!(tln.title_text("2012-01-22T07:52:33+00:00; "), "2012-01-22T07:52:33+00:00; ");
        assert_eq!(
            Plan::l2tcsv().title_text("2012-01-22T07:52:33+00:00; x"),
            "2012-01-22T07:52:33+00:00; x"
        );
        let short = |h: &str| Plan::for_header(&h.split('|').map(String::from).collect::<Vec<_>>()).map(|p| p.tool);
        assert_eq!(short("Time|Source"), None, "a short pipe header is not tln");
    }
}
