//! Why settings are refused: the field's path and the problem. No message holds the API key.

use super::api_key::ApiKeyProblem;
use crate::http_url::UrlError;
use crate::json::JsonError;

/// Settings, or extensions to apply to them, that are refused (code `invalid_settings`).
///
/// `field` is the path of the offending value, such as `employees[2].extension`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct SettingsError {
    pub field: String,
    pub problem: SettingsProblem,
}

impl SettingsError {
    pub(crate) fn new(field: impl Into<String>, problem: SettingsProblem) -> Self {
        SettingsError { field: field.into(), problem }
    }

    /// The stable reason, such as `duplicate_extension`.
    pub fn reason(&self) -> &'static str {
        self.problem.reason()
    }
}

/// What is wrong with one value of the settings. Values are quoted (short, escaped) where
/// it helps, except the API key, which is never quoted, nor anything that holds it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsProblem {
    #[error("is not valid JSON: {what} at line {line}, column {column}")]
    Json { what: &'static str, line: usize, column: usize },
    #[error("is {len} bytes long, over the limit of {max}")]
    TooLarge { len: usize, max: usize },
    #[error("expected {expected}, got {got}")]
    WrongType { expected: &'static str, got: &'static str },
    #[error("is required")]
    Missing,
    #[error("is not a known field; the known ones are {known}")]
    UnknownField { known: &'static str },
    #[error("{0}")]
    ApiKey(ApiKeyProblem),
    #[error("is blank")]
    Blank,
    #[error("is {len} characters long, over the limit of {max}")]
    TooLong { len: usize, max: usize },
    #[error("holds a control character")]
    ControlCharacter,
    #[error("has {count} items, over the limit of {max}")]
    TooMany { count: usize, max: usize },
    #[error("{id} is also the id of employees[{first}]")]
    DuplicateId { id: String, first: usize },
    #[error("{got} is not a calling mode; expected \"app\", \"sipout_api\" or \"disabled\"")]
    UnknownCallMode { got: String },
    #[error("{got} is not an extension: 2 to 6 digits")]
    InvalidExtension { got: String },
    #[error("{extension} is also the extension of employees[{first}] (id {id}); extensions are unique in a project")]
    DuplicateExtension { extension: String, first: usize, id: String },
    #[error("is missing: an employee in sipout_api mode needs the extension assigned to them in SipOut")]
    NoExtension,
    #[error("{got} is not a messenger name: 1 to 32 of a–z, 0–9, '_' and '-'")]
    InvalidMessenger { got: String },
    #[error("{0}")]
    Url(UrlError),
    #[error("is a fractional number or an integer beyond 64 bits; the CRM part holds whole numbers only (write this one as a string)")]
    FractionalNumber,
    #[error("holds the API key, which belongs in apiKey only")]
    HoldsApiKey,
    #[error("{id} is not an employee of the project")]
    UnknownEmployee { id: String },
    #[error("{id} is also the id of assignments[{first}]")]
    DuplicateAssignment { id: String, first: usize },
}

impl SettingsProblem {
    /// A JSON syntax error in `text`, told by its place only: the line (from 1) and the
    /// column (in bytes, from 1) of the offending byte, or of the last byte when the text
    /// ends too early. A JS host never sends such text, as it comes from `JSON.stringify`.
    pub(crate) fn json(text: &str, e: JsonError) -> SettingsProblem {
        let ended = e.at >= text.len() || e.problem == "unterminated string";
        let what = if ended { "it ends too early" } else { "syntax error" };
        let upto = text.as_bytes().get(..e.at.saturating_add(1).min(text.len())).unwrap_or_default();
        let line_start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |i| i.saturating_add(1));
        let line = upto.iter().filter(|&&b| b == b'\n').count().saturating_add(1);
        SettingsProblem::Json { what, line, column: upto.len().saturating_sub(line_start) }
    }

    /// The stable reason, one per variant (an API key's or a URL's own reason for those).
    pub fn reason(&self) -> &'static str {
        match self {
            SettingsProblem::Json { .. } => "malformed_json",
            SettingsProblem::TooLarge { .. } => "too_large",
            SettingsProblem::WrongType { .. } => "wrong_type",
            SettingsProblem::Missing => "missing",
            SettingsProblem::UnknownField { .. } => "unknown_field",
            SettingsProblem::ApiKey(p) => p.reason(),
            SettingsProblem::Blank => "blank",
            SettingsProblem::TooLong { .. } => "too_long",
            SettingsProblem::ControlCharacter => "control_character",
            SettingsProblem::TooMany { .. } => "too_many",
            SettingsProblem::DuplicateId { .. } | SettingsProblem::DuplicateAssignment { .. } => "duplicate_id",
            SettingsProblem::UnknownCallMode { .. } => "unknown_call_mode",
            SettingsProblem::InvalidExtension { .. } => "invalid_extension",
            SettingsProblem::DuplicateExtension { .. } => "duplicate_extension",
            SettingsProblem::NoExtension => "no_extension",
            SettingsProblem::InvalidMessenger { .. } => "invalid_messenger",
            SettingsProblem::Url(e) => e.reason(),
            SettingsProblem::FractionalNumber => "fractional_number",
            SettingsProblem::HoldsApiKey => "holds_api_key",
            SettingsProblem::UnknownEmployee { .. } => "unknown_employee",
        }
    }
}
