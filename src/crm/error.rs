//! Why CRM requests could not be built.

/// Why the CRM forwarding refused its input. [`CrmError::code`] and [`CrmError::reason`]
/// are stable; the message names the field (`crm.amocrm.baseUrl`) and the problem.
///
/// No message ever holds a secret: the amoCRM access token and the Bitrix24 webhook URL
/// (whose path holds the webhook's token) are never quoted, whatever is wrong with them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CrmError {
    /// The CRM settings (`crm`) are not valid.
    #[error("{field}: {problem}")]
    Settings { field: String, reason: &'static str, problem: String },
    /// The state the host kept for the call (`state`) is not valid.
    #[error("{field}: {problem}")]
    State { field: String, reason: &'static str, problem: String },
    /// The notifications to forward are over a limit.
    #[error("{field}: {problem}")]
    Input { field: String, reason: &'static str, problem: String },
    /// A CRM's answer cannot be read.
    #[error("{field}: {problem}")]
    Answer { field: String, reason: &'static str, problem: String },
}

impl CrmError {
    /// The stable code: `invalid_crm_settings`, `invalid_crm_state`, `invalid_crm_input` or
    /// `invalid_crm_answer`.
    pub fn code(&self) -> &'static str {
        match self {
            CrmError::Settings { .. } => "invalid_crm_settings",
            CrmError::State { .. } => "invalid_crm_state",
            CrmError::Input { .. } => "invalid_crm_input",
            CrmError::Answer { .. } => "invalid_crm_answer",
        }
    }

    /// The stable reason within the code, such as `not_https` or `missing_field`.
    pub fn reason(&self) -> &'static str {
        match self {
            CrmError::Settings { reason, .. }
            | CrmError::State { reason, .. }
            | CrmError::Input { reason, .. }
            | CrmError::Answer { reason, .. } => reason,
        }
    }

    /// The field at fault, as the message names it.
    pub fn field(&self) -> &str {
        match self {
            CrmError::Settings { field, .. }
            | CrmError::State { field, .. }
            | CrmError::Input { field, .. }
            | CrmError::Answer { field, .. } => field,
        }
    }
}

/// Which of the host's inputs a reader reads: it decides the error's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Settings,
    State,
    Input,
    Answer,
}

impl Source {
    /// The error about `field`. Out of line: refusals are rare, and inlined into every
    /// check they would make the module larger.
    #[cold]
    #[inline(never)]
    pub(crate) fn error(self, field: &str, reason: &'static str, problem: &str) -> CrmError {
        let (field, problem) = (field.to_string(), problem.to_string());
        match self {
            Source::Settings => CrmError::Settings { field, reason, problem },
            Source::State => CrmError::State { field, reason, problem },
            Source::Input => CrmError::Input { field, reason, problem },
            Source::Answer => CrmError::Answer { field, reason, problem },
        }
    }
}
