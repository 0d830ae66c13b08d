//! An HTTP(S) URL with placeholders, as a person pastes it or a host configures it: a careful
//! check and the substitution of values for the placeholders.
//!
//! The check is deliberately narrower than what browsers accept, so that what passes is
//! read the same way by every HTTP client:
//! - surrounding white space is dropped and the scheme written in lower case; nothing
//!   else is rewritten;
//! - the scheme is one of those the caller allows (case-insensitive), followed by `//`;
//! - the authority holds a host and an optional port, never `user:password@`;
//! - a host is DNS labels (ASCII letters, digits, `-`; an internationalised domain in its
//!   `xn--` form), a dotted-quad IPv4 address, or an IPv6 address in brackets; a port is
//!   1–65535;
//! - after the host only the characters RFC 3986 allows there, and `%` followed by two hex
//!   digits; anything else (a space, `<`, a Cyrillic letter, `\`) must be percent-encoded;
//! - a placeholder may be written raw or percent-encoded (hex of either case, each byte
//!   separately, `+` for a space) and its letters in either case; it must stand in the
//!   path or the query.
//!
//! Error messages give positions and characters, never more of the URL than a refused
//! scheme: a widget URL may carry its own token.

use std::fmt;

/// The longest URL, in UTF-8 bytes, that is read.
pub const MAX_URL_BYTES: usize = 2048;

const MAX_HOST_BYTES: usize = 253;
const MAX_LABEL_BYTES: usize = 63;

/// What a URL may hold, for [`Template::parse`].
pub(crate) struct Rules<'a> {
    /// Allowed schemes, lower case.
    pub schemes: &'a [&'a str],
    /// The allowed schemes as a message names them: `https:// or http://`.
    pub schemes_text: &'static str,
    /// The placeholders as written unencoded, letters in lower case; each may appear at most
    /// once.
    pub placeholders: &'a [&'static str],
    /// Whether each placeholder (same order) must appear.
    pub required: &'a [bool],
    /// The placeholders that start with `{`, as a message lists them; empty if none does.
    pub braced_text: &'static str,
}

/// A checked URL and where its placeholders stand. No `Debug`: the URL may carry a token.
#[derive(Clone)]
pub(crate) struct Template<'a> {
    text: &'a str,
    /// Where the scheme ends (the `:`).
    colon: usize,
    /// Byte spans in `text`, in order, with the index of the placeholder.
    slots: Vec<(usize, usize, usize)>,
}

