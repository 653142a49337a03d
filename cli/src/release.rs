//! Releases: announcements grouped into named, dated releases, from each file's `release:` and
//! from `releases.toml` at the content root. The public site and the internal brief order by
//! release; announcements in no release are grouped by the month they were published.
//!
//! ```toml
//! [[release]]
//! name = "2026.11"                 # what `release:` in front matter names
//! date = 2026-11-18                # when it reached customers
//! title = "Get paid sooner"        # optional heading
//! summary = "One paragraph."       # optional
//! announcements = ["invoice-search", "payment-reminders"]   # optional, instead of `release:`
//!
//! [release.translations.fr]        # optional: the title and summary in another locale
//! title = "Soyez payé plus tôt"
//! ```

use crate::content::File;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::Path;
use whatsnew_core::compile::Compiled;
use whatsnew_core::{Date, Diagnostic};

/// The releases file's name.
pub const FILE: &str = "releases.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    release: Vec<RawRelease>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelease {
    name: String,
    date: toml::value::Datetime,
    title: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    announcements: Vec<String>,
    #[serde(default)]
    translations: std::collections::BTreeMap<String, RawText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawText {
    title: Option<String>,
    summary: Option<String>,
}

/// One release, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// The name announcements use in `release:` ("2026.11"); for a month group, `YYYY-MM`.
    pub name: String,
    /// A heading, when the releases file gives one.
    pub title: Option<String>,
    /// One paragraph, when the releases file gives one.
    pub summary: Option<String>,
    /// When it reached customers: the file's date, or the newest announcement's.
    pub date: Date,
    /// Whether this is a month of announcements in no release.
    pub month: bool,
    /// Its announcements' ids, newest first.
    pub ids: Vec<String>,
    /// Its file name and fragment, unique among the releases (see [`Release::slug`]).
    pub slug: String,
    /// The title and summary in other locales: (locale, title, summary).
    pub translations: Vec<(String, Option<String>, Option<String>)>,
}

impl Release {
    /// The title and summary in `locale`, and the locale they are in (the default's, when not
    /// translated).
    pub fn text_in<'a>(
        &'a self,
        locale: &'a str,
        default: &'a str,
    ) -> (Option<&'a str>, Option<&'a str>, &'a str) {
        match self.translations.iter().find(|(l, ..)| l == locale) {
            Some((l, title, summary)) => (
                title.as_deref().or(self.title.as_deref()),
                summary.as_deref().or(self.summary.as_deref()),
                l,
            ),
            None => (self.title.as_deref(), self.summary.as_deref(), default),
        }
    }

    /// A stable fragment and file name for it: letters, digits and `-`, unique among the
    /// project's releases. A release named like a month ("2026-11") and that month's
    /// announcements in no release would share one; the month group then gets `-month`, and
    /// two names that read the same ("2026.11", "2026-11") get `-2`, `-3` in name order.
    pub fn slug(&self) -> String {
        if self.slug.is_empty() {
            slug(&self.name)
        } else {
            self.slug.clone()
        }
    }
}

/// Letters and digits kept (lowercased), everything else one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("release");
    }
    short(out)
}

/// A slug of at most 120 bytes, a file or folder name every file system takes (a release
/// named in 300 characters made `brief` fail on "File name too long"): a longer one is cut
/// between words and ends with a hash of the whole, so two long names stay two.
fn short(slug: String) -> String {
    const MOST: usize = 120;
    if slug.len() <= MOST {
        return slug;
    }
    let mut h: u32 = 0x811c_9dc5;
    for b in slug.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    let cut = slug[..MOST - 9].rfind('-').unwrap_or(MOST - 9);
    format!("{}-{h:08x}", &slug[..cut])
}

/// [`slug`] with Latin letters read without their diacritics (`Größere` is `grossere`, not
/// `gr-ere`), for the names `import` gives new files. Not for the site's paths: they would
/// move for tags and releases already published.
pub fn slug_latin(text: &str) -> String {
    let plain: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| ascii_of(c).map_or_else(|| c.to_string(), str::to_owned))
        .collect();
    slug(&plain)
}

