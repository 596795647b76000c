//! OpenAPI descriptions of the parameters, built from the domain's rules: the `{id}` of a path
//! (`domain::ids`), the list parameters of the recipe lists (parsed by `domain::listing`),
//! paging (`domain::page`), the `visibility` of `GET /recipes/me` and the tag prefix of
//! `GET /tags`.

use serde_json::json;
use utoipa::{
    IntoParams,
    openapi::{
        ArrayBuilder, ObjectBuilder, Type,
        path::{Parameter, ParameterBuilder, ParameterIn, ParameterStyle},
    },
};

use super::schemas;
use crate::domain::{PathId, input_limits};
use crate::http::extract::{
    CollectionRecipePath, CookingQuery, CursorQuery, IdPath, ImagePath, ListParams,
    OwnRecipesQuery, PageQuery, ShareKeyQuery, SuggestQuery, TagPrefix,
};

fn query(name: &str, description: &str, schema: impl Into<utoipa::openapi::Schema>) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .description(Some(description))
        .schema(Some(schema.into()))
        .build()
}

fn integer(min: i64, max: i64) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min))
        .maximum(Some(max))
}

fn one_of(values: &[&str]) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
}

impl<T: PathId> IntoParams for IdPath<T> {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            ParameterBuilder::new()
                .name("id")
                .parameter_in(ParameterIn::Path)
                .required(utoipa::openapi::Required::True)
                .description(Some(format!("The {} id", T::WHAT)))
                .schema(Some(integer(1, i64::MAX)))
                .build(),
        ]
    }
}

impl IntoParams for ImagePath {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        path_ids(&[("id", "The recipe id"), ("image_id", "The photo id")])
    }
}

/// Positive integer path segments, by `(name, description)`.
fn path_ids(ids: &[(&str, &str)]) -> Vec<Parameter> {
    ids.iter()
        .map(|&(name, description)| {
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(utoipa::openapi::Required::True)
                .description(Some(description))
                .schema(Some(integer(1, i64::MAX)))
                .build()
        })
        .collect()
}

impl IntoParams for CollectionRecipePath {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        path_ids(&[("id", "The collection id"), ("recipe_id", "The recipe id")])
    }
}

impl IntoParams for SuggestQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![query(
            "q",
            "What has been typed into a search box, read like the `q` of `GET /recipes`: the \
             last word (unless a separator follows it) is completed, the earlier ones are \
             whole words. Absent or without a letter or digit: no suggestions.",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(input_limits::QUERY_MAX_CHARS))
                .examples([json!("chicken ti")]),
        )]
    }
}

impl IntoParams for ShareKeyQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![query(
            "key",
            "An unlisted collection's share key (the owner's `share_key`); without the right \
             one an unlisted collection is 404 (any other value opens nothing)",
            ObjectBuilder::new().schema_type(Type::String),
        )]
    }
}

impl IntoParams for PageQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            query(
                "limit",
                &format!(
                    "Items per page (default 25); values above {} are treated as {}",
                    input_limits::MAX_LIMIT,
                    input_limits::MAX_LIMIT
                ),
                integer(0, i64::MAX).examples([json!(25)]),
            ),
            query("offset", "Items to skip (default 0)", integer(0, i64::MAX)),
        ]
    }
}

impl IntoParams for CursorQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![query(
            "cursor",
            "The `next_cursor` of the previous page: continues that list after it; `offset` \
             is then ignored. Opaque and signed: any other value is 400.",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(input_limits::CURSOR_MAX_LEN)),
        )]
    }
}

