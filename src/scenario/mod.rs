//! The scenario format of the reference recordings (`../shared/reference/scenarios`) and the
//! replay driver: a scenario's steps run against a [`Playground`] on virtual time, and the
//! result is printed in the same format, so `compare.py` can check it against real ZooKeeper.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::playground::{Delivery, Playground};

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

/// Runs a scenario and returns the replayer's JSON (`{"steps": [...]}`). `matches(pattern, line)`
/// decides `wait_for` patterns (regular expressions in the recordings).
pub fn replay(scenario: &Scenario, matches: &dyn Fn(&str, &str) -> bool) -> Value {
    let mut now = REPLAY_EPOCH_MS;
    let mut playground = Playground::new(&scenario.server, now);
    let mut steps: Vec<Value> = Vec::new();
    for step in &scenario.steps {
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
                now += STEP_MS;
                deliveries = playground.advance(now);
                let server = step.server.clone().unwrap_or_else(|| scenario.server.clone());
                let args = step.extra_args.clone().unwrap_or_default();
                let (banner, _, caused) = playground.open_client_with_txns(&session, &server, &args, now);
                echo.insert("output".into(), json!(banner));
                deliveries.extend(caused);
            }
            "cmd" => {
                now += STEP_MS;
                let input = step.input.clone().unwrap_or_default();
                let outcome = playground.type_line(&session, &input, now);
                echo.insert("prompt".into(), json!(outcome.prompt));
                echo.insert("output".into(), json!(outcome.output));
                if outcome.exited {
                    echo.insert("exited".into(), json!(true));
                }
                deliveries = outcome.deliveries;
            }
            "kill9" | "sigterm" | "ctrl-c" => {
                now += STEP_MS;
                deliveries = playground.advance(now);
                playground.kill(&session, now);
            }
            "sleep" => {
                now += seconds_to_ms(step.seconds.unwrap_or(0.0));
                deliveries = playground.advance(now);
            }
            "wait_for" => {
                let start = now;
                let limit = start + seconds_to_ms(step.timeout.unwrap_or(60.0));
                let pattern = step.pattern.clone().unwrap_or_default();
                let mut seen = false;
                while !seen && now < limit {
                    let next = u64::try_from(playground.next_deadline()).unwrap_or(u64::MAX);
                    now = next.clamp(now + 1, limit);
                    let got = playground.advance(now);
                    seen = got.iter().any(|d| d.client == session && d.lines.iter().any(|l| matches(&pattern, l)));
                    deliveries.extend(got);
                }
                echo.insert("seen".into(), json!(seen));
                echo.insert("seen_after_s".into(), json!((now - start) as f64 / 1000.0));
            }
            "server_stop" | "server_start" => {
                now += STEP_MS;
                let named = step.port.as_ref().map(port_text).or_else(|| step.server.clone()).unwrap_or_default();
                if let Some(index) = playground.server_index(&named) {
                    deliveries = if step.kind == "server_stop" {
                        playground.stop_server(index, now)
                    } else {
                        playground.start_server(index, now)
                    };
                }
                for (key, value) in [("server", &step.server)] {
                    if let Some(v) = value {
                        echo.insert(key.into(), json!(v));
                    }
                }
            }
            // Other steps are echoed; time does not move.
            _ => {}
        }
        steps.push(Value::Object(echo));
        for d in deliveries {
            steps.push(json!({"type": "async", "session": d.client, "output": d.lines}));
        }
    }
    json!({ "steps": steps })
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
