//! The call variables saved on the client's deal (SPEC §3), merged event by event.
//!
//! Salebot variables are strings; an empty string is a variable with no value. Besides the
//! six `call_*` variables of the user docs, the deal keeps `call_id`, the SipOut id of the
//! call the variables describe: it tells a late event of the same call from a new call.
//!
//! Merging is idempotent and does not depend on the order in which one call's events
//! arrive:
//! - an event of another call (or of no call yet) replaces all seven variables, clearing
//!   what it does not say: a new call's `dial` leaves nothing of the last call behind;
//! - an event of the same call at the same or a later stage (`dial` → `complete`) sets
//!   what it says and keeps the rest (the DID that only `dial` carried);
//! - an event of the same call at an earlier stage (a `dial` after its `complete`) never
//!   overwrites: it only fills variables still empty, so `dial` then `complete` and
//!   `complete` then `dial` end the same;
//! - `text` events change no variable.
//!
//! What merging cannot tell is an older call's event arriving after a newer call's
//! (call A's `complete` after call B's `dial`): call ids carry no order, so A's values win.

use crate::event::{Action, CallEvent, RecordLink};
use crate::json::{self, Json};
use crate::json_writer::{JsonWriter, WriteJson};
use crate::webhook::MAX_VALUE_BYTES;

/// The variables of the deal that describe its last call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DealVariables {
    /// `dial` (conversation started) or `complete` (ended).
    pub call_action: String,
    /// `Success`, `Busy` or `Missed`.
    pub call_status: String,
    /// The whole call in seconds, ringing included.
    pub call_total_duration_sec: String,
    /// The conversation in seconds.
    pub call_talk_duration_sec: String,
    /// The link to the recording.
    pub call_record_link: String,
    /// Inbound calls: the number that was called, canonical.
    pub call_did: String,
    /// SipOut's id of the call these variables describe.
    pub call_id: String,
}

/// The names of the variables, in the order they are written.
pub const VARIABLE_NAMES: [&str; 7] = [
    "call_action",
    "call_status",
    "call_total_duration_sec",
    "call_talk_duration_sec",
    "call_record_link",
    "call_did",
    "call_id",
];

/// How far along its call an event is; a `text` event is no stage.
fn stage(action: &str) -> u8 {
    match action {
        "dial" => 1,
        "complete" => 2,
        _ => 0,
    }
}

impl DealVariables {
    /// The variables an event alone gives; what it does not say is empty.
    pub fn of_event(event: &CallEvent) -> DealVariables {
        let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        DealVariables {
            call_action: event.action.as_str().to_string(),
            call_status: event.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
            call_total_duration_sec: number(event.total_duration_sec),
            call_talk_duration_sec: number(event.talk_duration_sec),
            call_record_link: event.record_link.as_ref().map(|l| l.as_str().to_string()).unwrap_or_default(),
            call_did: event.did.map(|p| p.to_string()).unwrap_or_default(),
            call_id: event.call_id.clone(),
        }
    }

    /// The variables after `event`, merged onto `self` as the module docs say.
    pub fn merge(&self, event: &CallEvent) -> DealVariables {
        if event.action == Action::Text {
            return self.clone();
        }
        let fresh = DealVariables::of_event(event);
        if self.call_id != event.call_id {
            return fresh;
        }
        if stage(event.action.as_str()) >= stage(&self.call_action) {
            fresh.or(self)
        } else {
            self.or(&fresh)
        }
    }

    /// Each variable of `self`, or `other`'s where `self`'s is empty.
    fn or(&self, other: &DealVariables) -> DealVariables {
        let pick = |a: &String, b: &String| if a.is_empty() { b.clone() } else { a.clone() };
        DealVariables {
            call_action: pick(&self.call_action, &other.call_action),
            call_status: pick(&self.call_status, &other.call_status),
            call_total_duration_sec: pick(&self.call_total_duration_sec, &other.call_total_duration_sec),
            call_talk_duration_sec: pick(&self.call_talk_duration_sec, &other.call_talk_duration_sec),
            call_record_link: pick(&self.call_record_link, &other.call_record_link),
            call_did: pick(&self.call_did, &other.call_did),
            call_id: pick(&self.call_id, &other.call_id),
        }
    }

