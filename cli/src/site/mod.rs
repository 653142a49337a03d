//! The public changelog: an index grouped by release, a page per announcement with a
//! permalink, a page per tag (filters that work without JavaScript), search as progressive
//! enhancement, RSS 2.0 and Atom feeds, each in every configured locale.
//!
//! Only what the public may see: announcements with an audience are left out unless marked
//! `public: true`, and so are those not published yet. Pages are rendered from the typed
//! content tree ([`html`]); output is sorted and has no clock in it beyond what `now_ms` left
//! out, so the same content gives the same bytes.

pub mod feed;
pub mod html;
mod i18n;

use crate::analysis::Analysis;
use crate::release::{slug, Release};
use html::escape;
use i18n::{words, Words};
use whatsnew_core::bundle::{Announcement, Cta, Image};
use whatsnew_core::compile::assemble;
use whatsnew_core::lint::plain;
use whatsnew_core::{Block, Date};

const CSS: &str = include_str!("site.css");
const JS: &str = include_str!("site.js");

/// What the site says about itself and where it lives.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The title; "<product> changelog" by default.
    pub title: Option<String>,
    /// One line under the title.
    pub description: Option<String>,
    /// The site's public address, ending in `/`.
    pub url: Option<String>,
    /// The product's address, which paths in content (`/reports`) resolve against.
    pub product_url: Option<String>,
    /// Now (Unix ms): what is scheduled later is left out.
    pub now_ms: f64,
}

/// The site's files and what was left out.
pub struct Site {
    /// (relative path, bytes), sorted by path.
    pub files: Vec<(String, Vec<u8>)>,
    /// How many announcements it lists.
    pub listed: usize,
    /// Announcements left out and why.
    pub left_out: Vec<(String, &'static str)>,
}

/// One announcement as a locale's pages show it.
pub struct Entry<'a> {
    /// The announcement (default locale).
    pub a: &'a Announcement,
    /// The language its text is in (the page's, or the default when not translated).
    pub lang: String,
    /// Headline.
    pub benefit: &'a str,
    /// Feature name.
    pub feature: Option<&'a str>,
    /// Call to action.
    pub cta: Option<&'a Cta>,
    /// Body.
    pub body: &'a [Block],
    /// Its release.
    pub release: &'a Release,
}

impl Entry<'_> {
    /// Headline, feature, body and tags, lowercased: what the search matches.
    fn search_text(&self) -> String {
        let mut t = format!(
            "{} {} {} {}",
            self.benefit,
            self.feature.unwrap_or(""),
            plain(self.body),
            self.a.extra.tags.join(" ")
        );
        t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        t.to_lowercase()
    }

    /// The announcement's image.
    fn image(&self) -> Option<&Image> {
        self.a.extra.image.as_ref()
    }
}

/// A locale's part of the site.
pub struct Locale<'a> {
    /// `en`, `fr`.
    pub code: String,
    /// `""` for the default locale, `fr/` for the others.
    pub prefix: String,
    /// Its interface words.
    pub words: &'static Words,
    /// Its entries, release by release, newest first.
    pub entries: Vec<Entry<'a>>,
}

/// The site's title in a locale.
fn title(opts: &Options, a: &Analysis, w: &Words) -> String {
    opts.title
        .clone()
        .unwrap_or_else(|| match &a.config.product {
            Some(p) => w
                .product_title
                .replace("{p}", p)
                .replace("{c}", w.changelog),
            None => {
                let mut c = w.changelog.chars();
                c.next()
                    .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
            }
        })
}

/// A date as readers of `w` write it: "18 November 2026", "18. November 2026", "2026年11月18日".
pub fn long_date(d: Date, w: &Words) -> String {
    date_in(w.date, d, w)
}

/// Fills a date pattern of `w` (`{d}`, `{m}`, `{M}`, `{y}`).
fn date_in(pattern: &str, d: Date, w: &Words) -> String {
    let month = usize::from(d.month.clamp(1, 12));
    // French writes the first of the month "1er" (1er janvier 2026).
    let day = if d.day == 1 {
        w.day_one.to_owned()
    } else {
        d.day.to_string()
    };
    pattern
        .replace("{d}", &day)
        .replace("{M}", &month.to_string())
        .replace("{m}", w.months[month - 1])
        .replace("{y}", &d.year.to_string())
}

