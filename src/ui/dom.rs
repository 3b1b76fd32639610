//! Shared builders for the views' simplest elements (issue #5, page weight).
//!
//! `html!` builds every element inline where it is written: a dozen leaf elements cost a dozen
//! copies of the same construction code. These build the same virtual nodes (a tag, a static
//! class, one child; buttons) from one copy, with `VTag::__new_other`: the constructor `html!`
//! itself expands to in yew 0.23.

use std::rc::Rc;

use yew::html::{onclick, Html};
use yew::virtual_dom::{AttrValue, AttributeOrProperty, Attributes, Listener, Listeners, VNode, VTag, VText};
use yew::{Callback, MouseEvent, UseReducerDispatcher};

use super::state::{Action, AppState};

/// `<tag class={class}>{ child }</tag>`.
#[inline(never)]
fn classed(tag: &'static str, class: &'static str, child: Html) -> Html {
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

/// A `<button>` with a static class, one text and a click handler; `title`, `aria-label` and
/// `disabled` are left out unless set.
pub struct Button {
    class: &'static str,
    text: AttrValue,
    onclick: Callback<MouseEvent>,
    title: Option<AttrValue>,
    label: Option<AttrValue>,
    disabled: bool,
}

impl Button {
    pub fn new(class: &'static str, text: impl Into<AttrValue>, onclick: Callback<MouseEvent>) -> Self {
        Button { class, text: text.into(), onclick, title: None, label: None, disabled: false }
    }

    pub fn title(mut self, title: impl Into<AttrValue>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The `aria-label`.
    pub fn label(mut self, label: impl Into<AttrValue>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn disabled(mut self, disabled: bool) -> Self {
        self.disabled = disabled;
        self
    }

    #[inline(never)]
    pub fn html(self) -> Html {
        let onclick: Rc<dyn Listener> = Rc::new(onclick::Wrapper::new(self.onclick));
        VNode::from(VTag::__new_other(
            AttrValue::Static("button"),
            Default::default(),
            None,
            Attributes::Dynamic {
                keys: &["class", "title", "aria-label", "disabled"],
                values: Box::new([
                    Some(AttributeOrProperty::Static(self.class)),
                    self.title.map(AttributeOrProperty::Attribute),
                    self.label.map(AttributeOrProperty::Attribute),
                    self.disabled.then_some(AttributeOrProperty::Attribute(AttrValue::Static("disabled"))),
                ]),
            },
            Listeners::Pending(Box::new([Some(onclick)])),
            VNode::VText(VText::new(self.text)),
        ))
    }
}
