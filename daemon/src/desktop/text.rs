//! The words of every desktop notification, as pure functions of what happened (unit-tested here;
//! nothing in this file touches D-Bus).

use super::actions::EquipReport;
use super::platform::Platform;
use crate::events::{CompletedActivity, SessionState};
use crate::store::model::{Character, CharacterId, Class, POSTMASTER_CAPACITY};

/// How many items in a postmaster count as "almost full".
pub const POSTMASTER_WARN_AT: u32 = 18;

/// Which setting switches a notification off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// An activity finished.
    Activity,
    /// A client asked to pair.
    Pairing,
    /// A loadout was equipped or failed.
    Loadout,
    /// A postmaster is almost full.
    Postmaster,
    /// The Bungie session ended.
    SignedOut,
    /// Bungie maintenance began or ended.
    Maintenance,
    /// The daemon's own files: a store rebuilt, a disk full (always shown).
    Storage,
    /// A bounty, quest step or milestone was completed.
    Progress,
}

impl NoticeKind {
    /// The summary of several notices of this kind shown as one.
    pub fn plural_summary(&self, count: usize) -> String {
        match self {
            NoticeKind::Activity => format!("{count} activities finished"),
            NoticeKind::Pairing => format!("{count} pairing requests"),
            NoticeKind::Loadout => format!("{count} loadouts"),
            NoticeKind::Postmaster => format!("{count} postmasters almost full"),
            NoticeKind::SignedOut => "Signed out of Bungie.net".to_string(),
            NoticeKind::Maintenance => "Bungie maintenance".to_string(),
            NoticeKind::Storage => "Vault Raider's data".to_string(),
            NoticeKind::Progress => format!("{count} pursuits complete"),
        }
    }
}

/// One desktop notification, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Which setting governs it.
    pub kind: NoticeKind,
    /// The title line.
    pub summary: String,
    /// The text below it.
    pub body: String,
    /// The notice in one line, used when several are shown as one.
    pub line: String,
    /// A button the notification offers, where the desktop shows buttons.
    pub action: Option<NoticeAction>,
}

/// A button on a notification; clicking it does what the tray entry of the same name does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeAction {
    /// "Sign in": starts a sign-in to Bungie.net in the browser.
    SignIn,
}

impl NoticeAction {
    /// The action's key in the notification (`org.freedesktop.Notifications` actions).
    pub fn key(self) -> &'static str {
        match self {
            NoticeAction::SignIn => "sign-in",
        }
    }

    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            NoticeAction::SignIn => "Sign in",
        }
    }
}

impl Notice {
    pub(crate) fn new(kind: NoticeKind, summary: String, body: String, line: String) -> Notice {
        Notice {
            kind,
            summary,
            body,
            line,
            action: None,
        }
    }

    fn with_action(mut self, action: NoticeAction) -> Notice {
        self.action = Some(action);
        self
    }
}

/// "22m 11s", "1h 03m 20s", "45s".
pub fn duration_words(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
    if h > 0 {
        format!("{h}h {m:02}m {s:02}s")
    } else if m > 0 {
        format!("{m}m {s:02}s")
    } else {
        format!("{s}s")
    }
}

pub(crate) fn count_words(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The class's name with a capital ("Warlock").
pub fn class_name(class: Class) -> &'static str {
    match class {
        Class::Titan => "Titan",
        Class::Hunter => "Hunter",
        Class::Warlock => "Warlock",
    }
}

/// The name a player knows a character by: its class, numbered when two share one
/// ("Warlock", "Titan 2"). Unknown characters are "a character".
pub fn character_label(characters: &[Character], id: CharacterId) -> String {
    let Some(position) = characters.iter().position(|c| c.id == id) else {
        return "a character".to_string();
    };
    let class = characters
        .get(position)
        .map(|c| c.class)
        .unwrap_or(Class::Titan);
    let same_before = characters
        .iter()
        .take(position)
        .filter(|c| c.class == class)
        .count();
    if same_before == 0 {
        class_name(class).to_string()
    } else {
        format!("{} {}", class_name(class), same_before + 1)
    }
}

