//! A call event: what one SipOut webhook says happened to one call.

use std::borrow::Cow;
use std::fmt;

use crate::json_writer::{JsonWriter, WriteJson};
use crate::phone::{fold_letter, Phone, Quoted};
use crate::time::EventTime;
use crate::webhook::{Field, FieldName, Fields, Slot, WebhookError, MAX_VALUE_BYTES};

/// The longest call, in seconds, a duration may give (a week); more is a misread unit.
pub const MAX_DURATION_SEC: u32 = 7 * 24 * 3600;

/// The longest extension (an employee's internal number) that a caller or callee field
/// may be taken as, in digits; longer digit runs are phones or nothing.
pub const MAX_EXTENSION_DIGITS: usize = 8;

/// What the event reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Action {
    /// The conversation started.
    Dial,
    /// The call ended.
    Complete,
    /// The conversation's text, from speech analytics, minutes after the end.
    Text,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Dial => "dial",
            Action::Complete => "complete",
            Action::Text => "text",
        }
    }

    /// Reads `dial`, `complete`, `text` and their common synonyms, in any case.
    pub fn parse(value: &str) -> Option<Action> {
        match Folded::new(value).as_str() {
            "dial" | "start" | "started" | "ring" | "ringing" | "answer" | "answered" | "callstart" => {
                Some(Action::Dial)
            }
            "complete" | "completed" | "end" | "ended" | "hangup" | "finish" | "finished" | "callend" => {
                Some(Action::Complete)
            }
            "text" | "transcription" | "transcript" | "calltext" => Some(Action::Text),
            _ => None,
        }
    }
}

/// Who called whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Direction {
    /// The client called the company.
    In,
    /// The company called the client.
    Out,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    /// Reads `in`, `out` and their common synonyms (`inbound`, `outgoing`…), in any case.
    pub fn parse(value: &str) -> Option<Direction> {
        match Folded::new(value).as_str() {
            "in" | "inbound" | "incoming" | "input" | "входящий" => Some(Direction::In),
            "out" | "outbound" | "outgoing" | "output" | "исходящий" => Some(Direction::Out),
            _ => None,
        }
    }
}

/// How the call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Status {
    Success,
    Busy,
    Missed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Success => "Success",
            Status::Busy => "Busy",
            Status::Missed => "Missed",
        }
    }

    /// Reads a status in any case, ignoring spaces, `_` and `-`: `Success`, `ANSWERED`,
    /// `answer` → Success; `BUSY` → Busy; `Missed`, `NO ANSWER`, `NOANSWER`, `cancel`,
    /// `failed` and the like → Missed.
    pub fn parse(value: &str) -> Option<Status> {
        match Folded::new(value).as_str() {
            "success" | "successful" | "answered" | "answer" | "ok" | "completed" | "успешно" | "успешный"
            | "отвечен" => Some(Status::Success),
            "busy" | "userbusy" | "linebusy" | "занято" => Some(Status::Busy),
            "missed"
            | "noanswer"
            | "notanswered"
            | "unanswered"
            | "cancel"
            | "canceled"
            | "cancelled"
            | "failed"
            | "fail"
            | "failure"
            | "congestion"
            | "chanunavail"
            | "unavailable"
            | "rejected"
            | "declined"
            | "timeout"
            | "пропущен"
            | "пропущенный"
            | "неотвечен" => Some(Status::Missed),
            _ => None,
        }
    }
}

/// `"dial"`, `"complete"`, `"text"`.
impl WriteJson for Action {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.as_str());
    }
}

/// `"in"`, `"out"`.
impl WriteJson for Direction {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.as_str());
    }
}

/// `"Success"`, `"Busy"`, `"Missed"`.
impl WriteJson for Status {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.as_str());
    }
}

/// The longest word [`Folded`] holds, in UTF-8 bytes; longer values match no word.
const MAX_WORD_BYTES: usize = 32;

/// A value folded for comparing words, without allocating: lower case, without white
/// space, `_`, `-`, `.`; empty when it is longer than any word.
struct Folded {
    bytes: [u8; MAX_WORD_BYTES],
    len: usize,
}

