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
        let mut quoted = String::with_capacity(input.len().min(QUOTE_CHARS * 2) + 8);
        quoted.push('"');
        let mut chars = input.chars();
        for c in chars.by_ref().take(QUOTE_CHARS) {
            match c {
                '"' => quoted.push_str("\\\""),
                '\\' => quoted.push_str("\\\\"),
                '\n' => quoted.push_str("\\n"),
                '\t' => quoted.push_str("\\t"),
                '\r' => quoted.push_str("\\r"),
                // Control characters and invisible marks would hide in a message: spell them.
                c if c.is_control() || super::digits::is_invisible(c) => {
                    quoted.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
                }
                c => quoted.push(c),
            }
        }
        quoted.push('"');
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

/// A character as a message names it: `'a'`, or `U+0000` where it would not show.
struct CharName(char);

impl fmt::Display for CharName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        if c.is_control() || c.is_whitespace() || super::digits::is_invisible(c) {
            write!(f, "U+{:04X}", u32::from(c))
        } else {
            write!(f, "'{c}'")
        }
    }
}

/// Why an input is not a Russian phone number. Every variant quotes the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone is empty")]
    Empty,
    #[error("{what} is {len} bytes long, over the limit of {max}")]
    TooLong { what: &'static str, len: usize, max: usize },
    #[error("phone {input}: unexpected character {} at position {position}", CharName(*.found))]
    InvalidCharacter { input: Quoted, found: char, position: usize },
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