/// A release's heading in `locale`, and the language it is in.
fn release_heading(r: &Release, w: &Words, locale: &str, default: &str) -> (String, String) {
    let (title, _, lang) = r.text_in(locale, default);
    if let Some(t) = title {
        return (t.to_owned(), lang.to_owned());
    }
    (release_name(r, w), locale.to_owned())
}

/// A release's name as a heading when it has no title.
fn release_name(r: &Release, w: &Words) -> String {
    if r.month {
        let heading = date_in(w.month_year, r.date, w);
        let mut c = heading.chars();
        return c
            .next()
            .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect());
    }
    format!("{} {}", w.release, r.name)
}

/// Builds the site from an analysed content folder.
pub fn render(a: &Analysis, opts: &Options) -> Site {
    let bundle = assemble(&a.project, &a.compiled, None);
    let today = Date::from_unix_ms(opts.now_ms);
    let mut left_out = Vec::new();
    let public: Vec<&Announcement> = bundle
        .announcements
        .iter()
        .filter(|x| {
            let marked = a
                .compiled
                .iter()
                .any(|c| c.locale.is_none() && c.announcement.id == x.id && c.front_matter.public);
            let why = if !x.audience.is_empty() && !marked {
                Some("has an audience (add `public: true` to list it)")
            } else if x.published > today || x.publish.is_some_and(|p| p as f64 > opts.now_ms) {
                Some("not published yet")
            } else {
                None
            };
            if let Some(why) = why {
                left_out.push((x.id.clone(), why));
            }
            why.is_none()
        })
        .collect();
    let releases: Vec<Release> = a
        .releases
        .iter()
        .map(|r| Release {
            ids: r
                .ids
                .iter()
                .filter(|id| public.iter().any(|p| &p.id == *id))
                .cloned()
                .collect(),
            ..r.clone()
        })
        .filter(|r| !r.ids.is_empty())
        .collect();
    let default = a.config.locales.default.clone();
    let mut codes = vec![default.clone()];
    codes.extend(a.project.locales.iter().skip(1).cloned());
    let locales: Vec<Locale<'_>> = codes
        .iter()
        .map(|code| {
            let prefix = if *code == default {
                String::new()
            } else {
                format!("{code}/")
            };
            let mut entries = Vec::new();
            for r in &releases {
                for id in &r.ids {
                    let Some(x) = public.iter().find(|p| &p.id == id) else {
                        continue;
                    };
                    let t = x
                        .extra
                        .translations
                        .iter()
                        .find(|(l, _)| l == code)
                        .map(|(_, t)| t);
                    entries.push(match t {
                        Some(t) => Entry {
                            a: x,
                            lang: code.clone(),
                            benefit: &t.benefit,
                            feature: t.feature.as_deref(),
                            cta: t.cta.as_ref(),
                            body: &t.body,
                            release: r,
                        },
                        None => Entry {
                            a: x,
                            lang: default.clone(),
                            benefit: &x.benefit,
                            feature: x.feature.as_deref(),
                            cta: x.cta.as_ref(),
                            body: &x.body,
                            release: r,
                        },
                    });
                }
            }
            Locale {
                code: code.clone(),
                prefix,
                words: words(code),
                entries,
            }
        })
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.css".into(), CSS.as_bytes().to_vec()),
        ("site.js".into(), JS.as_bytes().to_vec()),
    ];
    let ctx = Ctx {
        a,
        opts,
        locales: &locales,
        releases: &releases,
    };
    for loc in &locales {
        let site_title = title(opts, a, loc.words);
        files.push((
            format!("{}index.html", loc.prefix),
            ctx.index(loc, &site_title, None).into_bytes(),
        ));
        for tag in tag_list(loc) {
            files.push((
                format!("{}tags/{}/index.html", loc.prefix, tag_slug(tag)),
                ctx.index(loc, &site_title, Some(tag)).into_bytes(),
            ));
        }
        for (i, e) in loc.entries.iter().enumerate() {
            files.push((
                format!("{}{}/index.html", loc.prefix, e.a.id),
                ctx.announcement(loc, &site_title, i).into_bytes(),
            ));
        }
        let feed = feed::Feed {
            title: &site_title,
            description: opts.description.as_deref(),
            url: opts.url.as_deref(),
            product: a.config.product.as_deref(),
            bundle: &a.project.bundle_id,
            locale: loc,
            product_url: opts.product_url.as_deref(),
            today,
        };
        files.push((format!("{}feed.xml", loc.prefix), feed.rss().into_bytes()));
        files.push((format!("{}atom.xml", loc.prefix), feed.atom().into_bytes()));
        files.push((format!("{}feed.json", loc.prefix), feed.json().into_bytes()));
    }
    files.sort_by(|x, y| x.0.cmp(&y.0));
    Site {
        files,
        listed: public.len(),
        left_out,
    }
}

