use proptest::prelude::*;

use super::*;
use crate::article::{BlockKind, NoteKind, NotePosition};

fn story(paragraphs: &[&str]) -> Article {
    Article {
        title: "Fire tears through harbour warehouses".into(),
        dek: Some("Dozens of families were moved to a shelter.".into()),
        byline: Some("Maria Okafor".into()),
        blocks: paragraphs.iter().map(|p| Block::paragraph(*p)).collect(),
        ..Article::default()
    }
}

const BODY: [&str; 5] = [
    "PORT ELLIS — A fire tore through three warehouses on the harbour front overnight.",
    "Firefighters from four stations fought the blaze for six hours before it was contained.",
    "By morning, about 40 families had been moved to a temporary shelter at the community centre.",
    "“We could see the flames from the other side of the bay,” said Ruth Adeyemi, a neighbour.",
    "The cause of the fire is under investigation, the fire service said.",
];

fn changed_ops(cs: &ChangeSet) -> Vec<&BlockChange> {
    cs.blocks
        .iter()
        .filter(|b| !matches!(b, BlockChange::Unchanged { .. }))
        .collect()
}

#[test]
fn identical_articles_have_an_empty_changeset() {
    let a = story(&BODY);
    assert!(diff(&a, &a).is_empty());
}

#[test]
fn an_added_paragraph_is_exactly_one_addition() {
    let old = story(&BODY);
    let mut body = BODY.to_vec();
    body.insert(
        3,
        "Investigators said the blaze began in a forklift charging bay.",
    );
    let new = story(&body);
    let cs = diff(&old, &new);
    let ops = changed_ops(&cs);
    assert_eq!(ops.len(), 1);
    assert!(matches!(ops[0], BlockChange::Added { new_index: 3, .. }));
    assert_eq!(cs.stats.blocks_added, 1);
    assert_eq!(cs.stats.words_added, 10);
}

#[test]
fn a_removed_paragraph_is_exactly_one_removal() {
    let old = story(&BODY);
    let new = story(&[BODY[0], BODY[1], BODY[3], BODY[4]]);
    let ops = diff(&old, &new);
    let ops = changed_ops(&ops);
    assert_eq!(ops.len(), 1);
    assert!(matches!(ops[0], BlockChange::Removed { old_index: 2, .. }));
}

#[test]
fn an_edited_figure_is_one_edited_block_with_inline_changes() {
    let old = story(&BODY);
    let mut body = BODY.to_vec();
    body[2] = "By morning, more than 60 families had been moved to a temporary shelter at the community centre.";
    let cs = diff(&old, &story(&body));
    let ops = changed_ops(&cs);
    assert_eq!(ops.len(), 1);
    let BlockChange::Edited { inline, .. } = ops[0] else {
        panic!("expected an edit, got {ops:?}");
    };
    let changed: Vec<(InlineTag, &str)> = inline
        .iter()
        .filter(|c| c.tag != InlineTag::Equal)
        .map(|c| (c.tag, c.text.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            (InlineTag::Delete, "about 40"),
            (InlineTag::Insert, "more than 60")
        ]
    );
}

#[test]
fn a_rewritten_paragraph_is_a_removal_and_an_addition() {
    let old = story(&BODY);
    let mut body = BODY.to_vec();
    body[4] = "Insurers expect claims to run into millions, according to a trade body.";
    let cs = diff(&old, &story(&body));
    let ops = changed_ops(&cs);
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert!(matches!(ops[0], BlockChange::Removed { .. }));
    assert!(matches!(ops[1], BlockChange::Added { .. }));
}

#[test]
fn a_headline_change_is_a_field_change_and_not_a_body_change() {
    let old = story(&BODY);
    let mut new = old.clone();
    new.title = "Harbour fire started in forklift charging bay, marshal says".into();
    let cs = diff(&old, &new);
    assert_eq!(cs.fields.len(), 1);
    assert_eq!(cs.fields[0].field, Field::Title);
    assert_eq!(cs.fields[0].old.as_deref(), Some(old.title.as_str()));
    assert!(changed_ops(&cs).is_empty());
}

#[test]
fn a_new_note_is_listed_verbatim() {
    let old = story(&BODY);
    let mut new = old.clone();
    let note = Note {
        kind: NoteKind::Update,
        text: "Updated to add the fire marshal’s finding.".into(),
        position: NotePosition::Top,
    };
    new.notes.push(note.clone());
    let cs = diff(&old, &new);
    assert_eq!(cs.notes_added, vec![note]);
    assert!(cs.notes_removed.is_empty());
    assert_eq!(apply(&old, &cs), new);
}

