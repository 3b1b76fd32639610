//! The scenario format of the reference recordings (`../shared/reference/scenarios`) and the
//! replay driver: a scenario's steps run against a [`Playground`] on virtual time, and the
//! result is printed in the same format, so `compare.py` can check it against real ZooKeeper.

use crate::json::Json;
use crate::playground::{Delivery, Did, Playground};

/// A recorded (or exported) scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub title: String,
    pub server: String,
    pub steps: Vec<Step>,
}

/// One step; which fields matter depends on `type` (see the reference README).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    pub kind: String,
    pub session: Option<String>,
    pub server: Option<String>,
    pub extra_args: Option<Vec<String>>,
    pub input: Option<String>,
    pub prompt: Option<String>,
    pub output: Option<Vec<String>>,
    pub exited: Option<bool>,
    pub seconds: Option<f64>,
    pub pattern: Option<String>,
    pub timeout: Option<f64>,
    pub seen: Option<bool>,
    pub seen_after_s: Option<f64>,
    pub text: Option<String>,
    /// The port of a server that stops or starts.
    pub port: Option<Json>,
}

impl Scenario {
    /// Reads a scenario (a recording or an export). Fields a step does not use are ignored; a
    /// field of the wrong type is an error, as the recordings' schema has it.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        let value = Json::parse(text).map_err(|e| format!("not a scenario: {e}"))?;
        Scenario::from_value(&value).map_err(|e| format!("not a scenario: {e}"))
    }

    fn from_value(value: &Json) -> Result<Scenario, String> {
        if value.as_object().is_none() {
            return Err("not a JSON object".to_string());
        }
        let text = |key: &str| -> Result<Option<String>, String> {
            match value.get(key) {
                None => Ok(None),
                Some(v) => v.as_str().map(|s| Some(s.to_string())).ok_or(format!("\"{key}\" is not a string")),
            }
        };
        let server = text("server")?.ok_or("missing field \"server\"")?;
        let steps = value.get("steps").ok_or("missing field \"steps\"")?;
        let steps = steps.as_array().ok_or("\"steps\" is not a list")?;
        Ok(Scenario {
            name: text("name")?.unwrap_or_default(),
            title: text("title")?.unwrap_or_default(),
            server,
            steps: steps
                .iter()
                .enumerate()
                .map(|(i, s)| Step::from_value(s).map_err(|e| format!("step {i}: {e}")))
                .collect::<Result<_, _>>()?,
        })
    }
}

