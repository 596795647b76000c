//! The element tree of a page, built from html5ever's tokens with the few HTML rules that text
//! and microdata depend on, each bounded so that any page costs linear time:
//!
//! - at most [`MAX_DEPTH`] open elements; a start tag beyond that is a childless element;
//! - an end tag closes the nearest open element of its name among the top [`WINDOW`] open
//!   elements, and is ignored otherwise;
//! - `<li>`, `<dt>`/`<dd>`, `<tr>`, `<td>`/`<th>`, `<option>` and block starts close an open
//!   element they imply closed (an unclosed `<li>` or `<p>`), searching the same window, and
//!   only when one such element is open at all;
//! - void elements and self-closing tags in SVG/MathML have no content;
//! - the content of `script`, `style`, `textarea`, `noscript` and their kin is raw text, not in
//!   the tree: `application/ld+json` scripts and the first `<title>` are collected, the rest
//!   dropped;
//! - in a page, only microdata items (an element with `itemscope` and everything in it) are
//!   kept, with only the attributes microdata reads; the rest is followed only for its
//!   nesting.

use html5ever::LocalName;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TokenSinkResult};

use super::document::{Document, Element, Node, NodeId, ROOT};

/// Most open elements; deeper start tags become childless.
pub(super) const MAX_DEPTH: usize = 256;
/// How far down the open elements an end tag (or an implied end) looks for its element.
pub(super) const WINDOW: usize = 64;

/// Attributes kept on elements: the ones microdata reads.
const KEPT_ATTRIBUTES: [&str; 7] = [
    "itemscope",
    "itemtype",
    "itemprop",
    "content",
    "datetime",
    "src",
    "href",
];

/// Elements that never have content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "frame"
    )
}

/// Start tags that close an open `<p>` (HTML's "close a p element").
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
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
            | "dd"
            | "dt"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
    )
}

/// The elements the implied-end rules name, as bits, so that the rules compare integers and
/// count what is open rather than compare names.
mod kind {
    pub const OTHER: u32 = 0;
    pub const P: u32 = 1 << 0;
    pub const LI: u32 = 1 << 1;
    pub const DT: u32 = 1 << 2;
    pub const DD: u32 = 1 << 3;
    pub const TR: u32 = 1 << 4;
    pub const CELL: u32 = 1 << 5;
    pub const OPTION: u32 = 1 << 6;
    pub const LIST: u32 = 1 << 7;
    pub const DL: u32 = 1 << 8;
    pub const TABLE: u32 = 1 << 9;
    pub const TABLE_SECTION: u32 = 1 << 10;
    pub const SELECT: u32 = 1 << 11;
    /// Elements an open `<p>` is not closed across (HTML's button scope).
    pub const P_SCOPE: u32 = 1 << 12;
    pub const FOREIGN: u32 = 1 << 13;
    pub const COUNT: usize = 14;

    pub fn of(name: &str) -> u32 {
        match name {
            "p" => P,
            "li" => LI,
            "dt" => DT,
            "dd" => DD,
            "tr" => TR,
            "td" | "th" => CELL,
            "option" => OPTION,
            "ul" | "ol" | "menu" => LIST,
            "dl" => DL,
            "table" => TABLE,
            "tbody" | "thead" | "tfoot" => TABLE_SECTION,
            "select" | "datalist" => SELECT,
            "button" | "caption" | "template" | "object" | "marquee" | "applet" => P_SCOPE,
            "svg" | "math" => FOREIGN,
            _ => OTHER,
        }
    }

    pub fn index(kind: u32) -> Option<usize> {
        (kind != OTHER).then(|| kind.trailing_zeros() as usize)
    }
}

/// Where raw text (the content of a `script`, `title`, …) goes.
enum Capture {
    /// Not in raw text.
    None,
    JsonLd(String),
    Title(String),
    /// Raw text nobody reads.
    Skip,
}

pub(super) struct Builder {
    doc: Document,
    /// Open elements, [`ROOT`] first.
    open: Vec<Open>,
    /// How many elements of each kind are open.
    open_kinds: [usize; kind::COUNT],
    /// Keep every element, not only those in microdata items.
    whole: bool,
    /// Open elements with `itemscope`.
    open_items: usize,
    capture: Capture,
}

/// An open element.
struct Open {
    /// Its node, when it is kept in the tree.
    id: Option<NodeId>,
    name: LocalName,
    kind: u32,
    item: bool,
}

impl Builder {
    pub(super) fn new(whole: bool) -> Self {
        let root = Element {
            name: LocalName::from(""),
            attrs: Vec::new(),
            children: Vec::new(),
        };
        Builder {
            doc: Document {
                nodes: vec![Node::Element(root)],
                json_ld: Vec::new(),
                title: None,
                og_title: None,
            },
            open: vec![Open {
                // A page's text outside items is not kept, not even at the top.
                id: whole.then_some(ROOT),
                name: LocalName::from(""),
                kind: kind::OTHER,
                item: false,
            }],
            open_kinds: [0; kind::COUNT],
            whole,
            open_items: 0,
            capture: Capture::None,
        }
    }

