//! The time of a call event: read from Unix seconds, Unix milliseconds or ISO 8601, written
//! as ISO 8601.
//!
//! A small converter of its own (days from a civil date and back) rather than a date
//! library: the module needs only this, and every kilobyte of wasm is downloaded.

use std::fmt;

/// A Unix number at or above this is read as milliseconds, below it as seconds. In seconds
/// it would be the year 5138; in milliseconds it is March 1973.
pub const UNIX_MILLIS_FROM: u64 = 100_000_000_000;

/// The longest text [`EventTime::write_iso`] writes, and one byte more.
pub const ISO_MAX_BYTES: usize = 26;

/// The earliest year a time may fall in.
pub const MIN_YEAR: i64 = 1970;
/// The latest year a time may fall in.
pub const MAX_YEAR: i64 = 9999;

/// Milliseconds from 1970-01-01T00:00:00 to 10000-01-01T00:00:00.
const END_MS: i64 = 253_402_300_800_000;

const MS_PER_DAY: i64 = 86_400_000;

/// A moment with millisecond precision, in 1970..=9999.
///
/// A time given with a zone (a Unix number, or ISO 8601 with `Z` or an offset) is held in
/// UTC and written with `Z`. A time given as ISO 8601 without a zone is a wall-clock time
/// of a zone nobody named: it is kept as it is and written without a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventTime {
    /// Milliseconds since 1970-01-01T00:00:00 (UTC when `zoned`, on the wall clock otherwise).
    ms: i64,
    zoned: bool,
}

impl EventTime {
    /// The time `ms` milliseconds after the Unix epoch, if it falls in 1970..=9999.
    pub fn from_unix_ms(ms: i64) -> Option<EventTime> {
        (0..END_MS).contains(&ms).then_some(EventTime { ms, zoned: true })
    }

    /// Milliseconds since the Unix epoch, for a time that has a zone.
    pub fn unix_ms(&self) -> Option<i64> {
        self.zoned.then_some(self.ms)
    }

    /// Whether the time was given with a zone (and is held in UTC).
    pub fn is_zoned(&self) -> bool {
        self.zoned
    }

    /// A Unix time given as a whole number: seconds below [`UNIX_MILLIS_FROM`], milliseconds
    /// from it on.
    pub fn from_unix(n: u64) -> Result<EventTime, &'static str> {
        let ms = if n < UNIX_MILLIS_FROM { n.saturating_mul(1000) } else { n };
        i64::try_from(ms).ok().and_then(EventTime::from_unix_ms).ok_or("after the year 9999")
    }

    /// Any accepted spelling: a Unix number (`1732636800`, `1732636800123`,
    /// `1732636800.5`) or ISO 8601 (`2024-11-26T15:00:00Z`, `2024-11-26 18:00:00+03:00`,
    /// `2024-11-26T15:00:00.123`, `2024-11-26`).
    pub fn parse(text: &str) -> Result<EventTime, &'static str> {
        let text = crate::text::trim(text);
        let bytes = text.as_bytes();
        if bytes.is_empty() {
            return Err("empty");
        }
        // Four digits and a dash start a date; any other run of digits is a Unix number.
        if bytes.get(4) == Some(&b'-') {
            return parse_iso(bytes);
        }
        parse_unix(bytes)
    }

    /// Writes `YYYY-MM-DDTHH:MM:SS`, then `.mmm` when there are milliseconds, then `Z` when
    /// the time has a zone, into `buf`, and gives the text.
    pub fn write_iso<'b>(&self, buf: &'b mut [u8; ISO_MAX_BYTES]) -> &'b str {
        let c = self.civil();
        let mut at = 0;
        put_field(buf, &mut at, c.year as u32, 4, b'0');
        put_field(buf, &mut at, c.month, 2, b'-');
        put_field(buf, &mut at, c.day, 2, b'-');
        put_field(buf, &mut at, c.hour, 2, b'T');
        put_field(buf, &mut at, c.minute, 2, b':');
        put_field(buf, &mut at, c.second, 2, b':');
        if c.milli != 0 {
            put_field(buf, &mut at, c.milli, 3, b'.');
        }
        if self.zoned {
            put_field(buf, &mut at, 0, 0, b'Z');
        }
        // The first byte is a placeholder written before the year.
        buf.get(1..at).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or_default()
    }

    fn civil(&self) -> Civil {
        let days = self.ms.div_euclid(MS_PER_DAY);
        let in_day = self.ms.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (in_day / 3_600_000) as u32,
            minute: (in_day / 60_000 % 60) as u32,
            second: (in_day / 1000 % 60) as u32,
            milli: (in_day % 1000) as u32,
        }
    }
}

