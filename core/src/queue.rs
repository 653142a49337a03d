//! The delivery policy of the widget's event queue: what an answer from the endpoint means and
//! when to try again. Pure: the loader does the I/O (fetch with `keepalive`, `sendBeacon` on
//! `pagehide`, a queue persisted in localStorage) and asks [`settle`] after every attempt.
//!
//! The rules, in one place so they are tested natively:
//! - 2xx: the batch is stored; it leaves the queue.
//! - network error (status 0), 408, 425, 429 and 5xx: the batch stays; try again after an
//!   exponential backoff with jitter (1 s, 2 s, 4 s … capped at [`MAX_BACKOFF_MS`]), or after the
//!   server's `Retry-After` in seconds when it gives one (capped at [`MAX_RETRY_AFTER_MS`]).
//! - any other 4xx: the server will never accept this batch; drop it (the loader warns once).
//!   The collector lists single bad events in a 200 answer instead, so a 4xx means the whole
//!   batch is unusable (not JSON, too large, an origin not allowed).
//!
//! Batches stay under [`BATCH_BYTES`] (the browser's `keepalive` and `sendBeacon` limit is 64 KiB
//! in flight) and [`BATCH_EVENTS`] events; the queue keeps at most [`MAX_QUEUED`] events,
//! oldest dropped first, so a page that can never reach its endpoint does not fill storage.

/// Largest request body, in UTF-8 bytes, as the browser counts the keepalive limit (the loader
/// measures each record with `Blob`: `.length` counts UTF-16 units, a third of a Japanese text's
/// bytes).
pub const BATCH_BYTES: usize = 60 * 1024;
/// Most events in one request (the collector accepts 1,000).
pub const BATCH_EVENTS: usize = 500;
/// Most events kept while the endpoint cannot be reached.
pub const MAX_QUEUED: usize = 5000;
/// Longest wait between two attempts without a `Retry-After`, in ms.
pub const MAX_BACKOFF_MS: f64 = 30_000.0;
/// Longest `Retry-After` honoured, in ms.
pub const MAX_RETRY_AFTER_MS: f64 = 600_000.0;

/// What to do with a batch after an attempt to send it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Settled {
    /// Stored by the server: remove it from the queue.
    Sent,
    /// Keep it and try again after this many milliseconds.
    Retry(f64),
    /// The server refuses it for good: remove it and warn.
    Drop,
}

/// Decides what an answer means. `status` is the HTTP status, or 0 when the request failed
/// (network error, blocked, aborted); `attempt` counts failures of this batch so far (0 on the
/// first); `retry_after` is the `Retry-After` header, if any; `random` is in 0..1 (the jitter).
pub fn settle(status: u16, attempt: u32, retry_after: Option<&str>, random: f64) -> Settled {
    match status {
        200..=299 => Settled::Sent,
        0 | 408 | 425 | 429 | 500..=599 => Settled::Retry(
            retry_after
                .and_then(retry_after_ms)
                .unwrap_or_else(|| backoff(attempt, random)),
        ),
        _ => Settled::Drop,
    }
}

/// The wait before retry number `attempt + 1`: half of the exponential step fixed, half random
/// ("equal jitter"), so many clients that failed together do not return together, and no
/// client waits longer than [`MAX_BACKOFF_MS`].
pub fn backoff(attempt: u32, random: f64) -> f64 {
    let step = (1000.0 * f64::from(1u32 << attempt.min(15))).min(MAX_BACKOFF_MS);
    let random = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.5
    };
    step / 2.0 + step / 2.0 * random
}

/// `Retry-After` in milliseconds: delta seconds (`120`). The HTTP-date form is not read (the
/// collector and the usual gateways send seconds; a date falls back to the backoff), which
/// keeps date parsing out of every host page.
pub fn retry_after_ms(header: &str) -> Option<f64> {
    let h = header.trim();
    let ok = !h.is_empty() && h.len() <= 10 && h.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| {
        let s = h.bytes().fold(0.0, |n, b| n * 10.0 + f64::from(b - b'0'));
        (s * 1000.0).min(MAX_RETRY_AFTER_MS)
    })
}

