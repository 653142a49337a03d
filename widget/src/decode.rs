//! Validating the parsed bundle (a `JSON.parse` result) into core's owned types.
//!
//! Hand-written over `js_sys::Reflect` instead of serde: serde_json would add ~27 KB brotli to
//! every host page. Tolerant where the format allows it: unknown fields and unknown content
//! node kinds (a newer minor version) are ignored; an announcement missing required fields is
//! skipped. Strict where safety needs it: an unknown major version or a non-bundle is refused,
//! URLs are re-checked against the scheme allowlist, nesting depth is bounded.

use crate::app::{Announcement, Bundle};
use crate::dom;
use alloc::boxed::Box;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use whatsnew_core::bundle::{
    check_version, Block, Cta, Display, Extra, Image, Inline, Link, Pacing, Translation, Trigger,
    VersionError,
};
use whatsnew_core::rule::{Op, Rule, Value};
use whatsnew_core::url::safe_url;
use whatsnew_core::Date;

/// How deep content may nest; the CLI refuses deeper input, so deeper is a hostile bundle.
const MAX_DEPTH: usize = 16;

/// Validates a bundle; the error is a sentence for the console.
pub fn bundle(v: &JsValue) -> Result<Bundle, String> {
    if !v.is_object() {
        return Err("the bundle is not a JSON object".into());
    }
    let version = string(v, "version").ok_or("the bundle has no version")?;
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
    let list = get(v, "announcements");
    if !Array::is_array(&list) {
        return Err("the bundle has no announcements list".into());
    }
    let announcements = list
        .unchecked_ref::<Array>()
        .iter()
        .filter_map(|a| announcement(&a))
        .collect();
    let pacing = get(v, "pacing");
    let num = |o: &JsValue, k: &str| get(o, k).as_f64().filter(|n| *n >= 0.0).map(|n| n as u32);
    Ok(Bundle {
        version,
        bundle: string(v, "bundle").unwrap_or_else(|| "default".into()),
        announcements,
        locales: strings(&get(v, "locales")),
        rules: map(&get(v, "rules"), |r| rule(r, 0)),
        pacing: pacing.is_object().then(|| {
            let d = Pacing::default();
            Pacing {
                per_session: num(&pacing, "per_session").unwrap_or(d.per_session),
                per_day: num(&pacing, "per_day").unwrap_or(d.per_day),
                min_gap: num(&pacing, "min_gap").unwrap_or(d.min_gap),
            }
        }),
        // The rest (revision, product, audience sources, endpoint) is not used by the widget
        // yet: reading it would only cost bytes.
        ..Bundle::default()
    })
}

/// A JSON object's entries as a list sorted by key, keeping the values `f` accepts. Inserted
/// in order rather than sorted afterwards: a sort implementation costs the wasm ~2 KB.
fn map<T>(v: &JsValue, f: impl Fn(&JsValue) -> Option<T>) -> Vec<(String, T)> {
    let mut out: Vec<(String, T)> = Vec::new();
    let Some(obj) = v.dyn_ref::<Object>().filter(|_| !Array::is_array(v)) else {
        return out;
    };
    for k in Object::keys(obj).iter() {
        let Some(k) = k.as_string() else { continue };
        if let Some(value) = f(&get(v, &k)) {
            let at = out.partition_point(|(x, _)| *x < k);
            out.insert(at, (k, value));
        }
    }
    out
}

fn strings(v: &JsValue) -> Vec<String> {
    array(v).iter().filter_map(JsValue::as_string).collect()
}

fn value(v: &JsValue) -> Option<Value> {
    if let Some(s) = v.as_string() {
        return Some(Value::Str(s));
    }
    if let Some(n) = v.as_f64() {
        return Some(Value::Num(n));
    }
    v.as_bool().map(Value::Bool)
}

/// An audience rule in its compiled form (see `whatsnew_core::rule::Rule`).
fn rule(v: &JsValue, depth: usize) -> Option<Rule> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (kind, p) = node(v)?;
    let parts = array(&p);
    let part = |i: usize| parts.get(i).cloned().unwrap_or(JsValue::UNDEFINED);
    let sub = |i: usize| rule(&part(i), depth + 1).map(Box::new);
    Some(match kind.as_str() {
        "and" => Rule::And(sub(0)?, sub(1)?),
        "or" => Rule::Or(sub(0)?, sub(1)?),
        "not" => Rule::Not(Box::new(rule(&p, depth + 1)?)),
        "flag" => Rule::Flag(p.as_string()?),
        "in" => Rule::In(
            part(0).as_string()?,
            array(&part(1)).iter().filter_map(value).collect(),
        ),
        "cmp" => {
            let op = part(1).as_string()?;
            let op = Op::ALL.iter().find(|(n, _)| *n == op)?.1;
            Rule::Cmp(part(0).as_string()?, op, value(&part(2))?)
        }
        _ => return None,
    })
}

