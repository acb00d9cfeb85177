//! Params and results of the player's own marks on items: `items.tag`, `items.note`,
//! `tags.import` and `tags.export` (DIM's backup shape, so a DIM user brings theirs over).

use crate::model::Item;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

/// The most characters a note may hold.
pub const MAX_NOTE_CHARS: usize = 120;

/// DIM's item tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ItemTag {
    /// Never moved aside, never dismantled.
    Favorite,
    /// Kept: never moved aside.
    Keep,
    /// To dismantle: moved aside first.
    Junk,
    /// To feed into another item.
    Infuse,
    /// Kept in the vault for later.
    Archive,
}

/// `items.tag` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TagParams {
    /// The item (an instanced item: a stack has no lasting id).
    pub id: String,
    /// The new tag; null clears it (it must be given).
    #[serde(deserialize_with = "nullable")]
    pub tag: Option<ItemTag>,
}

/// `items.note` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoteParams {
    /// The item (an instanced item).
    pub id: String,
    /// The new note, at most [`MAX_NOTE_CHARS`] characters; null or empty clears it (it must
    /// be given).
    #[serde(deserialize_with = "nullable")]
    pub note: Option<String>,
}

/// `items.tag` and `items.note` result: the item as it is now, and the revision that recorded
/// the change (also pushed to every client as an `updated` change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
pub struct AnnotateResult {
    /// The revision of the change.
    #[ts(type = "number")]
    pub rev: u64,
    /// The item with its tag and note.
    pub item: Item,
}

/// One item's marks in DIM's backup shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct DimItemAnnotation {
    /// The item's instance id.
    pub item_id: String,
    /// Its tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<ItemTag>,
    /// Its note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A DIM backup (`tags.import` params, `tags.export` result): only its `tags` are read or
/// written; its other parts (loadouts, settings, searches…) are accepted and ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
pub struct DimBackup {
    /// The item marks.
    #[serde(default)]
    pub tags: Vec<DimItemAnnotation>,
}

/// `tags.import` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct ImportTagsResult {
    /// The revision after the import (one revision per item whose marks changed).
    #[ts(type = "number")]
    pub rev: u64,
    /// Items whose tag or note was set.
    pub imported: u32,
    /// Entries for items this account does not hold (another account's, or gone).
    pub unknown: u32,
    /// Notes cut to [`MAX_NOTE_CHARS`] characters.
    pub truncated: u32,
}

/// A field that must be given but may be null.
fn nullable<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// A field that may be absent (unchanged), null (cleared) or a value: `Some(None)` is null.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_dim_backup_keeps_its_tags_and_ignores_the_rest() {
        let backup: DimBackup = serde_json::from_value(json!({
            "settings": {"itemSize": 50},
            "loadouts": [],
            "tags": [
                {"itemId": "6917529035440581369", "tag": "favorite", "notes": "god roll"},
                {"itemId": "6917529035440581370", "tag": "junk"},
                {"itemId": "6917529035440581371", "notes": "pvp"}
            ]
        }))
        .expect("a DIM backup");
        assert_eq!(backup.tags.len(), 3);
        assert_eq!(backup.tags[0].tag, Some(ItemTag::Favorite));
        assert_eq!(backup.tags[2].notes.as_deref(), Some("pvp"));
        assert!(
            serde_json::from_value::<DimBackup>(json!({"tags": [{"itemId": "1", "tag": "best"}]}))
                .is_err()
        );
    }

    #[test]
    fn a_tag_param_must_be_given_even_to_clear_it() {
        let cleared: TagParams =
            serde_json::from_value(json!({"id": "1", "tag": null})).expect("null clears");
        assert_eq!(cleared.tag, None);
        assert!(serde_json::from_value::<TagParams>(json!({"id": "1"})).is_err());
    }
}
