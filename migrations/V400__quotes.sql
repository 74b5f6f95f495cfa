-- Quote posts (FEP-044f, as Mastodon 4.5 federates them).
-- Who may quote a post without asking: NULL everyone, as replies_from and shares_from.
ALTER TABLE statuses
  ADD COLUMN quotes_from text CHECK (quotes_from IN ('followers', 'nobody'));

-- A post that quotes another: its state, and the stamp (QuoteAuthorization) that allows it.
-- quoted_uri is kept when the quoted post is unknown or gone.
CREATE TABLE quotes (
  status_id          bigint PRIMARY KEY REFERENCES statuses (id) ON DELETE CASCADE,
  quoted_uri         text NOT NULL,
  quoted_status_id   bigint REFERENCES statuses (id) ON DELETE SET NULL,
  state              text NOT NULL DEFAULT 'pending'
                       CHECK (state IN ('pending', 'accepted', 'rejected', 'revoked')),
  authorization_uri  text,  -- the quoted author's QuoteAuthorization (ours: served by us)
  request_uri        text,  -- the QuoteRequest's id, ours sent or theirs received
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quotes_by_quoted ON quotes (quoted_status_id, status_id);
CREATE UNIQUE INDEX quotes_by_request ON quotes (request_uri) WHERE request_uri IS NOT NULL;
