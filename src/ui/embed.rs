//! The compact single-tutorial view for documentation pages: `embed.html?tutorial=lock` in an
//! iframe, or `zkplay.mount(element, options)` (see [`super::api`]). It shows the tutorial panel
//! (compact), the acting client's console and a small tree, on a playground of its own saved
//! under its own storage key (several embeds on one page do not collide). It drives the same
//! reducer as the page ([`AppState`] with its tutorial actions).
//!
//! Autoplay walks through the steps by itself: it types each step's "show me" lines visibly into
//! the console (without taking the focus, so a docs page never scrolls to the embed), pauses
//! between steps, and stops at the end with a replay button.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::console::console_of;
use super::dom::{send_on_click, Button};
use super::state::{client_color, session_info, wall_ms, Action, AppState};
use super::tutorial_panel::{input_of, tutorial_panel, PanelMsg, TutorialPanel};
use super::{read_storage, storage, tree, use_clock, SAVE_DEBOUNCE_MS};
use crate::tutorial::{self, Act, Lang, Text};
use crate::view::clock::countdown_label;
use crate::view::embed::{beats, Beat};
use crate::view::tutorial_state::progress_key;

/// Autoplay's pace, in wall milliseconds.
const KEY_MS: u32 = 38;
const AFTER_LINE_MS: u32 = 700;
const BETWEEN_STEPS_MS: u32 = 1_500;
const BEFORE_START_MS: u32 = 900;

#[derive(Properties, PartialEq, Clone)]
pub struct EmbedProps {
    /// A tutorial id (lock, failover, workers, herd, election).
    pub tutorial: AttrValue,
    pub lang: Lang,
    /// Walk through the steps by itself when it appears.
    #[prop_or_default]
    pub autoplay: bool,
    /// Where the playground is saved (localStorage); the tutorial progress goes next to it.
    pub storage_key: AttrValue,
}

/// A few words of the compact view's own chrome.
fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    Text { en, zh }.get(lang)
}

fn save(state: &AppState, key: &str) {
    let Some(storage) = storage() else { return };
    if let Ok(json) = state.to_json() {
        let _ = storage.set_item(key, &json);
    }
    let _ = storage.set_item(&progress_key(key), &state.tutor.to_json());
}

/// The embed's state: what `key` holds if it is this tutorial's (unless `fresh`), else the
/// tutorial started on a fresh playground; in `lang` either way.
pub fn initial_state(tutorial: &str, lang: Lang, key: &str, fresh: bool) -> AppState {
    let (stored, progress) = if fresh { (None, None) } else { (read_storage(key), read_storage(&progress_key(key))) };
    let mut state = AppState::load_page(stored.as_deref(), progress.as_deref(), None, wall_ms() as u64, lang);
    if state.tutor.tutorial().map(|t| t.id) != Some(tutorial) || state.notice.is_some() {
        state = (*yew::Reducible::reduce(Rc::new(state), Action::StartTutorial(tutorial.to_string()))).clone();
    }
    // An embed has no sandbox to go back to.
    state.sandbox = None;
    state.notice = None;
    state.tutor.lang = lang;
    state
}

/// Everything the autoplay task needs, cheap to clone into it.
#[derive(Clone)]
struct Player {
    dispatch: UseReducerDispatcher<AppState>,
    /// The state as of the latest render.
    latest: Rc<RefCell<Option<AppState>>>,
    /// Bumped to stop a running play (Stop, Restart, unmount).
    generation: Rc<Cell<u64>>,
    /// Whether a play runs / whether it plays every step (for the buttons).
    playing: UseStateSetter<Option<bool>>,
    root: NodeRef,
}

impl Player {
    /// (tutorial, current step index, done) as of the latest render.
    fn position(&self) -> Option<(tutorial::Tutorial, usize, bool)> {
        let latest = self.latest.borrow();
        let tutor = &latest.as_ref()?.tutor;
        let run = tutor.run.as_ref()?;
        Some((tutor.tutorial()?, run.progress.step, run.progress.done))
    }

