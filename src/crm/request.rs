//! An HTTP request for the host to send to a CRM, and its idempotency key.

use std::fmt;
use std::ops::Range;

use crate::json_writer::{JsonWriter, WriteJson};

/// The longest idempotency key, in bytes; a longer one comes from a hash of the call id.
pub const MAX_IDEMPOTENCY_KEY_BYTES: usize = 200;

/// The header that carries the idempotency key.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// Which CRM a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Target {
    Amocrm,
    Bitrix24,
}

/// `"amocrm"`, `"bitrix24"`.
impl WriteJson for Target {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(match self {
            Target::Amocrm => "amocrm",
            Target::Bitrix24 => "bitrix24",
        });
    }
}

/// What a request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum RequestKind {
    /// amoCRM `POST /api/v4/calls`: the call record.
    #[cfg_attr(feature = "serde", serde(rename = "amocrm.call"))]
    AmocrmCall,
    /// amoCRM `POST /api/v4/{leads|contacts}/{id}/notes`: a Telephony notification.
    #[cfg_attr(feature = "serde", serde(rename = "amocrm.note"))]
    AmocrmNote,
    /// Bitrix24 `telephony.externalcall.register`: its answer holds the `CALL_ID`.
    #[cfg_attr(feature = "serde", serde(rename = "bitrix24.register"))]
    BitrixRegister,
    /// Bitrix24 `telephony.externalcall.finish`.
    #[cfg_attr(feature = "serde", serde(rename = "bitrix24.finish"))]
    BitrixFinish,
    /// Bitrix24 `telephony.externalCall.attachRecord`: the recording.
    #[cfg_attr(feature = "serde", serde(rename = "bitrix24.record"))]
    BitrixRecord,
    /// Bitrix24 `crm.timeline.comment.add`: the conversation text in the entity's timeline.
    #[cfg_attr(feature = "serde", serde(rename = "bitrix24.comment"))]
    BitrixComment,
    /// Bitrix24 `im.notify.system.add`: the conversation text as a notification to the user.
    #[cfg_attr(feature = "serde", serde(rename = "bitrix24.notify"))]
    BitrixNotify,
}

impl RequestKind {
    /// The name as it is serialised, and as idempotency keys start.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::AmocrmCall => "amocrm.call",
            RequestKind::AmocrmNote => "amocrm.note",
            RequestKind::BitrixRegister => "bitrix24.register",
            RequestKind::BitrixFinish => "bitrix24.finish",
            RequestKind::BitrixRecord => "bitrix24.record",
            RequestKind::BitrixComment => "bitrix24.comment",
            RequestKind::BitrixNotify => "bitrix24.notify",
        }
    }
}

/// [`RequestKind::as_str`]: `"amocrm.call"`…
impl WriteJson for RequestKind {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.as_str());
    }
}

/// One request for the host to send as it is: `method` to `url` with `headers` and `body`
/// (JSON text). `idempotency_key` is in the headers too; a host that records the keys it has
/// sent and skips a request whose key it already sent never sends a duplicate, however often
/// it retries or asks again.
///
/// The URL and headers carry credentials (the Bitrix24 webhook token in the URL, the amoCRM
/// token in `Authorization`) because the host must send them; `Debug` masks both.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct HttpRequest {
    target: Target,
    kind: RequestKind,
    method: &'static str,
    url: String,
    headers: Headers,
    body: String,
    idempotency_key: String,
    /// Where a secret lies in `url`, for `Debug` to mask.
    #[cfg_attr(feature = "serde", serde(skip))]
    url_secret: Option<Range<usize>>,
}

impl HttpRequest {
    /// A POST of a JSON body, with `Content-Type`, the idempotency key, and `Authorization`
    /// when given.
    pub(crate) fn post_json(
        target: Target,
        kind: RequestKind,
        (url, url_secret): (String, Option<Range<usize>>),
        authorization: Option<String>,
        body: String,
        idempotency_key: String,
    ) -> HttpRequest {
        let headers =
            Headers { content_type: "application/json", idempotency_key: idempotency_key.clone(), authorization };
        HttpRequest { target, kind, method: "POST", url, headers, body, idempotency_key, url_secret }
    }

    pub fn target(&self) -> Target {
        self.target
    }

    pub fn kind(&self) -> RequestKind {
        self.kind
    }

    /// Always `POST`.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The URL, credentials included.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers as name–value pairs in the order they are sent, credentials included.
    pub fn headers(&self) -> Vec<(&'static str, &str)> {
        let h = &self.headers;
        let mut out = vec![("Content-Type", h.content_type), (IDEMPOTENCY_HEADER, h.idempotency_key.as_str())];
        if let Some(authorization) = &h.authorization {
            out.push(("Authorization", authorization.as_str()));
        }
        out
    }

