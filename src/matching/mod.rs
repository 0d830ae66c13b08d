//! Matching a call to a client (SPEC §5, the seed's "Как происходит сопоставление
//! клиента").
//!
//! For the call's canonical phone: a client of the Telephony channel with that phone;
//! else the first client, in the project's order, any of whose variables holds the phone
//! (as [`find_phones`](crate::phone::find_phones) reads free text); else a new client, in
//! the phone-reachable messenger the project has connected (WhatsApp first, or the host's
//! own priority list), or, with none, a Telephony client that can only be called.
//!
//! Two ways to run it, with the same answers: the step-by-step [`ClientMatcher`] for a
//! host that queries a database, and the in-memory [`ClientIndex`] for a host that holds
//! the clients; [`match_client`] turns an index lookup into the decision.

mod client;
mod decision;
mod entries;
mod error;
mod holders;
mod index;
mod matcher;
mod names;
mod pages;
mod project;
mod read;
mod rules;
mod slots;
mod table;

pub use client::{Client, ClientRef, Row, Variables, VariablesRef};
pub use decision::{create_decision, match_client, ClientMatch, MatchDecision, NewClient, Via};
pub use error::MatchingError;
pub use index::{
    ClientIndex, IndexHit, IndexStats, MAX_CHANNEL_BYTES, MAX_CLIENT_SLOTS, MAX_ID_BYTES, MAX_PHONES_PER_CLIENT,
    MAX_VARIABLE_NAMES, MAX_VARIABLE_NAME_BYTES,
};
pub use matcher::{decide, ClientMatcher, MatchStep, VariableSearch, MAX_ROWS};
pub use project::{Project, DEFAULT_PRIORITY, MAX_MESSENGERS, MAX_MESSENGER_BYTES};
pub use rules::{is_telephony, TELEPHONY};
pub use slots::ClientId;