    /// Plays the current step (`all == false`: "show me") or every remaining step.
    fn start(&self, all: bool) {
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        self.playing.set(Some(all));
        let player = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let live = || player.generation.get() == generation;
            if all {
                TimeoutFuture::new(BEFORE_START_MS).await;
            }
            while live() {
                let Some((tut, step, done)) = player.position() else { break };
                if done || step >= tut.steps.len() {
                    break;
                }
                for beat in beats(&tut, step) {
                    if !live() {
                        return;
                    }
                    if !all && matches!(beat, Beat::StepDone(_)) {
                        break;
                    }
                    player.beat(&beat, generation).await;
                }
                // One pass per step; stop if the step did not move on (the learner interfered).
                if !all || player.position().is_none_or(|(_, now, _)| now == step) {
                    break;
                }
            }
            if live() {
                player.playing.set(None);
            }
        });
    }

    fn stop(&self) {
        self.generation.set(self.generation.get().wrapping_add(1));
        self.playing.set(None);
    }

    fn input(&self, client: &str) -> Option<HtmlInputElement> {
        input_of(&self.root.cast::<web_sys::Element>()?, client)
    }

    async fn beat(&self, beat: &Beat, generation: u64) {
        match beat {
            Beat::Focus(client) => {
                self.dispatch.dispatch(Action::Show { pane: 0, client: client.to_string() });
                TimeoutFuture::new(300).await;
            }
            Beat::Type(client, line) => {
                // Visible typing: the line appears in the console's input key by key.
                let mut typed = String::new();
                for ch in line.chars() {
                    if self.generation.get() != generation {
                        return;
                    }
                    typed.push(ch);
                    if let Some(input) = self.input(client) {
                        input.set_value(&typed);
                    }
                    TimeoutFuture::new(KEY_MS).await;
                }
                TimeoutFuture::new(250).await;
                if self.generation.get() != generation {
                    return;
                }
                if let Some(input) = self.input(client) {
                    input.set_value("");
                }
                self.dispatch.dispatch(Action::Submit { client: client.to_string(), line: line.to_string() });
                TimeoutFuture::new(AFTER_LINE_MS).await;
            }
            Beat::Act(act) => {
                let action = match *act {
                    Act::Crash(client) => Action::Crash { client: client.to_string() },
                    Act::Reconnect(client) => Action::Reconnect { client: client.to_string() },
                    Act::SkipToExpiry => Action::SkipToExpiry,
                    Act::Type(_) | Act::TypeAs(..) => return,
                };
                TimeoutFuture::new(400).await;
                if self.generation.get() == generation {
                    self.dispatch.dispatch(action);
                }
                TimeoutFuture::new(AFTER_LINE_MS).await;
            }
            Beat::StepDone(_) => TimeoutFuture::new(BETWEEN_STEPS_MS).await,
        }
    }
}