struct Ctx<'a> {
    a: &'a Analysis,
    opts: &'a Options,
    locales: &'a [Locale<'a>],
    #[allow(dead_code)]
    releases: &'a [Release],
}

/// `../` once per folder `path` is in: the way back to the site's root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A link from the page at `from` to the site path `to` (`""` is the root, folders end in `/`).
fn link(from: &str, to: &str) -> String {
    let l = format!("{}{to}", root_of(from));
    if l.is_empty() {
        "./".into()
    } else {
        l
    }
}

/// A tag's folder: its letters and digits (`tags/api/`), or for a tag with none of them (日本語,
/// عربي) a short hash of it: every such tag was `tags/release/`, one page for all.
fn tag_slug(tag: &str) -> String {
    let s = slug(tag);
    if s != "release" || tag.to_ascii_lowercase().contains("release") {
        return s;
    }
    let mut h: u32 = 0x811c_9dc5;
    for b in tag.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("t-{h:08x}")
}

/// A locale's tags, one per page: `API` and `api` share `tags/api/`, which lists both
/// announcements under one chip (the first spelling in byte order) instead of two chips to one
/// page that showed only one of them.
fn tag_list<'a>(loc: &'a Locale<'_>) -> Vec<&'a str> {
    let mut tags: Vec<&str> = loc
        .entries
        .iter()
        .flat_map(|e| e.a.extra.tags.iter().map(String::as_str))
        .collect();
    tags.sort_unstable_by(|a, b| tag_slug(a).cmp(&tag_slug(b)).then_with(|| a.cmp(b)));
    tags.dedup_by(|a, b| tag_slug(a) == tag_slug(b));
    tags
}

/// ` lang="..."` when text in `lang` sits on a page in `page`.
/// With `dir` whenever the direction differs from the page's: English on an Arabic page is
/// left to right (it took the page's `rtl`: ".You can now …").
fn lang_of(lang: &str, page: &str) -> String {
    if lang == page {
        return String::new();
    }
    let dir = match (i18n::rtl(lang), i18n::rtl(page)) {
        (true, _) => " dir=\"rtl\"",
        (false, true) => " dir=\"ltr\"",
        (false, false) => "",
    };
    format!(" lang=\"{}\"{dir}", escape(lang))
}

