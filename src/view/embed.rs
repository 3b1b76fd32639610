//! Embedding one tutorial in another page (an iframe on `embed.html`, or `zkplay.mount(element,
//! options)` from JS): the options, their validation with errors a page author can act on, and
//! the autoplay script. Pure, so it is tested natively; `ui::api` and `ui::embed` use it.

use crate::json::Json;
use crate::tutorial::{self, Act, Lang, Tutorial};

/// The options object of `zkplay.mount(element, options)` as JS passes it. Unknown fields are an
/// error: a typo (`tutorail`) should not silently mount the wrong thing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MountOptions {
    /// A tutorial id: lock, failover, workers, herd or election.
    pub tutorial: String,
    /// `en` or `zh` (a browser tag such as `zh-CN` works too); default: the browser's language.
    pub lang: Option<String>,
    /// Walk through the steps by itself.
    pub autoplay: Option<bool>,
    /// Where the embed saves its playground; default `zkplay.embed.<tutorial>` (`storageKey` in
    /// JS spelling).
    pub storage_key: Option<String>,
}

impl MountOptions {
    /// Reads the options object (as JSON: the API stringifies what JS passed). A missing or
    /// `null` optional field is absent; anything else of the wrong type is an error that names it.
    pub fn from_json(value: &Json) -> Result<MountOptions, String> {
        let members = value.as_object().ok_or("options must be an object")?;
        if let Some(unknown) = unknown_option(members.iter().map(|(k, _)| k.as_str())) {
            return Err(unknown);
        }
        let field = |names: &[&str]| {
            members.iter().find(|(k, v)| names.contains(&k.as_str()) && *v != Json::Null).map(|(_, v)| v)
        };
        let string = |names: &[&str]| match field(names) {
            None => Ok(None),
            Some(v) => {
                v.as_str().map(|s| Some(s.to_string())).ok_or(format!("option \"{}\" must be a string", names[0]))
            }
        };
        let tutorial = string(&["tutorial"])?.ok_or("missing option \"tutorial\"")?;
        let autoplay = match field(&["autoplay"]) {
            None => None,
            Some(v) => Some(v.as_bool().ok_or("option \"autoplay\" must be a boolean")?),
        };
        Ok(MountOptions {
            tutorial,
            lang: string(&["lang"])?,
            autoplay,
            storage_key: string(&["storage_key", "storageKey"])?,
        })
    }
}

/// A validated embed: what the compact view needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedConfig {
    pub tutorial: &'static str,
    pub lang: Lang,
    pub autoplay: bool,
    pub storage_key: String,
}

/// The storage key prefix of embeds (the full page uses `zkplay.v1`).
pub const STORAGE_PREFIX: &str = "zkplay.embed.";

/// The default storage key of an embedded tutorial.
pub fn storage_key_for(tutorial: &str) -> String {
    format!("{STORAGE_PREFIX}{tutorial}")
}

/// The tutorial ids, comma-separated, in catalog order.
pub fn tutorial_ids() -> String {
    tutorial::all().iter().map(|t| t.id).collect::<Vec<_>>().join(", ")
}

/// Checks `options`; `browser_lang` (navigator.language) is the default language.
pub fn resolve(options: &MountOptions, browser_lang: Option<&str>) -> Result<EmbedConfig, String> {
    let id = options.tutorial.trim();
    let Some(found) = tutorial::all().iter().find(|t| t.id == id) else {
        return Err(format!("zkplay.mount: unknown tutorial \"{id}\"; expected one of {}", tutorial_ids()));
    };
    let lang = match options.lang.as_deref() {
        Some(tag) => Lang::parse(tag)
            .ok_or_else(|| format!("zkplay.mount: unknown lang \"{tag}\"; expected \"en\" or \"zh\""))?,
        None => browser_lang.and_then(Lang::parse).unwrap_or_default(),
    };
    let storage_key = match options.storage_key.as_deref() {
        Some(key) if key.trim().is_empty() => {
            return Err("zkplay.mount: storage_key must not be empty".to_string());
        }
        Some(key) => key.to_string(),
        None => storage_key_for(found.id),
    };
    Ok(EmbedConfig { tutorial: found.id, lang, autoplay: options.autoplay.unwrap_or(false), storage_key })
}

/// The option names `mount` knows (`storageKey` is the JS spelling of `storage_key`).
pub const OPTION_NAMES: &[&str] = &["tutorial", "lang", "autoplay", "storage_key", "storageKey"];

/// The first name in `keys` that is not an option, as an error for [`options_error`].
pub fn unknown_option<'a>(keys: impl IntoIterator<Item = &'a str>) -> Option<String> {
    keys.into_iter().find(|k| !OPTION_NAMES.contains(k)).map(|k| format!("unknown option \"{k}\""))
}

/// What the options object's deserialization error becomes for the caller.
pub fn options_error(detail: &str) -> String {
    format!(
        "zkplay.mount: bad options: {detail}; expected {{ tutorial: \"{}\", lang?: \"en\" | \"zh\", autoplay?: boolean, \
         storage_key?: string }}",
        tutorial::all().first().map_or("lock", |t| t.id)
    )
}

/// One beat of autoplay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Beat {
    /// Show this client's console (before typing into it or acting on it).
    Focus(&'static str),
    /// Type this line into the client's console, visibly, then press Enter.
    Type(&'static str, &'static str),
    /// Act on a client's process or on time.
    Act(Act),
    /// A pause between steps (the step's goal should be met by now).
    StepDone(usize),
}

