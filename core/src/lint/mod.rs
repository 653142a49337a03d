//! `whatsnew check`: the rules that make announcements benefit-first and deliverable.
//!
//! Every rule has a stable code, a default level and an explanation ([`RULES`], shown by
//! `whatsnew check --explain CODE`). Error-level codes come from compilation (front matter,
//! Markdown, ids, audiences); [`lint`] adds the writing and delivery rules. [`apply_levels`]
//! then applies the project's `[lint.rules]` and each file's `allow:` list.

pub mod headline;

use crate::bundle::{Block, Display, Inline};
use crate::compile::Compiled;
use crate::diag::{Diagnostic, Severity};
use std::ops::Range;

/// A rule's default level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    /// Fails `check` and `build`.
    Error,
    /// Fails `check` only under `--deny warnings`.
    Warning,
}

/// One rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable code.
    pub code: &'static str,
    /// Default level.
    pub default: Default,
    /// One line.
    pub summary: &'static str,
    /// Why it matters and how to fix it, with an example.
    pub explain: &'static str,
}

macro_rules! rules {
    ($($code:literal $level:ident $summary:literal $explain:literal;)*) => {
        /// Every rule `check` knows, errors first.
        pub const RULES: &[Rule] = &[$(Rule { code: $code, default: Default::$level, summary: $summary, explain: $explain }),*];
    };
}

