//! HMAC-SHA1 of an 8-byte counter and its RFC 4226 truncation in one x86-64 SHA-NI kernel, for
//! HOTP/TOTP.
//!
//! eeszt-auth precomputes a key's HMAC inner and outer SHA-1 states, so one OTP code costs two
//! compressions: one of `counter || padding`, one of `inner hash || padding`. Calling a general
//! block compression twice (as through RustCrypto `sha1`) keeps the state in memory between the
//! two, pads the blocks byte by byte and goes through a run-time dispatch per block. Here both
//! compressions, the padding, the hand-over of the inner hash and the dynamic truncation stay in
//! SIMD registers inside one function compiled for SHA-NI; on the AMD EPYC machines eeszt-auth is measured on this halves the
//! throughput cost of a code (see the crate's benches).
//!
//! This crate is the only place in eeszt-auth with `unsafe`: one call of a
//! `#[target_feature]` function, made only through a [`Sha1Ni`] token, which exists only once the
//! CPU has been seen to support the instructions. Everything else is safe code (Rust 1.87 lets
//! register-only intrinsics be called safely inside such a function). Where the CPU lacks SHA-NI
//! (or on other architectures) [`Sha1Ni::detect`] returns `None` and the caller uses its portable
//! path.
//!
//! ```
//! use eeszt_auth_sha1ni::Sha1Ni;
//!
//! // The HMAC states of a key would come from compressing (key ^ ipad) and (key ^ opad).
//! let inner = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0];
//! let outer = inner;
//! if let Some(ni) = Sha1Ni::detect() {
//!     let value = ni.hotp_truncated(&inner, &outer, 42);
//!     assert!(value < 1 << 31); // a 6-digit code would be value % 1_000_000
//!     let _ = value;
//! }
//! ```

#![deny(missing_docs)]
#![deny(unsafe_code)]

/// Proof that this CPU executes the SHA-NI, SSSE3 and SSE4.1 instructions the kernel uses.
///
/// Only [`Sha1Ni::detect`] makes one, so holding a value is the safety argument for running the
/// kernel. It is `Copy` and one byte of nothing: store it beside a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sha1Ni {
    _private: (),
}

