//! Bungie.net over HTTP: the client, its wire types, error codes, pacing, OAuth and the manifest.
//!
//! Nothing here knows about the store or the protocol, or calls anything else of ours; nothing here
//! shares a type with the simulator (the `vault-raider-sim` crate).
//!
//! - [`Client`]: every Platform call ([`api`]), paced ([`pacing`]), counted ([`calls`]), with
//!   envelope decoding and the typed [`BungieError`] ([`error`]).
//! - [`wire`]: Bungie's JSON as we read it.
//! - [`auth`]: OAuth, login flows, the refreshing [`auth::Session`], token stores.
//! - [`membership`]: which Destiny membership to follow.
//! - [`manifest`]: the manifest database: download, atomic swap, typed lookups.

pub mod api;
pub mod auth;
pub mod calls;
pub mod client;
pub mod endpoint;
pub mod error;
pub mod manifest;
pub mod membership;
pub mod pacing;
pub mod token_source;
pub mod wire;

pub use api::HistoryQuery;
pub use client::{Client, ClientConfig, http_client, user_agent};
pub use endpoint::{Endpoint, Lane};
pub use error::{BungieError, ErrorFamily, PlatformError};
pub use membership::{MembershipOverview, choose_membership, is_legacy_platform};
pub use token_source::TokenSource;
