//! Raw HTML in a body, read only to tell the author what to write instead: it is never compiled
//! and never reaches the widget. Release notes written for GitHub use a handful of tags
//! (`<kbd>`, `<br>`, `<img>`, `<details>`, `<video>`); each gets the Markdown that says the same,
//! built from the tag's own attributes and text.

/// One tag of a fragment.
pub(super) struct Tag {
    /// Lower-case name.
    pub name: String,
    /// `</name>`.
    pub closing: bool,
    /// An element without a closing tag (`<br>`, `<img>`, `<x/>`).
    pub void: bool,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }
}

const VOID: [&str; 13] = [
    "br", "img", "hr", "input", "source", "wbr", "meta", "link", "embed", "col", "area", "track",
    "param",
];

/// The tags in `text`, in order (comments and declarations skipped).
pub(super) fn tags(text: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let s = rest.trim_start_matches('/');
        let name_len = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(s.len());
        if name_len == 0 || !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name = s[..name_len].to_ascii_lowercase();
        let (attrs, self_closing, consumed) = attributes(&s[name_len..]);
        // An unclosed quote reads to the end.
        rest = s.get(name_len + consumed..).unwrap_or("");
        out.push(Tag {
            void: self_closing || VOID.contains(&name.as_str()),
            name,
            closing,
            attrs,
        });
    }
    out
}

/// Attributes up to the tag's `>`: (name, value) pairs, whether it ends in `/>`, bytes read.
fn attributes(s: &str) -> (Vec<(String, String)>, bool, usize) {
    let mut attrs = Vec::new();
    let mut i = 0;
    let b = s.as_bytes();
    loop {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match b.get(i) {
            None => return (attrs, false, i),
            Some(b'>') => return (attrs, false, i + 1),
            Some(b'/') if b.get(i + 1) == Some(&b'>') => return (attrs, true, i + 2),
            _ => {}
        }
        let start = i;
        while b
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && !b"=>/".contains(c))
        {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        let name = s[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            let quote = b.get(i).copied().filter(|q| *q == b'"' || *q == b'\'');
            let from = i + quote.is_some() as usize;
            let mut j = from;
            while b.get(j).is_some_and(|c| match quote {
                Some(q) => *c != q,
                None => !c.is_ascii_whitespace() && *c != b'>',
            }) {
                j += 1;
            }
            value = s.get(from..j).unwrap_or("").to_owned();
            i = j + quote.is_some() as usize;
        }
        attrs.push((name, value));
    }
}

