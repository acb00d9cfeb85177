//! The player's clan (GroupV2): the group, its roster of ten (the player and nine others, one of
//! them online), GetGroupsForMember's `GetGroupsForMemberResponse` and GetMembersOfGroup's
//! `SearchResultOfGroupMember`, paged as Bungie pages it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{Map, Value, json};

use super::World;
use super::error::SimError;
use super::model::Account;
use super::profile::date;

/// Members per page of GetMembersOfGroup.
pub const PAGE_SIZE: usize = 50;
/// `GroupType` Clan.
const CLAN: i32 = 1;
/// `RuntimeGroupMemberType` Member, Admin, Founder.
const MEMBER: i32 = 2;
const ADMIN: i32 = 3;
const FOUNDER: i32 = 5;

/// One member of the clan.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Destiny membership type.
    pub membership_type: i32,
    /// Destiny membership id.
    pub membership_id: i64,
    /// Bungie.net membership id.
    pub bungie_net_id: i64,
    /// Bungie name.
    pub name: String,
    /// Bungie name code.
    pub code: i32,
    /// `RuntimeGroupMemberType`.
    pub member_type: i32,
    /// When they joined.
    pub joined: DateTime<Utc>,
    /// Online now (the player's own follows the game instead).
    pub online: bool,
    /// When `online` last changed.
    pub changed: DateTime<Utc>,
}

/// The clan.
#[derive(Debug, Clone, PartialEq)]
pub struct Clan {
    /// The group id.
    pub group_id: i64,
    /// Name.
    pub name: String,
    /// Motto.
    pub motto: String,
    /// About text.
    pub about: String,
    /// Call sign.
    pub call_sign: String,
    /// Created.
    pub created: DateTime<Utc>,
    /// The roster, the player first.
    pub members: Vec<Member>,
}

/// The sample clan's other members: name, code, member type, online, days since their online
/// state changed.
#[rustfmt::skip]
const OTHERS: [(&str, i32, i32, bool, i64); 9] = [
    ("Zavala Fan", 1001, FOUNDER, false, 2),
    ("Ikora's Pupil", 2044, ADMIN, false, 1),
    ("Crow", 3183, MEMBER, true, 0),
    ("Saint Fourteen", 1414, MEMBER, false, 3),
    ("Hawthorne", 5271, MEMBER, false, 5),
    ("Osiris Reborn", 6002, MEMBER, false, 8),
    ("Rivensbane", 7777, MEMBER, false, 13),
    ("Shaxx Lives", 8123, MEMBER, false, 21),
    ("Nightstalker Nia", 9034, MEMBER, false, 34),
];

/// The sample clan of `account`, last seen around `epoch`.
pub fn sample(account: &Account, epoch: DateTime<Utc>) -> Clan {
    let created = Utc
        .with_ymd_and_hms(2019, 10, 1, 17, 0, 0)
        .single()
        .unwrap_or_default();
    let player = Member {
        membership_type: account.membership_type,
        membership_id: account.membership_id,
        bungie_net_id: account.bungie_net_id,
        name: account.display_name.clone(),
        code: account.display_name_code,
        member_type: MEMBER,
        joined: created + Duration::days(40),
        online: false,
        changed: epoch,
    };
    let others = OTHERS
        .iter()
        .enumerate()
        .map(|(n, &(name, code, member_type, online, days))| {
            let n = i64::try_from(n).unwrap_or(0);
            Member {
                membership_type: 3,
                membership_id: 4_611_686_018_470_000_001 + n,
                bungie_net_id: 30_000_001 + n,
                name: name.to_owned(),
                code,
                member_type,
                joined: created + Duration::days(n * 30),
                online,
                changed: epoch - Duration::days(days) - Duration::minutes(30 + n * 7),
            }
        });
    Clan {
        group_id: 4_071_526,
        name: "Vault Raiders Guild".to_owned(),
        motto: "Eyes up, Guardian.".to_owned(),
        about: "A small clan of collectors and raiders.".to_owned(),
        call_sign: "VRG".to_owned(),
        created,
        members: std::iter::once(player).chain(others).collect(),
    }
}

