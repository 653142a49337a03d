//! Validating the parsed bundle (a `JSON.parse` result) into core's owned types.
//!
//! Hand-written instead of serde: serde_json would add ~27 KB brotli to every host page. It
//! reads through the small [`Json`] trait, implemented for the browser's values here and for
//! `serde_json::Value` in the native tests, which decode the compiler's own output so the two
//! sides cannot drift. Tolerant where the format allows it: unknown fields and unknown content
//! node kinds (a newer minor version) are ignored; an announcement missing required fields is
//! skipped. Strict where safety needs it: an unknown major version or a non-bundle is refused,
//! URLs are re-checked against the scheme allowlist, nesting depth is bounded.

use crate::app::{Announcement, Bundle};
use crate::dom;
use alloc::boxed::Box;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use wasm_bindgen::JsValue;
use whatsnew_core::bundle::{
    check_version, Block, Cta, Display, EventSettings, Extra, Goal, Image, Inline, Link, Pacing,
    Step, Translation, Trigger, VersionError,
};
use whatsnew_core::rule::{Op, Rule, Value};
use whatsnew_core::url::safe_url;
use whatsnew_core::Date;

/// How deep content may nest; the CLI refuses deeper input, so deeper is a hostile bundle.
const MAX_DEPTH: usize = 16;

/// How many items of a list (announcements, blocks, inlines, tags, ...) are read: a hostile
/// bundle's 100,000 paragraphs would block the host's page for minutes.
const MAX_ITEMS: u32 = 1000;

/// What the decoder reads from a parsed JSON value.
pub trait Json: Sized + Clone {
    /// A member of an object (absent, or not an object: `None`).
    fn get(&self, key: &str) -> Option<Self>;
    /// The value as text.
    fn str(&self) -> Option<String>;
    /// The value as a number.
    fn num(&self) -> Option<f64>;
    /// The value as a boolean.
    fn bool(&self) -> Option<bool>;
    /// An array's items (empty for anything else).
    fn items(&self) -> Vec<Self>;
    /// Is it an array?
    fn is_array(&self) -> bool;
    /// A plain object's keys, in order (empty for arrays and anything else).
    fn keys(&self) -> Vec<String>;
}

impl Json for JsValue {
    fn get(&self, key: &str) -> Option<JsValue> {
        Some(dom::member(self, key)).filter(|v| !v.is_undefined())
    }
    fn str(&self) -> Option<String> {
        self.as_string()
    }
    fn num(&self) -> Option<f64> {
        self.as_f64()
    }
    fn bool(&self) -> Option<bool> {
        self.as_bool()
    }
    // At most MAX_ITEMS items and keys (the loader's `D.N` and `D.O` cut there).
    fn items(&self) -> Vec<JsValue> {
        dom::items(self).take(MAX_ITEMS as usize).collect()
    }
    fn is_array(&self) -> bool {
        dom::length(self) >= 0
    }
    fn keys(&self) -> Vec<String> {
        dom::items(&dom::keys(self))
            .filter_map(|k| k.as_string())
            .collect()
    }
}

fn string<J: Json>(v: &J, key: &str) -> Option<String> {
    v.get(key)?.str()
}

fn number<J: Json>(v: &J, key: &str) -> Option<f64> {
    v.get(key)?.num()
}

fn list<J: Json>(v: &J, key: &str) -> Vec<J> {
    v.get(key).map(|l| l.items()).unwrap_or_default()
}

fn strings<J: Json>(v: &J, key: &str) -> Vec<String> {
    list(v, key).iter().filter_map(Json::str).collect()
}

