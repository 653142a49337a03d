//! Compiling announcement files (Markdown with front matter) into bundle types.
//!
//! [`compile_bundle`] takes every file's text and returns either a [`Bundle`] or every problem
//! found in every file, so an author fixes them all in one go. Parsing is split in two:
//! [`frontmatter`] (YAML `---` or TOML `+++`, strict: unknown keys are errors) and [`markdown`]
//! (the body, into the typed content tree; raw HTML and unsafe links are errors).

pub mod frontmatter;
pub mod markdown;

use crate::bundle::{current_version, Announcement, Bundle, Extra, Step, Translation};
use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::ops::Range;

/// One announcement file's name and text.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The path shown in diagnostics.
    pub path: &'a str,
    /// The file name without its extension: the default id (and `id.locale` for variants).
    pub stem: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

/// Project-wide settings the compiler needs (from `whatsnew.toml`).
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// Names the feed; user state is stored per bundle id.
    pub bundle_id: String,
    /// The product's name.
    pub product: Option<String>,
    /// The default locale (first) and the others.
    pub locales: Vec<String>,
    /// Audience rules by name.
    pub audiences: Vec<(String, String)>,
    /// Event endpoint.
    pub endpoint: Option<String>,
    /// Interruption limits (`[pacing]`), when configured.
    pub pacing: Option<crate::bundle::Pacing>,
    /// What events carry (`[events]`), when configured.
    pub events: Option<crate::bundle::EventSettings>,
    /// How long tooltips and guide steps wait for their anchor, in ms (`[guides] anchor_wait`).
    pub anchor_wait: Option<u32>,
}

impl Project {
    /// A project with only a bundle id.
    pub fn named(bundle_id: &str) -> Project {
        Project {
            bundle_id: bundle_id.to_owned(),
            ..Project::default()
        }
    }

    /// The locale a file stem names (`bulk-export.fr` → `fr`), when it is a configured
    /// non-default locale.
    pub fn variant_of<'s>(&self, stem: &'s str) -> Option<(&'s str, &'s str)> {
        let (base, locale) = stem.rsplit_once('.')?;
        self.locales
            .iter()
            .skip(1)
            .any(|l| l == locale)
            .then_some((base, locale))
    }
}

/// ISO 639-1 language codes: a file stem ending in `.<one of these>` (optionally with a region,
/// `pt-BR`) is meant as a translation, configured or not.
const LANGUAGES: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Whether `tag` looks like a locale: a language code, optionally with a region or script
/// (`fr`, `pt-BR`, `zh_Hans`).
fn looks_like_locale(tag: &str) -> bool {
    let mut parts = tag.splitn(2, ['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let rest_ok = parts
        .next()
        .is_none_or(|r| (2..=8).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()));
    LANGUAGES.contains(&lang.as_str()) && rest_ok
}

impl Project {
    /// A file stem that names a translation into a locale the project does not configure
    /// (`bulk-export.fr` without `fr` in `[locales] others`): the locale, when so.
    pub fn unknown_locale<'s>(&self, stem: &'s str) -> Option<&'s str> {
        if self.variant_of(stem).is_some() {
            return None;
        }
        let (_, locale) = stem.rsplit_once('.')?;
        looks_like_locale(locale).then_some(locale)
    }
}

/// One file, compiled: the announcement (or a translation) and what lint rules need to see.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The file's path.
    pub path: String,
    /// The announcement (for a variant: its translatable parts, the rest placeholders).
    pub announcement: Announcement,
    /// The validated front matter, with spans.
    pub front_matter: frontmatter::FrontMatter,
    /// Byte range of the Markdown body in the file.
    pub body_span: Range<usize>,
    /// The locale, for a `<id>.<locale>.md` variant.
    pub locale: Option<String>,
}

