//! Audience rules: a small typed language over user traits.
//!
//! ```text
//! plan == "pro" && seats >= 5
//! role in ["admin", "owner"] || !trial
//! ```
//! Comparisons `== != < <= > >=` and `in [list]`; `&&`, `||`, `!`, parentheses; string, number
//! and boolean literals; a bare trait name is true when the trait is `true`. When the project
//! declares trait types, [`parse`] checks every comparison against them. A missing trait makes
//! its comparison false, never an error.

#[allow(unused_imports)]
use crate::prelude::*;
use alloc::boxed::Box;

/// A trait's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// Text.
    Str,
    /// A number.
    Num,
    /// True or false.
    Bool,
}

/// A trait value. In the bundle: a JSON string, number or boolean.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Value {
    /// Text.
    Str(String),
    /// A number.
    Num(f64),
    /// True or false.
    Bool(bool),
}

impl Value {
    /// The value's type.
    pub fn ty(&self) -> Type {
        match self {
            Value::Str(_) => Type::Str,
            Value::Num(_) => Type::Num,
            Value::Bool(_) => Type::Bool,
        }
    }
}

/// A comparison operator. In the bundle: the operator as written (`"=="`, `">="`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Op {
    /// `==`
    #[serde(rename = "==")]
    Eq,
    /// `!=`
    #[serde(rename = "!=")]
    Ne,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
}

impl Op {
    /// Every operator with its written form.
    pub const ALL: [(&'static str, Op); 6] = [
        ("==", Op::Eq),
        ("!=", Op::Ne),
        ("<", Op::Lt),
        ("<=", Op::Le),
        (">", Op::Gt),
        (">=", Op::Ge),
    ];
}

/// A parsed rule. The CLI compiles each audience's rule into the bundle in this form, so the
/// widget evaluates rules without carrying the parser: `{"and": [a, b]}`, `{"or": [a, b]}`,
/// `{"not": a}`, `{"cmp": ["plan", "==", "pro"]}`, `{"in": ["role", ["admin", "owner"]]}`,
/// `{"flag": "beta"}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Both.
    And(Box<Rule>, Box<Rule>),
    /// Either.
    Or(Box<Rule>, Box<Rule>),
    /// Not.
    Not(Box<Rule>),
    /// `trait op value`.
    Cmp(String, Op, Value),
    /// `trait in [values]`.
    In(String, Vec<Value>),
    /// A boolean trait.
    Flag(String),
}

/// Why a rule did not parse: a message and the byte offset it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// Byte offset in the rule's text.
    pub at: usize,
}

/// How deep a rule may nest, counting every `&&`, `||`, `!` and comparison on the way down (a
/// chain such as `a || b || c || d` counts as a balanced tree, 3 levels). The widget reads
/// compiled rules up to 17 levels deep and drops deeper ones as hostile, which would hide the
/// audience's announcements from everyone; [`parse`] refuses them instead.
pub const MAX_DEPTH: usize = 16;

/// Traits as the host passes them: name → value.
pub type Traits = Vec<(String, Value)>;

/// Parses a rule, checking trait types when `types` declares any.
pub fn parse(src: &str, types: &[(String, Type)]) -> Result<Rule, ParseError> {
    let mut p = Parser {
        src,
        pos: 0,
        types,
        nesting: 0,
    };
    let rule = p.or()?;
    p.ws();
    if p.pos < src.len() {
        return Err(p.err("expected `&&`, `||` or the end of the rule"));
    }
    if depth(&rule) > MAX_DEPTH {
        return Err(ParseError {
            message: format!("the rule nests more than {MAX_DEPTH} levels deep; use `in [...]` or a simpler rule"),
            at: 0,
        });
    }
    Ok(rule)
}

/// How many levels a rule nests (a comparison alone: 1).
fn depth(rule: &Rule) -> usize {
    match rule {
        Rule::And(a, b) | Rule::Or(a, b) => 1 + depth(a).max(depth(b)),
        Rule::Not(a) => 1 + depth(a),
        Rule::Cmp(..) | Rule::In(..) | Rule::Flag(_) => 1,
    }
}