impl Ctx<'_> {
    fn default(&self) -> &str {
        &self.a.config.locales.default
    }

    fn product_url(&self) -> Option<&str> {
        self.opts.product_url.as_deref()
    }

    /// The whole document around `main`.
    fn page(&self, loc: &Locale<'_>, path: &str, title: &str, main: &str, same: &str) -> String {
        let w = loc.words;
        let dir = if i18n::rtl(&loc.code) {
            " dir=\"rtl\""
        } else {
            ""
        };
        let mut head = String::new();
        if let Some(d) = &self.opts.description {
            head.push_str(&format!(
                "<meta name=\"description\" content=\"{}\">\n",
                escape(d)
            ));
        }
        if let Some(url) = &self.opts.url {
            head.push_str(&format!(
                "<link rel=\"canonical\" href=\"{}\">\n",
                escape(&format!("{url}{}", canonical(path)))
            ));
        }
        // Alternates are absolute where the site's address is known (search engines want
        // them so), with the default locale's page as `x-default`.
        let alternate = |prefix: &str| match &self.opts.url {
            Some(url) => format!("{url}{prefix}{same}"),
            None => link(path, &format!("{prefix}{same}")),
        };
        if self.locales.len() > 1 {
            for other in self.locales {
                head.push_str(&format!(
                    "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">\n",
                    escape(&other.code),
                    escape(&alternate(&other.prefix))
                ));
            }
            if let Some(default) = self.locales.first() {
                head.push_str(&format!(
                    "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\">\n",
                    escape(&alternate(&default.prefix))
                ));
            }
        }
        head.push_str(&format!(
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"{}\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom\" href=\"{}\">\n<link rel=\"alternate\" type=\"application/feed+json\" title=\"JSON Feed\" href=\"{}\">\n",
            link(path, &format!("{}feed.xml", loc.prefix)),
            link(path, &format!("{}atom.xml", loc.prefix)),
            link(path, &format!("{}feed.json", loc.prefix)),
        ));
        let mut languages = String::new();
        if self.locales.len() > 1 {
            languages.push_str(&format!(
                "<nav class=\"languages\" aria-label=\"{}\"><ul class=\"inline\">",
                escape(w.language)
            ));
            for other in self.locales {
                let here = if other.code == loc.code {
                    " aria-current=\"true\""
                } else {
                    ""
                };
                languages.push_str(&format!(
                    "<li><a href=\"{}\" hreflang=\"{code}\" lang=\"{code}\"{here}>{}</a></li>",
                    escape(&link(path, &format!("{}{same}", other.prefix))),
                    escape(i18n::native_name(&other.code)),
                    code = escape(&other.code),
                ));
            }
            languages.push_str("</ul></nav>");
        }
        let site_title = self::title(self.opts, self.a, w);
        let page = format!(
            "<!doctype html>\n<html lang=\"{lang}\"{dir}>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>{title}</title>\n{head}<link rel=\"stylesheet\" href=\"{css}\">\n<script src=\"{js}\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#_main\">{skip}</a>\n<header class=\"site-header\"><div class=\"wrap\"><a class=\"brand\" href=\"{home}\">{site_title}</a>{languages}</div></header>\n<main id=\"_main\" class=\"wrap\">\n{main}</main>\n<footer class=\"site-footer\"><div class=\"wrap\"><p>{subscribe}{colon}<a href=\"{rss}\">RSS</a> · <a href=\"{atom}\">Atom</a> · <a href=\"{json}\">JSON Feed</a></p></div></footer>\n</body>\n</html>\n",
            lang = escape(&loc.code),
            title = escape(title),
            css = link(path, "site.css"),
            js = link(path, "site.js"),
            skip = escape(w.skip),
            home = escape(&link(path, &loc.prefix)),
            site_title = escape(&site_title),
            subscribe = escape(w.subscribe),
            colon = w.colon,
            rss = link(path, &format!("{}feed.xml", loc.prefix)),
            atom = link(path, &format!("{}atom.xml", loc.prefix)),
            json = link(path, &format!("{}feed.json", loc.prefix)),
        );
        if i18n::has_words(&loc.code) {
            return page;
        }
        // A language the site has no words for: its own words are English, and say so
        // (WCAG 3.1.2), on the elements that hold only them (not the brand, tag chips or
        // meta lines, which hold the author's text too); left to right on a right-to-left
        // page. The content is escaped, so none of these openings can come from it.
        let attr = if i18n::rtl(&loc.code) {
            " lang=\"en\" dir=\"ltr\""
        } else {
            " lang=\"en\""
        };
        [
            "<a class=\"skip\"",
            "<nav class=\"languages\"",
            "<form class=\"search\"",
            "<h2 id=\"_filters\"",
            "<time",
            "<nav class=\"pager\"",
            "<footer class=\"site-footer\"",
        ]
        .iter()
        .fold(page, |page, open| {
            page.replace(open, &format!("{open}{attr}"))
        })
    }

    /// Attributes for content in another language than the page's.
    fn lang_attr(loc: &Locale<'_>, e: &Entry<'_>) -> String {
        lang_of(&e.lang, &loc.code)
    }

    fn tags(&self, loc: &Locale<'_>, path: &str, e: &Entry<'_>) -> String {
        if e.a.extra.tags.is_empty() {
            return String::new();
        }
        let mut out = format!(
            "<ul class=\"inline tags\" aria-label=\"{}\">",
            escape(loc.words.tags)
        );
        for t in &e.a.extra.tags {
            out.push_str(&format!(
                "<li><a class=\"chip\" href=\"{}\">{}</a></li>",
                escape(&link(path, &format!("{}tags/{}/", loc.prefix, tag_slug(t)))),
                escape(t)
            ));
        }
        out.push_str("</ul>\n");
        out
    }

    fn cta(&self, e: &Entry<'_>) -> String {
        e.cta
            .and_then(|c| {
                let href = html::resolve(&c.url, self.product_url())?;
                Some(format!(
                    "<p class=\"cta\"><a class=\"button\" href=\"{}\">{}</a></p>\n",
                    escape(&href),
                    escape(&c.label)
                ))
            })
            .unwrap_or_default()
    }

    fn meta(&self, loc: &Locale<'_>, e: &Entry<'_>) -> String {
        let mut parts = Vec::new();
        if let Some(f) = e.feature {
            parts.push(format!(
                "<span{}>{}</span>",
                Self::lang_attr(loc, e),
                escape(f)
            ));
        }
        parts.push(format!(
            "<time datetime=\"{}\">{}</time>",
            e.a.published,
            escape(&long_date(e.a.published, loc.words))
        ));
        format!("<p class=\"meta\">{}</p>\n", parts.join(" · "))
    }

    /// The index, or with `tag` the page of one tag.
    fn index(&self, loc: &Locale<'_>, site_title: &str, tag: Option<&str>) -> String {
        let w = loc.words;
        let same = tag.map_or_else(String::new, |t| format!("tags/{}/", tag_slug(t)));
        let path = format!("{}{same}index.html", loc.prefix);
        let mut main = String::new();
        let heading = match tag {
            Some(t) => format!("{}{}{t}", w.tagged, w.colon),
            None => site_title.to_owned(),
        };
        main.push_str(&format!("<h1>{}</h1>\n", escape(&heading)));
        if let Some(d) = &self.opts.description {
            main.push_str(&format!("<p class=\"lede\">{}</p>\n", escape(d)));
        }
        let entries: Vec<&Entry<'_>> = loc
            .entries
            .iter()
            .filter(|e| {
                tag.is_none_or(|t| e.a.extra.tags.iter().any(|x| tag_slug(x) == tag_slug(t)))
            })
            .collect();
        main.push_str(&format!(
            "<form class=\"search\" role=\"search\" hidden data-found=\"{found}\">\n<label for=\"_q\">{label}</label>\n<input id=\"_q\" name=\"q\" type=\"search\" autocomplete=\"off\" aria-describedby=\"_search-hint\">\n<p id=\"_search-hint\" class=\"hint\">{hint}</p>\n<p id=\"_search-status\" class=\"status\" role=\"status\"></p>\n</form>\n",
            found = escape(w.found),
            label = escape(w.search),
            hint = escape(w.search_hint),
        ));
        let all_tags = tag_list(loc);
        if !all_tags.is_empty() {
            main.push_str(&format!(
                "<nav class=\"filters\" aria-labelledby=\"_filters\"><h2 id=\"_filters\">{}</h2><ul class=\"inline\">",
                escape(w.filter)
            ));
            let current = |on: bool| if on { " aria-current=\"page\"" } else { "" };
            main.push_str(&format!(
                "<li><a class=\"chip\" href=\"{}\"{}>{}</a></li>",
                escape(&link(&path, &loc.prefix)),
                current(tag.is_none()),
                escape(w.all)
            ));
            for t in all_tags {
                main.push_str(&format!(
                    "<li><a class=\"chip\" href=\"{}\"{}>{}</a></li>",
                    escape(&link(
                        &path,
                        &format!("{}tags/{}/", loc.prefix, tag_slug(t))
                    )),
                    current(tag.is_some_and(|x| tag_slug(x) == tag_slug(t))),
                    escape(t)
                ));
            }
            main.push_str("</ul></nav>\n");
        }
        let mut i = 0;
        while i < entries.len() {
            let r = entries[i].release;
            let group: Vec<&&Entry<'_>> = entries[i..]
                .iter()
                .take_while(|e| std::ptr::eq(e.release, r))
                .collect();
            i += group.len();
            let id = format!("release-{}", r.slug());
            let (heading, lang) = release_heading(r, w, &loc.code, self.default());
            main.push_str(&format!(
                "<section class=\"release\" aria-labelledby=\"{id}\">\n<header><h2 id=\"{id}\"{}>{}</h2>\n<p class=\"release-meta\"><time datetime=\"{}\">{}</time>{}</p>\n",
                lang_of(&lang, &loc.code),
                escape(&heading),
                r.date,
                escape(&long_date(r.date, w)),
                if r.title.is_some() {
                    format!(" · {} {}", escape(w.release), escape(&r.name))
                } else {
                    String::new()
                }
            ));
            let (_, summary, lang) = r.text_in(&loc.code, self.default());
            if let Some(s) = summary {
                main.push_str(&format!(
                    "<p class=\"summary\"{}>{}</p>\n",
                    lang_of(lang, &loc.code),
                    escape(s)
                ));
            }
            main.push_str("</header>\n");
            for e in group {
                main.push_str(&format!(
                    "<article class=\"entry\" id=\"{id}\" data-search=\"{search}\"{lang}>\n<h3><a href=\"{href}\">{benefit}</a></h3>\n{meta}{image}<div class=\"body\">\n{body}</div>\n{cta}{tags}</article>\n",
                    id = escape(&e.a.id),
                    search = escape(&e.search_text()),
                    lang = Self::lang_attr(loc, e),
                    href = escape(&link(&path, &format!("{}{}/", loc.prefix, e.a.id))),
                    benefit = escape(e.benefit),
                    meta = self.meta(loc, e),
                    image = e.image().map_or_else(String::new, |img| format!("<p>{}</p>\n", html::image(img, self.product_url()))),
                    body = html::blocks(e.body, 4, self.product_url()),
                    cta = self.cta(e),
                    tags = self.tags(loc, &path, e),
                ));
            }
            main.push_str("</section>\n");
        }
        let title = match tag {
            Some(_) => format!("{heading} · {site_title}"),
            None => site_title.to_owned(),
        };
        self.page(loc, &path, &title, &main, &same)
    }

    /// One announcement's page: its permalink.
    fn announcement(&self, loc: &Locale<'_>, site_title: &str, i: usize) -> String {
        let w = loc.words;
        let e = &loc.entries[i];
        let same = format!("{}/", e.a.id);
        let path = format!("{}{}/index.html", loc.prefix, e.a.id);
        let mut main = format!(
            "<p><a href=\"{}#{}\">← {}</a></p>\n<article class=\"announcement\"{}>\n<h1>{}</h1>\n{}",
            escape(&link(&path, &loc.prefix)),
            escape(&e.a.id),
            escape(w.back),
            Self::lang_attr(loc, e),
            escape(e.benefit),
            self.meta(loc, e),
        );
        let (heading, lang) = release_heading(e.release, w, &loc.code, self.default());
        main.push_str(&format!(
            "<p class=\"meta\">{}{}<a href=\"{}#release-{}\"{}>{}</a></p>\n",
            escape(w.release),
            w.colon,
            escape(&link(&path, &loc.prefix)),
            e.release.slug(),
            lang_of(&lang, &loc.code),
            escape(&heading)
        ));
        if let Some(img) = e.image() {
            main.push_str(&format!(
                "<p>{}</p>\n",
                html::image(img, self.product_url())
            ));
        }
        main.push_str(&format!(
            "<div class=\"body\">\n{}</div>\n{}{}",
            html::blocks(e.body, 2, self.product_url()),
            self.cta(e),
            self.tags(loc, &path, e)
        ));
        let permalink = match &self.opts.url {
            Some(url) => format!("{url}{}{same}", loc.prefix),
            None => same.clone(),
        };
        main.push_str(&format!(
            "<p class=\"permalink\">{}{}<a href=\"{}\">{}</a></p>\n</article>\n",
            escape(w.permalink),
            w.colon,
            escape(if self.opts.url.is_some() {
                &permalink
            } else {
                "./"
            }),
            escape(&permalink)
        ));
        let mut pager = String::new();
        if i > 0 {
            let n = &loc.entries[i - 1];
            pager.push_str(&format!(
                "<a href=\"{}\" rel=\"prev\">← {}{}{}</a>",
                escape(&link(&path, &format!("{}{}/", loc.prefix, n.a.id))),
                escape(w.newer),
                w.colon,
                escape(n.benefit)
            ));
        } else {
            pager.push_str("<span></span>");
        }
        if let Some(o) = loc.entries.get(i + 1) {
            pager.push_str(&format!(
                "<a href=\"{}\" rel=\"next\">{}{}{} →</a>",
                escape(&link(&path, &format!("{}{}/", loc.prefix, o.a.id))),
                escape(w.older),
                w.colon,
                escape(o.benefit)
            ));
        }
        main.push_str(&format!(
            "<nav class=\"pager\" aria-label=\"{}\">{pager}</nav>\n",
            escape(w.more)
        ));
        self.page(
            loc,
            &path,
            &format!("{} · {site_title}", e.benefit),
            &main,
            &same,
        )
    }
}

