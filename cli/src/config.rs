//! `whatsnew.toml`, the project config at the content root. Optional: without it a project is
//! one locale, no audiences, default lint settings.

use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use whatsnew_core::compile::Project;
use whatsnew_core::Diagnostic;

/// The config file's name.
pub const FILE: &str = "whatsnew.toml";

/// The whole config.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The product's name, shown in headings.
    pub product: Option<String>,
    /// The bundle id: names the feed; user state is kept per id, so keep it stable.
    pub id: Option<String>,
    /// The product's base URL, which `preview` links to.
    pub base_url: Option<String>,
    /// Where the widget sends events.
    pub endpoint: Option<String>,
    /// Locales.
    #[serde(default)]
    pub locales: Locales,
    /// Named audiences: rules over user traits.
    #[serde(default)]
    pub audiences: BTreeMap<String, String>,
    /// Declared user traits and their types (`string`, `number`, `bool`), which audience rules
    /// are checked against.
    #[serde(default)]
    pub traits: BTreeMap<String, TraitType>,
    /// Lint settings.
    #[serde(default)]
    pub lint: Lint,
    /// How often popups, toasts and banners may interrupt a user.
    #[serde(default)]
    pub pacing: Option<PacingConfig>,
    /// The public changelog site `build` writes (also with `build --site <DIR>`).
    #[serde(default)]
    pub site: Option<SiteConfig>,
    /// Where events go and what they carry.
    #[serde(default)]
    pub events: Option<EventsConfig>,
    /// Tooltips and guides.
    #[serde(default)]
    pub guides: Option<GuidesConfig>,
}

/// `[guides]`: tooltips and guide steps on the product's own elements.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuidesConfig {
    /// How long a tooltip or step waits for its anchor element to appear before the step is
    /// skipped (or the guide ends, as its `missing` says) and `whatsnew:anchor-missing` is
    /// emitted: seconds, or `"5s"`, `"1m"`. Default 5 seconds.
    pub anchor_wait: Option<Duration>,
}

/// `[site]`: the public changelog: an index by release, a page per announcement, feeds.
#[derive(Debug, Default, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Where `build` writes the site, relative to the content folder (`--site` overrides it).
    pub dir: Option<std::path::PathBuf>,
    /// The site's public address, e.g. "https://example.com/changelog/": feeds and permalinks
    /// are absolute with it.
    pub url: Option<String>,
    /// The page title; "<product> changelog" by default.
    pub title: Option<String>,
    /// One line under the title, also the feeds' description.
    pub description: Option<String>,
}

/// `[events]`: delivery of the widget's events (`whatsnew collect` receives them).
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventsConfig {
    /// The URL events are POSTed to (what `whatsnew collect` prints); the same as the
    /// top-level `endpoint`, which stays for existing configs.
    pub endpoint: Option<String>,
    /// Trait names events may carry (each must be declared in `[traits]` when that table
    /// exists); no other trait is ever sent.
    #[serde(default)]
    pub traits: Vec<String>,
    /// Ask "Was this helpful?" (yes/no) on cards.
    #[serde(default)]
    pub helpful: bool,
}

/// `[pacing]`: limits on interruptions (popups, toasts, banners). The feed is never limited.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PacingConfig {
    /// New interruptions per browser session (a tab, across reloads). Default 2.
    pub per_session: Option<u32>,
    /// New interruptions per 24 hours. Default 4.
    pub per_day: Option<u32>,
    /// The least time between two interruptions: seconds, or `"30s"`, `"10m"`, `"1h"`.
    /// Default 60 seconds.
    pub min_gap: Option<Duration>,
}

/// A duration: seconds, or text with a unit (`s`, `m`, `h`).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Duration {
    /// Seconds.
    Seconds(u32),
    /// `"30s"`, `"10m"`, `"1h"`.
    Text(String),
}

impl Duration {
    /// Seconds, or `None` when the text is not a duration.
    pub fn seconds(&self) -> Option<u32> {
        match self {
            Duration::Seconds(s) => Some(*s),
            Duration::Text(t) => {
                let t = t.trim();
                let unit = match t.chars().last()? {
                    's' => 1,
                    'm' => 60,
                    'h' => 3600,
                    _ => return None,
                };
                let n: u32 = t[..t.len() - 1].trim().parse().ok()?;
                n.checked_mul(unit)
            }
        }
    }
}

/// `[locales]`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Locales {
    /// The locale of `<id>.md` files.
    #[serde(default = "default_locale")]
    pub default: String,
    /// Locales announcements are translated into, as `<id>.<locale>.md`.
    #[serde(default)]
    pub others: Vec<String>,
}

