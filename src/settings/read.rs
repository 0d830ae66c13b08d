//! Reading settings and extension assignments from JSON values: every check, every error
//! naming the path of the value it is about.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::api_key::ApiKey;
use super::error::{SettingsError, SettingsProblem as P};
use super::*;
use crate::http_url::{Rules, Template};
use crate::phone::Quoted;

/// The fields a settings object may have.
const SETTINGS_FIELDS: [&str; 6] = ["apiKey", "employees", "messengers", "click2call", "speechAnalytics", "crm"];
const SETTINGS_KNOWN: &str = "apiKey, employees, messengers, click2call, speechAnalytics, crm";
const EMPLOYEE_FIELDS: [&str; 4] = ["id", "name", "callMode", "extension"];
const EMPLOYEE_KNOWN: &str = "id, name, callMode, extension";
const CLICK2CALL_FIELDS: [&str; 1] = ["url"];
/// An assignment may be a [`SipoutEmployee`] given back with its extension, name and all.
const ASSIGNMENT_FIELDS: [&str; 3] = ["id", "name", "extension"];
const ASSIGNMENT_KNOWN: &str = "id, name, extension";

/// The rules of a click-to-call URL template: `https` only, since the request carries the
/// key; the two placeholders optional, each at most once.
pub(crate) const CLICK2CALL_RULES: Rules<'static> = Rules {
    schemes: &["https"],
    schemes_text: "https://",
    placeholders: &["{extension}", "{phone}"],
    required: &[false, false],
    braced_text: "{extension}, {phone}",
};

/// Quotes values for messages, hiding any that holds the API key.
#[derive(Clone, Copy)]
pub(crate) struct Redactor<'a> {
    key: &'a str,
}

impl<'a> Redactor<'a> {
    pub(crate) fn new(key: &'a ApiKey) -> Self {
        Redactor { key: key.expose() }
    }

    /// Refuses a value other than `apiKey` that holds the key: it would then show wherever
    /// that value does (`Debug`, the masked serialisation, a request URL in a log).
    pub(crate) fn refuse_key(self, field: impl FnOnce() -> String, value: &str) -> Result<(), SettingsError> {
        if !self.key.is_empty() && value.contains(self.key) {
            return Err(SettingsError::new(field(), P::HoldsApiKey));
        }
        Ok(())
    }

    pub(crate) fn quote(self, value: &str) -> String {
        if !self.key.is_empty() && value.contains(self.key) {
            "(a value holding the API key, not shown)".to_string()
        } else {
            Quoted::new(value).to_string()
        }
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(field: &str, expected: &'static str, value: &Value) -> SettingsError {
    SettingsError::new(field, P::WrongType { expected, got: type_name(value) })
}

/// The value of an optional field: `None` when absent or `null`.
fn optional<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    object.get(name).filter(|v| !v.is_null())
}

fn refuse_unknown(
    object: &Map<String, Value>,
    allowed: &[&str],
    known: &'static str,
    path: &str,
    redact: Redactor<'_>,
) -> Result<(), SettingsError> {
    match object.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(name) => {
            // A plain name is written as it is, anything else quoted.
            let plain = name.len() <= 40
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && (redact.key.is_empty() || !name.contains(redact.key));
            let name = if plain { name.clone() } else { redact.quote(name) };
            let field = if path.is_empty() { name } else { format!("{path}.{name}") };
            Err(SettingsError::new(field, P::UnknownField { known }))
        }
        None => Ok(()),
    }
}

/// A string with white space trimmed, `None` when absent, `null` or blank, checked for
/// length (in characters) and control characters.
fn text(object: &Map<String, Value>, name: &str, path: &str, max: usize) -> Result<Option<String>, SettingsError> {
    let field = || format!("{path}.{name}");
    let Some(value) = optional(object, name) else { return Ok(None) };
    let s = value.as_str().ok_or_else(|| wrong(&field(), "a string", value))?.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let len = s.chars().count();
    if len > max {
        return Err(SettingsError::new(field(), P::TooLong { len, max }));
    }
    if s.chars().any(char::is_control) {
        return Err(SettingsError::new(field(), P::ControlCharacter));
    }
    Ok(Some(s.to_string()))
}

/// An employee id: a non-blank string, or a non-negative integer read as its digits.
fn id(object: &Map<String, Value>, path: &str) -> Result<String, SettingsError> {
    let field = format!("{path}.id");
    let value = optional(object, "id").ok_or_else(|| SettingsError::new(&field, P::Missing))?;
    let expected = "a string or a non-negative integer";
    let id = match value {
        Value::Number(n) => n.as_u64().map(|n| n.to_string()).ok_or_else(|| wrong(&field, expected, value))?,
        Value::String(_) => text(object, "id", path, MAX_ID_CHARS)?.ok_or(SettingsError::new(&field, P::Blank))?,
        _ => return Err(wrong(&field, expected, value)),
    };
    Ok(id)
}

