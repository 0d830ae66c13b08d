//! A JSON object of the host's (settings, state, a CRM's answer) read field by field, every
//! refusal naming the field by its path (`crm.amocrm.baseUrl`).

use serde_json::{Map, Value};

use super::error::{CrmError, Source};
use super::url::MAX_ID;
use crate::phone::Quoted;

/// One object and where it sits.
pub(crate) struct Object<'v> {
    path: String,
    map: &'v Map<String, Value>,
    source: Source,
}

/// What kind of value this is, as messages name it.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'v> Object<'v> {
    /// `value` as an object at `path`, or an error saying what it is instead.
    pub(crate) fn new(value: &'v Value, path: impl Into<String>, source: Source) -> Result<Object<'v>, CrmError> {
        let path = path.into();
        match value {
            Value::Object(map) => Ok(Object { path, map, source }),
            other => Err(source.error(path, "wrong_type", format!("expected an object, got {}", kind(other)))),
        }
    }

    /// The path of one of the object's fields.
    pub(crate) fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    /// An error about one of the object's fields.
    pub(crate) fn error(&self, key: &str, reason: &'static str, problem: impl Into<String>) -> CrmError {
        self.source.error(self.path(key), reason, problem)
    }

    /// Fails on the first key that is not one of `keys`.
    pub(crate) fn only(&self, keys: &[&str]) -> Result<(), CrmError> {
        match self.map.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(unknown) => Err(self.source.error(
                self.path.clone(),
                "unknown_field",
                format!("unknown field {}; expected {}", Quoted::new(unknown), keys.join(", ")),
            )),
            None => Ok(()),
        }
    }

    /// A field's value; `None` when it is absent or `null`.
    pub(crate) fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub(crate) fn required<T>(&self, key: &str, value: Option<T>) -> Result<T, CrmError> {
        value.ok_or_else(|| self.error(key, "missing_field", "missing"))
    }

    fn wrong_type(&self, key: &str, expected: &str, got: &Value) -> CrmError {
        self.error(key, "wrong_type", format!("expected {expected}, got {}", kind(got)))
    }

    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, CrmError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong_type(key, "a boolean", other)),
        }
    }

    /// A string field, trimmed, of at most `max` bytes; `None` when absent, `null` or blank.
    pub(crate) fn string(&self, key: &str, max: usize) -> Result<Option<&'v str>, CrmError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => {
                let s = s.trim();
                if s.len() > max {
                    return Err(self.error(key, "too_long", format!("{} bytes, over the limit of {max}", s.len())));
                }
                Ok(Some(s).filter(|s| !s.is_empty()))
            }
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    /// An id: a whole number from 1 to [`MAX_ID`] (a JSON number, or when `digits` is set a
    /// string of digits too).
    pub(crate) fn id(&self, key: &str, digits: bool) -> Result<Option<u64>, CrmError> {
        let invalid = || self.error(key, "invalid_id", format!("expected a whole number from 1 to {MAX_ID}"));
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_u64().filter(|n| (1..=MAX_ID).contains(n)).map(Some).ok_or_else(invalid),
            Some(Value::String(s)) if digits => {
                let s = s.trim();
                if s.is_empty() || s.len() > 16 || !s.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(invalid());
                }
                s.parse::<u64>().ok().filter(|n| (1..=MAX_ID).contains(n)).map(Some).ok_or_else(invalid)
            }
            Some(other) => {
                Err(self.wrong_type(key, if digits { "a number or a string of digits" } else { "a number" }, other))
            }
        }
    }

    pub(crate) fn object(&self, key: &str) -> Result<Option<Object<'v>>, CrmError> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => Object::new(value, self.path(key), self.source).map(Some),
        }
    }
}
