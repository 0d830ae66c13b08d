//! Russian phone numbers: parsing anything people type, the canonical form, finding phones
//! in free text, formatting for people.
//!
//! The canonical form is 11 ASCII digits starting with `7` (`79123456789`): that is what the
//! telephony side of Salebot stores and compares.

mod digits;
mod error;
mod find;
mod parse;

use std::fmt;

use crate::json_writer::{JsonWriter, WriteJson};

pub(crate) use digits::fold_letter;
pub use error::{CountryPrefix, PhoneError, Quoted};
#[cfg(feature = "js")]
pub(crate) use error::{SliceWriter, MAX_MESSAGE_BYTES};
pub use find::{find_phones, may_hold_phone, MAX_TEXT_BYTES};
pub use parse::MAX_INPUT_BYTES;

/// The fewest decimal digits a phone number is written with: the 10 national digits.
pub const MIN_DIGITS: usize = 10;

/// The first code point that is a decimal digit outside ASCII (`U+0660`, Arabic-Indic zero).
/// Text whose characters below it hold fewer than [`MIN_DIGITS`] ASCII digits, and which
/// has fewer than [`MIN_DIGITS`] characters from it upwards besides, holds no phone: a
/// host may skip such text without asking the module.
pub const FIRST_NON_ASCII_DIGIT: u32 = digits::FIRST_NON_ASCII_DIGIT;

/// The largest number of digits an extension may have.
pub const MAX_EXTENSION_DIGITS: usize = 8;

pub(crate) const NATIONAL_SPAN: u64 = 10_000_000_000;
const COUNTRY_BASE: u64 = 7 * NATIONAL_SPAN;

/// A Russian phone number (country code 7) in canonical form.
///
/// Held as the 11-digit number `7XXXXXXXXXX`; `Display` writes the canonical digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Phone(u64);

impl Phone {
    /// Reads any accepted spelling of a phone number, dropping an extension if there is one.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        Phone::parse_ref(input).map_err(PhoneError::into_owned)
    }

    /// [`Phone::parse`] with an error that borrows the input instead of copying it: for a
    /// caller that writes the error out at once.
    pub fn parse_ref(input: &str) -> Result<Phone, PhoneError<&str>> {
        parse::parse(input).map(|parsed| parsed.phone)
    }

    /// The phone `input` spells, if it is one: [`Phone::parse`] without the error, and
    /// faster where many inputs are invalid, since no error is built.
    pub fn try_parse(input: &str) -> Option<Phone> {
        match parse::quick(input) {
            parse::Quick::Phone(national) => Some(national.phone()),
            parse::Quick::NotAPhone => None,
            parse::Quick::Unsure => parse::scan(input).ok().map(|parsed| parsed.phone),
        }
    }

    /// The phone the bytes of an input spell in the commonest spellings (ASCII digits,
    /// spaces, `-`, `.`, parentheses, a leading `+`), as the digits it read; `None` for
    /// anything else, which [`Phone::parse`] must then read.
    pub fn quick_bytes(input: &[u8]) -> Option<Canonical> {
        match parse::quick_bytes(input) {
            parse::Quick::Phone(national) => Some(Canonical::from(national)),
            parse::Quick::NotAPhone | parse::Quick::Unsure => None,
        }
    }

    /// The phone of each NUL-separated input of `text`, in order, `None` where an input is
    /// not one (or not UTF-8): [`Phone::try_parse`] for a batch that crossed as one string.
    /// Only an input that needs the full parser is checked as UTF-8, not the whole text.
    pub fn each_separated(text: &[u8], each: impl FnMut(Option<Canonical>)) {
        parse::each_separated(text, each);
    }

    /// The phone with the given 10 national digits (`9123456789`), if there are 10.
    pub fn from_national(national: u64) -> Option<Phone> {
        COUNTRY_BASE.checked_add(national).filter(|_| national < NATIONAL_SPAN).map(Phone)
    }

    /// The 10 digits after the country code, as a number.
    pub fn national(self) -> u64 {
        // Every phone is at least `COUNTRY_BASE` (see `from_national`).
        self.0.wrapping_sub(COUNTRY_BASE)
    }

    /// The canonical digits `7XXXXXXXXXX` as ASCII bytes.
    pub fn digits(self) -> [u8; 11] {
        let mut out = [0; 11];
        self.write_digits(&mut out);
        out
    }

    /// Writes the canonical digits into `out`, in place: a batch writes each answer
    /// straight into its slot, not through a copy of the bytes just stored.
    #[inline]
    pub fn write_digits(self, out: &mut [u8; 11]) {
        // Two five-digit halves in 32-bit arithmetic and a table of digit pairs: wasm's
        // 64-bit division is slow.
        const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
            2021222324252627282930313233343536373839404142434445464748495051525354555657585960\
            616263646566676869707172737475767778798081828384858687888990919293949596979899";
        let national = self.national();
        out[0] = b'7';
        for (half, slots) in [((national / 100_000) as u32, 1..6), ((national % 100_000) as u32, 6..11)] {
            let (top, rest) = (half / 10_000, half % 10_000);
            let (p, q) = (((rest / 100) as usize).wrapping_mul(2), ((rest % 100) as usize).wrapping_mul(2));
            if let (Some([s0, s1, s2, s3, s4]), Some(&[a, b]), Some(&[c, d])) =
                (out.get_mut(slots), PAIRS.get(p..p.wrapping_add(2)), PAIRS.get(q..q.wrapping_add(2)))
            {
                *s0 = b'0'.wrapping_add(top as u8);
                (*s1, *s2, *s3, *s4) = (a, b, c, d);
            }
        }
    }

    /// The number as people read it: `+7 912 345-67-89`.
    pub fn to_human(self) -> String {
        let [_, a, b, c, d, e, f, g, h, i, j] = self.digits();
        let human = [b'+', b'7', b' ', a, b, c, b' ', d, e, f, b'-', g, h, b'-', i, j];
        // ASCII digits and signs: always UTF-8.
        std::str::from_utf8(&human).unwrap_or_default().to_string()
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        // The digits are ASCII, so this is valid UTF-8.
        f.write_str(std::str::from_utf8(&d).map_err(|_| fmt::Error)?)
    }
}