/// Why a URL is refused. Messages give positions (1-based, in characters of the input),
/// never the URL (a refused scheme aside, cut at 16 characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("is empty")]
    Empty,
    #[error("is {len} bytes long, over the limit of {max}")]
    TooLong { len: usize, max: usize },
    #[error("must start with {allowed}")]
    NoScheme { allowed: &'static str },
    #[error("scheme \"{scheme}\" is not allowed; the URL must start with {allowed}")]
    UnsupportedScheme { scheme: String, allowed: &'static str },
    #[error("must have \"//\" and a host after the scheme")]
    NoAuthority,
    #[error("holds a user name or password before the host; credentials must not be embedded in the URL")]
    Credentials,
    #[error("host {problem}")]
    InvalidHost { problem: &'static str },
    #[error("port must be a number from 1 to 65535")]
    InvalidPort,
    #[error("character {found} at position {position} is not allowed in a URL; percent-encode it")]
    InvalidCharacter { found: CharName, position: usize },
    #[error("'%' at position {position} is not followed by two hex digits")]
    InvalidPercentEscape { position: usize },
    #[error("'{{' at position {position} does not start a known placeholder ({known})")]
    UnknownPlaceholder { position: usize, known: &'static str },
    #[error("placeholder {placeholder} at position {position} must be in the path or the query, not in the host or the fragment")]
    PlaceholderOutsidePath { placeholder: &'static str, position: usize },
    #[error("has no {placeholder} placeholder (raw or percent-encoded)")]
    NoPlaceholder { placeholder: &'static str },
    #[error("has {count} {placeholder} placeholders; only one is allowed")]
    SeveralPlaceholders { placeholder: &'static str, count: usize },
}

impl UrlError {
    /// The stable machine-readable reason, one per variant.
    pub fn reason(&self) -> &'static str {
        match self {
            UrlError::Empty => "empty",
            UrlError::TooLong { .. } => "too_long",
            UrlError::NoScheme { .. } => "no_scheme",
            UrlError::UnsupportedScheme { .. } => "unsupported_scheme",
            UrlError::NoAuthority => "no_authority",
            UrlError::Credentials => "credentials",
            UrlError::InvalidHost { .. } => "invalid_host",
            UrlError::InvalidPort => "invalid_port",
            UrlError::InvalidCharacter { .. } => "invalid_character",
            UrlError::InvalidPercentEscape { .. } => "invalid_percent_escape",
            UrlError::UnknownPlaceholder { .. } => "unknown_placeholder",
            UrlError::PlaceholderOutsidePath { .. } => "placeholder_outside_path",
            UrlError::NoPlaceholder { .. } => "no_placeholder",
            UrlError::SeveralPlaceholders { .. } => "several_placeholders",
        }
    }
}

/// A character as a message names it: `'<'`; `U+0020` where it would not show; both,
/// `'ё' (U+0451)`, for anything else outside ASCII, which may look like something it is not.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CharName(pub char);

/// As `Display`: `char`'s own `Debug` brings Unicode tables into the module.
impl fmt::Debug for CharName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for CharName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        if c.is_ascii_graphic() {
            write!(f, "'{c}'")
        } else if c.is_ascii() || c.is_whitespace() || c.is_control() {
            write!(f, "U+{:04X}", u32::from(c))
        } else {
            write!(f, "'{c}' (U+{:04X})", u32::from(c))
        }
    }
}

impl<'a> Template<'a> {
    /// Checks `input` under `rules` and finds its placeholders.
    pub(crate) fn parse(input: &'a str, rules: &Rules<'_>) -> Result<Template<'a>, UrlError> {
        if input.len() > MAX_URL_BYTES {
            return Err(UrlError::TooLong { len: input.len(), max: MAX_URL_BYTES });
        }
        let text = input.trim();
        if text.is_empty() {
            return Err(UrlError::Empty);
        }
        // Positions in messages count characters of the input, trimmed white space included.
        let lead = input.len().saturating_sub(input.trim_start().len());
        let position = |at: usize| input.get(..lead.saturating_add(at)).map_or(0, |s| s.chars().count()) + 1;

        let authority_start = scheme_end(text, rules.schemes, rules.schemes_text)?;
        // `scheme://`: the colon is three bytes before the authority.
        let colon = authority_start.saturating_sub(3);
        let rest = text.get(authority_start..).unwrap_or_default();
        let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority_end = authority_start + authority_len;
        let fragment_start = text.get(authority_end..).and_then(|r| r.find('#')).map(|i| authority_end + i);

        let slots = find_placeholders(text, rules.placeholders);
        for &(start, _, which) in &slots {
            if start < authority_end || fragment_start.is_some_and(|f| start > f) {
                let placeholder = rules.placeholders.get(which).copied().unwrap_or_default();
                return Err(UrlError::PlaceholderOutsidePath { placeholder, position: position(start) });
            }
        }
        check_authority(text.get(authority_start..authority_end).unwrap_or_default())?;
        for (which, &required) in rules.required.iter().enumerate() {
            let count = slots.iter().filter(|s| s.2 == which).count();
            let placeholder = rules.placeholders.get(which).copied().unwrap_or_default();
            if count == 0 && required {
                return Err(UrlError::NoPlaceholder { placeholder });
            }
            if count > 1 {
                return Err(UrlError::SeveralPlaceholders { placeholder, count });
            }
        }
        check_tail(text, authority_end, &slots, rules.braced_text, position)?;
        Ok(Template { text, colon, slots })
    }

    /// The URL with `values[i]`, percent-encoded, for the placeholder `i`.
    pub(crate) fn render(&self, values: &[&str]) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        out.push_str(&self.text.get(..self.colon).unwrap_or_default().to_ascii_lowercase());
        let mut at = self.colon;
        for &(start, end, which) in &self.slots {
            out.push_str(self.text.get(at..start).unwrap_or_default());
            percent_encode(values.get(which).copied().unwrap_or_default(), &mut out);
            at = end;
        }
        out.push_str(self.text.get(at..).unwrap_or_default());
        out
    }
}

/// Where the authority starts: after `scheme://`.
fn scheme_end(text: &str, schemes: &[&str], allowed: &'static str) -> Result<usize, UrlError> {
    let colon = text.find(':').ok_or(UrlError::NoScheme { allowed })?;
    let scheme = text.get(..colon).unwrap_or_default();
    let well_formed = scheme.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !well_formed {
        return Err(UrlError::NoScheme { allowed });
    }
    if !schemes.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        let mut shown: String = scheme.chars().take(16).collect();
        if scheme.len() > 16 {
            shown.push('…');
        }
        return Err(UrlError::UnsupportedScheme { scheme: shown, allowed });
    }
    let after = colon + 1;
    if !text.get(after..).is_some_and(|r| r.starts_with("//")) {
        return Err(UrlError::NoAuthority);
    }
    Ok(after + 2)
}

