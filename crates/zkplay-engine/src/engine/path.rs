//! Path validation with ZooKeeper's own error texts (`PathUtils.validatePath`).

/// Checks a znode path the way the Java client does before sending anything. The error is the
/// exact message zkCli prints. Indices in messages count UTF-16 code units, as Java does.
pub fn validate_path(path: &str) -> Result<(), String> {
    if plainly_valid(path.as_bytes()) {
        return Ok(());
    }
    // An ASCII path's bytes are its UTF-16 code units: no copy needed.
    if path.is_ascii() {
        check_units(path.as_bytes(), path)
    } else {
        let chars: Vec<u16> = path.encode_utf16().collect();
        check_units(&chars, path)
    }
}

/// The usual path in one pass over its bytes: `/`, then printable ASCII without dots, empty
/// names or a trailing `/`. Every such path passes [`check_units`]; anything else (including
/// `/` itself) is left to it.
fn plainly_valid(path: &[u8]) -> bool {
    let [b'/', rest @ ..] = path else {
        return false;
    };
    let mut last = b'/';
    for &c in rest {
        if (c == b'/' && last == b'/') || c == b'.' || !(0x20..=0x7e).contains(&c) {
            return false;
        }
        last = c;
    }
    last != b'/'
}

/// Whether `name` is a path segment that [`validate_path`] accepts under any valid parent:
/// printable ASCII without `/` or `.` (names with dots are left to [`validate_path`]).
pub fn plainly_valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|c| c != b'/' && c != b'.' && (0x20..=0x7e).contains(&c))
}

fn check_units<T: Copy + Into<u16>>(units: &[T], path: &str) -> Result<(), String> {
    let chars = Units(units);
    if chars.is_empty() {
        return Err("Path length must be > 0".to_string());
    }
    if chars.at(0) != u16::from(b'/') {
        return Err("Path must start with / character".to_string());
    }
    if chars.len() == 1 {
        return Ok(());
    }
    if chars.at(chars.len() - 1) == u16::from(b'/') {
        return Err("Path must not end with / character".to_string());
    }
    let slash = u16::from(b'/');
    let dot = u16::from(b'.');
    let mut reason = None;
    let mut last = slash;
    for i in 1..chars.len() {
        let c = chars.at(i);
        let next_ends_segment = i + 1 == chars.len() || chars.at(i + 1) == slash;
        if c == 0 {
            reason = Some(format!("null character not allowed @{i}"));
        } else if c == slash && last == slash {
            reason = Some(format!("empty node name specified @{i}"));
        } else if c == dot && last == dot {
            if i >= 2 && chars.at(i - 2) == slash && next_ends_segment {
                reason = Some(format!("relative paths not allowed @{i}"));
            }
        } else if c == dot {
            if chars.at(i - 1) == slash && next_ends_segment {
                reason = Some(format!("relative paths not allowed @{i}"));
            }
        } else if matches!(c, 0x0020..=0x007e) {
            // Printable ASCII (the usual case) is always allowed.
        } else if (0x0001..=0x001f).contains(&c)
            || (0x007f..=0x009f).contains(&c)
            || (0xd800..=0xf8ff).contains(&c)
            || c >= 0xfff0
        {
            reason = Some(format!("invalid character @{i}"));
        }
        if reason.is_some() {
            break;
        }
        last = c;
    }
    match reason {
        Some(reason) => Err(format!("Invalid path string \"{path}\" caused by {reason}")),
        None => Ok(()),
    }
}

/// A path's UTF-16 code units, as bytes (ASCII) or as `u16`s.
struct Units<'a, T>(&'a [T]);

impl<T: Copy + Into<u16>> Units<'_, T> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn at(&self, i: usize) -> u16 {
        self.0.get(i).map_or(0, |&c| c.into())
    }
}

