//! The event log: every transaction (zxid, client, operation, path, error) and every
//! notification (client, event type, path), oldest at the top and newest at the bottom, with a
//! client filter. It follows new entries unless the reader scrolled up.

use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::dom::{span, text};
use super::state::{ClientColors, Shared};
use super::tree::safe_color;
use crate::playground::LogEntry;
use crate::tutorial::Lang;
use crate::view::i18n::{fill, strings};
use crate::view::layout::log::{self, Row, RowKind};

/// At most this many rows are rendered (the newest): enough to scroll back through recent
/// history, few enough that a new entry costs the browser little.
pub const ROWS_SHOWN: usize = 150;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// The UI's language.
    pub lang: Lang,
    pub shared: Shared,
    pub colors: ClientColors,
}

/// The `value` of the element an event came from (a `<select>`), without extra web-sys features.
fn target_value(e: &Event) -> Option<String> {
    let target: JsValue = e.target()?.into();
    js_sys::Reflect::get(&target, &JsValue::from_str("value")).ok()?.as_string()
}

/// Counts the entries the playground's bounded log dropped from its front, so that rows keep
/// their keys (and are not re-rendered) once the log is full.
#[derive(Default)]
struct Stable {
    dropped: usize,
    len: usize,
    last: Option<LogEntry>,
}

impl Stable {
    fn base(&mut self, entries: &VecDeque<LogEntry>) -> usize {
        if let Some(last) = &self.last {
            // Where the previous newest entry is now (searching back from the end).
            let now_at = entries.iter().rev().position(|e| e == last).map(|from_end| entries.len() - 1 - from_end);
            match now_at {
                Some(p) if self.len > p => self.dropped = self.dropped.wrapping_add(self.len - 1 - p),
                Some(_) => {}
                None => self.dropped = self.dropped.wrapping_add(self.len),
            }
        }
        self.len = entries.len();
        self.last = entries.back().cloned();
        self.dropped
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    lang: Lang,
    row: Row,
    color: String,
}

/// One row; a component so that unchanged rows are skipped when the log grows.
#[function_component(LogRow)]
fn log_row(props: &RowProps) -> Html {
    let s = strings(props.lang);
    let row = &props.row;
    let client_style = format!("color:{}", props.color);
    // Stripes follow the entry, not its place in the window, so older rows keep their style
    // when a new entry arrives.
    let stripe = (row.index % 2 == 1).then_some("log-odd");
    let class = classes!("log-row", row.kind.class(), stripe);
    let time = log::clock(row.time);
    let zxid = if row.kind == RowKind::Notification { s.log_event.to_string() } else { row.zxid.clone() };
    html! {
        <div class={class} data-client-name={row.client.clone()}>
            { span("log-time", time) }
            { span("log-zxid", zxid) }
            <span class="log-client" style={client_style}>{ row.client.clone() }</span>
            { span("log-op", row.op.clone()) }
            { span("log-path", row.path.clone()) }
            if let Some(error) = &row.error {
                { span("log-error", error.clone()) }
            }
        </div>
    }
}

#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let s = strings(props.lang);
    let filter = use_state(|| None::<String>);
    let scroller = use_node_ref();
    let follow = use_mut_ref(|| true);

    let stable = use_mut_ref(Stable::default);
    let (rows, clients, total) = {
        let playground = props.shared.playground();
        let entries = playground.log();
        let base = stable.borrow_mut().base(entries);
        let mut rows = log::rows(entries.iter(), filter.as_deref(), ROWS_SHOWN);
        for row in &mut rows {
            // A key that stays with its entry when the log drops its oldest ones.
            row.index = row.index.wrapping_add(base);
        }
        let clients = log::clients(entries.iter(), playground.clients().iter().map(|c| c.name.as_str()));
        (rows, clients, entries.len())
    };
    let newest = rows.last().map(|r| r.index);

    // Follow the newest entry unless the reader scrolled away from the bottom.
    {
        let scroller = scroller.clone();
        let follow = follow.clone();
        use_effect_with((newest, filter.clone()), move |_| {
            if *follow.borrow() {
                if let Some(el) = scroller.cast::<web_sys::Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    let onscroll = {
        let scroller = scroller.clone();
        let follow = Rc::clone(&follow);
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                *follow.borrow_mut() = el.scroll_top() + el.client_height() >= el.scroll_height() - 8;
            }
        })
    };
    let onchange = {
        let filter = filter.clone();
        let follow = Rc::clone(&follow);
        Callback::from(move |e: Event| {
            let value = target_value(&e).unwrap_or_default();
            *follow.borrow_mut() = true;
            filter.set(if value.is_empty() { None } else { Some(value) });
        })
    };

    let selected = filter.as_deref().unwrap_or("");
    let mut options: Vec<Html> = vec![html! { <option value="" selected={selected.is_empty()}>{ s.log_all }</option> }];
    let mut known = clients.clone();
    if let Some(f) = filter.as_ref() {
        if !known.contains(f) {
            known.push(f.clone());
        }
    }
    for name in &known {
        options.push(html! { <option value={name.clone()} selected={selected == name}>{ name.clone() }</option> });
    }
    html! {
        <div class="event-log">
            <div class="log-toolbar">
                <label class="log-filter">
                    { s.log_show }
                    <select class="log-client-filter" {onchange} aria-label={s.log_filter}>
                        { for options }
                    </select>
                </label>
                <span class="log-count">
                    { if rows.len() < total && filter.is_none() { fill(s.log_last, &[&rows.len().to_string(), &total.to_string()]) } else { fill(s.log_entries, &[&rows.len().to_string()]) } }
                </span>
            </div>
            <div class="log-head log-row">
                { span("log-time", s.log_time) }
                { span("log-zxid", s.log_zxid) }
                { span("log-client", s.log_client) }
                { span("log-op", s.log_op) }
                { span("log-path", s.log_path) }
            </div>
            <div class="log-rows" ref={scroller} {onscroll}>
                if rows.is_empty() {
                    { text("p", "log-empty", s.log_empty) }
                } else {
                    { for rows.into_iter().map(|row| {
                        let color = safe_color(props.colors.get(&row.client));
                        let key = row.index;
                        html! { <LogRow {key} lang={props.lang} {row} {color} /> }
                    }) }
                }
            </div>
        </div>
    }
}
