-- Media attachments: uploaded by local members (files under the data folder, names unguessable),
-- or linked from remote posts (remote_url, never copied). An upload waits unattached (status_id
-- NULL) until a post takes it; a post holds at most four, kept in upload order.
CREATE TABLE media_attachments (
  id              bigint PRIMARY KEY DEFAULT next_id(),
  account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status_id       bigint REFERENCES statuses (id) ON DELETE CASCADE,
  position        smallint NOT NULL DEFAULT 0,  -- order within its post, as the author gave it
  type            text NOT NULL CHECK (type IN ('image', 'gifv', 'video', 'audio', 'unknown')),
  content_type    text,                       -- the mediaType, as detected from the bytes
  file_name       text UNIQUE,                -- stored original under data/media; NULL when remote
  preview_name    text,                       -- stored preview (max 640 px side), if any
  file_size       bigint,
  remote_url      text,                       -- a remote post's attachment, linked not copied
  description     text,                       -- alt text
  blurhash        text,
  width           integer,
  height          integer,
  preview_width   integer,
  preview_height  integer,
  focus_x         double precision,           -- -1.0 (left) .. 1.0 (right)
  focus_y         double precision,           -- -1.0 (bottom) .. 1.0 (top)
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (file_name IS NOT NULL OR remote_url IS NOT NULL)
);
CREATE INDEX media_attachments_status ON media_attachments (status_id, position, id) WHERE status_id IS NOT NULL;
CREATE INDEX media_attachments_unattached ON media_attachments (account_id, id) WHERE status_id IS NULL;