/// Compiles one file.
pub fn compile_announcement(
    project: &Project,
    src: &Source<'_>,
) -> Result<Compiled, Vec<Diagnostic>> {
    let variant = project.variant_of(src.stem);
    let frontmatter::Parsed {
        front_matter: fm,
        body,
        mut diags,
        audience,
    } = frontmatter::parse(src, variant.is_some());
    // A file with other mistakes in its front matter reports an unknown audience with them (a
    // file without is checked with the others, in `compile_all`, and still gets its lint).
    if fm.is_none() {
        unknown_audiences(project, src.path, &audience.0, audience.1, &mut diags);
    }
    // The file's language, for the words the compiler adds (a GitHub alert's "Note").
    let lang = match variant {
        Some((_, locale)) => locale,
        None => project.locales.first().map_or("en", String::as_str),
    };
    // A broken front matter still leaves the body to check, when its end was found.
    let body_span = body.map_or(0..0, |offset| offset..src.text.len());
    let body = body.and_then(|offset| {
        let text = src.text.get(offset..).unwrap_or("");
        markdown::compile_body(src.path, text, offset, lang)
            .map_err(|mut d| diags.append(&mut d))
            .ok()
    });
    let steps = fm.as_ref().map(|fm| {
        let at = fm.span("steps").start;
        fm.steps
            .iter()
            .filter_map(|step| {
                let body = markdown::compile_body(src.path, &step.body, at, lang)
                    .map_err(|mut d| diags.append(&mut d))
                    .ok()?;
                Some(Step {
                    anchor: step.anchor.clone(),
                    title: step.title.clone(),
                    body,
                    page: step.page.clone(),
                    side: step.side.clone(),
                    advance: step.advance.clone(),
                })
            })
            .collect::<Vec<_>>()
    });
    let (Some(fm), Some(body), Some(steps)) = (fm, body, steps) else {
        return Err(diags);
    };
    if !diags.is_empty() {
        return Err(diags);
    }
    let id = match variant {
        Some((base, _)) => base.to_owned(),
        None => fm.id.clone(),
    };
    let announcement = Announcement {
        id,
        // `:rocket: Ship …` reads as the body's shortcodes do (the lint read the raw text).
        benefit: markdown::emoji_shortcodes(&fm.benefit),
        feature: fm.feature.clone(),
        published: fm.published,
        cta: fm.cta.clone(),
        body,
        audience: fm.audience.clone(),
        publish: fm.publish,
        expire: fm.expire,
        extra: Extra {
            display: fm.display,
            pages: fm.pages.clone(),
            anchor: fm.anchor.clone(),
            steps,
            side: fm.side.clone(),
            hotspot: fm.hotspot,
            missing: fm.missing.clone(),
            priority: fm.priority,
            tags: fm.tags.clone(),
            image: fm.image.clone(),
            trigger: fm.trigger.clone(),
            timeout: fm.timeout,
            goal: fm.goal.clone(),
            holdout: fm.holdout,
            translations: Vec::new(),
        },
    };
    Ok(Compiled {
        path: src.path.to_owned(),
        announcement,
        front_matter: fm,
        body_span,
        locale: variant.map(|(_, l)| l.to_owned()),
    })
}

/// The public changelog's own files at its root: an announcement's folder cannot take their name.
const SITE_FILES: &[&str] = &[
    "index.html",
    "feed.xml",
    "atom.xml",
    "feed.json",
    "site.css",
    "site.js",
];

