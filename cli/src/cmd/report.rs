//! `whatsnew report`: reads event files (what `whatsnew collect` writes, or any JSON lines in
//! the same format) and prints, per announcement, reach, engagement, the guide funnel and the
//! goal against the holdout, as a table, JSON, CSV or one self-contained HTML page.

use crate::analytics::{AnnouncementReport, Segment, Tally};
use crate::args::{ReportArgs, ReportFormat};
use crate::error::{Error, IoContext, Result};
use crate::events::{Reader, Totals};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use whatsnew_core::Bundle;

mod html;

/// Events handed from the reading thread to the counting one at a time.
const CHUNK: usize = 4096;

/// What the reading thread sends.
enum Chunk {
    Events(Vec<whatsnew_core::event::Event>),
    Malformed(String),
    /// A file that could not be read to its end (a `.gz` still being written or cut short).
    Broken(String),
}

/// Malformed lines reported one by one; the rest are counted.
const SHOWN_MALFORMED: u64 = 20;

/// Runs `whatsnew report`.
pub fn run(args: &ReportArgs) -> Result<()> {
    let bundle = match &args.bundle {
        Some(path) => Some(read_bundle(path)?),
        None => None,
    };
    let (totals, tally) = read_events(&args.events, Tally::new(bundle.as_ref()))?;
    let (other_bundle, future) = (tally.other_bundle, tally.future);
    let report = Report {
        totals,
        other_bundle,
        future,
        bundle: bundle.as_ref().map(|b| b.bundle.clone()),
        announcements: tally.finish(bundle.as_ref()),
    };
    let out = render(&report, args.format);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::Io {
            context: "cannot write the report".into(),
            source: e,
            hint: None,
        })
}

/// Reads event files or folders of them into `tally` (streamed: memory stays flat), saying
/// on stderr which lines were malformed. `report` and `brief --events` share it.
pub fn read_events(paths: &[PathBuf], mut tally: Tally) -> Result<(Totals, Tally)> {
    let files = expand(paths)?;
    // Reading and parsing on one thread, counting on this one: two cores, twice the pace. The
    // channel holds a few chunks, so memory stays bounded whatever the input size.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(8);
    let reading = std::thread::spawn(move || -> Result<Totals> {
        let mut reader = Reader::new();
        let mut batch = Vec::with_capacity(CHUNK);
        for file in &files {
            // A file cut short does not cost the others: what was read of it counts, and it
            // is named (one truncated .gz of a day's rotation used to end the whole report).
            let read = reader.read_file(
                file,
                &mut |e| {
                    batch.push(e);
                    if batch.len() == CHUNK {
                        let _ = tx.send(Chunk::Events(std::mem::take(&mut batch)));
                    }
                },
                &mut |m| {
                    let _ = tx.send(Chunk::Malformed(m));
                },
            );
            // A file that is not there or not ours to read is still an error.
            use std::io::ErrorKind::{NotFound, PermissionDenied};
            match read {
                Err(Error::Io {
                    context, source, ..
                }) if !matches!(source.kind(), NotFound | PermissionDenied) => {
                    let _ = tx.send(Chunk::Broken(format!("{context}: {source}")));
                }
                other => other?,
            }
        }
        let _ = tx.send(Chunk::Events(batch));
        Ok(reader.totals)
    });
    let mut stderr = std::io::stderr();
    let mut shown = 0u64;
    for chunk in rx {
        match chunk {
            Chunk::Events(events) => events.iter().for_each(|e| tally.add(e)),
            Chunk::Broken(m) => {
                let _ = writeln!(
                    stderr,
                    "warning: {m}; the events before that point are counted"
                );
            }
            Chunk::Malformed(m) => {
                shown += 1;
                if shown <= SHOWN_MALFORMED {
                    let _ = writeln!(stderr, "warning: skipped malformed line {m}");
                }
            }
        }
    }
    let totals = reading
        .join()
        .map_err(|_| Error::Usage("reading the event files failed".into()))??;
    if shown > SHOWN_MALFORMED {
        let _ = writeln!(
            stderr,
            "warning: skipped {} more malformed lines",
            shown - SHOWN_MALFORMED
        );
    }
    Ok((totals, tally))
}

