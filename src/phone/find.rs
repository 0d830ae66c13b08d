//! Finding every phone number in free text (`"Иван, 8 912 345-67-89 или +7 495 123 45 67"`).

use super::digits::{decimal_digit, is_plus, is_separator};
use super::parse::{classify, Digits};
use super::{Phone, PhoneError, MIN_DIGITS};
use crate::sort::sort;

/// The longest text, in UTF-8 bytes, that [`find_phones`] reads.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// Every phone number in `text`, canonical, each once, in order of first appearance.
///
/// A number is a run of digits and the separators a phone may hold, with an optional `+`,
/// that reads as a phone under the same rules as [`Phone::parse`]. Text is not a phone
/// field, so one more rule keeps dates and order numbers out: the national number must
/// start with a digit that Russian and Kazakh numbering plans use (3, 4, 6, 7, 8, 9).
pub fn find_phones(text: &str) -> Result<Vec<Phone>, PhoneError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(PhoneError::TooLong { what: "text", len: text.len(), max: MAX_TEXT_BYTES });
    }
    let mut finder = Finder::default();
    for c in crate::text::chars(text) {
        if let Some(d) = decimal_digit(c) {
            finder.digit(d);
        } else if is_separator(c) {
            finder.end_group();
        } else if is_plus(c) {
            finder.end_group();
            finder.plus = true;
        } else {
            finder.end_run();
        }
    }
    finder.end_run();
    Ok(first_of_each(finder.found))
}

/// Bits of a phone's place among the phones found, in [`first_of_each`]'s keys: a text of
/// [`MAX_TEXT_BYTES`] holds fewer than 2²⁰ phones (each has ten digits at least).
const PLACE_BITS: u32 = 20;
const PLACE_MASK: u64 = (1 << PLACE_BITS) - 1;

/// The phones of `found` without repeats, each where it first appears. By sorting, not
/// by hashing: no text, however its phones are chosen, makes it slower than O(n log n).
fn first_of_each(mut found: Vec<Phone>) -> Vec<Phone> {
    if found.len() < 2 {
        return found;
    }
    // Each phone with its place, sorted: the first place of each phone leads its run.
    let mut keys = Vec::with_capacity(found.len());
    for (place, phone) in found.iter().enumerate() {
        keys.push(phone.national() << PLACE_BITS | place as u64);
    }
    sort(&mut keys);
    // A bit for each place that is a phone's first.
    let mut first = vec![0u64; found.len().div_ceil(64)];
    let mut last = u64::MAX;
    for key in keys {
        if key >> PLACE_BITS != last {
            last = key >> PLACE_BITS;
            let place = (key & PLACE_MASK) as usize;
            if let Some(word) = first.get_mut(place / 64) {
                *word |= 1 << (place % 64);
            }
        }
    }
    // Those places' phones, moved to the front in order (none moves back).
    let mut kept = 0;
    for place in 0..found.len() {
        let is_first = first.get(place / 64).is_some_and(|word| word >> (place % 64) & 1 == 1);
        if let (true, Some(&phone)) = (is_first, found.get(place)) {
            if let Some(to) = found.get_mut(kept) {
                *to = phone;
            }
            kept = kept.wrapping_add(1);
        }
    }
    found.truncate(kept);
    found
}

/// Whether `text` has enough decimal digits (in any script) to hold a phone number at all.
/// When it is false, [`find_phones`] finds nothing in it; when true, it may.
pub fn may_hold_phone(text: &str) -> bool {
    let mut count = 0usize; // at most the text's length: the additions cannot wrap
    if text.is_ascii() {
        for b in text.bytes() {
            count = count.wrapping_add(usize::from(b.is_ascii_digit()));
        }
        return count >= MIN_DIGITS;
    }
    for c in crate::text::chars(text) {
        if decimal_digit(c).is_some() {
            count = count.wrapping_add(1);
            if count >= MIN_DIGITS {
                return true;
            }
        }
    }
    false
}

/// A group of digits with no separator inside: `912` in `+7 912 345-67-89`.
#[derive(Clone, Copy, Default)]
struct Group {
    digits: Digits,
    plus: bool,
}

#[derive(Default)]
struct Finder {
    /// The groups of the current run: digits and separators with nothing else between.
    run: Vec<Group>,
    current: Option<Group>,
    /// A `+` was seen and no digit yet.
    plus: bool,
    /// Every phone found, repeats included, in order.
    found: Vec<Phone>,
}

impl Finder {
    fn digit(&mut self, d: u8) {
        let plus = std::mem::take(&mut self.plus);
        self.current.get_or_insert(Group { digits: Digits::default(), plus }).digits.push(d);
    }

    fn end_group(&mut self) {
        if let Some(group) = self.current.take() {
            self.run.push(group);
        }
    }

    /// Reads the phones out of the run that just ended. From each group, the longest
    /// sequence of whole groups that is a phone wins; a `+` starts a new number.
    fn end_run(&mut self) {
        self.end_group();
        self.plus = false;
        let mut i = 0;
        while let Some(start) = self.run.get(i) {
            let mut digits = Digits::default();
            let mut best = None;
            for (j, group) in self.run.iter().enumerate().skip(i) {
                if j > i && group.plus {
                    break;
                }
                if digits.count().saturating_add(group.digits.count()) > 11 {
                    break;
                }
                digits.append(&group.digits);
                if digits.count() >= MIN_DIGITS {
                    if let Ok(phone) = classify(&digits, start.plus) {
                        if plausible_national_start(phone) {
                            best = Some((phone, j));
                        }
                    }
                }
            }
            match best {
                Some((phone, last)) => {
                    self.found.push(phone);
                    i = last.saturating_add(1);
                }
                None => i = i.saturating_add(1),
            }
        }
        self.run.clear();
    }
}

fn plausible_national_start(phone: Phone) -> bool {
    matches!(phone.national() / 1_000_000_000, 3 | 4 | 6 | 7 | 8 | 9)
}
