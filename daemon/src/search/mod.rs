//! The item query language of `PROTOCOL.md` (`is:exotic power:>=1800 name:"…" -is:locked or …`):
//! a parser with error positions and a matcher over [`crate::store::model::Item`].
