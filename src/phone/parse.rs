//! The phone parser: one pass over the input, no allocation unless the input is rejected.

use super::digits::{decimal_digit, fold_letter, is_invisible, is_plus, is_separator};
use super::error::CountryPrefix;
use super::{
    Canonical, Extension, ParsedPhone, Phone, PhoneError, Quoted, COUNTRY_BASE, MAX_EXTENSION_DIGITS, NATIONAL_SPAN,
};

/// The longest input, in UTF-8 bytes, that is read as one phone number.
pub const MAX_INPUT_BYTES: usize = 256;

/// Words and signs that start an extension, lower case, longest first where one is a
/// prefix of another. A comma may be followed by one of the others (`, доб. 45`).
const EXTENSION_MARKERS: [&str; 13] =
    ["добавочный", "доб.", "доб", "доп.", "доп", "extension", "ext.", "ext", ";ext=", "x", "х", "#", ","];

/// Powers of ten that fit a `u64`. Computed at compile time, where an overflow or a bad
/// index would stop the build.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const POW10: [u64; 20] = {
    let mut table = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

fn pow10(n: usize) -> u64 {
    POW10.get(n).copied().unwrap_or(0)
}

/// The digits of a candidate number, kept as the number they spell: no buffer, one
/// multiply-add a digit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Digits {
    /// The number the digits spell; exact while there are at most 19, and no more than
    /// 11 are ever read.
    value: u64,
    count: usize,
    /// The first three digits (fewer if there are fewer), for messages about a country code.
    head: u16,
    first: u8,
}

impl Digits {
    #[inline(always)]
    pub(crate) fn push(&mut self, d: u8) {
        if self.count < 3 {
            if self.count == 0 {
                self.first = d;
            }
            self.head = self.head.wrapping_mul(10).wrapping_add(u16::from(d));
        }
        self.value = self.value.wrapping_mul(10).wrapping_add(u64::from(d));
        self.count = self.count.saturating_add(1);
    }

    /// These digits followed by `other`'s.
    pub(crate) fn append(&mut self, other: &Digits) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *other;
            return;
        }
        if self.count < 3 {
            let other_head = other.count.min(3);
            let take = 3usize.saturating_sub(self.count).min(other_head);
            let lead = u64::from(other.head).checked_div(pow10(other_head.saturating_sub(take))).unwrap_or(0);
            self.head = u64::from(self.head).wrapping_mul(pow10(take)).wrapping_add(lead) as u16;
        }
        self.value = self.value.wrapping_mul(pow10(other.count)).wrapping_add(other.value);
        self.count = self.count.saturating_add(other.count);
    }

    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// The first `min(count, 3)` digits, as a message about a country code shows them.
    fn country_prefix(&self) -> CountryPrefix {
        CountryPrefix { digits: self.head, shown: self.count.min(3) as u8 }
    }
}

/// What is wrong with a run of digits, before the input is quoted into a [`PhoneError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    NoDigits,
    TooFew(usize),
    TooMany(usize),
    /// A foreign country code: the digits that start the number (at most three).
    Country(Digits),
    Trunk(u8),
}

