//! Tab completion for the zkCli console, like a shell's: the first word completes to a command
//! name, a word starting with `-` to one of that command's options, a word starting with `/` to
//! an existing znode path (children of the typed parent). One match is completed outright; several
//! extend the word to their longest common prefix and are listed.

use crate::cli::commands::COMMANDS;
use crate::engine::tree::DataTree;

/// The most candidates listed under the prompt.
pub const MAX_CANDIDATES: usize = 200;

/// What Tab did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// The input line after completing.
    pub line: String,
    /// The matches to list when there are several (sorted, at most [`MAX_CANDIDATES`]).
    pub candidates: Vec<String>,
    /// How many matched in all (also beyond [`MAX_CANDIDATES`]).
    pub total: usize,
}

/// Whether a completed word is final (a space follows it).
type IsLeaf<'a> = dyn Fn(&str) -> bool + 'a;

/// Completes the last word of `line` (the cursor is at the end).
pub fn complete(line: &str, tree: &DataTree) -> Completion {
    let start = line.rfind(char::is_whitespace).map_or(0, |i| i + line[i..].chars().next().map_or(1, char::len_utf8));
    let (head, word) = line.split_at(start);
    let command = head.split_whitespace().next();
    let (matches, leaf): (Vec<String>, Box<IsLeaf>) = match command {
        None => (
            COMMANDS.iter().map(|(name, _)| name.to_string()).filter(|n| n.starts_with(word)).collect(),
            Box::new(|_: &str| true),
        ),
        Some(command) if word.starts_with('-') => {
            (options_of(command).into_iter().filter(|o| o.starts_with(word)).collect(), Box::new(|_: &str| true))
        }
        Some(_) if word.is_empty() => {
            return Completion { line: format!("{line}/"), candidates: Vec::new(), total: 0 };
        }
        Some(_) if word.starts_with('/') => {
            (znode_matches(word, tree), Box::new(|p: &str| tree.get(p).is_none_or(|n| n.children.is_empty())))
        }
        Some(_) => (Vec::new(), Box::new(|_: &str| true)),
    };
    finish(head, word, matches, leaf.as_ref())
}

fn finish(head: &str, word: &str, mut matches: Vec<String>, leaf: &dyn Fn(&str) -> bool) -> Completion {
    crate::sorting::sort(&mut matches);
    matches.dedup();
    let total = matches.len();
    match matches.as_slice() {
        [] => Completion { line: format!("{head}{word}"), candidates: Vec::new(), total },
        [only] => {
            let space = if leaf(only) { " " } else { "" };
            Completion { line: format!("{head}{only}{space}"), candidates: Vec::new(), total }
        }
        [first, rest @ ..] => {
            let common = rest.iter().fold(first.as_str(), |acc, m| common_prefix(acc, m));
            let line = if common.len() > word.len() { format!("{head}{common}") } else { format!("{head}{word}") };
            matches.truncate(MAX_CANDIDATES);
            Completion { line, candidates: matches, total }
        }
    }
}

fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let mut end = 0;
    for ((i, ca), cb) in a.char_indices().zip(b.chars()) {
        if ca != cb {
            break;
        }
        end = i + ca.len_utf8();
    }
    &a[..end]
}

/// Full paths of the children of the word's parent whose names start with the word's last part.
fn znode_matches(word: &str, tree: &DataTree) -> Vec<String> {
    let cut = word.rfind('/').unwrap_or(0);
    let (parent, partial) = (&word[..cut], &word[cut + 1..]);
    let parent_path = if parent.is_empty() { "/" } else { parent };
    let Some(node) = tree.get(parent_path) else {
        return Vec::new();
    };
    node.children.iter().filter(|c| c.starts_with(partial)).map(|c| format!("{parent}/{c}")).collect()
}

/// The options a command's usage names: `[-s] [-w] path` → `-s`, `-w`.
pub fn options_of(command: &str) -> Vec<String> {
    let Some((_, usage)) = COMMANDS.iter().find(|(name, _)| *name == command) else {
        return Vec::new();
    };
    let chars: Vec<char> = usage.chars().collect();
    let mut out = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        let starts = i == 0 || matches!(chars[i - 1], ' ' | '[' | '|');
        if *c == '-' && starts {
            let name: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).collect();
            if !name.is_empty() {
                let option = format!("-{name}");
                if !out.contains(&option) {
                    out.push(option);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::Playground;

    fn tree() -> Playground {
        let mut p = Playground::new("127.0.0.1:2181", 0);
        p.open_client("A", "127.0.0.1:2181", &[], 0);
        for line in ["create /app", "create /app/config x", "create /app/configs y", "create /apple z", "create /ünï"]
        {
            p.type_line("A", line, 1);
        }
        p
    }

    fn c(line: &str) -> Completion {
        complete(line, tree().engine().tree())
    }

    #[test]
    fn command_names() {
        assert_eq!(c("cr").line, "create ");
        let g = c("get");
        assert_eq!(g.line, "get");
        assert_eq!(g.candidates, ["get", "getAcl", "getAllChildrenNumber", "getEphemerals"]);
        let d = c("de");
        assert_eq!(d.line, "del");
        assert_eq!(d.candidates, ["delete", "deleteall", "delquota"]);
        assert_eq!(c("nope").candidates, Vec::<String>::new());
        assert_eq!(c("nope").line, "nope");
        assert_eq!(c("").candidates.len(), COMMANDS.len());
    }

    #[test]
    fn options_follow_the_usage() {
        assert_eq!(options_of("ls"), ["-s", "-w", "-R"]);
        assert_eq!(options_of("setquota"), ["-n", "-b", "-N", "-B"]);
        assert!(options_of("reconfig").contains(&"-members".to_string()));
        assert_eq!(options_of("quit"), Vec::<String>::new());
        assert_eq!(c("ls -").candidates, ["-R", "-s", "-w"]);
        assert_eq!(c("ls -R").line, "ls -R ");
        assert_eq!(c("bogus -").line, "bogus -");
    }

    #[test]
    fn znode_paths() {
        let root = c("ls /");
        assert_eq!(root.candidates, ["/app", "/apple", "/zookeeper", "/ünï"]);
        assert_eq!(c("ls /a").line, "ls /app");
        assert_eq!(c("ls /a").candidates, ["/app", "/apple"]);
        assert_eq!(c("get /app/").line, "get /app/config");
        assert_eq!(c("get /app/configs").line, "get /app/configs ");
        assert_eq!(c("ls /zoo").line, "ls /zookeeper", "a node with children: no space");
        assert_eq!(c("get /ü").line, "get /ünï ");
        assert_eq!(c("get /missing/x").line, "get /missing/x");
        assert_eq!(c("ls ").line, "ls /");
        assert_eq!(c("create /app/c x").line, "create /app/c x");
    }

    #[test]
    fn odd_input_never_panics() {
        for line in ["  ", "\t/", "ls //", "ls /app//", "\u{3000}ls /", "ls\u{3000}/a", "-", "/", "ls -\u{e9}"] {
            let _ = c(line);
        }
    }

    #[test]
    fn common_prefix_respects_char_boundaries() {
        assert_eq!(common_prefix("ünï", "üx"), "ü");
        assert_eq!(common_prefix("abc", "abd"), "ab");
        assert_eq!(common_prefix("", "x"), "");
    }
}
