//! Flink's duration syntax (`TimeUtils.parseDuration`): digits, then an optional unit label;
//! a bare number is milliseconds. The rules moved a little between versions: `m` for minutes
//! from 1.15, arbitrary-size numbers from 2.0, ISO-8601 (`PT1S`) as a fallback from 2.1.

use crate::version::FlinkVersion;

/// A parsed duration, in nanoseconds (Java's `Duration` range fits in `i128`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FlinkDuration {
    nanos: i128,
}

/// One unit of `TimeUtils.TimeUnit`: its name, labels (singular-only ones and word forms with
/// their plural), nanoseconds per unit, and the Java overflow check of 1.x `Duration.of`.
struct Unit {
    name: &'static str,
    labels: &'static [&'static str],
    nanos: i128,
    /// 1.x: `Duration.of` multiplies the amount by this in a `long` (`Math.multiplyExact`).
    exact_factor: i128,
}

const UNITS: [Unit; 7] = [
    Unit {
        name: "DAYS",
        labels: &["d", "day", "days"],
        nanos: 86_400_000_000_000,
        exact_factor: 86_400,
    },
    Unit {
        name: "HOURS",
        labels: &["h", "hour", "hours"],
        nanos: 3_600_000_000_000,
        exact_factor: 3_600,
    },
    Unit {
        name: "MINUTES",
        labels: &["min", "m", "minute", "minutes"],
        nanos: 60_000_000_000,
        exact_factor: 60,
    },
    Unit {
        name: "SECONDS",
        labels: &["s", "sec", "secs", "second", "seconds"],
        nanos: 1_000_000_000,
        exact_factor: 1,
    },
    Unit {
        name: "MILLISECONDS",
        labels: &["ms", "milli", "millis", "millisecond", "milliseconds"],
        nanos: 1_000_000,
        exact_factor: 1,
    },
    Unit {
        name: "MICROSECONDS",
        labels: &["\u{b5}s", "micro", "micros", "microsecond", "microseconds"],
        nanos: 1_000,
        exact_factor: 1_000,
    },
    Unit {
        name: "NANOSECONDS",
        labels: &["ns", "nano", "nanos", "nanosecond", "nanoseconds"],
        nanos: 1,
        exact_factor: 1,
    },
];

const LONG_MAX: i128 = i64::MAX as i128;
const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// The labels a version accepts (`m` for minutes only from 1.15).
fn labels(unit: &Unit, version: FlinkVersion) -> impl Iterator<Item = &'static str> {
    let with_m = version >= FlinkVersion::V1_15;
    unit.labels
        .iter()
        .copied()
        .filter(move |l| with_m || *l != "m")
}

