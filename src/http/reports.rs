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
    domain::{CommentId, FieldErrors, RecipeId, UserId, parse_free_text},
    error::{ApiError, ErrorBody},
    http::{
        contract::schemas,
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

/// Longest details, in characters.
const DETAILS_MAX: usize = 1000;

/// Why something is reported.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
enum ReportReason {
    Spam,
    Offensive,
    Copyright,
    Dangerous,
    Other,
}

impl ReportReason {
    /// As stored.
    fn as_str(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Offensive => "offensive",
            ReportReason::Copyright => "copyright",
            ReportReason::Dangerous => "dangerous",
            ReportReason::Other => "other",
        }
    }
}

/// What is wrong.
#[derive(Debug, Deserialize, ToSchema)]
struct ReportInput {
    /// `spam`, `offensive`, `copyright`, `dangerous` or `other`.
    #[schema(value_type = ReportReason, required = true, example = "spam")]
    reason: Option<ReportReason>,
    /// More about it, for the administrators.
    #[schema(schema_with = schemas::report_details)]
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
    let reason = input.reason.map(ReportReason::as_str);
    if reason.is_none() {
        errors.add("reason", "is required");
    }
    let details = match input.details.map(|d| parse_free_text(d, DETAILS_MAX)) {
        None => None,
        Some(Ok(d)) => Some(d.trim().to_owned()).filter(|d| !d.is_empty()),
        Some(Err(message)) => {
            errors.add("details", message);
            None
        }
    };
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
    if !state.store.user_exists(id).await? {
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
