//! The HTML report: one self-contained file (inline CSS and SVG, no scripts, nothing fetched)
//! that a product manager can forward. Light and dark follow the reader's system setting;
//! every chart has a text title and the same figures in a table next to it.

use super::{duration, percent, summary, thousands, Report};
use crate::analytics::{AnnouncementReport, GoalReport};
use std::fmt::Write as _;

/// Text for HTML element content and attribute values: the site's escaping, one definition.
use crate::site::html::escape as esc;

const STYLE: &str = r#"
:root { color-scheme: light dark; --bg: #ffffff; --fg: #111827; --muted: #4b5563; --line: #d1d5db;
  --engaged: #0f766e; --dismissed: #b45309; --holdout: #6b7280; --bar-bg: #f3f4f6; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111827; --fg: #f9fafb; --muted: #d1d5db; --line: #374151;
    --engaged: #2dd4bf; --dismissed: #fbbf24; --holdout: #9ca3af; --bar-bg: #1f2937; } }
body { background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, sans-serif;
  max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .25rem; }
.muted { color: var(--muted); } section { border-top: 1px solid var(--line); }
table { border-collapse: collapse; margin: .5rem 0 1rem; } caption { text-align: left; font-weight: 600; }
th, td { padding: .2rem .75rem .2rem 0; text-align: right; } th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 1px solid var(--line); }
.verdict { font-size: 1.1rem; font-weight: 600; }
svg text { fill: var(--fg); font: 13px system-ui, sans-serif; }
.engaged { fill: var(--engaged); } .dismissed { fill: var(--dismissed); } .holdout { fill: var(--holdout); }
.track { fill: var(--bar-bg); } .whisker { stroke: var(--fg); stroke-width: 2; }
"#;