#[test]
fn an_exhausted_budget_degrades_but_stays_correct() {
    let old = story(&BODY);
    let mut body = BODY.to_vec();
    body[2] = "By morning, more than 60 families had been moved to a temporary shelter at the community centre.";
    let new = story(&body);
    let cs = diff_within(&old, &new, Duration::ZERO);
    assert!(cs.degraded.is_some());
    assert_eq!(apply(&old, &cs), new);
}

#[test]
fn huge_inputs_finish_and_rebuild() {
    let big: Vec<String> = (0..20_000)
        .map(|i| format!("Paragraph {i} of the record."))
        .collect();
    let old = Article {
        blocks: big.iter().map(|p| Block::paragraph(p.as_str())).collect(),
        ..Article::default()
    };
    let mut new = old.clone();
    new.blocks.reverse();
    assert_eq!(apply(&old, &diff(&old, &new)), new);

    let long_old = Article {
        blocks: vec![Block::paragraph("word ".repeat(200_000))],
        ..Article::default()
    };
    let mut long_new = long_old.clone();
    long_new.blocks[0].text.push_str("and one more");
    assert_eq!(apply(&long_old, &diff(&long_old, &long_new)), long_new);
}

const LONG_BODY: [&str; 8] = [
    "PORT ELLIS — A fire tore through three warehouses on the harbour front overnight.",
    "Firefighters from four stations fought the blaze for six hours before it was contained.",
    "By morning, about 40 families had been moved to a temporary shelter at the community centre.",
    "“We could see the flames from the other side of the bay,” said Ruth Adeyemi, a neighbour.",
    "The harbour master said the quay would stay closed to shipping until Monday at the earliest.",
    "Insurers were sending assessors to the site, a spokesperson for the port authority said.",
    "The warehouses stored rope, paint and marine fuel, according to records seen by the Gazette.",
    "The cause of the fire is under investigation, the fire service said.",
];

#[test]
fn a_paragraph_moved_elsewhere_is_one_move_with_both_places() {
    let old = story(&LONG_BODY);
    let mut body = LONG_BODY.to_vec();
    let moved = body.remove(1);
    body.insert(6, moved);
    let new = story(&body);
    let cs = diff(&old, &new);
    let ops = changed_ops(&cs);
    assert_eq!(ops.len(), 1, "{ops:#?}");
    assert!(
        matches!(ops[0], BlockChange::Moved { old_index: 1, new_index: 6, inline, .. } if inline.is_empty()),
        "{ops:#?}"
    );
    assert_eq!(cs.stats.blocks_moved, 1);
    assert_eq!(cs.significance, Significance::Minor);
    assert_eq!(apply(&old, &cs), new);
}

#[test]
fn a_paragraph_moved_and_reworded_is_a_move_with_its_edits() {
    let old = story(&LONG_BODY);
    let mut body = LONG_BODY.to_vec();
    body.remove(6);
    body.insert(
        1,
        "The warehouses stored rope, paint and diesel fuel, according to records seen by the Gazette.",
    );
    let new = story(&body);
    let cs = diff(&old, &new);
    let ops = changed_ops(&cs);
    assert_eq!(ops.len(), 1, "{ops:#?}");
    let BlockChange::Moved {
        old_index: 6,
        new_index: 1,
        edits,
        ..
    } = ops[0]
    else {
        panic!("expected a move, got {ops:#?}");
    };
    assert_eq!(edits.len(), 1);
    assert_eq!(
        (edits[0].old.as_str(), edits[0].new.as_str()),
        ("marine", "diesel")
    );
    assert_eq!(apply(&old, &cs), new);
}

#[test]
fn a_removal_and_an_addition_in_the_same_place_are_not_a_move() {
    let old = story(&LONG_BODY);
    let mut body = LONG_BODY.to_vec();
    body[4] =
        "Shipping was diverted to Carrick Bay while the harbour master inspected the quay walls.";
    let cs = diff(&old, &story(&body));
    assert_eq!(cs.stats.blocks_moved, 0, "{:#?}", changed_ops(&cs));
}

