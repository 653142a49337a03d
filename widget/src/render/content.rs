//! The typed content tree (paragraphs, lists, links, images...) as elements.

use crate::dom;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};
use whatsnew_core::bundle::{Block, Inline};

/// Appends `content` to `parent`.
pub fn blocks(doc: &Document, parent: &Element, content: &[Block]) -> Result<(), JsValue> {
    for b in content {
        let e = match b {
            Block::P(c) => inline_el(doc, "p", c)?,
            Block::H(c) => inline_el(doc, "h4", c)?,
            Block::Ul(items) | Block::Ol(items) => {
                let tag = if matches!(b, Block::Ul(_)) {
                    "ul"
                } else {
                    "ol"
                };
                let list = dom::el(doc, tag, "")?;
                for item in items {
                    let li = dom::el(doc, "li", "")?;
                    blocks(doc, &li, item)?;
                    list.append_child(&li)?;
                }
                list
            }
            Block::Pre(code) => {
                let pre = dom::el(doc, "pre", "")?;
                pre.append_child(&dom::text_el(doc, "code", "", code)?.into())?;
                pre
            }
            Block::Quote(c) => {
                let q = dom::el(doc, "blockquote", "")?;
                blocks(doc, &q, c)?;
                q
            }
            Block::Hr => dom::el(doc, "hr", "")?,
        };
        parent.append_child(&e)?;
    }
    Ok(())
}

fn inline_el(doc: &Document, tag: &str, content: &[Inline]) -> Result<Element, JsValue> {
    let e = dom::el(doc, tag, "")?;
    inlines(doc, &e, content)?;
    Ok(e)
}

fn inlines(doc: &Document, parent: &Element, content: &[Inline]) -> Result<(), JsValue> {
    for i in content {
        let node: web_sys::Node = match i {
            Inline::T(t) => doc.create_text_node(t).into(),
            Inline::Code(t) => dom::text_el(doc, "code", "", t)?.into(),
            Inline::Em(c) => inline_el(doc, "em", c)?.into(),
            Inline::Strong(c) => inline_el(doc, "strong", c)?.into(),
            Inline::A(link) => {
                let a = inline_el(doc, "a", &link.c)?;
                a.set_attribute("href", &link.href)?;
                external(&a, &link.href)?;
                a.into()
            }
            Inline::Img(img) => image(doc, &img.src, &img.alt)?.into(),
            Inline::Br => dom::el(doc, "br", "")?.into(),
        };
        parent.append_child(&node)?;
    }
    Ok(())
}

/// `<img>` that loads lazily and never blocks.
pub fn image(doc: &Document, src: &str, alt: &str) -> Result<Element, JsValue> {
    let e = dom::el(doc, "img", "")?;
    dom::attrs(
        &e,
        &[
            ("src", src),
            ("alt", alt),
            ("loading", "lazy"),
            ("decoding", "async"),
        ],
    )?;
    Ok(e)
}

/// Absolute http(s) links open in a new tab, without giving it a handle on the host page.
pub fn external(link: &Element, url: &str) -> Result<(), JsValue> {
    let starts = |p: &str| {
        url.get(..p.len())
            .is_some_and(|u| u.eq_ignore_ascii_case(p))
    };
    if starts("http://") || starts("https://") || url.starts_with("//") {
        dom::attrs(
            link,
            &[("target", "_blank"), ("rel", "noopener noreferrer")],
        )?;
    }
    Ok(())
}
