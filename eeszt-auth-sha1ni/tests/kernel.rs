//! The kernel against a plain HMAC built on RustCrypto's SHA-1 block function.

use eeszt_auth_sha1ni::Sha1Ni;
use sha1::block_api::compress;

const IV: [u32; 5] = [
    0x6745_2301,
    0xefcd_ab89,
    0x98ba_dcfe,
    0x1032_5476,
    0xc3d2_e1f0,
];

/// The inner and outer states of an HMAC-SHA1 key of at most 64 bytes.
fn states(key: &[u8]) -> ([u32; 5], [u32; 5]) {
    let pad = |byte: u8| {
        let mut block = [byte; 64];
        for (b, k) in block.iter_mut().zip(key) {
            *b ^= k;
        }
        let mut state = IV;
        compress(&mut state, &[block]);
        state
    };
    (pad(0x36), pad(0x5c))
}

/// HMAC-SHA1 of the 8-byte counter, block by block with RustCrypto's compression.
fn reference(inner: &[u32; 5], outer: &[u32; 5], counter: u64) -> [u32; 5] {
    let mut block = [0u8; 64];
    block[..8].copy_from_slice(&counter.to_be_bytes());
    block[8] = 0x80;
    block[56..].copy_from_slice(&(72u64 * 8).to_be_bytes());
    let mut state = *inner;
    compress(&mut state, &[block]);
    let mut block = [0u8; 64];
    for (chunk, word) in block.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    block[20] = 0x80;
    block[56..].copy_from_slice(&(84u64 * 8).to_be_bytes());
    let mut state = *outer;
    compress(&mut state, &[block]);
    state
}

fn hex(words: &[u32; 5]) -> String {
    words.iter().map(|w| format!("{w:08x}")).collect()
}

/// True when the CPU reports SHA-NI and SSE4.1 through /proc/cpuinfo, a source independent of
/// the standard library's CPUID reading.
fn cpuinfo_has_sha_ni() -> Option<bool> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let flags = info.lines().find(|l| l.starts_with("flags"))?;
    let has = |f: &str| flags.split_whitespace().any(|x| x == f);
    Some(has("sha_ni") && has("sse4_1") && has("ssse3"))
}

#[test]
fn detection_agrees_with_proc_cpuinfo() {
    if !cfg!(target_arch = "x86_64") {
        assert!(Sha1Ni::detect().is_none());
    } else if let Some(expected) = cpuinfo_has_sha_ni() {
        assert_eq!(Sha1Ni::detect().is_some(), expected);
    }
}

/// RFC 4226 appendix D: the HMAC-SHA1 values for counters 0 to 9 and their truncations.
#[test]
fn rfc4226_appendix_d() {
    let expected = [
        "cc93cf18508d94934c64b65d8ba7667fb7cde4b0",
        "75a48a19d4cbe100644e8ac1397eea747a2d33ab",
        "0bacb7fa082fef30782211938bc1c5e70416ff44",
        "66c28227d03a2d5529262ff016a1e6ef76557ece",
        "a904c900a64b35909874b33e61c5938a8e15ed1c",
        "a37e783d7b7233c083d4f62926c7a25f238d0316",
        "bc9cd28561042c83f219324d3c607256c03272ae",
        "a4fb960c0bc06e1eabb804e5b397cdc4b45596fa",
        "1b3c89f65e6c9e883012052823443f048b4332db",
        "1637409809a679dc698207310c8c7fc07290d9e5",
    ];
    // Appendix D's truncated values, from which the 6-digit codes 755224, 287082, ... follow.
    let truncated = [
        1_284_755_224u32,
        1_094_287_082,
        137_359_152,
        1_726_969_429,
        1_640_338_314,
        868_254_676,
        1_918_287_922,
        82_162_583,
        673_399_871,
        645_520_489,
    ];
    let (inner, outer) = states(b"12345678901234567890");
    for ((counter, want), value) in (0u64..).zip(expected).zip(truncated) {
        let mac = reference(&inner, &outer, counter);
        assert_eq!(hex(&mac), want);
        assert_eq!(truncate(&mac), value);
        if let Some(ni) = Sha1Ni::detect() {
            assert_eq!(ni.hotp_truncated(&inner, &outer, counter), value);
        }
    }
}

/// A small deterministic generator (xorshift64*), so a failure reproduces.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// RFC 4226 dynamic truncation, byte by byte from the MAC words.
fn truncate(words: &[u32; 5]) -> u32 {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_be_bytes()).collect();
    let offset = usize::from(bytes[19] & 0x0f);
    u32::from_be_bytes([
        bytes[offset],
        bytes[offset + 1],
        bytes[offset + 2],
        bytes[offset + 3],
    ]) & 0x7fff_ffff
}

/// Random keys, random states and counters whose words exercise every bit position, including
/// the edges (0, u64::MAX, values with only the high or low word set), against HMAC block by
/// block and the byte-wise truncation, until every offset (0 to 15) has been seen many times.
#[test]
fn matches_reference_on_random_inputs() {
    let Some(ni) = Sha1Ni::detect() else {
        eprintln!("no SHA-NI on this CPU: only the portable reference ran");
        return;
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let edges = [
        0u64,
        1,
        u64::MAX,
        0xffff_ffff,
        0xffff_ffff_0000_0000,
        1 << 63,
    ];
    let mut seen = [0u32; 16];
    for round in 0..40_000usize {
        let (inner, outer) = if round % 2 == 0 {
            let len = (rng.next() % 65) as usize;
            let key: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            states(&key)
        } else {
            let mut words = || std::array::from_fn(|_| rng.next() as u32);
            (words(), words())
        };
        let counter = match round % 4 {
            0 => edges[(round / 4) % edges.len()],
            1 => rng.next() & 0xffff_ffff,
            _ => rng.next(),
        };
        let mac = reference(&inner, &outer, counter);
        seen[(mac[4] & 0x0f) as usize] += 1;
        assert_eq!(
            ni.hotp_truncated(&inner, &outer, counter),
            truncate(&mac),
            "round {round}: inner {inner:08x?} outer {outer:08x?} counter {counter:#x}"
        );
    }
    assert!(seen.iter().all(|&n| n > 1_000), "offsets seen: {seen:?}");
}
