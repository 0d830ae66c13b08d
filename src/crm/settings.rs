//! The project's CRM settings: which integrations forward Telephony notifications, where,
//! and how. Read from JSON into types that hold only valid values.

use super::error::{CrmError, Source};
use super::object::Object;
use super::secret::Secret;
use super::url::{BaseUrl, BitrixWebhook};
use crate::notification::Locale;
use crate::phone::Quoted;

/// The largest settings text [`CrmSettings::from_json`] reads, in bytes.
pub const MAX_SETTINGS_BYTES: usize = 64 * 1024;

/// The longest amoCRM access token, in bytes (a long-lived token is a JWT of about 1 kB).
pub const MAX_ACCESS_TOKEN_BYTES: usize = 8192;

/// The longest Bitrix24 line number, in bytes.
pub const MAX_LINE_NUMBER_BYTES: usize = 64;

/// The CRM settings of a project.
///
/// An integration that is absent, `null` or has `enabled: false` is `None`: it gets no
/// request, and nothing else in its section is read (a switched-off integration with a stale
/// URL does not stop the other one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CrmSettings {
    pub amocrm: Option<AmocrmSettings>,
    pub bitrix24: Option<Bitrix24Settings>,
    /// The language of the texts the module writes itself (amoCRM `call_result`, Bitrix24
    /// `FAILED_REASON`); Russian by default.
    pub locale: Locale,
}

/// amoCRM, switched on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmocrmSettings {
    /// The account's address, `https://<subdomain>.amocrm.ru`.
    pub base_url: BaseUrl,
    /// A long-lived access token: sent as `Authorization: Bearer …`. Without one the host
    /// adds the authorisation itself.
    pub access_token: Option<Secret>,
    /// The amoCRM user the call records are assigned to.
    pub responsible_user_id: Option<u64>,
    /// The lead or contact of this client that the notes go to; without one no note is sent.
    pub entity: Option<AmocrmEntity>,
}

/// A lead or a contact in amoCRM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AmocrmEntity {
    pub kind: AmocrmEntityKind,
    pub id: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AmocrmEntityKind {
    Leads,
    Contacts,
}

impl AmocrmEntityKind {
    /// As the API's paths spell it: `leads`, `contacts`.
    pub fn as_str(self) -> &'static str {
        match self {
            AmocrmEntityKind::Leads => "leads",
            AmocrmEntityKind::Contacts => "contacts",
        }
    }
}

/// Bitrix24, switched on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitrix24Settings {
    /// The inbound webhook the requests go through; its token is a secret.
    pub webhook: BitrixWebhook,
    /// The Bitrix24 user who takes the calls when the event names no extension, and who is
    /// notified of conversation texts; the webhook's own user when not set.
    pub user_id: Option<u64>,
    /// `LINE_NUMBER` when the event has no DID (outbound calls).
    pub line_number: Option<String>,
    /// `CRM_CREATE`: create a lead for a number the CRM does not know. Off by default.
    pub crm_create: bool,
    /// `SHOW`: show the call card to the employee at `dial`. Off by default.
    pub show_card: bool,
    /// `ADD_TO_CHAT`: tell the employee about the finished call in the chat. On by default.
    pub add_to_chat: bool,
}

impl Bitrix24Settings {
    /// The user a request names when the event names no extension.
    pub fn user(&self) -> u64 {
        self.user_id.unwrap_or(self.webhook.user_id())
    }
}

const ROOT: &str = "crm";
const ROOT_KEYS: [&str; 3] = ["amocrm", "bitrix24", "locale"];
const AMOCRM_KEYS: [&str; 5] = ["enabled", "baseUrl", "accessToken", "responsibleUserId", "entity"];
const BITRIX_KEYS: [&str; 7] = ["enabled", "webhookUrl", "userId", "lineNumber", "crmCreate", "showCard", "addToChat"];

