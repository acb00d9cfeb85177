//! GroupV2 (clans): the player's clan (`GetGroupsForMember`) and its roster
//! (`GetMembersOfGroup`).

use super::convert::{int, opt_date};
use super::user::GroupUserInfoCard;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// `GetGroupsForMemberResponse`: the groups a member belongs to (a clan: at most one).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GroupsForMember {
    /// Each membership with its group.
    pub results: Vec<GroupMembership>,
}

/// `GroupMembership`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GroupMembership {
    /// The group.
    pub group: Group,
}

/// `GroupV2` (the fields shown).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Group {
    /// The group's id.
    #[serde(deserialize_with = "int")]
    pub group_id: i64,
    /// Its name.
    pub name: String,
    /// Its motto.
    pub motto: String,
    /// Its description.
    pub about: String,
    /// How many members it has.
    pub member_count: i32,
    /// 1: a clan.
    pub group_type: i32,
}

/// `SearchResultOfGroupMember`: one page of the roster.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GroupMembers {
    /// The members on this page.
    pub results: Vec<GroupMember>,
    /// Members in all.
    pub total_results: i32,
    /// More pages follow.
    pub has_more: bool,
}

/// `GroupMember`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GroupMember {
    /// 1 beginner … 5 founder.
    pub member_type: i32,
    /// Online in Destiny now.
    pub is_online: bool,
    /// When the online state last changed (epoch seconds).
    #[serde(deserialize_with = "int")]
    pub last_online_status_change: i64,
    /// The member's Destiny membership.
    pub destiny_user_info: GroupUserInfoCard,
    /// When they joined.
    #[serde(deserialize_with = "opt_date")]
    pub join_date: Option<DateTime<Utc>>,
}
