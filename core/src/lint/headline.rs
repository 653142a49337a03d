//! Is a headline benefit-first? A heuristic tuned on `headlines.tsv` (see the corpus test
//! in the CLI): it flags headlines that lead with the team, an announcement verb, a version, a
//! generic changelog phrase or the feature's name, and short noun phrases with no benefit in
//! them. It leaves alone imperatives ("Delete messages in bulk"), questions, and anything that
//! talks to the customer.

/// Why a headline reads feature-first, or `None` when it leads with a benefit.
pub fn feature_first(headline: &str, feature: Option<&str>) -> Option<&'static str> {
    let h = headline
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let lower = h.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let first = words
        .first()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .unwrap_or("");

    if [
        "we", "we've", "we're", "we'll", "we’ve", "we’re", "our", "us",
    ]
    .contains(&first)
        || lower.starts_with("the team")
    {
        return Some("it leads with the team, not the customer");
    }
    if ANNOUNCE.contains(&first)
        || lower.starts_with("now available")
        || lower.starts_with("coming soon")
    {
        return Some("it leads with what was done (\"Added\", \"New\", \"Introducing\"...), not what the customer gains");
    }
    if GENERIC.iter().any(|g| lower.contains(g)) {
        return Some("it is a generic changelog line that names no gain");
    }
    if has_version(&lower) {
        return Some("it leads with a version number");
    }
    if let Some(f) = feature.map(str::trim).filter(|f| !f.is_empty()) {
        let f = f.to_lowercase();
        if lower == f
            || lower.starts_with(&(f.clone() + ":"))
            || lower.starts_with(&(f.clone() + " -"))
            || lower.starts_with(&(f.clone() + " —"))
            || lower.starts_with(&(f + " is"))
        {
            return Some("it leads with the feature's name");
        }
    }
    // "Bulk export: hand your accountant..." - a label, then the gain.
    if let Some((label, _)) = h.split_once([':', '—', '–']) {
        let label_words = label.split_whitespace().count();
        if (1..=4).contains(&label_words) && !label.trim().ends_with('?') {
            return Some("it leads with a label (the feature's name) before the gain");
        }
    }
    if h.ends_with('?') || benefit_signal(&words) {
        return None;
    }
    if words.len() <= 5 {
        return Some("it names a feature instead of saying what the customer gains");
    }
    None
}

/// Words that announce rather than benefit, as the first word.
const ANNOUNCE: &[&str] = &[
    "added",
    "adds",
    "adding",
    "new",
    "introducing",
    "introduced",
    "introduces",
    "announcing",
    "announced",
    "improved",
    "improves",
    "improving",
    "improvements",
    "improvement",
    "fixed",
    "fixes",
    "fixing",
    "updated",
    "updates",
    "updating",
    "released",
    "releasing",
    "releases",
    "release",
    "launching",
    "launched",
    "launches",
    "shipped",
    "shipping",
    "ships",
    "enhanced",
    "enhancements",
    "enhancement",
    "changed",
    "changes",
    "refactored",
    "redesigned",
    "rebuilt",
    "rewrote",
    "reworked",
    "migrated",
    "deprecated",
    "removed",
    "upgraded",
    "upgrades",
    "version",
    "changelog",
    "patch",
    "hotfix",
    "tweaks",
    "tweaked",
    "support",
];

/// Phrases that name no gain.
const GENERIC: &[&str] = &[
    "bug fixes",
    "bugfixes",
    "minor fixes",
    "various fixes",
    "various improvements",
    "performance improvements",
    "stability improvements",
    "small improvements",
    "general improvements",
    "and improvements",
    "under the hood",
    "updates to",
    "changes to",
];

/// `v2`, `2.4`, `3.0.1` as a word.
fn has_version(lower: &str) -> bool {
    lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == '(' || c == ')')
        .any(|w| {
            let w = w.strip_prefix('v').unwrap_or(w);
            let parts: Vec<&str> = w.split('.').collect();
            (parts.len() >= 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
                || (w.len() < 4
                    && !w.is_empty()
                    && w.chars().all(|c| c.is_ascii_digit())
                    && lower.contains(&format!("v{w}")))
        })
}

