//! A JSON object of the host's (settings, state, a CRM's answer) read field by field, every
//! refusal naming the field by its path (`crm.amocrm.baseUrl`).
//!
//! Read with the crate's own JSON reader ([`crate::json`]): serde_json's deserializer
//! would add about 30 kB (gzipped) to the module for these few small objects.

use std::borrow::Cow;

use super::error::{CrmError, Source};
use super::url::MAX_ID;
use crate::json::{self, Json};
use crate::phone::Quoted;

/// One object's members, and where it sits.
pub(crate) struct Object<'a> {
    path: String,
    members: Vec<(Cow<'a, str>, Json<'a>)>,
    source: Source,
}

impl<'a> Object<'a> {
    /// The object `text` holds, at `path`; an error saying what is wrong otherwise.
    pub(crate) fn parse(text: &'a str, path: String, source: Source) -> Result<Object<'a>, CrmError> {
        let mut members = Vec::new();
        if let Err(e) = json::read_object(text, |key, value| members.push((key, value))) {
            let reason = if json::validate(text).is_ok() { "wrong_type" } else { "not_json" };
            let problem = match reason {
                "wrong_type" => "expected an object".to_string(),
                _ => format!("not JSON: {e}"),
            };
            return Err(source.error(&path, reason, &problem));
        }
        Ok(Object { path, members, source })
    }

    /// The path of one of the object's fields.
    pub(crate) fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    /// An error about one of the object's fields.
    #[cold]
    #[inline(never)]
    pub(crate) fn error(&self, key: &str, reason: &'static str, problem: &str) -> CrmError {
        self.source.error(&self.path(key), reason, problem)
    }

    /// Fails on the first key that is not one of `keys`.
    pub(crate) fn only(&self, keys: &[&str]) -> Result<(), CrmError> {
        match self.members.iter().find(|(k, _)| !keys.contains(&k.as_ref())) {
            Some((unknown, _)) => Err(self.source.error(
                &self.path,
                "unknown_field",
                &format!("unknown field {}; expected {}", Quoted::new(unknown), keys.join(", ")),
            )),
            None => Ok(()),
        }
    }

    /// A field's value (the last, if the key is repeated, as in JavaScript); `None` when it
    /// is absent or `null`.
    pub(crate) fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| **v != Json::Null)
    }

    pub(crate) fn required<T>(&self, key: &str, value: Option<T>) -> Result<T, CrmError> {
        value.ok_or_else(|| self.error(key, "missing_field", "missing"))
    }

    #[cold]
    #[inline(never)]
    fn wrong_type(&self, key: &str, expected: &str, got: &Json<'_>) -> CrmError {
        self.error(key, "wrong_type", &format!("expected {expected}, got {}", got.kind()))
    }

    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, CrmError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong_type(key, "a boolean", other)),
        }
    }

    /// A string field, trimmed, of at most `max` bytes; `None` when absent, `null` or blank.
    pub(crate) fn string(&self, key: &str, max: usize) -> Result<Option<&str>, CrmError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Str(s)) => {
                let s = s.trim();
                if s.len() > max {
                    return Err(self.error(key, "too_long", &format!("{} bytes, over the limit of {max}", s.len())));
                }
                Ok(Some(s).filter(|s| !s.is_empty()))
            }
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    /// A string, or a whole number written as digits; `None` when absent or `null`.
    pub(crate) fn text_or_number(&self, key: &str) -> Result<Option<&str>, CrmError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Str(s)) => Ok(Some(s.trim())),
            Some(Json::Num(n)) if n.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(n)),
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    /// An id: a whole number from 1 to [`MAX_ID`] (a JSON number, or when `digits` is set a
    /// string of digits too).
    pub(crate) fn id(&self, key: &str, digits: bool) -> Result<Option<u64>, CrmError> {
        let number = match self.get(key) {
            None => return Ok(None),
            Some(Json::Num(n)) => *n,
            Some(Json::Str(s)) if digits => s.trim(),
            Some(other) => {
                let expected = if digits { "a number or a string of digits" } else { "a number" };
                return Err(self.wrong_type(key, expected, other));
            }
        };
        whole(number)
            .filter(|n| (1..=MAX_ID).contains(n))
            .map(Some)
            .ok_or_else(|| self.error(key, "invalid_id", &format!("expected a whole number from 1 to {MAX_ID}")))
    }

    pub(crate) fn object(&self, key: &str) -> Result<Option<Object<'a>>, CrmError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Object(raw)) => Object::parse(raw, self.path(key), self.source).map(Some),
            Some(other) => Err(self.wrong_type(key, "an object", other)),
        }
    }
}

/// ASCII digits (at most 16) as a number.
fn whole(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 16 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
