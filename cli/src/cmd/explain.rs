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
    let a = match analyze(args.dir(), None, now_ms()) {
        Ok(a) => a,
        // A broken whatsnew.toml: say so in explain's words (it writes nothing anyway).
        Err(Error::Content {
            diagnostics,
            sources,
        }) => {
            eprint!(
                "{}",
                crate::report::diagnostics_text(&diagnostics, &sources)
            );
            eprintln!(
                "error: cannot explain `{}`: {} in whatsnew.toml",
                args.id,
                crate::report::plural(diagnostics.len(), "error")
            );
            return Err(Error::Reported);
        }
        Err(e) => return Err(e),
    };
    let Some(c) = a
        .compiled
        .iter()
        .find(|c| c.announcement.id == args.id && c.locale.is_none())
    else {
        return Err(not_found(args, &a));
    };
    // It compiled, but names an audience whatsnew.toml does not define: any verdict on its
    // audience would be made up (`build` refuses it too).
    let errors: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-audience" && d.file == c.path)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(refuse(&args.id, &errors, &a, &c.path));
    }
    let traits = parse_traits(&args.user, "--user")?;
    check_trait_types(&traits, &a, "--user")?;
    let at = match &args.at {
        Some(s) => parse_moment(s).ok_or_else(|| {
            Error::Usage(format!(
                "--at `{s}` is not a date or date-time; write 2026-11-02 or 2026-11-02T09:00:00Z"
            ))
        })? as f64,
        None => now_ms(),
    };
    let mut bundle = assemble(&a.project, &a.compiled, None);
    let mut ann = c.announcement.clone();
    let holdout = ann.extra.holdout;
    if args.user_id.is_none() {
        // No user: which group they are in is unknown, so the rest is explained as for the
        // group that sees it.
        ann.extra.holdout = None;
        for a in &mut bundle.announcements {
            a.extra.holdout = None;
        }
    }
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
        user: args.user_id.as_deref().unwrap_or(""),
        since_ms: 0.0,
        away: &[],
    };
    let ann = &ann;
    println!("{}: \"{}\"", ann.id, ann.benefit);
    println!("  for user {} at {} on {}", args.user, args.url, iso(at));
    // The widget's choice of text: the first of the user's languages the project has (exact,
    // then by language), else the default; an announcement not translated into it keeps its own.
    // The bundle's copy carries the translations.
    let translated_ann = bundle
        .announcements
        .iter()
        .find(|b| b.id == ann.id)
        .unwrap_or(ann);
    let locale = args.locale.as_deref().map(|asked| {
        let wanted: Vec<&str> = asked.split(',').map(str::trim).collect();
        let default = a.project.locales.first().map_or("en", String::as_str);
        let got = whatsnew_core::locale::pick(&wanted, &a.project.locales).unwrap_or("");
        let translated = translated_ann
            .extra
            .translations
            .iter()
            .any(|(l, _)| l == got);
        let how = match (got, translated) {
            ("", _) => format!(
                "none of {asked} is in [locales] ({}): the default, {default}",
                a.project.locales.join(", ")
            ),
            (l, _) if l == default => format!("{l}, the default"),
            (l, true) => format!("{l}, its translation"),
            (l, false) => {
                format!("{l}, not translated: its {default} text (the widget's own words in {l})")
            }
        };
        println!("  locale: {how}");
        got.to_owned()
    });
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
    if let Some(share) = holdout {
        match &args.user_id {
            Some(id) => {
                let held = whatsnew_core::event::holdout(id, &ann.id, share);
                mark(
                    !held,
                    format!(
                        "holdout {share}%: user `{id}` is in the {} group",
                        if held { "holdout (never sees it)" } else { "exposed" }
                    ),
                );
            }
            None => println!(
                "  ?   holdout {share}%: that share of users never sees it; --user-id says which group a user is in"
            ),
        }
    }
    let display = ann.extra.display;
    // A TODO left in it: `build` refuses the file, so no user sees it whatever the rest says.
    let todo = a
        .diagnostics
        .iter()
        .find(|d| d.code == "unfinished" && d.file == c.path);
    if let Some(d) = todo {
        let line = a.files.iter().find(|f| f.shown == c.path).map_or(0, |f| {
            let upto = f.text.get(..d.span.start).unwrap_or(&f.text);
            upto.matches('\n').count() + 1
        });
        let line = format!("{}:{line}", c.path);
        mark(
            false,
            format!("finished: a TODO is left ({line}), and `build` refuses it"),
        );
    }
    let verdict = if result.is_err() || todo.is_some() {
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
    // Where a tooltip or a guide's steps point: the widget waits for these elements.
    if let Some(anchor) = &ann.extra.anchor {
        println!("     pointing at {anchor}");
    }
    let locale = locale.unwrap_or_default();
    let text = whatsnew_core::locale::text(translated_ann, &locale);
    if text.benefit != ann.benefit {
        println!("     headline: \"{}\"", text.benefit);
    }
    for (i, step) in ann.extra.steps.iter().enumerate() {
        let title = whatsnew_core::locale::step_text(translated_ann, &locale, i)
            .map_or(step.title.as_str(), |(t, _)| t);
        println!(
            "     step {} of {}: \"{}\"{}{}",
            i + 1,
            ann.extra.steps.len(),
            title,
            step.page
                .as_deref()
                .map(|p| format!(" on {p}"))
                .unwrap_or_default(),
            step.anchor
                .as_deref()
                .map(|a| format!(", at {a}"))
                .unwrap_or_default(),
        );
    }
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
        Quiet::GuideUnderWay(id) => format!("the guide `{id}` is under way on this page"),
        Quiet::Paced(p) => match p {
            Paced::Session(n) => format!("pacing allows {n} per session"),
            Paced::Day(n) => format!("pacing allows {n} per day"),
            Paced::Gap(s) => format!("pacing wants {s} s between interruptions"),
        },
        Quiet::Behind(id) => format!("`{id}` interrupts first (higher priority or newer)"),
    }
}

