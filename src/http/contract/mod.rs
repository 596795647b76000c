//! The API contract: the OpenAPI 3.1 document (`openapi`: the shared parts; `security`: the
//! credential schemes; `responses`: response sets operations share), the schemas and parameters
//! built from the domain's input limits (`schemas`, `params`), and where it is served
//! (`docs`: `GET /openapi.json` and the `/docs` page).

mod docs;
mod openapi;
pub mod params;
pub mod responses;
pub mod schemas;
mod security;
mod shared_responses;

pub use docs::{Document, page as docs_page, router};
pub use openapi::{ContractSettings, base};
