//! The tutorial panel: the current step's objective and narrative, progress (step k of n), the
//! feedback (a specific hint, "step done", the completion celebration), the goal view (what the
//! tree should look like after the step) and the buttons hint / show me / skip / restart / back
//! to sandbox. Without a running tutorial it lists the tutorials, marking the completed ones.
//!
//! # Public API (for the page and for embedders)
//!
//! The runtime state is pure data in [`crate::view::tutorial_state::TutorialState`] (native,
//! testable): `lang`, `completed: VecSet<String>`, `run: Option<Run>` (a `Run` holds the
//! tutorial's [`crate::tutorial::Progress`] and how many steps were skipped), `guide_open`, and
//! the unsaved `feedback: Feedback::{Idle, Hint(Text), Advanced, Completed, Finished}`. Methods:
//! `TutorialState::new(lang)`, `from_json/to_json` (what is saved: lang, completed, run),
//! `tutorial()`, `step() -> Option<&Step>`, `focus() -> Vec<String>`, `start(&Tutorial, &pg)`,
//! `observe(&pg, learner) -> bool` (runs `Tutorial::check` after an action), `hint(&pg)`,
//! `skip(&pg)`, `stop()`. Storage keys: `tutorial_state::progress_key(storage_key)` (the page:
//! `zkplay.progress.v1`) and `tutorial_state::sandbox_key(storage_key)` (the learner's sandbox
//! while a tutorial runs: `zkplay.sandbox.v1`).
//!
//! In the page's reducer ([`crate::ui::state::AppState`], field `tutor`) these are actions:
//! `Action::StartTutorial(id)` (a fresh playground with the tutorial's clients; the sandbox is
//! stashed, never destroyed), `Action::RestartTutorial`, `Action::ExitTutorial` (restores the
//! sandbox), `Action::TutorialSkip`, `Action::TutorialHint`, `Action::SetLang(Lang)`,
//! `Action::ToggleGuide`, `Action::Import { name, text }`. Every Submit / Quit / Crash /
//! Reconnect / time jump / clock tick that changed the playground runs the check.
//!
//! The panel is presentational, a plain function of [`TutorialPanel`] (it has no state of its
//! own; its host re-renders it):
//! - `tutor: &TutorialState` — what to show (the running tutorial and step, or the list);
//! - `compact: bool` — the embed view: no tutorial list, no goal view heading, smaller text;
//! - `playing: bool` — a "show me" is typing (its button is disabled);
//! - `on: &Callback<PanelMsg>` — the buttons: `PanelMsg::{Start(id), Hint, ShowMe, Skip, Restart,
//!   Exit, SetLang(Lang), Dismiss}`.
//! - `colors: &ClientColors` — owner colours in the goal view.
//!
//! A host maps `PanelMsg` to its actions; for `ShowMe` it calls [`play_show`], which types the
//! step's commands visibly into the right console (switching a pane to that client) and performs
//! crashes, reconnects and skips to expiry through the same reducer actions as the buttons.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use super::dom::{span, text, Button};
use super::state::{client_color, Action, AppState, ClientColors};
use crate::tutorial::{self, Act, Acts, Lang};
use crate::view::i18n::{fill, strings};
use crate::view::tutorial_state::{Feedback, TutorialState};

/// What the panel's buttons ask the host to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PanelMsg {
    /// Start (or switch to) the tutorial with this id.
    Start(String),
    Hint,
    ShowMe,
    Skip,
    Restart,
    /// Back to the sandbox (free play).
    Exit,
    SetLang(Lang),
    /// Hide the celebration / feedback.
    Dismiss,
}

/// What the panel shows and where its buttons send their messages.
pub struct TutorialPanel<'a> {
    pub tutor: &'a TutorialState,
    pub compact: bool,
    pub playing: bool,
    pub on: &'a Callback<PanelMsg>,
    pub colors: &'a ClientColors,
}