/// Does the headline talk to the customer or promise a gain?
fn benefit_signal(words: &[&str]) -> bool {
    let clean = |w: &&str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_owned()
    };
    let words: Vec<String> = words.iter().map(clean).collect();
    let first = words.first().map(String::as_str).unwrap_or("");
    words
        .iter()
        .any(|w| ["you", "your", "you're", "you'll", "yours", "yourself"].contains(&w.as_str()))
        || VERBS.contains(&first)
        || GAINS.contains(&first)
        || words.iter().any(|w| {
            [
                "faster",
                "easier",
                "simpler",
                "fewer",
                "less",
                "quicker",
                "safer",
                "cheaper",
                "instantly",
                "seconds",
                "minutes",
                "never",
                "without",
                "anywhere",
                "sooner",
                "automatically",
            ]
            .contains(&w.as_str())
        })
}

/// Imperatives a benefit-first headline typically starts with.
const VERBS: &[&str] = &[
    "find",
    "get",
    "save",
    "send",
    "share",
    "see",
    "stop",
    "start",
    "work",
    "hand",
    "bill",
    "delete",
    "export",
    "import",
    "track",
    "know",
    "spend",
    "pay",
    "plan",
    "keep",
    "turn",
    "set",
    "build",
    "create",
    "make",
    "write",
    "read",
    "sign",
    "book",
    "schedule",
    "search",
    "filter",
    "sort",
    "reply",
    "invite",
    "add",
    "remove",
    "move",
    "copy",
    "print",
    "download",
    "upload",
    "sync",
    "connect",
    "switch",
    "choose",
    "pick",
    "skip",
    "cut",
    "reduce",
    "catch",
    "spot",
    "fix",
    "update",
    "improve",
    "close",
    "open",
    "run",
    "win",
    "grow",
    "sell",
    "reach",
    "ship",
    "manage",
    "automate",
    "collaborate",
    "customize",
    "customise",
    "control",
    "review",
    "approve",
    "assign",
    "merge",
    "edit",
    "preview",
    "publish",
    "test",
    "learn",
    "meet",
    "chat",
    "call",
    "focus",
    "organize",
    "organise",
    "protect",
    "recover",
    "restore",
    "undo",
    "tag",
    "label",
    "group",
    "split",
    "bundle",
    "zoom",
    "scan",
    "translate",
    "measure",
    "forecast",
    "compare",
    "go",
    "give",
    "take",
    "let",
    "try",
    "bring",
    "stay",
    "enjoy",
    "forget",
    "finish",
    "collect",
    "accept",
    "answer",
    "ask",
    "tell",
    "show",
    "hide",
    "mute",
    "pin",
    "follow",
    "watch",
    "check",
    "verify",
    "unlock",
    "claim",
    "earn",
    "budget",
    "invoice",
    "charge",
    "refund",
    "quote",
    "estimate",
    "file",
    "submit",
    "streamline",
    "simplify",
    "speed",
    "tidy",
    "clean",
    "onboard",
    "welcome",
    "celebrate",
    "say",
    "use",
    "jump",
    "skim",
    "shave",
    "halve",
    "double",
    "triple",
    "cancel",
    "resume",
    "pause",
    "reuse",
    "rename",
    "archive",
    "lock",
    "hear",
    "handle",
    "route",
    "escalate",
    "resolve",
    "prioritize",
    "prioritise",
    "delegate",
    "present",
    "embed",
    "host",
    "scale",
    "deploy",
    "back",
    "match",
];

/// First words that promise a gain without a verb ("Faster search", "No more ...", "Fewer...").
const GAINS: &[&str] = &[
    "faster",
    "easier",
    "simpler",
    "fewer",
    "less",
    "more",
    "better",
    "quicker",
    "smarter",
    "safer",
    "cheaper",
    "no",
    "now",
    "one",
    "all",
    "every",
    "zero",
    "instant",
    "effortless",
    "twice",
    "half",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_from_the_rule_text() {
        assert!(feature_first("We added bulk export", None).is_some());
        assert!(feature_first("Introducing Smart Inbox", None).is_some());
        assert!(feature_first("Bug fixes and improvements", None).is_some());
        assert!(feature_first("Version 2.4 is here", None).is_some());
        assert!(feature_first("Bulk export: hand your accountant a quarter", None).is_some());
        assert!(feature_first("Dark mode", Some("Dark mode")).is_some());
        assert!(feature_first("Delete messages in bulk", None).is_none());
        assert!(feature_first("Tired of chasing late payments?", None).is_none());
        assert!(feature_first("Get paid on time without chasing clients", None).is_none());
    }
}
