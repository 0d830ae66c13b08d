//! Matching for JS: `class ClientMatcher`, `class ClientIndex`, `matchClient`.
//!
//! `ClientIndex` also has lanes that the package entry (`js/index.js`) drives, because a
//! host adds clients by the million and looks phones up one by one:
//! - adding: the entry writes the clients into a chunk buffer of the module's memory, with
//!   only the variables that may hold a phone (at least [`MIN_DIGITS`] characters that may
//!   be digits), each string ended by a NUL byte: `id, channel, phone, (name, value)*, ""`
//!   per client. The module reads each chunk ([`ClientIndexJs::add_chunk`]) into a batch
//!   that it commits at the end;
//! - lookup: the entry writes the phone into a scratch buffer, and the answer comes back as
//!   a number and three words of memory, with no string decoded unless the id is not a
//!   number.
//!
//! Whatever a lane cannot carry goes through the exports proper, which give the precise
//! errors.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::{
    array_items, array_length, invalid_argument, is_array, js_error, json_text, lane_buffer, packed_error, string_arg,
    to_js, type_name,
};
use crate::json_writer::{JsonWriter, WriteJson};
use crate::matching::{
    self, Client, ClientId, ClientIndex, ClientMatcher, ClientRef, MatchDecision, MatchStep, Project, Row,
    VariablesRef, MAX_ROWS,
};
use crate::phone::{Phone, FIRST_NON_ASCII_DIGIT, MAX_INPUT_BYTES, MAX_TEXT_BYTES, MIN_DIGITS};

/// Room for any phone of up to [`MAX_INPUT_BYTES`] UTF-16 code units as UTF-8, and for any
/// error message about it.
const SCRATCH_BYTES: usize = MAX_INPUT_BYTES * 3;

/// The lookup lane's buffers: the phone goes in `scratch`, the answer comes in `result`.
struct LookupLane {
    scratch: [u8; SCRATCH_BYTES],
    /// The variable number (0: Telephony), then a text id's address and length.
    result: [u32; 4],
}

