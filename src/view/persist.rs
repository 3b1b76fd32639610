//! What survives a page reload: a versioned snapshot of the whole playground (the engine's tree
//! and sessions, the zkCli processes), every console's scrollback and history, the virtual clock,
//! the client colours and the UI's preferences, as JSON. Storage is not trusted: corrupt JSON,
//! an older or newer format, or inconsistent parts yield a clear [`LoadError`] or are repaired.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::clock::VirtualClock;
use super::colors;
use crate::playground::Playground;

/// The localStorage key of the snapshot.
pub const STORAGE_KEY: &str = "zkplay.v1";

/// Bumped whenever the snapshot's shape changes; older snapshots are not migrated.
pub const FORMAT_VERSION: u32 = 1;

/// Scrollback lines a console keeps in memory (a terminal's scrollback limit).
pub const MAX_LINES: usize = 2_000;

/// Scrollback lines per console that are saved (localStorage is small).
pub const SAVED_LINES: usize = 500;

/// Commands kept per console for Arrow-Up/Down recall.
pub const MAX_HISTORY: usize = 200;

/// What kind of line a console's scrollback shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    /// Text the client printed.
    Output,
    /// A typed command after the prompt it was typed at.
    Echo { prompt: String },
    /// A watch notification the client printed by itself.
    Event,
    /// A message from the playground itself (not zkCli's output).
    Note,
}

/// One scrollback line; `id` is unique within its console (a stable render key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub id: u64,
    pub kind: LineKind,
    pub text: String,
}

/// One console's scrollback and command history.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleLog {
    pub lines: VecDeque<Line>,
    pub next_id: u64,
    pub history: Vec<String>,
}

impl ConsoleLog {
    pub fn push(&mut self, kind: LineKind, text: impl Into<String>) {
        self.lines.push_back(Line { id: self.next_id, kind, text: text.into() });
        self.next_id = self.next_id.wrapping_add(1);
        while self.lines.len() > MAX_LINES {
            self.lines.pop_front();
        }
    }

    pub fn extend(&mut self, kind: LineKind, texts: impl IntoIterator<Item = String>) {
        for text in texts {
            self.push(kind.clone(), text);
        }
    }

    /// Remembers a typed command (not blanks, not a repeat of the last one).
    pub fn remember(&mut self, line: &str) {
        if line.trim().is_empty() || self.history.last().map(String::as_str) == Some(line) {
            return;
        }
        self.history.push(line.to_string());
        if self.history.len() > MAX_HISTORY {
            let excess = self.history.len() - MAX_HISTORY;
            self.history.drain(..excess);
        }
    }

    pub fn clear(&mut self) {
        self.lines.clear();
    }
}

/// The colour theme: follow the system, or forced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// System → light → dark → system.
    pub fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The UI's own choices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    pub theme: Theme,
    /// The client each of the two console panes shows.
    pub panes: [Option<String>; 2],
    /// The selected znode.
    #[serde(default)]
    pub selected: Option<String>,
}

/// Everything that is saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub format_version: u32,
    pub playground: Playground,
    /// The clients in tab order.
    pub tabs: Vec<String>,
    pub consoles: BTreeMap<String, ConsoleLog>,
    pub clock: VirtualClock,
    pub colors: BTreeMap<String, String>,
    /// How many colours were handed out (the next client's place in the palette).
    pub colors_handed: usize,
    pub prefs: Prefs,
}

/// A snapshot made of borrowed parts, so saving never clones the playground.
pub struct SnapshotRef<'a> {
    pub playground: &'a Playground,
    pub tabs: &'a [String],
    pub consoles: &'a BTreeMap<String, ConsoleLog>,
    pub clock: &'a VirtualClock,
    pub colors: &'a BTreeMap<String, String>,
    pub colors_handed: usize,
    pub prefs: &'a Prefs,
}

/// A console as saved: only its newest [`SAVED_LINES`] lines.
struct Trimmed<'a>(&'a ConsoleLog);

impl Serialize for Trimmed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Tail<'b>(&'b VecDeque<Line>);
        impl Serialize for Tail<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let skip = self.0.len().saturating_sub(SAVED_LINES);
                serializer.collect_seq(self.0.iter().skip(skip))
            }
        }
        let mut s = serializer.serialize_struct("ConsoleLog", 3)?;
        s.serialize_field("lines", &Tail(&self.0.lines))?;
        s.serialize_field("next_id", &self.0.next_id)?;
        s.serialize_field("history", &self.0.history)?;
        s.end()
    }
}

