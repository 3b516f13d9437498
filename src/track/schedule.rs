//! When to look again: often while a story is fresh, rarely once it has settled, then never.

use chrono::{DateTime, Utc};

use super::sources::{ArticleSource, Settings};
use super::state::ArticleState;

/// The next check of an article, or None when its tracking has finished.
pub fn next_check(
    settings: &Settings,
    source: &ArticleSource,
    state: &ArticleState,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let started = state.added_at.unwrap_or(now);
    if let Some(limit) = source.for_
        && now - started >= delta(limit.0)
    {
        return None;
    }
    let interval = match source.every {
        Some(every) => every.0,
        None => {
            let since = state.last_change.unwrap_or(started);
            let age = (now - since).to_std().unwrap_or_default();
            match settings.schedule.iter().find(|step| age < step.until.0) {
                Some(step) => step.every.0,
                // Past the schedule; an explicit --for keeps the last step going.
                None if source.for_.is_some() => settings.schedule.last()?.every.0,
                None => return None,
            }
        }
    };
    Some(after(now, interval))
}

/// `now + d`, saturating instead of overflowing on absurd intervals.
pub fn after(now: DateTime<Utc>, d: std::time::Duration) -> DateTime<Utc> {
    now.checked_add_signed(delta(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn delta(d: std::time::Duration) -> chrono::TimeDelta {
    chrono::TimeDelta::from_std(d).unwrap_or(chrono::TimeDelta::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::duration::Span;
    use std::time::Duration;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-03-14T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + chrono::TimeDelta::hours(hours)
    }

    fn source() -> ArticleSource {
        ArticleSource {
            url: "https://news.example/a".into(),
            ..ArticleSource::default()
        }
    }

    fn gap(settings: &Settings, source: &ArticleSource, age_hours: i64) -> Option<i64> {
        let state = ArticleState {
            added_at: Some(at(0)),
            last_change: Some(at(0)),
            ..ArticleState::default()
        };
        let now = at(age_hours);
        next_check(settings, source, &state, now).map(|t| (t - now).num_minutes())
    }

    #[test]
    fn fresh_often_old_rarely_then_finished() {
        let s = Settings::default();
        assert_eq!(gap(&s, &source(), 1), Some(15));
        assert_eq!(gap(&s, &source(), 5), Some(60));
        assert_eq!(gap(&s, &source(), 48), Some(180));
        assert_eq!(gap(&s, &source(), 24 * 10), Some(24 * 60));
        assert_eq!(gap(&s, &source(), 24 * 31), None);
    }

    #[test]
    fn every_and_for_override_the_schedule() {
        let s = Settings::default();
        let mut src = source();
        src.every = Some(Span(Duration::from_secs(120)));
        assert_eq!(gap(&s, &src, 24 * 40), Some(2));
        src.every = None;
        src.for_ = Some(Span(Duration::from_secs(3600 * 24 * 60)));
        assert_eq!(gap(&s, &src, 24 * 40), Some(24 * 60));
        assert_eq!(gap(&s, &src, 24 * 61), None);
    }
}