/// The address of a page without `index.html`.
fn canonical(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// Renders the site for `a` and writes it into `dir` atomically (see
/// [`crate::output::write_tree`]); says what it wrote and what it left out.
pub fn write_site(a: &Analysis, dir: &std::path::Path, now_ms: f64) -> crate::error::Result<Site> {
    let cfg = a.config.site.clone().unwrap_or_default();
    let url = match cfg.url {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
            Some(if u.ends_with('/') { u } else { format!("{u}/") })
        }
        Some(u) => {
            return Err(crate::error::Error::Usage(format!(
                "`url` under [site] in whatsnew.toml must be an http(s) address, found `{u}`; write url = \"https://example.com/changelog/\""
            )))
        }
        None => None,
    };
    let opts = Options {
        title: cfg.title,
        description: cfg.description,
        url,
        product_url: a.config.base_url.clone(),
        now_ms,
    };
    let site = render(a, &opts);
    crate::output::write_tree(dir, &site.files)?;
    let locales = 1 + a.project.locales.len().saturating_sub(1);
    println!(
        "Wrote the changelog into {}: {} in {}, {} with RSS, Atom and JSON feeds",
        dir.display(),
        crate::report::plural(site.listed, "public announcement"),
        crate::report::plural(locales, "locale"),
        crate::report::plural(site.files.len(), "file"),
    );
    for (id, why) in &site.left_out {
        println!("  left out `{id}`: {why}");
    }
    if opts.url.is_none() {
        eprintln!("note: feeds and permalinks are relative: set `url` under [site] in whatsnew.toml (the changelog's public address) to make them absolute");
    }
    if opts.product_url.is_none() {
        eprintln!("note: links to paths in the product (`/reports`) are shown as text: set `base_url` in whatsnew.toml to link them");
    }
    Ok(site)
}

