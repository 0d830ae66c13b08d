//! The manifest's types: what a builder shows of an action, a parameter, a result and a
//! callback, in Russian and English, and their JSON form in one language.

use serde::Serialize;

use super::args::Args;
use crate::notification::Locale;
use crate::Error;

/// A text in each language of the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub ru: &'static str,
    pub en: &'static str,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
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

/// The manifest in one language, as JSON gives it.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub actions: Vec<ActionView>,
    pub callbacks: Vec<CallbackView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub params: Vec<ParamView>,
    pub result: ResultView,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParamView {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: ValueType,
    pub required: bool,
    pub description: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub values: &'static [&'static str],
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultView {
    #[serde(rename = "type")]
    pub kind: ValueType,
    pub shape: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub fields: &'static [&'static str],
    pub description: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CallbackView {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

impl BlockAction {
    /// The action in one language.
    pub fn view(&self, locale: Locale) -> ActionView {
        ActionView {
            name: self.name,
            title: self.title.get(locale),
            description: self.description.get(locale),
            params: self
                .params
                .iter()
                .map(|p| ParamView {
                    name: p.name,
                    kind: p.kind,
                    required: p.required,
                    description: p.description.get(locale),
                    values: p.values,
                })
                .collect(),
            result: ResultView {
                kind: self.result.kind,
                shape: self.result.shape,
                fields: self.result.fields,
                description: self.result.description.get(locale),
            },
        }
    }
}

impl BlockCallback {
    /// The callback in one language.
    pub fn view(&self, locale: Locale) -> CallbackView {
        CallbackView { name: self.name, title: self.title.get(locale), description: self.description.get(locale) }
    }
}