rules! {
    "missing-front-matter" Error "the file does not start with front matter"
        "Every announcement starts with front matter between `---` lines (YAML) or `+++` lines (TOML):\n\n    ---\n    benefit: Find any invoice in seconds\n    published: 2026-11-02\n    ---";
    "unclosed-front-matter" Error "the front matter has no closing line"
        "Close the front matter with the same delimiter that opened it (`---` or `+++`) on a line of its own.";
    "front-matter-syntax" Error "the front matter is not valid YAML or TOML"
        "The snippet points where the parser gave up. In YAML, quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `%`, `@` or a backtick.";
    "unknown-field" Error "a front matter key whatsnew does not know"
        "Keys are checked strictly so that a typo (`benfit`) fails instead of being ignored. The message lists the keys that exist.";
    "missing-field" Error "a required key is missing"
        "`benefit` (the headline: what the customer gains) and `published` (the date) are required.";
    "not-utf8" Error "a file that is not UTF-8 text"
        "Announcements are UTF-8. The file is read with U+FFFD in place of what is not, so the rest of the folder is still checked, and `build` refuses it. Save it as UTF-8 (`iconv -f latin1 -t utf-8 old.md > new.md`, or your editor's encoding menu).";
    "empty-field" Error "a key has no text"
        "Write the value, or remove the key.";
    "invalid-field" Error "a value has the wrong type or form"
        "The message says what the key expects, e.g. `display` is one of feed, popup, toast, banner, tooltip, guide.";
    "invalid-date" Error "`published` is not a date"
        "Write dates as YYYY-MM-DD: `published: 2026-11-02`.";
    "invalid-id" Error "an id with characters ids may not have"
        "Ids name user state and events for good: letters, digits, `-`, `_` and `.`, starting with a letter or digit. The file name is the default id.";
    "duplicate-id" Error "two announcements with one id"
        "Each announcement needs its own id; state and events are keyed by it. Rename a file or set `id:`.";
    "reserved-id" Error "an id the public changelog uses for a folder of its own"
        "The changelog puts each announcement at `<id>/`, each locale's pages at `<locale>/` and tag pages at `tags/`: an announcement called `fr` or `tags` would lose its page to them. Rename the file or set `id:`.";
    "orphan-translation" Error "a translation of an announcement that does not exist"
        "`bulk-export.fr.md` translates `bulk-export.md`; add the default-locale file or rename this one.";
    "unknown-locale" Error "a translation into a locale whatsnew.toml does not configure"
        "`bulk-export.fr.md` is a translation only when `fr` is listed in whatsnew.toml:\n\n    [locales]\n    others = [\"fr\"]\n\nOtherwise it would be a separate announcement, `bulk-export.fr`, shown to everyone.";
    "unknown-audience" Error "an audience not defined in whatsnew.toml"
        "Audiences are named rules over user traits, defined once in whatsnew.toml:\n\n    [audiences]\n    admins = 'role == \"admin\"'";
    "unknown-release" Error "a release that releases.toml does not declare, or two releases for one announcement"
        "When the content folder has a releases.toml, every `release:` names one of its `[[release]]` entries, and an announcement is in one release only (its `release:` or a release's `announcements` list):\n\n    [[release]]\n    name = \"2026.11\"\n    date = 2026-11-18\n    title = \"Get paid sooner\"";
    "releases-file" Error "releases.toml is not valid"
        "Each `[[release]]` has `name` and `date` (2026-11-18), and may have `title`, `summary` and `announcements` (ids). Unknown keys are errors.";
    "raw-html" Error "HTML in an announcement"
        "The widget never renders HTML (it would be a way into your customers' pages). Use Markdown: **bold**, *italic*, [links](https://...), lists, images. Each element is reported once, at its opening tag, with the Markdown that says the same: `<kbd>Ctrl</kbd>` is `` `Ctrl` ``, `<br>` is a line ending in `\\`, `<img src=\"a.png\" alt=\"A\">` is `![A](a.png)`; a `<video>` or `<iframe>` becomes a link to it, `<details>` a sub-heading. GitHub alerts (`> [!NOTE]`) and emoji shortcodes (`:rocket:`) need no HTML: they compile as a quote with its label and as the emoji.";
    "unsafe-url" Error "a link or image with a scheme that is not allowed"
        "Links may use http, https, mailto, tel or a relative path. `javascript:` and `data:` are refused, however they are spelled.";
    "missing-alt" Error "an image without alt text"
        "Describe every image for people who cannot see it: `![The export dialog with CSV selected](export.png)`.";
    "unsupported-markdown" Error "Markdown the widget cannot show"
        "Use paragraphs, sub-headings, lists, quotes, code, links, emphasis and images.";
    "too-deep" Error "lists or quotes nested too deeply"
        "Nesting is limited to 16 levels. Flatten the structure.";
    "publish-after-expire" Error "`publish` is not before `expire`"
        "The announcement would never be shown. Move `expire` after `publish`.";
    "config" Error "whatsnew.toml is not valid"
        "The message says which key or value is wrong. `whatsnew init` writes a commented example.";
    "feature-first-headline" Warning "the headline leads with the team or the feature, not the customer's gain"
        "Customers scan headlines for what is in it for them. Lead with what they can now do, or what gets better for them; put the feature's name in `feature:`. The finding points at the words that read as the team or the feature, and proposes a headline from the file's own words (the body's \"you can now …\" when it has one).\n\nFeature-first, as real changelogs publish them (from the corpus, core/src/lint/headlines.tsv):\n\n    what the team did       \"Add support for merge queues and auto-merge\", \"Fixed rare panic in the plotters backend\", \"Improved options for My Issues\"\n    an announcement         \"New CLI commands\", \"Multi-Cloud is here\"\n    a release               \"Todoist v2\", \"Status Page Badge (v2)\"\n    a changelog phrase      \"Dashboard performance improvements\", \"Menu bar fix\"\n    a label first           \"CLI update: global check command and richer Terraform export\"\n    the product as subject  \"Benchmark filters can now be regular expressions\", \"APIs are now Keyspaces\"\n    a feature's name        \"Dark mode support\", \"Preview Deployment API\", \"Password-protected status page\"\n\nBenefit-first, from the same changelogs:\n\n    \"Cancel in-progress deployments\"\n    \"Deploy from your terminal with the Unkey CLI\"\n    \"Get alerted on your cell phone\"\n    \"Mark draft pull requests as ready for review\"\n    \"Faster runtime logs\"\n\nRewrite from the announcement's own words:\n\n    benefit: Added repository filtering                     # flagged: \"Added\" is what the team did\n    benefit: Choose which repositories to include in every search\n    feature: Repository filtering                           # fine\n\nHow it decides: rules read the headline's structure and point at the part that reads as the feature; a team, the file's own `feature:`, a release or a label first is feature-first by definition, and otherwise a small linear model, trained on the corpus, weighs the rules' reading with cues such as the first word's class (a verb of the reader's task or of the team's work, a noun), \"you\"/\"your\", outcome words, the head noun, and the project's voice: how many of the other announcements' headlines open with what the team did (\"Fixed …\", \"Added …\") and how many with the reader's task, so that \"Add …\" reads as the team's work in a project written like a changelog. Questions and teasers are left alone. On products it was not trained or tuned on (the corpus's held-out test split: twenty-five products, from Microsoft Teams to GitLab) it flags 88% of feature-first headlines (1,566 of 1,786) and 9% of benefit-first ones (40 of 433); imperatives are its hardest case, since \"Add repository filtering\" in a changelog is the team's work and \"Add records to filtered views\" in release notes is the reader's task: when it is wrong, allow it in that file (`allow: [feature-first-headline]`). The word lists are English; translations are not checked.";
    "markup-in-headline" Warning "Markdown or an HTML entity in a headline or step title, shown as typed"
        "Headlines and guide step titles are plain text: `**faster**`, `` `--all` ``, `[docs](/docs)` and `&amp;` reach the reader with their asterisks, backticks, brackets and ampersand codes. Write the words alone (`Get faster search`), and put emphasis, code and links in the body.";
    "team-first-body" Warning "the body opens with the team (\"We added …\"), not the customer"
        "The first words of the body are read right after the headline. \"We added …\", \"We're excited to announce …\" put the team first; start with what the customer can now do and how.\n\n    We added a bulk export button to Reports.            # flagged\n    Pick a date range in Reports and download every invoice in it as one ZIP.   # fine";
    "headline-too-long" Warning "the headline is too long for its display"
        "Limits by display: feed 90 characters, banner 80, popup 70, toast 60, guide 60, tooltip 50. Cut to the gain; the body carries the rest.";
    "empty-body" Warning "no body"
        "A feed item or popup without a body says what changed but not why it matters or how to use it. Add a sentence or two.";
    "body-too-long" Warning "the body is too long for its display"
        "Limits by display (characters of text): feed 1500, popup 600, guide 600, toast 200, tooltip 200, banner 160. Link to the docs for the rest.";
    "internal-jargon" Warning "a word from the project's internal jargon list"
        "Customers do not know your internal names. The list is `[lint] jargon` in whatsnew.toml.";
    "ticket-id" Warning "a ticket id in customer-facing text"
        "Ticket ids (`[lint] ticket_patterns` in whatsnew.toml) mean nothing to customers.";
    "missing-cta" Warning "a popup, tooltip or guide without a call to action"
        "Interrupting someone needs a next step. Add `cta: { label: ..., url: ... }`.";
    "missing-support-notes" Warning "a popup, banner or guide without notes for support"
        "An announcement that interrupts customers makes some of them ask support about it. Give support the words in the same file; they go into the internal brief (`whatsnew brief`), never into the widget:\n\n    support:\n      tell: Reports > Export... bundles a quarter's invoices as PDFs plus one CSV.\n      questions:\n        - question: Can I export more than a quarter?\n          answer: Up to 12 months at once.\n      limits: [Invoices only; expenses come later]";
    "vague-cta" Warning "a call to action that does not say what happens"
        "\"Learn more\" and \"Click here\" promise nothing. Say what the customer will do: \"Export this quarter\".";
    "page-relative-url" Warning "a link or image address that depends on the page the widget is on"
        "The widget shows announcements on every page of your product, so `images/export.png` loads from `/reports/images/export.png` on /reports and from `/invoices/42/images/export.png` on /invoices/42: broken on most of them. Start it with `/` (from the site's root) or write the full `https://` address. (`#section` is left alone: on the host's page it scrolls to that element, which may be what you mean.)";
    "undefined-reference" Warning "a reference link whose definition is missing, shown with its brackets"
        "`[the guide][guide]` and `[guide]` are links only when the file defines `guide` on a line of its own, `[guide]: https://example.com/guide`. Without it Markdown shows the brackets as typed and there is no link (a common leftover of text copied from a changelog whose definitions sit at its end). Add the definition, or write the link inline: `[the guide](https://example.com/guide)`.";
    "invalid-anchor" Warning "a CSS selector that cannot match or a tooltip without one"
        "`anchor` is a CSS selector of the element a tooltip or guide step points at, e.g. `#export-button` or `[data-tour=export]`.";
    "ignored-field" Warning "a field the announcement's display does not use"
        "`anchor`, `side` and `hotspot` place a tooltip (`display: tooltip`); `steps` and `missing` make a guide (`display: guide`). On another display the widget ignores them, so the author's intent (a popup pointing at a button?) silently does not happen: change `display`, or delete the field.";
    "guide-steps" Warning "a guide with fewer than two steps"
        "A one-step guide is a tooltip. Each step may point at an element with `anchor` (a step without one is a card in the middle of the screen).";
    "missing-translation" Warning "an announcement missing a configured locale"
        "For each locale in `[locales] others`, add `<id>.<locale>.md` beside the announcement; readers of that locale see the default otherwise.";
    "expired" Warning "`expire` has passed"
        "Nobody sees it any more. Delete the file or move `expire`.";
    "impossible-page" Warning "a page pattern that can never match a URL path"
        "Patterns are paths: `/reports` (that page), `/invoices/*` (one more segment), `/settings/**` (anything below). `*` stands for whole segments; query strings and fragments are not part of the path.";
    "unfinished" Warning "a TODO left in the text"
        "`whatsnew new` writes TODOs where the template needs your words; replace each one before publishing. `check` and `preview` warn; `build` refuses the announcement (a draft named `_<name>.md` stays out of the bundle).";
    "long-sentence" Warning "a sentence of more than 30 words"
        "Long sentences are skimmed, not read. Split it.";
    "reading-grade" Warning "text that needs more than a 12th-grade reading level"
        "Measured with the Flesch-Kincaid grade. Shorter sentences and words make it land.";
    "anchor-missing" Warning "`check --against`: an anchor matches no element on its page"
        "`whatsnew check --against <URL>` opens each page an anchored announcement or guide step names in headless Chromium and looks the anchor up in the live page, as the widget does, for as long as `[guides] anchor_wait`. No element matched: the product's markup changed (a renamed id), or the anchor is wrong. The widget would wait for it and then skip the tooltip or step. Give the element a stable attribute and point at it:\n\n    anchor: '[data-tour=\"export\"]'\n\nA step that appears only after an earlier step's click is missing on a fresh load: give it a `page:` of its own, or `allow: [anchor-missing]` in that file.";
    "anchor-hidden" Warning "`check --against`: an anchor's element is there but not rendered"
        "The first element the anchor matches is not shown as the widget can show it once the page has loaded and settled: not rendered (`display: none`, `visibility: hidden`, inside a closed `<details>` or menu), smaller than 4 px each way once the boxes that clip it are taken away (zero size, a screen-reader-only label, a collapsed accordion), or off the page's top or left. The widget waits for it to be shown and then skips the tooltip or step. Point at an element that is on screen, or open what hides it in an earlier guide step.";
    "anchor-ambiguous" Warning "`check --against`: an anchor matches more than one element"
        "The widget anchors to the first match, which may not be the element you meant (a list's every row, a button repeated in a header and a footer). Make the selector name one element: an id, or a `data-tour` attribute on that element.";
    "anchor-unchecked" Warning "`check --against` could not check an anchor"
        "The anchor's page answered an HTTP error (a 404 page with the product's layout is not a pass), sent the browser to another page (a 302 to `/login`, a script's redirect: a preview behind a login takes `--against-header \"Authorization: …\"` or `\"Cookie: …\"`), did not load (a redirect loop, an empty answer), its scripts never gave the browser back, or `pages` names only patterns (`/invoices/*`): add a concrete page next to the pattern so it can be opened.";
}