thread_local! {
    static LOOKUP: RefCell<Box<LookupLane>> =
        RefCell::new(Box::new(LookupLane { scratch: [0; SCRATCH_BYTES], result: [0; 4] }));
    /// The adding lane's chunk buffer.
    static CHUNK: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

#[wasm_bindgen(typescript_custom_section)]
const TS_MATCHING: &'static str = r#"
/** A client of the project, as the host gives it to a ClientIndex. */
export interface IndexClient {
  /** The client's id in the host's storage; decimal-number ids are held most compactly. */
  id: string;
  /** The client's channel: "telephony", "whatsapp", "telegram"… */
  channel: string;
  /** The client's phone, in any spelling; read for Telephony clients only. */
  phone?: string | null;
  /** The client's variables, in the host's order. */
  variables: Record<string, string>;
}

/** The client a phone leads to. */
export type IndexMatch =
  | { clientId: string; via: "telephony" }
  | { clientId: string; via: "variable"; variable: string };

/** The project as matching sees it. */
export interface MatchProject {
  /** The messenger channels connected to the project ("whatsapp", "telegram"…). */
  messengers: string[];
  /** The messengers that reach a person by phone, most wanted first; default ["whatsapp"]. */
  priority?: string[];
}

/** What to do with a call: the client it belongs to, or the client to create. */
export type MatchDecision =
  | { kind: "existing"; clientId: string; via: "telephony" }
  | { kind: "existing"; clientId: string; via: "variable"; variable: string }
  | { kind: "create"; channel: string; phone: string; canMessage: boolean };

/**
 * What a host can put in a database query to narrow the variables step; each is a
 * necessary condition for a value holding the phone (in ASCII digits).
 */
export interface VariableSearch {
  /** The 10 national digits: found in a row in a value with its non-digits taken out. */
  national: string;
  /** The last 7 digits, for an index kept on them. */
  last7: string;
  /** A SQL LIKE pattern: "%9%1%2%3%4%5%6%7%8%9%". */
  like: string;
  /** A regular expression (POSIX ERE, JS, PCRE): "9[^0-9]*1[^0-9]*2…". */
  regex: string;
}

/** The query a host runs next for a ClientMatcher, or the decision. */
export type MatchStep =
  | { op: "findTelephonyClient"; channel: "telephony"; phone: string }
  | { op: "findClientsByVariables"; phone: string; page: number; search: VariableSearch }
  | { op: "done"; decision: MatchDecision };

/** A row of the host's answer to a step: a client, with what the step needs of it. */
export interface MatchRow {
  id: string;
  /** If given in a Telephony step, it must be "telephony". */
  channel?: string | null;
  /** The Telephony step reads it. */
  phone?: string | null;
  /** The variables step reads them, in order. */
  variables?: Record<string, string>;
}
"#;

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
struct IndexMatchJs<'a> {
    client_id: String,
    via: &'static str,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    variable: Option<&'a str>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
struct StatsJs {
    clients: usize,
    phones: usize,
    distinct_phones: usize,
    shared_holders: usize,
    variable_names: usize,
    slots: usize,
    bytes: usize,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
struct SearchJs<'a> {
    national: &'a str,
    last7: &'a str,
    like: &'a str,
    regex: &'a str,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "op", rename_all = "camelCase"))]
enum StepJs<'a> {
    FindTelephonyClient { channel: &'static str, phone: String },
    FindClientsByVariables { phone: String, page: u32, search: SearchJs<'a> },
    Done { decision: &'a MatchDecision },
}

/// `{"clientId", "via", "variable"?}`.
impl WriteJson for IndexMatchJs<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field_str("clientId", &self.client_id);
        w.field_str("via", self.via);
        w.optional_str("variable", self.variable);
        w.end_object();
    }
}

/// `{"clients", "phones", "distinctPhones", "sharedHolders", "variableNames", "slots",
/// "bytes"}`.
impl WriteJson for StatsJs {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field("clients", &self.clients);
        w.field("phones", &self.phones);
        w.field("distinctPhones", &self.distinct_phones);
        w.field("sharedHolders", &self.shared_holders);
        w.field("variableNames", &self.variable_names);
        w.field("slots", &self.slots);
        w.field("bytes", &self.bytes);
        w.end_object();
    }
}

/// `{"op": "findTelephonyClient", "channel", "phone"}`, `{"op": "findClientsByVariables",
/// "phone", "page", "search": {"national", "last7", "like", "regex"}}` or `{"op": "done",
/// "decision"}`.
impl WriteJson for StepJs<'_> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        match self {
            StepJs::FindTelephonyClient { channel, phone } => {
                w.field_str("op", "findTelephonyClient");
                w.field_str("channel", channel);
                w.field_str("phone", phone);
            }
            StepJs::FindClientsByVariables { phone, page, search } => {
                w.field_str("op", "findClientsByVariables");
                w.field_str("phone", phone);
                w.field("page", page);
                w.key("search");
                w.begin_object();
                w.field_str("national", search.national);
                w.field_str("last7", search.last7);
                w.field_str("like", search.like);
                w.field_str("regex", search.regex);
                w.end_object();
            }
            StepJs::Done { decision } => {
                w.field_str("op", "done");
                w.field("decision", *decision);
            }
        }
        w.end_object();
    }
}

fn step_js(step: MatchStep<'_>) -> JsValue {
    let step = match step {
        MatchStep::FindTelephonyClient { phone } => {
            StepJs::FindTelephonyClient { channel: matching::TELEPHONY, phone: phone.to_string() }
        }
        MatchStep::FindClientsByVariables { phone, page, search } => StepJs::FindClientsByVariables {
            phone: phone.to_string(),
            page,
            search: SearchJs {
                national: &search.national,
                last7: &search.last7,
                like: &search.like,
                regex: &search.regex,
            },
        },
        MatchStep::Done(decision) => StepJs::Done { decision },
    };
    to_js(&step)
}

/// A call being matched to a client, one query at a time: `next()` names the query the
/// host runs, `answer(rows)` takes its rows (checked with the module's own phone rules,
/// the first in the host's order wins) and gives the next step, until
/// `{ op: "done", decision }`.
#[wasm_bindgen(js_name = ClientMatcher)]
pub struct ClientMatcherJs {
    inner: ClientMatcher,
}

