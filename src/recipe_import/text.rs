//! Text out of markup, in the shapes the recipe fields take.
//!
//! Rules: entities are decoded and tags dropped by html5ever's tokenizer (via [`Document`]);
//! block elements (`p`, `div`, `li`, headings, …) and `<br>` break lines, table cells are
//! separated by a space; inside a line every run of whitespace becomes one space and control
//! characters are dropped; blank lines are dropped. In a page, newlines in the markup are just
//! whitespace; in a JSON-LD string they break lines, since that is how plain-text steps are
//! written. Text is collected up to [`MAX_TEXT_CHARS`] visible characters, more than any field
//! holds, so a huge element costs no more than a large one.

use super::document::{Document, Node, NodeId, ROOT};

/// Visible (non-whitespace) characters collected from one element or string; every field's
/// limit is below it, so text cut here is shortened (with a warning) later anyway.
pub(super) const MAX_TEXT_CHARS: usize = 50_000;
/// Nodes visited for one text (far more than a recipe's longest element holds), so that
/// nested microdata properties cannot multiply the work.
const MAX_NODES: usize = 5_000;

/// Elements that start and end a line.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "tfoot"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// How newlines inside text count.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Newlines {
    /// As whitespace (markup in a page).
    Collapse,
    /// As line breaks (a JSON-LD string).
    Break,
}

/// The non-blank lines of the text under node `id`.
pub(super) fn lines_of(doc: &Document, id: NodeId, newlines: Newlines) -> Vec<String> {
    let mut raw = String::new();
    let mut visible = 0;
    let mut visited = 0;
    // Open elements with the index of their next child; children are reached one at a time,
    // so that an element with many children costs nothing past the budget.
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    let mut next = Some(id);
    loop {
        if let Some(id) = next.take() {
            visited += 1;
            if visible > MAX_TEXT_CHARS || visited > MAX_NODES {
                break;
            }
            match &doc.nodes[id] {
                Node::Text(text) => {
                    visible += text.chars().filter(|c| !c.is_whitespace()).count();
                    match newlines {
                        Newlines::Break => raw.push_str(text),
                        Newlines::Collapse => raw.extend(text.chars().map(|c| match c {
                            '\n' | '\r' => ' ',
                            c => c,
                        })),
                    }
                }
                Node::Element(element) => {
                    raw.push_str(separator(&element.name));
                    stack.push((id, 0));
                }
            }
        }
        let Some((parent, index)) = stack.last_mut() else {
            break;
        };
        let Some(Node::Element(element)) = doc.nodes.get(*parent) else {
            break;
        };
        match element.children.get(*index) {
            Some(&child) => {
                *index += 1;
                next = Some(child);
            }
            None => {
                if is_block(&element.name) {
                    raw.push('\n');
                }
                stack.pop();
            }
        }
    }
    raw.split('\n')
        .map(tidy_line)
        .filter(|line| !line.is_empty())
        .collect()
}

/// What an element's start adds to the text.
fn separator(name: &str) -> &'static str {
    if name == "br" || is_block(name) {
        "\n"
    } else if name == "td" || name == "th" {
        " "
    } else {
        ""
    }
}

/// The lines of an HTML fragment, such as a JSON-LD string.
pub(super) fn fragment_lines(fragment: &str) -> Vec<String> {
    if !fragment.contains(['<', '&']) {
        // Nothing to decode: skip the tokenizer.
        let limit = fragment
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .nth(MAX_TEXT_CHARS)
            .map_or(fragment.len(), |(at, _)| at);
        return fragment[..limit]
            .split('\n')
            .map(tidy_line)
            .filter(|line| !line.is_empty())
            .collect();
    }
    lines_of(&Document::fragment(fragment), ROOT, Newlines::Break)
}

/// A fragment on one line (its lines joined by spaces); `None` when blank.
pub(super) fn fragment_line(fragment: &str) -> Option<String> {
    let line = fragment_lines(fragment).join(" ");
    (!line.is_empty()).then_some(line)
}

/// A fragment as free text (its lines joined by newlines); `None` when blank.
pub(super) fn fragment_text(fragment: &str) -> Option<String> {
    let text = fragment_lines(fragment).join("\n");
    (!text.is_empty()).then_some(text)
}

/// Whitespace runs → one space, ends trimmed, control characters dropped.
pub(super) fn tidy_line(line: &str) -> String {
    let mut tidy = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        let start = tidy.len();
        if start > 0 {
            tidy.push(' ');
        }
        tidy.extend(word.chars().filter(|c| !c.is_control()));
        if tidy.len() == start + usize::from(start > 0) {
            tidy.truncate(start);
        }
    }
    tidy
}

