//! A small JSON reader (RFC 8259) for webhook bodies and the host's arguments.
//!
//! It checks the whole text and hands out the members of an object one by one: strings
//! decoded (borrowed from the text when they hold no escape), numbers as the text they
//! were written as (so `1732633200.123` stays exact and nothing is parsed as a float),
//! nested objects and arrays as their raw text, to be read in turn if wanted. No
//! allocation but for strings with escapes; nesting is bounded by [`MAX_DEPTH`].

use std::borrow::Cow;
use std::fmt;

/// How deep objects and arrays may nest.
pub const MAX_DEPTH: usize = 128;

/// A JSON value as the reader hands it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json<'a> {
    Str(Cow<'a, str>),
    /// A number, as written (`-12.5e3`); valid JSON number syntax.
    Num(&'a str),
    Bool(bool),
    Null,
    /// An object's raw text, `{` to `}`, valid JSON.
    Object(&'a str),
    /// An array's raw text, `[` to `]`, valid JSON.
    Array(&'a str),
}

impl Json<'_> {
    /// What kind of value this is, as messages name it: `a string`, `an object`…
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Str(_) => "a string",
            Json::Num(_) => "a number",
            Json::Bool(_) => "a boolean",
            Json::Null => "null",
            Json::Object(_) => "an object",
            Json::Array(_) => "an array",
        }
    }
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    /// The byte offset of the problem.
    pub at: usize,
    pub problem: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.problem, self.at)
    }
}

/// How a `\u` escape of a lone surrogate (one not in a high–low pair) reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surrogates {
    /// As U+FFFD, the replacement character: for texts from outside, such as webhooks.
    Replace,
    /// As an error, the way `JSON.stringify` output holding a JS string that is not
    /// valid Unicode is refused.
    Refuse,
}

/// The problem a lone surrogate is, with [`Surrogates::Refuse`].
pub const LONE_SURROGATE: &str = "lone surrogate in a \\u escape";

/// Checks that `text` is one JSON value (any kind), with nothing after it but white space.
pub fn validate(text: &str) -> Result<(), JsonError> {
    read_value(text, Surrogates::Replace).map(|_| ())
}

/// Reads `text` as one JSON value (any kind), with nothing after it but white space.
pub fn read_value(text: &str, surrogates: Surrogates) -> Result<Json<'_>, JsonError> {
    let mut r = Reader::new(text);
    r.surrogates = surrogates;
    let value = r.value(0)?;
    r.end()?;
    Ok(value)
}

/// The members of the JSON object `text`, in order (duplicates included).
pub fn object_members(text: &str, surrogates: Surrogates) -> Result<Vec<(Cow<'_, str>, Json<'_>)>, JsonError> {
    let mut out = Vec::new();
    let mut r = Reader::new(text);
    r.surrogates = surrogates;
    r.ws();
    if r.peek() != Some(b'{') {
        return r.fail("expected an object");
    }
    r.members(1, &mut |key, value| out.push((key, value)))?;
    r.end()?;
    Ok(out)
}

/// The elements of the JSON array `text`, in order.
pub fn array_elements(text: &str, surrogates: Surrogates) -> Result<Vec<Json<'_>>, JsonError> {
    let mut out = Vec::new();
    let mut r = Reader::new(text);
    r.surrogates = surrogates;
    r.ws();
    if r.peek() != Some(b'[') {
        return r.fail("expected an array");
    }
    r.elements(1, &mut |value| out.push(value))?;
    r.end()?;
    Ok(out)
}

/// The value of the member `name` among `members`: the last one, as `JSON.parse` keeps it.
pub fn member<'m, 'a>(members: &'m [(Cow<'a, str>, Json<'a>)], name: &str) -> Option<&'m Json<'a>> {
    members.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value)
}

/// Reads `text` as one JSON object, calling `member` with each key and value in order
/// (duplicates included). Fails if the text is not JSON, or is JSON but not an object.
pub fn read_object<'a>(text: &'a str, mut member: impl FnMut(Cow<'a, str>, Json<'a>)) -> Result<(), JsonError> {
    read_object_dyn(text, &mut member)
}