/// Compiles every file; returns what compiled and every error (duplicate ids, translations of
/// nothing and unknown audiences included).
pub fn compile_all(project: &Project, sources: &[Source<'_>]) -> (Vec<Compiled>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut compiled: Vec<Compiled> = Vec::new();
    // Files in the default locale that did not compile (by stem): their translations are not
    // orphans, and saying so would be a second, wrong error for one mistake.
    let mut failed: Vec<&str> = Vec::new();
    for src in sources {
        let unknown_locale = project.unknown_locale(src.stem);
        if let Some(locale) = unknown_locale {
            let default = project.locales.first().map_or("en", String::as_str);
            let base = src.stem.rsplit_once('.').map_or(src.stem, |(b, _)| b);
            // `pt-br` for a configured `pt-BR`: the file's name is what differs.
            let same = project.locales.iter().skip(1).find(|l| {
                l.eq_ignore_ascii_case(locale)
                    || l.replace('_', "-")
                        .eq_ignore_ascii_case(&locale.replace('_', "-"))
            });
            let help = if locale == default || (project.locales.is_empty() && locale == "en") {
                format!("`{locale}` is the default locale: name the file `{base}.md`")
            } else if let Some(l) = same {
                format!("the configured locale is written `{l}`: name the file `{base}.{l}.md`")
            } else {
                format!(
                    "did you mean to add `{locale}` to `others` under `[locales]` in whatsnew.toml? (configured: {}); if it is not a translation, rename the file",
                    if project.locales.len() > 1 {
                        project.locales[1..].iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
                    } else {
                        "none".to_owned()
                    }
                )
            };
            diags.push(
                Diagnostic::error(
                    "unknown-locale",
                    src.path,
                    0..0,
                    format!("`{locale}` is not a configured locale, so this file would be a separate announcement `{}` shown to everyone", src.stem),
                )
                .label("this file")
                .help(help),
            );
        }
        match compile_announcement(project, src) {
            // Reported above: it is no announcement of its own.
            Ok(_) if unknown_locale.is_some() => {}
            Ok(c) => compiled.push(c),
            // A translation has no `published` of its own: do not ask for one on top.
            Err(d) => {
                if !src.stem.contains('.') {
                    failed.push(src.stem);
                }
                diags.extend(d.into_iter().filter(|d| {
                    unknown_locale.is_none()
                        || !(d.code == "missing-field" && d.message.contains("`published`"))
                }))
            }
        }
    }
    let mut first_path: BTreeMap<(String, Option<String>), String> = BTreeMap::new();
    // Ids that differ only in case: two page folders of the changelog (`Export/`, `export/`),
    // one of which a case-insensitive disk or deploy tool silently replaces with the other.
    let mut folded: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for c in compiled.iter().filter(|c| c.locale.is_none()) {
        let id = c.announcement.id.as_str();
        match folded.get(&id.to_ascii_lowercase()) {
            Some((other, path)) if *other != id => diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    &c.path,
                    c.front_matter.span("id"),
                    format!("the ids `{other}` and `{id}` differ only in case"),
                )
                .label("this id")
                .help(format!(
                    "`{path}` has `{other}`; their changelog pages would overwrite each other on a case-insensitive disk: rename one"
                )),
            ),
            Some(_) => {}
            None => {
                folded.insert(id.to_ascii_lowercase(), (id, &c.path));
            }
        }
    }
    for c in &compiled {
        let key = (c.announcement.id.clone(), c.locale.clone());
        if let Some(first) = first_path.get(&key) {
            let span = c.front_matter.span("id");
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    &c.path,
                    span,
                    format!("duplicate announcement id `{}`", c.announcement.id),
                )
                .label("this id")
                .help(format!(
                    "`{first}` already uses this id; set a different `id:` in one of them"
                )),
            );
        } else {
            first_path.insert(key, c.path.clone());
        }
        let id = c.announcement.id.as_str();
        let clash = if c.locale.is_some() {
            None
        } else if id.eq_ignore_ascii_case("tags") {
            Some("the tag pages' folder, `tags/`")
        } else if SITE_FILES.iter().any(|f| f.eq_ignore_ascii_case(id)) {
            Some("a file of the public changelog")
        } else if project
            .locales
            .iter()
            .skip(1)
            .any(|l| l.eq_ignore_ascii_case(id))
        {
            Some("a locale's folder of the public changelog")
        } else {
            None
        };
        if let Some(what) = clash {
            diags.push(
                Diagnostic::error(
                    "reserved-id",
                    &c.path,
                    c.front_matter.span("id"),
                    format!("the id `{id}` is also {what}: its page would be lost"),
                )
                .label("this id")
                .help(format!(
                    "rename the file or set `id:`, e.g. `id: {id}-announcement`"
                )),
            );
        }
    }
    for c in &compiled {
        if c.locale.is_some()
            && !first_path.contains_key(&(c.announcement.id.clone(), None))
            && !failed.contains(&c.announcement.id.as_str())
        {
            diags.push(
                Diagnostic::error(
                    "orphan-translation",
                    &c.path,
                    0..0,
                    format!(
                        "translation of `{}`, which does not exist",
                        c.announcement.id
                    ),
                )
                .label("this file")
                .help(format!(
                    "add `{}.md` in the default locale, or rename this file",
                    c.announcement.id
                )),
            );
        }
        unknown_audiences(
            project,
            &c.path,
            &c.front_matter.audience,
            c.front_matter.span("audience"),
            &mut diags,
        );
        // A translated guide gives every step or none: step 2 in French between English ones
        // would be worse than the whole guide in English.
        let base = compiled
            .iter()
            .find(|b| b.locale.is_none() && b.announcement.id == c.announcement.id);
        if let (Some(_), Some(base)) = (&c.locale, base) {
            let (mine, theirs) = (
                c.announcement.extra.steps.len(),
                base.announcement.extra.steps.len(),
            );
            if mine > 0 && mine != theirs {
                diags.push(
                    Diagnostic::error(
                        "invalid-field",
                        &c.path,
                        c.front_matter.span("steps"),
                        format!("this translation has {mine} steps; `{}` has {theirs}", base.path),
                    )
                    .label("not one per step")
                    .help("translate every step, in the same order (a `title` each, and a `body` where it has one), or leave `steps` out to show them untranslated"),
                );
            }
        }
    }
    // Reported file by file, top to bottom.
    diags.sort_by(|a, b| a.file.cmp(&b.file).then(a.span.start.cmp(&b.span.start)));
    (compiled, diags)
}