/// Prints `errors` and why `id` cannot be explained: "N errors in <place>; fix them".
fn refuse(
    id: &str,
    errors: &[whatsnew_core::Diagnostic],
    a: &crate::analysis::Analysis,
    place: &str,
) -> Error {
    eprint!("{}", crate::report::diagnostics_text(errors, &a.sources()));
    eprintln!(
        "error: cannot explain `{id}`: {} in {place}; fix {} and run it again",
        crate::report::plural(errors.len(), "error"),
        if errors.len() == 1 { "it" } else { "them" },
    );
    Error::Reported
}

/// Why `args.id` is not there: the errors that kept files from compiling, when there are any
/// (the announcement may be in one of them), else the ids there are.
fn not_found(args: &ExplainArgs, a: &crate::analysis::Analysis) -> Error {
    let errors: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == whatsnew_core::Severity::Error)
        .filter(|d| !a.compiled.iter().any(|c| c.path == d.file))
        .cloned()
        .collect();
    let dir = args.dir().display();
    if !errors.is_empty() {
        let files = crate::report::files(&errors);
        let place = format!(
            "{} kept {} from compiling",
            crate::report::plural(files, "file"),
            if files == 1 { "it" } else { "them" }
        );
        return refuse(&args.id, &errors, a, &place);
    }
    let mut ids: Vec<&str> = a
        .compiled
        .iter()
        .filter(|c| c.locale.is_none())
        .map(|c| c.announcement.id.as_str())
        .collect();
    // The closest ids first, at most ten (an imported changelog has thousands).
    let wanted = args.id.to_ascii_lowercase();
    ids.sort_by_key(|id| {
        let id = id.to_ascii_lowercase();
        (
            !id.contains(&wanted) && !wanted.contains(&id),
            whatsnew_core::compile::frontmatter::levenshtein(&id, &wanted),
        )
    });
    let total = ids.len();
    let mut ids: Vec<String> = ids.iter().take(10).map(|id| format!("`{id}`")).collect();
    if total > 10 {
        ids.push(format!("and {} more", total - 10));
    }
    if ids.is_empty() {
        Error::Usage(format!(
            "no announcement `{}`: {dir} has no announcements",
            args.id
        ))
    } else {
        Error::Usage(format!(
            "no announcement `{}` in {dir}; closest ids: {}",
            args.id,
            ids.join(", ")
        ))
    }
}

