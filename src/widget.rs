//! The callback widget, or "a call from a block": SipOut's Click2Call widget gives an
//! API-url with a `<номер телефона>` placeholder; a block of the bot sends a GET request to
//! it with the client's phone in place of the placeholder. SipOut then calls the client
//! first, and the manager after.

use crate::http_url::{Rules, Template, UrlError};
use crate::json_writer::{JsonWriter, WriteJson};
use crate::phone::Phone;
use crate::Error;

/// The placeholder SipOut's widget URL holds where the client's phone goes.
pub const WIDGET_PLACEHOLDER: &str = "<номер телефона>";

/// The schemes a widget URL may have. Plain `http` is allowed because the widget URL carries
/// no API key; SipOut gives `https` ones.
const WIDGET_SCHEMES: [&str; 2] = ["https", "http"];

/// The request a host sends to SipOut to order a callback.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WidgetRequest {
    /// Always `GET`.
    pub method: &'static str,
    /// The widget URL with the client's canonical phone in place of the placeholder.
    pub url: String,
}

/// `{"method": "GET", "url"}`.
impl WriteJson for WidgetRequest {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("method", self.method);
        w.field_str("url", &self.url);
        w.end_object();
    }
}

/// Why a widget URL is refused (code `invalid_widget_url`; the reason is the URL's).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("apiUrl: {0}")]
pub struct WidgetError(pub UrlError);

impl WidgetError {
    /// The stable reason, such as `no_placeholder` or `credentials`.
    pub fn reason(&self) -> &'static str {
        self.0.reason()
    }
}

/// The GET request that orders a callback to `phone` from the widget URL `api_url`.
///
/// `api_url` must be an `https` or `http` URL with no credentials and exactly one
/// `<номер телефона>` placeholder in its path or query, written raw or percent-encoded
/// (either hex case, letters of either case). `phone` is any accepted spelling; the
/// canonical digits take the placeholder's place.
pub fn callback_widget_request(api_url: &str, phone: &str) -> Result<WidgetRequest, Error> {
    let rules = Rules {
        schemes: &WIDGET_SCHEMES,
        schemes_text: "https:// or http://",
        placeholders: &[WIDGET_PLACEHOLDER],
        required: &[true],
        braced_text: "",
    };
    let template = Template::parse(api_url, &rules).map_err(WidgetError)?;
    let phone = Phone::parse(phone)?;
    let digits = phone.to_string();
    Ok(WidgetRequest { method: "GET", url: template.render(&[&digits]) })
}
