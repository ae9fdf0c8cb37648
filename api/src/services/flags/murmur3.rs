//! MurmurHash3, x86 32-bit variant (Austin Appleby's `MurmurHash3_x86_32`), the hash of the
//! sticky rollout (DOMAIN.md, Feature flags). Little-endian blocks of 4 bytes, the tail, then the
//! finalisation mix; the same on every platform.

const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h
}

fn scramble(k: u32) -> u32 {
    k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2)
}

/// `MurmurHash3_x86_32(data, seed)`.
pub fn murmur3_32(data: &[u8], seed: u32) -> u32 {
    let mut h = seed;
    let mut blocks = data.chunks_exact(4);
    for block in &mut blocks {
        let k = u32::from_le_bytes([block[0], block[1], block[2], block[3]]);
        h ^= scramble(k);
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let mut k = 0u32;
        for (i, b) in tail.iter().enumerate() {
            k |= u32::from(*b) << (8 * i);
        }
        h ^= scramble(k);
    }
    // The length is mixed in modulo 2^32, as the reference does with its `int len`.
    h ^= data.len() as u32;
    fmix32(h)
}

#[cfg(test)]
mod tests {
    use super::murmur3_32;

    /// Reference values of `MurmurHash3_x86_32` (SMHasher's reference code), checked against the
    /// `mmh3` Python package 5.x (`mmh3.hash(data, seed, signed=False)`), which wraps it.
    #[test]
    fn matches_the_reference_vectors() {
        let vectors: &[(&[u8], u32, u32)] = &[
            (b"", 0, 0),
            (b"", 1, 0x514e_28b7),
            (b"", 0xffff_ffff, 0x81f1_6f39),
            (b"a", 0, 0x3c25_69b2),
            (b"abc", 0, 0xb3dd_93fa),
            (b"abcd", 0, 0x43ed_676a),
            (b"abcde", 0, 0xe89b_9af6),
            (b"hello", 0, 0x248b_fa47),
            (b"Hello, world!", 0, 0xc036_3e43),
            (b"The quick brown fox jumps over the lazy dog", 0, 0x2e4f_f723),
        ];
        for (data, seed, want) in vectors {
            assert_eq!(murmur3_32(data, *seed), *want, "{:?} seed {seed:#x}", String::from_utf8_lossy(data));
        }
    }
}
