//! The internal brief of a release: for each announcement, the benefit, who gets it, where and
//! how it appears in the product, the notes for support, sales and the rollout, and the call to
//! action. One document model, rendered as Markdown and as a self-contained HTML page.

use crate::analysis::Analysis;
use crate::analytics::AnnouncementReport;
use crate::release::Release;
use crate::site::html::{self, escape};
use crate::site::long_date_en;
use whatsnew_core::bundle::Display;
use whatsnew_core::compile::Compiled;
use whatsnew_core::{Block, Inline};

/// A part of the brief.
pub enum Part<'a> {
    /// A section heading (an announcement's benefit).
    H2(String, String),
    /// A heading of its own (not an announcement).
    Section(String),
    /// A sub-heading.
    H3(String),
    /// A paragraph of plain text.
    Para(String),
    /// A missing piece, said as such.
    Missing(String),
    /// Label and value rows.
    Rows(Vec<(String, String)>),
    /// A bulleted list.
    List(Vec<String>),
    /// Questions and answers.
    Questions(Vec<(String, String)>),
    /// An announcement's body.
    Body(&'a [Block]),
}

/// A release's brief.
pub struct Brief<'a> {
    /// "Ledgerly 2026.11: internal brief".
    pub title: String,
    /// One line under it.
    pub lede: String,
    /// The parts, in order.
    pub parts: Vec<Part<'a>>,
    /// The product's address, for paths in bodies.
    pub product_url: Option<String>,
}

fn when(ms: i64) -> String {
    let date = whatsnew_core::Date::from_unix_ms(ms as f64);
    let t = (ms / 1000).rem_euclid(86_400);
    if t == 0 {
        date.to_string()
    } else {
        format!("{date} {:02}:{:02} UTC", t / 3600, t % 3600 / 60)
    }
}

fn surface(c: &Compiled) -> String {
    let x = &c.announcement.extra;
    let how = match x.display {
        Display::Feed => "In the feed panel only".to_owned(),
        Display::Popup => "A popup (modal), and in the feed".to_owned(),
        Display::Toast => "A toast in a corner, and in the feed".to_owned(),
        Display::Banner => "A banner across the page, and in the feed".to_owned(),
        Display::Tooltip => "A tooltip on an element, and in the feed".to_owned(),
        Display::Guide => format!("A guide of {} steps, and in the feed", x.steps.len()),
    };
    let mut out = how;
    if let Some(t) = &x.trigger {
        out.push_str(&format!(
            "; interrupts once the product has tracked `{}`{}",
            t.event,
            if t.count > 1 {
                format!(" {} times", t.count)
            } else {
                String::new()
            }
        ));
    }
    if let Some(s) = x.timeout {
        out.push_str(&format!("; closes by itself after {s} s"));
    }
    if x.priority != 0 {
        out.push_str(&format!("; priority {}", x.priority));
    }
    out
}

/// One announcement's figures in a line: reach, engagement, dismissals, the goal's verdict.
fn engagement(f: Option<&AnnouncementReport>) -> String {
    let Some(f) = f.filter(|f| f.users_reached > 0) else {
        return "Nobody has seen it yet (no impressions in the events given)".to_owned();
    };
    let mut out = format!(
        "{} reached; {} engaged ({}), {} dismissed ({})",
        crate::report::plural(f.users_reached as usize, "user"),
        f.engaged_users,
        crate::cmd::report::percent(f.engage_rate),
        f.dismissed_users,
        crate::cmd::report::percent(f.dismiss_rate),
    );
    if let Some(ms) = f.median_ms_to_engage {
        out.push_str(&format!(
            "; median time to engage {}",
            crate::cmd::report::duration(Some(ms))
        ));
    }
    if let Some(done) = f.completed_users {
        out.push_str(&format!("; {done} completed the guide"));
    }
    if let Some(g) = &f.goal {
        out.push_str(&format!("; goal `{}`: {}", g.event, g.comparison.verdict));
    }
    out
}

