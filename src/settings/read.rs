//! Reading settings and extension assignments from JSON values: every check, every error
//! naming the path of the value it is about.

use std::borrow::Cow;

use super::api_key::ApiKey;
use super::error::{SettingsError, SettingsProblem as P};
use super::*;
use crate::http_url::{Rules, Template};
use crate::json::{self, Json, Surrogates};
use crate::phone::Quoted;

/// An object's members as read, in order; a name given twice means its last value.
type Members<'a> = [(Cow<'a, str>, Json<'a>)];

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

/// Whether `text` holds `needle` (non-empty). Compares bytes window by window: unlike
/// `str::contains`, nothing on this path can panic, so no panic message code (which
/// formats characters with their Unicode tables) comes into the module with it.
pub(crate) fn holds(text: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    match needle.first() {
        None => true,
        Some(&first) => text.as_bytes().windows(needle.len()).any(|w| w.first() == Some(&first) && w == needle),
    }
}

impl<'a> Redactor<'a> {
    pub(crate) fn new(key: &'a ApiKey) -> Self {
        Redactor { key: key.expose() }
    }

    /// Refuses a value other than `apiKey` that holds the key: it would then show wherever
    /// that value does (`Debug`, the masked serialisation, a request URL in a log).
    pub(crate) fn refuse_key(self, field: impl FnOnce() -> String, value: &str) -> Result<(), SettingsError> {
        if !self.key.is_empty() && holds(value, self.key) {
            return Err(SettingsError::new(field(), P::HoldsApiKey));
        }
        Ok(())
    }

    pub(crate) fn quote(self, value: &str) -> String {
        if !self.key.is_empty() && holds(value, self.key) {
            "(a value holding the API key, not shown)".to_string()
        } else {
            Quoted::new(value).to_string()
        }
    }
}

fn wrong(field: &str, expected: &'static str, value: &Json<'_>) -> SettingsError {
    SettingsError::new(field, P::WrongType { expected, got: value.kind() })
}

/// Reads JSON text as one value; `what` names it in the error (`settings`,
/// `assignments`). Lone surrogates in `\u` escapes are refused, as a JSON parser that
/// checks Unicode refuses them.
pub(crate) fn parse<'a>(text: &'a str, what: &str) -> Result<Json<'a>, SettingsError> {
    json::read_value(text, Surrogates::Refuse).map_err(|e| SettingsError::new(what, P::json(text, e)))
}

/// The members of an object value (anything else is `wrong`).
fn members<'a>(value: &Json<'a>, field: &str) -> Result<Vec<(Cow<'a, str>, Json<'a>)>, SettingsError> {
    let Json::Object(raw) = value else { return Err(wrong(field, "an object", value)) };
    // Read once already, in full: this cannot fail.
    json::object_members(raw, Surrogates::Replace).map_err(|e| SettingsError::new(field, P::json(raw, e)))
}

/// The elements of an array value (anything else is `wrong`, expecting `expected`).
fn elements<'a>(value: &Json<'a>, field: &str, expected: &'static str) -> Result<Vec<Json<'a>>, SettingsError> {
    let Json::Array(raw) = value else { return Err(wrong(field, expected, value)) };
    json::array_elements(raw, Surrogates::Replace).map_err(|e| SettingsError::new(field, P::json(raw, e)))
}

fn string<'v>(value: &'v Json<'_>) -> Option<&'v str> {
    match value {
        Json::Str(s) => Some(s),
        _ => None,
    }
}

/// The value of an optional field: `None` when absent or `null`.
fn optional<'m, 'a>(object: &'m Members<'a>, name: &str) -> Option<&'m Json<'a>> {
    json::member(object, name).filter(|v| **v != Json::Null)
}

/// The whole number a JSON number's text holds, as `u64` if it is one and not negative,
/// else `i64`; `None` for a fraction, an exponent, `-0`, or beyond 64 bits (which JSON
/// parsers read as floats).
pub(crate) fn whole_number(text: &str) -> Option<Result<u64, i64>> {
    if let Ok(n) = text.parse::<u64>() {
        return Some(Ok(n));
    }
    match text.parse::<i64>() {
        Ok(n) if n < 0 => Some(Err(n)),
        _ => None,
    }
}

