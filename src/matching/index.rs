//! The in-memory index of a project's clients, for hosts that hold a snapshot of them (the
//! front-end, an edge worker with a cache). Its answers are exactly those of the seed's
//! scan (a Telephony client with the phone; else the first client, in the project's
//! order, any of whose variables holds it), in O(1), also after updates and removals.
//!
//! Layout (about 12 bytes per client and 16.5 per phone a client holds):
//! - per client, in the project's order (its *slot*): the id (8 bytes) and where its
//!   phones start (4 bytes), side by side ([`Slots`]);
//! - per phone a client holds: one word in [`Entries`] (the phone and the variable), for
//!   updates and removals;
//! - per phone: one word in the [`PhoneTable`] naming the first client that holds it (by
//!   its numeric id when it can, else its slot) and the variable, so that a lookup mostly
//!   reads that one word; for a phone several clients hold, its [`Holders`] say which
//!   comes first, and which next when it goes.
//!
//! Adding clients appends slots; an update keeps the client's slot (its place in the
//! project's order) and touches only the phones that changed; a removal touches only the
//! client's own phones (and, for a phone others hold too, its holders: O(log k) amortised
//! for a phone k clients hold).
//! None of them passes over the table: a segment of the phone table that fills up is
//! rehashed alone, a 256th of the table, amortised O(1) a phone.

use std::fmt;

use super::client::ClientRef;
use super::decision::{ClientMatch, Via};
use super::entries::{self, Entries, NONE};
use super::error::MatchingError;
use super::holders::Holders;
use super::names::Names;
use super::rules::{own_phone, phones_in};
use super::slots::{ClientId, Slots, SlotsMark};
use super::table::{var_in_word, At, Entry, Holder, PhoneTable, HOLDER_LIMIT, VAR_ELSEWHERE};
use crate::phone::{Phone, Quoted};
use crate::sort::sort;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

/// The longest client id, in UTF-8 bytes.
pub const MAX_ID_BYTES: usize = 256;
/// The longest channel name, in UTF-8 bytes.
pub const MAX_CHANNEL_BYTES: usize = 64;
/// The longest name of a variable that holds a phone, in UTF-8 bytes.
pub const MAX_VARIABLE_NAME_BYTES: usize = 256;
/// The most distinct phones one client may hold (its own and in all its variables).
pub const MAX_PHONES_PER_CLIENT: usize = 4096;
/// The most distinct names of variables holding phones, in one index.
pub const MAX_VARIABLE_NAMES: usize = 65_535;
/// The most clients one index takes over its life: a removed client's slot is not reused.
pub const MAX_CLIENT_SLOTS: usize = (1 << SLOT_BITS) - 1;

const SLOT_BITS: u32 = 29;
/// Bits of a position in [`ClientIndex::fill_block`]'s keys.
const POSITION_BITS: u32 = 30;
const POSITION_MASK: u64 = (1 << POSITION_BITS) - 1;

/// The client a phone leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexHit<'a> {
    pub client_id: ClientId<'a>,
    /// The variable that holds the phone; `None` when the client is a Telephony client
    /// with this phone.
    pub variable: Option<&'a str>,
}

impl IndexHit<'_> {
    pub fn to_match(&self) -> ClientMatch {
        ClientMatch {
            client_id: self.client_id.to_string(),
            via: match self.variable {
                None => Via::Telephony,
                Some(name) => Via::Variable(name.to_string()),
            },
        }
    }
}

/// Figures about an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndexStats {
    /// Clients in the index.
    pub clients: usize,
    /// Phones indexed: each phone each client holds, once.
    pub phones: usize,
    /// Distinct phones.
    pub distinct_phones: usize,
    /// Holders of phones that several clients hold.
    pub shared_holders: usize,
    /// Distinct names of variables that hold phones.
    pub variable_names: usize,
    /// Slots used, removed clients' included.
    pub slots: usize,
    /// The memory the index holds, in bytes (its own accounting).
    pub bytes: usize,
}

