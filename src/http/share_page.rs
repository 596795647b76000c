//! `/r/{id}`: a recipe's shareable page. The browser UI's page, with the recipe's schema.org
//! JSON-LD in a `<script type="application/ld+json">` and Open Graph / Twitter card tags in
//! its head, so a pasted link shows a preview and search engines read a recipe; then the UI's
//! script draws the page as on every other address.
//!
//! Only a published recipe's page carries anything of it. A draft's page (or a missing
//! recipe's) is the UI's plain page with status 404: its owner's browser still draws the draft
//! through the API, and nobody else learns anything of it. Recipe text is escaped for the HTML
//! attribute it lands in, and the JSON-LD is written so that no text can end its script.

use axum::{
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{
    schema_org::{self, JsonLdRecipe, PublicOrigin},
    ui,
    views::Cooking,
};
use crate::{
    domain::{RecipeId, escape_html as escape},
    error::ApiError,
    state::AppState,
};

/// Longest description in the preview tags, in characters.
const PREVIEW_CHARS: usize = 300;

/// The page of recipe `id`.
pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    origin: PublicOrigin,
) -> Result<Response, ApiError> {
    let found = match RecipeId::parse(&id) {
        Ok(id) => state.store.find_recipe(id).await?,
        Err(_) => None,
    };
    let shell = ui::index_html();
    let Some(recipe) = found.filter(|recipe| recipe.is_publish) else {
        return Ok(html(StatusCode::NOT_FOUND, shell.into_owned()));
    };
    let document = schema_org::of_recipe(&state, &recipe, &origin, Cooking::default()).await?;
    let text = String::from_utf8_lossy(&shell);
    Ok(html(
        StatusCode::OK,
        with_head(&text, &document).into_bytes(),
    ))
}

fn html(status: StatusCode, body: Vec<u8>) -> Response {
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    (status, headers, body).into_response()
}

/// `shell` with the recipe's title, preview tags and JSON-LD in its head.
fn with_head(shell: &str, recipe: &JsonLdRecipe) -> String {
    let title = escape(&recipe.name);
    let description = escape(&preview(recipe));
    let url = escape(&recipe.url);
    let mut head = String::new();
    let mut meta = |attribute: &str, key: &str, value: &str| {
        head.push_str(&format!(
            "  <meta {attribute}=\"{key}\" content=\"{value}\">\n"
        ));
    };
    meta("name", "description", &description);
    meta("property", "og:type", "article");
    meta("property", "og:site_name", "recipe-api");
    meta("property", "og:title", &title);
    meta("property", "og:description", &description);
    meta("property", "og:url", &url);
    let card = match recipe.image.first() {
        Some(image) => {
            meta("property", "og:image", &escape(image));
            meta("name", "twitter:image", &escape(image));
            "summary_large_image"
        }
        None => "summary",
    };
    meta("name", "twitter:card", card);
    meta("name", "twitter:title", &title);
    meta("name", "twitter:description", &description);
    head.push_str(&format!("  <link rel=\"canonical\" href=\"{url}\">\n"));
    head.push_str(&format!(
        "  <script type=\"application/ld+json\">{}</script>\n",
        schema_org::script_safe_json(recipe)
    ));
    let shell = shell.replacen(
        "<title>recipe-api</title>",
        &format!("<title>{title} — recipe-api</title>"),
        1,
    );
    shell.replacen("</head>", &format!("{head}</head>"), 1)
}

/// The preview text: the description, else the first ingredients; one line, shortened.
fn preview(recipe: &JsonLdRecipe) -> String {
    let text = match &recipe.description {
        Some(description) => description.clone(),
        None => recipe.recipe_ingredient.join(", "),
    };
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= PREVIEW_CHARS {
        return line;
    }
    let mut short: String = line.chars().take(PREVIEW_CHARS - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_every_character_that_could_leave_an_attribute() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
