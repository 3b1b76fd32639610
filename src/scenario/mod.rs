//! The scenario format of the reference recordings (`../shared/reference/scenarios`) and the
//! replay driver: a scenario's steps run against a [`Playground`] on virtual time, and the
//! result is printed in the same format, so `compare.py` can check it against real ZooKeeper.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::playground::{Delivery, Did, Playground};

/// A recorded (or exported) scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub title: String,
    pub server: String,
    pub steps: Vec<Step>,
}

/// One step; which fields matter depends on `type` (see the reference README).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Step {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_args: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exited: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_after_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The port of a server that stops or starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Value>,
}

impl Scenario {
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        serde_json::from_str(text).map_err(|e| format!("not a scenario: {e}"))
    }
}

/// Virtual time each interactive step takes: the recorder typed a step about every 0.4 s.
pub const STEP_MS: u64 = 400;

/// Where replays start on the virtual clock (2026-11-28 05:24:41 UTC).
pub const REPLAY_EPOCH_MS: u64 = 1_795_843_481_000;

/// Runs scenario steps one at a time against a playground on virtual time.
pub struct Replayer {
    playground: Playground,
    now: u64,
    server: String,
}

impl Replayer {
    pub fn new(server: &str) -> Replayer {
        Replayer {
            playground: Playground::new(server, REPLAY_EPOCH_MS),
            now: REPLAY_EPOCH_MS,
            server: server.to_string(),
        }
    }

    /// The virtual time after the steps so far.
    pub fn now(&self) -> u64 {
        self.now
    }

    pub fn playground(&self) -> &Playground {
        &self.playground
    }

    pub fn into_playground(self) -> Playground {
        self.playground
    }

    /// Runs one step; returns the replayer's JSON for it, then one `async` step per notification.
    pub fn step(&mut self, step: &Step, matches: &dyn Fn(&str, &str) -> bool) -> Vec<Value> {
        let playground = &mut self.playground;
        let session = step.session.clone().unwrap_or_default();
        let mut echo = Map::new();
        echo.insert("type".into(), json!(step.kind));
        for (key, value) in [("session", &step.session), ("input", &step.input), ("pattern", &step.pattern)] {
            if let Some(v) = value {
                echo.insert(key.into(), json!(v));
            }
        }
        if let Some(s) = step.seconds {
            echo.insert("seconds".into(), json!(s));
        }
        let mut deliveries: Vec<Delivery> = Vec::new();
        match step.kind.as_str() {
            "note" => {
                if let Some(text) = &step.text {
                    echo.insert("text".into(), json!(text));
                }
            }
            "open" => {
                self.now += STEP_MS;
                deliveries = playground.advance(self.now);
                let server = step.server.clone().unwrap_or_else(|| self.server.clone());
                let args = step.extra_args.clone().unwrap_or_default();
                let (banner, _, caused) = playground.open_client_with_txns(&session, &server, &args, self.now);
                echo.insert("output".into(), json!(banner));
                deliveries.extend(caused);
            }
            "cmd" => {
                self.now += STEP_MS;
                let input = step.input.clone().unwrap_or_default();
                let outcome = playground.type_line(&session, &input, self.now);
                echo.insert("prompt".into(), json!(outcome.prompt));
                echo.insert("output".into(), json!(outcome.output));
                if outcome.exited {
                    echo.insert("exited".into(), json!(true));
                }
                deliveries = outcome.deliveries;
            }
            "kill9" | "sigterm" | "ctrl-c" => {
                self.now += STEP_MS;
                deliveries = playground.advance(self.now);
                playground.kill(&session, self.now);
            }
            "sleep" => {
                self.now += seconds_to_ms(step.seconds.unwrap_or(0.0));
                deliveries = playground.advance(self.now);
            }
            "wait_for" => {
                let start = self.now;
                let limit = start.saturating_add(seconds_to_ms(step.timeout.unwrap_or(60.0)));
                let pattern = step.pattern.clone().unwrap_or_default();
                let mut seen = false;
                while !seen && self.now < limit {
                    let next = u64::try_from(playground.next_deadline()).unwrap_or(u64::MAX);
                    self.now = next.clamp(self.now + 1, limit);
                    let got = playground.advance(self.now);
                    seen = got.iter().any(|d| d.client == session && d.lines.iter().any(|l| matches(&pattern, l)));
                    deliveries.extend(got);
                }
                echo.insert("seen".into(), json!(seen));
                echo.insert("seen_after_s".into(), json!((self.now - start) as f64 / 1000.0));
            }
            "server_stop" | "server_start" => {
                self.now += STEP_MS;
                let named = step.port.as_ref().map(port_text).or_else(|| step.server.clone()).unwrap_or_default();
                if let Some(index) = playground.server_index(&named) {
                    deliveries = if step.kind == "server_stop" {
                        playground.stop_server(index, self.now)
                    } else {
                        playground.start_server(index, self.now)
                    };
                }
                if let Some(server) = &step.server {
                    echo.insert("server".into(), json!(server));
                }
            }
            // Other steps are echoed; time does not move.
            _ => {}
        }
        let mut out = vec![Value::Object(echo)];
        out.extend(deliveries.into_iter().map(|d| json!({"type": "async", "session": d.client, "output": d.lines})));
        out
    }
}