/// An extension: 2–6 ASCII digits after trimming; `None` when absent, `null` or blank.
fn extension(object: &Map<String, Value>, path: &str, redact: Redactor<'_>) -> Result<Option<String>, SettingsError> {
    let field = format!("{path}.extension");
    let Some(value) = optional(object, "extension") else { return Ok(None) };
    let raw = value.as_str().ok_or_else(|| wrong(&field, "a string of 2 to 6 digits", value))?;
    check_extension(raw, field, redact)
}

/// The extension `raw` holds, trimmed; `None` when blank.
pub(crate) fn check_extension(raw: &str, field: String, redact: Redactor<'_>) -> Result<Option<String>, SettingsError> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if !EXTENSION_DIGITS.contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SettingsError::new(field, P::InvalidExtension { got: redact.quote(raw) }));
    }
    Ok(Some(s.to_string()))
}

fn call_mode(object: &Map<String, Value>, path: &str, redact: Redactor<'_>) -> Result<CallMode, SettingsError> {
    let field = || format!("{path}.callMode");
    let Some(value) = optional(object, "callMode") else { return Ok(CallMode::Disabled) };
    let raw = value.as_str().ok_or_else(|| wrong(&field(), "a string", value))?;
    CallMode::parse(raw.trim())
        .ok_or_else(|| SettingsError::new(field(), P::UnknownCallMode { got: redact.quote(raw) }))
}

/// Checks settings JSON text and gives the normalised [`Settings`].
pub(crate) fn settings(json: &str) -> Result<Settings, SettingsError> {
    if json.len() > MAX_SETTINGS_BYTES {
        return Err(SettingsError::new("settings", P::TooLarge { len: json.len(), max: MAX_SETTINGS_BYTES }));
    }
    // serde_json's syntax errors name a line and a column, never the text around them.
    let value: Value = serde_json::from_str(json).map_err(|e| SettingsError::new("settings", P::json(&e)))?;
    let root = value.as_object().ok_or_else(|| wrong("settings", "an object", &value))?;

    let key_value =
        optional(root, "apiKey").ok_or_else(|| SettingsError::new("apiKey", P::ApiKey(ApiKeyProblem::Blank)))?;
    let key_text = key_value.as_str().ok_or_else(|| wrong("apiKey", "a string", key_value))?;
    let api_key = ApiKey::parse(key_text).map_err(|p| SettingsError::new("apiKey", P::ApiKey(p)))?;
    let redact = Redactor::new(&api_key);

    refuse_unknown(root, &SETTINGS_FIELDS, SETTINGS_KNOWN, "", redact)?;

    let employees = match optional(root, "employees") {
        None => Vec::new(),
        Some(value) => {
            let list = value.as_array().ok_or_else(|| wrong("employees", "an array", value))?;
            if list.len() > MAX_EMPLOYEES {
                return Err(SettingsError::new("employees", P::TooMany { count: list.len(), max: MAX_EMPLOYEES }));
            }
            let mut employees = Vec::with_capacity(list.len());
            for (i, item) in list.iter().enumerate() {
                employees.push(employee(item, i, redact)?);
            }
            employees
        }
    };
    check_employees(&employees, redact)?;

    let messengers = match optional(root, "messengers") {
        None => Vec::new(),
        Some(value) => messengers(value, redact)?,
    };

    let click2call_url = match optional(root, "click2call") {
        None => None,
        Some(value) => {
            let object = value.as_object().ok_or_else(|| wrong("click2call", "an object", value))?;
            refuse_unknown(object, &CLICK2CALL_FIELDS, "url", "click2call", redact)?;
            let url = text(object, "url", "click2call", crate::http_url::MAX_URL_BYTES)?;
            if let Some(url) = &url {
                redact.refuse_key(|| "click2call.url".to_string(), url)?;
                Template::parse(url, &CLICK2CALL_RULES).map_err(|e| SettingsError::new("click2call.url", P::Url(e)))?;
            }
            url
        }
    };

    let speech_analytics = match optional(root, "speechAnalytics") {
        None => false,
        Some(value) => value.as_bool().ok_or_else(|| wrong("speechAnalytics", "a boolean", value))?,
    };

    let crm = match optional(root, "crm") {
        None => None,
        Some(value) => {
            whole_numbers(value, "crm".to_string(), redact)?;
            let len = serde_json::to_string(&CrmView(value)).map_or(usize::MAX, |text| text.len());
            if len > MAX_CRM_BYTES {
                return Err(SettingsError::new("crm", P::TooLarge { len, max: MAX_CRM_BYTES }));
            }
            Some(value.clone())
        }
    };

    Ok(Settings { api_key, employees, messengers, click2call_url, speech_analytics, crm })
}