/// An `audience` that whatsnew.toml does not define.
fn unknown_audiences(
    project: &Project,
    path: &str,
    names: &[String],
    span: Range<usize>,
    diags: &mut Vec<Diagnostic>,
) {
    for name in names {
        if !project.audiences.iter().any(|(n, _)| n == name) {
            let known: Vec<_> = project
                .audiences
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect();
            diags.push(
                Diagnostic::error("unknown-audience", path, span.clone(), format!("unknown audience `{name}`"))
                    .label("not defined in whatsnew.toml")
                    .help(if known.is_empty() {
                        "define it under [audiences] in whatsnew.toml, e.g. admins = 'role == \"admin\"'".to_owned()
                    } else {
                        format!("defined audiences: {}", known.join(", "))
                    }),
            );
        }
    }
}

/// Builds the bundle from compiled files: variants fold into their announcement's
/// `translations`; announcements are sorted newest first, ties by id.
pub fn assemble(project: &Project, compiled: &[Compiled], generated: Option<String>) -> Bundle {
    let mut announcements: Vec<Announcement> = compiled
        .iter()
        .filter(|c| c.locale.is_none())
        .map(|c| c.announcement.clone())
        .collect();
    for c in compiled.iter().filter(|c| c.locale.is_some()) {
        if let Some(a) = announcements.iter_mut().find(|a| a.id == c.announcement.id) {
            let v = &c.announcement;
            a.extra.translations.push((
                c.locale.clone().unwrap_or_default(),
                Translation {
                    benefit: v.benefit.clone(),
                    feature: v.feature.clone(),
                    cta: v.cta.clone(),
                    body: v.body.clone(),
                    steps: v.extra.steps.clone(),
                },
            ));
            a.extra.translations.sort_by(|x, y| x.0.cmp(&y.0));
        }
    }
    // Newest first, ties by id: the feed's order, fixed here so the widget never sorts.
    announcements.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id)));
    let revision = revision(&announcements);
    Bundle {
        version: current_version(),
        bundle: project.bundle_id.clone(),
        revision,
        generated,
        announcements,
        product: project.product.clone(),
        locales: project.locales.clone(),
        audiences: project.audiences.clone(),
        endpoint: project.endpoint.clone(),
        // Rules were type-checked when the config was loaded; one that does not parse here
        // (never, from the CLI) is left out, so its audience sees nothing rather than all.
        rules: project
            .audiences
            .iter()
            .filter_map(|(n, src)| Some((n.clone(), crate::rule::parse(src, &[]).ok()?)))
            .collect(),
        pacing: project.pacing,
        events: project.events.clone(),
        anchor_wait: project.anchor_wait,
    }
}