/// Prefixes of names written like ticket ids that are not (`UTF-8`, `SHA-256`, `CVE-2024-1`).
const STANDARDS: &[&str] = &[
    "CVE", "GHSA", "UTF", "SHA", "ISO", "GPT", "RFC", "IPV", "AES", "RSA", "TLS", "SSL", "HTTP",
    "MD", "ECMA", "ES", "IEEE", "WCAG", "USB", "PCI", "SOC", "HIPAA", "GDPR", "ECDSA", "EIP",
    "PEP", "JSR", "WPA", "LTE", "MPEG", "COVID",
];

/// Looks up a rule by code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// What the writing rules need from the project.
#[derive(Debug, Default)]
pub struct Settings {
    /// Internal words customers should not see.
    pub jargon: Vec<String>,
    /// Ticket id patterns.
    pub tickets: Vec<regex::Regex>,
    /// Locales other than the default.
    pub other_locales: Vec<String>,
    /// The locale of `<id>.md` files (`None`: English).
    pub default_locale: Option<String>,
    /// Now, for `expired` (Unix ms); `None` skips the rule.
    pub now_ms: Option<f64>,
}

fn warn(
    code: &'static str,
    c: &Compiled,
    span: Range<usize>,
    message: String,
    label: &str,
    help: &str,
) -> Diagnostic {
    let mut d = Diagnostic::error(code, &c.path, span, message)
        .label(label)
        .help(help);
    d.severity = Severity::Warning;
    d
}

/// The `feature-first-headline` finding: points at the words that read as the team or the
/// feature, says why, and proposes a rewrite from the file's own words.
fn headline_finding(
    c: &Compiled,
    text: &str,
    headline_span: &Range<usize>,
    f: &headline::Finding,
) -> Diagnostic {
    let a = &c.announcement;
    let part = a.benefit.get(f.part.clone()).unwrap_or("").trim();
    let span = if part.is_empty() {
        headline_span.clone()
    } else {
        find_in(text, headline_span, part)
    };
    let label = match f.kind {
        headline::Kind::Team => "the team, not the customer",
        headline::Kind::Change | headline::Kind::Announcement | headline::Kind::Generic => {
            "what was done, not what the customer gains"
        }
        headline::Kind::Version => "a release, not a gain",
        _ => "reads as the feature's name",
    };
    let help = headline::suggest(&a.benefit, f, a.feature.as_deref(), &plain(&a.body));
    warn(
        "feature-first-headline",
        c,
        span,
        format!("the headline is feature-first: {}", f.why(&a.benefit)),
        label,
        &help,
    )
}

/// Limits by display: (headline characters, body characters).
fn limits(display: Display) -> (usize, usize) {
    match display {
        Display::Feed => (90, 1500),
        Display::Popup => (70, 600),
        Display::Toast => (60, 200),
        Display::Banner => (80, 160),
        Display::Tooltip => (50, 200),
        Display::Guide => (60, 600),
    }
}

