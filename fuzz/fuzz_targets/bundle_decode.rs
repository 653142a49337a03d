//! The widget's bundle decoder (`widget/src/decode.rs`) on any JSON: it never panics, every URL
//! it keeps is safe, what it keeps decodes to itself when written the way the compiler writes
//! it, and selection (`whatsnew_core::plan`, which the widget runs next) never panics on it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whatsnew_core::rule::Value;
use whatsnew_core::{plan, Context, UserState};
use whatsnew_fuzz::{assert_bundle_urls_safe, decode};

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(bundle) = decode(&v) else { return };
    assert_bundle_urls_safe(&bundle);
    let written = serde_json::to_value(&bundle).expect("a decoded bundle serialises");
    let again = decode(&written).expect("the decoder reads what it decoded");
    assert_eq!(again, bundle, "decoding is not a fixed point");
    let traits = vec![
        ("role".to_owned(), Value::Str("admin".to_owned())),
        ("seats".to_owned(), Value::Num(5.0)),
        ("beta".to_owned(), Value::Bool(true)),
    ];
    let state = UserState::default();
    for (now, path, traits) in [
        (1_780_000_000_000.0, "/reports", Some(&traits)),
        (0.0, "/", None),
    ] {
        let ctx = Context {
            now_ms: now,
            path,
            traits,
            state: &state,
            session_start: now - 60_000.0,
            modal_open: false,
            user: "u-1",
            since_ms: 0.0,
            away: &[],
        };
        let p = plan(&bundle, &ctx);
        assert!(p.unread <= p.feed.len());
        // Every anchor away: nothing interrupts, the feed is the same.
        let all: Vec<String> = bundle.announcements.iter().map(|a| a.id.clone()).collect();
        let quiet = plan(&bundle, &Context { away: &all, ..ctx });
        assert!(quiet.show.is_empty());
        assert_eq!(quiet.feed.len(), p.feed.len());
    }
});
