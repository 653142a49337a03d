//! A small JSON reader: everything the loader hands the runtime (the bundle, the options, the
//! traits) arrives as text and is read here, so no value crosses into the wasm one property
//! at a time (reading a parsed bundle through `Reflect` cost ~2 KB brotli of bindings and
//! glue, and a call per field).
//!
//! Strict RFC 8259 syntax, bounded: nesting deeper than [`MAX_DEPTH`] is refused (a hostile
//! bundle's 100,000 brackets never reach the stack), and so is anything after the value.
//! Numbers are read without `core`'s float parser (several KB of wasm): integers and decimals
//! up to 19 significant digits are exact, longer ones are rounded.

use alloc::string::String;
use alloc::vec::Vec;

/// How deep arrays and objects may nest. The deepest bundle the CLI writes is about 40
/// (16 levels of content, each an object in an array, under the announcement).
pub const MAX_DEPTH: u32 = 64;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<V>),
    /// An object, its members in order (a repeated key: the first wins, as `get` finds it).
    Obj(Vec<(String, V)>),
}

impl V {
    /// A member of an object.
    pub fn get(&self, key: &str) -> Option<&V> {
        match self {
            V::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Reads `text` as one JSON value; `None` when it is not JSON, or nests too deep.
pub fn parse(text: &str) -> Option<V> {
    let mut p = Parser {
        s: text.as_bytes(),
        at: 0,
    };
    let v = p.value(0)?;
    p.space();
    (p.at == p.s.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> u8 {
        self.s.get(self.at).copied().unwrap_or(0)
    }

    fn space(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.space();
        let yes = self.peek() == c;
        if yes {
            self.at += 1;
        }
        yes
    }

    fn word(&mut self, w: &str, v: V) -> Option<V> {
        let end = self.at + w.len();
        (self.s.get(self.at..end)? == w.as_bytes()).then(|| {
            self.at = end;
            v
        })
    }

    fn value(&mut self, depth: u32) -> Option<V> {
        self.space();
        match self.peek() {
            b'n' => self.word("null", V::Null),
            b't' => self.word("true", V::Bool(true)),
            b'f' => self.word("false", V::Bool(false)),
            b'"' => self.string().map(V::Str),
            b'[' if depth < MAX_DEPTH => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(V::Arr(items))
            }
            b'{' if depth < MAX_DEPTH => {
                self.at += 1;
                let mut members = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let k = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        members.push((k, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(V::Obj(members))
            }
            b'-' | b'0'..=b'9' => self.number().map(V::Num),
            _ => None,
        }
    }

    fn digits(&mut self) -> (u64, i32, usize) {
        // (value of the first 19 significant digits, how many more there were, how many in all)
        let (mut n, mut extra, mut count) = (0u64, 0i32, 0usize);
        while let c @ b'0'..=b'9' = self.peek() {
            if n < 1_000_000_000_000_000_000 {
                n = n * 10 + u64::from(c - b'0');
            } else {
                extra += 1;
            }
            count += 1;
            self.at += 1;
        }
        (n, extra, count)
    }

    fn number(&mut self) -> Option<f64> {
        let negative = self.peek() == b'-';
        if negative {
            self.at += 1;
        }
        let leading_zero = self.peek() == b'0';
        let (int, mut exp, count) = self.digits();
        if count == 0 || (leading_zero && count > 1) {
            return None;
        }
        let mut mantissa = int;
        if self.peek() == b'.' {
            self.at += 1;
            let start = self.at;
            while let c @ b'0'..=b'9' = self.peek() {
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    exp -= 1;
                }
                self.at += 1;
            }
            if self.at == start {
                return None;
            }
        }
        if matches!(self.peek(), b'e' | b'E') {
            self.at += 1;
            let minus = self.peek() == b'-';
            if matches!(self.peek(), b'-' | b'+') {
                self.at += 1;
            }
            let (e, _, count) = self.digits();
            if count == 0 {
                return None;
            }
            let e = e.min(1000) as i32;
            exp = exp.saturating_add(if minus { -e } else { e });
        }
        // Dividing by an exact power of ten keeps decimals like 0.1 exact to the last bit.
        let m = mantissa as f64;
        let v = if exp < 0 {
            m / pow10(-exp)
        } else {
            m * pow10(exp)
        };
        Some(if negative { -v } else { v })
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let d = char::from(self.peek()).to_digit(16)?;
            n = n * 16 + d;
            self.at += 1;
        }
        Some(n)
    }

    fn string(&mut self) -> Option<String> {
        if self.peek() != b'"' {
            return None;
        }
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let c = self.peek();
            self.at += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.peek();
                    self.at += 1;
                    let ch = match e {
                        b'"' | b'\\' | b'/' => char::from(e),
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi)
                                && self.s.get(self.at..self.at + 2) == Some(b"\\u")
                            {
                                let back = self.at;
                                self.at += 2;
                                match self.hex4()? {
                                    lo @ 0xdc00..=0xdfff => {
                                        0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                                    }
                                    _ => {
                                        self.at = back;
                                        hi
                                    }
                                }
                            } else {
                                hi
                            };
                            // A lone surrogate is not text: the replacement character.
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        }
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f if self.at <= self.s.len() => return None,
                _ if self.at > self.s.len() => return None,
                _ => out.push(c),
            }
        }
        // The input is text and every escape wrote whole characters.
        String::from_utf8(out).ok()
    }
}