/// Validates a bundle; the error is a sentence for the console.
pub fn bundle<J: Json>(v: &J) -> Result<Bundle, String> {
    let version = string(v, "version").ok_or("the bundle has no version (is it a bundle?)")?;
    match check_version(&version) {
        Ok(_) => {}
        Err(VersionError::UnknownMajor(_)) => {
            return Err(dom::cat(&[
                "the bundle's version ",
                &version,
                " is newer than this widget; update whatsnew.js",
            ]))
        }
        Err(VersionError::Malformed) => return Err("the bundle's version is malformed".into()),
    }
    let Some(list) = v.get("announcements").filter(Json::is_array) else {
        return Err("the bundle has no announcements list".into());
    };
    let pacing = v.get("pacing");
    let d = Pacing::default();
    let limit = |k: &str, default: u32| {
        pacing
            .as_ref()
            .and_then(|p| number(p, k))
            .filter(|n| *n >= 0.0)
            .map_or(default, |n| n as u32)
    };
    Ok(Bundle {
        version,
        bundle: string(v, "bundle").unwrap_or_else(|| "default".into()),
        announcements: list.items().iter().filter_map(announcement).collect(),
        locales: strings(v, "locales"),
        rules: map(v.get("rules"), |r| rule(r, 0)),
        events: v.get("events").map(|e| EventSettings {
            helpful: e.get("helpful").and_then(|b| b.bool()).unwrap_or(false),
            // The traits events carry are the loader's business.
            traits: Vec::new(),
        }),
        anchor_wait: number(v, "anchor_wait").map(|n| n as u32),
        pacing: pacing.as_ref().map(|_| Pacing {
            per_session: limit("per_session", d.per_session),
            per_day: limit("per_day", d.per_day),
            min_gap: limit("min_gap", d.min_gap),
        }),
        // The rest (revision, product, audience sources, endpoint) is not used by the widget
        // yet: reading it would only cost bytes.
        ..Bundle::default()
    })
}

/// A JSON object's entries as a list sorted by key, keeping the values `f` accepts. Inserted
/// in order rather than sorted afterwards: a sort implementation costs the wasm ~2 KB.
fn map<J: Json, T>(v: Option<J>, f: impl Fn(&J) -> Option<T>) -> Vec<(String, T)> {
    let mut out: Vec<(String, T)> = Vec::new();
    let Some(v) = v else { return out };
    for k in v.keys() {
        if let Some(value) = v.get(&k).as_ref().and_then(&f) {
            let at = out.partition_point(|(x, _)| *x < k);
            out.insert(at, (k, value));
        }
    }
    out
}

fn value<J: Json>(v: &J) -> Option<Value> {
    if let Some(s) = v.str() {
        return Some(Value::Str(s));
    }
    if let Some(n) = v.num() {
        return Some(Value::Num(n));
    }
    v.bool().map(Value::Bool)
}

/// An audience rule in its compiled form (see `whatsnew_core::rule::Rule`).
fn rule<J: Json>(v: &J, depth: usize) -> Option<Rule> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (kind, p) = node(v)?;
    let parts = p.items();
    let sub = |i: usize| rule(parts.get(i)?, depth + 1).map(Box::new);
    let text = |i: usize| parts.get(i)?.str();
    Some(match kind.as_str() {
        "and" => Rule::And(sub(0)?, sub(1)?),
        "or" => Rule::Or(sub(0)?, sub(1)?),
        "not" => Rule::Not(Box::new(rule(&p, depth + 1)?)),
        "flag" => Rule::Flag(p.str()?),
        "in" => Rule::In(
            text(0)?,
            parts.get(1)?.items().iter().filter_map(value).collect(),
        ),
        "cmp" => {
            let op = text(1)?;
            let op = Op::ALL.iter().find(|(n, _)| *n == op)?.1;
            Rule::Cmp(text(0)?, op, value(parts.get(2)?)?)
        }
        _ => return None,
    })
}

fn cta<J: Json>(v: Option<J>) -> Option<Cta> {
    let v = v?;
    Some(Cta {
        label: string(&v, "label")?,
        url: string(&v, "url").and_then(|u| safe_url(&u))?,
    })
}

