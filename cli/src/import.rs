//! Reading a changelog into draft announcements: Keep a Changelog (`## [1.2.0] - 2026-11-02`,
//! `### Added`, `- item`), plain lists (`## 1.2.0`, `- item`), and what release tools generate:
//! conventional-changelog / release-please (`* **scope:** text ([#12](…)) ([abc1234](…))`) and
//! GitHub's release notes (`## What's Changed`, `* Text by @user in https://…/pull/12`,
//! `## New Contributors`). Pure: text in, files out.
//!
//! Only a heading that names a version (a number, `v` and a number, a date, `Unreleased`)
//! starts a version; other headings at that level (`What's Changed`, `Highlights`) are sections.
//! A draft's headline is the entry without what release tools add for developers: credits
//! (`by @user in …`), issue and commit references, a conventional-commit type or scope.
//!
//! Each entry becomes one announcement file marked unfinished: the changelog line is kept as
//! the headline (so `check` points out that it is feature-first and proposes a benefit), and
//! TODO markers say what to write, so `check` walks the author through every file and `build`
//! refuses them until they are rewritten.

use crate::release::{slug, slug_latin};
use whatsnew_core::Date;

/// One changelog entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The version it shipped in, as written (`1.2.0`).
    pub version: String,
    /// The version's date, when the heading has one.
    pub date: Option<Date>,
    /// The Keep a Changelog section (`Added`, `Fixed`), when there is one.
    pub kind: Option<String>,
    /// The item's Markdown, continuation lines included.
    pub text: String,
    /// It came from a category bullet's items (`* Features` over them).
    pub from_category: bool,
}

/// What [`parse`] found.
#[derive(Debug, Default)]
pub struct Changelog {
    /// Every entry, in the file's order (newest version first, usually).
    pub entries: Vec<Entry>,
    /// Link reference definitions (`[1.2.0]: https://...`), by label.
    pub links: Vec<(String, String)>,
    /// Versions with no date and no entries, `Unreleased`, or `[YANKED]`: not imported.
    pub skipped: Vec<String>,
    /// Headings at the versions' level that name no version but have entries under them
    /// (`Latest Changes`): not imported.
    pub unversioned: Vec<String>,
}