/// The beats that play step `index` of `tutorial` (its "show me" acts), ending with
/// [`Beat::StepDone`].
pub fn beats(tutorial: &Tutorial, index: usize) -> Vec<Beat> {
    let Some(step) = tutorial.steps.get(index) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut shown: Option<&'static str> = None;
    let mut focus = |out: &mut Vec<Beat>, client: &'static str| {
        if shown != Some(client) {
            shown = Some(client);
            out.push(Beat::Focus(client));
        }
    };
    for act in step.show.iter() {
        match *act {
            Act::Type(line) => {
                focus(&mut out, step.client);
                out.push(Beat::Type(step.client, line));
            }
            Act::TypeAs(client, line) => {
                focus(&mut out, client);
                out.push(Beat::Type(client, line));
            }
            Act::Crash(client) | Act::Reconnect(client) => {
                focus(&mut out, client);
                out.push(Beat::Act(*act));
            }
            Act::SkipToExpiry => out.push(Beat::Act(*act)),
        }
    }
    out.push(Beat::StepDone(index));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(tutorial: &str) -> MountOptions {
        MountOptions { tutorial: tutorial.to_string(), ..MountOptions::default() }
    }

    #[test]
    fn every_tutorial_resolves_with_its_own_storage_key() {
        for t in tutorial::all() {
            let config = resolve(&opts(t.id), None).expect("a known tutorial");
            assert_eq!(config.tutorial, t.id);
            assert_eq!(config.storage_key, format!("zkplay.embed.{}", t.id));
            assert_eq!(config.lang, Lang::En);
            assert!(!config.autoplay);
        }
    }

    #[test]
    fn unknown_tutorial_names_the_choices() {
        let err = resolve(&opts("x"), None).unwrap_err();
        assert_eq!(
            err,
            "zkplay.mount: unknown tutorial \"x\"; expected one of lock, failover, workers, herd, election"
        );
    }

    #[test]
    fn language_from_the_option_then_the_browser() {
        let zh = MountOptions { lang: Some("zh".into()), ..opts("lock") };
        assert_eq!(resolve(&zh, Some("en-US")).unwrap().lang, Lang::Zh);
        assert_eq!(resolve(&opts("lock"), Some("zh-CN")).unwrap().lang, Lang::Zh);
        assert_eq!(resolve(&opts("lock"), Some("fr-FR")).unwrap().lang, Lang::En);
        let fr = MountOptions { lang: Some("fr".into()), ..opts("lock") };
        assert_eq!(resolve(&fr, None).unwrap_err(), "zkplay.mount: unknown lang \"fr\"; expected \"en\" or \"zh\"");
    }

    #[test]
    fn storage_key_and_autoplay_are_kept() {
        let o = MountOptions { storage_key: Some("docs.lock.1".into()), autoplay: Some(true), ..opts("lock") };
        let config = resolve(&o, None).unwrap();
        assert_eq!(config.storage_key, "docs.lock.1");
        assert!(config.autoplay);
        let empty = MountOptions { storage_key: Some(" ".into()), ..opts("lock") };
        assert!(resolve(&empty, None).is_err());
    }

    #[test]
    fn options_are_read_strictly() {
        let read = |text: &str| MountOptions::from_json(&Json::parse(text).unwrap());
        let o = read(r#"{"tutorial":"herd","lang":"zh","autoplay":true,"storageKey":"k"}"#).unwrap();
        assert_eq!(o.storage_key.as_deref(), Some("k"));
        assert_eq!((o.tutorial.as_str(), o.lang.as_deref(), o.autoplay), ("herd", Some("zh"), Some(true)));
        assert_eq!(read(r#"{"tutorial":"lock","lang":null}"#).unwrap(), opts("lock"));
        assert_eq!(read(r#"{"tutorail":"lock"}"#).unwrap_err(), "unknown option \"tutorail\"");
        assert_eq!(read(r#"{"lang":"en"}"#).unwrap_err(), "missing option \"tutorial\"");
        assert_eq!(
            read(r#"{"tutorial":"lock","autoplay":"yes"}"#).unwrap_err(),
            "option \"autoplay\" must be a boolean"
        );
        assert_eq!(read(r#"{"tutorial":7}"#).unwrap_err(), "option \"tutorial\" must be a string");
        assert_eq!(read("[]").unwrap_err(), "options must be an object");
        assert_eq!(unknown_option(["tutorial", "storageKey", "tutorail"]), Some("unknown option \"tutorail\"".into()));
        assert_eq!(unknown_option(["tutorial", "lang", "autoplay", "storage_key"]), None);
    }

    #[test]
    fn beats_cover_every_show_act_and_focus_the_acting_client() {
        for t in tutorial::all() {
            for (i, step) in t.steps.iter().enumerate() {
                let beats = beats(t, i);
                assert_eq!(beats.last(), Some(&Beat::StepDone(i)));
                let acts = beats.iter().filter(|b| matches!(b, Beat::Type(..) | Beat::Act(_))).count();
                assert_eq!(acts, step.show.len(), "{} step {i}", t.id);
                // Every typed line goes to the console shown at that moment.
                let mut shown = None;
                for b in &beats {
                    match b {
                        Beat::Focus(c) => shown = Some(*c),
                        Beat::Type(c, _) => assert_eq!(shown, Some(*c), "{} step {i}", t.id),
                        _ => {}
                    }
                }
            }
        }
        let lock = tutorial::find("lock").unwrap();
        assert_eq!(
            beats(&lock, 0),
            vec![Beat::Focus("A"), Beat::Type("A", "create -e /lock \"lock\""), Beat::StepDone(0)]
        );
    }
}
