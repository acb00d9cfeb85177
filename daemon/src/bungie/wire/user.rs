//! `UserMembershipData` (GetMembershipsForCurrentUser): the player's Destiny memberships and the
//! cross-save primary.

use super::convert::{int, null_default, opt_int};
use serde::Deserialize;

/// The memberships of the signed-in Bungie.net user.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UserMembershipData {
    /// Every Destiny membership (one per platform; cross-save links them).
    pub destiny_memberships: Vec<GroupUserInfoCard>,
    /// The cross-save primary's membership id, when cross save is on.
    #[serde(deserialize_with = "opt_int")]
    pub primary_membership_id: Option<i64>,
    /// The Bungie.net account.
    pub bungie_net_user: Option<GeneralUser>,
}

/// One Destiny membership.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GroupUserInfoCard {
    /// `BungieMembershipType` (1 Xbox, 2 PSN, 3 Steam, 6 Epic…).
    pub membership_type: i32,
    /// The Destiny membership id.
    #[serde(deserialize_with = "int")]
    pub membership_id: i64,
    /// The platform display name (`null` in some carnage reports: empty).
    #[serde(deserialize_with = "null_default")]
    pub display_name: String,
    /// The Bungie name without its code.
    pub bungie_global_display_name: Option<String>,
    /// The four-digit Bungie name code.
    pub bungie_global_display_name_code: Option<u32>,
    /// The membership type cross save overrides this one with (0 = none).
    pub cross_save_override: i32,
    /// The platforms this membership may be played on.
    pub applicable_membership_types: Vec<i32>,
    /// Whether the profile is public.
    pub is_public: bool,
    /// The platform icon.
    pub icon_path: Option<String>,
}

impl GroupUserInfoCard {
    /// `Name#1234` when the Bungie name is known, else the platform display name.
    pub fn bungie_name(&self) -> String {
        match (
            &self.bungie_global_display_name,
            self.bungie_global_display_name_code,
        ) {
            (Some(name), Some(code)) if !name.is_empty() => format!("{name}#{code:04}"),
            _ => self.display_name.clone(),
        }
    }
}

/// The Bungie.net account (only what we read).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GeneralUser {
    /// The Bungie.net membership id (type 254).
    #[serde(deserialize_with = "int")]
    pub membership_id: i64,
    /// `Name#1234`.
    pub unique_name: Option<String>,
    /// The display name.
    pub display_name: Option<String>,
}