/// Writes [`EventTime::write_iso`]'s text.
impl fmt::Display for EventTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; ISO_MAX_BYTES];
        f.write_str(self.write_iso(&mut buf))
    }
}

/// A string: [`EventTime::write_iso`]'s text.
impl crate::json_writer::WriteJson for EventTime {
    fn write_json(&self, w: &mut crate::json_writer::JsonWriter) {
        let mut buf = [0u8; ISO_MAX_BYTES];
        w.string(self.write_iso(&mut buf));
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for EventTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    milli: u32,
}

// The calendar below works on bounded numbers: years 0..=10000, months 1..=12, days
// 1..=31, and day counts within ±4 000 000. Every intermediate value stays far inside i64,
// so wrapping operations never wrap: they only say so without a panic path.

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`). `year` is 0..=10000, `month` 1..=12, `day` 1..=31.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year.wrapping_sub(1) } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(month.wrapping_add(9) % 12);
    let doy = (mp.wrapping_mul(153).wrapping_add(2) / 5).wrapping_add(i64::from(day)).wrapping_sub(1);
    let doe = yoe.wrapping_mul(365).wrapping_add(yoe / 4).wrapping_sub(yoe / 100).wrapping_add(doy);
    era.wrapping_mul(146_097).wrapping_add(doe).wrapping_sub(719_468)
}

/// Writes `before`, then `value` in `width` decimal digits, at `at` of an ISO text being
/// written, and moves `at` past them. `at` stays below `ISO_MAX_BYTES`: the additions
/// cannot wrap.
#[inline(always)]
fn put_field(buf: &mut [u8; ISO_MAX_BYTES], at: &mut usize, value: u32, width: usize, before: u8) {
    if let Some(slot) = buf.get_mut(*at) {
        *slot = before;
    }
    *at = at.wrapping_add(1);
    let mut rest = value;
    for i in (0..width).rev() {
        if let Some(slot) = buf.get_mut(at.wrapping_add(i)) {
            *slot = digit_byte(rest % 10);
        }
        rest /= 10;
    }
    *at = at.wrapping_add(width);
}

/// The date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`), for a
/// day of the years 1970..=9999.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.wrapping_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = doe.wrapping_sub(doe / 1460).wrapping_add(doe / 36_524).wrapping_sub(doe / 146_096) / 365;
    let doy = doe.wrapping_sub(yoe.wrapping_mul(365).wrapping_add(yoe / 4).wrapping_sub(yoe / 100));
    let mp = doy.wrapping_mul(5).wrapping_add(2) / 153;
    let day = doy.wrapping_sub(mp.wrapping_mul(153).wrapping_add(2) / 5).wrapping_add(1) as u32;
    let month = if mp < 10 { mp.wrapping_add(3) } else { mp.wrapping_sub(9) } as u32;
    let year = yoe.wrapping_add(era.wrapping_mul(400)).wrapping_add(i64::from(month <= 2));
    (year, month, day)
}

/// The ASCII digit of `d` (0..=9).
fn digit_byte(d: u32) -> u8 {
    b'0'.wrapping_add((d % 10) as u8)
}

