//! Turns an item definition into the facts the store copies onto each item ([`ItemInfo`]):
//! the one place a manifest row becomes the store's vocabulary, so `bungie` knows nothing of the
//! store.

use crate::bungie::manifest::defs::ItemDef;
use crate::store::model::{Class, ItemInfo, ItemKind, Tier};

/// DestinyItemType of armour.
const ITEM_TYPE_ARMOR: i32 = 2;
/// DestinyItemType of weapons.
const ITEM_TYPE_WEAPON: i32 = 3;

impl From<&ItemDef> for ItemInfo {
    fn from(def: &ItemDef) -> ItemInfo {
        let kind = match def.item_type {
            ITEM_TYPE_WEAPON => ItemKind::Weapon,
            ITEM_TYPE_ARMOR => ItemKind::Armor,
            _ if def.equippable => ItemKind::OtherEquippable,
            _ => ItemKind::Other,
        };
        ItemInfo {
            name: def.display_properties.name.clone(),
            type_name: def.item_type_display_name.clone(),
            description: def.display_properties.description.clone(),
            icon: def.display_properties.icon.clone(),
            tier: Tier::from_bungie(i64::from(def.inventory.tier_type)),
            class: Class::from_bungie(i64::from(def.class_type)),
            kind,
            home_bucket_hash: def.inventory.bucket_type_hash,
            unique_label: def.unique_label().map(str::to_string),
            max_stack: u32::try_from(def.inventory.max_stack_size)
                .unwrap_or(0)
                .max(1),
            non_transferable: def.non_transferrable,
            equippable: def.equippable,
            pull_has_side_effects: def.does_postmaster_pull_have_side_effects,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(json: serde_json::Value) -> ItemDef {
        serde_json::from_value(json).expect("test definition parses")
    }

    #[test]
    fn an_exotic_weapon_keeps_its_label_tier_and_bucket() {
        let info = ItemInfo::from(&def(serde_json::json!({
            "hash": 1, "displayProperties": {"name": "Rat King", "description": "d", "icon": "/i.png"},
            "itemTypeDisplayName": "Sidearm", "itemType": 3, "classType": 3, "equippable": true,
            "inventory": {"bucketTypeHash": 1498876634u32, "tierType": 6, "maxStackSize": 1},
            "equippingBlock": {"uniqueLabel": "exotic_weapon"}
        })));
        assert_eq!(info.name, "Rat King");
        assert_eq!(info.type_name, "Sidearm");
        assert_eq!(info.kind, ItemKind::Weapon);
        assert_eq!(info.tier, Tier::Exotic);
        assert_eq!(info.class, None);
        assert_eq!(info.home_bucket_hash, 1_498_876_634);
        assert_eq!(info.unique_label.as_deref(), Some("exotic_weapon"));
        assert_eq!(info.max_stack, 1);
    }

    #[test]
    fn absent_fields_mean_any_class_no_label_and_a_stack_of_one() {
        let info = ItemInfo::from(&def(serde_json::json!({
            "itemType": 2, "classType": 1,
            "equippingBlock": {"uniqueLabel": ""}, "inventory": {"maxStackSize": -4}
        })));
        assert_eq!(info.kind, ItemKind::Armor);
        assert_eq!(info.class, Some(Class::Hunter));
        assert_eq!(info.unique_label, None);
        assert_eq!(info.max_stack, 1);
        let bare = def(serde_json::json!({}));
        assert_eq!(ItemInfo::from(&bare).class, None);
        assert_eq!(ItemInfo::from(&bare).kind, ItemKind::Other);
    }
}
