//! Settings and calling for JS: `validateSettings`, `sipoutEmployees`, `applyExtensions`,
//! `maskApiKey`, `phoneAction`, `cardPhoneActions`, `callbackWidgetRequest`.
//!
//! Settings cross as one `JSON.stringify` and are checked in full on every call, so a
//! function that takes them accepts exactly what `validateSettings` accepts.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{
    invalid_argument, is_array, js_error, json_or_size, json_too_long, object_entries, object_keys, property,
    string_arg, to_js, type_name, utf8_over,
};
use crate::calling::{self, revealed_card, MAX_CARD_BYTES, MAX_CARD_VARIABLES};
use crate::phone::Quoted;
use crate::settings::{self, ExtensionAssignment, Settings};
use crate::widget;

#[wasm_bindgen(typescript_custom_section)]
const TS_CALLING: &'static str = r#"
/** How an employee calls clients: the device's app (a tel: link), SipOut's API, or not at all. */
export type CallMode = "app" | "sipout_api" | "disabled";

/** An employee as the host gives them. */
export interface EmployeeInput {
  /** Salebot's id of the employee; a number is read as its digits. */
  id: string | number;
  name?: string | null;
  /** "disabled" when absent. */
  callMode?: CallMode | null;
  /** The internal number assigned in SipOut: 2 to 6 digits; blank means none. */
  extension?: string | null;
}

/** The project's SipOut settings as the host gives them. `null` stands for an absent field. */
export interface SettingsInput {
  /** The API key from SipOut: 16 to 128 of A–Z a–z 0–9 - . _ ~ + /, then optional "=". */
  apiKey: string;
  employees?: EmployeeInput[] | null;
  /** The project's messengers, such as "whatsapp". */
  messengers?: string[] | null;
  /** SipOut's click-to-call endpoint: an https URL template with {extension} and {phone}. */
  click2call?: { url?: string | null } | null;
  speechAnalytics?: boolean | null;
  /** The CRM part, kept as it is. */
  crm?: unknown;
}

/** A checked employee. */
export interface Employee {
  id: string;
  name?: string;
  callMode: CallMode;
  extension?: string;
}

/** Checked, normalised settings. `apiKey` is masked unless `revealApiKey` was asked for. */
export interface Settings {
  apiKey: string;
  employees: Employee[];
  messengers: string[];
  /** Present only when the settings override the default endpoint. */
  click2call?: { url: string };
  speechAnalytics: boolean;
  crm?: unknown;
}

export interface SettingsOptions {
  /** Give the API key in clear in the result, for storing it. Default: masked. */
  revealApiKey?: boolean;
}

/** An employee as SipOut pulls them, to assign extensions. */
export interface SipoutEmployee {
  id: string;
  name?: string;
  extension?: string;
}

/** An extension assigned in SipOut; none (absent, null, blank) removes the employee's. */
export interface ExtensionAssignment {
  id: string | number;
  name?: string | null;
  extension?: string | null;
}

/** The click-to-call request for the host to send to SipOut. */
export interface CallRequest {
  method: "POST";
  url: string;
  headers: { Authorization: string; "Content-Type": "application/json"; Accept: "application/json" };
  /** JSON text: {"from": the employee's extension, rung first, "to": the client's phone}. */
  body: string;
}

/** What clicking the phone icon beside a number does. */
export type PhoneAction =
  | { kind: "hidden" }
  | { kind: "link"; href: string }
  | { kind: "request"; request: CallRequest };

/** A phone found in a client card's variable, with what its icon does. */
export interface CardPhoneAction {
  variable: string;
  /** Canonical: 11 digits starting with 7. */
  phone: string;
  action: PhoneAction;
}

/** The GET request that orders a callback through SipOut's Click2Call widget. */
export interface WidgetRequest {
  method: "GET";
  url: string;
}
"#;

