//! The OpenAPI conformance validator: checks a JSON value against a schema of Bungie's
//! `openapi.json`, held to the wire rules of API.md §1.5 rather than the spec's letter.
//!
//! The spec is rewritten before it is compiled (as draft 7, whose `$ref` hides its siblings as
//! OpenAPI 3.0 expects):
//! - `"type":"integer","format":"int64"` becomes a string of digits, so an int64 sent as a JSON
//!   number fails, as it would break every client that reads it;
//! - int32/uint32/int16/byte integers get their numeric ranges (a negative hash fails);
//! - `Destiny.Misc.DestinyColor` channels are integers 0–255 (the spec says strings);
//! - dictionaries with integer keys (`x-dictionary-key`) require digit-string keys, or for an
//!   enum key the enum's identifiers, as Bungie sends them (`"TigerSteam": …`);
//! - `nullable: true` admits `null`;
//! - success envelopes (`components/responses`) require all six envelope fields, and component
//!   wrappers (`SingleComponentResponseOf…`, `DictionaryComponentResponseOf…`) their `privacy`;
//! - unknown extra fields stay allowed (real responses carry fields the spec lacks).

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Map, Value, json};

/// A digit string, as int64 values travel.
const INT64_PATTERN: &str = "^-?[0-9]+$";
/// A non-negative digit string, as uint32 dictionary keys travel.
const UINT_PATTERN: &str = "^[0-9]+$";
/// The fields every success envelope carries.
const ENVELOPE_FIELDS: [&str; 6] = [
    "Response",
    "ErrorCode",
    "ThrottleSeconds",
    "ErrorStatus",
    "Message",
    "MessageData",
];
/// How many violations a report lists before it says "and N more".
const SHOWN_VIOLATIONS: usize = 20;
/// How much of one violation's message a report keeps.
const MESSAGE_CHARS: usize = 240;

/// Bungie's OpenAPI document with the wire rules applied, and the validators built from it.
pub struct OpenApi {
    /// The rewritten `components` object.
    components: Value,
    /// operationId → the `#/components/responses/…` name of its 200 response.
    operations: HashMap<String, String>,
    /// Validators already compiled, by JSON pointer of their schema.
    compiled: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

/// One way a value broke its schema.
#[derive(Debug, Clone)]
pub struct Violation {
    /// Where in the value (JSON pointer).
    pub instance_path: String,
    /// Which keyword of which schema refused it (JSON pointer, `$ref`s followed).
    pub schema_path: String,
    /// What was wrong.
    pub message: String,
}

/// Why a value does not conform: every violation, or a schema that could not be found.
#[derive(Debug, Clone)]
pub enum Nonconformance {
    /// The value broke the schema.
    Invalid(Vec<Violation>),
    /// The named schema or operation does not exist, or does not compile.
    Schema(String),
}

impl Nonconformance {
    /// The violations (empty for a schema problem).
    pub fn violations(&self) -> &[Violation] {
        match self {
            Nonconformance::Invalid(v) => v,
            Nonconformance::Schema(_) => &[],
        }
    }

    /// True when some violation is at `instance_path`.
    pub fn at(&self, instance_path: &str) -> bool {
        self.violations()
            .iter()
            .any(|v| v.instance_path == instance_path)
    }
}

impl fmt::Display for Nonconformance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Nonconformance::Schema(why) => write!(f, "schema problem: {why}"),
            Nonconformance::Invalid(violations) => {
                writeln!(f, "{} violation(s):", violations.len())?;
                for v in violations.iter().take(SHOWN_VIOLATIONS) {
                    let path = if v.instance_path.is_empty() {
                        "(root)"
                    } else {
                        &v.instance_path
                    };
                    writeln!(
                        f,
                        "  at {path}: {}\n    schema {}",
                        v.message, v.schema_path
                    )?;
                }
                if violations.len() > SHOWN_VIOLATIONS {
                    writeln!(f, "  … and {} more", violations.len() - SHOWN_VIOLATIONS)?;
                }
                Ok(())
            }
        }
    }
}

impl OpenApi {
    /// Loads and rewrites the spec at `path`.
    pub fn load(path: &Path) -> Result<OpenApi, String> {
        let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let spec: Value =
            serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        OpenApi::from_spec(spec)
    }

    /// Rewrites a parsed spec.
    pub fn from_spec(mut spec: Value) -> Result<OpenApi, String> {
        let operations = response_names(&spec)?;
        let mut components = spec
            .get_mut("components")
            .map(Value::take)
            .ok_or("no components")?;
        let enums = enum_identifiers(&components);
        rewrite(&mut components, &enums);
        apply_wire_rules(&mut components)?;
        Ok(OpenApi {
            components,
            operations,
            compiled: Mutex::new(HashMap::new()),
        })
    }

