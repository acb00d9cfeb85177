//! A query that does not parse: where, what, and what was probably meant.

use thiserror::Error;

/// A parse error (the protocol's invalid params for `items.search`). Its message is written for
/// a player: what is wrong in their words, where (as a position in what they typed), and the
/// likely fix, with no parser jargon or code quotes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct QueryError {
    /// 1-based column (in characters) of the offending text.
    pub column: usize,
    /// The whole message, column and suggestion included.
    pub message: String,
    /// The closest valid filter, when there is one.
    pub suggestion: Option<String>,
}

impl QueryError {
    /// An error at `column`.
    pub fn at(column: usize, what: impl Into<String>) -> Self {
        QueryError {
            column,
            message: format!("{} (at character {column} of the search)", what.into()),
            suggestion: None,
        }
    }

    /// Adds "did you mean …?".
    pub fn suggest(mut self, suggestion: Option<String>) -> Self {
        if let Some(s) = &suggestion {
            self.message = format!("{}. Did you mean {s}?", self.message);
        }
        self.suggestion = suggestion;
        self
    }
}