/// `text` shortened to at most `max_chars` characters ending in "…", cut at a word boundary
/// when one falls in the second half; `None` when it already fits.
pub(super) fn shorten(text: &str, max_chars: usize) -> Option<String> {
    let cut = text.char_indices().nth(max_chars)?.0;
    // Room for the ellipsis.
    let cut = text[..cut].char_indices().last().map_or(0, |(at, _)| at);
    let mut kept = &text[..cut];
    let half = text[..cut]
        .char_indices()
        .nth(max_chars / 2)
        .map_or(cut, |(at, _)| at);
    if let Some(space) = kept.rfind(char::is_whitespace)
        && space >= half
    {
        kept = &kept[..space];
    }
    Some(format!("{}…", kept.trim_end()))
}

/// Text made safe to read again as markup (microdata values go through the same reader as
/// JSON-LD strings).
pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities_and_drops_tags() {
        assert_eq!(
            fragment_line("<p>Mix &amp; stir</p>").as_deref(),
            Some("Mix & stir")
        );
        assert_eq!(
            fragment_line("Tom&#39;s &nbsp; 1&#x2F;2 cup &eacute;&hellip; &lt;b&gt;").as_deref(),
            Some("Tom's 1/2 cup é… <b>")
        );
        assert_eq!(
            fragment_line("a<b>b</b>c <i>d</i>").as_deref(),
            Some("abc d")
        );
        assert_eq!(fragment_line(" <p> </p>&nbsp;"), None);
    }

    #[test]
    fn breaks_lines_at_blocks_br_and_newlines_in_strings() {
        assert_eq!(
            fragment_lines("<p>One</p><p>Two<br>Three</p><ol><li>Four</li><li>Five</li></ol>Six"),
            ["One", "Two", "Three", "Four", "Five", "Six"]
        );
        assert_eq!(
            fragment_lines("1. Mix.\n\n2.   Stir.\r\n3. Bake."),
            ["1. Mix.", "2. Stir.", "3. Bake."]
        );
        assert_eq!(fragment_lines("a &amp;\nb"), ["a &", "b"]);
        assert_eq!(fragment_text("<p>a</p>\n<p>b</p>").as_deref(), Some("a\nb"));
    }

    #[test]
    fn page_markup_newlines_are_whitespace() {
        let doc = Document::fragment(
            "<div>Long text\n   wrapped<br>next<table><tr><td>a</td><td>b</td></tr></table></div>",
        );
        assert_eq!(
            lines_of(&doc, ROOT, Newlines::Collapse),
            ["Long text wrapped", "next", "a b"]
        );
    }

    #[test]
    fn control_characters_are_dropped_and_whitespace_folded() {
        assert_eq!(
            tidy_line(" a\u{0}b \u{7}  \t c\u{85}d\u{3000}e "),
            "ab c d e"
        );
        assert_eq!(tidy_line("\u{1}\u{2}"), "");
        assert_eq!(fragment_lines("a\u{0}b"), ["ab"]);
    }

    #[test]
    fn shortens_at_a_word_boundary_when_it_can() {
        assert_eq!(shorten("short", 10), None);
        assert_eq!(shorten("0123456789", 10), None);
        assert_eq!(
            shorten("one two three four", 10).as_deref(),
            Some("one two…")
        );
        assert_eq!(
            shorten("abcdefghijklmnop", 10).as_deref(),
            Some("abcdefghi…")
        );
        assert_eq!(
            shorten("a bcdefghijklmnop", 10).as_deref(),
            Some("a bcdefgh…")
        );
        assert_eq!(
            shorten("김치찌개 돼지고기 두부", 8).as_deref(),
            Some("김치찌개…")
        );
        for max in 1..30 {
            let text = "Kimchi jjigae with pork and tofu, 김치찌개";
            let short = shorten(text, max).unwrap();
            assert!(short.chars().count() <= max, "{max}: {short}");
        }
    }

    #[test]
    fn huge_text_is_collected_up_to_the_budget() {
        let text = "word ".repeat(MAX_TEXT_CHARS);
        let lines = fragment_lines(&text);
        assert!(lines[0].len() < text.len() && lines[0].len() > MAX_TEXT_CHARS);
        let markup = "<b>word</b> ".repeat(MAX_TEXT_CHARS);
        assert!(fragment_lines(&markup)[0].len() < text.len());
    }

    #[test]
    fn escaped_text_reads_back_the_same() {
        let text = "a < b && c &amp; <i>d</i>";
        assert_eq!(fragment_line(&escape(text)).as_deref(), Some(text));
    }
}