    /// Checks `value` against `#/components/schemas/<name>`.
    pub fn check_component(&self, name: &str, value: &Value) -> Result<(), Nonconformance> {
        if self
            .components
            .pointer(&format!("/schemas/{}", escape(name)))
            .is_none()
        {
            return Err(Nonconformance::Schema(format!("no schema named {name}")));
        }
        self.check(&format!("#/components/schemas/{}", escape(name)), value)
    }

    /// Checks `value` (a whole body, envelope included) against the 200 response of the
    /// operation `operation_id` (`Destiny2.GetProfile`).
    pub fn check_operation(&self, operation_id: &str, value: &Value) -> Result<(), Nonconformance> {
        let response = self.response_of(operation_id)?;
        self.check(
            &format!(
                "#/components/responses/{}/content/application~1json/schema",
                escape(response)
            ),
            value,
        )
    }

    /// The `components/responses` name of the 200 response of `operation_id`.
    pub fn response_of(&self, operation_id: &str) -> Result<&str, Nonconformance> {
        self.operations
            .get(operation_id)
            .map(String::as_str)
            .ok_or_else(|| Nonconformance::Schema(format!("no operation {operation_id}")))
    }

    /// Checks `value` against the schema at `pointer` (`#/components/…`).
    fn check(&self, pointer: &str, value: &Value) -> Result<(), Nonconformance> {
        let validator = self.validator(pointer).map_err(Nonconformance::Schema)?;
        let violations: Vec<Violation> = validator
            .iter_errors(value)
            .map(|e| Violation {
                instance_path: e.instance_path().to_string(),
                schema_path: e.evaluation_path().to_string(),
                message: shorten(&e.to_string()),
            })
            .collect();
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Nonconformance::Invalid(violations))
        }
    }

    /// The compiled validator for `pointer`, compiling it on first use.
    fn validator(&self, pointer: &str) -> Result<Arc<jsonschema::Validator>, String> {
        let mut compiled = self.compiled.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(v) = compiled.get(pointer) {
            return Ok(v.clone());
        }
        let root = json!({"$ref": pointer, "components": self.components});
        let validator = jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&root)
            .map_err(|e| format!("{pointer} does not compile: {e}"))?;
        let validator = Arc::new(validator);
        compiled.insert(pointer.to_string(), validator.clone());
        Ok(validator)
    }
}

/// Escapes a name for use as one JSON-pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Cuts a message to [`MESSAGE_CHARS`] characters (a failing object can print megabytes).
fn shorten(message: &str) -> String {
    if message.chars().count() <= MESSAGE_CHARS {
        return message.to_string();
    }
    let cut: String = message.chars().take(MESSAGE_CHARS).collect();
    format!("{cut}…")
}

/// operationId → name under `components/responses` of its 200 response.
fn response_names(spec: &Value) -> Result<HashMap<String, String>, String> {
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("no paths")?;
    let mut names = HashMap::new();
    for item in paths.values().filter_map(Value::as_object) {
        for op in item.values() {
            let (Some(id), Some(reference)) = (
                op.get("operationId").and_then(Value::as_str),
                op.pointer("/responses/200/$ref").and_then(Value::as_str),
            ) else {
                continue;
            };
            if let Some(name) = reference.strip_prefix("#/components/responses/") {
                names.insert(id.to_string(), name.to_string());
            }
        }
    }
    Ok(names)
}

/// Enum schema reference (`#/components/schemas/…`) → the identifiers of its values.
type EnumNames = HashMap<String, Vec<String>>;

/// The identifiers of every enum schema, by the reference that names it.
fn enum_identifiers(components: &Value) -> EnumNames {
    let Some(schemas) = components.get("schemas").and_then(Value::as_object) else {
        return EnumNames::new();
    };
    schemas
        .iter()
        .filter_map(|(name, schema)| {
            let values = schema.get("x-enum-values")?.as_array()?;
            let names = values
                .iter()
                .filter_map(|v| v.get("identifier")?.as_str().map(str::to_string))
                .collect();
            Some((format!("#/components/schemas/{name}"), names))
        })
        .collect()
}

/// Applies the per-node wire rules to every schema under `node`, and drops the spec's own
/// extensions (`x-…`) and prose once read.
fn rewrite(node: &mut Value, enums: &EnumNames) {
    match node {
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, enums)),
        Value::Object(map) => {
            rewrite_schema(map, enums);
            map.values_mut().for_each(|v| rewrite(v, enums));
        }
        _ => {}
    }
}

