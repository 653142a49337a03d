//! Huge and hostile input: a 100 MB announcement is refused before it is read, with its path
//! and the limit; pathological Markdown (deep nesting, runs of emphasis markers, thousands of
//! links, very long lines) takes about twice as long when it is twice as large, not four times.
//! The figures are printed (`cargo test -p whatsnew-cli --test limits -- --nocapture`).

mod common;

use common::{text, whatsnew};
use std::time::{Duration, Instant};

#[test]
fn a_100_mb_file_is_refused_fast_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("huge.md")).unwrap();
    // Sparse: the test machine's disk is not filled, the CLI still sees 100 MB.
    f.set_len(100 * 1024 * 1024).unwrap();
    std::fs::write(
        dir.path().join("fine.md"),
        "---\nbenefit: Find any invoice in seconds\npublished: 2026-01-01\n---\nBody.\n",
    )
    .unwrap();
    let start = Instant::now();
    let out = whatsnew(&["check", "."], dir.path());
    let took = start.elapsed();
    let err = text(&out.stderr);
    println!("100 MB file: refused in {} ms", took.as_millis());
    assert!(!out.status.success());
    assert!(err.contains("huge.md"), "{err}");
    assert!(err.contains("1048576 bytes"), "{err}");
    assert!(
        took < Duration::from_secs(5),
        "refused before reading: {took:?}"
    );
}

/// One announcement whose body is `n` copies of hard Markdown.
fn hostile(n: usize) -> String {
    let unit = concat!(
        "*a **b *c **d *e **f ",
        "[x](https://example.com/a) [y](/b) `code` _u_ __v__ ",
        "> > > > quoted\n",
        "- - - - - nested\n",
        "\n"
    );
    format!(
        "---\nbenefit: Find any invoice in seconds\npublished: 2026-01-01\nallow: [long-body]\n---\n{}",
        unit.repeat(n)
    )
}

fn median_check_ms(body: &str) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), body).unwrap();
    let mut times: Vec<f64> = (0..3)
        .map(|_| {
            let start = Instant::now();
            let _ = whatsnew(&["check", "."], dir.path());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[1]
}

#[test]
fn hostile_markdown_takes_linear_time() {
    // Just under the 1 MiB file limit at the larger size.
    let (small, large) = (hostile(4_000), hostile(8_000));
    assert!(large.len() < 1024 * 1024, "{}", large.len());
    let baseline = median_check_ms("---\nbenefit: x\npublished: 2026-01-01\n---\n");
    let (a, b) = (median_check_ms(&small), median_check_ms(&large));
    // The process start is the same in both: compare the work beyond it.
    let ratio = (b - baseline).max(1.0) / (a - baseline).max(1.0);
    println!(
        "hostile Markdown: {} KB in {a:.0} ms, {} KB in {b:.0} ms (empty file {baseline:.0} ms): x{ratio:.2} for twice the input",
        small.len() / 1024,
        large.len() / 1024
    );
    assert!(ratio < 3.5, "not linear: x{ratio:.2}");
}
