//! HTML from the typed content tree: every text escaped, every URL checked again, no raw HTML
//! anywhere (the Markdown compiler refuses it; nothing here could pass it through).

use whatsnew_core::bundle::{Block, Image, Inline};
use whatsnew_core::url::safe_url;

/// Escapes text for HTML and XML, in content and in quoted attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters and the non-characters U+FFFE/U+FFFF (and the other
            // U+xFFFE/U+xFFFF) are not allowed in XML: one made every feed unreadable.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c if (c as u32) & 0xFFFE == 0xFFFE || ('\u{FDD0}'..='\u{FDEF}').contains(&c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Where a link in content goes on a page outside the product: absolute links stay, paths
/// (`/reports`) resolve against the product's address; without one they are not links.
pub fn resolve(url: &str, product: Option<&str>) -> Option<String> {
    let url = safe_url(url)?;
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
    {
        return Some(url);
    }
    if url.starts_with('/') && !url.starts_with("//") {
        return Some(format!("{}{url}", product?.trim_end_matches('/')));
    }
    // `//host/path` takes the product's scheme (https without one); `x`, `./x` and `../x`
    // resolve against its address as a browser would (RFC 3986, dot segments removed).
    let Some(product) = product else {
        return url.starts_with("//").then(|| format!("https:{url}"));
    };
    let base = url::Url::parse(&format!("{}/", product.trim_end_matches('/'))).ok()?;
    base.join(&url).ok().map(String::from)
}

/// Renders blocks; sub-headings in the body become `<h{heading}>`.
pub fn blocks(items: &[Block], heading: u8, product: Option<&str>) -> String {
    let mut out = String::new();
    for b in items {
        match b {
            Block::P(c) => {
                out.push_str("<p>");
                out.push_str(&inlines(c, product));
                out.push_str("</p>\n");
            }
            Block::H(c) => {
                let n = heading.min(6);
                out.push_str(&format!("<h{n}>{}</h{n}>\n", inlines(c, product)));
            }
            Block::Ul(items) | Block::Ol(items) | Block::Ofrom(_, items) => {
                let tag = if matches!(b, Block::Ul(_)) {
                    "ul"
                } else {
                    "ol"
                };
                match b {
                    Block::Ofrom(n, _) => out.push_str(&format!("<ol start=\"{n}\">\n")),
                    _ => out.push_str(&format!("<{tag}>\n")),
                }
                for item in items {
                    // A tight item is one paragraph: no <p> inside the <li>.
                    let inner = match item.as_slice() {
                        [Block::P(c)] => inlines(c, product),
                        _ => blocks(item, heading, product),
                    };
                    out.push_str(&format!("<li>{}</li>\n", inner.trim_end()));
                }
                out.push_str(&format!("</{tag}>\n"));
            }
            Block::Pre(code) => {
                // Focusable: a wide block scrolls from the keyboard too (WCAG 2.1.1).
                out.push_str(&format!(
                    "<pre dir=\"ltr\" tabindex=\"0\"><code>{}</code></pre>\n",
                    escape(code)
                ));
            }
            Block::Quote(c) => {
                out.push_str("<blockquote>\n");
                out.push_str(&blocks(c, heading, product));
                out.push_str("</blockquote>\n");
            }
            Block::Hr => out.push_str("<hr>\n"),
        }
    }
    out
}

/// Renders inline content.
pub fn inlines(items: &[Inline], product: Option<&str>) -> String {
    let mut out = String::new();
    for i in items {
        match i {
            Inline::T(t) => out.push_str(&escape(t)),
            Inline::Em(c) => out.push_str(&format!("<em>{}</em>", inlines(c, product))),
            Inline::Strong(c) => out.push_str(&format!("<strong>{}</strong>", inlines(c, product))),
            Inline::Del(c) => out.push_str(&format!("<del>{}</del>", inlines(c, product))),
            Inline::Code(t) => out.push_str(&format!("<code>{}</code>", escape(t))),
            Inline::A(l) => match resolve(&l.href, product) {
                Some(href) => out.push_str(&format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&href),
                    inlines(&l.c, product)
                )),
                None => out.push_str(&inlines(&l.c, product)),
            },
            Inline::Img(img) => out.push_str(&image(img, product)),
            Inline::Br => out.push_str("<br>"),
        }
    }
    out
}

/// An image, when its address resolves; else its description as text.
pub fn image(img: &Image, product: Option<&str>) -> String {
    match resolve(&img.src, product) {
        Some(src) if !src.starts_with("mailto:") => format!(
            "<img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
            escape(&src),
            escape(&img.alt)
        ),
        _ => escape(&img.alt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whatsnew_core::bundle::Link;

    /// Regression: `//host/path` was pasted onto the product's address
    /// (`https://app.example//status.example/x`) and `../x` kept its dot segments.
    #[test]
    fn links_resolve_as_a_browser_resolves_them() {
        let base = Some("https://example.com/app/");
        for (url, want) in [
            (
                "//status.example/incidents",
                Some("https://status.example/incidents"),
            ),
            ("../x", Some("https://example.com/x")),
            ("./c.png", Some("https://example.com/app/c.png")),
            ("reports", Some("https://example.com/app/reports")),
            ("/reports", Some("https://example.com/app/reports")),
            ("https://other.example/a", Some("https://other.example/a")),
        ] {
            assert_eq!(resolve(url, base).as_deref(), want, "{url}");
        }
        assert_eq!(
            resolve("//cdn.example/a.png", None).as_deref(),
            Some("https://cdn.example/a.png")
        );
        assert_eq!(resolve("/reports", None), None);
    }

    /// Protects the site's safety: text is escaped, unsafe links are never links.
    #[test]
    fn content_is_escaped_and_links_are_checked() {
        let tree = vec![Block::P(vec![
            Inline::T("<script>alert('x')</script> & \"q\"".into()),
            Inline::A(Link {
                href: "javascript:alert(1)".into(),
                c: vec![Inline::T("bad".into())],
            }),
            Inline::A(Link {
                href: "/reports".into(),
                c: vec![Inline::T("reports".into())],
            }),
        ])];
        assert_eq!(
            blocks(&tree, 3, None),
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;badreports</p>\n"
        );
        assert_eq!(
            blocks(&tree, 3, Some("https://app.example/")),
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;bad<a href=\"https://app.example/reports\">reports</a></p>\n"
        );
    }
}