#[wasm_bindgen(js_class = ClientMatcher)]
impl ClientMatcherJs {
    /// A matcher for a call from `phone` (any accepted spelling) in `project`. Throws
    /// `invalid_phone`, `invalid_project` or `invalid_argument`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] phone: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MatchProject")] project: JsValue,
    ) -> Result<ClientMatcherJs, JsValue> {
        let phone = string_arg(&phone, "phone")?;
        let project = Project::from_json(&json_text(&project, "project")?, "project").map_err(js_error)?;
        Ok(ClientMatcherJs { inner: ClientMatcher::new(&phone, project).map_err(js_error)? })
    }

    /// The query to run now (the same again until it is answered), or the decision.
    #[wasm_bindgen(js_name = next, unchecked_return_type = "MatchStep")]
    pub fn next_step(&mut self) -> JsValue {
        step_js(self.inner.next_step())
    }

    /// The host's rows for the step `next()` gave, in the host's order; `more` says more
    /// rows follow in another answer. Gives the next step. Throws
    /// `matcher_out_of_order` when no step is waiting for an answer, `invalid_answer` for
    /// more than 10 000 rows.
    #[wasm_bindgen(unchecked_return_type = "MatchStep")]
    pub fn answer(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "MatchRow[]")] rows: JsValue,
        more: Option<bool>,
    ) -> Result<JsValue, JsValue> {
        if !is_array(&rows) {
            return Err(invalid_argument("rows", format!("expected an array of rows, got {}", type_name(&rows))));
        }
        let count = array_length(&rows, "rows")?;
        if count > MAX_ROWS {
            return Err(js_error(matching::MatchingError::InvalidAnswer {
                field: "rows".into(),
                reason: "too_many_rows",
                problem: format!("{count} rows, over the limit of {MAX_ROWS}: answer in pages"),
            }));
        }
        let rows = Row::list_from_json(&json_text(&rows, "rows")?, "rows").map_err(js_error)?;
        self.inner.answer(&rows, more.unwrap_or(false)).map(step_js).map_err(js_error)
    }
}

/// An in-memory index of a project's clients by the phones they hold. Its answers are
/// those of the seed's scan, also after updates and removals.
#[wasm_bindgen(js_name = ClientIndex)]
pub struct ClientIndexJs {
    inner: ClientIndex,
}

impl Default for ClientIndexJs {
    fn default() -> Self {
        ClientIndexJs::new()
    }
}

#[wasm_bindgen(js_class = ClientIndex)]
impl ClientIndexJs {
    #[wasm_bindgen(constructor)]
    pub fn new() -> ClientIndexJs {
        ClientIndexJs { inner: ClientIndex::with_seed(super::random_u64()) }
    }