/// `a op b op c ...` as a balanced tree, operands in order: evaluation order and result are
/// those of the left-leaning tree, and a long chain stays shallow (see [`MAX_DEPTH`]).
fn balanced(mut items: Vec<Rule>, join: fn(Box<Rule>, Box<Rule>) -> Rule) -> Option<Rule> {
    if items.len() <= 1 {
        return items.pop();
    }
    let right = items.split_off(items.len().div_ceil(2));
    Some(join(
        Box::new(balanced(items, join)?),
        Box::new(balanced(right, join)?),
    ))
}

/// Evaluates a rule against a user's traits.
pub fn eval(rule: &Rule, traits: &Traits) -> bool {
    let get = |name: &str| traits.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    match rule {
        Rule::And(a, b) => eval(a, traits) && eval(b, traits),
        Rule::Or(a, b) => eval(a, traits) || eval(b, traits),
        Rule::Not(a) => !eval(a, traits),
        Rule::Flag(name) => get(name) == Some(&Value::Bool(true)),
        Rule::In(name, list) => get(name).is_some_and(|v| list.contains(v)),
        Rule::Cmp(name, op, value) => get(name).is_some_and(|v| compare(v, *op, value)),
    }
}

fn compare(a: &Value, op: Op, b: &Value) -> bool {
    let ord = match (a, b) {
        (Value::Num(x), Value::Num(y)) => x.partial_cmp(y),
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    };
    let Some(ord) = ord else { return op == Op::Ne };
    use core::cmp::Ordering::*;
    match op {
        Op::Eq => ord == Equal,
        Op::Ne => ord != Equal,
        Op::Lt => ord == Less,
        Op::Le => ord != Greater,
        Op::Gt => ord == Greater,
        Op::Ge => ord != Less,
    }
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    types: &'a [(String, Type)],
    /// `!` and `(` open right now: bounded, so a hostile rule cannot exhaust the stack.
    nesting: usize,
}

