/**
 * The ActivityStreams vocabulary Plutro reads and writes, as immutable records: {@link
 * org.plutro.federation.vocab.Activity}, {@link org.plutro.federation.vocab.Note} (posts, polls
 * included), {@link org.plutro.federation.vocab.Actor}, {@link org.plutro.federation.vocab.Collection},
 * {@link org.plutro.federation.vocab.Tombstone}, anything else as {@link
 * org.plutro.federation.vocab.OtherObject}. "An id or the embedded object" is one type,
 * {@link org.plutro.federation.vocab.Ref}. {@link org.plutro.federation.vocab.Vocab#parse} reads a
 * normalised document once; {@link org.plutro.federation.vocab.AsObject#toJson()} writes one with
 * our context. {@link org.plutro.federation.vocab.Salvage} reads a peer's document leaving out the
 * properties it cannot read; {@link org.plutro.federation.vocab.Vocab#parseDraft} reads what a client
 * posts to its outbox, before the server gives it ids.
 */
package org.plutro.federation.vocab;
