//! SipOut webhook bodies: JSON, `application/x-www-form-urlencoded` or a query string,
//! read tolerantly into the fields of a call event.
//!
//! SipOut's wire format is not public, so the reader accepts what such hooks commonly
//! send: keys in any ASCII case, with `_` or `-` or neither between words (`call_id`,
//! `callId`, `CALL-ID`), under the names in [`ALIASES`]; numbers as JSON numbers or
//! strings; empty values and `null` as absent; unknown keys ignored. What it cannot read
//! is a [`WebhookError`] naming the field and the reason. [`parse`] turns a body into a
//! [`CallEvent`].

mod error;
mod field;
mod form;
mod handled;

use std::borrow::Cow;

pub use error::WebhookError;
pub use field::{lookup, Field, FieldName, ALIASES};
pub use form::percent_decode;
pub use handled::Handled;

use crate::event::CallEvent;
use crate::json::{self, Json};
use crate::phone::Quoted;
use field::FIELD_COUNT;

/// The largest body read, in bytes (1 MiB): a transcription of a long call fits, form-encoded.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The longest value of any field but the conversation text, in bytes after decoding.
pub const MAX_VALUE_BYTES: usize = 4096;

/// Reads a webhook body into a call event. `content_type` is the request's
/// `Content-Type`, if any. Without one, or with one that says nothing of the shape
/// (`text/plain`), the body decides: `{` starts JSON, anything else is a form or a query
/// string. A body that starts with `{` is read as JSON even when labelled a form (a
/// frequent client mistake); a body labelled JSON must be JSON.
pub fn parse(body: &[u8], content_type: Option<&str>) -> Result<CallEvent, WebhookError> {
    CallEvent::from_fields(&read(body, content_type)?)
}

/// A call event given back as a JSON object (as [`parse`] gives it, or one the host
/// built), read through the webhook reader, which takes its camelCase keys, so that it is
/// checked like a webhook. What it cannot read is an `invalid_argument` error about the
/// argument `event`.
pub fn parse_event(json: &str) -> Result<CallEvent, crate::Error> {
    parse(json.as_bytes(), Some("application/json"))
        .map_err(|e| crate::Error::InvalidArgument { field: "event".to_string(), problem: e.to_string() })
}

/// A value as the body gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value<'a> {
    Str(Cow<'a, str>),
    /// A JSON number, as written.
    Num(&'a str),
    Bool(bool),
    /// An object or array where a field wants one value: `"an object"`, `"an array"`.
    Nested(&'static str),
    /// A conversation given as a list that could not be read, and why.
    Invalid(&'static str),
}

impl<'a> Value<'a> {
    /// A string or number as text; `None` for anything else.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::Num(n) => Some(n),
            Value::Bool(_) | Value::Nested(_) | Value::Invalid(_) => None,
        }
    }

    /// Why this is not a string or a number, for a message.
    pub(crate) fn not_text(&self) -> String {
        match self {
            Value::Bool(b) => format!("expected a string or a number, got {b}"),
            Value::Nested(what) => format!("expected a string or a number, got {what}"),
            Value::Invalid(problem) => (*problem).to_string(),
            Value::Str(_) | Value::Num(_) => String::new(),
        }
    }
}

/// One field as the body gave it: the key it came under and the value.
#[derive(Debug, Clone)]
pub(crate) struct Slot<'a> {
    rank: u8,
    key: Cow<'a, str>,
    pub(crate) value: Value<'a>,
}

impl Slot<'_> {
    #[cold]
    pub(crate) fn name(&self, field: Field) -> FieldName {
        FieldName { field, key: self.key.to_string() }
    }
}

/// The fields of one body, each from the best key that had a value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fields<'a> {
    slots: [Option<Slot<'a>>; FIELD_COUNT],
}

