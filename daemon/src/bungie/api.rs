//! The endpoints as methods of [`Client`]: memberships, profile, the item and loadout actions,
//! activity history and the manifest. Every path keeps its trailing slash.

use super::client::{Client, Request};
use super::endpoint::Endpoint;
use super::error::BungieError;
use super::wire::{
    AccountStats, ActivityHistoryResults, CarnageReport, DestinyManifest, DestinyProfileResponse,
    EquipItemResults, GroupMembers, GroupsForMember, ItemActionRequest, ItemSetActionRequest,
    ItemStateRequest, ItemTransferRequest, LoadoutActionRequest, LoadoutUpdateActionRequest,
    UserMembershipData, VendorsResponse,
};
use reqwest::Method;
use serde::Serialize;

/// Which page of activity history to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryQuery {
    /// Entries per page (1–250).
    pub count: u32,
    /// The page, from 0.
    pub page: u32,
    /// A `DestinyActivityModeType` filter.
    pub mode: Option<i32>,
}

impl Default for HistoryQuery {
    fn default() -> Self {
        HistoryQuery {
            count: 25,
            page: 0,
            mode: None,
        }
    }
}

impl Client {
    /// `GET /User/GetMembershipsForCurrentUser/`: the signed-in player's memberships.
    pub async fn get_memberships_for_current_user(
        &self,
    ) -> Result<UserMembershipData, BungieError> {
        self.call(get(
            Endpoint::GetMembershipsForCurrentUser,
            "/User/GetMembershipsForCurrentUser/".into(),
        ))
        .await
    }

    /// `GET /Destiny2/{type}/Profile/{id}/?components=…` (at least one component).
    pub async fn get_profile(
        &self,
        membership_type: i32,
        membership_id: i64,
        components: &[u32],
    ) -> Result<DestinyProfileResponse, BungieError> {
        if components.is_empty() {
            return Err(BungieError::InvalidRequest(
                "GetProfile needs at least one component".into(),
            ));
        }
        let list = components
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut req = get(
            Endpoint::GetProfile,
            format!("/Destiny2/{membership_type}/Profile/{membership_id}/"),
        );
        req.query.push(("components", list));
        self.call_profile(req).await
    }

    /// `POST /Destiny2/Actions/Items/TransferItem/`: vault ↔ character (never retried blindly).
    pub async fn transfer_item(&self, body: &ItemTransferRequest) -> Result<(), BungieError> {
        self.action(
            Endpoint::TransferItem,
            "/Destiny2/Actions/Items/TransferItem/",
            body,
        )
        .await
    }

    /// `POST /Destiny2/Actions/Items/PullFromPostmaster/`.
    pub async fn pull_from_postmaster(
        &self,
        body: &ItemTransferRequest,
    ) -> Result<(), BungieError> {
        self.action(
            Endpoint::PullFromPostmaster,
            "/Destiny2/Actions/Items/PullFromPostmaster/",
            body,
        )
        .await
    }

    /// `POST /Destiny2/Actions/Items/EquipItem/`.
    pub async fn equip_item(&self, body: &ItemActionRequest) -> Result<(), BungieError> {
        self.action(
            Endpoint::EquipItem,
            "/Destiny2/Actions/Items/EquipItem/",
            body,
        )
        .await
    }

    /// `POST /Destiny2/Actions/Items/EquipItems/`: a status per item.
    pub async fn equip_items(
        &self,
        body: &ItemSetActionRequest,
    ) -> Result<EquipItemResults, BungieError> {
        self.call(post(
            Endpoint::EquipItems,
            "/Destiny2/Actions/Items/EquipItems/",
            body,
        )?)
        .await
    }

    /// `POST /Destiny2/Actions/Items/SetLockState/`.
    pub async fn set_lock_state(&self, body: &ItemStateRequest) -> Result<(), BungieError> {
        self.action(
            Endpoint::SetLockState,
            "/Destiny2/Actions/Items/SetLockState/",
            body,
        )
        .await
    }

    /// `POST /Destiny2/Actions/Loadouts/EquipLoadout/`: an in-game loadout slot.
    pub async fn equip_loadout(&self, body: &LoadoutActionRequest) -> Result<(), BungieError> {
        self.action(
            Endpoint::EquipLoadout,
            "/Destiny2/Actions/Loadouts/EquipLoadout/",
            body,
        )
        .await
    }

    /// `POST /Destiny2/Actions/Loadouts/SnapshotLoadout/`: the character's equipped gear into a
    /// slot, with its identifiers.
    pub async fn snapshot_loadout(
        &self,
        body: &LoadoutUpdateActionRequest,
    ) -> Result<(), BungieError> {
        self.action(
            Endpoint::SnapshotLoadout,
            "/Destiny2/Actions/Loadouts/SnapshotLoadout/",
            body,
        )
        .await
    }

    /// `POST /Destiny2/Actions/Loadouts/UpdateLoadoutIdentifiers/`: a slot's name, colour, icon.
    pub async fn update_loadout_identifiers(
        &self,
        body: &LoadoutUpdateActionRequest,
    ) -> Result<(), BungieError> {
        self.action(
            Endpoint::UpdateLoadoutIdentifiers,
            "/Destiny2/Actions/Loadouts/UpdateLoadoutIdentifiers/",
            body,
        )
        .await
    }

