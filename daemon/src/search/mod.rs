//! The item query language of `PROTOCOL.md` (`is:exotic power:>=1800 name:"…" -is:locked or …`):
//! a tokenizer and parser to an [`ast::Expr`] with error positions, and a matcher over
//! [`crate::store::model::Item`].
//!
//! ```
//! use vault_raider::search::Query;
//! let q = Query::parse("is:weapon -is:locked or name:\"mida multi\"").unwrap();
//! assert!(Query::parse("is:exotc").unwrap_err().to_string().contains("did you mean `is:exotic`"));
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
pub use parser::MAX_NESTING;

use crate::store::model::Item;

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

    /// Whether `item` matches.
    pub fn matches(&self, item: &Item) -> bool {
        self.expr.as_ref().is_none_or(|e| matcher::matches(e, item))
    }
}