impl Parser<'_> {
    fn err(&self, message: &str) -> ParseError {
        ParseError {
            message: message.to_owned(),
            at: self.pos,
        }
    }

    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, token: &str) -> bool {
        self.ws();
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Rule, ParseError> {
        let mut items = vec![self.and()?];
        while self.eat("||") {
            items.push(self.and()?);
        }
        balanced(items, Rule::Or).ok_or_else(|| self.err("expected a rule"))
    }

    fn and(&mut self) -> Result<Rule, ParseError> {
        let mut items = vec![self.not()?];
        while self.eat("&&") {
            items.push(self.not()?);
        }
        balanced(items, Rule::And).ok_or_else(|| self.err("expected a rule"))
    }

    fn not(&mut self) -> Result<Rule, ParseError> {
        self.ws();
        let negated = self.rest().starts_with('!') && !self.rest().starts_with("!=");
        if !negated && !self.rest().starts_with('(') {
            return self.comparison();
        }
        if self.nesting >= MAX_DEPTH {
            return Err(ParseError {
                message: format!("the rule nests more than {MAX_DEPTH} levels deep"),
                at: self.pos,
            });
        }
        self.nesting += 1;
        self.pos += 1;
        let inner = if negated {
            self.not().map(|r| Rule::Not(Box::new(r)))
        } else {
            self.or().and_then(|inner| {
                if self.eat(")") {
                    Ok(inner)
                } else {
                    Err(self.err("expected `)`"))
                }
            })
        };
        self.nesting -= 1;
        inner
    }

    fn ident(&mut self) -> Result<(String, usize), ParseError> {
        self.ws();
        let at = self.pos;
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(self.rest().len());
        let name = self.rest().get(..len).unwrap_or("").to_owned();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(self.err("expected a trait name"));
        }
        self.pos += len;
        Ok((name, at))
    }

    fn declared(&self, name: &str, at: usize) -> Result<Option<Type>, ParseError> {
        if self.types.is_empty() {
            return Ok(None);
        }
        match self.types.iter().find(|(k, _)| k == name) {
            Some((_, t)) => Ok(Some(*t)),
            None => Err(ParseError {
                message: format!("unknown trait `{name}`; declare it under [traits]"),
                at,
            }),
        }
    }

    fn comparison(&mut self) -> Result<Rule, ParseError> {
        let (name, at) = self.ident()?;
        let declared = self.declared(&name, at)?;
        let ops = [
            ("==", Op::Eq),
            ("!=", Op::Ne),
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("<", Op::Lt),
            (">", Op::Gt),
        ];
        for (token, op) in ops {
            if self.eat(token) {
                let value_at = {
                    self.ws();
                    self.pos
                };
                let value = self.value()?;
                self.check_type(&name, declared, &value, value_at)?;
                if matches!(op, Op::Lt | Op::Le | Op::Gt | Op::Ge) && value.ty() == Type::Bool {
                    return Err(ParseError {
                        message: "order comparisons need a number or text".into(),
                        at: value_at,
                    });
                }
                return Ok(Rule::Cmp(name, op, value));
            }
        }
        self.ws();
        if self.rest().starts_with("in ") || self.rest().starts_with("in[") {
            self.pos += 2;
            if !self.eat("[") {
                return Err(self.err("expected `[` after `in`"));
            }
            let mut list = Vec::new();
            loop {
                self.ws();
                let value_at = self.pos;
                let value = self.value()?;
                self.check_type(&name, declared, &value, value_at)?;
                list.push(value);
                if self.eat("]") {
                    break;
                }
                if !self.eat(",") {
                    return Err(self.err("expected `,` or `]`"));
                }
            }
            return Ok(Rule::In(name, list));
        }
        if declared.is_some_and(|t| t != Type::Bool) {
            return Err(ParseError {
                message: format!("`{name}` is not a true/false trait; compare it with a value"),
                at,
            });
        }
        Ok(Rule::Flag(name))
    }

    fn check_type(
        &self,
        name: &str,
        declared: Option<Type>,
        value: &Value,
        at: usize,
    ) -> Result<(), ParseError> {
        match declared {
            Some(t) if t != value.ty() => Err(ParseError {
                message: format!(
                    "`{name}` is {}, this value is {}",
                    type_name(t),
                    type_name(value.ty())
                ),
                at,
            }),
            _ => Ok(()),
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        self.ws();
        let rest = self.rest();
        if let Some(body) = rest.strip_prefix('"') {
            let Some(end) = body.find('"') else {
                return Err(self.err("unclosed string"));
            };
            let text = body.get(..end).unwrap_or("").to_owned();
            self.pos += end + 2;
            return Ok(Value::Str(text));
        }
        for (word, v) in [("true", true), ("false", false)] {
            if rest.starts_with(word) {
                self.pos += word.len();
                return Ok(Value::Bool(v));
            }
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(rest.len());
        match rest.get(..len).and_then(|n| n.parse::<f64>().ok()) {
            Some(n) if len > 0 => {
                self.pos += len;
                Ok(Value::Num(n))
            }
            _ => Err(self.err("expected a value: \"text\", a number, true or false")),
        }
    }
}

fn type_name(t: Type) -> &'static str {
    match t {
        Type::Str => "text",
        Type::Num => "a number",
        Type::Bool => "true/false",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn traits() -> Traits {
        vec![
            ("plan".into(), Value::Str("pro".into())),
            ("seats".into(), Value::Num(12.0)),
            ("trial".into(), Value::Bool(false)),
            ("role".into(), Value::Str("owner".into())),
        ]
    }

    #[cfg(feature = "compile")]
    #[test]
    fn compiled_form_round_trips_through_json() {
        let src = r#"(plan == "pro" && seats >= 5) || role in ["admin", 2] || !trial || beta"#;
        let rule = parse(src, &[]).unwrap();
        let json = serde_json::to_string(&rule).unwrap();
        assert!(json.contains(r#"{"cmp":["plan","==","pro"]}"#), "{json}");
        assert!(json.contains(r#"{"in":["role",["admin",2.0]]}"#), "{json}");
        assert!(json.contains(r#"{"not":{"flag":"trial"}}"#), "{json}");
        let back: Rule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rule);
    }

    /// Regression (found by the `audience_rule` fuzz target): `!!!…!role in [...]` with 18
    /// `!` parsed, but the widget drops a compiled rule nested deeper than it reads, so the
    /// audience silently matched nobody. Nesting past [`MAX_DEPTH`] is now an error at parse
    /// time (also bounding the parser's recursion), and a long `||`/`&&` chain is a balanced
    /// tree, so 40 alternatives nest 7 levels, not 40, and evaluate as before.
    #[test]
    fn nesting_is_bounded_and_chains_stay_shallow() {
        let deep = format!("{}trial", "!".repeat(MAX_DEPTH));
        let err = parse(&deep, &[]).unwrap_err();
        println!("{} `!`: {err:?}", MAX_DEPTH);
        assert!(err.message.contains("nests more than 16"), "{err:?}");
        let ok = format!("{}trial", "!".repeat(MAX_DEPTH - 1));
        assert_eq!(depth(&parse(&ok, &[]).unwrap()), MAX_DEPTH);
        let parens = format!("{}trial{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(parse(&parens, &[]).is_err());
        let chain = (0..40).map(|i| format!("seats == {i}")).collect::<Vec<_>>();
        let rule = parse(&chain.join(" || "), &[]).unwrap();
        println!("40 alternatives nest {} levels", depth(&rule));
        assert_eq!(depth(&rule), 7);
        let user = |n: f64| vec![("seats".to_owned(), Value::Num(n))];
        assert!(eval(&rule, &user(0.0)) && eval(&rule, &user(39.0)) && !eval(&rule, &user(40.0)));
        let all = parse(&chain.join(" && "), &[]).unwrap();
        assert!(!eval(&all, &user(3.0)));
        // Two and three operands keep the shape they always had (the bundle does not change).
        assert_eq!(
            parse("a || b || c", &[]).unwrap(),
            Rule::Or(
                Box::new(Rule::Or(
                    Box::new(Rule::Flag("a".into())),
                    Box::new(Rule::Flag("b".into()))
                )),
                Box::new(Rule::Flag("c".into()))
            )
        );
    }

    #[test]
    fn evaluates_rules() {
        for (src, expected) in [
            (r#"plan == "pro""#, true),
            (r#"plan == "pro" && seats >= 20"#, false),
            (r#"plan == "free" || seats > 10"#, true),
            (r#"role in ["admin", "owner"]"#, true),
            (r#"!trial && (seats < 5 || plan != "free")"#, true),
            ("trial", false),
            ("!trial", true),
            (r#"country == "fr""#, false),
            (r#"country != "fr""#, false),
            (r#"seats == "12""#, false),
        ] {
            let rule = parse(src, &[]).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            assert_eq!(eval(&rule, &traits()), expected, "{src}");
        }
    }

    #[test]
    fn reports_mistakes_with_positions() {
        let types = vec![
            ("plan".to_owned(), Type::Str),
            ("seats".to_owned(), Type::Num),
        ];
        for (src, at) in [
            (r#"plan == "pro"#, 8),
            ("plan ==", 7),
            ("plan == pro", 8),
            (r#"plan == "a" &&"#, 14),
            (r#"(plan == "a""#, 12),
            ("seats >= \"5\"", 9),
            ("plan == 5", 8),
            ("country == \"fr\"", 0),
            ("seats", 0),
            (r#"plan in "a""#, 8),
            (r#"plan == "a" extra"#, 12),
        ] {
            let err = parse(src, &types).expect_err(src);
            assert_eq!(err.at, at, "{src}: {}", err.message);
        }
    }
}
