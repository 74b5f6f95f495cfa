package org.plutro.federation.vocab;

/**
 * Documents as real servers send them: the shapes of Mastodon's serialisers and spec fixtures,
 * GoToSocial's federation documentation, Fedify's and Misskey's output. Hosts are examples.
 */
final class Samples {
  private Samples() {}

  static final String PEM = "-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu3L4vnpNLzVH31MeWI39\\n"
      + "-----END PUBLIC KEY-----\\n";

  /** Mastodon's spec fixture actor (spec/fixtures/requests/activitypub-actor.txt). */
  static final String MASTODON_FIXTURE_ACTOR = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",{"manuallyApprovesFollowers":"as:manuallyApprovesFollowers","sensitive":"as:sensitive","Hashtag":"as:Hashtag","ostatus":"http://ostatus.org#","atomUri":"ostatus:atomUri","inReplyToAtomUri":"ostatus:inReplyToAtomUri","conversation":"ostatus:conversation"}],
       "id":"https://ap.example.com/users/foo","type":"Person","following":"https://ap.example.com/users/foo/following",
       "followers":"https://ap.example.com/users/foo/followers","inbox":"https://ap.example.com/users/foo/inbox",
       "outbox":"https://ap.example.com/users/foo/outbox","preferredUsername":"foo","name":"","summary":"\\u003cp\\u003etest\\u003c/p\\u003e",
       "url":"https://ap.example.com/@foo","manuallyApprovesFollowers":false,
       "publicKey":{"id":"https://ap.example.com/users/foo#main-key","owner":"https://ap.example.com/users/foo","publicKeyPem":"%s"},
       "endpoints":{"sharedInbox":"https://ap.example.com/inbox"},
       "icon":{"type":"Image","url":"https://quitter.no/avatar/7477-300-20160211190340.png"}}""".formatted(PEM);

  /** A current Mastodon actor: featured, memorial, indexable, profile fields, an emoji, a move. */
  static final String MASTODON_ACTOR = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",
        {"manuallyApprovesFollowers":"as:manuallyApprovesFollowers","toot":"http://joinmastodon.org/ns#",
         "featured":{"@id":"toot:featured","@type":"@id"},"featuredTags":{"@id":"toot:featuredTags","@type":"@id"},
         "alsoKnownAs":{"@id":"as:alsoKnownAs","@type":"@id"},"movedTo":{"@id":"as:movedTo","@type":"@id"},
         "schema":"http://schema.org#","PropertyValue":"schema:PropertyValue","value":"schema:value",
         "discoverable":"toot:discoverable","suspended":"toot:suspended","memorial":"toot:memorial",
         "indexable":"toot:indexable","attributionDomains":{"@id":"toot:attributionDomains","@type":"@id"},
         "Emoji":"toot:Emoji","focalPoint":{"@container":"@list","@id":"toot:focalPoint"}}],
       "id":"https://mastodon.example/users/alice","type":"Person",
       "following":"https://mastodon.example/users/alice/following","followers":"https://mastodon.example/users/alice/followers",
       "inbox":"https://mastodon.example/users/alice/inbox","outbox":"https://mastodon.example/users/alice/outbox",
       "featured":"https://mastodon.example/users/alice/collections/featured",
       "featuredTags":"https://mastodon.example/users/alice/collections/tags",
       "preferredUsername":"alice","name":"Alice :blob:","summary":"<p>Hello</p>","url":"https://mastodon.example/@alice",
       "manuallyApprovesFollowers":true,"discoverable":true,"indexable":false,"published":"2023-04-01T00:00:00Z",
       "memorial":false,"attributionDomains":["alice.example"],
       "movedTo":"https://other.example/users/alice","alsoKnownAs":["https://old.example/users/alice"],
       "publicKey":{"id":"https://mastodon.example/users/alice#main-key","owner":"https://mastodon.example/users/alice","publicKeyPem":"%s"},
       "tag":[{"id":"https://mastodon.example/emojis/1","type":"Emoji","name":":blob:","updated":"2023-01-01T00:00:00Z",
         "icon":{"type":"Image","mediaType":"image/png","url":"https://mastodon.example/emoji/blob.png"}}],
       "attachment":[{"type":"PropertyValue","name":"Web","value":"<a href=\\"https://alice.example\\">alice.example</a>"},
         {"type":"PropertyValue","name":"Pronouns","value":"she/her"}],
       "endpoints":{"sharedInbox":"https://mastodon.example/inbox"},
       "icon":{"type":"Image","mediaType":"image/png","url":"https://mastodon.example/avatars/alice.png"},
       "image":{"type":"Image","mediaType":"image/jpeg","url":"https://mastodon.example/headers/alice.jpg"}}""".formatted(PEM);

  /** Mastodon's Create(Note): a reply with a mention, a hashtag, an emoji, an image, replies and counts. */
  static final String MASTODON_CREATE = """
      {"@context":["https://www.w3.org/ns/activitystreams",{"ostatus":"http://ostatus.org#","atomUri":"ostatus:atomUri",
        "inReplyToAtomUri":"ostatus:inReplyToAtomUri","conversation":"ostatus:conversation","sensitive":"as:sensitive",
        "toot":"http://joinmastodon.org/ns#","votersCount":"toot:votersCount","blurhash":"toot:blurhash",
        "focalPoint":{"@container":"@list","@id":"toot:focalPoint"},"Hashtag":"as:Hashtag","Emoji":"toot:Emoji"}],
       "id":"https://mastodon.example/users/alice/statuses/110/activity","type":"Create",
       "actor":"https://mastodon.example/users/alice","published":"2024-05-01T12:00:00Z",
       "to":["https://www.w3.org/ns/activitystreams#Public"],
       "cc":["https://mastodon.example/users/alice/followers","https://gts.example/users/bob"],
       "object":{"id":"https://mastodon.example/users/alice/statuses/110","type":"Note","summary":null,
         "inReplyTo":"https://gts.example/users/bob/statuses/01HX","published":"2024-05-01T12:00:00Z",
         "url":"https://mastodon.example/@alice/110","attributedTo":"https://mastodon.example/users/alice",
         "to":["https://www.w3.org/ns/activitystreams#Public"],
         "cc":["https://mastodon.example/users/alice/followers","https://gts.example/users/bob"],
         "sensitive":false,"atomUri":"https://mastodon.example/users/alice/statuses/110",
         "inReplyToAtomUri":"https://gts.example/users/bob/statuses/01HX",
         "conversation":"tag:mastodon.example,2024-05-01:objectId=1:objectType=Conversation",
         "content":"<p><span class=\\"h-card\\"><a href=\\"https://gts.example/@bob\\">@bob</a></span> nice :blob: <a href=\\"https://mastodon.example/tags/cats\\">#cats</a></p>",
         "contentMap":{"en":"<p><span class=\\"h-card\\"><a href=\\"https://gts.example/@bob\\">@bob</a></span> nice :blob: <a href=\\"https://mastodon.example/tags/cats\\">#cats</a></p>"},
         "attachment":[{"type":"Document","mediaType":"image/jpeg","url":"https://mastodon.example/media/1.jpg",
           "name":"A cat on a keyboard","blurhash":"UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH","focalPoint":[-0.5,0.25],
           "width":1200,"height":800}],
         "tag":[{"type":"Mention","href":"https://gts.example/users/bob","name":"@bob@gts.example"},
           {"type":"Hashtag","href":"https://mastodon.example/tags/cats","name":"#cats"},
           {"id":"https://mastodon.example/emojis/1","type":"Emoji","name":":blob:","updated":"2023-01-01T00:00:00Z",
             "icon":{"type":"Image","mediaType":"image/png","url":"https://mastodon.example/emoji/blob.png"}}],
         "replies":{"id":"https://mastodon.example/users/alice/statuses/110/replies","type":"Collection",
           "first":{"type":"CollectionPage","next":"https://mastodon.example/users/alice/statuses/110/replies?only_other_accounts=true&page=true",
             "partOf":"https://mastodon.example/users/alice/statuses/110/replies","items":[]}},
         "likes":{"id":"https://mastodon.example/users/alice/statuses/110/likes","type":"Collection","totalItems":7},
         "shares":{"id":"https://mastodon.example/users/alice/statuses/110/shares","type":"Collection","totalItems":2}},
       "signature":{"type":"RsaSignature2017","creator":"https://mastodon.example/users/alice#main-key",
         "created":"2024-05-01T12:00:01Z","signatureValue":"abc=="}}""";

  /** Mastodon 4.5's quote post (FEP-044f), with its authorisation and quote policy. */
  static final String MASTODON_QUOTE = """
      {"@context":["https://www.w3.org/ns/activitystreams",{"ostatus":"http://ostatus.org#","atomUri":"ostatus:atomUri",
        "sensitive":"as:sensitive","toot":"http://joinmastodon.org/ns#","quote":"https://w3id.org/fep/044f#quote",
        "quoteUri":"http://fedibird.com/ns#quoteUri","_misskey_quote":"https://misskey-hub.net/ns#_misskey_quote",
        "quoteAuthorization":{"@id":"https://w3id.org/fep/044f#quoteAuthorization","@type":"@id"},
        "gts":"https://gotosocial.org/ns#","interactionPolicy":{"@id":"gts:interactionPolicy","@type":"@id"},
        "canQuote":{"@id":"gts:canQuote","@type":"@id"},"automaticApproval":{"@id":"gts:automaticApproval","@type":"@id"},
        "manualApproval":{"@id":"gts:manualApproval","@type":"@id"}}],
       "id":"https://mastodon.example/users/alice/statuses/120","type":"Note","summary":null,"inReplyTo":null,
       "published":"2025-10-01T09:00:00Z","url":"https://mastodon.example/@alice/120",
       "attributedTo":"https://mastodon.example/users/alice","to":["https://www.w3.org/ns/activitystreams#Public"],
       "cc":["https://mastodon.example/users/alice/followers"],"sensitive":false,
       "content":"<p>Read this</p><p class=\\"quote-inline\\">RE: <a href=\\"https://gts.example/@bob/statuses/01HY\\">…</a></p>",
       "quote":"https://gts.example/users/bob/statuses/01HY","quoteUri":"https://gts.example/users/bob/statuses/01HY",
       "_misskey_quote":"https://gts.example/users/bob/statuses/01HY",
       "quoteAuthorization":"https://gts.example/users/bob/authorizations/01HZ",
       "interactionPolicy":{"canQuote":{"automaticApproval":["https://mastodon.example/users/alice/followers"],
         "manualApproval":["https://www.w3.org/ns/activitystreams#Public"]}},
       "attachment":[],"tag":[]}""";

  /** Mastodon's poll: a Question with oneOf, endTime and votersCount. */
  static final String MASTODON_QUESTION = """
      {"@context":["https://www.w3.org/ns/activitystreams",{"toot":"http://joinmastodon.org/ns#","votersCount":"toot:votersCount",
        "sensitive":"as:sensitive"}],
       "id":"https://mastodon.example/users/alice/statuses/130","type":"Question","attributedTo":"https://mastodon.example/users/alice",
       "content":"<p>Tea or coffee?</p>","published":"2024-06-01T08:00:00Z","endTime":"2024-06-02T08:00:00Z",
       "closed":"2024-06-02T08:00:00Z","votersCount":5,"to":["https://www.w3.org/ns/activitystreams#Public"],"cc":[],
       "oneOf":[{"type":"Note","name":"Tea","replies":{"type":"Collection","totalItems":3}},
         {"type":"Note","name":"Coffee","replies":{"type":"Collection","totalItems":2}}]}""";

  /** Mastodon's report: Flag with the account and the posts as its objects. */
  static final String MASTODON_FLAG = """
      {"@context":"https://www.w3.org/ns/activitystreams","id":"https://mastodon.example/9a3e","type":"Flag",
       "actor":"https://mastodon.example/actor","content":"Spam",
       "object":["https://plutro.example/users/spammer","https://plutro.example/users/spammer/statuses/1"]}""";

  /** Mastodon's Undo of a Follow, the Follow embedded. */
  static final String MASTODON_UNDO_FOLLOW = """
      {"@context":"https://www.w3.org/ns/activitystreams","id":"https://mastodon.example/users/alice#follows/9/undo",
       "type":"Undo","actor":"https://mastodon.example/users/alice",
       "object":{"id":"https://mastodon.example/0b6e","type":"Follow","actor":"https://mastodon.example/users/alice",
         "object":"https://plutro.example/users/dave"}}""";

  /** Mastodon's Delete of a post: a Tombstone with its atomUri. */
  static final String MASTODON_DELETE = """
      {"@context":["https://www.w3.org/ns/activitystreams",{"ostatus":"http://ostatus.org#","atomUri":"ostatus:atomUri"}],
       "id":"https://mastodon.example/users/alice/statuses/110#delete","type":"Delete","actor":"https://mastodon.example/users/alice",
       "to":["https://www.w3.org/ns/activitystreams#Public"],
       "object":{"id":"https://mastodon.example/users/alice/statuses/110","type":"Tombstone",
         "atomUri":"https://mastodon.example/users/alice/statuses/110"}}""";

  /** Mastodon's Move. */
  static final String MASTODON_MOVE = """
      {"@context":"https://www.w3.org/ns/activitystreams","id":"https://old.example/users/alice#moves/1","type":"Move",
       "actor":"https://old.example/users/alice","object":"https://old.example/users/alice",
       "target":"https://mastodon.example/users/alice"}""";

  /** GoToSocial's Note (docs/federation/posts.md): single values where there is one, old and new policy names. */
  static final String GOTOSOCIAL_NOTE = """
      {"@context":["https://gotosocial.org/ns","https://www.w3.org/ns/activitystreams",
        {"Hashtag":"as:Hashtag","sensitive":"as:sensitive","toot":"http://joinmastodon.org/ns#","Emoji":"toot:Emoji"}],
       "type":"Note","attributedTo":"http://example.org/users/i_p_freely",
       "to":"https://www.w3.org/ns/activitystreams#Public","cc":"http://example.org/users/i_p_freely/followers",
       "id":"http://example.org/users/i_p_freely/statuses/01FF25D5Q0DH7CHD57CTRS6WK0",
       "url":"http://example.org/@i_p_freely/statuses/01FF25D5Q0DH7CHD57CTRS6WK0","published":"2021-11-20T13:32:16Z",
       "content":"<p>This is an example note.</p>","contentMap":{"en":"<p>This is an example note.</p>"},
       "attachment":[],"sensitive":false,"summary":"",
       "tag":{"href":"https://example.org/tags/welcome","name":"#welcome","type":"Hashtag"},
       "replies":{"id":"http://example.org/users/i_p_freely/statuses/01FF25D5Q0DH7CHD57CTRS6WK0/replies","type":"Collection",
         "first":{"id":"http://example.org/users/i_p_freely/statuses/01FF25D5Q0DH7CHD57CTRS6WK0/replies?page=true",
           "type":"CollectionPage","partOf":"http://example.org/users/i_p_freely/statuses/01FF25D5Q0DH7CHD57CTRS6WK0/replies",
           "next":"http://example.org/users/i_p_freely/statuses/01FF25D5Q0DH7CHD57CTRS6WK0/replies?only_other_accounts=false&page=true",
           "items":[]}},
       "interactionPolicy":{
         "canLike":{"always":"https://www.w3.org/ns/activitystreams#Public","automaticApproval":"https://www.w3.org/ns/activitystreams#Public"},
         "canReply":{"always":["http://example.org/users/i_p_freely","http://example.org/users/i_p_freely/followers"],
           "automaticApproval":["http://example.org/users/i_p_freely","http://example.org/users/i_p_freely/followers"],
           "approvalRequired":"https://www.w3.org/ns/activitystreams#Public","manualApproval":"https://www.w3.org/ns/activitystreams#Public"},
         "canAnnounce":{"always":"http://example.org/users/i_p_freely","automaticApproval":"http://example.org/users/i_p_freely"}}}""";

  /** GoToSocial's actor (docs/federation/actors.md), with the fields' terms inline. */
  static final String GOTOSOCIAL_ACTOR = """
      {"@context":["http://joinmastodon.org/ns","https://w3id.org/security/v1","https://www.w3.org/ns/activitystreams",
        {"schema":"http://schema.org#","PropertyValue":"schema:PropertyValue","value":"schema:value"}],
       "attachment":[{"name":"should you follow me?","type":"PropertyValue","value":"maybe!"},
         {"name":"age","type":"PropertyValue","value":"120"}],
       "discoverable":false,"featured":"http://example.org/users/1happyturtle/collections/featured",
       "followers":"http://example.org/users/1happyturtle/followers","following":"http://example.org/users/1happyturtle/following",
       "id":"http://example.org/users/1happyturtle","inbox":"http://example.org/users/1happyturtle/inbox",
       "manuallyApprovesFollowers":true,"name":"happy little turtle :3","outbox":"http://example.org/users/1happyturtle/outbox",
       "preferredUsername":"1happyturtle",
       "publicKey":{"id":"http://example.org/users/1happyturtle/main-key","owner":"http://example.org/users/1happyturtle","publicKeyPem":"%s"},
       "summary":"\\u003cp\\u003ei post about things that concern me\\u003c/p\\u003e","tag":[],"type":"Person",
       "url":"http://example.org/@1happyturtle",
       "alsoKnownAs":["https://another-server.com/users/1happyturtle","https://somewhere-else.org/users/originalTurtle"]}""".formatted(PEM);

  /** What GoToSocial serves at its key id: a bare Person, no inbox. */
  static final String GOTOSOCIAL_KEY_ACTOR = """
      {"@context":["https://w3id.org/security/v1","https://www.w3.org/ns/activitystreams"],
       "id":"https://gts.example/users/bob","type":"Person","preferredUsername":"bob",
       "publicKey":{"id":"https://gts.example/users/bob/main-key","owner":"https://gts.example/users/bob","publicKeyPem":"%s"}}""".formatted(PEM);

  /** A GoToSocial outbox page (docs/federation/actors.md). */
  static final String GOTOSOCIAL_OUTBOX_PAGE = """
      {"@context":"https://www.w3.org/ns/activitystreams",
       "id":"https://example.org/users/whatever/outbox?page=true","type":"OrderedCollectionPage",
       "next":"https://example.org/users/whatever/outbox?max_id=01FJC1Q0E3SSQR59TD2M1KP4V8&page=true",
       "prev":"https://example.org/users/whatever/outbox?min_id=01FJC1Q0E3SSQR59TD2M1KP4V8&page=true",
       "partOf":"https://example.org/users/whatever/outbox",
       "orderedItems":[{"id":"https://example.org/users/whatever/statuses/01FJC1MKPVX2VMWP2ST93Q90K7/activity","type":"Create",
         "actor":"https://example.org/users/whatever","published":"2021-10-18T20:06:18Z",
         "to":["https://www.w3.org/ns/activitystreams#Public"],"cc":["https://example.org/users/whatever/followers"],
         "object":"https://example.org/users/whatever/statuses/01FJC1MKPVX2VMWP2ST93Q90K7"}]}""";

  /** GoToSocial's following collection and a featured collection of ids. */
  static final String GOTOSOCIAL_FOLLOWING = """
      {"@context":"https://www.w3.org/ns/activitystreams","first":"https://example.org/users/someone/following?limit=40",
       "id":"https://example.org/users/someone/following","totalItems":397,"type":"OrderedCollection"}""";

  static final String GOTOSOCIAL_FEATURED = """
      {"@context":"https://www.w3.org/ns/activitystreams","id":"https://example.org/users/some_user/collections/featured",
       "orderedItems":"https://example.org/users/some_user/statuses/01GS7VTYH0S77NNXTP6W4G9EAG",
       "totalItems":1,"type":"OrderedCollection"}""";

  /** Fedify's Create: compact values, the actor embedded, an integrity proof. */
  static final String FEDIFY_CREATE = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/data-integrity/v1",
        {"toot":"http://joinmastodon.org/ns#","Emoji":"toot:Emoji","Hashtag":"as:Hashtag","sensitive":"as:sensitive",
         "misskey":"https://misskey-hub.net/ns#","_misskey_quote":"misskey:_misskey_quote","fedibird":"http://fedibird.com/ns#",
         "quoteUri":"fedibird:quoteUri","quoteUrl":"as:quoteUrl"}],
       "id":"https://fedify.example/posts/1#create","type":"Create",
       "actor":{"id":"https://fedify.example/users/carol","type":"Person","preferredUsername":"carol",
         "inbox":"https://fedify.example/users/carol/inbox"},
       "to":"as:Public","cc":"https://fedify.example/users/carol/followers","published":"2025-02-01T10:00:00.123Z",
       "object":{"id":"https://fedify.example/posts/1","type":"Note","attributedTo":"https://fedify.example/users/carol",
         "content":"<p>Quoting <a href=\\"https://mastodon.example/@alice/110\\">this</a></p>","to":"as:Public",
         "cc":"https://fedify.example/users/carol/followers","published":"2025-02-01T10:00:00.123Z",
         "quoteUrl":"https://mastodon.example/users/alice/statuses/110",
         "_misskey_quote":"https://mastodon.example/users/alice/statuses/110",
         "quoteUri":"https://mastodon.example/users/alice/statuses/110",
         "tag":{"type":"Mention","href":"https://mastodon.example/users/alice","name":"@alice@mastodon.example"},
         "attachment":{"type":"Document","mediaType":"image/webp","url":"https://fedify.example/media/1.webp","name":"A sunset"},
         "url":{"type":"Link","href":"https://fedify.example/@carol/1","mediaType":"text/html"}},
       "proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022",
         "verificationMethod":"https://fedify.example/users/carol#key-2","proofPurpose":"assertionMethod",
         "proofValue":"z3sXaxjKs4M3BRicwWA9peyNPJvJqxtGsDmpt1jjoHCjgeUf71TRFz56osPSfDErszyLp5Ks1EhYSgpDaNM977Rg2",
         "created":"2025-02-01T10:00:00Z"}}""";

  /** Fedify's actor: keys as publicKey and as Multikeys under did/v1's assertionMethod. */
  static final String FEDIFY_ACTOR = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",
        "https://w3id.org/security/data-integrity/v1","https://www.w3.org/ns/did/v1","https://w3id.org/security/multikey/v1",
        {"manuallyApprovesFollowers":"as:manuallyApprovesFollowers","toot":"http://joinmastodon.org/ns#",
         "featured":{"@id":"toot:featured","@type":"@id"},"discoverable":"toot:discoverable",
         "indexable":"toot:indexable","memorial":"toot:memorial","suspended":"toot:suspended",
         "Emoji":"toot:Emoji","schema":"http://schema.org#","PropertyValue":"schema:PropertyValue","value":"schema:value"}],
       "id":"https://fedify.example/users/carol","type":"Service","preferredUsername":"carol","name":"Carol (bot)",
       "inbox":"https://fedify.example/users/carol/inbox","outbox":"https://fedify.example/users/carol/outbox",
       "followers":"https://fedify.example/users/carol/followers","following":"https://fedify.example/users/carol/following",
       "endpoints":{"type":"as:Endpoints","sharedInbox":"https://fedify.example/inbox"},
       "publicKey":{"id":"https://fedify.example/users/carol#main-key","type":"CryptographicKey",
         "owner":"https://fedify.example/users/carol","publicKeyPem":"%s"},
       "assertionMethod":[{"id":"https://fedify.example/users/carol#main-key","type":"Multikey",
           "controller":"https://fedify.example/users/carol","publicKeyMultibase":"zDrrhgdgMWRnWmGUQ2q8LEnLRGHxGp2ZiovFjCxnj6xWV4LRAyzUkHy7fR3PNXV"},
         {"id":"https://fedify.example/users/carol#key-2","type":"Multikey","controller":"https://fedify.example/users/carol",
           "publicKeyMultibase":"z6MkmM42vxfqZQsv4ehtTjFFxQ4sQKS2w6WR7emozFAn5cxu"}],
       "attachment":{"type":"PropertyValue","name":"Source","value":"<a href=\\"https://code.example\\">code</a>"},
       "icon":{"type":"Image","mediaType":"image/png","url":"https://fedify.example/avatars/carol.png"},
       "manuallyApprovesFollowers":false,"discoverable":true,"memorial":false,"suspended":false}""".formatted(PEM);

  /** Misskey's Note: Misskey's own terms, quoteUrl and _misskey_quote, a FEP-e232 link, MFM source. */
  static final String MISSKEY_NOTE = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",
        {"Key":"sec:Key","manuallyApprovesFollowers":"as:manuallyApprovesFollowers","sensitive":"as:sensitive",
         "Hashtag":"as:Hashtag","quoteUrl":"as:quoteUrl","toot":"http://joinmastodon.org/ns#","Emoji":"toot:Emoji",
         "featured":"toot:featured","discoverable":"toot:discoverable","schema":"http://schema.org#",
         "PropertyValue":"schema:PropertyValue","value":"schema:value","misskey":"https://misskey-hub.net/ns#",
         "_misskey_content":"misskey:_misskey_content","_misskey_quote":"misskey:_misskey_quote",
         "_misskey_reaction":"misskey:_misskey_reaction","_misskey_votes":"misskey:_misskey_votes",
         "_misskey_summary":"misskey:_misskey_summary","isCat":"misskey:isCat","vcard":"http://www.w3.org/2006/vcard/ns#"}],
       "id":"https://misskey.example/notes/9xyz","type":"Note","attributedTo":"https://misskey.example/users/9abc",
       "content":"<p>RE: <a href=\\"https://mastodon.example/@alice/110\\">https://mastodon.example/@alice/110</a></p>",
       "_misskey_content":"RE: https://mastodon.example/@alice/110",
       "source":{"content":"RE: https://mastodon.example/@alice/110","mediaType":"text/x.misskeymarkdown"},
       "_misskey_quote":"https://mastodon.example/users/alice/statuses/110","quoteUrl":"https://mastodon.example/users/alice/statuses/110",
       "published":"2024-03-03T03:03:03.333Z","to":["https://www.w3.org/ns/activitystreams#Public"],
       "cc":["https://misskey.example/users/9abc/followers"],"inReplyTo":null,"attachment":[],"sensitive":false,
       "tag":[{"type":"Link","mediaType":"application/ld+json; profile=\\"https://www.w3.org/ns/activitystreams\\"",
         "href":"https://mastodon.example/users/alice/statuses/110","name":"RE: https://mastodon.example/@alice/110",
         "rel":"https://misskey-hub.net/ns#_misskey_quote"}]}""";

  /** Misskey's poll: several choices (anyOf), closed, counts typed by Fedify-style contexts. */
  static final String MISSKEY_QUESTION = """
      {"@context":["https://www.w3.org/ns/activitystreams",{"toot":"http://joinmastodon.org/ns#",
        "votersCount":{"@id":"toot:votersCount","@type":"http://www.w3.org/2001/XMLSchema#nonNegativeInteger"},
        "misskey":"https://misskey-hub.net/ns#","_misskey_votes":"misskey:_misskey_votes"}],
       "id":"https://misskey.example/notes/9poll","type":"Question","attributedTo":"https://misskey.example/users/9abc",
       "content":"<p>Pick any</p>","to":"https://www.w3.org/ns/activitystreams#Public","votersCount":4,
       "endTime":"2024-03-04T00:00:00.000Z","closed":"2024-03-04T00:00:00.000Z",
       "anyOf":[{"type":"Note","name":"red","replies":{"type":"Collection","totalItems":3},"_misskey_votes":3},
         {"type":"Note","name":"blue","replies":{"type":"Collection","totalItems":1},"_misskey_votes":1}]}""";

  /** An actor served by Misskey: its featured term is not id-typed, so the document takes the full JSON-LD path. */
  static final String MISSKEY_ACTOR = """
      {"@context":["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1",
        {"Key":"sec:Key","manuallyApprovesFollowers":"as:manuallyApprovesFollowers","toot":"http://joinmastodon.org/ns#",
         "featured":"toot:featured","discoverable":"toot:discoverable","schema":"http://schema.org#",
         "PropertyValue":"schema:PropertyValue","value":"schema:value","misskey":"https://misskey-hub.net/ns#",
         "_misskey_summary":"misskey:_misskey_summary","isCat":"misskey:isCat","Emoji":"toot:Emoji"}],
       "type":"Person","id":"https://misskey.example/users/9abc","inbox":"https://misskey.example/users/9abc/inbox",
       "outbox":"https://misskey.example/users/9abc/outbox","followers":"https://misskey.example/users/9abc/followers",
       "following":"https://misskey.example/users/9abc/following","featured":"https://misskey.example/users/9abc/collections/featured",
       "sharedInbox":"https://misskey.example/inbox","endpoints":{"sharedInbox":"https://misskey.example/inbox"},
       "url":"https://misskey.example/@nyan","preferredUsername":"nyan","name":"Nyan","summary":"<p>meow</p>",
       "_misskey_summary":"meow","isCat":true,"manuallyApprovesFollowers":false,"discoverable":true,
       "publicKey":{"id":"https://misskey.example/users/9abc#main-key","type":"Key","owner":"https://misskey.example/users/9abc","publicKeyPem":"%s"},
       "icon":{"type":"Image","url":"https://misskey.example/files/avatar.webp","sensitive":false,"name":null},
       "tag":[],"attachment":[{"type":"PropertyValue","name":"Home","value":"<a href=\\"https://nyan.example\\">nyan.example</a>"}]}""".formatted(PEM);
}
