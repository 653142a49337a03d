//! Reading event files: JSON lines (`.gz` too), streamed one line at a time, with malformed
//! lines reported by `file:line` and skipped, and duplicate event ids dropped.
//!
//! Memory does not grow with the input's size in bytes: one line is held at a time, and the
//! duplicate check keeps 8 bytes per distinct event id (a 64-bit hash; two different ids
//! colliding among a million has a probability near 3 in 100 million).

use crate::error::{IoContext, Result};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use whatsnew_core::event::{fnv1a, Event};

/// Longest line read; longer lines are malformed (the collector never writes one).
pub const MAX_LINE: usize = 64 * 1024;

/// Counts of what was read.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Totals {
    /// Files read.
    pub files: u64,
    /// Non-empty lines read.
    pub lines: u64,
    /// Events counted (valid, first of their id).
    pub events: u64,
    /// Lines skipped as malformed.
    pub malformed: u64,
    /// Events skipped because their id was seen before.
    pub duplicates: u64,
}

/// A hasher for keys that are already hashes (and, with FNV-1a, for short strings).
#[derive(Default)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    /// Strings (interned names) hash with FNV-1a.
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

/// A set of 64-bit hashes.
pub type HashSet64 = HashSet<u64, BuildHasherDefault<Prehashed>>;

/// Reads events from files in order, calling `each` for every valid event seen for the first
/// time; malformed lines go to `malformed` as `path:line: reason` and are skipped.
pub struct Reader {
    seen: HashSet64,
    /// What was read so far.
    pub totals: Totals,
}

impl Default for Reader {
    fn default() -> Self {
        Self::new()
    }
}

impl Reader {
    /// A reader that has seen nothing.
    pub fn new() -> Reader {
        Reader {
            seen: HashSet64::default(),
            totals: Totals::default(),
        }
    }

    /// Reads one file (gzip when it ends in `.gz`).
    pub fn read_file(
        &mut self,
        path: &Path,
        each: &mut dyn FnMut(Event),
        malformed: &mut dyn FnMut(String),
    ) -> Result<()> {
        let file = std::fs::File::open(path).context("cannot read", path)?;
        let gz = path.extension().is_some_and(|e| e == "gz");
        let input: Box<dyn Read> = if gz {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        self.totals.files += 1;
        self.read(
            &path.display().to_string(),
            BufReader::with_capacity(256 * 1024, input),
            each,
            malformed,
        )
        .context("cannot read", path)
    }

    /// Reads JSON lines from `input`, named `name` in messages.
    pub fn read(
        &mut self,
        name: &str,
        mut input: impl BufRead,
        each: &mut dyn FnMut(Event),
        malformed: &mut dyn FnMut(String),
    ) -> std::io::Result<()> {
        let mut buf = Vec::with_capacity(1024);
        let mut line_no = 0u64;
        loop {
            buf.clear();
            let n = (&mut input)
                .take(MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut buf)?;
            if n == 0 {
                return Ok(());
            }
            line_no += 1;
            if buf.len() > MAX_LINE && buf.last() != Some(&b'\n') {
                // Skip the rest of the overlong line.
                let mut rest = Vec::new();
                loop {
                    rest.clear();
                    let m = (&mut input)
                        .take(MAX_LINE as u64)
                        .read_until(b'\n', &mut rest)?;
                    if m == 0 || rest.last() == Some(&b'\n') {
                        break;
                    }
                }
                self.totals.lines += 1;
                self.totals.malformed += 1;
                malformed(format!("{name}:{line_no}: line longer than 64 KiB"));
                continue;
            }
            let text = buf.trim_ascii();
            // A byte-order mark (a file saved by an editor, or a tool's export) is not JSON.
            let text = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(text);
            if text.is_empty() {
                continue;
            }
            self.totals.lines += 1;
            let event = match serde_json::from_slice::<Event>(text) {
                Ok(e) => e,
                Err(e) => {
                    self.totals.malformed += 1;
                    malformed(format!("{name}:{line_no}: {}", first_line(&e.to_string())));
                    continue;
                }
            };
            if let Err(e) = event.validate() {
                self.totals.malformed += 1;
                malformed(format!("{name}:{line_no}: {e}"));
                continue;
            }
            if !self.seen.insert(fnv1a(event.id.as_bytes())) {
                self.totals.duplicates += 1;
                continue;
            }
            self.totals.events += 1;
            each(event);
        }
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Malformed lines are reported with their line numbers and skipped; duplicates are
    /// counted once and ignored.
    #[test]
    fn skips_malformed_lines_and_duplicates() {
        let good = |id: &str| {
            format!(
                r#"{{"v":1,"id":"{id}","type":"impression","announcement":"a","bundle":"b","user":"u","at":1}}"#
            )
        };
        let input = format!(
            "{}\n\nnot json\n{}\n{}\n{{\"v\":1}}\n{}",
            good("1"),
            good("2"),
            good("1"),
            good("3")
        );
        let mut r = Reader::new();
        let (mut ids, mut bad) = (Vec::new(), Vec::new());
        r.read(
            "events.jsonl",
            input.as_bytes(),
            &mut |e| ids.push(e.id),
            &mut |m| bad.push(m),
        )
        .unwrap();
        assert_eq!(ids, ["1", "2", "3"]);
        assert_eq!(bad.len(), 2);
        assert!(bad[0].starts_with("events.jsonl:3: "), "{bad:?}");
        assert!(bad[1].starts_with("events.jsonl:6: "), "{bad:?}");
        assert_eq!((r.totals.lines, r.totals.events), (6, 3));
        assert_eq!((r.totals.malformed, r.totals.duplicates), (2, 1));
    }
}
