//! Everything one webhook gives: its event, the deal's variables after it, and its
//! notifications.

use crate::deal::DealVariables;
use crate::event::CallEvent;
use crate::json_writer::{JsonWriter, WriteJson};
use crate::notification::{build_notifications, Notification, NotificationOptions};

/// A webhook handled: what `handleWebhook` and the block action `webhook.handle` give.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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

/// `{"event", "variables", "notifications"}`.
impl WriteJson for Handled<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field("event", self.event);
        w.field("variables", &self.variables);
        w.field("notifications", &self.notifications);
        w.end_object();
    }
}
