//! Stores for the one-time password state of `eeszt-auth`: in memory, SQLite and PostgreSQL.
//!
//! Each implements [`eeszt_auth::otp::Store`]: loading a user's versioned state and writing it
//! back only if the stored version is still the one loaded (compare-and-swap), so
//! [`eeszt_auth::otp::verify_atomic`] accepts a code once even when several threads, processes or
//! servers check it at the same time.
//!
//! Open one from a connection string with [`open`]:
//!
//! | string | store |
//! | --- | --- |
//! | `memory:` | [`MemoryStore`]: a `Mutex<HashMap>` in this process (tests, one process) |
//! | `sqlite:PATH` | [`SqliteStore`]: an SQLite file (bundled library), WAL mode, 5 s busy timeout |
//! | `postgres://…`, `postgresql://…` | [`PostgresStore`]: PostgreSQL, libpq-style URL |
//!
//! # Schema and SQL
//!
//! Every store keeps one row per user; `state` is the record of
//! [`eeszt_auth::otp::UserState::to_record`] (for example `1;37037036;0;;0`), `version` counts the
//! writes (the first is 1). The stores create the table when it is missing. A vendor who keeps the
//! state in its own tables must write it the same way: one conditional statement, no
//! read-modify-write in the application.
//!
//! ```sql
//! CREATE TABLE IF NOT EXISTS eeszt_otp_state (
//!     user_id TEXT PRIMARY KEY,
//!     version BIGINT NOT NULL,
//!     state   TEXT NOT NULL
//! );
//! -- load (no row: version 0, the default state)
//! SELECT version, state FROM eeszt_otp_state WHERE user_id = $1;
//! -- compare-and-swap from version $3 > 0: one row changed means written, none means lost the race
//! UPDATE eeszt_otp_state SET version = version + 1, state = $2 WHERE user_id = $1 AND version = $3;
//! -- compare-and-swap from version 0 (no row yet): one row inserted means written
//! INSERT INTO eeszt_otp_state (user_id, version, state) VALUES ($1, 1, $2)
//!     ON CONFLICT (user_id) DO NOTHING;
//! ```
//!
//! SQLite takes the same statements with `?1`, `?2`, `?3` for the parameters. PostgreSQL runs
//! them in autocommit at READ COMMITTED: a concurrent `UPDATE` of the same row waits for the
//! other one and then re-checks `version`, so exactly one of them changes the row; no table is
//! locked.
//!
//! ```
//! use eeszt_auth::otp::{Algorithm, OtpError, OtpKey, Policy, Secret, Totp, verify_atomic};
//! let store = eeszt_auth_store::open("memory:")?;
//! let totp = Totp::standard(OtpKey::new(Secret::from_bytes(b"12345678901234567890")?, Algorithm::Sha1, 6)?);
//! let now = 1_111_111_111;
//! let code = totp.code_at(now)?;
//! assert!(verify_atomic(&store, &totp, "O95745", code.as_str(), now, &Policy::default()).is_ok());
//! assert_eq!(
//!     verify_atomic(&store, &totp, "O95745", code.as_str(), now, &Policy::default()),
//!     Err(OtpError::CodeReused)
//! );
//! # Ok::<(), OtpError>(())
//! ```

#![deny(missing_docs)]

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use eeszt_auth::otp::{OtpError, Store, UserState, Versioned};

/// The table every store uses.
pub const TABLE: &str = "eeszt_otp_state";

/// How long SQLite waits for another writer before failing.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

fn unavailable(detail: impl std::fmt::Display) -> OtpError {
    OtpError::StoreUnavailable {
        detail: detail.to_string(),
    }
}

fn version_to_sql(version: u64) -> Result<i64, OtpError> {
    i64::try_from(version).map_err(|_| OtpError::StateRecord)
}

