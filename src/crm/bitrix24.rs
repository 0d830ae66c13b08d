//! Bitrix24 through an inbound webhook: the call registered at `dial`, finished at
//! `complete` with its recording attached, the conversation text commented.
//!
//! - `dial`: `telephony.externalcall.register`. Its answer holds the `CALL_ID` that the
//!   later requests need: the host reads it with
//!   [`CrmState::from_register_answer`](super::CrmState::from_register_answer) and passes the
//!   state back with the call's later events.
//! - `complete` with the `CALL_ID`: `telephony.externalcall.finish`, then, when there is a
//!   recording, `telephony.externalCall.attachRecord` with its link (`RECORD_URL` of finish
//!   is deprecated). Without the `CALL_ID` (the `dial` never came, or its answer was lost):
//!   only a `register`, built from the `complete` event; once its answer is read, asking
//!   again with the state gives the finish, and the other requests again with the same
//!   idempotency keys, which the host has already sent.
//! - `text`: each Telephony notification as a comment in the timeline of the entity the
//!   register answer named (`crm.timeline.comment.add`), or, when it named none, as a
//!   notification to the user (`im.notify.system.add`).
//! - the employee is `USER_PHONE_INNER` (the extension from the event) when the event names
//!   one, else `USER_ID`: the settings' user, else the webhook's own user.
//!
//! Telephony notifications of `dial` and `complete` are not sent as texts: the call card and
//! the call activity show what they say.

use super::request::{HttpRequest, RequestKind, Target};
use super::settings::Bitrix24Settings;
use super::state::CrmState;
use super::text::crm_text;
use super::{status_text, Forward};
use crate::event::{Action, Direction, Status};
use crate::json_writer::{to_string as json, JsonWriter, WriteJson};

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
struct Register<'a> {
    /// The employee: exactly one of the two.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    user_phone_inner: Option<&'a str>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    user_id: Option<u64>,
    phone_number: String,
    #[cfg_attr(feature = "serde", serde(rename = "TYPE"))]
    kind: u8,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    call_start_date: Option<String>,
    crm_create: u8,
    show: u8,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    line_number: Option<String>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
struct Finish<'a> {
    call_id: &'a str,
    /// The employee: exactly one of the two.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    user_phone_inner: Option<&'a str>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    user_id: Option<u64>,
    duration: u32,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    status_code: Option<&'static str>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    failed_reason: Option<&'static str>,
    add_to_chat: u8,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
struct AttachRecord<'a> {
    call_id: &'a str,
    filename: String,
    record_url: &'a str,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
struct Comment<'a> {
    fields: CommentFields<'a>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
struct CommentFields<'a> {
    entity_id: u64,
    entity_type: &'static str,
    comment: &'a str,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
struct Notify<'a> {
    user_id: u64,
    message: &'a str,
}

impl WriteJson for Register<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.optional_str("USER_PHONE_INNER", self.user_phone_inner);
        w.optional("USER_ID", self.user_id.as_ref());
        w.field_str("PHONE_NUMBER", &self.phone_number);
        w.field("TYPE", &self.kind);
        w.optional_str("CALL_START_DATE", self.call_start_date.as_deref());
        w.field("CRM_CREATE", &self.crm_create);
        w.field("SHOW", &self.show);
        w.optional_str("LINE_NUMBER", self.line_number.as_deref());
        w.end_object();
    }
}

impl WriteJson for Finish<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("CALL_ID", self.call_id);
        w.optional_str("USER_PHONE_INNER", self.user_phone_inner);
        w.optional("USER_ID", self.user_id.as_ref());
        w.field("DURATION", &self.duration);
        w.optional_str("STATUS_CODE", self.status_code);
        w.optional_str("FAILED_REASON", self.failed_reason);
        w.field("ADD_TO_CHAT", &self.add_to_chat);
        w.end_object();
    }
}

impl WriteJson for AttachRecord<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("CALL_ID", self.call_id);
        w.field_str("FILENAME", &self.filename);
        w.field_str("RECORD_URL", self.record_url);
        w.end_object();
    }
}

impl WriteJson for Comment<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.key("fields");
        w.begin_object();
        w.field("ENTITY_ID", &self.fields.entity_id);
        w.field_str("ENTITY_TYPE", self.fields.entity_type);
        w.field_str("COMMENT", self.fields.comment);
        w.end_object();
        w.end_object();
    }
}

impl WriteJson for Notify<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field("USER_ID", &self.user_id);
        w.field_str("MESSAGE", self.message);
        w.end_object();
    }
}

/// `STATUS_CODE` for an ended call: 200 success, 486 busy, 304 missed.
pub fn status_code(status: Status) -> &'static str {
    match status {
        Status::Success => "200",
        Status::Busy => "486",
        Status::Missed => "304",
    }
}

