//! Clients as the host describes them: to the index, and in its answers to the matcher.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A client of the project, as the host gives it to the [`ClientIndex`](super::ClientIndex).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Client {
    /// The client's id in the host's storage.
    pub id: String,
    /// The client's channel: `"telephony"`, `"whatsapp"`, `"telegram"`…
    pub channel: String,
    /// The client's phone, as stored; read only for Telephony clients.
    #[serde(default)]
    pub phone: Option<String>,
    /// The client's variables, in the host's order.
    #[serde(default)]
    pub variables: Variables,
}

impl Client {
    /// The client as the index reads it.
    pub fn view(&self) -> ClientRef<'_> {
        ClientRef {
            id: &self.id,
            channel: &self.channel,
            phone: self.phone.as_deref(),
            variables: VariablesRef::Owned(&self.variables.0),
        }
    }
}

/// A row of the host's answer to a [`ClientMatcher`](super::ClientMatcher) step: a client,
/// with as much of it as the step needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Row {
    /// The client's id in the host's storage.
    pub id: String,
    /// The client's channel; when given for a Telephony step, it must be Telephony.
    #[serde(default)]
    pub channel: Option<String>,
    /// The client's phone (the Telephony step reads it).
    #[serde(default)]
    pub phone: Option<String>,
    /// The client's variables, in the host's order (the variables step reads them).
    #[serde(default)]
    pub variables: Variables,
}

/// A client's variables, name and value, in the host's order (a JS object's key order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for Variables {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Variables;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Variables, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
                while let Some(pair) = map.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                Ok(Variables(pairs))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// A client, borrowed: what the index reads of it.
#[derive(Debug, Clone, Copy)]
pub struct ClientRef<'a> {
    pub id: &'a str,
    pub channel: &'a str,
    pub phone: Option<&'a str>,
    pub variables: VariablesRef<'a>,
}

/// A client's variables, borrowed, in the host's order.
#[derive(Debug, Clone, Copy)]
pub enum VariablesRef<'a> {
    Pairs(&'a [(&'a str, &'a str)]),
    Owned(&'a [(String, String)]),
}

impl<'a> VariablesRef<'a> {
    /// Name and value of each variable, in order.
    pub fn iter(self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let pairs = match self {
            VariablesRef::Pairs(p) => p,
            VariablesRef::Owned(_) => &[],
        };
        let owned = match self {
            VariablesRef::Owned(o) => o,
            VariablesRef::Pairs(_) => &[],
        };
        pairs.iter().copied().chain(owned.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }
}
