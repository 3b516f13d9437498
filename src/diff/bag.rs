//! Word bags: a block's lowercase words as sorted hashes, so the similarity of two blocks (or of
//! a block and several blocks joined) is one merge of two sorted lists, with no allocation per
//! comparison.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::inline::words;

#[derive(Debug, Clone, Default)]
pub struct Bag(Vec<u64>);

impl Bag {
    pub fn of(text: &str) -> Bag {
        let mut hashes: Vec<u64> = words(text)
            .map(|w| {
                let mut h = DefaultHasher::new();
                for c in w.chars().flat_map(char::to_lowercase) {
                    c.hash(&mut h);
                }
                h.finish()
            })
            .collect();
        hashes.sort_unstable();
        Bag(hashes)
    }

    /// The bag of several blocks read as one.
    pub fn joined<'a>(bags: impl IntoIterator<Item = &'a Bag>) -> Bag {
        let mut all: Vec<u64> = bags.into_iter().flat_map(|b| b.0.iter().copied()).collect();
        all.sort_unstable();
        Bag(all)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Words the two bags share, counted as a multiset.
    pub fn shared(&self, other: &Bag) -> usize {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared
    }

    /// Dice similarity, from 0 (no word shared) to 1 (the same words). Two empty bags are equal.
    pub fn dice(&self, other: &Bag) -> f64 {
        let total = self.len() + other.len();
        if total == 0 {
            return 1.0;
        }
        2.0 * self.shared(other) as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_ignores_case_spacing_and_punctuation() {
        assert_eq!(
            Bag::of("The  fire, spread.").dice(&Bag::of("the fire spread")),
            1.0
        );
        assert_eq!(Bag::of("alpha beta").dice(&Bag::of("gamma delta")), 0.0);
    }

    #[test]
    fn a_joined_bag_matches_the_text_it_was_split_from() {
        let whole = Bag::of("The fire spread overnight. Crews arrived at dawn.");
        let parts = [
            Bag::of("The fire spread overnight."),
            Bag::of("Crews arrived at dawn."),
        ];
        assert_eq!(whole.dice(&Bag::joined(&parts)), 1.0);
        assert!(whole.dice(&parts[0]) < 0.7);
    }
}