/// The requests for Bitrix24, appended to `out`.
pub(crate) fn requests(call: &Forward<'_>, settings: &Bitrix24Settings, state: &CrmState, out: &mut Vec<HttpRequest>) {
    let event = call.event;
    let (user_phone_inner, user_id) = match event.extension.as_deref() {
        Some(ext) => (Some(ext), None),
        None => (None, Some(settings.user())),
    };
    let post = |kind: RequestKind, method: &str, body: String, key: String| {
        let (url, token) = settings.webhook.method_url(method);
        HttpRequest::post_json(Target::Bitrix24, kind, (url, Some(token)), None, body, key)
    };
    let call_id = state.bitrix_call_id.as_deref();
    match (event.action, call_id) {
        (Action::Dial, _) | (Action::Complete, None) => {
            let register = Register {
                user_phone_inner,
                user_id,
                phone_number: format!("+{}", event.phone),
                kind: match event.direction {
                    Direction::Out => 1,
                    Direction::In => 2,
                },
                // A complete event's time is not the call's start.
                call_start_date: if event.action == Action::Dial { call.iso_time() } else { None },
                crm_create: u8::from(settings.crm_create),
                show: u8::from(settings.show_card && event.action == Action::Dial),
                line_number: match (event.direction, event.did) {
                    (Direction::In, Some(did)) => Some(did.to_string()),
                    _ => settings.line_number.clone(),
                },
            };
            let key = call.key(RequestKind::BitrixRegister.as_str());
            out.push(post(RequestKind::BitrixRegister, "telephony.externalcall.register", json(&register), key));
        }
        (Action::Complete, Some(call_id)) => {
            let finish = Finish {
                call_id,
                user_phone_inner,
                user_id,
                duration: event.talk_duration_sec.unwrap_or(0),
                status_code: event.status.map(status_code),
                failed_reason: event.status.filter(|s| *s != Status::Success).map(|s| status_text(s, call.locale)),
                add_to_chat: u8::from(settings.add_to_chat),
            };
            let key = call.key(RequestKind::BitrixFinish.as_str());
            out.push(post(RequestKind::BitrixFinish, "telephony.externalcall.finish", json(&finish), key));
            if let Some(link) = &event.record_link {
                let record = AttachRecord {
                    call_id,
                    filename: record_filename(link.as_str(), &event.call_id),
                    record_url: link.as_str(),
                };
                let key = call.key(RequestKind::BitrixRecord.as_str());
                out.push(post(RequestKind::BitrixRecord, "telephony.externalCall.attachRecord", json(&record), key));
            }
        }
        (Action::Text, _) => {
            for (i, text) in call.texts.iter().enumerate() {
                let text = crm_text(text, Target::Bitrix24);
                let (kind, method, body) = match state.bitrix_entity {
                    Some(entity) => (
                        RequestKind::BitrixComment,
                        "crm.timeline.comment.add",
                        json(&Comment {
                            fields: CommentFields {
                                entity_id: entity.id,
                                entity_type: entity.kind.as_str(),
                                comment: &text,
                            },
                        }),
                    ),
                    None => (
                        RequestKind::BitrixNotify,
                        "im.notify.system.add",
                        json(&Notify { user_id: settings.user(), message: &text }),
                    ),
                };
                let key = call.key(&format!("{}.{i}", kind.as_str()));
                out.push(post(kind, method, body, key));
            }
        }
    }
}

/// The longest `FILENAME` written, in bytes.
const MAX_FILENAME_BYTES: usize = 100;

/// The recording's file name, which Bitrix24 wants ending in `.mp3` or `.wav`: the link's
/// last path segment when it is a plain name with one of those endings, otherwise
/// `call-<call id>.mp3` (characters other than letters, digits, `.`, `_`, `-` written `_`).
pub fn record_filename(link: &str, call_id: &str) -> String {
    let path = link.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    let lower = last.to_ascii_lowercase();
    if (lower.ends_with(".mp3") || lower.ends_with(".wav"))
        && last.len() > 4
        && last.len() <= MAX_FILENAME_BYTES
        && plain(last)
    {
        return last.to_string();
    }
    let mut name = String::from("call-");
    for c in call_id.chars().take(MAX_FILENAME_BYTES - 9) {
        name.push(if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' });
    }
    name.push_str(".mp3");
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "serde")]
    #[test]
    fn bodies_are_what_serde_writes() {
        use crate::json_writer::assert_same;
        for (inner, user) in [(Some("101"), None), (None, Some(7))] {
            assert_same(&Register {
                user_phone_inner: inner,
                user_id: user,
                phone_number: "+79123456789".into(),
                kind: 2,
                call_start_date: inner.map(|_| "2024-11-26T15:00:00Z".to_string()),
                crm_create: 1,
                show: 0,
                line_number: user.map(|_| "74951234567".to_string()),
            });
            assert_same(&Finish {
                call_id: "externalCall.1",
                user_phone_inner: inner,
                user_id: user,
                duration: 0,
                status_code: inner.map(|_| "486"),
                failed_reason: inner.map(|_| "Занято"),
                add_to_chat: 1,
            });
        }
        assert_same(&AttachRecord { call_id: "c", filename: "call-1.mp3".into(), record_url: "https://r/\\" });
        assert_same(&Comment { fields: CommentFields { entity_id: 42, entity_type: "deal", comment: "\u{1}" } });
        assert_same(&Notify { user_id: 0, message: "\"text\"" });
    }

    #[test]
    fn file_names() {
        assert_eq!(record_filename("https://rec.example.ru/r/sip-42.mp3?k=1&t=2", "x"), "sip-42.mp3");
        assert_eq!(record_filename("https://rec.example.ru/r/A.WAV", "x"), "A.WAV");
        assert_eq!(record_filename("https://rec.example.ru/r/get?id=5", "sip 42/ю"), "call-sip_42__.mp3");
        assert_eq!(record_filename("https://rec.example.ru/r/.mp3", "1"), "call-1.mp3");
        assert_eq!(record_filename("https://rec.example.ru/r/a%20b.mp3", "1"), "call-1.mp3");
        let long = record_filename("https://h.ru/x", &"9".repeat(500));
        assert!(long.len() <= MAX_FILENAME_BYTES, "{}", long.len());
    }
}