impl Folded {
    fn new(value: &str) -> Folded {
        let mut folded = Folded { bytes: [0; MAX_WORD_BYTES], len: 0 };
        for c in value.chars() {
            if c.is_whitespace() || matches!(c, '_' | '-' | '.') {
                continue;
            }
            // The words are lower-case ASCII and Cyrillic: folding those letters is enough.
            let mut buf = [0u8; 4];
            let encoded = fold_letter(c).encode_utf8(&mut buf).as_bytes();
            // `len` stays within MAX_WORD_BYTES: the addition cannot wrap.
            let end = folded.len.wrapping_add(encoded.len());
            match folded.bytes.get_mut(folded.len..end) {
                Some(slot) => slot.copy_from_slice(encoded),
                None => return Folded { bytes: [0; MAX_WORD_BYTES], len: 0 },
            }
            folded.len = end;
        }
        folded
    }

    fn as_str(&self) -> &str {
        self.bytes.get(..self.len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default()
    }
}

/// A link to a call's recording: an absolute `http` or `https` URL, never anything a
/// browser would run (`javascript:`, `data:`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct RecordLink(String);

impl RecordLink {
    /// The link, if `value` (trimmed) is an absolute http(s) URL with a host and no white
    /// space, control characters, quotes or angle brackets; why not otherwise.
    pub fn parse(value: &str) -> Result<RecordLink, &'static str> {
        let value = crate::text::trim(value);
        let lower_starts = |p: &str| value.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p));
        let rest = if lower_starts("https://") {
            value.get(8..)
        } else if lower_starts("http://") {
            value.get(7..)
        } else {
            return Err("only http and https links are accepted");
        }
        .unwrap_or_default();
        if rest.is_empty() || rest.starts_with(['/', '?', '#', '@', ':']) {
            return Err("the link has no host");
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')) {
            return Err("a link holds no white space, control characters, quotes or angle brackets");
        }
        Ok(RecordLink(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A string: the link.
impl WriteJson for RecordLink {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(&self.0);
    }
}

impl fmt::Display for RecordLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One SipOut webhook, read: a call's start (`dial`), end (`complete`) or conversation text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct CallEvent {
    /// SipOut's id of the call: the same for the call's every event.
    pub call_id: String,
    pub action: Action,
    pub direction: Direction,
    /// The client's phone, canonical.
    #[cfg_attr(feature = "serde", serde(serialize_with = "phone_text"))]
    pub phone: Phone,
    /// The number the client called (inbound calls), canonical.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", serialize_with = "optional_phone_text")
    )]
    pub did: Option<Phone>,
    /// The employee's internal number.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub extension: Option<String>,
    /// How the call ended: on `complete` events.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub status: Option<Status>,
    /// The status as the webhook spelled it (`ANSWERED`); none when the status was
    /// inferred from the talk duration.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub status_raw: Option<String>,
    /// The whole call in seconds, ringing included.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub total_duration_sec: Option<u32>,
    /// The conversation in seconds.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub talk_duration_sec: Option<u32>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub record_link: Option<RecordLink>,
    /// The conversation's text (`text` events): one line per phrase, `speaker: words`
    /// when the webhook named the speakers.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub text: Option<String>,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub time: Option<EventTime>,
    /// The same for every delivery of the same event; different for different events.
    /// See [`CallEvent::compute_dedup_key`].
    pub dedup_key: String,
}

/// `{"callId", "action", "direction", "phone", "did"?, "extension"?, "status"?,
/// "statusRaw"?, "totalDurationSec"?, "talkDurationSec"?, "recordLink"?, "text"?, "time"?,
/// "dedupKey"}`, absent values left out.
impl WriteJson for CallEvent {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("callId", &self.call_id);
        w.field("action", &self.action);
        w.field("direction", &self.direction);
        w.field("phone", &self.phone);
        w.optional("did", self.did.as_ref());
        w.optional_str("extension", self.extension.as_deref());
        w.optional("status", self.status.as_ref());
        w.optional_str("statusRaw", self.status_raw.as_deref());
        w.optional("totalDurationSec", self.total_duration_sec.as_ref());
        w.optional("talkDurationSec", self.talk_duration_sec.as_ref());
        w.optional("recordLink", self.record_link.as_ref());
        w.optional_str("text", self.text.as_deref());
        w.optional("time", self.time.as_ref());
        w.field_str("dedupKey", &self.dedup_key);
        w.end_object();
    }
}

