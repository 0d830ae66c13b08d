//! The phone parser: one pass over the input, no allocation unless the input is rejected.

use super::digits::{decimal_digit, is_invisible, is_plus, is_separator};
use super::{Extension, ParsedPhone, Phone, PhoneError, Quoted, MAX_EXTENSION_DIGITS};

/// The longest input, in UTF-8 bytes, that is read as one phone number.
pub const MAX_INPUT_BYTES: usize = 256;

/// Words and signs that start an extension, lower case, longest first where one is a
/// prefix of another. A comma may be followed by one of the others (`, доб. 45`).
const EXTENSION_MARKERS: [&str; 13] =
    ["добавочный", "доб.", "доб", "доп.", "доп", "extension", "ext.", "ext", ";ext=", "x", "х", "#", ","];

/// The digits of a candidate number: the first 12 kept, all counted.
#[derive(Clone, Copy, Default)]
pub(crate) struct Digits {
    buf: [u8; 12],
    count: usize,
}

impl Digits {
    #[inline]
    pub(crate) fn push(&mut self, d: u8) {
        if let Some(slot) = self.buf.get_mut(self.count) {
            *slot = d;
        }
        self.count = self.count.saturating_add(1);
    }

    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// The digits kept (the first 12).
    pub(crate) fn kept(&self) -> &[u8] {
        self.buf.get(..self.count.min(self.buf.len())).unwrap_or_default()
    }

    fn value(&self, from: usize, to: usize) -> u64 {
        self.buf.get(from..to).unwrap_or_default().iter().fold(0u64, |acc, &d| acc * 10 + u64::from(d))
    }

    fn prefix(&self, n: usize) -> String {
        let kept = self.count.min(n).min(self.buf.len());
        self.buf.iter().take(kept).map(|&d| char::from(b'0' + d)).collect()
    }
}

/// What is wrong with a run of digits, before the input is quoted into a [`PhoneError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    NoDigits,
    TooFew(usize),
    TooMany(usize),
    Country(String),
    Trunk(u8),
}

impl Problem {
    fn into_error(self, input: &str) -> PhoneError {
        let input = Quoted::new(input);
        match self {
            Problem::NoDigits => PhoneError::NoDigits { input },
            Problem::TooFew(count) => PhoneError::TooFewDigits { input, count },
            Problem::TooMany(count) => PhoneError::TooManyDigits { input, count },
            Problem::Country(prefix) => PhoneError::UnsupportedCountry { input, prefix },
            Problem::Trunk(first) => PhoneError::InvalidTrunkPrefix { input, first },
        }
    }
}

/// The phone that a run of digits spells, `plus` telling whether a `+` came before them.
///
/// With `+`: `7` and 10 digits (`8` and 10 digits is read as a slip for the trunk prefix);
/// any other first digit is a foreign country code. Without: 10 national digits, or 11
/// starting with the country code 7 or the trunk prefix 8.
pub(crate) fn classify(digits: &Digits, plus: bool) -> Result<Phone, Problem> {
    let n = digits.count;
    let first = match digits.buf.first() {
        Some(&d) if n > 0 => d,
        _ => return Err(Problem::NoDigits),
    };
    let trunk = first == 7 || first == 8;
    if plus && !trunk {
        return Err(Problem::Country(digits.prefix(3)));
    }
    let national = match n {
        10 if !plus => digits.value(0, 10),
        11 if trunk => digits.value(1, 11),
        11 => return Err(Problem::Trunk(first)),
        _ if n < 11 => return Err(Problem::TooFew(n)),
        _ => return Err(Problem::TooMany(n)),
    };
    Phone::from_national(national).ok_or(Problem::TooMany(n))
}

