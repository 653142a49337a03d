//! GitHub's emoji shortcodes (`:rocket:`, `:tada:`), as release notes written for GitHub use
//! them: the emoji instead of the code, in text only (inline code and code blocks keep theirs).

use crate::bundle::Inline;

/// Replaces the shortcodes in the text runs of `out` (not in its nested runs: those were
/// built by a call of their own).
pub(super) fn shortcodes_in(out: &mut [Inline]) {
    for i in out {
        if let Inline::T(t) = i {
            if let Some(r) = replaced(t) {
                *t = r;
            }
        }
    }
}

/// `text` with its shortcodes replaced, or `None` when it has none. A code counts only where it
/// stands apart (`1:100:2` and `a:smile:b` are left alone) and when GitHub knows it.
pub(super) fn replaced(text: &str) -> Option<String> {
    if !text.contains(':') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    let mut prev_alnum = false;
    while let Some(at) = rest.find(':') {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        if let Some(c) = before.chars().next_back() {
            prev_alnum = c.is_alphanumeric();
        }
        let tail = &after[1..];
        let name_len = tail
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "_+-".contains(c)))
            .unwrap_or(tail.len());
        let (name, after_name) = tail.split_at(name_len);
        let closes = after_name.starts_with(':');
        let apart = !after_name[closes as usize..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        match emojis::get_by_shortcode(name) {
            Some(e) if closes && apart && !prev_alnum && !name.is_empty() => {
                out.push_str(e.as_str());
                rest = &after_name[1..];
                changed = true;
                prev_alnum = false;
            }
            _ => {
                out.push(':');
                rest = tail;
                prev_alnum = false;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::replaced;

    #[test]
    fn shortcodes_become_emoji_where_they_stand_apart() {
        assert_eq!(
            replaced("Ship it :rocket: :tada:!").as_deref(),
            Some("Ship it 🚀 🎉!")
        );
        assert_eq!(replaced(":+1: and :100:").as_deref(), Some("👍 and 💯"));
        assert_eq!(replaced("::rocket:").as_deref(), Some(":🚀"));
        // Not codes: unknown names, times and ratios, words around them, URLs.
        for text in [
            "at 10:30:45",
            "ratio 1:100:2",
            "a:smile:b",
            ":not-an-emoji-name:",
            "https://example.com/:rocket",
            "Note: this",
            "::",
        ] {
            assert_eq!(replaced(text), None, "{text}");
        }
    }
}
