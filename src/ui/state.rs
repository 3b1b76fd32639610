//! The page's one `Reducible` state over the live playground. The [`World`] (engine, zkCli
//! processes, scrollback, clock) is mutated in place behind an `Rc<RefCell<…>>` — never cloned per
//! action — and a revision counter tells components when it changed.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::Reducible;

use crate::engine::watch::SessionId;
use crate::playground::{Delivery, Playground};
use crate::tutorial::{self, Lang, Tutorial};
use crate::view::clock::VirtualClock;
use crate::view::colors;
use crate::view::i18n::{fill, strings, Strings};
use crate::view::persist::{LoadError, Prefs, Snapshot, SnapshotRef, Theme, FORMAT_VERSION};
use crate::view::tutorial_state::TutorialState;
pub use crate::view::world::{World, ENSEMBLE};

/// How long an event's flight from a znode to a client is shown, in wall milliseconds.
pub const FLIGHT_MS: f64 = 1_200.0;

/// The most clients the page allows.
pub const MAX_CLIENTS: usize = 40;

/// The longest client name.
pub const MAX_NAME: usize = 24;

/// Client name → CSS colour.
pub type ClientColors = Rc<crate::vec_map::VecMap<String, String>>;

/// A client's colour (a neutral grey for names without one).
pub fn client_color(colors: &ClientColors, name: &str) -> String {
    colors::color_of(colors, name)
}

/// The wall clock in milliseconds.
pub fn wall_ms() -> f64 {
    js_sys::Date::now()
}

/// A read handle on the live playground for components; equality = same world and same revision,
/// so components re-render exactly when the playground changed.
#[derive(Clone)]
pub struct Shared {
    world: Rc<RefCell<World>>,
    revision: u64,
}

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.world, &other.world) && self.revision == other.revision
    }
}

impl Shared {
    pub fn playground(&self) -> Ref<'_, Playground> {
        Ref::map(self.world.borrow(), |w| &w.playground)
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The virtual clock's now.
    pub fn now_ms(&self) -> u64 {
        self.world.borrow().clock.now_ms()
    }

    pub fn world(&self) -> Ref<'_, World> {
        self.world.borrow()
    }
}

/// The world by identity only (for components that track their own revision, like a console).
#[derive(Clone)]
pub struct WorldRef(pub Rc<RefCell<World>>);

impl PartialEq for WorldRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One watch event flying from a znode to a client (see `flight.rs`).
#[derive(Clone, Debug, PartialEq)]
pub struct FlightInfo {
    pub id: u64,
    pub path: String,
    pub client: String,
    pub kind: String,
    pub color: String,
    pub born_wall_ms: f64,
}

/// What a client's header shows about its session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    pub session: Option<SessionId>,
    /// CONNECTED, CONNECTING, CLOSED, CRASHED (process gone, session alive), EXPIRED, …
    pub state: &'static str,
    pub timeout_ms: i64,
    /// When the session of a crashed client expires (virtual ms).
    pub expires_at: Option<i64>,
    /// The zkCli process ended (quit or crash).
    pub exited: bool,
}

/// The session state of `client` as the UI shows it.
pub fn session_info(playground: &Playground, client: &str) -> Option<SessionInfo> {
    let console = &playground.client(client)?.console;
    let engine = playground.engine();
    let alive_on_server = console.session.is_some_and(|s| engine.session(s).is_some());
    let expires_at = console.session.and_then(|s| engine.expiry_of(s));
    let state = if !console.exited {
        if console.session.is_some() && !alive_on_server && console.state.is_alive() {
            "EXPIRED"
        } else {
            console.state.name()
        }
    } else if !console.state.is_alive() {
        console.state.name()
    } else if alive_on_server {
        "CRASHED"
    } else {
        "EXPIRED"
    };
    Some(SessionInfo {
        session: console.session,
        state,
        timeout_ms: console.negotiated_timeout_ms,
        expires_at,
        exited: console.exited,
    })
}

