//! Why an input is not a phone number.

use std::fmt;

/// How much of the offending input an error message quotes.
const QUOTE_CHARS: usize = 40;

/// The input as an error message quotes it: in quotes, escaped, cut after a few dozen
/// characters so that a huge input does not make a huge message. Holds the input (at most
/// its first 41 characters: one more tells that it was cut) owned as a `String`, or
/// borrowed as a `&str` where the error is written out at once.
#[derive(Clone, PartialEq, Eq)]
pub struct Quoted<S = String>(S);

impl Quoted<String> {
    pub(crate) fn new(input: &str) -> Self {
        let end = input.char_indices().nth(QUOTE_CHARS + 1).map_or(input.len(), |(at, _)| at);
        Quoted(input.get(..end).unwrap_or(input).to_string())
    }
}

impl<'a> Quoted<&'a str> {
    pub(crate) fn borrowed(input: &'a str) -> Self {
        Quoted(input)
    }

    fn to_owned_quote(&self) -> Quoted<String> {
        Quoted::new(self.0)
    }
}

impl<S: AsRef<str>> fmt::Display for Quoted<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.as_ref();
        let (shown, cut) = match text.char_indices().nth(QUOTE_CHARS) {
            Some((at, _)) => (text.get(..at).unwrap_or(text), true),
            None => (text, false),
        };
        f.write_str("\"")?;
        // Runs of characters that need no escape go out in one piece.
        let mut run_start = 0;
        for (at, c) in shown.char_indices() {
            let escaped = match c {
                '"' => Some("\\\""),
                '\\' => Some("\\\\"),
                '\n' => Some("\\n"),
                '\t' => Some("\\t"),
                '\r' => Some("\\r"),
                _ => None,
            };
            // Control characters and invisible marks would hide in a message: spell them.
            let spelled = escaped.is_none() && (c.is_control() || super::digits::is_invisible(c));
            if escaped.is_some() || spelled {
                f.write_str(shown.get(run_start..at).unwrap_or_default())?;
                match escaped {
                    Some(e) => f.write_str(e)?,
                    None => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                }
                run_start = at.saturating_add(c.len_utf8());
            }
        }
        f.write_str(shown.get(run_start..).unwrap_or_default())?;
        f.write_str(if cut { "\"…" } else { "\"" })
    }
}

impl<S: AsRef<str>> fmt::Debug for Quoted<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The first digits of a foreign number, as a message shows its country code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountryPrefix {
    pub(crate) digits: u16,
    pub(crate) shown: u8,
}

impl fmt::Display for CountryPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:0width$}", self.digits, width = usize::from(self.shown))
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

/// Why an input is not a Russian phone number. Every variant but `Empty` and `TooLong`
/// quotes the input; `S` is how the quote holds it (see [`Quoted`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError<S: AsRef<str> = String> {
    #[error("phone is empty")]
    Empty,
    #[error("{what} is {len} bytes long, over the limit of {max}")]
    TooLong { what: &'static str, len: usize, max: usize },
    #[error("phone {input}: unexpected character {} at position {position}", CharName(*.found))]
    InvalidCharacter { input: Quoted<S>, found: char, position: usize },
    #[error("phone {input}: has no digits")]
    NoDigits { input: Quoted<S> },
    #[error("phone {input}: {count} digits, too few (a Russian number has 10, or 11 with the leading 7 or 8)")]
    TooFewDigits { input: Quoted<S>, count: usize },
    #[error("phone {input}: {count} digits, too many (a Russian number has 10, or 11 with the leading 7 or 8)")]
    TooManyDigits { input: Quoted<S>, count: usize },
    #[error("phone {input}: country code +{prefix}… is not +7; only Russian numbers are supported")]
    UnsupportedCountry { input: Quoted<S>, prefix: CountryPrefix },
    #[error("phone {input}: 11 digits must start with 7 or 8, not {first}")]
    InvalidTrunkPrefix { input: Quoted<S>, first: u8 },
    #[error("phone {input}: extension {problem}")]
    InvalidExtension { input: Quoted<S>, problem: &'static str },
}

impl PhoneError {
    /// The stable code of every phone error.
    pub const CODE: &'static str = "invalid_phone";
}

impl PhoneError<&str> {
    /// The same error holding its own copy of the quoted input.
    pub fn into_owned(self) -> PhoneError {
        match self {
            PhoneError::Empty => PhoneError::Empty,
            PhoneError::TooLong { what, len, max } => PhoneError::TooLong { what, len, max },
            PhoneError::InvalidCharacter { input, found, position } => {
                PhoneError::InvalidCharacter { input: input.to_owned_quote(), found, position }
            }
            PhoneError::NoDigits { input } => PhoneError::NoDigits { input: input.to_owned_quote() },
            PhoneError::TooFewDigits { input, count } => {
                PhoneError::TooFewDigits { input: input.to_owned_quote(), count }
            }
            PhoneError::TooManyDigits { input, count } => {
                PhoneError::TooManyDigits { input: input.to_owned_quote(), count }
            }
            PhoneError::UnsupportedCountry { input, prefix } => {
                PhoneError::UnsupportedCountry { input: input.to_owned_quote(), prefix }
            }
            PhoneError::InvalidTrunkPrefix { input, first } => {
                PhoneError::InvalidTrunkPrefix { input: input.to_owned_quote(), first }
            }
            PhoneError::InvalidExtension { input, problem } => {
                PhoneError::InvalidExtension { input: input.to_owned_quote(), problem }
            }
        }
    }
}

impl<S: AsRef<str>> PhoneError<S> {
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
