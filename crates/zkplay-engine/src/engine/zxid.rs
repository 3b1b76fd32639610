//! Transaction ids: epoch in the high 32 bits, a counter in the low 32, printed `0x%x`.

/// A ZooKeeper transaction id.
pub type Zxid = i64;

/// Builds a zxid from an epoch and a counter.
pub fn make_zxid(epoch: u32, counter: u32) -> Zxid {
    ((epoch as i64) << 32) | counter as i64
}

/// zkCli's form: `0x` and lowercase hex without padding (`0x0`, `0x100000004`).
pub fn hex(value: i64) -> String {
    format!("0x{:x}", value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_java_long_to_hex_string() {
        assert_eq!(hex(0), "0x0");
        assert_eq!(hex(make_zxid(1, 4)), "0x100000004");
        assert_eq!(hex(make_zxid(0, 10)), "0xa");
        assert_eq!(hex(-1), "0xffffffffffffffff");
    }
}