impl<'a> Fields<'a> {
    pub(crate) fn get(&self, field: Field) -> Option<&Slot<'a>> {
        self.slots.get(field.index()).and_then(Option::as_ref)
    }

    /// The name of a field as messages give it: its key as sent, if it was.
    #[cold]
    pub(crate) fn name(&self, field: Field) -> FieldName {
        self.get(field).map_or_else(|| FieldName { field, key: field.name().to_string() }, |s| s.name(field))
    }

    /// Keeps `value` for `field` unless it is empty or a better key already gave one.
    fn offer(&mut self, field: Field, rank: u8, key: Cow<'a, str>, value: Value<'a>) {
        if matches!(&value, Value::Str(s) if crate::text::trim(s).is_empty()) {
            return;
        }
        if let Some(slot) = self.slots.get_mut(field.index()) {
            if slot.as_ref().map_or(true, |old| rank < old.rank) {
                *slot = Some(Slot { rank, key, value });
            }
        }
    }

    fn offer_json(&mut self, key: Cow<'a, str>, value: Json<'a>) {
        let Some((field, rank)) = lookup(&key) else { return };
        let value = match value {
            Json::Str(s) => Value::Str(s),
            Json::Num(n) => Value::Num(n),
            Json::Bool(b) => Value::Bool(b),
            Json::Null => return,
            Json::Array(raw) if field == Field::Text => phrases(raw),
            Json::Object(_) => Value::Nested("an object"),
            Json::Array(_) => Value::Nested("an array"),
        };
        self.offer(field, rank, key, value);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declared {
    Json,
    Form,
    Multipart,
    /// None, or one that says nothing of the shape (`text/plain`).
    Unknown,
}

fn declared(content_type: Option<&str>) -> Declared {
    let Some(ct) = content_type else { return Declared::Unknown };
    let essence = crate::text::trim(ct.split(';').next().unwrap_or_default());
    let is = |name: &str| essence.eq_ignore_ascii_case(name);
    let suffix = essence.len().checked_sub(5).and_then(|at| essence.get(at..));
    if is("application/json") || is("text/json") || suffix.is_some_and(|s| s.eq_ignore_ascii_case("+json")) {
        Declared::Json
    } else if is("application/x-www-form-urlencoded") {
        Declared::Form
    } else if essence.get(..10).is_some_and(|s| s.eq_ignore_ascii_case("multipart/")) {
        Declared::Multipart
    } else {
        Declared::Unknown
    }
}

/// Reads the fields of a body; see [`parse`].
pub(crate) fn read<'a>(body: &'a [u8], content_type: Option<&str>) -> Result<Fields<'a>, WebhookError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(WebhookError::TooLarge { len: body.len(), max: MAX_BODY_BYTES });
    }
    let text = std::str::from_utf8(body).map_err(|e| WebhookError::NotUtf8 { at: e.valid_up_to() })?;
    let text = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let Some(&first) = text.as_bytes().first() else { return Err(WebhookError::Empty) };
    let mut fields = Fields::default();
    match declared(content_type) {
        Declared::Multipart => {
            let content_type = Quoted::new(content_type.unwrap_or_default());
            return Err(WebhookError::UnsupportedContentType { content_type });
        }
        Declared::Json => read_json(text, &mut fields)?,
        _ if matches!(first, b'{' | b'[' | b'"') => read_json(text, &mut fields)?,
        _ => form::read_pairs(text, |key, value| {
            if let Some((field, rank)) = lookup(&key) {
                fields.offer(field, rank, key, Value::Str(value));
            }
        }),
    }
    Ok(fields)
}

fn read_json<'a>(text: &'a str, fields: &mut Fields<'a>) -> Result<(), WebhookError> {
    if !text.starts_with('{') {
        return Err(match json::validate(text) {
            Ok(()) => WebhookError::NotObject,
            Err(e) => WebhookError::NotJson { detail: e.to_string() },
        });
    }
    json::read_object(text, |key, value| fields.offer_json(key, value))
        .map_err(|e| WebhookError::NotJson { detail: e.to_string() })
}

/// Keys of a phrase object that name who speaks, and that hold what was said; the first
/// listed wins.
const SPEAKER_KEYS: [&str; 5] = ["speaker", "role", "channel", "name", "who"];
const PHRASE_KEYS: [&str; 3] = ["text", "phrase", "message"];

