//! Everything one webhook gives: its event, the deal's variables after it, and its
//! notifications.

use serde::Serialize;

use crate::deal::DealVariables;
use crate::event::CallEvent;
use crate::notification::{build_notifications, Notification, NotificationOptions};

/// A webhook handled: what `handleWebhook` and the block action `webhook.handle` give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handled<'a> {
    pub event: &'a CallEvent,
    /// The deal's call variables after the event, merged onto those it held.
    pub variables: DealVariables,
    pub notifications: Vec<Notification<'a>>,
}

impl<'a> Handled<'a> {
    /// The variables after `event` merged onto `previous`, and its notifications.
    pub fn of(event: &'a CallEvent, previous: &DealVariables, options: &NotificationOptions) -> Handled<'a> {
        Handled { event, variables: previous.merge(event), notifications: build_notifications(event, options) }
    }
}
