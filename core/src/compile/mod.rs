//! Compiling announcement files (Markdown with front matter) into bundle types.
//!
//! [`compile_bundle`] takes every file's text and returns either a [`Bundle`] or every problem
//! found in every file, so an author fixes them all in one go. Parsing is split in two:
//! [`frontmatter`] (YAML `---` or TOML `+++`, strict: unknown keys are errors) and [`markdown`]
//! (the body, into the typed content tree; raw HTML and unsafe links are errors).

pub mod frontmatter;
pub mod markdown;

use crate::bundle::{current_version, Announcement, Bundle};
use crate::diag::Diagnostic;
use std::collections::BTreeMap;

/// One announcement file's name and text.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The path shown in diagnostics.
    pub path: &'a str,
    /// The file name without its extension: the default id.
    pub stem: &'a str,
    /// The file's contents.
    pub text: &'a str,
}

/// Compiles one file.
pub fn compile_announcement(src: &Source<'_>) -> Result<Announcement, Vec<Diagnostic>> {
    let frontmatter::Parsed {
        front_matter: fm,
        body,
        mut diags,
    } = frontmatter::parse(src);
    // A broken front matter still leaves the body to check, when its end was found.
    let body = body.and_then(|offset| {
        let text = src.text.get(offset..).unwrap_or("");
        markdown::compile_body(src.path, text, offset)
            .map_err(|mut d| diags.append(&mut d))
            .ok()
    });
    match (fm, body) {
        (Some(fm), Some(body)) if diags.is_empty() => Ok(Announcement {
            id: fm.id,
            benefit: fm.benefit,
            feature: fm.feature,
            published: fm.published,
            cta: fm.cta,
            body,
        }),
        _ => Err(diags),
    }
}

/// Compiles every file into one bundle, or returns every diagnostic from every file.
///
/// The bundle lists announcements newest first, ties by id. `generated` is the build
/// time to record, if any (the CLI passes it only when `SOURCE_DATE_EPOCH` is set).
pub fn compile_bundle(
    bundle_id: &str,
    sources: &[Source<'_>],
    generated: Option<String>,
) -> Result<Bundle, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut announcements = Vec::new();
    let mut first_path: BTreeMap<String, &str> = BTreeMap::new();
    for src in sources {
        match compile_announcement(src) {
            Ok(a) => {
                if let Some(first) = first_path.get(&a.id) {
                    diags.push(
                        Diagnostic::error(
                            "duplicate-id",
                            src.path,
                            0..0,
                            format!("duplicate announcement id `{}`", a.id),
                        )
                        .label("this file")
                        .help(format!(
                            "`{first}` already uses this id; set a different `id:` in one of them"
                        )),
                    );
                } else {
                    first_path.insert(a.id.clone(), src.path);
                    announcements.push(a);
                }
            }
            Err(mut d) => diags.append(&mut d),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    // Newest first, ties by id: the feed's order, fixed here so the widget never sorts.
    announcements.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id)));
    let revision = revision(&announcements);
    Ok(Bundle {
        version: current_version(),
        bundle: bundle_id.to_owned(),
        revision,
        generated,
        announcements,
    })
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
            "t",
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
                ("y.md", "raw-html"),
                ("y.md", "raw-html")
            ]
        );
    }

    #[test]
    fn same_input_same_bundle_and_revision_tracks_content() {
        let a = "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nSearch.\n";
        let b = "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nSearch!\n";
        let one = compile_bundle("t", &[src("a.md", a)], None).unwrap();
        assert_eq!(one, compile_bundle("t", &[src("a.md", a)], None).unwrap());
        assert_ne!(
            one.revision,
            compile_bundle("t", &[src("a.md", b)], None)
                .unwrap()
                .revision
        );
        assert_eq!(one.version, "1.0");

        let older = "---\nbenefit: Older\npublished: 2026-01-02\n---\n";
        let order = compile_bundle(
            "t",
            &[src("z.md", older), src("b.md", a), src("a.md", a)],
            None,
        )
        .unwrap();
        let ids: Vec<_> = order.announcements.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "z"], "newest first, ties by id");
    }
}