/// The report in one format (the fuzz target `report_reader` calls this too).
pub fn render(report: &Report, format: ReportFormat) -> String {
    match format {
        ReportFormat::Table => table(report),
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
            s.push('\n');
            s
        }
        ReportFormat::Csv => csv(report),
        ReportFormat::Html => html::page(report),
    }
}

/// Folders stand for the event files in them (`events-*.jsonl` and `.jsonl.gz`), by name.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .context("cannot read", p)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::Usage(format!(
                    "no event files (*.jsonl, *.jsonl.gz) in `{}`",
                    p.display()
                )));
            }
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

fn read_bundle(path: &Path) -> Result<Bundle> {
    let text = std::fs::read_to_string(path).context("cannot read", path)?;
    // An editor's byte-order mark is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Another major version first: its fields are not these (`missing field revision` said
    // nothing useful about a bundle from a newer whatsnew).
    if let Some(v) = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("version")?.as_str().map(str::to_owned))
    {
        if whatsnew_core::bundle::check_version(&v).is_err() {
            return Err(Error::Usage(format!(
                "`{}` has bundle version {v}, which this whatsnew does not read; report it with the whatsnew that built it",
                path.display()
            )));
        }
    }
    let bundle: Bundle = serde_json::from_str(text).map_err(|e| {
        Error::Usage(format!(
            "`{}` is not a whatsnew bundle: {e}; pass the whatsnew.json `whatsnew build` wrote",
            path.display()
        ))
    })?;
    whatsnew_core::bundle::check_version(&bundle.version).map_err(|_| {
        Error::Usage(format!(
            "`{}` has bundle version {}, which this whatsnew does not read",
            path.display(),
            bundle.version
        ))
    })?;
    Ok(bundle)
}

/// Everything the formats print.
#[derive(Debug, serde::Serialize)]
pub struct Report {
    /// What was read.
    pub totals: Totals,
    /// Events skipped because they belong to another bundle than `--bundle`'s.
    pub other_bundle: u64,
    /// Events dated more than an hour after the report ran (a device's clock ahead): counted,
    /// and goal windows judged as of the report's time rather than theirs.
    #[serde(skip_serializing_if = "is_zero")]
    pub future: u64,
    /// The bundle id, with `--bundle`.
    pub bundle: Option<String>,
    /// Per announcement.
    pub announcements: Vec<AnnouncementReport>,
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate as `38.1%`, or `-`.
pub fn percent(r: Option<f64>) -> String {
    r.map_or("-".into(), |r| format!("{:.1}%", r * 100.0))
}

/// Milliseconds as `42 s`, `3.5 min`, `2.1 h`, `1.5 d`.
pub fn duration(ms: Option<i64>) -> String {
    let Some(ms) = ms else { return "-".into() };
    let s = ms as f64 / 1000.0;
    if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 5400.0 {
        format!("{:.1} min", s / 60.0)
    } else if s < 129_600.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} d", s / 86_400.0)
    }
}