/// Traits whose value has another type than the project gives them, named: declared in
/// `[traits]`, or what the audience rules compare them with. (A number passed as text would
/// otherwise just fail every comparison.)
/// Refuses traits of the wrong type for `[traits]` or the audience rules, naming `flag`
/// (`--user`, `--as`); notes a trait name whatsnew.toml does not know (a misspelling).
pub fn check_trait_types(
    traits: &rule::Traits,
    a: &crate::analysis::Analysis,
    flag: &str,
) -> Result<()> {
    let mut expected: Vec<(String, rule::Type, String)> = a
        .config
        .traits
        .iter()
        .map(|(k, t)| {
            let ty = t.core();
            (
                k.clone(),
                ty,
                format!("[traits] in whatsnew.toml declares it as {}", type_name(ty)),
            )
        })
        .collect();
    for (name, src) in &a.project.audiences {
        if let Ok(r) = rule::parse(src, &[]) {
            rule_types(&r, &mut |t, ty| {
                if !expected.iter().any(|(k, ..)| k == t) {
                    expected.push((
                        t.to_owned(),
                        ty,
                        format!(
                            "audience `{name}` ({src}) compares it with {}",
                            type_name(ty)
                        ),
                    ));
                }
            });
        }
    }
    for (trait_name, value) in traits {
        let Some((_, ty, why)) = expected.iter().find(|(k, ..)| k == trait_name) else {
            if !a.config.traits.is_empty() {
                let known: Vec<&str> = expected.iter().map(|(k, ..)| k.as_str()).collect();
                eprintln!(
                    "note: {flag}: `{trait_name}` is not a trait whatsnew.toml knows (it knows {}); no rule reads it",
                    known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                );
            }
            continue;
        };
        if value.ty() != *ty {
            let (given, fix) = match value {
                Value::Str(s) => (format!("text \"{s}\""), s.clone()),
                Value::Num(n) => (format!("the number {n}"), format!("\"{n}\"")),
                Value::Bool(b) => (format!("the boolean {b}"), format!("\"{b}\"")),
            };
            return Err(Error::Usage(format!(
                "{flag}: `{trait_name}` is {given}, but {why}; write {{\"{trait_name}\": {fix}}}"
            )));
        }
    }
    Ok(())
}

/// Calls `f` with each trait a rule compares with a literal, and the literal's type.
fn rule_types(r: &rule::Rule, f: &mut dyn FnMut(&str, rule::Type)) {
    match r {
        rule::Rule::And(x, y) | rule::Rule::Or(x, y) => {
            rule_types(x, f);
            rule_types(y, f);
        }
        rule::Rule::Not(x) => rule_types(x, f),
        rule::Rule::Flag(name) => f(name, rule::Type::Bool),
        rule::Rule::In(name, list) => {
            if let Some(v) = list.first() {
                f(name, v.ty());
            }
        }
        rule::Rule::Cmp(name, _, v) => f(name, v.ty()),
    }
}

fn type_name(t: rule::Type) -> &'static str {
    match t {
        rule::Type::Str => "text",
        rule::Type::Num => "a number",
        rule::Type::Bool => "true or false",
    }
}

/// Traits from a JSON object: strings, numbers and booleans.
pub fn parse_traits(json: &str, flag: &str) -> Result<rule::Traits> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        Error::Usage(format!(
            "{flag} is not JSON: {e}; write {flag} '{{\"plan\": \"pro\"}}'"
        ))
    })?;
    let obj = v
        .as_object()
        .ok_or_else(|| Error::Usage(format!("{flag} must be a JSON object of traits")))?;
    obj.iter()
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) => Value::Str(s.clone()),
                serde_json::Value::Number(n) => Value::Num(n.as_f64().unwrap_or(f64::NAN)),
                serde_json::Value::Bool(b) => Value::Bool(*b),
                other => {
                    let kind = match other {
                        serde_json::Value::Null => "null",
                        serde_json::Value::Array(_) => "a list",
                        _ => "an object",
                    };
                    return Err(Error::Usage(format!(
                        "{flag}: trait `{k}` is {kind}; traits are text, numbers or true/false"
                    )));
                }
            };
            Ok((k.clone(), value))
        })
        .collect()
}

/// `2026-11-25T10:00:00Z` for Unix ms.
pub fn iso(ms: f64) -> String {
    let secs = (ms / 1000.0).floor() as i64;
    let date = whatsnew_core::Date::from_unix_ms(ms);
    let t = secs.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", t / 3600, t % 3600 / 60, t % 60)
}
