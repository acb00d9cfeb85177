//! The Platform endpoints the client calls: their names (for call counts), which pacing lane they
//! use, and whether they need the player's token.

/// Which pacing lane an endpoint belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// An idempotent read: retried on 502–504 and timeouts, no spacing.
    Read,
    /// An item action: not retried blindly; paced by its [`Endpoint::action_spacing`].
    ItemAction,
    /// A loadout action (and SetTrackedState, paced the same 1 s): not retried blindly; paced by
    /// its [`Endpoint::action_spacing`].
    LoadoutAction,
}

/// Every endpoint the client calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /User/GetMembershipsForCurrentUser/`.
    GetMembershipsForCurrentUser,
    /// `GET /Destiny2/{type}/Profile/{id}/`.
    GetProfile,
    /// `POST /Destiny2/Actions/Items/TransferItem/`.
    TransferItem,
    /// `POST /Destiny2/Actions/Items/PullFromPostmaster/`.
    PullFromPostmaster,
    /// `POST /Destiny2/Actions/Items/EquipItem/`.
    EquipItem,
    /// `POST /Destiny2/Actions/Items/EquipItems/`.
    EquipItems,
    /// `POST /Destiny2/Actions/Items/SetLockState/`.
    SetLockState,
    /// `POST /Destiny2/Actions/Loadouts/EquipLoadout/`.
    EquipLoadout,
    /// `POST /Destiny2/Actions/Loadouts/SnapshotLoadout/`.
    SnapshotLoadout,
    /// `POST /Destiny2/Actions/Loadouts/UpdateLoadoutIdentifiers/`.
    UpdateLoadoutIdentifiers,
    /// `POST /Destiny2/Actions/Loadouts/ClearLoadout/`.
    ClearLoadout,
    /// `GET /Destiny2/{type}/Account/{id}/Character/{cid}/Stats/Activities/`.
    GetActivityHistory,
    /// `GET /Destiny2/Manifest/`.
    GetDestinyManifest,
    /// `POST /Destiny2/Actions/Items/SetTrackedState/` (Destiny2.SetQuestTrackedState).
    SetTrackedState,
    /// `GET /Destiny2/Stats/PostGameCarnageReport/{activityId}/`, on the stats host.
    GetPostGameCarnageReport,
    /// `GET /Destiny2/{type}/Account/{id}/Stats/`.
    GetHistoricalStatsForAccount,
    /// `GET /Destiny2/{type}/Profile/{id}/Character/{cid}/Vendors/`.
    GetVendors,
    /// `GET /GroupV2/User/{type}/{id}/0/1/`: the player's clan.
    GetGroupsForMember,
    /// `GET /GroupV2/{groupId}/Members/`: a clan's roster.
    GetMembersOfGroup,
    /// A file under the site root (the manifest database); counted as `ManifestDownload`.
    Download,
}

impl Endpoint {
    /// The name calls are counted under (Bungie's operation name).
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::GetMembershipsForCurrentUser => "GetMembershipsForCurrentUser",
            Endpoint::GetProfile => "GetProfile",
            Endpoint::TransferItem => "TransferItem",
            Endpoint::PullFromPostmaster => "PullFromPostmaster",
            Endpoint::EquipItem => "EquipItem",
            Endpoint::EquipItems => "EquipItems",
            Endpoint::SetLockState => "SetLockState",
            Endpoint::EquipLoadout => "EquipLoadout",
            Endpoint::SnapshotLoadout => "SnapshotLoadout",
            Endpoint::UpdateLoadoutIdentifiers => "UpdateLoadoutIdentifiers",
            Endpoint::ClearLoadout => "ClearLoadout",
            Endpoint::GetActivityHistory => "GetActivityHistory",
            Endpoint::GetDestinyManifest => "GetDestinyManifest",
            Endpoint::SetTrackedState => "SetQuestTrackedState",
            Endpoint::GetPostGameCarnageReport => "GetPostGameCarnageReport",
            Endpoint::GetHistoricalStatsForAccount => "GetHistoricalStatsForAccount",
            Endpoint::GetVendors => "GetVendors",
            Endpoint::GetGroupsForMember => "GetGroupsForMember",
            Endpoint::GetMembersOfGroup => "GetMembersOfGroup",
            Endpoint::Download => "ManifestDownload",
        }
    }

    /// Bungie's `ThrottleSecondsBetweenActionPerUser` for an action endpoint (API.md §3.2): the
    /// least time from the start of one call to the start of the next; `None` for reads.
    pub fn action_spacing(self) -> Option<std::time::Duration> {
        match self.lane() {
            Lane::Read => None,
            Lane::ItemAction => Some(std::time::Duration::from_millis(100)),
            Lane::LoadoutAction => Some(std::time::Duration::from_secs(1)),
        }
    }

    /// The endpoint's pacing lane.
    pub fn lane(self) -> Lane {
        match self {
            Endpoint::TransferItem
            | Endpoint::PullFromPostmaster
            | Endpoint::EquipItem
            | Endpoint::EquipItems
            | Endpoint::SetLockState => Lane::ItemAction,
            Endpoint::EquipLoadout
            | Endpoint::SnapshotLoadout
            | Endpoint::UpdateLoadoutIdentifiers
            | Endpoint::ClearLoadout
            | Endpoint::SetTrackedState => Lane::LoadoutAction,
            _ => Lane::Read,
        }
    }

    /// Whether the call needs the player's token (others send it when there is one).
    pub fn requires_token(self) -> bool {
        !matches!(
            self,
            Endpoint::GetProfile
                | Endpoint::GetActivityHistory
                | Endpoint::GetPostGameCarnageReport
                | Endpoint::GetHistoricalStatsForAccount
                | Endpoint::GetGroupsForMember
                | Endpoint::GetMembersOfGroup
                | Endpoint::GetDestinyManifest
                | Endpoint::Download
        )
    }

    /// Whether the call goes to the stats host (`stats.bungie.net`) rather than the site root.
    pub fn on_stats_host(self) -> bool {
        self == Endpoint::GetPostGameCarnageReport
    }

    /// Whether the call sends the token at all.
    pub fn sends_token(self) -> bool {
        !matches!(self, Endpoint::GetDestinyManifest | Endpoint::Download)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn tracking_is_paced_a_second_apart_and_reports_read_the_stats_host() {
        assert_eq!(
            Endpoint::SetTrackedState.action_spacing(),
            Some(Duration::from_secs(1)),
            "API.md §3.2: SetQuestTrackedState 1 s"
        );
        assert_eq!(Endpoint::SetTrackedState.name(), "SetQuestTrackedState");
        assert!(Endpoint::SetTrackedState.requires_token());
        assert!(Endpoint::GetPostGameCarnageReport.on_stats_host());
        assert!(!Endpoint::GetProfile.on_stats_host());
        assert!(!Endpoint::GetPostGameCarnageReport.requires_token());
        assert!(
            Endpoint::GetVendors.requires_token(),
            "vendor components are private"
        );
        assert_eq!(Endpoint::GetVendors.action_spacing(), None);
    }
}