    pub(super) fn start(&mut self, tag: Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if let Some(kind) = raw_text_kind(name) {
            self.capture = match name {
                "script" if is_json_ld(&tag) => Capture::JsonLd(String::new()),
                "title" if self.doc.title.is_none() && !self.in_foreign() => {
                    Capture::Title(String::new())
                }
                _ => Capture::Skip,
            };
            return TokenSinkResult::RawData(kind);
        }
        if name == "meta" && self.doc.og_title.is_none() {
            let names_og_title = ["property", "name"].iter().any(|key| {
                attr(&tag, key).is_some_and(|v| v.trim().eq_ignore_ascii_case("og:title"))
            });
            if names_og_title {
                self.doc.og_title = attr(&tag, "content").map(str::to_owned);
            }
        }
        self.close_implied(name);
        let item = attr(&tag, "itemscope").is_some();
        // Outside microdata items a page's elements matter only for their nesting.
        let id = (self.whole || self.open_items > 0 || item).then(|| {
            let attrs = tag
                .attrs
                .iter()
                .filter(|attr| KEPT_ATTRIBUTES.contains(&&*attr.name.local))
                .map(|attr| (attr.name.local.clone(), attr.value.to_string()))
                .collect();
            self.append(Node::Element(Element {
                name: tag.name.clone(),
                attrs,
                children: Vec::new(),
            }))
        });
        let kind = kind::of(name);
        let childless = is_void(name)
            || (tag.self_closing && (self.in_foreign() || kind == kind::FOREIGN))
            || self.open.len() >= MAX_DEPTH;
        if !childless {
            if let Some(index) = kind::index(kind) {
                self.open_kinds[index] += 1;
            }
            self.open_items += usize::from(item);
            self.open.push(Open {
                id,
                name: tag.name.clone(),
                kind,
                item,
            });
        }
        if name == "plaintext" {
            return TokenSinkResult::Plaintext;
        }
        TokenSinkResult::Continue
    }

    pub(super) fn end(&mut self, tag: &Tag) {
        match std::mem::replace(&mut self.capture, Capture::None) {
            Capture::JsonLd(text) => return self.doc.json_ld.push(text),
            Capture::Title(text) => {
                self.doc.title = Some(text);
                return;
            }
            Capture::Skip => return,
            Capture::None => {}
        }
        let at = (1..self.open.len())
            .rev()
            .take(WINDOW)
            .find(|&at| self.open[at].name == tag.name);
        if let Some(at) = at {
            self.pop_to(at);
        }
    }

    pub(super) fn text(&mut self, text: &str) {
        match &mut self.capture {
            Capture::JsonLd(buffer) | Capture::Title(buffer) => return buffer.push_str(text),
            Capture::Skip => return,
            Capture::None => {}
        }
        let Some(parent) = self.current() else {
            return;
        };
        let last_child = match &self.doc.nodes[parent] {
            Node::Element(element) => element.children.last().copied(),
            Node::Text(_) => None,
        };
        if let Some(Node::Text(existing)) = last_child.map(|id| &mut self.doc.nodes[id]) {
            existing.push_str(text);
        } else {
            self.append(Node::Text(text.to_owned()));
        }
    }

    /// Adds `node` as the last child of the current element.
    fn append(&mut self, node: Node) -> NodeId {
        let id = self.doc.nodes.len();
        self.doc.nodes.push(node);
        let parent = self.current().unwrap_or(ROOT);
        if let Node::Element(element) = &mut self.doc.nodes[parent] {
            element.children.push(id);
        }
        id
    }

    /// The element new nodes go into, if it is kept.
    fn current(&self) -> Option<NodeId> {
        self.open.last().and_then(|open| open.id)
    }

    fn in_foreign(&self) -> bool {
        kind::index(kind::FOREIGN).is_some_and(|index| self.open_kinds[index] > 0)
    }

    /// Closes what a start tag named `name` implies closed.
    fn close_implied(&mut self, name: &str) {
        use kind::*;
        let implied = match name {
            "li" => Some((LI, LIST)),
            "dt" | "dd" => Some((DT | DD, DL)),
            "tr" => Some((TR, TABLE | TABLE_SECTION)),
            "td" | "th" => Some((CELL, TR | TABLE)),
            "option" => Some((OPTION, SELECT)),
            _ => None,
        };
        if let Some((targets, boundaries)) = implied {
            self.close_open(targets, boundaries);
        }
        if closes_p(name) {
            self.close_open(P, P_SCOPE | TABLE | CELL | FOREIGN);
        }
    }