fn announcement<J: Json>(v: &J) -> Option<Announcement> {
    let id = string(v, "id").filter(|s| !s.is_empty() && !s.contains(['\n', '\r']))?;
    let benefit = string(v, "benefit").filter(|s| !s.trim_ascii().is_empty())?;
    let published = Date::parse(&string(v, "published")?)?;
    let display = string(v, "display").unwrap_or_default();
    let trigger = v.get("trigger");
    let image = v.get("image");
    Some(Announcement {
        id,
        benefit,
        feature: string(v, "feature"),
        published,
        cta: cta(v.get("cta")),
        body: blocks(&list(v, "body"), 0),
        publish: number(v, "publish").map(|n| n as i64),
        expire: number(v, "expire").map(|n| n as i64),
        audience: strings(v, "audience"),
        extra: Extra {
            // An unknown display (a newer bundle) stays in the feed.
            display: Display::ALL
                .iter()
                .find(|(n, _)| *n == display)
                .map_or(Display::Feed, |(_, d)| *d),
            pages: strings(v, "pages"),
            priority: number(v, "priority").map_or(0, |n| n as i32),
            trigger: trigger.as_ref().and_then(|t| {
                Some(Trigger {
                    event: string(t, "event")?,
                    count: number(t, "count").map_or(1, |n| n as u32),
                })
            }),
            timeout: number(v, "timeout").map(|n| n as u32),
            goal: v.get("goal").and_then(|g| {
                Some(Goal {
                    event: string(&g, "event")?,
                    within_days: number(&g, "within_days").map_or(14, |n| n as u32),
                })
            }),
            holdout: number(v, "holdout").map(|n| n as u32),
            image: image.as_ref().and_then(|i| {
                Some(Image {
                    src: string(i, "src").and_then(|u| safe_url(&u))?,
                    alt: string(i, "alt")?,
                })
            }),
            translations: map(v.get("translations"), |t| {
                Some(Translation {
                    benefit: string(t, "benefit").filter(|s| !s.trim_ascii().is_empty())?,
                    feature: string(t, "feature"),
                    cta: cta(t.get("cta")),
                    body: blocks(&list(t, "body"), 0),
                    steps: steps(t),
                })
            }),
            anchor: string(v, "anchor"),
            side: string(v, "side"),
            hotspot: v.get("hotspot").and_then(|b| b.bool()).unwrap_or(false),
            missing: string(v, "missing"),
            steps: steps(v),
            tags: Vec::new(),
        },
    })
}

/// A guide's steps (an announcement's, or a translation's).
fn steps<J: Json>(v: &J) -> Vec<Step> {
    list(v, "steps")
        .iter()
        .filter_map(|s| {
            Some(Step {
                title: string(s, "title")?,
                anchor: string(s, "anchor"),
                body: blocks(&list(s, "body"), 0),
                page: string(s, "page"),
                side: string(s, "side"),
                advance: string(s, "advance"),
            })
        })
        .collect()
}

/// A node is `{"kind": payload}` (or the bare string `"hr"` / `"br"`): its kind and payload.
fn node<J: Json>(v: &J) -> Option<(String, J)> {
    if let Some(s) = v.str() {
        return (s == "hr" || s == "br").then(|| (s, v.clone()));
    }
    let kind = v.keys().into_iter().next()?;
    let payload = v.get(&kind)?;
    Some((kind, payload))
}

fn blocks<J: Json>(items: &[J], depth: usize) -> Vec<Block> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    items.iter().filter_map(|b| block(b, depth)).collect()
}

fn block<J: Json>(v: &J, depth: usize) -> Option<Block> {
    let (kind, p) = node(v)?;
    let items = |p: &J| {
        p.items()
            .iter()
            .map(|item| blocks(&item.items(), depth + 1))
            .collect()
    };
    Some(match kind.as_str() {
        "p" => Block::P(inlines(&p.items(), depth + 1)),
        "h" => Block::H(inlines(&p.items(), depth + 1)),
        "ul" => Block::Ul(items(&p)),
        "ol" => Block::Ol(items(&p)),
        "ofrom" => {
            let at = p.items();
            let n = at.first()?.num()?;
            Block::Ofrom(n as u64, items(at.get(1)?))
        }
        "pre" => Block::Pre(p.str()?),
        "quote" => Block::Quote(blocks(&p.items(), depth + 1)),
        "hr" => Block::Hr,
        _ => return None,
    })
}

fn inlines<J: Json>(items: &[J], depth: usize) -> Vec<Inline> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    items.iter().filter_map(|i| inline(i, depth)).collect()
}

