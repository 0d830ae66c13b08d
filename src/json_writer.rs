//! The crate's JSON writer: compact JSON into a `String`, through [`WriteJson`], which each
//! result type implements by hand.
//!
//! It writes what serde_json's `to_string` writes for the crate's result types, byte for
//! byte (strings escaped the same way: `"`, `\`, and control characters, as `\n` or
//! `\u001f`; nothing else), with less code than serde's derives: writing into a `String`
//! cannot fail, so there is no error to carry at every field, and a writer that knows
//! whether a comma is due needs no state per object. Floats are not written (the crate's
//! results hold none: a float printer is large).
//!
//! With the `serde` feature the result types also implement `serde::Serialize`, which
//! gives the same text through serde_json; the tests hold the two to each other.

/// A value that can be written as JSON.
pub trait WriteJson {
    /// Writes the value as the next value of `w`: a member's value after
    /// [`JsonWriter::key`], an element of an array, or the whole text.
    fn write_json(&self, w: &mut JsonWriter);
}

/// `value` as compact JSON text.
#[inline(never)]
pub fn to_string(value: &dyn WriteJson) -> String {
    let mut w = JsonWriter::new();
    value.write_json(&mut w);
    w.finish()
}

/// Compact JSON being written. Objects and arrays are opened and closed by hand; the
/// writer puts the commas between members and elements itself.
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: String,
    /// Whether the next member or element needs a comma before it.
    comma: bool,
}

impl JsonWriter {
    pub fn new() -> JsonWriter {
        JsonWriter { out: String::with_capacity(128), comma: false }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    /// A comma if a member or element came before.
    fn separate(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    #[inline(never)]
    fn open(&mut self, bracket: char) {
        self.separate();
        self.out.push(bracket);
        self.comma = false;
    }

    #[inline(never)]
    fn close(&mut self, bracket: char) {
        self.out.push(bracket);
        self.comma = true;
    }

    /// `{`: the members follow, each a [`JsonWriter::key`] and a value.
    pub fn begin_object(&mut self) {
        self.open('{');
    }

    pub fn end_object(&mut self) {
        self.close('}');
    }

    /// `[`: the elements follow, each a value.
    pub fn begin_array(&mut self) {
        self.open('[');
    }

    pub fn end_array(&mut self) {
        self.close(']');
    }

    /// A member's key (any string: it is escaped); its value comes next.
    #[inline(never)]
    pub fn key(&mut self, key: &str) {
        self.separate();
        self.escaped(key);
        self.out.push(':');
        self.comma = false;
    }

    /// A string.
    #[inline(never)]
    pub fn string(&mut self, s: &str) {
        self.separate();
        self.escaped(s);
    }

    /// A whole number.
    #[inline(never)]
    pub fn unsigned(&mut self, mut n: u64) {
        self.separate();
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

    /// A whole number that may be negative.
    pub fn signed(&mut self, n: i64) {
        if n < 0 {
            self.separate();
            self.out.push('-');
            // The `-` took the comma's place: none before the digits.
            self.comma = false;
        }
        self.unsigned(n.unsigned_abs());
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    /// `null`.
    pub fn null(&mut self) {
        self.raw("null");
    }

    #[inline(never)]
    fn raw(&mut self, text: &str) {
        self.separate();
        self.out.push_str(text);
    }

    /// A member: `key` and `value`.
    pub fn field<T: WriteJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.key(key);
        value.write_json(self);
    }

    /// A member whose value is a string.
    #[inline(never)]
    pub fn field_str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    /// A member if there is a value; nothing otherwise (serde's
    /// `skip_serializing_if = "Option::is_none"`).
    pub fn optional<T: WriteJson + ?Sized>(&mut self, key: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    /// A member whose value is a string if there is one; nothing otherwise.
    pub fn optional_str(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.field_str(key, value);
        }
    }

    /// `s` quoted, with `"`, `\` and control characters escaped as serde_json escapes them.
    #[inline(never)]
    fn escaped(&mut self, s: &str) {
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
}

impl WriteJson for str {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl WriteJson for String {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, w: &mut JsonWriter) {
        w.boolean(*self);
    }
}

macro_rules! unsigned {
    ($($t:ty)*) => {$(
        impl WriteJson for $t {
            fn write_json(&self, w: &mut JsonWriter) {
                w.unsigned(u64::from(*self));
            }
        }
    )*};
}
unsigned!(u8 u16 u32 u64);

impl WriteJson for usize {
    fn write_json(&self, w: &mut JsonWriter) {
        w.unsigned(u64::try_from(*self).unwrap_or(u64::MAX));
    }
}

impl WriteJson for i64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.signed(*self);
    }
}

/// `null` when there is no value (a member that is left out instead is written with
/// [`JsonWriter::optional`]).
impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_array();
        for item in self {
            item.write_json(w);
        }
        w.end_array();
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        self.as_slice().write_json(w);
    }
}

