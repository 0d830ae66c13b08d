//! Calling a client from Salebot: what the phone icon beside a number does for an employee.
//!
//! - `app`: a `tel:` link that opens the device's calling app (Zoiper and the like);
//! - `sipout_api`: an HTTP request the host sends to SipOut, which makes the PBX ring the
//!   employee's extension first and, once they answer, the client;
//! - `disabled`: no icon.

use std::fmt;

#[cfg(feature = "serde")]
use serde::{Serialize, Serializer};

use crate::http_url::Template;
use crate::json_writer::{JsonWriter, WriteJson};
use crate::phone::{find_phones, ParsedPhone, Phone, PhoneError, Quoted};
use crate::settings::CLICK2CALL_RULES;
use crate::settings::{ApiKey, CallMode, Employee, Redactor, Revealed, Settings, SettingsError, SettingsProblem};
use crate::Error;

/// The most variables one client card may have.
pub const MAX_CARD_VARIABLES: usize = 1000;
/// The most bytes the values of one card's variables may hold in all.
pub const MAX_CARD_BYTES: usize = 1 << 20;

/// What clicking the phone icon beside a number does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneAction {
    /// No icon is shown: the employee's calls are disabled.
    Hidden,
    /// A `tel:` link for the device's calling app: `tel:+79123456789`.
    Link { href: String },
    /// A request for the host to send to SipOut.
    Request { request: CallRequest },
}

/// The click-to-call request to SipOut: `POST` to the settings' click-to-call URL with the
/// placeholders filled, the API key as a bearer token, and the JSON body
/// `{"from": extension, "to": phone}`: `from` is the employee's extension, rung first; `to`
/// the client's canonical number, dialled once the employee answers.
///
/// `Debug` and the plain serialisation mask the key; [`CallRequest::headers`] and
/// [`PhoneAction::revealed`] give it, for sending.
#[derive(Clone, PartialEq, Eq)]
pub struct CallRequest {
    url: String,
    api_key: ApiKey,
    body: String,
}

impl CallRequest {
    /// Always `POST`.
    pub fn method(&self) -> &'static str {
        "POST"
    }

    /// The URL to send the request to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers, the API key among them in clear.
    pub fn headers(&self) -> [(&'static str, String); 3] {
        self.header_values(true)
    }

    /// The body: JSON text.
    pub fn body(&self) -> &str {
        &self.body
    }

    fn header_values(&self, reveal: bool) -> [(&'static str, String); 3] {
        let key = if reveal { self.api_key.expose().to_string() } else { self.api_key.masked() };
        [
            ("Authorization", format!("Bearer {key}")),
            ("Content-Type", "application/json".to_string()),
            ("Accept", "application/json".to_string()),
        ]
    }

    fn view(&self, reveal: bool) -> RequestView<'_> {
        let [(_, authorization), ..] = self.header_values(reveal);
        RequestView {
            method: self.method(),
            url: &self.url,
            headers: HeadersView { authorization, content_type: "application/json", accept: "application/json" },
            body: &self.body,
        }
    }
}

impl fmt::Debug for CallRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallRequest")
            .field("method", &self.method())
            .field("url", &self.url)
            .field("headers", &self.header_values(false))
            .field("body", &self.body)
            .finish()
    }
}

/// The body of a click-to-call request.
#[cfg_attr(feature = "serde", derive(Serialize))]
struct CallBody<'a> {
    /// The employee's extension, rung first.
    from: &'a str,
    /// The client's canonical phone, dialled once the employee answers.
    to: &'a str,
}

#[cfg_attr(feature = "serde", derive(Serialize))]
struct RequestView<'a> {
    method: &'static str,
    url: &'a str,
    headers: HeadersView,
    body: &'a str,
}

#[cfg_attr(feature = "serde", derive(Serialize))]
struct HeadersView {
    #[cfg_attr(feature = "serde", serde(rename = "Authorization"))]
    authorization: String,
    #[cfg_attr(feature = "serde", serde(rename = "Content-Type"))]
    content_type: &'static str,
    #[cfg_attr(feature = "serde", serde(rename = "Accept"))]
    accept: &'static str,
}

