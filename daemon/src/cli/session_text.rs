//! The session and who may use the daemon, as a player reads them: `status`, `accounts`,
//! `pairing` and `clients`.

use super::table::{View, table_of};
use super::when::relative;
use vault_raider_protocol::model::Account;
use vault_raider_protocol::session::{
    PairedClient, PendingPairing, SessionInfo, SessionReason, SessionState, SessionStatus,
};

/// A session state as a player reads it.
fn session_words(state: SessionState) -> &'static str {
    match state {
        SessionState::SignedIn => "Signed in",
        SessionState::SignedOut => "Signed out: run `vault-raider login`",
        SessionState::NotConfigured => {
            "Not set up: no Bungie.net application is configured (see the README)"
        }
        SessionState::Offline => "Bungie.net cannot be reached; showing the last sync",
        SessionState::Maintenance => "Bungie.net is down for maintenance; showing the last sync",
        SessionState::AppRejected => "Bungie.net refused this app",
    }
}

/// A session state by its protocol name (`signed_out`), for messages about the daemon.
pub fn state_name(state: SessionState) -> &'static str {
    match state {
        SessionState::SignedIn => "signed_in",
        SessionState::SignedOut => "signed_out",
        SessionState::NotConfigured => "not_configured",
        SessionState::Offline => "offline",
        SessionState::Maintenance => "maintenance",
        SessionState::AppRejected => "app_rejected",
    }
}

/// Why the session is in its state, in words ("logged out").
fn reason_words(reason: SessionReason) -> &'static str {
    match reason {
        SessionReason::Expired => "expired",
        SessionReason::Revoked => "revoked",
        SessionReason::LoggedOut => "logged out",
        SessionReason::ApiKeyInvalid => "api key invalid",
        SessionReason::OriginRejected => "origin rejected",
        SessionReason::ScopeMissing => "scope missing",
        SessionReason::KeyMismatch => "key mismatch",
    }
}

/// A membership type as a platform name.
fn platform(membership_type: i32) -> &'static str {
    match membership_type {
        1 => "Xbox",
        2 => "PlayStation",
        3 => "Steam",
        4 => "Blizzard",
        5 => "Stadia",
        6 => "Epic Games",
        10 => "Demon",
        254 => "Bungie.net",
        _ => "an unknown platform",
    }
}

/// `session.status`: the session, the account, the syncs, Bungie's throttling.
pub fn status(result: &SessionStatus, view: &View) -> String {
    let state = session_words(result.state);
    let mut out = match result.reason {
        Some(reason) => format!("Session:   {state} ({})\n", reason_words(reason)),
        None => format!("Session:   {state}\n"),
    };
    if let Some(message) = result.message.as_deref().filter(|m| !m.is_empty()) {
        out.push_str(&format!("           {message}\n"));
    }
    if let Some(account) = &result.account {
        let ids = if view.places.show_ids {
            format!(" [{} {}]", account.membership_type, account.membership_id)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "Account:   {} on {}{ids}\n",
            account.display_name,
            platform(account.membership_type)
        ));
    }
    out.push_str(&format!(
        "Last sync: {}\nNext sync: {}\n",
        relative(result.last_sync.as_deref(), view.now),
        relative(result.next_sync.as_deref(), view.now)
    ));
    if let Some(until) = result.bungie.throttled_until.as_deref() {
        out.push_str(&format!(
            "Bungie.net asked us to wait; moves resume {}\n",
            relative(Some(until), view.now)
        ));
    }
    out
}

/// The accounts table: the Bungie name, the platform, the membership id, and whether Bungie
/// still serves it.
pub fn accounts(list: &[Account]) -> String {
    let header = ["ACCOUNT", "PLATFORM", "MEMBERSHIP ID", "NOTE"];
    let empty = "No Destiny accounts (sign in first).\n";
    table_of(list, empty, &header, |account| {
        let note = if account.unavailable == Some(true) {
            "unavailable: Bungie no longer serves this platform"
        } else {
            ""
        };
        vec![
            account.display_name.clone(),
            platform(account.membership_type).to_string(),
            account.membership_id.clone(),
            note.to_string(),
        ]
    })
}

/// `accounts.select`: the account managed now.
pub fn account_selected(session: &SessionInfo) -> String {
    match &session.account {
        Some(account) => format!(
            "Now managing {} on {}.\n",
            account.display_name,
            platform(account.membership_type)
        ),
        None => "No account is managed now.\n".to_string(),
    }
}