    /// A header's value, by its name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers().into_iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    }

    /// The body: JSON text.
    pub fn body(&self) -> &str {
        &self.body
    }

    pub fn idempotency_key(&self) -> &str {
        &self.idempotency_key
    }
}

/// `{"target", "kind", "method", "url", "headers": {"Content-Type", "Idempotency-Key",
/// "Authorization"?}, "body", "idempotencyKey"}`, credentials in clear: the host sends them.
impl WriteJson for HttpRequest {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field("target", &self.target);
        w.field("kind", &self.kind);
        w.field_str("method", self.method);
        w.field_str("url", &self.url);
        w.key("headers");
        w.begin_object();
        w.field_str("Content-Type", self.headers.content_type);
        w.field_str("Idempotency-Key", &self.headers.idempotency_key);
        w.optional_str("Authorization", self.headers.authorization.as_deref());
        w.end_object();
        w.field_str("body", &self.body);
        w.field_str("idempotencyKey", &self.idempotency_key);
        w.end_object();
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match &self.url_secret {
            Some(at) => format!(
                "{}***{}",
                self.url.get(..at.start).unwrap_or_default(),
                self.url.get(at.end..).unwrap_or_default()
            ),
            None => self.url.clone(),
        };
        let headers: Vec<(&str, &str)> = self
            .headers()
            .into_iter()
            .map(|(name, value)| (name, if name == "Authorization" { "***" } else { value }))
            .collect();
        f.debug_struct("HttpRequest")
            .field("target", &self.target)
            .field("kind", &self.kind)
            .field("method", &self.method)
            .field("url", &url)
            .field("headers", &headers)
            .field("body", &self.body)
            .field("idempotency_key", &self.idempotency_key)
            .finish()
    }
}

/// The headers, serialised as an object `{ "Content-Type": …, "Idempotency-Key": …,
/// "Authorization"?: … }`.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
struct Headers {
    #[cfg_attr(feature = "serde", serde(rename = "Content-Type"))]
    content_type: &'static str,
    #[cfg_attr(feature = "serde", serde(rename = "Idempotency-Key"))]
    idempotency_key: String,
    #[cfg_attr(feature = "serde", serde(rename = "Authorization", skip_serializing_if = "Option::is_none"))]
    authorization: Option<String>,
}

/// The idempotency key of one request: `<kind>:<dedup key>`, `kind` naming the request
/// (`amocrm.note.0`), every byte of the dedup key outside `A-Z a-z 0-9 . _ ~ : -`
/// percent-encoded so that the key is a valid header value. Stable across retries (the dedup
/// key is), different per request kind and per event.
///
/// When that would be over [`MAX_IDEMPOTENCY_KEY_BYTES`] (a very long call id), the key is
/// `<kind>:#<hash>`, `hash` being 16 hex digits of the 64-bit FNV-1a hash of the dedup key.
pub fn idempotency_key(kind: &str, dedup_key: &str) -> String {
    let mut key = String::with_capacity(kind.len().saturating_add(1).saturating_add(dedup_key.len()));
    key.push_str(kind);
    key.push(':');
    for b in dedup_key.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b':' | b'-') {
            key.push(char::from(b));
        } else {
            key.push('%');
            key.push(hex_digit(b >> 4));
            key.push(hex_digit(b & 0xf));
        }
        if key.len() > MAX_IDEMPOTENCY_KEY_BYTES {
            break;
        }
    }
    if key.len() <= MAX_IDEMPOTENCY_KEY_BYTES {
        return key;
    }
    key.clear();
    key.push_str(kind);
    key.push_str(":#");
    let hash =
        dedup_key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
    for shift in (0..64).step_by(4).rev() {
        key.push(hex_digit((hash >> shift) as u8 & 0xf));
    }
    key
}

fn hex_digit(n: u8) -> char {
    char::from_digit(u32::from(n), 16).map_or('0', |c| c.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(
            idempotency_key("amocrm.call", "complete:sip-42:0123456789abcdef"),
            "amocrm.call:complete:sip-42:0123456789abcdef"
        );
        assert_eq!(idempotency_key("amocrm.note.0", "dial:a b/ю:00"), "amocrm.note.0:dial:a%20b%2F%D1%8E:00");
        let long = format!("dial:{}:0123456789abcdef", "x".repeat(300));
        let key = idempotency_key("bitrix24.register", &long);
        assert!(key.starts_with("bitrix24.register:#") && key.len() == "bitrix24.register:#".len() + 16, "{key}");
        assert_eq!(key, idempotency_key("bitrix24.register", &long), "stable");
        assert_ne!(key, idempotency_key("bitrix24.finish", &long));
        assert_ne!(key, idempotency_key("bitrix24.register", &long.replace("dial", "text")));
    }
}
