//! `whatsnew explain`: would this user see this announcement here and now, and if not, why?
//! It runs the same selection code as the widget.

use crate::analysis::{analyze, now_ms};
use crate::args::ExplainArgs;
use crate::error::{Error, Result};
use whatsnew_core::compile::assemble;
use whatsnew_core::date::parse_moment;
use whatsnew_core::rule::{self, Value};
use whatsnew_core::select::{self, Context, Paced, Quiet};
use whatsnew_core::state::UserState;

/// Runs `whatsnew explain`.
pub fn run(args: &ExplainArgs) -> Result<()> {
    let a = analyze(&args.dir, None, now_ms())?;
    let Some(c) = a
        .compiled
        .iter()
        .find(|c| c.announcement.id == args.id && c.locale.is_none())
    else {
        let ids: Vec<_> = a
            .compiled
            .iter()
            .filter(|c| c.locale.is_none())
            .map(|c| c.announcement.id.as_str())
            .collect();
        return Err(Error::Usage(format!(
            "no announcement `{}` in {}; ids: {}",
            args.id,
            args.dir.display(),
            ids.join(", ")
        )));
    };
    let traits = parse_traits(&args.user)?;
    let at = match &args.at {
        Some(s) => parse_moment(s).ok_or_else(|| {
            Error::Usage(format!(
                "--at `{s}` is not a date or date-time; write 2026-11-02 or 2026-11-02T09:00:00Z"
            ))
        })? as f64,
        None => now_ms(),
    };
    let bundle = assemble(&a.project, &a.compiled, None);
    let member_of = select::audiences(&bundle, Some(&traits));
    let audience_lines: Vec<String> = c
        .announcement
        .audience
        .iter()
        .map(|name| {
            let src = a
                .project
                .audiences
                .iter()
                .find(|(n, _)| n == name)
                .map_or("", |(_, s)| s.as_str());
            let yes = member_of.contains(&name.as_str());
            format!("{} `{name}` ({src})", if yes { "in" } else { "not in" })
        })
        .collect();
    let state = UserState::default();
    // A user who has not seen anything yet, at the start of a session: what the widget would
    // do for them on this page.
    let ctx = Context {
        now_ms: at,
        path: &args.url,
        traits: (args.user.trim() != "{}").then_some(&traits),
        state: &state,
        session_start: at,
        modal_open: false,
    };
    let ann = &c.announcement;
    println!("{}: \"{}\"", ann.id, ann.benefit);
    println!("  for user {} at {} on {}", args.user, args.url, iso(at));
    let mark = |ok: bool, text: String| println!("  {} {text}", if ok { "yes" } else { "NO " });
    // Each condition on its own, so every reason shows; the verdict below is the widget's own
    // selection (`plan`), which stops at the first.
    let result = select::check(ann, &ctx, &member_of);
    let published = ann.published.days_since_epoch() as f64 * 86_400_000.0 <= at;
    mark(published, format!("published {}", ann.published));
    match (ann.publish, ann.expire) {
        (None, None) => mark(true, "no publish/expire window".into()),
        (p, e) => mark(
            p.is_none_or(|p| p as f64 <= at) && e.is_none_or(|e| (e as f64) > at),
            format!(
                "window {} to {}",
                p.map_or("-".into(), |p| iso(p as f64)),
                e.map_or("-".into(), |e| iso(e as f64))
            ),
        ),
    }
    if ann.audience.is_empty() {
        mark(true, "audience: everyone".into());
    } else if ctx.traits.is_none() {
        mark(
            false,
            format!(
                "audience: {} (no traits given: the widget shows it to nobody until the page passes data-traits or calls identify())",
                ann.audience.join(", ")
            ),
        );
    } else {
        mark(
            ann.audience.iter().any(|n| member_of.contains(&n.as_str())),
            format!("audience: {}", audience_lines.join(", ")),
        );
    }
    let pages = &ann.extra.pages;
    let here = select::on_page(ann, &args.url);
    if pages.is_empty() {
        mark(true, "pages: everywhere".into());
    } else {
        mark(
            here,
            format!(
                "pages: {} {} {}",
                args.url,
                if here { "matches" } else { "matches none of" },
                pages.join(", ")
            ),
        );
    }
    if let Some(t) = &ann.extra.trigger {
        mark(
            false,
            format!(
                "trigger: waits until the page calls WhatsNew.track(\"{}\") {} time{}",
                t.event,
                t.count,
                if t.count == 1 { "" } else { "s" }
            ),
        );
    }
    let display = ann.extra.display;
    let verdict = if result.is_err() {
        "not shown".to_owned()
    } else {
        match select::why_quiet(&bundle, &ctx, &ann.id) {
            Ok(()) => format!("shown as a {} here, and in the feed", display.name()),
            Err(Quiet::FeedOnly) => "shown in the feed".to_owned(),
            Err(q) => format!(
                "in the feed; not as a {} now: {}",
                display.name(),
                quiet(&q)
            ),
        }
    };
    println!("  => {verdict} (assuming the user has not seen or dismissed it)");
    Ok(())
}

/// Why an announcement does not interrupt, in words.
fn quiet(q: &Quiet) -> String {
    match q {
        Quiet::FeedOnly => "it is for the feed only".into(),
        Quiet::Unsupported(d) => format!("the widget does not show {} surfaces yet", d.name()),
        Quiet::OtherPage => "this page is not one of its pages".into(),
        Quiet::Trigger(e, n, _) => format!("it waits for track(\"{e}\") {n}x"),
        Quiet::Done => "already shown".into(),
        Quiet::ModalOpen => "another popup is open".into(),
        Quiet::Paced(p) => match p {
            Paced::Session(n) => format!("pacing allows {n} per session"),
            Paced::Day(n) => format!("pacing allows {n} per day"),
            Paced::Gap(s) => format!("pacing wants {s} s between interruptions"),
        },
        Quiet::Behind(id) => format!("`{id}` interrupts first (higher priority or newer)"),
    }
}

/// Traits from a JSON object: strings, numbers and booleans.
pub fn parse_traits(json: &str) -> Result<rule::Traits> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        Error::Usage(format!(
            "--user is not JSON: {e}; write --user '{{\"plan\": \"pro\"}}'"
        ))
    })?;
    let obj = v
        .as_object()
        .ok_or_else(|| Error::Usage("--user must be a JSON object of traits".into()))?;
    Ok(obj
        .iter()
        .filter_map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) => Value::Str(s.clone()),
                serde_json::Value::Number(n) => Value::Num(n.as_f64()?),
                serde_json::Value::Bool(b) => Value::Bool(*b),
                _ => return None,
            };
            Some((k.clone(), value))
        })
        .collect())
}

/// `2026-11-25T10:00:00Z` for Unix ms.
pub fn iso(ms: f64) -> String {
    let secs = (ms / 1000.0).floor() as i64;
    let date = whatsnew_core::Date::from_unix_ms(ms);
    let t = secs.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", t / 3600, t % 3600 / 60, t % 60)
}