impl Default for Locales {
    fn default() -> Self {
        Locales {
            default: default_locale(),
            others: Vec::new(),
        }
    }
}

fn default_locale() -> String {
    "en".into()
}

/// A trait's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TraitType {
    /// Text.
    String,
    /// A number.
    Number,
    /// True or false.
    Bool,
}

/// `[lint]`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lint {
    /// Rule levels by code: `allow`, `warn` or `deny`.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Internal words customers should not see.
    #[serde(default)]
    pub jargon: Vec<String>,
    /// Regular expressions for ticket ids (`whatsnew init` writes `[A-Z]{2,}-\d+` for
    /// `PAY-123` and `\B#\d+\b` for `#123`).
    #[serde(default)]
    pub ticket_patterns: Vec<String>,
}

/// What a rule does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Silent.
    Allow,
    /// A warning (an error under `--deny warnings`).
    Warn,
    /// An error.
    Deny,
}

impl Config {
    /// Reads `whatsnew.toml` in `dir`, if there is one. Problems are diagnostics with positions.
    pub fn load(dir: &Path) -> Result<Config> {
        if !dir.is_dir() {
            // Not a folder: reading the content reports that, with a hint.
            return Ok(Config::default());
        }
        let path = dir.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::io("cannot read", &path, e)),
        };
        let shown = path.display().to_string();
        let config: Config = toml::from_str(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            Error::Content {
                diagnostics: vec![Diagnostic::error("config", &shown, span, "whatsnew.toml is not valid")
                    .label(e.message().trim().replace('\n', "; "))
                    .help("keys: product, id, base_url, endpoint, [locales], [audiences], [traits], [lint], [pacing], [site], [events], [guides]; see `whatsnew init`")],
                sources: vec![(shown.clone(), text.clone())],
            }
        })?;
        let mut problems = Vec::new();
        for code in config.lint.rules.keys() {
            if whatsnew_core::lint::rule(code).is_none() {
                let at = text.find(code.as_str()).map_or(0..0, |i| i..i + code.len());
                problems.push(
                    Diagnostic::error("config", &shown, at, format!("unknown lint rule `{code}`"))
                        .label("not a rule")
                        .help("`whatsnew check --explain` lists every rule"),
                );
            }
        }
        // An empty word matches everywhere: said at the list, not a finding in every file.
        if config.lint.jargon.iter().any(|w| w.trim().is_empty()) {
            let key = text.find("jargon").unwrap_or(0);
            let at = ["\"\"", "''", "\" ", "' "]
                .iter()
                .filter_map(|q| text[key..].find(q).map(|i| key + i))
                .min()
                .map_or(key..key + 6, |i| i..i + 2);
            problems.push(
                Diagnostic::error("config", &shown, at, "an empty word in `[lint] jargon`")
                    .label("empty")
                    .help("list the internal names customers would not know, e.g. jargon = [\"synergy\", \"SKU-matrix\"]"),
            );
        }
        for pattern in &config.lint.ticket_patterns {
            // One that matches nothing at all (`""`, `\d*`) finds an empty "ticket" everywhere.
            if regex::Regex::new(pattern).is_ok_and(|re| re.is_match("")) {
                let at = text
                    .find(&format!("\"{pattern}\""))
                    .or_else(|| text.find(&format!("'{pattern}'")))
                    .map(|i| i..i + pattern.len() + 2)
                    // Written with escapes (`"\\d*"`): at the key.
                    .or_else(|| text.find("ticket_patterns").map(|i| i..i + 15))
                    .unwrap_or(0..0);
                problems.push(
                    Diagnostic::error("config", &shown, at, "ticket pattern matches empty text")
                        .label("matches everywhere")
                        .help("a ticket id has characters: '[A-Z]{2,}-\\d+', not '\\d*'"),
                );
                continue;
            }
            if let Err(e) = regex::Regex::new(pattern) {
                let at = text
                    .find(pattern.as_str())
                    .map_or(0..0, |i| i..i + pattern.len());
                problems.push(
                    Diagnostic::error(
                        "config",
                        &shown,
                        at,
                        "ticket pattern is not a valid regular expression",
                    )
                    .label(
                        e.to_string()
                            .lines()
                            .last()
                            .unwrap_or("invalid")
                            .trim()
                            .to_owned(),
                    )
                    .help("patterns use Rust regex syntax, e.g. '[A-Z]{2,}-\\d+'"),
                );
            }
        }
        // The collector refuses events whose `bundle` is not a name (a space, an accent): the
        // widget's every event would be lost, so the id is held to it here.
        if let Some(id) = config
            .id
            .as_deref()
            .filter(|id| !whatsnew_core::event::is_token(id, whatsnew_core::event::MAX_NAME))
        {
            let at = text.find(id).map_or(0..0, |i| i..i + id.len());
            problems.push(
                Diagnostic::error("config", &shown, at, "`id` is not a name events can carry")
                    .label("here")
                    .help("1 to 128 letters, digits or `-_.:/@+`, e.g. id = \"acme-app\""),
            );
        }
        // Locale codes name files, site folders and `lang` attributes: a code is letters and
        // digits in parts joined by `-` (`fr`, `pt-BR`, `zh-Hans`), nothing that could be a
        // path (`../x`) or markup.
        let locale_code = |l: &str| {
            let mut parts = l.split('-');
            parts.next().is_some_and(|p| {
                (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic())
            }) && parts
                .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
        };
        let locales = std::iter::once(&config.locales.default).chain(&config.locales.others);
        for l in locales.filter(|l| !locale_code(l)) {
            let at = text.find(l.as_str()).map_or(0..0, |i| i..i + l.len());
            problems.push(
                Diagnostic::error("config", &shown, at, format!("`{l}` is not a locale code"))
                    .label("here")
                    .help("a language code, optionally with a region or script: \"fr\", \"pt-BR\", \"zh-Hans\""),
            );
        }
        // Locales name site folders, menus and files once each: a repeat listed the language
        // twice in the changelog's menu and asked for `<id>.en.md` translations of English.
        let mut seen: Vec<&String> = Vec::new();
        for l in std::iter::once(&config.locales.default).chain(&config.locales.others) {
            if seen.iter().any(|s| s.eq_ignore_ascii_case(l)) {
                let quoted = format!("\"{l}\"");
                // This spelling's occurrence: the ones before it are the earlier entries.
                let nth = seen.iter().filter(|s| *s == &l).count();
                let at = text
                    .match_indices(&quoted)
                    .nth(nth)
                    .map_or(0..0, |(i, _)| i..i + quoted.len());
                problems.push(
                    Diagnostic::error("config", &shown, at, format!("the locale `{l}` is listed twice"))
                        .label("again")
                        .help("list each locale once: `default` is the language of <id>.md, `others` the translations"),
                );
            }
            seen.push(l);
        }
        // The site resolves product links against base_url and writes its own links under
        // [site] url by appending to them: only a plain web address may be either.
        let site_url = config.site.as_ref().and_then(|s| s.url.as_deref());
        for (key, value, site) in [
            ("base_url", config.base_url.as_deref(), false),
            ("url", site_url, true),
        ] {
            let Some(u) = value else { continue };
            if let Some(why) = web_address_problem(u, site) {
                let at = text.find(u).map_or(0..0, |i| i..i + u.len());
                problems.push(
                    Diagnostic::error("config", &shown, at, format!("`{key}` {why}"))
                        .label("here")
                        .help(if site {
                            "the changelog's public folder, e.g. url = \"https://example.com/changelog/\""
                        } else {
                            "your product's address, e.g. base_url = \"https://app.example.com/\""
                        }),
                );
            }
        }
        for (name, rule) in &config.audiences {
            let types: Vec<(String, whatsnew_core::rule::Type)> = config
                .traits
                .iter()
                .map(|(k, t)| (k.clone(), t.core()))
                .collect();
            if let Err(e) = whatsnew_core::rule::parse(rule, &types) {
                let start = text.find(rule.as_str()).unwrap_or(0);
                let at = start + e.at.min(rule.len());
                problems.push(
                    Diagnostic::error("config", &shown, at..at + 1, format!("audience `{name}`: {}", e.message))
                        .label("here")
                        .help("rules compare traits with values: plan == \"pro\" && seats >= 5, role in [\"admin\", \"owner\"]"),
                );
            }
        }
        // Durations: seconds or text with a unit; each bad one at its key, with an example.
        let durations = [
            (
                config.pacing.as_ref().and_then(|p| p.min_gap.as_ref()),
                "pacing.min_gap",
                "min_gap = 600",
                "\"30s\", \"10m\", \"1h\"",
            ),
            (
                config.guides.as_ref().and_then(|g| g.anchor_wait.as_ref()),
                "guides.anchor_wait",
                "anchor_wait = 5",
                "\"5s\", \"1m\"",
            ),
        ];
        for (value, key, seconds, units) in durations {
            if value.is_some_and(|d| d.seconds().is_none()) {
                let name = key.rsplit('.').next().unwrap_or(key);
                let at = text.find(name).map_or(0..0, |i| i..i + name.len());
                problems.push(
                    Diagnostic::error("config", &shown, at, format!("`{key}` is not a duration"))
                        .label("here")
                        .help(format!(
                            "write seconds ({seconds}) or text with a unit: {units}"
                        )),
                );
            }
        }
        if let Some(events) = &config.events {
            let at = |needle: &str| text.find(needle).map_or(0..0, |i| i..i + needle.len());
            if let (Some(a), Some(b)) = (&config.endpoint, &events.endpoint) {
                if a != b {
                    problems.push(
                        Diagnostic::error(
                            "config",
                            &shown,
                            at("endpoint"),
                            "two different event endpoints",
                        )
                        .label("`endpoint` and `events.endpoint` disagree")
                        .help("keep one: `[events] endpoint` is the new place"),
                    );
                }
            }
            for name in &events.traits {
                let declared = config.traits.is_empty() || config.traits.contains_key(name);
                if !declared || !whatsnew_core::compile::frontmatter::valid_id(name) {
                    problems.push(
                        Diagnostic::error("config", &shown, at(&format!("\"{name}\"")), format!("event trait `{name}` is not a declared trait"))
                            .label("not in [traits]")
                            .help("declare it in [traits] (name = \"string\", \"number\" or \"bool\") or remove it from `events.traits`"),
                    );
                }
            }
        }
        problems.sort_by_key(|d| d.span.start);
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(Error::Content {
                diagnostics: problems,
                sources: vec![(shown, text)],
            })
        }
    }

    /// The compiler's view, with `bundle_id` overriding the config's `id`.
    pub fn project(&self, bundle_id: Option<&str>) -> Project {
        let mut locales = vec![self.locales.default.clone()];
        locales.extend(self.locales.others.iter().cloned());
        Project {
            bundle_id: bundle_id
                .or(self.id.as_deref())
                .unwrap_or("default")
                .to_owned(),
            product: self.product.clone(),
            locales: if self.locales.others.is_empty() {
                Vec::new()
            } else {
                locales
            },
            audiences: self
                .audiences
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            endpoint: self
                .events
                .as_ref()
                .and_then(|e| e.endpoint.clone())
                .or_else(|| self.endpoint.clone()),
            events: self
                .events
                .as_ref()
                .filter(|e| !e.traits.is_empty() || e.helpful)
                .map(|e| whatsnew_core::bundle::EventSettings {
                    traits: e.traits.clone(),
                    helpful: e.helpful,
                }),
            anchor_wait: self
                .guides
                .as_ref()
                .and_then(|g| g.anchor_wait.as_ref())
                .and_then(Duration::seconds)
                .map(|s| s.saturating_mul(1000)),
            pacing: self.pacing.as_ref().map(|p| {
                let d = whatsnew_core::bundle::Pacing::default();
                whatsnew_core::bundle::Pacing {
                    per_session: p.per_session.unwrap_or(d.per_session),
                    per_day: p.per_day.unwrap_or(d.per_day),
                    min_gap: p
                        .min_gap
                        .as_ref()
                        .and_then(Duration::seconds)
                        .unwrap_or(d.min_gap),
                }
            }),
        }
    }
}

