//! One announcement as a card: the hero image, the feature tag, the date, the benefit as the
//! headline, the body, the call to action and a close or dismiss control. The feed item and
//! every surface use it; they differ only in the options.

use super::content;
use crate::app::Announcement;
use crate::dom;
use crate::i18n::{Label, Labels};
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};
use whatsnew_core::locale::Text;

/// How a surface wants its card.
pub struct Card<'a> {
    /// The headline's tag: `h3` in the feed, `h2` in a popup.
    pub heading: &'a str,
    /// An id for the headline, so a dialog can be labelled by it.
    pub headline_id: Option<&'a str>,
    /// `dismiss` (the feed: "Dismiss: <headline>") or `close` (a surface: "Close").
    pub control: &'a str,
    /// Extra classes for the card (`unread`).
    pub class: &'a str,
    /// Ask "Was this helpful?" (`[events] helpful`, not answered yet).
    pub vote: bool,
}

/// Builds the card. Every click target carries `data-action` and `data-id`, so one delegated
/// listener per surface handles them all.
pub fn card(
    doc: &Document,
    a: &Announcement,
    text: &Text<'_>,
    labels: &Labels,
    opts: &Card<'_>,
) -> Result<Element, JsValue> {
    let article = dom::el(doc, "article", &dom::cat(&["card ", opts.class]))?;
    article.set_attribute("data-id", &a.id)?;
    if let Some(img) = &a.extra.image {
        let hero = content::image(doc, &img.src, &img.alt)?;
        hero.set_class_name("hero");
        article.append_child(&hero)?;
    }
    let meta = dom::el(doc, "div", "meta")?;
    if let Some(feature) = text.feature {
        meta.append_child(&dom::text_el(doc, "span", "tag", feature)?.into())?;
    }
    let time = dom::text_el(doc, "time", "date", &labels.date(a.published))?;
    time.set_attribute("datetime", &a.published.iso())?;
    meta.append_child(&time)?;
    let control = dom::text_el(doc, "button", "icon x", "\u{d7}")?;
    let label = if opts.control == "dismiss" {
        dom::cat(&[labels.get(Label::Dismiss), ": ", text.benefit])
    } else {
        labels.get(Label::Close).to_owned()
    };
    dom::attrs(
        &control,
        &[
            ("type", "button"),
            ("data-action", opts.control),
            ("data-id", &a.id),
            ("aria-label", &label),
        ],
    )?;
    meta.append_child(&control)?;
    article.append_child(&meta)?;
    let headline = dom::text_el(doc, opts.heading, "benefit", text.benefit)?;
    if let Some(id) = opts.headline_id {
        headline.set_attribute("id", id)?;
    }
    // Text in another script than the widget's words (an untranslated announcement in a
    // right-to-left UI) keeps its own direction.
    headline.set_attribute("dir", "auto")?;
    article.append_child(&headline)?;
    if !text.body.is_empty() {
        let body = dom::el(doc, "div", "body")?;
        body.set_attribute("dir", "auto")?;
        content::blocks(doc, &body, text.body)?;
        article.append_child(&body)?;
    }
    if let Some(cta) = text.cta {
        let link = dom::text_el(doc, "a", "cta", &cta.label)?;
        dom::attrs(
            &link,
            &[
                ("href", &cta.url),
                ("data-action", "engage"),
                ("data-id", &a.id),
            ],
        )?;
        content::external(&link, &cta.url)?;
        article.append_child(&link)?;
    }
    if opts.vote {
        // A live region: the thanks that replaces the buttons is announced.
        let row = dom::text_el(doc, "p", "vote", labels.get(Label::Helpful))?;
        row.set_attribute("aria-live", "polite")?;
        for (action, label) in [("helpful", Label::Yes), ("not_helpful", Label::No)] {
            let b = dom::text_el(doc, "button", "answer", labels.get(label))?;
            dom::attrs(
                &b,
                &[
                    ("type", "button"),
                    ("data-action", action),
                    ("data-id", &a.id),
                ],
            )?;
            row.append_child(&b)?;
        }
        article.append_child(&row)?;
    }
    Ok(article)
}
