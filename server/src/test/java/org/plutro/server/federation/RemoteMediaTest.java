package org.plutro.server.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.FakeRemote;
import org.plutro.server.testrig.SignedPost;
import org.plutro.server.testrig.TestInstance;

/** A remote Note's attachments are linked (remote_url), never copied, at most four. */
class RemoteMediaTest {
  static TestInstance plutro;
  static FakeRemote remote;

  @BeforeAll
  static void start() {
    plutro = TestInstance.start();
    remote = new FakeRemote();
    plutro.register("target");
  }

  @AfterAll
  static void stop() {
    plutro.close();
    remote.close();
  }

  @Test
  void attachmentsOfAnIncomingNoteAreLinked() {
    FakeRemote.Actor poster = remote.actor("photographer");
    JsonArray attachments = new JsonArray()
        .add(new JsonObject().put("type", "Document").put("mediaType", "image/jpeg")
            .put("url", "https://files.example/owl.jpg").put("name", "An owl at night")
            .put("blurhash", "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH").put("width", 1200)
            .put("height", 800).put("focalPoint", new JsonArray().add(0.5).add(-0.25)))
        .add(new JsonObject().put("type", "Video").put("url", new JsonObject()
            .put("type", "Link").put("href", "https://files.example/clip.mp4")))
        .add(new JsonObject().put("type", "Document").put("url", "javascript:alert(1)"));
    for (int i = 0; i < 4; i++) {
      attachments.add(new JsonObject().put("type", "Image").put("url", "https://files.example/" + i + ".png"));
    }
    JsonObject note = new JsonObject().put("id", poster.uri() + "/notes/1").put("type", "Note")
        .put("attributedTo", poster.uri()).put("content", "<p>Look</p>")
        .put("published", "2026-01-01T00:00:00Z")
        .put("to", new JsonArray().add("https://www.w3.org/ns/activitystreams#Public"))
        .put("attachment", attachments);
    JsonObject create = new JsonObject().put("@context", "https://www.w3.org/ns/activitystreams")
        .put("id", poster.uri() + "/notes/1/activity").put("type", "Create")
        .put("actor", poster.uri()).put("to", note.getValue("to")).put("object", note);
    assertEquals(202, SignedPost.post(plutro, "/inbox", poster.signer(), RequestSigner.Style.CAVAGE,
        create.encode(), Map.of()).status());
    Eventually.within10s("the note and its media are stored", () -> plutro.count(
        "SELECT count(*) FROM media_attachments m JOIN statuses s ON s.id = m.status_id WHERE s.uri = $1",
        poster.uri() + "/notes/1") == 4);
    var rows = plutro.sql("SELECT m.type, m.remote_url, m.file_name, m.description, m.blurhash,"
        + " m.width, m.focus_y FROM media_attachments m JOIN statuses s ON s.id = m.status_id"
        + " WHERE s.uri = $1 ORDER BY m.position", poster.uri() + "/notes/1");
    var first = rows.iterator().next();
    assertEquals("image", first.getString("type"));
    assertEquals("https://files.example/owl.jpg", first.getString("remote_url"));
    assertEquals(null, first.getString("file_name"));
    assertEquals("An owl at night", first.getString("description"));
    assertEquals("UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH", first.getString("blurhash"));
    assertEquals(1200, first.getInteger("width"));
    assertEquals(-0.25, first.getDouble("focus_y"));
    var it = rows.iterator();
    it.next();
    var second = it.next();
    assertEquals("video", second.getString("type"));
    assertEquals("https://files.example/clip.mp4", second.getString("remote_url"));
    assertEquals("https://files.example/0.png", it.next().getString("remote_url"));
  }
}
