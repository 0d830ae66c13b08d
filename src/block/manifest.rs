//! The manifest's types: what a builder shows of an action, a parameter, a result and a
//! callback, in Russian and English, and their JSON form in one language.

use super::args::Args;
use crate::json_writer::JsonWriter;
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

/// A member whose value is an array of strings, left out when there are none.
fn strings(w: &mut JsonWriter, key: &str, values: &[&str]) {
    if !values.is_empty() {
        w.field(key, values);
    }
}

impl BlockAction {
    /// The action in one language, as an element of the writer's current array:
    /// `{name, title, description, params: [{name, type, required, description, values?}],
    /// result: {type, shape, fields?, description}}`.
    pub(crate) fn write(&self, w: &mut JsonWriter, locale: Locale) {
        w.begin_object();
        w.field_str("name", self.name);
        w.field_str("title", self.title.get(locale));
        w.field_str("description", self.description.get(locale));
        w.key("params");
        w.begin_array();
        for p in self.params {
            w.begin_object();
            w.field_str("name", p.name);
            w.field_str("type", p.kind.as_str());
            w.field("required", &p.required);
            w.field_str("description", p.description.get(locale));
            strings(w, "values", p.values);
            w.end_object();
        }
        w.end_array();
        w.key("result");
        w.begin_object();
        w.field_str("type", self.result.kind.as_str());
        w.field_str("shape", self.result.shape);
        strings(w, "fields", self.result.fields);
        w.field_str("description", self.result.description.get(locale));
        w.end_object();
        w.end_object();
    }
}

impl BlockCallback {
    /// The callback in one language, as an element of the writer's current array:
    /// `{name, title, description}`.
    pub(crate) fn write(&self, w: &mut JsonWriter, locale: Locale) {
        w.begin_object();
        w.field_str("name", self.name);
        w.field_str("title", self.title.get(locale));
        w.field_str("description", self.description.get(locale));
        w.end_object();
    }
}
