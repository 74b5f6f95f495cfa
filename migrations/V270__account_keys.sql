-- Every public key a remote actor publishes, by its id: its publicKey (Mastodon, GoToSocial,
-- Misskey) and the Multikeys of its assertionMethod (Fedify, Mitra), RSA or Ed25519. A signature's
-- keyId or a proof's verificationMethod names one of them. Kept in step with the actor document
-- each time it is stored (fetch, refresh, Update). A key id is on its actor's origin, and belongs
-- to one actor: another actor of that origin listing it later does not take it over.
-- Local actors' keys stay in actor_keys (with their private halves).
CREATE TABLE account_keys (
  key_id          text PRIMARY KEY,
  account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  algorithm       text NOT NULL CHECK (algorithm IN ('rsa', 'ed25519')),
  -- SubjectPublicKeyInfo PEM (older rows copied from accounts may be PKCS#1 "RSA PUBLIC KEY").
  public_key_pem  text NOT NULL
);

CREATE INDEX account_keys_account ON account_keys (account_id);

-- The one key each remote actor had until now, when its id is on the actor's origin.
INSERT INTO account_keys (key_id, account_id, algorithm, public_key_pem)
SELECT DISTINCT ON (public_key_id) public_key_id, id,
       CASE WHEN public_key_pem LIKE '%MCowBQYDK2Vw%' THEN 'ed25519' ELSE 'rsa' END, public_key_pem
  FROM accounts
 WHERE domain IS NOT NULL AND deleted_at IS NULL
   AND public_key_id IS NOT NULL AND public_key_pem IS NOT NULL
   AND lower(substring(public_key_id FROM '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+'))
     = lower(substring(uri FROM '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+'))
 ORDER BY public_key_id, fetched_at DESC NULLS LAST;
