//! The block calls as hosts without JavaScript see them (the C ABI): bytes in, and one JSON
//! text out that holds either the result or the error:
//!
//! - `{"ok": <result>}`;
//! - `{"error": {"code": "invalid_phone", "reason": "too_few_digits", "message": "…",
//!   "action": "phone.normalize", "parameter": "input"}}`: `reason` when the error has one,
//!   `action` when the call named one (an unknown name included), `parameter` when one
//!   parameter is at fault.

use serde::Serialize;

use super::{manifest_json, run_block_action, BlockError};
use crate::notification::Locale;
use crate::Error;

#[derive(Serialize)]
struct Failure<'a> {
    error: ErrorView<'a>,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
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
    // A struct of strings serialises without fail; the fallback is valid JSON all the same.
    crate::json_writer::to_string(&Failure { error: view })
        .unwrap_or_else(|_| "{\"error\":{\"code\":\"invalid_argument\",\"message\":\"error\"}}".to_string())
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