/// The value of an ASCII digit, `None` for any other byte.
fn digit_value(b: u8) -> Option<u8> {
    b.checked_sub(b'0').filter(|d| *d < 10)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `1732636800`, `1732636800123`, `1732636800.25`: digits, an optional fraction.
fn parse_unix(bytes: &[u8]) -> Result<EventTime, &'static str> {
    const NOT_A_TIME: &str = "expected Unix seconds, Unix milliseconds or ISO 8601";
    let mut whole: u64 = 0;
    let mut digits = 0usize;
    let mut iter = bytes.iter();
    let mut frac_ms: u64 = 0;
    let mut frac_digits = 0u32;
    let mut in_fraction = false;
    // At most 16 digits and 3 of fraction: the numbers stay below 10^16 and 1000.
    for &b in iter.by_ref() {
        match (digit_value(b), b) {
            (Some(d), _) if in_fraction => {
                if frac_digits < 3 {
                    frac_ms = frac_ms.wrapping_mul(10).wrapping_add(u64::from(d));
                    frac_digits = frac_digits.wrapping_add(1);
                }
            }
            (Some(d), _) => {
                digits = digits.wrapping_add(1);
                if digits > 16 {
                    return Err("after the year 9999");
                }
                whole = whole.wrapping_mul(10).wrapping_add(u64::from(d));
            }
            (None, b'.') if !in_fraction && digits > 0 => in_fraction = true,
            _ => return Err(NOT_A_TIME),
        }
    }
    if digits == 0 {
        return Err(NOT_A_TIME);
    }
    if whole >= UNIX_MILLIS_FROM {
        // Milliseconds: a fraction of a millisecond is dropped.
        return EventTime::from_unix(whole);
    }
    while frac_digits < 3 {
        frac_ms = frac_ms.wrapping_mul(10);
        frac_digits = frac_digits.wrapping_add(1);
    }
    let ms = whole.saturating_mul(1000).saturating_add(frac_ms);
    i64::try_from(ms).ok().and_then(EventTime::from_unix_ms).ok_or("after the year 9999")
}

/// Reads `n` ASCII digits at `*at` as a number.
fn digits(bytes: &[u8], at: &mut usize, n: usize) -> Option<u32> {
    let mut value = 0u32;
    for _ in 0..n {
        let d = digit_value(*bytes.get(*at)?)?;
        value = value.checked_mul(10)?.checked_add(u32::from(d))?;
        *at = at.checked_add(1)?;
    }
    Some(value)
}

fn expect(bytes: &[u8], at: &mut usize, wanted: u8) -> Option<()> {
    if bytes.get(*at) == Some(&wanted) {
        *at = at.checked_add(1)?;
        return Some(());
    }
    None
}

