//! The terminal-like zkCli console: scrollback, the current prompt and one input line.

use web_sys::{Element, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::now_ms;
use super::state::{Action, ConsoleState, LineKind};

/// How often virtual time advances (session expiry, container reaping), in milliseconds.
pub const TICK_MS: u32 = 500;

/// One live zkCli client "A" on a fresh simulated ensemble.
#[function_component(Console)]
pub fn console() -> Html {
    let state = use_reducer(|| ConsoleState::start(now_ms()));
    let input_ref = use_node_ref();
    let scroll_ref = use_node_ref();
    // Position in the history while recalling with Arrow-Up/Down; `None` = editing a new line.
    let recall = use_mut_ref(|| None::<usize>);

    // The clock: virtual time follows the wall clock.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = gloo_timers::callback::Interval::new(TICK_MS, move || {
                dispatcher.dispatch(Action::Tick { now_ms: now_ms() })
            });
            move || drop(interval)
        });
    }

    // Focus the input once, when the console appears.
    {
        let input_ref = input_ref.clone();
        use_effect_with((), move |_| {
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }

    // Keep the newest line in view.
    {
        let scroll_ref = scroll_ref.clone();
        use_effect_with((state.last_line_id(), state.prompt().to_string()), move |_| {
            if let Some(el) = scroll_ref.cast::<Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let onkeydown = {
        let state = state.clone();
        let input_ref = input_ref.clone();
        let recall = recall.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(input) = input_ref.cast::<HtmlInputElement>() else {
                return;
            };
            let history = state.history();
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    let line = input.value();
                    input.set_value("");
                    *recall.borrow_mut() = None;
                    state.dispatch(Action::Submit { line, now_ms: now_ms() });
                }
                "ArrowUp" if !history.is_empty() => {
                    e.prevent_default();
                    let mut recall = recall.borrow_mut();
                    let index = match *recall {
                        Some(i) => i.saturating_sub(1),
                        None => history.len() - 1,
                    };
                    *recall = Some(index);
                    if let Some(line) = history.get(index) {
                        input.set_value(line);
                    }
                }
                "ArrowDown" => {
                    e.prevent_default();
                    let mut recall = recall.borrow_mut();
                    match *recall {
                        Some(i) if i + 1 < history.len() => {
                            *recall = Some(i + 1);
                            if let Some(line) = history.get(i + 1) {
                                input.set_value(line);
                            }
                        }
                        Some(_) => {
                            *recall = None;
                            input.set_value("");
                        }
                        None => {}
                    }
                }
                "l" | "L" if e.ctrl_key() => {
                    e.prevent_default();
                    state.dispatch(Action::Clear);
                }
                _ => {}
            }
        })
    };

    // A click anywhere in the console types into the input, unless the user is selecting text.
    let onclick = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting =
                web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed());
            if !selecting {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        })
    };

    let lines = state.lines().iter().map(|line| match &line.kind {
        LineKind::Output => html! {
            <div key={line.id} class="console-line">{ &line.text }</div>
        },
        LineKind::Echo { prompt } => html! {
            <div key={line.id} class="console-line console-echo">
                <span class="console-echo-prompt">{ prompt }</span>
                <span class="console-echo-input">{ &line.text }</span>
            </div>
        },
        LineKind::Note => html! {
            <div key={line.id} class="console-line console-note">{ &line.text }</div>
        },
    });

    let placeholder = if state.exited() { "press Enter to start a new zkCli" } else { "" };

    html! {
        <div class="console" onclick={onclick}>
            <div class="console-scroll" ref={scroll_ref}>
                <div class="console-lines" role="log" aria-live="polite">
                    { for lines }
                </div>
                <div class="console-input-row">
                    <span class="console-prompt">{ state.prompt() }</span>
                    <input
                        ref={input_ref}
                        class="console-input"
                        type="text"
                        aria-label={format!("zkCli {} input", state.client())}
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        placeholder={placeholder}
                        onkeydown={onkeydown}
                    />
                </div>
            </div>
        </div>
    }
}
