//! Locales: which of the bundle's locales a user gets, and an announcement's text in it.
//!
//! The widget asks with `data-locale` or the browser's languages, in order of preference; the
//! first exact match wins, then the first language match (`fr-CA` → `fr`, `pt` → `pt-BR`),
//! then the bundle's default (its first locale).

use crate::bundle::{Announcement, Block, Cta};
#[allow(unused_imports)]
use crate::prelude::*;

/// The best of `available` for a user who prefers `wanted` (most preferred first); `None`
/// when nothing matches (the caller falls back to its default).
pub fn pick<'a, S: AsRef<str>, A: AsRef<str>>(wanted: &[S], available: &'a [A]) -> Option<&'a str> {
    let lang = |s: &str| -> String {
        s.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    for w in wanted {
        let w = w.as_ref();
        if let Some(a) = available
            .iter()
            .find(|a| a.as_ref().eq_ignore_ascii_case(w))
        {
            return Some(a.as_ref());
        }
        let wl = lang(w);
        if let Some(a) = available
            .iter()
            .find(|a| !wl.is_empty() && lang(a.as_ref()) == wl)
        {
            return Some(a.as_ref());
        }
    }
    None
}

/// Is this locale written right to left?
pub fn is_rtl(locale: &str) -> bool {
    let l = locale.split(['-', '_']).next().unwrap_or("");
    ["ar", "he", "fa", "ur", "ps", "yi", "dv", "ku", "sd", "ug"]
        .iter()
        .any(|r| l.eq_ignore_ascii_case(r))
}

/// An announcement's text in one locale.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    /// The headline.
    pub benefit: &'a str,
    /// The feature's name.
    pub feature: Option<&'a str>,
    /// The call to action.
    pub cta: Option<&'a Cta>,
    /// The body.
    pub body: &'a [Block],
    /// The locale these words are in: the translation's, or `""` for the announcement's own
    /// (the default locale's) words.
    pub lang: &'a str,
}

/// The announcement's text in `locale`, falling back to the default text for an untranslated
/// announcement (and, within a translation, for a missing feature name or call to action).
pub fn text<'a>(a: &'a Announcement, locale: &str) -> Text<'a> {
    let default = Text {
        benefit: &a.benefit,
        feature: a.feature.as_deref(),
        cta: a.cta.as_ref(),
        body: &a.body,
        lang: "",
    };
    match a.extra.translations.iter().find(|(l, _)| l == locale) {
        Some((l, t)) => Text {
            lang: l,
            benefit: &t.benefit,
            feature: t.feature.as_deref().or(default.feature),
            cta: t.cta.as_ref().or(default.cta),
            body: if t.body.is_empty() {
                default.body
            } else {
                &t.body
            },
        },
        None => default,
    }
}

/// Step `i` of a guide in `locale`: its title and body from the translation when it gives its
/// steps, else the announcement's own (None past the last step).
pub fn step_text<'a>(
    a: &'a Announcement,
    locale: &str,
    i: usize,
) -> Option<(&'a str, &'a [Block])> {
    let own = a.extra.steps.get(i)?;
    let t = a
        .extra
        .translations
        .iter()
        .find(|(l, _)| l == locale)
        .and_then(|(_, t)| t.steps.get(i))
        .filter(|s| !s.title.is_empty());
    Some(match t {
        Some(s) => (
            &s.title,
            if s.body.is_empty() {
                &own.body
            } else {
                &s.body
            },
        ),
        None => (&own.title, &own.body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::Translation;

    #[test]
    fn picks_exact_then_language_then_none() {
        let available: Vec<String> = ["en", "fr", "pt-BR", "ar"].map(String::from).to_vec();
        for (wanted, expected) in [
            (vec!["fr"], Some("fr")),
            (vec!["FR-ca"], Some("fr")),
            (vec!["de-DE", "fr-FR", "en"], Some("fr")),
            (vec!["pt"], Some("pt-BR")),
            (vec!["pt-PT"], Some("pt-BR")),
            (vec!["de"], None),
            (vec![], None),
            (vec![""], None),
            (vec!["ar-EG"], Some("ar")),
        ] {
            assert_eq!(pick(&wanted, &available), expected, "{wanted:?}");
        }
    }

    #[test]
    fn right_to_left() {
        for (l, rtl) in [
            ("ar", true),
            ("he-IL", true),
            ("fa", true),
            ("en", false),
            ("fr", false),
            ("", false),
        ] {
            assert_eq!(is_rtl(l), rtl, "{l}");
        }
    }

    #[test]
    fn text_falls_back_field_by_field() {
        let mut a: Announcement = Announcement {
            benefit: "Export a quarter".into(),
            feature: Some("Bulk export".into()),
            ..Announcement::default()
        };
        a.extra.translations = vec![(
            "fr".into(),
            Translation {
                benefit: "Exportez un trimestre".into(),
                feature: None,
                cta: None,
                body: vec![],
                steps: vec![],
            },
        )];
        let fr = text(&a, "fr");
        assert_eq!(fr.benefit, "Exportez un trimestre");
        assert_eq!(fr.feature, Some("Bulk export"));
        assert_eq!(text(&a, "de").benefit, "Export a quarter");
        assert_eq!(
            (fr.lang, text(&a, "de").lang),
            ("fr", ""),
            "which words these are"
        );
    }

    #[test]
    fn guide_steps_come_from_the_translation_when_it_gives_them() {
        use crate::bundle::{Block, Inline, Step};
        let step = |title: &str, body: &str| Step {
            title: title.into(),
            body: if body.is_empty() {
                vec![]
            } else {
                vec![Block::P(vec![Inline::T(body.into())])]
            },
            anchor: Some("#x".into()),
            ..Step::default()
        };
        let mut a: Announcement = Announcement::default();
        a.extra.steps = vec![
            step("Open reports", "Click it."),
            step("Export", "One file."),
        ];
        a.extra.translations = vec![(
            "fr".into(),
            Translation {
                benefit: "Exportez".into(),
                feature: None,
                cta: None,
                body: vec![],
                steps: vec![
                    step("Ouvrez les rapports", ""),
                    step("Exportez", "Un fichier."),
                ],
            },
        )];
        let (title, body) = step_text(&a, "fr", 0).expect("step 1");
        assert_eq!(title, "Ouvrez les rapports");
        assert_eq!(
            body,
            a.extra.steps[0].body.as_slice(),
            "an untranslated body falls back"
        );
        assert_eq!(step_text(&a, "fr", 1).map(|s| s.0), Some("Exportez"));
        assert_eq!(step_text(&a, "de", 1).map(|s| s.0), Some("Export"));
        assert_eq!(step_text(&a, "fr", 2), None);
    }
}
