//! The console's one `Reducible` state: a [`Playground`] with one live zkCli and what its
//! terminal shows. All ZooKeeper behaviour lives in the playground; this only keeps the scrollback.

use std::cell::RefCell;
use std::rc::Rc;

use yew::Reducible;

use crate::playground::{Delivery, Playground};

/// The connect string of the simulated 3-server ensemble (as in the reference recordings).
pub const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

/// The oldest lines are dropped beyond this many, like a terminal's scrollback limit.
pub const MAX_LINES: usize = 5000;

/// The most commands kept for Arrow-Up/Down recall.
const MAX_HISTORY: usize = 500;

/// What kind of line the scrollback shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Text the client printed.
    Output,
    /// A typed command after the prompt it was typed at.
    Echo { prompt: String },
    /// A message from the playground itself (not zkCli's output).
    Note,
}

/// One scrollback line. `id` is unique for the state's lifetime (a stable render key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub id: u64,
    pub kind: LineKind,
    pub text: String,
}

/// What the user or the clock does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Enter was pressed with `line` in the input.
    Submit { line: String, now_ms: u64 },
    /// Time passed (the UI's interval timer).
    Tick { now_ms: u64 },
    /// Ctrl-L: clear the scrollback (the session is untouched).
    Clear,
}

/// The playground and its virtual clock, shared by every version of the state: the engine can
/// be large, so actions mutate it in place instead of cloning it.
struct World {
    playground: Playground,
    /// Virtual time never goes backwards, even if the wall clock does.
    last_now_ms: u64,
}

impl World {
    fn clock(&mut self, now_ms: u64) -> u64 {
        self.last_now_ms = self.last_now_ms.max(now_ms);
        self.last_now_ms
    }
}

/// The console: one zkCli client of one playground.
#[derive(Clone)]
pub struct ConsoleState {
    world: Rc<RefCell<World>>,
    /// The live client's name ("A", then "A2", … after a client exits and a new one starts).
    client: String,
    clients_opened: u32,
    lines: Vec<Line>,
    next_id: u64,
    prompt: String,
    exited: bool,
    history: Vec<String>,
}

impl ConsoleState {
    /// A fresh ensemble with client "A" connected; its banner is the first scrollback.
    pub fn start(now_ms: u64) -> Self {
        let mut state = ConsoleState {
            world: Rc::new(RefCell::new(World { playground: Playground::new(ENSEMBLE, now_ms), last_now_ms: now_ms })),
            client: String::new(),
            clients_opened: 0,
            lines: Vec::new(),
            next_id: 0,
            prompt: String::new(),
            exited: true,
            history: Vec::new(),
        };
        state.open_client(now_ms);
        state
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The prompt shown before the input now (empty after the client exited).
    pub fn prompt(&self) -> &str {
        &self.prompt
    }

    pub fn exited(&self) -> bool {
        self.exited
    }

    pub fn client(&self) -> &str {
        &self.client
    }

    /// Commands typed so far, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// The id of the newest line (changes whenever a line is added), or `None` when empty.
    pub fn last_line_id(&self) -> Option<u64> {
        self.lines.last().map(|line| line.id)
    }

    fn push(&mut self, kind: LineKind, text: String) {
        self.lines.push(Line { id: self.next_id, kind, text });
        self.next_id += 1;
    }

    fn trim(&mut self) {
        if self.lines.len() > MAX_LINES {
            let excess = self.lines.len() - MAX_LINES;
            self.lines.drain(..excess);
        }
    }

    fn open_client(&mut self, now_ms: u64) {
        self.clients_opened += 1;
        self.client = match self.clients_opened {
            1 => "A".to_string(),
            n => format!("A{n}"),
        };
        let banner = {
            let mut world = self.world.borrow_mut();
            let now_ms = world.clock(now_ms);
            world.playground.open_client(&self.client, ENSEMBLE, &[], now_ms)
        };
        for text in banner {
            self.push(LineKind::Output, text);
        }
        self.prompt = self.world.borrow().playground.prompt(&self.client);
        self.exited = false;
    }

    /// Appends the notifications meant for the live client.
    fn deliver(&mut self, deliveries: Vec<Delivery>) {
        for delivery in deliveries {
            if delivery.client == self.client {
                for text in delivery.lines {
                    self.push(LineKind::Output, text);
                }
            }
        }
    }

    fn submit(&mut self, line: String, now_ms: u64) {
        if self.exited {
            self.open_client(now_ms);
            return;
        }
        if !line.trim().is_empty() && self.history.last() != Some(&line) {
            self.history.push(line.clone());
            if self.history.len() > MAX_HISTORY {
                self.history.remove(0);
            }
        }
        let outcome = {
            let mut world = self.world.borrow_mut();
            let now_ms = world.clock(now_ms);
            world.playground.type_line(&self.client, &line, now_ms)
        };
        self.push(LineKind::Echo { prompt: outcome.prompt }, line);
        for text in outcome.output {
            self.push(LineKind::Output, text);
        }
        self.deliver(outcome.deliveries);
        if outcome.exited {
            self.exited = true;
            self.prompt = String::new();
            self.push(
                LineKind::Note,
                format!("zkCli {} exited. Press Enter to start a new zkCli on the same ensemble.", self.client),
            );
        } else {
            self.prompt = self.world.borrow().playground.prompt(&self.client);
        }
        self.trim();
    }

    /// Moves virtual time. Returns `None` when nothing visible changed (no re-render).
    fn tick(&self, now_ms: u64) -> Option<ConsoleState> {
        let (deliveries, prompt) = {
            let mut world = self.world.borrow_mut();
            let now_ms = world.clock(now_ms);
            let deliveries = world.playground.advance(now_ms);
            let prompt = if self.exited { String::new() } else { world.playground.prompt(&self.client) };
            (deliveries, prompt)
        };
        let mine = deliveries.iter().any(|d| d.client == self.client && !d.lines.is_empty());
        if !mine && prompt == self.prompt {
            return None;
        }
        let mut next = self.clone();
        next.deliver(deliveries);
        next.prompt = prompt;
        next.trim();
        Some(next)
    }
}

impl Reducible for ConsoleState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Submit { line, now_ms } => {
                let mut next = (*self).clone();
                next.submit(line, now_ms);
                Rc::new(next)
            }
            Action::Tick { now_ms } => match self.tick(now_ms) {
                Some(next) => Rc::new(next),
                None => self,
            },
            Action::Clear => {
                let mut next = (*self).clone();
                next.lines.clear();
                Rc::new(next)
            }
        }
    }
}