impl IntoParams for ListParams {
    fn into_params(parameter_in: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let (min_servings, max_servings) = input_limits::SERVINGS;
        let (_, max_cook_time) = input_limits::COOK_TIME;
        let mut params = vec![
            query(
                "q",
                "Full-text search over name, description, ingredients and directions, read as \
                 typed so far: every word must match; the last word, unless a space or other \
                 separator follows it, matches as a word prefix, the earlier ones as whole \
                 words. Korean, Chinese and Japanese words match inside compounds. Only the \
                 first 10 distinct words count; a q without a letter or digit is no search.",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(input_limits::QUERY_MAX_CHARS))
                    .examples([json!("kimchi stew")]),
            ),
            ParameterBuilder::new()
                .name("tag")
                .parameter_in(ParameterIn::Query)
                .description(Some(
                    "Repeatable: only recipes carrying every given tag (compared normalised)",
                ))
                .schema(Some(
                    ArrayBuilder::new()
                        .items(schemas::tag())
                        .max_items(Some(input_limits::TAGS_PER_RECIPE)),
                ))
                .style(Some(ParameterStyle::Form))
                .explode(Some(true))
                .build(),
            ParameterBuilder::new()
                .name("ingredient")
                .parameter_in(ParameterIn::Query)
                .description(Some(
                    "Repeatable: only recipes whose ingredient lines name every given food \
                     (compared normalised: case, plurals and spacing do not matter; a word of a \
                     food matches, so `마늘` finds `다진 마늘 1작은술`)",
                ))
                .schema(Some(
                    ArrayBuilder::new()
                        .items(
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .min_length(Some(1))
                                .max_length(Some(input_limits::FOOD_TERM_MAX_CHARS))
                                .pattern(Some(r"\S"))
                                .examples([json!("두부")]),
                        )
                        .max_items(Some(input_limits::INGREDIENT_FILTERS_MAX)),
                ))
                .style(Some(ParameterStyle::Form))
                .explode(Some(true))
                .build(),
            query(
                "user_id",
                "Only this author's recipes",
                integer(1, i64::MAX),
            ),
            query(
                "max_cook_time",
                "At most this many minutes (recipes without a cook time are left out)",
                integer(0, max_cook_time),
            ),
            query(
                "min_servings",
                "At least this many servings",
                integer(min_servings, max_servings),
            ),
            query(
                "max_servings",
                "At most this many servings",
                integer(min_servings, max_servings),
            ),
            query(
                "sort",
                "`newest` (default without q), `oldest`, `cook_time` (quickest first, unknown \
                 last), `name`, `relevance` (default with q: best matches among the most recent \
                 matches first; without q it is `newest`), `popular` (most favourites first), \
                 `rating` (highest Bayesian average first: (5 × 3 + sum of stars) / (5 + number \
                 of ratings), so a recipe starts at 3 stars and moves toward its real average \
                 as ratings come in). `popular` and `rating` pages that follow a cursor keep \
                 the order of the first page, whatever votes came since: no recipe is listed \
                 twice or skipped; such a cursor lasts 6 hours.",
                one_of(&[
                    "newest",
                    "oldest",
                    "cook_time",
                    "name",
                    "relevance",
                    "popular",
                    "rating",
                ]),
            ),
            query(
                "cursor",
                "The `next_cursor` of the previous page: continues that list (same query) \
                 after it; `offset` is then ignored. Opaque and signed: any other value is 400.",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(input_limits::CURSOR_MAX_LEN)),
            ),
        ];
        params.extend(PageQuery::into_params(parameter_in));
        params
    }
}

impl IntoParams for CookingQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let (min, max) = input_limits::SERVINGS;
        vec![
            query(
                "servings",
                "The recipe for this many servings: `num_of_servings` becomes this, \
                 `scaled_from` the servings it is written for, and every ingredient with an \
                 amount is scaled (`display` written the way cooks write amounts). A recipe \
                 without `num_of_servings` answers 422 `servings_unknown`.",
                integer(min, max).examples([json!(4)]),
            ),
            query(
                "units",
                "`original` (default: as written), `metric` (ml and L, g and kg) or `us` (US \
                 cups and spoons, oz and lb). Volumes convert to volumes and weights to weights \
                 (never one into the other); counts never convert. Spoons and cups are read in \
                 the recipe's `measure_system`.",
                one_of(&["original", "metric", "us"]),
            ),
        ]
    }
}

impl IntoParams for OwnRecipesQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![query(
            "visibility",
            "`all` (default), `published` or `draft`",
            one_of(&["all", "published", "draft"]),
        )]
    }
}

impl IntoParams for TagPrefix {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![query(
            "q",
            "Only tags starting with this (normalised like a tag); blank: every tag",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(input_limits::TAG_MAX_CHARS))
                .pattern(Some(schemas::tag_chars_pattern())),
        )]
    }
}
