//! The project's SipOut settings as Salebot keeps them: the API key, the employees with
//! their calling modes and extensions, the messengers, the click-to-call endpoint, speech
//! analytics, the CRM part.
//!
//! Connecting (the seed's "Как подключить сервис"): the key copied from SipOut is checked
//! ([`validate_settings`]); SipOut pulls the project's employees ([`sipout_employees`]);
//! the extensions assigned to them in SipOut come back ([`apply_extensions`]); each
//! employee gets a calling mode.
//!
//! [`Settings`] can only be made by these checks, so a value of it is always valid. Its
//! `Debug` and its serialisation show the API key masked; [`Settings::revealed`] is the
//! explicit way to serialise it with the key in clear.

mod api_key;
mod error;
mod read;

use std::fmt;
use std::ops::RangeInclusive;

#[cfg(feature = "serde")]
use serde::{Serialize, Serializer};

use crate::json::{self, Json, Surrogates};
use crate::json_writer::{JsonWriter, WriteJson};

pub use api_key::{mask_api_key, ApiKey, ApiKeyProblem, MAX_API_KEY_CHARS, MIN_API_KEY_CHARS};
pub use error::{SettingsError, SettingsProblem};
pub(crate) use read::{holds, Redactor, CLICK2CALL_RULES};

/// The largest settings JSON text, in bytes, that [`validate_settings`] reads (and the
/// largest list of extension assignments).
pub const MAX_SETTINGS_BYTES: usize = 1 << 20;
/// The most employees a project's settings hold (and assignments one call applies).
pub const MAX_EMPLOYEES: usize = 1000;
/// The longest employee id, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// The longest employee name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The most messengers a project lists.
pub const MAX_MESSENGERS: usize = 32;
/// The longest messenger name, in characters.
pub const MAX_MESSENGER_CHARS: usize = 32;
/// The largest `crm` value, in bytes of its JSON text.
pub const MAX_CRM_BYTES: usize = 64 * 1024;
/// How many digits an extension (internal number) has.
pub const EXTENSION_DIGITS: RangeInclusive<usize> = 2..=6;

/// SipOut's click-to-call endpoint, used when the settings give none. SipOut does not
/// publish this API, so the path is an assumption the host overrides with
/// `click2call.url`. `{extension}` is the employee's internal number, rung first; `{phone}`
/// the client's canonical number, dialled once the employee answers. The JSON body carries
/// both as well (`from`, `to`), so an endpoint may read either.
pub const DEFAULT_CLICK2CALL_URL: &str = "https://api.sipout.net/v1/click2call?from={extension}&to={phone}";

/// How an employee calls clients from Salebot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CallMode {
    /// The phone icon opens the device's calling app: a `tel:` link.
    App,
    /// The PBX rings the employee's extension, then the client: a request to SipOut.
    SipoutApi,
    /// No phone icon at all.
    Disabled,
}

/// `"app"`, `"sipout_api"`, `"disabled"`.
impl WriteJson for CallMode {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.as_str());
    }
}

impl CallMode {
    /// The mode's name in settings: `app`, `sipout_api`, `disabled`.
    pub fn as_str(self) -> &'static str {
        match self {
            CallMode::App => "app",
            CallMode::SipoutApi => "sipout_api",
            CallMode::Disabled => "disabled",
        }
    }

    /// The mode named exactly `name`.
    pub fn parse(name: &str) -> Option<CallMode> {
        match name {
            "app" => Some(CallMode::App),
            "sipout_api" => Some(CallMode::SipoutApi),
            "disabled" => Some(CallMode::Disabled),
            _ => None,
        }
    }
}

/// An employee of the project, as the settings hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Employee {
    id: String,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    name: Option<String>,
    call_mode: CallMode,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    extension: Option<String>,
}

/// `{"id", "name"?, "callMode", "extension"?}`.
impl WriteJson for Employee {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("id", &self.id);
        w.optional_str("name", self.name.as_deref());
        w.field("callMode", &self.call_mode);
        w.optional_str("extension", self.extension.as_deref());
        w.end_object();
    }
}

