//! Like Learn Git Branching's level tests: every tutorial's "show me" solution meets every
//! step's goal, and wrong actions do not pass.

use super::*;
use crate::playground::Playground;

const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

struct Run {
    pg: Playground,
    now: u64,
    tutorial: Tutorial,
    progress: Progress,
}

impl Run {
    fn new(id: &str) -> Run {
        let tutorial = find(id).expect("tutorial exists");
        let now = 1_795_843_481_000;
        let mut pg = Playground::new(ENSEMBLE, now);
        for client in tutorial.clients.iter() {
            pg.open_client(client, ENSEMBLE, &[], now);
        }
        let progress = tutorial.start(&pg);
        Run { pg, now, tutorial, progress }
    }

    fn act(&mut self, client: &str, act: Act) -> Check {
        self.now += 400;
        match act {
            Act::Type(line) => {
                self.pg.type_line(client, line, self.now);
            }
            Act::TypeAs(other, line) => {
                self.pg.type_line(other, line, self.now);
            }
            Act::Crash(who) => self.pg.kill(who, self.now),
            Act::Reconnect(who) => {
                self.pg.open_client(who, ENSEMBLE, &[], self.now);
            }
            Act::SkipToExpiry => {
                self.now = u64::try_from(self.pg.next_deadline()).unwrap_or(self.now).max(self.now);
                self.pg.advance(self.now);
            }
        }
        self.tutorial.check(&mut self.progress, &self.pg)
    }

    fn type_as(&mut self, client: &str, line: &'static str) -> Check {
        self.act(client, Act::Type(line))
    }
}

#[test]
fn every_show_me_solution_completes_its_tutorial() {
    for tutorial in all() {
        let mut run = Run::new(tutorial.id);
        for (i, step) in tutorial.steps.iter().enumerate() {
            assert_eq!(run.progress.step, i, "{}: step {i} not reached", tutorial.id);
            let mut last = None;
            for act in step.show.iter() {
                last = Some(run.act(step.client, *act));
            }
            assert!(
                matches!(last, Some(Check::Advanced { .. })),
                "{}: step {i} ({}) not met by its own solution: {last:?}",
                tutorial.id,
                step.objective.en
            );
        }
        assert!(run.progress.done, "{} not completed", tutorial.id);
    }
}

#[test]
fn steps_are_not_met_before_anything_happens() {
    for tutorial in all() {
        let run = Run::new(tutorial.id);
        assert!(
            !tutorial.steps[0].goal.met(&run.pg, run.progress.mark),
            "{} step 0 is met on a fresh playground",
            tutorial.id
        );
    }
}

#[test]
fn every_tutorial_speaks_both_languages() {
    for tutorial in all() {
        for text in [tutorial.title, tutorial.summary] {
            assert!(!text.en.is_empty() && !text.zh.is_empty());
        }
        for step in tutorial.steps.iter() {
            for text in [step.objective, step.narrative, step.fallback] {
                assert!(!text.en.is_empty() && !text.zh.is_empty(), "{}: {}", tutorial.id, text.en);
                assert_ne!(text.en, text.zh);
            }
            assert!(tutorial.clients.contains(&step.client));
        }
    }
}

#[test]
fn the_wrong_client_taking_the_lock_gets_a_specific_hint() {
    let mut run = Run::new("lock");
    let check = run.type_as("B", "create -e /lock x");
    assert_eq!(run.progress.step, 0);
    assert!(matches!(check, Check::Hint(t) if t.en.contains("A does not own")));
}

#[test]
fn a_persistent_lock_does_not_pass() {
    let mut run = Run::new("lock");
    let check = run.type_as("A", "create /lock x");
    assert_eq!(run.progress.step, 0);
    assert!(matches!(check, Check::Hint(t) if t.en.contains("persistent")));
}

#[test]
fn any_way_of_watching_passes_the_watch_step() {
    for watch in ["stat -w /lock", "stat /lock true", "get -w /lock", "ls -w /", "addWatch /lock"] {
        let mut run = Run::new("lock");
        run.type_as("A", "create -e /lock x");
        run.type_as("B", "create -e /lock x");
        assert_eq!(run.progress.step, 2);
        run.type_as("B", watch);
        assert_eq!(run.progress.step, 3, "{watch} did not pass the watch step");
    }
}

#[test]
fn a_watch_in_the_wrong_console_gets_a_hint() {
    let mut run = Run::new("lock");
    run.type_as("A", "create -e /lock x");
    run.type_as("B", "create -e /lock x");
    let check = run.type_as("A", "stat -w /lock");
    assert_eq!(run.progress.step, 2);
    assert!(matches!(check, Check::Hint(t) if t.en.contains("belongs to A")));
}

#[test]
fn quitting_instead_of_crashing_does_not_pass_the_crash_step() {
    let mut run = Run::new("lock");
    for (client, line) in [
        ("A", "create -e /lock x"),
        ("B", "create -e /lock x"),
        ("B", "stat -w /lock"),
        ("A", "quit"),
        ("B", "create -e /lock x"),
        ("C", "create -e /lock x"),
        ("C", "stat -w /lock"),
    ] {
        run.type_as(client, line);
    }
    assert_eq!(run.progress.step, 6);
    let check = run.type_as("B", "quit");
    assert_eq!(run.progress.step, 6);
    assert!(matches!(check, Check::Hint(t) if t.en.contains("closed its session cleanly")));
}

#[test]
fn a_data_watch_does_not_pass_the_child_watch_step() {
    let mut run = Run::new("workers");
    for line in ["create /workers \"\"", "create /tasks \"\"", "create /assign \"\""] {
        run.type_as("master", line);
    }
    assert_eq!(run.progress.step, 1);
    run.type_as("master", "get -w /workers");
    let check = run.type_as("master", "stat -w /tasks");
    assert_eq!(run.progress.step, 1);
    assert!(matches!(check, Check::Hint(t) if t.en.contains("data watch")));
    run.type_as("master", "ls /workers true");
    run.type_as("master", "ls -w /tasks");
    assert_eq!(run.progress.step, 2);
}

#[test]
fn watching_the_holder_instead_of_the_predecessor_is_the_herd_again() {
    let mut run = Run::new("herd");
    let steps = run.tutorial.steps;
    for step in &steps[..5] {
        for act in step.show.iter() {
            run.act(step.client, *act);
        }
    }
    assert_eq!(run.progress.step, 5);
    run.type_as("C", "stat -w /locks/lock-0000000000");
    let check = run.type_as("D", "stat -w /locks/lock-0000000000");
    assert_eq!(run.progress.step, 5);
    assert!(matches!(check, Check::Hint(t) if t.en.contains("herd")));
}
