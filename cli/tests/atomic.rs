//! `whatsnew build` killed (SIGKILL) at random points, 100 times: each output folder (the
//! bundle's `--out-dir` and the changelog's `--site`) must afterwards be exactly the previous
//! complete output or the new complete output (same file list, same bytes), never a mix, a
//! missing file or a partial one. The runs alternate between two versions of a content folder
//! large enough that a build takes a while. The figures (how many runs ended old, new) are
//! printed (`cargo test -p whatsnew-cli --test atomic -- --nocapture`).

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 100;
const ANNOUNCEMENTS: usize = 60;

/// Every file under `dir` (relative path, SHA-256), folders too; `None` when `dir` is missing.
fn snapshot(dir: &Path) -> Option<BTreeMap<String, String>> {
    if !dir.exists() {
        return None;
    }
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            if e.file_type().unwrap().is_dir() {
                out.insert(format!("{rel}/"), String::new());
                stack.push(e.path());
            } else {
                let bytes = std::fs::read(e.path()).unwrap();
                out.insert(rel, format!("{:x}", Sha256::digest(&bytes)));
            }
        }
    }
    Some(out)
}

/// A content folder of `ANNOUNCEMENTS` announcements; `version` changes every text, and
/// version 2 has a tenth fewer announcements (their site pages must go) and some new ones.
fn content(dir: &Path, version: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..ANNOUNCEMENTS + 10 {
        let path = dir.join(format!("a{i:05}.md"));
        let present = match version {
            1 => i < ANNOUNCEMENTS,
            _ => i % 10 != 3,
        };
        if !present {
            let _ = std::fs::remove_file(&path);
            continue;
        }
        let (m, d) = (1 + i % 12, 1 + i % 28);
        std::fs::write(
            path,
            format!(
                "---\nid: a{i}\nbenefit: Get paid {i} days sooner without chasing clients (v{version})\nfeature: Reminders {i}\npublished: 2025-{m:02}-{d:02}\ncta:\n  label: Turn on reminders\n  url: /settings/reminders?from={i}\n---\nLedgerly now emails a polite reminder **3 days before** an invoice is due and again on the\nday it becomes overdue. Version {version}: teams in the beta were paid *{i} days sooner*.\n\n- Choose the wording and the schedule.\n- Clients who already paid never get one.\n\n[Read the guide](https://help.example.com/reminders/{i}).\n"
            ),
        )
        .unwrap();
    }
}

fn build(content: &Path, out: &Path, site: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_whatsnew"))
        .arg("build")
        .arg(content)
        .arg("--out-dir")
        .arg(out)
        .arg("--site")
        .arg(site)
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the whatsnew binary runs")
}

/// xorshift64*: enough randomness for kill delays, with the seed printed to replay a run.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_output() {
    let root = tempfile::tempdir().unwrap();
    let (v1, v2) = (root.path().join("v1"), root.path().join("v2"));
    content(&v1, 1);
    content(&v2, 2);
    let out = root.path().join("out");
    let site = root.path().join("site");
    let complete = |c: &Path| {
        let started = Instant::now();
        let status = build(c, &out, &site).wait().unwrap();
        assert!(status.success(), "a whole build of {}", c.display());
        (
            snapshot(&out).unwrap(),
            snapshot(&site).unwrap(),
            started.elapsed(),
        )
    };
    // The complete outputs of each version, and proof that they are stable: v1 over v2's output
    // is v1's output again.
    let (out1, site1, t1) = complete(&v1);
    let (out2, site2, t2) = complete(&v2);
    let (again_out, again_site, _) = complete(&v1);
    assert_eq!(again_out, out1, "a build over another version's output");
    assert_eq!(again_site, site1, "a build over another version's output");
    assert_ne!(out1, out2);
    assert_ne!(site1, site2);
    let span = t1.max(t2);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let versions = [(&v1, &out1, &site1), (&v2, &out2, &site2)];
    let mut current = 0;
    let (mut finished, mut left_beside) = (0, 0);
    // [out-dir, site] x [ended old, ended new]
    let mut ended = [[0usize; 2]; 2];
    for run in 0..RUNS {
        let next = 1 - current;
        let (dir, want_out, want_site) = versions[next];
        // Up to 1.2 times a whole build: some kills land after it finished.
        let delay = Duration::from_micros(rng.below(span.as_micros() as u64 * 6 / 5));
        let mut child = build(dir, &out, &site);
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        }
        let (got_out, got_site) = (snapshot(&out), snapshot(&site));
        let (old_out, old_site) = (versions[current].1, versions[current].2);
        let judge = |got: &Option<BTreeMap<String, String>>,
                     old: &BTreeMap<String, String>,
                     new: &BTreeMap<String, String>,
                     what: &str| {
            match got {
                Some(g) if g == new => true,
                Some(g) if g == old => false,
                other => {
                    let diff: Vec<_> = other.as_ref().map_or_else(Vec::new, |g| {
                        g.iter()
                            .filter(|(k, v)| old.get(*k) != Some(*v) && new.get(*k) != Some(*v))
                            .map(|(k, _)| k.clone())
                            .chain(
                                new.keys()
                                    .filter(|k| !g.contains_key(*k) && old.contains_key(*k))
                                    .cloned(),
                            )
                            .take(10)
                            .collect()
                    });
                    panic!(
                        "run {run} (seed {seed}, killed after {delay:?}): the {what} folder is neither the old nor the new output: {} entries, e.g. {diff:?}",
                        other.as_ref().map_or(0, BTreeMap::len)
                    )
                }
            }
        };
        let out_new = judge(&got_out, old_out, want_out, "--out-dir");
        let site_new = judge(&got_site, old_site, want_site, "--site");
        // The bundle is written first, then the site: a kill between the two may leave the
        // bundle new and the site old (two folders, each whole); never the other way round.
        assert!(
            out_new || !site_new,
            "run {run}: the site is new, the bundle old"
        );
        ended[0][usize::from(out_new)] += 1;
        ended[1][usize::from(site_new)] += 1;
        if out_new && !site_new {
            // Bring the site along so the next run starts from one version.
            let status = build(dir, &out, &site).wait().unwrap();
            assert!(status.success());
        }
        if out_new {
            current = next;
        }
        left_beside += std::fs::read_dir(root.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".whatsnew-stage-"))
            .count();
    }
    // The next whole build clears what killed builds left beside the folders.
    let (_, _, _) = complete(versions[1 - current].0);
    let stray: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".whatsnew-stage-"))
        .collect();
    assert!(
        stray.is_empty(),
        "stages left after a whole build: {stray:?}"
    );
    println!(
        "{RUNS} builds of {ANNOUNCEMENTS} announcements (--out-dir: {} files, --site: {} files and folders; a whole build takes {:.0} ms) killed after a random 0-{:.0} ms (seed {seed}), {finished} of them after finishing: --out-dir ended old {} times, new {}; --site ended old {}, new {}; never a mix, a missing or a partial file; {left_beside} stage folders found beside the outputs after a kill, all removed by the next build",
        out1.len(),
        site1.len(),
        span.as_secs_f64() * 1000.0,
        span.as_secs_f64() * 1200.0,
        ended[0][0],
        ended[0][1],
        ended[1][0],
        ended[1][1],
    );
}
