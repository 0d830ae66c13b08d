//! What the host keeps between one call's events for the CRMs: the module holds no state.
//!
//! Bitrix24 names a call by the `CALL_ID` its `telephony.externalcall.register` answers
//! with, and `telephony.externalcall.finish` needs it. The host reads the answer with
//! [`CrmState::from_register_answer`], keeps the state beside the call (by its call id) and
//! passes it back with the call's later events.

use super::error::{CrmError, Source};
use super::object::Object;
use crate::json::Json;
use crate::json_writer::{JsonWriter, WriteJson};
use crate::phone::Quoted;

/// The longest Bitrix24 `CALL_ID`, in bytes.
pub const MAX_CALL_ID_BYTES: usize = 256;

/// The largest register answer read, in bytes.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// The host's memory of one call, for the CRMs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct CrmState {
    /// The `CALL_ID` Bitrix24 gave the call at `telephony.externalcall.register`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub bitrix_call_id: Option<String>,
    /// The CRM entity Bitrix24 bound the call to: where the conversation text is commented.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub bitrix_entity: Option<BitrixEntity>,
}

/// An entity of Bitrix24's CRM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BitrixEntity {
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub kind: BitrixEntityKind,
    pub id: u64,
}

/// The kinds of entity a timeline comment can go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum BitrixEntityKind {
    Lead,
    Contact,
    Company,
    Deal,
}

/// `{"bitrixCallId"?, "bitrixEntity"?}`: `{}` for a state that holds nothing.
impl WriteJson for CrmState {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.optional_str("bitrixCallId", self.bitrix_call_id.as_deref());
        w.optional("bitrixEntity", self.bitrix_entity.as_ref());
        w.end_object();
    }
}

/// `{"type", "id"}`.
impl WriteJson for BitrixEntity {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.field("type", &self.kind);
        w.field("id", &self.id);
        w.end_object();
    }
}

/// `"lead"`, `"contact"`, `"company"`, `"deal"`.
impl WriteJson for BitrixEntityKind {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.as_str());
    }
}

impl BitrixEntityKind {
    /// As `crm.timeline.comment.add` spells it: `lead`, `contact`, `company`, `deal`.
    pub fn as_str(self) -> &'static str {
        match self {
            BitrixEntityKind::Lead => "lead",
            BitrixEntityKind::Contact => "contact",
            BitrixEntityKind::Company => "company",
            BitrixEntityKind::Deal => "deal",
        }
    }

    /// Reads a kind in any case (`LEAD` as the register answer spells it, `lead`).
    pub fn parse(text: &str) -> Option<BitrixEntityKind> {
        [BitrixEntityKind::Lead, BitrixEntityKind::Contact, BitrixEntityKind::Company, BitrixEntityKind::Deal]
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text))
    }
}

impl CrmState {
    /// Reads the state as the host kept it, from JSON text (at most
    /// [`MAX_ANSWER_BYTES`]): `{ bitrixCallId?: string, bitrixEntity?: { type, id } }`.
    pub fn from_json(text: &str) -> Result<CrmState, CrmError> {
        if text.len() > MAX_ANSWER_BYTES {
            return Err(Source::State.error(
                "state",
                "too_large",
                &format!("{} bytes, over the limit of {MAX_ANSWER_BYTES}", text.len()),
            ));
        }
        let root = Object::parse(text, "state".to_string(), Source::State)?;
        root.only(&["bitrixCallId", "bitrixEntity"])?;
        let bitrix_call_id = match root.get("bitrixCallId") {
            None => None,
            Some(_) => Some(call_id(&root, "bitrixCallId")?),
        };
        let bitrix_entity = match root.object("bitrixEntity")? {
            None => None,
            Some(entity) => {
                entity.only(&["type", "id"])?;
                let text = entity.required("type", entity.string("type", 64)?)?;
                let kind = BitrixEntityKind::parse(text).ok_or_else(|| {
                    entity.error(
                        "type",
                        "invalid_entity_type",
                        &format!("{}: expected \"lead\", \"contact\", \"company\" or \"deal\"", Quoted::new(text)),
                    )
                })?;
                let id = entity.required("id", entity.id("id", false)?)?;
                Some(BitrixEntity { kind, id })
            }
        };
        Ok(CrmState { bitrix_call_id, bitrix_entity })
    }

    /// The state from the body of Bitrix24's answer to `telephony.externalcall.register`:
    /// `result.CALL_ID`, and the entity the call was bound to (`result.CRM_ENTITY_TYPE` and
    /// `CRM_ENTITY_ID`, or else the lead it created, `CRM_CREATED_LEAD`), if any. An answer
    /// with an `error` is refused with reason `bitrix_error` and Bitrix24's description.
    pub fn from_register_answer(body: &str) -> Result<CrmState, CrmError> {
        const FIELD: &str = "answer";
        if body.len() > MAX_ANSWER_BYTES {
            return Err(Source::Answer.error(
                FIELD,
                "too_large",
                &format!("{} bytes, over the limit of {MAX_ANSWER_BYTES}", body.len()),
            ));
        }
        let root = Object::parse(body, FIELD.to_string(), Source::Answer)?;
        if let Some(error) = root.get("error") {
            let text = |v: Option<&Json<'_>>| match v {
                Some(Json::Str(s)) => Quoted::new(s).to_string(),
                Some(other) => other.kind().to_string(),
                None => String::new(),
            };
            let (code, description) = (text(Some(error)), text(root.get("error_description")));
            return Err(root.error("error", "bitrix_error", &format!("Bitrix24 refused: {code} {description}")));
        }
        let result = root.required("result", root.object("result")?)?;
        let bitrix_call_id = Some(call_id(&result, "CALL_ID")?);
        let entity_type = match result.get("CRM_ENTITY_TYPE") {
            Some(Json::Str(s)) => Some(s.as_ref()),
            _ => None,
        };
        let found = match (entity_type, result.id("CRM_ENTITY_ID", true)) {
            (Some(kind), Ok(Some(id))) => BitrixEntityKind::parse(kind).map(|kind| BitrixEntity { kind, id }),
            _ => None,
        };
        let created = match result.id("CRM_CREATED_LEAD", true) {
            Ok(Some(id)) => Some(BitrixEntity { kind: BitrixEntityKind::Lead, id }),
            _ => None,
        };
        Ok(CrmState { bitrix_call_id, bitrix_entity: found.or(created) })
    }
}

/// A `CALL_ID`: a string (or a number, which some versions answer with) of letters, digits,
/// `.`, `_` and `-`, at most [`MAX_CALL_ID_BYTES`].
fn call_id(object: &Object<'_>, key: &str) -> Result<String, CrmError> {
    let text = object.required(key, object.text_or_number(key)?)?;
    if text.is_empty() || text.len() > MAX_CALL_ID_BYTES {
        return Err(object.error(key, "invalid_call_id", &format!("expected 1 to {MAX_CALL_ID_BYTES} characters")));
    }
    if !text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')) {
        return Err(object.error(
            key,
            "invalid_call_id",
            &format!("{}: expected letters, digits, '.', '_' and '-'", Quoted::new(text)),
        ));
    }
    Ok(text.to_string())
}
