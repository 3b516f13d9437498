//! Every renderer on one rich revision: a headline rewrite, a new note, a paragraph added, one
//! removed, one moved, one split, a changed figure, a spelling fix, a changed quote, a changed
//! name and a cosmetic edit. The story is ours (a ferry strike in a made-up port).

mod common;

use storydiff::article::{Article, Block, Note, NoteKind, NotePosition};
use storydiff::diff::{BlockChange, ChangeKind, Granularity, Significance, diff};
use storydiff::render;

fn p(text: &str) -> Block {
    Block::paragraph(text)
}

fn before() -> Article {
    Article {
        title: "Ferry crews walk out over rosters".into(),
        dek: Some("Sailings to the islands are cancelled until further notice.".into()),
        byline: Some("Ines Calder".into()),
        blocks: vec![
            p(
                "PORT ELLIS — Ferry crews walked out at dawn on Thursday, cancelling every sailing to the outer islands.",
            ),
            p(
                "About 300 crew members joined the strike, according to the Maritime Workers’ Union.",
            ),
            p(
                "“We have asked for safe rosters for two years,” said union secretary Dana Whitcombe. “Nobody listened.”",
            ),
            p(
                "The operator, Islands Ferry Company, said it regretted the disruption and urged the union to return to talks.",
            ),
            p(
                "Island residents said they had been given no warning. Some had travelled to the terminal before dawn.",
            ),
            p(
                "The strike is the first on the route since 2011, when crews stoped work for three days.",
            ),
            p(
                "A spokesperson for the harbour authority, Tom Reyes, said freight sailings would also be affected.",
            ),
            p("Talks are scheduled for Monday at the offices of the mediation service."),
        ],
        notes: vec![],
        ..Article::default()
    }
}

fn after() -> Article {
    let mut new = before();
    new.title = "Ferry strike strands island residents as talks stall".into();
    new.notes.push(Note {
        kind: NoteKind::Update,
        text: "Updated to add the operator’s statement on Friday talks.".into(),
        position: NotePosition::Top,
    });
    new.blocks = vec![
        // Cosmetic: the dash.
        p(
            "PORT ELLIS - Ferry crews walked out at dawn on Thursday, cancelling every sailing to the outer islands.",
        ),
        // Figure.
        p(
            "More than 450 crew members joined the strike, according to the Maritime Workers’ Union.",
        ),
        // Quote changed.
        p(
            "“We have begged for safe rosters for two years,” said union secretary Dana Whitcombe. “Nobody listened.”",
        ),
        // Moved up from the end.
        p("Talks are scheduled for Monday at the offices of the mediation service."),
        // Split in two.
        p("Island residents said they had been given no warning."),
        p("Some had travelled to the terminal before dawn."),
        // Spelling fix.
        p(
            "The strike is the first on the route since 2011, when crews stopped work for three days.",
        ),
        // Name changed.
        p(
            "A spokesperson for the harbour authority, Tom Reese, said freight sailings would also be affected.",
        ),
        // Added.
        p(
            "On Friday the operator said it would meet the union “without preconditions,” its chief executive, Ruth Ng, told reporters.",
        ),
    ];
    // Removed: the operator's first statement (¶4).
    new
}

#[test]
fn the_rich_revision_is_classified_as_a_reader_would() {
    let cs = diff(&before(), &after());
    assert_eq!(cs.significance, Significance::Substantive);
    let s = &cs.stats;
    assert_eq!(
        (
            s.blocks_added,
            s.blocks_removed,
            s.blocks_moved,
            s.blocks_split,
            s.blocks_edited
        ),
        (1, 1, 1, 1, 5),
        "{:#?}",
        cs.blocks
    );
    let kinds: Vec<ChangeKind> = cs
        .blocks
        .iter()
        .filter(|b| matches!(b, BlockChange::Edited { .. }))
        .filter_map(BlockChange::kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::Cosmetic,
            ChangeKind::Number,
            ChangeKind::Quote,
            ChangeKind::Typo,
            ChangeKind::Name
        ]
    );
    assert_eq!(
        storydiff::diff::apply(&before(), &cs),
        after(),
        "the ChangeSet rebuilds the new version"
    );
}

#[test]
fn every_renderer_on_the_rich_revision() {
    let cs = diff(&before(), &after());
    snapshot!("render_rich_terminal", render::terminal::render(&cs, false));
    snapshot!(
        "render_rich_unified",
        render::unified::render(&cs, "ferry-strike (version 1)", "ferry-strike (version 2)")
    );
    snapshot!("render_rich_markdown", render::markdown::render(&cs));
    snapshot!(
        "render_rich_html",
        render::html::render(&cs, &after().title, "version 1", "version 2")
    );
    snapshot!("render_rich_json", render::json::render(&cs));
    snapshot!(
        "render_rich_terminal_char_no_cosmetic",
        render::terminal::render(
            &cs.ignoring_cosmetic().with_granularity(Granularity::Char),
            false
        )
    );
}
