//! Why a block action could not be called.

use crate::phone::Quoted;

/// The longest action or parameter name an error repeats, in characters.
const NAME_CHARS: usize = 64;

/// A call of a block action that does not fit the manifest: an unknown action, arguments
/// that are not a JSON object, or a parameter that is missing, unknown, given twice, of the
/// wrong type or out of its values. Code `invalid_block_call`; [`BlockError::reason`] is
/// stable, and the message names the action and the parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlockError {
    /// Reason `unknown_action`.
    #[error("{quoted}: not an action of this module (the manifest lists them)")]
    UnknownAction { name: String, quoted: Quoted },
    /// The arguments as a whole: reasons `not_utf8`, `too_large`, `not_json`, `not_object`.
    #[error("{action}: arguments: {problem}")]
    Arguments { action: &'static str, reason: &'static str, problem: String },
    /// One parameter: reasons `missing_parameter`, `unknown_parameter`,
    /// `duplicate_parameter`, `wrong_type`, `invalid_value`.
    #[error("{action}: {}: {problem}", shown(.parameter, .reason))]
    Parameter { action: &'static str, parameter: String, reason: &'static str, problem: String },
}

impl BlockError {
    /// The stable code of every block error.
    pub const CODE: &'static str = "invalid_block_call";

    pub(crate) fn unknown_action(name: &str) -> BlockError {
        BlockError::UnknownAction { name: clip(name), quoted: Quoted::new(name) }
    }

    pub(crate) fn parameter(
        action: &'static str,
        parameter: &str,
        reason: &'static str,
        problem: String,
    ) -> BlockError {
        BlockError::Parameter { action, parameter: clip(parameter), reason, problem }
    }

    /// The stable reason, such as `missing_parameter`.
    pub fn reason(&self) -> &'static str {
        match self {
            BlockError::UnknownAction { .. } => "unknown_action",
            BlockError::Arguments { reason, .. } | BlockError::Parameter { reason, .. } => reason,
        }
    }

    /// The action called, as named (cut after 64 characters).
    pub fn action(&self) -> &str {
        match self {
            BlockError::UnknownAction { name, .. } => name,
            BlockError::Arguments { action, .. } | BlockError::Parameter { action, .. } => action,
        }
    }

    /// The parameter at fault, as named (cut after 64 characters), if one is.
    pub fn parameter_name(&self) -> Option<&str> {
        match self {
            BlockError::Parameter { parameter, .. } => Some(parameter),
            _ => None,
        }
    }
}

/// A parameter's name as a message shows it: quoted and escaped when it is not one of the
/// action's, since it then came from the caller as is.
fn shown(parameter: &str, reason: &str) -> String {
    if reason == "unknown_parameter" {
        Quoted::new(parameter).to_string()
    } else {
        parameter.to_string()
    }
}

/// A name cut after [`NAME_CHARS`] characters.
fn clip(name: &str) -> String {
    let end = name.char_indices().nth(NAME_CHARS).map_or(name.len(), |(at, _)| at);
    name.get(..end).unwrap_or_default().to_string()
}
