//! Decimal numbers read and written without core's float parsing and printing: those bring about
//! 34 kB of code and tables into the page (issue #5, page weight), and the playground's numbers
//! (seconds, clock speeds, pixel positions) need at most thousandths.

/// Parses a decimal number in the syntax `f64::from_str` accepts, except `inf` and `nan`:
/// `[+-]digits[.digits][(e|E)[+-]digits]`, where either side of the point may be empty but not
/// both. Up to 19 significant digits are exact before scaling; the result is within an ulp or
/// two of the correctly rounded value, which is plenty for seconds and speeds.
pub fn parse(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            at = 1;
            true
        }
        Some(b'+') => {
            at = 1;
            false
        }
        _ => false,
    };
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut digits = 0;
    let mut digit = |d: u8, exponent: &mut i64, after_point: bool| {
        if mantissa < 1_000_000_000_000_000_000 {
            mantissa = mantissa * 10 + u64::from(d - b'0');
            if after_point {
                *exponent -= 1;
            }
        } else if !after_point {
            // Digits past 19 only scale the value.
            *exponent += 1;
        }
    };
    while let Some(&d) = bytes.get(at).filter(|d| d.is_ascii_digit()) {
        digit(d, &mut exponent, false);
        digits += 1;
        at += 1;
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        while let Some(&d) = bytes.get(at).filter(|d| d.is_ascii_digit()) {
            digit(d, &mut exponent, true);
            digits += 1;
            at += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        let sign = match bytes.get(at) {
            Some(b'-') => {
                at += 1;
                -1
            }
            Some(b'+') => {
                at += 1;
                1
            }
            _ => 1,
        };
        let start = at;
        let mut written: i64 = 0;
        while let Some(&d) = bytes.get(at).filter(|d| d.is_ascii_digit()) {
            written = (written * 10 + i64::from(d - b'0')).min(100_000);
            at += 1;
        }
        if at == start {
            return None;
        }
        exponent += sign * written;
    }
    if at != bytes.len() {
        return None;
    }
    let value = scale(mantissa as f64, exponent);
    Some(if negative { -value } else { value })
}

/// `value` × 10^`exponent`, dividing for negative exponents (powers of ten up to 1e22 are exact,
/// so common inputs such as `0.25` come out correctly rounded).
fn scale(value: f64, exponent: i64) -> f64 {
    let mut value = value;
    let mut rest = exponent;
    while rest > 0 && value.is_finite() {
        let step = rest.min(22);
        value *= power_of_ten(step);
        rest -= step;
    }
    while rest < 0 && value != 0.0 {
        let step = (-rest).min(22);
        value /= power_of_ten(step);
        rest += step;
    }
    value
}

fn power_of_ten(exponent: i64) -> f64 {
    (0..exponent).fold(1.0, |p, _| p * 10.0)
}

/// `x` rounded to `decimals` digits after the point (at most 6), as `format!("{x:.N}")` prints
/// it except that halves round away from zero. Not finite is `0`.
pub fn fixed(x: f64, decimals: u32) -> String {
    let decimals = decimals.min(6);
    let unit = 10_i64.pow(decimals);
    let scaled = if x.is_finite() { (x * unit as f64).round().clamp(-9.0e15, 9.0e15) as i64 } else { 0 };
    let sign = if scaled < 0 { "-" } else { "" };
    let magnitude = scaled.unsigned_abs();
    let unit = unit as u64;
    if decimals == 0 {
        return format!("{sign}{magnitude}");
    }
    format!("{sign}{}.{:0width$}", magnitude / unit, magnitude % unit, width = decimals as usize)
}

/// Displays `.0` with `.1` digits after the point, as [`fixed`] writes it (for `format!` without
/// a temporary string): `format!("{}px", Fixed(x, 1))`.
pub struct Fixed(pub f64, pub u32);

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&fixed(self.0, self.1))
    }
}

/// `n` thousandths as serde_json prints the f64 `n / 1000`: `1.0`, `0.25`, `-12.345`.
pub fn thousandths(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let magnitude = n.unsigned_abs();
    let fraction = format!("{:03}", magnitude % 1000);
    let fraction = fraction.trim_end_matches('0');
    format!("{sign}{}.{}", magnitude / 1000, if fraction.is_empty() { "0" } else { fraction })
}

/// `x` to the nearest thousandth, for [`thousandths`] (not finite is 0).
pub fn to_thousandths(x: f64) -> i64 {
    if x.is_finite() {
        (x * 1000.0).round().clamp(-9.0e15, 9.0e15) as i64
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_rust_reads() {
        for text in ["0", "1", "-1.5", "+2", "0.25", "1.", ".5", "1e3", "2.5E-2", "123456.789", "44.6", "1e-7", "0.1"] {
            assert_eq!(parse(text), text.parse::<f64>().ok(), "{text}");
        }
        for text in ["", "-", ".", "e5", "1e", "1e+", "--1", "1.2.3", "1x", "inf", "NaN", " 1"] {
            assert_eq!(parse(text), None, "{text}");
        }
        let long = parse("12345678901234567890123").unwrap_or_default();
        assert!((long / 1.2345678901234567e22 - 1.0).abs() < 1e-15);
        assert_eq!(parse("1e400"), Some(f64::INFINITY));
        assert_eq!(parse("1e-400"), Some(0.0));
    }

    #[test]
    fn writes_fixed_points_and_thousandths() {
        assert_eq!(fixed(12.34, 1), "12.3");
        assert_eq!(fixed(-0.26, 1), "-0.3");
        assert_eq!(fixed(7.0, 1), "7.0");
        assert_eq!(fixed(199.6, 0), "200");
        assert_eq!(fixed(f64::NAN, 1), "0.0");
        assert_eq!(format!("{}px", Fixed(30.04, 1)), "30.0px");
        assert_eq!(thousandths(5_000), "5.0");
        assert_eq!(thousandths(250), "0.25");
        assert_eq!(thousandths(40_379), "40.379");
        assert_eq!(thousandths(-1_500), "-1.5");
        assert_eq!(to_thousandths(0.4), 400);
    }
}
