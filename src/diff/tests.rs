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
