package org.plutro.server.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The embedded PostgreSQL's binaries, unpacked into {@code <data dir>/pg-runtime} one file at a
 * time. zonky names the unpacked folder {@code PG-<MD5 of what the resolver answers>} and unpacks
 * only when that folder lacks its {@code .exists} marker, but it reads the whole 15 MB archive into
 * the heap at every start to take that digest, and unpacks by holding every file (57 MB) in memory
 * at once, written by a pool of threads that each keep a native buffer as big as the biggest file
 * they wrote. A small heap grows to 180 MB for that and never gives it back: a first start ended at
 * 300 MB of RSS where a restart ends at 150. So zonky is answered with a short stamp of the archive
 * (its name, CRC and size), and the folder it names is unpacked here, streaming, before it looks.
 */
final class PostgresBinaries implements PgBinaryResolver {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
  /** zonky's marker of a completely unpacked folder. */
  static final String MARKER = ".exists";
  private final Path runtime;

  /** {@code runtime}: the folder zonky is given as its working directory. */
  PostgresBinaries(Path runtime) {
    this.runtime = runtime;
  }

  @Override
  public InputStream getPgBinary(String system, String architecture) throws IOException {
    String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + ArchUtils.normalize(architecture) + ".txz";
    URL archive = PostgresBinaries.class.getClassLoader().getResource(name);
    if (archive == null) {
      // Not one of the archives this build ships: zonky finds its own, its own way.
      return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
    }
    byte[] stamp = stamp(name, archive).getBytes(StandardCharsets.UTF_8);
    Path folder = runtime.resolve("PG-" + md5(stamp));
    if (!ready(folder)) {
      unpack(archive, folder);
    }
    return new ByteArrayInputStream(stamp);
  }

  /** What tells one archive from another without reading it: its entry's CRC and size. */
  static String stamp(String name, URL archive) throws IOException {
    URLConnection connection = archive.openConnection();
    if (connection instanceof JarURLConnection jar) {
      return name + " crc " + Long.toHexString(jar.getJarEntry().getCrc()) + " size "
          + jar.getJarEntry().getSize();
    }
    Path file = Path.of(archive.getPath());
    return name + " size " + Files.size(file) + " modified " + Files.getLastModifiedTime(file).toMillis();
  }

  /** zonky's test of an unpacked folder: its marker is there and newer than everything beside it. */
  static boolean ready(Path folder) {
    File marker = folder.resolve(MARKER).toFile();
    if (!marker.exists()) {
      return false;
    }
    File[] entries = folder.toFile().listFiles(file -> !file.equals(marker));
    long newest = entries == null ? Long.MAX_VALUE
        : Stream.of(entries).mapToLong(File::lastModified).max().orElse(Long.MAX_VALUE);
    return folder.toFile().lastModified() - 100 <= marker.lastModified() && newest <= marker.lastModified();
  }

  /**
   * Unpacks into a folder beside {@code folder}, marks it complete, renames it into place, and
   * removes binaries an earlier version unpacked.
   */
  private void unpack(URL archive, Path folder) throws IOException {
    long started = System.nanoTime();
    Path partial = folder.resolveSibling(folder.getFileName() + ".partial");
    deleteTree(partial);
    Files.createDirectories(partial);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(archive.openStream()))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = partial.resolve(entry.getName()).normalize();
        if (!target.startsWith(partial)) {
          throw new IOException("an entry outside the archive's folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        if (entry.isSymbolicLink() || entry.isLink()) {
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isFile()) {
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        } else {
          throw new IOException("an entry of an unexpected kind: " + entry.getName());
        }
      }
    }
    Path marker = partial.resolve(MARKER);
    Files.createFile(marker);
    marker.toFile().setLastModified(System.currentTimeMillis());
    deleteTree(folder);
    Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
    try (Stream<Path> earlier = Files.list(runtime)) {
      for (Path other : earlier.filter(path -> path.getFileName().toString().startsWith("PG-")
          && !path.equals(folder)).toList()) {
        deleteTree(other);
      }
    }
    LOG.info("Unpacked PostgreSQL into {} ({} ms)", folder, (System.nanoTime() - started) / 1_000_000);
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = new HashSet<>();
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << (bits.length - 1 - i))) != 0) {
        permissions.add(bits[i]);
      }
    }
    permissions.add(PosixFilePermission.OWNER_READ);
    return permissions;
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
