//! Guided walkthroughs as data. A tutorial is a list of steps; each step names the client that
//! acts, suggests commands, and has a goal: a predicate on what happened in the playground (its
//! state and its event log), never on what was typed. Any command sequence that reaches the goal
//! passes; a miss gets a specific hint.

mod catalog;

use crate::engine::acl::Acl;
use crate::engine::tree::NodeKind;
use crate::engine::watch::{EventType, WatchMode};
use crate::engine::{TxnKind, ZkError};
use crate::playground::{Logged, Playground};

pub use catalog::{all, find};

/// Text in the two languages zkplay speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `en`, `zh`, or a browser language tag such as `zh-CN`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::Zh)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// Something "show me" does besides typing: the steps where the learner acts on a client's
/// process or on time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Type this line into the step's client console.
    Type(&'static str),
    /// Type this line into another client's console.
    TypeAs(&'static str, &'static str),
    /// Kill the client's process (no closeSession).
    Crash(&'static str),
    /// Start a fresh zkCli process (a new session) for the client.
    Reconnect(&'static str),
    /// Let virtual time run until the next session expiry.
    SkipToExpiry,
}

/// A static list held by value: the catalog is static data, and cloning a step or a tutorial
/// copies a reference. Derefs to the slice.
#[derive(Debug, PartialEq, Eq)]
pub struct List<T: 'static>(pub &'static [T]);

impl<T> Clone for List<T> {
    fn clone(&self) -> Self {
        List(self.0)
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.0
    }
}

/// The acts of a step's "show me", in order.
pub type Acts = List<Act>;

/// Which kind of server-side watch a goal asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchKind {
    /// `get -w` / `stat -w` (data or exists watch), or a persistent watch.
    Data,
    /// `ls -w`, or a persistent watch.
    Child,
}

