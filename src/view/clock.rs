//! The virtual clock the UI feeds to the engine: virtual time advances by the wall clock's delta
//! times a speed while running, can be paused, stepped and skipped forward, and never goes
//! backwards (not even when the wall clock does).

use crate::decimal;
use crate::json::Json;

/// The speeds the UI offers, slowest first.
pub const SPEEDS: &[f64] = &[0.5, 1.0, 2.0, 5.0, 10.0];

/// The longest wall-clock gap one tick honours (a background tab, a laptop lid): beyond it the
/// clock moves as if only this much wall time had passed.
pub const MAX_WALL_GAP_MS: f64 = 2_000.0;

#[derive(Clone, Debug, PartialEq)]
pub struct VirtualClock {
    /// Virtual now, in milliseconds since the Unix epoch.
    now_ms: u64,
    /// Virtual milliseconds per wall millisecond.
    speed: f64,
    paused: bool,
    /// Fractions of a virtual millisecond not yet added to `now_ms`.
    carry: f64,
    /// The wall time of the last tick; `None` until the first tick (and after a reload).
    last_wall_ms: Option<f64>,
}

impl VirtualClock {
    /// A running clock at 1× that starts at `now_ms`.
    pub fn new(now_ms: u64) -> Self {
        VirtualClock { now_ms, speed: 1.0, paused: false, carry: 0.0, last_wall_ms: None }
    }

    /// What is saved: the time, the speed and whether it is paused (not the wall reference).
    pub fn to_json(&self) -> Json {
        Json::Object(vec![
            ("now_ms".into(), Json::int(self.now_ms)),
            ("speed".into(), Json::thousandths(decimal::to_thousandths(self.speed))),
            ("paused".into(), Json::Bool(self.paused)),
            ("carry".into(), Json::thousandths(decimal::to_thousandths(self.carry))),
        ])
    }

    /// A saved clock; out-of-range parts are put back in range, a missing time is `None`.
    pub fn from_json(value: &Json) -> Option<VirtualClock> {
        let mut clock = VirtualClock::new(value.get("now_ms")?.as_u64()?);
        clock.set_speed(value.get("speed").and_then(Json::as_f64).unwrap_or(1.0));
        clock.paused = value.get("paused").and_then(Json::as_bool).unwrap_or(false);
        let carry = value.get("carry").and_then(Json::as_f64).unwrap_or(0.0);
        clock.carry = if (0.0..1.0).contains(&carry) { carry } else { 0.0 };
        Some(clock)
    }

    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    /// Sets the speed (clamped to 0.1×–100×; anything not finite means 1×).
    pub fn set_speed(&mut self, speed: f64) {
        self.speed = if speed.is_finite() { speed.clamp(0.1, 100.0) } else { 1.0 };
    }

    /// The next faster (`up`) or slower speed of [`SPEEDS`].
    pub fn shift_speed(&mut self, up: bool) {
        let next = if up {
            SPEEDS.iter().copied().find(|s| *s > self.speed + 1e-9)
        } else {
            SPEEDS.iter().rev().copied().find(|s| *s < self.speed - 1e-9)
        };
        if let Some(s) = next {
            self.speed = s;
        }
    }

    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        self.carry = 0.0;
    }

    /// The wall clock reads `wall_ms`: while running, virtual time moves by the delta × speed.
    /// Returns the virtual now.
    pub fn tick(&mut self, wall_ms: f64) -> u64 {
        if !wall_ms.is_finite() {
            return self.now_ms;
        }
        if let Some(last) = self.last_wall_ms {
            let delta = (wall_ms - last).clamp(0.0, MAX_WALL_GAP_MS);
            if !self.paused {
                let virt = delta * self.speed + self.carry;
                let whole = virt.floor();
                self.carry = virt - whole;
                self.add(whole as u64);
            }
        }
        // A wall clock that jumped back: remember the new reading, never move back.
        self.last_wall_ms = Some(wall_ms);
        self.now_ms
    }

    /// Moves virtual time forward by `ms` (the step button), paused or not.
    pub fn step(&mut self, ms: u64) -> u64 {
        self.add(ms);
        self.now_ms
    }

    /// Jumps to `deadline_ms` if that is in the future (skip to the next expiry).
    pub fn skip_to(&mut self, deadline_ms: u64) -> u64 {
        self.now_ms = self.now_ms.max(deadline_ms);
        self.now_ms
    }

    fn add(&mut self, ms: u64) {
        self.now_ms = self.now_ms.saturating_add(ms);
    }
}

