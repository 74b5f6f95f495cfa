package org.plutro.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.plutro.server.testrig.Eventually;
import org.plutro.server.testrig.Folders;
import org.plutro.server.testrig.TestInstance;

/**
 * The Dockerfile's run stage, done as a container would do it, without a container engine (there
 * is none here): its data folder made and owned by its user before the VOLUME, its ENV, its user
 * (a non-root one: PostgreSQL refuses root), its ENTRYPOINT's command line and its HEALTHCHECK.
 * What this cannot check — the base image, apt, tini as PID 1 — the README says.
 */
class ContainerRecipeIT {
  private static final int NOBODY = 65534;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  /** The Dockerfile's last stage, instruction by instruction (continuation lines joined). */
  record Recipe(List<String> run, Map<String, String> env, String user, String volume,
      List<String> entrypoint, String healthcheck) {
    static Recipe read(Path dockerfile) throws IOException {
      String text = Files.readString(dockerfile).replaceAll("\\\\\\n\\s*", " ");
      List<String> lines = text.lines().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
      int lastFrom = 0;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("FROM ")) {
          lastFrom = i;
        }
      }
      List<String> run = new ArrayList<>();
      Map<String, String> env = new LinkedHashMap<>();
      String user = null;
      String volume = null;
      List<String> entrypoint = List.of();
      String healthcheck = null;
      for (String line : lines.subList(lastFrom + 1, lines.size())) {
        String instruction = line.split("\\s+", 2)[0];
        String rest = line.substring(instruction.length()).strip();
        switch (instruction) {
          case "RUN" -> run.add(volume == null ? rest : "AFTER VOLUME: " + rest);
          case "ENV" -> {
            Matcher pair = Pattern.compile("(\\w+)=(\\S+)").matcher(rest);
            while (pair.find()) {
              env.put(pair.group(1), pair.group(2));
            }
          }
          case "USER" -> user = rest;
          case "VOLUME" -> volume = new JsonArray(rest).getString(0);
          case "ENTRYPOINT" -> {
            List<String> words = new ArrayList<>();
            new JsonArray(rest).forEach(word -> words.add((String) word));
            entrypoint = words;
          }
          case "HEALTHCHECK" -> healthcheck = rest.substring(rest.indexOf("CMD ") + 4);
          default -> { }
        }
      }
      return new Recipe(run, env, user, volume, entrypoint, healthcheck);
    }
  }

  @Test
  void theImagesRunStageStartsAsItsUserOnAnEmptyOwnedVolume() throws Exception {
    Recipe recipe = Recipe.read(Path.of("..", "Dockerfile"));
    assertTrue(recipe.user() != null && !recipe.user().equals("root"), "runs as a non-root user");
    String owned = "chown " + recipe.user() + ":" + recipe.user() + " " + recipe.volume();
    assertTrue(recipe.run().stream().anyMatch(run -> !run.startsWith("AFTER VOLUME")
        && run.contains("mkdir -p " + recipe.volume()) && run.contains(owned)),
        "the volume's folder is made and owned by " + recipe.user() + " before VOLUME: " + recipe.run());
    assertEquals("/usr/bin/tini", recipe.entrypoint().get(0), "an init reaps PostgreSQL's children");
    assertEquals(recipe.volume(), recipe.env().get("PLUTRO_DATA_DIR"), "the data folder is the volume");
    assertTrue(recipe.healthcheck().contains("/readyz"), recipe.healthcheck());

    // A folder laid out as the image has it: the jar, the user's home, an empty owned volume.
    Path root = Files.createTempDirectory("plutro-image");
    try {
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path jar = Files.copy(Path.of(System.getProperty("plutro.jar", "target/plutro.jar")),
          root.resolve("plutro.jar"));
      Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
      Path home = Files.createDirectory(root.resolve("home"));
      Path volume = Files.createDirectory(root.resolve("data"));
      boolean root0 = "root".equals(System.getProperty("user.name"));
      if (root0) {
        for (Path owned0 : List.of(home, volume)) {
          Files.setAttribute(owned0, "unix:uid", NOBODY);
          Files.setAttribute(owned0, "unix:gid", NOBODY);
        }
      }
      Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwx------"));

      int port = TestInstance.freePort();
      List<String> command = new ArrayList<>();
      if (root0) {
        // The image's USER: here the host's unprivileged "nobody" stands in for it.
        command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
      }
      for (String word : recipe.entrypoint()) {
        if (word.equals("/usr/bin/tini") || word.equals("--")) {
          if (Files.isExecutable(Path.of("/usr/bin/tini"))) {
            command.add(word);
          }
        } else if (word.equals("java")) {
          command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        } else {
          command.add(word.endsWith("plutro.jar") ? jar.toString() : word);
        }
      }
      ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(root.toFile(), "server.log")));
      builder.environment().keySet().removeIf(name -> name.startsWith("PLUTRO_"));
      builder.environment().putAll(recipe.env());
      builder.environment().put("HOME", home.toString());
      builder.environment().put("PLUTRO_HTTP_PORT", Integer.toString(port));
      builder.environment().put("PLUTRO_DATA_DIR", volume.toString());
      builder.environment().put("PLUTRO_PUBLIC_URL", "http://127.0.0.1:" + port);
      Process server = builder.start();
      String health = recipe.healthcheck().replaceAll(".*\"(http[^\"]*)\".*", "$1")
          .replace("${PLUTRO_HTTP_PORT}", Integer.toString(port));
      try {
        try {
          Eventually.within(Duration.ofSeconds(120), "the health check passes", () -> answers(health));
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; the server said:\n" + log(root), e);
        }
        try (TestInstance plutro = TestInstance.attachHttp("http://127.0.0.1:" + port)) {
          plutro.signUp("boxed");
          // No SMTP server here: the confirmation link is in the log, as the README says.
          Pattern mailed = Pattern.compile("http://127\\.0\\.0\\.1:" + port + "/auth/confirmation\\S+");
          Eventually.within(Duration.ofSeconds(30), "the confirmation link is logged",
              () -> mailed.matcher(log(root)).find());
          Matcher link = mailed.matcher(log(root));
          assertTrue(link.find());
          assertEquals(200, plutro.get(link.group()).status());
          assertEquals(200, plutro.get("/users/boxed", "Accept", "application/activity+json").status());
        }
        if (root0) {
          long postmaster = Long.parseLong(Files.readAllLines(volume.resolve("postgres/postmaster.pid"))
              .get(0).trim());
          assertEquals(NOBODY, (int) Files.getAttribute(Path.of("/proc/" + postmaster), "unix:uid"),
              "PostgreSQL runs as the image's user");
          assertEquals(NOBODY, (int) Files.getAttribute(volume.resolve("postgres"), "unix:uid",
              LinkOption.NOFOLLOW_LINKS), "and owns its data");
        }
      } finally {
        server.destroy(); // the image's STOPSIGNAL, SIGTERM
      }
      assertTrue(server.waitFor(60, TimeUnit.SECONDS), "SIGTERM stops it");
      Eventually.within(Duration.ofSeconds(30), "and its PostgreSQL",
          () -> !Files.exists(volume.resolve("postgres/postmaster.pid")));
    } finally {
      Folders.deleteTree(root);
    }
  }

  private static boolean answers(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String log(Path root) {
    try {
      return Files.readString(root.resolve("server.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
