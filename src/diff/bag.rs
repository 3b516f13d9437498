//! Word bags: a block's lowercase words as sorted hashes, so the similarity of two blocks (or of
//! a block and several blocks joined) is one merge of two sorted lists, with no allocation per
//! comparison.

#[derive(Debug, Clone, Default)]
pub struct Bag(Vec<u64>);

impl Bag {
    pub fn of(text: &str) -> Bag {
        // One pass, no tokens: each run of letters and digits is a word, hashed lowercase with
        // FNV-1a (collisions cost a little similarity accuracy, never correctness).
        const SEED: u64 = 0xcbf2_9ce4_8422_2325;
        let step = |h: u64, c: char| (h ^ u64::from(u32::from(c))).wrapping_mul(0x0100_0000_01b3);
        let mut hashes = Vec::with_capacity(text.len() / 5);
        let mut hash = SEED;
        let mut in_word = false;
        for c in text.chars() {
            let alphanumeric = if c.is_ascii() {
                c.is_ascii_alphanumeric()
            } else {
                c.is_alphanumeric()
            };
            if alphanumeric {
                hash = if c.is_ascii() {
                    step(hash, c.to_ascii_lowercase())
                } else {
                    c.to_lowercase().fold(hash, step)
                };
                in_word = true;
            } else if in_word {
                hashes.push(hash);
                hash = SEED;
                in_word = false;
            }
        }
        if in_word {
            hashes.push(hash);
        }
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
        let s = Bag::of("The fire spread to three warehouses overnight.")
            .dice(&Bag::of("The fire spread to five warehouses before dawn."));
        assert!(s > 0.5 && s < 0.9, "{s}");
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
