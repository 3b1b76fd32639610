//! A Rust port of the project's shared `reference/compare.py`: checks a replay (the JSON that
//! `zkplay::scenario::replay` returns) against a scenario recorded from real ZooKeeper.
//!
//! The rules are compare.py's, kept the same on purpose (including its small quirks), so a replay
//! passes here exactly when it passes there:
//! - both sides: the values of `ctime = ` / `mtime = ` lines are dropped, and hex numbers of 12 or
//!   more digits (session ids) are renamed S1, S2, ... by first appearance, separately per side;
//! - steps are grouped into windows: a non-`async` step plus the notifications (`WatchedEvent`
//!   lines) that followed it; a `WATCHER::` block inside a `cmd`/`open` output counts as a
//!   notification of that step; windows must line up by `key()` (type, session, what);
//! - `open` output is compared sorted; a `cmd` prompt only when the recorded prompt is non-empty;
//! - `wait_for` must agree on seen / not seen, and on the time within 2.5 s;
//! - notifications are compared as a multiset per step, and one the replay delivers after step i
//!   may match one recorded after step i + 1 (the recorder polled between commands).

use std::collections::{BTreeMap, HashMap};

use regex::{Captures, Regex};
use serde_json::Value;

/// One tickTime (2 s) of expiry granularity, plus the recorder's polling.
pub const WAIT_SLACK_S: f64 = 2.5;

/// The outcome of one comparison.
#[derive(Debug)]
pub struct Report {
    pub passed: usize,
    pub failed: usize,
    /// The steps could not be lined up (compare.py's early "0 passed, N failed" exit).
    pub misaligned: bool,
    /// What compare.py prints without `--quiet`, one entry per line, without the summary.
    pub lines: Vec<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        !self.misaligned && self.failed == 0
    }

    /// compare.py's last line.
    pub fn summary(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }

    /// Everything compare.py would print.
    pub fn render(&self) -> String {
        let mut text = self.lines.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        text + &self.summary()
    }
}

/// A notification: (receiving session, `WatchedEvent ...` line).
type Event = (Option<String>, String);
/// A multiset (Python's `Counter`); only positive counts are kept.
type Counter = BTreeMap<Event, usize>;

/// Renames what differs between two runs by nature: ctime/mtime values, session ids.
struct Renamer {
    names: HashMap<String, String>,
    time_line: Regex,
    session_id: Regex,
}

impl Renamer {
    fn new() -> Renamer {
        Renamer {
            names: HashMap::new(),
            // Python's `^(\s*[cm]time = ).*$` (`$` also matches before a final newline).
            time_line: Regex::new(r"^(\s*[cm]time = ).*(\n?)$").expect("time line regex"),
            session_id: Regex::new(r"0x[0-9a-f]{12,}").expect("session id regex"),
        }
    }

    fn rename(&mut self, line: &str) -> String {
        let line = self.time_line.replace(line, "${1}<time>${2}");
        let names = &mut self.names;
        self.session_id
            .replace_all(&line, |c: &Captures| {
                let next = format!("S{}", names.len() + 1);
                names.entry(c[0].to_string()).or_insert(next).clone()
            })
            .into_owned()
    }
}

/// A non-`async` step of a window, with its output after `split_notifications`.
struct Main {
    step: Value,
    output: Vec<String>,
}

impl Main {
    fn get(&self, field: &str) -> Option<&Value> {
        self.step.get(field)
    }

    fn kind(&self) -> Option<&str> {
        self.get("type").and_then(Value::as_str)
    }
}

struct Window {
    main: Option<Main>,
    events: Vec<Event>,
}

/// `(type, session, input or pattern or seconds)`: what must line up between the two sides.
#[derive(Debug)]
struct Key([Value; 3]);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| py_eq(a, b))
    }
}

fn field(step: &Value, name: &str) -> Value {
    step.get(name).cloned().unwrap_or(Value::Null)
}

fn key(main: Option<&Main>) -> Option<Key> {
    let step = &main?.step;
    let what = [field(step, "input"), field(step, "pattern")]
        .into_iter()
        .find(truthy)
        .unwrap_or_else(|| field(step, "seconds"));
    Some(Key([field(step, "type"), field(step, "session"), what]))
}

fn key_repr(key: &Option<Key>) -> String {
    match key {
        None => "None".into(),
        Some(Key(k)) => format!("({}, {}, {})", py_repr(&k[0]), py_repr(&k[1]), py_repr(&k[2])),
    }
}

