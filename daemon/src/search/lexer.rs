//! Splits a query into tokens, each with its 1-based column.

use super::error::QueryError;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `(`.
    Open,
    /// `)`.
    Close,
    /// `-` directly before a term.
    Minus,
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `not`.
    Not,
    /// A bare word.
    Word(String),
    /// A quoted phrase.
    Phrase(String),
    /// `key:value` (a quoted value unquoted).
    Filter(String, String),
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// 1-based column.
    pub column: usize,
}

/// Reads `"…"` starting after the opening quote at `chars[start - 1]`; returns the text and the
/// index after the closing quote.
fn quoted(chars: &[char], start: usize, open_column: usize) -> Result<(String, usize), QueryError> {
    let rest = chars.get(start..).unwrap_or_default();
    match rest.iter().position(|c| *c == '"') {
        Some(end) => Ok((rest[..end].iter().collect(), start + end + 1)),
        None => Err(QueryError::at(
            open_column,
            "A quote is not closed: add the closing \"",
        )),
    }
}

/// Tokenizes a query.
pub fn tokenize(text: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let column = i + 1;
        let push = |tokens: &mut Vec<Token>, kind| tokens.push(Token { kind, column });
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                push(&mut tokens, Kind::Open);
                i += 1;
            }
            ')' => {
                push(&mut tokens, Kind::Close);
                i += 1;
            }
            '-' => {
                if chars
                    .get(i + 1)
                    .is_none_or(|n| n.is_whitespace() || *n == ')')
                {
                    return Err(QueryError::at(
                        column,
                        "A - must be followed by what to leave out, like -is:locked",
                    ));
                }
                push(&mut tokens, Kind::Minus);
                i += 1;
            }
            '"' => {
                let (phrase, next) = quoted(&chars, i + 1, column)?;
                push(&mut tokens, Kind::Phrase(phrase));
                i = next;
            }
            _ => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '"'))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let kind = if let Some((key, value)) = word.split_once(':') {
                    let mut value = value.to_string();
                    if value.is_empty() && chars.get(i) == Some(&'"') {
                        let (phrase, next) = quoted(&chars, i + 1, i + 1)?;
                        value = phrase;
                        i = next;
                    }
                    Kind::Filter(key.to_lowercase(), value)
                } else {
                    match word.to_lowercase().as_str() {
                        "or" => Kind::Or,
                        "and" => Kind::And,
                        "not" => Kind::Not,
                        _ => Kind::Word(word),
                    }
                };
                push(&mut tokens, kind);
            }
        }
    }
    Ok(tokens)
}
