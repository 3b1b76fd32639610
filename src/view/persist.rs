//! What survives a page reload: the learner's journal (every client opened, line typed, process
//! killed, client renamed or closed, with its virtual time), the virtual clock, the client
//! colours, which consoles were cleared and the UI's preferences, as JSON. The engine is
//! deterministic, so replaying the journal rebuilds the playground and its consoles' scrollback
//! and history (see [`World::redo`]); nothing of the engine itself is stored. Storage is not
//! trusted: corrupt JSON, an older or newer format, or inconsistent parts yield a clear
//! [`LoadError`] or are repaired.

use std::collections::VecDeque;
use std::fmt;

use crate::vec_map::VecMap;

use super::clock::VirtualClock;
use super::colors;
use super::world::{Imported, World};
use crate::json::Json;
use crate::playground::{Action, Did, Playground};
use crate::tutorial::Lang;

/// The localStorage key of the snapshot.
pub const STORAGE_KEY: &str = "zkplay.v1";

/// Bumped whenever the snapshot's shape changes; older snapshots are not migrated (1 stored the
/// whole engine, 2 stores the journal).
pub const FORMAT_VERSION: u32 = 2;

/// Scrollback lines a console keeps in memory (a terminal's scrollback limit).
pub const MAX_LINES: usize = 2_000;

/// The most distinct client names a saved journal may open (the page allows 40 at a time):
/// the replay looks clients up by name, so a hand-edited journal with thousands of them would
/// make it slow.
pub const MAX_JOURNAL_CLIENTS: usize = 1_000;

/// The longest virtual time a saved playground may span: replaying it runs the engine through
/// all of it (a container check per virtual minute), so a hand-edited time cannot hang the page.
pub const MAX_SPAN_MS: u64 = 366 * 24 * 3600 * 1000;

/// Commands kept per console for Arrow-Up/Down recall.
pub const MAX_HISTORY: usize = 200;

/// What kind of line a console's scrollback shows.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub id: u64,
    pub kind: LineKind,
    pub text: String,
}

/// One console's scrollback and command history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsoleLog {
    pub lines: VecDeque<Line>,
    pub next_id: u64,
    pub history: Vec<String>,
    /// The id of the first line after the latest Ctrl-L (the replay drops the lines before).
    pub first_kept: u64,
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
        self.first_kept = self.next_id;
        self.lines.clear();
    }
}

/// The colour theme: follow the system, or forced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    pub theme: Theme,
    /// The client each of the two console panes shows.
    pub panes: [Option<String>; 2],
    /// The selected znode.
    pub selected: Option<String>,
}

/// Everything that is saved, as read back from storage (not yet replayed).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The connect string and start time of the playground the journal replays on.
    pub server: String,
    pub started_ms: u64,
    /// Set when the playground began as an imported scenario.
    pub imported: Option<Imported>,
    /// What was done, oldest first ([`Playground::actions`]).
    pub journal: Vec<Action>,
    pub clock: VirtualClock,
    pub colors: VecMap<String, String>,
    /// How many colours were handed out (the next client's place in the palette).
    pub colors_handed: usize,
    /// Per console: [`ConsoleLog::first_kept`] where it is not 0.
    pub cleared: VecMap<String, u64>,
    pub prefs: Prefs,
}

/// What is saved, borrowed from the page's state (saving never clones the playground).
pub struct SnapshotRef<'a> {
    pub world: &'a World,
    pub colors: &'a VecMap<String, String>,
    pub colors_handed: usize,
    pub prefs: &'a Prefs,
}

/// A saved playground rebuilt by replay, with the page's parts that go with it.
pub struct Restored {
    pub world: World,
    pub colors: VecMap<String, String>,
    pub colors_handed: usize,
    pub prefs: Prefs,
}

fn did_json(action: &Action) -> Json {
    let text = |key: &str, value: &str| (key.to_string(), Json::str(value));
    let mut members = vec![("at".to_string(), Json::int(action.time))];
    let (did, rest) = match &action.what {
        Did::Open { client, connect, extra_args } => (
            "open",
            vec![text("client", client), text("connect", connect), ("args".to_string(), Json::strings(extra_args))],
        ),
        Did::Line { client, line } => ("line", vec![text("client", client), text("line", line)]),
        Did::Kill { client } => ("kill", vec![text("client", client)]),
        Did::Remove { client } => ("remove", vec![text("client", client)]),
        Did::Rename { from, to } => ("rename", vec![text("from", from), text("to", to)]),
        Did::ServerStop { index } => ("server_stop", vec![("index".to_string(), Json::int(*index as u64))]),
        Did::ServerStart { index } => ("server_start", vec![("index".to_string(), Json::int(*index as u64))]),
    };
    members.push(text("did", did));
    members.extend(rest);
    Json::Object(members)
}