/// Compiles every file into one bundle, or returns every error from every file.
///
/// `generated` is the build time to record, if any (the CLI passes it only when
/// `SOURCE_DATE_EPOCH` is set).
pub fn compile_bundle(
    project: &Project,
    sources: &[Source<'_>],
    generated: Option<String>,
) -> Result<Bundle, Vec<Diagnostic>> {
    let (compiled, diags) = compile_all(project, sources);
    if diags.is_empty() {
        Ok(assemble(project, &compiled, generated))
    } else {
        Err(diags)
    }
}

/// A short content hash (FNV-1a, 64 bits) of the announcements: stable across machines, changes
/// when any announcement changes. Not a security boundary.
fn revision(announcements: &[Announcement]) -> String {
    let json = serde_json::to_vec(announcements).unwrap_or_default();
    let hash = json.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src<'a>(path: &'a str, text: &'a str) -> Source<'a> {
        let stem = path.trim_end_matches(".md");
        Source { path, stem, text }
    }

    #[test]
    fn collects_problems_from_every_file_and_duplicate_ids() {
        let good = "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nSearch by amount.\n";
        let dup = "---\nid: search\nbenefit: Other\npublished: 2026-11-03\n---\n";
        let bad = "---\npublished: 2026-11-02\n---\n<b>hi</b>\n";
        let err = compile_bundle(
            &Project::named("t"),
            &[src("search.md", good), src("x.md", dup), src("y.md", bad)],
            None,
        )
        .unwrap_err();
        let codes: Vec<_> = err.iter().map(|d| (d.file.as_str(), d.code)).collect();
        assert_eq!(
            codes,
            [
                ("x.md", "duplicate-id"),
                ("y.md", "missing-field"),
                ("y.md", "raw-html")
            ]
        );
    }

    /// Regression (a new user's trial): an unknown audience was reported only once the file's
    /// other mistakes were fixed; every problem is reported at once.
    #[test]
    fn an_unknown_audience_is_reported_with_the_other_mistakes() {
        let a = "---\nbenefit: Get paid faster\npublished: 2026-11-02\naudience: [admin]\ndisplay: popover\n---\nBody.\n";
        let project = Project {
            audiences: vec![("admins".into(), "role == \"admin\"".into())],
            ..Project::named("t")
        };
        let (_, diags) = compile_all(&project, &[src("a.md", a)]);
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["unknown-audience", "invalid-field"]);
    }

    /// Regression: a mistake in `a.md` also called its translation an orphan.
    #[test]
    fn the_translation_of_a_file_that_failed_is_no_orphan() {
        let a = "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\n<b>x</b>\n";
        let fr = "---\nbenefit: Trouvez toute facture\n---\nCherchez.\n";
        let with_fr = Project {
            locales: vec!["en".into(), "fr".into()],
            ..Project::named("t")
        };
        let (_, diags) = compile_all(&with_fr, &[src("a.md", a), src("a.fr.md", fr)]);
        let codes: Vec<_> = diags.iter().map(|d| (d.file.as_str(), d.code)).collect();
        assert_eq!(codes, [("a.md", "raw-html")]);
        let (_, diags) = compile_all(&with_fr, &[src("b.fr.md", fr)]);
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["orphan-translation"], "a real orphan still is one");
    }

    /// Regression: an announcement `it.md` in a project with Italian lost its page on the
    /// public changelog to the Italian index (`it/`), and one called `tags` to the tag pages.
    #[test]
    fn an_id_that_is_a_locale_or_tags_is_refused() {
        let text =
            "---\nbenefit: Pay your Italian staff on time\npublished: 2026-11-02\n---\nPayroll.\n";
        let project = Project {
            locales: vec!["en".into(), "it".into()],
            ..Project::named("t")
        };
        let files = [
            src("it.md", text),
            src("tags.md", text),
            src("en.md", text),
            src("ok.md", text),
        ];
        let (_, diags) = compile_all(&project, &files);
        let codes: Vec<_> = diags.iter().map(|d| (d.file.as_str(), d.code)).collect();
        assert_eq!(
            codes,
            [("it.md", "reserved-id"), ("tags.md", "reserved-id")]
        );
        assert!(diags[0].message.contains("locale"), "{}", diags[0].message);
    }

    /// Regression (a trial of the changelog): `id: feed.xml` passed `check` and `build` failed
    /// on the site's own feed file with an OS error; `Export.md` and `export.md` became two
    /// folders that a case-insensitive disk merges. (`id: main` is fine: the pages' own element
    /// ids start with `_`, which no announcement id can.)
    #[test]
    fn ids_of_the_changelog_files_and_elements_and_case_twins_are_refused() {
        let text = "---\nbenefit: Pay your staff on time\npublished: 2026-11-02\n---\nPayroll.\n";
        let with_id = |id: &str| {
            format!("---\nid: {id}\nbenefit: Pay your staff on time\npublished: 2026-11-02\n---\nPayroll.\n")
        };
        let (feed, main, index) = (
            with_id("feed.xml"),
            with_id("site.css"),
            with_id("Index.HTML"),
        );
        let files = [
            src("a.md", &feed),
            src("b.md", &main),
            src("c.md", &index),
            src("Export.md", text),
            src("export.md", text),
            src("mainly.md", text),
        ];
        let (_, diags) = compile_all(&Project::named("t"), &files);
        let codes: Vec<_> = diags.iter().map(|d| (d.file.as_str(), d.code)).collect();
        assert_eq!(
            codes,
            [
                ("a.md", "reserved-id"),
                ("b.md", "reserved-id"),
                ("c.md", "reserved-id"),
                ("export.md", "duplicate-id"),
            ]
        );
        assert!(
            diags[3].message.contains("differ only in case"),
            "{}",
            diags[3].message
        );
        assert!(diags[3].help.as_deref().unwrap_or("").contains("Export.md"));
    }

    /// A headline's GitHub shortcodes become emoji, as the body's do (a trial found
    /// `:rocket: Ship …` literal in the widget, the site and the feeds).
    #[test]
    fn a_headline_gets_its_emoji() {
        let a = "---\nbenefit: \":rocket: Ship a release in one click\"\npublished: 2026-11-02\n---\nBody `:tada:`.\n";
        let (compiled, _) = compile_all(&Project::named("t"), &[src("a.md", a)]);
        assert_eq!(
            compiled[0].announcement.benefit,
            "\u{1f680} Ship a release in one click"
        );
    }

    /// Regression: `a.fr.md` without `fr` configured silently became announcement `a.fr`,
    /// shown to everyone.
    #[test]
    fn a_translation_into_an_unconfigured_locale_is_an_error() {
        let a = "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nSearch.\n";
        let fr = "---\nbenefit: Trouvez toute facture\n---\nCherchez.\n";
        let fr_dated = "---\nbenefit: Trouvez toute facture\npublished: 2026-11-02\n---\n";
        let one = |project: &Project, text: &str| {
            let (compiled, diags) = compile_all(project, &[src("a.md", a), src("a.fr.md", text)]);
            let ids: Vec<_> = compiled.iter().map(|c| c.announcement.id.clone()).collect();
            let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
            (ids, codes)
        };
        let plain = Project::named("t");
        assert_eq!(
            one(&plain, fr_dated),
            (vec!["a".to_owned()], vec!["unknown-locale"])
        );
        assert_eq!(
            one(&plain, fr),
            (vec!["a".to_owned()], vec!["unknown-locale"]),
            "no `published` asked of a translation on top"
        );
        let with_fr = Project {
            locales: vec!["en".into(), "fr".into()],
            ..Project::named("t")
        };
        assert_eq!(
            one(&with_fr, fr),
            (vec!["a".to_owned(), "a".to_owned()], vec![])
        );
        let with_de = Project {
            locales: vec!["en".into(), "de".into()],
            ..Project::named("t")
        };
        let (_, diags) = compile_all(&with_de, &[src("a.md", a), src("a.fr.md", fr_dated)]);
        assert!(
            diags[0]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("`fr`") && h.contains("`de`")),
            "{diags:?}"
        );
        // Ids may contain dots: only a language code after the last one is taken as a locale.
        for stem in ["v2.1_notes", "notes.new", "release.v2"] {
            assert_eq!(plain.unknown_locale(stem), None, "{stem}");
        }
        for stem in ["a.fr", "a.pt-BR", "a.en"] {
            assert!(plain.unknown_locale(stem).is_some(), "{stem}");
        }
    }

    #[test]
    fn same_input_same_bundle_and_revision_tracks_content() {
        let a = "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nSearch.\n";
        let b = "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nSearch!\n";
        let one = compile_bundle(&Project::named("t"), &[src("a.md", a)], None).unwrap();
        assert_eq!(
            one,
            compile_bundle(&Project::named("t"), &[src("a.md", a)], None).unwrap()
        );
        assert_ne!(
            one.revision,
            compile_bundle(&Project::named("t"), &[src("a.md", b)], None)
                .unwrap()
                .revision
        );
        assert_eq!(one.version, "1.7");

        let older = "---\nbenefit: Older\npublished: 2026-01-02\n---\n";
        let order = compile_bundle(
            &Project::named("t"),
            &[src("z.md", older), src("b.md", a), src("a.md", a)],
            None,
        )
        .unwrap();
        let ids: Vec<_> = order.announcements.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "z"], "newest first, ties by id");
    }
}
