//! Shared builders for the views' simplest elements (issue #5, page weight).
//!
//! `html!` builds every element inline where it is written: a dozen leaf elements cost a dozen
//! copies of the same construction code. These functions build the same virtual nodes (a tag,
//! a static class, one child) from one copy.

use yew::html::Html;
use yew::{Callback, MouseEvent, UseReducerDispatcher};

use super::state::{Action, AppState};
use yew::virtual_dom::{AttrValue, AttributeOrProperty, Attributes, Listeners, VNode, VTag, VText};

/// `<tag class={class}>{ child }</tag>`.
#[inline(never)]
pub fn classed(tag: &'static str, class: &'static str, child: Html) -> Html {
    // The same constructor `html!` expands to; keys and class as `html!` lists them.
    VNode::from(VTag::__new_other(
        AttrValue::Static(tag),
        Default::default(),
        None,
        Attributes::Dynamic { keys: &["class"], values: Box::new([Some(AttributeOrProperty::Static(class))]) },
        Listeners::None,
        child,
    ))
}

/// `<tag class={class}>{ text }</tag>`.
pub fn text(tag: &'static str, class: &'static str, text: impl Into<AttrValue>) -> Html {
    text_tag(tag, class, text.into())
}

/// `<span class={class}>{ text }</span>`.
pub fn span(class: &'static str, text: impl Into<AttrValue>) -> Html {
    text_tag("span", class, text.into())
}

#[inline(never)]
fn text_tag(tag: &'static str, class: &'static str, text: AttrValue) -> Html {
    classed(tag, class, VNode::VText(VText::new(text)))
}

/// A click handler that sends `action`. One closure type for every such button in the views:
/// each distinct closure is its own code in the wasm.
#[inline(never)]
pub fn send_on_click(dispatch: &UseReducerDispatcher<AppState>, action: Action) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| dispatch.dispatch(action.clone()))
}