fn pow10(e: i32) -> f64 {
    if e > 400 {
        return f64::INFINITY;
    }
    let mut v = 1.0;
    for _ in 0..e {
        v *= 10.0;
    }
    v
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a":[1,-2.5,3e2,0.1,1E-3,true,false,null],"b":{"c":"d\n\"\u00e9\ud83d\ude00"}}"#,
            r#"  [ ] "#,
            r#"{}"#,
            r#""\/\b\f\r\t""#,
            "0.000001234",
            r#"["é", "日本", "🎉"]"#,
        ] {
            let ours = parse(text).unwrap_or_else(|| panic!("{text}"));
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, from_serde(&theirs), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "", " ", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "tru",
            "nul", "\"abc", "\"\\x\"", "\"\t\"", "[1] 2", "{'a':1}", "<html>", "\u{feff}{}",
            "NaN", "[1 2]",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn bounds_nesting() {
        let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert!(parse(&deep(MAX_DEPTH as usize)).is_some());
        assert_eq!(parse(&deep(MAX_DEPTH as usize + 1)), None);
        assert_eq!(parse(&deep(100_000)), None);
        assert_eq!(parse(&"[".repeat(100_000)), None);
    }

    #[test]
    fn a_lone_surrogate_is_a_replacement_character() {
        assert_eq!(parse(r#""\ud800x""#), Some(V::Str("\u{fffd}x".into())));
        assert_eq!(
            parse(r#""\ud800\u0041""#),
            Some(V::Str("\u{fffd}A".into()))
        );
    }

    #[test]
    fn decimals_are_exact() {
        for (text, n) in [("0.1", 0.1), ("2.5", 2.5), ("1e21", 1e21), ("123.456", 123.456)] {
            assert_eq!(parse(text), Some(V::Num(n)), "{text}");
        }
        assert_eq!(parse("[1e999]"), Some(V::Arr(vec![V::Num(f64::INFINITY)])));
    }

    fn from_serde(v: &serde_json::Value) -> V {
        use serde_json::Value as S;
        match v {
            S::Null => V::Null,
            S::Bool(b) => V::Bool(*b),
            S::Number(n) => V::Num(n.as_f64().unwrap()),
            S::String(s) => V::Str(s.clone()),
            S::Array(a) => V::Arr(a.iter().map(from_serde).collect()),
            S::Object(o) => V::Obj(o.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect()),
        }
    }

    #[test]
    fn long_numbers_are_close() {
        for text in ["12345678901234567890123", "1.7976931348623157e308", "-0.5e-30"] {
            let Some(V::Num(n)) = parse(text) else { panic!("{text}") };
            let want: f64 = text.parse().unwrap();
            assert!(((n - want) / want).abs() < 1e-14, "{text}: {n} vs {want}");
        }
    }
}
