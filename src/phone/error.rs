//! Why an input is not a phone number.

use std::fmt;
use std::fmt::Write as _;

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

impl<S: AsRef<str>> Quoted<S> {
    /// Writes the quote: straight through for the commonest case, short printable ASCII.
    fn write_to(&self, f: &mut SliceWriter<'_>) -> fmt::Result {
        let text = self.0.as_ref();
        if text.len() <= QUOTE_CHARS && text.bytes().all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\') {
            f.write_str("\"")?;
            f.write_str(text)?;
            return f.write_str("\"");
        }
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
                    None => {
                        f.write_str("\\u{")?;
                        write_number(f, u64::from(c), 1, HEX_LOWER)?;
                        f.write_str("}")?;
                    }
                }
                run_start = at.saturating_add(c.len_utf8());
            }
        }
        f.write_str(shown.get(run_start..).unwrap_or_default())?;
        f.write_str(if cut { "\"…" } else { "\"" })
    }
}

impl<S: AsRef<str>> fmt::Display for Quoted<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        buffered(f, |out| self.write_to(out))
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

impl CountryPrefix {
    fn write_to(&self, f: &mut SliceWriter<'_>) -> fmt::Result {
        write_number(f, u64::from(self.digits), usize::from(self.shown), DECIMAL)
    }
}

impl fmt::Display for CountryPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        buffered(f, |out| self.write_to(out))
    }
}

/// A character as a message names it: `'a'`, or `U+0000` where it would not show.
struct CharName(char);

impl CharName {
    fn write_to(&self, f: &mut SliceWriter<'_>) -> fmt::Result {
        let c = self.0;
        if c.is_control() || c.is_whitespace() || super::digits::is_invisible(c) {
            f.write_str("U+")?;
            write_number(f, u64::from(c), 4, HEX_UPPER)
        } else {
            f.write_str("'")?;
            f.write_str(c.encode_utf8(&mut [0; 4]))?;
            f.write_str("'")
        }
    }
}

/// Why an input is not a Russian phone number. Every variant but `Empty` and `TooLong`
/// quotes the input; `S` is how the quote holds it (see [`Quoted`]).
///
/// Its message is written piece by piece (see the `Display` impl), without the formatting
/// machinery's argument lists: an invalid phone is routine input, and its message is
/// built on the single call's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError<S: AsRef<str> = String> {
    /// "phone is empty"
    Empty,
    /// "{what} is {len} bytes long, over the limit of {max}"
    TooLong { what: &'static str, len: usize, max: usize },
    /// "phone {input}: unexpected character {found} at position {position}"
    InvalidCharacter { input: Quoted<S>, found: char, position: usize },
    /// "phone {input}: has no digits"
    NoDigits { input: Quoted<S> },
    /// "phone {input}: {count} digits, too few (…)"
    TooFewDigits { input: Quoted<S>, count: usize },
    /// "phone {input}: {count} digits, too many (…)"
    TooManyDigits { input: Quoted<S>, count: usize },
    /// "phone {input}: country code +{prefix}… is not +7; …"
    UnsupportedCountry { input: Quoted<S>, prefix: CountryPrefix },
    /// "phone {input}: 11 digits must start with 7 or 8, not {first}"
    InvalidTrunkPrefix { input: Quoted<S>, first: u8 },
    /// "phone {input}: extension {problem}"
    InvalidExtension { input: Quoted<S>, problem: &'static str },
}

/// What the digit-count messages say a Russian number has.
const DIGITS_RULE: &str = " (a Russian number has 10, or 11 with the leading 7 or 8)";

impl<S: AsRef<str>> fmt::Display for PhoneError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        buffered(f, |out| self.write_to(out))
    }
}

/// Writes through a buffer, so that the writers are compiled once, for the buffer the
/// fast lane writes into too. No message is longer than the buffer (a test checks the
/// longest); were one longer, it would come out cut, never as a failure.
fn buffered(f: &mut fmt::Formatter<'_>, write: impl FnOnce(&mut SliceWriter<'_>) -> fmt::Result) -> fmt::Result {
    let mut buf = [0u8; MAX_MESSAGE_BYTES];
    let mut out = SliceWriter::new(&mut buf);
    let _ = write(&mut out);
    f.write_str(out.as_str())
}

/// The longest message of a [`PhoneError`], in bytes, with room to spare: a quote of 40
/// characters each escaped as `\u{10ffff}`, the longest wording and numbers.
pub(crate) const MAX_MESSAGE_BYTES: usize = 1024;