/// A date in English: "18 November 2026".
pub fn long_date_en(d: Date) -> String {
    long_date(d, words("en"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_page() {
        assert_eq!(link("index.html", ""), "./");
        assert_eq!(link("index.html", "fr/"), "fr/");
        assert_eq!(link("fr/bulk-export/index.html", "fr/"), "../../fr/");
        assert_eq!(link("tags/new/index.html", "site.css"), "../../site.css");
    }

    #[test]
    fn dates_as_each_language_writes_them() {
        let d = Date {
            year: 2026,
            month: 3,
            day: 4,
        };
        let cases = [
            ("en", "4 March 2026"),
            ("fr-CA", "4 mars 2026"),
            ("en", "4 March 2026"),
            ("de", "4. März 2026"),
            ("es", "4 de marzo de 2026"),
            ("pt-BR", "4 de março de 2026"),
            ("ja", "2026年3月4日"),
            ("ar", "4 مارس 2026"),
            ("he", "4 במרץ 2026"),
            ("ko", "4 March 2026"),
        ];
        for (locale, want) in cases {
            assert_eq!(long_date(d, words(locale)), want, "{locale}");
        }
        let first = Date { day: 1, ..d };
        assert_eq!(long_date(first, words("fr")), "1er mars 2026");
        assert_eq!(long_date(first, words("de")), "1. März 2026");
        let month = |locale| date_in(words(locale).month_year, d, words(locale));
        assert_eq!(month("es"), "marzo de 2026");
        assert_eq!(month("ja"), "2026年3月");
    }
}
