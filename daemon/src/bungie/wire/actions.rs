//! Request bodies of the item and loadout actions (`/Destiny2/Actions/…`) and the result of
//! EquipItems. int64 ids go out as strings.

use super::convert::{int, int_as_string, int_list_as_strings};
use serde::{Deserialize, Serialize};

/// `DestinyItemTransferRequest` (TransferItem) and `DestinyPostmasterTransferRequest`
/// (PullFromPostmaster, which ignores `transferToVault`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemTransferRequest {
    /// The item definition.
    pub item_reference_hash: u32,
    /// How many of the stack to move (1 for instanced items).
    pub stack_size: i32,
    /// `true`: character → vault (`character_id` holds it); `false`: vault → `character_id`.
    pub transfer_to_vault: bool,
    /// The instance id; 0 for uninstanced stacks.
    #[serde(serialize_with = "int_as_string")]
    pub item_id: i64,
    /// See `transfer_to_vault`; for the postmaster, the character whose postmaster holds it.
    #[serde(serialize_with = "int_as_string")]
    pub character_id: i64,
    /// `BungieMembershipType`.
    pub membership_type: i32,
}

/// `DestinyItemActionRequest` (EquipItem): the item must already be on the character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemActionRequest {
    /// The item instance.
    #[serde(serialize_with = "int_as_string")]
    pub item_id: i64,
    /// The character.
    #[serde(serialize_with = "int_as_string")]
    pub character_id: i64,
    /// `BungieMembershipType`.
    pub membership_type: i32,
}

/// `DestinyItemSetActionRequest` (EquipItems).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemSetActionRequest {
    /// The items, exotics last.
    #[serde(serialize_with = "int_list_as_strings")]
    pub item_ids: Vec<i64>,
    /// The character.
    #[serde(serialize_with = "int_as_string")]
    pub character_id: i64,
    /// `BungieMembershipType`.
    pub membership_type: i32,
}

/// `DestinyItemStateRequest` (SetLockState).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemStateRequest {
    /// `true` locks.
    pub state: bool,
    /// The item instance.
    #[serde(serialize_with = "int_as_string")]
    pub item_id: i64,
    /// The owner (for a vault item, the most recently played character).
    #[serde(serialize_with = "int_as_string")]
    pub character_id: i64,
    /// `BungieMembershipType`.
    pub membership_type: i32,
}

/// `DestinyLoadoutUpdateActionRequest` (SnapshotLoadout, UpdateLoadoutIdentifiers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadoutUpdateActionRequest {
    /// `DestinyLoadoutColorDefinition` hash.
    pub color_hash: u32,
    /// `DestinyLoadoutIconDefinition` hash.
    pub icon_hash: u32,
    /// `DestinyLoadoutNameDefinition` hash.
    pub name_hash: u32,
    /// The index into the character's in-game loadouts.
    pub loadout_index: i32,
    /// The character.
    #[serde(serialize_with = "int_as_string")]
    pub character_id: i64,
    /// `BungieMembershipType`.
    pub membership_type: i32,
}

/// `DestinyLoadoutActionRequest` (EquipLoadout, ClearLoadout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadoutActionRequest {
    /// The index into the character's in-game loadouts.
    pub loadout_index: i32,
    /// The character.
    #[serde(serialize_with = "int_as_string")]
    pub character_id: i64,
    /// `BungieMembershipType`.
    pub membership_type: i32,
}

/// `DestinyEquipItemResults`: one status per item (the envelope is Success even if some failed).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct EquipItemResults {
    /// Per item.
    pub equip_results: Vec<EquipItemResult>,
}

/// One item's equip status.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct EquipItemResult {
    /// The item.
    #[serde(deserialize_with = "int")]
    pub item_instance_id: i64,
    /// A `PlatformErrorCodes` number; 1 = equipped.
    pub equip_status: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_go_out_as_strings_with_bungies_field_names() {
        let body = serde_json::to_value(ItemTransferRequest {
            item_reference_hash: 2362471601,
            stack_size: 1,
            transfer_to_vault: true,
            item_id: 6917529265091876850,
            character_id: 2305843009260802821,
            membership_type: 3,
        })
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"itemReferenceHash":2362471601u32,"stackSize":1,"transferToVault":true,
                "itemId":"6917529265091876850","characterId":"2305843009260802821","membershipType":3})
        );
        let set = serde_json::to_value(ItemSetActionRequest {
            item_ids: vec![1, 2],
            character_id: 3,
            membership_type: 2,
        })
        .unwrap();
        assert_eq!(set["itemIds"], serde_json::json!(["1", "2"]));
    }
}