/// A predicate on the playground. A `*` in a path matches any characters within one segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    All(&'static [Goal]),
    Any(&'static [Goal]),
    Not(&'static Goal),
    Exists(&'static str),
    Missing(&'static str),
    /// An ephemeral node whose session belongs to the client.
    OwnedBy(&'static str, &'static str),
    Persistent(&'static str),
    DataIs(&'static str, &'static str),
    /// At least this many children.
    Children(&'static str, usize),
    /// The client's session has a watch of this kind on the path.
    Watching(&'static str, &'static str, WatchKind),
    /// Since the step started, the client printed this notification.
    Received(&'static str, EventType, &'static str),
    /// Since the step started, the client received no notification at all.
    ReceivedNothing(&'static str),
    /// Since the step started, the client's write of this kind on the path failed with `error`.
    Failed(&'static str, TxnKind, &'static str, ZkError),
    /// The client's process is gone but its session still lives (a crash).
    Crashed(&'static str),
    /// The client's session no longer exists (closed or expired).
    SessionEnded(&'static str),
}

/// A path pattern: `*` stands for any characters within one path segment.
fn matches_path(pattern: &str, path: &str) -> bool {
    match pattern.split_once('*') {
        Some((prefix, suffix)) => {
            path.len() >= prefix.len() + suffix.len()
                && path.starts_with(prefix)
                && path.ends_with(suffix)
                && !path[prefix.len()..path.len() - suffix.len()].contains('/')
        }
        None => pattern == path,
    }
}

impl Goal {
    /// Whether the goal holds, looking at log entries after `mark` for event-like goals.
    pub fn met(&self, pg: &Playground, mark: u64) -> bool {
        let engine = pg.engine();
        let tree = engine.tree();
        let nodes = |pattern: &'static str| tree.iter().filter(move |(p, _)| matches_path(pattern, p));
        let session_of = |client: &str| pg.client(client).and_then(|c| c.console.session);
        match self {
            Goal::All(goals) => goals.iter().all(|g| g.met(pg, mark)),
            Goal::Any(goals) => goals.iter().any(|g| g.met(pg, mark)),
            Goal::Not(goal) => !goal.met(pg, mark),
            Goal::Exists(p) => nodes(p).next().is_some(),
            Goal::Missing(p) => nodes(p).next().is_none(),
            Goal::OwnedBy(p, client) => {
                let Some(session) = session_of(client) else { return false };
                nodes(p).any(|(_, n)| n.kind == NodeKind::Ephemeral && n.ephemeral_owner == session)
            }
            Goal::Persistent(p) => nodes(p).any(|(_, n)| n.kind == NodeKind::Persistent),
            Goal::DataIs(p, data) => nodes(p).any(|(_, n)| n.data.as_deref() == Some(data.as_bytes())),
            Goal::Children(p, count) => nodes(p).any(|(_, n)| n.children.len() >= *count),
            Goal::Watching(client, p, kind) => {
                let Some(session) = session_of(client) else { return false };
                let (data, child) = engine.watches();
                let table = match kind {
                    WatchKind::Data => data,
                    WatchKind::Child => child,
                };
                table.iter().any(|(path, s, mode)| {
                    s == session
                        && (matches_path(p, path)
                            || (mode == WatchMode::PersistentRecursive
                                && *kind == WatchKind::Data
                                && (path == "/" || p.starts_with(&format!("{path}/")))))
                })
            }
            Goal::Received(client, kind, p) => pg.log_since(mark).any(|e| {
                e.client.as_deref() == Some(*client)
                    && matches!(&e.what, Logged::Notification { kind: k, path } if k == kind && matches_path(p, path))
            }),
            Goal::ReceivedNothing(client) => !pg
                .log_since(mark)
                .any(|e| e.client.as_deref() == Some(*client) && matches!(e.what, Logged::Notification { .. })),
            Goal::Failed(client, kind, p, error) => pg.log_since(mark).any(|e| {
                e.client.as_deref() == Some(*client)
                    && matches!(&e.what, Logged::Txn(t) if t.kind == *kind && matches_path(p, &t.path) && t.error == Some(*error))
            }),
            Goal::Crashed(client) => pg.client(client).is_some_and(|c| {
                c.console.exited && c.console.session.is_some_and(|s| engine.session(s).is_some())
            }),
            Goal::SessionEnded(client) => {
                pg.client(client).is_none_or(|c| c.console.session.is_none_or(|s| engine.session(s).is_none()))
            }
        }
    }
}

/// A node the step's goal view shows: what the tree should look like after the step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expect {
    pub path: &'static str,
    /// The client owning it, for an ephemeral node.
    pub owner: Option<&'static str>,
}

/// A specific hint: shown when the step's goal is not met and `when` holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub when: Goal,
    pub text: Text,
}

/// One step of a tutorial.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The client that acts.
    pub client: &'static str,
    pub objective: Text,
    pub narrative: Text,
    /// What "show me" does, in order.
    pub show: Acts,
    pub goal: Goal,
    /// Specific hints, checked in order; `fallback` when none applies.
    pub hints: &'static [Hint],
    pub fallback: Text,
    /// Paths the tree highlights during the step.
    pub focus: &'static [&'static str],
    /// The tree after the step.
    pub expect: &'static [Expect],
}

/// A whole walkthrough (static data: see the catalog).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tutorial {
    pub id: &'static str,
    pub title: Text,
    pub summary: Text,
    /// The clients it opens, in order (all on the seed's ensemble).
    pub clients: List<&'static str>,
    pub steps: &'static [Step],
}

/// Where a learner is in a tutorial.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub tutorial: String,
    pub step: usize,
    /// The log mark when the current step started.
    pub mark: u64,
    /// The log mark when the learner's latest action started: what that action caused counts
    /// for every step it completes.
    pub action_mark: u64,
    pub done: bool,
}

/// What a check after an action found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// The step's goal is met: move on (the new step index), or the tutorial is complete.
    Advanced { completed: bool },
    /// Not yet: the most specific hint that applies.
    Hint(Text),
}

impl Tutorial {
    /// Starts the tutorial at step 0 on `pg` (whose clients it expects to exist).
    pub fn start(&self, pg: &Playground) -> Progress {
        let mark = pg.log_mark();
        Progress { tutorial: self.id.to_string(), step: 0, mark, action_mark: mark, done: false }
    }

    /// After the learner did something: advance while goals are met (a later action can meet
    /// several steps at once), else say what is missing.
    pub fn check(&self, progress: &mut Progress, pg: &Playground) -> Check {
        let mut advanced = false;
        while let Some(step) = self.steps.get(progress.step) {
            if !step.goal.met(pg, progress.mark) {
                break;
            }
            advanced = true;
            progress.step += 1;
            progress.mark = progress.action_mark;
        }
        progress.action_mark = pg.log_mark();
        if progress.step >= self.steps.len() {
            progress.done = true;
            return Check::Advanced { completed: true };
        }
        if advanced {
            return Check::Advanced { completed: false };
        }
        match self.steps.get(progress.step) {
            Some(step) => {
                let hint = step.hints.iter().find(|h| h.when.met(pg, progress.mark)).map_or(step.fallback, |h| h.text);
                Check::Hint(hint)
            }
            None => Check::Advanced { completed: true },
        }
    }

    /// The ACL every tutorial node uses (kept here so goals and docs agree).
    pub fn default_acl() -> Vec<Acl> {
        Acl::open_unsafe()
    }
}

#[cfg(test)]
mod tests;