/// The authority: `host[:port]`, nothing else.
fn check_authority(authority: &str) -> Result<(), UrlError> {
    // Checked first, so that no later message is about the credentials' characters.
    if authority.contains('@') {
        return Err(UrlError::Credentials);
    }
    if authority.is_empty() {
        return Err(UrlError::InvalidHost { problem: "is missing" });
    }
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        let close = inner.find(']').ok_or(UrlError::InvalidHost { problem: "starts with '[' but has no ']'" })?;
        let address = inner.get(..close).unwrap_or_default();
        let ipv6 = !address.is_empty()
            && address.contains(':')
            && address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        if !ipv6 {
            return Err(UrlError::InvalidHost { problem: "in brackets is not an IPv6 address" });
        }
        let after = inner.get(close + 1..).unwrap_or_default();
        match after.strip_prefix(':') {
            Some(port) => (None, Some(port)),
            None if after.is_empty() => (None, None),
            None => return Err(UrlError::InvalidHost { problem: "has characters after ']'" }),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(authority), None),
        }
    };
    if let Some(host) = host {
        check_host(host)?;
    }
    if let Some(port) = port {
        let valid = (1..=5).contains(&port.len())
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !valid {
            return Err(UrlError::InvalidPort);
        }
    }
    Ok(())
}

/// A host name: dot-separated labels of ASCII letters, digits and inner hyphens,
/// one trailing dot allowed; or a dotted-quad IPv4 address when the last label is numeric.
fn check_host(host: &str) -> Result<(), UrlError> {
    if host.is_empty() {
        return Err(UrlError::InvalidHost { problem: "is missing" });
    }
    if host.len() > MAX_HOST_BYTES {
        return Err(UrlError::InvalidHost { problem: "is longer than 253 bytes" });
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    let mut labels = 0usize;
    let mut last = "";
    for label in name.split('.') {
        if label.is_empty() {
            return Err(UrlError::InvalidHost { problem: "has an empty label (two dots, or a dot at the start)" });
        }
        if label.len() > MAX_LABEL_BYTES {
            return Err(UrlError::InvalidHost { problem: "has a label longer than 63 bytes" });
        }
        if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(UrlError::InvalidHost {
                problem: "may hold only ASCII letters, digits, '-' and '.' (write an internationalised \
                          domain in its xn-- form)",
            });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(UrlError::InvalidHost { problem: "has a label that starts or ends with '-'" });
        }
        labels += 1;
        last = label;
    }
    // Browsers read a host whose last label is a number as an IPv4 address, in forms as
    // odd as `1.2.3` or `0x7f.1`: only the plain dotted quad is let through.
    let numeric =
        last.bytes().all(|b| b.is_ascii_digit()) || last.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x"));
    if numeric {
        let quad = labels == 4
            && name.split('.').all(|octet| {
                octet.bytes().all(|b| b.is_ascii_digit())
                    && (octet == "0" || !octet.starts_with('0'))
                    && octet.parse::<u16>().is_ok_and(|v| v <= 255)
            });
        if !quad || host.ends_with('.') {
            return Err(UrlError::InvalidHost { problem: "ends in a number but is not an IPv4 address a.b.c.d" });
        }
    }
    Ok(())
}