/// The page.
pub fn page(r: &Report) -> String {
    let mut s = String::new();
    s.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    let title = match &r.bundle {
        Some(b) => format!("What landed: {b}"),
        None => "What landed: announcement report".into(),
    };
    let _ = writeln!(
        s,
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>",
        esc(&title)
    );
    let _ = writeln!(
        s,
        "<h1>{}</h1>\n<p class=\"muted\">{}</p>",
        esc(&title),
        esc(&summary(r))
    );
    if r.announcements.is_empty() {
        s.push_str("<p>No announcement events.</p>\n");
    }
    for (i, a) in r.announcements.iter().enumerate() {
        announcement(&mut s, i, a);
    }
    if r.announcements.iter().any(|a| a.goal.is_some()) {
        let _ = writeln!(
            s,
            "<p class=\"muted\">Confidence intervals: {}.</p>",
            esc(crate::analytics::METHOD)
        );
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

fn announcement(s: &mut String, i: usize, a: &AnnouncementReport) {
    let _ = writeln!(s, "<section aria-labelledby=\"a{i}\">");
    let _ = writeln!(
        s,
        "<h2 id=\"a{i}\">{}</h2>",
        esc(a.benefit.as_deref().unwrap_or(&a.id))
    );
    let _ = writeln!(
        s,
        "<p class=\"muted\">{}{} · reached {} users · {} impressions · median time to engage {}{}</p>",
        esc(&a.id),
        a.display.as_deref().map(|d| format!(" ({})", esc(d))).unwrap_or_default(),
        thousands(a.users_reached),
        thousands(a.impressions),
        duration(a.median_ms_to_engage),
        if a.helpful + a.not_helpful > 0 {
            format!(" · helpful {} yes / {} no", thousands(a.helpful), thousands(a.not_helpful))
        } else {
            String::new()
        },
    );
    if let Some(g) = &a.goal {
        goal(s, i, g);
    }
    // Engaged and dismissed, overall and by each split.
    let mut rows = vec![(
        "all users".to_owned(),
        a.users_reached,
        a.engage_rate,
        a.dismiss_rate,
    )];
    for (name, segs) in [
        ("surface", &a.by_surface),
        ("locale", &a.by_locale),
        ("audience", &a.by_audience),
    ] {
        for g in segs.iter() {
            rows.push((
                format!("{name}: {}", g.value),
                g.users_reached,
                g.engage_rate,
                g.dismiss_rate,
            ));
        }
    }
    let h = 24 + rows.len() * 26;
    let _ = writeln!(
        s,
        "<svg role=\"img\" aria-labelledby=\"r{i}\" viewBox=\"0 0 640 {h}\" width=\"100%\" style=\"max-width:640px\"><title id=\"r{i}\">Engaged and dismissed shares of users reached, overall and by surface and locale</title>"
    );
    let _ = writeln!(s, "<rect class=\"engaged\" x=\"200\" y=\"4\" width=\"12\" height=\"12\"/><text x=\"218\" y=\"15\">engaged</text><rect class=\"dismissed\" x=\"300\" y=\"4\" width=\"12\" height=\"12\"/><text x=\"318\" y=\"15\">dismissed</text>");
    for (k, (label, _, e, d)) in rows.iter().enumerate() {
        let y = 24 + k * 26;
        let (e, d) = (e.unwrap_or(0.0), d.unwrap_or(0.0));
        let _ = writeln!(
            s,
            "<text x=\"0\" y=\"{}\">{}</text><rect class=\"track\" x=\"200\" y=\"{y}\" width=\"360\" height=\"20\"/><rect class=\"engaged\" x=\"200\" y=\"{y}\" width=\"{:.1}\" height=\"10\"/><rect class=\"dismissed\" x=\"200\" y=\"{}\" width=\"{:.1}\" height=\"10\"/><text x=\"566\" y=\"{}\">{:.0}% / {:.0}%</text>",
            y + 15,
            esc(&truncate(label, 26)),
            e * 360.0,
            y + 10,
            d * 360.0,
            y + 15,
            e * 100.0,
            d * 100.0
        );
    }
    s.push_str("</svg>\n");
    let _ = writeln!(s, "<table><caption>Reach and response</caption><thead><tr><th scope=\"col\">segment</th><th scope=\"col\">users</th><th scope=\"col\">engaged</th><th scope=\"col\">dismissed</th></tr></thead><tbody>");
    for (label, users, e, d) in &rows {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(label),
            thousands(*users),
            percent(*e),
            percent(*d)
        );
    }
    s.push_str("</tbody></table>\n");
    if !a.funnel.is_empty() {
        let max = a.funnel.iter().map(|f| f.users).max().unwrap_or(1).max(1) as f64;
        let h = 8 + a.funnel.len() * 26;
        let _ = writeln!(s, "<svg role=\"img\" aria-labelledby=\"f{i}\" viewBox=\"0 0 640 {h}\" width=\"100%\" style=\"max-width:640px\"><title id=\"f{i}\">Guide funnel: users who saw each step</title>");
        for (k, f) in a.funnel.iter().enumerate() {
            let y = 4 + k * 26;
            let _ = writeln!(
                s,
                "<text x=\"0\" y=\"{}\">step {}</text><rect class=\"engaged\" x=\"200\" y=\"{y}\" width=\"{:.1}\" height=\"20\"/><text x=\"566\" y=\"{}\">{}</text>",
                y + 15,
                f.step,
                f.users as f64 / max * 360.0,
                y + 15,
                thousands(f.users)
            );
        }
        s.push_str("</svg>\n");
        let _ = writeln!(s, "<table><caption>Guide funnel</caption><thead><tr><th scope=\"col\">step</th><th scope=\"col\">users</th><th scope=\"col\">drop-off to next</th></tr></thead><tbody>");
        for f in &a.funnel {
            let _ = writeln!(
                s,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                f.step,
                thousands(f.users),
                percent(f.drop_off)
            );
        }
        if let Some(c) = a.completed_users {
            let _ = writeln!(
                s,
                "<tr><th scope=\"row\">completed</th><td>{}</td><td></td></tr>",
                thousands(c)
            );
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("</section>\n");
}

fn goal(s: &mut String, i: usize, g: &GoalReport) {
    let _ = writeln!(
        s,
        "<p class=\"verdict\">Goal “{}” within {} days: {}</p>",
        esc(&g.event),
        g.within_days,
        esc(&g.comparison.verdict)
    );
    if let Some(left) = super::left_out(g) {
        let _ = writeln!(s, "<p>Note: {}.</p>", esc(&left));
    }
    if let Some(w) = &g.sample_ratio {
        let _ = writeln!(s, "<p class=\"verdict\">Warning: {}.</p>", esc(w));
    }
    let max = [g.exposed.rate, g.holdout.rate]
        .iter()
        .flatten()
        .fold(0.05_f64, |m, r| m.max(*r))
        .min(1.0);
    let scale = 360.0 / max;
    let _ = writeln!(s, "<svg role=\"img\" aria-labelledby=\"g{i}\" viewBox=\"0 0 640 60\" width=\"100%\" style=\"max-width:640px\"><title id=\"g{i}\">Goal rate: exposed {} of {}, holdout {} of {}</title>",
        thousands(g.exposed.reached), thousands(g.exposed.users), thousands(g.holdout.reached), thousands(g.holdout.users));
    for (k, (label, class, grp)) in [
        ("exposed", "engaged", &g.exposed),
        ("holdout", "holdout", &g.holdout),
    ]
    .into_iter()
    .enumerate()
    {
        let y = 4 + k * 28;
        let r = grp.rate.unwrap_or(0.0);
        let _ = writeln!(
            s,
            "<text x=\"0\" y=\"{}\">{label}</text><rect class=\"{class}\" x=\"200\" y=\"{y}\" width=\"{:.1}\" height=\"20\"/><text x=\"566\" y=\"{}\">{}</text>",
            y + 15,
            r * scale,
            y + 15,
            percent(grp.rate)
        );
    }
    s.push_str("</svg>\n");
    let _ = writeln!(
        s,
        "<table><caption>Goal “{}”</caption><thead><tr><th scope=\"col\">group</th><th scope=\"col\">users</th><th scope=\"col\">reached the goal</th><th scope=\"col\">rate</th></tr></thead><tbody>",
        esc(&g.event)
    );
    for (label, grp) in [("exposed", &g.exposed), ("holdout", &g.holdout)] {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            thousands(grp.users),
            thousands(grp.reached),
            percent(grp.rate)
        );
    }
    s.push_str("</tbody></table>\n");
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;");
    }
}
