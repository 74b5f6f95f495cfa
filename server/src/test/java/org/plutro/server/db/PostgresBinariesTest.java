package org.plutro.server.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {
  @TempDir
  Path runtime;

  @Test
  void unpacksTheArchiveOnceIntoTheFolderZonkyNamesAndRemovesAnEarlierVersionsBinaries() throws Exception {
    Path earlier = Files.createDirectories(runtime.resolve("PG-0123456789abcdef/bin"));
    PostgresBinaries binaries = new PostgresBinaries(runtime);

    byte[] stamp = read(binaries.getPgBinary("Linux", System.getProperty("os.arch")));

    // zonky is answered with a short stamp, not the 15 MB archive it would read into the heap.
    assertTrue(stamp.length < 200, new String(stamp));
    List<Path> folders = list(runtime);
    assertEquals(1, folders.size(), "only the unpacked folder is left: " + folders);
    Path folder = folders.get(0);
    assertTrue(folder.getFileName().toString().startsWith("PG-"));
    assertFalse(Files.exists(earlier));
    assertTrue(PostgresBinaries.ready(folder), "zonky's marker is newer than everything unpacked");
    assertTrue(Files.isExecutable(folder.resolve("bin/postgres")));
    assertTrue(Files.isExecutable(folder.resolve("bin/initdb")));
    assertTrue(Files.size(folder.resolve("bin/postgres")) > 1_000_000);

    // The next start finds it unpacked: nothing is written again.
    FileTime unpacked = Files.getLastModifiedTime(folder.resolve("bin/postgres"));
    assertArrayEquals(stamp, read(new PostgresBinaries(runtime).getPgBinary("Linux",
        System.getProperty("os.arch"))));
    assertEquals(unpacked, Files.getLastModifiedTime(folder.resolve("bin/postgres")));
    assertEquals(List.of(folder), list(runtime));
  }

  @Test
  void aFolderLeftHalfUnpackedIsUnpackedAgain() throws Exception {
    PostgresBinaries binaries = new PostgresBinaries(runtime);
    read(binaries.getPgBinary("Linux", System.getProperty("os.arch")));
    Path folder = list(runtime).get(0);
    Files.delete(folder.resolve(PostgresBinaries.MARKER));
    Files.delete(folder.resolve("bin/postgres"));
    assertFalse(PostgresBinaries.ready(folder));

    read(binaries.getPgBinary("Linux", System.getProperty("os.arch")));

    assertTrue(PostgresBinaries.ready(folder));
    assertTrue(Files.isExecutable(folder.resolve("bin/postgres")));
  }

  private static byte[] read(InputStream in) throws Exception {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static List<Path> list(Path folder) throws Exception {
    try (Stream<Path> paths = Files.list(folder)) {
      return paths.toList();
    }
  }
}
