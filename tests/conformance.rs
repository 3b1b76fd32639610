#![cfg(not(target_arch = "wasm32"))]
//! Conformance: zkplay's replay of every scenario recorded from real ZooKeeper 3.8.0
//! (tests/conformance/scenarios, see the README there) must match the recording, by the rules of
//! the project's `compare.py` (ported in tests/conformance/compare.rs).
//!
//! `cargo test --test conformance`; one test per recording, e.g. `cargo test --test conformance e1_paths`.

#[path = "conformance/compare.rs"]
mod compare;

use std::path::PathBuf;

use serde_json::Value;

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("conformance").join("scenarios")
}

/// The `*.json` file names in the scenarios folder, sorted.
fn recordings() -> Vec<String> {
    let dir = scenarios_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut names: Vec<String> = entries
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())).file_name())
        .filter_map(|name| name.to_str().map(str::to_string))
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    names
}

/// Replays one recording and compares; panics with compare.py's report when anything differs.
fn check(file: &str) {
    let path = scenarios_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let recording: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    let scenario = zkplay::scenario::Scenario::from_json(&text)
        .unwrap_or_else(|e| panic!("{}: not a scenario: {e}", path.display()));
    let matcher = |pattern: &str, line: &str| regex::Regex::new(pattern).map(|r| r.is_match(line)).unwrap_or(false);
    let replayed = zkplay::scenario::replay(&scenario, &matcher).to_text();
    let replayed: Value =
        serde_json::from_str(&replayed).unwrap_or_else(|e| panic!("{file}: the replay is not JSON: {e}"));
    let report = compare::compare(&recording, &replayed);
    assert!(
        report.ok(),
        "\nscenario {file} ({}): zkplay's replay differs from the recording of real ZooKeeper\n{}\n",
        scenario.title,
        report.render()
    );
    assert!(report.passed > 0, "scenario {file}: no steps were compared ({})", report.summary());
}

/// One `#[test]` per recording: the test `x` checks `tests/conformance/scenarios/x.json`.
macro_rules! recordings {
    ($($name:ident),* $(,)?) => {
        /// The recordings that have a test.
        const LISTED: &[&str] = &[$(concat!(stringify!($name), ".json")),*];

        $(
            #[test]
            fn $name() {
                check(concat!(stringify!($name), ".json"));
            }
        )*
    };
}

recordings! {
    a_distributed_lock,
    b_master_failover,
    c_workers_tasks_assign,
    e1_paths,
    e2_create_sequential_data,
    e3_delete_set_versions,
    e7_legacy_syntax,
    e8_session_end_and_ephemerals,
}

/// A recording dropped into the folder must get its test: none may be silently skipped.
#[test]
fn every_recording_has_a_test() {
    let found = recordings();
    assert!(!found.is_empty(), "no *.json recordings in {}", scenarios_dir().display());
    let unlisted: Vec<&String> = found.iter().filter(|f| !LISTED.contains(&f.as_str())).collect();
    let gone: Vec<&&str> = LISTED.iter().filter(|f| !found.iter().any(|g| g == *f)).collect();
    assert!(
        unlisted.is_empty() && gone.is_empty(),
        "the recordings! list in tests/conformance.rs and {} disagree:\n  \
         not listed (add their names, without .json): {unlisted:?}\n  listed but missing: {gone:?}",
        scenarios_dir().display()
    );
}