impl CallEvent {
    /// The event's deduplication key: `action:call_id:hash`, where the hash (64-bit
    /// FNV-1a, 16 hex digits) covers everything the event says but how its status was
    /// spelled: each field's text (UTF-8, empty when absent; in the order of the struct;
    /// durations in decimal, the time as [`EventTime`] writes it) followed by a byte 0xFF,
    /// which UTF-8 never holds. A webhook delivered twice gives the same key in any body
    /// format and spelling; a call's `dial`, `complete` and `text`, or two events that
    /// differ in anything else, give different keys.
    pub fn compute_dedup_key(&self) -> String {
        let mut h = Fnv::new();
        let mut number = NumberText::default();
        h.part(self.call_id.as_bytes());
        h.part(self.action.as_str().as_bytes());
        h.part(self.direction.as_str().as_bytes());
        h.part(&self.phone.digits());
        match self.did {
            Some(did) => h.part(&did.digits()),
            None => h.part(b""),
        }
        h.part(self.extension.as_deref().unwrap_or_default().as_bytes());
        h.part(self.status.map(Status::as_str).unwrap_or_default().as_bytes());
        h.part(number.of(self.total_duration_sec));
        h.part(number.of(self.talk_duration_sec));
        h.part(self.record_link.as_ref().map(RecordLink::as_str).unwrap_or_default().as_bytes());
        h.part(self.text.as_deref().unwrap_or_default().as_bytes());
        let mut iso = [0u8; crate::time::ISO_MAX_BYTES];
        h.part(self.time.map(|t| t.write_iso(&mut iso)).unwrap_or_default().as_bytes());
        let mut key = String::with_capacity(self.call_id.len().saturating_add(26));
        for piece in [self.action.as_str(), ":", &self.call_id, ":"] {
            key.push_str(piece);
        }
        // The hash in 16 hexadecimal digits, written as bytes and added at once.
        let mut hex = [b'0'; 16];
        for (slot, shift) in hex.iter_mut().zip((0..64).step_by(4).rev()) {
            *slot = b"0123456789abcdef".get((h.0 >> shift & 0xf) as usize).copied().unwrap_or(b'0');
        }
        key.push_str(std::str::from_utf8(&hex).unwrap_or_default());
        key
    }

    /// The event with its [`dedup_key`](CallEvent::dedup_key) set, if it has none (an
    /// event a host built itself).
    pub fn with_dedup_key(mut self) -> CallEvent {
        if self.dedup_key.is_empty() {
            self.dedup_key = self.compute_dedup_key();
        }
        self
    }

    /// Builds the event from the fields a body gave.
    pub(crate) fn from_fields(fields: &Fields<'_>) -> Result<CallEvent, WebhookError> {
        let call_id = required_text(fields, Field::CallId)?.into_owned();
        let action = required_word(fields, Field::Action, Action::parse, |name, value| WebhookError::InvalidAction {
            name,
            value,
        })?;
        let direction = required_word(fields, Field::Direction, Direction::parse, |name, value| {
            WebhookError::InvalidDirection { name, value }
        })?;

        // The client: call_phone, or the caller of an inbound call, the callee of an
        // outbound one. The other side may name the line (DID) or the employee.
        let (client_side, company_side) = match direction {
            Direction::In => (Field::Caller, Field::Callee),
            Direction::Out => (Field::Callee, Field::Caller),
        };
        let phone = match phone_field(fields, Field::Phone)? {
            Some(p) => p,
            None => phone_field(fields, client_side)?.ok_or(WebhookError::MissingField { field: Field::Phone })?,
        };
        let company = optional_text(fields, company_side)?;
        let company_phone = company.as_deref().filter(|_| direction == Direction::In).and_then(Phone::try_parse);
        let company_extension = company
            .as_deref()
            .map(str::trim)
            .filter(|t| (1..=MAX_EXTENSION_DIGITS).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()));
        let did = match phone_field(fields, Field::Did)? {
            Some(p) => Some(p),
            None => company_phone,
        };
        let extension = match optional_text(fields, Field::Extension)? {
            Some(e) => Some(e.into_owned()),
            None => company_extension.map(str::to_string),
        };

        let total_duration_sec = duration(fields, Field::TotalDuration)?;
        let talk_duration_sec = duration(fields, Field::TalkDuration)?;
        let (status, status_raw) = if action == Action::Complete {
            match optional_text(fields, Field::Status)? {
                Some(text) => {
                    let status = Status::parse(&text).ok_or_else(|| WebhookError::InvalidStatus {
                        name: fields.name(Field::Status),
                        value: Quoted::new(&text),
                    })?;
                    // An event read back carries the first spelling beside the status.
                    let raw = optional_text(fields, Field::StatusRaw)?.unwrap_or(text);
                    (Some(status), Some(raw.into_owned()))
                }
                // No status: a conversation that took time succeeded, one that took none
                // was missed.
                None => match talk_duration_sec {
                    Some(0) => (Some(Status::Missed), None),
                    Some(_) => (Some(Status::Success), None),
                    None => return Err(WebhookError::MissingField { field: Field::Status }),
                },
            }
        } else {
            (None, None)
        };

