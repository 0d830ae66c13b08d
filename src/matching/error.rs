//! Why a matching call failed.

use crate::phone::PhoneError;

/// Every error of the matcher and the index. [`MatchingError::code`] and
/// [`MatchingError::reason`] are stable; the message names the field and the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatchingError {
    /// The call's phone is not a phone number.
    #[error(transparent)]
    Phone(#[from] PhoneError),
    /// A client, given to the index or in the host's answer, cannot be taken.
    #[error("{field}: {problem}")]
    InvalidClient { field: String, reason: &'static str, problem: String },
    /// The project's messengers cannot be read.
    #[error("{field}: {problem}")]
    InvalidProject { field: String, reason: &'static str, problem: String },
    /// The host's answer to a step cannot be taken.
    #[error("{field}: {problem}")]
    InvalidAnswer { field: String, reason: &'static str, problem: String },
    /// The index holds as much as it can of something.
    #[error("{field}: the index is full: {problem}")]
    IndexFull { field: String, reason: &'static str, problem: String },
    /// A matcher call that does not fit the step the matcher is at.
    #[error("{call}: {problem}")]
    OutOfOrder { call: &'static str, reason: &'static str, problem: String },
}

impl MatchingError {
    /// The stable code: `invalid_phone`, `invalid_client`, `invalid_project`,
    /// `invalid_answer`, `index_full` or `matcher_out_of_order`.
    pub fn code(&self) -> &'static str {
        match self {
            MatchingError::Phone(_) => "invalid_phone",
            MatchingError::InvalidClient { .. } => "invalid_client",
            MatchingError::InvalidProject { .. } => "invalid_project",
            MatchingError::InvalidAnswer { .. } => "invalid_answer",
            MatchingError::IndexFull { .. } => "index_full",
            MatchingError::OutOfOrder { .. } => "matcher_out_of_order",
        }
    }

    /// The stable finer reason within the code, such as `duplicate_id`.
    pub fn reason(&self) -> &'static str {
        match self {
            MatchingError::Phone(e) => e.reason(),
            MatchingError::InvalidClient { reason, .. }
            | MatchingError::InvalidProject { reason, .. }
            | MatchingError::InvalidAnswer { reason, .. }
            | MatchingError::IndexFull { reason, .. }
            | MatchingError::OutOfOrder { reason, .. } => reason,
        }
    }
}
