//! The tutorial runtime: which tutorial runs and where the learner is, what the last check said,
//! which tutorials are completed and the UI language. Pure data over [`crate::tutorial`]: the
//! page's reducer and embedders drive it; the panel only renders it.

use super::persist::STORAGE_KEY;
use crate::json::Json;
use crate::playground::Playground;
use crate::tutorial::{self, Check, Lang, Progress, Step, Text, Tutorial};
use crate::vec_map::VecSet;

/// Where the page keeps the tutorial progress, the completed set and the language.
pub const PROGRESS_KEY: &str = "zkplay.progress.v1";

/// Where the page keeps the learner's sandbox while a tutorial runs.
pub const SANDBOX_KEY: &str = "zkplay.sandbox.v1";

/// The progress key that goes with a playground saved under `storage_key`.
pub fn progress_key(storage_key: &str) -> String {
    if storage_key == STORAGE_KEY {
        PROGRESS_KEY.to_string()
    } else {
        format!("{storage_key}.progress")
    }
}

/// The key the sandbox is kept under while a tutorial runs (see [`progress_key`]).
pub fn sandbox_key(storage_key: &str) -> String {
    if storage_key == STORAGE_KEY {
        SANDBOX_KEY.to_string()
    } else {
        format!("{storage_key}.sandbox")
    }
}

/// A running tutorial.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub progress: Progress,
    /// Steps the learner skipped (a tutorial finished with skips is not "completed").
    pub skipped: usize,
}

/// What the panel says after the latest check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Feedback {
    #[default]
    Idle,
    /// The step's goal is not met: the most specific hint.
    Hint(Text),
    /// A step was completed.
    Advanced,
    /// The whole tutorial was completed (celebrate).
    Completed,
    /// The last step was skipped: finished, not completed.
    Finished,
}

fn read_run(value: &Json) -> Option<Run> {
    let p = value.get("progress")?;
    let number = |key: &str| p.get(key).and_then(Json::as_u64);
    let progress = Progress {
        tutorial: p.get("tutorial")?.as_str()?.to_string(),
        step: usize::try_from(number("step")?).ok()?,
        mark: number("mark")?,
        action_mark: number("action_mark")?,
        done: p.get("done")?.as_bool()?,
    };
    let skipped = value.get("skipped").and_then(Json::as_u64).and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
    Some(Run { progress, skipped })
}

/// The tutorial side of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TutorialState {
    pub lang: Lang,
    /// Ids of the tutorials completed (every step's goal met).
    pub completed: VecSet<String>,
    pub run: Option<Run>,
    /// Whether the page shows the tutorial column while no tutorial runs.
    pub guide_open: bool,
    pub feedback: Feedback,
}

impl TutorialState {
    pub fn new(lang: Lang) -> TutorialState {
        TutorialState { lang, completed: VecSet::new(), run: None, guide_open: true, feedback: Feedback::Idle }
    }

    /// What is saved (language, completed set, the running tutorial's progress).
    pub fn to_json(&self) -> String {
        let run = match &self.run {
            None => Json::Null,
            Some(run) => {
                let p = &run.progress;
                let progress = Json::Object(vec![
                    ("tutorial".into(), Json::str(&p.tutorial)),
                    ("step".into(), Json::int(p.step as u64)),
                    ("mark".into(), Json::int(p.mark)),
                    ("action_mark".into(), Json::int(p.action_mark)),
                    ("done".into(), Json::Bool(p.done)),
                ]);
                Json::Object(vec![("progress".into(), progress), ("skipped".into(), Json::int(run.skipped as u64))])
            }
        };
        Json::Object(vec![
            ("lang".into(), Json::str(if self.lang == Lang::Zh { "Zh" } else { "En" })),
            ("completed".into(), Json::Array(self.completed.iter().map(Json::str).collect())),
            ("run".into(), run),
            ("guide_open".into(), Json::Bool(self.guide_open)),
        ])
        .to_text()
    }

