//! The two CRM addresses a project configures: amoCRM's account URL and the Bitrix24
//! inbound webhook URL. Both are `https` only, with a plain DNS host, no user name or
//! password, no query, no fragment. A checked URL is a type that cannot hold anything else.
//!
//! Messages about a URL never quote it: the Bitrix24 one holds its token in the path, and a
//! mistyped amoCRM one may hold a password.

use std::fmt;
use std::ops::Range;

use super::error::{CrmError, Source};
use super::secret::Secret;

/// The longest URL read, in bytes.
pub const MAX_URL_BYTES: usize = 2048;

/// The longest Bitrix24 webhook token, in bytes.
pub const MAX_TOKEN_BYTES: usize = 128;

/// The largest id (user, entity) taken: JavaScript's largest safe integer, 2^53 − 1.
pub const MAX_ID: u64 = (1 << 53) - 1;

/// An amoCRM account's address: `https://<subdomain>.amocrm.ru`, lower case, no path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// The address, if `value` is one; an error naming `field` otherwise.
    pub(crate) fn parse(value: &str, field: &str, source: Source) -> Result<BaseUrl, CrmError> {
        let (origin, path) = split_https(value, field, source)?;
        if !path.is_empty() && path != "/" {
            return Err(source.error(
                field,
                "invalid_url",
                "the account's address has no path: https://<subdomain>.amocrm.ru",
            ));
        }
        Ok(BaseUrl(origin))
    }

    /// `https://host` (with `:port` if one was given), without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Bitrix24 inbound webhook: `https://<portal>/rest/<user id>/<token>/`. The token is a
/// [`Secret`]; `Debug` masks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitrixWebhook {
    origin: String,
    user_id: u64,
    token: Secret,
}

impl BitrixWebhook {
    /// The webhook, if `value` is its URL: `https://<portal>/rest/<user id>/<token>/`, with
    /// or without the trailing slash, optionally followed by one method name as Bitrix24
    /// shows it in examples (`profile`, `profile.json`), which is dropped.
    pub(crate) fn parse(value: &str, field: &str, source: Source) -> Result<BitrixWebhook, CrmError> {
        const SHAPE: &str = "expected the inbound webhook URL https://<portal>/rest/<user id>/<token>/";
        let (origin, path) = split_https(value, field, source)?;
        let mut segments = path.strip_prefix('/').unwrap_or(path).split('/');
        if segments.next() != Some("rest") {
            return Err(source.error(field, "not_webhook_url", SHAPE));
        }
        let user_id =
            segments.next().and_then(whole_id).ok_or_else(|| source.error(field, "not_webhook_url", SHAPE))?;
        let token = segments.next().unwrap_or_default();
        if token.is_empty() {
            return Err(source.error(field, "not_webhook_url", SHAPE));
        }
        if token.len() > MAX_TOKEN_BYTES {
            return Err(source.error(
                field,
                "invalid_token",
                &format!("the webhook token is over {MAX_TOKEN_BYTES} characters"),
            ));
        }
        if !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(source.error(
                field,
                "invalid_token",
                "the webhook token holds characters other than letters and digits",
            ));
        }
        // What may follow: nothing, "/", "method", "method/", "method.json".
        let rest: Vec<&str> = segments.collect();
        let tail_ok = match rest.as_slice() {
            [] | [""] => true,
            [method] | [method, ""] => {
                !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_'))
            }
            _ => false,
        };
        if !tail_ok {
            return Err(source.error(field, "not_webhook_url", SHAPE));
        }
        Ok(BitrixWebhook { origin, user_id, token: Secret::new(token.to_string()) })
    }

    /// The portal's address, `https://<portal>`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The id of the user the webhook belongs to.
    pub fn user_id(&self) -> u64 {
        self.user_id
    }

    /// The URL of a REST method, `https://<portal>/rest/<user>/<token>/<method>.json`, and
    /// where the token lies in it.
    pub(crate) fn method_url(&self, method: &str) -> (String, Range<usize>) {
        let head = format!("{}/rest/{}/", self.origin, self.user_id);
        let token = self.token.expose();
        let at = head.len()..head.len().saturating_add(token.len());
        let mut url = String::with_capacity(
            head.len().saturating_add(token.len()).saturating_add(method.len()).saturating_add(7),
        );
        url.push_str(&head);
        url.push_str(token);
        url.push('/');
        url.push_str(method);
        url.push_str(".json");
        (url, at)
    }
}

