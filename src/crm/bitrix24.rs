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

use serde::Serialize;

use super::request::{HttpRequest, RequestKind, Target};
use super::settings::Bitrix24Settings;
use super::state::CrmState;
use super::text::crm_text;
use super::{json, status_text, Forward};
use crate::event::{Action, Direction, Status};

#[derive(Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
struct Register<'a> {
    /// The employee: exactly one of the two.
    #[serde(skip_serializing_if = "Option::is_none")]
    user_phone_inner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<u64>,
    phone_number: String,
    #[serde(rename = "TYPE")]
    kind: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_start_date: Option<String>,
    crm_create: u8,
    show: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    line_number: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
struct Finish<'a> {
    call_id: &'a str,
    /// The employee: exactly one of the two.
    #[serde(skip_serializing_if = "Option::is_none")]
    user_phone_inner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<u64>,
    duration: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failed_reason: Option<&'static str>,
    add_to_chat: u8,
}

#[derive(Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
struct AttachRecord<'a> {
    call_id: &'a str,
    filename: String,
    record_url: &'a str,
}

#[derive(Serialize)]
struct Comment<'a> {
    fields: CommentFields<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
struct CommentFields<'a> {
    entity_id: u64,
    entity_type: &'static str,
    comment: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
struct Notify<'a> {
    user_id: u64,
    message: &'a str,
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