impl Employee {
    /// The employee's id in Salebot.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The name, if the settings give one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// How the employee calls clients.
    pub fn call_mode(&self) -> CallMode {
        self.call_mode
    }

    /// The internal number assigned in SipOut: 2–6 digits, unique in the project. Always
    /// there in `sipout_api` mode.
    pub fn extension(&self) -> Option<&str> {
        self.extension.as_deref()
    }
}

/// A project's SipOut settings, checked and normalised.
#[derive(Clone, PartialEq, Eq)]
pub struct Settings {
    api_key: ApiKey,
    employees: Vec<Employee>,
    messengers: Vec<String>,
    click2call_url: Option<String>,
    speech_analytics: bool,
    /// The CRM part as compact JSON text.
    crm: Option<String>,
}

/// Checks settings given as JSON text, of up to [`MAX_SETTINGS_BYTES`] bytes, and gives
/// them normalised.
///
/// The settings are an object: `apiKey` (required; see [`ApiKey`]); `employees`, a list of
/// `{ id, name?, callMode?, extension? }` (`id` a string or a non-negative integer, kept as
/// a string; `callMode` one of `app`, `sipout_api`, `disabled`, `disabled` when absent;
/// `extension` 2–6 digits, blank meaning none); `messengers`, names such as `whatsapp`
/// (lower-cased, each kept once); `click2call: { url? }`, an `https` URL template with
/// optional `{extension}` and `{phone}` placeholders; `speechAnalytics`, a boolean; `crm`,
/// any JSON value, kept as it is. `null` stands for an absent optional field; white
/// space around strings is dropped. Any other field is refused, so that a misspelt one is
/// not silently lost.
///
/// The error names the path of the first offending value (`employees[2].extension`) and
/// what is wrong with it; values are quoted, short, unless they hold the API key, which no
/// message shows.
pub fn validate_settings(json: &str) -> Result<Settings, SettingsError> {
    read::settings(json)
}

impl Settings {
    /// The API key (masked in `Debug` and `Display`; [`ApiKey::expose`] gives it).
    pub fn api_key(&self) -> &ApiKey {
        &self.api_key
    }

    /// The employees, in the settings' order.
    pub fn employees(&self) -> &[Employee] {
        &self.employees
    }

    /// The employee with this id (white space around it ignored).
    pub fn employee(&self, id: &str) -> Option<&Employee> {
        let id = id.trim();
        self.employees.iter().find(|e| e.id == id)
    }

    /// The project's messengers, lower case, each once.
    pub fn messengers(&self) -> &[String] {
        &self.messengers
    }

    /// The click-to-call URL template in use: the settings' own, or
    /// [`DEFAULT_CLICK2CALL_URL`].
    pub fn click2call_url(&self) -> &str {
        self.click2call_url.as_deref().unwrap_or(DEFAULT_CLICK2CALL_URL)
    }

    /// Whether speech analytics (the conversation's text) is on.
    pub fn speech_analytics(&self) -> bool {
        self.speech_analytics
    }

    /// The CRM part, kept as given (members in their order, white space dropped), as
    /// JSON text: its shape belongs to the CRM forwarding, which reads it.
    pub fn crm(&self) -> Option<&str> {
        self.crm.as_deref()
    }

    /// The settings serialised with the API key in clear, for the host to store them.
    pub fn revealed(&self) -> Revealed<'_, Settings> {
        Revealed(self)
    }

    fn view(&self, reveal: bool) -> SettingsView<'_> {
        SettingsView {
            api_key: KeyView { key: &self.api_key, reveal },
            employees: &self.employees,
            messengers: &self.messengers,
            click2call: self.click2call_url.as_deref().map(|url| Click2CallView { url }),
            speech_analytics: self.speech_analytics,
            crm: self.crm.as_deref().map(|text| CrmView {
                value: json::read_value(text, Surrogates::Replace).unwrap_or(Json::Null),
                secret: if reveal { None } else { Some(Secret::None) },
            }),
        }
    }
}