/// Python truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// A number as Python sees it (`bool` is an `int` there).
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// Python `==` on JSON values: `10 == 10.0`.
fn py_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| py_eq(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| py_eq(a, b)))
        }
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

/// Python's `repr` of a string.
fn py_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr` of a JSON value (as `json.load` returns it).
fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) if n.is_f64() => format!("{:?}", n.as_f64().unwrap_or(f64::NAN)),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_str(s),
        Value::Array(a) => format!("[{}]", a.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => {
            let items: Vec<String> = o.iter().map(|(k, v)| format!("{}: {}", py_str(k), py_repr(v))).collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

fn lines_repr(lines: &[String]) -> String {
    format!("[{}]", lines.iter().map(|l| py_str(l)).collect::<Vec<_>>().join(", "))
}

fn events_repr(counter: &Counter) -> String {
    let items: Vec<String> = counter
        .iter()
        .flat_map(|((who, line), n)| {
            let who = who.as_deref().map_or_else(|| "None".to_string(), py_str);
            std::iter::repeat_n(format!("({}, {})", who, py_str(line)), *n)
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn output(step: &Value) -> Vec<String> {
    match step.get("output") {
        Some(Value::Array(lines)) => lines.iter().map(text).collect(),
        _ => Vec::new(),
    }
}

fn session(step: &Value) -> Option<String> {
    match step.get("session") {
        None | Some(Value::Null) => None,
        Some(v) => Some(text(v)),
    }
}

/// Separates zkCli's `WATCHER::` blocks from a command's own output: (output, `WatchedEvent` lines).
fn split_notifications(lines: &[String], prompt: &Regex) -> (Vec<String>, Vec<String>) {
    let (mut out, mut events) = (Vec::<String>::new(), Vec::new());
    let mut i = 0;
    while i < lines.len() {
        if lines[i] == "WATCHER::" {
            if out.last().is_some_and(|last| last.is_empty() || prompt.is_match(last)) {
                out.pop();
            }
            i += 1;
            if i < lines.len() && lines[i].is_empty() {
                i += 1;
            }
            if i < lines.len() && lines[i].starts_with("WatchedEvent ") {
                events.push(lines[i].clone());
                i += 1;
            }
            continue;
        }
        out.push(lines[i].clone());
        i += 1;
    }
    (out, events)
}

/// The steps as windows, in document order: a main step and the notifications after it. A command's
/// own `WATCHER::` blocks count as notifications of its step.
fn windows(steps: &[Value]) -> Vec<Window> {
    // Python's `re.match(r"^\[zk: .*\] $", ...)`.
    let prompt = Regex::new(r"^\[zk: .*\] \n?$").expect("prompt regex");
    let mut out: Vec<Window> = Vec::new();
    for s in steps {
        match s.get("type").and_then(Value::as_str) {
            Some("async") => {
                if out.is_empty() {
                    out.push(Window { main: None, events: Vec::new() });
                }
                let who = session(s);
                let last = out.last_mut().expect("a window");
                last.events
                    .extend(output(s).into_iter().filter(|l| l.starts_with("WatchedEvent ")).map(|l| (who.clone(), l)));
            }
            Some("cmd" | "open") => {
                let (lines, events) = split_notifications(&output(s), &prompt);
                let who = session(s);
                let events = events.into_iter().map(|l| (who.clone(), l)).collect();
                out.push(Window { main: Some(Main { step: s.clone(), output: lines }), events });
            }
            _ => out.push(Window { main: Some(Main { step: s.clone(), output: output(s) }), events: Vec::new() }),
        }
    }
    out.retain(|w| w.main.is_some() || !w.events.is_empty());
    out
}

fn count<'a>(events: impl IntoIterator<Item = &'a Event>, rename: Option<&mut Renamer>) -> Counter {
    let mut counter = Counter::new();
    match rename {
        Some(r) => events.into_iter().for_each(|(who, l)| *counter.entry((who.clone(), r.rename(l))).or_default() += 1),
        None => events.into_iter().for_each(|e| *counter.entry(e.clone()).or_default() += 1),
    }
    counter
}

/// `a - b` on Counters: only positive counts are kept.
fn minus(a: &Counter, b: &Counter) -> Counter {
    a.iter()
        .filter_map(|(k, &n)| {
            let left = n.saturating_sub(b.get(k).copied().unwrap_or(0));
            (left > 0).then(|| (k.clone(), left))
        })
        .collect()
}

/// The index of the first differing line, for the report.
fn first_difference(e: &[String], a: &[String]) -> String {
    let i = e.iter().zip(a).position(|(e, a)| e != a).unwrap_or(e.len().min(a.len()));
    let at = |lines: &[String]| lines.get(i).map_or_else(|| "(nothing)".to_string(), |l| py_str(l));
    format!("    first difference at line {i}: expected {}, replay {}", at(e), at(a))
}

fn steps_of(doc: &Value) -> Option<&[Value]> {
    doc.get("steps").and_then(Value::as_array).map(Vec::as_slice)
}

/// Compares a replay with a recording: both are whole documents (`{"steps": [...]}`).
pub fn compare(expected: &Value, actual: &Value) -> Report {
    let mut report = Report { passed: 0, failed: 0, misaligned: false, lines: Vec::new() };
    let (Some(expected), Some(actual)) = (steps_of(expected), steps_of(actual)) else {
        report.misaligned = true;
        report.lines.push("no \"steps\" list in the recording or the replay".into());
        return report;
    };
    let mut ew = windows(expected);
    let aw = windows(actual);

    let ekeys: Vec<Option<Key>> = ew.iter().map(|w| key(w.main.as_ref())).collect();
    let akeys: Vec<Option<Key>> = aw.iter().map(|w| key(w.main.as_ref())).collect();
    if ekeys != akeys {
        if let Some(i) = ekeys.iter().zip(&akeys).position(|(e, a)| e != a) {
            report.lines.push(format!(
                "step {i}: expected step {}, replay has {}",
                key_repr(&ekeys[i]),
                key_repr(&akeys[i])
            ));
        }
        if ew.len() != aw.len() {
            report.lines.push(format!("expected {} steps, replay has {}", ew.len(), aw.len()));
        }
        report.failed = ew.len();
        report.misaligned = true;
        return report;
    }

    let (mut rename_e, mut rename_a) = (Renamer::new(), Renamer::new());
    // As compare.py does: notifications before the first step are renamed up front (which numbers
    // their session ids first); the carry rule below looks at the next window's lines unrenamed.
    for w in ew.iter_mut().filter(|w| w.main.is_none()) {
        for (_, line) in w.events.iter_mut() {
            *line = rename_e.rename(line);
        }
    }

    let mut carried = Counter::new(); // recorded notifications of this step matched by the step before
    for (i, (e, a)) in ew.iter().zip(&aw).enumerate() {
        let mut why: Vec<String> = Vec::new();
        // Keys are equal, so `es` and `as_` are both steps or both absent.
        if let (Some(es), Some(as_)) = (&e.main, &a.main) {
            let kind = es.kind();
            if matches!(kind, Some("cmd" | "open")) {
                let mut eo: Vec<String> = es.output.iter().map(|l| rename_e.rename(l)).collect();
                let mut ao: Vec<String> = as_.output.iter().map(|l| rename_a.rename(l)).collect();
                if kind == Some("open") {
                    eo.sort();
                    ao.sort();
                }
                if eo != ao {
                    why.push(format!(
                        "output differs:\n    expected: {}\n    replay:   {}\n{}",
                        lines_repr(&eo),
                        lines_repr(&ao),
                        first_difference(&eo, &ao)
                    ));
                }
                let or_empty = |v: Option<&Value>| v.filter(|v| truthy(v)).cloned().unwrap_or(Value::from(""));
                let ep = or_empty(es.get("prompt"));
                if kind == Some("cmd") && truthy(&ep) && !py_eq(&ep, &or_empty(as_.get("prompt"))) {
                    why.push(format!(
                        "prompt differs: expected {}, replay {}",
                        py_repr(&ep),
                        py_repr(&field(&as_.step, "prompt"))
                    ));
                }
            }
            if kind == Some("wait_for") {
                let pattern = py_repr(&field(&es.step, "pattern"));
                let expected_after = field(&es.step, "seen_after_s");
                let expected_seen = !expected_after.is_null();
                let actual_seen = field(&as_.step, "seen");
                if expected_seen != truthy(&actual_seen) {
                    let py_bool = |b: bool| if b { "True" } else { "False" };
                    why.push(format!(
                        "wait_for {pattern}: expected seen={}, replay seen={}",
                        py_bool(expected_seen),
                        py_repr(&actual_seen)
                    ));
                } else if expected_seen {
                    let got = field(&as_.step, "seen_after_s");
                    let close = match (number(&got), number(&expected_after)) {
                        // JSON has no NaN, so this is compare.py's `not abs(got - expected) > slack`.
                        (Some(g), Some(x)) => (g - x).abs() <= WAIT_SLACK_S,
                        _ => false,
                    };
                    if !close {
                        why.push(format!(
                            "wait_for {pattern}: seen after {}s in the recording, after {} s in the replay",
                            py_repr(&expected_after),
                            py_repr(&got)
                        ));
                    }
                }
            }
        }

        let expected = minus(&count(&e.events, Some(&mut rename_e)), &carried);
        let actual = count(&a.events, Some(&mut rename_a));
        let missing = minus(&expected, &actual);
        let mut extra = minus(&actual, &expected);
        carried = Counter::new();
        if !extra.is_empty() && i + 1 < ew.len() {
            let later = count(&ew[i + 1].events, None);
            for (k, n) in extra.iter_mut() {
                let moved = (*n).min(later.get(k).copied().unwrap_or(0));
                *n -= moved;
                if moved > 0 {
                    *carried.entry(k.clone()).or_default() += moved;
                }
            }
            extra.retain(|_, n| *n > 0);
        }
        if !missing.is_empty() {
            why.push(format!("notifications missing: {}", events_repr(&missing)));
        }
        if !extra.is_empty() {
            why.push(format!("notifications not expected: {}", events_repr(&extra)));
        }

        if why.is_empty() {
            report.passed += 1;
        } else {
            report.failed += 1;
            report.lines.push(format!("step {i} {}", key_repr(&ekeys[i])));
            report.lines.extend(why.iter().map(|w| format!("  {w}")));
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PROMPT: &str = "[zk: 127.0.0.1:2181(CONNECTED) 0] ";

    fn ev(path: &str) -> String {
        format!("WatchedEvent state:SyncConnected type:NodeDeleted path:{path}")
    }

    fn cmd(session: &str, input: &str, output: &[&str]) -> Value {
        json!({"type": "cmd", "session": session, "input": input, "prompt": PROMPT, "output": output})
    }

    fn notify(session: &str, path: &str) -> Value {
        json!({"type": "async", "session": session, "output": ["", "WATCHER::", "", ev(path)]})
    }

    fn run(expected: Vec<Value>, actual: Vec<Value>) -> Report {
        compare(&json!({ "steps": expected }), &json!({ "steps": actual }))
    }

    #[test]
    fn identical_steps_pass() {
        let steps = vec![
            json!({"type": "note", "text": "hello"}),
            cmd("A", "create /a x", &["Created /a"]),
            json!({"type": "sleep", "seconds": 5}),
        ];
        let r = run(steps.clone(), steps);
        assert!(r.ok(), "{}", r.render());
        assert_eq!(r.summary(), "3 passed, 0 failed");
    }

    #[test]
    fn a_mismatching_output_is_reported() {
        let r = run(vec![cmd("A", "get /a", &["x"])], vec![cmd("A", "get /a", &["y"])]);
        assert!(!r.ok());
        assert_eq!((r.passed, r.failed), (0, 1));
        let text = r.render();
        assert!(text.contains("step 0 ('cmd', 'A', 'get /a')"), "{text}");
        assert!(text.contains("expected: ['x']") && text.contains("replay:   ['y']"), "{text}");
        assert!(text.ends_with("0 passed, 1 failed"), "{text}");
    }

    #[test]
    fn steps_must_line_up() {
        let r = run(vec![cmd("A", "ls /", &["[]"])], vec![cmd("B", "ls /", &["[]"])]);
        assert!(r.misaligned && !r.ok());
        assert!(r.render().contains("step 0: expected step ('cmd', 'A', 'ls /'), replay has ('cmd', 'B', 'ls /')"));
        let r = run(vec![cmd("A", "ls /", &["[]"]), json!({"type": "note"})], vec![cmd("A", "ls /", &["[]"])]);
        assert!(!r.ok());
        assert!(r.render().contains("expected 2 steps, replay has 1"), "{}", r.render());
        // An empty replay of a non-empty recording fails too.
        assert!(!run(vec![json!({"type": "note"})], vec![]).ok());
    }

    #[test]
    fn seconds_compare_as_numbers() {
        let r = run(vec![json!({"type": "sleep", "seconds": 10})], vec![json!({"type": "sleep", "seconds": 10.0})]);
        assert!(r.ok(), "{}", r.render());
        let r = run(vec![json!({"type": "sleep", "seconds": 10})], vec![json!({"type": "sleep", "seconds": 11.0})]);
        assert!(!r.ok());
    }

    #[test]
    fn session_ids_are_renamed_by_first_appearance_per_side() {
        let e = vec![
            cmd("A", "create -e /a", &["Created /a"]),
            cmd("A", "stat /a", &["ephemeralOwner = 0x100000abcdef0001", "x 0x100000abcdef0002"]),
        ];
        let a = vec![
            cmd("A", "create -e /a", &["Created /a"]),
            cmd("A", "stat /a", &["ephemeralOwner = 0x1000000000000007", "x 0x1000000000000003"]),
        ];
        assert!(run(e.clone(), a).ok());
        // The same ids in a different pairing are a difference.
        let swapped = vec![
            cmd("A", "create -e /a", &["Created /a"]),
            cmd("A", "stat /a", &["ephemeralOwner = 0x1000000000000007", "x 0x1000000000000007"]),
        ];
        let r = run(e, swapped);
        assert!(!r.ok());
        assert!(r.render().contains("'x S1'"), "{}", r.render());
        // Short hex numbers (zxids) are not renamed.
        assert!(!run(
            vec![cmd("A", "stat /", &["cZxid = 0x100000002"])],
            vec![cmd("A", "stat /", &["cZxid = 0x100000003"])]
        )
        .ok());
    }

    #[test]
    fn times_are_dropped() {
        let e = vec![cmd("A", "stat /", &["ctime = Mon Jan 01 00:00:00 UTC 2024", "  mtime = x"])];
        let a = vec![cmd("A", "stat /", &["ctime = Sat Nov 28 05:24:41 UTC 2026", "  mtime = y"])];
        assert!(run(e, a).ok());
        let e = vec![cmd("A", "stat /", &["atime = 1"])];
        let a = vec![cmd("A", "stat /", &["atime = 2"])];
        assert!(!run(e, a).ok());
    }

    #[test]
    fn open_output_is_compared_sorted() {
        let open = |lines: &[&str]| json!({"type": "open", "session": "A", "output": lines});
        assert!(run(vec![open(&["a", "b"])], vec![open(&["b", "a"])]).ok());
        assert!(!run(vec![open(&["a", "b"])], vec![open(&["b", "c"])]).ok());
        // A cmd's output is compared in order.
        assert!(!run(vec![cmd("A", "ls /", &["a", "b"])], vec![cmd("A", "ls /", &["b", "a"])]).ok());
    }

    #[test]
    fn prompt_is_compared_only_when_recorded() {
        let with =
            |prompt: &str| json!({"type": "cmd", "session": "A", "input": "ls /", "prompt": prompt, "output": []});
        assert!(run(vec![with(PROMPT)], vec![with(PROMPT)]).ok());
        let r = run(vec![with(PROMPT)], vec![with("[zk: 127.0.0.1:2181(CONNECTED) 1] ")]);
        assert!(!r.ok());
        assert!(r.render().contains("prompt differs"), "{}", r.render());
        assert!(run(vec![with("")], vec![with("anything")]).ok());
    }

    #[test]
    fn wait_for_allows_two_and_a_half_seconds() {
        let e = json!({"type": "wait_for", "session": "B", "pattern": "NodeDeleted", "seen_after_s": 17.771});
        let got = |seen: bool, after: f64| json!({"type": "wait_for", "session": "B", "pattern": "NodeDeleted", "seen": seen, "seen_after_s": after});
        assert!(run(vec![e.clone()], vec![got(true, 19.6)]).ok());
        assert!(run(vec![e.clone()], vec![got(true, 15.3)]).ok());
        let r = run(vec![e.clone()], vec![got(true, 20.4)]);
        assert!(!r.ok());
        assert!(
            r.render().contains("seen after 17.771s in the recording, after 20.4 s in the replay"),
            "{}",
            r.render()
        );
        let r = run(vec![e], vec![got(false, 60.0)]);
        assert!(r.render().contains("expected seen=True, replay seen=False"), "{}", r.render());
        let never = json!({"type": "wait_for", "session": "B", "pattern": "x", "seen_after_s": null});
        let none = json!({"type": "wait_for", "session": "B", "pattern": "x", "seen": false, "seen_after_s": 60});
        assert!(run(vec![never], vec![none]).ok());
    }

    #[test]
    fn notifications_are_a_multiset_per_step() {
        let e = vec![cmd("A", "delete /a", &[]), notify("B", "/a"), notify("C", "/a")];
        let a = vec![cmd("A", "delete /a", &[]), notify("C", "/a"), notify("B", "/a")];
        assert!(run(e.clone(), a).ok());
        let r = run(e.clone(), vec![cmd("A", "delete /a", &[]), notify("B", "/a")]);
        assert!(!r.ok());
        assert!(r.render().contains(&format!("notifications missing: [('C', '{}')]", ev("/a"))), "{}", r.render());
        let r = run(vec![cmd("A", "delete /a", &[])], vec![cmd("A", "delete /a", &[]), notify("B", "/a")]);
        assert!(r.render().contains("notifications not expected: [('B',"), "{}", r.render());
        // Recorded noise around a notification does not matter.
        let noisy = json!({"type": "async", "session": "B", "output": [PROMPT, "WATCHER::", "", ev("/a"), PROMPT]});
        let e = vec![cmd("A", "delete /a", &[]), noisy];
        assert!(run(e, vec![cmd("A", "delete /a", &[]), notify("B", "/a")]).ok());
    }

    #[test]
    fn a_notification_one_step_late_passes() {
        let e = vec![cmd("A", "delete /a", &[]), cmd("A", "ls /", &["[]"]), notify("B", "/a")];
        let a = vec![cmd("A", "delete /a", &[]), notify("B", "/a"), cmd("A", "ls /", &["[]"])];
        let r = run(e, a);
        assert!(r.ok(), "{}", r.render());
        // Two steps late is a difference; so is one step early.
        let e =
            vec![cmd("A", "delete /a", &[]), cmd("A", "ls /", &["[]"]), cmd("A", "ls /", &["[]"]), notify("B", "/a")];
        let a =
            vec![cmd("A", "delete /a", &[]), notify("B", "/a"), cmd("A", "ls /", &["[]"]), cmd("A", "ls /", &["[]"])];
        assert_eq!(run(e, a).failed, 2);
        let e = vec![cmd("A", "delete /a", &[]), notify("B", "/a"), cmd("A", "ls /", &["[]"])];
        let a = vec![cmd("A", "delete /a", &[]), cmd("A", "ls /", &["[]"]), notify("B", "/a")];
        assert_eq!(run(e, a).failed, 2);
    }

    #[test]
    fn a_watcher_block_in_a_commands_output_is_a_notification_of_that_step() {
        let inline = cmd("A", "delete /a", &["", "WATCHER::", "", &ev("/a"), "done"]);
        let e = vec![inline];
        let a = vec![cmd("A", "delete /a", &["done"]), notify("A", "/a")];
        assert!(run(e.clone(), a).ok());
        // ... but it is A's notification, not B's.
        assert!(!run(e, vec![cmd("A", "delete /a", &["done"]), notify("B", "/a")]).ok());
        // A prompt right before WATCHER:: is terminal noise.
        let e = vec![cmd("A", "delete /a", &["x", PROMPT, "WATCHER::", "", &ev("/a")])];
        let a = vec![cmd("A", "delete /a", &["x"]), notify("A", "/a")];
        assert!(run(e, a).ok());
    }

    #[test]
    fn notifications_before_the_first_step_count() {
        let e = vec![notify("B", "/a"), cmd("A", "ls /", &["[]"])];
        assert!(run(e.clone(), e.clone()).ok());
        assert!(!run(e, vec![cmd("A", "ls /", &["[]"])]).ok());
    }

    #[test]
    fn python_reprs() {
        assert_eq!(py_str("it's"), "\"it's\"");
        assert_eq!(py_str("a'\"b\n"), "'a\\'\"b\\n'");
        assert_eq!(py_repr(&json!(10.0)), "10.0");
        assert_eq!(py_repr(&json!(10)), "10");
        assert_eq!(py_repr(&json!(null)), "None");
    }
}