    /// Adds clients after those already in, in the project's order; all or none. Throws
    /// `invalid_client` (a duplicate id, an empty id…) or `invalid_argument`.
    #[wasm_bindgen(js_name = addClients)]
    pub fn add_clients(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "IndexClient[]")] clients: JsValue,
    ) -> Result<(), JsValue> {
        if !is_array(&clients) {
            return Err(invalid_argument(
                "clients",
                format!("expected an array of clients, got {}", type_name(&clients)),
            ));
        }
        // Every item read before the batch opens: reading one can throw.
        let list = array_items(&clients, "clients", u32::MAX as usize)?;
        self.inner.begin_batch();
        for (i, item) in list.iter().enumerate() {
            let field = format!("clients[{i}]");
            let inner = &mut self.inner;
            let staged = json_text(item, &field)
                .and_then(|t| Client::with_json(&t, &field, |client| inner.stage(client)).map_err(js_error));
            match staged {
                Ok(staged) => staged.map_err(js_error)?,
                Err(e) => {
                    self.inner.abort_batch();
                    return Err(e);
                }
            }
        }
        self.inner.commit_batch();
        Ok(())
    }

    /// Adds a client at the end of the project's order, or replaces the client with its id
    /// where it stands. True if the client is new.
    #[wasm_bindgen(js_name = upsertClient)]
    pub fn upsert_client(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "IndexClient")] client: JsValue,
    ) -> Result<bool, JsValue> {
        let text = json_text(&client, "client")?;
        let inner = &mut self.inner;
        Client::with_json(&text, "client", |client| inner.upsert_client(client)).map_err(js_error)?.map_err(js_error)
    }

    /// Removes the client with this id. False if there is none.
    #[wasm_bindgen(js_name = removeClient)]
    pub fn remove_client(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<bool, JsValue> {
        let id = string_arg(&id, "id")?;
        Ok(self.inner.remove_client(&id))
    }

    /// The client a call from `phone` belongs to, or undefined. Throws `invalid_phone`.
    #[wasm_bindgen(unchecked_return_type = "IndexMatch | undefined")]
    pub fn lookup(&self, #[wasm_bindgen(unchecked_param_type = "string")] phone: JsValue) -> Result<JsValue, JsValue> {
        let phone = string_arg(&phone, "phone")?;
        let phone = Phone::parse(&phone).map_err(js_error)?;
        Ok(match self.inner.lookup(phone) {
            Some(hit) => to_js(&IndexMatchJs {
                client_id: hit.client_id.to_string(),
                via: if hit.variable.is_some() { "variable" } else { "telephony" },
                variable: hit.variable,
            }),
            None => JsValue::UNDEFINED,
        })
    }

    /// The number of clients.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// Lane: starts a batch of chunks.
    #[wasm_bindgen(js_name = __addBegin, skip_typescript)]
    pub fn add_begin(&mut self) {
        self.inner.begin_batch();
    }

    /// Lane: reads `count` clients, `fields` strings each ended by NUL, from the first
    /// `len` bytes of the chunk buffer into the batch. False, the batch dropped, when the
    /// chunk is not so: the entry then asks `addClients`. On a client the index refuses,
    /// the batch is dropped and the error thrown.
    #[wasm_bindgen(js_name = __addChunk, skip_typescript)]
    pub fn add_chunk(&mut self, len: u32, count: u32, fields: u32) -> Result<bool, JsValue> {
        let inner = &mut self.inner;
        let result = CHUNK.with(|buf| {
            let buf = buf.borrow();
            let bytes = buf.get(..len as usize).ok_or(ChunkError::Lane)?;
            read_chunk(inner, bytes, count, fields as usize)
        });
        match result {
            Ok(()) => Ok(true),
            Err(e) => {
                self.inner.abort_batch();
                match e {
                    ChunkError::Client(e) => Err(js_error(e)),
                    ChunkError::Lane => Ok(false),
                }
            }
        }
    }

    /// Lane: the batch's clients join the index.
    #[wasm_bindgen(js_name = __addCommit, skip_typescript)]
    pub fn add_commit(&mut self) {
        self.inner.commit_batch();
    }

    /// Lane: the batch's clients are forgotten.
    #[wasm_bindgen(js_name = __addAbort, skip_typescript)]
    pub fn add_abort(&mut self) {
        self.inner.abort_batch();
    }

    /// Lane: looks up the phone in the first `len` bytes of the scratch buffer. Gives a
    /// number id (≥ 0), with the variable number in the first result word (0: Telephony);
    /// −1 for no client; −2 for a text id, its address and length in result words 1 and 2;
    /// −3 − n for a phone that is not one, with its packed error (n bytes) at the start of
    /// the scratch buffer; NaN when the error does not fit there.
    #[wasm_bindgen(js_name = __lookup, skip_typescript)]
    pub fn lookup_lane(&self, len: u32) -> f64 {
        LOOKUP.with(|lane| {
            let mut lane = lane.borrow_mut();
            let Some(text) = lane.scratch.get(..len as usize).and_then(|b| std::str::from_utf8(b).ok()) else {
                return f64::NAN;
            };
            let phone = match Phone::parse(text) {
                Ok(phone) => phone,
                Err(e) => {
                    let packed = packed_error(&e.into());
                    return match lane.scratch.get_mut(..packed.len()) {
                        Some(out) => {
                            out.copy_from_slice(packed.as_bytes());
                            -3.0 - packed.len() as f64
                        }
                        None => f64::NAN,
                    };
                }
            };
            let Some((id, var)) = self.inner.lookup_raw(phone) else { return -1.0 };
            match id {
                ClientId::Number(n) => {
                    lane.result = [u32::from(var), 0, 0, 0];
                    n as f64
                }
                ClientId::Text(s) => {
                    lane.result = [u32::from(var), s.as_ptr() as usize as u32, s.len() as u32, 0];
                    -2.0
                }
            }
        })
    }

    /// Lane: the name of variable number `var` (as `__lookup` gives it).
    #[wasm_bindgen(js_name = __variableName, skip_typescript)]
    pub fn variable_name(&self, var: u32) -> Option<String> {
        self.inner.variable_name(u16::try_from(var).ok()?).map(str::to_string)
    }

    /// Figures about the index: clients, phones, distinct phones, shared holders, variable
    /// names, slots, and the bytes it holds by its own accounting.
    #[wasm_bindgen(js_name = __stats, skip_typescript)]
    pub fn stats(&self) -> JsValue {
        let s = self.inner.stats();
        to_js(&StatsJs {
            clients: s.clients,
            phones: s.phones,
            distinct_phones: s.distinct_phones,
            shared_holders: s.shared_holders,
            variable_names: s.variable_names,
            slots: s.slots,
            bytes: s.bytes,
        })
    }
}

/// Why a chunk could not be read: a client the index refuses, or a chunk not as the lane
/// writes them.
enum ChunkError {
    Client(matching::MatchingError),
    Lane,
}