#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "kind", rename_all = "lowercase"))]
enum ActionView<'a> {
    Hidden,
    Link { href: &'a str },
    Request { request: RequestView<'a> },
}

/// `{"from", "to"}`.
impl WriteJson for CallBody<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("from", self.from);
        w.field_str("to", self.to);
        w.end_object();
    }
}

/// `{"method", "url", "headers": {"Authorization", "Content-Type", "Accept"}, "body"}`.
impl WriteJson for RequestView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("method", self.method);
        w.field_str("url", self.url);
        w.key("headers");
        w.begin_object();
        w.field_str("Authorization", &self.headers.authorization);
        w.field_str("Content-Type", self.headers.content_type);
        w.field_str("Accept", self.headers.accept);
        w.end_object();
        w.field_str("body", self.body);
        w.end_object();
    }
}

/// `{"kind": "hidden"}`, `{"kind": "link", "href"}` or `{"kind": "request", "request"}`.
impl WriteJson for ActionView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        match self {
            ActionView::Hidden => w.field_str("kind", "hidden"),
            ActionView::Link { href } => {
                w.field_str("kind", "link");
                w.field_str("href", href);
            }
            ActionView::Request { request } => {
                w.field_str("kind", "request");
                w.field("request", request);
            }
        }
        w.end_object();
    }
}

impl PhoneAction {
    /// The action serialised with the API key in clear, for the host to send the request.
    pub fn revealed(&self) -> Revealed<'_, PhoneAction> {
        Revealed(self)
    }

    fn view(&self, reveal: bool) -> ActionView<'_> {
        match self {
            PhoneAction::Hidden => ActionView::Hidden,
            PhoneAction::Link { href } => ActionView::Link { href },
            PhoneAction::Request { request } => ActionView::Request { request: request.view(reveal) },
        }
    }
}

/// Written as `{ kind: "hidden" | "link" | "request", … }` with the key masked.
impl WriteJson for PhoneAction {
    fn write_json(&self, w: &mut JsonWriter) {
        self.view(false).write_json(w);
    }
}

impl WriteJson for Revealed<'_, PhoneAction> {
    fn write_json(&self, w: &mut JsonWriter) {
        self.0.view(true).write_json(w);
    }
}

/// Serialises as `{ kind: "hidden" | "link" | "request", … }` with the key masked.
#[cfg(feature = "serde")]
impl Serialize for PhoneAction {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view(false).serialize(serializer)
    }
}

#[cfg(feature = "serde")]
impl Serialize for Revealed<'_, PhoneAction> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.view(true).serialize(serializer)
    }
}

/// A phone found in a client card's variable, with what its icon does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPhone {
    /// The variable's name.
    pub variable: String,
    /// The phone, canonical.
    pub phone: Phone,
    pub action: PhoneAction,
}

#[cfg_attr(feature = "serde", derive(Serialize))]
struct CardPhoneView<'a> {
    variable: &'a str,
    phone: String,
    action: ActionView<'a>,
}

impl CardPhone {
    fn view(&self, reveal: bool) -> CardPhoneView<'_> {
        CardPhoneView { variable: &self.variable, phone: self.phone.to_string(), action: self.action.view(reveal) }
    }
}

/// `{"variable", "phone", "action"}`.
impl WriteJson for CardPhoneView<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("variable", self.variable);
        w.field_str("phone", &self.phone);
        w.field("action", &self.action);
        w.end_object();
    }
}

/// Written as `{ variable, phone, action }` with the key masked.
impl WriteJson for CardPhone {
    fn write_json(&self, w: &mut JsonWriter) {
        self.view(false).write_json(w);
    }
}

impl WriteJson for Revealed<'_, [CardPhone]> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_array();
        for card in self.0 {
            card.view(true).write_json(w);
        }
        w.end_array();
    }
}