/// A structured argument as JSON text, or an `invalid_argument` error naming `field`.
fn json_arg(value: &JsValue, field: &str, expected: &str) -> Result<String, JsValue> {
    json_or_size(value).map_err(|e| match e {
        Some(units) => json_too_long(field, units),
        None if value.is_object() => invalid_argument(field, "is not representable as JSON (a BigInt, a cycle?)"),
        None => invalid_argument(field, format!("expected {expected}, got {}", type_name(value))),
    })
}

/// The settings argument, checked.
fn settings_arg(value: &JsValue) -> Result<Settings, JsValue> {
    settings::validate_settings(&json_arg(value, "settings", "an object")?).map_err(js_error)
}

/// A plain object argument (not an array, not null), or an `invalid_argument` error.
fn object_arg<'v>(value: &'v JsValue, field: &str) -> Result<&'v Object, JsValue> {
    if value.is_object() && !is_array(value) {
        Ok(value.unchecked_ref())
    } else {
        Err(invalid_argument(field, format!("expected an object, got {}", type_name(value))))
    }
}

/// Whether `options.revealApiKey` asks for the key in clear. Read property by property:
/// no JSON parser with type errors for so small an object.
fn reveal(options: Option<JsValue>) -> Result<bool, JsValue> {
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else { return Ok(false) };
    let object = object_arg(&options, "options")?;
    for key in object_keys(object, "options")?.iter() {
        let key = key.as_string().unwrap_or_default();
        if key != "revealApiKey" {
            let field = format!("options[{}]", Quoted::new(&key));
            return Err(invalid_argument(&field, "is not a known option; the known one is revealApiKey"));
        }
    }
    let value = property(object, "revealApiKey", "options.revealApiKey")?;
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value.as_bool().ok_or_else(|| {
        invalid_argument("options.revealApiKey", format!("expected a boolean, got {}", type_name(&value)))
    })
}

fn settings_result(settings: &Settings, reveal: bool) -> JsValue {
    if reveal {
        to_js(&settings.revealed())
    } else {
        to_js(settings)
    }
}

/// Checks the project's settings and gives them normalised, the API key masked unless
/// `options.revealApiKey`. Throws `invalid_settings` naming the field path and the problem.
#[wasm_bindgen(js_name = validateSettings, unchecked_return_type = "Settings")]
pub fn validate_settings(
    #[wasm_bindgen(unchecked_param_type = "SettingsInput")] settings: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SettingsOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let reveal = reveal(options)?;
    Ok(settings_result(&settings_arg(&settings)?, reveal))
}

/// The employees SipOut pulls when the integration is opened, to assign extensions.
#[wasm_bindgen(js_name = sipoutEmployees, unchecked_return_type = "SipoutEmployee[]")]
pub fn sipout_employees(
    #[wasm_bindgen(unchecked_param_type = "SettingsInput")] settings: JsValue,
) -> Result<JsValue, JsValue> {
    Ok(to_js(&settings::sipout_employees(&settings_arg(&settings)?)))
}

/// The settings with the extensions assigned in SipOut, checked again; the API key masked
/// unless `options.revealApiKey`.
#[wasm_bindgen(js_name = applyExtensions, unchecked_return_type = "Settings")]
pub fn apply_extensions(
    #[wasm_bindgen(unchecked_param_type = "SettingsInput")] settings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExtensionAssignment[]")] assignments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SettingsOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let reveal = reveal(options)?;
    let settings = settings_arg(&settings)?;
    let text = json_arg(&assignments, "assignments", "an array")?;
    let list = ExtensionAssignment::list_from_json(&text, &settings).map_err(js_error)?;
    let applied = settings::apply_extensions(&settings, &list).map_err(js_error)?;
    Ok(settings_result(&applied, reveal))
}

