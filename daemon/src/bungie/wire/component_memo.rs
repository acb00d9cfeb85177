//! GetProfile's item components, decoded only when their JSON text changed.
//!
//! The item components (300 instances, 301 objectives, 304 stats, 305 sockets) are most of a
//! profile's bytes, and from one poll to the next most of them are byte for byte the same. A
//! profile is first read with each of them as raw JSON text ([`RawItemComponents`]); a
//! component whose text equals the last one's is the last one's decoded value again (the same
//! `Arc`), and only the others are decoded. Texts are compared whole, never hashed: equal text
//! always decodes to an equal value, so reusing one is exactly what decoding would give.

use super::envelope;
use super::profile::{
    DestinyProfileResponse, ItemComponents, ItemInstanceComponent, ItemSocketsComponent,
    ItemStatsComponent, PerInstance, Single,
};
use super::progress::ItemObjectivesComponent;
use crate::bungie::error::BungieError;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// The item components of a profile as raw JSON text, borrowed from the body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RawItemComponents<'a> {
    /// 300.
    #[serde(borrow)]
    pub instances: Option<sonic_rs::LazyValue<'a>>,
    /// 301.
    #[serde(borrow)]
    pub objectives: Option<sonic_rs::LazyValue<'a>>,
    /// 304.
    #[serde(borrow)]
    pub stats: Option<sonic_rs::LazyValue<'a>>,
    /// 305.
    #[serde(borrow)]
    pub sockets: Option<sonic_rs::LazyValue<'a>>,
}

/// One component's last JSON text and what it decoded to.
#[derive(Debug)]
struct Remembered<T> {
    text: Vec<u8>,
    value: Option<PerInstance<T>>,
}

impl<T> Default for Remembered<T> {
    fn default() -> Self {
        Remembered {
            text: Vec::new(),
            value: None,
        }
    }
}

impl<T: DeserializeOwned> Remembered<T> {
    /// The component `raw` holds: the remembered value when the text is the same, else decoded
    /// (and remembered). A component the body leaves out is `None`.
    fn read(
        &mut self,
        raw: Option<sonic_rs::LazyValue<'_>>,
    ) -> Result<Option<PerInstance<T>>, sonic_rs::Error> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let text = raw.as_raw_str().as_bytes();
        if !self.text.is_empty() && self.text == text {
            return Ok(self.value.clone());
        }
        let value = sonic_rs::from_slice::<Option<Single<BTreeMap<i64, T>>>>(text)?.map(Arc::new);
        self.text.clear();
        self.text.extend_from_slice(text);
        self.value = value.clone();
        Ok(value)
    }
}

/// The last profile's item components, as text and decoded, for the next profile to reuse.
#[derive(Debug, Default)]
pub struct ComponentMemo {
    instances: Remembered<ItemInstanceComponent>,
    objectives: Remembered<ItemObjectivesComponent>,
    stats: Remembered<ItemStatsComponent>,
    sockets: Remembered<ItemSocketsComponent>,
}

impl ComponentMemo {
    /// The decoded item components of `raw`, reusing every one whose text is unchanged.
    pub fn read(&mut self, raw: RawItemComponents<'_>) -> Result<ItemComponents, sonic_rs::Error> {
        Ok(ItemComponents {
            instances: self.instances.read(raw.instances)?,
            objectives: self.objectives.read(raw.objectives)?,
            stats: self.stats.read(raw.stats)?,
            sockets: self.sockets.read(raw.sockets)?,
        })
    }
}

