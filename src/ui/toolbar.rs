//! The top bar: the virtual clock (time, pause, step, speed, skip to the next expiry), the theme,
//! the shortcuts and reset.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::state::{Action, AppState, ENSEMBLE};
use crate::view::clock::{countdown_label, speed_label, time_of_day, SPEEDS};
use crate::view::persist::Theme;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub now_ms: u64,
    pub paused: bool,
    pub speed: f64,
    /// The next session expiry (virtual ms), if a crashed client's session is pending.
    pub next_expiry: Option<i64>,
    pub theme: Theme,
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let send = |action: Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action.clone()))
    };
    let onspeed = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Ok(speed) = select.value().parse::<f64>() {
                    dispatch.dispatch(Action::SetSpeed(speed));
                }
            }
        })
    };
    let onreset = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let sure = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message("Start a fresh playground? The tree, sessions and consoles are lost.").ok()
                })
                .unwrap_or(true);
            if sure {
                dispatch.dispatch(Action::Reset);
            }
        })
    };
    let now = i64::try_from(props.now_ms).unwrap_or(i64::MAX);
    let skip_title = match props.next_expiry {
        Some(at) => format!("Skip to the next session expiry (in {}) — e", countdown_label(at.saturating_sub(now))),
        None => "Skip to the next session expiry (none pending: crash a client first)".to_string(),
    };
    let theme_icon = match props.theme {
        Theme::System => "◐",
        Theme::Light => "☀",
        Theme::Dark => "☾",
    };
    html! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">{ "zk" }</span>
                <span class="brand-name">{ "zkplay" }</span>
                <span class="brand-sub" title="The simulated ensemble's connect string">{ ENSEMBLE }</span>
            </div>
            <div class={classes!("clock", props.paused.then_some("paused"))} role="group" aria-label="Virtual clock">
                <span class="clock-time" title="Virtual time (UTC)" aria-live="off">{ time_of_day(props.now_ms) }</span>
                <button class="btn icon" onclick={send(Action::TogglePause)}
                    aria-label={if props.paused { "Resume the clock" } else { "Pause the clock" }}
                    title={if props.paused { "Resume (space)" } else { "Pause (space)" }}>
                    { if props.paused { "▶" } else { "❚❚" } }
                </button>
                <button class="btn" onclick={send(Action::Step { ms: 1_000 })} aria-label="Step one second" title="Step 1 s (s)">{ "+1s" }</button>
                <button class="btn" onclick={send(Action::Step { ms: 10_000 })} aria-label="Step ten seconds" title="Step 10 s (S)">{ "+10s" }</button>
                <label class="speed" title="Clock speed ([ and ])">
                    <span class="sr-only">{ "Clock speed" }</span>
                    <select aria-label="Clock speed" onchange={onspeed}>
                        { for SPEEDS.iter().map(|s| html! {
                            <option value={s.to_string()} selected={(s - props.speed).abs() < 1e-9}>{ speed_label(*s) }</option>
                        }) }
                    </select>
                </label>
                <button class="btn" disabled={props.next_expiry.is_none()} onclick={send(Action::SkipToExpiry)}
                    aria-label="Skip to the next session expiry" title={skip_title}>{ "Skip to expiry" }</button>
            </div>
            <div class="top-actions">
                <button class="btn icon" onclick={send(Action::CycleTheme)}
                    aria-label={format!("Theme: {} (click to change)", props.theme.label())}
                    title={format!("Theme: {} (t)", props.theme.label())}>{ theme_icon }</button>
                <button class="btn icon" onclick={send(Action::ToggleHelp(None))} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">{ "?" }</button>
                <button class="btn" onclick={onreset} aria-label="Reset the playground" title="Start a fresh playground">{ "Reset" }</button>
            </div>
        </header>
    }
}

/// The keyboard shortcuts, listed under `?`.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("?", "show or hide this list"),
    ("space", "pause or resume the clock"),
    ("s / S", "step the clock 1 s / 10 s"),
    ("[ / ]", "slower / faster clock"),
    ("e", "skip to the next session expiry"),
    ("n", "new client"),
    ("1 / 2", "type in the left / right console"),
    ("t", "switch theme (system, light, dark)"),
    ("Esc", "leave the console (shortcuts work again)"),
    ("↑ / ↓", "console: previous / next command"),
    ("Tab", "console: complete a command, option or znode path"),
    ("Ctrl-L", "console: clear the screen"),
    ("Ctrl-C", "console: abandon the line"),
];

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub dispatch: UseReducerDispatcher<AppState>,
}

#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::ToggleHelp(Some(false))))
    };
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    html! {
        <div class="overlay" onclick={close.clone()}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" onclick={stop}>
                <div class="dialog-head">
                    <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                    <button class="btn icon" onclick={close} aria-label="Close">{ "×" }</button>
                </div>
                <dl class="shortcuts">
                    { for SHORTCUTS.iter().map(|(k, what)| html! {
                        <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></>
                    }) }
                </dl>
                <p class="muted small">
                    { "Quit closes a session cleanly: its ephemeral nodes vanish at once. Crash kills the zkCli process: \
                       the session lives on until the server expires it, and so do its ephemeral nodes." }
                </p>
            </div>
        </div>
    }
}