/// What the user or the clock does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The wall clock reads `wall_ms` (the UI's timer).
    Tick {
        wall_ms: f64,
    },
    /// Enter was pressed in `client`'s console.
    Submit {
        client: String,
        line: String,
    },
    /// Ctrl-L: clear the console (the session is untouched).
    Clear {
        client: String,
    },
    /// A new connected client (shown in `pane`).
    AddClient {
        pane: usize,
    },
    /// The client's tab is closed: its process is killed and its console dropped.
    CloseClient {
        client: String,
    },
    Rename {
        from: String,
        to: String,
    },
    /// Types `quit` into the console.
    Quit {
        client: String,
    },
    /// The client's process is killed; its session lives on until it expires.
    Crash {
        client: String,
    },
    /// A new zkCli process (and session) for the same client.
    Reconnect {
        client: String,
    },
    /// Which client a console pane shows.
    Show {
        pane: usize,
        client: String,
    },
    TogglePause,
    Step {
        ms: u64,
    },
    SetSpeed(f64),
    ShiftSpeed {
        up: bool,
    },
    SkipToExpiry,
    Select(Option<String>),
    CycleTheme,
    ToggleHelp(Option<bool>),
    DismissNotice,
    /// A message for the user (e.g. storage could not be written).
    Notice(String),
    /// Starts a fresh playground (during a tutorial: restarts the tutorial).
    Reset,
    /// Starts (or switches to) a tutorial in a fresh playground of its clients; the learner's
    /// sandbox is kept aside.
    StartTutorial(String),
    /// The running tutorial from its first step, in a fresh playground.
    RestartTutorial,
    /// Leaves the tutorial: the sandbox comes back.
    ExitTutorial,
    TutorialSkip,
    TutorialHint,
    /// Hides the panel's feedback (hint, celebration).
    TutorialDismiss,
    SetLang(Lang),
    /// Shows or hides the tutorial column while no tutorial runs.
    ToggleGuide,
    /// Replaces the sandbox with a scenario (the recordings' JSON format) from a file `name`.
    Import {
        name: String,
        text: String,
    },
}

/// The page's state.
#[derive(Clone)]
pub struct AppState {
    world: Rc<RefCell<World>>,
    revision: u64,
    pub colors: ClientColors,
    colors_handed: usize,
    pub prefs: Prefs,
    /// A dismissible message (corrupt storage, a failed rename, …).
    pub notice: Option<String>,
    pub flights: Vec<FlightInfo>,
    next_flight: u64,
    /// Virtual now as of the last tick (what the clock display shows).
    pub now_ms: u64,
    pub paused: bool,
    pub speed: f64,
    pub help_open: bool,
    /// Ticks so far (lets effects run every few seconds).
    pub ticks: u64,
    /// The tutorial side: language, completed tutorials, the running one.
    pub tutor: TutorialState,
    /// The learner's sandbox (a saved snapshot) while a tutorial runs.
    pub sandbox: Option<Rc<str>>,
}

fn empty_world() -> World {
    World::new(Playground::new(ENSEMBLE, 0), 0)
}

/// A load error in the page's language.
pub fn load_error_text(error: &LoadError, lang: Lang) -> String {
    let s = strings(lang);
    match error {
        LoadError::Corrupt(why) => fill(s.load_corrupt, &[why]),
        LoadError::OtherFormat { found: Some(v) } => fill(s.load_other, &[&v.to_string(), &FORMAT_VERSION.to_string()]),
        LoadError::OtherFormat { found: None } => s.load_older.to_string(),
    }
}

impl AppState {
    /// A fresh playground with clients A, B and C connected at `now_ms`.
    pub fn fresh(now_ms: u64) -> AppState {
        AppState::with_clients(now_ms, &["A", "B", "C"])
    }

    /// A fresh playground with these clients connected at `now_ms`, the first two shown.
    pub fn with_clients(now_ms: u64, clients: &[&str]) -> AppState {
        let mut state = AppState::with_world(World::new(Playground::new(ENSEMBLE, now_ms), now_ms));
        for name in clients {
            state.open(name);
        }
        state.prefs.panes = [clients.first().map(|c| c.to_string()), clients.get(1).map(|c| c.to_string())];
        state
    }

    /// The page's state around `world`, no colours handed out yet.
    fn with_world(world: World) -> AppState {
        let now_ms = world.clock.now_ms();
        let (paused, speed) = (world.clock.paused(), world.clock.speed());
        AppState {
            world: Rc::new(RefCell::new(world)),
            revision: 0,
            colors: Rc::new(crate::vec_map::VecMap::new()),
            colors_handed: 0,
            prefs: Prefs::default(),
            notice: None,
            flights: Vec::new(),
            next_flight: 0,
            now_ms,
            paused,
            speed,
            help_open: false,
            ticks: 0,
            tutor: TutorialState::new(Lang::En),
            sandbox: None,
        }
    }