/// `TimeUtils.TimeUnit.getAllUnits()` of a version.
fn all_units(version: FlinkVersion) -> String {
    UNITS
        .iter()
        .map(|u| {
            format!(
                "{}: ({})",
                u.name,
                labels(u, version).collect::<Vec<_>>().join(" | ")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl FlinkDuration {
    pub fn nanos(self) -> i128 {
        self.nanos
    }

    /// `TimeUtils.parseDuration` of `version`; the error text is Flink's exception message.
    pub fn parse(text: &str, version: FlinkVersion) -> Result<Self, String> {
        let trimmed = crate::java::trim(text);
        if trimmed.is_empty() {
            return Err("argument is an empty- or whitespace-only string".to_owned());
        }
        let digits_end = trimmed
            .bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(trimmed.len());
        let (number, rest) = trimmed.split_at(digits_end);
        if number.is_empty() {
            if version >= FlinkVersion::V2_1 {
                return parse_iso8601(trimmed).ok_or_else(|| {
                    format!("text does not start with a number, and is not a valid ISO-8601 duration format: {trimmed}")
                });
            }
            return Err("text does not start with a number".to_owned());
        }
        let label = crate::java::trim(rest).to_lowercase();
        let value: i128 = if version.is_2x() {
            // 2.x reads the number as a BigInteger; only the final Duration must fit.
            number.parse::<i128>().unwrap_or(i128::MAX / 2)
        } else {
            number.parse::<i64>().map(i128::from).map_err(|_| {
                format!("The value '{number}' cannot be re represented as 64bit number (numeric overflow).")
            })?
        };
        let unit = if label.is_empty() {
            &UNITS[4] // milliseconds
        } else {
            UNITS
                .iter()
                .find(|u| labels(u, version).any(|l| l == label))
                .ok_or_else(|| {
                    format!(
                        "Time interval unit label '{label}' does not match any of the recognized units: {}",
                        all_units(version)
                    )
                })?
        };
        let nanos = value.saturating_mul(unit.nanos);
        if version.is_2x() {
            if nanos / NANOS_PER_SECOND > LONG_MAX {
                return Err("BigInteger out of long range".to_owned());
            }
        } else if value * unit.exact_factor > LONG_MAX {
            return Err("long overflow".to_owned());
        }
        Ok(Self { nanos })
    }
}

/// One `<number><unit>` component of an ISO-8601 duration at the start of `part`: its value in
/// nanoseconds (None when the unit letter is absent) and the rest of `part`.
fn iso_component(part: &str, unit: char, scale: i128) -> Option<(Option<i128>, &str)> {
    let Some(end) = part.find(unit) else {
        return Some((None, part));
    };
    let number = &part[..end];
    let value = if unit == 'S' {
        let (int, frac) = number.split_once(['.', ',']).unwrap_or((number, ""));
        let sign = if int.starts_with('-') { -1 } else { 1 };
        let whole: i128 = int.parse().ok()?;
        if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac_nanos: i128 = format!("{frac:0<9}").parse().ok()?;
        whole * scale + sign * frac_nanos
    } else {
        number.parse::<i128>().ok()? * scale
    };
    Some((Some(value), &part[end + 1..]))
}

/// `java.time.Duration.parse`: `[-+]PnDTnHnMn.nS`, case-insensitive, signed components.
fn parse_iso8601(text: &str) -> Option<FlinkDuration> {
    let upper = text.to_ascii_uppercase();
    let (negative, rest) = match upper.as_bytes().first()? {
        b'-' => (true, &upper[1..]),
        b'+' => (false, &upper[1..]),
        _ => (false, upper.as_str()),
    };
    let rest = rest.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let (days, after_d) = iso_component(date, 'D', 86_400 * NANOS_PER_SECOND)?;
    if !after_d.is_empty() {
        return None;
    }
    let mut parts = vec![days];
    if let Some(time) = time {
        let (hours, after_h) = iso_component(time, 'H', 3_600 * NANOS_PER_SECOND)?;
        let (minutes, after_m) = iso_component(after_h, 'M', 60 * NANOS_PER_SECOND)?;
        let (seconds, after_s) = iso_component(after_m, 'S', NANOS_PER_SECOND)?;
        if !after_s.is_empty() || time.is_empty() {
            return None;
        }
        parts.extend([hours, minutes, seconds]);
    }
    let present: Vec<i128> = parts.into_iter().flatten().collect();
    if present.is_empty() {
        return None;
    }
    let nanos: i128 = present.iter().sum();
    Some(FlinkDuration {
        nanos: if negative { -nanos } else { nanos },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str, version: FlinkVersion) -> Result<i128, String> {
        FlinkDuration::parse(text, version).map(|d| d.nanos() / 1_000_000)
    }

    #[test]
    fn parses_units_and_bare_milliseconds() {
        let v = FlinkVersion::V1_20;
        assert_eq!(ms("30 s", v), Ok(30_000));
        assert_eq!(ms("500", v), Ok(500));
        assert_eq!(ms("2min", v), Ok(120_000));
        assert_eq!(ms("1 hours", v), Ok(3_600_000));
        assert_eq!(ms("3 days", v), Ok(259_200_000));
    }

    #[test]
    fn version_differences() {
        assert!(ms("1m", FlinkVersion::V1_14).is_err());
        assert_eq!(ms("1m", FlinkVersion::V1_15), Ok(60_000));
        assert_eq!(
            ms("9223372036854775807d", FlinkVersion::V1_20),
            Err("long overflow".into())
        );
        assert_eq!(
            ms("PT1S", FlinkVersion::V2_0),
            Err("text does not start with a number".into())
        );
        assert_eq!(ms("PT1S", FlinkVersion::V2_1), Ok(1_000));
        assert_eq!(ms("P1DT1H", FlinkVersion::V2_1), Ok(90_000_000));
    }

    #[test]
    fn rejects_decimals_signs_and_unknown_units() {
        let v = FlinkVersion::V1_20;
        assert!(
            ms("1.5s", v)
                .unwrap_err()
                .starts_with("Time interval unit label '.5s'")
        );
        assert_eq!(
            ms("-1s", v),
            Err("text does not start with a number".into())
        );
        assert_eq!(
            ms("", v),
            Err("argument is an empty- or whitespace-only string".into())
        );
    }
}
