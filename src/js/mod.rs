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

use wasm_bindgen::prelude::*;

use crate::json_writer::WriteJson;
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
    fn js_json_stringify(value: &JsValue, max: f64) -> JsValue;
    #[wasm_bindgen(js_name = stringOver)]
    fn js_string_over(value: &JsValue, max: f64) -> f64;
    #[wasm_bindgen(js_name = isArray)]
    fn js_is_array(value: &JsValue) -> bool;
    #[wasm_bindgen(js_name = bytesOf)]
    fn js_bytes_of(value: &JsValue) -> Option<js_sys::Uint8Array>;
    #[wasm_bindgen(js_name = randomBits)]
    fn js_random_bits() -> f64;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn js_object_keys(value: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn js_object_entries(value: &JsValue) -> Result<js_sys::Array, JsValue>;
}

/// `Object.keys` of an object argument; a coded error naming `field` if reading it threw.
pub(crate) fn object_keys(value: &JsValue, field: &str) -> Result<js_sys::Array, JsValue> {
    js_object_keys(value).map_err(|e| host_threw(field, e))
}

/// `Object.entries` of an object argument (a fresh array of fresh `[key, value]` pairs);
/// a coded error naming `field` if reading it threw.
pub(crate) fn object_entries(value: &JsValue, field: &str) -> Result<js_sys::Array, JsValue> {
    js_object_entries(value).map_err(|e| host_threw(field, e))
}

/// A property of an object argument through `Reflect.get`; a coded error naming `field` if
/// reading it threw.
pub(crate) fn property(value: &JsValue, key: &str, field: &str) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).map_err(|e| host_threw(field, e))
}

/// The length of an array argument (after [`is_array`]); a coded error naming `field` if
/// reading it threw. A length is never over `u32::MAX`.
pub(crate) fn array_length(value: &JsValue, field: &str) -> Result<usize, JsValue> {
    let length = property(value, "length", field)?;
    Ok(length.as_f64().unwrap_or(0.0).clamp(0.0, f64::from(u32::MAX)) as usize)
}

// A host's value can run the host's code when read (a getter, a Proxy's trap): an
// exception from there must not unwind through this module's frames, which would skip its
// clean-up and, repeated, break the instance. So values are read only through the helpers
// of `js/crossing.js` that never throw, or imports declared `catch` (`js_sys::Reflect`).

/// 64 random bits from the host (`crypto.getRandomValues`, else `Math.random`), for
/// seeds: the module has no randomness of its own (std's keys are fixed on this target).
pub(crate) fn random_u64() -> u64 {
    let half = || js_random_bits() as u32;
    u64::from(half()) << 32 | u64::from(half())
}

/// Whether `value` is an array (a revoked Proxy is not).
pub(crate) fn is_array(value: &JsValue) -> bool {
    js_is_array(value)
}

/// A copy of the bytes of a `Uint8Array` argument, `None` if `value` is not one.
pub(crate) fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    js_bytes_of(value).map(|copy| copy.to_vec())
}

/// The `invalid_argument` error for a value whose own code threw while it was read; the
/// host's exception is its `cause`.
pub(crate) fn host_threw(field: &str, exception: JsValue) -> JsValue {
    let error = invalid_argument(field, "reading the value threw (the exception is the cause)");
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("cause"), &exception);
    error
}