/// Reads a changelog.
pub fn parse(text: &str) -> Changelog {
    let (text, labels) = &normalized(text);
    let mut out = Changelog::default();
    let mut version: Option<(String, Option<Date>)> = None;
    let mut kind: Option<String> = None;
    let mut item: Option<String> = None;
    let mut in_fence = false;
    // A version heading at `#` or `##` was seen: `###` headings are sections then.
    let mut upper_versions = false;
    // The current item is a heading and what follows it, up to the next heading.
    let mut heading_item = false;
    // A heading at the versions' level that names none (FastAPI's `## Latest Changes`): its
    // entries have no version, and are said rather than silently left out.
    let mut orphan: Option<String> = None;
    let flush = |item: &mut Option<String>,
                 version: &Option<(String, Option<Date>)>,
                 kind: &Option<String>,
                 orphan: &Option<String>,
                 out: &mut Changelog| {
        if let (Some(t), None, Some(h)) = (item.as_ref(), version, orphan) {
            if !t.trim().is_empty() && !out.unversioned.contains(h) {
                out.unversioned.push(h.clone());
            }
        }
        if let (Some(t), Some((v, d))) = (item.take(), version) {
            let t = t.trim_end().to_owned();
            if t.is_empty() {
                return;
            }
            // `* Features` with the items under it (FreshRSS): a section, each item an entry.
            // Under a heading's section (`#### Bug Fixes` over `* **Help:**`), that section:
            // it says what the items are, and hides the chores release tools leave out.
            let categorised = out
                .entries
                .last()
                .is_some_and(|e| e.version == *v && e.from_category);
            if let Some((section, items)) = category_items(&t, categorised) {
                for text in items {
                    out.entries.push(Entry {
                        version: v.clone(),
                        date: *d,
                        kind: kind.clone().or_else(|| Some(section.clone())),
                        text,
                        from_category: true,
                    });
                }
                return;
            }
            out.entries.push(Entry {
                version: v.clone(),
                date: *d,
                kind: kind.clone(),
                text: t,
                from_category: false,
            });
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    // The level of the first version heading: a version after other words counts only there.
    let mut version_hashes: Option<usize> = None;
    // The level of a heading over several releases (`## 11.x series`): versions one below.
    let mut series_at: Option<usize> = None;
    // How far the current section's items are indented (set by its first item).
    let mut base: Option<usize> = None;
    for (n, line) in lines.iter().copied().enumerate() {
        // A label line (`Supported formats:`) inside an entry a heading started is its text.
        if heading_item && labels.contains(&n) {
            if let Some(t) = item.as_mut() {
                t.push_str(line.trim_start_matches("### "));
                t.push_str(":\n");
            }
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        // A top-level item (`-`, `*`, `+` or `1.`), also when written with one space before
        // its marker; inside an item that a heading started, a list is the item's own.
        // A section's first item sets where its items start: Jekyll and Composer indent
        // them by two spaces (`  * Fix …`), and a list one level deeper is an item's own.
        let lead = line.len() - line.trim_start_matches(' ').len();
        let top = match base {
            Some(b) => lead <= b,
            None => lead <= 1 || (item.is_none() && lead <= 3),
        };
        if !in_fence && top && !heading_item {
            if let Some(rest) = item_marker(&line[lead..]) {
                base.get_or_insert(lead);
                flush(&mut item, &version, &kind, &orphan, &mut out);
                item = Some(format!("{}\n", rest.trim()));
                continue;
            }
        }
        if !in_fence && !line.starts_with([' ', '\t']) {
            if let Some(def) = link_definition(line) {
                flush(&mut item, &version, &kind, &orphan, &mut out);
                out.links.push(def);
                continue;
            }
            let hashes = line.chars().take_while(|c| *c == '#').count();
            if hashes > 0 && line[hashes..].starts_with(' ') {
                flush(&mut item, &version, &kind, &orphan, &mut out);
                heading_item = false;
                base = None;
                let heading = line[hashes..].trim().trim_end_matches(['#', ' ']);
                // A version after other words (`Cargo 1.80`) only in a `#`/`##` heading of
                // its own (Deno's label line `Changes in std version 0.53.0:` is a section).
                let found = version_in(heading).filter(|f| {
                    f.2 || ((hashes <= 2 || series_at.is_some_and(|s| hashes == s + 1))
                        && !labels.contains(&n)
                        && version_hashes.is_none_or(|h| h == hashes))
                });
                // A dated version first (`### [9.3.2](…) (2021-10-17)`, not `### 1.0.1 notes`).
                let first = found.as_ref().is_some_and(|f| f.2 && f.1.is_some());
                let named = found.map(|(v, d, _)| (v, d));
                // Versions are `##` (or `#`) headings; `###` ones too in a changelog that
                // has no version above that level (Deno's `### 2.9.5 / 2026.08.06`), or that
                // start with the version (standard-version's patch releases, `### [9.3.2](…)`
                // between `## [9.4.0]` minors).
                let level = if hashes <= 2
                    || (named.is_some() && (!upper_versions || (hashes == 3 && first)))
                {
                    upper_versions |= hashes <= 2 && named.is_some();
                    true
                } else {
                    false
                };
                // Deeper headings inside a version are entries of their own, with the prose,
                // lists and code under them (prettier's `#### Title (#123 by @x)`).
                // A `####` with a list under it is a section (auto's `#### 🐛 Bug Fix`).
                // (A label line there, `Supported formats:`, is prose too.)
                let prose_below = (n + 1..lines.len())
                    .find(|j| !lines[*j].trim().is_empty())
                    .is_some_and(|j| {
                        let l = lines[j].trim_start();
                        labels.contains(&j) || (!l.starts_with('#') && item_marker(l).is_none())
                    });
                if !level && hashes >= 4 && version.is_some() && prose_below {
                    item = Some(format!("{heading}\n"));
                    heading_item = true;
                    continue;
                }
                // A group of releases (`## Zulip Server 11.x series`): the versions are the
                // headings below it.
                // (Not a section of a version written one level up: `## For 1.x users`
                // under `# 1.2.0`.)
                if level
                    && named.is_none()
                    && series(heading)
                    && version_hashes.is_none_or(|h| hashes <= h)
                {
                    series_at = Some(hashes);
                    version = None;
                    kind = None;
                    upper_versions = false;
                    version_hashes = None;
                    continue;
                }
                if level && (named.is_some() || version.is_none()) {
                    if named.is_some() && version_hashes.is_none() {
                        version_hashes = Some(hashes);
                    }
                    orphan = named.is_none().then(|| heading.to_owned());
                    version = named;
                    kind = None;
                    // The line under the heading: its date (`_Released 2026-02-05_`,
                    // `Release date: 2025-11-03`) or that it is not out (`_Unreleased_`).
                    let below = (n + 1..lines.len())
                        .map(|j| lines[j].trim())
                        .find(|l| !l.is_empty())
                        .filter(|l| {
                            !l.starts_with('#') && item_marker(l).is_none() && l.len() <= 80
                        })
                        .unwrap_or("");
                    let status = below
                        .trim_matches(|c: char| "_*()[]. ".contains(c))
                        .to_ascii_lowercase();
                    let not_out = [
                        "unreleased",
                        "not yet released",
                        "not released yet",
                        "upcoming",
                        "in development",
                    ]
                    .contains(&status.as_str());
                    if let Some((_, date @ None)) = &mut version {
                        *date = date_line(below);
                    }
                    if let Some((v, _)) = &version {
                        // Keep a Changelog's `[YANKED]`: pulled, so never announced.
                        let yanked = heading.to_ascii_uppercase().contains("[YANKED]");
                        // `## 1.17.0 (Unreleased)`, `1.25.0-dev` under a date to be set
                        // (`2024-1X-XX`): not out yet either.
                        let lower = heading.to_ascii_lowercase();
                        let unreleased = v.eq_ignore_ascii_case("unreleased")
                            || lower.contains("unreleased")
                            || not_out
                            || v.to_ascii_lowercase().ends_with("-dev")
                            || lower.contains("-xx");
                        if unreleased || yanked {
                            out.skipped.push(if yanked {
                                format!("{v} (yanked)")
                            } else {
                                v.clone()
                            });
                            version = None;
                        }
                    }
                } else {
                    kind = Some(heading.trim_matches(['*', '_', ':', ' ']).to_owned());
                }
                continue;
            }
            if !line.trim().is_empty() && !heading_item {
                // A paragraph at the top level ends the item (prose between lists).
                flush(&mut item, &version, &kind, &orphan, &mut out);
                continue;
            }
        }
        if let Some(t) = item.as_mut() {
            if heading_item {
                t.push_str(line);
                t.push('\n');
                continue;
            }
            // Continuation lines and nested lists belong to the item, dedented by one level.
            let dedented = line
                .strip_prefix("  ")
                .or_else(|| line.strip_prefix('\t'))
                .unwrap_or(line);
            t.push_str(dedented);
            t.push('\n');
        }
    }
    flush(&mut item, &version, &kind, &orphan, &mut out);
    // A blank line inside an item is kept; trailing ones are not.
    for e in &mut out.entries {
        e.text = e.text.trim_end().to_owned();
    }
    out
}

/// The text after a list item's marker: `- `, `* `, `+ `, or `1. ` / `1) ` (up to 3 digits).
fn item_marker(line: &str) -> Option<&str> {
    if let Some(rest) = ["- ", "* ", "+ "].iter().find_map(|m| line.strip_prefix(m)) {
        return Some(rest);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits).then_some(())?;
    line[digits..]
        .strip_prefix(". ")
        .or_else(|| line[digits..].strip_prefix(") "))
}

/// The changelog with Setext headings (`1.2.0` over `=====` or `-----`) written as `#`
/// headings, and a label line before a list (`Bug fixes:`) as a section heading, as ripgrep's
/// and many hand-written changelogs have them. Code blocks are left alone.
/// Also returns the numbers of the lines that were such labels.
fn normalized(text: &str) -> (String, Vec<usize>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + 64);
    let mut labels = Vec::new();
    let mut written = 0;
    let mut in_fence = false;
    let mut skip = false;
    let underline = |l: &str, c: char| {
        let t = l.trim_end();
        t.len() >= 3 && t.chars().all(|x| x == c)
    };
    for (i, line) in lines.iter().enumerate() {
        if skip {
            skip = false;
            continue;
        }
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let plain = !in_fence
            && !line.trim().is_empty()
            && !line.starts_with([' ', '\t', '#', '>', '-', '*', '+', '|', '['])
            && !line.starts_with(|c: char| {
                c.is_ascii_digit() && t.contains(". ") && t.find(". ") < Some(4)
            });
        let next = lines.get(i + 1).copied().unwrap_or("");
        if plain && (underline(next, '=') || underline(next, '-')) {
            out.push_str(if underline(next, '=') { "# " } else { "## " });
            out.push_str(line.trim());
            out.push('\n');
            written += 1;
            skip = true;
            continue;
        }
        // `Bug fixes:` with a list below it (after one blank line at most).
        let list_below = [next, lines.get(i + 2).copied().unwrap_or("")]
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.starts_with("* ") || l.starts_with("- "));
        if plain && t.ends_with(':') && t.len() <= 60 && list_below {
            out.push_str("### ");
            out.push_str(t.trim_end_matches(':'));
            out.push('\n');
            labels.push(written);
            written += 1;
            continue;
        }
        out.push_str(line);
        out.push('\n');
        written += 1;
    }
    (out, labels)
}

/// `[label]: https://...` at the start of a line.
fn link_definition(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('[')?;
    let (label, rest) = rest.split_once("]:")?;
    let url = rest.split_whitespace().next()?;
    (!label.is_empty() && !label.contains('[')).then(|| (label.to_owned(), url.to_owned()))
}

/// `[1.2.0] - 2026-11-02`, `1.2.0 (2026-11-02)`, `v1.2.0`, `Version 1.2.0 — 2 Nov`,
/// `Release 42`, `Unreleased`; `None` for a heading that names no version (`What's Changed`).
/// A dotted version after a product's name or a date counts too (`Cargo 1.80 (2024-07-25)`,
/// `Release Notes for v30.0.0`, Node's `2024-01-09, Version 20.11.0 'Iron' (LTS), @user`).
#[cfg(test)]
fn version_heading(heading: &str) -> Option<(String, Option<Date>)> {
    version_in(heading).map(|(v, d, _)| (v, d))
}

/// The version a heading names, its date, and whether the version is the heading's first word (`### [9.3.2](…)`
/// is a patch release between `##` minors, as standard-version writes them; `### Upgrading to
/// 2.0` is a section).
fn version_in(heading: &str) -> Option<(String, Option<Date>, bool)> {
    // release-please wraps patch releases in `<small>`: the version is inside; a linked
    // version (`Changes in [2.8.1](…/v2.8.1)`) is its text.
    let heading = &link_texts(&heading.replace("<small>", "").replace("</small>", ""));
    // `2026-08-06`, and `2026.08.06` or `2026/08/06` as Deno and CalVer projects write it,
    // `2019-1-28` too.
    let date = loose_date(heading);
    let text = heading.trim_start_matches(|c: char| c == '[' || c.is_whitespace());
    let text = ["Version ", "version ", "Release ", "release "]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    let version: String = text
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ']' | '(' | '['))
        .collect();
    let mut version = version.trim_end_matches([':', ',']).to_owned();
    // A pre-release keeps its label (`2.0 Beta 2`, `3.1 RC1`): it is not the release.
    let after: Vec<&str> = text.split_whitespace().skip(1).take(2).collect();
    // (`1.3.0 Alpha Centauri` is a name: a label has a number, or ends the heading.)
    let numbered_label = |w: &&&str| {
        w.bytes().any(|b| b.is_ascii_digit())
            || after.get(1).is_none_or(|n| {
                n.bytes().all(|b| b.is_ascii_digit()) || n.starts_with(['(', '-', '–', '—'])
            })
    };
    if let Some(label) = after.first().filter(numbered_label).filter(|w| {
        let w = w.to_ascii_lowercase();
        [
            "alpha",
            "beta",
            "rc",
            "preview",
            "pre-release",
            "prerelease",
            "nightly",
            "canary",
        ]
        .iter()
        .any(|l| {
            w.strip_prefix(l)
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        })
    }) {
        version.push(' ');
        version.push_str(label);
        if let Some(n) = after
            .get(1)
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        {
            version.push(' ');
            version.push_str(n);
        }
    }
    let numbered = version
        .trim_start_matches(['v', 'V'])
        .starts_with(|c: char| c.is_ascii_digit());
    let first_is_date = numbered && Date::parse(&version.replace(['.', '/'], "-")).is_some();
    // A dotted version among the first words, after a name (`Cargo 1.80`) or, after a date,
    // named as one (Node's `2024-01-09, Version 20.11.0`); not after a preposition
    // (`Upgrading to 2.1`, `Breaking changes since 1.9`) nor a date's subject (`Python 3.12`).
    let later = || {
        let words: Vec<&str> = heading
            .split_whitespace()
            .take(6)
            .map(|w| w.trim_matches(|c: char| "[](),:;'\"".contains(c)))
            .collect();
        (1..words.len()).find_map(|i| {
            let (before, w) = (words[i - 1].to_ascii_lowercase(), words[i]);
            let named =
                matches!(before.as_str(), "version" | "release") || w.starts_with(['v', 'V']);
            let preposition = matches!(
                before.as_str(),
                "to" | "since"
                    | "from"
                    | "before"
                    | "after"
                    | "until"
                    | "than"
                    | "in"
                    | "of"
                    | "on"
                    | "with"
                    | "vs"
                    | "and"
                    | "or"
            );
            // `Changes in 2.8.1` (matrix's changelogs) names the version after "in".
            let changes_in =
                before == "in" && i >= 2 && words[i - 2].eq_ignore_ascii_case("changes");
            // After a date, the heading's last word (`2024-06-05 FreshRSS 1.24.1`), not a
            // date's subject (`2024-01-09 Python 3.12 support`).
            let last = i + 1 == words.len()
                && heading.split_whitespace().count() == words.len()
                && w.matches('.').count() >= 2;
            (dotted_version(w) && (!preposition || changes_in) && (named || !first_is_date || last))
                .then(|| w.to_owned())
        })
    };
    if numbered && !first_is_date {
        return Some((version, date, true));
    }
    if let Some(v) = later() {
        return Some((v, date, false));
    }
    (!version.is_empty()
        && (numbered || date.is_some() || version.eq_ignore_ascii_case("unreleased")))
    .then_some((version, date, true))
}