/// Runs the writing and delivery rules over compiled files. `texts` gives each file's text by
/// path, so findings in the body point at the exact words.
pub fn lint(
    compiled: &[Compiled],
    texts: &dyn Fn(&str) -> Option<String>,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The writing rules' word lists are English: translations are not judged by them.
    // A project whose default locale is not English writes its `<id>.md` files in it.
    let english = |c: &Compiled| {
        c.locale
            .as_deref()
            .or(settings.default_locale.as_deref())
            .is_none_or(|l| l == "en" || l.starts_with("en-") || l.starts_with("en_"))
    };
    // Headlines are judged in the voice of the project's other (English) headlines: "Add …"
    // reads as the team's work among "Fixed …" and "Added …".
    // The announcements themselves, not their translations (an `en-GB` copy would count a
    // headline twice).
    let voice = headline::Voice::of(
        compiled
            .iter()
            .filter(|c| c.locale.is_none() && english(c))
            .map(|c| {
                (
                    c.announcement.benefit.as_str(),
                    c.announcement.feature.as_deref(),
                )
            }),
    );
    for c in compiled {
        let a = &c.announcement;
        let fm = &c.front_matter;
        let x = &a.extra;
        let text = texts(&c.path).unwrap_or_default();
        let headline_span = fm.span("benefit");

        let mut from = 0;
        while let Some(i) = text
            .get(from..)
            .and_then(|t| t.find("TODO"))
            .map(|i| i + from)
        {
            from = i + 4;
            out.push(warn(
                "unfinished",
                c,
                i..i + 4,
                "a TODO is left in the announcement".into(),
                "replace this",
                "write the real text; `whatsnew build` refuses announcements with TODOs left",
            ));
        }
        if let Some(m) = markup(&a.benefit) {
            out.push(warn(
                "markup-in-headline",
                c,
                headline_span.clone(),
                format!("the headline has {}, which readers see as typed", named(m)),
                "plain text here",
                "write the words alone; emphasis, code and links belong in the body",
            ));
        }
        for (i, step) in x.steps.iter().enumerate() {
            if let Some(m) = markup(&step.title) {
                out.push(warn(
                    "markup-in-headline",
                    c,
                    fm.span("steps"),
                    format!(
                        "step {}'s title has {}, which readers see as typed",
                        i + 1,
                        named(m)
                    ),
                    "in these steps",
                    "write the words alone; emphasis, code and links belong in the step's body",
                ));
            }
        }
        // Addresses that resolve against whatever page the widget is on.
        let mut urls: Vec<(&str, Range<usize>)> = Vec::new();
        let in_body = body_urls(&a.body);
        for &(_, u) in &in_body {
            urls.push((u, find_in(&text, &c.body_span, u)));
        }
        if let Some(img) = &x.image {
            urls.push((&img.src, fm.span("image")));
        }
        if let Some(cta) = &a.cta {
            urls.push((&cta.url, fm.span("cta")));
        }
        for (u, span) in urls {
            if u.is_empty() || u.starts_with(['/', '#', '?']) || u.contains(':') {
                continue;
            }
            out.push(warn(
                "page-relative-url",
                c,
                span,
                format!("`{u}` resolves against each page the widget is on"),
                "depends on the page",
                "start it with `/` or write the full https:// address",
            ));
        }
        let body_text = text.get(c.body_span.clone()).unwrap_or("");
        for (r, label) in undefined_references(body_text) {
            let at = c.body_span.start;
            out.push(warn(
                "undefined-reference",
                c,
                at + r.start..at + r.end,
                format!("`[{label}]` is defined nowhere in the file: readers see the brackets and no link"),
                "no definition",
                &format!("add a line `[{label}]: https://…` below the text, or write the link inline: `[text](https://…)`"),
            ));
        }
        let todo_headline = a.benefit.contains("TODO");
        let english = english(c);
        if let Some(f) = headline::analyze_in(&a.benefit, a.feature.as_deref(), &voice)
            .filter(|_| !todo_headline && english)
        {
            out.push(headline_finding(c, &text, &headline_span, &f));
        }
        let body_text = plain(&a.body);
        if let Some(at) = headline::team_first_body(&body_text).filter(|_| english) {
            let opening = body_text.get(at).unwrap_or("");
            out.push(warn(
                "team-first-body",
                c,
                find_in(&text, &c.body_span, opening),
                format!("the body opens with the team (\"{opening} …\"), not the customer"),
                "the team, not the customer",
                &headline::body_gain(&body_text).map_or_else(
                    || {
                        "start with what the customer can now do; the team can come later"
                            .to_owned()
                    },
                    |g| format!("start with what the customer can now do: \"{g}\""),
                ),
            ));
        }
        // A translation is shown as its announcement is (its own file has no `display`).
        let display = match c.locale {
            Some(_) => compiled
                .iter()
                .find(|b| b.locale.is_none() && b.announcement.id == a.id)
                .map_or(x.display, |b| b.announcement.extra.display),
            None => x.display,
        };
        let (max_head, max_body) = limits(display);
        let head_len = a.benefit.chars().count();
        if head_len > max_head {
            out.push(warn(
                "headline-too-long",
                c,
                headline_span.clone(),
                format!(
                    "the headline is {head_len} characters; a {} allows {max_head}",
                    display.name()
                ),
                "too long",
                "cut it to the gain; the body carries the rest",
            ));
        }
        let body = body_text;
        if body.trim().is_empty()
            && !body_urls(&a.body).iter().any(|(image, _)| *image)
            // A body that is a code block (a command to run) has something to show.
            && !a.body.iter().any(|b| matches!(b, Block::Pre(t) if !t.trim().is_empty()))
            && matches!(x.display, Display::Feed | Display::Popup)
            && c.locale.is_none()
        {
            out.push(warn(
                "empty-body",
                c,
                fm.opening.clone(),
                "the announcement has no body".into(),
                "nothing below the front matter",
                "add a sentence on why it matters and one on how to use it",
            ));
        }
        let body_len = body.chars().count();
        if body_len > max_body {
            out.push(warn(
                "body-too-long",
                c,
                crate::diag::char_span(&text, c.body_span.start),
                format!(
                    "the body is {body_len} characters; a {} allows {max_body}",
                    display.name()
                ),
                "starts here",
                "keep the essentials and link to the docs",
            ));
        }
        // Jargon and ticket ids, in the headline and the body, at the exact words.
        let regions = [
            (headline_span.clone(), "headline"),
            (c.body_span.clone(), "body"),
        ];
        for (region, _) in &regions {
            let Some(hay) = text.get(region.clone()) else {
                continue;
            };
            // (`İ` lower-cases to two characters: any text with one lost every jargon finding.)
            let lower = lower_in_place(hay);
            // (An empty word would be found everywhere, and forever.)
            for word in settings.jargon.iter().filter(|w| !w.trim().is_empty()) {
                let w = word.to_lowercase();
                let mut from = 0;
                while let Some(i) = lower.get(from..).and_then(|s| s.find(&w)).map(|i| i + from) {
                    from = i + w.len();
                    let before = lower
                        .get(..i)
                        .and_then(|s| s.chars().last())
                        .is_none_or(|ch| !ch.is_alphanumeric());
                    let after = lower
                        .get(i + w.len()..)
                        .and_then(|s| s.chars().next())
                        .is_none_or(|ch| !ch.is_alphanumeric());
                    if before && after {
                        let at = region.start + i;
                        out.push(warn(
                            "internal-jargon",
                            c,
                            at..at + w.len(),
                            format!("`{word}` is internal jargon"),
                            "customers do not use this word",
                            "say it the way customers would",
                        ));
                    }
                }
            }
            for re in &settings.tickets {
                // `&#8212;` is a character reference, not ticket #8212; CVE and GHSA ids name
                // security advisories, which mean something to the admins who read them; and
                // standards and models customers know (UTF-8, SHA-256, ISO-8601, GPT-4) are
                // names, not tickets.
                for m in re.find_iter(hay).filter(|m| {
                    !hay[..m.start()].ends_with('&')
                        && !STANDARDS.iter().any(|p| {
                            m.as_str().starts_with(p) && m.as_str()[p.len()..].starts_with('-')
                        })
                }) {
                    let at = region.start + m.start();
                    out.push(warn(
                        "ticket-id",
                        c,
                        at..at + m.len(),
                        format!("`{}` looks like a ticket id", m.as_str()),
                        "ticket id",
                        "describe the change instead; ticket ids mean nothing to customers",
                    ));
                }
            }
        }
        if matches!(
            x.display,
            Display::Popup | Display::Tooltip | Display::Guide
        ) && a.cta.is_none()
            && c.locale.is_none()
        {
            out.push(warn(
                "missing-cta",
                c,
                fm.span("display"),
                format!("a {} without a call to action", x.display.name()),
                "interrupts without a next step",
                "add `cta:` with a `label` and a `url`",
            ));
        }
        if matches!(x.display, Display::Popup | Display::Banner | Display::Guide)
            && fm.notes.support.is_none()
            && c.locale.is_none()
        {
            out.push(warn(
                "missing-support-notes",
                c,
                fm.span("display"),
                format!("a {} without notes for support", x.display.name()),
                "interrupts customers; support will be asked about it",
                "add `support:` with `tell:` (what to tell customers), and `questions:` and `limits:` when there are some",
            ));
        }
        if let Some(cta) = &a.cta {
            let label = cta
                .label
                .trim()
                .trim_end_matches(['.', '!', '→', '>', ' '])
                .to_lowercase();
            if VAGUE.contains(&label.as_str()) {
                out.push(warn(
                    "vague-cta",
                    c,
                    fm.span("cta.label"),
                    format!(
                        "the call to action \"{}\" does not say what happens",
                        cta.label
                    ),
                    "vague",
                    "name the action: \"Export this quarter\", \"Turn on reminders\"",
                ));
            }
        }
        // A translation gives the words; everything else is its announcement's, and a value set
        // here is silently not used (a translated `pages: [/rapports]` never applied).
        if c.locale.is_some() {
            for (key, span) in &fm.spans {
                let own = matches!(key.as_str(), "benefit" | "feature" | "cta" | "steps" | "allow")
                    // Copied from the default-locale file, as most do: the same date is fine.
                    || (key == "published"
                        && compiled.iter().any(|b| {
                            b.locale.is_none()
                                && b.announcement.id == a.id
                                && b.announcement.published == a.published
                        }));
                if !own && !key.contains(['.', '[']) {
                    out.push(warn(
                        "ignored-field",
                        c,
                        span.clone(),
                        format!("`{key}` comes from the announcement's own file: a translation's is not used"),
                        "ignored",
                        "a translation sets only benefit, feature, cta, steps and its body; change the default-locale file instead",
                    ));
                }
            }
        }
        if c.locale.is_none() {
            lint_delivery(c, settings, &mut out);
        }
        // Readability of the body.
        let mut from = c.body_span.start;
        for sentence in sentences(&body) {
            // Words a reader reads: not issue numbers, handles and addresses (a changelog's
            // `#6411, #6412, @alice` after an entry).
            let n = sentence
                .split_whitespace()
                .filter(|w| {
                    let w = w.trim_matches(|c: char| ",;.()[]".contains(c));
                    !(w.is_empty()
                        || w.starts_with('@')
                        || w.starts_with("http://")
                        || w.starts_with("https://")
                        || w.strip_prefix('#')
                            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())))
                })
                .count();
            let found = find_words(&text, from..c.body_span.end, sentence);
            if let Some(at) = &found {
                from = at.end;
            }
            if n > 30 {
                let at = found.unwrap_or(crate::diag::char_span(&text, c.body_span.start));
                out.push(warn(
                    "long-sentence",
                    c,
                    at,
                    format!("a sentence of {n} words"),
                    "this sentence",
                    "split it; 20 words or fewer reads best",
                ));
            }
        }
        let grade = grade_level(&body);
        // Flesch-Kincaid counts English syllables: German compounds read as grade 18.
        if english && body.split_whitespace().count() >= 30 && grade > 12.0 {
            out.push(warn(
                "reading-grade",
                c,
                crate::diag::char_span(&text, c.body_span.start),
                // 12.3 is above the limit: not "grade 12".
                if grade < 12.5 {
                    format!("the body reads at grade {grade:.1}")
                } else {
                    format!("the body reads at grade {grade:.0}")
                },
                "hard to read",
                "use shorter sentences and plainer words",
            ));
        }
    }
    // Translations missing for a configured locale.
    for c in compiled.iter().filter(|c| c.locale.is_none()) {
        for locale in &settings.other_locales {
            let has = compiled.iter().any(|v| {
                v.locale.as_deref() == Some(locale.as_str())
                    && v.announcement.id == c.announcement.id
            });
            if !has {
                out.push(warn(
                    "missing-translation",
                    c,
                    0..0,
                    format!("no `{locale}` translation"),
                    "this announcement",
                    &format!("add `{}.{locale}.md` beside it", c.announcement.id),
                ));
            }
        }
    }
    out
}

