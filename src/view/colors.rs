//! Client colours: a palette of distinct hues that read well on light and dark backgrounds,
//! handed out to clients in order.

use crate::vec_map::VecMap;

/// Mid-lightness, saturated colours (readable as text and as fills on light and dark themes).
pub const PALETTE: &[&str] = &[
    "#3b82f6", // blue
    "#f97316", // orange
    "#10b981", // emerald
    "#e11d48", // rose
    "#8b5cf6", // violet
    "#ca8a04", // amber
    "#0891b2", // cyan
    "#db2777", // pink
    "#65a30d", // lime
    "#6366f1", // indigo
    "#dc2626", // red
    "#0d9488", // teal
];

/// The colour a client without one gets: the first palette colour no client uses yet, else the
/// palette again in order (`count` = how many colours were handed out so far).
pub fn next_color(assigned: &VecMap<String, String>, count: usize) -> String {
    PALETTE.iter().find(|c| !assigned.values().any(|v| v == *c)).unwrap_or(&PALETTE[count % PALETTE.len()]).to_string()
}

/// The colour of `name`, or a neutral grey for a name without one.
pub fn color_of(assigned: &VecMap<String, String>, name: &str) -> String {
    assigned.get(name).cloned().unwrap_or_else(|| NEUTRAL.to_string())
}

/// For anything that belongs to no client (the server's own deletes).
pub const NEUTRAL: &str = "#8a93a5";

/// Whether `s` is a colour this module could have produced (storage is not trusted).
pub fn is_valid(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_get_distinct_colours_in_order() {
        let mut assigned = VecMap::new();
        for (i, name) in ["A", "B", "C"].iter().enumerate() {
            let c = next_color(&assigned, i);
            assigned.insert(name.to_string(), c);
        }
        assert_eq!(assigned.get("A").unwrap(), PALETTE[0]);
        assert_eq!(assigned.get("B").unwrap(), PALETTE[1]);
        assert_eq!(assigned.get("C").unwrap(), PALETTE[2]);
        assigned.remove("B");
        assert_eq!(next_color(&assigned, 3), PALETTE[1], "a freed colour is reused first");
    }

    #[test]
    fn many_clients_cycle_through_the_palette() {
        let mut assigned = VecMap::new();
        for i in 0..20 {
            let c = next_color(&assigned, i);
            assigned.insert(format!("c{i}"), c);
        }
        assert_eq!(assigned.get("c12").unwrap(), PALETTE[0]);
        assert_eq!(assigned.get("c19").unwrap(), PALETTE[7]);
        assert!(PALETTE.iter().all(|c| is_valid(c)));
        let unique: std::collections::BTreeSet<_> = PALETTE.iter().collect();
        assert_eq!(unique.len(), PALETTE.len());
    }

    #[test]
    fn unknown_names_are_neutral_and_bad_colours_are_rejected() {
        assert_eq!(color_of(&VecMap::new(), "X"), NEUTRAL);
        assert!(!is_valid("red"));
        assert!(!is_valid("#12345z"));
        assert!(!is_valid("\"><script>"));
    }
}