/// The plain letters of a lowercase Latin letter with a diacritic (`é` → `e`, `ß` → `ss`).
fn ascii_of(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("æ", "ae"),
        ("çćĉċč", "c"),
        ("ďđð", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("œ", "oe"),
        ("ŕŗř", "r"),
        ("śŝşš", "s"),
        ("ß", "ss"),
        ("ţťŧ", "t"),
        ("þ", "th"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
    ];
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

/// Reads `releases.toml` if there is one: the file (for snippets) or its syntax errors.
pub fn read(dir: &Path) -> Result<Option<File>> {
    let path = dir.join(FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(File {
            shown: path.display().to_string(),
            stem: "releases".into(),
            text,
            not_utf8: None,
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) if !dir.is_dir() => {
            let _ = e;
            Ok(None)
        }
        Err(e) => Err(Error::io("cannot read", &path, e)),
    }
}

fn at(text: &str, needle: &str) -> std::ops::Range<usize> {
    text.find(needle).map_or(0..0, |i| i..i + needle.len())
}

/// Groups the default-locale announcements into releases, newest first, and reports every
/// problem with the releases file and with `release:` keys.
pub fn group(file: Option<&File>, compiled: &[Compiled]) -> (Vec<Release>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut declared: Vec<Release> = Vec::new();
    // Releases releases.toml names but that have an error of their own (every one when the
    // file does not parse): announcements naming them get no "unknown release" on top, which
    // pointed at correct files and buried the one real mistake.
    let (mut broken, mut all_broken): (Vec<String>, bool) = (Vec::new(), false);
    if let Some(f) = file {
        match toml::from_str::<RawFile>(&f.text) {
            Err(e) => {
                all_broken = true;
                diags.push(
                Diagnostic::error("releases-file", &f.shown, e.span().unwrap_or(0..0), "releases.toml is not valid")
                    .label(e.message().trim().replace('\n', "; "))
                    .help("each [[release]] has `name` and `date`, and may have `title`, `summary`, `announcements` and `[release.translations.<locale>]` with `title` and `summary`"),
                );
            }
            Ok(raw) => {
                for r in raw.release {
                    let date = Date::parse(&r.date.to_string());
                    let Some(date) = date else {
                        diags.push(
                            Diagnostic::error(
                                "releases-file",
                                &f.shown,
                                at(&f.text, &r.date.to_string()),
                                format!(
                                    "release `{}`: the date must be a day like 2026-11-18",
                                    r.name
                                ),
                            )
                            .label("not a day")
                            .help("write date = 2026-11-18"),
                        );
                        broken.push(r.name);
                        continue;
                    };
                    if r.name.trim().is_empty() || declared.iter().any(|d| d.name == r.name) {
                        diags.push(
                            Diagnostic::error(
                                "releases-file",
                                &f.shown,
                                at(&f.text, &format!("\"{}\"", r.name)),
                                format!("release name `{}` is empty or used twice", r.name),
                            )
                            .label("here")
                            .help("give each [[release]] its own `name`"),
                        );
                        continue;
                    }
                    for id in &r.announcements {
                        if !compiled
                            .iter()
                            .any(|c| c.locale.is_none() && &c.announcement.id == id)
                        {
                            diags.push(
                                Diagnostic::error(
                                    "unknown-release",
                                    &f.shown,
                                    at(&f.text, &format!("\"{id}\"")),
                                    format!(
                                        "release `{}` lists `{id}`, which is no announcement",
                                        r.name
                                    ),
                                )
                                .label("no such announcement")
                                .help("list announcement ids (the file names without .md)"),
                            );
                        }
                    }
                    declared.push(Release {
                        name: r.name,
                        title: r.title.filter(|t| !t.trim().is_empty()),
                        summary: r.summary.filter(|t| !t.trim().is_empty()),
                        date,
                        month: false,
                        ids: r.announcements,
                        slug: String::new(),
                        translations: r
                            .translations
                            .into_iter()
                            .map(|(l, t)| (l, t.title, t.summary))
                            .collect(),
                    });
                }
            }
        }
    }
    let mut releases: Vec<Release> = declared.clone();
    for r in &mut releases {
        r.ids.clear();
    }
    let names: Vec<String> = declared.iter().map(|r| format!("`{}`", r.name)).collect();
    let mut members: Vec<&Compiled> = compiled.iter().filter(|c| c.locale.is_none()).collect();
    members.sort_by(|a, b| {
        b.announcement
            .published
            .cmp(&a.announcement.published)
            .then_with(|| a.announcement.id.cmp(&b.announcement.id))
    });
    for c in members {
        let id = &c.announcement.id;
        let listed = declared
            .iter()
            .find(|r| r.ids.contains(id))
            .map(|r| r.name.clone());
        let name = match (&c.front_matter.release, listed) {
            (Some(own), Some(listed)) if *own != listed => {
                diags.push(
                    Diagnostic::error(
                        "unknown-release",
                        &c.path,
                        c.front_matter.span("release"),
                        format!("`release: {own}`, but releases.toml lists `{id}` in `{listed}`"),
                    )
                    .label("a different release")
                    .help(
                        "name the release in one place: here, or in the release's `announcements`",
                    ),
                );
                continue;
            }
            (Some(own), _) => {
                if file.is_some()
                    && !all_broken
                    && !broken.contains(own)
                    && !declared.iter().any(|r| r.name == *own)
                {
                    diags.push(
                        Diagnostic::error(
                            "unknown-release",
                            &c.path,
                            c.front_matter.span("release"),
                            format!("unknown release `{own}`"),
                        )
                        .label("not in releases.toml")
                        .help(if names.is_empty() {
                            "add it to releases.toml as [[release]] name = \"...\" date = ..."
                                .to_owned()
                        } else {
                            format!("releases in releases.toml: {}", names.join(", "))
                        }),
                    );
                    continue;
                }
                Some(own.clone())
            }
            (None, listed) => listed,
        };
        let published = c.announcement.published;
        let (name, month) = match name {
            Some(n) => (n, false),
            None => (
                format!("{:04}-{:02}", published.year, published.month),
                true,
            ),
        };
        match releases
            .iter_mut()
            .find(|r| r.name == name && r.month == month)
        {
            Some(r) => {
                r.ids.push(id.clone());
                if !declared.iter().any(|d| d.name == r.name) && published > r.date {
                    r.date = published;
                }
            }
            None => releases.push(Release {
                name,
                title: None,
                summary: None,
                date: published,
                month,
                ids: vec![id.clone()],
                slug: String::new(),
                translations: Vec::new(),
            }),
        }
    }
    releases.retain(|r| !r.ids.is_empty());
    releases.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.name.cmp(&a.name)));
    unique_slugs(&mut releases);
    // The changelog's release sections are `#release-<slug>` on the pages that list
    // announcements as `#<id>`: one id for two elements, and links to either land on the first.
    for c in compiled.iter().filter(|c| c.locale.is_none()) {
        let id = &c.announcement.id;
        let section = |r: &&Release| id.strip_prefix("release-") == Some(r.slug().as_str());
        if let Some(r) = releases.iter().find(section) {
            diags.push(
                Diagnostic::error(
                    "reserved-id",
                    &c.path,
                    c.front_matter.span("id"),
                    format!(
                        "the id `{id}` is also release `{}`'s section of the public changelog",
                        r.name
                    ),
                )
                .label("this id")
                .help(format!(
                    "rename the file or set `id:`, e.g. `id: {id}-announcement`"
                )),
            );
        }
    }
    (releases, diags)
}

/// Gives each release a slug no other one has: named releases first, in name order, so a new
/// month of announcements never renames an existing release's files.
fn unique_slugs(releases: &mut [Release]) {
    let mut order: Vec<usize> = (0..releases.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&releases[a], &releases[b]);
        a.month.cmp(&b.month).then_with(|| a.name.cmp(&b.name))
    });
    let mut used: Vec<String> = Vec::new();
    for i in order {
        let mut base = slug(&releases[i].name);
        if releases[i].month && used.contains(&base) {
            base.push_str("-month");
        }
        let mut s = base.clone();
        let mut n = 2;
        while used.contains(&s) {
            s = format!("{base}-{n}");
            n += 1;
        }
        used.push(s.clone());
        releases[i].slug = s;
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    /// A release named at length still gives a name a file system takes, and two such names
    /// that differ only at their ends stay two.
    #[test]
    fn long_names_give_short_distinct_slugs() {
        let a = slug(&format!("{} one", "word ".repeat(60)));
        let b = slug(&format!("{} two", "word ".repeat(60)));
        assert!(a.len() <= 120 && b.len() <= 120, "{a}");
        assert_ne!(a, b);
        assert!(a.starts_with("word-word-"), "{a}");
        assert_eq!(slug("Spring 2026: Exports"), "spring-2026-exports");
    }
}
