//! The notes for each party and the release an announcement belongs to: front matter keys that
//! never reach the widget's bundle. `support` (what to tell customers, the questions they will
//! ask, known limits), `sales` (who it helps, the talking point), `rollout` (who gets it when),
//! `release` (the release it ships in) and `public` (shown on the public changelog although it
//! has an audience). Validated as strictly as the rest: unknown keys are errors at their line.

use super::{find_nested, kind, value_span, Fields};
use crate::date::Date;
use serde_json::{Map, Value};
use std::ops::Range;

/// The notes for support, sales and the rollout, as written in the front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    /// What support tells customers.
    pub support: Option<Support>,
    /// What sales and success say about it.
    pub sales: Option<Sales>,
    /// Who gets it when, in order.
    pub rollout: Vec<Stage>,
}

/// `support:`: what to tell customers, the questions they will ask, known limits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Support {
    /// What to tell a customer who asks about it.
    pub tell: String,
    /// Questions customers are expected to ask, with the answers.
    pub questions: Vec<Question>,
    /// What it does not do (yet).
    pub limits: Vec<String>,
}

/// One expected question and its answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The question, in the customer's words.
    pub question: String,
    /// The answer support gives.
    pub answer: String,
}

/// `sales:`: who it helps and the talking point.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sales {
    /// The customers it helps most.
    pub who: Option<String>,
    /// The one thing to say.
    pub pitch: String,
}

/// One step of a rollout: who gets it, from when.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Who gets it at this stage ("Beta customers", "Everyone on Team plans").
    pub who: String,
    /// From this day.
    pub from: Date,
}

