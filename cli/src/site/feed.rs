//! RSS 2.0, Atom and JSON Feed 1.1 feeds of one locale's updates, newest first. Dates are the announcements'
//! own (no build clock), so the same content gives the same feed; an empty feed has the build's
//! day (`SOURCE_DATE_EPOCH` when set), not 1970.

use super::html::{self, escape};
use super::{Entry, Locale};
use whatsnew_core::Date;

/// One locale's feed.
pub struct Feed<'a> {
    /// The site's title.
    pub title: &'a str,
    /// One line about it.
    pub description: Option<&'a str>,
    /// The site's public address, ending in `/`; links are relative without it.
    pub url: Option<&'a str>,
    /// The product, as the feed's author.
    pub product: Option<&'a str>,
    /// The bundle id: feed and entry ids without a public address.
    pub bundle: &'a str,
    /// The locale and its entries.
    pub locale: &'a Locale<'a>,
    /// The product's address, for paths in content.
    pub product_url: Option<&'a str>,
    /// The build's day: an empty feed's date (it has no announcement's to give).
    pub today: Date,
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// RFC 822, as RSS dates are: `Wed, 18 Nov 2026 00:00:00 +0000`.
fn rfc822(d: Date) -> String {
    format!(
        "{}, {:02} {} {} 00:00:00 +0000",
        DAYS[d.days_since_epoch().rem_euclid(7) as usize],
        d.day,
        MONTHS[usize::from(d.month.clamp(1, 12)) - 1],
        d.year
    )
}

/// RFC 3339, as Atom dates are.
fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