        let record_link = match optional_text(fields, Field::RecordLink)? {
            Some(text) => Some(RecordLink::parse(&text).map_err(|problem| WebhookError::InvalidLink {
                name: fields.name(Field::RecordLink),
                value: Quoted::new(&text),
                problem,
            })?),
            None => None,
        };
        let time = time(fields)?;
        let text = conversation(fields)?;

        let event = CallEvent {
            call_id,
            action,
            direction,
            phone,
            did,
            extension,
            status,
            status_raw,
            total_duration_sec,
            talk_duration_sec,
            record_link,
            text,
            time,
            dedup_key: String::new(),
        };
        Ok(event.with_dedup_key())
    }
}

/// A field's value as text (trimmed; numbers written out), if the body has it; an error if
/// it is an object, a list, a boolean, or too long.
fn optional_text<'b>(fields: &'b Fields<'_>, field: Field) -> Result<Option<Cow<'b, str>>, WebhookError> {
    let Some(slot) = fields.get(field) else { return Ok(None) };
    let text = slot_text(slot, field)?;
    let len = text.len();
    if len > MAX_VALUE_BYTES {
        return Err(WebhookError::TooLong { name: slot.name(field), len, max: MAX_VALUE_BYTES });
    }
    Ok(Some(text))
}

fn slot_text<'b>(slot: &'b Slot<'_>, field: Field) -> Result<Cow<'b, str>, WebhookError> {
    match slot.value.text() {
        Some(s) => Ok(Cow::Borrowed(crate::text::trim(s))),
        None => Err(WebhookError::InvalidValue { name: slot.name(field), problem: slot.value.not_text() }),
    }
}

fn required_text<'b>(fields: &'b Fields<'_>, field: Field) -> Result<Cow<'b, str>, WebhookError> {
    optional_text(fields, field)?.ok_or(WebhookError::MissingField { field })
}

fn required_word<T>(
    fields: &Fields<'_>,
    field: Field,
    parse: fn(&str) -> Option<T>,
    error: fn(FieldName, Quoted) -> WebhookError,
) -> Result<T, WebhookError> {
    let text = required_text(fields, field)?;
    parse(&text).ok_or_else(|| error(fields.name(field), Quoted::new(&text)))
}

fn phone_field(fields: &Fields<'_>, field: Field) -> Result<Option<Phone>, WebhookError> {
    let Some(text) = optional_text(fields, field)? else { return Ok(None) };
    Phone::parse(&text).map(Some).map_err(|source| WebhookError::InvalidPhone { name: fields.name(field), source })
}

fn duration(fields: &Fields<'_>, field: Field) -> Result<Option<u32>, WebhookError> {
    let Some(slot) = fields.get(field) else { return Ok(None) };
    let text = slot_text(slot, field)?;
    parse_duration(&text).map(Some).map_err(|problem| WebhookError::InvalidDuration {
        name: slot.name(field),
        value: Quoted::new(&text),
        problem,
    })
}

/// A duration in seconds: `65`, `65.4` (rounded to the nearest second), `1:05`, `0:01:05`;
/// at most [`MAX_DURATION_SEC`].
pub fn parse_duration(text: &str) -> Result<u32, &'static str> {
    let seconds = read_duration(text)?;
    if seconds > MAX_DURATION_SEC {
        return Err("longer than a week");
    }
    Ok(seconds)
}

fn read_duration(text: &str) -> Result<u32, &'static str> {
    const SHAPE: &str = "expected whole seconds (65), decimal seconds (65.4) or [h:]mm:ss (1:05)";
    let text = crate::text::trim(text);
    if text.starts_with('-') {
        return Err("negative");
    }
    if text.contains(':') {
        let mut total: u32 = 0;
        let mut parts = 0u32;
        for (i, part) in text.split(':').enumerate() {
            let n = whole(part).ok_or(SHAPE)?;
            if i > 0 && (n > 59 || part.len() != 2) {
                return Err(SHAPE);
            }
            total = total.checked_mul(60).and_then(|t| t.checked_add(n)).ok_or("longer than a week")?;
            parts = parts.saturating_add(1);
        }
        return if parts <= 3 { Ok(total) } else { Err(SHAPE) };
    }
    let (int, frac) = text.split_once(['.', ',']).unwrap_or((text, ""));
    let mut seconds = whole(int).ok_or(SHAPE)?;
    if !frac.is_empty() || text.len() != int.len() {
        let first = frac.bytes().next().filter(|_| frac.bytes().all(|b| b.is_ascii_digit())).ok_or(SHAPE)?;
        if first >= b'5' {
            seconds = seconds.checked_add(1).ok_or("longer than a week")?;
        }
    }
    Ok(seconds)
}