/// The brief of `r`.
/// With `figures` (from `brief --events`), each announcement says how it landed.
pub fn brief<'a>(
    a: &'a Analysis,
    r: &Release,
    figures: Option<&[AnnouncementReport]>,
) -> Brief<'a> {
    let product = a.config.product.clone().unwrap_or_default();
    let name = if r.month {
        format!("{} {}", product, r.name)
    } else {
        format!("{product} {}", r.name)
    };
    let title = format!("{}: internal brief", name.trim());
    let mut lede = format!(
        "{}{} · {} · internal: for support, sales and success, not for customers",
        r.title
            .as_deref()
            .map_or_else(String::new, |t| format!("{t} · ")),
        long_date_en(r.date),
        crate::report::plural(r.ids.len(), "announcement"),
    );
    if let Some(s) = &r.summary {
        lede.push_str(&format!("\n\n{s}"));
    }
    let mut parts = Vec::new();
    // At a glance: one line per announcement, what each party needs to know is there or not.
    let glance: Vec<String> = r
        .ids
        .iter()
        .filter_map(|id| {
            let c = a
                .compiled
                .iter()
                .find(|c| c.locale.is_none() && &c.announcement.id == id)?;
            let x = &c.announcement;
            let notes = &c.front_matter.notes;
            let missing: Vec<&str> = [
                ("support", notes.support.is_none()),
                ("sales", notes.sales.is_none()),
            ]
            .into_iter()
            .filter_map(|(n, m)| m.then_some(n))
            .collect();
            Some(format!(
                "{}: {}, {}{}",
                x.benefit,
                x.extra.display.name(),
                if x.audience.is_empty() {
                    "everyone".to_owned()
                } else {
                    x.audience.join(" or ")
                },
                if missing.is_empty() {
                    String::new()
                } else {
                    format!("; no {} notes", missing.join(" or "))
                }
            ))
        })
        .collect();
    parts.push(Part::Section("At a glance".into()));
    parts.push(Part::List(glance));
    for id in &r.ids {
        let Some(c) = a
            .compiled
            .iter()
            .find(|c| c.locale.is_none() && &c.announcement.id == id)
        else {
            continue;
        };
        let x = &c.announcement;
        let fm = &c.front_matter;
        let file = std::path::Path::new(&c.path)
            .file_name()
            .map_or_else(|| c.path.clone(), |n| n.to_string_lossy().into_owned());
        parts.push(Part::H2(x.benefit.clone(), x.id.clone()));
        let mut rows = Vec::new();
        if let Some(f) = &x.feature {
            rows.push(("Feature".to_owned(), f.clone()));
        }
        rows.push((
            "Who gets it".to_owned(),
            if x.audience.is_empty() {
                "Everyone".to_owned()
            } else {
                x.audience
                    .iter()
                    .map(|n| {
                        let rule = a
                            .project
                            .audiences
                            .iter()
                            .find(|(k, _)| k == n)
                            .map_or("", |(_, v)| v.as_str());
                        format!("{n} ({rule})")
                    })
                    .collect::<Vec<_>>()
                    .join(" or ")
            },
        ));
        rows.push(("How it appears".to_owned(), surface(c)));
        rows.push((
            "Where".to_owned(),
            if x.extra.pages.is_empty() {
                "Every page".to_owned()
            } else {
                x.extra.pages.join(", ")
            },
        ));
        if let Some(anchor) = &x.extra.anchor {
            rows.push(("Points at".to_owned(), format!("`{anchor}`")));
        }
        for (i, s) in x.extra.steps.iter().enumerate() {
            rows.push((
                format!("Step {}", i + 1),
                format!(
                    "{}{}",
                    s.title,
                    s.anchor
                        .as_deref()
                        .map_or_else(String::new, |a| format!(" (on `{a}`)"))
                ),
            ));
        }
        let mut schedule = format!("Published {}", x.published);
        if let Some(p) = x.publish {
            schedule.push_str(&format!("; shown from {}", when(p)));
        }
        if let Some(e) = x.expire {
            schedule.push_str(&format!("; until {}", when(e)));
        }
        rows.push(("When".to_owned(), schedule));
        rows.push((
            "Call to action".to_owned(),
            x.cta.as_ref().map_or_else(
                || "None".to_owned(),
                |c| format!("\"{}\" → {}", c.label, c.url),
            ),
        ));
        rows.push((
            "Public changelog".to_owned(),
            if x.audience.is_empty() || fm.public {
                "Listed".to_owned()
            } else {
                "Not listed (it has an audience)".to_owned()
            },
        ));
        let mut languages = vec![a.config.locales.default.clone()];
        languages.extend(
            a.compiled
                .iter()
                .filter(|v| v.announcement.id == x.id)
                .filter_map(|v| v.locale.clone()),
        );
        rows.push(("Languages".to_owned(), languages.join(", ")));
        if !x.extra.tags.is_empty() {
            rows.push(("Tags".to_owned(), x.extra.tags.join(", ")));
        }
        rows.push(("Source".to_owned(), file.clone()));
        if let Some(figures) = figures {
            rows.push((
                "Engagement".to_owned(),
                engagement(figures.iter().find(|f| f.id == x.id)),
            ));
        }
        parts.push(Part::Rows(rows));
        parts.push(Part::H3("What customers read".into()));
        parts.push(Part::Body(&x.body));
        parts.push(Part::H3("Support".into()));
        match &fm.notes.support {
            Some(s) => {
                parts.push(Part::Para(format!("Tell customers: {}", s.tell)));
                if !s.questions.is_empty() {
                    parts.push(Part::Questions(
                        s.questions
                            .iter()
                            .map(|q| (q.question.clone(), q.answer.clone()))
                            .collect(),
                    ));
                }
                if !s.limits.is_empty() {
                    parts.push(Part::Para("Known limits:".into()));
                    parts.push(Part::List(s.limits.clone()));
                }
            }
            None => parts.push(Part::Missing(format!(
                "No support notes yet: add `support:` to {file}."
            ))),
        }
        parts.push(Part::H3("Sales and success".into()));
        match &fm.notes.sales {
            Some(s) => {
                if let Some(who) = &s.who {
                    parts.push(Part::Para(format!("Who it helps: {who}")));
                }
                parts.push(Part::Para(format!("Talking point: {}", s.pitch)));
            }
            None => parts.push(Part::Missing(format!(
                "No sales notes yet: add `sales:` to {file}."
            ))),
        }
        if !fm.notes.rollout.is_empty() {
            parts.push(Part::H3("Rollout".into()));
            parts.push(Part::List(
                fm.notes
                    .rollout
                    .iter()
                    .map(|s| format!("From {}: {}", s.from, s.who))
                    .collect(),
            ));
        }
    }
    Brief {
        title,
        lede,
        parts,
        product_url: a.config.base_url.clone(),
    }
}

