//! Webhooks for JS: `parseWebhook`, `dealVariables`, `buildNotifications`, and
//! `handleWebhook`, which does all three in one crossing for an edge worker.
//!
//! Bodies cross as one string (or bytes); the result crosses back as one JSON string that
//! `JSON.parse` turns into objects.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::{
    bytes_of, invalid_argument, is_array, js_error, json_text, lane_buffer, packed_error, string_within, to_js,
    type_name,
};
use crate::deal::{self, DealVariables, VARIABLE_NAMES};
use crate::event::CallEvent;
use crate::json::{self, Json};
use crate::notification::{build_notifications as notifications, Locale, NotificationKind, NotificationOptions};
use crate::webhook::{self, Handled};
use crate::Error;

#[wasm_bindgen(typescript_custom_section)]
const TS_WEBHOOK: &'static str = r#"
/** What one SipOut webhook says happened to one call. */
export interface CallEvent {
  /** SipOut's id of the call: the same for all its events. */
  callId: string;
  /** `dial`: the conversation started; `complete`: the call ended; `text`: its transcription. */
  action: "dial" | "complete" | "text";
  /** `in`: the client called; `out`: the client was called. */
  direction: "in" | "out";
  /** The client's phone, canonical: "79123456789". */
  phone: string;
  /** Inbound calls: the number the client called, canonical. */
  did?: string;
  /** The employee's internal number. */
  extension?: string;
  /** How the call ended (`complete` events). */
  status?: "Success" | "Busy" | "Missed";
  /** The status as the webhook spelled it, such as "ANSWERED". */
  statusRaw?: string;
  /** The whole call in seconds, ringing included. */
  totalDurationSec?: number;
  /** The conversation in seconds. */
  talkDurationSec?: number;
  /** The recording: always an http or https link. */
  recordLink?: string;
  /** The conversation (`text` events), one line per phrase. */
  text?: string;
  /** ISO 8601: "2024-11-26T15:00:00Z", or without a zone when the webhook gave none. */
  time?: string;
  /** Equal for two deliveries of the same event, different for different events. */
  dedupKey: string;
}

/** The call variables of a deal: strings, "" where there is no value. */
export interface CallVariables {
  call_action: "dial" | "complete" | "";
  call_status: "Success" | "Busy" | "Missed" | "";
  call_total_duration_sec: string;
  call_talk_duration_sec: string;
  call_record_link: string;
  call_did: string;
  /** The id of the call the other variables describe. */
  call_id: string;
}

/** The call data a Telephony notification carries: the event without its text. */
export type CallData = Omit<CallEvent, "text" | "statusRaw" | "dedupKey">;

/** A notification for the host to send to the client's chat. */
export interface Notification {
  /** `telephony`: call data for people, the bot does not react; `callback`: the bot may react. */
  kind: "telephony" | "callback";
  /** The Telephony text (HTML-safe, lines separated by "\n"), or the callback:
   * "telephony_call_success" | "telephony_call_busy" | "telephony_call_missed" | "telephony_call_text". */
  text: string;
  /** The call's data, on Telephony notifications. */
  data?: CallData;
}

export interface NotificationOptions {
  /** The language of the texts; Russian by default. */
  locale?: "ru" | "en";
  /** The name of the employee who took or made the call. */
  employeeName?: string;
}

export interface HandleWebhookOptions extends NotificationOptions {
  /** The deal variables the client's deal holds now. */
  previous?: Record<string, string>;
}

/** Everything one webhook gives. */
export interface HandledWebhook {
  event: CallEvent;
  /** The deal's call variables after the event: write them onto the deal. */
  variables: CallVariables;
  notifications: Notification[];
}

/** The reasons of the `invalid_webhook` errors. */
export type WebhookErrorReason =
  | "empty" | "too_large" | "not_utf8" | "unsupported_content_type" | "not_json" | "not_object"
  | "missing_field" | "too_long" | "invalid_value" | "invalid_action" | "invalid_direction"
  | "invalid_status" | "invalid_duration" | "invalid_time" | "invalid_link" | "invalid_phone";
"#;