/// The rules for one schema object.
fn rewrite_schema(map: &mut Map<String, Value>, enums: &EnumNames) {
    if let Some(key) = map.get("x-dictionary-key")
        && key.get("type").and_then(Value::as_str) == Some("integer")
    {
        map.insert("propertyNames".into(), dictionary_key_rule(key, enums));
    }
    map.retain(|k, _| !k.starts_with("x-") && k != "description");
    if map.get("type").and_then(Value::as_str) == Some("integer") {
        let format = map
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        match format.as_str() {
            "int64" => {
                map.insert("type".into(), json!("string"));
                map.insert("pattern".into(), json!(INT64_PATTERN));
                map.remove("format");
            }
            "int32" => set_range(map, i64::from(i32::MIN), i64::from(i32::MAX)),
            "uint32" => set_range(map, 0, i64::from(u32::MAX)),
            "int16" => set_range(map, i64::from(i16::MIN), i64::from(i16::MAX)),
            "byte" => set_range(map, 0, 255),
            _ => {}
        }
    }
    if map.get("nullable").and_then(Value::as_bool) == Some(true) {
        map.remove("nullable");
        match map.get("type").cloned() {
            Some(Value::String(t)) => {
                map.insert("type".into(), json!([t, "null"]));
            }
            _ => {
                let inner = Value::Object(std::mem::take(map));
                map.insert("anyOf".into(), json!([{"type": "null"}, inner]));
            }
        }
    }
}

/// What an integer-keyed dictionary's keys look like on the wire: digit strings, and for an
/// enum-keyed one also the enum's identifiers (`"TigerSteam"`), which Bungie sends instead.
fn dictionary_key_rule(key: &Value, enums: &EnumNames) -> Value {
    let digits = if key.get("format").and_then(Value::as_str) == Some("uint32") {
        UINT_PATTERN
    } else {
        INT64_PATTERN
    };
    let names = key
        .pointer("/x-enum-reference/$ref")
        .and_then(Value::as_str)
        .and_then(|reference| enums.get(reference));
    match names {
        Some(names) => json!({"anyOf": [{"pattern": digits}, {"enum": names}]}),
        None => json!({"pattern": digits}),
    }
}

/// Bounds an integer schema, unless the spec already set bounds.
fn set_range(map: &mut Map<String, Value>, min: i64, max: i64) {
    map.entry("minimum").or_insert(json!(min));
    map.entry("maximum").or_insert(json!(max));
}

/// The rules that name particular schemas: colours, envelopes, component wrappers.
fn apply_wire_rules(components: &mut Value) -> Result<(), String> {
    let color = components
        .pointer_mut("/schemas/Destiny.Misc.DestinyColor/properties")
        .and_then(Value::as_object_mut)
        .ok_or("no Destiny.Misc.DestinyColor")?;
    for channel in color.values_mut() {
        *channel = json!({"type": "integer", "minimum": 0, "maximum": 255});
    }
    let schemas = components
        .get_mut("schemas")
        .and_then(Value::as_object_mut)
        .ok_or("no schemas")?;
    for (name, schema) in schemas.iter_mut() {
        let wrapper = name.starts_with("SingleComponentResponseOf")
            || name.starts_with("DictionaryComponentResponseOf");
        if let (true, Some(schema)) = (wrapper, schema.as_object_mut()) {
            schema.insert("required".into(), json!(["privacy"]));
        }
    }
    let responses = components
        .get_mut("responses")
        .and_then(Value::as_object_mut)
        .ok_or("no responses")?;
    for response in responses.values_mut() {
        if let Some(schema) = response
            .pointer_mut("/content/application~1json/schema")
            .and_then(Value::as_object_mut)
        {
            schema.insert("required".into(), json!(ENVELOPE_FIELDS));
        }
    }
    Ok(())
}

/// The spec when the shared data is beside the checkout, and the two checks a simulator test
/// makes with it (each passes when the spec is absent, as [`crate::support::bungie_data`] says).
pub struct SpecChecks(Option<OpenApi>);

impl SpecChecks {
    /// Loads `openapi.json` from the shared data, if it is there (`test` names the caller).
    pub fn load(test: &str) -> SpecChecks {
        SpecChecks(
            super::bungie_data(test)
                .map(|data| OpenApi::load(&data.join("openapi.json")).expect("openapi.json")),
        )
    }

    /// Checks `body` against the 200 response of `operation`.
    pub fn conforms(&self, operation: &str, body: &Value) {
        if let Some(spec) = &self.0
            && let Err(e) = spec.check_operation(operation, body)
        {
            panic!("{operation} does not conform: {e}\n{body}");
        }
    }

    /// Checks `value` against `#/components/schemas/<schema>`.
    pub fn is_a(&self, schema: &str, value: &Value) {
        if let Some(spec) = &self.0
            && let Err(e) = spec.check_component(schema, value)
        {
            panic!("not a {schema}: {e}\n{value}");
        }
    }
}