impl<T: WriteJson, const N: usize> WriteJson for [T; N] {
    fn write_json(&self, w: &mut JsonWriter) {
        self.as_slice().write_json(w);
    }
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

/// Tests of the crate's result types: the writer's text is serde_json's for the same value.
#[cfg(all(test, feature = "serde"))]
pub(crate) fn assert_same<T: WriteJson + serde::Serialize>(value: &T) -> String {
    let ours = to_string(value);
    let theirs = serde_json::to_string(value).unwrap_or_else(|e| panic!("serde_json: {e}"));
    assert_eq!(ours, theirs, "the writer and serde_json differ");
    ours
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings with every ASCII byte, and some that JSON writers are tempted to escape.
    fn texts() -> Vec<String> {
        let all_bytes: String = (0u8..0x80).map(char::from).collect();
        vec![
            String::new(),
            all_bytes.clone(),
            format!("{all_bytes} \u{7f}\u{80}\u{a0}é😀\u{2028}\u{2029}\u{feff}\"\\/</script>"),
            "\"".into(),
            "\\".into(),
            "a\u{0}b\u{1f}".into(),
            "\t\r\n\u{8}\u{c}\u{b}".into(),
        ]
    }

    #[test]
    fn strings_as_serde_json_writes_them() {
        for text in texts() {
            assert_eq!(to_string(&text), serde_json::to_string(&text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn numbers_booleans_null() {
        for n in [0u64, 9, 10, 99, 100, 12345678901234567890, u64::MAX] {
            assert_eq!(to_string(&n), n.to_string());
        }
        for n in [0i64, -1, -9, -10, 7, i64::MIN, i64::MAX] {
            assert_eq!(to_string(&n), n.to_string());
        }
        assert_eq!(to_string(&u8::MAX), "255");
        assert_eq!(to_string(&usize::MAX), usize::MAX.to_string());
        assert_eq!(to_string(&true), "true");
        assert_eq!(to_string(&Some(false)), "false");
        assert_eq!(to_string(&None::<u32>), "null");
    }

    #[test]
    fn commas_between_members_and_elements() {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.field("a", &[[0u8; 0]; 2]);
        w.field("b", &vec![-1i64, 2, -3]);
        w.optional("skipped", None::<&u32>);
        w.optional("c", Some(&vec![Some(1u32), None]));
        w.optional_str("d\n", Some("e"));
        w.key("f");
        w.begin_object();
        w.end_object();
        w.key("g");
        w.begin_array();
        w.null();
        w.boolean(true);
        w.begin_object();
        w.field_str("h", "");
        w.end_object();
        w.signed(-5);
        w.end_array();
        w.end_object();
        assert_eq!(
            w.finish(),
            r#"{"a":[[],[]],"b":[-1,2,-3],"c":[1,null],"d\n":"e","f":{},"g":[null,true,{"h":""},-5]}"#
        );
        assert_eq!(to_string(&[-1i64, -2]), "[-1,-2]");
    }
}

/// The crate's enums, every variant: each a string as serde names it.
#[cfg(all(test, feature = "serde"))]
mod variants {
    use super::assert_same;
    use crate::crm::{BitrixEntityKind as B, RequestKind as R, Target};
    use crate::{Action, CallMode, Direction, Locale, NotificationKind, Status};

    #[test]
    fn every_variant_as_serde_names_it() {
        assert_same(&[Action::Dial, Action::Complete, Action::Text]);
        assert_same(&[Direction::In, Direction::Out]);
        assert_same(&[Status::Success, Status::Busy, Status::Missed]);
        assert_same(&[Locale::Ru, Locale::En]);
        assert_same(&[NotificationKind::Telephony, NotificationKind::Callback]);
        assert_same(&[CallMode::App, CallMode::SipoutApi, CallMode::Disabled]);
        assert_same(&[Target::Amocrm, Target::Bitrix24]);
        assert_same(&[B::Lead, B::Contact, B::Company, B::Deal]);
        assert_same(&[
            R::AmocrmCall,
            R::AmocrmNote,
            R::BitrixRegister,
            R::BitrixFinish,
            R::BitrixRecord,
            R::BitrixComment,
            R::BitrixNotify,
        ]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Any text, ASCII (control characters, quotes, backslashes) more often than not.
    fn text() -> impl Strategy<Value = String> {
        let ascii = (0u8..0x80).prop_map(char::from);
        prop::collection::vec(prop_oneof![any::<char>(), ascii], 0..40).prop_map(String::from_iter)
    }

    proptest! {
        #[test]
        fn any_string_as_serde_json_writes_it(text in text(), key in text()) {
            prop_assert_eq!(to_string(&text), serde_json::to_string(&text).unwrap());
            let mut w = JsonWriter::new();
            w.begin_object();
            w.field_str(&key, &text);
            w.end_object();
            let map = std::collections::BTreeMap::from([(key, text)]);
            prop_assert_eq!(w.finish(), serde_json::to_string(&map).unwrap());
        }
    }
}
