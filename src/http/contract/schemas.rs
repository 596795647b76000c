//! OpenAPI schemas of client input, built from the domain's limits so that the document and the
//! validation cannot drift apart.
//!
//! The rules of `domain::text` become JSON Schema: a *line* is `maxLength` plus [`LINE`] (no
//! control character, at least one character that is not whitespace); *free text* is
//! `maxLength` plus [`NO_NUL`]. Character classes are spelled out as `\uXXXX` ranges, because
//! `\s` differs between regex dialects and `\p{..}` is not in every validator's. The request types
//! of the domain (`RecipeInput`, `RecipePatchInput`, `NewTokenInput`) get their `ToSchema` here,
//! so the domain does not depend on the document.

use std::borrow::Cow;

use serde_json::json;
use utoipa::{
    PartialSchema, ToSchema,
    openapi::{
        ArrayBuilder, ObjectBuilder, RefOr, Schema, SchemaFormat, Type,
        schema::{KnownFormat, SchemaType},
    },
};

use crate::domain::{
    AltInput, CollectionInput, CollectionPatchInput, CommentInput, ImageOrderInput,
    IngredientLinesInput, NewTokenInput, RatingInput, RecipeInput, RecipePatchInput, input_limits,
};

/// Control characters (Unicode `Cc`).
const CONTROL: &str = r"\u0000-\u001f\u007f-\u009f";
/// Whitespace that is not a control character (the rest of Unicode `White_Space`).
const SPACE: &str = r"\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// ASCII punctuation other than the hyphen.
const PUNCTUATION: &str = r"\u0021-\u002c\u002e\u002f\u003a-\u0040\u005b-\u0060\u007b-\u007e";

/// A line: no control character, and something besides whitespace.
pub fn line_pattern() -> String {
    format!("^[^{CONTROL}]*[^{CONTROL}{SPACE}][^{CONTROL}]*$")
}

/// Free text: anything but NUL.
pub const NO_NUL: &str = r"^[^\u0000]*$";

/// A tag as sent: a line without ASCII punctuation other than the hyphen.
pub fn tag_pattern() -> String {
    format!(
        "^[^{CONTROL}{PUNCTUATION}]*[^{CONTROL}{SPACE}{PUNCTUATION}][^{CONTROL}{PUNCTUATION}]*$"
    )
}

/// The characters a tag may have, blank allowed (a tag prefix).
pub fn tag_chars_pattern() -> String {
    format!("^[^{CONTROL}{PUNCTUATION}]*$")
}

fn types(nullable: bool, ty: Type) -> SchemaType {
    if nullable {
        SchemaType::from_iter([ty, Type::Null])
    } else {
        ty.into()
    }
}

/// A line of at most `max` characters.
pub fn line(max: usize, nullable: bool) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(types(nullable, Type::String))
        .max_length(Some(max))
        .pattern(Some(line_pattern()))
}

/// Free text of at most `max` characters.
fn free_text(max: usize, nullable: bool) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(types(nullable, Type::String))
        .max_length(Some(max))
        .pattern(Some(NO_NUL))
}

/// An integer in `min..=max`.
fn integer((min, max): (i64, i64), nullable: bool) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(types(nullable, Type::Integer))
        .minimum(Some(min))
        .maximum(Some(max))
}

/// One tag as sent.
pub fn tag() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(input_limits::TAG_MAX_CHARS))
        .pattern(Some(tag_pattern()))
}

/// A nullable list of at most `max` `items`.
fn list(items: ObjectBuilder, max: usize) -> ArrayBuilder {
    ArrayBuilder::new()
        .schema_type(types(true, Type::Array))
        .items(items)
        .max_items(Some(max))
}

/// A username.
pub fn username() -> Schema {
    line(input_limits::MAX_USERNAME_CHARS, false)
        .description(Some(
            "Display name: a line (no control characters, not blank), stored trimmed",
        ))
        .examples([json!("홍길동")])
        .into()
}

/// An email address at registration.
pub fn email() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(input_limits::EMAIL_MAX_CHARS))
        .description(Some(
            "Email address with a dotted domain; stored in its canonical form (Unicode NFC, \
             lower-cased), which must also be a valid address of at most 254 characters; one \
             account per address",
        ))
        .examples([json!("hong@example.com")])
        .into()
}

