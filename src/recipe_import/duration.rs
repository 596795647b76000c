//! ISO 8601 durations, as schema.org writes `cookTime`, `prepTime` and `totalTime`.
//!
//! Read: `P[nY][nM][nW][nD][T[nH][nM][nS]]`, at least one component, case-insensitive, around
//! whitespace ignored; a component may carry a fraction (`PT1.5H`, `PT0,5H`). A year counts 365
//! days and a month 30 (no recipe takes one; such values end up refused for being longer than a
//! week anyway). The sum is rounded up to whole minutes. Arithmetic is exact (integers scaled
//! by 10¹⁸), so `PT1.1H` is 66 minutes, not 67. Anything else — a sign, `P`, `PT`, `45 min` —
//! is not a duration.
//!
//! Written: whole hours and minutes only (`PT25H`, never days), so that reading a written value
//! gives it back.

/// Fraction digits kept: amounts are integers in units of 10⁻¹⁸ of a component.
const FRACTION_DIGITS: u32 = 18;
const SCALE: u128 = 10u128.pow(FRACTION_DIGITS);
/// Integer digits accepted in one component; more is an overflow in any unit.
const MAX_INTEGER_DIGITS: usize = 12;

/// ISO 8601 duration → whole minutes (rounded up from seconds), None for junk/negative/overflow.
/// Accepts PT45M, PT1H30M, P0DT1H5M, P1D, PT90S, PT1.5H, lowercase, surrounding whitespace.
/// Rejects "P", "PT", "45 min", "".
pub fn parse_minutes(text: &str) -> Option<u32> {
    let text = text.trim().to_ascii_uppercase();
    let rest = text.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    const DAY: u128 = 24 * 3600;
    let date_units = [
        ('Y', 365 * DAY),
        ('M', 30 * DAY),
        ('W', 7 * DAY),
        ('D', DAY),
    ];
    let (mut seconds, mut components) = sum_components(date, &date_units)?;
    if let Some(time) = time {
        let (time_seconds, time_components) =
            sum_components(time, &[('H', 3600), ('M', 60), ('S', 1)])?;
        if time_components == 0 {
            return None;
        }
        seconds = seconds.checked_add(time_seconds)?;
        components += time_components;
    }
    if components == 0 {
        return None;
    }
    let minute = 60 * SCALE;
    let minutes = seconds.div_ceil(minute);
    u32::try_from(minutes).ok()
}

/// Minutes → canonical ISO 8601: 0 → "PT0M", 90 → "PT1H30M", 60 → "PT1H", 45 → "PT45M",
/// 1500 → "PT25H" (hours, no days).
pub fn format_minutes(minutes: u32) -> String {
    let (hours, minutes) = (minutes / 60, minutes % 60);
    match (hours, minutes) {
        (0, minutes) => format!("PT{minutes}M"),
        (hours, 0) => format!("PT{hours}H"),
        (hours, minutes) => format!("PT{hours}H{minutes}M"),
    }
}

/// Sums `number designator` pairs whose designators appear in `units`' order, each at most
/// once. Returns the total in scaled seconds and how many components there were.
fn sum_components(mut text: &str, units: &[(char, u128)]) -> Option<(u128, usize)> {
    let mut total: u128 = 0;
    let mut count = 0;
    let mut next_unit = 0;
    while !text.is_empty() {
        let number_len = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(text.len());
        let amount = scaled_number(&text[..number_len])?;
        let designator = text[number_len..].chars().next()?;
        let position = units[next_unit..]
            .iter()
            .position(|(unit, _)| *unit == designator)?;
        let seconds_per_unit = units[next_unit + position].1;
        next_unit += position + 1;
        total = total.checked_add(amount.checked_mul(seconds_per_unit)?)?;
        count += 1;
        text = &text[number_len + designator.len_utf8()..];
    }
    Some((total, count))
}

