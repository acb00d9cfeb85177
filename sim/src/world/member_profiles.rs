//! Clan members' public profiles: GetProfile for another member of the player's clan answers the
//! public components only, profile (100) and character activities (204): one character each, in
//! an activity while the member is online (fixed by the membership id), idle otherwise. Private
//! components come as wrappers without data, as for any profile seen without its owner's token.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::World;
use super::activities::{self, ACTIVITIES};
use super::clan::Member;
use super::profile::{UNSET_DATE, activities_json as activity_component, date, date_millis};

/// `ComponentPrivacySetting` Public and Private.
const PUBLIC: i32 = 1;
const PRIVATE: i32 = 2;
/// Private components a member's profile withholds, by component number and response key.
const WITHHELD: [(u32, &str); 6] = [
    (102, "profileInventory"),
    (103, "profileCurrencies"),
    (201, "characterInventories"),
    (202, "characterProgressions"),
    (800, "profileCollectibles"),
    (800, "characterCollectibles"),
];

/// The member's one character id.
fn character_id(member: &Member) -> String {
    (2_305_843_009_400_000_000 + member.membership_id.rem_euclid(1_000_000)).to_string()
}

/// `DestinyCharacterActivitiesComponent` of the member's character.
fn activities_json(member: &Member) -> Value {
    let activity = usize::try_from(
        member
            .membership_id
            .rem_euclid(ACTIVITIES.len().max(1) as i64),
    )
    .ok()
    .and_then(|n| ACTIVITIES.get(n))
    .filter(|_| member.online);
    let (hash, modes) =
        activity.map_or((0, &[][..]), |a| (a.hash(), activities::modes_of(a.hash())));
    activity_component(hash, date(member.changed), modes)
}

impl World {
    /// GetProfile Response for another member of the player's clan (`None` when the membership
    /// is no such member).
    pub fn member_profile_json(
        &self,
        membership_type: i32,
        membership_id: i64,
        components: &[u32],
        minted: DateTime<Utc>,
    ) -> Option<Value> {
        let clan = self.clan.as_ref()?;
        let member =
            clan.members.iter().skip(1).find(|m| {
                m.membership_id == membership_id && m.membership_type == membership_type
            })?;
        let character = character_id(member);
        let mut out = Map::new();
        out.insert("responseMintedTimestamp".into(), json!(date_millis(minted)));
        out.insert(
            "secondaryComponentsMintedTimestamp".into(),
            json!(UNSET_DATE),
        );
        if components.contains(&100) {
            let profile = json!({
                "userInfo": {
                    "iconPath": "/img/theme/bungienet/icons/steamLogo.png", "crossSaveOverride": 0,
                    "applicableMembershipTypes": [member.membership_type], "isPublic": true,
                    "membershipType": member.membership_type,
                    "membershipId": member.membership_id.to_string(), "displayName": member.name,
                    "bungieGlobalDisplayName": member.name, "bungieGlobalDisplayNameCode": member.code,
                },
                "dateLastPlayed": date(member.changed), "versionsOwned": 31,
                "characterIds": [character], "seasonHashes": [], "seasonPassHashes": [],
                "eventCardHashesOwned": [], "currentSeasonHash": 0, "currentSeasonRewardPowerCap": 2010,
                "currentGuardianRank": 4, "lifetimeHighestGuardianRank": 6, "renewedGuardianRank": 0,
            });
            out.insert(
                "profile".into(),
                json!({ "data": profile, "privacy": PUBLIC }),
            );
        }
        if components.contains(&204) {
            let data = json!({ character.clone(): activities_json(member) });
            out.insert(
                "characterActivities".into(),
                json!({ "data": data, "privacy": PUBLIC }),
            );
        }
        for (number, key) in WITHHELD {
            if components.contains(&number) {
                out.insert(key.into(), json!({ "privacy": PRIVATE }));
            }
        }
        Some(Value::Object(out))
    }
}
