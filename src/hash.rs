//! The hash the crate's tables use: a 64-bit mixer, and a slot in a table of any size.

/// Spreads the bits of `x` over the whole word (the finaliser of SplitMix64).
#[inline(always)]
pub(crate) fn mix(x: u64) -> u64 {
    let x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The hash of a byte string (FNV-1a, then mixed).
pub(crate) fn mix_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// The home slot of `hash` in a table of `len` slots (`len` < 2³²), without a division.
#[inline(always)]
pub(crate) fn home(hash: u64, len: usize) -> usize {
    ((hash >> 32).wrapping_mul(len as u64) >> 32) as usize
}