impl SnapshotRef<'_> {
    pub fn to_json(&self) -> Result<String, String> {
        #[derive(Serialize)]
        struct Saved<'a> {
            format_version: u32,
            playground: &'a Playground,
            tabs: &'a [String],
            consoles: BTreeMap<&'a str, Trimmed<'a>>,
            clock: &'a VirtualClock,
            colors: &'a BTreeMap<String, String>,
            colors_handed: usize,
            prefs: &'a Prefs,
        }
        let saved = Saved {
            format_version: FORMAT_VERSION,
            playground: self.playground,
            tabs: self.tabs,
            consoles: self.consoles.iter().map(|(k, v)| (k.as_str(), Trimmed(v))).collect(),
            clock: self.clock,
            colors: self.colors,
            colors_handed: self.colors_handed,
            prefs: self.prefs,
        };
        serde_json::to_string(&saved).map_err(|e| e.to_string())
    }
}

/// Why a stored snapshot was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// Not JSON, or not a snapshot's shape.
    Corrupt(String),
    /// Written by another version of zkplay.
    OtherFormat { found: Option<u64> },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Corrupt(why) => {
                write!(f, "The saved playground could not be read ({why}), so a fresh one was started.")
            }
            LoadError::OtherFormat { found: Some(v) } => write!(
                f,
                "The saved playground is from another version of zkplay (format {v}, this one reads {FORMAT_VERSION}), so a fresh one was started."
            ),
            LoadError::OtherFormat { found: None } => write!(
                f,
                "The saved playground is from an older version of zkplay (no format version), so a fresh one was started."
            ),
        }
    }
}

impl Snapshot {
    /// The JSON that is stored (scrollback trimmed to [`SAVED_LINES`] per console).
    pub fn to_json(&self) -> Result<String, String> {
        SnapshotRef {
            playground: &self.playground,
            tabs: &self.tabs,
            consoles: &self.consoles,
            clock: &self.clock,
            colors: &self.colors,
            colors_handed: self.colors_handed,
            prefs: &self.prefs,
        }
        .to_json()
    }