    /// `POST /Destiny2/Actions/Loadouts/ClearLoadout/`: empties a slot.
    pub async fn clear_loadout(&self, body: &LoadoutActionRequest) -> Result<(), BungieError> {
        self.action(
            Endpoint::ClearLoadout,
            "/Destiny2/Actions/Loadouts/ClearLoadout/",
            body,
        )
        .await
    }

    /// `GET /Destiny2/{type}/Account/{id}/Character/{cid}/Stats/Activities/`: newest first.
    pub async fn get_activity_history(
        &self,
        membership_type: i32,
        membership_id: i64,
        character_id: i64,
        query: HistoryQuery,
    ) -> Result<ActivityHistoryResults, BungieError> {
        if !(1..=250).contains(&query.count) {
            return Err(BungieError::InvalidRequest(format!(
                "activity history count must be 1–250, not {}",
                query.count
            )));
        }
        let mut req = get(
            Endpoint::GetActivityHistory,
            format!(
                "/Destiny2/{membership_type}/Account/{membership_id}/Character/{character_id}/Stats/Activities/"
            ),
        );
        req.query.push(("count", query.count.to_string()));
        req.query.push(("page", query.page.to_string()));
        if let Some(mode) = query.mode {
            req.query.push(("mode", mode.to_string()));
        }
        self.call(req).await
    }

    /// `POST /Destiny2/Actions/Items/SetTrackedState/`: tracks or untracks a quest or bounty in
    /// game (paced 1 s apart, as Bungie paces it).
    pub async fn set_tracked_state(&self, body: &ItemStateRequest) -> Result<(), BungieError> {
        self.action(
            Endpoint::SetTrackedState,
            "/Destiny2/Actions/Items/SetTrackedState/",
            body,
        )
        .await
    }

    /// `GET /Destiny2/Stats/PostGameCarnageReport/{activityId}/` on the stats host: every
    /// player's figures. Answers `DestinyPGCRNotFound` (1653) until the report exists.
    pub async fn get_post_game_carnage_report(
        &self,
        activity_id: i64,
    ) -> Result<CarnageReport, BungieError> {
        self.call(get(
            Endpoint::GetPostGameCarnageReport,
            format!("/Destiny2/Stats/PostGameCarnageReport/{activity_id}/"),
        ))
        .await
    }

    /// `GET /Destiny2/{type}/Account/{id}/Stats/`: lifetime figures per mode group.
    pub async fn get_historical_stats_for_account(
        &self,
        membership_type: i32,
        membership_id: i64,
    ) -> Result<AccountStats, BungieError> {
        self.call(get(
            Endpoint::GetHistoricalStatsForAccount,
            format!("/Destiny2/{membership_type}/Account/{membership_id}/Stats/"),
        ))
        .await
    }

    /// `GET /Destiny2/{type}/Profile/{id}/Character/{cid}/Vendors/?components=…`: what the
    /// character's vendors sell now (needs the player's token).
    pub async fn get_vendors(
        &self,
        membership_type: i32,
        membership_id: i64,
        character_id: i64,
        components: &[u32],
    ) -> Result<VendorsResponse, BungieError> {
        let mut req = get(
            Endpoint::GetVendors,
            format!(
                "/Destiny2/{membership_type}/Profile/{membership_id}/Character/{character_id}/Vendors/"
            ),
        );
        let list = components
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        req.query.push(("components", list));
        self.call(req).await
    }

    /// `GET /GroupV2/User/{type}/{id}/0/1/`: the clans (group type 1) the member is in.
    pub async fn get_groups_for_member(
        &self,
        membership_type: i32,
        membership_id: i64,
    ) -> Result<GroupsForMember, BungieError> {
        self.call(get(
            Endpoint::GetGroupsForMember,
            format!("/GroupV2/User/{membership_type}/{membership_id}/0/1/"),
        ))
        .await
    }

    /// `GET /GroupV2/{groupId}/Members/?currentpage=N`: one page of a clan's roster (from 1).
    pub async fn get_members_of_group(
        &self,
        group_id: i64,
        page: u32,
    ) -> Result<GroupMembers, BungieError> {
        let mut req = get(
            Endpoint::GetMembersOfGroup,
            format!("/GroupV2/{group_id}/Members/"),
        );
        req.query.push(("currentpage", page.to_string()));
        self.call(req).await
    }

    /// `GET /Destiny2/Manifest/`.
    pub async fn get_destiny_manifest(&self) -> Result<DestinyManifest, BungieError> {
        self.call(get(
            Endpoint::GetDestinyManifest,
            "/Destiny2/Manifest/".into(),
        ))
        .await
    }

    /// An action whose `Response` is an int32 we do not need.
    async fn action<B: Serialize>(
        &self,
        endpoint: Endpoint,
        path: &str,
        body: &B,
    ) -> Result<(), BungieError> {
        self.call::<serde::de::IgnoredAny>(post(endpoint, path, body)?)
            .await
            .map(|_| ())
    }
}

fn get(endpoint: Endpoint, path: String) -> Request {
    Request {
        endpoint,
        method: Method::GET,
        path,
        query: Vec::new(),
        body: None,
    }
}

fn post<B: Serialize>(endpoint: Endpoint, path: &str, body: &B) -> Result<Request, BungieError> {
    let body = serde_json::to_vec(body).map_err(|e| {
        BungieError::InvalidRequest(format!("cannot encode the {} body: {e}", endpoint.name()))
    })?;
    Ok(Request {
        endpoint,
        method: Method::POST,
        path: path.to_string(),
        query: Vec::new(),
        body: Some(body),
    })
}