/// Markdown special characters in plain text, escaped.
fn md(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        // A line break inside one field (`feature: |`, a question over two lines) cut its
        // table row, heading or list item in two: one line, as the HTML brief shows it.
        if matches!(c, '\n' | '\r') {
            out.push(' ');
            continue;
        }
        // Control characters (a terminal's escape sequences) never reach the brief.
        if c.is_control() && c != '\t' {
            continue;
        }
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '`'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The longest run of backticks in `text`.
fn ticks(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// `text` as a code span whose fence is longer than any run of backticks inside it, so the
/// code cannot close it early and let the rest through as Markdown (or HTML).
fn md_span(text: &str) -> String {
    let fence = "`".repeat(ticks(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A link destination in angle brackets, with the characters that could end it escaped.
fn md_url(url: &str) -> String {
    let mut out = String::from("<");
    for c in url.chars().filter(|c| !c.is_control()) {
        if matches!(c, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('>');
    out
}

/// Keeps `code` spans as code and escapes the rest.
fn md_code(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, s)| if i % 2 == 1 { format!("`{s}`") } else { md(s) })
        .collect()
}

/// The brief as Markdown.
pub fn markdown(b: &Brief<'_>) -> String {
    // The lede's lines are the brief's own (the summary after the facts line).
    let lede: Vec<String> = b.lede.split('\n').map(md).collect();
    let mut out = format!("# {}\n\n{}\n", md(&b.title), lede.join("\n"));
    for p in &b.parts {
        match p {
            Part::H2(t, id) => {
                out.truncate(out.trim_end().len());
                out.push_str(&format!("\n\n## {} (`{id}`)\n", md(t)));
            }
            Part::Section(t) => {
                out.truncate(out.trim_end().len());
                out.push_str(&format!("\n\n## {}\n\n", md(t)));
            }
            Part::H3(t) => {
                out.truncate(out.trim_end().len());
                out.push_str(&format!("\n\n### {}\n\n", md(t)));
            }
            Part::Para(t) => out.push_str(&format!("{}\n\n", md_code(t))),
            Part::Missing(t) => out.push_str(&format!("_{}_\n\n", md_code(t))),
            Part::Rows(rows) => {
                out.push_str("\n| | |\n|---|---|\n");
                for (k, v) in rows {
                    out.push_str(&format!("| {} | {} |\n", md(k), md_code(v)));
                }
            }
            Part::List(items) => {
                for i in items {
                    out.push_str(&format!("- {}\n", md_code(i)));
                }
                out.push('\n');
            }
            Part::Questions(qs) => {
                for (q, a) in qs {
                    out.push_str(&format!("- **{}**  \n  {}\n", md(q), md(a)));
                }
                out.push('\n');
            }
            Part::Body(blocks) => {
                let text = md_blocks(blocks);
                for line in text.trim_end().lines() {
                    out.push_str(if line.is_empty() { ">\n" } else { "> " });
                    if !line.is_empty() {
                        out.push_str(line);
                        out.push('\n');
                    }
                }
                out.push('\n');
            }
        }
        while out.ends_with("\n\n\n") {
            out.pop();
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The content tree as Markdown, text escaped.
fn md_blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::P(c) => out.push_str(&format!("{}\n\n", md_inlines(c))),
            Block::H(c) => out.push_str(&format!("**{}**\n\n", md_inlines(c))),
            Block::Ul(items) | Block::Ol(items) | Block::Ofrom(_, items) => {
                let first = match b {
                    Block::Ofrom(n, _) => *n as usize,
                    _ => 1,
                };
                for (i, item) in items.iter().enumerate() {
                    let mark = if matches!(b, Block::Ul(_)) {
                        "- ".to_owned()
                    } else {
                        format!("{}. ", first + i)
                    };
                    let inner = md_blocks(item);
                    let pad = " ".repeat(mark.len());
                    for (j, line) in inner.trim_end().lines().enumerate() {
                        if j == 0 {
                            out.push_str(&mark);
                        } else if !line.is_empty() {
                            out.push_str(&pad);
                        }
                        out.push_str(line);
                        out.push('\n');
                    }
                }
                out.push('\n');
            }
            Block::Pre(code) => {
                let fence = "`".repeat(ticks(code).max(2) + 1);
                out.push_str(&format!("{fence}\n{}\n{fence}\n\n", code.trim_end()));
            }
            Block::Quote(c) => {
                for line in md_blocks(c).trim_end().lines() {
                    out.push_str(&format!("> {line}\n"));
                }
                out.push('\n');
            }
            Block::Hr => out.push_str("---\n\n"),
        }
    }
    out
}

fn md_inlines(items: &[Inline]) -> String {
    let mut out = String::new();
    for i in items {
        match i {
            Inline::T(t) => out.push_str(&md(t)),
            Inline::Em(c) => out.push_str(&format!("*{}*", md_inlines(c))),
            Inline::Strong(c) => out.push_str(&format!("**{}**", md_inlines(c))),
            Inline::Del(c) => out.push_str(&format!("~~{}~~", md_inlines(c))),
            Inline::Code(t) => out.push_str(&md_span(t)),
            Inline::A(l) => out.push_str(&format!("[{}]({})", md_inlines(&l.c), md_url(&l.href))),
            Inline::Img(img) => out.push_str(&format!("![{}]({})", md(&img.alt), md_url(&img.src))),
            Inline::Br => out.push_str("  \n"),
        }
    }
    out
}

/// `code` spans as `<code>`, the rest escaped.
fn html_code(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, s)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", escape(s))
            } else {
                escape(s)
            }
        })
        .collect()
}

const STYLE: &str = ":root{color-scheme:light dark;--bg:#fff;--fg:#1f2937;--muted:#4b5563;--line:#d1d5db;--card:#f9fafb;--accent:#0f766e}@media (prefers-color-scheme:dark){:root{--bg:#111827;--fg:#f3f4f6;--muted:#b6bcc6;--line:#374151;--card:#1f2937;--accent:#5eead4}}body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}main{max-width:52rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}h1{font-size:1.8rem;line-height:1.2;margin:0.5rem 0}h2{font-size:1.3rem;margin:2.5rem 0 0.75rem;padding-top:1rem;border-top:2px solid var(--line)}h3{font-size:1.05rem;margin:1.25rem 0 0.25rem}.lede{color:var(--muted)}.id{font-weight:400;color:var(--muted);font-size:0.9rem}table{border-collapse:collapse;width:100%}th,td{text-align:start;vertical-align:top;padding:0.35rem 0.6rem;border-bottom:1px solid var(--line)}th{width:11rem;color:var(--muted);font-weight:600}blockquote{margin:0.5rem 0;padding:0.5rem 1rem;background:var(--card);border-inline-start:3px solid var(--accent)}.missing{color:var(--muted);font-style:italic}a{color:var(--accent)}dt{font-weight:600}dd{margin:0 0 0.5rem 1rem}@media print{h2{break-before:auto;break-inside:avoid}}";

/// The brief as one HTML page with its styles inside: attach it, mail it, print it.
pub fn html(b: &Brief<'_>) -> String {
    let mut body = format!(
        "<h1>{}</h1>\n{}",
        escape(&b.title),
        b.lede
            .split("\n\n")
            .map(|p| format!("<p class=\"lede\">{}</p>\n", escape(p)))
            .collect::<String>()
    );
    for p in &b.parts {
        match p {
            Part::H2(t, id) => body.push_str(&format!(
                "<h2 id=\"{id}\">{} <span class=\"id\">({id})</span></h2>\n",
                escape(t),
                id = escape(id)
            )),
            Part::Section(t) => body.push_str(&format!("<h2>{}</h2>\n", escape(t))),
            Part::H3(t) => body.push_str(&format!("<h3>{}</h3>\n", escape(t))),
            Part::Para(t) => body.push_str(&format!("<p>{}</p>\n", html_code(t))),
            Part::Missing(t) => {
                body.push_str(&format!("<p class=\"missing\">{}</p>\n", html_code(t)))
            }
            Part::Rows(rows) => {
                body.push_str("<table>\n");
                for (k, v) in rows {
                    body.push_str(&format!(
                        "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
                        escape(k),
                        html_code(v)
                    ));
                }
                body.push_str("</table>\n");
            }
            Part::List(items) => {
                body.push_str("<ul>\n");
                for i in items {
                    body.push_str(&format!("<li>{}</li>\n", html_code(i)));
                }
                body.push_str("</ul>\n");
            }
            Part::Questions(qs) => {
                body.push_str("<dl>\n");
                for (q, a) in qs {
                    body.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(q), escape(a)));
                }
                body.push_str("</dl>\n");
            }
            Part::Body(blocks) => body.push_str(&format!(
                "<blockquote>\n{}</blockquote>\n",
                html::blocks(blocks, 4, b.product_url.as_deref())
            )),
        }
    }
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(&b.title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a security review found: content that passes `check` broke out of its code span,
    /// its code block and its link in the Markdown brief (raw HTML and `javascript:` links in a
    /// renderer that allows them), and a YAML "\e" reached it as an escape sequence.
    #[test]
    fn markdown_keeps_content_inside_its_syntax() {
        assert_eq!(
            md_span("x ` [a](javascript:x) `"),
            "`` x ` [a](javascript:x) ` ``"
        );
        assert_eq!(md_span("`x`"), "`` `x` ``");
        assert_eq!(
            md_url("https://a) [b](javascript:c>"),
            "<https://a) [b](javascript:c\\>>"
        );
        let pre = md_blocks(&[Block::Pre("```\n<img src=x onerror=y>\n```".into())]);
        assert!(
            pre.starts_with("````\n") && pre.trim_end().ends_with("\n````"),
            "{pre}"
        );
        assert_eq!(md("a\u{1b}[2Jb <i>"), "a\\[2Jb \\<i\\>");
        assert_eq!(md("Bulk\nexport\r\n\nnow"), "Bulk export   now");
    }
}
