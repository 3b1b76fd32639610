//! Byte-slice equality and order, eight bytes at a time. The engine compares paths and child
//! names on every request; in wasm a slice comparison calls `memcmp`, which goes one byte at a
//! time there.

/// `a == b`, eight bytes at a time. Paths are a few words long.
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut a_words, mut b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or_default());
    (&mut a_words).zip(&mut b_words).all(|(x, y)| word(x) == word(y)) && a_words.remainder() == b_words.remainder()
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