/// 622 GroupNotFound.
pub fn group_not_found() -> SimError {
    SimError::new(622, "GroupNotFound", "The group was not found.")
}

/// `GroupsV2.GroupUserInfoCard` of a member.
fn destiny_card(m: &Member) -> Value {
    json!({
        "LastSeenDisplayName": m.name, "LastSeenDisplayNameType": m.membership_type,
        "iconPath": "/img/profile/avatars/default_avatar.gif", "crossSaveOverride": m.membership_type,
        "applicableMembershipTypes": [m.membership_type], "isPublic": true,
        "membershipType": m.membership_type, "membershipId": m.membership_id.to_string(),
        "displayName": m.name, "bungieGlobalDisplayName": m.name, "bungieGlobalDisplayNameCode": m.code,
    })
}

/// `User.UserInfoCard` of a member's Bungie.net account.
fn bungie_card(m: &Member) -> Value {
    json!({
        "supplementalDisplayName": format!("{}#{:04}", m.name, m.code),
        "iconPath": "/img/profile/avatars/default_avatar.gif", "crossSaveOverride": 0, "isPublic": false,
        "membershipType": 254, "membershipId": m.bungie_net_id.to_string(), "displayName": m.name,
        "bungieGlobalDisplayName": m.name, "bungieGlobalDisplayNameCode": m.code,
    })
}

impl Clan {
    /// `GroupsV2.GroupMember` of one member.
    fn member_json(&self, m: &Member) -> Value {
        json!({
            "memberType": m.member_type,
            "isOnline": m.online,
            "lastOnlineStatusChange": m.changed.timestamp().to_string(),
            "groupId": self.group_id.to_string(),
            "destinyUserInfo": destiny_card(m),
            "bungieNetUserInfo": bungie_card(m),
            "joinDate": date(m.joined),
        })
    }

    /// `GroupsV2.GroupV2`.
    fn group_json(&self) -> Value {
        let founder = self.members.iter().find(|m| m.member_type == FOUNDER);
        json!({
            "groupId": self.group_id.to_string(), "name": self.name, "groupType": CLAN,
            "membershipIdCreated": founder.map_or(0, |m| m.bungie_net_id).to_string(),
            "creationDate": date(self.created), "modificationDate": date(self.created),
            "about": self.about, "tags": [], "memberCount": self.members.len(), "isPublic": true,
            "isPublicTopicAdminOnly": false, "motto": self.motto, "allowChat": true,
            "isDefaultPostPublic": false, "chatSecurity": 0, "locale": "en", "avatarImageIndex": 0,
            "homepage": 0, "membershipOption": 0, "defaultPublicity": 2, "theme": "Group_Community1",
            "bannerPath": "/img/Themes/Group_Community1/struct_images/group_top_banner.jpg",
            "avatarPath": "/img/profile/avatars/group/defaultGroup.png", "conversationId": "0",
            "enableInvitationMessagingForAdmins": false, "banExpireDate": "2001-01-01T00:00:00Z",
            "features": {
                "maximumMembers": 100, "maximumMembershipsOfGroupType": 1, "capabilities": 31,
                "membershipTypes": [1, 2, 3, 6], "invitePermissionOverride": false,
                "updateCulturePermissionOverride": false, "hostGuidedGamePermissionOverride": 1,
                "updateBannerPermissionOverride": false, "joinLevel": 1,
            },
            "remoteGroupId": "0",
            "clanInfo": {
                "d2ClanProgressions": {}, "clanCallsign": self.call_sign,
                "clanBannerData": {
                    "decalId": 4_125_445_439u32, "decalColorId": 3_379_387_794u32,
                    "decalBackgroundColorId": 3_568_748_758u32, "gonfalonId": 1_473_910_866,
                    "gonfalonColorId": 2_157_636_413u32, "gonfalonDetailId": 1_681_544_325,
                    "gonfalonDetailColorId": 3_520_197_616u32,
                },
            },
        })
    }
}