/// `YYYY-MM-DD`, then optionally `T` or a space and `HH:MM[:SS[.fff]]`, then optionally
/// `Z` or an offset `±HH[:MM]` / `±HHMM`.
fn parse_iso(bytes: &[u8]) -> Result<EventTime, &'static str> {
    const SHAPE: &str = "expected ISO 8601 such as 2024-11-26T15:00:00Z";
    let mut at = 0;
    let year = digits(bytes, &mut at, 4).ok_or(SHAPE)?;
    expect(bytes, &mut at, b'-').ok_or(SHAPE)?;
    let month = digits(bytes, &mut at, 2).ok_or(SHAPE)?;
    expect(bytes, &mut at, b'-').ok_or(SHAPE)?;
    let day = digits(bytes, &mut at, 2).ok_or(SHAPE)?;
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err("no such month");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("no such day in that month");
    }
    let (mut hour, mut minute, mut second, mut milli) = (0u32, 0u32, 0u32, 0u32);
    if matches!(bytes.get(at), Some(b'T' | b't' | b' ')) {
        at = at.saturating_add(1);
        hour = digits(bytes, &mut at, 2).ok_or(SHAPE)?;
        expect(bytes, &mut at, b':').ok_or(SHAPE)?;
        minute = digits(bytes, &mut at, 2).ok_or(SHAPE)?;
        if expect(bytes, &mut at, b':').is_some() {
            second = digits(bytes, &mut at, 2).ok_or(SHAPE)?;
            if matches!(bytes.get(at), Some(b'.' | b',')) {
                at = at.saturating_add(1);
                let mut n = 0u32;
                // At most 9 digits are read, 3 of them into `milli` (below 1000).
                while let Some(d) = bytes.get(at).copied().and_then(digit_value) {
                    if n < 3 {
                        milli = milli.wrapping_mul(10).wrapping_add(u32::from(d));
                    }
                    n = n.wrapping_add(1);
                    at = at.saturating_add(1);
                    if n > 9 {
                        return Err(SHAPE);
                    }
                }
                if n == 0 {
                    return Err(SHAPE);
                }
                for _ in n.min(3)..3 {
                    milli = milli.wrapping_mul(10);
                }
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err("no such time of day");
        }
    }
    // Year ≤ 9999, and the time of day checked above: all far inside i64.
    let wall = days_from_civil(year, month, day)
        .wrapping_mul(MS_PER_DAY)
        .wrapping_add(i64::from(hour).wrapping_mul(3_600_000))
        .wrapping_add(i64::from(minute).wrapping_mul(60_000))
        .wrapping_add(i64::from(second).wrapping_mul(1000))
        .wrapping_add(i64::from(milli));
    let (ms, zoned) = match bytes.get(at) {
        None => (wall, false),
        Some(b'Z' | b'z') => {
            at = at.saturating_add(1);
            (wall, true)
        }
        Some(&sign @ (b'+' | b'-')) => {
            at = at.saturating_add(1);
            let oh = digits(bytes, &mut at, 2).ok_or(SHAPE)?;
            let _ = expect(bytes, &mut at, b':');
            let om = if at < bytes.len() { digits(bytes, &mut at, 2).ok_or(SHAPE)? } else { 0 };
            if oh > 23 || om > 59 {
                return Err("no such zone offset");
            }
            // Both checked above: under a day.
            let offset = i64::from(oh.wrapping_mul(60).wrapping_add(om)).wrapping_mul(60_000);
            (if sign == b'+' { wall.wrapping_sub(offset) } else { wall.wrapping_add(offset) }, true)
        }
        Some(_) => return Err(SHAPE),
    };
    if at != bytes.len() {
        return Err(SHAPE);
    }
    if !(0..END_MS).contains(&ms) {
        return Err("outside the years 1970 to 9999");
    }
    Ok(EventTime { ms, zoned })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        EventTime::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}")).to_string()
    }

    #[test]
    fn civil_round_trip_over_the_range() {
        let mut days = days_from_civil(1970, 1, 1);
        assert_eq!(days, 0);
        let end = days_from_civil(10000, 1, 1);
        let mut expected = (1970, 1, 1);
        while days < end {
            let got = civil_from_days(days);
            assert_eq!(got, expected);
            assert_eq!(days_from_civil(got.0, got.1, got.2), days);
            let (y, m, d) = expected;
            expected = if d < days_in_month(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            days += 1;
        }
        assert_eq!(end * MS_PER_DAY, END_MS);
    }

    #[test]
    fn unix_and_iso() {
        assert_eq!(iso("0"), "1970-01-01T00:00:00Z");
        assert_eq!(iso("1732633200"), "2024-11-26T15:00:00Z");
        assert_eq!(iso("1732633200123"), "2024-11-26T15:00:00.123Z");
        assert_eq!(iso("1732633200.5"), "2024-11-26T15:00:00.500Z");
        assert_eq!(iso("2024-11-26T18:00:00+03:00"), "2024-11-26T15:00:00Z");
        assert_eq!(iso("2024-11-26 18:00:00+0300"), "2024-11-26T15:00:00Z");
        assert_eq!(iso("2024-11-26T12:00-03"), "2024-11-26T15:00:00Z");
        assert_eq!(iso("2024-11-26T15:00:00.1234Z"), "2024-11-26T15:00:00.123Z");
        assert_eq!(iso("2024-11-26T18:00:00"), "2024-11-26T18:00:00");
        assert_eq!(iso("2024-02-29"), "2024-02-29T00:00:00");
        assert_eq!(iso("9999-12-31T23:59:59.999Z"), "9999-12-31T23:59:59.999Z");
        assert_eq!(iso("2000-03-01T00:30:00+01:00"), "2000-02-29T23:30:00Z");
    }

    #[test]
    fn rejected() {
        for bad in [
            "",
            "yesterday",
            "2023-02-29",
            "2024-13-01",
            "2024-11-26T24:00:00Z",
            "2024-11-26T15:00:60Z",
            "2024-11-26T15:00:00+25:00",
            "1969-12-31T23:59:59Z",
            "1970-01-01T00:00:00+00:01",
            "-5",
            "1.2.3",
            "253402300800000",
            "99999999999999999",
            "2024-11-26T15:00:00Zjunk",
            "2024-11-26T15",
        ] {
            assert!(EventTime::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(EventTime::from_unix(1_732_633_200).unwrap().to_string(), "2024-11-26T15:00:00Z");
        assert!(EventTime::from_unix(u64::MAX).is_err());
    }
}