/// Runs a scenario and returns the replayer's JSON (`{"steps": [...]}`). `matches(pattern, line)`
/// decides `wait_for` patterns (regular expressions in the recordings).
pub fn replay(scenario: &Scenario, matches: &dyn Fn(&str, &str) -> bool) -> Value {
    let mut replayer = Replayer::new(&scenario.server);
    let steps: Vec<Value> = scenario.steps.iter().flat_map(|step| replayer.step(step, matches)).collect();
    json!({ "steps": steps })
}

/// Plain-text matching for `wait_for` where no regex engine is at hand (the browser).
pub fn contains(pattern: &str, line: &str) -> bool {
    line.contains(pattern)
}

/// A playground's history as scenario steps: opens, commands, kills and server restarts, with
/// `sleep` steps where time passed between them, so a replay reproduces the same expiries.
pub fn export(playground: &Playground, name: &str) -> Scenario {
    let server = playground.hosts().join(",");
    let mut steps = Vec::new();
    let mut last: Option<i64> = None;
    for action in playground.actions() {
        if let Some(before) = last {
            let idle = action.time - before - STEP_MS as i64;
            if idle >= 100 {
                steps.push(Step { kind: "sleep".into(), seconds: Some(idle as f64 / 1000.0), ..Step::default() });
            }
        }
        last = Some(action.time);
        let host = |index: usize| playground.hosts().get(index).cloned().unwrap_or_else(|| server.clone());
        steps.push(match &action.what {
            Did::Open { client, connect, extra_args } => Step {
                kind: "open".into(),
                session: Some(client.clone()),
                server: Some(connect.clone()),
                extra_args: Some(extra_args.clone()),
                ..Step::default()
            },
            Did::Line { client, line } => {
                Step { kind: "cmd".into(), session: Some(client.clone()), input: Some(line.clone()), ..Step::default() }
            }
            Did::Kill { client } => Step { kind: "kill9".into(), session: Some(client.clone()), ..Step::default() },
            Did::ServerStop { index } => {
                Step { kind: "server_stop".into(), server: Some(host(*index)), ..Step::default() }
            }
            Did::ServerStart { index } => {
                Step { kind: "server_start".into(), server: Some(host(*index)), ..Step::default() }
            }
        });
    }
    // Time that passed after the last action (expiries it caused belong to the session too).
    if let Some(before) = last {
        let idle = playground.engine().now() - before;
        if idle >= 100 {
            steps.push(Step { kind: "sleep".into(), seconds: Some(idle as f64 / 1000.0), ..Step::default() });
        }
    }
    Scenario { name: name.to_string(), title: format!("zkplay session: {name}"), server, steps }
}

/// [`export`] in the recordings' format: the steps with zkplay's own outputs, prompts and
/// notifications, ready for `zkplay-replay` and `compare.py`.
pub fn export_json(playground: &Playground, name: &str) -> Value {
    let scenario = export(playground, name);
    let replayed = replay(&scenario, &contains);
    json!({
        "name": scenario.name,
        "title": scenario.title,
        "server": scenario.server,
        "zookeeper": "zkplay (simulated ZooKeeper 3.8.0)",
        "steps": replayed.get("steps").cloned().unwrap_or(Value::Null),
    })
}

