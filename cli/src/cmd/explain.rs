//! `whatsnew explain`: would this user see this announcement here and now, and if not, why?
//! It runs the same selection code as the widget.

use crate::analysis::{analyze, now_ms};
use crate::args::ExplainArgs;
use crate::error::{Error, Result};
use whatsnew_core::bundle::Display;
use whatsnew_core::date::parse_moment;
use whatsnew_core::rule::{self, Value};
use whatsnew_core::select::{check, page_matches, Context};
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
    // Types were checked when whatsnew.toml was loaded; evaluation needs none.
    let types: Vec<(String, rule::Type)> = Vec::new();
    let _ = &a.config;
    let mut member_of = Vec::new();
    let mut audience_lines = Vec::new();
    for (name, src) in &a.project.audiences {
        // Rules were checked when whatsnew.toml was loaded.
        let Ok(r) = rule::parse(src, &types) else {
            continue;
        };
        let yes = rule::eval(&r, &traits);
        if yes {
            member_of.push(name.clone());
        }
        if c.announcement.audience.contains(name) {
            audience_lines.push(format!(
                "{} `{name}` ({src})",
                if yes { "in" } else { "not in" }
            ));
        }
    }
    let state = UserState::default();
    let ctx = Context {
        now_ms: at,
        state: &state,
        member_of: &member_of,
    };
    let ann = &c.announcement;
    println!("{}: \"{}\"", ann.id, ann.benefit);
    println!("  for user {} at {} on {}", args.user, args.url, iso(at));
    let mark = |ok: bool, text: String| println!("  {} {text}", if ok { "yes" } else { "NO " });
    // Each condition on its own, so every reason shows; the verdict below is the widget's own
    // selection (`check`), which stops at the first.
    let result = check(ann, &ctx);
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
    } else {
        mark(
            ann.audience.iter().any(|n| member_of.contains(n)),
            format!("audience: {}", audience_lines.join(", ")),
        );
    }
    let pages = &ann.extra.pages;
    let here = pages.is_empty() || pages.iter().any(|p| page_matches(p, &args.url));
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
    let in_feed = result.is_ok();
    let display = ann.extra.display;
    let verdict = match (in_feed, display) {
        (false, _) => "not shown".to_owned(),
        (true, Display::Feed) => "shown in the feed".to_owned(),
        (true, d) if here => format!("shown as a {} here, and in the feed", d.name()),
        (true, d) => format!("in the feed; not as a {} on this page", d.name()),
    };
    println!("  => {verdict} (assuming the user has not dismissed it)");
    Ok(())
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