const SUPPORT_KEYS: &[&str] = &["tell", "questions", "limits"];
const SALES_KEYS: &[&str] = &["who", "pitch"];
const STAGE_KEYS: &[&str] = &["who", "from"];
const QUESTION_KEYS: &[&str] = &["question", "answer"];

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn text_of(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Why a required text is not there: missing, empty, or not text (`pitch: [1, 2]` was
/// "missing").
fn not_text(v: Option<&Value>, name: &str) -> (&'static str, String) {
    match v {
        None | Some(Value::Null) => ("missing-field", format!("missing `{name}`")),
        Some(Value::String(_)) => ("empty-field", format!("`{name}` is empty")),
        Some(_) => ("invalid-field", format!("`{name}` must be text")),
    }
}

impl Fields<'_, '_> {
    /// Where `parent.key` is written, or the parent's value.
    fn nested_span(&self, parent: &str, key: &str) -> Range<usize> {
        let Some(e) = self.get(parent) else {
            return self.block.opening.clone();
        };
        find_nested(self.block, e.span.end, key).unwrap_or_else(|| value_span(self.block, &e.span))
    }

    /// Where `needle` is first written after `parent`'s key (a value inside a list), or where
    /// `parent.key` is.
    fn value_after(&self, parent: &str, key: &str, needle: Option<&str>) -> Range<usize> {
        let found = self
            .get(parent)
            .zip(needle.filter(|n| !n.is_empty()))
            .and_then(|(e, n)| {
                let from = e.span.end.checked_sub(self.block.offset)?;
                let i = self.block.text.get(from..)?.find(n)?;
                let at = self.block.offset + from + i;
                Some(at..at + n.len())
            });
        found.unwrap_or_else(|| self.nested_span(parent, key))
    }

    /// A table's keys, each unknown one reported where it is written.
    fn table(&mut self, key: &str, keys: &[&str], example: &str) -> Option<Map<String, Value>> {
        let (value, span) = self.value(key)?;
        let Value::Object(map) = value else {
            self.error(
                "invalid-field",
                span,
                format!("`{key}` must be a table of keys, found {}", kind(&value)),
                "here",
                format!("write {example}"),
            );
            return None;
        };
        let mut ok = true;
        for k in map.keys().filter(|k| !keys.contains(&k.as_str())) {
            let at = self.nested_span(key, k);
            self.error(
                "unknown-field",
                at,
                format!("unknown key `{key}.{k}`"),
                "not a known key",
                format!("`{key}` takes {}", list(keys)),
            );
            ok = false;
        }
        ok.then_some(map)
    }

    /// A list of texts (or one text) under `parent.key`.
    fn texts(&mut self, parent: &str, key: &str, value: Option<&Value>) -> Vec<String> {
        let items = match value {
            None => return Vec::new(),
            Some(Value::String(s)) => vec![Value::String(s.clone())],
            Some(Value::Array(a)) => a.clone(),
            Some(_) => vec![Value::Null],
        };
        let mut out = Vec::new();
        for item in &items {
            match text_of(Some(item)) {
                Some(t) => out.push(t),
                None => {
                    let at = self.nested_span(parent, key);
                    self.error(
                        "invalid-field",
                        at,
                        format!("`{parent}.{key}` must be a list of texts"),
                        "here",
                        format!("write {key}: [\"first\", \"second\"]"),
                    );
                    break;
                }
            }
        }
        out
    }

    /// `support: { tell, questions: [{ question, answer }], limits: [...] }`.
    pub(super) fn support(&mut self) -> Option<Support> {
        let example = "support: { tell: \"...\", questions: [{ question: \"...\", answer: \"...\" }], limits: [\"...\"] }";
        let map = self.table("support", SUPPORT_KEYS, example)?;
        let tell = text_of(map.get("tell"));
        if tell.is_none() {
            let at = self.nested_span("support", "tell");
            let (code, message) = not_text(map.get("tell"), "support.tell");
            self.error(
                code,
                at,
                message,
                "support notes start here",
                "add `tell:` with what support says to a customer who asks about it".into(),
            );
        }
        let mut questions = Vec::new();
        match map.get("questions") {
            None => {}
            Some(Value::Array(items)) => {
                for item in items {
                    let unknown = item.as_object().and_then(|o| {
                        o.keys()
                            .find(|k| !QUESTION_KEYS.contains(&k.as_str()))
                            .cloned()
                    });
                    match (
                        text_of(item.get("question")),
                        text_of(item.get("answer")),
                        unknown,
                    ) {
                        (Some(question), Some(answer), None) => {
                            questions.push(Question { question, answer })
                        }
                        (.., Some(k)) => {
                            let at = self.nested_span("support", &k);
                            self.error(
                                "unknown-field",
                                at,
                                format!("unknown key `support.questions.{k}`"),
                                "not a known key",
                                format!("each question takes {}", list(QUESTION_KEYS)),
                            );
                        }
                        _ => {
                            let at = self.nested_span("support", "questions");
                            self.error(
                                "invalid-field",
                                at,
                                "each of `support.questions` needs a `question` and an `answer`"
                                    .into(),
                                "here",
                                "write questions: [{ question: \"Can I ...?\", answer: \"Yes: ...\" }]"
                                    .into(),
                            );
                        }
                    }
                }
            }
            Some(_) => {
                let at = self.nested_span("support", "questions");
                self.error(
                    "invalid-field",
                    at,
                    "`support.questions` must be a list".into(),
                    "here",
                    "write questions: [{ question: \"Can I ...?\", answer: \"Yes: ...\" }]".into(),
                );
            }
        }
        let limits = self.texts("support", "limits", map.get("limits"));
        Some(Support {
            tell: tell?,
            questions,
            limits,
        })
    }

    /// `sales: { who, pitch }`.
    pub(super) fn sales(&mut self) -> Option<Sales> {
        let map = self.table(
            "sales",
            SALES_KEYS,
            "sales: { who: \"...\", pitch: \"...\" }",
        )?;
        let pitch = text_of(map.get("pitch"));
        if pitch.is_none() {
            let at = self.nested_span("sales", "pitch");
            let (code, message) = not_text(map.get("pitch"), "sales.pitch");
            self.error(
                code,
                at,
                message,
                "sales notes start here",
                "add `pitch:` with the one thing to say about it".into(),
            );
        }
        if map.get("who").is_some() && text_of(map.get("who")).is_none() {
            let at = self.nested_span("sales", "who");
            self.error(
                "invalid-field",
                at,
                "`sales.who` must be text".into(),
                "here",
                "say who it helps most, e.g. who: \"Firms with clients abroad\"".into(),
            );
        }
        Some(Sales {
            who: text_of(map.get("who")),
            pitch: pitch?,
        })
    }

    /// `rollout: [{ who, from }]`, in order.
    pub(super) fn rollout(&mut self) -> Vec<Stage> {
        let Some((value, span)) = self.value("rollout") else {
            return Vec::new();
        };
        let help = "write rollout: [{ who: \"Beta customers\", from: 2026-11-02 }, { who: \"Everyone\", from: 2026-11-16 }]";
        let Value::Array(items) = value else {
            self.error(
                "invalid-field",
                span,
                format!("`rollout` must be a list of stages, found {}", kind(&value)),
                "here",
                help.into(),
            );
            return Vec::new();
        };
        let mut out: Vec<Stage> = Vec::new();
        for item in &items {
            if let Some(k) = item.as_object().and_then(|o| {
                o.keys()
                    .find(|k| !STAGE_KEYS.contains(&k.as_str()))
                    .cloned()
            }) {
                let at = self.nested_span("rollout", &k);
                self.error(
                    "unknown-field",
                    at,
                    format!("unknown key `rollout.{k}`"),
                    "not a known key",
                    format!("each stage takes {}", list(STAGE_KEYS)),
                );
                continue;
            }
            let who = text_of(item.get("who"));
            let from = item
                .get("from")
                .and_then(Value::as_str)
                .and_then(Date::parse);
            match (who, from) {
                (Some(who), Some(from)) => {
                    if out.last().is_some_and(|l| l.from > from) {
                        let at = self.nested_span("rollout", "from");
                        self.error(
                            "invalid-field",
                            at,
                            "`rollout` stages must be in date order".into(),
                            "earlier than the stage before",
                            "list the stages from first to last".into(),
                        );
                    }
                    out.push(Stage { who, from });
                }
                (None, _) => {
                    let at = self.nested_span("rollout", "who");
                    self.error(
                        "invalid-field",
                        at,
                        "each rollout stage needs `who`".into(),
                        "here",
                        help.into(),
                    );
                }
                (_, None) => {
                    let written = item.get("from").and_then(Value::as_str);
                    let at = self.value_after("rollout", "from", written);
                    self.error(
                        "invalid-date",
                        at,
                        "each rollout stage needs `from`, a date like 2026-11-02".into(),
                        "not a date",
                        help.into(),
                    );
                }
            }
        }
        out
    }

    /// `public: true`: on the public changelog although it has an audience.
    pub(super) fn public(&mut self) -> bool {
        let Some((value, span)) = self.value("public") else {
            return false;
        };
        match value {
            Value::Bool(b) => b,
            other => {
                self.error(
                    "invalid-field",
                    span,
                    format!("`public` must be true or false, found {}", kind(&other)),
                    "here",
                    "write public: true to list it on the public changelog despite its audience"
                        .into(),
                );
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;

    #[test]
    fn notes_parse_in_yaml_and_toml() {
        let yaml = run("---\nbenefit: Find any invoice\npublished: 2026-11-02\nrelease: \"2026.11\"\nsupport:\n  tell: Type in the search box.\n  questions:\n    - question: Does it search PDFs?\n      answer: Not yet.\n  limits: [Invoices only]\nsales:\n  who: Busy firms\n  pitch: Seconds, not minutes.\nrollout:\n  - { who: Beta, from: 2026-11-01 }\n  - { who: Everyone, from: 2026-11-10 }\npublic: true\n---\n").unwrap();
        let toml = run("+++\nbenefit = \"Find any invoice\"\npublished = 2026-11-02\nrelease = \"2026.11\"\npublic = true\nrollout = [{ who = \"Beta\", from = 2026-11-01 }, { who = \"Everyone\", from = 2026-11-10 }]\n[support]\ntell = \"Type in the search box.\"\nquestions = [{ question = \"Does it search PDFs?\", answer = \"Not yet.\" }]\nlimits = [\"Invoices only\"]\n[sales]\nwho = \"Busy firms\"\npitch = \"Seconds, not minutes.\"\n+++\n").unwrap();
        assert_eq!(yaml.notes, toml.notes);
        assert_eq!(yaml.release.as_deref(), Some("2026.11"));
        assert!(yaml.public && toml.public);
        let s = yaml.notes.support.unwrap();
        assert_eq!(s.questions[0].answer, "Not yet.");
        assert_eq!(s.limits, ["Invoices only"]);
        assert_eq!(yaml.notes.rollout.len(), 2);
    }

    /// Protects the strictness: a typo inside a party's notes is an error at its own line.
    #[test]
    fn unknown_and_invalid_notes_are_reported_where_written() {
        let err = run("---\nbenefit: x\npublished: 2026-11-02\nsupport:\n  tell: Hi\n  answers: [x]\nsales:\n  who: Firms\nrollout:\n  - { who: All, from: someday }\npublic: yes please\n---\n").unwrap_err();
        let mut err = err;
        err.sort_by_key(|e| e.1);
        assert_eq!(
            err,
            [
                ("unknown-field".to_owned(), (6, 3)),
                ("missing-field".to_owned(), (7, 1)),
                ("invalid-date".to_owned(), (10, 23)),
                ("invalid-field".to_owned(), (11, 9)),
            ]
        );
    }
}
