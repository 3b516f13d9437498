//! When to try again: jittered exponential backoff and the server's Retry-After.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// The wait before retry number `attempt` (0-based): `base × 2^attempt`, scaled by a random
/// factor in [0.5, 1.0) so that many clients do not come back at the same instant.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let full = base.saturating_mul(1u32 << attempt.min(16));
    Duration::try_from_secs_f64(full.as_secs_f64() * (0.5 + 0.5 * jitter())).unwrap_or(full)
}

/// Retry-After as delta-seconds or an HTTP date; None when unreadable or in the past.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = DateTime::parse_from_rfc2822(value).ok()?;
    (when.with_timezone(&Utc) - now).to_std().ok()
}

/// A number in [0, 1) that differs between calls and threads; not for cryptography.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter() {
        for attempt in 0..4 {
            let wait = backoff(Duration::from_secs(2), attempt);
            let full = Duration::from_secs(2 << attempt);
            assert!(
                wait >= full / 2 && wait < full,
                "{wait:?} for attempt {attempt}"
            );
        }
    }

    #[test]
    fn absurd_settings_saturate_instead_of_panicking() {
        assert!(backoff(Duration::MAX, 40) > Duration::from_secs(1 << 40));
        let now = Utc::now();
        assert_eq!(
            crate::track::schedule::after(now, Duration::MAX),
            DateTime::<Utc>::MAX_UTC
        );
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = DateTime::parse_from_rfc3339("2025-03-14T07:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Fri, 14 Mar 2025 07:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Fri, 14 Mar 2025 06:00:00 GMT", now),
            None
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