impl Problem {
    fn error(self, input: &str) -> PhoneError<&str> {
        let input = Quoted::borrowed(input);
        match self {
            Problem::NoDigits => PhoneError::NoDigits { input },
            Problem::TooFew(count) => PhoneError::TooFewDigits { input, count },
            Problem::TooMany(count) => PhoneError::TooManyDigits { input, count },
            Problem::Country(digits) => PhoneError::UnsupportedCountry { input, prefix: digits.country_prefix() },
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
    if n == 0 {
        return Err(Problem::NoDigits);
    }
    let first = digits.first;
    let trunk = first == 7 || first == 8;
    if plus && !trunk {
        return Err(Problem::Country(*digits));
    }
    let national = match n {
        10 if !plus => digits.value,
        11 if trunk => digits.value % NATIONAL_SPAN,
        11 => return Err(Problem::Trunk(first)),
        _ if n < 11 => return Err(Problem::TooFew(n)),
        _ => return Err(Problem::TooMany(n)),
    };
    Phone::from_national(national).ok_or(Problem::TooMany(n))
}

/// Why [`scan`] refused an input, cheap to make: no allocation, no copy of the input.
/// [`Fault::into_error`] turns it into the [`PhoneError`] that quotes the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fault {
    TooLong,
    Empty,
    /// A character no phone holds, at this byte offset of the input.
    Character(usize, char),
    Digits(Problem),
    Extension(&'static str),
}

impl Fault {
    /// The error for this fault of `input`, quoting it by reference.
    pub(crate) fn error(self, input: &str) -> PhoneError<&str> {
        match self {
            Fault::TooLong => PhoneError::TooLong { what: "phone", len: input.len(), max: MAX_INPUT_BYTES },
            Fault::Empty => PhoneError::Empty,
            Fault::Character(at, found) => {
                let position = input.get(..at).map_or(0, |s| s.chars().count()).saturating_add(1);
                PhoneError::InvalidCharacter { input: Quoted::borrowed(input), found, position }
            }
            Fault::Digits(problem) => problem.error(input),
            Fault::Extension(problem) => PhoneError::InvalidExtension { input: Quoted::borrowed(input), problem },
        }
    }
}

/// Reads one phone number with an optional extension. See the crate docs for what is
/// accepted.
pub(crate) fn parse(input: &str) -> Result<ParsedPhone, PhoneError<&str>> {
    scan(input).map_err(|fault| fault.error(input))
}

/// What the quick pass makes of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quick {
    /// A phone, as [`scan`] would read it.
    Phone(National),
    /// Only characters the quick pass knows, and [`scan`] would refuse them too.
    NotAPhone,
    /// A character the quick pass does not handle: ask [`scan`].
    Unsure,
}

/// The ten national digits of a phone as the quick pass read them, in ASCII: the last
/// eight in `tail`, the earliest in its lowest byte, and the two before them in the top
/// bytes of `head`. A batch copies them out as they are, with no arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct National {
    head: u32,
    tail: u64,
}

impl National {
    /// The phone these digits spell.
    #[inline]
    pub(crate) fn phone(self) -> Phone {
        // Eight digits at once (SWAR): pairs, then fours, then the eight.
        let v = self.tail.wrapping_sub(0x3030_3030_3030_3030);
        let v = v.wrapping_mul(10).wrapping_add(v >> 8) & 0x00ff_00ff_00ff_00ff;
        let v = v.wrapping_mul(100).wrapping_add(v >> 16) & 0x0000_ffff_0000_ffff;
        let low = v.wrapping_mul(10_000).wrapping_add(v >> 32) & 0xffff_ffff;
        let [_, _, d1, d2] = self.head.to_le_bytes();
        let high = u64::from(d1.wrapping_sub(b'0')).wrapping_mul(10).wrapping_add(u64::from(d2.wrapping_sub(b'0')));
        Phone(COUNTRY_BASE.wrapping_add(high.wrapping_mul(100_000_000)).wrapping_add(low))
    }

    /// Writes the canonical digits `7XXXXXXXXXX`.
    #[inline(always)]
    pub(crate) fn write_canonical(self, out: &mut [u8; 11]) {
        let [_, _, d1, d2] = self.head.to_le_bytes();
        let tail = self.tail.to_le_bytes();
        let [o0, o1, o2, rest @ ..] = out;
        (*o0, *o1, *o2) = (b'7', d1, d2);
        *rest = tail;
    }
}

/// The quick pass over `bytes` from `start`: the commonest spellings (ASCII digits,
/// spaces, `-`, `.`, parentheses, a leading `+`) in one tight loop. With `SEPARATED`, a NUL
/// byte ends the input. Gives the verdict and where it stopped: at the end of the input,
/// or at the first character it does not handle.
#[inline(always)]
fn quick_from<const SEPARATED: bool>(bytes: &[u8], start: usize) -> (Quick, usize) {
    // Plain locals and one index: the loop runs per character of millions of inputs. The
    // digits are kept as the characters they are, shifted in from the top: no
    // multiply-add chain from one digit to the next.
    let mut head = 0u32;
    let mut tail = 0u64;
    let mut count = 0u32;
    let mut plus = false;
    let mut at = start;
    while let Some(&b) = bytes.get(at) {
        if b.wrapping_sub(b'0') < 10 {
            head = (head >> 8) | ((tail as u32) << 24);
            tail = (tail >> 8) | (u64::from(b) << 56);
            count = count.wrapping_add(1);
        } else if b == b'+' && count == 0 && !plus {
            plus = true;
        } else if SEPARATED && b == 0 {
            break;
        } else if !matches!(b, b' ' | b'-' | b'(' | b')' | b'.') {
            return (Quick::Unsure, at);
        }
        at = at.wrapping_add(1);
    }
    if at.wrapping_sub(start) > MAX_INPUT_BYTES {
        return (Quick::Unsure, at);
    }
    let found = match count {
        10 if !plus => true,
        // The first of 11 digits is the country code 7 or the trunk prefix 8.
        11 => matches!(head.to_le_bytes()[1], b'7' | b'8'),
        _ => false,
    };
    (if found { Quick::Phone(National { head, tail }) } else { Quick::NotAPhone }, at)
}