/// `pairing.pending`: each code with the client that asked and how long it stays valid.
pub fn pairings(list: &[PendingPairing]) -> String {
    let header = ["CODE", "CLIENT", "EXPIRES IN", "PAIRING"];
    table_of(list, "No pairing requests.\n", &header, |p| {
        vec![
            p.code.clone(),
            p.client.name.clone(),
            format!("{} s", p.expires_in),
            p.pairing_id.clone(),
        ]
    })
}

/// `clients.list`: each paired client, when it paired and was last seen, and its id.
pub fn clients(list: &[PairedClient], view: &View) -> String {
    let header = ["CLIENT", "PAIRED", "LAST SEEN", "CLIENT ID"];
    table_of(list, "None.\n", &header, |c| {
        vec![
            c.client.name.clone(),
            relative(Some(&c.paired_at), view.now),
            relative(c.last_seen.as_deref(), view.now),
            c.client_id.clone(),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::places::Places;
    use crate::cli::samples;
    use vault_raider_protocol::session::{BungieStatus, ClientInfo, ClientKind};

    fn account(membership_type: i32, id: &str, unavailable: Option<bool>) -> Account {
        Account {
            membership_type,
            membership_id: id.into(),
            display_name: "Guardian#2947".into(),
            unavailable,
        }
    }

    #[test]
    fn accounts_name_their_platform_and_say_which_bungie_no_longer_serves() {
        let out = accounts(&[account(3, "46", None), account(5, "47", Some(true))]);
        assert_eq!(
            out,
            "ACCOUNT        PLATFORM  MEMBERSHIP ID  NOTE\n\
             Guardian#2947  Steam     46\n\
             Guardian#2947  Stadia    47             unavailable: Bungie no longer serves this platform\n"
        );
        assert_eq!(accounts(&[]), "No Destiny accounts (sign in first).\n");
        let session = SessionInfo {
            state: SessionState::SignedIn,
            reason: None,
            message: None,
            account: Some(account(3, "46", None)),
        };
        assert_eq!(
            account_selected(&session),
            "Now managing Guardian#2947 on Steam.\n"
        );
    }

    #[test]
    fn the_status_says_the_state_why_the_account_and_the_syncs() {
        let result = SessionStatus {
            state: SessionState::SignedOut,
            reason: Some(SessionReason::LoggedOut),
            message: Some("You signed out.".into()),
            account: Some(account(3, "46", None)),
            last_sync: Some("2026-12-05T09:59:48Z".into()),
            next_sync: None,
            bungie: BungieStatus {
                throttled_until: Some("2026-12-05T10:03:00Z".into()),
            },
            manifest: None,
        };
        let view = View {
            places: Places::without_names(true),
            now: samples::now(),
            ..View::default()
        };
        assert_eq!(
            status(&result, &view),
            "Session:   Signed out: run `vault-raider login` (logged out)\n\
             \x20          You signed out.\n\
             Account:   Guardian#2947 on Steam [3 46]\n\
             Last sync: 12 s ago\nNext sync: never\n\
             Bungie.net asked us to wait; moves resume in 3 min\n"
        );
    }

    #[test]
    fn pairings_and_clients_are_tables() {
        let phone = ClientInfo {
            name: "phone".into(),
            kind: ClientKind::Other,
            version: "1".into(),
        };
        let pending = PendingPairing {
            pairing_id: "p1".into(),
            client: phone.clone(),
            code: "123456".into(),
            expires_in: 90,
        };
        assert_eq!(
            pairings(&[pending]),
            "CODE    CLIENT  EXPIRES IN  PAIRING\n123456  phone   90 s        p1\n"
        );
        assert_eq!(pairings(&[]), "No pairing requests.\n");
        let paired = PairedClient {
            client_id: "c1".into(),
            client: phone,
            paired_at: "2026-12-05T07:00:00Z".into(),
            last_seen: None,
        };
        let view = View {
            now: samples::now(),
            ..View::default()
        };
        assert_eq!(
            clients(&[paired], &view),
            "CLIENT  PAIRED   LAST SEEN  CLIENT ID\nphone   3 h ago  never      c1\n"
        );
        assert_eq!(clients(&[], &view), "None.\n");
    }
}
