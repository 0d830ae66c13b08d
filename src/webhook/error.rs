//! Why a webhook could not be read.

use super::field::{Field, FieldName};
use crate::phone::{PhoneError, Quoted};

/// Why a webhook could not be read. [`WebhookError::reason`] is stable; the message names
/// the field (its key as sent, and the canonical key when they differ) and the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("body is empty")]
    Empty,
    #[error("body is {len} bytes, over the limit of {max}")]
    TooLarge { len: usize, max: usize },
    #[error("body is not UTF-8: invalid byte at offset {at}")]
    NotUtf8 { at: usize },
    #[error("content type {content_type}: not supported; send JSON, a form or a query string")]
    UnsupportedContentType { content_type: Quoted },
    #[error("body is not JSON: {detail}")]
    NotJson { detail: String },
    #[error("body is JSON but not an object")]
    NotObject,
    #[error("{}: missing (accepted keys: {}{})", .field.name(), .field.keys().join(", "), missing_hint(*.field))]
    MissingField { field: Field },
    #[error("{name}: {len} bytes, over the limit of {max}")]
    TooLong { name: FieldName, len: usize, max: usize },
    #[error("{name}: {problem}")]
    InvalidValue { name: FieldName, problem: String },
    #[error("{name}: {value} is not an action; expected dial, complete or text")]
    InvalidAction { name: FieldName, value: Quoted },
    #[error("{name}: {value} is not a direction; expected in or out")]
    InvalidDirection { name: FieldName, value: Quoted },
    #[error("{name}: {value} is not a call status; expected one like Success, Busy, Missed, ANSWERED, NO ANSWER")]
    InvalidStatus { name: FieldName, value: Quoted },
    #[error("{name}: {value} is not a duration: {problem}")]
    InvalidDuration { name: FieldName, value: Quoted, problem: &'static str },
    #[error("{name}: {value} is not a time: {problem}")]
    InvalidTime { name: FieldName, value: Quoted, problem: &'static str },
    #[error("{name}: {value} is not a link: {problem}")]
    InvalidLink { name: FieldName, value: Quoted, problem: &'static str },
    #[error("{name}: {source}")]
    InvalidPhone { name: FieldName, source: PhoneError },
}

fn missing_hint(field: Field) -> &'static str {
    match field {
        Field::Phone => "; or caller/from on an inbound call, callee/to on an outbound one",
        Field::Status => "; a complete event needs a status or a talk duration",
        _ => "",
    }
}

impl WebhookError {
    /// The stable machine-readable reason, one per variant.
    pub fn reason(&self) -> &'static str {
        match self {
            WebhookError::Empty => "empty",
            WebhookError::TooLarge { .. } => "too_large",
            WebhookError::NotUtf8 { .. } => "not_utf8",
            WebhookError::UnsupportedContentType { .. } => "unsupported_content_type",
            WebhookError::NotJson { .. } => "not_json",
            WebhookError::NotObject => "not_object",
            WebhookError::MissingField { .. } => "missing_field",
            WebhookError::TooLong { .. } => "too_long",
            WebhookError::InvalidValue { .. } => "invalid_value",
            WebhookError::InvalidAction { .. } => "invalid_action",
            WebhookError::InvalidDirection { .. } => "invalid_direction",
            WebhookError::InvalidStatus { .. } => "invalid_status",
            WebhookError::InvalidDuration { .. } => "invalid_duration",
            WebhookError::InvalidTime { .. } => "invalid_time",
            WebhookError::InvalidLink { .. } => "invalid_link",
            WebhookError::InvalidPhone { .. } => "invalid_phone",
        }
    }

    /// The canonical key of the field at fault, if the fault is in one field.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            WebhookError::MissingField { field } => Some(field.name()),
            WebhookError::TooLong { name, .. }
            | WebhookError::InvalidValue { name, .. }
            | WebhookError::InvalidAction { name, .. }
            | WebhookError::InvalidDirection { name, .. }
            | WebhookError::InvalidStatus { name, .. }
            | WebhookError::InvalidDuration { name, .. }
            | WebhookError::InvalidTime { name, .. }
            | WebhookError::InvalidLink { name, .. }
            | WebhookError::InvalidPhone { name, .. } => Some(name.field.name()),
            _ => None,
        }
    }
}