/// The quick pass over one input.
#[inline(always)]
pub(crate) fn quick(input: &str) -> Quick {
    quick_bytes(input.as_bytes())
}

/// The quick pass over the bytes of one input, before they are known to be UTF-8: the
/// pass takes ASCII only, and leaves any other byte to [`scan`] (`Unsure`).
#[inline(always)]
pub(crate) fn quick_bytes(input: &[u8]) -> Quick {
    quick_from::<false>(input, 0).0
}

/// The phone of each NUL-separated input of `bytes`, in order, `None` where an input is not
/// a phone: the quick pass and the splitting in one sweep, [`scan`] only where needed (and
/// only there the input checked as UTF-8).
pub(crate) fn each_separated(bytes: &[u8], mut each: impl FnMut(Option<Canonical>)) {
    let mut start = 0;
    loop {
        let (verdict, stop) = quick_from::<true>(bytes, start);
        let (phone, end) = match verdict {
            Quick::Phone(p) => (Some(Canonical::from(p)), stop),
            Quick::NotAPhone => (None, stop),
            Quick::Unsure => {
                let rest = bytes.get(stop..).unwrap_or_default();
                let end = rest.iter().position(|&b| b == 0).map_or(bytes.len(), |i| stop.saturating_add(i));
                let input = bytes.get(start..end).and_then(|piece| std::str::from_utf8(piece).ok());
                (input.and_then(|input| scan(input).ok()).map(|p| Canonical::from(p.phone)), end)
            }
        };
        each(phone);
        if end >= bytes.len() {
            return;
        }
        start = end.saturating_add(1);
    }
}

/// The parser proper: one pass, no allocation.
pub(crate) fn scan(input: &str) -> Result<ParsedPhone, Fault> {
    if let Quick::Phone(national) = quick(input) {
        return Ok(ParsedPhone { phone: national.phone(), extension: None });
    }
    if input.len() > MAX_INPUT_BYTES {
        return Err(Fault::TooLong);
    }
    let trimmed = trim(input);
    if trimmed.is_empty() {
        return Err(Fault::Empty);
    }
    let (body, uri_extension) = strip_uri(trimmed);
    // `body` is a slice of `input`: where it starts, for error positions.
    let body_offset = (body.as_ptr() as usize).saturating_sub(input.as_ptr() as usize);

    let mut digits = Digits::default();
    let mut plus = false;
    let mut extension_text = uri_extension;
    let bytes = body.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        // ASCII digits and separators, the common case, without decoding a character.
        if b.is_ascii_digit() {
            digits.push(b.wrapping_sub(b'0'));
            at = at.saturating_add(1);
            continue;
        }
        if matches!(b, b' ' | b'-' | b'(' | b')' | b'.') {
            at = at.saturating_add(1);
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
            return Err(Fault::Character(body_offset.saturating_add(at), c));
        }
        at = at.saturating_add(c.len_utf8());
    }

    let phone = classify(&digits, plus).map_err(Fault::Digits)?;
    let extension = match extension_text {
        None => None,
        Some(text) => Some(parse_extension(text).map_err(Fault::Extension)?),
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
    // Most letters start no marker: decline them without trying each.
    let first = fold_letter(s.chars().next()?);
    if !matches!(first, 'д' | 'e' | 'x' | 'х' | '#' | ',' | ';') {
        return None;
    }
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
            *slot = b'0'.wrapping_add(d);
            ext.len = ext.len.saturating_add(1);
        } else if !(is_separator(c) || c == ':') {
            return Err("may hold only digits");
        }
    }
    if ext.len == 0 {
        return Err("marker is not followed by digits");
    }
    Ok(ext)
}