/// `1.80`, `v20.11.0`, `2.0.0-beta.1`: digits with at least one dot, an optional `v` before.
fn dotted_version(w: &str) -> bool {
    let core = w.trim_start_matches(['v', 'V']);
    let core = core.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// An item that is a section's name with the section's items nested under it (`* Features`
/// over `    * …`, as FreshRSS writes its changelog): the name and the items.
fn category_items(text: &str, categorised: bool) -> Option<(String, Vec<String>)> {
    let mut lines = text.lines();
    let raw = lines.next()?.trim();
    // Written as a label: bold (clap's `**Help:**`), a colon, or code (lerna's package).
    let marked = raw.ends_with(':')
        || raw.ends_with(":**")
        || (raw.starts_with("**") && raw.ends_with("**"))
        || (raw.starts_with('`') && raw.ends_with('`'));
    let head = raw
        .trim_matches(['*', '_'])
        .trim_end_matches(':')
        .trim_matches(['*', '_', '`']);
    let words = head.split_whitespace().count();
    if words == 0 || words > 3 || head.ends_with(['.', '!', '?']) {
        return None;
    }
    let rest: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    // The items are the list lines least indented; anything else must be deeper (their own
    // continuation lines and lists).
    let at = rest
        .iter()
        .filter(|l| item_marker(l.trim_start()).is_some())
        .map(|l| indent(l))
        .min()?;
    if rest
        .first()
        .is_none_or(|l| indent(l) != at || item_marker(l.trim_start()).is_none())
        || rest.iter().any(|l| indent(l) < at)
    {
        return None;
    }
    let mut items: Vec<String> = Vec::new();
    for l in &rest {
        match item_marker(l.trim_start()).filter(|_| indent(l) == at) {
            Some(first) => items.push(format!("{}\n", first.trim())),
            None => {
                if let Some(t) = items.last_mut() {
                    let cut = (l.len() - l.trim_start().len()).min(at + 2);
                    t.push_str(&l[cut..]);
                    t.push('\n');
                }
            }
        }
    }
    let lower = head.to_ascii_lowercase();
    let known = [
        "features",
        "new features",
        "feature",
        "new",
        "bug fixes",
        "bug fixing",
        "bugfixes",
        "bug fix",
        "bugs",
        "fixes",
        "fixed",
        "security",
        "deployment",
        "compatibility",
        "ui",
        "i18n",
        "l10n",
        "translations",
        "misc",
        "miscellaneous",
        "other",
        "others",
        "improvements",
        "enhancements",
        "changes",
        "changed",
        "added",
        "removed",
        "deprecated",
        "performance",
        "api",
        "documentation",
        "docs",
        "breaking changes",
        "extensions",
    ]
    .contains(&lower.as_str());
    // A word of its own (`* SimplePie`) only in a version whose bullets are categories
    // already: elsewhere `- Search` over `- faster` is one entry with its details.
    (known || marked || (categorised && words == 1 && items.len() >= 2)).then(|| {
        let items = items.into_iter().map(|t| t.trim_end().to_owned()).collect();
        (head.to_owned(), items)
    })
}

/// The date of a line that says only when a release came out (`_Released 2026-02-05_`,
/// `Release date: 2025-11-03`, `> Released on 2022/09/12`), not prose that mentions one.
fn date_line(line: &str) -> Option<Date> {
    let date = loose_date(line)?;
    let only_that = line
        .split(|c: char| c.is_whitespace() || "_*>()[]:,".contains(c))
        .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
        .all(|w| {
            ["released", "release", "date", "on", "published", "shipped"]
                .contains(&w.to_ascii_lowercase().as_str())
        });
    only_that.then_some(date)
}

/// `11.x series`, `2.x`, `Version 3.x releases`: a heading over several releases.
fn series(heading: &str) -> bool {
    heading.split_whitespace().any(|w| {
        let w = w.trim_start_matches(['v', 'V']);
        w.ends_with(".x")
            && w[..w.len() - 2]
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// A heading's Markdown links as their text (`[2.8.1](…)` is `2.8.1`).
fn link_texts(heading: &str) -> String {
    let mut out = String::with_capacity(heading.len());
    let mut rest = heading;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The first date in `text`: year, month and day joined by `-`, `.` or `/`, the month and day
/// with or without a leading zero (`2026-08-06`, `2026.08.06`, `2019-1-28`).
fn loose_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let y = digits(i);
        let sep = b.get(i + y).copied();
        if y == 4 && matches!(sep, Some(b'-' | b'.' | b'/')) {
            let m_at = i + y + 1;
            let m = digits(m_at);
            if (1..=2).contains(&m) && b.get(m_at + m) == sep.as_ref() {
                let d_at = m_at + m + 1;
                let d = digits(d_at);
                // `2024.1.5` is a CalVer version more often than a date: dots need two digits.
                let padded = sep != Some(b'.') || (m == 2 && d == 2);
                if (1..=2).contains(&d) && padded {
                    let iso = format!(
                        "{}-{:0>2}-{:0>2}",
                        &text[i..i + 4],
                        &text[m_at..m_at + m],
                        &text[d_at..d_at + d]
                    );
                    if let Some(date) = Date::parse(&iso) {
                        return Some(date);
                    }
                }
            }
        }
        i += y.max(1);
    }
    None
}

/// Sections whose items are not changes (GitHub's list of first-time contributors).
fn not_changes(kind: Option<&str>) -> bool {
    kind.is_some_and(|k| {
        let k = k.to_ascii_lowercase();
        k.contains("contributors")
            || k.contains("full changelog")
            // What release tools leave out of user-facing notes (release-please's hidden
            // sections): tests, chores, the build, refactoring, CI, code style.
            || ["test", "chore", "build system", "refactor", "continuous integration", "style"]
                .iter()
                .any(|w| k.contains(w))
            || k == "ci"
    })
}

/// The headline without what release tools add for developers: a trailing credit
/// (`by @user in https://…/pull/12`, `by @user in #12`), trailing issue and commit references
/// (`(#12)`, `(abc1234)`, `, closes #12`), a leading conventional-commit type or scope
/// (`feat(search):`, `fix!:`, `export:`); emoji shortcodes become the emoji; the first letter
/// is a capital.
#[cfg(test)]
fn cleaned(head: &str) -> String {
    cleaned_with(head, &[])
}

/// An entry's headline: its first line as plain text, [`cleaned_with`] the references its
/// links point at.
fn entry_headline(text: &str) -> String {
    cleaned_with(&headline(text), &link_refs(text))
}

/// The texts of links to commits, pull requests and issues (`[deadbee](…/commit/deadbee)`,
/// ``[`63e5831`](…)``): references, whatever they look like.
fn link_refs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("](") {
        let Some(open) = text[..i].rfind('[') else {
            continue;
        };
        let url = text[i + 2..].split(')').next().unwrap_or("");
        let label = text[open + 1..i].trim_matches('`');
        let to_ref = ["/commit/", "/commits/", "/pull/", "/issues/"]
            .iter()
            .any(|k| url.contains(k));
        if to_ref && !label.is_empty() && !label.contains(char::is_whitespace) {
            out.push(label.to_owned());
        }
    }
    out
}

/// [`cleaned`], also taking the words in `refs` for references.
fn cleaned_with(head: &str, refs: &[String]) -> String {
    let mut h = head.trim().to_owned();
    // prettier's `(#16391 by @user)`, `(#1, #2 by @a, @b)`.
    if let Some(open) = h.strip_suffix(')').and_then(|x| x.rfind(" (")) {
        let inner = &h[open + 2..h.len() - 1];
        if inner.starts_with('#') && inner.contains(" by @") {
            h.truncate(open);
        }
    }
    // Changesets' `#17747 a90ff66 Thanks @user! - Fixes …` (SvelteKit, Astro, pnpm).
    if let Some(at) = h.find("! - ") {
        let before = &h[..at];
        let credit = before.split_whitespace().all(|w| {
            let w = w.trim_matches([',', '&']);
            w.is_empty() || w == "Thanks" || w == "&" || w.starts_with('@') || reference_word(w)
        });
        if credit && before.contains("Thanks @") {
            h = h[at + 4..].to_owned();
        }
    }
    // A trailing thanks: `— thanks @a, @b, & @c`, `(thanks @a)`, `- Thanks to @a`.
    let lower = h.to_ascii_lowercase();
    if let Some(at) = ["thanks to @", "thanks @", "thank you @"]
        .iter()
        .filter_map(|k| lower.rfind(k))
        .min()
    {
        // Only credits after it (`thanks to @Lukasa including parsing …` goes on).
        let credits = h[at..]
            .split_whitespace()
            .skip_while(|w| !w.starts_with('@'))
            .all(|w| {
                let w = w.trim_matches(|c: char| ",;.!)(".contains(c));
                w.is_empty() || w.starts_with('@') || w == "&" || w == "and"
            });
        let head = h[..at]
            .trim_end_matches(['(', ' ', '-', ',', ';', '.'])
            .trim_end_matches('—');
        let head = head.trim_end_matches(['–', ' ', '-', '.']);
        if credits && head.split_whitespace().count() >= 2 {
            h = head.to_owned();
        }
    }
    if let Some(at) = h.rfind(" by @") {
        let credit = &h[at + 5..];
        if credit.contains(" in ") || !credit.contains(' ') {
            h.truncate(at);
        }
    }
    // Trailing `(#12)`, `(abc1234)`, `(#12, #13)`, `closes #12`, repeated.
    loop {
        let t = h.trim_end();
        let trimmed = if let Some(open) = t.strip_suffix(')').and_then(|x| x.rfind('(')) {
            let inner = &t[open + 1..t.len() - 1];
            let reference = !inner.is_empty()
                && inner.split([',', ' ']).filter(|w| !w.is_empty()).all(|w| {
                    let w = w.trim_matches('`');
                    if refs.iter().any(|r| r == w) {
                        return true;
                    }
                    // vite's `(fix #22999)`, `(closes #1, #2)`.
                    let word = matches!(
                        w.to_ascii_lowercase().as_str(),
                        "fix"
                            | "fixes"
                            | "fixed"
                            | "close"
                            | "closes"
                            | "closed"
                            | "resolve"
                            | "resolves"
                            | "resolved"
                            | "see"
                            | "ref"
                            | "refs"
                    );
                    // `#12`, or another repository's `shazow/urllib3#540`.
                    let issue = w.split_once('#').is_some_and(|(repo, n)| {
                        (repo.is_empty() || (repo.contains('/') && !repo.contains("//")))
                            && !n.is_empty()
                            && n.chars().all(|c| c.is_ascii_digit())
                    });
                    // A commit: 7 to 40 hex digits, at least one a digit ("(defaced)" is a word).
                    let commit = (7..=40).contains(&w.len())
                        && w.chars().all(|c| c.is_ascii_hexdigit())
                        && w.chars().any(|c| c.is_ascii_digit());
                    word || issue || commit
                })
                && (inner.contains(|c: char| c.is_ascii_digit())
                    || inner
                        .split([',', ' '])
                        .filter(|w| !w.is_empty())
                        .all(|w| refs.iter().any(|r| w.trim_matches('`') == r)));
            reference.then(|| t[..open].to_owned())
        } else {
            None
        };
        let trimmed = trimmed.or_else(|| {
            let lower = t.to_ascii_lowercase();
            ["closes #", "fixes #", "resolves #"].iter().find_map(|k| {
                let at = lower.rfind(k)?;
                // `closes #12`, `closes #932 #945`, `fixes #1, #2`.
                lower[at + k.len()..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '#' | ','))
                    .then(|| t[..at].trim_end_matches([',', ';', ' ']).to_owned())
            })
        });
        // A bare `#12` left at the end (cargo puts the link on the item's next line), when
        // a sentence of three words or more stays.
        let trimmed = trimmed.or_else(|| {
            let (rest, last) = t.rsplit_once(' ')?;
            let issue = last
                .strip_prefix('#')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            (issue && rest.split_whitespace().count() >= 3)
                .then(|| rest.trim_end_matches([',', ';', ' ', '.']).to_owned())
        });
        match trimmed {
            // "Add sha256 support. (shazow/urllib3#540)": the sentence without its stop.
            Some(x) if !x.trim().is_empty() => h = x.trim_end_matches(['.', ' ']).to_owned(),
            _ => break,
        }
    }
    // Leading references (`BUG #3212:`, `#12, #13:`, `GH-7:`), as ripgrep's entries start.
    loop {
        let t = h.trim_start();
        let word_end = t.find([',', ':']).unwrap_or(t.len());
        let reference = &t[..word_end];
        let is_ref = !reference.is_empty()
            && reference.len() <= 24
            && reference.split_whitespace().all(|w| {
                w.chars().all(|c| c.is_ascii_uppercase() || c == '-')
                    || w.strip_prefix('#')
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                    || w.strip_prefix("GH-")
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                    || reference_word(w)
            })
            && reference.contains(|c: char| c.is_ascii_digit());
        if is_ref && word_end < t.len() {
            h = t[word_end + 1..].trim_start().to_owned();
            continue;
        }
        // `#4603 Add a mobile view` (a pull request's number before the words).
        let (first, rest) = t.split_once(' ').unwrap_or((t, ""));
        // (Not `#1 most requested …`: a pull request's number has two digits at least.)
        if first.starts_with('#')
            && first.len() >= 3
            && reference_word(first)
            && rest.split_whitespace().count() >= 3
        {
            h = rest.trim_start_matches(['-', '–', '—', ' ']).to_owned();
            continue;
        }
        break;
    }
    // The first sentence: a headline, not the paragraph.
    // Not after an abbreviation or an initial ("Compare A vs. B", "Dr. Smith", "J. Doe").
    let abbreviation = |i: usize| {
        let word = h[..i]
            .rsplit([' ', '('])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        (word.chars().count() == 1 && h[..i].ends_with(|c: char| c.is_uppercase()))
            || [
                "vs", "e.g", "i.e", "etc", "dr", "mr", "mrs", "ms", "st", "no", "approx", "incl",
                "cf", "fig",
            ]
            .contains(&word.as_str())
    };
    if let Some(end) = h
        .match_indices(". ")
        .map(|(i, _)| i)
        .find(|i| h[i + 2..].starts_with(|c: char| c.is_uppercase()) && !abbreviation(*i))
    {
        h.truncate(end);
    }
    // `feat(scope)!: text`, `fix: text`, `export: text` (a conventional-changelog scope).
    if let Some((prefix, rest)) = h.split_once(": ") {
        let word = prefix.split(['(', '!']).next().unwrap_or("");
        let typed = matches!(
            word.to_ascii_lowercase().as_str(),
            "feat"
                | "fix"
                | "perf"
                | "refactor"
                | "docs"
                | "chore"
                | "style"
                | "test"
                | "build"
                | "ci"
                | "revert"
                | "deps"
        );
        let scope = !prefix.contains(' ')
            && prefix.len() <= 24
            && prefix
                .chars()
                .all(|c| c.is_ascii_lowercase() || "-_/.()!".contains(c))
            && !prefix.contains("://");
        if (typed || scope) && !rest.trim().is_empty() {
            // `fix: horizontal overflow in …` is a fix, not a new overflow.
            h = if word.eq_ignore_ascii_case("fix") && !starts_with_verb(rest) {
                format!("Fix {rest}")
            } else {
                rest.to_owned()
            };
        }
    }
    let h = whatsnew_core::compile::markdown::emoji_shortcodes(h.trim());
    // A name written as code keeps its case: `server.fs.strict is true by default` (it became
    // `Server.fs.strict`), `snake_case`, `path/to`.
    let first_word = h.split(' ').next().unwrap_or("");
    if first_word.contains(['.', '_', '/', '(', '=']) {
        return h;
    }
    let mut chars = h.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => h,
    }
}