/// The API key as people may see it: `********` and its last four characters (only
/// `********` for fewer than 16).
#[wasm_bindgen(js_name = maskApiKey)]
pub fn mask_api_key(#[wasm_bindgen(unchecked_param_type = "string")] key: JsValue) -> Result<String, JsValue> {
    Ok(settings::mask_api_key(&string_arg(&key, "key")?))
}

/// What the phone icon beside `phone` does for the employee: hidden, a `tel:` link, or
/// the request to send to SipOut (which carries the API key).
#[wasm_bindgen(js_name = phoneAction, unchecked_return_type = "PhoneAction")]
pub fn phone_action(
    #[wasm_bindgen(unchecked_param_type = "SettingsInput")] settings: JsValue,
    #[wasm_bindgen(js_name = employeeId, unchecked_param_type = "string")] employee_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] phone: JsValue,
) -> Result<JsValue, JsValue> {
    let settings = settings_arg(&settings)?;
    let employee_id = string_arg(&employee_id, "employeeId")?;
    let phone = string_arg(&phone, "phone")?;
    let action = calling::phone_action(&settings, &employee_id, &phone).map_err(js_error)?;
    Ok(to_js(&action.revealed()))
}

/// A client card's variables as `(name, value)`, in the order the host gives them (that
/// of `Object.entries`, which is also that of `JSON.stringify`).
fn variables_arg(value: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    let entries = object_entries(object_arg(value, "variables")?, "variables")?;
    let count = entries.length() as usize;
    if count > MAX_CARD_VARIABLES {
        return Err(js_error(calling::CallingError::TooManyVariables { count, max: MAX_CARD_VARIABLES }));
    }
    let mut out = Vec::with_capacity(count);
    let mut total = 0usize;
    for entry in entries.iter() {
        let entry: Array = entry.unchecked_into();
        let name = entry.get(0).as_string().unwrap_or_default();
        let value = entry.get(1);
        // Values over the card's limit in all are refused before they are copied in.
        if let Some(len) = utf8_over(&value, MAX_CARD_BYTES.saturating_sub(total)) {
            let len = total.saturating_add(len);
            return Err(js_error(calling::CallingError::CardTooLarge { len, max: MAX_CARD_BYTES }));
        }
        let Some(text) = value.as_string() else {
            let field = format!("variables[{}]", Quoted::new(&name));
            return Err(invalid_argument(&field, format!("expected a string, got {}", type_name(&value))));
        };
        total = total.saturating_add(text.len());
        out.push((name, text));
    }
    Ok(out)
}

/// Every phone in a client card's variables with what its icon does for the employee;
/// none for an employee whose calls are disabled.
#[wasm_bindgen(js_name = cardPhoneActions, unchecked_return_type = "CardPhoneAction[]")]
pub fn card_phone_actions(
    #[wasm_bindgen(unchecked_param_type = "SettingsInput")] settings: JsValue,
    #[wasm_bindgen(js_name = employeeId, unchecked_param_type = "string")] employee_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] variables: JsValue,
) -> Result<JsValue, JsValue> {
    let settings = settings_arg(&settings)?;
    let employee_id = string_arg(&employee_id, "employeeId")?;
    let pairs = variables_arg(&variables)?;
    let phones = calling::card_phone_actions(&settings, &employee_id, &pairs).map_err(js_error)?;
    Ok(to_js(&revealed_card(&phones)))
}

/// The GET request that orders a callback from SipOut's Click2Call widget: the client's
/// canonical phone in place of the `<номер телефона>` placeholder.
#[wasm_bindgen(js_name = callbackWidgetRequest, unchecked_return_type = "WidgetRequest")]
pub fn callback_widget_request(
    #[wasm_bindgen(js_name = apiUrl, unchecked_param_type = "string")] api_url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] phone: JsValue,
) -> Result<JsValue, JsValue> {
    let api_url = string_arg(&api_url, "apiUrl")?;
    let phone = string_arg(&phone, "phone")?;
    Ok(to_js(&widget::callback_widget_request(&api_url, &phone).map_err(js_error)?))
}
