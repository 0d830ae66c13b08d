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

pub use error::{PhoneError, Quoted};
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
        parse::parse(input).map(|parsed| parsed.phone)
    }

    /// The phone `input` spells, if it is one: [`Phone::parse`] without the error, and
    /// faster where many inputs are invalid, since no error is built.
    pub fn try_parse(input: &str) -> Option<Phone> {
        parse::scan(input).ok().map(|parsed| parsed.phone)
    }

    /// The phone with the given 10 national digits (`9123456789`), if there are 10.
    pub fn from_national(national: u64) -> Option<Phone> {
        (national < NATIONAL_SPAN).then_some(Phone(COUNTRY_BASE + national))
    }

    /// The 10 digits after the country code, as a number.
    pub fn national(self) -> u64 {
        self.0 - COUNTRY_BASE
    }

    /// The canonical digits `7XXXXXXXXXX` as ASCII bytes.
    pub fn digits(self) -> [u8; 11] {
        // Two 32-bit halves: 64-bit division is slow in wasm.
        let mut out = [b'0'; 11];
        let halves = [((self.0 / 1_000_000) as u32, 5), ((self.0 % 1_000_000) as u32, 6)];
        let mut slots = out.iter_mut().rev();
        for (mut half, width) in halves.into_iter().rev() {
            for slot in slots.by_ref().take(width) {
                *slot = b'0' + (half % 10) as u8;
                half /= 10;
            }
        }
        out
    }

    /// The number as people read it: `+7 912 345-67-89`.
    pub fn to_human(self) -> String {
        let d = self.digits();
        let mut s = String::with_capacity(16);
        s.push_str("+7 ");
        for (i, &b) in d.iter().enumerate().skip(1) {
            match i {
                4 => s.push(' '),
                7 | 9 => s.push('-'),
                _ => {}
            }
            s.push(char::from(b));
        }
        s
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        // The digits are ASCII, so this is valid UTF-8.
        f.write_str(std::str::from_utf8(&d).map_err(|_| fmt::Error)?)
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
        parse::parse(input)
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

/// The canonical form `7XXXXXXXXXX` of any accepted spelling of a phone number.
pub fn normalize(input: &str) -> Result<String, PhoneError> {
    Phone::parse(input).map(|p| p.to_string())
}

/// The phone as people read it, `+7 912 345-67-89`, from any accepted spelling; an
/// extension is kept, written `доб. 123`.
pub fn format(input: &str) -> Result<String, PhoneError> {
    ParsedPhone::parse(input).map(|p| p.to_human())
}