fn version_from_sql(version: i64) -> Result<u64, OtpError> {
    match u64::try_from(version) {
        Ok(v) if v > 0 => Ok(v),
        _ => Err(OtpError::StateRecord),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves a consistent value (every write is one statement or
    // one insert), so the poison flag is ignored.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// States in this process's memory, behind one mutex. For tests and single-process servers.
#[derive(Debug, Default)]
pub struct MemoryStore {
    users: Mutex<HashMap<String, Versioned>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

impl Store for MemoryStore {
    fn load(&self, user: &str) -> Result<Versioned, OtpError> {
        Ok(lock(&self.users).get(user).copied().unwrap_or_default())
    }

    fn compare_and_swap(
        &self,
        user: &str,
        version: u64,
        state: &UserState,
    ) -> Result<bool, OtpError> {
        let mut users = lock(&self.users);
        let current = users.get(user).map_or(0, |v| v.version);
        if current != version {
            return Ok(false);
        }
        let next = version.checked_add(1).ok_or(OtpError::StateRecord)?;
        users.insert(
            user.to_owned(),
            Versioned {
                version: next,
                state: *state,
            },
        );
        Ok(true)
    }
}

const SQLITE_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS eeszt_otp_state (
    user_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    state   TEXT NOT NULL
)";
const SQL_LOAD_SQLITE: &str = "SELECT version, state FROM eeszt_otp_state WHERE user_id = ?1";
const SQL_UPDATE_SQLITE: &str = "UPDATE eeszt_otp_state SET version = version + 1, state = ?2 \
     WHERE user_id = ?1 AND version = ?3";
const SQL_INSERT_SQLITE: &str = "INSERT INTO eeszt_otp_state (user_id, version, state) \
     VALUES (?1, 1, ?2) ON CONFLICT (user_id) DO NOTHING";

/// States in an SQLite database file (WAL mode, [`SQLITE_BUSY_TIMEOUT`]). Several processes may
/// open the same file; within a process, one store serialises its callers on one connection (open
/// one store per thread for parallel checks).
#[derive(Debug)]
pub struct SqliteStore {
    conn: Mutex<rusqlite::Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and its table.
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<SqliteStore, OtpError> {
        let conn = rusqlite::Connection::open(path.as_ref()).map_err(unavailable)?;
        conn.busy_timeout(SQLITE_BUSY_TIMEOUT)
            .map_err(unavailable)?;
        // WAL: readers do not block the writer; a committed write survives the process being
        // killed. NORMAL sync is durable against process crashes (not power loss) in WAL mode.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(unavailable)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(unavailable(format!(
                "SQLite refused WAL mode (journal mode: {mode})"
            )));
        }
        conn.execute_batch("PRAGMA synchronous = NORMAL")
            .map_err(unavailable)?;
        conn.execute_batch(SQLITE_SCHEMA).map_err(unavailable)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }
}

impl Store for SqliteStore {
    fn load(&self, user: &str) -> Result<Versioned, OtpError> {
        let conn = lock(&self.conn);
        let mut stmt = conn.prepare_cached(SQL_LOAD_SQLITE).map_err(unavailable)?;
        let mut rows = stmt.query([user]).map_err(unavailable)?;
        match rows.next().map_err(unavailable)? {
            None => Ok(Versioned::default()),
            Some(row) => {
                let version: i64 = row.get(0).map_err(|_| OtpError::StateRecord)?;
                let state: String = row.get(1).map_err(|_| OtpError::StateRecord)?;
                Ok(Versioned {
                    version: version_from_sql(version)?,
                    state: UserState::from_record(&state)?,
                })
            }
        }
    }

    fn compare_and_swap(
        &self,
        user: &str,
        version: u64,
        state: &UserState,
    ) -> Result<bool, OtpError> {
        let conn = lock(&self.conn);
        let record = state.to_record();
        let changed = if version == 0 {
            let mut stmt = conn
                .prepare_cached(SQL_INSERT_SQLITE)
                .map_err(unavailable)?;
            stmt.execute(rusqlite::params![user, record])
        } else {
            let mut stmt = conn
                .prepare_cached(SQL_UPDATE_SQLITE)
                .map_err(unavailable)?;
            stmt.execute(rusqlite::params![user, record, version_to_sql(version)?])
        }
        .map_err(unavailable)?;
        Ok(changed == 1)
    }
}

