//! The announcement body: CommonMark into the bundle's typed content tree.
//!
//! Supported: paragraphs, sub-headings, lists, code, quotes, rules, emphasis, strong, inline
//! code, links, images (alt text required), hard breaks, strikethrough and task lists (the box
//! as a character), GitHub alerts (`> [!NOTE]`: a quote that starts with the kind's name in the
//! file's language), GitHub emoji shortcodes (`:rocket:` becomes the emoji, outside code) and
//! GFM autolink literals (a bare `https://…` or `www.…` is a link).
//! Raw HTML is an error (one per element, with the Markdown to write instead), as is a link or
//! image whose scheme is not allowed; GFM tables and footnotes are `unsupported-markdown`.
//! Everything is reported with its position in the file.

use crate::bundle::{Block, Image, Inline, Link};
use crate::diag::Diagnostic;
use crate::url::safe_url;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Options, Parser, Tag};
use std::ops::Range;

mod autolink;
mod emoji;
mod html;

/// `text` with GitHub's emoji shortcodes (`:rocket:`) replaced by the emoji, as bodies get them
/// (for `import`, whose headlines come from changelogs written for GitHub).
pub fn emoji_shortcodes(text: &str) -> String {
    emoji::replaced(text).unwrap_or_else(|| text.to_owned())
}

/// How deep lists and quotes may nest; deeper input is an author mistake or an attack.
const MAX_DEPTH: usize = 16;

/// Compiles a body. `offset` is where the body starts in the file, so spans point into the file;
/// `lang` is the file's language (a locale such as `fr` or `pt-BR`), for the words the compiler
/// adds (a GitHub alert's "Note").
pub fn compile_body(
    path: &str,
    body: &str,
    offset: usize,
    lang: &str,
) -> Result<Vec<Block>, Vec<Diagnostic>> {
    let mut c = Compiler {
        path,
        offset,
        body,
        lang,
        open_html: Vec::new(),
        // Tables and footnotes are parsed so they can be refused at their position; without
        // these options they would run together into one paragraph of pipes and brackets.
        // Strikethrough and task lists (GFM, common in changelogs) are parsed so they are not
        // shown as literal `~~` and `[x]`: struck text is `del`, a task's box is a character.
        // GitHub alerts (`ENABLE_GFM`) likewise, so `[!NOTE]` is not shown as typed.
        events: Parser::new_ext(
            body,
            Options::ENABLE_TABLES
                | Options::ENABLE_FOOTNOTES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_GFM,
        )
        .into_offset_iter()
        .collect(),
        pos: 0,
        diags: Vec::new(),
        depth: 0,
    };
    let mut blocks = c.blocks();
    autolink::blocks(&mut blocks);
    if c.diags.is_empty() {
        Ok(blocks)
    } else {
        Err(c.diags)
    }
}

struct Compiler<'p, 'e> {
    path: &'p str,
    offset: usize,
    body: &'e str,
    lang: &'p str,
    /// HTML elements reported at their opening tag, so their closing tag is not reported again.
    open_html: Vec<String>,
    events: Vec<(Event<'e>, Range<usize>)>,
    pos: usize,
    diags: Vec<Diagnostic>,
    depth: usize,
}

impl<'e> Compiler<'_, 'e> {
    fn next(&mut self) -> Option<(Event<'e>, Range<usize>)> {
        let item = self.events.get(self.pos).cloned();
        self.pos += 1;
        item
    }

    fn peek_is_end(&self) -> bool {
        matches!(self.events.get(self.pos), None | Some((Event::End(_), _)))
    }

    fn span(&self, r: &Range<usize>) -> Range<usize> {
        self.offset + r.start..self.offset + r.end
    }

    fn error(
        &mut self,
        code: &'static str,
        r: &Range<usize>,
        message: String,
        label: &str,
        help: &str,
    ) {
        let span = self.span(r);
        self.diags.push(
            Diagnostic::error(code, self.path, span, message)
                .label(label)
                .help(help),
        );
    }

