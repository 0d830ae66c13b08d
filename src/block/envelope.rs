//! The block calls as hosts without JavaScript see them (the C ABI): bytes in, and one JSON
//! text out that holds either the result or the error:
//!
//! - `{"ok": <result>}`;
//! - `{"error": {"code": "invalid_phone", "reason": "too_few_digits", "message": "…",
//!   "action": "phone.normalize", "parameter": "input"}}`: `reason` when the error has one,
//!   `action` when the call named one (an unknown name included), `parameter` when one
//!   parameter is at fault.

use super::{manifest_json, run_block_action, BlockError};
use crate::json_writer::{JsonWriter, WriteJson};
use crate::notification::Locale;
use crate::Error;

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
struct Failure<'a> {
    error: ErrorView<'a>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
struct ErrorView<'a> {
    code: &'static str,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    reason: Option<&'static str>,
    message: String,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    action: Option<&'a str>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    parameter: Option<&'a str>,
}

/// `{"error": {"code", "reason"?, "message", "action"?, "parameter"?}}`.
impl WriteJson for Failure<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        let e = &self.error;
        w.begin_object();
        w.key("error");
        w.begin_object();
        w.field_str("code", e.code);
        w.optional_str("reason", e.reason);
        w.field_str("message", &e.message);
        w.optional_str("action", e.action);
        w.optional_str("parameter", e.parameter);
        w.end_object();
        w.end_object();
    }
}

/// `{"ok": <json>}` around a result's JSON text.
fn ok(json: &str) -> String {
    let mut out = String::with_capacity(json.len().saturating_add(8));
    out.push_str("{\"ok\":");
    out.push_str(json);
    out.push('}');
    out
}

/// `{"error": {…}}` for `error`, raised by a call of `action` if there was one.
pub fn error(error: &Error, action: Option<&str>) -> String {
    let block = match error {
        Error::Block(e) => Some(e),
        _ => None,
    };
    let view = ErrorView {
        code: error.code(),
        reason: error.reason(),
        message: error.to_string(),
        action: block.map(BlockError::action).or(action),
        parameter: block.and_then(BlockError::parameter_name),
    };
    crate::json_writer::to_string(&Failure { error: view })
}

/// Calls the action named by the UTF-8 bytes `name` with the JSON object `args`, as
/// [`run_block_action`] does; the result or the error as one JSON text.
pub fn invoke(name: &[u8], args: &[u8]) -> String {
    let Ok(name) = std::str::from_utf8(name) else {
        let name = String::from_utf8_lossy(name);
        return error(&BlockError::unknown_action(&name).into(), None);
    };
    let action = super::find(name).map(|a| a.name);
    let outcome = match (action, std::str::from_utf8(args)) {
        (Some(action), Err(e)) => Err(BlockError::Arguments {
            action,
            reason: "not_utf8",
            problem: format!("not UTF-8: invalid byte at offset {}", e.valid_up_to()),
        }
        .into()),
        (_, Ok(args)) => run_block_action(name, args),
        (None, Err(_)) => Err(BlockError::unknown_action(name).into()),
    };
    match outcome {
        Ok(json) => ok(&json),
        Err(e) => error(&e, action),
    }
}

/// The manifest (`{"actions": […], "callbacks": […]}`) in Russian for `locale` 0, in
/// English for 1, as `{"ok": …}`; an `invalid_argument` error for any other number.
pub fn manifest(locale: u32) -> String {
    let locale = match locale {
        0 => Locale::Ru,
        1 => Locale::En,
        other => {
            let problem = format!("{other}: expected 0 (ru) or 1 (en)");
            return error(&Error::InvalidArgument { field: "locale".to_string(), problem }, None);
        }
    };
    ok(&manifest_json(locale))
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;
    use crate::json_writer::assert_same;

    #[test]
    fn failures_are_what_serde_writes() {
        let full = ErrorView {
            code: "invalid_block_call",
            reason: Some("missing_parameter"),
            message: "input: \"missing\"\n".into(),
            action: Some("phone.normalize"),
            parameter: Some("input"),
        };
        assert_same(&Failure { error: full });
        let bare =
            ErrorView { code: "invalid_phone", reason: None, message: String::new(), action: None, parameter: None };
        assert_same(&Failure { error: bare });
    }
}
