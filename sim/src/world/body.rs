//! Reading action request bodies the way Bungie does: int64 ids as digit strings (or numbers),
//! hashes and enums as numbers; a missing field is `InvalidParameters` (18), a field of the wrong
//! type is `ParameterParseFailure` (7).

use serde_json::Value;

use super::SimError;

/// The fields of an action body, looked up by name.
pub struct Body<'a> {
    fields: &'a serde_json::Map<String, Value>,
}

impl<'a> Body<'a> {
    /// The body as an object; anything else cannot be parsed.
    pub fn new(body: &'a Value) -> Result<Body<'a>, SimError> {
        body.as_object()
            .map(|fields| Body { fields })
            .ok_or_else(|| SimError::parse_failure("body"))
    }

    fn field(&self, name: &str) -> Result<&'a Value, SimError> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Err(SimError::invalid_parameters(name)),
            Some(v) => Ok(v),
        }
    }

    /// An int64 id: a digit string (Bungie's wire form) or a JSON integer.
    pub fn int64(&self, name: &str) -> Result<i64, SimError> {
        parse_int64(self.field(name)?, name)
    }

    /// An optional int64 id; absent or null is `None`.
    pub fn optional_int64(&self, name: &str) -> Result<Option<i64>, SimError> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.int64(name).map(Some),
        }
    }

    /// A uint32 hash.
    pub fn uint32(&self, name: &str) -> Result<u32, SimError> {
        let n = self
            .field(name)?
            .as_u64()
            .ok_or_else(|| SimError::parse_failure(name))?;
        u32::try_from(n).map_err(|_| SimError::parse_failure(name))
    }

    /// An optional uint32 hash; absent or null is `None`.
    pub fn optional_uint32(&self, name: &str) -> Result<Option<u32>, SimError> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.uint32(name).map(Some),
        }
    }

    /// An int32 number.
    pub fn int32(&self, name: &str) -> Result<i32, SimError> {
        let n = self
            .field(name)?
            .as_i64()
            .ok_or_else(|| SimError::parse_failure(name))?;
        i32::try_from(n).map_err(|_| SimError::parse_failure(name))
    }

    /// A boolean.
    pub fn boolean(&self, name: &str) -> Result<bool, SimError> {
        self.field(name)?
            .as_bool()
            .ok_or_else(|| SimError::parse_failure(name))
    }

    /// An array of int64 ids.
    pub fn int64_list(&self, name: &str) -> Result<Vec<i64>, SimError> {
        let list = self
            .field(name)?
            .as_array()
            .ok_or_else(|| SimError::parse_failure(name))?;
        list.iter().map(|v| parse_int64(v, name)).collect()
    }
}

/// An int64 as Bungie accepts it: a digit string or a JSON integer.
pub fn parse_int64(value: &Value, name: &str) -> Result<i64, SimError> {
    match value {
        Value::String(s) => s.trim().parse().map_err(|_| SimError::parse_failure(name)),
        Value::Number(n) => n.as_i64().ok_or_else(|| SimError::parse_failure(name)),
        _ => Err(SimError::parse_failure(name)),
    }
}