/// ASCII digits as a number, without allocating; `None` for anything else or over `u32`.
fn whole(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u32, |n, b| {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n.checked_mul(10)?.checked_add(u32::from(d))
    })
}

fn time(fields: &Fields<'_>) -> Result<Option<EventTime>, WebhookError> {
    let Some(slot) = fields.get(Field::Time) else { return Ok(None) };
    let text = slot_text(slot, Field::Time)?;
    EventTime::parse(&text).map(Some).map_err(|problem| WebhookError::InvalidTime {
        name: slot.name(Field::Time),
        value: Quoted::new(&text),
        problem,
    })
}

/// The conversation text: only the body's size bounds it.
fn conversation(fields: &Fields<'_>) -> Result<Option<String>, WebhookError> {
    let Some(slot) = fields.get(Field::Text) else { return Ok(None) };
    let text = slot_text(slot, Field::Text)?;
    Ok(Some(text.into_owned()).filter(|t| !t.is_empty()))
}

/// 64-bit FNV-1a over parts, each followed by 0xFF.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }

    fn part(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
        self.byte(0xff);
    }
}

/// A number's decimal digits, without allocating.
#[derive(Default)]
struct NumberText([u8; 10]);

impl NumberText {
    fn of(&mut self, n: Option<u32>) -> &[u8] {
        let Some(mut n) = n else { return b"" };
        let mut at = self.0.len();
        loop {
            at = at.saturating_sub(1);
            if let Some(slot) = self.0.get_mut(at) {
                *slot = b'0'.wrapping_add((n % 10) as u8);
            }
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        self.0.get(at..).unwrap_or_default()
    }
}

/// A phone as JSON: its canonical digits.
#[cfg(feature = "serde")]
pub(crate) fn phone_text<S: serde::Serializer>(phone: &Phone, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(phone)
}

#[cfg(feature = "serde")]
pub(crate) fn optional_phone_text<S: serde::Serializer>(phone: &Option<Phone>, s: S) -> Result<S::Ok, S::Error> {
    match phone {
        Some(p) => s.collect_str(p),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("65"), Ok(65));
        assert_eq!(parse_duration(" 65 "), Ok(65));
        assert_eq!(parse_duration("65.4"), Ok(65));
        assert_eq!(parse_duration("65.5"), Ok(66));
        assert_eq!(parse_duration("65,7"), Ok(66));
        assert_eq!(parse_duration("1:05"), Ok(65));
        assert_eq!(parse_duration("01:01:05"), Ok(3665));
        assert_eq!(parse_duration("0"), Ok(0));
        for bad in ["", "abc", "-1", "1:5", "1:60", "1:2:3:4", "65.", ".5", "6 5", "1e3", "65.x", "99999999999"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn links() {
        assert!(RecordLink::parse("https://rec.example.ru/a.mp3?x=1&y=2").is_ok());
        assert!(RecordLink::parse("HTTP://rec.example.ru/a.mp3").is_ok());
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<b>",
            "//rec.example.ru/a",
            "ftp://rec.example.ru/a",
            "https://",
            "https:///path",
            "https://host/a b",
            "https://host/\"onmouseover=\"x",
            "https://host/<script>",
            "rec.example.ru/a.mp3",
        ] {
            assert!(RecordLink::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn words() {
        assert_eq!(Status::parse("NO ANSWER"), Some(Status::Missed));
        assert_eq!(Status::parse("no_answer"), Some(Status::Missed));
        assert_eq!(Status::parse("ANSWERED"), Some(Status::Success));
        assert_eq!(Status::parse("Busy"), Some(Status::Busy));
        assert_eq!(Status::parse("ringing"), None);
        assert_eq!(Direction::parse("Inbound"), Some(Direction::In));
        assert_eq!(Action::parse("Hangup"), Some(Action::Complete));
    }
}