/// The items of an array argument (after [`is_array`]), each read through `Reflect.get`;
/// an `invalid_argument` error naming `field` if there are more than `max` or reading one
/// threw.
pub(crate) fn array_items(value: &JsValue, field: &str, max: usize) -> Result<Vec<JsValue>, JsValue> {
    let count = array_length(value, field)?;
    if count > max {
        return Err(invalid_argument(field, format!("{count} items, over the limit of {max}")));
    }
    (0..u32::try_from(count).unwrap_or(u32::MAX))
        .map(|index| js_sys::Reflect::get_u32(value, index).map_err(|e| host_threw(&format!("{field}[{index}]"), e)))
        .collect()
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

/// The longest string any argument may be, in bytes of UTF-8 (8 MiB): above every limit
/// of a particular input, so that a string is never copied into the module whole only to
/// be refused there.
pub const MAX_STRING_BYTES: usize = 8 << 20;

/// A string argument, or an `invalid_argument` error naming `field`; one over
/// [`MAX_STRING_BYTES`] is refused without being copied in.
pub(crate) fn string_arg(value: &JsValue, field: &str) -> Result<String, JsValue> {
    if let Some(len) = utf8_over(value, MAX_STRING_BYTES) {
        return Err(invalid_argument(field, format!("{len} bytes, over the limit of {MAX_STRING_BYTES}")));
    }
    value.as_string().ok_or_else(|| invalid_argument(field, format!("expected a string, got {}", type_name(value))))
}

/// The type of a JS value as an error message names it.
pub(crate) fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if is_array(value) {
        "an array".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// The most UTF-16 units of JSON an object argument (an event, options, settings, CRM
/// notifications…) may take: 16 Mi, above every limit of a particular argument (the
/// largest, CRM notification texts, is 8 MiB), so that those limits give their own errors.
pub const MAX_OBJECT_JSON_UNITS: usize = 16 << 20;

/// An argument as JSON text, through `JSON.stringify`: `Err(None)` when it has none (a
/// function, a cycle, a BigInt, a getter or `toJSON` that throws), `Err(Some(units))` when
/// it is over [`MAX_OBJECT_JSON_UNITS`], and then it is not copied in.
pub(crate) fn json_or_size(value: &JsValue) -> Result<String, Option<usize>> {
    let text = js_json_stringify(value, MAX_OBJECT_JSON_UNITS as f64);
    if let Some(units) = text.as_f64() {
        // Carried as an integer: printing an f64 would pull ~10 kB of float formatting in.
        return Err(Some(units as usize));
    }
    text.as_string().ok_or(None)
}

/// The error for an argument whose JSON is over [`MAX_OBJECT_JSON_UNITS`].
pub(crate) fn json_too_long(field: &str, units: usize) -> JsValue {
    invalid_argument(field, format!("{units} characters of JSON, over the limit of {MAX_OBJECT_JSON_UNITS}"))
}

/// A structured argument as JSON text, through `JSON.stringify`, for the core's readers
/// (`crate::json`); an `invalid_argument` error naming `field` when it has none, or is
/// over [`MAX_OBJECT_JSON_UNITS`].
pub(crate) fn json_text(value: &JsValue, field: &str) -> Result<String, JsValue> {
    json_or_size(value).map_err(|e| match e {
        Some(units) => json_too_long(field, units),
        None => invalid_argument(field, "not representable as JSON"),
    })
}

/// A string argument of at most `max` bytes of UTF-8; a longer one is refused with the
/// error `too_long` makes of its length, without being copied into the module.
pub(crate) fn string_within(
    value: &JsValue,
    field: &str,
    max: usize,
    too_long: impl FnOnce(usize) -> Error,
) -> Result<String, JsValue> {
    if let Some(len) = utf8_over(value, max) {
        return Err(js_error(too_long(len)));
    }
    string_arg(value, field)
}

/// The length in UTF-8 of a string argument that is over `max` bytes, `None` for one that
/// is not (or for any other value).
pub(crate) fn utf8_over(value: &JsValue, max: usize) -> Option<usize> {
    let over = js_string_over(value, max as f64);
    (over > 0.0).then_some(over as usize)
}

/// A structured result as a JS value: written as JSON in wasm, parsed by `JSON.parse`.
pub(crate) fn to_js(value: &dyn WriteJson) -> JsValue {
    json_parse(&crate::json_writer::to_string(value))
}

/// A lane's input buffer made `size` bytes long (its memory kept for the next call); its
/// address, for JS to write into.
pub(crate) fn lane_buffer(buffer: &std::cell::RefCell<Vec<u8>>, size: u32) -> u32 {
    let mut buffer = buffer.borrow_mut();
    buffer.resize(size as usize, 0);
    buffer.as_mut_ptr() as usize as u32
}