    /// A fresh playground with the tutorial's clients.
    fn for_tutorial(tutorial: &Tutorial, now_ms: u64) -> AppState {
        AppState::with_clients(now_ms, &tutorial.clients)
    }

    /// The saved playground from `stored`, or a fresh one with a notice saying why not.
    pub fn load(stored: Option<&str>, wall_now_ms: u64) -> AppState {
        AppState::load_in(stored, wall_now_ms, Lang::En)
    }

    fn load_in(stored: Option<&str>, wall_now_ms: u64, lang: Lang) -> AppState {
        let Some(json) = stored else {
            return AppState::fresh(wall_now_ms);
        };
        match Snapshot::from_json(json) {
            Ok(s) => AppState::from_snapshot(s, lang),
            Err(e) => {
                let mut state = AppState::fresh(wall_now_ms);
                state.notice = Some(load_error_text(&e, lang));
                state
            }
        }
    }

    /// The page's state from storage: the playground (`stored`), the tutorial state
    /// (`progress`, else a new one in `default_lang`) and, while a tutorial runs, the sandbox.
    pub fn load_page(
        stored: Option<&str>,
        progress: Option<&str>,
        sandbox: Option<String>,
        wall_now_ms: u64,
        default_lang: Lang,
    ) -> AppState {
        let tutor = progress.and_then(TutorialState::from_json).unwrap_or_else(|| TutorialState::new(default_lang));
        let mut state = AppState::load_in(stored, wall_now_ms, tutor.lang);
        state.tutor = tutor;
        if let Some(tut) = state.tutor.tutorial() {
            state.sandbox = sandbox.map(Rc::from);
            // The saved playground must be the tutorial's (else the tutorial starts again).
            let fits = {
                let world = state.world.borrow();
                tut.clients.iter().all(|c| world.playground.client(c).is_some())
            };
            if !fits {
                state.adopt(AppState::for_tutorial(&tut, wall_now_ms));
                let rc = state.world.clone();
                state.tutor.start(&tut, &rc.borrow().playground);
            }
        }
        state
    }

