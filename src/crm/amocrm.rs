//! amoCRM: the call record at `complete`, the Telephony notifications as notes.
//!
//! - `complete`: `POST {baseUrl}/api/v4/calls` with a JSON array of one call. amoCRM
//!   attaches it to the contact or company with that phone itself (and adds nothing when it
//!   has no card for the number).
//! - every Telephony notification (`dial`, `complete`, `text`, the conversation included):
//!   `POST {baseUrl}/api/v4/{leads|contacts}/{id}/notes` with one `common` note, only when
//!   the settings name the entity.

use serde::Serialize;

use super::request::{HttpRequest, RequestKind, Target};
use super::settings::AmocrmSettings;
use super::text::crm_text;
use super::{json, status_text, Forward};
use crate::event::{Action, Direction, Status};

/// The `source` of every call record: what amoCRM shows as the call's origin.
pub const AMOCRM_SOURCE: &str = "salebot-sipout";

/// One call of `POST /api/v4/calls`.
#[derive(Serialize)]
struct Call<'a> {
    direction: &'static str,
    uniq: &'a str,
    duration: u32,
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<&'a str>,
    phone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_status: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    call_result: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    responsible_user_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_at: Option<i64>,
    request_id: &'a str,
}

/// One note of `POST /api/v4/{entity}/{id}/notes`.
#[derive(Serialize)]
struct Note<'a> {
    note_type: &'static str,
    params: NoteParams<'a>,
}

#[derive(Serialize)]
struct NoteParams<'a> {
    text: &'a str,
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
