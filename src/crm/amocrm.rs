//! amoCRM: the call record at `complete`, the Telephony notifications as notes.
//!
//! - `complete`: `POST {baseUrl}/api/v4/calls` with a JSON array of one call. amoCRM
//!   attaches it to the contact or company with that phone itself (and adds nothing when it
//!   has no card for the number).
//! - every Telephony notification (`dial`, `complete`, `text`, the conversation included):
//!   `POST {baseUrl}/api/v4/{leads|contacts}/{id}/notes` with one `common` note, only when
//!   the settings name the entity.

use super::request::{HttpRequest, RequestKind, Target};
use super::settings::AmocrmSettings;
use super::text::crm_text;
use super::{status_text, Forward};
use crate::event::{Action, Direction, Status};
use crate::json_writer::{to_string as json, JsonWriter, WriteJson};

/// The `source` of every call record: what amoCRM shows as the call's origin.
pub const AMOCRM_SOURCE: &str = "salebot-sipout";

/// One call of `POST /api/v4/calls`.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
struct Call<'a> {
    direction: &'static str,
    uniq: &'a str,
    duration: u32,
    source: &'static str,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    link: Option<&'a str>,
    phone: String,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    call_status: Option<u8>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    call_result: Option<&'static str>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    responsible_user_id: Option<u64>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    created_at: Option<i64>,
    request_id: &'a str,
}

/// One note of `POST /api/v4/{entity}/{id}/notes`.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
struct Note<'a> {
    note_type: &'static str,
    params: NoteParams<'a>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
struct NoteParams<'a> {
    text: &'a str,
}

impl WriteJson for Call<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("direction", self.direction);
        w.field_str("uniq", self.uniq);
        w.field("duration", &self.duration);
        w.field_str("source", self.source);
        w.optional_str("link", self.link);
        w.field_str("phone", &self.phone);
        w.optional("call_status", self.call_status.as_ref());
        w.optional_str("call_result", self.call_result);
        w.optional("responsible_user_id", self.responsible_user_id.as_ref());
        w.optional("created_at", self.created_at.as_ref());
        w.field_str("request_id", self.request_id);
        w.end_object();
    }
}

impl WriteJson for Note<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("note_type", self.note_type);
        w.key("params");
        w.begin_object();
        w.field_str("text", self.params.text);
        w.end_object();
        w.end_object();
    }
}

/// amoCRM's `call_status` for an ended call: 4 talked, 7 number busy, 6 didn't get through.
pub fn call_status(status: Status) -> u8 {
    match status {
        Status::Success => 4,
        Status::Busy => 7,
        Status::Missed => 6,
    }
}

/// The requests for amoCRM, appended to `out`: the call record first, then the notes.
pub(crate) fn requests(call: &Forward<'_>, settings: &AmocrmSettings, out: &mut Vec<HttpRequest>) {
    let event = call.event;
    let authorization = settings.access_token.as_ref().map(|t| format!("Bearer {}", t.expose()));
    let base = settings.base_url.as_str();
    if event.action == Action::Complete {
        let key = call.key(RequestKind::AmocrmCall.as_str());
        let record = Call {
            direction: match event.direction {
                Direction::In => "inbound",
                Direction::Out => "outbound",
            },
            uniq: &event.call_id,
            duration: event.talk_duration_sec.unwrap_or(0),
            source: AMOCRM_SOURCE,
            link: event.record_link.as_ref().map(|l| l.as_str()),
            phone: format!("+{}", event.phone),
            call_status: event.status.map(call_status),
            call_result: event.status.map(|s| status_text(s, call.locale)),
            responsible_user_id: settings.responsible_user_id,
            created_at: call.unix_seconds(),
            request_id: &key,
        };
        out.push(HttpRequest::post_json(
            Target::Amocrm,
            RequestKind::AmocrmCall,
            (format!("{base}/api/v4/calls"), None),
            authorization.clone(),
            json(&[record]),
            key,
        ));
    }
    let Some(entity) = settings.entity else { return };
    let url = format!("{base}/api/v4/{}/{}/notes", entity.kind.as_str(), entity.id);
    for (i, text) in call.texts.iter().enumerate() {
        let text = crm_text(text, Target::Amocrm);
        let note = Note { note_type: "common", params: NoteParams { text: &text } };
        out.push(HttpRequest::post_json(
            Target::Amocrm,
            RequestKind::AmocrmNote,
            (url.clone(), None),
            authorization.clone(),
            json(&[note]),
            call.key(&format!("{}.{i}", RequestKind::AmocrmNote.as_str())),
        ));
    }
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;
    use crate::json_writer::assert_same;

    #[test]
    fn bodies_are_what_serde_writes() {
        let full = Call {
            direction: "inbound",
            uniq: "call-\"1\"",
            duration: 65,
            source: AMOCRM_SOURCE,
            link: Some("https://rec.example.ru/a.mp3"),
            phone: "+79123456789".into(),
            call_status: Some(4),
            call_result: Some("Успешный звонок"),
            responsible_user_id: Some(u64::MAX),
            created_at: Some(-1),
            request_id: "amocrm.call:dial:x",
        };
        assert_same(&[full]);
        let bare = Call {
            direction: "outbound",
            uniq: "",
            duration: 0,
            source: AMOCRM_SOURCE,
            link: None,
            phone: String::new(),
            call_status: None,
            call_result: None,
            responsible_user_id: None,
            created_at: None,
            request_id: "",
        };
        assert_same(&[bare]);
        assert_same(&[Note { note_type: "common", params: NoteParams { text: "a\nb\t<c>" } }]);
    }
}