/// An issue or pull request (`#12`) or a commit (7 to 40 hex digits, one a digit at least).
fn reference_word(w: &str) -> bool {
    let w = w.trim_matches('`');
    w.strip_prefix('#')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        || ((7..=40).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_hexdigit())
            && w.bytes().any(|b| b.is_ascii_digit()))
}

/// Whether a fix's text starts with what it does (`handle empty lists`), not with the bug
/// (`horizontal overflow in …`).
fn starts_with_verb(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    // Code (`Model.populate returns …`), a name, an adverb (`explicitly mark …`): not the
    // bug's words either; only a plain word that is never a verb is.
    let plain = first
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '-' || c == '\'');
    if !plain
        || first.ends_with("ly")
        || ["don't", "no", "not", "only", "always", "never", "now"].contains(&first)
    {
        return true;
    }
    use whatsnew_core::lint::headline::{is_verb, is_verb_only};
    if !is_verb(first) {
        return false;
    }
    // A word that is a noun too, then where or when: the bug (`crash on startup`, `hang when
    // …`, `leak in …`), not what the fix does.
    let second = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_ascii_lowercase();
    let place = [
        "on", "in", "when", "whenever", "with", "if", "after", "during", "while", "at", "upon",
        "where", "caused", "due",
    ]
    .contains(&second.as_str());
    is_verb_only(first) || !place
}

/// Plain text of an item's first line: links as their text, reference brackets dropped.
pub fn headline(text: &str) -> String {
    // The first paragraph on one line: changelogs wrap long items at 80 columns.
    let mut lines = Vec::new();
    for line in text.lines().map(str::trim) {
        // A nested list, bulleted or numbered ("Steps to reproduce: 1" came of `1. …`), or code.
        let numbered = line.split_once(". ").is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
        });
        let nested = numbered
            || ["- ", "* ", "+ ", "```", "~~~"]
                .iter()
                .any(|m| line.starts_with(m));
        if line.is_empty() || (!lines.is_empty() && nested) {
            break;
        }
        lines.push(line);
    }
    let joined = lines.join(" ");
    let first = joined.as_str();
    let mut out = String::new();
    let mut chars = first.chars().peekable();
    let mut code = false;
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        // Backticks go (a headline is plain text: the widget would show them as typed); what
        // they quote stays verbatim.
        if c == '`' {
            code = !code;
            prev = c;
            continue;
        }
        if code {
            out.push(c);
            prev = c;
            continue;
        }
        // A Markdown escape (`\#4852`, `\*`): the character itself.
        if c == '\\' {
            if let Some(&n) = chars.peek().filter(|n| n.is_ascii_punctuation()) {
                chars.next();
                out.push(n);
                prev = n;
                continue;
            }
        }
        let emphasis = match c {
            '*' => true,
            // `_` marks emphasis at a word's edge only: snake_case stays.
            '_' => !prev.is_alphanumeric() || !chars.peek().is_some_and(|n| n.is_alphanumeric()),
            _ => false,
        };
        prev = c;
        if emphasis {
            continue;
        }
        // An HTML tag (`<kbd>Tab</kbd>`): its text stays, the tag goes.
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/')
        {
            let rest: String = chars.clone().take(40).collect();
            if let Some(close) = rest.find('>') {
                let tag = &rest[..close];
                // Known inline HTML only: `Vec<T>` and `<Tooltip>` are words of the entry.
                let name = tag
                    .trim_start_matches('/')
                    .split([' ', '/'])
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let inline = [
                    "kbd", "br", "code", "em", "strong", "b", "i", "u", "sub", "sup", "a", "span",
                    "small", "mark", "del", "ins", "s", "abbr", "samp", "var", "q", "cite",
                ];
                if inline.contains(&name.as_str()) {
                    for _ in 0..=rest[..close].chars().count() {
                        chars.next();
                    }
                    continue;
                }
            }
        }
        match c {
            '[' => {
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                // `[\#4852](…)`: escapes in a link's text too.
                let mut escaped = false;
                for d in inner.chars() {
                    if d == '\\' && !escaped {
                        escaped = true;
                        continue;
                    }
                    if escaped && !d.is_ascii_punctuation() {
                        out.push('\\');
                    }
                    escaped = false;
                    out.push(d);
                }
                // `(url)` or `[ref]` right after the brackets.
                if let Some(&open) = chars.peek() {
                    let close = match open {
                        '(' => ')',
                        '[' => ']',
                        _ => '\0',
                    };
                    if close != '\0' {
                        for d in chars.by_ref() {
                            if d == close {
                                break;
                            }
                        }
                    }
                }
            }
            c => out.push(c),
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.trim_end_matches(['.', ' ']).to_owned()
}

