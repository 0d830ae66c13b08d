//! Phone numbers for JS: `normalizePhone`, `parsePhone`, `normalizePhones`, `findPhones`,
//! `formatPhone`.
//!
//! `normalizePhone` and `normalizePhones` also have fast lanes that the package entry
//! (`js/index.js`) drives: the input is written straight into a scratch buffer of the
//! module's memory and the phone comes back as a number, with no allocation and no string
//! decoding; anything the lane cannot answer goes through the exports here, which give the
//! precise error.

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::{
    array_items, invalid_argument, is_array, js_error, lane_buffer, string_arg, string_within, to_js, type_name,
    utf8_over,
};
use crate::phone::MAX_TEXT_BYTES;
use crate::Error;
use std::fmt::Write as _;

use crate::phone::{self, Canonical, ParsedPhone, Phone, PhoneError, SliceWriter, MAX_INPUT_BYTES};

/// The most inputs one batch call takes.
pub const MAX_BATCH: usize = 1_000_000;

/// Room for any input of up to [`MAX_INPUT_BYTES`] UTF-16 code units, encoded as UTF-8.
const SCRATCH_BYTES: usize = MAX_INPUT_BYTES * 3;

/// Room for any error about such an input: the quote is cut after 40 characters.
const MESSAGE_BYTES: usize = phone::MAX_MESSAGE_BYTES;

