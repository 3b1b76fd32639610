//! zkCli's output formats: stat blocks, Java dates, WATCHER blocks, ACL lines.

use crate::engine::acl::{perms_to_string, Acl};
use crate::engine::tree::Stat;
use crate::engine::watch::EventType;
use crate::engine::zxid::hex;

/// Java's `Date.toString()` in UTC: `Sat Nov 28 04:45:27 UTC 2026`.
pub fn java_date(epoch_ms: i64) -> String {
    let secs = epoch_ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{} {} {:02} {:02}:{:02}:{:02} UTC {}",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        day,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        year
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The 11-line stat block (`StatPrinter`).
pub fn stat_lines(stat: &Stat) -> Vec<String> {
    vec![
        format!("cZxid = {}", hex(stat.czxid)),
        format!("ctime = {}", java_date(stat.ctime)),
        format!("mZxid = {}", hex(stat.mzxid)),
        format!("mtime = {}", java_date(stat.mtime)),
        format!("pZxid = {}", hex(stat.pzxid)),
        format!("cversion = {}", stat.cversion),
        format!("dataVersion = {}", stat.version),
        format!("aclVersion = {}", stat.aversion),
        format!("ephemeralOwner = {}", hex(stat.ephemeral_owner)),
        format!("dataLength = {}", stat.data_length),
        format!("numChildren = {}", stat.num_children),
    ]
}

/// A `WatchedEvent` as zkCli's default watcher prints it: blank, `WATCHER::`, blank, the event.
pub fn watcher_block(state: &str, kind: EventType, path: Option<&str>) -> Vec<String> {
    vec![
        String::new(),
        "WATCHER::".to_string(),
        String::new(),
        format!("WatchedEvent state:{state} type:{} path:{}", kind.name(), path.unwrap_or("null")),
    ]
}

/// Bytes as Java's `new String(bytes, UTF_8)` shows them, split into terminal lines.
pub fn data_lines(data: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(data).split('\n').map(str::to_string).collect()
}

/// `getAcl`'s two lines per entry.
pub fn acl_lines(acl: &[Acl]) -> Vec<String> {
    acl.iter()
        .flat_map(|a| [format!("'{},'{}", a.id.scheme, a.id.id), format!(": {}", perms_to_string(a.perms))])
        .collect()
}

/// Java's `List.toString()`: `[a, b]`.
pub fn java_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("[");
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(item);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_match_java() {
        assert_eq!(java_date(0), "Thu Jan 01 00:00:00 UTC 1970");
        // 2026-11-28 04:45:27 UTC
        assert_eq!(java_date(1_795_841_127_000), "Sat Nov 28 04:45:27 UTC 2026");
        assert_eq!(java_date(951_782_400_000), "Tue Feb 29 00:00:00 UTC 2000");
    }

    #[test]
    fn lists_print_as_java_does() {
        assert_eq!(java_list([]), "[]");
        assert_eq!(java_list(["a"]), "[a]");
        assert_eq!(java_list(["a", "b c"]), "[a, b c]");
    }
}
