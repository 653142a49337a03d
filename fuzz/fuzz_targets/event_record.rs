//! The event record (`core/src/event.rs`), as the collector and the report read one line: any
//! text either fails to parse, fails validation, or is an event that writes back to JSON on one
//! line and reads back as the same, still valid, event.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whatsnew_core::event::Event;

fuzz_target!(|line: &str| {
    let Ok(event) = serde_json::from_str::<Event>(line) else {
        return;
    };
    if event.validate().is_err() {
        return;
    }
    let written = serde_json::to_string(&event).expect("an event serialises");
    assert!(
        !written.contains(['\n', '\r']),
        "an event writes more than one line"
    );
    let back: Event = serde_json::from_str(&written).expect("an event reads back");
    assert_eq!(back, event);
    assert!(back.validate().is_ok());
    let _ = event.vote();
});