impl TraitType {
    /// The rule language's name for this type.
    pub fn core(self) -> whatsnew_core::rule::Type {
        match self {
            TraitType::String => whatsnew_core::rule::Type::Str,
            TraitType::Number => whatsnew_core::rule::Type::Num,
            TraitType::Bool => whatsnew_core::rule::Type::Bool,
        }
    }
}

/// Why `u` cannot be a base address links are appended to, if it cannot: not http(s), no
/// host, spaces or control characters, a query (links would land inside it). For the site's
/// folder (`folder`) also a fragment, characters outside ASCII (feeds need a URL: percent-encode
/// them, the host in punycode) and a page's file name at its end; `base_url` may end in `#`
/// (a hash-routed app) and be an internationalised address.
pub fn web_address_problem(u: &str, folder: bool) -> Option<&'static str> {
    let lower = u.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Some("is not an http(s) address");
    };
    if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
        return Some("has no host");
    }
    if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("has spaces or control characters (percent-encode them)");
    }
    if u.contains('?') {
        return Some("has a query: links are appended to it");
    }
    if !folder {
        return None;
    }
    if !u.is_ascii() {
        return Some("has characters outside ASCII: feeds need them percent-encoded, the host in punycode (xn--…)");
    }
    if u.contains('#') {
        return Some("has a fragment: links are appended to it");
    }
    let last = rest.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let page = [".html", ".htm", ".xml", ".php", ".asp", ".aspx", ".json"]
        .iter()
        .any(|e| last.ends_with(e));
    if rest.contains('/') && !u.ends_with('/') && page {
        return Some("ends with a file name: it is the folder the changelog is served from");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(toml: &str) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), toml).unwrap();
        Config::load(dir.path())
    }

    /// `[events]` reaches the bundle: its endpoint (or the old top-level one), the traits
    /// events may carry and the helpful vote; undeclared traits and two endpoints are errors.
    #[test]
    fn events_settings() {
        let c = load("[traits]\nplan = \"string\"\n[events]\nendpoint = \"https://c.example/events\"\ntraits = [\"plan\"]\nhelpful = true\n").unwrap();
        let p = c.project(None);
        assert_eq!(p.endpoint.as_deref(), Some("https://c.example/events"));
        let e = p.events.unwrap();
        assert_eq!((e.traits, e.helpful), (vec!["plan".to_owned()], true));
        let old = load("endpoint = \"https://old.example/e\"\n")
            .unwrap()
            .project(None);
        assert_eq!(old.endpoint.as_deref(), Some("https://old.example/e"));
        assert!(old.events.is_none());
        for bad in [
            "[traits]\nplan = \"string\"\n[events]\ntraits = [\"email\"]\n",
            "endpoint = \"https://a/e\"\n[events]\nendpoint = \"https://b/e\"\n",
            "[events]\nhelpfull = true\n",
        ] {
            assert!(load(bad).is_err(), "{bad}");
        }
    }

    /// A trial of the changelog: `others = ["en", "fr", "fr"]` built "4 locales" with each
    /// language twice in the menu; `[site] url` with a file name, a query or a space made every
    /// permalink and feed link wrong (`…/index.html/a/`, `…/?ref=rss/a/`).
    #[test]
    fn repeated_locales_and_addresses_links_cannot_extend_are_refused() {
        let problems = |toml: &str| match load(toml) {
            Err(Error::Content { diagnostics, .. }) => diagnostics
                .iter()
                .map(|d| (d.message.clone(), d.span.clone()))
                .collect::<Vec<_>>(),
            other => panic!("{toml}: {:?}", other.map(|_| ())),
        };
        let toml = "[locales]\ndefault = \"en\"\nothers = [\"en\", \"fr\", \"FR\"]\n";
        let p = problems(toml);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].0.contains("`en` is listed twice"), "{p:?}");
        assert_eq!(&toml[p[0].1.clone()], "\"en\"");
        assert!(
            p[0].1.start > toml.find("others").unwrap(),
            "points at the repeat"
        );
        assert!(p[1].0.contains("`FR` is listed twice"), "{p:?}");
        assert_eq!(&toml[p[1].1.clone()], "\"FR\"");
        for (url, why) in [
            ("https://x.example/changelog/index.html", "file name"),
            ("https://x.example/c/?ref=rss", "query"),
            ("https://x.example/c/#top", "fragment"),
            ("https://x.example/my site/", "spaces"),
            ("https://bücher.example/c/", "punycode"),
            ("ftp://x.example/c/", "http(s)"),
            ("https:///c/", "no host"),
        ] {
            let p = problems(&format!("[site]\nurl = \"{url}\"\n"));
            assert!(
                p[0].0.starts_with("`url`") && p[0].0.contains(why),
                "{url}: {p:?}"
            );
        }
        for good in [
            "https://x.example/changelog/",
            "https://x.example/changelog",
            "http://localhost:8080/",
            "http://[::1]:8080/",
            "https://acme.github.io/socket.io",
            "https://x.example/docs/2.x",
        ] {
            assert!(
                load(&format!("[site]\nurl = \"{good}\"\n")).is_ok(),
                "{good}"
            );
        }
        // A hash-routed product and an internationalised one are fine as base_url.
        for good in ["https://app.example.com/#", "https://bücher.example/app/"] {
            assert!(load(&format!("base_url = \"{good}\"\n")).is_ok(), "{good}");
        }
        assert!(load("base_url = \"https://app.example.com/?tenant=1\"\n").is_err());
    }

    /// An `id` the collector would refuse on every event (found by a trial: `id = "Acme App"`
    /// built, and the page's events were all lost) is an error at the key, with the rule.
    #[test]
    fn an_id_events_cannot_carry_is_refused() {
        for good in ["ledgerly", "acme-app_2", "acme.app:web/1@x+y"] {
            assert!(load(&format!("id = \"{good}\"\n")).is_ok(), "{good}");
        }
        for bad in ["Acme App", "acmé", ""] {
            let Err(Error::Content { diagnostics, .. }) = load(&format!("id = \"{bad}\"\n")) else {
                panic!("{bad:?} is refused");
            };
            assert!(diagnostics[0].message.contains("`id`"), "{bad:?}");
        }
    }
}
