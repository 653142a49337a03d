//! One announcement as a card: the hero image, the feature tag, the date, the benefit as the
//! headline, the body, the call to action and a close or dismiss control. The feed item and
//! every surface use it; they differ only in the options.

use super::content;
use crate::app::Announcement;
use crate::dom;
use crate::dom::El;
use crate::i18n::{Label, Labels};
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
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

/// Builds the card in `parent`. Every click target carries `data-action` and `data-id`, so
/// one delegated listener per surface handles them all.
pub fn card(
    parent: &El,
    a: &Announcement,
    text: &Text<'_>,
    labels: &Labels,
    opts: &Card<'_>,
) -> El {
    let article = dom::el(
        Some(parent),
        "article",
        &dom::cat(&["card ", opts.class]),
        "",
    );
    dom::attr(&article, "data-id", Some(&a.id));
    // The words' language, which is not the widget's when the announcement has no translation
    // to the user's (a French user reads the English original).
    if !text.lang.is_empty() {
        dom::attr(&article, "lang", Some(text.lang));
    }
    if let Some(img) = &a.extra.image {
        let hero = content::image(&article, &img.src, &img.alt);
        dom::attr(&hero, "class", Some("hero"));
    }
    let meta = dom::el(Some(&article), "div", "meta", "");
    if let Some(feature) = text.feature {
        dom::el(Some(&meta), "span", "tag", feature);
    }
    // The widget's own words (the date, the controls) are in the widget's language, which is
    // not the card's when the announcement is shown untranslated.
    let ours = |e: &El| {
        if labels.lang != text.lang {
            dom::attr(e, "lang", Some(labels.lang));
        }
    };
    let time = dom::el(Some(&meta), "time", "date", &labels.date(a.published));
    dom::attr(&time, "datetime", Some(&a.published.iso()));
    ours(&time);
    let control = dom::el(Some(&meta), "button", "icon x", "\u{d7}");
    ours(&control);
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
    );
    let headline = dom::el(Some(&article), opts.heading, "benefit", text.benefit);
    if let Some(id) = opts.headline_id {
        dom::attr(&headline, "id", Some(id));
    }
    // The words' own direction, from their language (an English announcement in an Arabic
    // UI stays left to right; an Arabic one that starts with a Latin product name does not).
    let dir = match text.lang {
        "" => "auto",
        l if whatsnew_core::locale::is_rtl(l) => "rtl",
        _ => "ltr",
    };
    dom::attr(&headline, "dir", Some(dir));
    if !text.body.is_empty() {
        let body = dom::el(Some(&article), "div", "body", "");
        dom::attr(&body, "dir", Some(dir));
        content::blocks(&body, text.body);
    }
    if let Some(cta) = text.cta {
        let link = dom::el(Some(&article), "a", "cta", &cta.label);
        dom::attrs(
            &link,
            &[
                ("href", &cta.url),
                ("data-action", "engage"),
                ("data-id", &a.id),
            ],
        );
        content::external(&link, &cta.url);
    }
    if opts.vote {
        // A live region: the thanks that replaces the buttons is announced.
        let row = dom::el(Some(&article), "p", "vote", labels.get(Label::Helpful));
        dom::attr(&row, "aria-live", Some("polite"));
        ours(&row);
        for (action, label) in [("helpful", Label::Yes), ("not_helpful", Label::No)] {
            let b = dom::el(Some(&row), "button", "answer", labels.get(label));
            dom::attrs(
                &b,
                &[
                    ("type", "button"),
                    ("data-action", action),
                    ("data-id", &a.id),
                ],
            );
        }
    }
    article
}
