//! The smallest whole number (of MiB) that a predicate accepts.
//!
//! The predicates here are "Flink derives this process and the budget meets the targets" for a
//! size in MiB. They are monotone on the process-size path (every fraction-derived component
//! grows with the process size), but not everywhere: a remainder that must stay inside a
//! `[min, max]` range is accepted only in a window. So the search first walks up in steps of
//! about 1/16 (fine enough not to jump over such a window in practice), then bisects between
//! the last rejected and the first accepted value. The result `n` is always accepted and
//! `n - 1` always rejected (when `n > from`), whatever the predicate.

/// The largest size searched: 2^24 MiB = 16 TiB, far above any container.
pub const LIMIT_MEBIBYTES: u64 = 1 << 24;

/// The smallest `n` in `from..=to` with `accept(n)`, or `None` if the walk finds none.
pub fn smallest(from: u64, to: u64, mut accept: impl FnMut(u64) -> bool) -> Option<u64> {
    if from > to {
        return None;
    }
    let mut rejected: Option<u64> = None;
    let mut probe = from;
    loop {
        if accept(probe) {
            break;
        }
        rejected = Some(probe);
        if probe >= to {
            return None;
        }
        probe = (probe + (probe / 16).max(1)).min(to);
    }
    let Some(mut low) = rejected else {
        return Some(probe);
    };
    let mut high = probe;
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if accept(middle) {
            high = middle;
        } else {
            low = middle;
        }
    }
    Some(high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_threshold_exactly() {
        for threshold in [1, 2, 17, 900, 957, 65_537, LIMIT_MEBIBYTES] {
            assert_eq!(
                smallest(1, LIMIT_MEBIBYTES, |n| n >= threshold),
                Some(threshold)
            );
        }
        assert_eq!(smallest(5, 10, |n| n >= 3), Some(5));
        assert_eq!(smallest(1, 100, |_| false), None);
        assert_eq!(smallest(10, 5, |_| true), None);
    }

    #[test]
    fn finds_the_start_of_a_window_wider_than_a_step() {
        // Accepted only in [8650, 10240): a step of 1/16 never jumps over it.
        let found = smallest(1, LIMIT_MEBIBYTES, |n| (8650..10240).contains(&n));
        assert_eq!(found, Some(8650));
    }

    #[test]
    fn the_answer_is_accepted_and_one_less_is_not() {
        let accept = |n: u64| n.is_multiple_of(97) || n > 5000;
        let found = smallest(100, 10_000, accept).unwrap();
        assert!(accept(found));
        assert!(!accept(found - 1));
    }
}
