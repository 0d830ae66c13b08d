//! The crate's error: every failure a host can see, each with a stable code.

use crate::matching::MatchingError;
use crate::phone::PhoneError;

/// Every error a function of this crate returns to its host.
///
/// [`Error::code`] is stable and machine-readable; the message (`Display`) names the
/// field and says what is wrong, and never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// An input that should be a phone number is not one.
    #[error(transparent)]
    Phone(#[from] PhoneError),
    /// A matching call failed: a client, the project, an answer, the index's room, or a
    /// matcher call out of order.
    #[error(transparent)]
    Matching(MatchingError),
    /// An argument has the wrong type or shape.
    #[error("{field}: {problem}")]
    InvalidArgument { field: String, problem: String },
}

impl Error {
    /// The stable code of the error, such as `invalid_phone`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Phone(_) => "invalid_phone",
            Error::Matching(e) => e.code(),
            Error::InvalidArgument { .. } => "invalid_argument",
        }
    }

    /// A finer, also stable, reason within the code (`too_few_digits`), if there is one.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Error::Phone(e) => Some(e.reason()),
            Error::Matching(e) => Some(e.reason()),
            Error::InvalidArgument { .. } => None,
        }
    }
}

impl From<MatchingError> for Error {
    /// A phone error stays a phone error (`invalid_phone`), whichever call met it.
    fn from(e: MatchingError) -> Error {
        match e {
            MatchingError::Phone(p) => Error::Phone(p),
            other => Error::Matching(other),
        }
    }
}
