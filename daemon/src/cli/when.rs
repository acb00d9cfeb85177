//! Times as a player reads them: "12 s ago", "in 3 min", from the protocol's RFC 3339 stamps.

use chrono::{DateTime, Utc};

/// `stamp` relative to `now` ("5 min ago", "in 40 s"); "never" when absent, the text itself when
/// it is not a time.
pub fn relative(stamp: Option<&str>, now: DateTime<Utc>) -> String {
    let Some(stamp) = stamp.filter(|s| !s.is_empty()) else {
        return "never".to_string();
    };
    let Ok(at) = DateTime::parse_from_rfc3339(stamp) else {
        return stamp.to_string();
    };
    let seconds = (at.with_timezone(&Utc) - now).num_seconds();
    let span = seconds.unsigned_abs();
    let amount = match span {
        0..=1 => return "just now".to_string(),
        2..=89 => format!("{span} s"),
        90..=5_399 => format!("{} min", (span + 30) / 60),
        5_400..=129_599 => format!("{} h", (span + 1_800) / 3_600),
        _ => format!("{} days", (span + 43_200) / 86_400),
    };
    if seconds < 0 {
        format!("{amount} ago")
    } else {
        format!("in {amount}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_relative() {
        let now = DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(relative(Some("2026-12-05T09:59:48Z"), now), "12 s ago");
        assert_eq!(relative(Some("2026-12-05T10:03:00Z"), now), "in 3 min");
        assert_eq!(relative(Some("2026-12-05T07:00:00Z"), now), "3 h ago");
        assert_eq!(relative(Some("2026-12-05T10:00:00Z"), now), "just now");
        assert_eq!(relative(None, now), "never");
        assert_eq!(relative(Some("soon"), now), "soon");
    }
}