    /// Closes the nearest open element of a kind in `targets`, looking down at most [`WINDOW`]
    /// elements and not past one of a kind in `boundaries`.
    fn close_open(&mut self, targets: u32, boundaries: u32) {
        let any_open =
            (0..kind::COUNT).any(|index| targets & (1 << index) != 0 && self.open_kinds[index] > 0);
        if !any_open {
            return;
        }
        for at in (1..self.open.len()).rev().take(WINDOW) {
            let kind = self.open[at].kind;
            if kind & targets != 0 {
                return self.pop_to(at);
            }
            if kind & boundaries != 0 {
                return;
            }
        }
    }

    /// Closes the open element at position `at` and every element opened after it.
    fn pop_to(&mut self, at: usize) {
        for open in self.open.drain(at..) {
            if let Some(index) = kind::index(open.kind) {
                self.open_kinds[index] -= 1;
            }
            self.open_items -= usize::from(open.item);
        }
    }

    pub(super) fn finish(mut self) -> Document {
        // A script or title left open at the end of the page still counts.
        match std::mem::replace(&mut self.capture, Capture::None) {
            Capture::JsonLd(text) => self.doc.json_ld.push(text),
            Capture::Title(text) => self.doc.title = Some(text),
            Capture::Skip | Capture::None => {}
        }
        self.doc
    }
}

/// How the tokenizer reads the content of a start tag named `name`, if not as markup.
fn raw_text_kind(name: &str) -> Option<RawKind> {
    match name {
        "script" => Some(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(RawKind::Rawtext),
        "title" | "textarea" => Some(RawKind::Rcdata),
        _ => None,
    }
}

fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|attr| &*attr.name.local == name)
        .map(|attr| &*attr.value)
}

/// `type="application/ld+json"`, in any case, with whitespace or parameters around it.
fn is_json_ld(tag: &Tag) -> bool {
    attr(tag, "type").is_some_and(|value| {
        let media_type = value.split(';').next().unwrap_or_default().trim();
        media_type.eq_ignore_ascii_case("application/ld+json")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe_import::document::outline;

    #[test]
    fn builds_a_tree_with_html_implied_ends() {
        let doc = Document::fragment("<ul><li>a<li>b</ul><p>x<p>y<div>z</div><br>w");
        assert_eq!(
            outline(&doc, ROOT),
            r#"(ul(li("a") li("b")) p("x") p("y") div("z") br() "w")"#
        );
        let doc = Document::fragment("<table><tr><td>1<td>2<tr><td>3</table>");
        assert_eq!(
            outline(&doc, ROOT),
            r#"(table(tr(td("1") td("2")) tr(td("3"))))"#
        );
    }

    #[test]
    fn stray_end_tags_are_ignored_and_scripts_styles_left_out() {
        let doc =
            Document::fragment("<div>a</span></p>b<style>p{}</style><script>x<y</script></div>c");
        assert_eq!(outline(&doc, ROOT), r#"(div("ab") "c")"#);
    }

    #[test]
    fn keeps_only_the_attributes_microdata_reads() {
        let doc = Document::fragment(r#"<div class="x" itemscope itemprop="a b" onclick="y">"#);
        let element = doc.element(1).unwrap();
        assert_eq!(element.attr("itemprop"), Some("a b"));
        assert!(element.has_attr("itemscope"));
        assert_eq!(element.attr("class"), None);
    }

    #[test]
    fn nesting_is_bounded() {
        let doc = Document::fragment(&"<div>".repeat(MAX_DEPTH * 3));
        let mut depth = 0;
        let mut id = ROOT;
        while let Some(&child) = doc.element(id).and_then(|e| e.children.first()) {
            depth += 1;
            id = child;
        }
        assert_eq!(depth, MAX_DEPTH);
        assert_eq!(doc.nodes.len(), MAX_DEPTH * 3 + 1);
    }

    #[test]
    fn self_closing_counts_only_in_svg_and_for_void_elements() {
        let doc = Document::fragment("<svg><path/><g/></svg><span/>x<img>y");
        assert_eq!(
            outline(&doc, ROOT),
            r#"(svg(path() g()) span("x" img() "y"))"#
        );
    }

    #[test]
    fn a_page_keeps_only_microdata_items_in_its_tree() {
        let doc = Document::page(
            r#"<html><body><div><p>skipped</p>
            <section itemscope><b itemprop="name">kept</b><ul><li>a<li>b</ul></section>
            <p>skipped <img src="x.png"></p></div></body></html>"#,
        );
        assert_eq!(
            outline(&doc, ROOT),
            r#"(section(b("kept") ul(li("a") li("b"))))"#
        );
        // Nesting is still followed: the item ends with its element.
        let doc = Document::page("<div itemscope><div>a</div>b</div>c<div itemscope>d</div>");
        assert_eq!(outline(&doc, ROOT), r#"(div(div("a") "b") div("d"))"#);
    }
}