/// A new password: its lengths are set from the configured policy when the document is
/// completed.
pub fn new_password() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("password".into())))
        .pattern(Some(NO_NUL))
        .description(Some("New password: any characters but NUL"))
        .examples([json!("correct horse battery")])
        .into()
}

/// A personal access token's name.
pub fn token_name() -> Schema {
    line(input_limits::TOKEN_NAME_MAX, false)
        .description(Some("What the token is for: a line, stored trimmed"))
        .examples([json!("backup script")])
        .into()
}

/// A personal access token's lifetime.
pub fn token_days() -> Schema {
    integer((1, input_limits::TOKEN_MAX_DAYS), true)
        .description(Some("Days until the token expires; null or absent: never"))
        .examples([json!(90)])
        .into()
}

/// The fields of a recipe; `whole` for POST/PUT (name required, lists keep the stored ones
/// when absent), otherwise PATCH (every field optional).
fn recipe_schema(whole: bool) -> ObjectBuilder {
    let (min_servings, max_servings) = input_limits::SERVINGS;
    let builder = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "name",
            line(input_limits::RECIPE_NAME_MAX, false)
                .description(Some(
                    "A line (no control characters, not blank), stored trimmed",
                ))
                .examples([json!("김치찌개")]),
        )
        .property(
            "description",
            free_text(input_limits::DESCRIPTION_MAX, true)
                .description(Some("Free text (no NUL)"))
                .examples([json!("Spicy kimchi stew")]),
        )
        .property(
            "num_of_servings",
            integer((min_servings, max_servings), true)
                .description(Some("People served"))
                .examples([json!(2)]),
        )
        .property(
            "cook_time",
            integer(input_limits::COOK_TIME, true)
                .description(Some("Minutes"))
                .examples([json!(30)]),
        )
        .property(
            "directions",
            free_text(input_limits::DIRECTIONS_MAX, true)
                .description(Some("Free text (no NUL)"))
                .examples([json!(
                    "1. Fry the kimchi. 2. Add water and tofu. 3. Simmer."
                )]),
        )
        .property(
            "ingredients",
            list(
                line(input_limits::INGREDIENT_MAX_CHARS, false),
                input_limits::INGREDIENTS_MAX,
            )
            .description(Some(
                "Ingredient lines in order, each stored trimmed; null or [] removes them all; \
                 absent keeps them as they are",
            ))
            .examples([json!(["kimchi 200g", "pork belly 150g", "tofu 1/2 block"])]),
        )
        .property(
            "tags",
            list(tag(), input_limits::TAGS_PER_RECIPE)
                .description(Some(
                    "Tags, stored in Unicode NFC, lower-cased, with whitespace folded (each at most \
                     40 characters in that form too), duplicates once; null or [] removes them \
                     all; absent keeps them as they are",
                ))
                .examples([json!(["Korean", "stew"])]),
        )
        .property(
            "measure_system",
            ObjectBuilder::new()
                .schema_type(types(true, Type::String))
                .enum_values(Some([
                    json!("metric"),
                    json!("us"),
                    json!("korean"),
                    serde_json::Value::Null,
                ]))
                .description(Some(
                    "Whose spoons and cups the ingredient lines mean: `metric` (cup 250 ml), \
                     `us` (cup 240 ml) or `korean` (컵 200 ml); null: assumed from the lines; \
                     absent keeps it as it is",
                ))
                .examples([json!("korean")]),
        );
    if whole {
        builder.required("name").description(Some(
            "A whole recipe. Optional fields left out become null (ingredients and tags stay \
             as they are). Unknown keys are ignored.",
        ))
    } else {
        builder.description(Some(
            "The fields to change: absent keys stay as they are, null clears an optional field \
             (`name` cannot be null). Unknown keys are ignored.",
        ))
    }
}

impl PartialSchema for RecipeInput {
    fn schema() -> RefOr<Schema> {
        Schema::from(recipe_schema(true)).into()
    }
}

impl ToSchema for RecipeInput {
    fn name() -> Cow<'static, str> {
        "RecipeInput".into()
    }
}

impl PartialSchema for RecipePatchInput {
    fn schema() -> RefOr<Schema> {
        Schema::from(recipe_schema(false)).into()
    }
}

