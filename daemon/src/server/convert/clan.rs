//! A clan's roster as `clan.get` lists it.

use super::wire_time;
use crate::bungie::wire::groups::GroupMember;
use chrono::{TimeZone, Utc};
use vault_raider_protocol::vendors::ClanMember;

/// One member (`activity` is filled in by the caller, from a public profile).
pub fn member(m: &GroupMember) -> ClanMember {
    let last_online = wire_time(
        Utc.timestamp_opt(m.last_online_status_change, 0)
            .single()
            .unwrap_or_default(),
    );
    ClanMember {
        name: m.destiny_user_info.bungie_name(),
        membership_id: m.destiny_user_info.membership_id.to_string(),
        online: m.is_online,
        last_online,
        joined_at: m.join_date.map(wire_time),
        rank: match m.member_type {
            1 => "beginner",
            2 => "member",
            3 => "admin",
            4 => "acting_founder",
            5 => "founder",
            _ => "member",
        }
        .to_string(),
        activity: None,
    }
}