/// A value serialised with the API key in clear: what the host asks for explicitly, never
/// the default.
#[derive(Clone, Copy)]
pub struct Revealed<'a, T: ?Sized>(pub(crate) &'a T);

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("api_key", &self.api_key)
            .field("employees", &self.employees)
            .field("messengers", &self.messengers)
            .field("click2call_url", &self.click2call_url)
            .field("speech_analytics", &self.speech_analytics)
            // The CRM part holds the CRM's own credentials: its size only.
            .field("crm", &self.crm.as_ref().map(|_| "<JSON, not shown>"))
            .finish()
    }
}

/// `{"apiKey", "employees", "messengers", "click2call"?: {"url"}, "speechAnalytics",
/// "crm"?}`, with the API key and the CRM credentials masked; [`Settings::revealed`] gives
/// them in clear.
impl WriteJson for Settings {
    fn write_json(&self, w: &mut JsonWriter) {
        self.view(false).write_json(w);
    }
}

impl WriteJson for Revealed<'_, Settings> {
    fn write_json(&self, w: &mut JsonWriter) {
        self.0.view(true).write_json(w);
    }
}

/// Serialises with the API key masked; [`Settings::revealed`] gives it in clear.
#[cfg(feature = "serde")]
impl Serialize for Settings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view(false).serialize(serializer)
    }
}

#[cfg(feature = "serde")]
impl Serialize for Revealed<'_, Settings> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.view(true).serialize(serializer)
    }
}

#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
struct SettingsView<'a> {
    api_key: KeyView<'a>,
    employees: &'a [Employee],
    messengers: &'a [String],
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    click2call: Option<Click2CallView<'a>>,
    speech_analytics: bool,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    crm: Option<CrmView<'a>>,
}

impl WriteJson for SettingsView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field("apiKey", &self.api_key);
        w.field("employees", self.employees);
        w.field("messengers", self.messengers);
        w.optional("click2call", self.click2call.as_ref());
        w.field("speechAnalytics", &self.speech_analytics);
        w.optional("crm", self.crm.as_ref());
        w.end_object();
    }
}

/// The CRM part as serialised, from JSON already read: every number in it is whole
/// (checked when read), so no float printer is needed.
///
/// Unless revealing was asked for, the CRM credentials in it are masked as the API key
/// is: `amocrm.accessToken`, and the token in `bitrix24.webhookUrl`.
pub(crate) struct CrmView<'a> {
    pub(crate) value: Json<'a>,
    /// Where the value stands on the way to a credential; `None` when revealing.
    pub(crate) secret: Option<Secret>,
}

/// A place in the CRM settings, on the way to a credential.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Secret {
    /// The root, or anywhere a credential may still lie below.
    None,
    AmoCrm,
    Bitrix24,
    /// `amocrm.accessToken`.
    AccessToken,
    /// `bitrix24.webhookUrl`.
    WebhookUrl,
    /// Anywhere else: nothing is masked below.
    Elsewhere,
}

impl Secret {
    fn below(self, key: &str) -> Secret {
        match (self, key) {
            (Secret::None, "amocrm") => Secret::AmoCrm,
            (Secret::None, "bitrix24") => Secret::Bitrix24,
            (Secret::AmoCrm, "accessToken") => Secret::AccessToken,
            (Secret::Bitrix24, "webhookUrl") => Secret::WebhookUrl,
            _ => Secret::Elsewhere,
        }
    }
}

/// A Bitrix24 webhook URL with its token masked: `https://x.bitrix24.ru/rest/7/********/`.
fn mask_webhook_url(url: &str) -> String {
    // The token is the segment after the user id, which follows `/rest/`.
    // A window over the bytes, not `str::find`: the string searcher costs 1.5 kB of wasm.
    let Some(at) = url.as_bytes().windows(6).position(|w| w == b"/rest/").map(|at| at.saturating_add(6)) else {
        return MASK.to_string();
    };
    let (head, rest) = url.split_at_checked(at).unwrap_or((url, ""));
    let Some((user, token_and_tail)) = rest.split_once('/') else { return format!("{head}{MASK}") };
    let tail = token_and_tail.find(['/', '?', '#']).and_then(|end| token_and_tail.get(end..)).unwrap_or_default();
    format!("{head}{user}/{MASK}{tail}")
}

const MASK: &str = "********";