/// A conversation given as a list of phrases: strings, or objects such as
/// `{"speaker": "Клиент", "text": "Добрый день"}`; one line each, `speaker: text`.
fn phrases(raw: &str) -> Value<'static> {
    let mut text = String::new();
    let mut problem = None;
    let read = json::read_array(raw, |item| {
        let line = match item {
            Json::Str(s) => Some(crate::text::trim(&s).to_string()),
            Json::Num(n) => Some(n.to_string()),
            Json::Null => None,
            Json::Object(obj) => match phrase(obj) {
                Ok(line) => Some(line),
                Err(p) => {
                    problem = problem.or(Some(p));
                    None
                }
            },
            Json::Bool(_) | Json::Array(_) => {
                problem = problem.or(Some("a phrase is neither a string nor an object"));
                None
            }
        };
        if let Some(line) = line {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&line);
        }
    });
    match (read, problem) {
        (Ok(()), None) => Value::Str(Cow::Owned(text)),
        (_, Some(p)) => Value::Invalid(p),
        (Err(_), None) => Value::Invalid("the list of phrases is not JSON"),
    }
}

fn phrase(raw: &str) -> Result<String, &'static str> {
    let mut speaker: Option<(usize, String)> = None;
    let mut said: Option<(usize, String)> = None;
    let mut problem = None;
    let read = json::read_object(raw, |key, value| {
        let key = key.to_ascii_lowercase();
        let (rank, slot) = if let Some(rank) = SPEAKER_KEYS.iter().position(|k| *k == key) {
            (rank, &mut speaker)
        } else if let Some(rank) = PHRASE_KEYS.iter().position(|k| *k == key) {
            (rank, &mut said)
        } else {
            return;
        };
        let text = match value {
            Json::Str(s) => crate::text::trim(&s).to_string(),
            Json::Num(n) => n.to_string(),
            Json::Null => return,
            _ => {
                problem = Some("a phrase's speaker or text is neither a string nor a number");
                return;
            }
        };
        if slot.as_ref().map_or(true, |(old, _)| rank < *old) {
            *slot = Some((rank, text));
        }
    });
    if let Some(p) = problem {
        return Err(p);
    }
    read.map_err(|_| "a phrase is not JSON")?;
    match (speaker, said) {
        (_, None) => Err("a phrase has no text (text, phrase or message)"),
        (Some((_, who)), Some((_, what))) if !who.is_empty() => Ok(format!("{who}: {what}")),
        (_, Some((_, what))) => Ok(what),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_is_found_in_any_case_and_spelling() {
        for (key, field) in ALIASES {
            let rank = field.keys().iter().position(|k| *k == key).unwrap() as u8;
            assert_eq!(lookup(key), Some((field, rank)), "{key}");
            assert_eq!(lookup(&key.to_uppercase()), Some((field, rank)), "{key}");
            assert_eq!(lookup(&key.replace('_', "-")), Some((field, rank)), "{key}");
            let camel: String = key
                .split('_')
                .enumerate()
                .map(|(i, w)| if i == 0 { w.to_string() } else { w[..1].to_uppercase() + &w[1..] })
                .collect();
            assert_eq!(lookup(&camel), Some((field, rank)), "{camel}");
        }
        for key in ["", "call", "phone2", "телефон", "call_total_duration_seconds_and_more", "x"] {
            assert_eq!(lookup(key), None, "{key}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(declared(Some("application/json; charset=utf-8")), Declared::Json);
        assert_eq!(declared(Some("Application/JSON")), Declared::Json);
        assert_eq!(declared(Some("application/vnd.api+json")), Declared::Json);
        assert_eq!(declared(Some("application/x-www-form-urlencoded;charset=UTF-8")), Declared::Form);
        assert_eq!(declared(Some("multipart/form-data; boundary=x")), Declared::Multipart);
        assert_eq!(declared(Some("text/plain")), Declared::Unknown);
        assert_eq!(declared(Some("")), Declared::Unknown);
        assert_eq!(declared(Some("json")), Declared::Unknown);
        assert_eq!(declared(None), Declared::Unknown);
    }

    #[test]
    fn phrase_lists() {
        let v = phrases(
            r#"[{"speaker":"Оператор","text":"Здравствуйте"},{"role":"client","phrase":"Добрый день"},"Алло",null,{"text":"…"}]"#,
        );
        assert_eq!(v, Value::Str(Cow::Owned("Оператор: Здравствуйте\nclient: Добрый день\nАлло\n…".to_string())));
        assert!(matches!(phrases(r#"[{"speaker":"a"}]"#), Value::Invalid(_)));
        assert!(matches!(phrases(r#"[true]"#), Value::Invalid(_)));
        assert!(matches!(phrases(r#"[{"text":{"x":1}}]"#), Value::Invalid(_)));
    }
}
