//! What the fuzz targets share: a `serde_json::Value` the widget's decoder can read, walkers
//! that check the invariants on compiled and decoded content, and the CLI's report reader.
//!
//! The report reader lives in the CLI's binary crate. Rather than give the CLI a library
//! surface for the fuzzer alone, its files are compiled here unchanged (`#[path]`), so the
//! target runs exactly the code `whatsnew report` runs: `events.rs` (the line reader),
//! `analytics.rs` (the tally) and `cmd/report.rs` with `cmd/report/html.rs` (the four formats).
//! `args` is the one stand-in: the two types `cmd/report.rs` names, without clap.

#![allow(dead_code, missing_docs, unused_imports)]

use whatsnew_core::bundle::{Block, Inline};
use whatsnew_core::url::safe_url;
use whatsnew_core::Bundle;

#[path = "../../cli/src/analytics.rs"]
pub mod analytics;
#[path = "../../cli/src/error.rs"]
pub mod error;
#[path = "../../cli/src/events.rs"]
pub mod events;
/// The site's HTML escaping, which the report's HTML uses.
#[path = "../../cli/src/site"]
pub mod site {
    #[allow(dead_code)]
    pub mod html;
}

/// `cmd/report.rs`, and through it `cmd/report/html.rs`.
#[path = "../../cli/src/cmd"]
pub mod cmd {
    pub mod report;
}

/// The CLI's `args` types that `cmd/report.rs` uses (the real ones derive clap's traits).
pub mod args {
    use std::path::PathBuf;

    #[derive(Debug)]
    pub struct ReportArgs {
        pub events: Vec<PathBuf>,
        pub bundle: Option<PathBuf>,
        pub format: ReportFormat,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ReportFormat {
        Table,
        Json,
        Csv,
        Html,
    }
}

/// A parsed JSON value, read by the widget's decoder the way it reads a browser's value.
#[derive(Clone, Debug)]
pub struct J(pub serde_json::Value);

impl whatsnew_widget::fuzz::Json for J {
    fn get(&self, key: &str) -> Option<J> {
        self.0.as_object()?.get(key).cloned().map(J)
    }
    fn str(&self) -> Option<String> {
        self.0.as_str().map(String::from)
    }
    fn num(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn bool(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn items(&self) -> Vec<J> {
        self.0
            .as_array()
            .map(|a| a.iter().cloned().map(J).collect())
            .unwrap_or_default()
    }
    fn is_array(&self) -> bool {
        self.0.is_array()
    }
    fn keys(&self) -> Vec<String> {
        self.0
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// The widget's decoder over a JSON value.
pub fn decode(v: &serde_json::Value) -> Result<Bundle, String> {
    whatsnew_widget::fuzz::bundle(&J(v.clone()))
}

/// A URL is safe when the allowlist accepts it and it is already in its normalised form (what
/// the browser will see is what was checked).
pub fn assert_safe_url(u: &str, what: &str) {
    assert_eq!(
        safe_url(u).as_deref(),
        Some(u),
        "{what} holds a URL the allowlist refuses or did not normalise: {u:?}"
    );
}

/// Every URL in a bundle (links, images, calls to action, translations) is safe.
pub fn assert_bundle_urls_safe(b: &Bundle) {
    for a in &b.announcements {
        if let Some(c) = &a.cta {
            assert_safe_url(&c.url, "a call to action");
        }
        if let Some(i) = &a.extra.image {
            assert_safe_url(&i.src, "an image");
        }
        assert_blocks_safe(&a.body);
        for step in &a.extra.steps {
            assert_blocks_safe(&step.body);
        }
        for (_, t) in &a.extra.translations {
            if let Some(c) = &t.cta {
                assert_safe_url(&c.url, "a translation's call to action");
            }
            assert_blocks_safe(&t.body);
        }
    }
}

/// Every link and image in a content tree has a safe URL.
pub fn assert_blocks_safe(blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::P(i) | Block::H(i) => assert_inlines_safe(i),
            Block::Ul(items) | Block::Ol(items) | Block::Ofrom(_, items) => {
                items.iter().for_each(|i| assert_blocks_safe(i))
            }
            Block::Quote(b) => assert_blocks_safe(b),
            Block::Pre(_) | Block::Hr => {}
        }
    }
}

fn assert_inlines_safe(inlines: &[Inline]) {
    for i in inlines {
        match i {
            Inline::A(l) => {
                assert_safe_url(&l.href, "a link");
                assert_inlines_safe(&l.c);
            }
            Inline::Img(img) => assert_safe_url(&img.src, "an image"),
            Inline::Em(c) | Inline::Strong(c) | Inline::Del(c) => assert_inlines_safe(c),
            Inline::T(_) | Inline::Code(_) | Inline::Br => {}
        }
    }
}

/// Each diagnostic's span lies within the file, on character boundaries: the CLI slices the
/// file at it to print the snippet.
pub fn assert_spans_valid(text: &str, diags: &[whatsnew_core::Diagnostic]) {
    for d in diags {
        let s = &d.span;
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "diagnostic {} span {s:?} outside a {}-byte file",
            d.code,
            text.len()
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "diagnostic {} span {s:?} splits a character",
            d.code
        );
    }
}