    /// Reads stored JSON: checks the format version first, then the shape, then repairs what
    /// does not fit together (tabs without a client, clients without a tab, colour or console).
    pub fn from_json(json: &str) -> Result<Snapshot, LoadError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| LoadError::Corrupt(e.to_string()))?;
        if !value.is_object() {
            return Err(LoadError::Corrupt("not a JSON object".to_string()));
        }
        let version = value.get("format_version").and_then(serde_json::Value::as_u64);
        if version != Some(u64::from(FORMAT_VERSION)) {
            return Err(LoadError::OtherFormat { found: version });
        }
        // A small deserializer over the parsed value (see value_de): serde_json's own
        // deserializers would add a large copy of every snapshot type's reading code to the wasm.
        let mut snapshot: Snapshot =
            super::value_de::from_value(&value).map_err(|e| LoadError::Corrupt(e.to_string()))?;
        snapshot.repair();
        Ok(snapshot)
    }

    fn repair(&mut self) {
        let names: Vec<String> = self.playground.clients().iter().map(|c| c.name.clone()).collect();
        let mut tabs: Vec<String> = Vec::new();
        for tab in self.tabs.iter().chain(names.iter()) {
            if names.contains(tab) && !tabs.contains(tab) {
                tabs.push(tab.clone());
            }
        }
        self.tabs = tabs;
        self.consoles.retain(|name, _| names.contains(name));
        self.colors.retain(|name, color| names.contains(name) && colors::is_valid(color));
        for tab in &self.tabs {
            self.consoles.entry(tab.clone()).or_default();
            if !self.colors.contains_key(tab) {
                let color = colors::next_color(&self.colors, self.colors_handed);
                self.colors_handed += 1;
                self.colors.insert(tab.clone(), color);
            }
        }
        for console in self.consoles.values_mut() {
            let top = console.lines.iter().map(|l| l.id).max().map_or(0, |m| m.saturating_add(1));
            console.next_id = console.next_id.max(top);
            while console.lines.len() > MAX_LINES {
                console.lines.pop_front();
            }
        }
        for pane in &mut self.prefs.panes {
            if pane.as_ref().is_some_and(|p| !self.tabs.contains(p)) {
                *pane = None;
            }
        }
        if self.prefs.selected.as_ref().is_some_and(|p| !self.playground.engine().tree().contains(p)) {
            self.prefs.selected = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

    fn sample() -> Snapshot {
        let mut playground = Playground::new(ENSEMBLE, 1_000);
        let mut consoles = BTreeMap::new();
        let mut colors_map = BTreeMap::new();
        for (i, name) in ["A", "B"].iter().enumerate() {
            let mut log = ConsoleLog::default();
            log.extend(LineKind::Output, playground.open_client(name, ENSEMBLE, &[], 1_000));
            consoles.insert(name.to_string(), log);
            colors_map.insert(name.to_string(), colors::PALETTE[i].to_string());
        }
        let out = playground.type_line("A", "create /app hello", 2_000);
        let log = consoles.get_mut("A").unwrap();
        log.remember("create /app hello");
        log.push(LineKind::Echo { prompt: out.prompt }, "create /app hello");
        log.extend(LineKind::Output, out.output);
        Snapshot {
            format_version: FORMAT_VERSION,
            playground,
            tabs: vec!["A".into(), "B".into()],
            consoles,
            clock: VirtualClock::new(2_000),
            colors: colors_map,
            colors_handed: 2,
            prefs: Prefs {
                theme: Theme::Dark,
                panes: [Some("A".into()), Some("B".into())],
                selected: Some("/app".into()),
            },
        }
    }

    #[test]
    fn round_trips_through_json() {
        let snapshot = sample();
        let back = Snapshot::from_json(&snapshot.to_json().unwrap()).unwrap();
        assert_eq!(back, snapshot);
        assert!(back.playground.engine().tree().contains("/app"));
        assert_eq!(back.consoles["A"].history, ["create /app hello"]);
    }

    #[test]
    fn corrupt_storage_is_a_clear_error() {
        for junk in ["", "{", "null", "[1,2]", "{\"format_version\":1}", "{\"format_version\":1,\"playground\":7}"] {
            let err = Snapshot::from_json(junk).unwrap_err();
            assert!(matches!(err, LoadError::Corrupt(_)), "{junk:?} gave {err:?}");
            assert!(err.to_string().contains("fresh one was started"));
        }
    }

    #[test]
    fn other_formats_are_refused_by_version() {
        assert_eq!(Snapshot::from_json("{\"lines\":[]}"), Err(LoadError::OtherFormat { found: None }));
        let json = sample().to_json().unwrap().replacen("\"format_version\":1", "\"format_version\":0", 1);
        let err = Snapshot::from_json(&json).unwrap_err();
        assert_eq!(err, LoadError::OtherFormat { found: Some(0) });
        assert!(err.to_string().contains("format 0"));
    }

    #[test]
    fn inconsistent_parts_are_repaired() {
        let mut s = sample();
        s.tabs = vec!["Z".into(), "B".into(), "B".into()];
        s.colors.insert("A".into(), "javascript:alert(1)".into());
        s.consoles.remove("B");
        s.consoles.insert("ghost".into(), ConsoleLog::default());
        s.prefs.panes = [Some("ghost".into()), None];
        s.prefs.selected = Some("/nope".into());
        let back = Snapshot::from_json(&s.to_json().unwrap()).unwrap();
        assert_eq!(back.tabs, ["B", "A"]);
        assert!(back.consoles.contains_key("B") && !back.consoles.contains_key("ghost"));
        assert!(colors::is_valid(&back.colors["A"]));
        assert_eq!(back.prefs.panes, [None, None]);
        assert_eq!(back.prefs.selected, None);
    }

    #[test]
    fn scrollback_is_bounded_in_memory_and_in_storage() {
        let mut log = ConsoleLog::default();
        for i in 0..(MAX_LINES + 10) {
            log.push(LineKind::Output, i.to_string());
        }
        assert_eq!(log.lines.len(), MAX_LINES);
        assert_eq!(log.lines.front().map(|l| l.text.as_str()), Some("10"));
        let mut s = sample();
        s.consoles.insert("A".into(), log);
        let back = Snapshot::from_json(&s.to_json().unwrap()).unwrap();
        assert_eq!(back.consoles["A"].lines.len(), SAVED_LINES);
        assert_eq!(back.consoles["A"].next_id, (MAX_LINES + 10) as u64);
    }

    #[test]
    fn history_skips_blanks_and_repeats() {
        let mut log = ConsoleLog::default();
        for line in ["ls /", "ls /", " ", "stat /"] {
            log.remember(line);
        }
        assert_eq!(log.history, ["ls /", "stat /"]);
        for i in 0..(MAX_HISTORY + 5) {
            log.remember(&i.to_string());
        }
        assert_eq!(log.history.len(), MAX_HISTORY);
    }
}