fn cta(v: &JsValue) -> Option<Cta> {
    if !v.is_object() {
        return None;
    }
    Some(Cta {
        label: string(v, "label")?,
        url: string(v, "url").and_then(|u| safe_url(&u))?,
    })
}

fn get(v: &JsValue, key: &str) -> JsValue {
    // Reflect::get throws on revoked proxies; a getter that throws is "absent".
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

fn announcement(v: &JsValue) -> Option<Announcement> {
    if !v.is_object() {
        return None;
    }
    let id = string(v, "id").filter(|s| !s.is_empty() && !s.contains(['\n', '\r']))?;
    let benefit = string(v, "benefit").filter(|s| !s.trim_ascii().is_empty())?;
    let published = Date::parse(&string(v, "published")?)?;
    let display = string(v, "display").unwrap_or_default();
    let trigger = get(v, "trigger");
    let image = get(v, "image");
    Some(Announcement {
        id,
        benefit,
        feature: string(v, "feature"),
        published,
        cta: cta(&get(v, "cta")),
        body: blocks(&get(v, "body"), 0),
        publish: get(v, "publish").as_f64().map(|n| n as i64),
        expire: get(v, "expire").as_f64().map(|n| n as i64),
        audience: strings(&get(v, "audience")),
        extra: Extra {
            // An unknown display (a newer bundle) stays in the feed.
            display: Display::ALL
                .iter()
                .find(|(n, _)| *n == display)
                .map_or(Display::Feed, |(_, d)| *d),
            pages: strings(&get(v, "pages")),
            priority: get(v, "priority").as_f64().map_or(0, |n| n as i32),
            trigger: string(&trigger, "event").map(|event| Trigger {
                event,
                count: get(&trigger, "count").as_f64().map_or(1, |n| n as u32),
            }),
            timeout: get(v, "timeout").as_f64().map(|n| n as u32),
            image: match (
                string(&image, "src").and_then(|u| safe_url(&u)),
                string(&image, "alt"),
            ) {
                (Some(src), Some(alt)) => Some(Image { src, alt }),
                _ => None,
            },
            translations: map(&get(v, "translations"), |t| {
                Some(Translation {
                    benefit: string(t, "benefit").filter(|s| !s.trim_ascii().is_empty())?,
                    feature: string(t, "feature"),
                    cta: cta(&get(t, "cta")),
                    body: blocks(&get(t, "body"), 0),
                })
            }),
            // Anchors and guide steps wait for the surfaces that use them.
            ..Extra::default()
        },
    })
}

/// A node is `{"kind": payload}` (or the bare string `"hr"` / `"br"`): its kind and payload.
fn node(v: &JsValue) -> Option<(String, JsValue)> {
    if let Some(s) = v.as_string() {
        return Some((s, JsValue::UNDEFINED));
    }
    let obj = v.dyn_ref::<Object>()?;
    let kind = Object::keys(obj).get(0).as_string()?;
    let payload = get(v, &kind);
    Some((kind, payload))
}

fn array(v: &JsValue) -> Vec<JsValue> {
    if Array::is_array(v) {
        v.unchecked_ref::<Array>().iter().collect()
    } else {
        Vec::new()
    }
}

fn blocks(v: &JsValue, depth: usize) -> Vec<Block> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    array(v).iter().filter_map(|b| block(b, depth)).collect()
}

fn block(v: &JsValue, depth: usize) -> Option<Block> {
    let (kind, p) = node(v)?;
    let items = |p: &JsValue| {
        array(p)
            .iter()
            .map(|item| blocks(item, depth + 1))
            .collect()
    };
    Some(match kind.as_str() {
        "p" => Block::P(inlines(&p, depth + 1)),
        "h" => Block::H(inlines(&p, depth + 1)),
        "ul" => Block::Ul(items(&p)),
        "ol" => Block::Ol(items(&p)),
        "pre" => Block::Pre(p.as_string()?),
        "quote" => Block::Quote(blocks(&p, depth + 1)),
        "hr" => Block::Hr,
        _ => return None,
    })
}

fn inlines(v: &JsValue, depth: usize) -> Vec<Inline> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    array(v).iter().filter_map(|i| inline(i, depth)).collect()
}

fn inline(v: &JsValue, depth: usize) -> Option<Inline> {
    let (kind, p) = node(v)?;
    Some(match kind.as_str() {
        "t" => Inline::T(p.as_string()?),
        "code" => Inline::Code(p.as_string()?),
        "em" => Inline::Em(inlines(&p, depth + 1)),
        "strong" => Inline::Strong(inlines(&p, depth + 1)),
        "a" => Inline::A(Link {
            href: string(&p, "href").and_then(|u| safe_url(&u))?,
            c: inlines(&get(&p, "c"), depth + 1),
        }),
        "img" => Inline::Img(Image {
            src: string(&p, "src").and_then(|u| safe_url(&u))?,
            alt: string(&p, "alt")?,
        }),
        "br" => Inline::Br,
        _ => return None,
    })
}
