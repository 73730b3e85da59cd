//! A proportional bar of one process's memory: each leaf of the tree gets a run of its letter
//! as long as its share (largest-remainder rounding, so the runs fill the bar exactly), with a
//! legend of letters and percentages. Colour is optional; without it the letters carry it all.

use anstyle::{AnsiColor, Color, Style};

use super::tree::TreeRow;

/// The width of the bar in characters.
pub const WIDTH: usize = 64;

const PALETTE: [AnsiColor; 8] = [
    AnsiColor::Blue,
    AnsiColor::Cyan,
    AnsiColor::Green,
    AnsiColor::Yellow,
    AnsiColor::Magenta,
    AnsiColor::Red,
    AnsiColor::BrightBlue,
    AnsiColor::BrightBlack,
];

/// The slices of a tree (its leaves) with their byte counts.
fn slices(rows: &[TreeRow]) -> Vec<(char, &'static str, u64)> {
    rows.iter()
        .filter_map(|r| {
            r.slice
                .map(|s| (s.letter, s.name, r.component.bytes.bytes()))
        })
        .collect()
}

/// How many of `width` cells each share gets: floors, then the leftover cells to the largest
/// remainders (earlier slices first on ties).
pub fn cells(shares: &[u64], width: usize) -> Vec<usize> {
    let total: u128 = shares.iter().map(|&s| u128::from(s)).sum();
    if total == 0 {
        return vec![0; shares.len()];
    }
    let width_u128 = width as u128;
    let exact: Vec<(usize, u128)> = shares
        .iter()
        .map(|&s| {
            let scaled = u128::from(s) * width_u128;
            ((scaled / total) as usize, scaled % total)
        })
        .collect();
    let mut counts: Vec<usize> = exact.iter().map(|(floor, _)| *floor).collect();
    let given: usize = counts.iter().sum();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
    for &i in order.iter().take(width.saturating_sub(given)) {
        counts[i] += 1;
    }
    counts
}

/// One decimal of a percentage: `7.4%`.
fn percent(share: u64, total: u128) -> String {
    if total == 0 {
        return "0.0%".to_owned();
    }
    let permille = (u128::from(share) * 1000 + total / 2) / total;
    format!("{}.{}%", permille / 10, permille % 10)
}

fn paint(text: &str, index: usize, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let style = Style::new()
        .fg_color(Some(Color::Ansi(AnsiColor::Black)))
        .bg_color(Some(Color::Ansi(PALETTE[index % PALETTE.len()])));
    format!("{}{text}{}", style.render(), style.render_reset())
}

/// The bar line and its legend lines, without indentation.
pub fn lines(rows: &[TreeRow], color: bool) -> Vec<String> {
    let slices = slices(rows);
    let shares: Vec<u64> = slices.iter().map(|s| s.2).collect();
    let total: u128 = shares.iter().map(|&s| u128::from(s)).sum();
    let counts = cells(&shares, WIDTH);
    let mut bar = String::from("|");
    for (i, ((letter, _, _), count)) in slices.iter().zip(&counts).enumerate() {
        if *count > 0 {
            bar.push_str(&paint(&letter.to_string().repeat(*count), i, color));
        }
    }
    bar.push('|');
    let items: Vec<String> = slices
        .iter()
        .enumerate()
        .map(|(i, (letter, name, bytes))| {
            format!(
                "{} {name} {}",
                paint(&letter.to_string(), i, color),
                percent(*bytes, total)
            )
        })
        .collect();
    let mut lines = vec![bar];
    lines.extend(items.chunks(4).map(|chunk| chunk.join("   ")));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_fill_the_width_exactly() {
        assert_eq!(cells(&[1, 1, 1], 64).iter().sum::<usize>(), 64);
        assert_eq!(cells(&[1, 1, 1], 64), [22, 21, 21]);
        assert_eq!(cells(&[0, 5, 0], 10), [0, 10, 0]);
        assert_eq!(cells(&[0, 0], 10), [0, 0]);
        assert_eq!(cells(&[u64::MAX, u64::MAX], 64), [32, 32]);
    }

    #[test]
    fn percentages_round_half_up_to_one_decimal() {
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(percent(0, 0), "0.0%");
        assert_eq!(percent(1, 2000), "0.1%");
    }
}
