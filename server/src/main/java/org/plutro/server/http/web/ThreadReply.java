package org.plutro.server.http.web;

/** A reply on a post's page, {@code depth} steps below the post (1: a direct reply), at most 3. */
public record ThreadReply(PostView post, int depth) {}
