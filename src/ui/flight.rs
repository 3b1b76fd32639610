//! Notifications in flight: a small chip labelled with the event type travels from the znode
//! (`[data-path]` in the tree) to the client that receives it (`[data-client]`), in a fixed
//! overlay, in about a second. If the znode is not drawn (a collapsed subtree), the chip starts
//! at its nearest drawn ancestor; if no start or no client element exists, nothing is drawn.

use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::dom::span;
use super::tree::safe_color;
use crate::decimal::Fixed;

/// One notification on its way.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    pub id: u64,
    pub path: String,
    pub client: String,
    /// The event type (`NodeDataChanged`, …): the chip's label.
    pub kind: String,
    pub color: String,
}

/// How long a chip travels (ms; matches `.flight` in tree.css).
pub const FLIGHT_MS: u32 = 1000;

/// The centre of an element in viewport coordinates.
fn centre(el: &web_sys::Element) -> Option<(f64, f64)> {
    let f = js_sys::Reflect::get(el, &JsValue::from_str("getBoundingClientRect")).ok()?;
    let rect = f.dyn_into::<js_sys::Function>().ok()?.call0(el).ok()?;
    let get = |k: &str| js_sys::Reflect::get(&rect, &JsValue::from_str(k)).ok().and_then(|v| v.as_f64());
    let (x, y, w, h) = (get("left")?, get("top")?, get("width")?, get("height")?);
    if w <= 0.0 && h <= 0.0 {
        return None;
    }
    Some((x + w / 2.0, y + h / 2.0))
}

/// The first element whose attribute `attr` equals `value` (compared in Rust: no selector
/// escaping needed for arbitrary paths and names). Ghosts of deleted znodes count too.
fn find(attr: &str, value: &str) -> Option<web_sys::Element> {
    let doc = web_sys::window()?.document()?;
    let list = doc.query_selector_all(&format!("[{attr}]")).ok()?;
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .find(|el| el.get_attribute(attr).as_deref() == Some(value))
}

/// The drawn element of `path` or of its nearest drawn ancestor.
fn find_node(path: &str) -> Option<web_sys::Element> {
    let mut p = path.to_string();
    loop {
        if let Some(el) = find("data-path", &p) {
            return Some(el);
        }
        if p == "/" || p.is_empty() {
            return None;
        }
        p = crate::engine::path::parent(&p).to_string();
    }
}

fn route(flight: &Flight) -> Option<(f64, f64, f64, f64)> {
    let from = centre(&find_node(&flight.path)?)?;
    let to = centre(&find("data-client", &flight.client)?)?;
    Some((from.0, from.1, to.0, to.1))
}

#[derive(Properties, PartialEq)]
struct ChipProps {
    flight: Flight,
}

#[function_component(Chip)]
fn chip(props: &ChipProps) -> Html {
    let path = use_state(|| None::<(f64, f64, f64, f64)>);
    {
        let path = path.clone();
        let flight = props.flight.clone();
        // Measured after the render that placed the tree and the clients.
        use_effect_with(props.flight.id, move |_| {
            path.set(route(&flight));
        });
    }
    let Some((fx, fy, tx, ty)) = *path else {
        return html! {};
    };
    let color = safe_color(Some(&props.flight.color));
    let (fx, fy, tx, ty) = (Fixed(fx, 1), Fixed(fy, 1), Fixed(tx, 1), Fixed(ty, 1));
    let style = format!(
        "--fx:{fx}px;--fy:{fy}px;--tx:{tx}px;--ty:{ty}px;--flight-color:{color};animation-duration:{FLIGHT_MS}ms"
    );
    html! {
        <div class="flight" style={style} data-flight={props.flight.id.to_string()}>
            <span class="flight-dot"></span>
            { span("flight-label", props.flight.kind.clone()) }
        </div>
    }
}

/// The overlay with every chip (a plain function: the chips hold the state).
pub fn flights(flights: &[Flight]) -> Html {
    html! {
        <div class="flights" aria-hidden="true">
            { for flights.iter().map(|f| html! { <Chip key={f.id} flight={f.clone()} /> }) }
        </div>
    }
}