impl ToSchema for RecipePatchInput {
    fn name() -> Cow<'static, str> {
        "RecipePatch".into()
    }
}

impl PartialSchema for IngredientLinesInput {
    fn schema() -> RefOr<Schema> {
        Schema::from(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property(
                    "lines",
                    list(
                        line(input_limits::INGREDIENT_MAX_CHARS, false),
                        input_limits::INGREDIENTS_MAX,
                    )
                    .schema_type(Type::Array)
                    .description(Some(
                        "Ingredient lines, each read trimmed (as a recipe's are stored)",
                    ))
                    .examples([json!([
                        "두부 1모",
                        "간장 2큰술",
                        "1 1/2 cups flour"
                    ])]),
                )
                .required("lines")
                .description(Some("Lines to read. Unknown keys are ignored.")),
        )
        .into()
    }
}

impl ToSchema for IngredientLinesInput {
    fn name() -> Cow<'static, str> {
        "IngredientLinesInput".into()
    }
}

impl PartialSchema for AltInput {
    fn schema() -> RefOr<Schema> {
        let alt = ObjectBuilder::new()
            .schema_type(types(true, Type::String))
            .max_length(Some(input_limits::ALT_MAX))
            .pattern(Some(format!(r"^[^{CONTROL}]*$")))
            .description(Some(
                "Text describing the photo: one line, stored trimmed; null or blank removes it",
            ))
            .examples([json!("A bowl of kimchi stew")]);
        Schema::from(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property("alt", alt),
        )
        .into()
    }
}

impl ToSchema for AltInput {
    fn name() -> Cow<'static, str> {
        "PhotoAlt".into()
    }
}

impl PartialSchema for ImageOrderInput {
    fn schema() -> RefOr<Schema> {
        let ids = ArrayBuilder::new()
            .schema_type(Type::Array)
            .items(integer((1, i64::MAX), false))
            .max_items(Some(input_limits::GALLERY_MAX))
            .unique_items(true)
            .description(Some(
                "Every photo of the gallery, by id, each once, first to last (409 \
                 `gallery_changed` if these are not the gallery's photos)",
            ))
            .examples([json!([3, 1, 2])]);
        Schema::from(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property("order", ids)
                .required("order"),
        )
        .into()
    }
}

impl ToSchema for ImageOrderInput {
    fn name() -> Cow<'static, str> {
        "PhotoOrder".into()
    }
}

/// A collection's fields; `required` for a new one.
fn collection_schema(required: bool) -> RefOr<Schema> {
    // A new collection takes null as "the default"; a change cannot set it to null.
    let mut visibilities = vec![json!("public"), json!("unlisted"), json!("private")];
    if required {
        visibilities.push(json!(null));
    }
    let visibility = ObjectBuilder::new()
        .schema_type(types(required, Type::String))
        .enum_values(Some(visibilities))
        .description(Some(
            "`public` (on your profile, anyone reads it), `unlisted` (whoever has its share \
             link) or `private` (you alone; the default of a new collection, also when null)",
        ));
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "name",
            line(input_limits::COLLECTION_NAME_MAX, false)
                .description(Some("A line, stored trimmed"))
                .examples([json!("Weeknight dinners")]),
        )
        .property(
            "description",
            free_text(input_limits::COLLECTION_DESCRIPTION_MAX, true)
                .description(Some("Free text; null or blank removes it")),
        )
        .property("visibility", visibility);
    if required {
        object = object.required("name");
    } else {
        object = object.property(
            "new_share_key",
            ObjectBuilder::new()
                .schema_type(types(true, Type::Boolean))
                .description(Some(
                    "`true` gives the collection a new share key: every link given out stops \
                     working (`false` or null: it keeps its key)",
                )),
        );
    }
    Schema::from(object).into()
}

impl PartialSchema for CollectionInput {
    fn schema() -> RefOr<Schema> {
        collection_schema(true)
    }
}

impl ToSchema for CollectionInput {
    fn name() -> Cow<'static, str> {
        "CollectionInput".into()
    }
}

impl PartialSchema for CollectionPatchInput {
    fn schema() -> RefOr<Schema> {
        collection_schema(false)
    }
}

impl ToSchema for CollectionPatchInput {
    fn name() -> Cow<'static, str> {
        "CollectionPatch".into()
    }
}