impl WriteJson for CrmView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        // Nested values were read once already, in full: reading them again cannot fail.
        match &self.value {
            Json::Null => w.null(),
            Json::Bool(b) => w.boolean(*b),
            Json::Num(n) => match read::whole_number(n) {
                Some(Ok(u)) => w.unsigned(u),
                Some(Err(i)) => w.signed(i),
                // Refused when the settings are read.
                None => w.null(),
            },
            Json::Str(s) => match self.secret {
                Some(Secret::AccessToken) => w.string(&mask_api_key(s)),
                Some(Secret::WebhookUrl) => w.string(&mask_webhook_url(s)),
                _ => w.string(s),
            },
            Json::Array(raw) => {
                let secret = self.secret.map(|_| Secret::Elsewhere);
                w.begin_array();
                for value in json::array_elements(raw, Surrogates::Replace).unwrap_or_default() {
                    CrmView { value, secret }.write_json(w);
                }
                w.end_array();
            }
            Json::Object(raw) => {
                w.begin_object();
                for (key, value) in json::object_members(raw, Surrogates::Replace).unwrap_or_default() {
                    let secret = self.secret.map(|s| s.below(&key));
                    w.key(&key);
                    CrmView { value, secret }.write_json(w);
                }
                w.end_object();
            }
        }
    }
}

#[cfg(feature = "serde")]
impl Serialize for CrmView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let below = |key: &str| self.secret.map(|s| s.below(key));
        let elsewhere = self.secret.map(|_| Secret::Elsewhere);
        // Nested values were read once already, in full: reading them again cannot fail.
        match &self.value {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Num(n) => match read::whole_number(n) {
                Some(Ok(u)) => serializer.serialize_u64(u),
                Some(Err(i)) => serializer.serialize_i64(i),
                // Refused when the settings are read.
                None => serializer.serialize_unit(),
            },
            Json::Str(s) => match self.secret {
                Some(Secret::AccessToken) => serializer.serialize_str(&mask_api_key(s)),
                Some(Secret::WebhookUrl) => serializer.serialize_str(&mask_webhook_url(s)),
                _ => serializer.serialize_str(s),
            },
            Json::Array(raw) => {
                let items = json::array_elements(raw, Surrogates::Replace).unwrap_or_default();
                serializer.collect_seq(items.into_iter().map(|value| CrmView { value, secret: elsewhere }))
            }
            Json::Object(raw) => {
                let members = json::object_members(raw, Surrogates::Replace).unwrap_or_default();
                serializer.collect_map(members.into_iter().map(|(k, value)| {
                    let secret = below(&k);
                    (k, CrmView { value, secret })
                }))
            }
        }
    }
}

#[cfg_attr(feature = "serde", derive(Serialize))]
struct Click2CallView<'a> {
    url: &'a str,
}

/// `{"url"}`.
impl WriteJson for Click2CallView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("url", self.url);
        w.end_object();
    }
}

/// The key as a serialised value: masked unless revealing was asked for.
struct KeyView<'a> {
    key: &'a ApiKey,
    reveal: bool,
}

impl WriteJson for KeyView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        if self.reveal {
            w.string(self.key.expose());
        } else {
            self.key.write_json(w);
        }
    }
}

#[cfg(feature = "serde")]
impl Serialize for KeyView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.reveal {
            serializer.serialize_str(self.key.expose())
        } else {
            self.key.serialize(serializer)
        }
    }
}

/// An employee as SipOut pulls them when the integration is opened (step 4): SipOut
/// assigns each an extension.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct SipoutEmployee {
    pub id: String,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub name: Option<String>,
    /// The extension the settings already hold, if any.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub extension: Option<String>,
}

/// `{"id", "name"?, "extension"?}`.
impl WriteJson for SipoutEmployee {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("id", &self.id);
        w.optional_str("name", self.name.as_deref());
        w.optional_str("extension", self.extension.as_deref());
        w.end_object();
    }
}

/// Every employee of the project, in order, whatever their calling mode: SipOut assigns
/// extensions to all of them, and the mode is chosen later in Salebot (step 5).
pub fn sipout_employees(settings: &Settings) -> Vec<SipoutEmployee> {
    settings
        .employees
        .iter()
        .map(|e| SipoutEmployee { id: e.id.clone(), name: e.name.clone(), extension: e.extension.clone() })
        .collect()
}