impl World {
    /// The player's clan with the player's own online state from the game.
    fn clan_now(&self) -> Option<Clan> {
        let mut clan = self.clan.clone()?;
        if let Some(player) = clan.members.first_mut() {
            player.online = self.clock.online.is_some();
            player.changed = self
                .characters
                .iter()
                .map(|c| c.date_last_played)
                .max()
                .unwrap_or(player.changed);
        }
        Some(clan)
    }

    /// GetGroupsForMember Response: the clan when `membership_id` is one of the player's
    /// (Destiny or Bungie.net) and `group_type` is Clan, else no results.
    pub fn groups_for_member_json(&self, membership_id: i64, group_type: i32) -> Value {
        let mine = membership_id == self.account.bungie_net_id
            || membership_id == self.account.membership_id
            || membership_id == self.account.secondary.1;
        let clan = self.clan_now().filter(|_| mine && group_type == CLAN);
        let results: Vec<Value> = clan
            .iter()
            .filter_map(|c| {
                let player = c.members.first()?;
                Some(json!({ "member": c.member_json(player), "group": c.group_json() }))
            })
            .collect();
        let mut inactive = Map::new();
        if mine {
            inactive.insert(membership_id.to_string(), json!(false));
        }
        json!({
            "areAllMembershipsInactive": inactive,
            "results": results,
            "totalResults": results.len(),
            "hasMore": false,
            "query": { "itemsPerPage": 0, "currentPage": 0 },
            "useTotalResults": true,
        })
    }

    /// GetMembersOfGroup Response: page `page` (from 1) of the roster, optionally only members
    /// whose name contains `name_search`. 622 for another group.
    pub fn group_members_json(
        &self,
        group_id: i64,
        page: usize,
        name_search: Option<&str>,
    ) -> Result<Value, SimError> {
        let clan = self
            .clan_now()
            .filter(|c| c.group_id == group_id)
            .ok_or_else(group_not_found)?;
        let needle = name_search.map(str::to_lowercase);
        let matching: Vec<&Member> = clan
            .members
            .iter()
            .filter(|m| {
                needle
                    .as_deref()
                    .is_none_or(|n| m.name.to_lowercase().contains(n))
            })
            .collect();
        let start = page.saturating_sub(1).saturating_mul(PAGE_SIZE);
        let results: Vec<Value> = matching
            .iter()
            .skip(start)
            .take(PAGE_SIZE)
            .map(|m| clan.member_json(m))
            .collect();
        Ok(json!({
            "results": results,
            "totalResults": matching.len(),
            "hasMore": start.saturating_add(PAGE_SIZE) < matching.len(),
            "query": { "itemsPerPage": PAGE_SIZE, "currentPage": page },
            "useTotalResults": true,
        }))
    }

    /// Sets a clan member online or offline (not the player, whose state follows the game).
    pub fn set_member_online(
        &mut self,
        membership_id: i64,
        online: bool,
        now: DateTime<Utc>,
    ) -> Result<(), SimError> {
        let clan = self.clan.as_mut().ok_or_else(group_not_found)?;
        let member = clan
            .members
            .iter_mut()
            .skip(1)
            .find(|m| m.membership_id == membership_id)
            .ok_or_else(|| {
                SimError::new(
                    611,
                    "GroupMembershipNotFound",
                    "The group membership was not found.",
                )
            })?;
        if member.online != online {
            member.online = online;
            member.changed = now;
        }
        Ok(())
    }

    /// Takes the player out of any clan.
    pub fn leave_clan(&mut self) {
        self.clan = None;
    }
}
