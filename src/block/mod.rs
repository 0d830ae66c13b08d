//! Block builders: a manifest of what the module can do, and one dispatcher that calls an
//! action by name with JSON arguments.
//!
//! A builder (the place where people assemble a bot's blocks) lists [`manifest`] and calls
//! [`run_block_action`]. Each action is one entry of a table (`actions.rs`): its name, title
//! and description in Russian and English, its parameters, the shape of its result, and one
//! line that calls the same core function the direct exports call, so that an action gives
//! exactly what the export gives. The callbacks the bot can react to are listed beside them
//! for the builder's condition picker.
//!
//! Names are stable: `concept.verb`, lower-case words joined by `_` (`phone.normalize`,
//! `deal.variables`). Arguments are one JSON object whose keys are the parameters, camelCase
//! as the direct JS exports name their arguments; the result is JSON text. The JS boundary
//! (`runBlockAction`) and the C ABI ([`crate::cabi`], for any wasm host) both go through
//! here; [`envelope`] gives the C ABI's `{"ok": …}` / `{"error": …}` form. The npm package
//! lists the manifest from data written at build time by [`manifest_json`], so its module is
//! built without the texts (the `manifest-texts` feature).

mod actions;
mod args;
mod callbacks;
pub mod envelope;
mod error;
mod manifest;

pub use error::BlockError;
pub use manifest::{BlockAction, BlockCallback, Param, ResultShape, Text, ValueType};

use crate::json_writer::{JsonWriter, WriteJson};
use crate::notification::Locale;
use crate::Error;
use args::Args;

/// The largest arguments object, in bytes of JSON (4 MiB): four times the largest webhook
/// body.
pub const MAX_ARGS_BYTES: usize = 4 << 20;

/// Every action, in the order a builder lists them.
pub fn actions() -> &'static [BlockAction] {
    actions::ACTIONS
}

/// The callbacks a bot can react to: `telephony_call_success`, `_busy`, `_missed`, `_text`.
pub fn callbacks() -> &'static [BlockCallback] {
    &callbacks::CALLBACKS
}

/// The action named `name`, if there is one.
pub fn find(name: &str) -> Option<&'static BlockAction> {
    actions::ACTIONS.iter().find(|a| a.name == name)
}

/// The actions in one language, as a JSON array: each
/// `{name, title, description, params: [{name, type, required, description, values?}],
/// result: {type, shape, fields?, description}}`.
pub fn actions_json(locale: Locale) -> String {
    let mut w = JsonWriter::new();
    write_actions(&mut w, locale);
    w.finish()
}

/// The callbacks in one language, as a JSON array of `{name, title, description}`.
pub fn callbacks_json(locale: Locale) -> String {
    let mut w = JsonWriter::new();
    write_callbacks(&mut w, locale);
    w.finish()
}

/// The whole manifest in one language: `{"actions": […], "callbacks": […]}`.
pub fn manifest_json(locale: Locale) -> String {
    let mut w = JsonWriter::new();
    w.begin_object();
    w.key("actions");
    write_actions(&mut w, locale);
    w.key("callbacks");
    write_callbacks(&mut w, locale);
    w.end_object();
    w.finish()
}

fn write_actions(w: &mut JsonWriter, locale: Locale) {
    w.begin_array();
    for action in actions() {
        action.write(w, locale);
    }
    w.end_array();
}

fn write_callbacks(w: &mut JsonWriter, locale: Locale) {
    w.begin_array();
    for callback in callbacks() {
        callback.write(w, locale);
    }
    w.end_array();
}

/// Calls the action `name` with `args_json`, a JSON object of its parameters, and gives its
/// result as JSON text.
///
/// The arguments are checked against the manifest first: an unknown action, arguments
/// that are not a JSON object of at most [`MAX_ARGS_BYTES`], and a parameter that is
/// missing, unknown, given twice, of the wrong type or not among its values are a
/// [`BlockError`] (code `invalid_block_call`) naming the action and the parameter. Then the
/// action's core function runs, and its errors are its own (`invalid_phone`,
/// `invalid_webhook`…), as the direct export gives them.
pub fn run_block_action(name: &str, args_json: &str) -> Result<String, Error> {
    let action = find(name).ok_or_else(|| BlockError::unknown_action(name))?;
    let args = Args::read(action, args_json)?;
    (action.run)(&args)
}

/// The error for arguments that could not even be written as JSON text (a host value
/// with no JSON form): about the action `name`, or that it is unknown.
pub fn arguments_error(name: &str, reason: &'static str, problem: String) -> Error {
    match find(name) {
        Some(action) => BlockError::Arguments { action: action.name, reason, problem }.into(),
        None => BlockError::unknown_action(name).into(),
    }
}

/// A result as JSON text.
pub(crate) fn result_json(value: &dyn WriteJson) -> Result<String, Error> {
    Ok(crate::json_writer::to_string(value))
}