/// Serialises as `{ variable, phone, action }` with the key masked.
#[cfg(feature = "serde")]
impl Serialize for CardPhone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.view(false).serialize(serializer)
    }
}

#[cfg(feature = "serde")]
impl Serialize for Revealed<'_, [CardPhone]> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|c| c.view(true)))
    }
}

/// Serialised with the key in clear; see [`PhoneAction::revealed`].
pub fn revealed_card(phones: &[CardPhone]) -> Revealed<'_, [CardPhone]> {
    Revealed(phones)
}

/// Why a call cannot be set up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallingError {
    /// Code `unknown_employee`.
    #[error("employeeId: {id} is not an employee of the project")]
    UnknownEmployee { id: String },
    /// Code `no_extension`. Settings checked by this crate never lack one; kept so that a
    /// broken invariant is an error, not a panic.
    #[error("employees[{index}].extension: is missing: an employee in sipout_api mode needs the extension assigned to them in SipOut")]
    NoExtension { index: usize },
    /// Code `invalid_card`, reason `too_many_variables`.
    #[error("variables: {count} variables, over the limit of {max}")]
    TooManyVariables { count: usize, max: usize },
    /// Code `invalid_card`, reason `too_large`.
    #[error("variables: {len} bytes of values in all, over the limit of {max}")]
    CardTooLarge { len: usize, max: usize },
}

impl CallingError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CallingError::UnknownEmployee { .. } => "unknown_employee",
            CallingError::NoExtension { .. } => "no_extension",
            CallingError::TooManyVariables { .. } | CallingError::CardTooLarge { .. } => "invalid_card",
        }
    }

    /// The stable reason within the code.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            CallingError::TooManyVariables { .. } => Some("too_many_variables"),
            CallingError::CardTooLarge { .. } => Some("too_large"),
            _ => None,
        }
    }
}

/// The employee with `employee_id` and their place in the settings.
fn find_employee<'s>(settings: &'s Settings, employee_id: &str) -> Result<(usize, &'s Employee), CallingError> {
    let id = employee_id.trim();
    settings
        .employees()
        .iter()
        .enumerate()
        .find(|(_, e)| e.id() == id)
        .ok_or_else(|| CallingError::UnknownEmployee { id: Redactor::new(settings.api_key()).quote(employee_id) })
}

/// A phone error that does not quote the input if the input holds the API key (passed as
/// the phone by mistake).
fn hide_key(error: PhoneError, input: &str, key: &ApiKey) -> PhoneError {
    if !crate::settings::holds(input, key.expose()) {
        return error;
    }
    let hidden = || Quoted::new("(a value holding the API key, not shown)");
    match error {
        PhoneError::InvalidCharacter { found, position, .. } => {
            PhoneError::InvalidCharacter { input: hidden(), found, position }
        }
        PhoneError::NoDigits { .. } => PhoneError::NoDigits { input: hidden() },
        PhoneError::TooFewDigits { count, .. } => PhoneError::TooFewDigits { input: hidden(), count },
        PhoneError::TooManyDigits { count, .. } => PhoneError::TooManyDigits { input: hidden(), count },
        PhoneError::UnsupportedCountry { prefix, .. } => PhoneError::UnsupportedCountry { input: hidden(), prefix },
        PhoneError::InvalidTrunkPrefix { first, .. } => PhoneError::InvalidTrunkPrefix { input: hidden(), first },
        PhoneError::InvalidExtension { problem, .. } => PhoneError::InvalidExtension { input: hidden(), problem },
        other @ (PhoneError::Empty | PhoneError::TooLong { .. }) => other,
    }
}

/// What the phone icon beside `phone` (any accepted spelling) does for the employee.
///
/// `disabled`: [`PhoneAction::Hidden`]. `app`: a `tel:` link to the canonical number, with
/// `;ext=` and the extension if the phone has one (RFC 3966). `sipout_api`: the
/// [`CallRequest`] to SipOut. An unknown employee and a phone that is not one are errors
/// whatever the mode.
pub fn phone_action(settings: &Settings, employee_id: &str, phone: &str) -> Result<PhoneAction, Error> {
    let (index, employee) = find_employee(settings, employee_id)?;
    let parsed = ParsedPhone::parse(phone).map_err(|e| hide_key(e, phone, settings.api_key()))?;
    action(settings, index, employee, parsed)
}