impl Sha1Ni {
    /// A token when the CPU supports the kernel, `None` otherwise (then use a portable HMAC).
    ///
    /// The check reads a value the standard library caches after the first call.
    #[inline]
    pub fn detect() -> Option<Sha1Ni> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("sha")
                && std::arch::is_x86_feature_detected!("sse2")
                && std::arch::is_x86_feature_detected!("ssse3")
                && std::arch::is_x86_feature_detected!("sse4.1")
            {
                return Some(Sha1Ni { _private: () });
            }
        }
        None
    }

    /// The RFC 4226 value of HMAC-SHA1 over the 8-byte big-endian `counter`: the MAC's four bytes
    /// at the offset named by the low nibble of its last byte, as a 31-bit number (a `d`-digit
    /// code is this value modulo `10^d`).
    ///
    /// `inner` and `outer` are the SHA-1 states after compressing the key's `(key ^ ipad)` and
    /// `(key ^ opad)` blocks.
    #[inline]
    pub fn hotp_truncated(self, inner: &[u32; 5], outer: &[u32; 5], counter: u64) -> u32 {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: `self` exists only when `detect` saw SHA-NI, SSE2, SSSE3 and SSE4.1 on this
            // CPU, which are exactly the features `kernel::hotp_truncated` is compiled for.
            #[allow(unsafe_code)]
            unsafe {
                kernel::hotp_truncated(inner, outer, counter)
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            // `detect` never returns a token on other architectures.
            let _ = (inner, outer, counter);
            unreachable!("Sha1Ni tokens exist only on x86-64")
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod kernel {
    //! The SHA-NI kernel: one function, every step spelled out by macros so that the whole
    //! computation stays in registers whatever the optimiser decides about inlining. Register
    //! layout, as the instructions define it: the working variables A, B, C, D sit in one vector
    //! with A in the highest lane (3) and D in lane 0; E sits in lane 3 of its own vector; message
    //! words go four to a vector, the first in lane 3.

    use core::arch::x86_64::{
        _mm_add_epi8, _mm_add_epi32, _mm_adds_epu8, _mm_cvtsi128_si32, _mm_extract_epi32,
        _mm_or_si128, _mm_set_epi32, _mm_set_epi64x, _mm_set1_epi8, _mm_setr_epi8,
        _mm_setzero_si128, _mm_sha1msg1_epu32, _mm_sha1msg2_epu32, _mm_sha1nexte_epu32,
        _mm_sha1rnds4_epu32, _mm_shuffle_epi8, _mm_sub_epi8, _mm_xor_si128,
    };

    /// Four rounds: the next ABCD from the current ABCD, the E derived from the ABCD four rounds
    /// back (`back`), and four message words `w`. `F` selects the round function (0: rounds 0-19,
    /// 1: 20-39, 2: 40-59, 3: 60-79).
    macro_rules! rounds {
        ($abcd:expr, $back:expr, $w:expr, $f:literal) => {
            _mm_sha1rnds4_epu32::<$f>($abcd, _mm_sha1nexte_epu32($back, $w))
        };
    }

    /// The next four message-schedule words from the previous sixteen (`a` oldest).
    macro_rules! schedule {
        ($a:expr, $b:expr, $c:expr, $d:expr) => {
            _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32($a, $b), $c), $d)
        };
    }

    /// One compression of the block `m0..m3` into the state `(abcd, e)`: the new `(abcd, e)`.
    macro_rules! compress {
        ($abcd:expr, $e:expr, $m0:expr, $m1:expr, $m2:expr, $m3:expr) => {{
            let (abcd, e) = ($abcd, $e);
            // Twenty groups of four rounds. `x` and `y` alternate as the newest ABCD; the message
            // window (w0..w4) rotates, each new group of words replacing the oldest.
            let (mut w0, mut w1, mut w2, mut w3) = ($m0, $m1, $m2, $m3);
            let mut w4;
            let mut x = abcd;
            let mut y = _mm_sha1rnds4_epu32::<0>(x, _mm_add_epi32(e, w0));
            x = rounds!(y, x, w1, 0);
            y = rounds!(x, y, w2, 0);
            x = rounds!(y, x, w3, 0);
            w4 = schedule!(w0, w1, w2, w3);
            y = rounds!(x, y, w4, 0);

            w0 = schedule!(w1, w2, w3, w4);
            x = rounds!(y, x, w0, 1);
            w1 = schedule!(w2, w3, w4, w0);
            y = rounds!(x, y, w1, 1);
            w2 = schedule!(w3, w4, w0, w1);
            x = rounds!(y, x, w2, 1);
            w3 = schedule!(w4, w0, w1, w2);
            y = rounds!(x, y, w3, 1);
            w4 = schedule!(w0, w1, w2, w3);
            x = rounds!(y, x, w4, 1);

            w0 = schedule!(w1, w2, w3, w4);
            y = rounds!(x, y, w0, 2);
            w1 = schedule!(w2, w3, w4, w0);
            x = rounds!(y, x, w1, 2);
            w2 = schedule!(w3, w4, w0, w1);
            y = rounds!(x, y, w2, 2);
            w3 = schedule!(w4, w0, w1, w2);
            x = rounds!(y, x, w3, 2);
            w4 = schedule!(w0, w1, w2, w3);
            y = rounds!(x, y, w4, 2);

            w0 = schedule!(w1, w2, w3, w4);
            x = rounds!(y, x, w0, 3);
            w1 = schedule!(w2, w3, w4, w0);
            y = rounds!(x, y, w1, 3);
            w2 = schedule!(w3, w4, w0, w1);
            x = rounds!(y, x, w2, 3);
            w3 = schedule!(w4, w0, w1, w2);
            y = rounds!(x, y, w3, 3);
            w4 = schedule!(w0, w1, w2, w3);
            x = rounds!(y, x, w4, 3);
            let _ = (w0, w1, w2, w3, w4);

            // The final ABCD is `x`; the final E is derived from the ABCD four rounds before (`y`).
            (_mm_add_epi32(abcd, x), _mm_sha1nexte_epu32(y, e))
        }};
    }

    /// A SHA-1 state `[A, B, C, D, E]` in the instructions' layout: `(abcd, e)`.
    macro_rules! load {
        ($words:expr) => {{
            let w = $words.map(|x| x as i32);
            (
                _mm_set_epi32(w[0], w[1], w[2], w[3]),
                _mm_set_epi32(w[4], 0, 0, 0),
            )
        }};
    }

    /// See [`super::Sha1Ni::hotp_truncated`].
    #[target_feature(enable = "sha,sse2,ssse3,sse4.1")]
    pub(super) fn hotp_truncated(inner: &[u32; 5], outer: &[u32; 5], counter: u64) -> u32 {
        let zero = _mm_setzero_si128();
        // Inner block: the counter (two words), the 0x80 terminator, zeros, and the length of
        // key block + counter in bits: (64 + 8) * 8 = 576.
        let m0 = _mm_set_epi32(
            (counter >> 32) as u32 as i32,
            counter as u32 as i32,
            1 << 31,
            0,
        );
        let (abcd, e) = load!(inner);
        let (h_abcd, h_e) = compress!(abcd, e, m0, zero, zero, _mm_set_epi32(0, 0, 0, 576));
        // Outer block: the inner hash (A, B, C, D already in message order, then E), 0x80,
        // zeros, and the length (64 + 20) * 8 = 672.
        let m1 = _mm_set_epi32(_mm_extract_epi32::<3>(h_e), 1 << 31, 0, 0);
        let (abcd, e) = load!(outer);
        let (mac, mac_e) = compress!(abcd, e, h_abcd, m1, zero, _mm_set_epi32(0, 0, 0, 672));

        // Truncation. The MAC's bytes in order are A, B, C, D (16 bytes) then E, each word
        // big-endian. Lane 3 (A) is register bytes 12-15, its most significant byte (15) MAC byte
        // 0, so reversing the 16 bytes puts MAC bytes 0-15 in order. E's other lanes are zero
        // (the outer state was loaded with zeros there and SHA1NEXTE passes them through).
        let reverse = _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        let low_table = _mm_shuffle_epi8(mac, reverse); // MAC bytes 0-15
        let high_table = _mm_shuffle_epi8(mac_e, reverse); // MAC bytes 16-19 at 0-3
        let offset = (_mm_extract_epi32::<3>(mac_e) & 0x0f) as i8; // low nibble of MAC byte 19
        // Lane 0 gathers MAC bytes offset+3, +2, +1, +0 (a little-endian u32 of big-endian
        // bytes). Indices up to 15 pick from the low table: adding 0x70 keeps their low nibble
        // and sends 16 and up past 0x80, where a byte shuffle yields zero. Subtracting 16 picks
        // 16-18 from the high table and sends the rest negative (zero again).
        let wanted = _mm_add_epi8(_mm_set_epi64x(0, 0x0001_0203), _mm_set1_epi8(offset));
        let low = _mm_shuffle_epi8(low_table, _mm_adds_epu8(wanted, _mm_set1_epi8(0x70)));
        let high = _mm_shuffle_epi8(high_table, _mm_sub_epi8(wanted, _mm_set1_epi8(16)));
        (_mm_cvtsi128_si32(_mm_or_si128(low, high)) as u32) & 0x7fff_ffff
    }
}