/// Escapes `<` outside code spans, so text like `Vec<T>` is not read as HTML.
fn escape_html(text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
            out.push_str(line);
            continue;
        }
        if in_fence {
            out.push_str(line);
            continue;
        }
        for (i, c) in line.char_indices() {
            match c {
                '`' => {
                    in_code = !in_code;
                    out.push(c);
                }
                // An autolink (`<https://…>`, `<a@b.example>`) stays one.
                '<' if !in_code && autolink(&line[i..]) => out.push(c),
                '<' if !in_code => out.push_str("\\<"),
                c => out.push(c),
            }
        }
    }
    out
}

/// Whether `text` starts with a CommonMark autolink: `<scheme:…>` or `<user@host>`, no spaces.
fn autolink(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('<').and_then(|t| t.split('>').next()) else {
        return false;
    };
    if inner.is_empty() || inner.len() == text.len() - 1 || inner.contains(char::is_whitespace) {
        return false;
    }
    let lower = inner.to_ascii_lowercase();
    let scheme = ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p));
    let email = inner
        .split_once('@')
        .is_some_and(|(u, h)| !u.is_empty() && h.contains('.') && !inner.contains(['<', '"']));
    scheme || email
}

/// A YAML double-quoted string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The label tag for a Keep a Changelog section.
fn tag_of(kind: &str) -> Option<String> {
    let t = slug_latin(kind);
    (!t.is_empty() && t != "release" && t.len() <= 30).then_some(t)
}

/// How many entries are changes (not contributors, chores and the like): [`drafts`] writes one
/// file for each, but for an entry listed twice in one version.
pub fn changes(log: &Changelog) -> usize {
    log.entries
        .iter()
        .filter(|e| !not_changes(e.kind.as_deref()))
        .count()
}