/// Escapes the markup some notification servers interpret in bodies, and cuts text that came
/// from outside (a client's name) to `max` characters.
pub fn plain(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// "Savathûn's Song — Strike" (the mode left out when it is empty or the same as the name).
fn activity_title(activity: &CompletedActivity) -> String {
    let name = plain(&activity.activity, 80);
    if activity.mode.is_empty() || activity.mode == activity.activity {
        name
    } else {
        format!("{name} — {}", plain(&activity.mode, 40))
    }
}

/// An activity finished: "Savathûn's Song — Strike: 64 kills, 5 deaths, 22m 11s" (with the
/// carnage report: "64 kills (20 precision), 5 deaths, score 3120, victory, 22m 11s"), or said
/// plainly when it was not completed.
pub fn activity_notice(activity: &CompletedActivity, character: &str) -> Notice {
    let title = activity_title(activity);
    let mut kills = count_words(activity.kills, "kill", "kills");
    let mut deaths = count_words(activity.deaths, "death", "deaths");
    if let Some(report) = &activity.report {
        if report.precision_kills > 0 {
            kills = format!("{kills} ({} precision)", report.precision_kills);
        }
        if report.score > 0 {
            deaths = format!("{deaths}, score {}", report.score);
        }
        if let Some(standing) = &report.standing {
            deaths = format!("{deaths}, {standing}");
        }
    }
    let played = activity
        .report
        .as_ref()
        .map(|r| r.time_played_seconds)
        .filter(|t| *t > 0)
        .unwrap_or(activity.duration_seconds);
    let time = duration_words(played);
    let (summary, body) = if activity.completed {
        (
            format!("Activity completed · {character}"),
            format!("{title}: {kills}, {deaths}, {time}"),
        )
    } else {
        (
            format!("Activity not completed · {character}"),
            format!("{title}: failed or abandoned after {time} ({kills}, {deaths})"),
        )
    };
    let line = format!("{character}: {body}");
    Notice::new(NoticeKind::Activity, summary, body, line)
}

/// A client asked to pair: the code to type into it.
pub fn pairing_notice(client: &str, code: &str, expires_in: u64) -> Notice {
    let client = plain(client, 40);
    let code = plain(code, 12);
    let minutes = expires_in.div_ceil(60).max(1);
    let body = format!(
        "Code {code}: type it into {client} to let it use Vault Raider. It expires in {}.",
        count_words(
            u32::try_from(minutes).unwrap_or(u32::MAX),
            "minute",
            "minutes"
        )
    );
    let line = format!("{client}: code {code}");
    Notice::new(
        NoticeKind::Pairing,
        format!("Pairing request from {client}"),
        body,
        line,
    )
}

/// Too many wrong pairing codes: pairing is paused (someone may be guessing codes).
pub fn pairing_locked_notice(retry_after_secs: u64) -> Notice {
    let minutes = retry_after_secs.div_ceil(60).max(1);
    let wait = count_words(
        u32::try_from(minutes).unwrap_or(u32::MAX),
        "minute",
        "minutes",
    );
    let body = format!(
        "Too many wrong pairing codes were typed. If that was not you, another program may be \
         guessing codes. Pairing resumes in {wait}."
    );
    let line = format!("pairing paused for {wait}: too many wrong codes");
    Notice::new(
        NoticeKind::Pairing,
        "Pairing paused".to_string(),
        body,
        line,
    )
}

/// The store was rebuilt (`message` says why and what was kept).
pub fn store_repaired_notice(message: &str) -> Notice {
    Notice::new(
        NoticeKind::Storage,
        "Vault Raider rebuilt its store".to_string(),
        plain(message, 400),
        "the store was rebuilt; your loadouts and tags were kept".to_string(),
    )
}

/// A sync could not be saved: the disk is full.
pub fn disk_full_notice(message: &str) -> Notice {
    Notice::new(
        NoticeKind::Storage,
        "Disk full: Vault Raider cannot save".to_string(),
        plain(message, 300),
        "the disk is full; changes are not saved until there is room".to_string(),
    )
}

/// A loadout was equipped, partly equipped (naming the items that failed) or failed.
pub fn loadout_notice(
    loadout: &str,
    character: &str,
    outcome: &Result<EquipReport, super::actions::EquipError>,
) -> Notice {
    let loadout = plain(loadout, 60);
    let (summary, detail) = match outcome {
        Ok(report) if report.failed.is_empty() => (
            "Loadout equipped".to_string(),
            format!("{loadout} on {character}"),
        ),
        Ok(report) => {
            let items: Vec<String> = report
                .failed
                .iter()
                .map(|f| format!("{} ({})", plain(&f.name, 60), plain(&f.reason, 120)))
                .collect();
            (
                "Loadout partly equipped".to_string(),
                format!(
                    "{loadout} on {character}: {} failed: {}",
                    count_words(
                        u32::try_from(report.failed.len()).unwrap_or(u32::MAX),
                        "item",
                        "items"
                    ),
                    items.join(", ")
                ),
            )
        }
        Err(reason) => (
            "Loadout failed".to_string(),
            format!(
                "{loadout} on {character}: {}",
                plain(&reason.to_string(), 200)
            ),
        ),
    };
    let line = format!("{summary}: {detail}");
    Notice::new(NoticeKind::Loadout, summary, detail, line)
}

/// A postmaster holds `count` of its 21 items.
pub fn postmaster_notice(character: &str, count: u32) -> Notice {
    let body = format!(
        "{count} of {POSTMASTER_CAPACITY} items wait in the postmaster. Pull them before the oldest are lost."
    );
    let line = format!("{character}: {count} of {POSTMASTER_CAPACITY}");
    Notice::new(
        NoticeKind::Postmaster,
        format!("Postmaster almost full · {character}"),
        body,
        line,
    )
}

/// What the postmaster guard did for `character` (one notice per run), or why it could not.
pub fn guard_notice(character: &str, report: &crate::events::GuardReport) -> Notice {
    let pulled = count_words(report.pulled, "item", "items");
    let (summary, body) = match (report.pulled, &report.problem) {
        (0, Some(problem)) => (
            format!("Postmaster guard could not help · {character}"),
            format!(
                "{} of {POSTMASTER_CAPACITY} items wait in the postmaster and none could be pulled: {}",
                report.left,
                plain(problem, 200)
            ),
        ),
        (_, problem) => {
            let mut body = format!("Pulled {pulled} from the postmaster");
            if report.moved_aside > 0 {
                body.push_str(&format!(
                    "; moved {} to the vault to make room",
                    count_words(report.moved_aside, "item", "items")
                ));
            }
            body.push_str(&format!(". {} left there.", report.left));
            if let Some(problem) = problem {
                body.push_str(&format!(" Not all could come: {}", plain(problem, 160)));
            }
            (format!("Postmaster guard · {character}"), body)
        }
    };
    let line = format!("{summary}: {body}");
    Notice::new(NoticeKind::Postmaster, summary, body, line)
}

/// What the session moving from `before` (unknown at start-up) to `now` is worth saying, if
/// anything: signed out (why, and sign in again), the application refused, maintenance began or
/// ended. A sign-out is said once, however its reason changes while signed out. Worded for the
/// platform this build runs on.
pub fn session_notice(before: Option<SessionState>, now: SessionState) -> Option<Notice> {
    session_notice_on(Platform::current(), before, now)
}

/// [`session_notice`], worded for `platform` (where its menu is).
pub fn session_notice_on(
    platform: Platform,
    before: Option<SessionState>,
    now: SessionState,
) -> Option<Notice> {
    use crate::events::SignOutReason;
    use SessionState::{AppRejected, Maintenance, SignedOut};
    if before == Some(now) {
        return None;
    }
    match now {
        SignedOut(reason) if !matches!(before, Some(SignedOut(_))) => {
            let summary = match reason {
                Some(SignOutReason::Expired) => "Bungie.net session expired",
                Some(SignOutReason::Revoked) => "Bungie.net access revoked",
                Some(SignOutReason::LoggedOut) | None => "Signed out of Bungie.net",
            };
            let body = format!(
                "{} Sign in again from {} (\"Sign in to Bungie.net…\"), the extension or `vault-raider login`; until then your inventory is not synced.",
                now.message(),
                platform.menu_place()
            );
            Some(
                Notice::new(
                    NoticeKind::SignedOut,
                    summary.to_string(),
                    body,
                    format!("{summary}: sign in again"),
                )
                .with_action(NoticeAction::SignIn),
            )
        }
        AppRejected(_) if !matches!(before, Some(AppRejected(_))) => Some(Notice::new(
            NoticeKind::SignedOut,
            "Bungie.net refuses Vault Raider's application".to_string(),
            now.message().to_string(),
            format!("Bungie.net refuses the application ({})", now.reason_str().unwrap_or("")),
        )),
        Maintenance => Some(Notice::new(
            NoticeKind::Maintenance,
            "Bungie maintenance began".to_string(),
            "Bungie.net is down for maintenance. Your inventory stays readable; moves and syncs wait until it ends.".to_string(),
            "Maintenance began".to_string(),
        )),
        _ if before == Some(Maintenance) => Some(Notice::new(
            NoticeKind::Maintenance,
            "Bungie maintenance ended".to_string(),
            "Bungie.net is back; Vault Raider syncs again.".to_string(),
            "Maintenance ended".to_string(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::SessionState::*;

    fn activity(completed: bool) -> CompletedActivity {
        CompletedActivity {
            character_id: 1,
            activity: "Savathûn's Song".into(),
            mode: "Strike".into(),
            completed,
            kills: 64,
            deaths: 5,
            assists: 12,
            duration_seconds: 22 * 60 + 11,
            ended_at: "2026-11-25T18:00:00Z".parse().expect("time"),
            ..CompletedActivity::default()
        }
    }

    fn character(id: CharacterId, class: Class) -> Character {
        Character {
            id,
            class,
            race: "Awoken".into(),
            power: 1950,
            level: 50,
            emblem: String::new(),
            emblem_color: "#000000".into(),
            last_played: "2026-11-25T18:00:00Z".parse().ok(),
            activity: None,
        }
    }

    #[test]
    fn a_completed_activity_reads_like_the_seed() {
        let n = activity_notice(&activity(true), "Warlock");
        assert_eq!(n.summary, "Activity completed · Warlock");
        assert_eq!(
            n.body,
            "Savathûn's Song — Strike: 64 kills, 5 deaths, 22m 11s"
        );
    }

    #[test]
    fn the_carnage_report_adds_precision_kills_score_and_time_played() {
        let mut a = activity(true);
        a.report = Some(crate::events::CarnageFigures {
            precision_kills: 20,
            score: 3120,
            standing: Some("victory".into()),
            time_played_seconds: 21 * 60,
            fireteam: Vec::new(),
        });
        let n = activity_notice(&a, "Warlock");
        assert_eq!(
            n.body,
            "Savathûn's Song — Strike: 64 kills (20 precision), 5 deaths, score 3120, victory, 21m 00s"
        );
    }

    #[test]
    fn an_abandoned_activity_is_said_plainly() {
        let mut a = activity(false);
        a.kills = 1;
        a.deaths = 1;
        a.duration_seconds = 65;
        let n = activity_notice(&a, "Hunter");
        assert_eq!(n.summary, "Activity not completed · Hunter");
        assert_eq!(
            n.body,
            "Savathûn's Song — Strike: failed or abandoned after 1m 05s (1 kill, 1 death)"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(45), "45s");
        assert_eq!(duration_words(3600 + 3 * 60 + 20), "1h 03m 20s");
        assert_eq!(duration_words(0), "0s");
    }

    #[test]
    fn two_characters_of_one_class_are_numbered() {
        let chars = [
            character(1, Class::Warlock),
            character(2, Class::Titan),
            character(3, Class::Warlock),
        ];
        assert_eq!(character_label(&chars, 1), "Warlock");
        assert_eq!(character_label(&chars, 2), "Titan");
        assert_eq!(character_label(&chars, 3), "Warlock 2");
        assert_eq!(character_label(&chars, 9), "a character");
    }

    #[test]
    fn a_client_name_cannot_inject_markup_or_run_on() {
        let n = pairing_notice("<b>Evil</b> & co", "123456", 120);
        assert_eq!(
            n.summary,
            "Pairing request from &lt;b&gt;Evil&lt;/b&gt; &amp; co"
        );
        assert!(
            n.body.starts_with("Code 123456: type it into"),
            "{}",
            n.body
        );
        assert!(n.body.ends_with("It expires in 2 minutes."), "{}", n.body);
        let long = "x".repeat(500);
        assert!(pairing_notice(&long, "1", 30).summary.chars().count() < 70);
    }

    #[test]
    fn a_partly_equipped_loadout_names_the_failures() {
        let report = EquipReport {
            done: 5,
            failed: vec![super::super::actions::FailedItem {
                name: "Gjallarhorn".into(),
                reason: "no room in the vault".into(),
            }],
        };
        let n = loadout_notice("Raid", "Warlock", &Ok(report));
        assert_eq!(n.summary, "Loadout partly equipped");
        assert_eq!(
            n.body,
            "Raid on Warlock: 1 item failed: Gjallarhorn (no room in the vault)"
        );
        let ok = loadout_notice("Raid", "Warlock", &Ok(EquipReport::default()));
        assert_eq!(
            (ok.summary.as_str(), ok.body.as_str()),
            ("Loadout equipped", "Raid on Warlock")
        );
        let err = loadout_notice(
            "Raid",
            "Warlock",
            &Err(super::super::actions::EquipError::Refused(
                crate::moves::MoveError::new(crate::moves::Reason::Unavailable, "Bungie is down"),
            )),
        );
        assert_eq!(err.body, "Raid on Warlock: Bungie is down");
    }

    #[test]
    fn the_postmaster_notice_counts_against_capacity() {
        let n = postmaster_notice("Titan", 18);
        assert_eq!(n.summary, "Postmaster almost full · Titan");
        assert!(n.body.starts_with("18 of 21 items"), "{}", n.body);
    }

    #[test]
    fn session_changes_worth_saying() {
        use crate::events::SignOutReason;
        let expired = SignedOut(Some(SignOutReason::Expired));
        let out = session_notice(Some(SignedIn), expired).map(|n| n.kind);
        assert_eq!(out, Some(NoticeKind::SignedOut));
        assert!(session_notice(Some(expired), SignedOut(None)).is_none());
        assert!(session_notice(Some(SignedIn), SignedIn).is_none());
        assert!(session_notice(None, SignedIn).is_none());
        assert!(session_notice(Some(SignedIn), Offline).is_none());
        let began = session_notice(Some(SignedIn), Maintenance).map(|n| n.summary);
        assert_eq!(began.as_deref(), Some("Bungie maintenance began"));
        let ended = session_notice(Some(Maintenance), Offline).map(|n| n.summary);
        assert_eq!(ended.as_deref(), Some("Bungie maintenance ended"));
        assert!(session_notice(Some(Maintenance), Maintenance).is_none());
    }

    #[test]
    fn the_sign_in_hint_names_the_tray_on_linux_and_the_notification_area_on_windows() {
        let linux =
            session_notice_on(Platform::Linux, Some(SignedIn), SignedOut(None)).map(|n| n.body);
        let linux = linux.unwrap_or_default();
        assert!(
            linux.contains("Sign in again from the tray menu (\"Sign in to Bungie.net…\")"),
            "{linux}"
        );
        let windows = session_notice_on(
            Platform::Windows,
            Some(SignedIn),
            SignedOut(Some(crate::events::SignOutReason::Expired)),
        )
        .map(|n| n.body);
        let windows = windows.unwrap_or_default();
        assert!(
            windows.contains(
                "Sign in again from the menu of the Vault Raider icon in the notification area"
            ),
            "{windows}"
        );
        assert!(!windows.contains("tray"), "{windows}");
    }
}
