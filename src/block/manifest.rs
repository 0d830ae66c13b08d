//! The manifest's types: what a builder shows of an action, a parameter, a result and a
//! callback, in Russian and English, and their JSON form in one language.

use super::args::Args;
use crate::notification::Locale;
use crate::Error;

/// A text in each language of the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub ru: &'static str,
    pub en: &'static str,
}

/// A text in Russian and English. Without the `manifest-texts` feature both are empty: the
/// literals stay out of the module (the npm package carries the texts as data).
pub(crate) const fn text(ru: &'static str, en: &'static str) -> Text {
    if cfg!(feature = "manifest-texts") {
        Text { ru, en }
    } else {
        Text { ru: "", en: "" }
    }
}

impl Text {
    /// The text in `locale`.
    pub fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::Ru => self.ru,
            Locale::En => self.en,
        }
    }
}

/// The JSON type of a parameter or a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    String,
    Object,
    Array,
}

impl ValueType {
    /// As the manifest and messages name it: `string`, `object`, `array`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::String => "string",
            ValueType::Object => "object",
            ValueType::Array => "array",
        }
    }
}

/// A parameter of an action: a member of its arguments object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The member's key: camelCase, as the direct JS export names the argument.
    pub name: &'static str,
    pub kind: ValueType,
    /// Whether the call must give it. An optional parameter given as `null` is absent.
    pub required: bool,
    /// The only values it takes (compared without regard to ASCII case); empty when any
    /// value of its type goes.
    pub values: &'static [&'static str],
    pub description: Text,
}

/// The shape of an action's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultShape {
    pub kind: ValueType,
    /// The TypeScript type of the result, as the package's declarations name it
    /// (`ParsedPhone`, `string[]`).
    pub shape: &'static str,
    /// The keys of the result object, or of each element of an array of objects.
    pub fields: &'static [&'static str],
    pub description: Text,
}

/// An action a block may call.
#[derive(Clone, Copy)]
pub struct BlockAction {
    /// Stable: `concept.verb`, lower-case words joined by `_` (`phone.normalize`,
    /// `calling.phone_action`).
    pub name: &'static str,
    pub title: Text,
    pub description: Text,
    pub params: &'static [Param],
    pub result: ResultShape,
    /// Calls the core function behind the action with the checked arguments; gives the
    /// result as JSON text.
    pub(crate) run: fn(&Args<'_>) -> Result<String, Error>,
}

impl std::fmt::Debug for BlockAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockAction").field("name", &self.name).field("params", &self.params).finish()
    }
}

/// A callback the module sends as the text of an ordinary notification, for a builder's
/// condition picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockCallback {
    /// `telephony_call_success`, `telephony_call_busy`, `telephony_call_missed`,
    /// `telephony_call_text`.
    pub name: &'static str,
    pub title: Text,
    pub description: Text,
}

/// Writes the manifest's JSON by hand: it is all static text, and serde's derived
/// serialisers for its views cost some kilobytes of the module.
pub(crate) struct JsonWriter {
    out: String,
    /// Whether the next member or element needs a comma before it.
    comma: bool,
}

impl JsonWriter {
    pub(crate) fn new() -> JsonWriter {
        JsonWriter { out: String::with_capacity(16 * 1024), comma: false }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }

    fn separate(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    /// Opens `{` or `[`, after the key if there is one.
    #[inline(never)]
    pub(crate) fn open(&mut self, key: Option<&str>, bracket: char) {
        match key {
            Some(key) => self.key(key),
            None => self.separate(),
        }
        self.out.push(bracket);
        self.comma = false;
    }

    #[inline(never)]
    pub(crate) fn close(&mut self, bracket: char) {
        self.out.push(bracket);
        self.comma = true;
    }

    #[inline(never)]
    fn key(&mut self, key: &str) {
        self.separate();
        self.quoted(key);
        self.out.push(':');
    }

    /// A string element, or a member when `key` is given.
    #[inline(never)]
    pub(crate) fn string(&mut self, key: Option<&str>, value: &str) {
        match key {
            Some(key) => self.key(key),
            None => self.separate(),
        }
        self.quoted(value);
    }

    #[inline(never)]
    fn boolean(&mut self, key: &str, value: bool) {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// A member whose value is an array of strings, left out when there are none.
    #[inline(never)]
    fn strings(&mut self, key: &str, values: &[&str]) {
        if values.is_empty() {
            return;
        }
        self.open(Some(key), '[');
        for value in values {
            self.string(None, value);
        }
        self.close(']');
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\u00XX`.
    fn quoted(&mut self, text: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                c if u32::from(c) < 0x20 => {
                    let b = u32::from(c) as usize;
                    self.out.push_str("\\u00");
                    self.out.push(char::from(HEX.get(b >> 4).copied().unwrap_or(b'0')));
                    self.out.push(char::from(HEX.get(b & 15).copied().unwrap_or(b'0')));
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }
}

impl BlockAction {
    /// The action in one language, as an element of the writer's current array:
    /// `{name, title, description, params: [{name, type, required, description, values?}],
    /// result: {type, shape, fields?, description}}`.
    pub(crate) fn write(&self, w: &mut JsonWriter, locale: Locale) {
        w.open(None, '{');
        w.string(Some("name"), self.name);
        w.string(Some("title"), self.title.get(locale));
        w.string(Some("description"), self.description.get(locale));
        w.open(Some("params"), '[');
        for p in self.params {
            w.open(None, '{');
            w.string(Some("name"), p.name);
            w.string(Some("type"), p.kind.as_str());
            w.boolean("required", p.required);
            w.string(Some("description"), p.description.get(locale));
            w.strings("values", p.values);
            w.close('}');
        }
        w.close(']');
        w.open(Some("result"), '{');
        w.string(Some("type"), self.result.kind.as_str());
        w.string(Some("shape"), self.result.shape);
        w.strings("fields", self.result.fields);
        w.string(Some("description"), self.result.description.get(locale));
        w.close('}');
        w.close('}');
    }
}

impl BlockCallback {
    /// The callback in one language, as an element of the writer's current array:
    /// `{name, title, description}`.
    pub(crate) fn write(&self, w: &mut JsonWriter, locale: Locale) {
        w.open(None, '{');
        w.string(Some("name"), self.name);
        w.string(Some("title"), self.title.get(locale));
        w.string(Some("description"), self.description.get(locale));
        w.close('}');
    }
}