    /// Raw HTML: one error per element (a closing tag whose opening tag was reported is not
    /// reported again), with the Markdown that says the same where there is one.
    fn raw_html(&mut self, r: &Range<usize>) {
        let text = self.body.get(r.clone()).unwrap_or("");
        if text.trim_start().starts_with("<!--") {
            self.error(
                "raw-html",
                r,
                "an HTML comment in an announcement".into(),
                "comment here",
                "delete it (a note for authors belongs in a `_draft.md` file or outside content/); the widget never renders HTML",
            );
            return;
        }
        let tags = html::tags(text);
        // Closing tags of elements already reported, and nothing else: nothing new to say.
        if !tags.is_empty()
            && tags.iter().all(|t| {
                t.closing && {
                    let at = self.open_html.iter().rposition(|n| *n == t.name);
                    at.map(|i| self.open_html.remove(i)).is_some()
                }
            })
        {
            return;
        }
        let after = self.body.get(r.end..).unwrap_or("");
        let help = html::hint(text, &tags, after);
        for t in tags.iter().filter(|t| !t.closing && !t.void) {
            self.open_html.push(t.name.clone());
        }
        let label = match tags.iter().find(|t| !t.closing) {
            Some(t) => format!("<{}> here", t.name),
            None => "HTML here".into(),
        };
        self.error(
            "raw-html",
            r,
            "raw HTML is not allowed in an announcement".into(),
            &label,
            &help,
        );
    }

    fn unsupported(&mut self, range: &Range<usize>) {
        self.error(
            "unsupported-markdown",
            range,
            "this kind of Markdown is not supported in an announcement".into(),
            "not supported",
            "use paragraphs, sub-headings, lists, quotes, code, links, emphasis and images",
        );
    }

    /// A GFM table or footnote, named, with what to write instead.
    fn unsupported_gfm(&mut self, range: &Range<usize>, what: &str, help: &str) {
        self.error(
            "unsupported-markdown",
            range,
            format!("{what} not supported in an announcement"),
            "not supported",
            help,
        );
    }

