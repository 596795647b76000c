//! The black-box suite: every test starts a real server on port 0 with a fresh database and
//! talks to it over HTTP, as a client would.

mod backends;
mod browser;

mod auth_matrix;
mod bad_input;
mod browser_smoke;
mod copy;
mod crash;
mod cursors;
mod data_files;
mod db_outage;
mod drafts;
mod filters;
mod generate;
mod health;
mod helpers;
mod instances;
mod legacy;
mod logs;
mod memory;
mod metrics;
mod openapi;
mod outage;
mod process;
mod profile;
mod proxy;
mod publish;
mod races;
mod rate_limits;
mod recipes;
mod restart;
mod robustness;
mod search;
mod session_cookie;
mod sessions;
mod slow_clients;
mod tokens;
mod ui;
mod ui_flows;
mod users;
mod versions;