    /// Stored state; `None` when missing or unreadable (no language). A run that cannot be read
    /// or is of an unknown tutorial is dropped.
    pub fn from_json(json: &str) -> Option<TutorialState> {
        let value = Json::parse(json).ok()?;
        let lang = match value.get("lang")?.as_str()? {
            "En" => Lang::En,
            "Zh" => Lang::Zh,
            _ => return None,
        };
        let mut state = TutorialState::new(lang);
        if let Some(ids) = value.get("completed").and_then(Json::as_strings) {
            state.completed = ids.into_iter().collect();
        }
        state.run = value.get("run").and_then(read_run);
        state.guide_open = value.get("guide_open").and_then(Json::as_bool).unwrap_or(true);
        if state.run.as_ref().is_some_and(|r| tutorial::find(&r.progress.tutorial).is_none()) {
            state.run = None;
        }
        state.completed.retain(|id| tutorial::find(id).is_some());
        Some(state)
    }

    /// The running tutorial.
    pub fn tutorial(&self) -> Option<Tutorial> {
        tutorial::find(&self.run.as_ref()?.progress.tutorial)
    }

    pub fn running(&self) -> bool {
        self.run.is_some()
    }

    /// The current step (none when the tutorial is finished or none runs).
    pub fn step(&self) -> Option<Step> {
        let run = self.run.as_ref()?;
        if run.progress.done {
            return None;
        }
        self.tutorial()?.steps.get(run.progress.step).cloned()
    }

    /// The paths the tree highlights.
    pub fn focus(&self) -> Vec<String> {
        self.step().map(|s| s.focus.iter().map(|p| p.to_string()).collect()).unwrap_or_default()
    }

    /// Starts `tutorial` on `pg` (a playground with its clients).
    pub fn start(&mut self, tutorial: &Tutorial, pg: &Playground) {
        self.run = Some(Run { progress: tutorial.start(pg), skipped: 0 });
        self.feedback = Feedback::Idle;
    }

    /// Leaves the tutorial.
    pub fn stop(&mut self) {
        self.run = None;
        self.feedback = Feedback::Idle;
    }

    /// After something happened in `pg`: checks the step's goal. A `learner` action that misses
    /// the goal shows the hint; the clock only ever advances. Returns whether anything changed.
    pub fn observe(&mut self, pg: &Playground, learner: bool) -> bool {
        let Some(tut) = self.tutorial() else {
            return false;
        };
        let Some(run) = self.run.as_mut() else {
            return false;
        };
        if run.progress.done {
            return false;
        }
        let before = (run.progress.clone(), self.feedback);
        match tut.check(&mut run.progress, pg) {
            Check::Advanced { completed: true } => {
                if run.skipped == 0 {
                    self.completed.insert(tut.id.to_string());
                    self.feedback = Feedback::Completed;
                } else {
                    self.feedback = Feedback::Finished;
                }
            }
            Check::Advanced { completed: false } => self.feedback = Feedback::Advanced,
            Check::Hint(text) if learner => self.feedback = Feedback::Hint(text),
            Check::Hint(_) => {}
        }
        let run = self.run.as_ref().map(|r| &r.progress);
        run != Some(&before.0) || self.feedback != before.1
    }

    /// The current step's most specific hint, without checking anything else.
    pub fn hint(&mut self, pg: &Playground) {
        let (Some(run), Some(step)) = (self.run.as_ref(), self.step()) else {
            return;
        };
        let mark = run.progress.mark;
        let text = step.hints.iter().find(|h| h.when.met(pg, mark)).map_or(step.fallback, |h| h.text);
        self.feedback = Feedback::Hint(text);
    }