/// Text written into a byte buffer: a write that does not fit fails and leaves the text as
/// it was.
pub(crate) struct SliceWriter<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> SliceWriter<'a> {
    pub(crate) fn new(buf: &'a mut [u8]) -> Self {
        SliceWriter { buf, len: 0 }
    }

    /// The bytes written so far.
    #[cfg(feature = "js")]
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The text written so far (whole `str` pieces only, so always UTF-8).
    fn as_str(&self) -> &str {
        self.buf.get(..self.len).and_then(|bytes| std::str::from_utf8(bytes).ok()).unwrap_or_default()
    }
}

impl fmt::Write for SliceWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        self.buf.get_mut(self.len..end).ok_or(fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl<S: AsRef<str>> PhoneError<S> {
    /// Writes the message into any writer: the `Display` impl, or a buffer directly.
    pub(crate) fn write_to(&self, f: &mut SliceWriter<'_>) -> fmt::Result {
        let input = match self {
            PhoneError::Empty => return f.write_str("phone is empty"),
            PhoneError::TooLong { what, len, max } => {
                f.write_str(what)?;
                f.write_str(" is ")?;
                write_number(f, *len as u64, 1, DECIMAL)?;
                f.write_str(" bytes long, over the limit of ")?;
                return write_number(f, *max as u64, 1, DECIMAL);
            }
            PhoneError::InvalidCharacter { input, .. }
            | PhoneError::NoDigits { input }
            | PhoneError::TooFewDigits { input, .. }
            | PhoneError::TooManyDigits { input, .. }
            | PhoneError::UnsupportedCountry { input, .. }
            | PhoneError::InvalidTrunkPrefix { input, .. }
            | PhoneError::InvalidExtension { input, .. } => input,
        };
        f.write_str("phone ")?;
        input.write_to(f)?;
        f.write_str(": ")?;
        match self {
            PhoneError::Empty | PhoneError::TooLong { .. } => Ok(()),
            PhoneError::InvalidCharacter { found, position, .. } => {
                f.write_str("unexpected character ")?;
                CharName(*found).write_to(f)?;
                f.write_str(" at position ")?;
                write_number(f, *position as u64, 1, DECIMAL)
            }
            PhoneError::NoDigits { .. } => f.write_str("has no digits"),
            PhoneError::TooFewDigits { count, .. } => {
                write_number(f, *count as u64, 1, DECIMAL)?;
                f.write_str(" digits, too few")?;
                f.write_str(DIGITS_RULE)
            }
            PhoneError::TooManyDigits { count, .. } => {
                write_number(f, *count as u64, 1, DECIMAL)?;
                f.write_str(" digits, too many")?;
                f.write_str(DIGITS_RULE)
            }
            PhoneError::UnsupportedCountry { prefix, .. } => {
                f.write_str("country code +")?;
                prefix.write_to(f)?;
                f.write_str("… is not +7; only Russian numbers are supported")
            }
            PhoneError::InvalidTrunkPrefix { first, .. } => {
                f.write_str("11 digits must start with 7 or 8, not ")?;
                write_number(f, u64::from(*first), 1, DECIMAL)
            }
            PhoneError::InvalidExtension { problem, .. } => {
                f.write_str("extension ")?;
                f.write_str(problem)
            }
        }
    }
}

impl<S: AsRef<str> + fmt::Debug> std::error::Error for PhoneError<S> {}

const DECIMAL: &[u8] = b"0123456789";
const HEX_LOWER: &[u8] = b"0123456789abcdef";
const HEX_UPPER: &[u8] = b"0123456789ABCDEF";

/// Writes `n` zero-padded to at least `width` digits, in the base of `digits` (the digit
/// characters in order: [`DECIMAL`], [`HEX_LOWER`], [`HEX_UPPER`]).
fn write_number(f: &mut SliceWriter<'_>, n: u64, width: usize, digits: &[u8]) -> fmt::Result {
    let base = digits.len() as u64;
    let mut buf = [b'0'; 20];
    let mut at = buf.len();
    let mut rest = n;
    // At most 20 digits in any base from 10: `at` stays in the buffer.
    while let Some(slot) = at.checked_sub(1).and_then(|i| buf.get_mut(i)) {
        let digit = rest.checked_rem(base).unwrap_or(0);
        *slot = digits.get(digit as usize).copied().unwrap_or(b'0');
        rest = rest.checked_div(base).unwrap_or(0);
        at = at.wrapping_sub(1);
        if rest == 0 {
            break;
        }
    }
    let start = at.min(buf.len().saturating_sub(width));
    f.write_str(std::str::from_utf8(buf.get(start..).unwrap_or_default()).unwrap_or_default())
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The messages as format strings say them: the reference the piecewise writer must
    /// match byte for byte.
    fn reference(e: &PhoneError<&str>) -> String {
        let quote = |q: &Quoted<&str>| q.to_string();
        match e {
            PhoneError::Empty => "phone is empty".to_string(),
            PhoneError::TooLong { what, len, max } => format!("{what} is {len} bytes long, over the limit of {max}"),
            PhoneError::InvalidCharacter { input, found, position } => {
                let c = *found;
                let name = if c.is_control() || c.is_whitespace() || crate::phone::digits::is_invisible(c) {
                    format!("U+{:04X}", u32::from(c))
                } else {
                    format!("'{c}'")
                };
                format!("phone {}: unexpected character {name} at position {position}", quote(input))
            }
            PhoneError::NoDigits { input } => format!("phone {}: has no digits", quote(input)),
            PhoneError::TooFewDigits { input, count } => format!(
                "phone {}: {count} digits, too few (a Russian number has 10, or 11 with the leading 7 or 8)",
                quote(input)
            ),
            PhoneError::TooManyDigits { input, count } => format!(
                "phone {}: {count} digits, too many (a Russian number has 10, or 11 with the leading 7 or 8)",
                quote(input)
            ),
            PhoneError::UnsupportedCountry { input, prefix } => format!(
                "phone {}: country code +{:0width$}… is not +7; only Russian numbers are supported",
                quote(input),
                prefix.digits,
                width = usize::from(prefix.shown)
            ),
            PhoneError::InvalidTrunkPrefix { input, first } => {
                format!("phone {}: 11 digits must start with 7 or 8, not {first}", quote(input))
            }
            PhoneError::InvalidExtension { input, problem } => {
                format!("phone {}: extension {problem}", quote(input))
            }
        }
    }

    /// The quote as a format string would write it.
    fn reference_quote(text: &str) -> String {
        let (shown, cut) = match text.char_indices().nth(QUOTE_CHARS) {
            Some((at, _)) => (&text[..at], true),
            None => (text, false),
        };
        let mut out = String::from("\"");
        for c in shown.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if c.is_control() || crate::phone::digits::is_invisible(c) => {
                    out.push_str(&format!("\\u{{{:x}}}", u32::from(c)))
                }
                c => out.push(c),
            }
        }
        out.push_str(if cut { "\"…" } else { "\"" });
        out
    }

    #[test]
    fn every_kind_of_message_reads_as_its_template() {
        let cases = [
            "",
            " ",
            "8912\u{1}3456789",
            "8912 345 67 8a",
            "8912\u{200b}3456789",
            "+1 212 555 0100",
            "+0049 30 1234567",
            "+0 12",
            "912 345",
            "8 912 345 67 89 12",
            "5 912 345 67 89",
            "8 912 345-67-89 доб. 1234567",
            "8 912 345-67-89 доб. abc",
            "тел. 8 (912) 345-67-89",
            "\"quoted\"\\\n\t\r 8 912",
        ];
        let long = "9".repeat(300);
        for input in cases.iter().copied().chain([long.as_str()]) {
            if let Err(e) = crate::phone::parse::parse(input) {
                assert_eq!(e.to_string(), reference(&e), "{input:?}");
            }
        }
        assert_eq!(reference(&PhoneError::Empty), PhoneError::<&str>::Empty.to_string());
    }

    #[test]
    fn the_longest_message_fits_the_buffer() {
        // 41 characters that each escape to the longest form, and the most digits.
        let input = "\u{10fffd}".repeat(10) + &"\u{e007f}".repeat(31);
        let worst = [
            PhoneError::TooManyDigits { input: Quoted::borrowed(input.as_str()), count: usize::MAX },
            PhoneError::InvalidCharacter {
                input: Quoted::borrowed(input.as_str()),
                found: '\u{e007f}',
                position: usize::MAX,
            },
            PhoneError::UnsupportedCountry {
                input: Quoted::borrowed(input.as_str()),
                prefix: CountryPrefix { digits: u16::MAX, shown: 3 },
            },
            PhoneError::TooLong { what: "phone", len: usize::MAX, max: usize::MAX },
        ];
        for e in worst {
            let mut buf = [0u8; MAX_MESSAGE_BYTES];
            let mut out = SliceWriter::new(&mut buf);
            assert!(e.write_to(&mut out).is_ok(), "{e:?}");
            assert_eq!(e.to_string(), reference(&e));
        }
    }

    proptest! {
        #[test]
        fn messages_read_as_their_templates(input in "\\PC{0,60}|[0-9 +()\\-.\u{0}-\u{1f}\u{200b}xдоб]{0,50}") {
            if let Err(e) = crate::phone::parse::parse(&input) {
                prop_assert_eq!(e.to_string(), reference(&e));
            }
            prop_assert_eq!(Quoted::borrowed(input.as_str()).to_string(), reference_quote(&input));
        }
    }
}