fn lint_delivery(c: &Compiled, settings: &Settings, out: &mut Vec<Diagnostic>) {
    let a = &c.announcement;
    let fm = &c.front_matter;
    let x = &a.extra;
    if let (Some(p), Some(e)) = (a.publish, a.expire) {
        if p >= e {
            let mut d = warn(
                "publish-after-expire",
                c,
                fm.span("expire"),
                "`expire` is not after `publish`: it would never be shown".into(),
                "expires here",
                "move `expire` after `publish`",
            );
            d.severity = Severity::Error;
            out.push(d);
        }
    }
    if let (Some(e), Some(now)) = (a.expire, settings.now_ms) {
        if (e as f64) <= now {
            out.push(warn(
                "expired",
                c,
                fm.span("expire"),
                "it has expired; nobody sees it any more".into(),
                "in the past",
                "delete the file or move `expire`",
            ));
        }
    }
    if x.display == Display::Tooltip && x.anchor.is_none() {
        out.push(warn(
            "invalid-anchor",
            c,
            fm.span("display"),
            "a tooltip without an `anchor`".into(),
            "points at nothing",
            "add `anchor:` with the CSS selector of the element, e.g. `#export-button`",
        ));
    }
    for (key, display) in [
        ("anchor", Display::Tooltip),
        ("side", Display::Tooltip),
        ("hotspot", Display::Tooltip),
        ("steps", Display::Guide),
        ("missing", Display::Guide),
    ] {
        if x.display != display && fm.spans.iter().any(|(k, _)| k == key) {
            out.push(warn(
                "ignored-field",
                c,
                fm.span(key),
                format!(
                    "`{key}` does nothing on a {}: only a {} uses it",
                    x.display.name(),
                    display.name()
                ),
                "ignored",
                &format!("set `display: {}`, or delete `{key}`", display.name()),
            ));
        }
    }
    if let Some(anchor) = &x.anchor {
        if let Err(why) = check_selector(anchor) {
            out.push(warn(
                "invalid-anchor",
                c,
                fm.span("anchor"),
                format!("`{anchor}` is not a valid CSS selector: {why}"),
                "invalid",
                "use a selector like `#id`, `.class` or `[data-tour=export]`",
            ));
        }
    }
    if x.display == Display::Guide {
        if x.steps.len() < 2 {
            out.push(warn(
                "guide-steps",
                c,
                fm.span("steps"),
                format!(
                    "a guide with {} step{}",
                    x.steps.len(),
                    if x.steps.len() == 1 { "" } else { "s" }
                ),
                "too few steps",
                "a guide needs at least two steps; one step is a tooltip",
            ));
        }
        // A step without `anchor` is a card in the middle of the screen (docs/guides.md).
        for (i, step) in x.steps.iter().enumerate() {
            if let Some(sel) = &step.anchor {
                if let Err(why) = check_selector(sel) {
                    out.push(warn(
                        "invalid-anchor",
                        c,
                        fm.span("steps"),
                        format!("step {}: `{sel}` is not a valid CSS selector: {why}", i + 1),
                        "in these steps",
                        "use a selector like `#id`, `.class` or `[data-tour=export]`",
                    ));
                }
            }
        }
    }
    for p in &x.pages {
        if let Some(why) = impossible_page(p) {
            out.push(warn(
                "impossible-page",
                c,
                fm.span("pages"),
                format!("the page pattern `{p}` can never match: {why}"),
                "in these pages",
                "write a path: `/reports`, `/invoices/*`, `/settings/**`",
            ));
        }
    }
}