    /// Skips the current step (the next one starts now).
    pub fn skip(&mut self, pg: &Playground) {
        let Some(total) = self.tutorial().map(|t| t.steps.len()) else {
            return;
        };
        let Some(run) = self.run.as_mut() else {
            return;
        };
        if run.progress.done {
            return;
        }
        run.skipped += 1;
        run.progress.step += 1;
        run.progress.mark = pg.log_mark();
        run.progress.action_mark = run.progress.mark;
        if run.progress.step >= total {
            run.progress.done = true;
            self.feedback = Feedback::Finished;
        } else {
            self.feedback = Feedback::Idle;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

    fn lock_playground() -> (Tutorial, Playground) {
        let tut = tutorial::find("lock").expect("the lock tutorial");
        let mut pg = Playground::new(ENSEMBLE, 1_000);
        for c in tut.clients.iter() {
            pg.open_client(c, ENSEMBLE, &[], 1_000);
        }
        (tut, pg)
    }

    #[test]
    fn a_right_command_advances_and_a_wrong_one_hints() {
        let (tut, mut pg) = lock_playground();
        let mut state = TutorialState::new(Lang::En);
        state.start(&tut, &pg);
        pg.type_line("A", "create /lock \"lock\"", 2_000);
        assert!(state.observe(&pg, true));
        match state.feedback {
            Feedback::Hint(text) => assert!(text.en.contains("persistent node"), "{text:?}"),
            other => panic!("{other:?}"),
        }
        pg.type_line("A", "delete /lock", 3_000);
        pg.type_line("A", "create -e /lock \"lock\"", 4_000);
        state.observe(&pg, true);
        assert_eq!(state.feedback, Feedback::Advanced);
        assert_eq!(state.run.as_ref().map(|r| r.progress.step), Some(1));
        assert_eq!(state.focus(), ["/lock"]);
    }

    #[test]
    fn completing_every_step_remembers_the_tutorial() {
        let (tut, mut pg) = lock_playground();
        let mut state = TutorialState::new(Lang::Zh);
        state.start(&tut, &pg);
        let mut now = 2_000;
        for line in [("A", "create -e /lock x"), ("B", "create -e /lock x"), ("B", "stat -w /lock"), ("A", "quit")] {
            now += 1_000;
            pg.type_line(line.0, line.1, now);
            state.observe(&pg, true);
        }
        pg.type_line("B", "create -e /lock x", now + 1_000);
        state.observe(&pg, true);
        pg.type_line("C", "create -e /lock x", now + 2_000);
        pg.type_line("C", "stat -w /lock", now + 3_000);
        state.observe(&pg, true);
        pg.kill("B", now + 4_000);
        state.observe(&pg, true);
        pg.advance(now + 60_000);
        state.observe(&pg, false);
        pg.type_line("C", "create -e /lock x", now + 61_000);
        state.observe(&pg, true);
        assert_eq!(state.feedback, Feedback::Completed);
        assert!(state.completed.contains("lock"));
        let back = TutorialState::from_json(&state.to_json()).expect("reads back");
        assert!(back.completed.contains("lock"));
        assert_eq!(back.lang, Lang::Zh);
        assert_eq!(back.feedback, Feedback::Idle);
    }

    #[test]
    fn skipping_to_the_end_finishes_without_completing() {
        let (tut, pg) = lock_playground();
        let mut state = TutorialState::new(Lang::En);
        state.start(&tut, &pg);
        for _ in 0..tut.steps.len() {
            state.skip(&pg);
        }
        assert_eq!(state.feedback, Feedback::Finished);
        assert!(state.completed.is_empty());
        assert!(state.step().is_none());
    }

    #[test]
    fn unreadable_or_unknown_state_is_dropped() {
        assert!(TutorialState::from_json("nope").is_none());
        let json = r#"{"lang":"En","completed":["lock","nope"],"run":{"progress":{"tutorial":"gone","step":1,"mark":0,"action_mark":0,"done":false}}}"#;
        let state = TutorialState::from_json(json).expect("reads");
        assert!(state.run.is_none());
        assert_eq!(state.completed.iter().collect::<Vec<_>>(), ["lock"]);
        assert!(state.guide_open);
        assert_eq!(progress_key(STORAGE_KEY), PROGRESS_KEY);
        assert_eq!(sandbox_key("t1"), "t1.sandbox");
    }
}