    /// The strings of the page's language.
    pub fn s(&self) -> &'static Strings {
        strings(self.tutor.lang)
    }

    /// Whether the load gave an error (for tests and the notice).
    pub fn load_error(stored: &str) -> Option<LoadError> {
        Snapshot::from_json(stored).err()
    }

    /// A saved playground, rebuilt by replaying its journal (notes in `lang`).
    fn from_snapshot(s: Snapshot, lang: Lang) -> AppState {
        let restored = s.restore(lang);
        let mut state = AppState::with_world(restored.world);
        state.colors = Rc::new(restored.colors);
        state.colors_handed = restored.colors_handed;
        state.prefs = restored.prefs;
        state
    }

    /// Moves `other`'s playground into this state's world (the same `Rc`, so components keep
    /// their handles; console revisions continue upwards so every console re-renders), with its
    /// clients' colours and panes. The theme, the tutorial state and the notice stay.
    fn adopt(&mut self, other: AppState) {
        let world = other.world.replace(empty_world());
        let old_revs = std::mem::take(&mut self.world.borrow_mut().console_revs);
        let epoch = self.world.borrow().epoch.wrapping_add(1);
        *self.world.borrow_mut() = world;
        {
            let mut w = self.world.borrow_mut();
            w.epoch = epoch;
            for (name, rev) in old_revs {
                let rev = rev.wrapping_add(1).max(w.console_revs.get(&name).copied().unwrap_or(0));
                w.console_revs.insert(name, rev);
            }
            let tabs = w.tabs.clone();
            for t in tabs {
                w.touch(&t);
            }
        }
        let theme = self.prefs.theme;
        self.colors = other.colors.clone();
        self.colors_handed = other.colors_handed;
        self.prefs = other.prefs.clone();
        self.prefs.theme = theme;
        self.flights.clear();
        self.now_ms = other.now_ms;
        self.paused = other.paused;
        self.speed = other.speed;
        self.help_open = false;
        self.bump();
    }

    /// A playground from a scenario: its clients in tabs, a clock at its end.
    fn from_playground(playground: Playground, now_ms: u64, note: &str) -> AppState {
        let mut state = AppState::with_world(World::imported(playground, now_ms, note));
        let names = state.tabs();
        for name in &names {
            state.set_color(name);
        }
        state.prefs.panes = [names.first().cloned(), names.get(1).cloned()];
        state
    }

    /// After something happened: the tutorial checks its step (a `learner` action that misses
    /// the goal gets a hint); a new step brings its client into view.
    fn observe(&mut self, learner: bool) {
        if !self.tutor.running() {
            return;
        }
        let step_before = self.tutor.run.as_ref().map(|r| r.progress.step);
        let rc = self.world.clone();
        self.tutor.observe(&rc.borrow().playground, learner);
        if self.tutor.run.as_ref().map(|r| r.progress.step) != step_before {
            self.follow_step();
        }
    }

    /// Shows the current step's client in a pane (the right one) if no pane shows it.
    fn follow_step(&mut self) {
        let Some(step) = self.tutor.step() else {
            return;
        };
        let client = step.client.to_string();
        if self.pane_client(0).as_ref() != Some(&client) && self.pane_client(1).as_ref() != Some(&client) {
            self.prefs.panes[1] = Some(client);
        }
    }

    /// Starts `tutorial` afresh; the sandbox is saved first (when leaving it).
    fn start_tutorial(&mut self, tutorial: &Tutorial) {
        if !self.tutor.running() {
            match self.to_json() {
                Ok(json) => self.sandbox = Some(Rc::from(json)),
                Err(e) => {
                    // Never lose the sandbox: stay in it.
                    self.notice = Some(fill(self.s().save_failed, &["?", &e]));
                    return;
                }
            }
        }
        self.adopt(AppState::for_tutorial(tutorial, wall_ms() as u64));
        let rc = self.world.clone();
        self.tutor.start(tutorial, &rc.borrow().playground);
        self.tutor.guide_open = true;
        self.notice = None;
        self.follow_step();
    }

    /// Leaves the tutorial and brings the sandbox back.
    fn exit_tutorial(&mut self) {
        self.tutor.stop();
        let restored = self.sandbox.take().map(|json| Snapshot::from_json(&json));
        match restored {
            Some(Ok(snapshot)) => {
                self.adopt(AppState::from_snapshot(snapshot, self.tutor.lang));
                self.notice = Some(self.s().sandbox_back.to_string());
            }
            _ => {
                self.adopt(AppState::fresh(wall_ms() as u64));
                self.notice = Some(self.s().sandbox_lost.to_string());
            }
        }
    }

    fn import(&mut self, name: &str, text: &str) {
        match crate::scenario::import(text) {
            Err(e) => self.notice = Some(fill(self.s().import_failed, &[name, &e])),
            Ok((playground, now)) => {
                let clients = playground.clients().len();
                let note = fill(self.s().imported_note, &[name]);
                // The learner confirmed that the sandbox is replaced: a running tutorial ends.
                self.tutor.stop();
                self.sandbox = None;
                self.adopt(AppState::from_playground(playground, now, &note));
                self.notice = Some(fill(self.s().imported, &[name, &clients.to_string()]));
            }
        }
    }

    /// The JSON to store.
    pub fn to_json(&self) -> Result<String, String> {
        let world = self.world.borrow();
        Ok(SnapshotRef { world: &world, colors: &self.colors, colors_handed: self.colors_handed, prefs: &self.prefs }
            .to_json())
    }

    pub fn shared(&self) -> Shared {
        Shared { world: self.world.clone(), revision: self.revision }
    }

    pub fn world_ref(&self) -> WorldRef {
        WorldRef(self.world.clone())
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn tabs(&self) -> Vec<String> {
        self.world.borrow().tabs.clone()
    }

    /// The client a pane shows (the pane's choice if it still exists, else a sensible default).
    pub fn pane_client(&self, pane: usize) -> Option<String> {
        let world = self.world.borrow();
        let chosen = self.prefs.panes.get(pane).cloned().flatten();
        if let Some(c) = chosen.filter(|c| world.tabs.contains(c)) {
            return Some(c);
        }
        let other = self.prefs.panes.get(1 - pane.min(1)).cloned().flatten();
        world.tabs.iter().find(|t| Some(*t) != other.as_ref()).or(world.tabs.first()).cloned()
    }

    pub fn theme(&self) -> Theme {
        self.prefs.theme
    }

    fn bump(&mut self) {
        self.revision = self.revision.wrapping_add(1);
    }

    fn set_color(&mut self, name: &str) {
        if !self.colors.contains_key(name) {
            let color = colors::next_color(&self.colors, self.colors_handed);
            self.colors_handed += 1;
            Rc::make_mut(&mut self.colors).insert(name.to_string(), color);
        }
    }

    /// Starts a zkCli process named `name` (a new tab, or a new process in an existing one).
    fn open(&mut self, name: &str) {
        self.set_color(name);
        let deliveries = self.world.borrow_mut().open(name, ENSEMBLE, &[]);
        self.fly(&deliveries);
        self.bump();
    }

    fn fly(&mut self, deliveries: &[Delivery]) {
        let born = wall_ms();
        for d in deliveries {
            if let Some(event) = &d.event {
                self.next_flight += 1;
                self.flights.push(FlightInfo {
                    id: self.next_flight,
                    path: event.path.clone(),
                    client: d.client.clone(),
                    kind: event.kind.name().to_string(),
                    color: client_color(&self.colors, &d.client),
                    born_wall_ms: born,
                });
            }
        }
        // Bounded: a burst of thousands of notifications animates only the newest.
        if self.flights.len() > 64 {
            let excess = self.flights.len() - 64;
            self.flights.drain(..excess);
        }
    }

    fn fresh_name(&self) -> String {
        let world = self.world.borrow();
        let taken = |n: &str| world.tabs.iter().any(|t| t == n);
        for c in 'A'..='Z' {
            let n = c.to_string();
            if !taken(&n) {
                return n;
            }
        }
        (2..).map(|i| format!("C{i}")).find(|n| !taken(n)).unwrap_or_else(|| "client".to_string())
    }

    fn submit(&mut self, client: &str, line: &str) {
        let deliveries = self.world.borrow_mut().submit(client, line, self.tutor.lang);
        self.set_color(client);
        self.fly(&deliveries);
        self.bump();
    }

    fn reconnect(&mut self, client: &str) {
        self.set_color(client);
        let deliveries = self.world.borrow_mut().reconnect(client, ENSEMBLE, &[], self.tutor.lang);
        self.fly(&deliveries);
        self.bump();
    }

    fn crash(&mut self, client: &str) {
        if self.world.borrow_mut().crash(client, self.tutor.lang) {
            self.bump();
        }
    }

    fn close(&mut self, client: &str) {
        self.world.borrow_mut().close(client);
        Rc::make_mut(&mut self.colors).remove(client);
        for pane in &mut self.prefs.panes {
            if pane.as_deref() == Some(client) {
                *pane = None;
            }
        }
        self.bump();
    }

    fn rename(&mut self, from: &str, to: &str) {
        let to = to.trim();
        if to == from {
            return;
        }
        if to.chars().count() > MAX_NAME {
            self.notice = Some(fill(self.s().name_too_long, &[&MAX_NAME.to_string()]));
            return;
        }
        let result = self.world.borrow_mut().rename(from, to);
        match result {
            Ok(()) => {
                let colors = Rc::make_mut(&mut self.colors);
                if let Some(c) = colors.remove(from) {
                    colors.insert(to.to_string(), c);
                }
                for pane in &mut self.prefs.panes {
                    if pane.as_deref() == Some(from) {
                        *pane = Some(to.to_string());
                    }
                }
                self.bump();
            }
            Err(e) => self.notice = Some(fill(self.s().cannot_rename, &[from, &e])),
        }
    }

    /// Moves the world to the clock's now; returns whether anything happened.
    fn advance(&mut self) -> bool {
        let (deliveries, txns) = self.world.borrow_mut().advance(self.tutor.lang);
        self.fly(&deliveries);
        !deliveries.is_empty() || !txns.is_empty()
    }

    fn sync_clock_view(&mut self) {
        let world = self.world.borrow();
        self.now_ms = world.clock.now_ms();
        self.paused = world.clock.paused();
        self.speed = world.clock.speed();
    }

    fn tick(&mut self, wall: f64) -> bool {
        let before = self.now_ms;
        self.world.borrow_mut().clock.tick(wall);
        let changed = self.advance();
        if changed {
            self.observe(false);
        }
        self.sync_clock_view();
        let flights_before = self.flights.len();
        self.flights.retain(|f| wall - f.born_wall_ms < FLIGHT_MS && f.born_wall_ms <= wall + 1.0);
        // Countdowns (on clients and on ephemeral nodes) change once a second.
        let countdown = self.world.borrow().next_expiry().is_some() && before / 1000 != self.now_ms / 1000;
        if changed || countdown {
            self.bump();
        }
        changed || countdown || before != self.now_ms || flights_before != self.flights.len()
    }

    fn time_jump(&mut self, jump: impl FnOnce(&mut VirtualClock)) {
        jump(&mut self.world.borrow_mut().clock);
        self.advance();
        self.sync_clock_view();
        self.bump();
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Tick { wall_ms } => {
                next.ticks = next.ticks.wrapping_add(1);
                if !next.tick(wall_ms) && !next.ticks.is_multiple_of(25) {
                    return self;
                }
            }
            Action::Submit { client, line } => {
                next.submit(&client, &line);
                next.observe(true);
            }
            Action::Quit { client } => {
                next.submit(&client, "quit");
                next.observe(true);
            }
            Action::Clear { client } => {
                let mut world = next.world.borrow_mut();
                world.console(&client).clear();
                world.touch(&client);
            }
            Action::AddClient { pane } => {
                if next.world.borrow().tabs.len() >= MAX_CLIENTS {
                    next.notice = Some(fill(next.s().too_many_clients, &[&MAX_CLIENTS.to_string()]));
                } else {
                    let name = next.fresh_name();
                    next.open(&name);
                    if let Some(p) = next.prefs.panes.get_mut(pane.min(1)) {
                        *p = Some(name);
                    }
                }
            }
            Action::CloseClient { client } => {
                next.close(&client);
                next.observe(true);
            }
            Action::Rename { from, to } => next.rename(&from, &to),
            Action::Crash { client } => {
                next.crash(&client);
                next.observe(true);
            }
            Action::Reconnect { client } => {
                next.reconnect(&client);
                next.observe(true);
            }
            Action::Show { pane, client } => {
                if let Some(p) = next.prefs.panes.get_mut(pane.min(1)) {
                    *p = Some(client);
                }
            }
            Action::TogglePause => {
                {
                    let mut world = next.world.borrow_mut();
                    let paused = world.clock.paused();
                    world.clock.set_paused(!paused);
                }
                next.sync_clock_view();
            }
            Action::Step { ms } => {
                next.time_jump(|c| {
                    c.step(ms);
                });
                next.observe(true);
            }
            Action::SetSpeed(speed) => {
                next.world.borrow_mut().clock.set_speed(speed);
                next.sync_clock_view();
            }
            Action::ShiftSpeed { up } => {
                next.world.borrow_mut().clock.shift_speed(up);
                next.sync_clock_view();
            }
            Action::SkipToExpiry => {
                let Some(at) = next.world.borrow().next_expiry() else {
                    return self;
                };
                next.time_jump(|c| {
                    c.skip_to(u64::try_from(at).unwrap_or(0));
                });
                next.observe(true);
            }
            Action::Select(path) => next.prefs.selected = path,
            Action::CycleTheme => next.prefs.theme = next.prefs.theme.next(),
            Action::ToggleHelp(open) => next.help_open = open.unwrap_or(!next.help_open),
            Action::DismissNotice => next.notice = None,
            Action::Notice(text) => next.notice = Some(text),
            Action::Reset => match next.tutor.tutorial() {
                // During a tutorial, Reset restarts it: the stashed sandbox is not touched.
                Some(tut) => next.start_tutorial(&tut),
                None => {
                    next.adopt(AppState::fresh(wall_ms() as u64));
                    next.notice = Some(next.s().fresh_started.to_string());
                }
            },
            Action::StartTutorial(id) => {
                let Some(tut) = tutorial::find(&id) else {
                    return self;
                };
                next.start_tutorial(&tut);
            }
            Action::RestartTutorial => {
                let Some(tut) = next.tutor.tutorial() else {
                    return self;
                };
                next.start_tutorial(&tut);
            }
            Action::ExitTutorial => {
                if !next.tutor.running() {
                    return self;
                }
                next.exit_tutorial();
            }
            Action::TutorialSkip => {
                let rc = next.world.clone();
                next.tutor.skip(&rc.borrow().playground);
                next.follow_step();
            }
            Action::TutorialHint => {
                let rc = next.world.clone();
                next.tutor.hint(&rc.borrow().playground);
            }
            Action::TutorialDismiss => next.tutor.feedback = Default::default(),
            Action::SetLang(lang) => next.tutor.lang = lang,
            Action::ToggleGuide => next.tutor.guide_open = !next.tutor.guide_open,
            Action::Import { name, text } => next.import(&name, &text),
        }
        Rc::new(next)
    }
}