const PG_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS eeszt_otp_state (
    user_id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    state   TEXT NOT NULL
)";
const SQL_LOAD_PG: &str = "SELECT version, state FROM eeszt_otp_state WHERE user_id = $1";
const SQL_UPDATE_PG: &str = "UPDATE eeszt_otp_state SET version = version + 1, state = $2 \
     WHERE user_id = $1 AND version = $3";
const SQL_INSERT_PG: &str = "INSERT INTO eeszt_otp_state (user_id, version, state) \
     VALUES ($1, 1, $2) ON CONFLICT (user_id) DO NOTHING";

struct PgConn {
    client: postgres::Client,
    load: postgres::Statement,
    update: postgres::Statement,
    insert: postgres::Statement,
}

/// States in a PostgreSQL table, over one connection (open one store per thread for parallel
/// checks). Uses only row-level conditional writes; no table locks.
pub struct PostgresStore {
    conn: Mutex<PgConn>,
}

impl std::fmt::Debug for PostgresStore {
    // The connection holds the password: print nothing of it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

/// A PostgreSQL error's message without anything from the connection string.
fn pg_error(err: &postgres::Error) -> OtpError {
    match err.as_db_error() {
        Some(db) => unavailable(format!("PostgreSQL {}: {}", db.code().code(), db.message())),
        None => unavailable(err),
    }
}

impl PostgresStore {
    /// Connects (without TLS) to the database of a `postgres://` / `postgresql://` URL and creates
    /// the table if it is missing.
    pub fn connect(url: &str) -> Result<PostgresStore, OtpError> {
        let mut client =
            postgres::Client::connect(url, postgres::NoTls).map_err(|e| pg_error(&e))?;
        // Several servers may start at once: CREATE TABLE IF NOT EXISTS can then collide in the
        // catalogue (unique_violation on pg_type, or duplicate_table); the table exists then.
        if let Err(err) = client.batch_execute(PG_SCHEMA) {
            let raced = err.code().is_some_and(|code| {
                *code == postgres::error::SqlState::UNIQUE_VIOLATION
                    || *code == postgres::error::SqlState::DUPLICATE_TABLE
            });
            if !raced {
                return Err(pg_error(&err));
            }
        }
        let load = client.prepare(SQL_LOAD_PG).map_err(|e| pg_error(&e))?;
        let update = client.prepare(SQL_UPDATE_PG).map_err(|e| pg_error(&e))?;
        let insert = client.prepare(SQL_INSERT_PG).map_err(|e| pg_error(&e))?;
        Ok(PostgresStore {
            conn: Mutex::new(PgConn {
                client,
                load,
                update,
                insert,
            }),
        })
    }
}

impl Store for PostgresStore {
    fn load(&self, user: &str) -> Result<Versioned, OtpError> {
        let mut conn = lock(&self.conn);
        let PgConn { client, load, .. } = &mut *conn;
        let row = client
            .query_opt(&*load, &[&user])
            .map_err(|e| pg_error(&e))?;
        match row {
            None => Ok(Versioned::default()),
            Some(row) => {
                let version: i64 = row.try_get(0).map_err(|_| OtpError::StateRecord)?;
                let state: &str = row.try_get(1).map_err(|_| OtpError::StateRecord)?;
                Ok(Versioned {
                    version: version_from_sql(version)?,
                    state: UserState::from_record(state)?,
                })
            }
        }
    }

    fn compare_and_swap(
        &self,
        user: &str,
        version: u64,
        state: &UserState,
    ) -> Result<bool, OtpError> {
        let mut conn = lock(&self.conn);
        let PgConn {
            client,
            update,
            insert,
            ..
        } = &mut *conn;
        let record = state.to_record();
        let changed = if version == 0 {
            client.execute(&*insert, &[&user, &record])
        } else {
            let expected = version_to_sql(version)?;
            client.execute(&*update, &[&user, &record, &expected])
        }
        .map_err(|e| pg_error(&e))?;
        Ok(changed == 1)
    }
}

/// Any of the stores, as opened by [`open`].
#[derive(Debug)]
pub enum AnyStore {
    /// `memory:`
    Memory(MemoryStore),
    /// `sqlite:PATH`
    Sqlite(SqliteStore),
    /// `postgres://…`, `postgresql://…`
    Postgres(PostgresStore),
}

impl AnyStore {
    fn inner(&self) -> &dyn Store {
        match self {
            AnyStore::Memory(s) => s,
            AnyStore::Sqlite(s) => s,
            AnyStore::Postgres(s) => s,
        }
    }
}

impl Store for AnyStore {
    fn load(&self, user: &str) -> Result<Versioned, OtpError> {
        self.inner().load(user)
    }