const VAGUE: &[&str] = &[
    "learn more",
    "click here",
    "read more",
    "more",
    "here",
    "details",
    "more info",
    "more information",
    "continue",
    "ok",
    "go",
    "see more",
    "find out more",
    "check it out",
    "click",
    "link",
    "this",
];

/// Why a page pattern can never match a path, if it cannot.
pub fn impossible_page(p: &str) -> Option<&'static str> {
    if !p.starts_with('/') {
        return Some("it does not start with `/`");
    }
    if p.contains(['?', '#']) {
        return Some("query strings and fragments are not part of the path");
    }
    if p.contains("//") {
        return Some("it has an empty segment");
    }
    if p.split('/')
        .any(|seg| seg.contains('*') && seg != "*" && seg != "**")
    {
        return Some("`*` stands for a whole segment, not part of one");
    }
    if p.contains(char::is_whitespace) {
        return Some("paths have no spaces");
    }
    None
}

/// A light syntax check of a CSS selector: balanced brackets and quotes, no empty compound,
/// nothing that cannot appear in one.
pub fn check_selector(sel: &str) -> Result<(), &'static str> {
    let s = sel.trim();
    if s.is_empty() {
        return Err("it is empty");
    }
    let (mut square, mut round, mut quote) = (0i32, 0i32, None);
    let mut chars = s.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        // A CSS escape (`.md\:flex`, `#\31 23`, `#\:r1\:`, `"He said \"hi\""`): the next
        // character, or up to six hex digits and a space, is part of the name or string.
        if ch == '\\' {
            match chars.next() {
                None => return Err("it ends with a backslash"),
                Some((_, c)) if c.is_ascii_hexdigit() => {
                    let mut n = 1;
                    while n < 6 && chars.peek().is_some_and(|(_, c)| c.is_ascii_hexdigit()) {
                        chars.next();
                        n += 1;
                    }
                    if chars.peek().is_some_and(|(_, c)| *c == ' ') {
                        chars.next();
                    }
                }
                Some(_) => {}
            }
            continue;
        }
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '[') => square += 1,
            (None, ']') => square -= 1,
            (None, '(') => round += 1,
            (None, ')') => round -= 1,
            (None, '{' | '}' | ';' | '<' | '@' | '!') => {
                return Err("it contains a character selectors cannot have")
            }
            // Outside attribute brackets: Playwright's syntax, pseudo-elements and
            // pseudo-classes CSS does not have match nothing in a browser.
            (None, '>') if square == 0 && s[i + 1..].starts_with('>') => {
                return Err("`>>` chains Playwright locators; CSS has no such combinator")
            }
            (None, '=') if square == 0 => {
                return Err("`=` outside `[...]` is not CSS (`text=` and `css=` are Playwright's)")
            }
            (None, ':') if square == 0 => {
                if chars.peek().is_some_and(|(_, c)| *c == ':') {
                    return Err(
                        "a pseudo-element (`::after`) is not an element; point at its element",
                    );
                }
                let name: String = s[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !PSEUDO_CLASSES.contains(&name.to_ascii_lowercase().as_str()) {
                    return Err("it uses a pseudo-class CSS does not have (`:has-text()`, `:text()` and `:visible` are Playwright's, not the browser's)");
                }
            }
            _ => {}
        }
        if square < 0 || round < 0 {
            return Err("a bracket closes before it opens");
        }
    }
    if quote.is_some() {
        return Err("a quote is not closed");
    }
    if square != 0 || round != 0 {
        return Err("a bracket is not closed");
    }
    if s.ends_with([',', '>', '+', '~']) || s.starts_with([',', '>', '+', '~']) || s.contains(",,")
    {
        return Err("a combinator or comma has nothing on one side");
    }
    if s.ends_with(['#', '.', ':']) && !s.ends_with("\\:") {
        return Err("it ends with an empty name");
    }
    Ok(())
}

