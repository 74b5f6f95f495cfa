package org.plutro.server.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.server.db.DatabaseAddress;
import org.plutro.server.service.Secrets;
import org.plutro.server.store.OAuthStore.Bearer;
import org.plutro.server.testrig.TestInstance;

/**
 * A token check is kept for a minute, unless what it concerns is forgotten first; a check that
 * was answered while a change was announced is not kept at all. The store here listens to no
 * announcement: a token revoked in the database stays valid to it until it forgets or ages.
 */
class OAuthStoreTest {
  static TestInstance plutro;
  static Vertx vertx;
  static Pool pool;
  final AtomicLong nanos = new AtomicLong();
  final OAuthStore store = new OAuthStore(pool, nanos::get);

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().using(vertx).connectingTo(
        DatabaseAddress.parse(plutro.settings().databaseUrl().orElseThrow()).connectOptions()).build();
  }

  @AfterAll
  static void stop() {
    vertx.close();
    plutro.close();
  }

  @Test
  void aCheckIsKeptForAMinute() throws Exception {
    byte[] token = tokenOf("kept");
    assertTrue(check(token).isPresent());
    revokeBehindItsBack(token);
    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    assertTrue(check(token).isPresent(), "kept");
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertFalse(check(token).isPresent(), "checked again after a minute");
  }

  @Test
  void aChangedAccountIsCheckedAgainAtOnce() throws Exception {
    var member = plutro.register("changed");
    byte[] token = Secrets.sha256(member.token());
    assertTrue(check(token).isPresent());
    revokeBehindItsBack(token);
    store.forgetAccount(Long.parseLong(member.id()));
    assertFalse(check(token).isPresent());
  }

  @Test
  void anAnnouncedTokenIsCheckedAgainAtOnce() throws Exception {
    byte[] token = tokenOf("announced");
    long tokenId = check(token).orElseThrow().token().id();
    revokeBehindItsBack(token);
    store.onChange("token:" + tokenId);
    assertFalse(check(token).isPresent());
  }

  @Test
  void aCheckAnsweredDuringAChangeIsNotKept() throws Exception {
    byte[] token = tokenOf("racing");
    // On one context, the check's answer is handled only after forgetAll has run.
    Promise<Optional<Bearer>> answered = Promise.promise();
    vertx.runOnContext(v -> {
      store.token(token).onComplete(answered);
      store.forgetAll();
    });
    assertTrue(await(answered.future()).isPresent());
    revokeBehindItsBack(token);
    assertFalse(check(token).isPresent());
  }

  private static byte[] tokenOf(String username) {
    return Secrets.sha256(plutro.register(username).token());
  }

  private Optional<Bearer> check(byte[] token) throws Exception {
    return await(store.token(token));
  }

  private static void revokeBehindItsBack(byte[] token) {
    plutro.sql("UPDATE oauth_tokens SET revoked_at = now() WHERE token_hash = $1",
        io.vertx.core.buffer.Buffer.buffer(token));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
