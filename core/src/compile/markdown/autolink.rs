//! GFM's autolink literals: a bare `https://…`, `http://…` or `www.…` in text is a link, as
//! GitHub shows it (release notes end with `Full Changelog: https://github.com/…`). Text inside
//! a link or code is left alone.

use crate::bundle::{Block, Inline, Link};
use crate::url::safe_url;

/// Links the bare URLs in every text run of `blocks`.
pub(super) fn blocks(blocks: &mut [Block]) {
    for b in blocks {
        match b {
            Block::P(i) | Block::H(i) => inlines(i),
            Block::Ul(items) | Block::Ol(items) | Block::Ofrom(_, items) => {
                items.iter_mut().for_each(|i| self::blocks(i))
            }
            Block::Quote(b) => self::blocks(b),
            Block::Pre(_) | Block::Hr => {}
        }
    }
}

fn inlines(list: &mut Vec<Inline>) {
    let mut out = Vec::with_capacity(list.len());
    for i in list.drain(..) {
        match i {
            Inline::T(t) => split(&t, &mut out),
            Inline::Em(mut c) => {
                inlines(&mut c);
                out.push(Inline::Em(c));
            }
            Inline::Strong(mut c) => {
                inlines(&mut c);
                out.push(Inline::Strong(c));
            }
            Inline::Del(mut c) => {
                inlines(&mut c);
                out.push(Inline::Del(c));
            }
            other => out.push(other),
        }
    }
    *list = out;
}

/// Pushes `text` onto `out` as text and links.
fn split(text: &str, out: &mut Vec<Inline>) {
    let mut rest = text;
    while let Some((start, end)) = next_url(rest) {
        let url = &rest[start..end];
        let href = if url.starts_with("www.") {
            format!("http://{url}")
        } else {
            url.to_owned()
        };
        match safe_url(&href) {
            Some(href) => {
                if start > 0 {
                    out.push(Inline::T(rest[..start].to_owned()));
                }
                out.push(Inline::A(Link {
                    href,
                    c: vec![Inline::T(url.to_owned())],
                }));
            }
            None => out.push(Inline::T(rest[..end].to_owned())),
        }
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(Inline::T(rest.to_owned()));
    }
}

/// Where the next bare URL in `s` starts and ends.
fn next_url(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    loop {
        let at = ["https://", "http://", "www."]
            .iter()
            .filter_map(|p| s[from..].find(p).map(|i| from + i))
            .min()?;
        // At the start of a word only (not `xhttps://`, not `foo.www.x`).
        let starts_word = s[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || "*_~(".contains(c));
        let len = s[at..]
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(s.len() - at);
        let mut url = &s[at..at + len];
        // Trailing punctuation is the sentence's, and a `)` the URL did not open.
        loop {
            let trimmed =
                url.trim_end_matches(['?', '!', '.', ',', ':', '*', '_', '~', ';', '\'', '"']);
            let trimmed = if trimmed.ends_with(')')
                && trimmed.matches(')').count() > trimmed.matches('(').count()
            {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        let host = url
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        // A host with a dot in it (`www.` alone, `https://` alone are words).
        let domain = host.split(['/', '?', '#']).next().unwrap_or("");
        if starts_word && domain.contains('.') && !domain.ends_with('.') && !domain.starts_with('.')
        {
            return Some((at, at + url.len()));
        }
        from = at + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::T(s.into())
    }
    fn a(href: &str, text: &str) -> Inline {
        Inline::A(Link {
            href: href.into(),
            c: vec![t(text)],
        })
    }

    #[test]
    fn bare_urls_become_links_without_the_sentence_punctuation() {
        let run = |s: &str| {
            let mut v = Vec::new();
            split(s, &mut v);
            v
        };
        assert_eq!(
            run("Full Changelog: https://github.com/o/r/compare/v1...v2."),
            [
                t("Full Changelog: "),
                a(
                    "https://github.com/o/r/compare/v1...v2",
                    "https://github.com/o/r/compare/v1...v2"
                ),
                t(".")
            ]
        );
        assert_eq!(
            run("See www.example.com/docs, or (https://x.test/a_(b))!"),
            [
                t("See "),
                a("http://www.example.com/docs", "www.example.com/docs"),
                t(", or ("),
                a("https://x.test/a_(b)", "https://x.test/a_(b)"),
                t(")!")
            ]
        );
        for plain in [
            "https:// alone",
            "www. alone",
            "xhttps://x.test",
            "ratio 1:2",
            "a.www.b.c",
        ] {
            assert_eq!(run(plain), [t(plain)], "{plain}");
        }
    }

    #[test]
    fn text_in_links_and_code_is_left_alone() {
        let mut b = vec![Block::P(vec![
            a("https://x.test", "https://y.test"),
            Inline::Code("https://z.test".into()),
            Inline::Strong(vec![t("at https://s.test")]),
        ])];
        blocks(&mut b);
        assert_eq!(
            b,
            [Block::P(vec![
                a("https://x.test", "https://y.test"),
                Inline::Code("https://z.test".into()),
                Inline::Strong(vec![t("at "), a("https://s.test", "https://s.test")]),
            ])]
        );
    }
}