#[test]
fn one_paragraph_made_two_is_a_split_and_two_made_one_a_merge() {
    let old = story(&LONG_BODY);
    let mut body: Vec<String> = LONG_BODY.iter().map(|s| s.to_string()).collect();
    body.splice(
        2..3,
        [
            "By morning, about 40 families had been moved.".to_string(),
            "They were taken to a temporary shelter at the community centre.".to_string(),
        ],
    );
    let new = story(&body.iter().map(String::as_str).collect::<Vec<_>>());
    let cs = diff(&old, &new);
    let ops = changed_ops(&cs);
    assert_eq!(ops.len(), 1, "{ops:#?}");
    assert!(
        matches!(ops[0], BlockChange::Split { old_index: 2, new_indices, .. } if new_indices == &[2, 3]),
        "{ops:#?}"
    );
    assert_eq!(apply(&old, &cs), new);

    // And back: the two become one again.
    let back = diff(&new, &old);
    let ops = changed_ops(&back);
    assert_eq!(ops.len(), 1, "{ops:#?}");
    assert!(
        matches!(ops[0], BlockChange::Merged { old_indices, new_index: 2, .. } if old_indices == &[2, 3]),
        "{ops:#?}"
    );
    assert_eq!(apply(&new, &back), old);
}

#[test]
fn each_kind_of_edit_is_classified_and_rolled_up() {
    let cases: [(&str, &str, ChangeKind, Significance); 6] = [
        (
            "By morning, about 40 families had been moved to a temporary shelter at the community centre.",
            "By morning, about 40 families had been moved to a temporary shelter at the community centre",
            ChangeKind::Cosmetic,
            Significance::CosmeticOnly,
        ),
        (
            "By morning, about 40 families had been moved to a temporary shelter at the community centre.",
            "By morning, about 40 families had been moved to a temporary shelter at the comunity centre.",
            ChangeKind::Typo,
            Significance::Minor,
        ),
        (
            "By morning, about 40 families had been moved to a temporary shelter at the community centre.",
            "By morning, about 400 families had been moved to a temporary shelter at the community centre.",
            ChangeKind::Number,
            Significance::Substantive,
        ),
        (
            "“We could see the flames from the other side of the bay,” said Ruth Adeyemi, a neighbour.",
            "“We could see the flames from the other side of the bay,” said Ruth Okonjo, a neighbour.",
            ChangeKind::Name,
            Significance::Substantive,
        ),
        (
            "“We could see the flames from the other side of the bay,” said Ruth Adeyemi, a neighbour.",
            "“We could see the flames from our kitchen,” said Ruth Adeyemi, a neighbour.",
            ChangeKind::Quote,
            Significance::Substantive,
        ),
        (
            "The cause of the fire is under investigation, the fire service said.",
            "The fire was started deliberately, the fire service said.",
            ChangeKind::Substantive,
            Significance::Substantive,
        ),
    ];
    for (before, after, kind, significance) in cases {
        let old = story(&[LONG_BODY[0], before, LONG_BODY[7]]);
        let new = story(&[LONG_BODY[0], after, LONG_BODY[7]]);
        let cs = diff(&old, &new);
        let ops = changed_ops(&cs);
        assert_eq!(ops.len(), 1, "{before} -> {after}: {ops:#?}");
        assert_eq!(ops[0].kind(), Some(kind), "{before} -> {after}: {ops:#?}");
        assert_eq!(cs.significance, significance, "{before} -> {after}");
        if kind == ChangeKind::Quote {
            assert_eq!(ops[0].edits()[0].speaker.as_deref(), Some("Ruth Adeyemi"));
        }
    }
}

#[test]
fn metadata_changes_are_fields_with_their_own_weight() {
    let old = story(&BODY);
    let mut new = old.clone();
    new.modified = chrono::DateTime::parse_from_rfc3339("2025-03-14T12:00:00+00:00").ok();
    assert_eq!(diff(&old, &new).significance, Significance::CosmeticOnly);
    new.byline = Some("Maria Okafor and Tom Reyes".into());
    let cs = diff(&old, &new);
    assert_eq!(cs.significance, Significance::Substantive);
    assert_eq!(
        cs.fields.iter().map(|f| f.field).collect::<Vec<_>>(),
        [Field::Byline, Field::Modified]
    );
}

