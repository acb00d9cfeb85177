//! Bungie.net over HTTP: the client, its wire types, error codes, pacing, OAuth and the manifest.
//!
//! Nothing here knows about the store or the protocol; nothing here shares a type with [`crate::sim`].

pub mod manifest;
