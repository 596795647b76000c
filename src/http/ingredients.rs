//! `POST /ingredients/parse`: how recipe-api reads ingredient lines — the quantity, range, unit,
//! food and note of each — without saving anything. No account needed; the editor of the web
//! UI shows with it how each line was understood.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    auth::AuthUser,
    domain::{IngredientLinesInput, parse_ingredients},
    error::ApiError,
    http::{
        extract::ApiJson,
        views::{IngredientItemView, Outcome, SUCCESS},
    },
    ingredients::parse_line,
    state::AppState,
};

/// The ingredient routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(parse_lines))
}

/// `{"result": "success", "items": [item…]}`, one item per line, in order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParsedLines {
    pub result: Outcome,
    /// The lines as understood (`display` is the line as written).
    pub items: Vec<IngredientItemView>,
}

/// Read ingredient lines.
///
/// Each line (trimmed, at most 200 characters, up to 100 lines) is read into a quantity (with
/// the upper end of a range), a unit, the food and a note, in English and Korean ("두부 1모",
/// "간장 2큰술", "1 1/2 cups flour", "salt to taste"). A line of another shape is kept whole
/// as `food`; reading never fails. Nothing is saved.
#[utoipa::path(post, path = "/ingredients/parse", tag = "recipes",
    request_body = IngredientLinesInput,
    security((), ("bearer" = ["read"])),
    responses((status = 200, description = "The lines as understood", body = ParsedLines)))]
async fn parse_lines(
    // No account needed, but a credential that is sent must be valid (as on public reads).
    _user: Option<AuthUser>,
    ApiJson(input): ApiJson<IngredientLinesInput>,
) -> Result<Json<ParsedLines>, ApiError> {
    let lines =
        parse_ingredients(input.lines).map_err(|message| ApiError::field("lines", message))?;
    Ok(Json(ParsedLines {
        result: SUCCESS,
        items: lines
            .iter()
            .map(|line| IngredientItemView::from(parse_line(line)))
            .collect(),
    }))
}
