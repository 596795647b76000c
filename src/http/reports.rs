//! Users' reports to the administrators: `POST /recipes/{id}/report`, `POST /users/{id}/report`
//! and `POST /comments/{id}/report`, each with a reason. Only what the reporter can see can be
//! reported; reporting the same thing again while the first report is open answers that report.

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    auth::AuthUser,
    domain::{CommentId, FieldErrors, RecipeId, UserId},
    error::{ApiError, ErrorBody},
    http::{
        extract::{ApiJson, IdPath},
        views::{Outcome, SUCCESS, timestamp},
    },
    state::AppState,
    store::{Filed, Report, ReportTarget},
};

/// The report routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_recipe))
        .routes(routes!(report_user))
        .routes(routes!(report_comment))
}

/// The reasons a report may give.
const REASONS: [&str; 5] = ["spam", "offensive", "copyright", "dangerous", "other"];
/// Longest details, in characters.
const DETAILS_MAX: usize = 1000;

/// What is wrong.
#[derive(Debug, Deserialize, ToSchema)]
struct ReportInput {
    /// `spam`, `offensive`, `copyright`, `dangerous` or `other`.
    #[schema(required = true, example = "spam")]
    reason: Option<String>,
    /// More about it, for the administrators.
    #[schema(max_length = 1000)]
    details: Option<String>,
}

/// A report, as its reporter sees it.
#[derive(Debug, Serialize, ToSchema)]
struct FiledReport {
    #[schema(minimum = 1)]
    id: i64,
    /// `recipe`, `user` or `comment`.
    target_type: String,
    target_id: i64,
    reason: String,
    /// `open` until an administrator resolves it.
    status: String,
    #[schema(format = DateTime)]
    created_at: String,
}

/// `{"result": "success", "report": report}`.
#[derive(Debug, Serialize, ToSchema)]
struct FiledEnvelope {
    result: Outcome,
    report: FiledReport,
}

fn filed_view(report: Report) -> FiledEnvelope {
    FiledEnvelope {
        result: SUCCESS,
        report: FiledReport {
            id: report.id.get(),
            target_type: report.target_kind,
            target_id: report.target_id,
            reason: report.reason,
            status: report.status,
            created_at: timestamp(report.created_at),
        },
    }
}

/// Validates `input` and files the report.
async fn file(
    state: &AppState,
    user: &AuthUser,
    target: ReportTarget,
    input: ReportInput,
) -> Result<Response, ApiError> {
    let mut errors = FieldErrors::new();
    let reason = match input.reason.as_deref() {
        Some(reason) if REASONS.contains(&reason) => Some(reason),
        Some(_) => {
            errors.add("reason", format!("must be one of {}", REASONS.join(", ")));
            None
        }
        None => {
            errors.add("reason", "is required");
            None
        }
    };
    let details = input
        .details
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty());
    if details.as_ref().is_some_and(|d| {
        d.chars().count() > DETAILS_MAX
            || d.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
    }) {
        errors.add(
            "details",
            format!("must be at most {DETAILS_MAX} characters, without control characters"),
        );
    }
    let Some(reason) = reason.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let filed = state
        .store
        .file_report(user.user_id, target, reason, details.as_deref())
        .await?;
    Ok(match filed {
        Filed::New(report) => (StatusCode::CREATED, Json(filed_view(report))).into_response(),
        Filed::AlreadyOpen(report) => Json(filed_view(report)).into_response(),
    })
}

/// Report a recipe to the administrators.
#[utoipa::path(post, path = "/recipes/{id}/report", tag = "reports",
    params(IdPath<RecipeId>),
    request_body = ReportInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 201, description = "Reported", body = FiledEnvelope),
        (status = 200, description = "Your open report about it", body = FiledEnvelope),
        (status = 404, description = "No such recipe (or a draft of someone else)", body = ErrorBody),
    ))]
async fn report_recipe(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<RecipeId>,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<Response, ApiError> {
    if !state.store.recipe_visible(Some(user.user_id), id).await? {
        return Err(ApiError::NotFound("recipe not found"));
    }
    file(&state, &user, ReportTarget::Recipe(id.get()), input).await
}

/// Report a user to the administrators.
#[utoipa::path(post, path = "/users/{id}/report", tag = "reports",
    params(IdPath<UserId>),
    request_body = ReportInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 201, description = "Reported", body = FiledEnvelope),
        (status = 200, description = "Your open report about them", body = FiledEnvelope),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
async fn report_user(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<UserId>,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<Response, ApiError> {
    if !state.store.account_exists(id).await? {
        return Err(ApiError::NotFound("user not found"));
    }
    file(&state, &user, ReportTarget::User(id.get()), input).await
}

/// Report a comment to the administrators.
#[utoipa::path(post, path = "/comments/{id}/report", tag = "reports",
    params(IdPath<CommentId>),
    request_body = ReportInput,
    security(("bearer" = ["write"])),
    responses(
        (status = 201, description = "Reported", body = FiledEnvelope),
        (status = 200, description = "Your open report about it", body = FiledEnvelope),
        (status = 404, description = "No such comment (or one on a recipe you cannot see)", body = ErrorBody),
    ))]
async fn report_comment(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath<CommentId>,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<Response, ApiError> {
    let not_found = ApiError::NotFound("comment not found");
    let Some(recipe) = state.store.comment_recipe(id.get()).await? else {
        return Err(not_found);
    };
    if !state
        .store
        .recipe_visible(Some(user.user_id), RecipeId::stored(recipe))
        .await?
    {
        return Err(not_found);
    }
    file(&state, &user, ReportTarget::Comment(id.get()), input).await
}