/// The parent of a valid absolute path (`/a/b` → `/a`, `/a` → `/`).
pub fn parent(path: &str) -> &str {
    match last_slash(path) {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// The last segment of a path (`/a/b` → `b`).
pub fn name(path: &str) -> &str {
    match last_slash(path) {
        Some(i) => &path[i + 1..],
        None => path,
    }
}

/// [`parent`] and [`name`] with one scan.
pub fn split(path: &str) -> (&str, &str) {
    match last_slash(path) {
        Some(i) => (if i == 0 { "/" } else { &path[..i] }, &path[i + 1..]),
        None => ("/", path),
    }
}

/// The index of a path's last `/`. A plain backwards scan: paths are short, and `str::rfind`'s
/// general search costs several times more on them (this runs a few times per request).
pub fn last_slash(path: &str) -> Option<usize> {
    path.bytes().rposition(|b| b == b'/')
}

/// Writes the decimal digits of `n` at the end of `buffer`, most significant first; returns
/// where they start (as many as fit: a buffer of 20 holds any `u64`).
pub fn write_digits(n: u64, buffer: &mut [u8]) -> usize {
    let mut at = buffer.len();
    let mut rest = n;
    while let Some(place) = at.checked_sub(1).and_then(|i| buffer.get_mut(i)) {
        at -= 1;
        *place = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    at
}

/// A sequential node's path: `path` then the counter as `%010d` (`String.format` in
/// PrepRequestProcessor: ten digits, zero-padded after the sign), written without `format!`
/// (creates run it often).
pub fn sequential(path: &str, counter: i32) -> String {
    // The digits, right-aligned in ten zeros: the zero padding comes for free.
    let mut digits = [b'0'; 10];
    let at = write_digits(u64::from(counter.unsigned_abs()), &mut digits);
    // `%010d` of a negative number: the sign, then nine places (ten when the digits need them).
    let padded = if counter < 0 { digits.get(at.min(1)..) } else { Some(&digits[..]) };
    let mut out = String::with_capacity(path.len() + 11);
    out.push_str(path);
    if counter < 0 {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(padded.unwrap_or_default()).unwrap_or_default());
    out
}

/// Joins a parent path and a child name.
pub fn join(parent: &str, child: &str) -> String {
    if parent == "/" {
        format!("/{child}")
    } else {
        format!("{parent}/{child}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_like_path_utils() {
        assert_eq!(validate_path("lock").unwrap_err(), "Path must start with / character");
        assert_eq!(validate_path("/a/").unwrap_err(), "Path must not end with / character");
        assert_eq!(
            validate_path("//a").unwrap_err(),
            "Invalid path string \"//a\" caused by empty node name specified @1"
        );
        assert_eq!(
            validate_path("/a//b").unwrap_err(),
            "Invalid path string \"/a//b\" caused by empty node name specified @3"
        );
        assert_eq!(
            validate_path("/a/../b").unwrap_err(),
            "Invalid path string \"/a/../b\" caused by relative paths not allowed @4"
        );
        assert_eq!(
            validate_path("/.").unwrap_err(),
            "Invalid path string \"/.\" caused by relative paths not allowed @1"
        );
        assert_eq!(
            validate_path("/a/.").unwrap_err(),
            "Invalid path string \"/a/.\" caused by relative paths not allowed @3"
        );
        assert!(validate_path("/.a").is_ok());
        assert!(validate_path("/a..").is_ok());
        assert!(validate_path("/a/...b").is_ok());
        assert!(validate_path("/with space").is_ok());
        assert!(validate_path("/héllo").is_ok());
        assert!(validate_path("/").is_ok());
        assert!(validate_path("/emoji😀").is_err());
    }

    #[test]
    fn the_fast_path_agrees_with_the_full_check() {
        // Every string of up to 5 characters over an alphabet with each kind of character.
        let alphabet = ['/', '.', 'a', '\0', ' ', '~', '\u{7f}', 'é'];
        let mut paths = vec![String::new()];
        let mut last = paths.clone();
        for _ in 0..5 {
            last = last.iter().flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}"))).collect();
            paths.extend(last.iter().cloned());
        }
        for path in &paths {
            let full = if path.is_ascii() {
                check_units(path.as_bytes(), path)
            } else {
                check_units(&path.encode_utf16().collect::<Vec<u16>>(), path)
            };
            assert_eq!(validate_path(path), full, "{path:?}");
        }
    }

    #[test]
    fn sequential_names_are_printf_010d() {
        for n in [0, 7, 42, 1_000_000_000, i32::MAX, -1, -42, -999_999_999, -1_000_000_000, i32::MIN] {
            assert_eq!(sequential("/a/b-", n), format!("/a/b-{n:010}"), "{n}");
        }
    }

    #[test]
    fn digits_are_written_right_aligned() {
        let mut buffer = [b'0'; 20];
        let at = write_digits(u64::MAX, &mut buffer);
        assert_eq!((&buffer[at..], at), (u64::MAX.to_string().as_bytes(), 0));
        let mut short = [b'0'; 3];
        assert_eq!((write_digits(7, &mut short), &short), (2, b"007"));
        // More digits than room: the last ones, no panic.
        assert_eq!((write_digits(12_345, &mut short), &short), (0, b"345"));
    }

    #[test]
    fn splits_paths() {
        for p in ["/", "/a", "/a/b", "/a/b/c", "a", ""] {
            assert_eq!(split(p), (parent(p), name(p)), "{p}");
        }
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
        assert_eq!(name("/a/b"), "b");
        assert_eq!(join("/", "a"), "/a");
        assert_eq!(join("/a", "b"), "/a/b");
    }
}