/// Refuses fractional numbers (and integers beyond 64 bits, which JSON parsers read as
/// floats) anywhere in `value`: writing a float back would take a float printer, 17 kB of
/// tables in this module, for a part that holds identifiers and switches.
fn whole_numbers(value: &Value, path: String, redact: Redactor<'_>) -> Result<(), SettingsError> {
    match value {
        Value::Number(n) if n.as_i64().is_none() && n.as_u64().is_none() => {
            Err(SettingsError::new(path, P::FractionalNumber))
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                whole_numbers(item, format!("{path}[{i}]"), redact)?;
            }
            Ok(())
        }
        Value::Object(fields) => {
            for (name, item) in fields {
                let plain = name.len() <= 40 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                let name = if plain { name.clone() } else { format!("[{}]", redact.quote(name)) };
                let sep = if plain { "." } else { "" };
                whole_numbers(item, format!("{path}{sep}{name}"), redact)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn employee(value: &Value, index: usize, redact: Redactor<'_>) -> Result<Employee, SettingsError> {
    let path = format!("employees[{index}]");
    let object = value.as_object().ok_or_else(|| wrong(&path, "an object", value))?;
    refuse_unknown(object, &EMPLOYEE_FIELDS, EMPLOYEE_KNOWN, &path, redact)?;
    let id = id(object, &path)?;
    redact.refuse_key(|| format!("{path}.id"), &id)?;
    let name = text(object, "name", &path, MAX_NAME_CHARS)?;
    if let Some(name) = &name {
        redact.refuse_key(|| format!("{path}.name"), name)?;
    }
    Ok(Employee {
        id,
        name,
        call_mode: call_mode(object, &path, redact)?,
        extension: extension(object, &path, redact)?,
    })
}

/// The rules across employees: unique ids, unique extensions, an extension for everyone in
/// `sipout_api` mode. Errors name the later of two clashing employees.
pub(crate) fn check_employees(employees: &[Employee], redact: Redactor<'_>) -> Result<(), SettingsError> {
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let mut extensions: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, e) in employees.iter().enumerate() {
        if let Some(&first) = ids.get(e.id.as_str()) {
            return Err(SettingsError::new(
                format!("employees[{i}].id"),
                P::DuplicateId { id: redact.quote(&e.id), first },
            ));
        }
        ids.insert(&e.id, i);
        match &e.extension {
            Some(ext) => {
                if let Some(&first) = extensions.get(ext.as_str()) {
                    let other = employees.get(first).map_or("", |o| o.id.as_str());
                    return Err(SettingsError::new(
                        format!("employees[{i}].extension"),
                        P::DuplicateExtension { extension: ext.clone(), first, id: redact.quote(other) },
                    ));
                }
                extensions.insert(ext, i);
            }
            None if e.call_mode == CallMode::SipoutApi => {
                return Err(SettingsError::new(format!("employees[{i}].extension"), P::NoExtension));
            }
            None => {}
        }
    }
    Ok(())
}

fn messengers(value: &Value, redact: Redactor<'_>) -> Result<Vec<String>, SettingsError> {
    let list = value.as_array().ok_or_else(|| wrong("messengers", "an array of strings", value))?;
    if list.len() > MAX_MESSENGERS {
        return Err(SettingsError::new("messengers", P::TooMany { count: list.len(), max: MAX_MESSENGERS }));
    }
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let field = format!("messengers[{i}]");
        let raw = item.as_str().ok_or_else(|| wrong(&field, "a string", item))?;
        redact.refuse_key(|| field.clone(), raw)?;
        let name = raw.trim().to_ascii_lowercase();
        let valid = (1..=MAX_MESSENGER_CHARS).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !valid {
            return Err(SettingsError::new(field, P::InvalidMessenger { got: redact.quote(raw) }));
        }
        if !out.contains(&name) {
            out.push(name);
        }
    }
    Ok(out)
}

/// Reads a list of extension assignments: `[{ id, extension?, name? }]`.
pub(crate) fn assignments(value: &Value, redact: Redactor<'_>) -> Result<Vec<ExtensionAssignment>, SettingsError> {
    let list = value.as_array().ok_or_else(|| wrong("assignments", "an array", value))?;
    if list.len() > MAX_EMPLOYEES {
        return Err(SettingsError::new("assignments", P::TooMany { count: list.len(), max: MAX_EMPLOYEES }));
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let path = format!("assignments[{i}]");
        let object = item.as_object().ok_or_else(|| wrong(&path, "an object", item))?;
        refuse_unknown(object, &ASSIGNMENT_FIELDS, ASSIGNMENT_KNOWN, &path, redact)?;
        let extension = match optional(object, "extension") {
            None => None,
            Some(v) => Some(v.as_str().ok_or_else(|| wrong(&format!("{path}.extension"), "a string", v))?.to_string()),
        };
        out.push(ExtensionAssignment { id: id(object, &path)?, extension });
    }
    Ok(out)
}
