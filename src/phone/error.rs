//! Why an input is not a phone number.

use std::fmt;

/// How much of the offending input an error message quotes.
const QUOTE_CHARS: usize = 40;

/// The input as an error message quotes it: in quotes, escaped, cut after a few dozen
/// characters so that a huge input does not make a huge message.
#[derive(Clone, PartialEq, Eq)]
pub struct Quoted(String);

impl Quoted {
    pub(crate) fn new(input: &str) -> Self {
        let mut chars = input.chars();
        let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
        let mut quoted = format!("{head:?}");
        if chars.next().is_some() {
            quoted.push('…');
        }
        Quoted(quoted)
    }
}

impl fmt::Display for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why an input is not a Russian phone number. Every variant quotes the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone is empty")]
    Empty,
    #[error("{what} is {len} bytes long, over the limit of {max}")]
    TooLong { what: &'static str, len: usize, max: usize },
    #[error("phone {input}: unexpected {found} at position {position}")]
    InvalidCharacter { input: Quoted, found: String, position: usize },
    #[error("phone {input}: has no digits")]
    NoDigits { input: Quoted },
    #[error("phone {input}: {count} digits, too few (a Russian number has 10, or 11 with the leading 7 or 8)")]
    TooFewDigits { input: Quoted, count: usize },
    #[error("phone {input}: {count} digits, too many (a Russian number has 10, or 11 with the leading 7 or 8)")]
    TooManyDigits { input: Quoted, count: usize },
    #[error("phone {input}: country code +{prefix}… is not +7; only Russian numbers are supported")]
    UnsupportedCountry { input: Quoted, prefix: String },
    #[error("phone {input}: 11 digits must start with 7 or 8, not {first}")]
    InvalidTrunkPrefix { input: Quoted, first: u8 },
    #[error("phone {input}: extension {problem}")]
    InvalidExtension { input: Quoted, problem: &'static str },
}

impl PhoneError {
    /// The stable machine-readable reason, one per variant.
    pub fn reason(&self) -> &'static str {
        match self {
            PhoneError::Empty => "empty",
            PhoneError::TooLong { .. } => "too_long",
            PhoneError::InvalidCharacter { .. } => "invalid_character",
            PhoneError::NoDigits { .. } => "no_digits",
            PhoneError::TooFewDigits { .. } => "too_few_digits",
            PhoneError::TooManyDigits { .. } => "too_many_digits",
            PhoneError::UnsupportedCountry { .. } => "unsupported_country",
            PhoneError::InvalidTrunkPrefix { .. } => "invalid_trunk_prefix",
            PhoneError::InvalidExtension { .. } => "invalid_extension",
        }
    }
}
