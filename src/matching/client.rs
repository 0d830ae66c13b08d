//! Clients as the host describes them: to the index, and in its answers to the matcher.

/// A client of the project, as the host gives it to the [`ClientIndex`](super::ClientIndex).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Client {
    /// The client's id in the host's storage.
    pub id: String,
    /// The client's channel: `"telephony"`, `"whatsapp"`, `"telegram"`…
    pub channel: String,
    /// The client's phone, as stored; read only for Telephony clients.
    pub phone: Option<String>,
    /// The client's variables, in the host's order.
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// The client's id in the host's storage.
    pub id: String,
    /// The client's channel; when given for a Telephony step, it must be Telephony.
    pub channel: Option<String>,
    /// The client's phone (the Telephony step reads it).
    pub phone: Option<String>,
    /// The client's variables, in the host's order (the variables step reads them).
    pub variables: Variables,
}

/// A client's variables, name and value, in the host's order (a JS object's key order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables(pub Vec<(String, String)>);

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
