-- A video's length in seconds (Mastodon's meta.original.duration), learnt from the upload.
ALTER TABLE media_attachments ADD COLUMN duration double precision;
