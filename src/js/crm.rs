//! CRM forwarding for JS: `crmRequests`, and `bitrixRegisterState`, which reads Bitrix24's
//! answer to `telephony.externalcall.register` into the state to pass back later.
//!
//! The notifications, settings and state cross as one `JSON.stringify` each and are read by
//! the core with the crate's own JSON reader, which names the field at fault (serde_json's
//! deserializer, behind `from_js`, would add about 30 kB gzipped for these small objects);
//! the event is read back through the webhook reader, as the webhook exports read it.

use wasm_bindgen::prelude::*;

use super::{invalid_argument, is_array, js_error, json_or_size, json_text, json_too_long, to_js, type_name};
use crate::crm::{self, CrmSettings, CrmState};
use crate::event::CallEvent;
use crate::webhook;

#[wasm_bindgen(typescript_custom_section)]
const TS_CRM: &'static str = r#"
/** amoCRM, for the project whose integration sends notifications about user actions. */
export interface AmocrmSettings {
  /** Off: no request goes to amoCRM, and nothing else in this section is read. */
  enabled: boolean;
  /** The account's address: "https://<subdomain>.amocrm.ru" (https only, no path). */
  baseUrl: string;
  /** A long-lived access token, sent as "Authorization: Bearer …". Without one, add the authorisation yourself. */
  accessToken?: string;
  /** The amoCRM user call records are assigned to. */
  responsibleUserId?: number;
  /** This client's lead or contact: the Telephony notifications go there as notes. Without it no note is sent. */
  entity?: AmocrmEntity;
}

export interface AmocrmEntity {
  type: "leads" | "contacts";
  id: number;
}

/** Bitrix24, through an inbound webhook. */
export interface Bitrix24Settings {
  /** Off: no request goes to Bitrix24, and nothing else in this section is read. */
  enabled: boolean;
  /** The inbound webhook: "https://<portal>/rest/<user id>/<token>/" (needs the telephony, crm and im scopes). */
  webhookUrl: string;
  /** The user who takes calls whose event names no extension, and who is notified of conversation texts; the webhook's user by default. */
  userId?: number;
  /** LINE_NUMBER for calls without a DID. */
  lineNumber?: string;
  /** CRM_CREATE: create a lead for an unknown number. Default false. */
  crmCreate?: boolean;
  /** SHOW: show the call card to the employee when the conversation starts. Default false. */
  showCard?: boolean;
  /** ADD_TO_CHAT: tell the employee about the finished call in the chat. Default true. */
  addToChat?: boolean;
}

export interface CrmSettings {
  amocrm?: AmocrmSettings | null;
  bitrix24?: Bitrix24Settings | null;
  /** The language of the texts the module writes itself (call results); Russian by default. */
  locale?: "ru" | "en";
}

/** What to keep for a call between its events and pass back with each of them. */
export interface CrmState {
  /** The CALL_ID of Bitrix24's answer to the call's register request. */
  bitrixCallId?: string;
  /** The CRM entity Bitrix24 bound the call to: conversation texts go to its timeline. */
  bitrixEntity?: BitrixEntity;
}

export interface BitrixEntity {
  type: "lead" | "contact" | "company" | "deal";
  id: number;
}

/** What a request does. */
export type CrmRequestKind =
  | "amocrm.call" | "amocrm.note"
  | "bitrix24.register" | "bitrix24.finish" | "bitrix24.record" | "bitrix24.comment" | "bitrix24.notify";

/** A request to send as it is: `fetch(r.url, { method: r.method, headers: r.headers, body: r.body })`. */
export interface HttpRequest {
  target: "amocrm" | "bitrix24";
  kind: CrmRequestKind;
  method: "POST";
  /** Carries the Bitrix24 webhook token: do not log it. */
  url: string;
  /** Content-Type, Idempotency-Key, and for amoCRM with a token, Authorization. */
  headers: Record<string, string>;
  /** JSON text. */
  body: string;
  /** Stable across retries: skip a request whose key was already sent. */
  idempotencyKey: string;
}

/** The reasons of the invalid_crm_* errors. */
export type CrmErrorReason =
  | "wrong_type" | "unknown_field" | "missing_field" | "too_long" | "too_large" | "not_json"
  | "not_https" | "invalid_url" | "has_credentials" | "not_webhook_url" | "invalid_token"
  | "invalid_id" | "invalid_entity_type" | "invalid_locale" | "invalid_line_number"
  | "invalid_call_id" | "invalid_kind" | "too_many" | "bitrix_error";
"#;

/// An object argument as JSON text, for the core to read.
fn json_arg(value: &JsValue, field: &str) -> Result<String, JsValue> {
    json_or_size(value).map_err(|e| match e {
        Some(units) => json_too_long(field, units),
        None => invalid_argument(field, format!("not representable as JSON: {}", type_name(value))),
    })
}

/// An event as `parseWebhook` gives it (or one the host built), read back through the
/// webhook reader.
fn event_arg(value: &JsValue) -> Result<CallEvent, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(invalid_argument("event", "missing"));
    }
    if !value.is_object() || is_array(value) {
        return Err(invalid_argument("event", format!("expected an object, got {}", type_name(value))));
    }
    let text = json_text(value, "event")?;
    webhook::parse_event(&text).map_err(js_error)
}

/// The HTTP requests that forward one call event's Telephony notifications to the
/// project's CRMs, in the order to send them; none for an integration that is off.
/// `state` is what `bitrixRegisterState` read for this call, if anything.
#[wasm_bindgen(js_name = crmRequests, unchecked_return_type = "HttpRequest[]")]
pub fn crm_requests(
    #[wasm_bindgen(unchecked_param_type = "CallEvent")] event: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Notification[]")] notifications: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CrmSettings")] crm: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CrmState")] state: JsValue,
) -> Result<JsValue, JsValue> {
    let event = event_arg(&event)?;
    let notifications = crm::read_notifications(&json_arg(&notifications, "notifications")?).map_err(js_error)?;
    let settings = CrmSettings::from_json(&json_arg(&crm, "crm")?).map_err(js_error)?;
    let state = if state.is_undefined() || state.is_null() {
        CrmState::default()
    } else {
        CrmState::from_json(&json_arg(&state, "state")?).map_err(js_error)?
    };
    let requests = crm::crm_requests(&event, &notifications, &settings, &state).map_err(js_error)?;
    Ok(to_js(&requests))
}

/// The state to keep for a call from the body of Bitrix24's answer to its
/// `bitrix24.register` request (the text, or the object `response.json()` gave).
#[wasm_bindgen(js_name = bitrixRegisterState, unchecked_return_type = "CrmState")]
pub fn bitrix_register_state(
    #[wasm_bindgen(unchecked_param_type = "string | object")] answer: JsValue,
) -> Result<JsValue, JsValue> {
    let text = match answer.as_string() {
        Some(text) => text,
        None if answer.is_object() && !is_array(&answer) => json_text(&answer, "answer")?,
        None => {
            return Err(invalid_argument(
                "answer",
                format!("expected a string or an object, got {}", type_name(&answer)),
            ))
        }
    };
    let state = CrmState::from_register_answer(&text).map_err(js_error)?;
    Ok(to_js(&state))
}
