//! zkCli's command line: its tokenizer (`ZooKeeperMain.MyCommandOptions`) and the subset of
//! commons-cli's `DefaultParser` that its commands use.

use crate::vec_map::VecMap;

fn is_java_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

fn is_quote(c: char) -> bool {
    c == '"' || c == '\''
}

/// Splits a line the way zkCli does: `find()` of `\s*([^"']\S*|"[^"]*"|'[^']*')\s*`, then one
/// pair of matching surrounding quotes is stripped from each token.
pub fn tokenize(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut tokens = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        match match_at(&chars, start) {
            Some((token, end)) => {
                tokens.push(strip_quotes(&token));
                // An empty match cannot happen: the group always takes at least one char.
                start = end.max(start + 1);
            }
            None => start += 1,
        }
    }
    tokens
}

/// Tries the pattern at `start` (with backtracking of the leading `\s*`).
fn match_at(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut greedy = start;
    while greedy < chars.len() && is_java_space(chars[greedy]) {
        greedy += 1;
    }
    for q in (start..=greedy).rev() {
        if let Some(end) = group_at(chars, q) {
            let token: String = chars[q..end].iter().collect();
            let mut after = end;
            while after < chars.len() && is_java_space(chars[after]) {
                after += 1;
            }
            return Some((token, after));
        }
    }
    None
}

/// The group alternatives at `q`; returns the end of the group.
fn group_at(chars: &[char], q: usize) -> Option<usize> {
    let c = *chars.get(q)?;
    if !is_quote(c) {
        let mut end = q + 1;
        while end < chars.len() && !is_java_space(chars[end]) {
            end += 1;
        }
        return Some(end);
    }
    let close = chars[q + 1..].iter().position(|&x| x == c)?;
    Some(q + 1 + close + 1)
}

fn strip_quotes(token: &str) -> String {
    let mut chars = token.chars();
    match (chars.next(), token.chars().last()) {
        (Some(first), Some(last)) if is_quote(first) && first == last && token.chars().count() >= 2 => {
            let inner: Vec<char> = token.chars().collect();
            inner[1..inner.len() - 1].iter().collect()
        }
        _ => token.to_string(),
    }
}

/// One option a command accepts: `-x`, with or without a value.
#[derive(Clone, Copy, Debug)]
pub struct OptSpec {
    pub name: char,
    pub takes_value: bool,
}

pub const fn flag(name: char) -> OptSpec {
    OptSpec { name, takes_value: false }
}

pub const fn valued(name: char) -> OptSpec {
    OptSpec { name, takes_value: true }
}

/// The result of parsing a command's tokens.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Positional arguments; `args[0]` is the command itself.
    pub args: Vec<String>,
    /// Options seen, with their first value.
    pub opts: VecMap<char, Option<String>>,
}

impl Parsed {
    pub fn has(&self, name: char) -> bool {
        self.opts.contains_key(&name)
    }

    pub fn value(&self, name: char) -> Option<&str> {
        self.opts.get(&name).and_then(|v| v.as_deref())
    }
}

fn is_negative_number(token: &str) -> bool {
    let rest = &token[1..];
    !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && crate::decimal::parse(token).is_some()
}

/// Parses like commons-cli's `DefaultParser` (no long options). Errors are the exception text
/// zkCli prints (`org.apache.commons.cli.…Exception: …`).
pub fn parse_options(tokens: &[String], specs: &[OptSpec]) -> Result<Parsed, String> {
    let spec = |c: char| specs.iter().find(|s| s.name == c).copied();
    let is_short_option = |token: &str| {
        if !token.starts_with('-') || token.chars().count() < 2 {
            return false;
        }
        let name: String = token[1..].split('=').next().unwrap_or("").to_string();
        let mut it = name.chars();
        match (it.next(), it.next()) {
            (Some(c), None) => spec(c).is_some(),
            (Some(c), Some(_)) => spec(c).is_some(),
            _ => false,
        }
    };
    let unrecognized =
        |token: &str| format!("org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: {token}");
    let missing =
        |name: char| format!("org.apache.commons.cli.MissingArgumentException: Missing argument for option: {name}");

    let mut parsed = Parsed::default();
    let mut awaiting: Option<char> = None;
    let mut skip = false;
    for token in tokens {
        if skip {
            parsed.args.push(token.clone());
            continue;
        }
        if token == "--" {
            skip = true;
            continue;
        }
        if let Some(name) = awaiting {
            if !is_short_option(token) || is_negative_number(token) {
                if let Some(v @ None) = parsed.opts.get_mut(&name) {
                    *v = Some(strip_double_quotes(token));
                }
                awaiting = None;
                continue;
            }
        }
        if token.starts_with('-') && token != "-" {
            if let Some(name) = awaiting.take() {
                return Err(missing(name));
            }
            let body: Vec<char> = token.chars().skip(1).collect();
            if token.starts_with("--") {
                return Err(unrecognized(token));
            }
            match (body.len(), spec(body[0])) {
                (1, Some(s)) => {
                    parsed.opts.get_or_insert_with(s.name, || None);
                    if s.takes_value {
                        awaiting = Some(s.name);
                    }
                }
                (_, Some(s)) if s.takes_value => {
                    let value: String = body[1..].iter().collect();
                    parsed.opts.get_or_insert_with(s.name, || Some(value));
                }
                (_, Some(_)) => {
                    // Concatenated flags such as -sw; a valued one takes the rest.
                    for (i, c) in body.iter().enumerate() {
                        match spec(*c) {
                            Some(s) if s.takes_value => {
                                let rest: String = body[i + 1..].iter().collect();
                                if rest.is_empty() {
                                    parsed.opts.get_or_insert_with(s.name, || None);
                                    awaiting = Some(s.name);
                                } else {
                                    parsed.opts.get_or_insert_with(s.name, || Some(rest));
                                }
                                break;
                            }
                            Some(s) => {
                                parsed.opts.get_or_insert_with(s.name, || None);
                            }
                            None => return Err(unrecognized(token)),
                        }
                    }
                }
                _ => return Err(unrecognized(token)),
            }
            continue;
        }
        parsed.args.push(token.clone());
    }
    if let Some(name) = awaiting {
        return Err(missing(name));
    }
    Ok(parsed)
}