/// An extension assigned in SipOut to an employee; `None` (or blank) when SipOut has none
/// for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionAssignment {
    pub id: String,
    pub extension: Option<String>,
}

impl ExtensionAssignment {
    /// Reads a list of assignments from JSON text, `[{ id, extension?, name? }]` (a
    /// [`SipoutEmployee`] given back is one), of at most [`MAX_EMPLOYEES`]. `settings` is
    /// for the messages, which hide anything holding the API key.
    pub fn list_from_json(json: &str, settings: &Settings) -> Result<Vec<ExtensionAssignment>, SettingsError> {
        if json.len() > MAX_SETTINGS_BYTES {
            return Err(SettingsError::new(
                "assignments",
                SettingsProblem::TooLarge { len: json.len(), max: MAX_SETTINGS_BYTES },
            ));
        }
        read::assignments(&read::parse(json, "assignments")?, Redactor::new(&settings.api_key))
    }
}

/// The settings with the extensions assigned in SipOut: each assignment sets (or, with
/// none, removes) the extension of the employee with its id; employees not mentioned keep
/// theirs. An id that is not an employee's, an id given twice, a malformed extension
/// (`assignments[i]…`), and settings that break a rule once applied (two employees with one
/// extension, an employee in `sipout_api` mode left without one: `employees[i]…`) are
/// refused.
pub fn apply_extensions(settings: &Settings, assignments: &[ExtensionAssignment]) -> Result<Settings, SettingsError> {
    let redact = Redactor::new(&settings.api_key);
    if assignments.len() > MAX_EMPLOYEES {
        return Err(SettingsError::new(
            "assignments",
            SettingsProblem::TooMany { count: assignments.len(), max: MAX_EMPLOYEES },
        ));
    }
    let mut out = settings.clone();
    for (i, a) in assignments.iter().enumerate() {
        let id = a.id.trim();
        // At most `MAX_EMPLOYEES`: a scan of the earlier ones costs less than a map's code.
        let earlier = assignments.get(..i).unwrap_or_default();
        if let Some(first) = earlier.iter().position(|b| b.id.trim() == id) {
            return Err(SettingsError::new(
                format!("assignments[{i}].id"),
                SettingsProblem::DuplicateAssignment { id: redact.quote(id), first },
            ));
        }
        let extension = read::check_extension(
            a.extension.as_deref().unwrap_or_default(),
            format!("assignments[{i}].extension"),
            redact,
        )?;
        let employee = out.employees.iter_mut().find(|e| e.id == id).ok_or_else(|| {
            SettingsError::new(
                format!("assignments[{i}].id"),
                SettingsProblem::UnknownEmployee { id: redact.quote(id) },
            )
        })?;
        employee.extension = extension;
    }
    read::check_employees(&out.employees, redact)?;
    Ok(out)
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;
    use crate::json_writer::assert_same;

    #[test]
    fn crm_part_is_what_serde_writes_masked_and_revealed() {
        let text = r#"{"amocrm":{"accessToken":"token-0123456789abcdef","n":[-1,0,18446744073709551615,{"accessToken":"x"}]},
            "bitrix24":{"webhookUrl":"https://x.bitrix24.ru/rest/7/secret/?a","b":true,"c":null,"webhookUrl":"no rest"},
            "k\u0000\"":"\ud800","e":[],"o":{}}"#;
        let value = json::read_value(text, Surrogates::Replace).unwrap();
        for secret in [Some(Secret::None), None] {
            let out = assert_same(&CrmView { value: value.clone(), secret });
            assert_eq!(out.contains("0123456789abcdef"), secret.is_none(), "{out}");
            assert_eq!(out.contains("secret"), secret.is_none(), "{out}");
        }
        for scalar in ["1.5", "\"\\u001f\"", "false", "-9223372036854775808"] {
            let value = json::read_value(scalar, Surrogates::Replace).unwrap();
            assert_same(&CrmView { value, secret: Some(Secret::None) });
        }
    }
}
