//! Durations as people write them in flags and in `sources.toml`: `0`, `500ms`, `90s`, `15m`,
//! `3h`, `7d`, `2w`, and sums such as `1h30m`.

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A duration that reads and writes as text (`15m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span(pub Duration);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid duration {0:?}: expected a number and a unit, e.g. 500ms, 30s, 15m, 3h, 7d")]
pub struct BadDuration(pub String);

/// Parse `1h30m`-style text.
pub fn parse(text: &str) -> Result<Duration, BadDuration> {
    let bad = || BadDuration(text.to_string());
    let trimmed = text.trim();
    if trimmed == "0" {
        return Ok(Duration::ZERO);
    }
    let mut total = Duration::ZERO;
    let mut rest = trimmed;
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let number: f64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" | "sec" => 1.0,
            "m" | "min" => 60.0,
            "h" => 3600.0,
            "d" => 86_400.0,
            "w" => 7.0 * 86_400.0,
            _ => return Err(bad()),
        };
        rest = &rest[unit_len..];
        let add = number * seconds;
        if !add.is_finite() || add > 1e10 {
            return Err(bad());
        }
        total += Duration::from_secs_f64(add);
    }
    Ok(total)
}

/// The shortest text that parses back to `d` (to the millisecond).
pub fn format(d: Duration) -> String {
    let ms = d.as_millis();
    if ms == 0 {
        return "0".into();
    }
    let units = [
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1000, "s"),
        (1, "ms"),
    ];
    let mut out = String::new();
    let mut left = ms;
    for (size, unit) in units {
        if left >= size {
            out.push_str(&format!("{}{unit}", left / size));
            left %= size;
        }
    }
    out
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(self.0))
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let text = String::deserialize(d)?;
        parse(&text).map(Span).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Span {
    type Err = BadDuration;
    fn from_str(s: &str) -> Result<Span, BadDuration> {
        parse(s).map(Span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        assert_eq!(parse("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse("0"), Ok(Duration::ZERO));
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse("30d"), Ok(Duration::from_secs(30 * 86_400)));
        for bad in ["", "15", "m", "15 parsecs", "-1s", "1e400s"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        for text in ["15m", "1h30m", "0", "500ms", "7d", "1d1s"] {
            assert_eq!(format(parse(text).unwrap()), text);
        }
    }
}
