//! The SipOut API key: a secret. It is shown masked everywhere (`Debug`, `Display`,
//! serialisation) and only [`ApiKey::expose`] gives it in clear.

use std::fmt;

use crate::json_writer::{JsonWriter, WriteJson};

/// The fewest characters a key has.
pub const MIN_API_KEY_CHARS: usize = 16;
/// The most characters a key has.
pub const MAX_API_KEY_CHARS: usize = 128;
/// How many characters at the end of a key its masked form shows.
const SHOWN_CHARS: usize = 4;
/// What stands for the hidden part, always the same width so as not to tell the length.
const MASK: &str = "********";

/// The SipOut API key, checked: 16–128 characters of the token alphabet of RFC 6750
/// (`A–Z a–z 0–9 - . _ ~ + /`, then optional `=` padding), the characters an
/// `Authorization: Bearer` header carries as they are. White space around it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

/// What is wrong with an API key. No variant holds any of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyProblem {
    Blank,
    Length(usize),
    Character(usize),
    Masked,
}

impl ApiKey {
    /// Checks and keeps a key. The error says what is wrong without quoting the key.
    pub fn parse(input: &str) -> Result<ApiKey, ApiKeyProblem> {
        let key = input.trim();
        if key.is_empty() {
            return Err(ApiKeyProblem::Blank);
        }
        if key.contains(['*', '•']) {
            return Err(ApiKeyProblem::Masked);
        }
        let len = key.chars().count();
        if !(MIN_API_KEY_CHARS..=MAX_API_KEY_CHARS).contains(&len) {
            return Err(ApiKeyProblem::Length(len));
        }
        let mut padding = false;
        for (i, c) in key.chars().enumerate() {
            let token = c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/');
            if c == '=' && i > 0 {
                padding = true;
            } else if !token || padding {
                return Err(ApiKeyProblem::Character(i.saturating_add(1)));
            }
        }
        Ok(ApiKey(key.to_string()))
    }

    /// The key in clear, for the one place that needs it: the header of a request to
    /// SipOut.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key as people may see it: `********` and its last four characters.
    pub fn masked(&self) -> String {
        mask_api_key(&self.0)
    }
}

/// A key as people may see it: `********` and its last four characters, such as
/// `********9f3a`; only `********` for anything shorter than a valid key (16 characters),
/// which would give away too large a share of itself. White space around it is dropped.
pub fn mask_api_key(key: &str) -> String {
    let key = key.trim();
    let len = key.chars().count();
    let mut out = String::from(MASK);
    if len >= MIN_API_KEY_CHARS {
        out.extend(key.chars().skip(len.saturating_sub(SHOWN_CHARS)));
    }
    out
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Written masked; see [`crate::settings::Settings::revealed`] for the key in clear.
impl WriteJson for ApiKey {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(&self.masked());
    }
}

/// Serialises masked; see [`crate::settings::Settings::revealed`] for the key in clear.
#[cfg(feature = "serde")]
impl serde::Serialize for ApiKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.masked())
    }
}

impl fmt::Display for ApiKeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ApiKeyProblem::Blank => f.write_str("is blank; paste the API key from SipOut's Documentation section"),
            ApiKeyProblem::Masked => f.write_str("is a masked key (it holds '*'); pass the key itself"),
            ApiKeyProblem::Length(len) => {
                write!(f, "is {len} characters long; a SipOut API key has {MIN_API_KEY_CHARS} to {MAX_API_KEY_CHARS}")
            }
            ApiKeyProblem::Character(position) => write!(
                f,
                "has a character at position {position} that an API key does not hold \
                 (only A–Z, a–z, 0–9, '-', '.', '_', '~', '+', '/', and '=' at the end)"
            ),
        }
    }
}

impl ApiKeyProblem {
    /// The stable reason.
    pub fn reason(self) -> &'static str {
        match self {
            ApiKeyProblem::Blank => "blank_api_key",
            ApiKeyProblem::Masked => "masked_api_key",
            ApiKeyProblem::Length(_) => "api_key_length",
            ApiKeyProblem::Character(_) => "api_key_character",
        }
    }
}
