//! Compiling an announcement file (front matter + Markdown, `core/src/compile`) as the CLI does,
//! in a project with a translation locale and an audience: it never panics; every diagnostic
//! points into the file on character boundaries; a file that compiles holds no raw HTML (when
//! CommonMark sees HTML in the body, compilation must fail) and only safe URLs; and the widget's
//! decoder reads the written bundle back with the same content (nothing silently dropped).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag};
use whatsnew_core::compile::{compile_bundle, Project, Source};
use whatsnew_fuzz::{assert_bundle_urls_safe, assert_spans_valid, decode};

fn project() -> Project {
    let mut p = Project::named("fuzz");
    p.locales = vec!["en".into(), "fr".into()];
    p.audiences = vec![("admins".into(), "role == \"admin\"".into())];
    p
}

/// Whether CommonMark (with the options the compiler parses with) finds HTML in `body`.
fn has_html(body: &str) -> bool {
    Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES).any(|e| {
        matches!(
            e,
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock)
        )
    })
}

fuzz_target!(|text: &str| {
    let project = project();
    // The same text as an announcement, and as its French translation next to a base file.
    let base = "---\nbenefit: Find any invoice in seconds\npublished: 2026-11-02\n---\nSearch.\n";
    let cases: [&[Source]; 2] = [
        &[Source {
            path: "a.md",
            stem: "a",
            text,
        }],
        &[
            Source {
                path: "a.md",
                stem: "a",
                text: base,
            },
            Source {
                path: "a.fr.md",
                stem: "a.fr",
                text,
            },
        ],
    ];
    for sources in cases {
        match compile_bundle(&project, sources, None) {
            Err(diags) => {
                for d in &diags {
                    let file = sources
                        .iter()
                        .find(|s| s.path == d.file)
                        .map_or(text, |s| s.text);
                    assert_spans_valid(file, std::slice::from_ref(d));
                }
            }
            Ok(bundle) => {
                let parsed = whatsnew_core::compile::frontmatter::parse(
                    sources.last().expect("a source"),
                    sources.len() > 1,
                );
                if let Some(body) = parsed.body {
                    let body = text.get(body..).expect("the body is in the file");
                    assert!(!has_html(body), "compiled a body that holds HTML: {body:?}");
                }
                assert_bundle_urls_safe(&bundle);
                let written = serde_json::to_value(&bundle).expect("a bundle serialises");
                let read = decode(&written).expect("the widget reads the compiler's bundle");
                assert_eq!(read.announcements.len(), bundle.announcements.len());
                for (r, a) in read.announcements.iter().zip(&bundle.announcements) {
                    assert_eq!(r.id, a.id);
                    assert_eq!(r.benefit, a.benefit);
                    assert_eq!(r.body, a.body, "the widget reads a different body");
                    assert_eq!(r.cta, a.cta);
                    assert_eq!(r.extra.image, a.extra.image);
                    assert_eq!(r.extra.translations, a.extra.translations);
                }
            }
        }
    }
});