/// One draft file: (file name, text).
pub fn drafts(log: &Changelog, source: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for e in log
        .entries
        .iter()
        .filter(|e| !not_changes(e.kind.as_deref()))
    {
        let mut head = entry_headline(&e.text);
        // A headline, not a paragraph: at most 200 characters, cut between words.
        if head.chars().count() > 200 {
            let cut = head.char_indices().nth(200).map_or(head.len(), |(i, _)| i);
            let at = head[..cut].rfind(' ').unwrap_or(cut);
            head.truncate(at);
            // Said to be cut: "… in your" would read as the whole entry.
            head.push('…');
        }
        // Listed twice in one version (release-please puts a breaking feature under
        // `⚠ BREAKING CHANGES` and under `Features`): one draft.
        // With its scope: `fix(bench): X` and `fix(coverage): X` are two entries though both
        // headlines read "X".
        let line = headline(&e.text);
        let scope = line
            .split_once(": ")
            .map_or("", |(p, _)| p)
            .trim_start_matches('*');
        let scope = if scope.contains(' ') || scope.len() > 24 {
            ""
        } else {
            scope
        };
        if !seen.insert((
            e.version.as_str(),
            format!("{scope}: {}", head.to_lowercase()),
        )) {
            continue;
        }
        let words: Vec<&str> = head.split_whitespace().take(6).collect();
        // `v1.2.0` and `1.2.0` both give `v1-2-0-…`.
        let version = e.version.trim_start_matches(['v', 'V']);
        // Words with no Latin letters (`深色模式`) name no file: `entry`, numbered as needed.
        let named = words.join(" ");
        let named = match slug_latin(&named) {
            s if s == "release" && !named.to_ascii_lowercase().contains("release") => {
                "entry".to_owned()
            }
            s => s,
        };
        let base = format!("v{}-{named}", slug(version));
        // At most 56 characters, cut between words (ids are at most 64, with room for `-2`).
        let mut id = base.clone();
        if id.len() > 56 {
            let cut = id[..56].rfind('-').unwrap_or(56);
            id.truncate(cut);
        }
        let mut n = 1;
        let stem = id.clone();
        while out.iter().any(|(f, _)| *f == format!("{id}.md")) {
            n += 1;
            id = format!("{stem}-{n}");
        }
        let (published, date_note) = match e.date {
            Some(d) => (d.to_string(), String::new()),
            None => (
                "1970-01-01".to_owned(),
                "  # TODO: the day this reached customers".to_owned(),
            ),
        };
        let mut text = format!(
            "---\n# Imported from {source} ({}{}).\n# TODO: rewrite the headline as what the customer gains (`whatsnew check` proposes one),\n# then write the body for customers and delete these comment lines.\nbenefit: {}\npublished: {published}{date_note}\nrelease: {}\n",
            e.version,
            e.kind.as_deref().map_or_else(String::new, |k| format!(", {k}")),
            quoted(&head),
            quoted(&e.version),
        );
        if let Some(tag) = e.kind.as_deref().and_then(tag_of) {
            text.push_str(&format!("tags: [{tag}]\n"));
        }
        text.push_str("---\nTODO: say why it matters to the customer and how to use it. The changelog entry:\n\n");
        // A huge entry (a pasted log) stays a file `check` reads: its first 16 KiB, and a note.
        const MAX_QUOTE: usize = 16 * 1024;
        let mut quote = e.text.as_str();
        if quote.len() > MAX_QUOTE {
            let mut cut = MAX_QUOTE;
            while !quote.is_char_boundary(cut) {
                cut -= 1;
            }
            quote = &quote[..quote[..cut].rfind('\n').unwrap_or(cut)];
        }
        let mut body = escape_html(quote);
        if quote.len() < e.text.len() {
            // Cut inside a code block: close it, so the note is not code.
            let fences = quote
                .lines()
                .filter(|l| l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~"))
                .count();
            if fences % 2 == 1 {
                body.push_str("\n```");
            }
            body.push_str(&format!(
                "\n\n(cut here: the entry goes on for {} KB in {source})",
                (e.text.len() - quote.len()) / 1024 + 1
            ));
        }
        for line in body.lines() {
            if line.is_empty() {
                text.push_str(">\n");
            } else {
                text.push_str(&format!("> {line}\n"));
            }
        }
        let used: Vec<&(String, String)> = log
            .links
            .iter()
            .filter(|(label, _)| e.text.contains(&format!("[{label}]")))
            .collect();
        if !used.is_empty() {
            text.push('\n');
            for (label, url) in used {
                text.push_str(&format!("[{label}]: {url}\n"));
            }
        }
        out.push((format!("{id}.md"), text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by a trial on twelve real changelogs: versions after a product's name (cargo's
    /// `Cargo 1.80 (2024-07-25)` made one release "Cargo" of 77) or after the date (Node's),
    /// standard-version's `###` patch releases between `##` minors (filed under the minor),
    /// prettier's `####` entries with prose (109 of 177 versions imported nothing), `+` and
    /// numbered items (dropped).
    #[test]
    fn versions_and_entries_as_real_changelogs_write_them() {
        let versions = |text: &str| -> Vec<(String, Option<String>, String)> {
            parse(text)
                .entries
                .iter()
                .map(|e| {
                    (
                        e.version.clone(),
                        e.date.map(|d| d.to_string()),
                        entry_headline(&e.text),
                    )
                })
                .collect()
        };
        let v =
            |a: &str, d: Option<&str>, h: &str| (a.to_owned(), d.map(str::to_owned), h.to_owned());
        assert_eq!(
            versions("## Cargo 1.80 (2024-07-25)\n\n- Faster builds\n\n## Cargo 1.79 (2024-06-13)\n\n- Smaller files\n\n## Release Notes for v30.0.0\n\n- Tabs\n"),
            [v("1.80", Some("2024-07-25"), "Faster builds"), v("1.79", Some("2024-06-13"), "Smaller files"), v("v30.0.0", None, "Tabs")]
        );
        assert_eq!(
            versions("## 2024-01-09, Version 20.11.0 'Iron' (LTS), @user\n\n- Import maps\n"),
            [v("20.11.0", Some("2024-01-09"), "Import maps")]
        );
        assert_eq!(
            versions("## [9.4.0](https://x/compare) (2021-12-31)\n\n### Features\n\n* one\n\n### [9.3.2](https://x/compare) (2021-10-17)\n\n### Bug Fixes\n\n* two\n\n### Upgrading to 9.0\n\n* three\n"),
            [v("9.4.0", Some("2021-12-31"), "One"), v("9.3.2", Some("2021-10-17"), "Two"), v("9.3.2", Some("2021-10-17"), "Three")]
        );
        let prettier = "# 2.0.0\n\n#### Export invoices in bulk (#12 by @a)\n\nPick a range. Supported formats:\n\n- CSV\n- PDF\n\n#### Faster search (#13 by @b)\n\nTwice as fast.\n\n# 1.0.0\n\n+ First release\n1. Second item\n2) Third item\n";
        assert_eq!(
            versions(prettier),
            [
                v("2.0.0", None, "Export invoices in bulk"),
                v("2.0.0", None, "Faster search"),
                v("1.0.0", None, "First release"),
                v("1.0.0", None, "Second item"),
                v("1.0.0", None, "Third item"),
            ]
        );
        assert!(parse(prettier).entries[0].text.contains("- PDF"));
    }

    /// The same trial: "Compare A vs. B" became "Compare A vs", `<kbd>` reached the headline,
    /// German ids lost their umlauts' letters (`gr-ere-schrift`) and Chinese entries were
    /// called `release.md`.
    #[test]
    fn abbreviations_tags_and_letters_beyond_ascii() {
        assert_eq!(
            entry_headline("Compare A vs. B in one table. More text"),
            "Compare A vs. B in one table"
        );
        assert_eq!(entry_headline("Ask Dr. Smith. Then"), "Ask Dr. Smith");
        assert_eq!(
            entry_headline("Support Vec<T> in signatures"),
            "Support Vec<T> in signatures"
        );
        assert_eq!(
            entry_headline("Add <Tooltip> component"),
            "Add <Tooltip> component"
        );
        assert_eq!(
            entry_headline("Raise the default retries to 5. Set RETRIES to change it"),
            "Raise the default retries to 5"
        );
        assert_eq!(
            entry_headline("A crash when the number had a <kbd>Tab</kbd> in it"),
            "A crash when the number had a Tab in it"
        );
        assert_eq!(
            entry_headline("Keep `Vec<T>` and a < b"),
            "Keep Vec<T> and a < b"
        );
        let log = parse("## 1.2.0 - 2024-01-01\n\n### Hinzugefügt\n\n- Größere Schrift für Überschriften.\n- 深色模式。\n- Экспорт счетов.\n");
        let names: Vec<String> = drafts(&log, "CHANGELOG.md")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            names,
            [
                "v1-2-0-grossere-schrift-fur-uberschriften.md",
                "v1-2-0-entry.md",
                "v1-2-0-entry-2.md"
            ]
        );
        assert!(drafts(&log, "CHANGELOG.md")[0]
            .1
            .contains("tags: [hinzugefugt]"));
    }

    /// The same trial: a yanked release was imported like any other; a 1 MB entry became a
    /// 2 MB draft over `check`'s limit, which then checked nothing else.
    #[test]
    fn yanked_releases_and_huge_entries() {
        let log = parse("## [1.1.0] - 2024-02-01 [YANKED]\n\n- Broken export\n\n## [1.0.0] - 2024-01-01\n\n- Faster search\n");
        assert_eq!(log.entries.len(), 1);
        assert_eq!(log.skipped, ["1.1.0 (yanked)"]);
        let huge = format!("## 1.0.0\n\n- {}\n", "word ".repeat(200_000));
        let files = drafts(&parse(&huge), "CHANGELOG.md");
        assert!(files[0].1.len() < 20_000, "{} bytes", files[0].1.len());
        assert!(files[0].1.contains("cut here: the entry goes on for"));
        let benefit = files[0]
            .1
            .lines()
            .find(|l| l.starts_with("benefit:"))
            .unwrap();
        assert!(benefit.len() < 220, "{benefit}");
    }

    /// A review of the above: `####` sections with lists (auto's `#### 🐛 Bug Fix`, lerna's
    /// `#### :rocket: New Feature`) stay sections; a version number inside a section heading
    /// (`Breaking changes since 1.9`, `Upgrading to 2.1`) or after a date that names
    /// something else (`2024-03-05 — Python 3.12 support`) makes no version.
    #[test]
    fn sections_that_mention_versions_and_fourth_level_sections() {
        let log = parse("# v11.1.6 (Fri Jun 21 2024)\n\n#### 🐛 Bug Fix\n\n- Fix release notes\n- Handle missing tags\n");
        let got: Vec<(&str, Option<&str>)> = log
            .entries
            .iter()
            .map(|e| (e.text.as_str(), e.kind.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Fix release notes", Some("🐛 Bug Fix")),
                ("Handle missing tags", Some("🐛 Bug Fix"))
            ]
        );
        for (text, version) in [
            ("# 2.0.0\n\n## Breaking changes since 1.9\n\n- Config key renamed\n\n## Features\n\n- Bulk export\n", "2.0.0"),
            ("## [2.1.0] - 2024-01-01\n\n### Added\n\n- Export\n\n## Upgrading to 2.1\n\n- Run the migration\n", "2.1.0"),
            ("## 2024-03-05 — Python 3.12 support\n\n- Wheels for 3.12\n", "2024-03-05"),
        ] {
            let log = parse(text);
            assert!(log.entries.iter().all(|e| e.version == version), "{text}: {:?}", log.entries);
            assert!(!log.entries.is_empty());
        }
    }

    /// The same trial: references left in headlines (cargo's link on the next line, changesets'
    /// code-span commit links, letters-only hashes, `closes #a #b`), two entries merged when
    /// only their scope differed, autolinks escaped into plain text.
    #[test]
    fn references_scopes_and_autolinks() {
        let text = "## 1.2.0 - 2024-01-02\n\n- A better error message for cargo install.\n  [#11401](https://github.com/o/r/pull/11401)\n- fix: adjust mount types ([`63e583184`](https://github.com/o/r/commit/63e58318460d))\n* export one ([#720](https://x/issues/720)) ([abc1235](https://x/commit/abc1235)), closes [#700](https://x/issues/700) [#701](https://x/issues/701)\n* export four ([#722](https://x/issues/722)) ([deadbee](https://x/commit/deadbee))\n* fix(bench): make the table fit\n* fix(coverage): make the table fit\n* Read <https://example.com/migrate> or write <help@example.com>\n";
        let log = parse(text);
        let heads: Vec<String> = log
            .entries
            .iter()
            .map(|e| entry_headline(&e.text))
            .collect();
        assert_eq!(
            heads[..4],
            [
                "A better error message for cargo install",
                "Adjust mount types",
                "Export one",
                "Export four"
            ]
        );
        let files = drafts(&log, "CHANGELOG.md");
        assert_eq!(
            files
                .iter()
                .filter(|(_, t)| t.contains("make the table fit"))
                .count(),
            2
        );
        let autolinks = &files.last().unwrap().1;
        assert!(
            autolinks.contains("<https://example.com/migrate>")
                && autolinks.contains("<help@example.com>"),
            "{autolinks}"
        );
    }

    /// Found by a trial on vite's changelog: a config key lost its case (`Server.fs.strict`),
    /// and an item with a numbered list below it became "Steps to reproduce: 1".
    #[test]
    fn code_keeps_its_case_and_a_numbered_list_is_not_the_headline() {
        assert_eq!(
            cleaned("server.fs.strict is true by default"),
            "server.fs.strict is true by default"
        );
        assert_eq!(cleaned("add a dark mode"), "Add a dark mode");
        assert_eq!(
            headline("Steps to reproduce a crash:\n1. open a file\n2. save it"),
            "Steps to reproduce a crash:"
        );
        assert_eq!(
            headline("Search by amount\nacross every invoice"),
            "Search by amount across every invoice"
        );
    }

    #[test]
    fn reads_keep_a_changelog_and_plain_lists() {
        let log = parse("# Changelog\n\n## [Unreleased]\n### Added\n- Soon\n\n## [1.1.0] - 2026-11-02\n### Added\n- Search by amount ([#12](https://x.test/12))\n  across `Vec<T>` fields\n### Fixed\n* A crash on <empty> files\n\n## 1.0.0\n- First release\n\n[1.1.0]: https://x.test/compare\n");
        assert_eq!(log.skipped, ["Unreleased"]);
        assert_eq!(log.entries.len(), 3);
        assert_eq!(log.entries[0].version, "1.1.0");
        assert_eq!(log.entries[0].date, Date::parse("2026-11-02"));
        assert_eq!(log.entries[0].kind.as_deref(), Some("Added"));
        assert_eq!(
            log.entries[0].text,
            "Search by amount ([#12](https://x.test/12))\nacross `Vec<T>` fields"
        );
        assert_eq!(log.entries[2].version, "1.0.0");
        assert_eq!(log.entries[2].date, None);
        assert_eq!(
            log.links,
            [("1.1.0".to_owned(), "https://x.test/compare".to_owned())]
        );
        // The item wraps: its headline is the whole first paragraph.
        assert_eq!(
            headline(&log.entries[0].text),
            "Search by amount (#12) across Vec<T> fields"
        );
        let files = drafts(&log, "CHANGELOG.md");
        assert_eq!(files[0].0, "v1-1-0-search-by-amount-12-across-vec-t.md");
        assert!(
            files[1].1.contains("> A crash on \\<empty> files"),
            "{}",
            files[1].1
        );
        assert!(files[2].1.contains("published: 1970-01-01  # TODO"));
    }

    /// What release-please / conventional-changelog write: the version is a link with a date,
    /// each item has a bold scope and issue and commit links.
    #[test]
    fn reads_conventional_changelog_without_its_references() {
        let log = parse("# Changelog\n\n## [2.4.0](https://x.test/compare/v2.3.0...v2.4.0) (2026-11-02)\n\n\n### Features\n\n* **export:** add CSV export for invoices ([#1234](https://x.test/issues/1234)) ([a1b2c3d](https://x.test/commit/a1b2c3d))\n* support fuzzy matching in search ([#1240](https://x.test/issues/1240))\n\n### Bug Fixes\n\n* **reports:** crash when opening empty reports, closes #77\n");
        let heads: Vec<String> = log
            .entries
            .iter()
            .map(|e| cleaned(&headline(&e.text)))
            .collect();
        assert_eq!(
            heads,
            [
                "Add CSV export for invoices",
                "Support fuzzy matching in search",
                "Crash when opening empty reports"
            ]
        );
        assert!(log
            .entries
            .iter()
            .all(|e| e.version == "2.4.0" && e.date == Date::parse("2026-11-02")));
        let files = drafts(&log, "CHANGELOG.md");
        assert_eq!(files[0].0, "v2-4-0-add-csv-export-for-invoices.md");
        // A breaking feature listed twice in one version gives one draft.
        let twice = parse("## [3.0.0](x) (2026-11-02)\n\n### ⚠ BREAKING CHANGES\n\n* require node 18+\n\n### Features\n\n* require node 18+ ([#9](x))\n");
        assert_eq!(drafts(&twice, "CHANGELOG.md").len(), 1);
        // The quoted entry keeps everything, references included.
        assert!(
            files[0]
                .1
                .contains("> **export:** add CSV export for invoices ([#1234]"),
            "{}",
            files[0].1
        );
    }

    /// vite's release-please output: patch releases in `<small>`, `(fix #N)` references,
    /// sections release tools keep from users (tests, chores, refactoring).
    #[test]
    fn reads_small_patch_headings_and_leaves_out_hidden_sections() {
        let log = parse("## <small>[8.2.2](https://x.test/compare/v8.2.1...v8.2.2) (2026-08-20)</small>\n\n### Bug Fixes\n\n* exclude completed modules from in-flight cycle detection (fix #22999) ([#23001](x))\n\n### Tests\n\n* add a regression test\n\n### Miscellaneous Chores\n\n* bump deps\n\n## <small>[8.2.1](x) (2026-08-12)</small>\n\n### Code Refactoring\n\n* split the resolver\n\n### Features\n\n* inject the client script early\n");
        let seen: Vec<(String, String)> = drafts(&log, "CHANGELOG.md")
            .iter()
            .map(|(name, _)| name.clone())
            .zip(
                log.entries
                    .iter()
                    .filter(|e| !not_changes(e.kind.as_deref()))
                    .map(|e| e.version.clone()),
            )
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "v8-2-2-exclude-completed-modules-from-in-flight-cycle.md".to_owned(),
                    "8.2.2".to_owned()
                ),
                (
                    "v8-2-1-inject-the-client-script-early.md".to_owned(),
                    "8.2.1".to_owned()
                ),
            ]
        );
        assert_eq!(log.entries[0].date, Date::parse("2026-08-20"));
        assert_eq!(
            cleaned(&headline(&log.entries[0].text)),
            "Exclude completed modules from in-flight cycle detection"
        );
    }

    /// Deno's Releases.md: `### 2.9.5 / 2026.08.06` under a `# Releases` title.
    #[test]
    fn reads_third_level_versions_and_dotted_dates() {
        let log = parse("# Releases\n\n### 2.9.5 / 2026.08.06\n\n- fix(ext/node): handle empty env values\n- feat: faster npm installs\n\n### 2.9.4 / 2026.07.30\n\n- fix: lockfile race\n");
        let got: Vec<(&str, Option<Date>)> = log
            .entries
            .iter()
            .map(|e| (e.version.as_str(), e.date))
            .collect();
        assert_eq!(
            got,
            [
                ("2.9.5", Date::parse("2026-08-06")),
                ("2.9.5", Date::parse("2026-08-06")),
                ("2.9.4", Date::parse("2026-07-30")),
            ]
        );
        // Keep a Changelog's `###` sections stay sections.
        let kac = parse("## [1.0.0] - 2026-01-02\n### Added\n- export\n### 1.0.1 notes\n- x\n");
        assert!(kac.entries.iter().all(|e| e.version == "1.0.0"));
    }

    /// ripgrep's style: Setext version headings, `Bug fixes:` label lines before the lists,
    /// items that start with their references and wrap at 80 columns.
    #[test]
    fn reads_setext_headings_label_lines_and_wrapped_items() {
        let log = parse("TBD\n===\nUnreleased changes.\n\n\n15.2.0 (2026-07-15)\n===================\nThis release fixes bugs.\n\nFeature enhancements:\n\n* [FEATURE #3275](https://x.test/3275):\n  ripgrep now respects `GIT_CONFIG_GLOBAL` and\n  `GIT_CONFIG_SYSTEM`. It reads both.\n\nBug fixes:\n\n* [BUG #3320](https://x.test/a),\n  [BUG #3376](https://x.test/b):\n  Fix gitignore matching bug when searching across multiple directories.\n\n15.1.0\n------\n* Small fix.\n");
        let got: Vec<(String, Option<String>, String)> = log
            .entries
            .iter()
            .map(|e| {
                (
                    e.version.clone(),
                    e.kind.clone(),
                    cleaned(&headline(&e.text)),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "15.2.0".into(),
                    Some("Feature enhancements".into()),
                    "Ripgrep now respects GIT_CONFIG_GLOBAL and GIT_CONFIG_SYSTEM".into()
                ),
                (
                    "15.2.0".into(),
                    Some("Bug fixes".into()),
                    "Fix gitignore matching bug when searching across multiple directories".into()
                ),
                ("15.1.0".into(), None, "Small fix".into()),
            ]
        );
        assert_eq!(log.entries[0].date, Date::parse("2026-07-15"));
        // A thematic break after a list is not a heading; code keeps its lines.
        let log = parse("## 1.0.0\n- One\n\n---\n\n```\nnot a heading\n===\n```\n");
        assert_eq!(log.entries.len(), 1);
    }

    /// (version, date, section, headline) of every entry.
    fn read(text: &str) -> Vec<(String, Option<Date>, Option<String>, String)> {
        parse(text)
            .entries
            .iter()
            .map(|e| {
                (
                    e.version.clone(),
                    e.date,
                    e.kind.clone(),
                    entry_headline(&e.text),
                )
            })
            .collect()
    }

    /// What a trial of eleven real changelogs found (2026-12-05): category bullets, release
    /// series, dates and "Unreleased" under the heading, pre-releases, credits.
    #[test]
    fn reads_the_layouts_a_trial_of_real_changelogs_found() {
        let d = |s: &str| Date::parse(s);
        // FreshRSS: the date first, the version last; `* Features` over its items; a release
        // whose date is still `2024-1X-XX` is not out.
        let got = read("# Changelog\n\n## 2024-1X-XX FreshRSS 1.25.0-dev\n\n* Features\n    * Not out yet\n\n## 2024-06-05 FreshRSS 1.24.1\n\n* Features\n    * New filter by date [#6411](https://github.com/o/r/pull/6411)\n    * Share to Bluesky\n* Bug fixing\n    * Fix feed refresh when the server is slow\n      on two lines\n* SimplePie\n    * Sync upstream\n    * Better GUID\n");
        assert_eq!(
            got,
            [
                (
                    "1.24.1".into(),
                    d("2024-06-05"),
                    Some("Features".into()),
                    "New filter by date".into()
                ),
                (
                    "1.24.1".into(),
                    d("2024-06-05"),
                    Some("Features".into()),
                    "Share to Bluesky".into()
                ),
                (
                    "1.24.1".into(),
                    d("2024-06-05"),
                    Some("Bug fixing".into()),
                    "Fix feed refresh when the server is slow on two lines".into()
                ),
                (
                    "1.24.1".into(),
                    d("2024-06-05"),
                    Some("SimplePie".into()),
                    "Sync upstream".into()
                ),
                (
                    "1.24.1".into(),
                    d("2024-06-05"),
                    Some("SimplePie".into()),
                    "Better GUID".into()
                ),
            ]
        );
        // An item with a detail list of its own stays one entry, one word too (outside a
        // version of category bullets); a section that names `1.x` under `#` versions is
        // a section; a category's item continued one space deeper keeps its letters.
        assert_eq!(
            read("## 1.0.0\n- Improved search\n  - faster\n  - fuzzier\n").len(),
            1
        );
        assert_eq!(
            read("## 1.0.0\n- Search\n  - faster\n  - fuzzier\n").len(),
            1
        );
        let got = read("# 2.0.0 (2026-01-02)\n\n## Breaking changes for 1.x users\n\n- Config moved\n\n## Bug fixes\n\n- Faster start\n");
        assert_eq!(got.len(), 2, "{got:?}");
        let got = read("## 1.0.0\n* Features\n    * New filter\n     by date\n    * Share\n");
        assert_eq!(got[0].3, "New filter by date");
        // Zulip: a series over its releases, each dated on the line below; the unreleased one
        // (`_Unreleased_` below it) and its beta are left out.
        let got = read("# Version history\n\n## Zulip Server 12.0\n\n_Unreleased_\n\n### Zulip Server 12.0-beta1\n\n_Released 2026-03-12_\n\n- Big emoji.\n\n## Zulip Server 11.x series\n\n### Zulip Server 11.5\n\n_Released 2026-02-05_\n\n- Fixed channel links.\n\n### Zulip Server 11.4\n\n_Released 2025-10-23_\n\n- Faster search.\n");
        assert_eq!(
            got,
            [
                (
                    "11.5".into(),
                    d("2026-02-05"),
                    None,
                    "Fixed channel links".into()
                ),
                ("11.4".into(), d("2025-10-23"), None, "Faster search".into()),
            ]
        );
        // Element: `Changes in [2.8.1](…) (2020-06-29)` over `===`; an escaped `\#`.
        let got = read("Changes in [2.8.1](https://x.test/v2.8.1) (2020-06-29)\n=====================\n[Full Changelog](https://x.test/compare)\n\n * Support accounts with cross signing but no SSSS\n   [\\#4852](https://github.com/o/r/pull/4852)\n\nChanges in [2.8.0](https://x.test/v2.8.0) (2020-06-23)\n=====================\n * Upgrade to JS SDK 7.0.0\n");
        assert_eq!(
            got,
            [
                (
                    "2.8.1".into(),
                    d("2020-06-29"),
                    None,
                    "Support accounts with cross signing but no SSSS".into()
                ),
                (
                    "2.8.0".into(),
                    d("2020-06-23"),
                    None,
                    "Upgrade to JS SDK 7.0.0".into()
                ),
            ]
        );
        // Changesets, Actual's `#4603 … — thanks @a, @b, & @c` under `Release date:`,
        // Mastodon's credits as links to the pull requests.
        let got = read("## 7.2.4\n\n### Patch Changes\n\n- [#17747](https://github.com/o/r/pull/17747) [`a90ff66`](https://github.com/o/r/commit/a90ff6650fc2) Thanks [@Princesseuh](https://github.com/Princesseuh)! - Fixes builds hanging when an image file is malformed\n- a90ff66: Adds a flag\n");
        assert_eq!(
            got[0].3,
            "Fixes builds hanging when an image file is malformed"
        );
        assert_eq!(got[1].3, "Adds a flag");
        let got = read("## 25.11.0\n\nRelease date: 2025-11-03\n\n#### Features\n\n- [#4603](https://github.com/o/r/pull/4603) Add `delete transaction` rule action — thanks @lelemm, @youngcw, & @matt-fidd\n");
        assert_eq!(
            got,
            [(
                "25.11.0".into(),
                d("2025-11-03"),
                Some("Features".into()),
                "Add delete transaction rule action".into()
            )]
        );
        let got = read("## [4.1.2] - 2023-04-04\n\n### Fixed\n\n- Fix a crash ([ClearlyClaire](https://github.com/o/r/pull/24182), [ClearlyClaire](https://github.com/o/r/pull/24377))\n");
        assert_eq!(got[0].3, "Fix a crash");
        // Terraform: `(Unreleased)` in the heading; the list of earlier releases under it.
        let log = parse("## 1.17.0 (Unreleased)\n\nENHANCEMENTS:\n\n* Better logs\n\n## Previous Releases\n\n- [v1.16](https://x.test/1.16)\n- [v1.15](https://x.test/1.15)\n\n## 1.16.0 (May 1, 2026)\n\n* Shipped\n");
        assert_eq!(log.entries.len(), 1, "{:?}", log.entries);
        assert_eq!(log.entries[0].version, "1.16.0");
        assert_eq!(log.skipped, ["1.17.0"]);
        assert_eq!(log.unversioned, ["Previous Releases"]);
        // FastAPI's section for what is not released yet: said.
        let log = parse("## Latest Changes\n\n* Better docs\n\n## 0.115.0\n\n* Shipped\n");
        assert_eq!(
            (log.entries.len(), log.unversioned.as_slice()),
            (1, ["Latest Changes".to_owned()].as_slice())
        );
        // KeePassXC's pre-releases keep their label; a date without leading zeros is read;
        // a CalVer version with dots is not a date.
        let got = read("## 2.0 (2015-12-06)\n\n- Improve UI\n\n## 2.0 Beta 2 (2015-09-06)\n\n- Fix crash\n\n## 2.0 Alpha 1 (2012-05-07)\n\n- First\n\n## [1.7.2] - 2019-1-28\n\n- fix: horizontal overflow in the sidebar\n- fix: handle empty lists\n\n## 2024.1.5\n\n- CalVer\n");
        let versions: Vec<(&str, Option<Date>)> = got.iter().map(|g| (g.0.as_str(), g.1)).collect();
        assert_eq!(
            versions,
            [
                ("2.0", d("2015-12-06")),
                ("2.0 Beta 2", d("2015-09-06")),
                ("2.0 Alpha 1", d("2012-05-07")),
                ("1.7.2", d("2019-01-28")),
                ("1.7.2", d("2019-01-28")),
                ("2024.1.5", None),
            ]
        );
        // A headline cut at 200 characters says so.
        let long = "word ".repeat(60);
        let files = drafts(
            &parse(&format!("## 1.0.0 - 2026-01-02\n- {long}\n")),
            "CHANGELOG.md",
        );
        assert!(files[0].1.contains("word…\""), "{}", files[0].1);
        assert_eq!(got[3].3, "Fix horizontal overflow in the sidebar");
        assert_eq!(got[4].3, "Handle empty lists");
        // What a differential run over 38 changelogs found the first version of this got wrong.
        let got = read("## 7.0.0 - 2026-01-02\n\n- fix: respect `<base>` when crawling\n- fix(query): explicitly mark the cursor closed\n- fix: Model.populate returns a promise\n- fix: cache headers not set on HEAD\n- fix: crash on startup\n\n#### Bug Fixes\n\n* **Help:**\n  * prevents invoking help twice\n  * subcommand help matches --help\n\n#### Chores\n\n* **deps:**\n  * bump serde\n  * bump clap\n\n#### Other\n\n- Major proxy work thanks to @Lukasa including parsing of proxies\n- Better dates. Thanks to @sasha\n- Add sha256 fingerprint support. (shazow/urllib3\\#540)\n- #1 most requested: dark mode\n");
        let heads: Vec<(&str, Option<&str>)> = got
            .iter()
            .filter(|g| !not_changes(g.2.as_deref()))
            .map(|g| (g.3.as_str(), g.2.as_deref()))
            .collect();
        assert_eq!(
            heads,
            [
                ("Respect <base> when crawling", None),
                ("Explicitly mark the cursor closed", None),
                ("Model.populate returns a promise", None),
                ("Cache headers not set on HEAD", None),
                ("Fix crash on startup", None),
                ("Prevents invoking help twice", Some("Bug Fixes")),
                ("Subcommand help matches --help", Some("Bug Fixes")),
                (
                    "Major proxy work thanks to @Lukasa including parsing of proxies",
                    Some("Other")
                ),
                ("Better dates", Some("Other")),
                ("Add sha256 fingerprint support", Some("Other")),
                ("#1 most requested: dark mode", Some("Other")),
            ]
        );
        // Jekyll's and Composer's items, two spaces in; a date's subject, a prose line with a
        // date, a release named after a star.
        let got = read("## 4.4.1 / 2025-01-29\n\n### Bug Fixes\n\n  * Fix the watcher\n    on two lines\n    * a detail\n  * Restore the cache\n\n## 2024-02-01 Python 3.12\n\n- Works on it\n\n## 1.3.0 Alpha Centauri\n\nThis release drops versions before 2019-01-01.\n\n- Named\n");
        let seen: Vec<(&str, Option<Date>, &str)> = got
            .iter()
            .map(|g| (g.0.as_str(), g.1, g.3.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("4.4.1", d("2025-01-29"), "Fix the watcher on two lines"),
                ("4.4.1", d("2025-01-29"), "Restore the cache"),
                ("2024-02-01", d("2024-02-01"), "Works on it"),
                ("1.3.0", None, "Named"),
            ]
        );
    }

    /// GitHub's generated release notes: `What's Changed` is a section of the version above
    /// it, not a version; credits go from the headline; first-time contributors are not changes.
    #[test]
    fn reads_github_release_notes() {
        let log = parse("## v2.4.0\n\n## What's Changed\n### 🚀 Features\n* feat(search): support fuzzy matching :sparkles: by @bob in https://github.com/o/r/pull/1240\n* Add CSV export by @alice-b in #1234\n\n## New Contributors\n* @dave made their first contribution in https://github.com/o/r/pull/1239\n\n**Full Changelog**: https://github.com/o/r/compare/v2.3.0...v2.4.0\n\n## v2.3.0\n* Dark mode (defaced) (#1200)\n");
        let files = drafts(&log, "CHANGELOG.md");
        let heads: Vec<(&str, String)> = log
            .entries
            .iter()
            .filter(|e| !not_changes(e.kind.as_deref()))
            .map(|e| (e.version.as_str(), cleaned(&headline(&e.text))))
            .collect();
        assert_eq!(
            heads,
            [
                ("v2.4.0", "Support fuzzy matching ✨".to_owned()),
                ("v2.4.0", "Add CSV export".to_owned()),
                ("v2.3.0", "Dark mode (defaced)".to_owned()),
            ]
        );
        assert_eq!(files.len(), 3, "no draft for a first-time contributor");
        assert_eq!(files[0].0, "v2-4-0-support-fuzzy-matching.md");
        assert!(files[0].1.contains("tags: [features]"), "{}", files[0].1);
        // Headings that name no version do not start one; words that look like one do.
        for (heading, version) in [
            ("What's Changed", None),
            ("Highlights", None),
            ("Release 42", Some("42")),
            ("Version 1.2.0 (2026-11-02)", Some("1.2.0")),
            ("[Unreleased]", Some("Unreleased")),
            ("November update - 2026-11-02", Some("November")),
        ] {
            assert_eq!(
                version_heading(heading).map(|v| v.0).as_deref(),
                version,
                "{heading}"
            );
        }
    }
}