/// The text inside the first `<name …>…</name>` of `s`, tags removed, on one line, shortened.
fn inner(name: &str, s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let Some(open) = lower.find(&format!("<{name}")) else {
        return String::new();
    };
    let Some(start) = lower[open..].find('>').map(|e| open + e + 1) else {
        return String::new();
    };
    let end = lower[start..]
        .find(&format!("</{name}"))
        .map_or(s.len(), |e| start + e);
    let mut text = String::new();
    let mut in_tag = false;
    for c in s.get(start..end).unwrap_or("").chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(if c.is_whitespace() { ' ' } else { c }),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// What to write instead of the HTML in `fragment` (followed in the body by `after`).
pub(super) fn hint(fragment: &str, tags: &[Tag], after: &str) -> String {
    let generic = "write it in Markdown (**bold**, *italic*, [text](https://...)); the widget never renders HTML".to_owned();
    // The tag that decides: media and links before the wrappers around them.
    const ORDER: [&str; 12] = [
        "video", "iframe", "audio", "embed", "object", "img", "a", "details", "summary", "script",
        "style", "table",
    ];
    let opening: Vec<&Tag> = tags.iter().filter(|t| !t.closing).collect();
    let Some(tag) = ORDER
        .iter()
        .find_map(|n| opening.iter().find(|t| t.name == *n))
        .or_else(|| opening.first())
    else {
        return generic;
    };
    let context = format!(
        "{fragment}{}",
        after.get(..after.len().min(2000)).unwrap_or(after)
    );
    let text = || {
        let t = inner(&tag.name, &context);
        if t.is_empty() {
            "text".to_owned()
        } else {
            t
        }
    };
    let src = || {
        tags.iter()
            .find_map(|t| t.attr("src"))
            .unwrap_or("https://...")
            .to_owned()
    };
    match tag.name.as_str() {
        "video" | "iframe" | "audio" | "embed" | "object" => format!(
            "the widget embeds no media: link to it, `[Watch the video]({})`, or show a still image, `![What it shows](still.png)`",
            src()
        ),
        "img" | "picture" => format!(
            "write it as a Markdown image: `![{}]({})`",
            tag.attr("alt").unwrap_or("what the image shows"),
            src()
        ),
        "a" => format!(
            "write it as a Markdown link: `[{}]({})`",
            text(),
            tag.attr("href").unwrap_or("https://...")
        ),
        "details" | "summary" => format!(
            "the widget has no collapsible sections: write `#### {}` as a sub-heading with the details under it, or link to a page that has them",
            match inner("summary", &context) {
                s if s.is_empty() => "More".to_owned(),
                s => s,
            }
        ),
        "kbd" | "code" | "tt" | "samp" | "var" => {
            format!("write it as inline code: `` `{}` ``", text())
        }
        "b" | "strong" => format!("write it as strong text: `**{}**`", text()),
        "i" | "em" | "cite" => format!("write it as emphasis: `*{}*`", text()),
        "s" | "strike" | "del" => format!("write it as struck text: `~~{}~~`", text()),
        "br" => "for a line break, end the line with a backslash (`\\`); for a new paragraph, leave a blank line".to_owned(),
        "hr" => "write `---` on a line of its own".to_owned(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            format!("write it as a sub-heading: `#### {}`", text())
        }
        "ul" | "ol" | "li" => "write it as a Markdown list, one `- item` per line".to_owned(),
        "table" | "tr" | "td" | "th" | "thead" | "tbody" => {
            "use a list, one item per row (`- **Plan**: what it includes`), or link to a page with the table".to_owned()
        }
        "script" | "style" | "link" | "meta" => {
            "delete it: the widget never runs scripts or applies styles from content".to_owned()
        }
        "p" | "div" | "center" | "section" | "span" | "font" | "sub" | "sup" | "u" | "ins"
        | "mark" | "small" | "big" | "abbr" => {
            "write the text without the tag (a blank line starts a new paragraph); the widget lays it out and never renders HTML".to_owned()
        }
        _ => generic,
    }
}

#[cfg(test)]
mod tests {
    use super::{hint, tags};

    fn help(fragment: &str, after: &str) -> String {
        hint(fragment, &tags(fragment), after)
    }

    #[test]
    fn tags_are_read_with_their_attributes() {
        let t = tags(
            r#"<p align=center><IMG SRC="https://x.test/a.png" alt='A chart' width=400/></p>"#,
        );
        let names: Vec<_> = t
            .iter()
            .map(|t| (t.name.as_str(), t.closing, t.void))
            .collect();
        assert_eq!(
            names,
            [
                ("p", false, false),
                ("img", false, true),
                ("p", true, false)
            ]
        );
        assert_eq!(t[1].attr("src"), Some("https://x.test/a.png"));
        assert_eq!(t[1].attr("alt"), Some("A chart"));
        assert!(tags("a < b and 1<2").is_empty());
        // Regression (fuzz): an attribute's quote left open at the end of the text.
        let t = tags("<a href=\"x");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].attr("href"), Some("x"));
        assert_eq!(tags("<img alt='é").len(), 1);
    }

    #[test]
    fn each_tag_gets_the_markdown_that_says_the_same() {
        assert_eq!(
            help("<kbd>", "Ctrl</kbd>+K"),
            "write it as inline code: `` `Ctrl` ``"
        );
        assert!(help(r#"<img src="https://x.test/a.png" alt="Search">"#, "")
            .contains("`![Search](https://x.test/a.png)`"));
        assert!(help(r#"<p align="center"><img src="/a.png"></p>"#, "")
            .contains("![what the image shows](/a.png)"));
        assert!(help(r#"<video src="https://x.test/v.mp4">"#, "</video>")
            .contains("[Watch the video](https://x.test/v.mp4)"));
        assert!(help(r#"<a href="https://x.test">"#, "the docs</a>")
            .contains("`[the docs](https://x.test)`"));
        assert!(help("<details><summary>Full list</summary>", "").contains("`#### Full list`"));
        assert!(help("<br>", "").contains("backslash"));
        assert!(help("<script>", "alert(1)</script>").starts_with("delete it"));
        assert!(help("<blink>", "").starts_with("write it in Markdown"));
    }
}