/// `s` without `prefix`, compared case-insensitively (`prefix` is lower-case ASCII or
/// Cyrillic, or other characters that have no case).
pub(crate) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = s.chars();
    for expected in prefix.chars() {
        let c = rest.next()?;
        if fold_letter(c) != expected {
            return None;
        }
    }
    Some(rest.as_str())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The slow path without the quick one in front of it.
    fn slow(input: &str) -> Option<Phone> {
        // A leading tab makes `quick` decline, and the general loop trims it.
        scan(&format!("\t{input}")).ok().map(|p| p.phone)
    }

    proptest! {
        #[test]
        fn quick_agrees_with_the_general_parser(input in "[+()\\- .0-9]{0,24}") {
            match quick(&input) {
                Quick::Phone(national) => {
                    prop_assert_eq!(Some(national.phone()), slow(&input), "{:?}", input);
                    let mut written = [0; 11];
                    national.write_canonical(&mut written);
                    prop_assert_eq!(written, national.phone().digits(), "{:?}", input);
                }
                Quick::NotAPhone => prop_assert_eq!(None, slow(&input), "{:?}", input),
                Quick::Unsure => {}
            }
            prop_assert_eq!(scan(&input).ok().map(|p| p.phone), slow(&input), "{:?}", input);
        }

        #[test]
        fn quick_bytes_answers_only_what_the_parser_reads(bytes in prop::collection::vec(prop_oneof![
            Just(b'7'), Just(b'8'), Just(b'9'), Just(b' '), Just(b'+'), Just(b'('), Just(0xd0u8), Just(0x80u8), any::<u8>()
        ], 0..24)) {
            if let Quick::Phone(national) = quick_bytes(&bytes) {
                let phone = national.phone();
                let mut written = [0; 11];
                national.write_canonical(&mut written);
                prop_assert_eq!(written, phone.digits());
                let text = std::str::from_utf8(&bytes);
                prop_assert!(text.is_ok(), "{:?}", bytes);
                prop_assert_eq!(Some(phone), text.ok().and_then(slow), "{:?}", bytes);
            }
        }
    }

    proptest! {
        #[test]
        fn separated_inputs_read_as_one_by_one(inputs in prop::collection::vec("[+()\\- .0-9a-zх]{0,20}", 1..8)) {
            let mut got = Vec::new();
            each_separated(inputs.join("\0").as_bytes(), |p| got.push(p.map(Canonical::phone)));
            let want: Vec<Option<Phone>> = inputs.iter().map(|i| scan(i).ok().map(|p| p.phone)).collect();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_separated_input_that_is_not_utf8_is_no_phone() {
        let mut got = Vec::new();
        // The last is UTF-8 that the quick pass leaves to the parser: "доб. 5".
        let text = b"89123456789\0\xff 8 912 345 67 89\0+7 912 345 67 88 \xd0\xb4\xd0\xbe\xd0\xb1. 5";
        each_separated(text, |p| {
            got.push(p.map(|p| {
                let mut written = [0; 11];
                p.write(&mut written);
                written
            }))
        });
        assert_eq!(got, [Some(*b"79123456789"), None, Some(*b"79123456788")]);
    }

    #[test]
    fn quick_reads_every_digit_in_every_place() {
        for national in (0..100_000u64).map(|i| i * 99_991 + 99_999).chain([0, 1, 9_999_999_999]) {
            for input in [format!("{national:010}"), format!("8{national:010}"), format!("+7 {national:010}")] {
                let Quick::Phone(read) = quick(&input) else { panic!("{input}") };
                assert_eq!(read.phone().national(), national, "{input}");
                let mut written = [0; 11];
                read.write_canonical(&mut written);
                assert_eq!(std::str::from_utf8(&written).unwrap(), format!("7{national:010}"), "{input}");
            }
        }
    }

    #[test]
    fn quick_declines_what_is_too_long() {
        let padded = format!("{}89123456789", " ".repeat(MAX_INPUT_BYTES));
        assert_eq!(quick(&padded), Quick::Unsure);
        assert_eq!(scan(&padded).err(), Some(Fault::TooLong));
    }

    #[test]
    fn digits_append_keeps_value_and_head() {
        let mut a = Digits::default();
        a.push(3);
        let mut b = Digits::default();
        for d in [8, 0, 4, 4] {
            b.push(d);
        }
        a.append(&b);
        assert_eq!((a.value, a.count, a.head, a.first), (38044, 5, 380, 3));
        assert_eq!(a.country_prefix().to_string(), "380");
        let mut short = Digits::default();
        short.push(0);
        short.push(7);
        assert_eq!(short.country_prefix().to_string(), "07");
    }
}
