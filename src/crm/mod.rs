//! CRM forwarding (SPEC §7): when a project's amoCRM or Bitrix24 integration sends
//! notifications about user actions, Telephony notifications go there too. The module
//! builds the HTTP requests; the host sends them.
//!
//! [`crm_requests`] takes one call event, the notifications built for it, the project's
//! [`CrmSettings`] and the [`CrmState`] the host kept for the call, and gives the requests
//! in the order to send them: amoCRM's first ([`amocrm`]), then Bitrix24's ([`bitrix24`]).
//! An integration that is absent or switched off gets none.
//!
//! Every request carries an idempotency key (header `Idempotency-Key`; amoCRM's call record
//! also as `request_id`) made from the event's dedup key and the request's kind: a webhook
//! delivered twice, or the same event asked about twice, gives the same keys. A host that
//! remembers the keys it has sent and skips those sends nothing twice.
//!
//! Bodies are JSON written by the crate's writer ([`crate::json_writer`]), never pieced
//! together from strings. Notification texts become plain text that no CRM can render as
//! markup ([`text`]).

pub mod amocrm;
pub mod bitrix24;
mod error;
mod notifications;
mod object;
mod request;
mod secret;
mod settings;
mod state;
pub mod text;
mod url;

use std::borrow::Cow;

pub use error::CrmError;
use error::Source;
pub use notifications::read_notifications;
pub use request::{idempotency_key, HttpRequest, RequestKind, Target, IDEMPOTENCY_HEADER, MAX_IDEMPOTENCY_KEY_BYTES};
pub use secret::Secret;
pub use settings::{
    AmocrmEntity, AmocrmEntityKind, AmocrmSettings, Bitrix24Settings, CrmSettings, MAX_ACCESS_TOKEN_BYTES,
    MAX_LINE_NUMBER_BYTES, MAX_SETTINGS_BYTES,
};
pub use state::{BitrixEntity, BitrixEntityKind, CrmState, MAX_ANSWER_BYTES, MAX_CALL_ID_BYTES};
pub use url::{BaseUrl, BitrixWebhook, MAX_ID, MAX_TOKEN_BYTES, MAX_URL_BYTES};

use crate::event::{CallEvent, Status};
use crate::notification::{Locale, Notification, NotificationKind};
use crate::time::EventTime;

/// The most notifications one call to [`crm_requests`] takes (an event gives two).
pub const MAX_NOTIFICATIONS: usize = 16;

/// The longest notification text taken, in bytes: the Telephony notification of the
/// largest webhook body (1 MiB) with every character of its text HTML-escaped (at most six
/// bytes each) fits.
pub const MAX_NOTIFICATION_TEXT_BYTES: usize = 8 << 20;

/// The requests that forward one call event to the CRMs, in the order to send them.
///
/// `notifications` are those built for this event (`build_notifications`): the Telephony
/// ones are forwarded (but for blank ones), callbacks are for the bot and are not. `state` is what the host kept
/// for this call (Bitrix24's `CALL_ID`); `CrmState::default()` when it has nothing.
pub fn crm_requests(
    event: &CallEvent,
    notifications: &[Notification<'_>],
    settings: &CrmSettings,
    state: &CrmState,
) -> Result<Vec<HttpRequest>, CrmError> {
    if notifications.len() > MAX_NOTIFICATIONS {
        let problem = format!("{} notifications, over the limit of {MAX_NOTIFICATIONS}", notifications.len());
        return Err(Source::Input.error("notifications", "too_many", &problem));
    }
    if let Some((i, n)) = notifications.iter().enumerate().find(|(_, n)| n.text.len() > MAX_NOTIFICATION_TEXT_BYTES) {
        let problem = format!("{} bytes, over the limit of {MAX_NOTIFICATION_TEXT_BYTES}", n.text.len());
        return Err(Source::Input.error(&format!("notifications[{i}].text"), "too_long", &problem));
    }
    let dedup_key = if event.dedup_key.is_empty() {
        Cow::Owned(event.compute_dedup_key())
    } else {
        Cow::Borrowed(&*event.dedup_key)
    };
    let call = Forward {
        event,
        dedup_key: &dedup_key,
        texts: notifications
            .iter()
            .filter(|n| n.kind == NotificationKind::Telephony && !n.text.trim().is_empty())
            .map(|n| n.text.as_str())
            .collect(),
        locale: settings.locale,
    };
    let mut out = Vec::new();
    if let Some(amo) = &settings.amocrm {
        amocrm::requests(&call, amo, &mut out);
    }
    if let Some(bitrix) = &settings.bitrix24 {
        bitrix24::requests(&call, bitrix, state, &mut out);
    }
    Ok(out)
}

/// One event on its way to the CRMs.
pub(crate) struct Forward<'a> {
    pub(crate) event: &'a CallEvent,
    pub(crate) dedup_key: &'a str,
    /// The texts of its Telephony notifications, HTML-escaped as they were built.
    pub(crate) texts: Vec<&'a str>,
    pub(crate) locale: Locale,
}

impl Forward<'_> {
    /// The idempotency key of the request of this kind.
    pub(crate) fn key(&self, kind: &str) -> String {
        idempotency_key(kind, self.dedup_key)
    }

    /// The event's time in Unix seconds, when it has a zone.
    pub(crate) fn unix_seconds(&self) -> Option<i64> {
        self.event.time.and_then(|t| t.unix_ms()).map(|ms| ms.div_euclid(1000))
    }

    /// The event's time as ISO 8601 with its zone, to the second: `2024-11-26T15:00:00+00:00`;
    /// none when the webhook gave a time without a zone (which zone it meant is unknown).
    pub(crate) fn iso_time(&self) -> Option<String> {
        let seconds = EventTime::from_unix_ms(self.unix_seconds()?.checked_mul(1000)?)?;
        let mut buf = [0u8; crate::time::ISO_MAX_BYTES];
        let text = seconds.write_iso(&mut buf);
        Some(format!("{}+00:00", text.strip_suffix('Z').unwrap_or(text)))
    }
}

/// How a status reads in the texts the module writes for CRMs.
pub fn status_text(status: Status, locale: Locale) -> &'static str {
    match (status, locale) {
        (Status::Success, Locale::Ru) => "Успешный звонок",
        (Status::Busy, Locale::Ru) => "Занято",
        (Status::Missed, Locale::Ru) => "Пропущенный звонок",
        (Status::Success, Locale::En) => "Successful call",
        (Status::Busy, Locale::En) => "Busy",
        (Status::Missed, Locale::En) => "Missed call",
    }
}