/// A speed as the UI shows it: `0.5×`, `1×`, `10×`.
pub fn speed_label(speed: f64) -> String {
    if (speed - speed.round()).abs() < 1e-9 {
        format!("{}×", speed.round() as i64)
    } else {
        format!("{}×", decimal::thousandths(decimal::to_thousandths(speed)))
    }
}

/// A duration as a countdown shows it: `29s`, `1m 05s`, `0.4s` under a second.
pub fn countdown_label(ms: i64) -> String {
    let ms = ms.max(0);
    if ms < 1_000 {
        return format!("{}s", decimal::fixed(ms as f64 / 1000.0, 1));
    }
    let secs = (ms + 999) / 1000;
    if secs < 60 {
        format!("{secs}s")
    } else {
        format!("{}m {:02}s", secs / 60, secs % 60)
    }
}

/// Virtual time of day, `HH:MM:SS` (UTC), for the clock display.
pub fn time_of_day(now_ms: u64) -> String {
    let secs = now_ms / 1000;
    format!("{:02}:{:02}:{:02}", (secs / 3600) % 24, (secs / 60) % 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_tick_only_sets_the_reference() {
        let mut c = VirtualClock::new(1_000);
        assert_eq!(c.tick(50_000.0), 1_000);
        assert_eq!(c.tick(50_250.0), 1_250);
    }

    #[test]
    fn speed_scales_wall_time_and_keeps_fractions() {
        let mut c = VirtualClock::new(0);
        c.set_speed(0.5);
        c.tick(0.0);
        c.tick(3.0);
        assert_eq!(c.now_ms(), 1);
        c.tick(4.0);
        assert_eq!(c.now_ms(), 2, "the half milliseconds add up");
        c.set_speed(10.0);
        c.tick(104.0);
        assert_eq!(c.now_ms(), 1_002);
    }

    #[test]
    fn paused_clock_stands_still_but_steps_and_skips() {
        let mut c = VirtualClock::new(100);
        c.tick(0.0);
        c.set_paused(true);
        c.tick(1_000.0);
        assert_eq!(c.now_ms(), 100);
        assert_eq!(c.step(1_000), 1_100);
        assert_eq!(c.skip_to(5_000), 5_000);
        assert_eq!(c.skip_to(10), 5_000, "never backwards");
        c.set_paused(false);
        c.tick(1_500.0);
        assert_eq!(c.now_ms(), 5_500);
    }

    #[test]
    fn never_goes_backwards_and_caps_long_gaps() {
        let mut c = VirtualClock::new(10_000);
        c.tick(5_000.0);
        c.tick(1_000.0);
        assert_eq!(c.now_ms(), 10_000);
        c.tick(1_000.0 + 3_600_000.0);
        assert_eq!(c.now_ms(), 10_000 + MAX_WALL_GAP_MS as u64);
        c.tick(f64::NAN);
        c.set_speed(f64::INFINITY);
        assert_eq!(c.speed(), 1.0);
        let mut end = VirtualClock::new(u64::MAX - 1);
        end.step(10);
        assert_eq!(end.now_ms(), u64::MAX);
    }

    #[test]
    fn shifting_speed_walks_the_list() {
        let mut c = VirtualClock::new(0);
        c.shift_speed(true);
        assert_eq!(c.speed(), 2.0);
        c.shift_speed(false);
        c.shift_speed(false);
        assert_eq!(c.speed(), 0.5);
        c.shift_speed(false);
        assert_eq!(c.speed(), 0.5);
        assert_eq!(speed_label(0.5), "0.5×");
        assert_eq!(speed_label(10.0), "10×");
    }

    #[test]
    fn survives_a_json_round_trip_without_the_wall_reference() {
        let mut c = VirtualClock::new(42);
        c.tick(7.0);
        c.set_speed(5.0);
        let text = c.to_json().to_text();
        let back = VirtualClock::from_json(&Json::parse(&text).unwrap()).unwrap();
        assert_eq!(back.now_ms(), 42);
        assert_eq!(back.speed(), 5.0);
        assert_eq!(back.last_wall_ms, None);
    }

    #[test]
    fn labels() {
        assert_eq!(countdown_label(29_001), "30s");
        assert_eq!(countdown_label(400), "0.4s");
        assert_eq!(countdown_label(-5), "0.0s");
        assert_eq!(countdown_label(65_000), "1m 05s");
        assert_eq!(time_of_day(3_723_000), "01:02:03");
    }
}
