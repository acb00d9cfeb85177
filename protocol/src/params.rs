//! Decoding a request's params into a method's params type, naming the field at fault.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// Params that do not fit the method: the field at fault and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid params: `{field}`: {message}")]
pub struct ParamsError {
    /// The field's path (`query`, `items[0].id`), or `params` for the params as a whole.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// Decodes `params` (left out means `{}`) into `T`; the error names the field at fault.
pub fn decode_params<T: DeserializeOwned>(params: Option<Value>) -> Result<T, ParamsError> {
    let value = match params {
        None => Value::Object(serde_json::Map::new()),
        Some(value @ Value::Object(_)) => value,
        Some(_) => {
            return Err(ParamsError {
                field: "params".to_string(),
                message: "params must be an object".to_string(),
            });
        }
    };
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let message = error.inner().to_string();
        let field = if path == "." || path.is_empty() {
            missing_field(&message).unwrap_or_else(|| "params".to_string())
        } else {
            match missing_field(&message) {
                Some(inner) => format!("{path}.{inner}"),
                None => path,
            }
        };
        ParamsError { field, message }
    })
}

/// The field named in serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    let end = rest.find('`')?;
    rest.get(..end).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::{SaveLoadoutParams, SearchParams, TransferParams};
    use crate::session::Empty;
    use serde_json::json;

    fn field_of<T: DeserializeOwned + std::fmt::Debug>(params: Value) -> String {
        decode_params::<T>(Some(params))
            .expect_err("these params are wrong")
            .field
    }

    #[test]
    fn the_failing_field_is_named() {
        assert_eq!(field_of::<SearchParams>(json!({"query": 5})), "query");
        assert_eq!(field_of::<SearchParams>(json!({})), "query");
        assert_eq!(
            field_of::<SearchParams>(json!({"query": "x", "limit": -1})),
            "limit"
        );
        assert_eq!(field_of::<TransferParams>(json!({"id": "1"})), "to");
        assert_eq!(
            field_of::<SaveLoadoutParams>(
                json!({"name": "a", "characterId": "1", "items": [{"id": "1", "hash": "x", "equip": true}]})
            ),
            "items[0].hash"
        );
        assert_eq!(field_of::<SearchParams>(json!([1, 2])), "params");
    }

    #[test]
    fn left_out_params_mean_an_empty_object() {
        assert_eq!(decode_params::<Empty>(None), Ok(Empty {}));
        assert!(decode_params::<SearchParams>(None).is_err());
    }
}