/// CSS's pseudo-classes an anchor may use; anything else after a `:` matches nothing in a
/// browser (Playwright's `:has-text()`, `:text()` and `:visible` look like CSS and are not).
const PSEUDO_CLASSES: &[&str] = &[
    "active",
    "any-link",
    "autofill",
    "checked",
    "default",
    "defined",
    "dir",
    "disabled",
    "empty",
    "enabled",
    "first-child",
    "first-of-type",
    "focus",
    "focus-visible",
    "focus-within",
    "has",
    "hover",
    "in-range",
    "indeterminate",
    "invalid",
    "is",
    "lang",
    "last-child",
    "last-of-type",
    "link",
    "modal",
    "not",
    "nth-child",
    "nth-last-child",
    "nth-last-of-type",
    "nth-of-type",
    "only-child",
    "only-of-type",
    "open",
    "optional",
    "out-of-range",
    "placeholder-shown",
    "popover-open",
    "read-only",
    "read-write",
    "required",
    "root",
    "scope",
    "target",
    "user-invalid",
    "user-valid",
    "valid",
    "visited",
    "where",
];

/// A mark as a message names it: a lone backtick inside backticks reads as a code fence.
fn named(mark: &str) -> String {
    if mark == "`" {
        "a backtick (`)".to_owned()
    } else {
        format!("`{mark}`")
    }
}

/// Markdown or an HTML entity in plain text (a headline, a step title): the first one found.
fn markup(text: &str) -> Option<&'static str> {
    const MARKS: &[&str] = &[
        "**", "__", "~~", "`", "](", "&amp;", "&lt;", "&gt;", "&quot;", "&#", "&nbsp;",
    ];
    MARKS.iter().copied().find(|m| text.contains(m))
}

/// The link and image addresses in a content tree, `true` for an image's.
fn body_urls(blocks: &[Block]) -> Vec<(bool, &str)> {
    fn inl<'a>(out: &mut Vec<(bool, &'a str)>, items: &'a [Inline]) {
        for i in items {
            match i {
                Inline::Img(img) => out.push((true, &img.src)),
                Inline::A(l) => {
                    out.push((false, &l.href));
                    inl(out, &l.c);
                }
                Inline::Em(c) | Inline::Strong(c) | Inline::Del(c) => inl(out, c),
                _ => {}
            }
        }
    }
    fn blk<'a>(out: &mut Vec<(bool, &'a str)>, blocks: &'a [Block]) {
        for b in blocks {
            match b {
                Block::P(c) | Block::H(c) => inl(out, c),
                Block::Ul(items) | Block::Ol(items) | Block::Ofrom(_, items) => {
                    items.iter().for_each(|i| blk(out, i))
                }
                Block::Quote(c) => blk(out, c),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    blk(&mut out, blocks);
    out
}

/// Plain text of a content tree.
pub fn plain(blocks: &[Block]) -> String {
    fn inl(out: &mut String, items: &[Inline]) {
        for i in items {
            match i {
                Inline::T(t) | Inline::Code(t) => out.push_str(t),
                Inline::Em(c) | Inline::Strong(c) | Inline::Del(c) => inl(out, c),
                Inline::A(l) => inl(out, &l.c),
                Inline::Img(_) => {}
                Inline::Br => out.push(' '),
            }
        }
    }
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::P(c) | Block::H(c) => inl(&mut out, c),
            Block::Ul(items) | Block::Ol(items) | Block::Ofrom(_, items) => {
                for item in items {
                    out.push_str(&plain(item));
                    out.push_str(". ");
                }
            }
            Block::Pre(_) | Block::Hr => {}
            Block::Quote(c) => out.push_str(&plain(c)),
        }
        out.push_str("\n\n");
    }
    out
}

fn sentences(text: &str) -> Vec<&str> {
    text.split(['.', '!', '?', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The body's reference links (`[text][label]`, `[label][]`) whose label has no definition,
/// with their spans in the body and labels. A shortcut `[label]` is often bracketed prose
/// ("press [Enter]"): it counts only when it is at most three words and the body defines
/// other references (the author writes links that way) or it names an issue (`[#123]`).
fn undefined_references(body: &str) -> Vec<(Range<usize>, String)> {
    use pulldown_cmark::{BrokenLink, LinkType, Options, Parser};
    let defines = body.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with('[') && l.contains("]:") && !l.starts_with("[^")
    });
    let mut found = Vec::new();
    let mut note = |b: BrokenLink<'_>| {
        let label = b.reference.trim().to_owned();
        let short = label.split_whitespace().count() <= 3;
        if b.link_type != LinkType::Shortcut || short && (defines || label.starts_with('#')) {
            found.push((b.span, label));
        }
        None
    };
    let options = Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES;
    Parser::new_with_broken_link_callback(body, options, Some(&mut note)).for_each(drop);
    found
}

/// Where the first words of `sentence` (plain text) are in the Markdown `text` within
/// `region`: each word after the first within 80 bytes of the one before, so code spans, emphasis
/// and a link's URL in between do not lose it (a sentence with a code span was reported at
/// the body's first line).
fn find_words(text: &str, region: Range<usize>, sentence: &str) -> Option<Range<usize>> {
    let hay = text.get(region.clone())?;
    let words: Vec<&str> = sentence
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    let first = *words.first()?;
    for (start, _) in hay.match_indices(first) {
        let mut end = start + first.len();
        let all = words[1..].iter().all(|w| {
            let mut stop = (end + 80 + w.len()).min(hay.len());
            while !hay.is_char_boundary(stop) {
                stop -= 1;
            }
            let window = hay.get(end..stop).unwrap_or("");
            match window.find(w) {
                Some(i) => {
                    end += i + w.len();
                    true
                }
                None => false,
            }
        });
        if all {
            return Some(region.start + start..region.start + end);
        }
    }
    None
}

