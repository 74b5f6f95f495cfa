-- A member's CSV import as they follow it on the import page: what it held, and how many of its
-- rows are done or were skipped (an account or post that could not be found). Its rows are jobs
-- (import.row) that name the import; while any is queued, the import is under way.
CREATE TABLE bulk_imports (
  id          bigint PRIMARY KEY DEFAULT next_id(),
  account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  type        text NOT NULL,
  overwrite   boolean NOT NULL,
  total       integer NOT NULL,
  done        integer NOT NULL DEFAULT 0,
  skipped     integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bulk_imports_account ON bulk_imports (account_id, id DESC);
CREATE INDEX jobs_import_rows ON jobs ((payload ->> 'import')) WHERE kind = 'import.row';
