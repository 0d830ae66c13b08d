//! The JavaScript boundary: the core's functions under camelCase names, errors thrown as
//! JS `Error`s carrying a stable `code`. No logic of its own lives here.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::phone::{self, ParsedPhone, Phone};
use crate::Error;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A phone in canonical form with the extension that followed it, if any. */
export interface ParsedPhone {
  /** Canonical: 11 digits starting with 7, such as "79123456789". */
  phone: string;
  /** The extension's digits, such as "123". */
  extension?: string;
}

/** The stable codes of the errors this module throws. */
export type ErrorCode = "invalid_phone" | "invalid_argument";

/** What every function of this module throws on bad input. */
export interface SipoutError extends Error {
  name: "SipoutError";
  code: ErrorCode;
  /** A finer stable reason within the code, such as "too_few_digits". */
  reason?: string;
}
"#;

#[wasm_bindgen(inline_js = r#"
export function phoneString(n) { return '' + n; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = phoneString)]
    fn phone_string(n: f64) -> JsValue;
}

/// The JS `Error` for a crate error: `name` `SipoutError`, `code`, `reason`, the message.
fn js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("SipoutError");
    let object: &JsValue = js.as_ref();
    // Setting a property on a fresh plain Error cannot fail; if it did, the message stays.
    let _ = Reflect::set(object, &JsValue::from_str("code"), &JsValue::from_str(error.code()));
    if let Some(reason) = error.reason() {
        let _ = Reflect::set(object, &JsValue::from_str("reason"), &JsValue::from_str(reason));
    }
    js.into()
}

/// The canonical form `7XXXXXXXXXX` of a phone in any accepted spelling; throws a
/// `SipoutError` with code `invalid_phone` otherwise.
#[wasm_bindgen(js_name = normalizePhone, unchecked_return_type = "string")]
pub fn normalize_phone(input: &str) -> Result<JsValue, JsValue> {
    let p = Phone::parse(input).map_err(|e| js_error(e.into()))?;
    Ok(phone_string((p.national() + 70_000_000_000) as f64))
}

/// The canonical phone and the extension, if the input has one.
#[wasm_bindgen(js_name = parsePhone, unchecked_return_type = "ParsedPhone")]
pub fn parse_phone(input: &str) -> Result<JsValue, JsValue> {
    let parsed = ParsedPhone::parse(input).map_err(|e| js_error(e.into()))?;
    let out = Object::new();
    let _ = Reflect::set(&out, &"phone".into(), &parsed.phone.to_string().into());
    if let Some(ext) = parsed.extension {
        let _ = Reflect::set(&out, &"extension".into(), &ext.as_str().into());
    }
    Ok(out.into())
}

/// Many phones at once: the canonical form of each, or `null` where it is not a phone.
#[wasm_bindgen(js_name = normalizePhones, unchecked_return_type = "(string | null)[]")]
pub fn normalize_phones(inputs: Vec<String>) -> Array {
    inputs
        .iter()
        .map(|input| match Phone::parse(input) {
            Ok(p) => JsValue::from_str(&p.to_string()),
            Err(_) => JsValue::NULL,
        })
        .collect()
}

/// Every phone in free text, canonical, each once, in order of appearance.
#[wasm_bindgen(js_name = findPhones)]
pub fn find_phones(text: &str) -> Result<Vec<String>, JsValue> {
    let phones = phone::find_phones(text).map_err(|e| js_error(e.into()))?;
    Ok(phones.iter().map(Phone::to_string).collect())
}

/// A phone for people: `+7 912 345-67-89`, with `доб. 123` if it has an extension.
#[wasm_bindgen(js_name = formatPhone)]
pub fn format_phone(input: &str) -> Result<String, JsValue> {
    phone::format(input).map_err(|e| js_error(e.into()))
}

#[wasm_bindgen]
pub fn probe_str(input: &str) -> u32 {
    input.len() as u32
}

#[wasm_bindgen]
pub fn probe_ret(n: u32) -> JsValue {
    phone_string(f64::from(n) + 70_000_000_000.0)
}