/// A string of the canonical digits, `"79123456789"`.
impl WriteJson for Phone {
    fn write_json(&self, w: &mut JsonWriter) {
        let d = self.digits();
        w.string(std::str::from_utf8(&d).unwrap_or_default());
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({self})")
    }
}

impl std::str::FromStr for Phone {
    type Err = PhoneError;
    fn from_str(s: &str) -> Result<Phone, PhoneError> {
        Phone::parse(s)
    }
}

/// A phone as a parser read it, in the form that is cheapest to write out: the quick pass
/// keeps the digits as the characters they are, so a batch copies them into its answer
/// without any arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canonical(Form);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Digits(parse::National),
    Number(Phone),
}

impl Canonical {
    /// The phone.
    pub fn phone(self) -> Phone {
        match self.0 {
            Form::Digits(national) => national.phone(),
            Form::Number(phone) => phone,
        }
    }

    /// Writes the canonical digits `7XXXXXXXXXX`.
    #[inline(always)]
    pub fn write(self, out: &mut [u8; 11]) {
        match self.0 {
            Form::Digits(national) => national.write_canonical(out),
            Form::Number(phone) => phone.write_digits(out),
        }
    }
}

impl From<Phone> for Canonical {
    fn from(phone: Phone) -> Canonical {
        Canonical(Form::Number(phone))
    }
}

impl From<parse::National> for Canonical {
    fn from(national: parse::National) -> Canonical {
        Canonical(Form::Digits(national))
    }
}

/// An extension (internal number) split off after the phone: up to
/// [`MAX_EXTENSION_DIGITS`] ASCII digits, never empty.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Extension {
    len: u8,
    digits: [u8; MAX_EXTENSION_DIGITS],
}

impl Extension {
    /// The extension's digits.
    pub fn as_str(&self) -> &str {
        let digits = self.digits.get(..usize::from(self.len)).unwrap_or_default();
        std::str::from_utf8(digits).unwrap_or_default()
    }
}

impl fmt::Display for Extension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Extension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Extension({})", self.as_str())
    }
}

/// A phone with the extension that followed it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParsedPhone {
    pub phone: Phone,
    pub extension: Option<Extension>,
}

impl ParsedPhone {
    /// Reads any accepted spelling of a phone number with an optional extension.
    pub fn parse(input: &str) -> Result<ParsedPhone, PhoneError> {
        parse::parse(input).map_err(PhoneError::into_owned)
    }

    /// The phone as people read it, with its extension: `+7 912 345-67-89 доб. 123`.
    pub fn to_human(&self) -> String {
        let mut s = self.phone.to_human();
        if let Some(ext) = &self.extension {
            s.push_str(" доб. ");
            s.push_str(ext.as_str());
        }
        s
    }
}

/// `{"phone": "79123456789", "extension": "123"}`, without `extension` when there is none:
/// what `parsePhone` and the block action `phone.parse` give.
impl WriteJson for ParsedPhone {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field("phone", &self.phone);
        w.optional_str("extension", self.extension.as_ref().map(Extension::as_str));
        w.end_object();
    }
}

/// The same JSON as [`WriteJson`] writes.
#[cfg(feature = "serde")]
impl serde::Serialize for ParsedPhone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("ParsedPhone", if self.extension.is_some() { 2 } else { 1 })?;
        out.serialize_field("phone", &self.phone.to_string())?;
        if let Some(extension) = &self.extension {
            out.serialize_field("extension", extension.as_str())?;
        }
        out.end()
    }
}

/// The canonical form `7XXXXXXXXXX` of any accepted spelling of a phone number.
pub fn normalize(input: &str) -> Result<String, PhoneError> {
    Phone::parse(input).map(|p| p.to_string())
}

/// The phone as people read it, `+7 912 345-67-89`, from any accepted spelling; an
/// extension is kept, written `доб. 123`.
pub fn format(input: &str) -> Result<String, PhoneError> {
    ParsedPhone::parse(input).map(|p| p.to_human())
}

#[cfg(test)]
mod digits_tests {
    use super::*;

    #[test]
    fn digits_are_exact_at_every_boundary() {
        for national in [0, 1, 99_999, 100_000, 100_001, 9_999_999_999, 9_999_900_000, 9_999_899_999, 4_999_999_999]
            .into_iter()
            .chain((0..100_000u64).map(|i| i * 100_000 + (i % 3)))
            .chain((0..100_000u64).map(|i| i * 99_991 + 99_999))
        {
            let Some(phone) = Phone::from_national(national) else { continue };
            let want = format!("7{national:010}");
            assert_eq!(std::str::from_utf8(&phone.digits()).unwrap(), want);
        }
    }

    #[test]
    fn digits_are_exact_for_every_half() {
        for half in 0..100_000u64 {
            for national in [half * 100_000 + half, half * 100_000 + (99_999 - half)] {
                let phone = Phone::from_national(national).unwrap();
                assert_eq!(std::str::from_utf8(&phone.digits()).unwrap(), format!("7{national:010}"));
            }
        }
    }
}