fn action(settings: &Settings, index: usize, employee: &Employee, phone: ParsedPhone) -> Result<PhoneAction, Error> {
    match employee.call_mode() {
        CallMode::Disabled => Ok(PhoneAction::Hidden),
        CallMode::App => {
            let mut href = format!("tel:+{}", phone.phone);
            if let Some(ext) = phone.extension {
                href.push_str(";ext=");
                href.push_str(ext.as_str());
            }
            Ok(PhoneAction::Link { href })
        }
        CallMode::SipoutApi => {
            let extension = employee.extension().ok_or(CallingError::NoExtension { index })?;
            let template = Template::parse(settings.click2call_url(), &CLICK2CALL_RULES)
                .map_err(|e| SettingsError { field: "click2call.url".into(), problem: SettingsProblem::Url(e) })?;
            let to = phone.phone.to_string();
            let url = template.render(&[extension, &to]);
            let body = crate::json_writer::to_string(&CallBody { from: extension, to: &to });
            Ok(PhoneAction::Request { request: CallRequest { url, api_key: settings.api_key().clone(), body } })
        }
    }
}

/// For a client card: every phone found in the values of its variables (in the order
/// given, each phone once per variable), with what its icon does for the employee. None at
/// all for an employee whose calls are disabled. At most [`MAX_CARD_VARIABLES`] variables
/// holding at most [`MAX_CARD_BYTES`] bytes in all.
pub fn card_phone_actions<K: AsRef<str>, V: AsRef<str>>(
    settings: &Settings,
    employee_id: &str,
    variables: &[(K, V)],
) -> Result<Vec<CardPhone>, Error> {
    let (index, employee) = find_employee(settings, employee_id)?;
    if variables.len() > MAX_CARD_VARIABLES {
        return Err(CallingError::TooManyVariables { count: variables.len(), max: MAX_CARD_VARIABLES }.into());
    }
    let len = variables.iter().fold(0usize, |sum, (_, v)| sum.saturating_add(v.as_ref().len()));
    if len > MAX_CARD_BYTES {
        return Err(CallingError::CardTooLarge { len, max: MAX_CARD_BYTES }.into());
    }
    if employee.call_mode() == CallMode::Disabled {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (name, value) in variables {
        for phone in find_phones(value.as_ref())? {
            let action = action(settings, index, employee, ParsedPhone { phone, extension: None })?;
            out.push(CardPhone { variable: name.as_ref().to_string(), phone, action });
        }
    }
    Ok(out)
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;
    use crate::json_writer::assert_same;

    #[test]
    fn actions_are_what_serde_writes_masked_and_revealed() {
        let api_key = ApiKey::parse("sk_live_0123456789abcdef").unwrap();
        let request = CallRequest {
            url: "https://api.example/click2call?from=101&to=79123456789".into(),
            api_key,
            body: crate::json_writer::to_string(&CallBody { from: "101", to: "79123456789" }),
        };
        let actions = [
            PhoneAction::Hidden,
            PhoneAction::Link { href: "tel:+79123456789;ext=5".into() },
            PhoneAction::Request { request },
        ];
        let phone = Phone::parse("89123456789").unwrap();
        let mut cards = Vec::new();
        for action in actions {
            assert!(!assert_same(&action).contains("0123456789abcdef"));
            assert_same(&action.revealed());
            assert_same(&CardPhone { variable: "tel\u{7f}".into(), phone, action: action.clone() });
            cards.push(CardPhone { variable: "v".into(), phone, action });
        }
        assert!(assert_same(&revealed_card(&cards)).contains("0123456789abcdef"));
        assert_same(&cards);
        assert_same(&revealed_card(&[]));
        assert_same(&CallBody { from: "", to: "\\" });
    }
}