    /// Skips to the end of the element just opened.
    fn skip(&mut self) {
        let mut depth = 1;
        while let Some((ev, _)) = self.next() {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// Blocks until the end of the enclosing element (or the input).
    fn blocks(&mut self) -> Vec<Block> {
        let mut out = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        loop {
            if self.peek_is_end() {
                self.pos += 1;
                break;
            }
            let Some((ev, range)) = self.next() else {
                break;
            };
            let block = match ev {
                Event::Start(Tag::Paragraph) => Some(Block::P(self.inlines())),
                Event::Start(Tag::Heading { .. }) => Some(Block::H(self.inlines())),
                Event::Start(Tag::BlockQuote(kind)) => self.nested(&range, |c| {
                    let mut blocks = c.blocks();
                    if let Some(kind) = kind {
                        let label = alert_label(kind, c.lang).into();
                        blocks.insert(0, Block::P(vec![Inline::Strong(vec![Inline::T(label)])]));
                    }
                    Block::Quote(blocks)
                }),
                Event::Start(Tag::List(start)) => self.nested(&range, |c| {
                    let items = c.items();
                    match start {
                        Some(1) => Block::Ol(items),
                        // "3. … 4. …": the numbers the author wrote, not 1, 2.
                        Some(n) => Block::Ofrom(n, items),
                        None => Block::Ul(items),
                    }
                }),
                Event::Start(Tag::CodeBlock(_)) => Some(Block::Pre(self.code_text())),
                Event::Start(Tag::HtmlBlock) => {
                    self.raw_html(&range);
                    self.skip();
                    None
                }
                Event::Rule => Some(Block::Hr),
                Event::Start(Tag::Table(_)) => {
                    self.unsupported_gfm(&range, "tables are", "use a list, one item per row (`- **Plan**: what it includes`), or link to a page with the table");
                    self.skip();
                    None
                }
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    self.unsupported_gfm(
                        &range,
                        "footnotes are",
                        "say it in the sentence, or link to the details",
                    );
                    self.skip();
                    None
                }
                Event::Start(ref tag) if !is_inline(tag) => {
                    self.unsupported(&range);
                    self.skip();
                    None
                }
                // Tight list items hold inline content directly.
                _ => {
                    self.pos -= 1;
                    loose.append(&mut self.inline_run());
                    continue;
                }
            };
            flush(&mut loose, &mut out);
            out.extend(block);
        }
        flush(&mut loose, &mut out);
        out
    }

    fn nested(
        &mut self,
        range: &Range<usize>,
        f: impl FnOnce(&mut Self) -> Block,
    ) -> Option<Block> {
        self.deeper(range, "lists and quotes", f)
    }

    /// One level deeper (a list, a quote, emphasis, a link), refused where the widget would
    /// stop reading: it reads 16 levels, counting each of these and the paragraph around
    /// text, so deeper text would compile and then vanish from the page.
    fn deeper<T>(
        &mut self,
        range: &Range<usize>,
        what: &str,
        f: impl FnOnce(&mut Self) -> T,
    ) -> Option<T> {
        if self.depth + 1 >= MAX_DEPTH {
            self.error(
                "too-deep",
                range,
                format!("{what} nest more than {} levels deep", MAX_DEPTH - 1),
                "here",
                "flatten the structure",
            );
            self.skip();
            return None;
        }
        self.depth += 1;
        let b = f(self);
        self.depth -= 1;
        Some(b)
    }

    fn items(&mut self) -> Vec<Vec<Block>> {
        let mut items = Vec::new();
        while let Some((ev, _)) = self.next() {
            match ev {
                Event::Start(Tag::Item) => items.push(self.blocks()),
                Event::End(_) => break,
                _ => {}
            }
        }
        items
    }

    fn code_text(&mut self) -> String {
        let mut s = String::new();
        while let Some((ev, _)) = self.next() {
            match ev {
                Event::Text(t) => s.push_str(&t),
                Event::End(_) => break,
                _ => {}
            }
        }
        s
    }

    /// Inline events until the next block-level start or end, without consuming that.
    fn inline_run(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((ev, _)) = self.events.get(self.pos) {
            let block_level = match ev {
                Event::End(_) | Event::Rule => true,
                Event::Start(t) => !is_inline(t),
                _ => false,
            };
            if block_level {
                break;
            }
            if let Some(i) = self.inline() {
                push_inline(&mut out, i);
            }
        }
        emoji::shortcodes_in(&mut out);
        out
    }

    /// Inline content until the end of the enclosing element.
    fn inlines(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        loop {
            if self.peek_is_end() {
                self.pos += 1;
                emoji::shortcodes_in(&mut out);
                return out;
            }
            if let Some(i) = self.inline() {
                push_inline(&mut out, i);
            }
        }
    }

    fn inline(&mut self) -> Option<Inline> {
        let (ev, range) = self.next()?;
        match ev {
            Event::Text(t) => Some(Inline::T(t.into_string())),
            Event::Code(t) => Some(Inline::Code(t.into_string())),
            Event::SoftBreak => Some(Inline::T(" ".into())),
            Event::HardBreak => Some(Inline::Br),
            Event::InlineHtml(_) | Event::Html(_) => {
                self.raw_html(&range);
                None
            }
            Event::FootnoteReference(_) => {
                self.unsupported_gfm(
                    &range,
                    "footnotes are",
                    "say it in the sentence, or link to the details",
                );
                None
            }
            Event::Start(Tag::Emphasis) => {
                self.deeper(&range, "emphasis, strong text and links", |c| {
                    Inline::Em(c.inlines())
                })
            }
            Event::Start(Tag::Strong) => {
                self.deeper(&range, "emphasis, strong text and links", |c| {
                    Inline::Strong(c.inlines())
                })
            }
            Event::Start(Tag::Strikethrough) => {
                self.deeper(&range, "emphasis, strong text and links", |c| {
                    Inline::Del(c.inlines())
                })
            }
            // A task list item's box, as the character a reader (and a screen reader) sees.
            Event::TaskListMarker(done) => Some(Inline::T(if done { "☑ " } else { "☐ " }.into())),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let c = self.deeper(&range, "emphasis, strong text and links", |c| c.inlines())?;
                let href = self.checked_url(&dest_url, link_type, &range, "link")?;
                // `[](url)`: a link with no words would be invisible yet focusable; its address
                // is its text.
                let c = if c.is_empty() {
                    vec![Inline::T(href.clone())]
                } else {
                    c
                };
                Some(Inline::A(Link { href, c }))
            }
            Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) => {
                let alt = plain_text(&self.inlines());
                let src = self.checked_url(&dest_url, link_type, &range, "image")?;
                if alt.trim().is_empty() {
                    self.error("missing-alt", &range, "image without alt text".into(), "no description", "describe the image for screen readers: ![Export dialog with CSV selected](export.png)");
                    return None;
                }
                Some(Inline::Img(Image {
                    src,
                    alt: alt.trim().to_owned(),
                }))
            }
            Event::Start(_) => {
                self.unsupported(&range);
                self.skip();
                None
            }
            _ => None,
        }
    }

    fn checked_url(
        &mut self,
        dest: &CowStr<'_>,
        kind: LinkType,
        range: &Range<usize>,
        what: &str,
    ) -> Option<String> {
        let dest = if kind == LinkType::Email {
            format!("mailto:{dest}")
        } else {
            dest.to_string()
        };
        let safe = safe_url(&dest);
        if safe.is_none() {
            self.error(
                "unsafe-url",
                range,
                format!(
                    "{what} to `{}` uses a scheme that is not allowed",
                    dest.escape_debug()
                ),
                "this URL",
                "links may use http, https, mailto, tel or a relative path",
            );
        }
        safe
    }
}

