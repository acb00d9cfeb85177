//! The item query language of `PROTOCOL.md` (`is:exotic power:>=1800 name:"…" -is:locked or …`,
//! and the filters DIM users type most: `is:dupe`, `perk:…`, weapon types such as
//! `is:handcannon`, `id:…`):
//! a tokenizer and parser to an [`ast::Expr`] with error positions, and a matcher over
//! [`crate::store::model::Item`].
//!
//! ```
//! use vault_raider::search::Query;
//! let q = Query::parse("is:weapon -is:locked or name:\"mida multi\"").unwrap();
//! assert!(Query::parse("is:exotc").unwrap_err().to_string().contains("Did you mean is:exotic?"));
//! # let _ = q;
//! ```

pub mod ast;
pub mod error;
mod filters;
mod lexer;
mod matcher;
mod parser;

pub use ast::{Cmp, Expr, IsFilter, Term};
pub use error::QueryError;
pub use matcher::Context;
pub use parser::MAX_NESTING;

use crate::store::model::{Inventory, Item, Loadout};

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The expression; `None` for an empty query (matches everything).
    pub expr: Option<Expr>,
}

impl Query {
    /// Parses a query; the error names the column (1-based, in characters) and suggests a fix.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let tokens = lexer::tokenize(text)?;
        let expr = parser::parse(&tokens, text.chars().count())?;
        Ok(Query { expr })
    }

    /// Whether `item` matches, judged alone: `is:dupe` needs the whole inventory and never
    /// matches here (use [`Query::select`]).
    pub fn matches(&self, item: &Item) -> bool {
        self.matches_in(item, &Context::default())
    }

    /// Whether `item` matches, with what the whole inventory says about it.
    pub fn matches_in(&self, item: &Item, context: &Context) -> bool {
        self.expr
            .as_ref()
            .is_none_or(|e| matcher::matches(e, item, context))
    }

    /// The items of `inventory` (all of them, so `is:dupe` can count copies, with the player's
    /// marks for `tag:` and `notes:`, and its in-game loadouts with the daemon's `loadouts`
    /// for `is:inloadout`) that match, in order.
    pub fn select<'a>(
        &self,
        inventory: &'a Inventory,
        loadouts: &[Loadout],
    ) -> impl Iterator<Item = &'a Item> + use<'a, '_> {
        let both = loadouts
            .iter()
            .map(|l| (l.name.as_str(), l.items.iter().map(|i| &i.id).collect()))
            .chain(
                inventory
                    .game_loadouts
                    .iter()
                    .map(|l| (l.name.as_str(), l.items.iter().map(|i| &i.id).collect())),
            );
        let context = Context::of(&inventory.items)
            .with_annotations(&inventory.annotations)
            .with_progress(&inventory.progress)
            .with_loadouts(both);
        inventory
            .items
            .iter()
            .filter(move |item| self.matches_in(item, &context))
    }
}