impl Step {
    fn from_value(value: &Json) -> Result<Step, String> {
        if value.as_object().is_none() {
            return Err("not a JSON object".to_string());
        }
        // A field that is absent or null is None; one of another type is an error.
        fn field<T>(value: &Json, key: &str, read: impl Fn(&Json) -> Option<T>) -> Result<Option<T>, String> {
            match value.get(key) {
                None | Some(Json::Null) => Ok(None),
                Some(v) => read(v).map(Some).ok_or(format!("\"{key}\" has the wrong type")),
            }
        }
        let text = |key: &str| field(value, key, |v| v.as_str().map(str::to_string));
        let number = |key: &str| field(value, key, Json::as_f64);
        let flag = |key: &str| field(value, key, Json::as_bool);
        Ok(Step {
            kind: text("type")?.ok_or("missing field \"type\"")?,
            session: text("session")?,
            server: text("server")?,
            extra_args: field(value, "extra_args", Json::as_strings)?,
            input: text("input")?,
            prompt: text("prompt")?,
            output: field(value, "output", Json::as_strings)?,
            exited: flag("exited")?,
            seconds: number("seconds")?,
            pattern: text("pattern")?,
            timeout: number("timeout")?,
            seen: flag("seen")?,
            seen_after_s: number("seen_after_s")?,
            text: text("text")?,
            port: value.get("port").filter(|v| **v != Json::Null).cloned(),
        })
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
    pub fn step(&mut self, step: &Step, matches: &dyn Fn(&str, &str) -> bool) -> Vec<Json> {
        let playground = &mut self.playground;
        let session = step.session.clone().unwrap_or_default();
        let mut echo: Vec<(String, Json)> = vec![("type".into(), Json::str(&step.kind))];
        for (key, value) in [("session", &step.session), ("input", &step.input), ("pattern", &step.pattern)] {
            if let Some(v) = value {
                echo.push((key.into(), Json::str(v)));
            }
        }
        if let Some(s) = step.seconds {
            echo.push(("seconds".into(), Json::thousandths(crate::decimal::to_thousandths(s))));
        }
        let mut deliveries: Vec<Delivery> = Vec::new();
        match step.kind.as_str() {
            "note" => {
                if let Some(text) = &step.text {
                    echo.push(("text".into(), Json::str(text)));
                }
            }
            "open" => {
                self.now += STEP_MS;
                deliveries = playground.advance(self.now);
                let server = step.server.clone().unwrap_or_else(|| self.server.clone());
                let args = step.extra_args.clone().unwrap_or_default();
                let (banner, _, caused) = playground.open_client_with_txns(&session, &server, &args, self.now);
                echo.push(("output".into(), Json::strings(&banner)));
                deliveries.extend(caused);
            }
            "cmd" => {
                self.now += STEP_MS;
                let input = step.input.clone().unwrap_or_default();
                let outcome = playground.type_line(&session, &input, self.now);
                echo.push(("prompt".into(), Json::str(outcome.prompt)));
                echo.push(("output".into(), Json::strings(&outcome.output)));
                if outcome.exited {
                    echo.push(("exited".into(), Json::Bool(true)));
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
                echo.push(("seen".into(), Json::Bool(seen)));
                echo.push(("seen_after_s".into(), Json::thousandths((self.now - start) as i64)));
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
                    echo.push(("server".into(), Json::str(server)));
                }
            }
            // Other steps are echoed; time does not move.
            _ => {}
        }
        let mut out = vec![Json::sorted_object(echo)];
        out.extend(deliveries.into_iter().map(|d| {
            Json::Object(vec![
                ("output".into(), Json::strings(&d.lines)),
                ("session".into(), Json::str(d.client)),
                ("type".into(), Json::str("async")),
            ])
        }));
        out
    }
}

/// Runs a scenario and returns the replayer's JSON (`{"steps": [...]}`). `matches(pattern, line)`
/// decides `wait_for` patterns (regular expressions in the recordings).
pub fn replay(scenario: &Scenario, matches: &dyn Fn(&str, &str) -> bool) -> Json {
    Json::Object(vec![("steps".into(), Json::Array(replay_steps(scenario, matches)))])
}

fn replay_steps(scenario: &Scenario, matches: &dyn Fn(&str, &str) -> bool) -> Vec<Json> {
    let mut replayer = Replayer::new(&scenario.server);
    scenario.steps.iter().flat_map(|step| replayer.step(step, matches)).collect()
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
        let host = |index: usize| playground.hosts().get(index).cloned().unwrap_or_else(|| server.clone());
        let step = match &action.what {
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
            // Closing a client's tab kills its process without a closeSession, as kill -9 does.
            Did::Kill { client } | Did::Remove { client } => {
                Step { kind: "kill9".into(), session: Some(client.clone()), ..Step::default() }
            }
            Did::ServerStop { index } => {
                Step { kind: "server_stop".into(), server: Some(host(*index)), ..Step::default() }
            }
            Did::ServerStart { index } => {
                Step { kind: "server_start".into(), server: Some(host(*index)), ..Step::default() }
            }
            // The scenario format has no renames.
            Did::Rename { .. } => continue,
        };
        if let Some(before) = last {
            let idle = action.time - before - STEP_MS as i64;
            if idle >= 100 {
                steps.push(Step { kind: "sleep".into(), seconds: Some(idle as f64 / 1000.0), ..Step::default() });
            }
        }
        last = Some(action.time);
        steps.push(step);
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
pub fn export_json(playground: &Playground, name: &str) -> Json {
    let scenario = export(playground, name);
    let steps = replay_steps(&scenario, &contains);
    Json::Object(vec![
        ("name".into(), Json::str(scenario.name)),
        ("server".into(), Json::str(scenario.server)),
        ("steps".into(), Json::Array(steps)),
        ("title".into(), Json::str(scenario.title)),
        ("zookeeper".into(), Json::str("zkplay (simulated ZooKeeper 3.8.0)")),
    ])
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
    let mut opened = crate::vec_map::VecSet::new();
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
            Did::Rename { from, to } => out.push_str(&format!("# [{from}] is called [{to}] from here\n")),
            Did::Remove { client } => {
                out.push_str(&format!("# [{client}] is closed here: kill -9 its zkCli (no quit)\n"))
            }
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

fn port_text(port: &Json) -> String {
    match port {
        Json::String(s) => s.clone(),
        other => other.to_text(),
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
        let text = export_json(&pg, "lock").to_pretty();
        // The file is what serde_json would print for the same value (compare.py reads it).
        let reprinted: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(serde_json::to_string_pretty(&reprinted).unwrap_or_default(), text);
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
