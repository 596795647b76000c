//! A small builder for hand-written SQL: text plus bound values, with each back-end's
//! placeholder (`?`, or `$1`, `$2`… on PostgreSQL). Used where a statement differs per back-end
//! (full-text search, `INSERT … ON CONFLICT`) and SeaORM's query builder cannot express it.
//! Values are always bound, never spliced into the text.

use sea_orm::{DbBackend, Statement, Value};

/// A statement being built.
#[derive(Debug)]
pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    /// An empty statement for `backend`.
    pub fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            text: String::with_capacity(512),
            values: Vec::new(),
        }
    }

    /// The back-end the statement is for.
    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    /// Appends SQL text.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.values.len().to_string());
            }
            _ => self.text.push('?'),
        }
        self
    }

    /// Appends `(v1, v2, …)`, one placeholder per value.
    pub fn bind_list<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> &mut Self {
        self.push("(");
        for (index, value) in values.into_iter().enumerate() {
            if index > 0 {
                self.push(", ");
            }
            self.bind(value);
        }
        self.push(")")
    }

    /// The finished statement.
    pub fn build(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_placeholders_on_postgres_only() {
        let mut pg = Sql::new(DbBackend::Postgres);
        pg.push("SELECT 1 WHERE a = ")
            .bind(1)
            .push(" AND b IN ")
            .bind_list([2, 3]);
        assert_eq!(pg.build().sql, "SELECT 1 WHERE a = $1 AND b IN ($2, $3)");
        let mut lite = Sql::new(DbBackend::Sqlite);
        lite.push("x = ")
            .bind("y")
            .push(" AND z IN ")
            .bind_list(["a", "b"]);
        let statement = lite.build();
        assert_eq!(statement.sql, "x = ? AND z IN (?, ?)");
        assert_eq!(statement.values.unwrap().0.len(), 3);
    }
}
