//! Bungie's JSON as the daemon reads it: serde structs for exactly the fields we use, unknown fields
//! ignored, int64 values as digit strings, dates with or without milliseconds.

pub mod actions;
pub mod component_memo;
pub mod convert;
pub mod destiny_manifest;
pub mod envelope;
pub mod groups;
pub mod history;
pub mod profile;
pub mod progress;
pub mod stats;
pub mod token;
pub mod user;
pub mod vendors;

pub use actions::{
    EquipItemResult, EquipItemResults, ItemActionRequest, ItemSetActionRequest, ItemStateRequest,
    ItemTransferRequest, LoadoutActionRequest, LoadoutUpdateActionRequest,
};
pub use destiny_manifest::DestinyManifest;
pub use groups::{GroupMembers, GroupsForMember};
pub use history::{ActivityHistoryResults, HistoricalActivity};
pub use profile::{DestinyProfileResponse, ItemComponent};
pub use stats::{AccountStats, CarnageReport};
pub use token::{BungieTokenFields, TokenResponse};
pub use user::{GroupUserInfoCard, UserMembershipData};
pub use vendors::VendorsResponse;
