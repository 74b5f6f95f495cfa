-- A video's frames per second (Mastodon's meta.original.frame_rate), learnt from the upload.
ALTER TABLE media_attachments ADD COLUMN frame_rate double precision;
