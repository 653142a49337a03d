//! The audience rule language (`core/src/rule.rs`): parse any text, with and without declared
//! trait types; never a panic, an error points into the rule, and a rule that parses compiles
//! to the bundle's JSON form, which both serde and the widget's decoder read back as the same
//! rule, and evaluates the same either way over a few users.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use whatsnew_core::bundle::current_version;
use whatsnew_core::rule::{eval, parse, Rule, Type, Value};
use whatsnew_fuzz::decode;

fn users() -> Vec<Vec<(String, Value)>> {
    let t = |k: &str, v: Value| (k.to_owned(), v);
    vec![
        vec![],
        vec![
            t("role", Value::Str("admin".into())),
            t("seats", Value::Num(5.0)),
            t("beta", Value::Bool(true)),
            t("plan", Value::Str("pro".into())),
        ],
        vec![
            t("role", Value::Str("".into())),
            t("seats", Value::Num(-1e308)),
            t("beta", Value::Bool(false)),
        ],
    ]
}

fuzz_target!(|src: &str| {
    let declared = vec![
        ("role".to_owned(), Type::Str),
        ("plan".to_owned(), Type::Str),
        ("seats".to_owned(), Type::Num),
        ("beta".to_owned(), Type::Bool),
    ];
    for types in [&[][..], &declared[..]] {
        let rule = match parse(src, types) {
            Ok(rule) => rule,
            Err(e) => {
                assert!(
                    e.at <= src.len() && src.is_char_boundary(e.at),
                    "error offset {} outside the rule or inside a character",
                    e.at
                );
                continue;
            }
        };
        // Compiled: the bundle's JSON form.
        let compiled = serde_json::to_value(&rule).expect("a rule serialises");
        let back: Rule = serde_json::from_value(compiled.clone()).expect("serde reads its rule");
        assert_eq!(back, rule);
        let bundle = json!({
            "version": current_version(),
            "bundle": "fuzz",
            "announcements": [],
            "rules": { "r": compiled },
        });
        let decoded = decode(&bundle).expect("the widget reads the bundle");
        let widget_rule = decoded.rules.iter().find(|(k, _)| k == "r").map(|(_, r)| r);
        assert_eq!(
            widget_rule,
            Some(&rule),
            "the widget reads a different rule than the CLI compiled from {src:?}"
        );
        for user in users() {
            let _ = eval(&rule, &user);
        }
    }
});
