//! The arguments of a block action: one JSON object, checked against the action's
//! parameters before the action runs.

use super::error::BlockError;
use super::manifest::{BlockAction, Param, ValueType};
use super::MAX_ARGS_BYTES;
use crate::json::{self, Json};
use crate::notification::Locale;
use crate::phone::Quoted;
use crate::Error;

/// The checked arguments of one call: each parameter's value, `None` where it is absent.
pub(crate) struct Args<'a> {
    action: &'static BlockAction,
    values: Vec<Option<Json<'a>>>,
}

/// What is wrong with the arguments as a whole.
fn arguments(action: &'static BlockAction, reason: &'static str, problem: String) -> BlockError {
    BlockError::Arguments { action: action.name, reason, problem }
}

/// The kind of JSON value `text` starts with, as messages name it.
fn kind_of(text: &str) -> &'static str {
    match text.trim_start_matches([' ', '\t', '\r', '\n']).bytes().next() {
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

fn fits(kind: ValueType, value: &Json<'_>) -> bool {
    matches!(
        (kind, value),
        (ValueType::String, Json::Str(_)) | (ValueType::Object, Json::Object(_)) | (ValueType::Array, Json::Array(_))
    )
}

/// `a string`, `an object`, `an array`.
fn with_article(kind: ValueType) -> &'static str {
    match kind {
        ValueType::String => "a string",
        ValueType::Object => "an object",
        ValueType::Array => "an array",
    }
}

impl<'a> Args<'a> {
    /// Reads `text` as the arguments of `action`: a JSON object of at most
    /// [`MAX_ARGS_BYTES`] whose members are parameters of the action, each once, of its
    /// type and among its values, with every required parameter given. The first problem,
    /// in the order of the text and then of the parameters, is the error.
    pub(crate) fn read(action: &'static BlockAction, text: &'a str) -> Result<Args<'a>, BlockError> {
        if text.len() > MAX_ARGS_BYTES {
            let problem = format!("{} bytes, over the limit of {MAX_ARGS_BYTES}", text.len());
            return Err(arguments(action, "too_large", problem));
        }
        let mut values: Vec<Option<Json<'a>>> = vec![None; action.params.len()];
        let mut nulls = vec![false; action.params.len()];
        let mut problem: Option<BlockError> = None;
        let read = json::read_object(text, |key, value| {
            if problem.is_none() {
                problem = member(action, &mut values, &mut nulls, &key, value).err();
            }
        });
        if read.is_err() {
            return Err(match json::validate(text) {
                Ok(()) => arguments(action, "not_object", format!("expected a JSON object, got {}", kind_of(text))),
                Err(e) => arguments(action, "not_json", format!("not JSON: {e}")),
            });
        }
        if let Some(problem) = problem {
            return Err(problem);
        }
        for ((param, value), null) in action.params.iter().zip(&values).zip(&nulls) {
            if param.required && value.is_none() {
                let problem = if *null {
                    format!("expected {}, got null", with_article(param.kind))
                } else {
                    format!("missing; expected {}", with_article(param.kind))
                };
                let reason = if *null { "wrong_type" } else { "missing_parameter" };
                return Err(BlockError::parameter(action.name, param.name, reason, problem));
            }
        }
        Ok(Args { action, values })
    }

    fn find(&self, name: &str) -> Option<(&'static Param, Option<&Json<'a>>)> {
        let at = self.action.params.iter().position(|p| p.name == name)?;
        Some((self.action.params.get(at)?, self.values.get(at).and_then(Option::as_ref)))
    }

    /// The error for a required parameter that is not there: the check in [`Args::read`]
    /// makes it unreachable, so it only keeps a mistake in an action from panicking.
    fn missing(&self, name: &str) -> Error {
        BlockError::parameter(self.action.name, name, "missing_parameter", "missing".to_string()).into()
    }

    /// A string parameter, if given.
    pub(crate) fn optional_text(&self, name: &str) -> Option<&str> {
        match self.find(name)?.1? {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A required string parameter.
    pub(crate) fn text(&self, name: &str) -> Result<&str, Error> {
        self.optional_text(name).ok_or_else(|| self.missing(name))
    }

    /// An object or array parameter's JSON text, if given.
    pub(crate) fn optional_raw(&self, name: &str) -> Option<&'a str> {
        match self.find(name)?.1? {
            Json::Object(raw) | Json::Array(raw) => Some(raw),
            _ => None,
        }
    }

    /// A required object or array parameter's JSON text.
    pub(crate) fn raw(&self, name: &str) -> Result<&'a str, Error> {
        self.optional_raw(name).ok_or_else(|| self.missing(name))
    }

    /// A `locale` parameter: Russian when absent.
    pub(crate) fn locale(&self, name: &str) -> Locale {
        self.optional_text(name).and_then(Locale::parse).unwrap_or_default()
    }
}

/// Takes one member of the arguments object.
fn member<'a>(
    action: &'static BlockAction,
    values: &mut [Option<Json<'a>>],
    nulls: &mut [bool],
    key: &str,
    value: Json<'a>,
) -> Result<(), BlockError> {
    let fail = |reason, problem: String| Err(BlockError::parameter(action.name, key, reason, problem));
    let Some(at) = action.params.iter().position(|p| p.name == key) else {
        let names: Vec<&str> = action.params.iter().map(|p| p.name).collect();
        let problem = format!("not a parameter; expected {}", names.join(", "));
        return fail("unknown_parameter", problem);
    };
    let (Some(param), Some(slot), Some(null)) = (action.params.get(at), values.get_mut(at), nulls.get_mut(at)) else {
        return fail("unknown_parameter", "not a parameter".to_string());
    };
    if slot.is_some() || *null {
        return fail("duplicate_parameter", "given more than once".to_string());
    }
    if value == Json::Null {
        *null = true;
        return Ok(());
    }
    if !fits(param.kind, &value) {
        return fail("wrong_type", format!("expected {}, got {}", with_article(param.kind), value.kind()));
    }
    if let Json::Str(text) = &value {
        if !param.values.is_empty() && !param.values.iter().any(|v| v.eq_ignore_ascii_case(text)) {
            let expected: Vec<String> = param.values.iter().map(|v| format!("\"{v}\"")).collect();
            return fail("invalid_value", format!("{}: expected one of {}", Quoted::new(text), expected.join(", ")));
        }
    }
    *slot = Some(value);
    Ok(())
}
