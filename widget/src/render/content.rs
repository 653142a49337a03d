//! The typed content tree (paragraphs, lists, links, images...) as elements.

use crate::dom::{self, El};
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use whatsnew_core::bundle::{Block, Inline};

/// Appends `content` to `parent`.
pub fn blocks(parent: &El, content: &[Block]) {
    for b in content {
        match b {
            Block::P(c) => inline_el(parent, "p", c),
            Block::H(c) => inline_el(parent, "h4", c),
            Block::Ul(items) | Block::Ol(items) | Block::Ofrom(_, items) => {
                let tag = if matches!(b, Block::Ul(_)) {
                    "ul"
                } else {
                    "ol"
                };
                let list = dom::el(Some(parent), tag, "", "");
                if let Block::Ofrom(n, _) = b {
                    dom::attr(&list, "start", Some(&dom::itoa(*n as i64)));
                }
                for item in items {
                    blocks(&dom::el(Some(&list), "li", "", ""), item);
                }
                list
            }
            Block::Pre(code) => {
                let pre = dom::el(Some(parent), "pre", "", "");
                dom::el(Some(&pre), "code", "", code);
                pre
            }
            Block::Quote(c) => {
                let q = dom::el(Some(parent), "blockquote", "", "");
                blocks(&q, c);
                q
            }
            Block::Hr => dom::el(Some(parent), "hr", "", ""),
        };
    }
}

fn inline_el(parent: &El, tag: &str, content: &[Inline]) -> El {
    let e = dom::el(Some(parent), tag, "", "");
    inlines(&e, content);
    e
}

fn inlines(parent: &El, content: &[Inline]) {
    for i in content {
        match i {
            Inline::T(t) => dom::text(parent, t),
            Inline::Code(t) => {
                dom::el(Some(parent), "code", "", t);
            }
            Inline::Em(c) => {
                inline_el(parent, "em", c);
            }
            Inline::Del(c) => {
                inline_el(parent, "del", c);
            }
            Inline::Strong(c) => {
                inline_el(parent, "strong", c);
            }
            Inline::A(link) => {
                let a = inline_el(parent, "a", &link.c);
                dom::attr(&a, "href", Some(&link.href));
                external(&a, &link.href);
            }
            Inline::Img(img) => {
                image(parent, &img.src, &img.alt);
            }
            Inline::Br => {
                dom::el(Some(parent), "br", "", "");
            }
        }
    }
}

/// `<img>` in `parent` that loads lazily and never blocks.
pub fn image(parent: &El, src: &str, alt: &str) -> El {
    let e = dom::el(Some(parent), "img", "", "");
    dom::attrs(
        &e,
        &[
            ("src", src),
            ("alt", alt),
            ("loading", "lazy"),
            ("decoding", "async"),
        ],
    );
    e
}

/// Absolute http(s) links open in a new tab, without giving it a handle on the host page.
pub fn external(link: &El, url: &str) {
    let starts = |p: &str| {
        url.get(..p.len())
            .is_some_and(|u| u.eq_ignore_ascii_case(p))
    };
    if starts("http://") || starts("https://") || url.starts_with("//") {
        dom::attrs(
            link,
            &[("target", "_blank"), ("rel", "noopener noreferrer")],
        );
    }
}
