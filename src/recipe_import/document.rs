//! A page (or an HTML fragment) read into what recipe import needs: the text of every
//! `application/ld+json` script, the page's `<title>` and `og:title`, and a light element tree
//! for microdata and for text.
//!
//! html5ever's tokenizer reads the markup (entities, comments, raw text, attribute quoting as
//! browsers do); the tree is built by `tree_builder` rather than by html5ever's tree builder,
//! whose stack scans make deeply nested or misnested pages quadratic (200 KB of `<div>` takes
//! seconds). The page first passes through [`cap_attributes`], which bounds the tokenizer's own
//! per-tag work. A page's tree holds only its microdata items (elements with `itemscope` and
//! what they contain); a fragment's holds everything.

use std::cell::RefCell;

use html5ever::LocalName;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::attribute_cap::cap_attributes;
use super::tree_builder::Builder;

/// Index of a node in [`Document::nodes`]; nodes are numbered in document order.
pub(super) type NodeId = usize;
/// The node holding the whole page.
pub(super) const ROOT: NodeId = 0;

/// What a page says, as far as recipe import reads it.
pub(super) struct Document {
    /// Element tree; [`ROOT`] first, then every node in document order.
    pub nodes: Vec<Node>,
    /// The text of each `<script type="application/ld+json">`, in document order.
    pub json_ld: Vec<String>,
    /// The first `<title>` outside SVG/MathML, as written (entities decoded).
    pub title: Option<String>,
    /// The first `<meta property="og:title">`'s content.
    pub og_title: Option<String>,
}

/// One node of the tree.
pub(super) enum Node {
    Element(Element),
    Text(String),
}

/// An element with the attributes microdata reads.
pub(super) struct Element {
    pub name: LocalName,
    pub attrs: Vec<(LocalName, String)>,
    pub children: Vec<NodeId>,
}

impl Element {
    /// The value of a kept attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|(_, value)| value.as_str())
    }

    /// True when the element carries the (kept) attribute, with any value.
    pub fn has_attr(&self, name: &str) -> bool {
        self.attr(name).is_some()
    }
}

impl Document {
    /// Reads a page, keeping in the tree only microdata items (elements with `itemscope` and
    /// what they contain); never fails (markup errors are read as browsers read them).
    pub fn page(html: &str) -> Document {
        Self::parse(html, false)
    }

    /// Reads a fragment (a JSON-LD string, say), keeping every element.
    pub fn fragment(html: &str) -> Document {
        Self::parse(html, true)
    }

    fn parse(html: &str, whole: bool) -> Document {
        let html = cap_attributes(html);
        let sink = Sink(RefCell::new(Builder::new(whole)));
        let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
        let input = BufferQueue::default();
        // Tendrils hold at most 4 GiB; feeding in pieces also keeps copies small.
        for piece in pieces(&html, 1 << 20) {
            input.push_back(StrTendril::from_slice(piece));
            let _ = tokenizer.feed(&input);
        }
        tokenizer.end();
        tokenizer.sink.0.into_inner().finish()
    }

    /// The element at `id`, if it is one.
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match self.nodes.get(id) {
            Some(Node::Element(element)) => Some(element),
            _ => None,
        }
    }
}

/// `text` in pieces of at most `size` bytes, split at character boundaries.
fn pieces(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = size.min(rest.len());
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        if end == 0 {
            end = rest.chars().next().map_or(rest.len(), char::len_utf8);
        }
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

struct Sink(RefCell<Builder>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut builder = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => return builder.start(tag),
            Token::TagToken(tag) => builder.end(&tag),
            Token::CharacterTokens(text) => builder.text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The tree as nested `name(children)` with texts quoted, for assertions.
#[cfg(test)]
pub(super) fn outline(doc: &Document, id: NodeId) -> String {
    match &doc.nodes[id] {
        Node::Text(text) => format!("{text:?}"),
        Node::Element(element) => {
            let children: Vec<String> = element
                .children
                .iter()
                .map(|&child| outline(doc, child))
                .collect();
            format!("{}({})", &*element.name, children.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_json_ld_scripts_title_and_og_title() {
        let doc = Document::page(
            r#"<html><head><title>Kimchi &amp; Rice | Blog</title>
            <meta property="og:title" content="Kimchi &amp; Rice">
            <script type=" Application/LD+JSON ">{"a": "<b>"}</script>
            <script type="application/ld+json; charset=utf-8">[1]</script>
            <script type="text/javascript">var x = "</div>";</script>
            <script type="application/json">{}</script>
            </head><body><svg><title>icon</title></svg></body></html>"#,
        );
        assert_eq!(doc.json_ld, [r#"{"a": "<b>"}"#, "[1]"]);
        assert_eq!(doc.title.as_deref(), Some("Kimchi & Rice | Blog"));
        assert_eq!(doc.og_title.as_deref(), Some("Kimchi & Rice"));
    }

    #[test]
    fn pieces_split_at_character_boundaries() {
        let text = "가나다라".repeat(10);
        let joined: String = pieces(&text, 4).collect();
        assert_eq!(joined, text);
        assert!(pieces(&text, 4).all(|piece| piece.len() <= 4 && !piece.is_empty()));
        assert_eq!(pieces(&text, 1).count(), 40);
    }
}