/// The body as bytes: a string's UTF-8, or a `Uint8Array`'s bytes.
fn body_arg(body: &JsValue) -> Result<Vec<u8>, JsValue> {
    if body.is_string() {
        let max = webhook::MAX_BODY_BYTES;
        let text = string_within(body, "body", max, |len| webhook::WebhookError::TooLarge { len, max }.into())?;
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = bytes_of(body) {
        let len = bytes.len();
        if len > webhook::MAX_BODY_BYTES {
            return Err(js_error(webhook::WebhookError::TooLarge { len, max: webhook::MAX_BODY_BYTES }));
        }
        return Ok(bytes);
    }
    Err(invalid_argument("body", format!("expected a string or a Uint8Array, got {}", type_name(body))))
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

fn content_type_arg(value: &JsValue) -> Result<Option<String>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    if !value.is_string() {
        return Err(invalid_argument("contentType", format!("expected a string, got {}", type_name(value))));
    }
    string_within(value, "contentType", MAX_OPTION_BYTES, |len| too_long("contentType", len)).map(Some)
}

/// The longest content type, locale, employee name or deal variable taken, in bytes: the
/// longest value a webhook may hold.
pub const MAX_OPTION_BYTES: usize = webhook::MAX_VALUE_BYTES;

fn too_long(field: &str, len: usize) -> Error {
    Error::InvalidArgument { field: field.to_string(), problem: too_long_problem(len) }
}

/// An object argument as JSON text, `None` when it is absent.
fn object_json(value: &JsValue, field: &str) -> Result<Option<String>, JsValue> {
    if is_absent(value) {
        return Ok(None);
    }
    if !value.is_object() || is_array(value) {
        return Err(invalid_argument(field, format!("expected an object, got {}", type_name(value))));
    }
    json_text(value, field).map(Some)
}

/// An event as `parseWebhook` gives it (or one the host built): read back through the
/// webhook reader, which takes its camelCase keys, so it is checked like a webhook.
fn event_arg(value: &JsValue) -> Result<CallEvent, JsValue> {
    let text = object_json(value, "event")?.ok_or_else(|| invalid_argument("event", "missing"))?;
    webhook::parse_event(&text).map_err(js_error)
}

fn too_long_problem(len: usize) -> String {
    format!("{len} bytes, over the limit of {MAX_OPTION_BYTES}")
}

/// The options of `handleWebhook` and `buildNotifications`: `previous`, `locale`,
/// `employeeName`; other keys are ignored.
#[derive(Default)]
struct Options {
    previous: DealVariables,
    notification: NotificationOptions,
}

fn options_arg(value: &JsValue) -> Result<Options, JsValue> {
    let Some(text) = object_json(value, "options")? else { return Ok(Options::default()) };
    let mut options = Options::default();
    let mut problem: Option<(&str, String)> = None;
    json::read_object(&text, |key, value| {
        let fail = |field: &'static str, value: &Json<'_>| Some((field, format!("unexpected {}", value.kind())));
        match (key.as_ref(), &value) {
            ("previous", Json::Object(raw)) => match DealVariables::read_json(raw) {
                Ok(previous) => options.previous = previous,
                Err(p) => problem = problem.take().or(Some(("options.previous", p))),
            },
            ("previous" | "locale" | "employeeName", Json::Null) => {}
            ("previous", other) => problem = problem.take().or(fail("options.previous", other)),
            ("locale", Json::Str(s)) => match Locale::read(s) {
                Ok(locale) => options.notification.locale = locale,
                Err(p) => problem = problem.take().or(Some(("options.locale", p))),
            },
            ("locale", other) => problem = problem.take().or(fail("options.locale", other)),
            ("employeeName", Json::Str(s)) if s.len() > MAX_OPTION_BYTES => {
                problem = problem.take().or(Some(("options.employeeName", too_long_problem(s.len()))))
            }
            ("employeeName", Json::Str(s)) => options.notification.employee_name = Some(s.to_string()),
            ("employeeName", other) => problem = problem.take().or(fail("options.employeeName", other)),
            _ => {}
        }
    })
    .map_err(|e| invalid_argument("options", e.to_string()))?;
    match problem {
        Some((field, p)) => Err(invalid_argument(field, p)),
        None => Ok(options),
    }
}

/// Reads a SipOut webhook body (JSON, form or query string; `contentType` is the request's
/// `Content-Type`, if any) into a call event. Throws a `SipoutError` with code
/// `invalid_webhook` and a reason when it cannot.
#[wasm_bindgen(js_name = parseWebhook, unchecked_return_type = "CallEvent")]
pub fn parse_webhook(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
    #[wasm_bindgen(js_name = contentType, unchecked_optional_param_type = "string")] content_type: JsValue,
) -> Result<JsValue, JsValue> {
    let body = body_arg(&body)?;
    let content_type = content_type_arg(&content_type)?;
    let event = webhook::parse(&body, content_type.as_deref()).map_err(js_error)?;
    Ok(to_js(&event))
}

/// The deal's call variables after `event`, merged onto those it holds (`previous`):
/// idempotent, and the same whatever order one call's events arrive in.
#[wasm_bindgen(js_name = dealVariables, unchecked_return_type = "CallVariables")]
pub fn deal_variables(
    #[wasm_bindgen(unchecked_param_type = "CallEvent")] event: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Record<string, string>")] previous: JsValue,
) -> Result<JsValue, JsValue> {
    let event = event_arg(&event)?;
    let previous = match object_json(&previous, "previous")? {
        Some(text) => DealVariables::read_previous(&text).map_err(js_error)?,
        None => DealVariables::default(),
    };
    Ok(to_js(&previous.merge(&event)))
}

/// The notifications of an event: Telephony notifications and the callbacks.
#[wasm_bindgen(js_name = buildNotifications, unchecked_return_type = "Notification[]")]
pub fn build_notifications(
    #[wasm_bindgen(unchecked_param_type = "CallEvent")] event: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NotificationOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let event = event_arg(&event)?;
    let options = options_arg(&options)?;
    Ok(to_js(&notifications(&event, &options.notification)))
}

/// A webhook read, its deal variables and its notifications, in one call.
#[wasm_bindgen(js_name = handleWebhook, unchecked_return_type = "HandledWebhook")]
pub fn handle_webhook(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
    #[wasm_bindgen(js_name = contentType, unchecked_optional_param_type = "string")] content_type: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HandleWebhookOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let body = body_arg(&body)?;
    let content_type = content_type_arg(&content_type)?;
    let options = options_arg(&options)?;
    let event = webhook::parse(&body, content_type.as_deref()).map_err(js_error)?;
    Ok(to_js(&Handled::of(&event, &options.previous, &options.notification)))
}

// The fast lane of `handleWebhook`, which the package entry (`js/index.js`) drives. The
// lane only moves data, both ways through the module's memory:
//
// In: JS writes the pieces of a call one after the other into the input buffer
// (`__webhookInput`), as UTF-8 (the body may also be raw bytes), and their byte lengths
// into the header (`__webhookHeader`), -1 for an absent one, in the order of `IN_*`.
//
// Out: `__webhookHandle` writes the result's strings one after the other as UTF-8 into the
// output buffer (`__webhookOutput`) and gives its length; the header then holds, in the
// order of `OUT_*`, each string's length in UTF-16 units (-1 when absent) and the numbers.
// A notification's data is the event's call facts, as `CallData` says. On bad input it
// gives minus the length of the packed error (`js/crossing.js`) written to the output
// buffer; `i32::MIN` when it cannot read its input, and the lane asks `handleWebhook`.

/// Input pieces: the content type, the body, `options.locale`, `options.employeeName`,
/// then `options.previous`'s seven variables in `VARIABLE_NAMES` order.
const IN_CONTENT_TYPE: usize = 0;
const IN_BODY: usize = 1;
const IN_LOCALE: usize = 2;
const IN_EMPLOYEE: usize = 3;
const IN_PREVIOUS: usize = 4;
const IN_COUNT: usize = IN_PREVIOUS + VARIABLE_NAMES.len();

/// Output: the event's strings (callId, action, direction, phone, did, extension, status,
/// statusRaw, recordLink, text, time, dedupKey), its two durations, the seven variables,
/// the number of notifications, then per notification its kind (0 telephony, 1 callback),
/// its text and whether it has data (1) or not (0).
const OUT_EVENT_STRINGS: usize = 0;
const OUT_TOTAL: usize = 12;
const OUT_TALK: usize = 13;
const OUT_VARIABLES: usize = 14;
const OUT_NOTIFICATIONS: usize = OUT_VARIABLES + VARIABLE_NAMES.len();
const HEADER: usize = 32;

thread_local! {
    static LANE_HEADER: RefCell<Box<[i32; HEADER]>> = RefCell::new(Box::new([0; HEADER]));
    static LANE_IN: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static LANE_OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Fast lane: the header's address.
#[wasm_bindgen(js_name = __webhookHeader, skip_typescript)]
pub fn webhook_header() -> u32 {
    LANE_HEADER.with(|h| h.borrow_mut().as_mut_ptr() as usize as u32)
}

/// Fast lane: an input buffer of at least `size` bytes; its address.
#[wasm_bindgen(js_name = __webhookInput, skip_typescript)]
pub fn webhook_input(size: u32) -> u32 {
    LANE_IN.with(|b| lane_buffer(b, size))
}

/// Fast lane: the output buffer's address.
#[wasm_bindgen(js_name = __webhookOutput, skip_typescript)]
pub fn webhook_output() -> u32 {
    LANE_OUT.with(|b| b.borrow().as_ptr() as usize as u32)
}

/// Fast lane: the longest body the lane takes, in bytes.
#[wasm_bindgen(js_name = __webhookMax, skip_typescript)]
pub fn webhook_max() -> u32 {
    webhook::MAX_BODY_BYTES as u32
}

/// Fast lane: handles the webhook whose pieces are in the input buffer.
#[wasm_bindgen(js_name = __webhookHandle, skip_typescript)]
pub fn webhook_handle() -> i32 {
    LANE_HEADER.with(|header| {
        LANE_IN.with(|input| {
            LANE_OUT.with(|out| {
                let mut header = header.borrow_mut();
                let input = input.borrow();
                let mut out = out.borrow_mut();
                out.clear();
                let Some(pieces) = lane_pieces(&header, &input) else { return i32::MIN };
                match lane_handle(&pieces, &mut out, &mut header) {
                    Ok(()) => i32::try_from(out.len()).unwrap_or(i32::MIN),
                    Err(error) => {
                        out.clear();
                        out.extend_from_slice(packed_error(&error).as_bytes());
                        i32::try_from(out.len()).map_or(i32::MIN, i32::wrapping_neg)
                    }
                }
            })
        })
    })
}

/// The input pieces, `None` for absent ones; `None` overall if the header does not fit the
/// buffer or a piece other than the body is not UTF-8.
fn lane_pieces<'a>(header: &[i32; HEADER], input: &'a [u8]) -> Option<[Option<&'a [u8]>; IN_COUNT]> {
    let mut pieces = [None; IN_COUNT];
    let mut at = 0usize;
    for (i, piece) in pieces.iter_mut().enumerate() {
        let len = *header.get(i)?;
        if len < 0 {
            continue;
        }
        let end = at.checked_add(len as usize)?;
        let bytes = input.get(at..end)?;
        if i != IN_BODY {
            std::str::from_utf8(bytes).ok()?;
        }
        *piece = Some(bytes);
        at = end;
    }
    Some(pieces)
}

fn text_piece(piece: Option<&[u8]>) -> Option<&str> {
    piece.and_then(|b| std::str::from_utf8(b).ok())
}

fn lane_handle(pieces: &[Option<&[u8]>; IN_COUNT], out: &mut Vec<u8>, header: &mut [i32; HEADER]) -> Result<(), Error> {
    let invalid = |field: &str, problem: String| Error::InvalidArgument { field: field.to_string(), problem };
    // The same limits as the export's: every piece but the body is at most MAX_OPTION_BYTES.
    let names = ["contentType", "body", "options.locale", "options.employeeName"];
    for (i, piece) in pieces.iter().enumerate() {
        let Some(len) = piece.map(<[u8]>::len).filter(|&len| len > MAX_OPTION_BYTES && i != IN_BODY) else { continue };
        return Err(match (names.get(i), VARIABLE_NAMES.get(i.wrapping_sub(IN_PREVIOUS))) {
            (Some(name), _) => too_long(name, len),
            (None, Some(variable)) => invalid("options.previous", format!("{variable}: {}", too_long_problem(len))),
            (None, None) => invalid("options", too_long_problem(len)),
        });
    }
    let mut options = Options::default();
    if let Some(locale) = text_piece(pieces[IN_LOCALE]) {
        options.notification.locale = Locale::read(locale).map_err(|p| invalid("options.locale", p))?;
    }
    options.notification.employee_name = text_piece(pieces[IN_EMPLOYEE]).map(str::to_string);
    let previous = &mut options.previous;
    let slots = [
        &mut previous.call_action,
        &mut previous.call_status,
        &mut previous.call_total_duration_sec,
        &mut previous.call_talk_duration_sec,
        &mut previous.call_record_link,
        &mut previous.call_did,
        &mut previous.call_id,
    ];
    for ((slot, piece), name) in slots.into_iter().zip(pieces.iter().skip(IN_PREVIOUS)).zip(VARIABLE_NAMES) {
        if let Some(text) = text_piece(*piece) {
            deal::check_value(name, text).map_err(|p| invalid("options.previous", p))?;
            *slot = text.to_string();
        }
    }
    let body = pieces[IN_BODY].unwrap_or_default();
    let content_type = text_piece(pieces[IN_CONTENT_TYPE]);
    let event = webhook::parse(body, content_type)?;
    let Handled { variables, notifications: notes, .. } = Handled::of(&event, &options.previous, &options.notification);

    let mut wire = Wire { out, header };
    let mut iso = [0u8; crate::time::ISO_MAX_BYTES];
    let (did, status) = (event.did.map(|p| p.to_string()), event.status.map(|s| s.as_str()));
    let strings = [
        Some(event.call_id.as_str()),
        Some(event.action.as_str()),
        Some(event.direction.as_str()),
        Some(&*event.phone.to_string()),
        did.as_deref(),
        event.extension.as_deref(),
        status,
        event.status_raw.as_deref(),
        event.record_link.as_ref().map(|l| l.as_str()),
        event.text.as_deref(),
        event.time.map(|t| t.write_iso(&mut iso)),
        Some(event.dedup_key.as_str()),
    ];
    for (i, text) in strings.into_iter().enumerate() {
        wire.string(OUT_EVENT_STRINGS + i, text);
    }
    wire.number(OUT_TOTAL, event.total_duration_sec);
    wire.number(OUT_TALK, event.talk_duration_sec);
    for (i, (_, value)) in variables.pairs().into_iter().enumerate() {
        wire.string(OUT_VARIABLES.saturating_add(i), Some(value));
    }
    wire.set(OUT_NOTIFICATIONS, notes.len() as i32);
    for (i, note) in notes.iter().enumerate() {
        // Slots past the header are dropped by `Wire::set`; an event has at most two.
        let at = i.saturating_mul(3).saturating_add(OUT_NOTIFICATIONS + 1);
        wire.set(at, i32::from(note.kind == NotificationKind::Callback));
        wire.string(at.saturating_add(1), Some(&note.text));
        wire.set(at.saturating_add(2), i32::from(note.data.is_some()));
    }
    Ok(())
}

/// Writes the lane's output.
struct Wire<'a> {
    out: &'a mut Vec<u8>,
    header: &'a mut [i32; HEADER],
}

impl Wire<'_> {
    fn set(&mut self, slot: usize, value: i32) {
        if let Some(h) = self.header.get_mut(slot) {
            *h = value;
        }
    }

    /// A string's UTF-8 into the output and its length in UTF-16 units into the header.
    fn string(&mut self, slot: usize, text: Option<&str>) {
        let Some(text) = text else { return self.set(slot, -1) };
        self.out.extend_from_slice(text.as_bytes());
        // At most two units a byte: no sum can wrap.
        let units = text
            .bytes()
            .fold(0usize, |n, b| n.wrapping_add(usize::from(b & 0xC0 != 0x80)).wrapping_add(usize::from(b >= 0xF0)));
        self.set(slot, i32::try_from(units).unwrap_or(i32::MAX));
    }

    fn number(&mut self, slot: usize, value: Option<u32>) {
        self.set(slot, value.map_or(-1, |n| i32::try_from(n).unwrap_or(i32::MAX)));
    }
}