/// Where a client came from, for error messages.
#[derive(Debug, Clone, Copy)]
enum Place {
    Batch(usize),
    Single,
}

impl Place {
    fn field(self, rest: &str) -> String {
        match self {
            Place::Batch(i) => format!("clients[{i}]{rest}"),
            Place::Single => format!("client{rest}"),
        }
    }
}

/// Clients added but not yet in the phone table.
#[derive(Debug, Clone, Copy)]
struct Batch {
    slot: usize,
    ids: SlotsMark,
    entries: usize,
    live: usize,
    staged: usize,
    clients: usize,
}

/// An in-memory index of a project's clients by the phones they hold.
///
/// Its tables scatter phones under a seed that the host's clients cannot know, so that no
/// choice of phones piles them up (see [`ClientIndex::with_seed`]).
pub struct ClientIndex {
    /// Per client, in the project's order: its id and the start of its entries (or [`NONE`]).
    slots: Slots,
    entries: Entries,
    table: PhoneTable,
    /// The holders of each phone several clients hold.
    shared: Holders,
    names: Names,
    /// The first numeric id the index met: the phone table names a client by its id less
    /// this when that fits, and by its slot otherwise.
    base: Option<u64>,
    clients: usize,
    batch: Option<Batch>,
    /// A client's entries while they are worked out.
    block: Vec<u64>,
    /// While they are worked out: the variable number of each position.
    holders: Vec<u16>,
}

impl fmt::Debug for ClientIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientIndex").field("stats", &self.stats()).finish()
    }
}

impl Default for ClientIndex {
    fn default() -> ClientIndex {
        ClientIndex::new()
    }
}

impl ClientIndex {
    /// An empty index, seeded by the standard library's per-process random keys
    /// (`RandomState`). On `wasm32-unknown-unknown` std has no source of randomness and
    /// those keys are fixed: there, seed each index with [`ClientIndex::with_seed`], as
    /// the JS package does.
    pub fn new() -> ClientIndex {
        ClientIndex::with_seed(RandomState::new().hash_one(0u64))
    }

    /// An empty index whose tables scatter phones under `seed`. Phones chosen against a
    /// known seed fall next to each other and make inserts and lookups among them slow
    /// (natively, 20 000 such clients took 0.6 s to add, against 3 ms): take the seed from
    /// a source of randomness. The answers do not depend on it.
    pub fn with_seed(seed: u64) -> ClientIndex {
        ClientIndex {
            slots: Slots::default(),
            entries: Entries::default(),
            table: PhoneTable::with_key(seed),
            shared: Holders::with_seed(crate::hash::mix(seed)),
            names: Names::default(),
            base: None,
            clients: 0,
            batch: None,
            block: Vec::new(),
            holders: Vec::new(),
        }
    }

    /// The number of clients.
    pub fn len(&self) -> usize {
        self.clients
    }

    pub fn is_empty(&self) -> bool {
        self.clients == 0
    }

    pub fn stats(&self) -> IndexStats {
        let staged = self.batch.map_or(0, |b| b.staged);
        IndexStats {
            clients: self.clients,
            phones: self.entries.live().saturating_sub(staged),
            distinct_phones: self.table.len(),
            shared_holders: self.shared.len(),
            variable_names: self.names.len(),
            slots: self.slots.len(),
            bytes: [
                self.slots.bytes(),
                self.entries.bytes(),
                self.table.bytes(),
                self.shared.bytes(),
                self.names.bytes(),
                self.block.capacity().saturating_mul(8),
            ]
            .into_iter()
            .fold(0usize, usize::saturating_add),
        }
    }

