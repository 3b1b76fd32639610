//! Replays a scenario (the format of ../shared/reference/scenarios) against zkplay's engine and
//! prints the replay as JSON on stdout, for `compare.py`.
//!
//! usage: zkplay-replay SCENARIO.json

use std::process::ExitCode;

#[cfg(target_arch = "wasm32")]
fn main() -> ExitCode {
    ExitCode::FAILURE
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: zkplay-replay SCENARIO.json");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("zkplay-replay: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let scenario = match zkplay::scenario::Scenario::from_json(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("zkplay-replay: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let matches = |pattern: &str, line: &str| match regex::Regex::new(pattern) {
        Ok(re) => re.is_match(line),
        Err(_) => line.contains(pattern),
    };
    let out = zkplay::scenario::replay(&scenario, &matches);
    println!("{}", out.to_pretty());
    ExitCode::SUCCESS
}
