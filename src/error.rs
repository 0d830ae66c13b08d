//! The crate's error: every failure a host can see, each with a stable code.

use crate::block::BlockError;
use crate::calling::CallingError;
use crate::crm::CrmError;
use crate::matching::MatchingError;
use crate::phone::PhoneError;
use crate::settings::SettingsError;
use crate::webhook::WebhookError;
use crate::widget::WidgetError;

/// Every error a function of this crate returns to its host.
///
/// [`Error::code`] is stable and machine-readable; the message (`Display`) names the
/// field and says what is wrong, and never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// An input that should be a phone number is not one.
    #[error(transparent)]
    Phone(#[from] PhoneError),
    /// A webhook body that cannot be read as a call event. A phone in it that is not one
    /// is this too (reason `invalid_phone`), its message naming the field.
    #[error(transparent)]
    Webhook(#[from] WebhookError),
    /// Settings (or extensions to apply to them) that break a rule: code `invalid_settings`.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// A callback widget URL that cannot be used: code `invalid_widget_url`.
    #[error(transparent)]
    Widget(#[from] WidgetError),
    /// A call that cannot be set up: codes `unknown_employee`, `no_extension`, `invalid_card`.
    #[error(transparent)]
    Calling(#[from] CallingError),
    /// A block action called with arguments that do not fit the manifest, or one that
    /// does not exist.
    #[error(transparent)]
    Block(#[from] BlockError),
    /// CRM settings, the state kept for a call, or a CRM's answer that cannot be used;
    /// the code says which (`invalid_crm_settings`…), the message names the field.
    #[error(transparent)]
    Crm(#[from] CrmError),
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
            Error::Phone(_) => PhoneError::CODE,
            Error::Webhook(_) => "invalid_webhook",
            Error::Settings(_) => "invalid_settings",
            Error::Widget(_) => "invalid_widget_url",
            Error::Calling(e) => e.code(),
            Error::Block(_) => BlockError::CODE,
            Error::Crm(e) => e.code(),
            Error::Matching(e) => e.code(),
            Error::InvalidArgument { .. } => "invalid_argument",
        }
    }

    /// A finer, also stable, reason within the code (`too_few_digits`), if there is one.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Error::Phone(e) => Some(e.reason()),
            Error::Webhook(e) => Some(e.reason()),
            Error::Settings(e) => Some(e.reason()),
            Error::Widget(e) => Some(e.reason()),
            Error::Calling(e) => e.reason(),
            Error::Block(e) => Some(e.reason()),
            Error::Crm(e) => Some(e.reason()),
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