/// Builds a playground by running a scenario (the recordings' format, or an export).
pub fn import(text: &str) -> Result<(Playground, u64), String> {
    let scenario = Scenario::from_json(text)?;
    if scenario.server.trim().is_empty() {
        return Err("not a scenario: its \"server\" is empty".to_string());
    }
    let mut replayer = Replayer::new(&scenario.server);
    for step in scenario.steps.iter().filter(|s| s.kind != "async") {
        replayer.step(step, &contains);
    }
    let now = replayer.now();
    Ok((replayer.into_playground(), now))
}

/// The commands typed so far as a zkCli script for a real ZooKeeper: each client is its own
/// zkCli, so lines are tagged with the client and kept in the order they were typed.
pub fn zkcli_script(playground: &Playground) -> String {
    let mut out = String::from("# zkplay session, exported as zkCli commands.\n");
    out.push_str("# Start one zkCli per client, then type each line into the client named in brackets, in order.\n");
    let mut opened = std::collections::BTreeSet::new();
    for action in playground.actions() {
        if let Did::Open { client, connect, .. } = &action.what {
            if opened.insert(client.clone()) {
                out.push_str(&format!("#   [{client}]  zkCli.sh -server {connect}\n"));
            }
        }
    }
    out.push('\n');
    for action in playground.actions() {
        match &action.what {
            Did::Line { client, line } => out.push_str(&format!("[{client}] {line}\n")),
            Did::Kill { client } => out.push_str(&format!("# [{client}] crashes here: kill -9 its zkCli (no quit)\n")),
            Did::Open { client, connect, .. } => {
                out.push_str(&format!("# [{client}] (re)starts: zkCli.sh -server {connect}\n"))
            }
            Did::ServerStop { index } => out.push_str(&format!("# server {} stops here\n", index + 1)),
            Did::ServerStart { index } => out.push_str(&format!("# server {} starts here\n", index + 1)),
        }
    }
    out
}

/// One client's commands alone, to pipe into a real zkCli: `zkCli.sh -server HOST < file`.
pub fn zkcli_script_for(playground: &Playground, client: &str) -> String {
    playground
        .actions()
        .iter()
        .filter_map(|a| match &a.what {
            Did::Line { client: c, line } if c == client => Some(format!("{line}\n")),
            _ => None,
        })
        .collect()
}

fn port_text(port: &Value) -> String {
    match port {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn seconds_to_ms(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds * 1000.0).round() as u64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

    fn session() -> Playground {
        let mut now = 1_000_000;
        let mut pg = Playground::new(ENSEMBLE, now);
        pg.open_client("A", ENSEMBLE, &[], now);
        pg.open_client("B", ENSEMBLE, &[], now);
        for (client, line) in [("A", "create -e /lock \"lock\""), ("B", "stat -w /lock")] {
            now += 1000;
            pg.type_line(client, line, now);
        }
        now += 400;
        pg.kill("A", now);
        now += 45_000;
        pg.advance(now);
        pg
    }

    #[test]
    fn an_export_replays_to_the_same_tree() {
        let pg = session();
        let scenario = export(&pg, "lock");
        assert!(scenario.steps.iter().any(|s| s.kind == "sleep"));
        let text = serde_json::to_string(&export_json(&pg, "lock")).unwrap_or_default();
        let (imported, _) = import(&text).expect("an export imports");
        assert!(!imported.engine().tree().contains("/lock"));
        let zxids = |p: &Playground| p.engine().last_zxid();
        assert_eq!(zxids(&imported), zxids(&pg));
        assert!(text.contains("WatchedEvent state:SyncConnected type:NodeDeleted path:/lock"));
    }

    #[test]
    fn scripts_list_commands_per_client_in_order() {
        let pg = session();
        let script = zkcli_script(&pg);
        let a = script.find("[A] create -e /lock").unwrap_or(usize::MAX);
        let b = script.find("[B] stat -w /lock").unwrap_or(0);
        assert!(a < b, "{script}");
        assert!(script.contains("kill -9"));
        assert_eq!(zkcli_script_for(&pg, "B"), "stat -w /lock\n");
    }

    #[test]
    fn bad_imports_are_refused_with_a_reason() {
        assert!(import("not json").is_err());
        assert!(import("{\"server\": \"\", \"steps\": []}").is_err());
        assert!(import("{\"steps\": []}").is_err());
    }
}
