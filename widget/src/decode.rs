//! Validating the parsed bundle (a `JSON.parse` result) into core's owned types.
//!
//! Hand-written over `js_sys::Reflect` instead of serde: serde_json would add ~27 KB brotli to
//! every host page. Tolerant where the format allows it: unknown fields and unknown content
//! node kinds (a newer minor version) are ignored; an announcement missing required fields is
//! skipped. Strict where safety needs it: an unknown major version or a non-bundle is refused,
//! URLs are re-checked against the scheme allowlist, nesting depth is bounded.

use crate::app::{Announcement, Bundle};
use crate::dom;
#[allow(unused_imports)]
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use whatsnew_core::bundle::{check_version, Block, Cta, Image, Inline, Link, VersionError};
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
    Ok(Bundle {
        version,
        bundle: string(v, "bundle").unwrap_or_else(|| "default".into()),
        announcements,
        // The rest is not used by the widget yet: reading it would only cost bytes.
        ..Bundle::default()
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
    let cta = get(v, "cta");
    let cta = if cta.is_object() {
        match (
            string(&cta, "label"),
            string(&cta, "url").and_then(|u| safe_url(&u)),
        ) {
            (Some(label), Some(url)) => Some(Cta { label, url }),
            _ => None,
        }
    } else {
        None
    };
    Some(Announcement {
        id,
        benefit,
        feature: string(v, "feature"),
        published,
        cta,
        body: blocks(&get(v, "body"), 0),
        // Only what selection needs; the rest waits for the surfaces that use it.
        publish: get(v, "publish").as_f64().map(|n| n as i64),
        expire: get(v, "expire").as_f64().map(|n| n as i64),
        // Audience rules need user traits, which the widget does not take yet; it only needs to
        // know that one applies (selection then hides the announcement rather than show it to
        // everyone), so a placeholder stands for the names.
        audience: if array(&get(v, "audience")).is_empty() {
            Vec::new()
        } else {
            vec![String::new()]
        },
        ..Announcement::default()
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
