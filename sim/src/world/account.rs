//! The account's Bungie.net user and Destiny memberships: `UserMembershipData` with cross save
//! (a primary membership and a second one overridden by it).

use serde_json::{Value, json};

use super::model::Account;

/// The platform icon Bungie names for a membership type.
fn platform_icon(membership_type: i32) -> &'static str {
    match membership_type {
        1 => "/img/theme/bungienet/icons/xboxLiveLogo.png",
        2 => "/img/theme/bungienet/icons/psnLogo.png",
        3 => "/img/theme/bungienet/icons/steamLogo.png",
        5 => "/img/theme/destiny/icons/icon_stadia.png",
        6 => "/img/theme/destiny/icons/icon_egs.png",
        _ => "/img/theme/bungienet/icons/bungieLogo.png",
    }
}

/// A `UserInfoCard` for one of the account's memberships. With cross save every card names
/// the primary's type as its override and only the primary lists the linked types; without,
/// no card is overridden and each applies to its own platform.
pub fn user_info(account: &Account, membership_type: i32, membership_id: i64) -> Value {
    let primary = membership_type == account.membership_type;
    let (applicable, cross_save_override): (Vec<i32>, i32) = if !account.cross_save {
        (vec![membership_type], 0)
    } else if primary {
        (
            vec![account.membership_type, account.secondary.0],
            account.membership_type,
        )
    } else {
        (Vec::new(), account.membership_type)
    };
    json!({
        "iconPath": platform_icon(membership_type),
        "crossSaveOverride": cross_save_override,
        "applicableMembershipTypes": applicable,
        "isPublic": true,
        "membershipType": membership_type,
        "membershipId": membership_id.to_string(),
        "displayName": account.display_name,
        "bungieGlobalDisplayName": account.display_name,
        "bungieGlobalDisplayNameCode": account.display_name_code,
    })
}

/// `UserMembershipData`.
pub fn memberships_json(account: &Account) -> Value {
    let card = |membership_type: i32, membership_id: i64| {
        let mut v = user_info(account, membership_type, membership_id);
        v["LastSeenDisplayName"] = json!(account.display_name);
        v["LastSeenDisplayNameType"] = json!(membership_type);
        v
    };
    let mut cards = vec![
        card(account.membership_type, account.membership_id),
        card(account.secondary.0, account.secondary.1),
    ];
    cards.extend(account.legacy.map(|(kind, id)| card(kind, id)));
    let mut data = json!({
        "destinyMemberships": cards,
        "bungieNetUser": {
            "membershipId": account.bungie_net_id.to_string(),
            "uniqueName": format!("{}#{:04}", account.display_name, account.display_name_code),
            "displayName": account.display_name,
            "profilePicture": 70757,
            "profileTheme": 1106,
            "userTitle": 0,
            "successMessageFlags": "0",
            "isDeleted": false,
            "about": "",
            "firstAccess": "2017-09-06T17:00:00.000Z",
            "lastUpdate": "2026-06-01T12:00:00.000Z",
            "showActivity": true,
            "locale": "en",
            "localeInheritDefault": true,
            "showGroupMessaging": true,
            "profilePicturePath": "/img/profile/avatars/default_avatar.gif",
            "profileThemeName": "d2_25",
            "userTitleDisplay": "Newbie",
            "statusText": "",
            "statusDate": "0001-01-01T00:00:00Z",
            "cachedBungieGlobalDisplayName": account.display_name,
            "cachedBungieGlobalDisplayNameCode": account.display_name_code,
        },
    });
    // Set only with cross save (API.md §5.6).
    if account.cross_save {
        data["primaryMembershipId"] = json!(account.membership_id.to_string());
    }
    data
}

/// Whether the membership's profile is this world's: the primary, and with cross save the
/// overridden second one too.
pub fn owns(account: &Account, membership_type: i32, membership_id: i64) -> bool {
    (membership_type == account.membership_type && membership_id == account.membership_id)
        || (account.cross_save && (membership_type, membership_id) == account.secondary)
}