impl PartialSchema for RatingInput {
    fn schema() -> RefOr<Schema> {
        Schema::from(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property(
                    "stars",
                    integer(input_limits::STARS, false)
                        .description(Some("Your stars, 1 to 5"))
                        .examples([json!(4)]),
                )
                .required("stars"),
        )
        .into()
    }
}

impl ToSchema for RatingInput {
    fn name() -> Cow<'static, str> {
        "RatingInput".into()
    }
}

impl PartialSchema for CommentInput {
    fn schema() -> RefOr<Schema> {
        // Control characters other than tab and line breaks.
        let control = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f";
        let body = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(input_limits::COMMENT_MAX_CHARS))
            .pattern(Some(format!(
                "^[^{control}]*[^{CONTROL}{SPACE}][^{control}]*$"
            )))
            .description(Some(
                "Plain text (shown as text, never as HTML): line breaks allowed, no other \
                 control characters, not only whitespace; kept as written",
            ))
            .examples([json!("맛있어요! 두부를 더 넣었어요.")]);
        Schema::from(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property("body", body)
                .required("body"),
        )
        .into()
    }
}

impl ToSchema for CommentInput {
    fn name() -> Cow<'static, str> {
        "CommentInput".into()
    }
}

impl PartialSchema for NewTokenInput {
    fn schema() -> RefOr<Schema> {
        Schema::from(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property("name", token_name())
                .property(
                    "scope",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(["read", "write"]))
                        .description(Some(
                            "`read`: GET requests only; `write`: any request except managing \
                             credentials",
                        )),
                )
                .property("expires_in_days", token_days())
                .required("name")
                .required("scope")
                .description(Some(
                    "A new personal access token. Unknown keys are ignored.",
                )),
        )
        .into()
    }
}

impl ToSchema for NewTokenInput {
    fn name() -> Cow<'static, str> {
        "NewToken".into()
    }
}

/// An optional note for the moderation record (a reason, a resolution): free text.
pub fn moderation_note() -> Schema {
    free_text(500, true)
        .description(Some(
            "Free text (no NUL), at most 500 characters; blank means none",
        ))
        .into()
}

/// Why a recipe is hidden: a line its owner is shown.
pub fn hide_reason() -> Schema {
    line(500, false)
        .description(Some(
            "A line (no control characters, not blank), shown to the owner",
        ))
        .examples([json!("Copied from a cookbook without permission")])
        .into()
}

/// A report's details: free text.
pub fn report_details() -> Schema {
    free_text(1000, true)
        .description(Some(
            "More about it, for the administrators (no NUL, at most 1000 characters)",
        ))
        .into()
}

/// An invitation's note for administrators: free text.
pub fn invite_note() -> Schema {
    free_text(200, true)
        .description(Some("Who it is for (no NUL, at most 200 characters)"))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The characters of a class body written as `\uXXXX` and `\uXXXX-\uXXXX`.
    fn class(body: &str) -> Vec<char> {
        let codes: Vec<u32> = body
            .split(r"\u")
            .filter(|part| !part.is_empty())
            .map(|part| u32::from_str_radix(&part[..4], 16).unwrap())
            .collect();
        let mut out = Vec::new();
        let mut index = 0;
        let mut pieces = body.split(r"\u").filter(|part| !part.is_empty());
        while index < codes.len() {
            let piece = pieces.next().unwrap();
            if piece.ends_with('-') {
                out.extend((codes[index]..=codes[index + 1]).filter_map(char::from_u32));
                pieces.next();
                index += 2;
            } else {
                out.extend(char::from_u32(codes[index]));
                index += 1;
            }
        }
        out
    }

    fn all_chars(keep: fn(&char) -> bool) -> Vec<char> {
        (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(keep)
            .collect()
    }

    #[test]
    fn the_classes_are_the_characters_the_domain_checks() {
        assert_eq!(class(CONTROL), all_chars(|c| c.is_control()));
        assert_eq!(
            class(PUNCTUATION),
            all_chars(|c| c.is_ascii_punctuation() && *c != '-')
        );
        assert_eq!(
            class(SPACE),
            all_chars(|c| c.is_whitespace() && !c.is_control())
        );
    }
}