impl Feed<'_> {
    /// The locale's index; relative to the feed (which is in the locale's folder) without a
    /// public address.
    fn home(&self) -> String {
        match self.url {
            Some(url) => format!("{url}{}", self.locale.prefix),
            None => "./".to_owned(),
        }
    }

    fn permalink(&self, e: &Entry<'_>) -> String {
        match self.url {
            Some(_) => format!("{}{}/", self.home(), e.a.id),
            None => format!("{}/", e.a.id),
        }
    }

    /// A stable id: the permalink, or a URN from the bundle id without a public address.
    fn id(&self, e: Option<&Entry<'_>>) -> String {
        match (self.url, e) {
            (Some(_), Some(e)) => self.permalink(e),
            (Some(_), None) => self.home(),
            (None, Some(e)) => format!(
                "urn:whatsnew:{}:{}:{}",
                self.bundle, self.locale.code, e.a.id
            ),
            (None, None) => format!("urn:whatsnew:{}:{}", self.bundle, self.locale.code),
        }
    }

    fn content(&self, e: &Entry<'_>) -> String {
        let mut out = html::blocks(e.body, 2, self.product_url);
        if let Some(c) = e.cta {
            if let Some(href) = html::resolve(&c.url, self.product_url) {
                out.push_str(&format!(
                    "<p><a href=\"{}\">{}</a></p>\n",
                    escape(&href),
                    escape(&c.label)
                ));
            }
        }
        out
    }

    fn newest(&self) -> Date {
        self.locale
            .entries
            .iter()
            .map(|e| e.a.published)
            .max()
            .unwrap_or(self.today)
    }

    fn sorted(&self) -> Vec<&Entry<'_>> {
        let mut v: Vec<&Entry<'_>> = self.locale.entries.iter().collect();
        v.sort_by(|a, b| {
            b.a.published
                .cmp(&a.a.published)
                .then_with(|| a.a.id.cmp(&b.a.id))
        });
        v
    }

    /// The RSS 2.0 document.
    pub fn rss(&self) -> String {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n",
        );
        out.push_str(&format!("<title>{}</title>\n", escape(self.title)));
        out.push_str(&format!("<link>{}</link>\n", escape(&self.home())));
        out.push_str(&format!(
            "<description>{}</description>\n",
            escape(self.description.unwrap_or(self.title))
        ));
        out.push_str(&format!(
            "<language>{}</language>\n",
            escape(&self.locale.code)
        ));
        if let Some(url) = self.url {
            out.push_str(&format!(
                "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
                escape(&format!("{url}{}feed.xml", self.locale.prefix))
            ));
        }
        out.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n<generator>whatsnew</generator>\n",
            rfc822(self.newest())
        ));
        for e in self.sorted() {
            out.push_str("<item>\n");
            out.push_str(&format!("<title>{}</title>\n", escape(e.benefit)));
            out.push_str(&format!("<link>{}</link>\n", escape(&self.permalink(e))));
            out.push_str(&format!(
                "<guid isPermaLink=\"{}\">{}</guid>\n",
                self.url.is_some(),
                escape(&self.id(Some(e)))
            ));
            out.push_str(&format!("<pubDate>{}</pubDate>\n", rfc822(e.a.published)));
            for t in &e.a.extra.tags {
                out.push_str(&format!("<category>{}</category>\n", escape(t)));
            }
            out.push_str(&format!(
                "<description>{}</description>\n",
                escape(&self.content(e))
            ));
            out.push_str("</item>\n");
        }
        out.push_str("</channel>\n</rss>\n");
        out
    }

    /// The Atom document.
    pub fn atom(&self) -> String {
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            escape(&self.locale.code)
        );
        out.push_str(&format!("<title>{}</title>\n", escape(self.title)));
        if let Some(d) = self.description {
            out.push_str(&format!("<subtitle>{}</subtitle>\n", escape(d)));
        }
        out.push_str(&format!("<id>{}</id>\n", escape(&self.id(None))));
        out.push_str(&format!("<updated>{}</updated>\n", rfc3339(self.newest())));
        if let Some(url) = self.url {
            out.push_str(&format!(
                "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                escape(&self.home()),
                escape(&format!("{url}{}atom.xml", self.locale.prefix))
            ));
        }
        out.push_str(&format!(
            "<author><name>{}</name></author>\n<generator>whatsnew</generator>\n",
            escape(self.product.unwrap_or(self.title))
        ));
        for e in self.sorted() {
            // An entry shown untranslated says its language (feed readers took `ar` for English).
            if e.lang == self.locale.code {
                out.push_str("<entry>\n");
            } else {
                out.push_str(&format!("<entry xml:lang=\"{}\">\n", escape(&e.lang)));
            }
            out.push_str(&format!("<title>{}</title>\n", escape(e.benefit)));
            out.push_str(&format!("<id>{}</id>\n", escape(&self.id(Some(e)))));
            out.push_str(&format!(
                "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape(&self.permalink(e))
            ));
            out.push_str(&format!(
                "<published>{0}</published>\n<updated>{0}</updated>\n",
                rfc3339(e.a.published)
            ));
            for t in &e.a.extra.tags {
                out.push_str(&format!("<category term=\"{}\"/>\n", escape(t)));
            }
            if let Some(f) = e.feature {
                out.push_str(&format!("<summary>{}</summary>\n", escape(f)));
            }
            out.push_str(&format!(
                "<content type=\"html\">{}</content>\n",
                escape(&self.content(e))
            ));
            out.push_str("</entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}

impl Feed<'_> {
    /// The JSON Feed 1.1 document (jsonfeed.org), for readers and tools that take JSON.
    pub fn json(&self) -> String {
        use serde_json::{json, Map, Value};
        let mut feed = Map::new();
        feed.insert("version".into(), "https://jsonfeed.org/version/1.1".into());
        feed.insert("title".into(), self.title.into());
        if let Some(url) = self.url {
            feed.insert("home_page_url".into(), self.home().into());
            feed.insert(
                "feed_url".into(),
                format!("{url}{}feed.json", self.locale.prefix).into(),
            );
        }
        if let Some(d) = self.description {
            feed.insert("description".into(), d.into());
        }
        feed.insert("language".into(), self.locale.code.replace('_', "-").into());
        feed.insert(
            "authors".into(),
            json!([{ "name": self.product.unwrap_or(self.title) }]),
        );
        let items: Vec<Value> = self
            .sorted()
            .into_iter()
            .map(|e| {
                let mut item = Map::new();
                item.insert("id".into(), self.id(Some(e)).into());
                // Without the site's address a permalink would be relative, which JSON Feed
                // readers cannot resolve.
                if self.url.is_some() {
                    item.insert("url".into(), self.permalink(e).into());
                }
                item.insert("title".into(), e.benefit.into());
                item.insert("content_html".into(), self.content(e).into());
                item.insert("date_published".into(), rfc3339(e.a.published).into());
                if !e.a.extra.tags.is_empty() {
                    item.insert("tags".into(), e.a.extra.tags.clone().into());
                }
                // An entry shown untranslated says its language.
                if e.lang != self.locale.code {
                    item.insert("language".into(), e.lang.replace('_', "-").into());
                }
                Value::Object(item)
            })
            .collect();
        feed.insert("items".into(), items.into());
        let mut out = serde_json::to_string_pretty(&Value::Object(feed)).unwrap_or_default();
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_feed_formats() {
        let d = Date::parse("2026-11-18").unwrap();
        assert_eq!(rfc822(d), "Wed, 18 Nov 2026 00:00:00 +0000");
        assert_eq!(rfc3339(d), "2026-11-18T00:00:00Z");
        assert!(rfc822(Date::parse("1970-01-01").unwrap()).starts_with("Thu"));
    }
}