/// A positive whole number of at most [`MAX_ID`], from ASCII digits.
fn whole_id(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 16 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u64>().ok().filter(|&n| (1..=MAX_ID).contains(&n))
}

/// An https URL's origin (`https://host[:port]`, host in lower case) and its path.
fn split_https<'v>(value: &'v str, field: &str, source: Source) -> Result<(String, &'v str), CrmError> {
    let value = value.trim();
    if value.len() > MAX_URL_BYTES {
        return Err(source.error(
            field,
            "too_long",
            &format!("{} bytes, over the limit of {MAX_URL_BYTES}", value.len()),
        ));
    }
    if !value.is_ascii() {
        return Err(source.error(
            field,
            "invalid_url",
            "holds characters other than ASCII; write the host in its punycode form",
        ));
    }
    if value.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control()) {
        return Err(source.error(field, "invalid_url", "holds white space or control characters"));
    }
    let starts = |prefix: &str| value.get(..prefix.len()).is_some_and(|s| s.eq_ignore_ascii_case(prefix));
    let rest = if starts("https://") {
        value.get(8..).unwrap_or_default()
    } else if starts("http://") {
        return Err(source.error(field, "not_https", "must be an https URL, not http"));
    } else {
        return Err(source.error(field, "not_https", "must be an https URL (https://…)"));
    };
    if rest.contains(['?', '#']) {
        return Err(source.error(field, "invalid_url", "must have no query (?…) or fragment (#…)"));
    }
    let (authority, path) = rest.split_at_checked(rest.find('/').unwrap_or(rest.len())).unwrap_or((rest, ""));
    if authority.contains('@') {
        return Err(source.error(field, "has_credentials", "must not hold a user name or password"));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err(source.error(field, "invalid_url", "has no host"));
    }
    if !is_dns_name(host) {
        return Err(source.error(field, "invalid_url", "the host is not a domain name (letters, digits, '-' and '.')"));
    }
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !valid {
            return Err(source.error(field, "invalid_url", "the port is not a number from 1 to 65535"));
        }
    }
    let mut origin = String::with_capacity(authority.len().saturating_add(8));
    origin.push_str("https://");
    origin.push_str(&authority.to_ascii_lowercase());
    Ok((origin, path))
}

