//! `whatsnew report`'s reader, tally and four formats (the CLI's own source, see src/lib.rs)
//! over any bytes as an event file, with and without the fixture bundle: never a panic; every
//! non-empty line is counted once as an event, a malformed line or a duplicate; the JSON format
//! parses; every rate is a share between 0 and 1.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use whatsnew_core::Bundle;
use whatsnew_fuzz::analytics::Tally;
use whatsnew_fuzz::args::ReportFormat;
use whatsnew_fuzz::cmd::report::{render, Report};
use whatsnew_fuzz::events::Reader;

fn bundle() -> &'static Bundle {
    static B: OnceLock<Bundle> = OnceLock::new();
    B.get_or_init(|| {
        serde_json::from_str(include_str!("../../cli/tests/fixtures/events/bundle.json"))
            .expect("the fixture bundle")
    })
}

fn check_rates(v: &serde_json::Value) {
    match v {
        serde_json::Value::Object(o) => {
            for (k, v) in o {
                if k.ends_with("rate") {
                    if let Some(r) = v.as_f64() {
                        assert!((0.0..=1.0).contains(&r), "{k} = {r}");
                    }
                }
                check_rates(v);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(check_rates),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    for bundle in [None, Some(bundle())] {
        let mut reader = Reader::new();
        let mut tally = Tally::new(bundle);
        let mut malformed = 0u64;
        reader
            .read("fuzz.jsonl", data, &mut |e| tally.add(&e), &mut |_| {
                malformed += 1
            })
            .expect("reading from memory cannot fail");
        let t = &reader.totals;
        assert_eq!(malformed, t.malformed);
        assert_eq!(t.lines, t.events + t.malformed + t.duplicates, "{t:?}");
        let report = Report {
            other_bundle: tally.other_bundle,
            future: tally.future,
            bundle: bundle.map(|b| b.bundle.clone()),
            announcements: tally.finish(bundle),
            totals: reader.totals,
        };
        for format in [ReportFormat::Table, ReportFormat::Csv, ReportFormat::Html] {
            let _ = render(&report, format);
        }
        let json: serde_json::Value = serde_json::from_str(&render(&report, ReportFormat::Json))
            .expect("the JSON report parses");
        check_rates(&json);
    }
});
