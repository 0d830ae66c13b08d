//! The JavaScript boundary: the core's functions under camelCase names, errors thrown as
//! JS `Error`s carrying a stable `code`. No domain logic lives here, only the crossing.
//!
//! Crossing costs more than most of the work behind it: every string is copied and
//! transcoded, every JS object built from wasm is a call per property, and a JS `Error`
//! captures a stack. So values cross in compact forms: structured results as one JSON
//! string parsed by `JSON.parse` on the JS side ([`to_js`]), structured arguments as one
//! `JSON.stringify` on the way in ([`json_text`]) read by the core, phones as numbers. The npm package's own
//! entry (`js/index.js`) adds fast lanes for the hottest calls.
//!
//! One submodule per concept of the core.

pub mod block;
pub mod calling;
pub mod crm;
pub mod matching;
pub mod phone;
pub mod webhook;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::Error;

#[wasm_bindgen(typescript_custom_section)]
const TS_ERRORS: &'static str = r#"
/** The stable codes of the errors this module throws. */
export type ErrorCode =
  | "invalid_phone"
  | "invalid_webhook"
  | "invalid_settings"
  | "invalid_widget_url"
  | "unknown_employee"
  | "no_extension"
  | "invalid_card"
  | "invalid_block_call"
  | "invalid_crm_settings"
  | "invalid_crm_state"
  | "invalid_crm_input"
  | "invalid_crm_answer"
  | "invalid_argument"
  | "invalid_client"
  | "invalid_project"
  | "invalid_answer"
  | "index_full"
  | "matcher_out_of_order";

/** What every function of this module throws on bad input. */
export interface SipoutError extends Error {
  name: "SipoutError";
  code: ErrorCode;
  /** A finer stable reason within the code, such as "too_few_digits". */
  reason?: string;
}
"#;

#[wasm_bindgen(module = "/js/crossing.js")]
extern "C" {
    #[wasm_bindgen(js_name = sipoutError)]
    fn sipout_error(packed: &str) -> JsValue;
    #[wasm_bindgen(js_name = jsonParse)]
    fn json_parse(text: &str) -> JsValue;
    #[wasm_bindgen(js_name = jsonStringify)]
    fn json_stringify(value: &JsValue) -> Option<String>;
}

/// The JS `Error` for a crate error: `name` `SipoutError`, `code`, `reason`, the message.
pub(crate) fn js_error(error: impl Into<Error>) -> JsValue {
    sipout_error(&packed_error(&error.into()))
}

/// An error as `js/crossing.js` reads it: `code\nreason\nmessage`.
pub(crate) fn packed_error(error: &Error) -> String {
    use std::fmt::Write;
    // Sized for a typical message up front: growing the string costs more than the writing.
    let mut packed = String::with_capacity(256);
    let _ = write!(packed, "{}\n{}\n{}", error.code(), error.reason().unwrap_or_default(), error);
    packed
}

/// An `invalid_argument` error about `field`.
pub(crate) fn invalid_argument(field: &str, problem: impl Into<String>) -> JsValue {
    js_error(Error::InvalidArgument { field: field.to_string(), problem: problem.into() })
}

/// A string argument, or an `invalid_argument` error naming `field`.
pub(crate) fn string_arg(value: &JsValue, field: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| invalid_argument(field, format!("expected a string, got {}", type_name(value))))
}

/// The type of a JS value as an error message names it.
pub(crate) fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if js_sys::Array::is_array(value) {
        "an array".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// A structured result as a JS value: serialised to JSON in wasm, parsed by `JSON.parse`.
pub(crate) fn to_js<T: Serialize>(value: &T) -> JsValue {
    match crate::json_writer::to_string(value) {
        Ok(text) => json_parse(&text),
        // The core's result types serialise without fail; should one not, say so.
        Err(_) => {
            js_error(Error::InvalidArgument { field: "result".into(), problem: "cannot be written as JSON".into() })
        }
    }
}

/// A structured argument as JSON text, through `JSON.stringify`, for the core's readers
/// (`crate::json`); an `invalid_argument` error naming `field` when it has none.
pub(crate) fn json_text(value: &JsValue, field: &str) -> Result<String, JsValue> {
    json_stringify(value).ok_or_else(|| invalid_argument(field, "not representable as JSON"))
}
