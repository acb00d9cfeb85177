//! The recursive-descent parser: `or` binds loosest, terms side by side are joined by AND,
//! `-`/`not` negate, parentheses group.
//!
//! ```text
//! query := or EOF          or  := and ("or" and)*
//! and   := unary (["and"] unary)*
//! unary := ("-" | "not") unary | "(" or ")" | term
//! ```
//!
//! Parentheses and negations nest at most [`MAX_NESTING`] deep, so a query cut to fit in a
//! 64 KiB frame cannot recurse the parser (or the matcher, or the drop of the tree) off the stack.

use super::ast::{Expr, Term};
use super::error::QueryError;
use super::filters;
use super::lexer::{Kind, Token};

/// The deepest nesting of parentheses and negations a query may use.
pub const MAX_NESTING: usize = 32;

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    end_column: usize,
    depth: usize,
}

/// Parses tokens; `None` for an empty query.
pub fn parse(tokens: &[Token], text_chars: usize) -> Result<Option<Expr>, QueryError> {
    if tokens.is_empty() {
        return Ok(None);
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        end_column: text_chars + 1,
        depth: 0,
    };
    let expr = parser.or()?;
    match parser.peek() {
        None => Ok(Some(expr)),
        Some(t) => Err(QueryError::at(t.column, "This ) closes nothing")),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<&Token> {
        let t = self.tokens.get(self.at);
        self.at += 1;
        t
    }

    fn column(&self) -> usize {
        self.peek().map(|t| t.column).unwrap_or(self.end_column)
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut parts = vec![self.and()?];
        while self.peek().is_some_and(|t| t.kind == Kind::Or) {
            self.at += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek().map(|t| &t.kind) {
                None | Some(Kind::Or) | Some(Kind::Close) => break,
                Some(Kind::And) => {
                    self.at += 1;
                    parts.push(self.unary()?);
                }
                Some(_) => parts.push(self.unary()?),
            }
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    /// Runs `parse` one nesting level deeper, refusing past [`MAX_NESTING`].
    fn nested(
        &mut self,
        column: usize,
        parse: fn(&mut Self) -> Result<Expr, QueryError>,
    ) -> Result<Expr, QueryError> {
        if self.depth >= MAX_NESTING {
            return Err(QueryError::at(
                column,
                format!("Parentheses and negations nest deeper than {MAX_NESTING} levels"),
            ));
        }
        self.depth += 1;
        let inner = parse(self);
        self.depth -= 1;
        inner
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        let column = self.column();
        let Some(token) = self.next().cloned() else {
            return Err(QueryError::at(
                column,
                "Something to search for is missing here",
            ));
        };
        match token.kind {
            Kind::Minus | Kind::Not => {
                Ok(Expr::Not(Box::new(self.nested(token.column, Self::unary)?)))
            }
            Kind::Open => {
                let inner = self.nested(token.column, Self::or)?;
                match self.next() {
                    Some(t) if t.kind == Kind::Close => Ok(inner),
                    _ => Err(QueryError::at(token.column, "This ( is not closed")),
                }
            }
            Kind::Word(w) => Ok(Expr::Term(Term::Name(w.to_lowercase()))),
            Kind::Phrase(p) => Ok(Expr::Term(Term::Name(p.to_lowercase()))),
            Kind::Filter(key, value) => Ok(Expr::Term(filters::term(&key, &value, token.column)?)),
            Kind::Close => Err(QueryError::at(token.column, "This ) closes nothing")),
            Kind::Or | Kind::And => Err(QueryError::at(
                token.column,
                "or and and need something to search for on each side",
            )),
        }
    }
}
