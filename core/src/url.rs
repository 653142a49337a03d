//! The link-scheme allowlist: http, https, mailto, tel and relative URLs only.
//!
//! The check runs on the URL as a browser would see it: leading and trailing C0 controls and
//! spaces stripped, tabs and newlines removed anywhere (the URL standard does both), the scheme
//! compared case-insensitively. So `\tjavascript:`, `java\nscript:` and `JAVASCRIPT:` are all
//! caught. Entities are already decoded by the Markdown parser before this runs.

#[allow(unused_imports)]
use crate::prelude::*;
/// Schemes an announcement may link to.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Returns the URL normalised the way browsers parse it, or `None` when its scheme is not
/// allowed.
///
/// ```
/// use whatsnew_core::url::safe_url;
/// assert_eq!(safe_url(" /docs/export ").as_deref(), Some("/docs/export"));
/// assert_eq!(safe_url("\tjava\nscript:alert(1)"), None);
/// ```
pub fn safe_url(raw: &str) -> Option<String> {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    // Browsers read `\` as `/` before the query (`/\\evil.example` is `//evil.example`, off
    // the site though it looks like a path): written as they read it.
    let mut query = false;
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| {
            query |= matches!(c, '?' | '#');
            if c == '\\' && !query {
                '/'
            } else {
                c
            }
        })
        .collect();
    match scheme(&cleaned) {
        None => Some(cleaned),
        Some(s) if ALLOWED_SCHEMES.iter().any(|a| a.eq_ignore_ascii_case(s)) => Some(cleaned),
        Some(_) => None,
    }
}

/// The scheme of an absolute URL: the part before the first `:` when it comes before any
/// `/`, `?` or `#`. A relative URL has none.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes().get(end) != Some(&b':') {
        return None;
    }
    url.get(..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslashes_are_read_as_browsers_read_them() {
        assert_eq!(
            safe_url("/\\evil.example/x").as_deref(),
            Some("//evil.example/x")
        );
        assert_eq!(
            safe_url("\\\\evil.example").as_deref(),
            Some("//evil.example")
        );
        assert_eq!(safe_url("/a?b=\\c").as_deref(), Some("/a?b=\\c"));
    }

    #[test]
    fn allows_only_web_and_mail_links() {
        let cases = [
            ("https://example.com/a?b#c", true),
            ("http://example.com", true),
            ("HTTPS://EXAMPLE.COM", true),
            ("mailto:team@example.com", true),
            ("tel:+15551234", true),
            ("/settings/export", true),
            ("settings/export", true),
            ("#section", true),
            ("?tab=2", true),
            ("//cdn.example.com/x.png", true),
            ("/\\evil.example/x", true),
            ("./a:b", true),
            ("javascript:alert(1)", false),
            ("JavaScript:alert(1)", false),
            ("\tjavascript:alert(1)", false),
            (" javascript:alert(1)", false),
            ("java\nscript:alert(1)", false),
            ("java\tscript:alert(1)", false),
            ("\u{1}javascript:alert(1)", false),
            ("data:text/html,<script>alert(1)</script>", false),
            ("vbscript:msgbox", false),
            ("file:///etc/passwd", false),
            (":nothing", false),
        ];
        for (url, ok) in cases {
            assert_eq!(safe_url(url).is_some(), ok, "{url:?}");
        }
    }
}
