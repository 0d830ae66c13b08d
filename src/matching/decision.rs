//! The decision for a call: the client found, or the client to create.

use super::error::MatchingError;
use super::index::ClientIndex;
use super::project::Project;
use super::rules::TELEPHONY;
use crate::json_writer::{JsonWriter, WriteJson};
use crate::phone::Phone;

/// How the call's client was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A Telephony client with this phone.
    Telephony,
    /// A client whose variable, named here, holds this phone.
    Variable(String),
}

/// The client that a call is matched to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientMatch {
    pub client_id: String,
    pub via: Via,
}

/// The client to create for a call that matches no client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClient {
    /// A connected messenger reached by phone, or `"telephony"`.
    pub channel: String,
    pub phone: Phone,
    /// Whether the new client can be written to: false for a Telephony client, which can
    /// only be called and receive call information.
    pub can_message: bool,
}

/// What to do with a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchDecision {
    /// The call belongs to this client.
    Existing(ClientMatch),
    /// No client holds the phone: create this one.
    Create(NewClient),
}

/// The client to create for `phone` when none holds it: in the first phone-reachable
/// messenger the project has connected (WhatsApp unless the host says otherwise), which
/// can be written to; with none, a Telephony client, which can only be called.
pub fn create_decision(phone: Phone, project: &Project) -> NewClient {
    match project.phone_messenger() {
        Some(messenger) => NewClient { channel: messenger.to_string(), phone, can_message: true },
        None => NewClient { channel: TELEPHONY.to_string(), phone, can_message: false },
    }
}

/// The decision for a call from `phone`, with the project's clients in `index`.
pub fn match_client(phone: Phone, index: &ClientIndex, project: &Project) -> Result<MatchDecision, MatchingError> {
    project.validate()?;
    Ok(match index.lookup(phone) {
        Some(hit) => MatchDecision::Existing(hit.to_match()),
        None => MatchDecision::Create(create_decision(phone, project)),
    })
}

/// The decision as JSON: `{"kind": "existing", "clientId", "via": "telephony"}`, with
/// `"via": "variable", "variable": name` for a client found by a variable, or
/// `{"kind": "create", "channel", "phone", "canMessage"}`: what `matchClient`, a
/// `ClientMatcher`'s last step and the block action `matching.decide` give.
impl WriteJson for MatchDecision {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        match self {
            MatchDecision::Existing(m) => {
                w.field_str("kind", "existing");
                w.field_str("clientId", &m.client_id);
                match &m.via {
                    Via::Telephony => w.field_str("via", "telephony"),
                    Via::Variable(name) => {
                        w.field_str("via", "variable");
                        w.field_str("variable", name);
                    }
                }
            }
            MatchDecision::Create(c) => {
                w.field_str("kind", "create");
                w.field_str("channel", &c.channel);
                w.field("phone", &c.phone);
                w.field("canMessage", &c.can_message);
            }
        }
        w.end_object();
    }
}

/// The same JSON as [`WriteJson`] writes.
#[cfg(feature = "serde")]
impl serde::Serialize for MatchDecision {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DecisionView::of(self).serialize(serializer)
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum DecisionView<'a> {
    #[serde(rename_all = "camelCase")]
    Existing {
        client_id: &'a str,
        via: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        variable: Option<&'a str>,
    },
    #[serde(rename_all = "camelCase")]
    Create { channel: &'a str, phone: String, can_message: bool },
}

#[cfg(feature = "serde")]
impl<'a> DecisionView<'a> {
    fn of(decision: &'a MatchDecision) -> DecisionView<'a> {
        match decision {
            MatchDecision::Existing(m) => {
                let (via, variable) = match &m.via {
                    Via::Telephony => ("telephony", None),
                    Via::Variable(name) => ("variable", Some(name.as_str())),
                };
                DecisionView::Existing { client_id: &m.client_id, via, variable }
            }
            MatchDecision::Create(c) => {
                DecisionView::Create { channel: &c.channel, phone: c.phone.to_string(), can_message: c.can_message }
            }
        }
    }
}