    fn compare_and_swap(
        &self,
        user: &str,
        version: u64,
        state: &UserState,
    ) -> Result<bool, OtpError> {
        self.inner().compare_and_swap(user, version, state)
    }
}

/// Opens a store from a connection string: `memory:`, `sqlite:PATH` (a file path; created if
/// missing) or a `postgres://` / `postgresql://` URL. Errors: [`OtpError::StoreConnString`] for
/// anything else, [`OtpError::StoreUnavailable`] when the database cannot be opened.
pub fn open(conn_str: &str) -> Result<AnyStore, OtpError> {
    if conn_str == "memory:" {
        return Ok(AnyStore::Memory(MemoryStore::new()));
    }
    if let Some(path) = conn_str.strip_prefix("sqlite:") {
        if path.is_empty() {
            return Err(OtpError::StoreConnString);
        }
        return SqliteStore::open(path).map(AnyStore::Sqlite);
    }
    if conn_str.starts_with("postgres://") || conn_str.starts_with("postgresql://") {
        return PostgresStore::connect(conn_str).map(AnyStore::Postgres);
    }
    Err(OtpError::StoreConnString)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_strings() {
        assert!(matches!(open("memory:"), Ok(AnyStore::Memory(_))));
        for bad in [
            "",
            "memory",
            "sqlite:",
            "mysql://x",
            "SQLITE:/tmp/x",
            "file:/tmp/x",
        ] {
            assert_eq!(
                open(bad).map(|_| ()),
                Err(OtpError::StoreConnString),
                "{bad:?}"
            );
        }
        let dir = std::env::temp_dir().join(format!("eeszt-store-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.db");
        assert!(matches!(
            open(&format!("sqlite:{}", path.display())),
            Ok(AnyStore::Sqlite(_))
        ));
        // A directory that does not exist: a clear store error, not a panic.
        let missing = dir.join("no/such/dir/s.db");
        assert!(matches!(
            open(&format!("sqlite:{}", missing.display())),
            Err(OtpError::StoreUnavailable { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn cas_contract(store: &dyn Store) {
        let a = UserState {
            failures: 1,
            ..UserState::default()
        };
        let b = UserState {
            last_step: Some(9),
            ..UserState::default()
        };
        assert_eq!(store.load("u").unwrap(), Versioned::default());
        assert!(store.compare_and_swap("u", 0, &a).unwrap());
        assert!(!store.compare_and_swap("u", 0, &b).unwrap(), "insert twice");
        assert_eq!(
            store.load("u").unwrap(),
            Versioned {
                version: 1,
                state: a
            }
        );
        assert!(
            !store.compare_and_swap("u", 2, &b).unwrap(),
            "future version"
        );
        assert!(store.compare_and_swap("u", 1, &b).unwrap());
        assert!(
            !store.compare_and_swap("u", 1, &a).unwrap(),
            "stale version"
        );
        assert_eq!(
            store.load("u").unwrap(),
            Versioned {
                version: 2,
                state: b
            }
        );
        assert_eq!(store.load("other").unwrap(), Versioned::default());
    }

    #[test]
    fn memory_and_sqlite_keep_the_compare_and_swap_contract() {
        cas_contract(&MemoryStore::new());
        let dir = std::env::temp_dir().join(format!("eeszt-store-cas-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.db");
        cas_contract(&SqliteStore::open(&path).unwrap());
        // A second connection sees the same rows.
        let again = SqliteStore::open(&path).unwrap();
        assert_eq!(again.load("u").unwrap().version, 2);
        // A damaged row is reported, not taken for a fresh user.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE eeszt_otp_state SET state = 'garbage' WHERE user_id = 'u'",
            [],
        )
        .unwrap();
        assert_eq!(again.load("u"), Err(OtpError::StateRecord));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