pub fn tutorial_panel(props: &TutorialPanel) -> Html {
    let lang = props.tutor.lang;
    let s = strings(lang);
    let send = |msg: PanelMsg| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(msg.clone()))
    };
    let lang_switch = html! {
        <div class="tut-lang" role="group" aria-label={s.language}>
            { for [Lang::En, Lang::Zh].into_iter().map(|l| html! {
                <button class={classes!("tut-lang-btn", (l == lang).then_some("active"))}
                    aria-pressed={(l == lang).to_string()} onclick={send(PanelMsg::SetLang(l))}>
                    { if l == Lang::En { "EN" } else { "中文" } }
                </button>
            }) }
        </div>
    };

    let Some(tut) = props.tutor.tutorial() else {
        // No tutorial running: the list.
        let items = tutorial::all().iter().map(|t| {
            let done = props.tutor.completed.contains(t.id);
            html! {
                <li class={classes!("tut-item", done.then_some("done"))} data-tutorial={t.id}>
                    <button class="tut-item-btn" onclick={send(PanelMsg::Start(t.id.to_string()))}>
                        <span class="tut-item-title">
                            <span class="tut-check" aria-hidden="true">{ if done { "✓" } else { "○" } }</span>
                            { t.title.get(lang) }
                            if done { { span("tut-done-badge", s.done) } }
                        </span>
                        if !props.compact {
                            { span("tut-item-summary", t.summary.get(lang)) }
                        }
                        { span("tut-item-meta", fill(s.steps_count, &[&t.steps.len().to_string()])) }
                    </button>
                </li>
            }
        });
        return html! {
            <div class={classes!("tutorial", "tut-list-view", props.compact.then_some("compact"))} lang={lang.code()}>
                <div class="tut-head">
                    { text("h2", "tut-heading", s.tutorials) }
                    { lang_switch }
                </div>
                { text("p", "tut-intro muted", s.tutorials_intro) }
                <ul class="tut-list">{ for items }</ul>
            </div>
        };
    };

    let run = props.tutor.run.as_ref();
    let total = tut.steps.len();
    let index = run.map_or(0, |r| r.progress.step);
    let finished = run.is_some_and(|r| r.progress.done) || index >= total;
    let step = tut.steps.get(index.min(total.saturating_sub(1)));

    let feedback = match props.tutor.feedback {
        Feedback::Idle => Html::default(),
        Feedback::Hint(text) => html! {
            <div class="tut-feedback tut-hint" role="status">
                <span class="tut-feedback-icon" aria-hidden="true">{ "?" }</span>
                { span("tut-hint-text", text.get(lang)) }
            </div>
        },
        Feedback::Advanced => html! {
            <div class="tut-feedback tut-advanced" role="status">
                <span class="tut-feedback-icon" aria-hidden="true">{ "✓" }</span>
                <span>{ s.step_done }</span>
            </div>
        },
        Feedback::Completed | Feedback::Finished => Html::default(),
    };

    let body = if finished {
        let celebrated = props.tutor.completed.contains(tut.id) && run.is_some_and(|r| r.skipped == 0);
        html! {
            <div class={classes!("tut-complete", celebrated.then_some("celebrate"))} role="status">
                if celebrated {
                    <div class="confetti" aria-hidden="true">
                        { for (0..24).map(|i| html! { <span style={format!("--i:{i}")}></span> }) }
                    </div>
                }
                <div class="tut-complete-icon" aria-hidden="true">{ if celebrated { "★" } else { "⚑" } }</div>
                <h3 class="tut-complete-title">{ if celebrated { s.completed_title } else { s.finished_title } }</h3>
                <p>{ if celebrated { fill(s.completed_text, &[tut.title.get(lang)]) } else { fill(s.finished_text, &[&run.map_or(0, |r| r.skipped).to_string()]) } }</p>
                <div class="tut-actions">
                    { Button::new("btn", s.restart, send(PanelMsg::Restart)).html() }
                    { Button::new("btn primary", s.back_to_sandbox, send(PanelMsg::Exit)).html() }
                </div>
            </div>
        }
    } else if let Some(step) = step {
        let goal = if step.expect.is_empty() {
            text("p", "tut-goal-empty muted", s.goal_empty)
        } else {
            html! {
                <ul class="tut-goal-tree">
                    { for step.expect.iter().map(|e| {
                        let depth = e.path.matches('/').count().saturating_sub(1);
                        let name = if e.path == "/" { "/" } else { e.path.rsplit('/').next().unwrap_or(e.path) };
                        let style = match e.owner {
                            Some(owner) => format!("--depth:{depth}; --owner:{}", client_color(props.colors, owner)),
                            None => format!("--depth:{depth}"),
                        };
                        html! {
                            <li class={classes!("tut-goal-node", e.owner.map(|_| "ephemeral"))} style={style} data-path={e.path}
                                title={e.path}>
                                <span class="tut-goal-name">{ if depth == 0 { e.path.to_string() } else { name.to_string() } }</span>
                                if let Some(owner) = e.owner {
                                    { span("tut-goal-owner", fill(s.owned_by, &[owner])) }
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        };
        html! {
            <>
                <div class="tut-progress" aria-label={fill(s.step_of, &[&(index + 1).to_string(), &total.to_string()])}>
                    { span("tut-step-label", fill(s.step_of, &[&(index + 1).to_string(), &total.to_string()])) }
                    <span class="tut-bar" aria-hidden="true">
                        { for (0..total).map(|i| html! {
                            <span class={classes!("tut-bar-seg", (i < index).then_some("done"), (i == index).then_some("current"))}></span>
                        }) }
                    </span>
                </div>
                <div class="tut-step" style={format!("--client: {}", client_color(props.colors, step.client))}>
                    <p class="tut-client"><span class="dot" aria-hidden="true"></span>{ fill(s.acting_client, &[step.client]) }</p>
                    { text("h3", "tut-objective", step.objective.get(lang)) }
                    { text("p", "tut-narrative", step.narrative.get(lang)) }
                </div>
                { feedback }
                <div class="tut-actions">
                    { Button::new("btn tut-hint-btn", s.hint, send(PanelMsg::Hint)).html() }
                    { Button::new("btn primary tut-show", if props.playing { s.showing } else { s.show_me }, send(PanelMsg::ShowMe))
                        .disabled(props.playing)
                        .html() }
                    { Button::new("btn tut-skip", s.skip, send(PanelMsg::Skip))
                        .disabled(props.playing)
                        .html() }
                </div>
                <section class="tut-goal">
                    if !props.compact { <h4>{ s.goal_heading }</h4> }
                    { goal }
                </section>
            </>
        }
    } else {
        Html::default()
    };

    html! {
        <div class={classes!("tutorial", "tut-run-view", props.compact.then_some("compact"))} lang={lang.code()} data-tutorial={tut.id}>
            <div class="tut-head">
                { text("h2", "tut-title", tut.title.get(lang)) }
                { lang_switch }
            </div>
            { body }
            <div class="tut-foot" hidden={finished}>
                { Button::new("btn small tut-restart", s.restart, send(PanelMsg::Restart))
                    .disabled(props.playing)
                    .html() }
                { Button::new("btn small tut-exit", s.back_to_sandbox, send(PanelMsg::Exit)).html() }
            </div>
        </div>
    }
}

/// A handle that stops a running "show me" when the host starts another or goes away.
#[derive(Clone, Default)]
pub struct PlayToken(Rc<Cell<u64>>);

impl PlayToken {
    /// Invalidates every earlier play; returns the new generation.
    pub fn next(&self) -> u64 {
        self.0.set(self.0.get().wrapping_add(1));
        self.0.get()
    }

    pub fn current(&self) -> u64 {
        self.0.get()
    }
}

/// Milliseconds between typed characters.
pub const TYPE_MS: u32 = 30;

fn pane_showing(root: &Element, client: &str) -> Option<usize> {
    let panes = root.query_selector_all(".panes > .pane").ok()?;
    (0..panes.length())
        .find(|&i| {
            panes
                .item(i)
                .and_then(|n| n.dyn_into::<Element>().ok())
                .and_then(|p| {
                    p.query_selector(&format!(".pane-header[data-client=\"{}\"]", css_escape(client))).ok().flatten()
                })
                .is_some()
        })
        .map(|i| i as usize)
}

fn css_escape(name: &str) -> String {
    name.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The console input of `client` under `root`.
pub(super) fn input_of(root: &Element, client: &str) -> Option<HtmlInputElement> {
    root.query_selector(&format!("input.console-input[data-client=\"{}\"]", css_escape(client)))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

// gloo's timer future, as the embed's autoplay uses: one timer implementation in the wasm.
async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Makes `client` visible in a pane (the one already showing it, else the left one).
async fn reveal(root: &Element, client: &str, dispatch: &UseReducerDispatcher<AppState>) {
    if pane_showing(root, client).is_none() {
        dispatch.dispatch(Action::Show { pane: 0, client: client.to_string() });
        for _ in 0..50 {
            sleep(20).await;
            if pane_showing(root, client).is_some() {
                break;
            }
        }
    }
}

/// Performs a step's "show me" acts visibly: each line is typed character by character into the
/// client's console (a pane switches to it first), then submitted; crashes, reconnects and skips
/// to expiry go through the reducer. `root` is the page's element (where the panes are); `done`
/// is called at the end, unless a newer play (or [`PlayToken::next`] by the host) cancelled it.
pub fn play_show(
    acts: Acts,
    step_client: String,
    root: Element,
    dispatch: UseReducerDispatcher<AppState>,
    token: PlayToken,
    done: Callback<()>,
) {
    let generation = token.next();
    wasm_bindgen_futures::spawn_local(async move {
        let live = || token.current() == generation;
        for &act in acts.iter() {
            if !live() {
                break;
            }
            match act {
                Act::Type(line) | Act::TypeAs(_, line) => {
                    let client = match act {
                        Act::TypeAs(c, _) => c.to_string(),
                        _ => step_client.clone(),
                    };
                    reveal(&root, &client, &dispatch).await;
                    let input = input_of(&root, &client);
                    if let Some(input) = &input {
                        let _ = input.focus();
                        let mut typed = String::new();
                        for ch in line.chars() {
                            if !live() {
                                break;
                            }
                            typed.push(ch);
                            input.set_value(&typed);
                            sleep(TYPE_MS).await;
                        }
                        sleep(150).await;
                        input.set_value("");
                    }
                    if !live() {
                        break;
                    }
                    dispatch.dispatch(Action::Submit { client, line: line.to_string() });
                    sleep(450).await;
                }
                Act::Crash(client) => {
                    reveal(&root, client, &dispatch).await;
                    sleep(250).await;
                    dispatch.dispatch(Action::Crash { client: client.to_string() });
                    sleep(600).await;
                }
                Act::Reconnect(client) => {
                    reveal(&root, client, &dispatch).await;
                    sleep(250).await;
                    dispatch.dispatch(Action::Reconnect { client: client.to_string() });
                    sleep(500).await;
                }
                Act::SkipToExpiry => {
                    sleep(250).await;
                    dispatch.dispatch(Action::SkipToExpiry);
                    sleep(600).await;
                }
            }
        }
        if live() {
            done.emit(());
        }
    });
}