fn refuse_unknown(
    object: &Members<'_>,
    allowed: &[&str],
    known: &'static str,
    path: &str,
    redact: Redactor<'_>,
) -> Result<(), SettingsError> {
    // The first unknown name in byte order, as in a sorted map of the members.
    let unknown = object.iter().map(|(k, _)| k.as_ref()).filter(|k| !allowed.contains(k)).min();
    match unknown {
        Some(name) => {
            // A plain name is written as it is, anything else quoted.
            let plain = name.len() <= 40
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && (redact.key.is_empty() || !holds(name, redact.key));
            let name = if plain { name.to_string() } else { redact.quote(name) };
            let field = if path.is_empty() { name } else { format!("{path}.{name}") };
            Err(SettingsError::new(field, P::UnknownField { known }))
        }
        None => Ok(()),
    }
}

/// A string with white space trimmed, `None` when absent, `null` or blank, checked for
/// length (in characters) and control characters.
fn text(object: &Members<'_>, name: &str, path: &str, max: usize) -> Result<Option<String>, SettingsError> {
    let field = || format!("{path}.{name}");
    let Some(value) = optional(object, name) else { return Ok(None) };
    let s = string(value).ok_or_else(|| wrong(&field(), "a string", value))?.trim();
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
fn id(object: &Members<'_>, path: &str) -> Result<String, SettingsError> {
    let field = format!("{path}.id");
    let value = optional(object, "id").ok_or_else(|| SettingsError::new(&field, P::Missing))?;
    let expected = "a string or a non-negative integer";
    let id = match value {
        Json::Num(n) => match whole_number(n) {
            Some(Ok(n)) => n.to_string(),
            _ => return Err(wrong(&field, expected, value)),
        },
        Json::Str(_) => text(object, "id", path, MAX_ID_CHARS)?.ok_or(SettingsError::new(&field, P::Blank))?,
        _ => return Err(wrong(&field, expected, value)),
    };
    Ok(id)
}

/// An extension: 2–6 ASCII digits after trimming; `None` when absent, `null` or blank.
fn extension(object: &Members<'_>, path: &str, redact: Redactor<'_>) -> Result<Option<String>, SettingsError> {
    let field = format!("{path}.extension");
    let Some(value) = optional(object, "extension") else { return Ok(None) };
    let raw = string(value).ok_or_else(|| wrong(&field, "a string of 2 to 6 digits", value))?;
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

fn call_mode(object: &Members<'_>, path: &str, redact: Redactor<'_>) -> Result<CallMode, SettingsError> {
    let field = || format!("{path}.callMode");
    let Some(value) = optional(object, "callMode") else { return Ok(CallMode::Disabled) };
    let raw = string(value).ok_or_else(|| wrong(&field(), "a string", value))?;
    CallMode::parse(raw.trim())
        .ok_or_else(|| SettingsError::new(field(), P::UnknownCallMode { got: redact.quote(raw) }))
}

/// Checks settings JSON text and gives the normalised [`Settings`].
pub(crate) fn settings(json: &str) -> Result<Settings, SettingsError> {
    if json.len() > MAX_SETTINGS_BYTES {
        return Err(SettingsError::new("settings", P::TooLarge { len: json.len(), max: MAX_SETTINGS_BYTES }));
    }
    // Syntax errors name a line and a column, never the text around them.
    let value = parse(json, "settings")?;
    let root = &members(&value, "settings")?;

    let key_value =
        optional(root, "apiKey").ok_or_else(|| SettingsError::new("apiKey", P::ApiKey(ApiKeyProblem::Blank)))?;
    let key_text = string(key_value).ok_or_else(|| wrong("apiKey", "a string", key_value))?;
    let api_key = ApiKey::parse(key_text).map_err(|p| SettingsError::new("apiKey", P::ApiKey(p)))?;
    let redact = Redactor::new(&api_key);

    refuse_unknown(root, &SETTINGS_FIELDS, SETTINGS_KNOWN, "", redact)?;

    let employees = match optional(root, "employees") {
        None => Vec::new(),
        Some(value) => {
            let list = elements(value, "employees", "an array")?;
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
            let object = &members(value, "click2call")?;
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
        Some(Json::Bool(b)) => *b,
        Some(value) => return Err(wrong("speechAnalytics", "a boolean", value)),
    };

    let crm = match optional(root, "crm") {
        None => None,
        Some(value) => {
            whole_numbers(value, "crm".to_string(), redact)?;
            // Kept as compact JSON text, members in the order given.
            let text = crate::json_writer::to_string(&CrmView { value: value.clone(), secret: None });
            if text.len() > MAX_CRM_BYTES {
                return Err(SettingsError::new("crm", P::TooLarge { len: text.len(), max: MAX_CRM_BYTES }));
            }
            Some(text)
        }
    };

    Ok(Settings { api_key, employees, messengers, click2call_url, speech_analytics, crm })
}

/// Refuses fractional numbers (and integers beyond 64 bits, which JSON parsers read as
/// floats) anywhere in `value`: writing a float back would take a float printer, 17 kB of
/// tables in this module, for a part that holds identifiers and switches.
fn whole_numbers(value: &Json<'_>, path: String, redact: Redactor<'_>) -> Result<(), SettingsError> {
    match value {
        Json::Num(n) if whole_number(n).is_none() => Err(SettingsError::new(path, P::FractionalNumber)),
        Json::Array(_) => {
            for (i, item) in elements(value, &path, "an array")?.iter().enumerate() {
                whole_numbers(item, format!("{path}[{i}]"), redact)?;
            }
            Ok(())
        }
        Json::Object(_) => {
            for (name, item) in &members(value, &path)? {
                let plain = name.len() <= 40 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                let name = if plain { name.to_string() } else { format!("[{}]", redact.quote(name)) };
                let sep = if plain { "." } else { "" };
                whole_numbers(item, format!("{path}{sep}{name}"), redact)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn employee(value: &Json<'_>, index: usize, redact: Redactor<'_>) -> Result<Employee, SettingsError> {
    let path = format!("employees[{index}]");
    let object = &members(value, &path)?;
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
    // At most `MAX_EMPLOYEES`: a scan of the earlier ones costs less than a map's code.
    for (i, e) in employees.iter().enumerate() {
        let earlier = employees.get(..i).unwrap_or_default();
        if let Some(first) = earlier.iter().position(|o| o.id == e.id) {
            return Err(SettingsError::new(
                format!("employees[{i}].id"),
                P::DuplicateId { id: redact.quote(&e.id), first },
            ));
        }
        match &e.extension {
            Some(ext) => {
                if let Some(first) = earlier.iter().position(|o| o.extension.as_ref() == Some(ext)) {
                    let other = employees.get(first).map_or("", |o| o.id.as_str());
                    return Err(SettingsError::new(
                        format!("employees[{i}].extension"),
                        P::DuplicateExtension { extension: ext.clone(), first, id: redact.quote(other) },
                    ));
                }
            }
            None if e.call_mode == CallMode::SipoutApi => {
                return Err(SettingsError::new(format!("employees[{i}].extension"), P::NoExtension));
            }
            None => {}
        }
    }
    Ok(())
}

fn messengers(value: &Json<'_>, redact: Redactor<'_>) -> Result<Vec<String>, SettingsError> {
    let list = elements(value, "messengers", "an array of strings")?;
    if list.len() > MAX_MESSENGERS {
        return Err(SettingsError::new("messengers", P::TooMany { count: list.len(), max: MAX_MESSENGERS }));
    }
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let field = format!("messengers[{i}]");
        let raw = string(item).ok_or_else(|| wrong(&field, "a string", item))?;
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
pub(crate) fn assignments(value: &Json<'_>, redact: Redactor<'_>) -> Result<Vec<ExtensionAssignment>, SettingsError> {
    let list = elements(value, "assignments", "an array")?;
    if list.len() > MAX_EMPLOYEES {
        return Err(SettingsError::new("assignments", P::TooMany { count: list.len(), max: MAX_EMPLOYEES }));
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let path = format!("assignments[{i}]");
        let object = &members(item, &path)?;
        refuse_unknown(object, &ASSIGNMENT_FIELDS, ASSIGNMENT_KNOWN, &path, redact)?;
        let extension = match optional(object, "extension") {
            None => None,
            Some(v) => Some(string(v).ok_or_else(|| wrong(&format!("{path}.extension"), "a string", v))?.to_string()),
        };
        out.push(ExtensionAssignment { id: id(object, &path)?, extension });
    }
    Ok(out)
}