/// Decodes a GetProfile body (as [`envelope::decode`] does), reusing from `memo` every item
/// component whose JSON text equals the last decoded one's. A body the quick reading does not
/// take (an error envelope, anything malformed) goes the careful way of
/// [`envelope::decode`], which words the error.
pub fn decode_profile(
    endpoint: &str,
    http_status: u16,
    body: &[u8],
    memo: &Mutex<ComponentMemo>,
) -> Result<DestinyProfileResponse, BungieError> {
    if let Some(raw) =
        envelope::decode_success::<DestinyProfileResponse<RawItemComponents<'_>>>(body)
    {
        let mut memo = memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Ok(profile) =
            raw.map_item_components(|components| components.map(|c| memo.read(c)).transpose())
        {
            return Ok(profile);
        }
    }
    envelope::decode(endpoint, http_status, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(power: i32, sockets: &str) -> Vec<u8> {
        format!(
            r#"{{"ErrorCode":1,"ThrottleSeconds":0,"ErrorStatus":"Success","Message":"Ok","MessageData":{{}},
            "Response":{{"responseMintedTimestamp":"2026-12-07T10:00:00Z",
            "itemComponents":{{
              "instances":{{"data":{{"6917529000000000001":{{"damageType":1,"primaryStat":{{"statHash":1480404414,"value":{power}}},"itemLevel":1,"quality":0,"isEquipped":false,"canEquip":true,"equipRequiredLevel":1,"cannotEquipReason":0}}}},"privacy":1}},
              "sockets":{sockets}
            }}}}}}"#
        )
        .into_bytes()
    }

    const SOCKETS: &str = r#"{"data":{"6917529000000000001":{"sockets":[{"plugHash":7,"isEnabled":true,"isVisible":true}]}},"privacy":1}"#;

    fn power(profile: &DestinyProfileResponse) -> Option<i32> {
        profile
            .item_components
            .as_ref()?
            .instances
            .as_ref()?
            .data
            .as_ref()?
            .get(&6_917_529_000_000_000_001)?
            .primary_stat
            .map(|s| s.value)
    }

    fn sockets(profile: &DestinyProfileResponse) -> &PerInstance<ItemSocketsComponent> {
        profile
            .item_components
            .as_ref()
            .and_then(|c| c.sockets.as_ref())
            .expect("sockets")
    }

    #[test]
    fn an_unchanged_component_is_the_last_ones_value_and_a_changed_one_is_decoded() {
        let memo = Mutex::new(ComponentMemo::default());
        let first =
            decode_profile("GetProfile", 200, &body(1990, SOCKETS), &memo).expect("decodes");
        let second =
            decode_profile("GetProfile", 200, &body(2010, SOCKETS), &memo).expect("decodes");
        assert_eq!(power(&first), Some(1990));
        assert_eq!(power(&second), Some(2010), "the changed text is decoded");
        assert!(
            Arc::ptr_eq(sockets(&first), sockets(&second)),
            "the unchanged sockets are the last profile's"
        );
        let plain: DestinyProfileResponse =
            envelope::decode("GetProfile", 200, &body(2010, SOCKETS)).expect("decodes");
        assert_eq!(
            sockets(&plain).data,
            sockets(&second).data,
            "what is reused is what decoding gives"
        );
    }

    #[test]
    fn a_component_that_does_not_decode_falls_back_to_the_careful_reading() {
        let memo = Mutex::new(ComponentMemo::default());
        decode_profile("GetProfile", 200, &body(1990, SOCKETS), &memo).expect("decodes");
        let bad = body(
            1990,
            r#"{"data":{"6917529000000000001":{"sockets":"nope"}}}"#,
        );
        let err = decode_profile("GetProfile", 200, &bad, &memo).expect_err("refused");
        assert!(
            matches!(err, BungieError::Decode { .. }),
            "a decode error, worded by serde_json: {err:?}"
        );
        let again =
            decode_profile("GetProfile", 200, &body(1990, SOCKETS), &memo).expect("decodes");
        assert_eq!(power(&again), Some(1990), "the memo still serves");
    }

    #[test]
    fn an_absent_or_null_component_is_none() {
        let memo = Mutex::new(ComponentMemo::default());
        let profile =
            decode_profile("GetProfile", 200, &body(1990, "null"), &memo).expect("decodes");
        let components = profile.item_components.expect("item components");
        assert!(components.sockets.is_none());
        assert!(components.stats.is_none());
        assert!(components.instances.is_some());
    }

    #[test]
    fn an_error_envelope_is_the_platform_error() {
        let memo = Mutex::new(ComponentMemo::default());
        let body = br#"{"ErrorCode":1665,"ThrottleSeconds":0,"ErrorStatus":"DestinyPrivacyRestriction","Message":"private","MessageData":{}}"#;
        let err = decode_profile("GetProfile", 200, body, &memo).expect_err("refused");
        assert_eq!(err.code(), Some(1665));
    }
}
