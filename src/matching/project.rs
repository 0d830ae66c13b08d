//! The project as matching sees it: which messengers it has connected, and which of them
//! reach a person by phone number.

use super::error::MatchingError;
use super::rules::is_telephony;
use crate::phone::Quoted;

/// The messengers reached by phone number when the host gives no list of its own.
pub const DEFAULT_PRIORITY: [&str; 1] = ["whatsapp"];
/// The most names in `messengers`, and in `priority`.
pub const MAX_MESSENGERS: usize = 64;
/// The longest messenger name, in UTF-8 bytes.
pub const MAX_MESSENGER_BYTES: usize = 64;

/// The project's connected messengers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    /// The messenger channels connected to the project: `"whatsapp"`, `"telegram"`… A
    /// `"telephony"` among them is not a messenger and is passed over.
    pub messengers: Vec<String>,
    /// The messengers that reach a person by phone number, most wanted first; without it,
    /// [`DEFAULT_PRIORITY`].
    pub priority: Option<Vec<String>>,
}

impl Project {
    /// A project with these messengers connected and the default priority.
    pub fn new<S: Into<String>>(messengers: impl IntoIterator<Item = S>) -> Project {
        Project { messengers: messengers.into_iter().map(Into::into).collect(), priority: None }
    }

    /// The same project with the host's own priority list.
    pub fn with_priority<S: Into<String>>(mut self, priority: impl IntoIterator<Item = S>) -> Project {
        self.priority = Some(priority.into_iter().map(Into::into).collect());
        self
    }

    /// Checks the lists' sizes and names.
    pub fn validate(&self) -> Result<(), MatchingError> {
        check_list("project.messengers", &self.messengers, false)?;
        if let Some(priority) = &self.priority {
            check_list("project.priority", priority, true)?;
        }
        Ok(())
    }

    /// The connected messenger a new client for a call is created in, spelled as in
    /// `messengers`: the first of the priority list that is connected (names compared
    /// without regard to ASCII case).
    pub fn phone_messenger(&self) -> Option<&str> {
        let connected = |wanted: &str| {
            self.messengers.iter().find(|m| !is_telephony(m) && m.eq_ignore_ascii_case(wanted)).map(String::as_str)
        };
        match &self.priority {
            Some(list) => list.iter().find_map(|p| connected(p)),
            None => DEFAULT_PRIORITY.iter().find_map(|p| connected(p)),
        }
    }
}

fn check_list(field: &str, names: &[String], priority: bool) -> Result<(), MatchingError> {
    let invalid =
        |field: String, reason: &'static str, problem: String| MatchingError::InvalidProject { field, reason, problem };
    if names.len() > MAX_MESSENGERS {
        return Err(invalid(
            field.to_string(),
            "too_many",
            format!("{} names, over the limit of {MAX_MESSENGERS}", names.len()),
        ));
    }
    for (i, name) in names.iter().enumerate() {
        let at = || format!("{field}[{i}]");
        if name.is_empty() {
            return Err(invalid(at(), "empty", "is empty".into()));
        }
        if name.len() > MAX_MESSENGER_BYTES {
            return Err(invalid(
                at(),
                "too_long",
                format!("{} bytes, over the limit of {MAX_MESSENGER_BYTES}", name.len()),
            ));
        }
        if priority && is_telephony(name) {
            return Err(invalid(
                at(),
                "not_a_messenger",
                format!("{} is not a messenger: a Telephony client can't be written to", Quoted::new(name)),
            ));
        }
    }
    Ok(())
}
