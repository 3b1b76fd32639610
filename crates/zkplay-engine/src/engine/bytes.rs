//! Byte-slice equality and order, eight bytes at a time. The engine compares paths and child
//! names on every request; in wasm a slice comparison calls `memcmp`, which goes one byte at a
//! time there.

/// The bytes after the last whole word of `bytes` (up to 7) as a little-endian word, zero
/// above them. A byte loop: copying them into a buffer is a `memory.copy` in wasm, a call out of
/// the module.
pub(super) fn tail_word(bytes: &[u8]) -> u64 {
    let rest = bytes.chunks_exact(8).remainder();
    rest.iter().rev().fold(0, |word, &b| (word << 8) | u64::from(b))
}

/// `a == b`, eight bytes at a time. Paths are a few words long.
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or_default());
    a.chunks_exact(8).zip(b.chunks_exact(8)).all(|(x, y)| word(x) == word(y)) && tail_word(a) == tail_word(b)
}

/// `a.cmp(b)`, eight bytes at a time: sibling names often share a long prefix (`task-00000000…`).
pub(super) fn compare_bytes(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let common = a.len().min(b.len());
    let (a_head, b_head) = (a.get(..common).unwrap_or_default(), b.get(..common).unwrap_or_default());
    let (a_words, b_words) = (a_head.chunks_exact(8), b_head.chunks_exact(8));
    let (a_rest, b_rest) = (a_words.remainder(), b_words.remainder());
    // Big-endian words order as their bytes do.
    let word = |w: &[u8]| u64::from_be_bytes(w.try_into().unwrap_or_default());
    for (x, y) in a_words.zip(b_words) {
        if x != y {
            return word(x).cmp(&word(y));
        }
    }
    for (x, y) in a_rest.iter().zip(b_rest) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_compares_every_byte() {
        let path = b"/bench/1/2/3/new17-0000000004";
        for cut in 0..path.len() {
            assert!(same_bytes(&path[..cut], &path[..cut]));
            assert!(!same_bytes(&path[..cut], &path[..cut + 1]));
            let mut changed = *path;
            changed[cut] ^= 1;
            assert!(!same_bytes(path, &changed), "byte {cut}");
        }
    }

    #[test]
    fn the_tail_word_holds_the_bytes_after_the_last_whole_word() {
        assert_eq!(tail_word(b""), 0);
        assert_eq!(tail_word(b"12345678"), 0);
        assert_eq!(tail_word(b"/a"), u64::from_le_bytes(*b"/a\0\0\0\0\0\0"));
        assert_eq!(tail_word(b"/bench/1/2/3"), u64::from_le_bytes(*b"/2/3\0\0\0\0"));
        assert_eq!(tail_word(b"/bench/12345678"), u64::from_le_bytes(*b"2345678\0"));
    }

    #[test]
    fn byte_comparison_orders_as_slices_do() {
        let names: [&[u8]; 11] = [
            b"",
            b"a",
            b"ab",
            b"task-0000000001",
            b"task-0000000010",
            b"task-000000001",
            b"\xff",
            b"a\x00",
            b"aaaaaaaab",
            b"aaaaaaaaa",
            b"aaaaaaaab0",
        ];
        for a in names {
            for b in names {
                assert_eq!(compare_bytes(a, b), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }
}