fn strip_double_quotes(token: &str) -> String {
    let len = token.chars().count();
    if len > 1 && token.starts_with('"') && token.ends_with('"') && !token[1..token.len() - 1].contains('"') {
        token[1..token.len() - 1].to_string()
    } else {
        token.to_string()
    }
}

/// `Integer.parseInt`: `Err(line)` is the source line of `Integer.java` (JDK 17) that threw,
/// since zkCli prints the stack trace.
pub fn java_parse_int(s: &str) -> Result<i32, u32> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut negative = false;
    let mut limit: i64 = -(i32::MAX as i64);
    if chars.is_empty() {
        return Err(0);
    }
    if chars[0] < '0' {
        if chars[0] == '-' {
            negative = true;
            limit = i32::MIN as i64;
        } else if chars[0] != '+' {
            return Err(652);
        }
        if chars.len() == 1 {
            return Err(655);
        }
        i = 1;
    }
    let multmin = limit / 10;
    let mut result: i64 = 0;
    while i < chars.len() {
        let digit = chars[i].to_digit(10).map(|d| d as i64);
        i += 1;
        let Some(digit) = digit else { return Err(668) };
        if result < multmin {
            return Err(668);
        }
        result *= 10;
        if result < limit + digit {
            return Err(672);
        }
        result -= digit;
    }
    Ok(if negative { result as i32 } else { (-result) as i32 })
}

/// `Integer.decode` (used by `redo`): decimal, `0x`/`#` hex, leading-zero octal, with a sign.
pub fn java_decode_int(s: &str) -> Option<i32> {
    let (negative, rest) = match s.chars().next()? {
        '-' => (true, &s[1..]),
        '+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = if let Some(h) = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
        (16, h)
    } else if let Some(h) = rest.strip_prefix('#') {
        (16, h)
    } else if rest.starts_with('0') && rest.len() > 1 {
        (8, &rest[1..])
    } else {
        (10, rest)
    };
    if digits.is_empty() || digits.starts_with('-') || digits.starts_with('+') {
        return None;
    }
    let magnitude = i64::from_str_radix(digits, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i32::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(line: &str) -> Vec<String> {
        tokenize(line)
    }

    #[test]
    fn tokenizes_like_zkcli() {
        assert_eq!(toks("create -e /lock \"lock\""), ["create", "-e", "/lock", "lock"]);
        assert_eq!(toks("create /single 'single quoted'"), ["create", "/single", "single quoted"]);
        assert_eq!(toks("create /mixed \"a b\"c"), ["create", "/mixed", "a b", "c"]);
        assert_eq!(toks("create /mixed2 a\"b c\""), ["create", "/mixed2", "a\"b", "c\""]);
        assert_eq!(toks("create /json {\"k\":1}"), ["create", "/json", "{\"k\":1}"]);
        assert_eq!(toks("set /s \"\" "), ["set", "/s", ""]);
        assert_eq!(toks("create /a \"x y"), ["create", "/a", "x", "y"]);
        assert_eq!(toks("   "), [" "]);
        assert!(toks("\"").is_empty());
    }

    #[test]
    fn parses_options_like_commons_cli() {
        let specs = [flag('s'), valued('v')];
        let t = |s: &str| tokenize(s);
        let p = parse_options(&t("set -s -v 3 /a x"), &specs).unwrap();
        assert_eq!(p.args, ["set", "/a", "x"]);
        assert_eq!(p.value('v'), Some("3"));
        assert!(p.has('s'));
        let p = parse_options(&t("delete -v -1 /a"), &[valued('v')]).unwrap();
        assert_eq!(p.value('v'), Some("-1"));
        assert_eq!(
            parse_options(&t("delete /lv2 -1"), &[valued('v')]).unwrap_err(),
            "org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -1"
        );
        assert_eq!(
            parse_options(&t("create -t"), &[valued('t')]).unwrap_err(),
            "org.apache.commons.cli.MissingArgumentException: Missing argument for option: t"
        );
        let p = parse_options(&t("ls -sw /"), &[flag('s'), flag('w')]).unwrap();
        assert!(p.has('s') && p.has('w'));
    }

    #[test]
    fn parse_int_reports_the_throwing_line() {
        assert_eq!(java_parse_int("42"), Ok(42));
        assert_eq!(java_parse_int("-1"), Ok(-1));
        assert_eq!(java_parse_int("-2147483648"), Ok(i32::MIN));
        assert_eq!(java_parse_int("abc"), Err(668));
        assert_eq!(java_parse_int("99999999999"), Err(668));
        assert_eq!(java_parse_int("2147483648"), Err(672));
        assert_eq!(java_decode_int("0x10"), Some(16));
        assert_eq!(java_decode_int("010"), Some(8));
        assert_eq!(java_decode_int("x"), None);
    }
}
