//! The C ABI: the block manifest and dispatcher for any WebAssembly host (Wasmtime from
//! Python or Go, wasmer, a browser without the JS glue), built with
//! `--no-default-features --features c-abi` into a module that imports nothing.
//!
//! All values cross through the module's exported `memory` as bytes:
//!
//! - `sipout_alloc(len: u32) -> u32`: a buffer of `len` bytes for the host to write into;
//!   0 only when `len` is over 2³¹. Free it with `sipout_free(ptr, len)`.
//! - `sipout_free(ptr: u32, len: u32)`: frees a buffer from `sipout_alloc`, or an answer
//!   (then `len` is 4 + the answer's length). `ptr` 0 is ignored. Any other pointer, or
//!   another length, is the host's error and corrupts the module's heap.
//! - `sipout_invoke(name_ptr, name_len, args_ptr, args_len: u32) -> u32`: calls the block
//!   action named by the UTF-8 name with the JSON object of arguments; gives an answer.
//!   The input buffers stay the host's: free them when done.
//! - `sipout_manifest(locale: u32) -> u32`: the manifest, `{"actions": […], "callbacks":
//!   […]}`, in Russian (`locale` 0) or English (1); gives an answer.
//! - `sipout_abi_version() -> u32`: 1, the version of this ABI.
//!
//! An answer is a pointer to 4 bytes holding the length `n` (u32, little-endian), followed
//! by `n` bytes of UTF-8 JSON: `{"ok": <result>}` or `{"error": {"code", "reason"?,
//! "message", "action"?, "parameter"?}}` ([`crate::block::envelope`]). The host reads it and
//! frees it with `sipout_free(ptr, 4 + n)`.
//!
//! Nothing here panics: input ranges outside the memory, bytes that are not UTF-8 and every
//! problem of the arguments are answered with a coded error. Running out of memory traps,
//! as any allocation failure in the module does.
//!
//! Compiled for `wasm32` only, where addresses are 32-bit.

use crate::block::envelope;

/// The version of the ABI that [`sipout_abi_version`] gives.
pub const ABI_VERSION: u32 = 1;

/// The largest buffer `sipout_alloc` gives, in bytes.
const MAX_ALLOC: u32 = 1 << 31;

/// The bytes of the module's memory, so that a range can be checked before it is read.
fn memory_bytes() -> usize {
    core::arch::wasm32::memory_size(0).saturating_mul(65_536)
}

/// The `len` bytes at `ptr`, if they lie in the module's memory.
fn input<'a>(ptr: u32, len: u32) -> Option<&'a [u8]> {
    let (start, len) = (ptr as usize, len as usize);
    if len == 0 {
        return Some(&[]);
    }
    let end = start.checked_add(len)?;
    if start == 0 || end > memory_bytes() {
        return None;
    }
    // SAFETY: the host calls with buffers it wrote into the module's linear memory (from
    // `sipout_alloc`); the range is non-null and inside the memory, checked above; u8 has
    // no alignment or validity requirement; the slice is only read, and dropped before the
    // call returns, while no Rust code writes to that range.
    Some(unsafe { std::slice::from_raw_parts(start as *const u8, len) })
}

/// An answer: the JSON's length as 4 little-endian bytes, then the JSON; its address.
fn answer(json: String) -> u32 {
    let bytes = json.into_bytes();
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(bytes.len().saturating_add(4));
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&bytes);
    Box::into_raw(out.into_boxed_slice()) as *mut u8 as usize as u32
}

/// A buffer of `len` bytes, zeroed; its address. 0 when `len` is over 2³¹.
#[no_mangle]
pub extern "C" fn sipout_alloc(len: u32) -> u32 {
    if len > MAX_ALLOC {
        return 0;
    }
    Box::into_raw(vec![0u8; len as usize].into_boxed_slice()) as *mut u8 as usize as u32
}

/// Frees a buffer from [`sipout_alloc`] or an answer, given its address and length.
#[no_mangle]
pub extern "C" fn sipout_free(ptr: u32, len: u32) {
    if ptr == 0 {
        return;
    }
    let slice = std::ptr::slice_from_raw_parts_mut(ptr as usize as *mut u8, len as usize);
    // SAFETY: the ABI requires `ptr` and `len` to be those of a buffer this module gave
    // out (`sipout_alloc`, or an answer of 4 + n bytes), each a `Box<[u8]>` of exactly
    // that length turned into a raw pointer, and not freed before; so this rebuilds that
    // box, which frees it with the layout it was allocated with.
    drop(unsafe { Box::from_raw(slice) });
}

/// Calls a block action; see the module docs.
#[no_mangle]
pub extern "C" fn sipout_invoke(name_ptr: u32, name_len: u32, args_ptr: u32, args_len: u32) -> u32 {
    let json = match (input(name_ptr, name_len), input(args_ptr, args_len)) {
        (Some(name), Some(args)) => envelope::invoke(name, args),
        (name, _) => {
            let field = if name.is_none() { "name" } else { "args" };
            let problem = "the range is not inside the module's memory".to_string();
            envelope::error(&crate::Error::InvalidArgument { field: field.to_string(), problem }, None)
        }
    };
    answer(json)
}

/// The manifest in a language; see the module docs.
#[no_mangle]
pub extern "C" fn sipout_manifest(locale: u32) -> u32 {
    answer(envelope::manifest(locale))
}

/// The version of this ABI: 1.
#[no_mangle]
pub extern "C" fn sipout_abi_version() -> u32 {
    ABI_VERSION
}