fn read_did(value: &Json) -> Option<Action> {
    let text = |key: &str| value.get(key).and_then(Json::as_str).map(str::to_string);
    let index = || value.get("index").and_then(Json::as_u64).and_then(|i| usize::try_from(i).ok());
    let what = match value.get("did")?.as_str()? {
        "open" => Did::Open {
            client: text("client")?,
            connect: text("connect")?,
            extra_args: value.get("args")?.as_strings()?,
        },
        "line" => Did::Line { client: text("client")?, line: text("line")? },
        "kill" => Did::Kill { client: text("client")? },
        "remove" => Did::Remove { client: text("client")? },
        "rename" => Did::Rename { from: text("from")?, to: text("to")? },
        "server_stop" => Did::ServerStop { index: index()? },
        "server_start" => Did::ServerStart { index: index()? },
        _ => return None,
    };
    Some(Action { time: value.get("at")?.as_i64()?, what })
}

fn theme_name(theme: Theme) -> &'static str {
    match theme {
        Theme::System => "System",
        Theme::Light => "Light",
        Theme::Dark => "Dark",
    }
}

fn optional_text(value: &Option<String>) -> Json {
    value.as_deref().map_or(Json::Null, Json::str)
}

impl SnapshotRef<'_> {
    pub fn to_json(&self) -> String {
        let world = self.world;
        let playground = &world.playground;
        let imported = world.imported.as_ref().map_or(Json::Null, |i| {
            Json::Object(vec![
                ("actions".into(), Json::int(i.actions as u64)),
                ("at_ms".into(), Json::int(i.at_ms)),
                ("note".into(), Json::str(&i.note)),
            ])
        });
        let cleared = world
            .consoles
            .iter()
            .filter(|(_, log)| log.first_kept > 0)
            .map(|(name, log)| (name.clone(), Json::int(log.first_kept)))
            .collect();
        let prefs = Json::Object(vec![
            ("theme".into(), Json::str(theme_name(self.prefs.theme))),
            ("panes".into(), Json::Array(self.prefs.panes.iter().map(optional_text).collect())),
            ("selected".into(), optional_text(&self.prefs.selected)),
        ]);
        Json::Object(vec![
            ("format_version".into(), Json::int(FORMAT_VERSION)),
            ("server".into(), Json::str(playground.server())),
            ("started_ms".into(), Json::int(playground.started_ms())),
            ("imported".into(), imported),
            ("journal".into(), Json::Array(playground.actions().iter().map(did_json).collect())),
            ("clock".into(), world.clock.to_json()),
            ("colors".into(), Json::Object(self.colors.iter().map(|(k, v)| (k.clone(), Json::str(v))).collect())),
            ("colors_handed".into(), Json::int(self.colors_handed as u64)),
            ("cleared".into(), Json::Object(cleared)),
            ("prefs".into(), prefs),
        ])
        .to_text()
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

fn corrupt(why: impl Into<String>) -> LoadError {
    LoadError::Corrupt(why.into())
}

fn read_prefs(value: Option<&Json>) -> Prefs {
    let mut prefs = Prefs::default();
    let Some(value) = value else {
        return prefs;
    };
    prefs.theme = match value.get("theme").and_then(Json::as_str) {
        Some("Light") => Theme::Light,
        Some("Dark") => Theme::Dark,
        _ => Theme::System,
    };
    let panes = value.get("panes").and_then(Json::as_array).unwrap_or_default();
    for (pane, saved) in prefs.panes.iter_mut().zip(panes) {
        *pane = saved.as_str().map(str::to_string);
    }
    prefs.selected = value.get("selected").and_then(Json::as_str).map(str::to_string);
    prefs
}

impl Snapshot {
    /// Reads stored JSON: checks the format version first, then the shape. The journal must be
    /// whole (a replay of part of it would be another playground); the page's own parts
    /// (colours, panes, …) are repaired after the replay, see [`Snapshot::restore`].
    pub fn from_json(json: &str) -> Result<Snapshot, LoadError> {
        let value = Json::parse(json).map_err(corrupt)?;
        if value.as_object().is_none() {
            return Err(corrupt("not a JSON object"));
        }
        let version = value.get("format_version").and_then(Json::as_u64);
        if version != Some(u64::from(FORMAT_VERSION)) {
            return Err(LoadError::OtherFormat { found: version });
        }
        let server = value.get("server").and_then(Json::as_str).ok_or_else(|| corrupt("no server"))?;
        let started_ms = value.get("started_ms").and_then(Json::as_u64).ok_or_else(|| corrupt("no start time"))?;
        let entries = value.get("journal").and_then(Json::as_array).ok_or_else(|| corrupt("no journal"))?;
        let mut journal = Vec::with_capacity(entries.len());
        let mut last = i64::try_from(started_ms).map_err(|_| corrupt("the start time is out of range"))?;
        let mut clients = crate::vec_map::VecSet::new();
        for (i, entry) in entries.iter().enumerate() {
            let action = read_did(entry).ok_or_else(|| corrupt(format!("journal entry {i} is not an action")))?;
            if action.time < last {
                return Err(corrupt(format!("journal entry {i} goes back in time")));
            }
            last = action.time;
            if let Did::Open { client, .. } | Did::Rename { to: client, .. } = &action.what {
                clients.insert(client.clone());
                if clients.len() > MAX_JOURNAL_CLIENTS {
                    return Err(corrupt("the journal has too many clients"));
                }
            }
            journal.push(action);
        }
        let imported = match value.get("imported") {
            None | Some(Json::Null) => None,
            Some(i) => {
                let read = || {
                    let actions = usize::try_from(i.get("actions")?.as_u64()?).ok()?;
                    let at_ms = i.get("at_ms")?.as_u64()?;
                    let note = i.get("note")?.as_str()?.to_string();
                    Some(Imported { actions, at_ms, note })
                };
                Some(read().filter(|i| i.actions <= journal.len()).ok_or_else(|| corrupt("the import is unreadable"))?)
            }
        };
        let clock = value.get("clock").and_then(VirtualClock::from_json).ok_or_else(|| corrupt("no clock"))?;
        let end = [clock.now_ms(), imported.as_ref().map_or(0, |i| i.at_ms), u64::try_from(last).unwrap_or(0)];
        if end.iter().any(|t| t.saturating_sub(started_ms) > MAX_SPAN_MS) {
            return Err(corrupt("the saved time span is too long"));
        }
        // Per-client maps; members of the wrong type are left out.
        fn by_client<V>(value: &Json, key: &str, read: impl Fn(&Json) -> Option<V>) -> VecMap<String, V> {
            let members = value.get(key).and_then(Json::as_object).unwrap_or_default();
            members.iter().filter_map(|(name, v)| Some((name.clone(), read(v)?))).collect()
        }
        let colors = by_client(&value, "colors", |c| c.as_str().map(str::to_string));
        let cleared = by_client(&value, "cleared", Json::as_u64);
        let colors_handed = value.get("colors_handed").and_then(Json::as_u64).unwrap_or(0);
        Ok(Snapshot {
            server: server.to_string(),
            started_ms,
            imported,
            journal,
            clock,
            colors,
            colors_handed: usize::try_from(colors_handed).unwrap_or(usize::MAX),
            cleared,
            prefs: read_prefs(value.get("prefs")),
        })
    }

    /// Rebuilds the playground by replaying the journal (notes in `lang`), then repairs the
    /// page's parts that do not fit it (colours of clients that are gone or missing, panes
    /// showing no client, a selected znode that does not exist).
    pub fn restore(self, lang: Lang) -> Restored {
        let mut journal = self.journal.iter();
        let mut world = match &self.imported {
            Some(imported) => {
                // The import ran its scenario quietly; its consoles showed only the note.
                let mut playground = Playground::new(&self.server, self.started_ms);
                for action in journal.by_ref().take(imported.actions) {
                    playground.redo(action);
                }
                playground.advance(imported.at_ms);
                World::imported(playground, imported.at_ms, &imported.note)
            }
            None => World::new(Playground::new(&self.server, self.started_ms), self.started_ms),
        };
        for action in journal {
            world.redo(action, lang);
        }
        let mut clock = self.clock;
        clock.skip_to(world.clock.now_ms());
        world.clock = clock;
        world.advance(lang);
        for (name, first_kept) in &self.cleared {
            if let Some(log) = world.consoles.get_mut(name) {
                log.lines.retain(|l| l.id >= *first_kept);
                log.first_kept = *first_kept;
            }
        }
        let mut restored =
            Restored { world, colors: self.colors, colors_handed: self.colors_handed, prefs: self.prefs };
        restored.repair();
        restored
    }
}

impl Restored {
    fn repair(&mut self) {
        let tabs = &self.world.tabs;
        self.colors.retain(|name, color| tabs.contains(name) && colors::is_valid(color));
        for tab in tabs {
            if !self.colors.contains_key(tab) {
                let color = colors::next_color(&self.colors, self.colors_handed);
                self.colors_handed = self.colors_handed.saturating_add(1);
                self.colors.insert(tab.clone(), color);
            }
        }
        for pane in &mut self.prefs.panes {
            if pane.as_ref().is_some_and(|p| !tabs.contains(p)) {
                *pane = None;
            }
        }
        if self.prefs.selected.as_ref().is_some_and(|p| !self.world.playground.engine().tree().contains(p)) {
            self.prefs.selected = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::world::ENSEMBLE;

    /// A world where A and B are connected, A created /app, and B watches it.
    fn sample() -> (World, VecMap<String, String>, Prefs) {
        let mut world = World::new(Playground::new(ENSEMBLE, 1_000), 1_000);
        let mut colors_map = VecMap::new();
        for (i, name) in ["A", "B"].iter().enumerate() {
            world.open(name, ENSEMBLE, &[]);
            colors_map.insert(name.to_string(), colors::PALETTE[i].to_string());
        }
        world.clock.step(1_000);
        world.submit("B", "stat -w /app", Lang::En);
        world.clock.step(1_000);
        world.submit("A", "create /app hello", Lang::En);
        let prefs =
            Prefs { theme: Theme::Dark, panes: [Some("A".into()), Some("B".into())], selected: Some("/app".into()) };
        (world, colors_map, prefs)
    }

    fn save(world: &World, colors: &VecMap<String, String>, prefs: &Prefs) -> String {
        SnapshotRef { world, colors, colors_handed: colors.len(), prefs }.to_json()
    }

    fn reload(world: &World, colors: &VecMap<String, String>, prefs: &Prefs) -> Restored {
        Snapshot::from_json(&save(world, colors, prefs)).expect("reads back").restore(Lang::En)
    }

    /// The replay rebuilt the same playground, consoles, tabs and clock.
    fn assert_same(back: &World, world: &World) {
        assert!(back.playground == world.playground, "the replayed playground differs");
        assert_eq!(back.consoles, world.consoles);
        assert_eq!(back.tabs, world.tabs);
        assert_eq!(back.clock.now_ms(), world.clock.now_ms());
        assert_eq!(back.imported, world.imported);
    }

    #[test]
    fn round_trips_through_the_journal() {
        let (mut world, colors_map, prefs) = sample();
        world.clock.set_speed(5.0);
        world.clock.set_paused(true);
        let back = reload(&world, &colors_map, &prefs);
        assert_same(&back.world, &world);
        assert!(back.world.playground.engine().tree().contains("/app"));
        assert_eq!(back.world.consoles.get("A").unwrap().history, ["create /app hello"]);
        assert!(back.world.consoles.get("B").unwrap().lines.iter().any(|l| l.kind == LineKind::Event));
        assert_eq!((back.world.clock.speed(), back.world.clock.paused()), (5.0, true));
        // Saving the replayed world gives the same journal again.
        assert_eq!(save(&back.world, &back.colors, &back.prefs), save(&world, &colors_map, &prefs));
        assert_eq!((back.colors, back.prefs), (colors_map, prefs));
    }

    #[test]
    fn crashes_expiries_renames_closes_and_clears_replay_the_same() {
        let (mut world, colors_map, prefs) = sample();
        world.submit("B", "create -e /lock b", Lang::En);
        world.crash("B", Lang::En);
        world.clock.step(40_000);
        world.advance(Lang::En);
        assert!(world
            .consoles
            .get("B")
            .unwrap()
            .lines
            .iter()
            .any(|l| l.kind == LineKind::Note && l.text.contains("expired")));
        world.submit("B", "anything", Lang::En); // Enter in an ended console: a new zkCli
        world.open("C", ENSEMBLE, &[]);
        world.rename("C", "Carol").expect("renames");
        world.submit("Carol", "ls /", Lang::En);
        world.submit("A", "quit", Lang::En);
        world.close("A");
        world.console("B").clear();
        world.submit("B", "ls /", Lang::En);
        // The page moves the playground with its clock (a tick or a step does both).
        world.clock.step(5_000);
        world.advance(Lang::En);
        let back = reload(&world, &colors_map, &prefs);
        assert_same(&back.world, &world);
        assert_eq!(back.world.tabs, ["B", "Carol"]);
        assert_eq!(back.world.consoles.get("B").unwrap().lines.front().map(|l| l.text.as_str()), Some("ls /"));
        assert_eq!(back.prefs.panes, [None, Some("B".into())], "A's pane is empty");
        assert_eq!(back.colors.keys().collect::<Vec<_>>(), ["B", "Carol"]);
    }

    #[test]
    fn an_imported_scenario_replays_quietly_then_the_rest_shows() {
        let (playground, now) = {
            let (mut world, _, _) = sample();
            world.clock.step(50_000);
            world.advance(Lang::En);
            let text = crate::scenario::export_json(&world.playground, "t").to_text();
            crate::scenario::import(&text).expect("imports")
        };
        let mut world = World::imported(playground, now, "imported from t");
        world.clock.step(1_000);
        world.submit("A", "ls /", Lang::En);
        let colors_map = VecMap::from_iter([("A".to_string(), "#c0392b".to_string())]);
        let back = reload(&world, &colors_map, &Prefs::default());
        assert_same(&back.world, &world);
        assert_eq!(back.world.consoles.get("B").unwrap().lines.len(), 1, "only the note");
    }

    #[test]
    fn corrupt_storage_is_a_clear_error() {
        let (world, colors_map, prefs) = sample();
        let good = save(&world, &colors_map, &prefs);
        let back_in_time = good.replacen("\"at\":3000", "\"at\":5", 1);
        let bad_entry = good.replacen("\"did\":\"line\"", "\"did\":\"fly\"", 1);
        let far_future = good.replacen("\"now_ms\":3000", "\"now_ms\":99999999999999", 1);
        let open = "{\"at\":1000,\"did\":\"open\",\"client\":\"C\",\"connect\":\"x\",\"args\":[]}";
        let crowd: Vec<String> =
            (0..=MAX_JOURNAL_CLIENTS).map(|i| open.replace("\"C\"", &format!("\"C{i}\""))).collect();
        let crowd = good.replacen("\"journal\":[", &format!("\"journal\":[{},", crowd.join(",")), 1);
        for junk in [
            "",
            "{",
            "null",
            "[1,2]",
            "{\"format_version\":2}",
            "{\"format_version\":2,\"server\":\"x\",\"started_ms\":0,\"journal\":7}",
            &back_in_time,
            &bad_entry,
            &far_future,
            &crowd,
        ] {
            let err = Snapshot::from_json(junk).unwrap_err();
            assert!(matches!(err, LoadError::Corrupt(_)), "{junk:?} gave {err:?}");
            assert!(err.to_string().contains("fresh one was started"));
        }
    }

    #[test]
    fn other_formats_are_refused_by_version() {
        assert_eq!(Snapshot::from_json("{\"lines\":[]}"), Err(LoadError::OtherFormat { found: None }));
        let v1 = "{\"format_version\":1,\"playground\":{\"engine\":{}},\"tabs\":[]}";
        let err = Snapshot::from_json(v1).unwrap_err();
        assert_eq!(err, LoadError::OtherFormat { found: Some(1) });
        assert!(err.to_string().contains("format 1"));
    }

    #[test]
    fn inconsistent_parts_are_repaired() {
        let (world, mut colors_map, mut prefs) = sample();
        colors_map.insert("A".into(), "javascript:alert(1)".into());
        colors_map.insert("ghost".into(), "#000000".into());
        colors_map.remove("B");
        prefs.panes = [Some("ghost".into()), None];
        prefs.selected = Some("/nope".into());
        let back = reload(&world, &colors_map, &prefs);
        assert_eq!(back.colors.keys().collect::<Vec<_>>(), ["A", "B"]);
        assert!(back.colors.values().all(|c| colors::is_valid(c)));
        assert_eq!(back.prefs.panes, [None, None]);
        assert_eq!(back.prefs.selected, None);
    }

    #[test]
    fn scrollback_is_bounded_in_memory_and_after_a_replay() {
        let mut log = ConsoleLog::default();
        for i in 0..(MAX_LINES + 10) {
            log.push(LineKind::Output, i.to_string());
        }
        assert_eq!(log.lines.len(), MAX_LINES);
        assert_eq!(log.lines.front().map(|l| l.text.as_str()), Some("10"));
        let (mut world, colors_map, prefs) = sample();
        for _ in 0..1_100 {
            world.submit("A", "ls /", Lang::En);
        }
        let back = reload(&world, &colors_map, &prefs);
        assert_eq!(back.world.consoles.get("A").unwrap().lines.len(), MAX_LINES);
        assert_eq!(back.world.consoles.get("A").unwrap().next_id, world.consoles.get("A").unwrap().next_id);
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