#[test]
fn ignoring_cosmetic_hides_style_edits_and_keeps_the_rest() {
    let old = story(&BODY);
    let mut body = BODY.to_vec();
    body[0] = "PORT ELLIS - A fire tore through three warehouses on the harbour front overnight.";
    body[2] = "By morning, more than 60 families had been moved to a temporary shelter at the Community Centre.";
    let full = diff(&old, &story(&body));
    assert_eq!(full.stats.edits.cosmetic, 2, "{:#?}", changed_ops(&full));
    let cs = full.ignoring_cosmetic();
    let ops = changed_ops(&cs);
    assert_eq!(ops.len(), 1, "{ops:#?}");
    assert_eq!(ops[0].kind(), Some(ChangeKind::Number));
    let shown: String = ops[0]
        .inline()
        .unwrap()
        .iter()
        .filter(|r| r.tag != InlineTag::Equal)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(shown, "about 40more than 60", "{ops:#?}");
    assert_eq!(cs.stats.edits.cosmetic, 0);
}

#[test]
fn granularity_changes_the_unit_not_the_change() {
    let old = story(&BODY);
    let mut body = BODY.to_vec();
    body[2] = "By morning, about 40 families had been moved to a temporary shelter at the comunity centre.";
    let cs = diff(&old, &story(&body));
    let marked = |cs: &ChangeSet| -> Vec<(InlineTag, String)> {
        changed_ops(cs)[0]
            .inline()
            .unwrap()
            .iter()
            .filter(|r| r.tag != InlineTag::Equal)
            .map(|r| (r.tag, r.text.clone()))
            .collect()
    };
    assert_eq!(
        marked(&cs),
        [
            (InlineTag::Delete, "community".to_string()),
            (InlineTag::Insert, "comunity".to_string())
        ]
    );
    let by_char = cs.with_granularity(Granularity::Char);
    assert_eq!(by_char.granularity, Granularity::Char);
    assert_eq!(marked(&by_char), [(InlineTag::Delete, "m".to_string())]);
    let by_block = cs.with_granularity(Granularity::Block);
    assert_eq!(marked(&by_block).len(), 2);
    assert_eq!(marked(&by_block)[1].1, body[2]);
    // The classification is the same in every unit.
    assert_eq!(changed_ops(&by_char)[0].kind(), Some(ChangeKind::Typo));
}

#[test]
fn pathological_repetition_finishes_and_rebuilds() {
    // The same paragraph thousands of times, with edits and moves among them.
    let line = "The fire service said the harbour would stay closed.";
    let old = Article {
        blocks: (0..5_000).map(|_| Block::paragraph(line)).collect(),
        ..Article::default()
    };
    let mut new = old.clone();
    for i in (0..5_000).step_by(97) {
        new.blocks[i].text = format!("The fire service said the harbour would stay closed {i}.");
    }
    new.blocks.rotate_left(1_000);
    let cs = diff(&old, &new);
    assert_eq!(apply(&old, &cs), new);

    // Disjoint texts of many blocks.
    let disjoint = Article {
        blocks: (0..5_000)
            .map(|i| Block::paragraph(format!("Unrelated item {i} about shipping.")))
            .collect(),
        ..Article::default()
    };
    assert_eq!(apply(&old, &diff(&old, &disjoint)), disjoint);
}

/// Articles built from a base by the edits a newsroom makes: reword, insert, delete, move, split
/// and merge paragraphs.
fn arb_revision() -> impl Strategy<Value = (Article, Article)> {
    (
        prop::collection::vec(0usize..LONG_BODY.len(), 2..8),
        prop::collection::vec((0u8..6, 0usize..16, 0usize..16), 0..5),
    )
        .prop_map(|(picks, ops)| {
            let base: Vec<String> = picks.iter().map(|&i| LONG_BODY[i].to_string()).collect();
            let mut body = base.clone();
            for (op, x, y) in ops {
                if body.is_empty() {
                    break;
                }
                let (x, y) = (x % body.len(), y % body.len());
                match op {
                    0 => body[x] = body[x].replace("the", "a"),
                    1 => body.insert(
                        y,
                        "Two firefighters were treated for smoke inhalation.".into(),
                    ),
                    2 => {
                        body.remove(x);
                    }
                    3 => {
                        let moved = body.remove(x);
                        body.insert(y.min(body.len()), moved);
                    }
                    4 => {
                        let text = body.remove(x);
                        let cut = text.find(", ").map_or(text.len() / 2, |i| i + 2);
                        let cut = (0..=cut)
                            .rev()
                            .find(|&i| text.is_char_boundary(i))
                            .unwrap_or(0);
                        body.insert(x, text[cut..].to_string());
                        body.insert(x, text[..cut].trim_end().to_string());
                    }
                    _ if x + 1 < body.len() => {
                        let next = body.remove(x + 1);
                        body[x] = format!("{} {next}", body[x]);
                    }
                    _ => {}
                }
            }
            let article = |b: Vec<String>| Article {
                title: "Fire at harbour".into(),
                blocks: b.into_iter().map(Block::paragraph).collect(),
                ..Article::default()
            };
            (article(base), article(body))
        })
}