/// Lower case letter by letter, each the same length in bytes, so positions in it are
/// positions in the text (`İ`, `ẞ` and `Ⱥ` lower-case to longer text: they stay as they are).
pub fn lower_in_place(text: &str) -> String {
    text.chars()
        .map(|ch| {
            let mut l = ch.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == ch.len_utf8() => x,
                _ => ch,
            }
        })
        .collect()
}

fn find_in(text: &str, region: &Range<usize>, needle: &str) -> Range<usize> {
    text.get(region.clone())
        .and_then(|hay| hay.find(needle))
        .map_or_else(
            || crate::diag::char_span(text, region.start),
            |i| region.start + i..region.start + i + needle.len(),
        )
}

/// Flesch-Kincaid grade level.
pub fn grade_level(text: &str) -> f64 {
    let words: Vec<&str> = text.split_whitespace().collect();
    let sentences = sentences(text).len().max(1) as f64;
    let n = words.len().max(1) as f64;
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    0.39 * (n / sentences) + 11.8 * (syllables as f64 / n) - 15.59
}

fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    if w.ends_with(&['e']) && count > 1 && !w.ends_with(&['l', 'e']) {
        count -= 1;
    }
    count.max(1)
}

/// Applies rule levels: the project's `[lint.rules]` (`allow`, `warn`, `deny`), then each file's
/// `allow:` list. Allowed findings are dropped; denied warnings become errors.
pub fn apply_levels(
    diags: Vec<Diagnostic>,
    levels: &[(String, Option<Severity>)],
    file_allow: &dyn Fn(&str) -> Vec<String>,
) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter_map(|mut d| {
            if file_allow(&d.file).iter().any(|c| c == d.code) && d.severity == Severity::Warning {
                return None;
            }
            match levels.iter().find(|(c, _)| c == d.code) {
                Some((_, None)) if d.severity == Severity::Warning => None,
                Some((_, Some(sev))) if d.severity == Severity::Warning => {
                    d.severity = *sev;
                    Some(d)
                }
                _ => Some(d),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_and_pages() {
        for (sel, ok) in [
            ("#export", true),
            (".a > .b", true),
            ("[data-tour=\"x\"]", true),
            ("a:nth-child(2)", true),
            ("", false),
            ("#", false),
            ("[x", false),
            ("a)", false),
            ("a {", false),
            ("> a", false),
            ("'x", false),
            ("button:has-text('Accounts')", false),
            ("#account-menu::after", false),
            ("nav >> text=Reports", false),
            ("text=Reports", false),
            ("li:nth-child(2) > a:not(.x):focus-visible", true),
            ("[data-x=\"a:b\"]", true),
            ("[data-label=\"He said \\\"hi\\\"\"]", true),
            (".md\\:flex", true),
            ("#\\31 23", true),
            ("#\\:r1\\:", true),
            ("a\\", false),
            ("a[href='https://x']", true),
        ] {
            assert_eq!(check_selector(sel).is_ok(), ok, "{sel:?}");
        }
        for (p, ok) in [
            ("/reports", true),
            ("/invoices/*", true),
            ("/a/**", true),
            ("reports", false),
            ("/a?b=1", false),
            ("/inv*", false),
            ("/a//b", false),
        ] {
            assert_eq!(impossible_page(p).is_none(), ok, "{p}");
        }
    }

    /// Found by a trial on imported changelogs: a long sentence with a code span, link or
    /// emphasis in its first words was reported at the body's first line, column 1.
    #[test]
    fn a_sentence_is_found_through_its_markup() {
        let text = "Short intro.\n\nFormat: the `Changelog` header **preamble**; see [the guide](https://example.com/a/long/path) and more.";
        let plain = "Format: the Changelog header preamble; see the guide and more.";
        let at = find_words(text, 0..text.len(), plain).expect("found");
        assert_eq!(at.start, text.find("Format").unwrap());
        assert!(text[at.clone()].ends_with("header"), "{:?}", &text[at]);
        assert_eq!(find_words(text, 20..text.len(), "Short intro"), None);
        assert!(find_words("é".repeat(60).as_str(), 0..120, "é x").is_none());
    }

    #[test]
    fn undefined_references_are_found_and_prose_in_brackets_is_not() {
        let labels = |body: &str| -> Vec<String> {
            undefined_references(body)
                .into_iter()
                .map(|(r, l)| {
                    assert_eq!(
                        body.get(r.clone()).map(|t| t.contains(&l)),
                        Some(true),
                        "{r:?}"
                    );
                    l
                })
                .collect()
        };
        // Full and collapsed references without a definition: always.
        assert_eq!(
            labels("See [the guide][guide] and [docs][]."),
            ["guide", "docs"]
        );
        // Defined: fine, whatever the case.
        assert!(labels("See [the guide][Guide].\n\n[guide]: https://x.com/g").is_empty());
        // Shortcuts are prose unless the body writes links as references, or it is an issue.
        assert!(labels("Press [Enter] to go. A [bracketed aside] stays.").is_empty());
        assert_eq!(labels("Fixed in [#12]."), ["#12"]);
        assert_eq!(
            labels("See [docs] and [1.2.0], [a long aside in prose here].\n\n[x]: https://x.com"),
            ["docs", "1.2.0"]
        );
        // Task boxes, alerts and inline links are not references.
        assert!(
            labels("- [x] done\n- [ ] open\n\n> [!NOTE]\n> Hi\n\n[ok](https://x.com)").is_empty()
        );
    }

    #[test]
    fn grades_and_every_rule_is_explained() {
        assert!(grade_level("We ship. You win. It works.") < 3.0);
        assert!(grade_level("Comprehensive institutional interoperability necessitates multidimensional organizational considerations.") > 12.0);
        for r in RULES {
            assert!(!r.explain.is_empty() && !r.summary.is_empty(), "{}", r.code);
            assert_eq!(
                RULES.iter().filter(|x| x.code == r.code).count(),
                1,
                "{}",
                r.code
            );
        }
    }
}
