//! The fields of a webhook and the keys they come under.

use std::fmt;

/// The fields of a call event that a webhook may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    CallId,
    Action,
    Direction,
    /// The client's phone.
    Phone,
    /// Who called: the client on an inbound call, the employee's side on an outbound one.
    Caller,
    /// Who was called: the client on an outbound call, the line or the employee on an
    /// inbound one.
    Callee,
    Did,
    Extension,
    Status,
    /// The status as first spelled, when it came separately (an event read back).
    StatusRaw,
    TotalDuration,
    TalkDuration,
    RecordLink,
    Time,
    Text,
}

pub(crate) const FIELD_COUNT: usize = 15;

impl Field {
    /// Every field, in the order of the enum.
    pub const ALL: [Field; FIELD_COUNT] = [
        Field::CallId,
        Field::Action,
        Field::Direction,
        Field::Phone,
        Field::Caller,
        Field::Callee,
        Field::Did,
        Field::Extension,
        Field::Status,
        Field::StatusRaw,
        Field::TotalDuration,
        Field::TalkDuration,
        Field::RecordLink,
        Field::Time,
        Field::Text,
    ];

    /// The field's canonical key, as errors name it.
    pub fn name(self) -> &'static str {
        self.keys().first().copied().unwrap_or_default()
    }

    /// The keys read as this field, the canonical one first. When a body holds several,
    /// the one listed first wins, and of one key repeated, its first non-empty value.
    pub const fn keys(self) -> &'static [&'static str] {
        match self {
            Field::CallId => &["call_id", "id", "call_uuid", "uuid"],
            Field::Action => &["call_action", "action", "event"],
            Field::Direction => &["call_direction", "direction"],
            Field::Phone => &["call_phone", "phone", "client_phone"],
            Field::Caller => &["caller", "from"],
            Field::Callee => &["callee", "to"],
            Field::Did => &["call_did", "did", "called_did"],
            Field::Extension => &["call_extension", "extension"],
            Field::Status => &["call_status", "status", "disposition"],
            Field::StatusRaw => &["call_status_raw", "status_raw"],
            Field::TotalDuration => &["call_total_duration_sec", "total_duration_sec", "duration"],
            Field::TalkDuration => &["call_talk_duration_sec", "talk_duration_sec", "billsec"],
            Field::RecordLink => &["call_record_link", "record_link", "record", "recording_url"],
            Field::Time => &["call_time", "time", "timestamp"],
            Field::Text => &["call_text", "text", "transcription"],
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// How many keys are accepted, over all fields.
// Evaluated at compile time: an index out of range is a build error, never a panic.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const ALIAS_COUNT: usize = {
    let mut n = 0;
    let mut f = 0;
    while f < FIELD_COUNT {
        n += Field::ALL[f].keys().len();
        f += 1;
    }
    n
};

/// Every accepted key with its field, as [`Field::keys`] lists them.
// Evaluated at compile time: an index out of range is a build error, never a panic.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
pub const ALIASES: [(&str, Field); ALIAS_COUNT] = {
    let mut table = [("", Field::CallId); ALIAS_COUNT];
    let mut n = 0;
    let mut f = 0;
    while f < FIELD_COUNT {
        let keys = Field::ALL[f].keys();
        let mut k = 0;
        while k < keys.len() {
            table[n] = (keys[k], Field::ALL[f]);
            n += 1;
            k += 1;
        }
        f += 1;
    }
    table
};

/// The longest accepted key once `_` and `-` are dropped (`calltotaldurationsec`).
const MAX_KEY_CHARS: usize = 24;

/// A key as [`lookup`] compares it: lower case, without `_` and `-`.
#[derive(Clone, Copy)]
struct Folded {
    bytes: [u8; MAX_KEY_CHARS],
    len: usize,
}

/// [`ALIASES`] folded, with each key's rank among its field's keys.
// Evaluated at compile time: an index out of range is a build error, never a panic.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const FOLDED: [(Folded, Field, u8); ALIAS_COUNT] = {
    let mut table = [(Folded { bytes: [0; MAX_KEY_CHARS], len: 0 }, Field::CallId, 0u8); ALIAS_COUNT];
    let mut n = 0;
    let mut f = 0;
    while f < FIELD_COUNT {
        let keys = Field::ALL[f].keys();
        let mut k = 0;
        while k < keys.len() {
            let key = keys[k].as_bytes();
            let mut folded = Folded { bytes: [0; MAX_KEY_CHARS], len: 0 };
            let mut i = 0;
            while i < key.len() {
                if key[i] != b'_' {
                    folded.bytes[folded.len] = key[i];
                    folded.len += 1;
                }
                i += 1;
            }
            table[n] = (folded, Field::ALL[f], k as u8);
            n += 1;
            k += 1;
        }
        f += 1;
    }
    table
};

/// The field a key names and its rank among the field's keys (0 for the canonical key).
/// Keys are compared in any ASCII case and with or without `_` and `-` between words.
pub fn lookup(key: &str) -> Option<(Field, u8)> {
    let mut bytes = [0u8; MAX_KEY_CHARS];
    let mut len = 0;
    for &b in key.as_bytes() {
        let lower = match b {
            b'_' | b'-' => continue,
            b'a'..=b'z' => b,
            b'A'..=b'Z' => b.to_ascii_lowercase(),
            _ => return None,
        };
        *bytes.get_mut(len)? = lower;
        // Below MAX_KEY_CHARS, or the line above returned.
        len = len.wrapping_add(1);
    }
    let folded = bytes.get(..len)?;
    FOLDED
        .iter()
        .find(|(f, _, _)| f.len == len && f.bytes.get(..len) == Some(folded))
        .map(|&(_, field, rank)| (field, rank))
}

/// The key of a field as the body spelled it, for messages: `billsec (call_talk_duration_sec)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName {
    pub field: Field,
    pub key: String,
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key == self.field.name() {
            f.write_str(&self.key)
        } else {
            write!(f, "{} ({})", self.key, self.field.name())
        }
    }
}