/// How many events from the front of the queue go in the next request: as many as fit under
/// [`BATCH_BYTES`] (a JSON array: brackets and commas counted) and [`BATCH_EVENTS`], and at
/// least one, so an oversized event is sent alone (and refused with a 4xx) rather than
/// blocking the queue forever.
pub fn batch_len(sizes: impl IntoIterator<Item = usize>) -> usize {
    let mut total = 2;
    let mut n = 0;
    for size in sizes {
        total += size + usize::from(n > 0);
        if n == BATCH_EVENTS || (n > 0 && total > BATCH_BYTES) {
            break;
        }
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_map_to_sent_retry_or_drop() {
        for s in [200, 201, 204, 299] {
            assert_eq!(settle(s, 0, None, 0.5), Settled::Sent, "{s}");
        }
        for s in [0, 408, 425, 429, 500, 502, 503, 599] {
            assert!(matches!(settle(s, 0, None, 0.5), Settled::Retry(_)), "{s}");
        }
        for s in [400, 401, 403, 404, 411, 413, 415, 422, 300, 304, 600] {
            assert_eq!(settle(s, 0, None, 0.5), Settled::Drop, "{s}");
        }
    }

    #[test]
    fn backoff_doubles_with_equal_jitter_and_is_capped() {
        assert_eq!(backoff(0, 0.0), 500.0);
        assert_eq!(backoff(0, 1.0), 1000.0);
        assert_eq!(backoff(1, 0.0), 1000.0);
        assert_eq!(backoff(3, 0.5), 6000.0);
        // Capped, also for absurd attempt counts and bad randomness.
        for attempt in [5, 6, 10, 31, 1000, u32::MAX] {
            let b = backoff(attempt, 1.0);
            assert!(
                (MAX_BACKOFF_MS / 2.0..=MAX_BACKOFF_MS).contains(&b),
                "{attempt}: {b}"
            );
        }
        assert_eq!(backoff(2, f64::NAN), 3000.0);
        assert_eq!(backoff(2, 7.0), 4000.0);
        assert_eq!(backoff(2, -1.0), 2000.0);
    }

    #[test]
    fn retry_after_is_honoured_in_seconds() {
        assert_eq!(settle(429, 0, Some("120"), 0.5), Settled::Retry(120_000.0));
        assert_eq!(settle(503, 7, Some(" 0 "), 0.5), Settled::Retry(0.0));
        // Capped at ten minutes.
        assert_eq!(retry_after_ms("999999"), Some(MAX_RETRY_AFTER_MS));
        // Garbage, and the date form, fall back to the backoff.
        for bad in [
            "",
            "soon",
            "-5",
            "1.5",
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "12345678901",
        ] {
            assert_eq!(retry_after_ms(bad), None, "{bad:?}");
            assert_eq!(settle(503, 2, Some(bad), 0.0), Settled::Retry(2000.0));
        }
        // A 4xx with Retry-After is still dropped: it will never be accepted.
        assert_eq!(settle(400, 0, Some("5"), 0.5), Settled::Drop);
    }

    #[test]
    fn batches_fit_the_keepalive_limit() {
        assert_eq!(batch_len([]), 0);
        assert_eq!(batch_len([10, 10, 10]), 3);
        // 300-byte records: [ + 300 + (, + 300)* + ] under 60 KiB.
        let n = batch_len(core::iter::repeat_n(300, 1000));
        assert_eq!(n, (BATCH_BYTES - 2 + 1) / 301);
        assert!(2 + n * 301 - 1 <= BATCH_BYTES);
        // Small records: the event count caps the batch.
        assert_eq!(batch_len(core::iter::repeat_n(20, 5000)), BATCH_EVENTS);
        // An oversized record goes alone, never blocks the queue.
        assert_eq!(batch_len([100_000, 10]), 1);
        assert_eq!(batch_len([10, 100_000]), 1);
    }
}
