//! The notifications a host hands over for forwarding, read from JSON: the array
//! `build_notifications` gave (`[{ kind, text, data? }]`), of which only `kind` and `text`
//! matter.

use super::error::{CrmError, Source};
use super::object::Object;
use super::{MAX_NOTIFICATIONS, MAX_NOTIFICATION_TEXT_BYTES};
use crate::json::{self, Json};
use crate::notification::{Notification, NotificationKind};
use crate::phone::Quoted;

const FIELD: &str = "notifications";

/// The notifications in `text`, a JSON array of at most [`MAX_NOTIFICATIONS`] objects with a
/// `kind` (`telephony` or `callback`) and a `text` of at most
/// [`MAX_NOTIFICATION_TEXT_BYTES`]; other members are ignored.
pub fn read_notifications(text: &str) -> Result<Vec<Notification<'static>>, CrmError> {
    let mut elements = Vec::new();
    if let Err(e) = json::read_array(text, |e| elements.push(e)) {
        return Err(match json::validate(text) {
            Ok(()) => Source::Input.error(FIELD, "wrong_type", "expected an array"),
            Err(_) => Source::Input.error(FIELD, "not_json", &format!("not JSON: {e}")),
        });
    }
    if elements.len() > MAX_NOTIFICATIONS {
        let problem = format!("{} notifications, over the limit of {MAX_NOTIFICATIONS}", elements.len());
        return Err(Source::Input.error(FIELD, "too_many", &problem));
    }
    let mut out = Vec::with_capacity(elements.len());
    for (i, element) in elements.iter().enumerate() {
        let path = format!("{FIELD}[{i}]");
        let Json::Object(raw) = element else {
            return Err(Source::Input.error(
                &path,
                "wrong_type",
                &format!("expected an object, got {}", element.kind()),
            ));
        };
        let note = Object::parse(raw, path, Source::Input)?;
        let kind = match note.required("kind", note.string("kind", 16)?)? {
            "telephony" => NotificationKind::Telephony,
            "callback" => NotificationKind::Callback,
            other => {
                let problem = format!("{}: expected \"telephony\" or \"callback\"", Quoted::new(other));
                return Err(note.error("kind", "invalid_kind", &problem));
            }
        };
        note.required("text", note.get("text"))?;
        let text = note.string("text", MAX_NOTIFICATION_TEXT_BYTES)?.unwrap_or_default();
        out.push(Notification { kind, text: text.to_string(), data: None });
    }
    Ok(out)
}