/// A DNS name with at least two labels: letters, digits and `-`, labels of 1 to 63
/// characters that neither start nor end with `-`; 253 characters at most.
fn is_dns_name(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    host.len() <= 253
        && host.contains('.')
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(value: &str) -> Result<String, &'static str> {
        BaseUrl::parse(value, "f", Source::Settings).map(|b| b.0).map_err(|e| e.reason())
    }

    fn hook(value: &str) -> Result<(String, u64, String), &'static str> {
        BitrixWebhook::parse(value, "f", Source::Settings)
            .map(|w| (w.origin.clone(), w.user_id, w.token.expose().to_string()))
            .map_err(|e| e.reason())
    }

    #[test]
    fn account_addresses() {
        assert_eq!(base("https://acme.amocrm.ru"), Ok("https://acme.amocrm.ru".into()));
        assert_eq!(base(" HTTPS://Acme.AmoCRM.ru/ "), Ok("https://acme.amocrm.ru".into()));
        assert_eq!(base("https://acme.kommo.com:8443"), Ok("https://acme.kommo.com:8443".into()));
        assert_eq!(base("http://acme.amocrm.ru"), Err("not_https"));
        assert_eq!(base("acme.amocrm.ru"), Err("not_https"));
        assert_eq!(base("javascript:alert(1)"), Err("not_https"));
        assert_eq!(base("https://user:pw@acme.amocrm.ru"), Err("has_credentials"));
        assert_eq!(base("https://acme.amocrm.ru/leads"), Err("invalid_url"));
        assert_eq!(base("https://acme.amocrm.ru?x=1"), Err("invalid_url"));
        assert_eq!(base("https://acme.amocrm.ru#x"), Err("invalid_url"));
        assert_eq!(base("https://"), Err("invalid_url"));
        assert_eq!(base("https://localhost"), Err("invalid_url"));
        assert_eq!(base("https://-a.ru"), Err("invalid_url"));
        assert_eq!(base("https://a..ru"), Err("invalid_url"));
        assert_eq!(base("https://[::1]"), Err("invalid_url"));
        assert_eq!(base("https://acme.amocrm.ru:0"), Err("invalid_url"));
        assert_eq!(base("https://acme.amocrm.ru:99999"), Err("invalid_url"));
        assert_eq!(base("https://acme.amocrm.ru:"), Err("invalid_url"));
        assert_eq!(base("https://акме.рф"), Err("invalid_url"));
        assert_eq!(base("https://acme .ru"), Err("invalid_url"));
        assert_eq!(base(&format!("https://a.ru/{}", "x".repeat(MAX_URL_BYTES))), Err("too_long"));
    }

    #[test]
    fn webhook_urls() {
        let want = Ok(("https://acme.bitrix24.ru".to_string(), 1, "abc123xyz".to_string()));
        for ok in [
            "https://acme.bitrix24.ru/rest/1/abc123xyz/",
            "https://acme.bitrix24.ru/rest/1/abc123xyz",
            "https://ACME.bitrix24.ru/rest/1/abc123xyz/profile.json",
            "https://acme.bitrix24.ru/rest/1/abc123xyz/profile",
            "https://acme.bitrix24.ru/rest/1/abc123xyz/profile/",
        ] {
            assert_eq!(hook(ok), want, "{ok}");
        }
        assert_eq!(hook("http://acme.bitrix24.ru/rest/1/abc/"), Err("not_https"));
        assert_eq!(hook("https://acme.bitrix24.ru/"), Err("not_webhook_url"));
        assert_eq!(hook("https://acme.bitrix24.ru/rest/0/abc/"), Err("not_webhook_url"));
        assert_eq!(hook("https://acme.bitrix24.ru/rest/x/abc/"), Err("not_webhook_url"));
        assert_eq!(hook("https://acme.bitrix24.ru/rest/1//"), Err("not_webhook_url"));
        assert_eq!(hook("https://acme.bitrix24.ru/rest/1/"), Err("not_webhook_url"));
        assert_eq!(hook("https://acme.bitrix24.ru/rest/1/a-b/"), Err("invalid_token"));
        assert_eq!(hook("https://acme.bitrix24.ru/rest/1/abc/a/b"), Err("not_webhook_url"));
        assert_eq!(hook("https://acme.bitrix24.ru/rest/1/abc/pro%66ile"), Err("not_webhook_url"));
        assert_eq!(hook("https://u:p@acme.bitrix24.ru/rest/1/abc/"), Err("has_credentials"));
        assert_eq!(hook(&format!("https://acme.bitrix24.ru/rest/1/{}/", "a".repeat(129))), Err("invalid_token"));
    }

    #[test]
    fn method_urls_and_where_the_token_is() {
        let w = BitrixWebhook::parse("https://acme.bitrix24.ru/rest/7/tok3n/", "f", Source::Settings).unwrap();
        let (url, at) = w.method_url("telephony.externalcall.register");
        assert_eq!(url, "https://acme.bitrix24.ru/rest/7/tok3n/telephony.externalcall.register.json");
        assert_eq!(url.get(at), Some("tok3n"));
        assert!(!format!("{w:?}").contains("tok3n"));
    }
}
