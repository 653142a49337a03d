//! Front matter (`core/src/compile/frontmatter.rs`) on any file text, as an announcement and as
//! a translation: it never panics, it finds the body inside the file, every diagnostic points
//! into the file on character boundaries (the CLI slices the file there), and a front matter it
//! accepts has only safe URLs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whatsnew_core::compile::{frontmatter, Source};
use whatsnew_fuzz::{assert_safe_url, assert_spans_valid};

fuzz_target!(|text: &str| {
    for variant in [false, true] {
        let src = Source {
            path: "fuzz.md",
            stem: "fuzz",
            text,
        };
        let parsed = frontmatter::parse(&src, variant);
        assert_spans_valid(text, &parsed.diags);
        if let Some(body) = parsed.body {
            assert!(
                body <= text.len() && text.is_char_boundary(body),
                "body offset {body} is not in the file"
            );
        }
        if let Some(fm) = &parsed.front_matter {
            assert!(parsed
                .diags
                .iter()
                .all(|d| d.severity != whatsnew_core::Severity::Error));
            let spans = fm.spans.iter().map(|(k, s)| (k.as_str(), s));
            for (key, span) in spans.chain([("---", &fm.opening)]) {
                assert!(
                    span.start <= span.end && text.get(span.clone()).is_some(),
                    "the span of `{key}` ({span:?}) is not in the file"
                );
            }
            if let Some(c) = &fm.cta {
                assert_safe_url(&c.url, "the front matter's call to action");
            }
            if let Some(i) = &fm.image {
                assert_safe_url(&i.src, "the front matter's image");
            }
        }
    }
});