thread_local! {
    /// The fast lane's input buffer: JS writes an input here, then calls [`phone_lane`].
    static SCRATCH: RefCell<Box<[u8; SCRATCH_BYTES]>> = RefCell::new(Box::new([0; SCRATCH_BYTES]));
    /// Where the fast lane writes the error about the input in the scratch buffer.
    static MESSAGE: RefCell<Box<[u8; MESSAGE_BYTES]>> = RefCell::new(Box::new([0; MESSAGE_BYTES]));
    /// The batch lane's input: a chunk of inputs separated by NUL.
    static BATCH_IN: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The batch lane's answer: 11 bytes per input.
    static BATCH_OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

#[wasm_bindgen(typescript_custom_section)]
const TS_PHONE: &'static str = r#"
/** A phone in canonical form with the extension that followed it, if any. */
export interface ParsedPhone {
  /** Canonical: 11 digits starting with 7, such as "79123456789". */
  phone: string;
  /** The extension's digits, such as "123". */
  extension?: string;
}
"#;

/// The canonical form `7XXXXXXXXXX` of a phone in any accepted spelling; throws a
/// `SipoutError` with code `invalid_phone` otherwise.
#[wasm_bindgen(js_name = normalizePhone)]
pub fn normalize_phone(#[wasm_bindgen(unchecked_param_type = "string")] input: JsValue) -> Result<String, JsValue> {
    let input = phone_arg(&input)?;
    phone::normalize(&input).map_err(js_error)
}

/// The canonical phone and the extension, if the input has one.
#[wasm_bindgen(js_name = parsePhone, unchecked_return_type = "ParsedPhone")]
pub fn parse_phone(#[wasm_bindgen(unchecked_param_type = "string")] input: JsValue) -> Result<JsValue, JsValue> {
    let input = phone_arg(&input)?;
    Ok(to_js(&ParsedPhone::parse(&input).map_err(js_error)?))
}

/// Many phones at once: the canonical form of each, or `null` where it is not a phone.
/// Throws `invalid_argument` if `inputs` is not an array of strings or holds more than
/// 1 000 000 of them.
#[wasm_bindgen(js_name = normalizePhones, unchecked_return_type = "(string | null)[]")]
pub fn normalize_phones(#[wasm_bindgen(unchecked_param_type = "string[]")] inputs: JsValue) -> Result<Array, JsValue> {
    if !is_array(&inputs) {
        return Err(invalid_argument("inputs", format!("expected an array of strings, got {}", type_name(&inputs))));
    }
    let items = array_items(&inputs, "inputs", MAX_BATCH)?;
    let out = Array::new_with_length(u32::try_from(items.len()).unwrap_or(u32::MAX));
    for (index, item) in (0u32..).zip(&items) {
        // A string too long to be a phone is not one: it is not copied in.
        let value = if item.is_string() && utf8_over(item, MAX_INPUT_BYTES).is_some() {
            JsValue::NULL
        } else {
            let input = string_arg(item, &format!("inputs[{index}]"))?;
            Phone::try_parse(&input).map_or(JsValue::NULL, |p| p.to_string().into())
        };
        out.set(index, value);
    }
    Ok(out)
}

/// Every phone in free text, canonical, each once, in order of appearance.
#[wasm_bindgen(js_name = findPhones)]
pub fn find_phones(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<Vec<String>, JsValue> {
    let text = string_within(&text, "text", MAX_TEXT_BYTES, |len| {
        Error::Phone(PhoneError::TooLong { what: "text", len, max: MAX_TEXT_BYTES })
    })?;
    let phones = phone::find_phones(&text).map_err(js_error)?;
    Ok(phones.iter().map(Phone::to_string).collect())
}

/// A phone for people: `+7 912 345-67-89`, with `доб. 123` if it has an extension.
#[wasm_bindgen(js_name = formatPhone)]
pub fn format_phone(#[wasm_bindgen(unchecked_param_type = "string")] input: JsValue) -> Result<String, JsValue> {
    let input = phone_arg(&input)?;
    phone::format(&input).map_err(js_error)
}

/// A phone argument: a string; one over [`MAX_INPUT_BYTES`] is refused (`too_long`) before
/// it is copied in.
fn phone_arg(input: &JsValue) -> Result<String, JsValue> {
    string_within(input, "input", MAX_INPUT_BYTES, |len| {
        Error::Phone(PhoneError::TooLong { what: "phone", len, max: MAX_INPUT_BYTES })
    })
}

/// Fast lane: the address of the scratch buffer in the module's memory.
#[wasm_bindgen(js_name = __phoneScratch, skip_typescript)]
pub fn phone_scratch() -> u32 {
    SCRATCH.with(|s| s.borrow_mut().as_mut_ptr() as usize as u32)
}

/// Fast lane: the address of the buffer where [`phone_lane`] writes its answer.
#[wasm_bindgen(js_name = __phoneMessage, skip_typescript)]
pub fn phone_message() -> u32 {
    MESSAGE.with(|m| m.borrow_mut().as_mut_ptr() as usize as u32)
}

/// Fast lane: reads the phone in the first `len` bytes of the scratch buffer. A phone
/// gives 0, its canonical 11 digits written as ASCII at the start of the message buffer
/// (JS makes a string of 11 bytes faster than of a number). Anything else gives minus the
/// length of the packed error (`code\nreason\nmessage`, as `js/crossing.js` reads it)
/// written to the message buffer; 1 when the lane cannot answer, and asks
/// [`normalize_phone`] instead.
#[wasm_bindgen(js_name = __phoneLane, skip_typescript)]
pub fn phone_lane(len: u32) -> i32 {
    SCRATCH.with(|s| {
        let s = s.borrow();
        let Some(bytes) = s.get(..len as usize) else {
            return 1;
        };
        // The commonest spellings first, before the bytes are checked as UTF-8.
        let found = match Phone::quick_bytes(bytes) {
            Some(phone) => Ok(phone),
            None => match std::str::from_utf8(bytes) {
                Ok(text) => Phone::parse_ref(text).map(Canonical::from),
                Err(_) => return 1,
            },
        };
        MESSAGE.with(|m| {
            let mut m = m.borrow_mut();
            let e = match found {
                Ok(phone) => {
                    if let Some(slot) = m.first_chunk_mut::<11>() {
                        phone.write(slot);
                    }
                    return 0;
                }
                Err(e) => e,
            };
            let mut out = SliceWriter::new(&mut m[..]);
            let head = [PhoneError::CODE, "\n", e.reason(), "\n"];
            let written = head.iter().try_for_each(|piece| out.write_str(piece));
            match written.and_then(|()| e.write_to(&mut out)) {
                // The message buffer is far smaller than 2³¹ bytes.
                Ok(()) => i32::try_from(out.len()).map_or(1, |n| n.wrapping_neg()),
                Err(_) => 1,
            }
        })
    })
}

/// Fast lane for batches: the most inputs one call takes.
#[wasm_bindgen(js_name = __phonesMax, skip_typescript)]
pub fn phones_max() -> u32 {
    MAX_BATCH as u32
}

/// Fast lane for batches: a buffer of at least `size` bytes for the lane to write a batch
/// into; its address.
#[wasm_bindgen(js_name = __phonesInput, skip_typescript)]
pub fn phones_input(size: u32) -> u32 {
    BATCH_IN.with(|b| lane_buffer(b, size))
}

/// Fast lane for batches: the first `len` bytes of the batch buffer hold `count` inputs
/// separated by NUL (UTF-8 as JS's encoder writes it; a piece that is not UTF-8 is not a
/// phone). Writes 11 bytes per input, the canonical phone or `-` and ten spaces, and gives
/// their address; 0 when the pieces are not `count`.
#[wasm_bindgen(js_name = __phonesBatch, skip_typescript)]
pub fn phones_batch(len: u32, count: u32) -> u32 {
    BATCH_IN.with(|input| {
        BATCH_OUT.with(|out| {
            let input = input.borrow();
            let mut out = out.borrow_mut();
            let Some(text) = input.get(..len as usize) else {
                return 0;
            };
            // A text of n bytes holds at most n + 1 inputs: a larger count is not this text's.
            let Some(size) =
                (count as usize).checked_mul(11).filter(|_| count as usize <= text.len().saturating_add(1))
            else {
                return 0;
            };
            // The answers are written in place: no growth check, no call, per input.
            out.clear();
            out.resize(size, b' ');
            let mut at = 0usize;
            Phone::each_separated(text, |phone| {
                if let Some(slot) = out.get_mut(at..).and_then(<[u8]>::first_chunk_mut::<11>) {
                    match phone {
                        Some(p) => p.write(slot),
                        None => *slot = *b"-          ",
                    }
                }
                at = at.wrapping_add(11);
            });
            if at == size {
                out.as_ptr() as usize as u32
            } else {
                0
            }
        })
    })
}