/// `12`, `1.5` or `0,25` as an integer scaled by 10¹⁸.
fn scaled_number(text: &str) -> Option<u128> {
    let (integer, fraction) = match text.find(['.', ',']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(integer) || integer.len() > MAX_INTEGER_DIGITS {
        return None;
    }
    let fraction = fraction.unwrap_or("");
    if !all_digits(fraction) || (integer.is_empty() && fraction.is_empty()) {
        return None;
    }
    let whole: u128 = if integer.is_empty() {
        0
    } else {
        integer.parse().ok()?
    };
    let mut scaled_fraction: u128 = 0;
    let mut digits = 0;
    for digit in fraction.bytes().take(FRACTION_DIGITS as usize) {
        scaled_fraction = scaled_fraction * 10 + u128::from(digit - b'0');
        digits += 1;
    }
    scaled_fraction *= 10u128.pow(FRACTION_DIGITS - digits);
    Some(whole * SCALE + scaled_fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_durations_recipe_sites_write() {
        for (text, minutes) in [
            ("PT45M", 45),
            ("PT1H30M", 90),
            ("P0DT1H5M", 65),
            ("P1D", 1440),
            ("P1W", 10_080),
            ("PT90S", 2),
            ("PT60S", 1),
            ("PT1S", 1),
            ("PT0.5S", 1),
            ("PT1.5H", 90),
            ("PT1,5H", 90),
            ("PT1.1H", 66),
            ("PT.5H", 30),
            ("PT0M", 0),
            ("PT0S", 0),
            ("pt45m", 45),
            ("  PT45M\n", 45),
            ("P0Y0M0DT0H35M0.000S", 35),
            ("PT25H", 1500),
            ("PT1H0M", 60),
            ("P1DT2H", 1560),
        ] {
            assert_eq!(parse_minutes(text), Some(minutes), "{text:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_iso_8601_duration() {
        for junk in [
            "",
            " ",
            "P",
            "PT",
            "P1DT",
            "45 min",
            "45",
            "about an hour",
            "-PT5M",
            "PT-5M",
            "PT5",
            "PTM",
            "PT1.H5",
            "PT1..5H",
            "PT5M30",
            "PT30M5H",
            "PT5M5M",
            "PT5 M",
            "P T5M",
            "PT5MX",
            "T5M",
            "P5H",
            "PT1D",
            "PT½H",
            "PT٥M",
            "PT1.5.5H",
        ] {
            assert_eq!(parse_minutes(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn refuses_overflow() {
        assert_eq!(parse_minutes("PT999999999999H"), None);
        assert_eq!(parse_minutes("PT9999999999999M"), None);
        assert_eq!(
            parse_minutes(&format!("PT{}M", u64::from(u32::MAX) + 1)),
            None
        );
        assert_eq!(parse_minutes(&format!("PT{}M", u32::MAX)), Some(u32::MAX));
        assert_eq!(parse_minutes("P999999999999Y"), None);
        let many_fraction_digits = format!("PT1.{}H", "9".repeat(40));
        assert_eq!(parse_minutes(&many_fraction_digits), Some(120));
    }

    #[test]
    fn writes_hours_and_minutes() {
        for (minutes, text) in [
            (0, "PT0M"),
            (1, "PT1M"),
            (45, "PT45M"),
            (60, "PT1H"),
            (90, "PT1H30M"),
            (1500, "PT25H"),
            (10_080, "PT168H"),
        ] {
            assert_eq!(format_minutes(minutes), text);
        }
    }

    proptest! {
        #[test]
        fn reading_a_written_duration_gives_it_back(minutes in any::<u32>()) {
            prop_assert_eq!(parse_minutes(&format_minutes(minutes)), Some(minutes));
        }

        #[test]
        fn reading_never_panics(text in "[pPtTdDhHmMsSwWyY0-9.,\\- ]{0,24}|\\PC{0,24}") {
            let _ = parse_minutes(&text);
        }
    }
}
