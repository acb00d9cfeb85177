//! Bursts shown as one: the notices gathered within a short window, grouped by kind, so three
//! completions synced together make one notification, not three.

use super::text::{Notice, NoticeKind};
use std::time::Duration;

/// How long the notifier gathers notices after the first of a burst before showing them.
pub const COALESCE_WINDOW: Duration = Duration::from_secs(1);

/// Most lines one coalesced notification lists; the rest are counted.
pub const MAX_LINES: usize = 6;

/// The notices of one burst as the notifications to show: one per kind, in the order each kind
/// first appeared; a kind seen once keeps its own words, several are listed line by line.
pub fn coalesce(notices: Vec<Notice>) -> Vec<Notice> {
    let mut groups: Vec<(NoticeKind, Vec<Notice>)> = Vec::new();
    for notice in notices {
        match groups.iter_mut().find(|(kind, _)| *kind == notice.kind) {
            Some((_, group)) => group.push(notice),
            None => groups.push((notice.kind, vec![notice])),
        }
    }
    groups
        .into_iter()
        .filter_map(|(kind, mut group)| {
            if group.len() == 1 {
                return group.pop();
            }
            let mut lines: Vec<String> = group
                .iter()
                .take(MAX_LINES)
                .map(|n| n.line.clone())
                .collect();
            if group.len() > MAX_LINES {
                lines.push(format!("and {} more", group.len() - MAX_LINES));
            }
            let body = lines.join("\n");
            // A button stays when every notice of the group offers it.
            let action = group
                .first()
                .and_then(|n| n.action)
                .filter(|a| group.iter().all(|n| n.action == Some(*a)));
            Some(Notice {
                kind,
                summary: kind.plural_summary(group.len()),
                line: body.clone(),
                body,
                action,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desktop::text::{pairing_notice, postmaster_notice};

    #[test]
    fn several_of_a_kind_become_one_listing_each() {
        let shown = coalesce(vec![
            postmaster_notice("Titan", 18),
            pairing_notice("Firefox", "111111", 120),
            postmaster_notice("Hunter", 19),
        ]);
        assert_eq!(shown.len(), 2);
        assert_eq!(shown[0].summary, "2 postmasters almost full");
        assert_eq!(shown[0].body, "Titan: 18 of 21\nHunter: 19 of 21");
        assert_eq!(shown[1].summary, "Pairing request from Firefox");
    }

    #[test]
    fn a_long_burst_is_cut_and_counted() {
        let many = (0..9)
            .map(|i| postmaster_notice(&format!("C{i}"), 18))
            .collect();
        let shown = coalesce(many);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].body.lines().count(), MAX_LINES + 1);
        assert!(shown[0].body.ends_with("and 3 more"), "{}", shown[0].body);
    }

    #[test]
    fn nothing_gathered_shows_nothing() {
        assert!(coalesce(Vec::new()).is_empty());
    }
}