    /// Adds clients after those already in, in the project's order. All or none: on an
    /// error, none of them is added.
    pub fn add_clients<'a>(&mut self, clients: impl IntoIterator<Item = ClientRef<'a>>) -> Result<(), MatchingError> {
        self.begin_batch();
        for client in clients {
            self.stage(client)?;
        }
        self.commit_batch();
        Ok(())
    }

    /// Starts adding clients piece by piece: [`Self::stage`] each, then
    /// [`Self::commit_batch`]. Lookups do not see the clients until then. Any other change
    /// to the index, or a new batch, drops a batch left open.
    pub fn begin_batch(&mut self) {
        self.abort_batch();
        self.batch = Some(Batch {
            slot: self.slots.len(),
            ids: self.slots.mark(),
            entries: self.entries.len(),
            live: self.entries.live(),
            staged: 0,
            clients: 0,
        });
    }

    /// Adds one client to the open batch (opening one if needed). On an error the whole
    /// batch is dropped.
    pub fn stage(&mut self, client: ClientRef<'_>) -> Result<(), MatchingError> {
        if self.batch.is_none() {
            self.begin_batch();
        }
        let at = self.batch.map_or(0, |b| b.clients);
        match self.stage_one(client, Place::Batch(at)) {
            Ok(()) => Ok(()),
            Err(e) => {
                self.abort_batch();
                Err(e)
            }
        }
    }

    fn stage_one(&mut self, client: ClientRef<'_>, place: Place) -> Result<(), MatchingError> {
        check_client(client, place)?;
        if self.slots.find(client.id).is_some() {
            return Err(MatchingError::InvalidClient {
                field: place.field(".id"),
                reason: "duplicate_id",
                problem: format!("client {} is already in the index", Quoted::new(client.id)),
            });
        }
        self.fill_block(client, place)?;
        if self.slots.len() >= MAX_CLIENT_SLOTS {
            return Err(full(place, "clients", format!("{MAX_CLIENT_SLOTS} clients added over its life")));
        }
        let start = if self.block.is_empty() {
            NONE
        } else {
            self.entries.put(&self.block, false).ok_or_else(|| full(place, "phones", "4 294 967 294 phones".into()))?
        };
        self.slots.push(client.id, start).ok_or_else(|| full(place, "clients", "no room for the id".into()))?;
        if let (None, ClientId::Number(n)) = (self.base, ClientId::of(client.id)) {
            self.base = Some(n);
        }
        if let Some(batch) = &mut self.batch {
            batch.clients = batch.clients.wrapping_add(1);
            batch.staged = batch.staged.wrapping_add(self.block.len());
        }
        Ok(())
    }

    /// Puts the batch's clients into the phone table: lookups see them from now on.
    pub fn commit_batch(&mut self) {
        let Some(batch) = self.batch.take() else { return };
        let (slots, entries) = (&self.slots, &self.entries);
        self.table.reserve_for(
            (batch.slot..slots.len())
                .flat_map(|slot| entries.block(slots.first(slot).unwrap_or(NONE)))
                .map(entries::phone),
        );
        let mut block = std::mem::take(&mut self.block);
        for slot in batch.slot..self.slots.len() {
            let start = self.slots.first(slot).unwrap_or(NONE);
            if start == NONE {
                continue;
            }
            block.clear();
            block.extend(self.entries.block(start));
            for &word in &block {
                self.attach(word, slot);
            }
        }
        self.block = block;
        self.clients = self.clients.wrapping_add(batch.clients);
    }

    /// Drops the open batch, if any: its clients are forgotten.
    pub fn abort_batch(&mut self) {
        let Some(batch) = self.batch.take() else { return };
        self.slots.rollback(batch.ids);
        self.entries.truncate(batch.entries, batch.live);
    }

    /// Adds a client at the end of the project's order, or replaces the client with its id
    /// where it stands. True if the client is new.
    pub fn upsert_client(&mut self, client: ClientRef<'_>) -> Result<bool, MatchingError> {
        self.abort_batch();
        let Some(slot) = self.slots.find(client.id) else {
            self.begin_batch();
            return match self.stage_one(client, Place::Single) {
                Ok(()) => {
                    self.commit_batch();
                    Ok(true)
                }
                Err(e) => {
                    self.abort_batch();
                    Err(e)
                }
            };
        };
        check_client(client, Place::Single)?;
        self.fill_block(client, Place::Single)?;
        let new = std::mem::take(&mut self.block);
        let start = self.slots.first(slot).unwrap_or(NONE);
        let old: Vec<u64> = self.entries.block(start).collect();
        let new_start = if new.is_empty() {
            NONE
        } else if old.len() == new.len() {
            self.entries.overwrite(start, &new);
            start
        } else {
            match self.entries.put(&new, true) {
                Some(s) => s,
                None => {
                    self.block = new;
                    return Err(full(Place::Single, "phones", "4 294 967 294 phones".into()));
                }
            }
        };
        if new_start != start {
            self.entries.release(start, old.len());
        }
        self.slots.set_first(slot, new_start);
        let (mut i, mut j) = (0, 0);
        loop {
            match (old.get(i).copied(), new.get(j).copied()) {
                (Some(o), Some(n)) if entries::phone(o) == entries::phone(n) => {
                    if o != n {
                        self.revar(o, n, slot);
                    }
                    i = i.wrapping_add(1);
                    j = j.wrapping_add(1);
                }
                (Some(o), Some(n)) if entries::phone(o) < entries::phone(n) => {
                    self.detach(o, slot);
                    i = i.wrapping_add(1);
                }
                (Some(_), Some(n)) | (None, Some(n)) => {
                    self.attach(n, slot);
                    j = j.wrapping_add(1);
                }
                (Some(o), None) => {
                    self.detach(o, slot);
                    i = i.wrapping_add(1);
                }
                (None, None) => break,
            }
        }
        self.block = new;
        Ok(false)
    }

    /// Removes the client with this id. False if there is none.
    pub fn remove_client(&mut self, id: &str) -> bool {
        self.abort_batch();
        let Some(slot) = self.slots.find(id) else { return false };
        let start = self.slots.first(slot).unwrap_or(NONE);
        let mut block = std::mem::take(&mut self.block);
        block.clear();
        block.extend(self.entries.block(start));
        for &word in &block {
            self.detach(word, slot);
        }
        self.entries.release(start, block.len());
        self.block = block;
        self.slots.set_first(slot, NONE);
        self.slots.kill(slot);
        self.clients = self.clients.saturating_sub(1);
        true
    }

    /// Whether a client with this id is in the index.
    pub fn contains(&self, id: &str) -> bool {
        self.slots.find(id).is_some_and(|slot| slot < self.batch.map_or(usize::MAX, |b| b.slot))
    }

    /// The client a call from `phone` belongs to: the first Telephony client (in the
    /// project's order) with this phone; else the first client any of whose variables holds
    /// it, with the first such variable; else `None`.
    pub fn lookup(&self, phone: Phone) -> Option<IndexHit<'_>> {
        let (client_id, var) = self.lookup_raw(phone)?;
        let variable = match var.checked_sub(1) {
            None => None,
            Some(n) => Some(self.names.get(n)?),
        };
        Some(IndexHit { client_id, variable })
    }

    /// The id of the client and the number of the variable (0: Telephony, `n + 1`:
    /// variable name `n`). Mostly from the phone table's word alone.
    #[inline(always)]
    pub(crate) fn lookup_raw(&self, phone: Phone) -> Option<(ClientId<'_>, u16)> {
        let p = phone.national();
        let (_, entry) = self.table.get(p)?;
        if entry.var != VAR_ELSEWHERE {
            let id = match entry.holder {
                Holder::Id(d) => ClientId::Number(self.base?.checked_add(u64::from(d))?),
                Holder::Slot(slot) => self.slots.get(slot as usize)?,
            };
            return Some((id, u16::from(entry.var)));
        }
        let slot = self.slot_of(entry.holder)?;
        Some((self.slots.get(slot)?, self.var_of(slot, p)?))
    }

    /// The name of variable number `var` (as [`Self::lookup_raw`] gives it).
    #[cfg_attr(not(feature = "js"), allow(dead_code))]
    pub(crate) fn variable_name(&self, var: u16) -> Option<&str> {
        self.names.get(var.checked_sub(1)?)
    }

    /// Works out a client's entries into `self.block`: sorted by phone, each phone once,
    /// the first holding wins (its own Telephony phone, then variables in order).
    fn fill_block(&mut self, client: ClientRef<'_>, place: Place) -> Result<(), MatchingError> {
        // First each phone with where it was found: `phone << 30 | position`, position 0
        // for the client's own phone, then one per variable holding phones, in order; what
        // the position stands for is in `self.holders`.
        self.block.clear();
        self.holders.clear();
        if let Some(p) = own_phone(client.channel, client.phone) {
            self.holders.push(0);
            self.block.push(p.national() << POSITION_BITS);
        }
        for (name, value) in client.variables.iter() {
            let field = || place.field(&format!(".variables[{}]", Quoted::new(name)));
            let phones = phones_in(value).map_err(|e| MatchingError::InvalidClient {
                field: field(),
                reason: "too_long",
                problem: e.to_string(),
            })?;
            if phones.is_empty() {
                continue;
            }
            if name.len() > MAX_VARIABLE_NAME_BYTES {
                return Err(MatchingError::InvalidClient {
                    field: field(),
                    reason: "too_long",
                    problem: format!("the name is {} bytes, over the limit of {MAX_VARIABLE_NAME_BYTES}", name.len()),
                });
            }
            let n = self.names.intern(name, MAX_VARIABLE_NAMES).ok_or_else(|| MatchingError::IndexFull {
                field: field(),
                reason: "variable_names",
                problem: format!("{MAX_VARIABLE_NAMES} names of variables holding phones"),
            })?;
            let position = self.holders.len() as u64;
            if position > POSITION_MASK {
                return Err(too_many_phones(place, self.holders.len()));
            }
            self.holders.push(n.saturating_add(1));
            self.block.extend(phones.iter().map(|p| p.national() << POSITION_BITS | position));
        }
        // Sorted, the first position of each phone comes first: keep it.
        sort(&mut self.block);
        self.block.dedup_by_key(|k| *k >> POSITION_BITS);
        if self.block.len() > MAX_PHONES_PER_CLIENT {
            return Err(too_many_phones(place, self.block.len()));
        }
        for key in &mut self.block {
            let var = self.holders.get((*key & POSITION_MASK) as usize).copied().unwrap_or(0);
            *key = entries::pack(*key >> POSITION_BITS, var);
        }
        Ok(())
    }

    /// The variable (0: Telephony, `n + 1`: variable name `n`) in which the client in
    /// `slot` holds phone `p`.
    fn var_of(&self, slot: usize, p: u64) -> Option<u16> {
        let start = self.slots.first(slot)?;
        self.entries.block(start).find(|w| entries::phone(*w) == p).map(entries::var)
    }

    /// How the phone table names the client in `slot`: by its id less the base when it
    /// can, else by its slot.
    fn holder_of(&self, slot: usize) -> Holder {
        if let (Some(ClientId::Number(n)), Some(base)) = (self.slots.get(slot), self.base) {
            if let Some(d) = n.checked_sub(base).filter(|d| *d < HOLDER_LIMIT) {
                return Holder::Id(d as u32);
            }
        }
        Holder::Slot(slot as u32)
    }

    /// The slot of the client a word of the phone table names.
    fn slot_of(&self, holder: Holder) -> Option<usize> {
        match holder {
            Holder::Slot(slot) => Some(slot as usize),
            Holder::Id(d) => self.slots.find_key(ClientId::Number(self.base?.checked_add(u64::from(d))?)),
        }
    }

    /// What the phone table keeps for phone `p` held first by the client in `slot`.
    fn entry_for(&self, slot: usize, p: u64, shared: bool) -> Entry {
        let var = self.var_of(slot, p).map_or(VAR_ELSEWHERE, var_in_word);
        Entry { holder: self.holder_of(slot), var, shared }
    }

    /// Points the phone table's word for shared phone `p` at its first holder.
    fn refresh_shared(&mut self, p: u64, at: At) {
        if let Some(first) = self.shared.first(p) {
            let entry = self.entry_for(first, p, true);
            self.table.set(at, entry);
        }
    }

    /// Records that the client in `slot` holds the entry's phone.
    fn attach(&mut self, word: u64, slot: usize) {
        let p = entries::phone(word);
        match self.table.get(p) {
            None => {
                let entry = Entry { holder: self.holder_of(slot), var: var_in_word(entries::var(word)), shared: false };
                self.table.insert(p, entry);
            }
            Some((at, entry)) => {
                if !entry.shared {
                    let Some(other) = self.slot_of(entry.holder) else { return };
                    if other == slot {
                        return;
                    }
                    // A Telephony client's own phone is the only variable 0.
                    self.shared.add(p, u64::from(entry.var != 0), other);
                }
                self.shared.add(p, entries::kind(word), slot);
                self.refresh_shared(p, at);
            }
        }
    }

    /// Records that the client in `slot` no longer holds the entry's phone.
    fn detach(&mut self, word: u64, slot: usize) {
        let p = entries::phone(word);
        match self.table.get(p) {
            None => {}
            Some((at, entry)) if entry.shared => {
                self.shared.remove(p, entries::kind(word), slot);
                match (self.shared.count(p), self.shared.first(p)) {
                    (1, Some(only)) => {
                        self.shared.clear(p);
                        let entry = self.entry_for(only, p, false);
                        self.table.set(at, entry);
                    }
                    (0, _) => self.table.remove_at(at),
                    _ => self.refresh_shared(p, at),
                }
            }
            Some((at, entry)) if entry.holder == self.holder_of(slot) => self.table.remove_at(at),
            Some(_) => {}
        }
    }

    /// The client in `slot` still holds the phone of entry `old`, now as entry `new`
    /// (another variable, or its own phone now or no longer).
    fn revar(&mut self, old: u64, new: u64, slot: usize) {
        let p = entries::phone(new);
        match self.table.get(p) {
            Some((at, entry)) if entry.shared => {
                if entries::kind(old) != entries::kind(new) {
                    self.shared.remove(p, entries::kind(old), slot);
                    self.shared.add(p, entries::kind(new), slot);
                }
                self.refresh_shared(p, at);
            }
            Some((at, entry)) if entry.holder == self.holder_of(slot) => {
                self.table.set(at, Entry { var: var_in_word(entries::var(new)), ..entry });
            }
            _ => {}
        }
    }
}

fn check_client(client: ClientRef<'_>, place: Place) -> Result<(), MatchingError> {
    let invalid = |field: &str, reason, problem: String| MatchingError::InvalidClient {
        field: place.field(field),
        reason,
        problem,
    };
    if client.id.is_empty() {
        return Err(invalid(".id", "empty_id", "is empty".into()));
    }
    if client.id.len() > MAX_ID_BYTES {
        return Err(invalid(".id", "too_long", format!("{} bytes, over the limit of {MAX_ID_BYTES}", client.id.len())));
    }
    if client.channel.len() > MAX_CHANNEL_BYTES {
        return Err(invalid(
            ".channel",
            "too_long",
            format!("{} bytes, over the limit of {MAX_CHANNEL_BYTES}", client.channel.len()),
        ));
    }
    Ok(())
}

fn too_many_phones(place: Place, count: usize) -> MatchingError {
    MatchingError::InvalidClient {
        field: place.field(""),
        reason: "too_many_phones",
        problem: format!("holds {count} distinct phones, over the limit of {MAX_PHONES_PER_CLIENT}"),
    }
}

fn full(place: Place, reason: &'static str, problem: String) -> MatchingError {
    MatchingError::IndexFull { field: place.field(""), reason, problem }
}