impl CrmSettings {
    /// Reads settings from JSON text (at most [`MAX_SETTINGS_BYTES`]):
    /// `{ amocrm?: {...}, bitrix24?: {...}, locale?: "ru" | "en" }`. Unknown fields are
    /// refused (a misspelt `baseURL` would otherwise pass unnoticed), except inside a
    /// switched-off integration, of which only `enabled` is read.
    pub fn from_json(text: &str) -> Result<CrmSettings, CrmError> {
        if text.len() > MAX_SETTINGS_BYTES {
            return Err(Source::Settings.error(
                ROOT,
                "too_large",
                &format!("{} bytes, over the limit of {MAX_SETTINGS_BYTES}", text.len()),
            ));
        }
        let root = Object::parse(text, ROOT.to_string(), Source::Settings)?;
        root.only(&ROOT_KEYS)?;
        let locale = match root.string("locale", 16)? {
            None => Locale::default(),
            Some(s) => Locale::parse(s).ok_or_else(|| {
                root.error("locale", "invalid_locale", &format!("{}: expected \"ru\" or \"en\"", Quoted::new(s)))
            })?,
        };
        let amocrm = match switched_on(&root, "amocrm")? {
            Some(section) => Some(amocrm(&section)?),
            None => None,
        };
        let bitrix24 = match switched_on(&root, "bitrix24")? {
            Some(section) => Some(bitrix24(&section)?),
            None => None,
        };
        Ok(CrmSettings { amocrm, bitrix24, locale })
    }
}

/// An integration's section when it is there and `enabled` is true.
fn switched_on<'a>(root: &Object<'a>, key: &str) -> Result<Option<Object<'a>>, CrmError> {
    let Some(section) = root.object(key)? else { return Ok(None) };
    let enabled = section.required("enabled", section.bool("enabled")?)?;
    Ok(enabled.then_some(section))
}

fn amocrm(section: &Object<'_>) -> Result<AmocrmSettings, CrmError> {
    section.only(&AMOCRM_KEYS)?;
    let base_url = section.required("baseUrl", section.string("baseUrl", usize::MAX)?)?;
    let base_url = BaseUrl::parse(base_url, &section.path("baseUrl"), Source::Settings)?;
    let access_token = match section.string("accessToken", MAX_ACCESS_TOKEN_BYTES)? {
        Some(token) => access_token(section, token)?,
        None => None,
    };
    let responsible_user_id = section.id("responsibleUserId", false)?;
    let entity = match section.object("entity")? {
        Some(entity) => Some(amocrm_entity(&entity)?),
        None => None,
    };
    Ok(AmocrmSettings { base_url, access_token, responsible_user_id, entity })
}

/// The token, without a `Bearer ` someone pasted with it; it must be a valid header value
/// without spaces. Messages never quote it.
fn access_token(section: &Object<'_>, token: &str) -> Result<Option<Secret>, CrmError> {
    let token = match token.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => token.get(7..).unwrap_or_default().trim_start(),
        _ => token,
    };
    if token.is_empty() {
        return Ok(None);
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(section.error(
            "accessToken",
            "invalid_token",
            "holds characters an HTTP header cannot carry (white space, control or non-ASCII characters)",
        ));
    }
    Ok(Some(Secret::new(token.to_string())))
}

fn amocrm_entity(entity: &Object<'_>) -> Result<AmocrmEntity, CrmError> {
    entity.only(&["type", "id"])?;
    let kind = entity.required("type", entity.string("type", 64)?)?;
    let kind = match kind {
        "leads" => AmocrmEntityKind::Leads,
        "contacts" => AmocrmEntityKind::Contacts,
        other => {
            return Err(entity.error(
                "type",
                "invalid_entity_type",
                &format!("{}: expected \"leads\" or \"contacts\"", Quoted::new(other)),
            ))
        }
    };
    let id = entity.required("id", entity.id("id", false)?)?;
    Ok(AmocrmEntity { kind, id })
}

fn bitrix24(section: &Object<'_>) -> Result<Bitrix24Settings, CrmError> {
    section.only(&BITRIX_KEYS)?;
    let url = section.required("webhookUrl", section.string("webhookUrl", usize::MAX)?)?;
    let webhook = BitrixWebhook::parse(url, &section.path("webhookUrl"), Source::Settings)?;
    let user_id = section.id("userId", false)?;
    let line_number = section.string("lineNumber", MAX_LINE_NUMBER_BYTES)?;
    if line_number.is_some_and(|l| l.chars().any(char::is_control)) {
        return Err(section.error("lineNumber", "invalid_line_number", "holds control characters"));
    }
    Ok(Bitrix24Settings {
        webhook,
        user_id,
        line_number: line_number.map(str::to_string),
        crm_create: section.bool("crmCreate")?.unwrap_or(false),
        show_card: section.bool("showCard")?.unwrap_or(false),
        add_to_chat: section.bool("addToChat")?.unwrap_or(true),
    })
}