fn read_object_dyn<'a>(text: &'a str, member: &mut dyn FnMut(Cow<'a, str>, Json<'a>)) -> Result<(), JsonError> {
    let mut r = Reader::new(text);
    r.ws();
    if r.peek() != Some(b'{') {
        return r.fail("expected an object");
    }
    r.members(1, member)?;
    r.end()
}

/// Reads `text` as one JSON array, calling `element` with each value in order.
pub fn read_array<'a>(text: &'a str, mut element: impl FnMut(Json<'a>)) -> Result<(), JsonError> {
    read_array_dyn(text, &mut element)
}

fn read_array_dyn<'a>(text: &'a str, element: &mut dyn FnMut(Json<'a>)) -> Result<(), JsonError> {
    let mut r = Reader::new(text);
    r.ws();
    if r.peek() != Some(b'[') {
        return r.fail("expected an array");
    }
    r.elements(1, element)?;
    r.end()
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    surrogates: Surrogates,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader { text, bytes: text.as_bytes(), at: 0, surrogates: Surrogates::Replace }
    }

    fn fail<T>(&self, problem: &'static str) -> Result<T, JsonError> {
        Err(JsonError { at: self.at, problem })
    }

    /// Fails saying what was expected here, or that the text ended.
    fn expected<T>(&self, what: &'static str) -> Result<T, JsonError> {
        self.fail(if self.at >= self.bytes.len() { "unexpected end" } else { what })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Moves past `n` bytes already seen: `at` never passes the end of the text, so the
    /// addition cannot wrap.
    fn skip(&mut self, n: usize) {
        self.at = self.at.wrapping_add(n);
    }

    /// Whether the text goes on with `word` here.
    fn at_word(&self, at: usize, word: &[u8]) -> bool {
        self.bytes.get(at..).is_some_and(|rest| rest.starts_with(word))
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.skip(1);
        }
        found
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.skip(1);
        }
    }

    fn end(&mut self) -> Result<(), JsonError> {
        self.ws();
        if self.at < self.bytes.len() {
            return self.fail("unexpected text after the value");
        }
        Ok(())
    }

    /// The text from `start` to here: always on character boundaries, since the reader
    /// stops only at ASCII bytes.
    fn since(&self, start: usize) -> &'a str {
        self.text.get(start..self.at).unwrap_or_default()
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, JsonError> {
        self.ws();
        match self.peek() {
            Some(b'"') => self.string().map(Json::Str),
            Some(b'{') => {
                let start = self.at;
                self.members(depth.saturating_add(1), &mut |_, _| {})?;
                Ok(Json::Object(self.since(start)))
            }
            Some(b'[') => {
                let start = self.at;
                self.elements(depth.saturating_add(1), &mut |_| {})?;
                Ok(Json::Array(self.since(start)))
            }
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Num),
            Some(_) => self.fail("unexpected character"),
            None => self.fail("unexpected end"),
        }
    }

    fn literal(&mut self, word: &'static str, value: Json<'a>) -> Result<Json<'a>, JsonError> {
        if self.at_word(self.at, word.as_bytes()) {
            self.skip(word.len());
            Ok(value)
        } else {
            self.fail("unexpected word")
        }
    }

    /// An object, the reader at its `{`.
    fn members(&mut self, depth: usize, member: &mut dyn FnMut(Cow<'a, str>, Json<'a>)) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.skip(1);
        self.ws();
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return self.expected("expected a key");
            }
            let key = self.string()?;
            self.ws();
            if !self.eat(b':') {
                return self.expected("expected ':'");
            }
            let value = self.value(depth)?;
            member(key, value);
            self.ws();
            if self.eat(b',') {
                continue;
            }
            if self.eat(b'}') {
                return Ok(());
            }
            return self.expected("expected ',' or '}'");
        }
    }

    /// An array, the reader at its `[`.
    fn elements(&mut self, depth: usize, element: &mut dyn FnMut(Json<'a>)) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.skip(1);
        self.ws();
        if self.eat(b']') {
            return Ok(());
        }
        loop {
            let value = self.value(depth)?;
            element(value);
            self.ws();
            if self.eat(b',') {
                continue;
            }
            if self.eat(b']') {
                return Ok(());
            }
            return self.expected("expected ',' or ']'");
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.skip(1);
        }
        self.at.wrapping_sub(start)
    }

    fn number(&mut self) -> Result<&'a str, JsonError> {
        let start = self.at;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.skip(1),
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.fail("invalid number"),
        }
        if self.eat(b'.') && self.digits() == 0 {
            return self.fail("invalid number");
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.skip(1);
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return self.fail("invalid number");
            }
        }
        Ok(self.since(start))
    }

    /// A string, the reader at its opening quote.
    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.skip(1);
        let start = self.at;
        // Without escapes (the common case) the string is a slice of the text.
        loop {
            match self.peek() {
                Some(b'"') => {
                    let s = self.since(start);
                    self.skip(1);
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(0..=0x1f) => return self.fail("control character in a string"),
                Some(_) => self.skip(1),
                None => return self.fail("unterminated string"),
            }
        }
        let mut out = String::with_capacity(self.at.wrapping_sub(start).saturating_add(16));
        out.push_str(self.since(start));
        loop {
            let run = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.skip(1);
            }
            out.push_str(self.since(run));
            match self.peek() {
                Some(b'"') => {
                    self.skip(1);
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.skip(1);
                    let c = self.escape()?;
                    out.push(c);
                }
                Some(_) => return self.fail("control character in a string"),
                None => return self.fail("unterminated string"),
            }
        }
    }

    /// The character of an escape, the reader just past its backslash. A `\u` escape of a
    /// lone surrogate gives U+FFFD.
    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(b) = self.peek() else { return self.fail("unterminated string") };
        self.skip(1);
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        let low = self.at_word(self.at, b"\\u");
                        let next = if low { self.peek_hex4(self.at.wrapping_add(2)) } else { None };
                        match next {
                            Some(lo @ 0xDC00..=0xDFFF) => {
                                self.skip(6);
                                // Ten bits from each half, above the basic plane.
                                let c = u32::from(unit & 0x3FF) << 10 | u32::from(lo & 0x3FF);
                                c.checked_add(0x10000).and_then(char::from_u32).unwrap_or(char::REPLACEMENT_CHARACTER)
                            }
                            _ => self.lone_surrogate()?,
                        }
                    }
                    0xDC00..=0xDFFF => self.lone_surrogate()?,
                    _ => char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER),
                }
            }
            _ => {
                self.at = self.at.saturating_sub(1);
                return self.fail("invalid escape");
            }
        })
    }

    /// A lone surrogate's character, the reader just past its escape.
    fn lone_surrogate(&mut self) -> Result<char, JsonError> {
        match self.surrogates {
            Surrogates::Replace => Ok(char::REPLACEMENT_CHARACTER),
            Surrogates::Refuse => {
                self.at = self.at.saturating_sub(6);
                self.fail(LONE_SURROGATE)
            }
        }
    }

    fn peek_hex4(&self, at: usize) -> Option<u16> {
        let digits = self.bytes.get(at..)?.get(..4)?;
        digits.iter().try_fold(0u16, |n, &b| {
            let d = char::from(b).to_digit(16)?;
            Some(n << 4 | d as u16)
        })
    }

    fn hex4(&mut self) -> Result<u16, JsonError> {
        match self.peek_hex4(self.at) {
            Some(unit) => {
                self.skip(4);
                Ok(unit)
            }
            None => self.fail("invalid \\u escape"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(text: &str) -> Result<Vec<(String, Json<'_>)>, JsonError> {
        let mut out = Vec::new();
        read_object(text, |k, v| out.push((k.into_owned(), v)))?;
        Ok(out)
    }

    #[test]
    fn reads_members() {
        let got = members(
            r#" { "a" : "x\"y\u0041\ud83d\ude00" , "b":-1.5e+3, "c":[1,{"d":null}], "e":{}, "f":true, "g":null } "#,
        )
        .unwrap();
        assert_eq!(got[0], ("a".to_string(), Json::Str(Cow::Owned("x\"yA😀".to_string()))));
        assert_eq!(got[1].1, Json::Num("-1.5e+3"));
        assert_eq!(got[2].1, Json::Array(r#"[1,{"d":null}]"#));
        assert_eq!(got[3].1, Json::Object("{}"));
        assert_eq!(got[4].1, Json::Bool(true));
        assert_eq!(got[5].1, Json::Null);
        assert!(matches!(members(r#"{"k":"plain"}"#).unwrap()[0].1, Json::Str(Cow::Borrowed("plain"))));
        assert_eq!(members(r#"{"k":"\ud800x"}"#).unwrap()[0].1, Json::Str(Cow::Owned("\u{FFFD}x".to_string())));
    }

    #[test]
    fn rejects_what_json_rejects() {
        for bad in [
            "",
            "{",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":-}",
            "{\"a\":1e}",
            "{\"a\":tru}",
            "{\"a\":\"\t\"}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":1} x",
            "{\"a\":[1,]}",
            "{\"a\":\"unterminated}",
            "{'a':1}",
            "{\"a\":1}}",
        ] {
            assert!(members(bad).is_err(), "{bad:?}");
            assert!(validate(bad).is_err(), "{bad:?}");
        }
        assert!(members("[1]").is_err());
        assert!(validate("[1]").is_ok());
        assert!(validate(" \"s\" ").is_ok());
    }

    #[test]
    fn lone_surrogates_are_replaced_or_refused() {
        for text in [r#""\ud800x""#, r#""\udc00""#, r#""\ud800\u0041""#] {
            assert!(matches!(read_value(text, Surrogates::Replace), Ok(Json::Str(s)) if s.starts_with('\u{FFFD}')));
            assert_eq!(read_value(text, Surrogates::Refuse), Err(JsonError { at: 1, problem: LONE_SURROGATE }));
        }
        let pair = read_value(r#""\ud83d\ude00""#, Surrogates::Refuse);
        assert_eq!(pair, Ok(Json::Str(Cow::Owned("😀".to_string()))));
        let members = object_members(r#"{"a":1,"b":[2],"a":"3"}"#, Surrogates::Refuse).unwrap();
        assert_eq!(member(&members, "a"), Some(&Json::Str(Cow::Borrowed("3"))), "the last one, as JSON.parse");
        assert_eq!(array_elements("[1, {}]", Surrogates::Refuse).unwrap(), [Json::Num("1"), Json::Object("{}")]);
        assert!(object_members("[]", Surrogates::Refuse).is_err() && array_elements("{}", Surrogates::Refuse).is_err());
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| format!("{{\"a\":{}1{}}}", "[".repeat(n), "]".repeat(n));
        assert!(members(&deep(MAX_DEPTH - 1)).is_ok());
        assert!(members(&deep(MAX_DEPTH)).is_err());
        assert!(members(&deep(100_000)).is_err());
    }

    #[test]
    fn agrees_with_serde_json_on_validity() {
        for text in [
            "{}",
            "{\"a\":[]}",
            "{\"a\":\"\\/\"}",
            "{\"\":0}",
            "{\"a\":-0}",
            "{\"a\":-0.0e-0}",
            "{\"a\":1E5}",
            "{\"a\":\"\\uD834\\uDD1E\"}",
            "{\"a\":[[],[[]]]}",
        ] {
            assert_eq!(validate(text).is_ok(), serde_json::from_str::<serde_json::Value>(text).is_ok(), "{text}");
        }
    }
}