/// Path, query and fragment: only what RFC 3986 allows there, escapes well formed.
fn check_tail(
    text: &str,
    from: usize,
    slots: &[(usize, usize, usize)],
    braced: &'static str,
    position: impl Fn(usize) -> usize,
) -> Result<(), UrlError> {
    let bytes = text.as_bytes();
    let mut slots = slots.iter().peekable();
    let mut in_fragment = false;
    let mut at = from;
    while let Some(&b) = bytes.get(at) {
        if let Some(&&(start, end, _)) = slots.peek() {
            if start == at {
                at = end;
                slots.next();
                continue;
            }
        }
        match b {
            b'%' => {
                if hex_pair(bytes, at + 1).is_none() {
                    return Err(UrlError::InvalidPercentEscape { position: position(at) });
                }
                at += 3;
                continue;
            }
            b'#' if !in_fragment => in_fragment = true,
            b'{' if !braced.is_empty() => {
                return Err(UrlError::UnknownPlaceholder { position: position(at), known: braced });
            }
            b if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b) => {}
            _ => {
                let found = text.get(at..).and_then(|r| r.chars().next()).unwrap_or(char::REPLACEMENT_CHARACTER);
                return Err(UrlError::InvalidCharacter { found: CharName(found), position: position(at) });
            }
        }
        at += 1;
    }
    Ok(())
}

/// The byte spelled by two hex digits at `at`.
fn hex_pair(bytes: &[u8], at: usize) -> Option<u8> {
    let hi = (*bytes.get(at)? as char).to_digit(16)?;
    let lo = (*bytes.get(at.checked_add(1)?)? as char).to_digit(16)?;
    u8::try_from(hi * 16 + lo).ok()
}

/// Every placeholder in `text`, in order, not overlapping: `(start, end, which)`.
fn find_placeholders(text: &str, placeholders: &[&str]) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut slots = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let found =
            placeholders.iter().enumerate().find_map(|(which, p)| match_at(bytes, at, p).map(|end| (end, which)));
        match found {
            Some((end, which)) => {
                slots.push((at, end, which));
                at = end;
            }
            None => at += 1,
        }
    }
    slots
}

/// Where `placeholder` ends if it is written at `at`, each byte raw or as `%XX`, `+` for
/// a space, letters in either case.
fn match_at(bytes: &[u8], at: usize, placeholder: &str) -> Option<usize> {
    let mut pos = at;
    for want in placeholder.chars() {
        let (got, next) = decoded_char(bytes, pos)?;
        if fold(got) != want {
            return None;
        }
        pos = next;
    }
    Some(pos)
}

/// A letter of the Latin or Russian alphabet in lower case; anything else as it is. The
/// placeholders are written in these alphabets only.
fn fold(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(u32::from(c) + 0x20).unwrap_or(c),
        'Ё' => 'ё',
        _ => c,
    }
}

/// The character at `at` once percent escapes and `+` are decoded, and where it ends.
fn decoded_char(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let (first, mut pos) = decoded_byte(bytes, at)?;
    let len = match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return None,
    };
    let mut buf = [first, 0, 0, 0];
    for slot in buf.iter_mut().take(len).skip(1) {
        let (b, next) = decoded_byte(bytes, pos)?;
        *slot = b;
        pos = next;
    }
    let c = std::str::from_utf8(buf.get(..len)?).ok()?.chars().next()?;
    Some((c, pos))
}

fn decoded_byte(bytes: &[u8], at: usize) -> Option<(u8, usize)> {
    match *bytes.get(at)? {
        b'%' => hex_pair(bytes, at + 1).map(|b| (b, at + 3)),
        b'+' => Some((b' ', at + 1)),
        b => Some((b, at + 1)),
    }
}

/// Appends `value` with every byte but the unreserved ones (`A–Z a–z 0–9 - . _ ~`)
/// percent-encoded.
pub(crate) fn percent_encode(value: &str, out: &mut String) {
    let hex = |nibble: u8| char::from_digit(u32::from(nibble), 16).unwrap_or('0').to_ascii_uppercase();
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 15));
        }
    }
}
