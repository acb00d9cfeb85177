//! Serde helpers for Bungie's JSON conventions: int64 values as digit strings, dates in RFC 3339
//! with or without milliseconds, and `0001-01-01T00:00:00Z` meaning "unset".

use chrono::{DateTime, Datelike, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// Accepts a JSON string of digits or a JSON number and yields an integer of type `T`.
struct IntVisitor<T>(PhantomData<T>);

impl<T> Visitor<'_> for IntVisitor<T>
where
    T: FromStr + TryFrom<i64> + TryFrom<u64>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer or a string of digits")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.trim()
            .parse::<T>()
            .map_err(|_| E::custom(format!("{v:?} is not an integer in range")))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::custom(format!("{v} is out of range")))
    }
}

/// Deserializes an int64 that Bungie sends as a string (numbers are accepted too).
pub fn int<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + TryFrom<i64> + TryFrom<u64>,
{
    deserializer.deserialize_any(IntVisitor(PhantomData))
}

/// One int64 in a container (`Option`, `Vec`), read with [`int`].
#[derive(Deserialize)]
struct Wrap<T>(#[serde(deserialize_with = "int")] T)
where
    T: FromStr + TryFrom<i64> + TryFrom<u64>;

/// Like [`int`] for an optional field (`null` or absent means `None`; pair with `#[serde(default)]`).
pub fn opt_int<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + TryFrom<i64> + TryFrom<u64>,
{
    Option::<Wrap<T>>::deserialize(deserializer).map(|w| w.map(|Wrap(v)| v))
}

/// A field Bungie may send as `null` (the PGCR's `displayName` for some players): read as its
/// default. Pair with `#[serde(default)]` for an absent field.
pub fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Deserializes a list of int64 strings.
pub fn int_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + TryFrom<i64> + TryFrom<u64>,
{
    Vec::<Wrap<T>>::deserialize(deserializer).map(|v| v.into_iter().map(|Wrap(x)| x).collect())
}

/// Serializes an int64 as Bungie wants it on the wire: a string of digits.
pub fn int_as_string<S: Serializer, T: fmt::Display>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// Serializes a list of int64 values as strings.
pub fn int_list_as_strings<S: Serializer, T: fmt::Display>(
    v: &[T],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|x| x.to_string()))
}

/// Parses a Bungie date: RFC 3339 with or without fractional seconds. `0001-01-01T00:00:00Z`
/// (Bungie's "unset") is `None`.
pub fn parse_date(text: &str) -> Result<Option<DateTime<Utc>>, chrono::ParseError> {
    let date = DateTime::parse_from_rfc3339(text)?.with_timezone(&Utc);
    Ok(if date.year() <= 1 { None } else { Some(date) })
}

/// Deserializes an optional Bungie date (absent, `null` and `0001-01-01T00:00:00Z` are `None`).
pub fn opt_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => {
            parse_date(&text).map_err(|e| de::Error::custom(format!("bad date {text:?}: {e}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Sample {
        #[serde(deserialize_with = "int")]
        id: i64,
        #[serde(deserialize_with = "int")]
        big: u64,
        #[serde(default, deserialize_with = "opt_int")]
        maybe: Option<i64>,
        #[serde(default, deserialize_with = "opt_date")]
        when: Option<DateTime<Utc>>,
    }

    #[test]
    fn digit_strings_and_numbers_become_integers() {
        let s: Sample = serde_json::from_str(
            r#"{"id":"4611686018492795083","big":18446744073709551615,"maybe":"7"}"#,
        )
        .unwrap();
        assert_eq!(s.id, 4611686018492795083);
        assert_eq!(s.big, u64::MAX);
        assert_eq!(s.maybe, Some(7));
        assert_eq!(s.when, None);
    }

    #[test]
    fn a_non_digit_string_is_an_error_not_a_panic() {
        let r: Result<Sample, _> = serde_json::from_str(r#"{"id":"12a","big":1}"#);
        assert!(r.unwrap_err().to_string().contains("12a"));
        let r: Result<Sample, _> = serde_json::from_str(r#"{"id":1,"big":-1}"#);
        assert!(r.is_err());
    }

    #[test]
    fn dates_with_and_without_millis_and_unset() {
        let a = parse_date("2023-06-12T22:23:57.305Z").unwrap().unwrap();
        let b = parse_date("2023-06-12T10:35:18Z").unwrap().unwrap();
        assert_eq!(a.timestamp_subsec_millis(), 305);
        assert!(a > b);
        assert_eq!(parse_date("0001-01-01T00:00:00Z").unwrap(), None);
        assert!(parse_date("yesterday").is_err());
    }
}