fn read_chunk(index: &mut ClientIndex, bytes: &[u8], count: u32, fields: usize) -> Result<(), ChunkError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ChunkError::Lane)?;
    // Every string ends with a NUL, so splitting leaves one empty piece at the end.
    let mut pieces = text.split('\0').enumerate();
    let mut next = || pieces.next().filter(|(i, _)| *i < fields).map(|(_, piece)| piece).ok_or(ChunkError::Lane);
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for _ in 0..count {
        let id = next()?;
        let channel = next()?;
        let phone = Some(next()?).filter(|p| !p.is_empty());
        pairs.clear();
        loop {
            let name = next()?;
            if name.is_empty() {
                break;
            }
            pairs.push((name, next()?));
        }
        let client = ClientRef { id, channel, phone, variables: VariablesRef::Pairs(&pairs) };
        index.stage(client).map_err(ChunkError::Client)?;
    }
    // All `fields` read, and nothing after them but the end.
    match (pieces.next(), pieces.next()) {
        (Some((i, "")), None) if i == fields => Ok(()),
        _ => Err(ChunkError::Lane),
    }
}

/// Lane: the addresses and figures the package entry needs: the lookup scratch buffer and
/// its size, the lookup result words, the fewest digits a phone has, the first code point
/// that is a digit outside ASCII, the longest text a variable may hold.
#[wasm_bindgen(js_name = __matchingLane, skip_typescript)]
pub fn matching_lane() -> Vec<u32> {
    LOOKUP.with(|lane| {
        let mut lane = lane.borrow_mut();
        vec![
            lane.scratch.as_mut_ptr() as usize as u32,
            SCRATCH_BYTES as u32,
            lane.result.as_mut_ptr() as usize as u32,
            MIN_DIGITS as u32,
            FIRST_NON_ASCII_DIGIT,
            MAX_TEXT_BYTES as u32,
        ]
    })
}

/// Lane: a chunk buffer of at least `size` bytes; its address.
#[wasm_bindgen(js_name = __matchingChunk, skip_typescript)]
pub fn matching_chunk(size: u32) -> u32 {
    CHUNK.with(|b| lane_buffer(b, size))
}

/// The decision for a call from `phone` with the project's clients in `index`: the client
/// it belongs to, or the client to create. Throws `invalid_phone`, `invalid_project`.
#[wasm_bindgen(js_name = matchClient, unchecked_return_type = "MatchDecision")]
pub fn match_client(
    #[wasm_bindgen(unchecked_param_type = "string")] phone: JsValue,
    index: &ClientIndexJs,
    #[wasm_bindgen(unchecked_param_type = "MatchProject")] project: JsValue,
) -> Result<JsValue, JsValue> {
    let phone = string_arg(&phone, "phone")?;
    let phone = Phone::parse(&phone).map_err(js_error)?;
    let project = Project::from_json(&json_text(&project, "project")?, "project").map_err(js_error)?;
    let decision = matching::match_client(phone, &index.inner, &project).map_err(js_error)?;
    Ok(to_js(&decision))
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;
    use crate::json_writer::assert_same;
    use crate::matching::{ClientMatch, NewClient, Via};

    #[test]
    fn steps_and_figures_are_what_serde_writes() {
        let search = SearchJs { national: "9123456789", last7: "3456789", like: "%9%1%", regex: "9\\D*1" };
        assert_same(&StepJs::FindClientsByVariables { phone: "79123456789".into(), page: u32::MAX, search });
        assert_same(&StepJs::FindTelephonyClient { channel: matching::TELEPHONY, phone: "79123456789".into() });
        let decisions = [
            MatchDecision::Existing(ClientMatch { client_id: "c1".into(), via: Via::Telephony }),
            MatchDecision::Existing(ClientMatch { client_id: "c\"2".into(), via: Via::Variable("тел".into()) }),
            MatchDecision::Create(NewClient {
                channel: "whatsapp".into(),
                phone: Phone::parse("89123456789").unwrap(),
                can_message: true,
            }),
        ];
        for decision in &decisions {
            assert_same(&StepJs::Done { decision });
        }
        assert_same(&IndexMatchJs { client_id: "c".into(), via: "telephony", variable: None });
        assert_same(&IndexMatchJs { client_id: "c".into(), via: "variable", variable: Some("phone2") });
        assert_same(&StatsJs {
            clients: 1,
            phones: 2,
            distinct_phones: 3,
            shared_holders: 4,
            variable_names: 5,
            slots: 6,
            bytes: usize::MAX,
        });
    }
}
