//! A small JSON writer: a `serde::Serializer` that writes compact JSON into a `String`.
//!
//! It writes what serde_json's `to_string` writes for the crate's result types, byte for
//! byte (strings escaped the same way: `"`, `\`, and control characters, as `\n` or
//! `\u001f`; nothing else), with less code: writing into a `String` cannot fail, so
//! there is no I/O error to carry at every step. Floats are not written (the crate's
//! results hold none: a float printer is large); a map key must be a string.

use std::fmt;

use serde::ser::{self, Serialize};

/// Why a value could not be written: it holds a float, or a map key that is not a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteError;

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot be written as JSON")
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        WriteError
    }
}

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, WriteError> {
    let mut writer = Writer { out: String::with_capacity(128) };
    value.serialize(&mut writer)?;
    Ok(writer.out)
}

struct Writer {
    out: String,
}

impl Writer {
    #[inline(never)]
    fn string(&mut self, s: &str) {
        let out = &mut self.out;
        out.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            out.push_str(s.get(start..i).unwrap_or_default());
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0')));
            } else {
                out.push_str(escape);
            }
            start = i.saturating_add(1);
        }
        out.push_str(s.get(start..).unwrap_or_default());
        out.push('"');
    }

    #[inline(never)]
    fn unsigned(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at = at.saturating_sub(1);
            if let Some(d) = digits.get_mut(at) {
                *d = b'0'.wrapping_add((n % 10) as u8);
            }
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in digits.get(at..).unwrap_or_default() {
            self.out.push(char::from(d));
        }
    }

    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.out.push('-');
        }
        self.unsigned(n.unsigned_abs());
    }

    /// Opens a compound value: `{` or `[`, after `{"variant":` for an enum variant.
    #[inline(never)]
    fn open(&mut self, variant: Option<&str>, bracket: char) -> Compound<'_> {
        if let Some(variant) = variant {
            self.out.push('{');
            self.string(variant);
            self.out.push(':');
        }
        self.out.push(bracket);
        let close = match (variant, bracket) {
            (None, '[') => "]",
            (None, _) => "}",
            (Some(_), '[') => "]}",
            (Some(_), _) => "}}",
        };
        Compound { writer: self, first: true, close }
    }
}

/// An object or an array being written.
struct Compound<'a> {
    writer: &'a mut Writer,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    #[inline(never)]
    fn comma(&mut self) {
        if !self.first {
            self.writer.out.push(',');
        }
        self.first = false;
    }

    #[inline(never)]
    fn key(&mut self, key: &str) {
        self.comma();
        self.writer.string(key);
        self.writer.out.push(':');
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), WriteError> {
        self.key(key);
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result<(), WriteError> {
        self.writer.out.push_str(self.close);
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), WriteError> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), WriteError> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), WriteError> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), WriteError> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), WriteError> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), WriteError> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), WriteError> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), WriteError> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), WriteError> {
        Err(WriteError)
    }
    fn serialize_f64(self, _: f64) -> Result<(), WriteError> {
        Err(WriteError)
    }
    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), WriteError> {
        let mut seq = self.open(None, '[');
        for b in v {
            seq.element(b)?;
        }
        seq.close()
    }
    fn serialize_none(self) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), WriteError> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), WriteError> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        let mut object = self.open(None, '{');
        object.field(variant, value)?;
        object.close()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, WriteError> {
        Ok(self.open(None, '['))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, WriteError> {
        Ok(self.open(None, '['))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, WriteError> {
        Ok(self.open(None, '['))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, WriteError> {
        Ok(self.open(Some(variant), '['))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, WriteError> {
        Ok(self.open(None, '{'))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, WriteError> {
        Ok(self.open(None, '{'))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, WriteError> {
        Ok(self.open(Some(variant), '{'))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.element(value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        self.comma();
        let start = self.writer.out.len();
        key.serialize(&mut *self.writer)?;
        // A key must be a string, as in JSON.
        if self.writer.out.as_bytes().get(start) != Some(&b'"') {
            return Err(WriteError);
        }
        self.writer.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), WriteError> {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), WriteError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), WriteError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Sample<'a> {
        text: &'a str,
        small: i8,
        big: u64,
        low: i64,
        flag: bool,
        nothing: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u32>,
        list: Vec<Kind>,
        map: BTreeMap<&'a str, Vec<u8>>,
        tagged: Tagged,
        unit: (),
        letter: char,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Wrapped(u32),
        Pair(u8, u8),
        Named { x: i32 },
    }

    #[derive(Serialize)]
    #[serde(tag = "kind", rename_all = "camelCase")]
    enum Tagged {
        Request { url: String },
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let all_bytes: String = (0u8..0x80).map(char::from).collect();
        let text = format!("{all_bytes} \u{7f}\u{a0}é😀\u{2028}\"\\/");
        let sample = Sample {
            text: &text,
            small: -128,
            big: u64::MAX,
            low: i64::MIN,
            flag: true,
            nothing: None,
            skipped: None,
            list: vec![Kind::Plain, Kind::Wrapped(7), Kind::Pair(1, 2), Kind::Named { x: -1 }],
            map: [("b", vec![0, 255]), ("a\n", vec![])].into_iter().collect(),
            tagged: Tagged::Request { url: "https://x".into() },
            unit: (),
            letter: '"',
        };
        assert_eq!(to_string(&sample).unwrap(), serde_json::to_string(&sample).unwrap());
        for n in [0u64, 9, 10, 99, 100, 12345678901234567890] {
            assert_eq!(to_string(&n).unwrap(), n.to_string());
        }
        assert_eq!(to_string(&[[0i32; 0]; 2]).unwrap(), "[[],[]]");
    }

    #[test]
    fn refuses_floats_and_keys_that_are_not_strings() {
        assert_eq!(to_string(&1.5f64), Err(WriteError));
        assert_eq!(to_string(&BTreeMap::from([(1u8, 2u8)])), Err(WriteError));
    }
}