fn arb_block() -> impl Strategy<Value = Block> {
    let words = prop::sample::select(vec![
        "fire",
        "harbour",
        "families",
        "40",
        "60",
        "said",
        "the",
        "mayor",
        "“quote”",
        "é",
        "crew",
    ]);
    (
        prop::collection::vec(words, 1..8),
        prop::sample::select(vec![
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::Quote,
        ]),
    )
        .prop_map(|(w, kind)| Block {
            kind,
            text: w.join(" "),
        })
}

fn arb_article() -> impl Strategy<Value = Article> {
    (
        prop::sample::select(vec!["Fire at harbour", "Harbour fire spreads"]),
        prop::option::of(prop::sample::select(vec!["A dek.", "Another dek."])),
        prop::collection::vec(arb_block(), 0..12),
        prop::collection::vec(
            prop::sample::select(vec!["Updated to add comments.", "Correction: a name."]),
            0..2,
        ),
    )
        .prop_map(|(title, dek, blocks, notes)| Article {
            title: title.into(),
            dek: dek.map(str::to_string),
            blocks,
            notes: notes
                .into_iter()
                .map(|t| Note {
                    kind: NoteKind::Update,
                    text: t.into(),
                    position: NotePosition::Bottom,
                })
                .collect(),
            ..Article::default()
        })
}

proptest! {
    #[test]
    fn diff_of_an_article_with_itself_is_empty(a in arb_article()) {
        prop_assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn applying_the_changeset_rebuilds_the_new_article(a in arb_article(), b in arb_article()) {
        prop_assert_eq!(apply(&a, &diff(&a, &b)), b);
    }

    #[test]
    fn newsroom_revisions_with_moves_and_splits_rebuild((old, new) in arb_revision()) {
        let cs = diff(&old, &new);
        prop_assert_eq!(&apply(&old, &cs), &new);
        prop_assert!(diff(&new, &new).is_empty());
        // Every inline diff rebuilds both of its texts.
        for change in &cs.blocks {
            if let Some(inline) = change.inline()
                && !inline.is_empty()
            {
                let (old_text, new_text) = match change {
                    BlockChange::Edited { old, new, .. } | BlockChange::Moved { old, new, .. } => {
                        (old.text.clone(), new.text.clone())
                    }
                    BlockChange::Split { old, new, .. } => (
                        old.text.clone(),
                        new.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join(" "),
                    ),
                    BlockChange::Merged { old, new, .. } => (
                        old.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join(" "),
                        new.text.clone(),
                    ),
                    _ => unreachable!(),
                };
                let rebuilt_old: String = inline.iter().filter(|c| c.tag != InlineTag::Insert).map(|c| c.text.as_str()).collect();
                let rebuilt_new: String = inline.iter().filter(|c| c.tag != InlineTag::Delete).map(|c| c.text.as_str()).collect();
                prop_assert_eq!(rebuilt_old, old_text);
                prop_assert_eq!(rebuilt_new, new_text);
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics_and_rebuilds(
        a in prop::collection::vec(".{0,80}", 0..6),
        b in prop::collection::vec(".{0,80}", 0..6),
    ) {
        let old = Article { blocks: a.into_iter().map(Block::paragraph).collect(), ..Article::default() };
        let new = Article { blocks: b.into_iter().map(Block::paragraph).collect(), ..Article::default() };
        let cs = diff(&old, &new);
        prop_assert_eq!(apply(&old, &cs), new);
        for change in &cs.blocks {
            if let BlockChange::Edited { old, new, inline, .. } = change {
                let rebuilt_old: String = inline.iter().filter(|c| c.tag != InlineTag::Insert).map(|c| c.text.as_str()).collect();
                let rebuilt_new: String = inline.iter().filter(|c| c.tag != InlineTag::Delete).map(|c| c.text.as_str()).collect();
                prop_assert_eq!(&rebuilt_old, &old.text);
                prop_assert_eq!(&rebuilt_new, &new.text);
            }
        }
    }
}