/// Reads one phone number with an optional extension. See the crate docs for what is
/// accepted.
pub(crate) fn parse(input: &str) -> Result<ParsedPhone, PhoneError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(PhoneError::TooLong { what: "phone", len: input.len(), max: MAX_INPUT_BYTES });
    }
    let trimmed = trim(input);
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    let (body, uri_extension) = strip_uri(trimmed);

    let mut digits = Digits::default();
    let mut plus = false;
    let mut extension_text = uri_extension;
    let bytes = body.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        // ASCII digits and separators, the common case, without decoding a character.
        if b.is_ascii_digit() {
            digits.push(b - b'0');
            at += 1;
            continue;
        }
        if matches!(b, b' ' | b'-' | b'(' | b')' | b'.') {
            at += 1;
            continue;
        }
        let c = body.get(at..).and_then(|rest| rest.chars().next()).unwrap_or(char::REPLACEMENT_CHARACTER);
        if let Some(d) = decimal_digit(c) {
            digits.push(d);
        } else if is_separator(c) {
        } else if is_plus(c) && digits.count == 0 && !plus {
            plus = true;
        } else if let Some(rest) =
            (digits.count > 0).then(|| extension_after_marker(body.get(at..).unwrap_or_default())).flatten()
        {
            extension_text = Some(rest);
            break;
        } else {
            return Err(invalid_character(input, body, at, c));
        }
        at += c.len_utf8();
    }

    let phone = classify(&digits, plus).map_err(|p| p.into_error(input))?;
    let extension = match extension_text {
        None => None,
        Some(text) => Some(
            parse_extension(text)
                .map_err(|problem| PhoneError::InvalidExtension { input: Quoted::new(input), problem })?,
        ),
    };
    Ok(ParsedPhone { phone, extension })
}

/// The input without the white space and invisible marks around it.
fn trim(input: &str) -> &str {
    let edge = |c: char| c.is_whitespace() || is_invisible(c);
    let bytes = input.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_alphanumeric() || *first == b'+' || *first == b'(' => {
            if last.is_ascii_alphanumeric() {
                input
            } else {
                input.trim_end_matches(edge)
            }
        }
        _ => input.trim_matches(edge),
    }
}

/// The error for character `c` at byte `at` of `body`, a slice of `input`; the position
/// counts characters of `input` from 1.
fn invalid_character(input: &str, body: &str, at: usize, c: char) -> PhoneError {
    let found = if c.is_control() || c.is_whitespace() {
        format!("character U+{:04X}", u32::from(c))
    } else {
        format!("character '{c}'")
    };
    let offset = (body.as_ptr() as usize).saturating_sub(input.as_ptr() as usize).saturating_add(at);
    let position = input.get(..offset).map_or(0, |s| s.chars().count()) + 1;
    PhoneError::InvalidCharacter { input: Quoted::new(input), found, position }
}

/// Takes `tel:` and `sip:` URIs apart: the number, and an `ext=` parameter if there is one.
fn strip_uri(s: &str) -> (&str, Option<&str>) {
    if !matches!(s.as_bytes().first(), Some(b't' | b'T' | b's' | b'S')) {
        return (s, None);
    }
    let (rest, sip) = if let Some(rest) = strip_prefix_ci(s, "tel:") {
        (rest, false)
    } else if let Some(rest) = strip_prefix_ci(s, "sip:").or_else(|| strip_prefix_ci(s, "sips:")) {
        (rest, true)
    } else {
        return (s, None);
    };
    let user = if sip { rest.split('@').next().unwrap_or_default() } else { rest };
    let mut parts = user.split(';');
    let number = parts.next().unwrap_or_default();
    let extension = parts.find_map(|param| strip_prefix_ci(param, "ext="));
    (number, extension)
}

/// The text after an extension marker at the start of `s`, if one is there.
fn extension_after_marker(s: &str) -> Option<&str> {
    let (marker, rest) = EXTENSION_MARKERS.iter().find_map(|m| strip_prefix_ci(s, m).map(|rest| (*m, rest)))?;
    if marker == "," {
        let after_comma = rest.trim_start_matches(is_separator);
        let word = EXTENSION_MARKERS.iter().filter(|m| **m != ",").find_map(|m| strip_prefix_ci(after_comma, m));
        return Some(word.unwrap_or(rest));
    }
    Some(rest)
}

fn parse_extension(text: &str) -> Result<Extension, &'static str> {
    let mut ext = Extension { len: 0, digits: [0; MAX_EXTENSION_DIGITS] };
    for c in text.chars() {
        if let Some(d) = decimal_digit(c) {
            let slot = ext.digits.get_mut(usize::from(ext.len)).ok_or("has more than 8 digits")?;
            *slot = b'0' + d;
            ext.len += 1;
        } else if !(is_separator(c) || c == ':') {
            return Err("may hold only digits");
        }
    }
    if ext.len == 0 {
        return Err("marker is not followed by digits");
    }
    Ok(ext)
}

/// `s` without `prefix`, compared case-insensitively (`prefix` is lower case).
pub(crate) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = s.chars();
    for expected in prefix.chars() {
        let c = rest.next()?;
        if c != expected && !c.to_lowercase().eq(std::iter::once(expected)) {
            return None;
        }
    }
    Some(rest.as_str())
}