fn inline<J: Json>(v: &J, depth: usize) -> Option<Inline> {
    let (kind, p) = node(v)?;
    Some(match kind.as_str() {
        "t" => Inline::T(p.str()?),
        "code" => Inline::Code(p.str()?),
        "em" => Inline::Em(inlines(&p.items(), depth + 1)),
        "strong" => Inline::Strong(inlines(&p.items(), depth + 1)),
        "del" => Inline::Del(inlines(&p.items(), depth + 1)),
        "a" => Inline::A(Link {
            href: string(&p, "href").and_then(|u| safe_url(&u))?,
            c: inlines(&list(&p, "c"), depth + 1),
        }),
        "img" => Inline::Img(Image {
            src: string(&p, "src").and_then(|u| safe_url(&u))?,
            alt: string(&p, "alt")?,
        }),
        "br" => Inline::Br,
        _ => return None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    //! The decoder against the compiler's own output: what `whatsnew build` writes, the widget
    //! reads back whole (protects against the two drifting apart, as they did before 1.2).
    use super::*;
    use serde_json::Value as V;
    use whatsnew_core::compile::{compile_bundle, Project, Source};

    impl Json for V {
        fn get(&self, key: &str) -> Option<V> {
            self.as_object()?.get(key).cloned()
        }
        fn str(&self) -> Option<String> {
            self.as_str().map(String::from)
        }
        fn num(&self) -> Option<f64> {
            self.as_f64()
        }
        fn bool(&self) -> Option<bool> {
            self.as_bool()
        }
        fn items(&self) -> Vec<V> {
            self.as_array()
                .map(|a| a.iter().take(MAX_ITEMS as usize).cloned().collect())
                .unwrap_or_default()
        }
        fn is_array(&self) -> bool {
            self.is_array()
        }
        fn keys(&self) -> Vec<String> {
            self.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        }
    }

    const POPUP: &str = "---\nbenefit: Hand your accountant a whole quarter\nfeature: Bulk export\npublished: 2026-11-20\ndisplay: popup\npages: [/reports, \"/invoices/*\"]\naudience: [admins, pro]\npriority: 5\npublish: 2026-11-20T09:00:00Z\nexpire: 2027-01-01\nimage: { src: /img/export.png, alt: The export dialog }\ncta:\n  label: Export this quarter\n  url: /reports/export\n---\nPick a range, get **one** file (~~ten~~). See [the guide](https://example.com/guide) or `--all`.\n\n- [x] one\n- two\n\n3. go on\n4. at four\n\n1. from one\n\n> quoted\n\n```\ncode\n```\n\n---\n";
    const POPUP_FR: &str = "---\nbenefit: Un trimestre entier en un fichier\ncta:\n  label: Exporter\n  url: /reports/export\n---\nChoisissez une période.\n";
    const TOAST: &str = "---\nbenefit: Send reports to your accountant in one click\npublished: 2026-11-02\ndisplay: toast\ntrigger: { event: report-exported, count: 2 }\ntimeout: 15s\ngoal: report-sent\nwithin: 7d\nholdout: 10%\n---\nBody with a line  \nbreak and an ![chart](/c.png).\n";

    const TIP: &str = "---\nbenefit: Export from here\npublished: 2026-11-03\ndisplay: tooltip\nanchor: \"#export\"\nside: start\nhotspot: true\n---\nIt exports the whole quarter.\n";
    const GUIDE: &str = "---\nbenefit: Close the month in three steps\npublished: 2026-11-04\ndisplay: guide\nmissing: end\nsteps:\n  - title: Open the reports\n    anchor: \"#nav-reports\"\n    page: /\n    advance: click\n  - title: Pick the quarter\n    anchor: \"[data-tour=range]\"\n    page: /reports\n    side: top\n    body: Choose **Q3**.\n  - title: Export\n---\nThe tour.\n";

    const GUIDE_FR: &str = "---\nbenefit: Clôturez le mois en trois étapes\nsteps:\n  - title: Ouvrez les rapports\n  - title: Choisissez le trimestre\n    body: Choisissez **T3**.\n  - title: Exportez\n---\nLa visite.\n";

    fn compiled() -> whatsnew_core::Bundle {
        let project = Project {
            bundle_id: "ledgerly".into(),
            locales: vec!["en".into(), "fr".into()],
            audiences: vec![
                ("admins".into(), "role == \"admin\" || !trial".into()),
                (
                    "pro".into(),
                    "plan in [\"pro\", \"team\"] && seats >= 5".into(),
                ),
            ],
            pacing: Some(Pacing {
                per_session: 1,
                per_day: 3,
                min_gap: 600,
            }),
            anchor_wait: Some(3000),
            ..Project::default()
        };
        let src = |path: &'static str, stem: &'static str, text: &'static str| Source {
            path,
            stem,
            text,
        };
        compile_bundle(
            &project,
            &[
                src("export.md", "export", POPUP),
                src("export.fr.md", "export.fr", POPUP_FR),
                src("toast.md", "toast", TOAST),
                src("tip.md", "tip", TIP),
                src("guide.md", "guide", GUIDE),
                src("guide.fr.md", "guide.fr", GUIDE_FR),
            ],
            None,
        )
        .expect("the fixtures compile")
    }

    #[test]
    fn reads_back_everything_the_compiler_writes_that_the_widget_uses() {
        let written = compiled();
        let json: V = serde_json::to_value(&written).unwrap();
        let read = bundle(&json).expect("decodes");
        // What the widget does not read is left out on purpose (see `bundle`); the rest must
        // come back exactly, announcement by announcement.
        let mut expected = written.clone();
        expected.revision = String::new();
        expected.audiences = Vec::new();
        for a in &mut expected.announcements {
            a.extra.tags = Vec::new();
        }
        expected.generated = None;
        expected.product = None;
        expected.endpoint = None;
        assert_eq!(read, expected);
        assert!(!read.rules.is_empty() && read.pacing.is_some());
        assert_eq!(read.announcements.len(), 4);
        assert_eq!(read.anchor_wait, Some(3000));
        let guide = read.announcements.iter().find(|a| a.id == "guide").unwrap();
        assert_eq!(guide.extra.steps.len(), 3);
        assert_eq!(guide.extra.steps[1].page.as_deref(), Some("/reports"));
        assert_eq!(guide.extra.steps[0].advance.as_deref(), Some("click"));
        let fr = &guide.extra.translations[0].1;
        assert_eq!(fr.steps.len(), 3);
        assert_eq!(fr.steps[1].title, "Choisissez le trimestre");
        assert!(!fr.steps[1].body.is_empty());
    }

    #[test]
    fn reads_at_most_max_items_of_a_list() {
        let paragraphs = vec![serde_json::json!({"p": [{"t": "x"}]}); 100_000];
        let announcement = serde_json::json!({"id": "a", "benefit": "B", "published": "2026-01-01", "body": paragraphs});
        let many: Vec<V> = (0..5000)
            .map(|i| serde_json::json!({"id": format!("a{i}"), "benefit": "B", "published": "2026-01-01"}))
            .collect();
        let b = bundle(&serde_json::json!({"version": "1.3", "announcements": [announcement]}))
            .unwrap();
        let blocks = b.announcements[0].body.len();
        let b = bundle(&serde_json::json!({"version": "1.3", "announcements": many})).unwrap();
        println!(
            "100,000 paragraphs: {blocks} read; 5,000 announcements: {} read",
            b.announcements.len()
        );
        assert_eq!((blocks, b.announcements.len()), (1000, 1000));
    }

    #[test]
    fn refuses_non_bundles_and_newer_majors_and_skips_bad_items() {
        for (json, fails) in [
            ("{}", true),
            ("[]", true),
            ("\"x\"", true),
            ("{\"version\": \"2.0\", \"announcements\": []}", true),
            ("{\"version\": \"1.9\", \"announcements\": \"no\"}", true),
            ("{\"version\": \"1.9\", \"announcements\": []}", false),
        ] {
            let v: V = serde_json::from_str(json).unwrap();
            assert_eq!(bundle(&v).is_err(), fails, "{json}");
        }
        let v: V = serde_json::from_str(
            r#"{"version": "1.7", "future": 1, "announcements": [
                {"id": "ok", "benefit": "B", "published": "2026-01-01", "display": "hologram",
                 "body": [{"p": [{"t": "x"}, {"blink": "y"}, "t"]}, {"marquee": []}, "hr"],
                 "cta": {"label": "Go", "url": "javascript:alert(1)"}},
                {"id": "", "benefit": "B", "published": "2026-01-01"},
                {"id": "no-date", "benefit": "B"},
                7
            ]}"#,
        )
        .unwrap();
        let b = bundle(&v).unwrap();
        assert_eq!(b.announcements.len(), 1);
        let a = &b.announcements[0];
        assert_eq!(
            a.extra.display,
            Display::Feed,
            "an unknown display stays in the feed"
        );
        assert_eq!(a.cta, None, "unsafe URLs are dropped");
        assert_eq!(
            a.body,
            vec![Block::P(vec![Inline::T("x".into())]), Block::Hr]
        );
    }
}
