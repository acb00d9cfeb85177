//! Which Destiny membership the daemon follows: the cross-save primary, else the only one, else
//! the one played most recently.

use super::client::Client;
use super::error::BungieError;
use super::wire::profile::components;
use super::wire::{GroupUserInfoCard, UserMembershipData};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Picks the membership to follow: `primaryMembershipId` when it names one of them; else a
/// membership that cross save overrides onto itself; else the only one; else the one with the
/// latest `last_played` (membership id → when that profile last played).
pub fn choose_membership<'a>(
    data: &'a UserMembershipData,
    last_played: &BTreeMap<i64, DateTime<Utc>>,
) -> Option<&'a GroupUserInfoCard> {
    let all = &data.destiny_memberships;
    if let Some(primary) = data.primary_membership_id
        && let Some(card) = all.iter().find(|m| m.membership_id == primary)
    {
        return Some(card);
    }
    if let Some(card) = all
        .iter()
        .find(|m| m.cross_save_override != 0 && m.cross_save_override == m.membership_type)
    {
        return Some(card);
    }
    if all.len() == 1 {
        return all.first();
    }
    all.iter()
        .filter_map(|m| last_played.get(&m.membership_id).map(|when| (when, m)))
        .max_by_key(|(when, _)| **when)
        .map(|(_, m)| m)
        .or_else(|| all.first())
}

/// Whether Bungie answered that it no longer serves the membership's game: a legacy platform
/// (1668 DestinyLegacyPlatformRestricted, 1669 …InUse, 1670 …Inaccessible).
pub fn is_legacy_platform(error: &BungieError) -> bool {
    matches!(error.code(), Some(1668..=1670))
}

/// Whether a membership is its own game: not overridden by another through cross save (an
/// overridden membership follows its primary and shows the primary's profile).
pub fn is_own_game(card: &GroupUserInfoCard) -> bool {
    card.cross_save_override == 0 || card.cross_save_override == card.membership_type
}

/// The Destiny memberships a Bungie.net user can manage, and which one to follow.
#[derive(Debug, Clone, Default)]
pub struct MembershipOverview {
    /// Every membership that is its own game (see [`is_own_game`]).
    pub games: Vec<GroupUserInfoCard>,
    /// The one to follow (see [`choose_membership`]).
    pub chosen: Option<GroupUserInfoCard>,
    /// Membership ids Bungie no longer serves (see [`is_legacy_platform`]), found while
    /// choosing: listed, never followed.
    pub unavailable: Vec<i64>,
}

impl Client {
    /// The membership to follow (see [`choose_membership`]): asks GetMembershipsForCurrentUser
    /// and, only when there are several and no primary, each profile's `dateLastPlayed`.
    pub async fn default_membership(&self) -> Result<Option<GroupUserInfoCard>, BungieError> {
        Ok(self.membership_overview().await?.chosen)
    }

    /// The memberships, the one to follow and the unavailable ones ([`MembershipOverview`]).
    pub async fn membership_overview(&self) -> Result<MembershipOverview, BungieError> {
        let mut data = self.get_memberships_for_current_user().await?;
        let mut last_played = BTreeMap::new();
        let all = &data.destiny_memberships;
        let decided = data
            .primary_membership_id
            .is_some_and(|p| all.iter().any(|m| m.membership_id == p))
            || all
                .iter()
                .any(|m| m.cross_save_override != 0 && m.cross_save_override == m.membership_type)
            || all.len() <= 1;
        let mut unavailable = Vec::new();
        if !decided {
            for m in &data.destiny_memberships {
                let profile = self
                    .get_profile(m.membership_type, m.membership_id, &[components::PROFILES])
                    .await;
                match profile {
                    Err(error) if is_legacy_platform(&error) => unavailable.push(m.membership_id),
                    other => {
                        if let Some(when) = other
                            .ok()
                            .and_then(|p| p.profile)
                            .and_then(|c| c.data)
                            .and_then(|d| d.date_last_played)
                        {
                            last_played.insert(m.membership_id, when);
                        }
                    }
                }
            }
        }
        data.destiny_memberships.retain(is_own_game);
        let mut choosable = data.clone();
        choosable
            .destiny_memberships
            .retain(|m| !unavailable.contains(&m.membership_id));
        let chosen = choose_membership(&choosable, &last_played).cloned();
        Ok(MembershipOverview {
            games: data.destiny_memberships,
            chosen,
            unavailable,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: i64, kind: i32, cross: i32) -> GroupUserInfoCard {
        GroupUserInfoCard {
            membership_id: id,
            membership_type: kind,
            cross_save_override: cross,
            ..Default::default()
        }
    }

    #[test]
    fn the_primary_wins() {
        let data = UserMembershipData {
            destiny_memberships: vec![card(1, 1, 0), card(2, 3, 0)],
            primary_membership_id: Some(2),
            bungie_net_user: None,
        };
        assert_eq!(
            choose_membership(&data, &BTreeMap::new())
                .unwrap()
                .membership_id,
            2
        );
    }

    #[test]
    fn without_a_primary_the_most_recently_played() {
        let data = UserMembershipData {
            destiny_memberships: vec![card(1, 1, 0), card(2, 3, 0), card(3, 2, 0)],
            primary_membership_id: None,
            bungie_net_user: None,
        };
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let played = BTreeMap::from([
            (1, t("2024-01-01T00:00:00Z")),
            (3, t("2025-01-01T00:00:00Z")),
        ]);
        assert_eq!(choose_membership(&data, &played).unwrap().membership_id, 3);
        let one = UserMembershipData {
            destiny_memberships: vec![card(9, 3, 0)],
            ..Default::default()
        };
        assert_eq!(
            choose_membership(&one, &BTreeMap::new())
                .unwrap()
                .membership_id,
            9
        );
        assert!(choose_membership(&UserMembershipData::default(), &BTreeMap::new()).is_none());
    }
}