    /// The call variables among a deal's variables given as a JSON object: strings, or
    /// numbers and booleans written out; `null` is empty, other variables are ignored.
    /// Fails, naming the variable, on JSON that is not an object or on a variable that
    /// holds an object or an array.
    ///
    /// A value over [`MAX_VALUE_BYTES`] is refused too: no variable the module writes is
    /// longer.
    pub fn read_json(text: &str) -> Result<DealVariables, String> {
        let mut vars = DealVariables::default();
        let mut problem = None;
        json::read_object(text, |key, value| {
            let slot = match key.as_ref() {
                "call_action" => &mut vars.call_action,
                "call_status" => &mut vars.call_status,
                "call_total_duration_sec" => &mut vars.call_total_duration_sec,
                "call_talk_duration_sec" => &mut vars.call_talk_duration_sec,
                "call_record_link" => &mut vars.call_record_link,
                "call_did" => &mut vars.call_did,
                "call_id" => &mut vars.call_id,
                _ => return,
            };
            let text = match value {
                Json::Str(s) => s.into_owned(),
                Json::Num(n) => n.to_string(),
                Json::Bool(b) => b.to_string(),
                Json::Null => String::new(),
                other => {
                    problem = problem.take().or(Some(format!("{key}: expected a string, got {}", other.kind())));
                    return;
                }
            };
            match check_value(&key, &text) {
                Ok(()) => *slot = text,
                Err(p) => problem = problem.take().or(Some(p)),
            }
        })
        .map_err(|e| format!("not a JSON object: {e}"))?;
        match problem {
            Some(p) => Err(p),
            None => Ok(vars),
        }
    }

    /// [`DealVariables::read_json`] for the argument `previous`: its problem is an
    /// `invalid_argument` error naming it.
    pub fn read_previous(text: &str) -> Result<DealVariables, crate::Error> {
        DealVariables::read_json(text)
            .map_err(|problem| crate::Error::InvalidArgument { field: "previous".to_string(), problem })
    }

    /// The variables as name–value pairs, in [`VARIABLE_NAMES`] order.
    pub fn pairs(&self) -> [(&'static str, &str); 7] {
        [
            ("call_action", &self.call_action),
            ("call_status", &self.call_status),
            ("call_total_duration_sec", &self.call_total_duration_sec),
            ("call_talk_duration_sec", &self.call_talk_duration_sec),
            ("call_record_link", &self.call_record_link),
            ("call_did", &self.call_did),
            ("call_id", &self.call_id),
        ]
    }
}

/// An object of the seven variables, named and ordered as [`VARIABLE_NAMES`].
impl WriteJson for DealVariables {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        for (name, value) in self.pairs() {
            w.field_str(name, value);
        }
        w.end_object();
    }
}

/// Checks a variable's value as the host gives it back: at most [`MAX_VALUE_BYTES`] long,
/// and `call_record_link` empty or an http(s) link (so that whatever the host stored, no
/// `javascript:` link comes out of a merge).
pub fn check_value(name: &str, value: &str) -> Result<(), String> {
    if value.len() > MAX_VALUE_BYTES {
        return Err(format!("{name}: {} bytes, over the limit of {MAX_VALUE_BYTES}", value.len()));
    }
    if name == "call_record_link" && !value.is_empty() {
        RecordLink::parse(value).map_err(|problem| format!("{name}: {problem}"))?;
    }
    Ok(())
}

/// The deal's call variables after `event`, given those it holds (`previous`).
pub fn deal_variables(event: &CallEvent, previous: &DealVariables) -> DealVariables {
    previous.merge(event)
}