fn plural(n: u64, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// A one-line summary of the input.
pub fn summary(r: &Report) -> String {
    let t = &r.totals;
    let mut s = format!(
        "{}, {}: {}",
        plural(t.files, "file"),
        plural(t.lines, "line"),
        plural(t.events, "event")
    );
    if t.malformed > 0 {
        let _ = write!(s, ", {} malformed (skipped)", thousands(t.malformed));
    }
    if t.duplicates > 0 {
        let _ = write!(s, ", {} (ignored)", plural(t.duplicates, "duplicate"));
    }
    if r.other_bundle > 0 {
        let _ = write!(
            s,
            ", {} of other bundles (ignored)",
            thousands(r.other_bundle)
        );
    }
    if r.future > 0 {
        let _ = write!(
            s,
            ", {} dated in the future (a device's clock ahead; counted, goal windows judged as of now)",
            thousands(r.future)
        );
    }
    s
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn table(r: &Report) -> String {
    let mut s = summary(r);
    s.push('\n');
    if r.announcements.is_empty() {
        s.push_str("\nno announcement events\n");
    }
    for a in &r.announcements {
        s.push('\n');
        let _ = write!(s, "{}", a.id);
        if let Some(b) = &a.benefit {
            // From the bundle: its text reaches a terminal, escape sequences shown as `?`.
            let _ = write!(s, "  {}", printable(b));
        }
        if let Some(d) = &a.display {
            let _ = write!(s, "  ({d})");
        }
        s.push('\n');
        let _ = writeln!(
            s,
            "  reached {} · {} · engaged {} ({}) · dismissed {} ({})",
            plural(a.users_reached, "user"),
            plural(a.impressions, "impression"),
            percent(a.engage_rate),
            thousands(a.engaged_users),
            percent(a.dismiss_rate),
            thousands(a.dismissed_users),
        );
        let _ = write!(
            s,
            "  median time to engage {}",
            duration(a.median_ms_to_engage)
        );
        if a.helpful + a.not_helpful > 0 {
            let _ = write!(
                s,
                " · helpful {} yes / {} no",
                thousands(a.helpful),
                thousands(a.not_helpful)
            );
        }
        if a.anchor_missing > 0 {
            let _ = write!(s, " · anchor missing {}", thousands(a.anchor_missing));
        }
        s.push('\n');
        for (name, segs) in [
            ("surface", &a.by_surface),
            ("locale", &a.by_locale),
            ("audience", &a.by_audience),
        ] {
            if segs.is_empty() {
                continue;
            }
            segment_table(&mut s, name, segs);
        }
        if !a.funnel.is_empty() {
            s.push_str("  guide funnel:");
            for f in &a.funnel {
                let _ = write!(s, " step {} {}", f.step, thousands(f.users));
                if let Some(d) = f.drop_off {
                    let _ = write!(s, " (−{:.1}%) →", d * 100.0);
                }
            }
            if let Some(c) = a.completed_users {
                let _ = write!(s, " · completed {}", thousands(c));
            }
            s.push('\n');
        }
        if let Some(g) = &a.goal {
            let _ = writeln!(
                s,
                "  goal {} within {} d: exposed {} ({}/{}) vs holdout {} ({}/{})",
                g.event,
                g.within_days,
                percent(g.exposed.rate),
                thousands(g.exposed.reached),
                thousands(g.exposed.users),
                percent(g.holdout.rate),
                thousands(g.holdout.reached),
                thousands(g.holdout.users),
            );
            let _ = writeln!(s, "  {}", g.comparison.verdict);
            if let Some(left) = left_out(g) {
                let _ = writeln!(s, "  note: {left}");
            }
            if let Some(w) = &g.sample_ratio {
                let _ = writeln!(s, "  warning: {w}");
            }
        }
    }
    if r.announcements.iter().any(|a| a.goal.is_some()) {
        let _ = writeln!(s, "\nconfidence intervals: {}", crate::analytics::METHOD);
        let compared = r
            .announcements
            .iter()
            .filter(|a| {
                a.goal
                    .as_ref()
                    .is_some_and(|g| g.comparison.ci_low.is_some())
            })
            .count();
        if compared > 1 {
            let _ = writeln!(
                s,
                "{compared} goals compared: even with no real effect, about 1 comparison in 20 comes out \"helped\" or \"hurt\" by chance; read one verdict among many as a lead to check, not a result"
            );
        }
    }
    s
}

/// `text` with its control characters (other than line ends and tabs) shown as `?` (`¿` for
/// the two-byte ones), the same length in bytes so spans still point right: a file or a
/// message must not send escape sequences to the author's terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    // Direction overrides and isolates reorder what the terminal shows ("Trojan Source"):
    // shown as U+FFFD, three bytes for three, so positions stay.
    let bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text
        .chars()
        .any(|c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || bidi(c))
    {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => c,
            c if c.is_control() && c.len_utf8() == 1 => '?',
            c if c.is_control() => '¿',
            c if bidi(c) => '\u{FFFD}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// What a reader of a goal's comparison should know about whom it counts, in words (nothing:
/// `None`).
pub fn left_out(g: &crate::analytics::GoalReport) -> Option<String> {
    let mut parts = Vec::new();
    if g.pending > 0 {
        parts.push(format!(
            "{} of these users are still within their {}-day window at the last event: their goal may yet come, so the rates may rise",
            thousands(g.pending),
            g.within_days
        ));
    }
    if g.both_groups > 0 {
        parts.push(format!(
            "{} users left out: exposed in one place and held back in another",
            thousands(g.both_groups)
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn segment_table(s: &mut String, name: &str, segs: &[Segment]) {
    let width = segs
        .iter()
        .map(|g| g.value.chars().count())
        .chain([name.len()])
        .max()
        .unwrap_or(8);
    let _ = writeln!(
        s,
        "    {name:<width$}  {:>8}  {:>8}  {:>9}",
        "users", "engaged", "dismissed"
    );
    for g in segs {
        let _ = writeln!(
            s,
            "    {:<width$}  {:>8}  {:>8}  {:>9}",
            g.value,
            thousands(g.users_reached),
            percent(g.engage_rate),
            percent(g.dismiss_rate),
        );
    }
}

/// A CSV cell: quoted when needed, and neutralised against formula injection (a leading
/// `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front, as OWASP advises; plain
/// numbers such as `-2.5` stay numbers).
pub fn cell(v: &str) -> String {
    let number = !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.')
        && v.parse::<f64>().is_ok();
    let v = if !number && v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_owned()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

const CSV_HEADER: &[&str] = &[
    "announcement",
    "segment",
    "value",
    "users_reached",
    "impressions",
    "engages",
    "dismisses",
    "engaged_users",
    "dismissed_users",
    "engage_rate",
    "dismiss_rate",
    "helpful",
    "not_helpful",
    "median_seconds_to_engage",
    "goal",
    "exposed_users",
    "exposed_reached",
    "holdout_users",
    "holdout_reached",
    "difference_points",
    "ci_low",
    "ci_high",
    "verdict",
];

/// One row per announcement (`segment` = `all`), then one per surface, locale, audience and
/// guide step; columns that do not apply are empty.
fn csv(r: &Report) -> String {
    let mut s = CSV_HEADER.join(",");
    s.push_str("\r\n");
    let num = |n: u64| n.to_string();
    let opt = |r: Option<f64>| r.map_or(String::new(), |r| r.to_string());
    let mut row = |cells: Vec<String>| {
        let mut cells = cells;
        cells.resize(CSV_HEADER.len(), String::new());
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        s.push_str(&line.join(","));
        s.push_str("\r\n");
    };
    for a in &r.announcements {
        let mut cells = vec![
            a.id.clone(),
            "all".into(),
            String::new(),
            num(a.users_reached),
            num(a.impressions),
            num(a.engages),
            num(a.dismisses),
            num(a.engaged_users),
            num(a.dismissed_users),
            opt(a.engage_rate),
            opt(a.dismiss_rate),
            num(a.helpful),
            num(a.not_helpful),
            a.median_ms_to_engage
                .map_or(String::new(), |m| format!("{:.1}", m as f64 / 1000.0)),
        ];
        if let Some(g) = &a.goal {
            cells.extend([
                g.event.clone(),
                num(g.exposed.users),
                num(g.exposed.reached),
                num(g.holdout.users),
                num(g.holdout.reached),
                opt(g.comparison.difference_points),
                opt(g.comparison.ci_low),
                opt(g.comparison.ci_high),
                g.comparison.verdict.clone(),
            ]);
        }
        row(cells);
        for (name, segs) in [
            ("surface", &a.by_surface),
            ("locale", &a.by_locale),
            ("audience", &a.by_audience),
        ] {
            for g in segs {
                row(vec![
                    a.id.clone(),
                    name.into(),
                    g.value.clone(),
                    num(g.users_reached),
                    String::new(),
                    String::new(),
                    String::new(),
                    num(g.engaged_users),
                    num(g.dismissed_users),
                    opt(g.engage_rate),
                    opt(g.dismiss_rate),
                ]);
            }
        }
        for f in &a.funnel {
            row(vec![
                a.id.clone(),
                "step".into(),
                f.step.to_string(),
                num(f.users),
            ]);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spreadsheet formula injection: every cell that a spreadsheet would run is neutralised.
    #[test]
    fn csv_cells_cannot_start_a_formula() {
        for (raw, safe) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1", "-1"),
            ("-2.5", "-2.5"),
            ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
            ("--1", "'--1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            (
                "=HYPERLINK(\"x\",\"y\")",
                "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"",
            ),
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
        ] {
            assert_eq!(cell(raw), safe, "{raw:?}");
        }
    }

    #[test]
    fn numbers_and_durations_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(duration(Some(42_000)), "42 s");
        assert_eq!(duration(Some(210_000)), "3.5 min");
        assert_eq!(duration(Some(7_560_000)), "2.1 h");
        assert_eq!(duration(None), "-");
    }
}