/// A GitHub alert's kind in the file's language (English for a language not listed here).
fn alert_label(kind: BlockQuoteKind, lang: &str) -> &'static str {
    const LABELS: [(&str, [&str; 5]); 8] = [
        ("en", ["Note", "Tip", "Important", "Warning", "Caution"]),
        (
            "fr",
            ["Remarque", "Astuce", "Important", "Attention", "Prudence"],
        ),
        ("de", ["Hinweis", "Tipp", "Wichtig", "Warnung", "Vorsicht"]),
        (
            "es",
            ["Nota", "Consejo", "Importante", "Advertencia", "Precaución"],
        ),
        ("pt", ["Nota", "Dica", "Importante", "Aviso", "Cuidado"]),
        ("ja", ["注記", "ヒント", "重要", "警告", "注意"]),
        ("ar", ["ملاحظة", "نصيحة", "مهم", "تحذير", "تنبيه"]),
        ("he", ["הערה", "טיפ", "חשוב", "אזהרה", "זהירות"]),
    ];
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    let words = LABELS
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(primary))
        .map_or(LABELS[0].1, |(_, w)| *w);
    let i = match kind {
        BlockQuoteKind::Note => 0,
        BlockQuoteKind::Tip => 1,
        BlockQuoteKind::Important => 2,
        BlockQuoteKind::Warning => 3,
        BlockQuoteKind::Caution => 4,
    };
    words.get(i).copied().unwrap_or("Note")
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn flush(loose: &mut Vec<Inline>, out: &mut Vec<Block>) {
    if !loose.is_empty() {
        out.push(Block::P(std::mem::take(loose)));
    }
}

/// Appends, merging adjacent text so the tree stays small.
fn push_inline(out: &mut Vec<Inline>, i: Inline) {
    if let (Some(Inline::T(prev)), Inline::T(next)) = (out.last_mut(), &i) {
        prev.push_str(next);
        return;
    }
    out.push(i);
}

fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::T(t) | Inline::Code(t) => s.push_str(t),
            Inline::Em(c) | Inline::Strong(c) | Inline::Del(c) => s.push_str(&plain_text(c)),
            Inline::A(l) => s.push_str(&plain_text(&l.c)),
            Inline::Img(img) => s.push_str(&img.alt),
            Inline::Br => s.push(' '),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::line_col;

    fn ok(md: &str) -> Vec<Block> {
        compile_body("a.md", md, 0, "en").unwrap_or_else(|d| panic!("{d:#?}"))
    }

    fn codes(md: &str) -> Vec<(&'static str, (usize, usize))> {
        compile_body("a.md", md, 0, "en")
            .unwrap_err()
            .iter()
            .map(|d| (d.code, line_col(md, d.span.start)))
            .collect()
    }

    fn t(s: &str) -> Inline {
        Inline::T(s.into())
    }

    /// `[](/docs)` gets its address as its words (it was an invisible, focusable link).
    #[test]
    fn a_link_without_words_shows_its_address() {
        assert_eq!(
            ok("See [](/docs).\n"),
            vec![Block::P(vec![
                t("See "),
                Inline::A(Link {
                    href: "/docs".into(),
                    c: vec![t("/docs")]
                }),
                t(".")
            ])]
        );
    }

    /// A list that goes on from 3 keeps its numbers (it was renumbered 1, 2: wrong steps).
    #[test]
    fn numbered_lists_keep_their_first_number() {
        assert_eq!(
            ok("3. go on\n4. then this\n"),
            vec![Block::Ofrom(
                3,
                vec![
                    vec![Block::P(vec![t("go on")])],
                    vec![Block::P(vec![t("then this")])]
                ]
            )]
        );
        assert_eq!(
            ok("1. one\n"),
            vec![Block::Ol(vec![vec![Block::P(vec![t("one")])]])]
        );
        assert_eq!(
            ok("0. zero\n"),
            vec![Block::Ofrom(0, vec![vec![Block::P(vec![t("zero")])]])]
        );
    }

    #[test]
    fn an_html_comment_is_named_as_one() {
        let d = compile_body("a.md", "Text.\n\n<!-- DOWNLOAD_LINKS -->\n", 0, "en").unwrap_err();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "raw-html");
        assert_eq!(d[0].message, "an HTML comment in an announcement");
        let d = compile_body("a.md", "<b>x</b>\n", 0, "en").unwrap_err();
        assert_eq!(d[0].message, "raw HTML is not allowed in an announcement");
    }

    #[test]
    fn raw_html_is_one_error_per_element_with_the_markdown_to_write() {
        let md = "Press <kbd>Ctrl</kbd>+<kbd>K</kbd>.<br>\n\n<video src=\"https://x.test/v.mp4\"></video>\n\n<details><summary>All fixes</summary>\n\nText.\n\n</details>\n";
        let d = compile_body("a.md", md, 0, "en").unwrap_err();
        let seen: Vec<_> = d
            .iter()
            .map(|d| {
                (
                    line_col(md, d.span.start),
                    d.label.clone(),
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect();
        let at: Vec<_> = seen.iter().map(|s| s.0).collect();
        assert_eq!(at, [(1, 7), (1, 23), (1, 36), (3, 1), (5, 1)], "{seen:#?}");
        assert!(seen[0].2.contains("`Ctrl`"), "{seen:#?}");
        assert!(seen[1].2.contains("`K`"), "{seen:#?}");
        assert!(seen[2].2.contains("backslash"), "{seen:#?}");
        assert!(
            seen[3]
                .2
                .contains("[Watch the video](https://x.test/v.mp4)"),
            "{seen:#?}"
        );
        assert!(seen[4].2.contains("`#### All fixes`"), "{seen:#?}");
        assert!(seen[0].1.contains("<kbd> here"), "{seen:#?}");
        // A closing tag with no opening tag reported is still reported.
        assert_eq!(codes("Text </b> more.\n"), [("raw-html", (1, 6))]);
    }

    #[test]
    fn github_alerts_and_emoji_shortcodes_are_not_literal() {
        let quote = |md: &str, lang: &str| {
            compile_body("a.md", md, 0, lang).unwrap_or_else(|d| panic!("{d:#?}"))
        };
        let strong = |s: &str| Block::P(vec![Inline::Strong(vec![t(s)])]);
        assert_eq!(
            quote(
                "> [!WARNING]\n> Exports over 10 MB :hourglass: are queued.\n",
                "en"
            ),
            vec![Block::Quote(vec![
                strong("Warning"),
                Block::P(vec![t("Exports over 10 MB ⌛ are queued.")])
            ])]
        );
        assert_eq!(
            quote("> [!TIP]\n> Astuce.\n", "fr-CA"),
            vec![Block::Quote(vec![
                strong("Astuce"),
                Block::P(vec![t("Astuce.")])
            ])]
        );
        assert_eq!(
            quote("> [!NOTE]\n> x\n", "xx")[0],
            Block::Quote(vec![strong("Note"), Block::P(vec![t("x")])])
        );
        // Code keeps its colons; a tight list item and link text get the emoji.
        assert_eq!(
            ok("Run `x :rocket:`.\n\n- [Docs :books:](/docs)\n\n```\n:tada:\n```\n"),
            vec![
                Block::P(vec![t("Run "), Inline::Code("x :rocket:".into()), t(".")]),
                Block::Ul(vec![vec![Block::P(vec![Inline::A(Link {
                    href: "/docs".into(),
                    c: vec![t("Docs 📚")]
                })])]]),
                Block::Pre(":tada:\n".into()),
            ]
        );
    }

    #[test]
    fn strikethrough_and_task_lists_are_not_literal() {
        let tree = ok("Now ~~$10~~ $8.\n\n- [x] shipped\n- [ ] next ~~Friday~~\n");
        assert_eq!(
            tree,
            vec![
                Block::P(vec![t("Now "), Inline::Del(vec![t("$10")]), t(" $8."),]),
                Block::Ul(vec![
                    vec![Block::P(vec![t("☑ shipped")])],
                    vec![Block::P(vec![t("☐ next "), Inline::Del(vec![t("Friday")])])],
                ]),
            ]
        );
        // One tilde is text, as on GitHub's default.
        assert_eq!(ok("about ~5 s"), vec![Block::P(vec![t("about ~5 s")])]);
    }

    #[test]
    fn builds_the_typed_tree() {
        let md = "Export **all** your *invoices* as `CSV`.\nOne click.\n\n- first\n- [docs](/docs)\n\n1. one\n\n   two\n\n![Dialog](/x.png)  \nend\n\n> quoted\n\n---\n\n## Tips\n\n```\ncode <b>\n```\n";
        let tree = ok(md);
        assert_eq!(
            tree,
            vec![
                Block::P(vec![
                    t("Export "),
                    Inline::Strong(vec![t("all")]),
                    t(" your "),
                    Inline::Em(vec![t("invoices")]),
                    t(" as "),
                    Inline::Code("CSV".into()),
                    t(". One click."),
                ]),
                Block::Ul(vec![
                    vec![Block::P(vec![t("first")])],
                    vec![Block::P(vec![Inline::A(Link {
                        href: "/docs".into(),
                        c: vec![t("docs")]
                    })])],
                ]),
                Block::Ol(vec![vec![
                    Block::P(vec![t("one")]),
                    Block::P(vec![t("two")])
                ]]),
                Block::P(vec![
                    Inline::Img(Image {
                        src: "/x.png".into(),
                        alt: "Dialog".into()
                    }),
                    Inline::Br,
                    t("end")
                ]),
                Block::Quote(vec![Block::P(vec![t("quoted")])]),
                Block::Hr,
                Block::H(vec![t("Tips")]),
                Block::Pre("code <b>\n".into()),
            ]
        );
        assert_eq!(ok(""), vec![]);
        assert_eq!(
            ok("<mail@example.com>"),
            vec![Block::P(vec![Inline::A(Link {
                href: "mailto:mail@example.com".into(),
                c: vec![t("mail@example.com")]
            })])]
        );
    }

    #[test]
    fn rejects_html_unsafe_links_and_missing_alt_everywhere() {
        assert_eq!(
            codes("Hi <b>there</b>.\n\n<div>\nblock\n</div>\n\n[x](javascript:alert(1)) and [y](&#x09;javascript:alert(1))\n\n![](/a.png) ![ok](data:image/png;base64,AA)\n\n[ref]\n\n[ref]: JAVASCRIPT:alert(1)\n"),
            [
                ("raw-html", (1, 4)),
                ("raw-html", (3, 1)),
                ("unsafe-url", (7, 1)),
                ("unsafe-url", (7, 30)),
                ("missing-alt", (9, 1)),
                ("unsafe-url", (9, 13)),
                ("unsafe-url", (11, 1)),
            ]
        );
    }

    /// Regression: GFM tables and footnotes were mangled into one paragraph with no
    /// diagnostic; each is refused at its position.
    #[test]
    fn tables_and_footnotes_are_refused_where_they_are() {
        let md = "Plans compared.\n\n| Plan | Seats |\n|---|---:|\n| Pro | 5 |\n\nExports are faster.[^1]\n\n[^1]: Measured on 10,000 invoices.\n";
        assert_eq!(
            codes(md),
            [
                ("unsupported-markdown", (3, 1)),
                ("unsupported-markdown", (7, 20)),
                ("unsupported-markdown", (9, 1)),
            ]
        );
        let d = compile_body("a.md", md, 0, "en").unwrap_err();
        assert!(d[0].message.starts_with("tables are"), "{:?}", d[0]);
        assert!(d[1].message.starts_with("footnotes are"), "{:?}", d[1]);
        // Pipes in prose and brackets in text stay text.
        assert_eq!(
            ok("Yes | no, [^x] and a|b.\n"),
            vec![Block::P(vec![t("Yes | no, [^x] and a|b.")])]
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let md = "> ".repeat(200) + "deep";
        assert_eq!(codes(&md)[0].0, "too-deep");
    }

    /// What compiles is what the widget shows: it reads 16 levels, counting lists, quotes,
    /// the paragraph and each emphasis or link (the fuzz finding in `fuzz/known/`).
    #[test]
    fn nesting_the_widget_would_cut_is_refused() {
        // The deepest list of inlines the widget would have to read, as it counts.
        fn blocks(b: &[Block], d: usize) -> usize {
            b.iter()
                .map(|b| match b {
                    Block::P(i) | Block::H(i) => inlines(i, d + 1),
                    Block::Ul(items) | Block::Ol(items) | Block::Ofrom(_, items) => {
                        items.iter().map(|x| blocks(x, d + 1)).max().unwrap_or(d)
                    }
                    Block::Quote(q) => blocks(q, d + 1),
                    _ => d,
                })
                .max()
                .unwrap_or(d)
        }
        fn inlines(i: &[Inline], d: usize) -> usize {
            i.iter()
                .map(|x| match x {
                    Inline::Em(c)
                    | Inline::Strong(c)
                    | Inline::Del(c)
                    | Inline::A(Link { c, .. }) => inlines(c, d + 1),
                    _ => d,
                })
                .max()
                .unwrap_or(d)
        }
        let shapes: [&dyn Fn(usize) -> String; 4] = [
            &|n| "**a ".repeat(n) + "x" + &" b**".repeat(n),
            &|n| "*a ".repeat(n) + "x" + &" b*".repeat(n),
            &|n| "[a ".repeat(n) + "x" + &"](/x)".repeat(n),
            &|n| "> ".repeat(n) + "- " + &"**a ".repeat(n) + "x" + &" b**".repeat(n),
        ];
        for (k, shape) in shapes.iter().enumerate() {
            let mut refused = 0;
            for n in 1..30 {
                let md = shape(n);
                match compile_body("a.md", &md, 0, "en") {
                    Ok(tree) => assert!(
                        blocks(&tree, 0) <= MAX_DEPTH,
                        "shape {k}, n {n}: the widget would cut it"
                    ),
                    Err(d) => {
                        assert_eq!(d[0].code, "too-deep", "shape {k}, n {n}");
                        refused += 1;
                    }
                }
            }
            // Links cannot nest in CommonMark: that shape never gets deep.
            assert!(
                refused > 0 || k == 2,
                "shape {k}: the deep ones are refused"
            );
        }
        assert!(compile_body("a.md", &("> ".repeat(15) + "text"), 0, "en").is_ok());
        assert_eq!(codes(&("> ".repeat(16) + "text"))[0].0, "too-deep");
    }
}