/// The embed: one tutorial, its acting client's console and a small tree.
#[function_component(Embed)]
pub fn embed(props: &EmbedProps) -> Html {
    let known = tutorial::find(&props.tutorial).map(|t| t.id);
    let state = {
        let (id, lang, key, fresh) =
            (known.unwrap_or("lock"), props.lang, props.storage_key.to_string(), props.autoplay);
        use_reducer(move || initial_state(id, lang, &key, fresh))
    };
    let dispatch = state.dispatcher();
    let key = props.storage_key.to_string();
    let playing = use_state(|| None::<bool>);
    let generation: Rc<Cell<u64>> = (*use_memo((), |_| Rc::new(Cell::new(0u64)))).clone();
    let latest = use_mut_ref(|| None::<AppState>);
    *latest.borrow_mut() = Some((*state).clone());
    let root = use_node_ref();
    let player = Player {
        dispatch: dispatch.clone(),
        latest: latest.clone(),
        generation: generation.clone(),
        playing: playing.setter(),
        root: root.clone(),
    };

    use_clock(&dispatch);

    // Saving: shortly after a change, and when the view goes away (which also stops autoplay).
    {
        let timer = use_mut_ref(|| None::<Timeout>);
        let (latest, key) = (latest.clone(), key.clone());
        use_effect_with((state.revision(), state.tutor.clone()), move |_| {
            let pending = Timeout::new(SAVE_DEBOUNCE_MS, move || {
                if let Some(s) = latest.borrow().as_ref() {
                    save(s, &key);
                }
            });
            *timer.borrow_mut() = Some(pending);
        });
    }
    {
        let (latest, key, generation) = (latest.clone(), key.clone(), generation.clone());
        use_effect_with((), move |_| {
            move || {
                generation.set(generation.get().wrapping_add(1));
                if let Some(s) = latest.borrow().as_ref() {
                    save(s, &key);
                }
            }
        });
    }

    // Each step shows its acting client.
    let step = state.tutor.step();
    {
        let dispatch = dispatch.clone();
        let acting = step.as_ref().map(|s| s.client.to_string());
        let index = state.tutor.run.as_ref().map(|r| r.progress.step);
        use_effect_with((index, acting), move |(_, acting)| {
            if let Some(client) = acting {
                dispatch.dispatch(Action::Show { pane: 0, client: client.clone() });
            }
        });
    }

    // Autoplay from the start.
    {
        let player = player.clone();
        use_effect_with(props.autoplay, move |autoplay| {
            if *autoplay {
                player.start(true);
            }
        });
    }

    let on_select = use_callback((), |_: String, _| {});
    let Some(id) = known else {
        return html! {
            <div class="zk-embed zk-embed-error" role="alert">
                { format!("zkplay: unknown tutorial \"{}\"; expected one of {}", props.tutorial, crate::view::embed::tutorial_ids()) }
            </div>
        };
    };

    let lang = state.tutor.lang;
    let run = state.tutor.run.clone();
    let done = run.as_ref().is_none_or(|r| r.progress.done);
    let index = run.as_ref().map_or(0, |r| r.progress.step);

    let on_panel = {
        let (dispatch, player) = (dispatch.clone(), player.clone());
        Callback::from(move |msg: PanelMsg| match msg {
            PanelMsg::ShowMe => player.start(false),
            PanelMsg::Hint => dispatch.dispatch(Action::TutorialHint),
            PanelMsg::Skip => {
                player.stop();
                dispatch.dispatch(Action::TutorialSkip);
            }
            // An embed has no sandbox: "back" starts its tutorial over.
            PanelMsg::Restart | PanelMsg::Exit => {
                player.stop();
                dispatch.dispatch(Action::RestartTutorial);
            }
            PanelMsg::Start(id) => {
                player.stop();
                dispatch.dispatch(Action::StartTutorial(id));
            }
            PanelMsg::SetLang(lang) => dispatch.dispatch(Action::SetLang(lang)),
            PanelMsg::Dismiss => dispatch.dispatch(Action::TutorialDismiss),
        })
    };
    let autoplay_button = {
        let player = player.clone();
        let dispatch = dispatch.clone();
        let now_playing = *playing;
        let (label, title, class) = match now_playing {
            Some(true) => {
                (tr(lang, "❚❚ Pause", "❚❚ 暂停"), tr(lang, "Stop playing the steps", "停止自动播放"), "embed-stop")
            }
            _ if done => (
                tr(lang, "↻ Replay", "↻ 重播"),
                tr(lang, "Play the tutorial again from the start", "从头再播放一遍"),
                "embed-replay",
            ),
            _ => (
                tr(lang, "▶ Autoplay", "▶ 自动播放"),
                tr(lang, "Play the remaining steps by themselves", "自动播放剩余的步骤"),
                "embed-play",
            ),
        };
        let onclick = Callback::from(move |_: MouseEvent| match now_playing {
            Some(true) => player.stop(),
            _ if done => {
                player.stop();
                dispatch.dispatch(Action::RestartTutorial);
                player.start(true);
            }
            _ => player.start(true),
        });
        html! { <button class={classes!("btn", "embed-autoplay", class)} title={title} onclick={onclick}>{ label }</button> }
    };

    let shared = state.shared();
    let world = state.world_ref();
    let client = state.pane_client(0);
    let console = client.as_ref().map(|name| console_of(lang, &shared, &world, name, &dispatch, false));
    let now = i64::try_from(state.now_ms).unwrap_or(i64::MAX);
    let chips = state.tabs().into_iter().map(|name| {
        let info = session_info(&shared.playground(), &name);
        let state_name = info.as_ref().map_or("CLOSED", |i| i.state);
        let countdown = info
            .as_ref()
            .and_then(|i| i.expires_at.filter(|_| i.state == "CRASHED"))
            .map(|at| countdown_label(at.saturating_sub(now)));
        let active = client.as_deref() == Some(name.as_str());
        let acting = step.as_ref().is_some_and(|s| s.client == name);
        let color = client_color(&state.colors, &name);
        let onclick = send_on_click(&dispatch, Action::Show { pane: 0, client: name.clone() });
        html! {
            <button key={name.clone()} role="tab" aria-selected={active.to_string()}
                class={classes!("embed-chip", active.then_some("active"), acting.then_some("acting"), format!("state-{}", state_name.to_ascii_lowercase()))}
                style={format!("--client: {color}")} data-client={name.clone()} onclick={onclick}
                title={format!("{name}: {state_name}")}>
                <span class="dot" aria-hidden="true"></span>{ name.clone() }
                if state_name != "CONNECTED" {
                    <span class="embed-chip-state">{ state_name.to_ascii_lowercase() }{ for countdown.map(|c| format!(" {c}")) }</span>
                }
            </button>
        }
    });
    let actions = client.as_ref().map(|name| {
        let exited = session_info(&shared.playground(), name).as_ref().is_none_or(|i| i.exited);
        let send = |action: Action| send_on_click(&dispatch, action);
        html! {
            <>
                { Button::new("btn danger", tr(lang, "Crash", "崩溃"), send(Action::Crash { client: name.clone() }))
                    .title(tr(lang, "Kill the zkCli process: the session lives on until it expires", "杀掉 zkCli 进程：会话会一直存在直到过期"))
                    .label(format!("Crash client {name}"))
                    .disabled(exited)
                    .html() }
                { Button::new("btn", tr(lang, "Reconnect", "重连"), send(Action::Reconnect { client: name.clone() }))
                    .title(tr(lang, "Start a new zkCli process (a new session)", "启动新的 zkCli 进程（新会话）"))
                    .label(format!("Reconnect client {name}"))
                    .html() }
            </>
        }
    });
    let skip = shared.world().next_expiry().map(|at| {
        let onclick = send_on_click(&dispatch, Action::SkipToExpiry);
        html! {
            { Button::new("btn embed-skip", format!("{} ({})", tr(lang, "Skip to expiry", "跳到过期"), countdown_label(at.saturating_sub(now))), onclick)
                .title(tr(lang, "Skip to the next session expiry", "跳到下一次会话过期"))
                .html() }
        }
    });
    html! {
            <div class={classes!("zk-embed", playing.is_some().then_some("playing"))} ref={root} lang={lang.code()}
                data-tutorial={id} data-step={(index + 1).to_string()} data-done={done.to_string()}>
                <div class="embed-panel">
                    { tutorial_panel(&TutorialPanel {
                        tutor: &state.tutor,
                        compact: true,
                        playing: playing.is_some(),
                        on: &on_panel,
                        colors: &state.colors,
                    }) }
                    <div class="embed-controls">{ autoplay_button }</div>
                </div>
                <div class="embed-work">
                    <section class="embed-console panel" aria-label={tr(lang, "Client console", "客户端控制台")}>
                        <div class="embed-console-bar" data-client={client.clone().unwrap_or_default()}>
                            <div class="embed-chips" role="tablist" aria-label={tr(lang, "Clients", "客户端")}>{ for chips }</div>
                            <div class="embed-actions">{ for skip }{ for actions }</div>
                        </div>
                        { for console }
                    </section>
                    <section class="embed-tree tree-panel panel" aria-label={tr(lang, "Znode tree", "Znode 树")}>
                        <tree::TreeView {lang} shared={shared.clone()} colors={state.colors.clone()} selected={None::<String>}
                            on_select={on_select} highlight={state.tutor.focus()} />
                    </section>
                </div>
            </div>
    }
}
