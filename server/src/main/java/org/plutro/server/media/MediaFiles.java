package org.plutro.server.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Media files under {@code data/media}: {@code original/} and {@code small/} (previews), named by
 * 128 random bits so that a file's address cannot be guessed from another's. Names are checked
 * against one pattern before any path is built from them.
 */
public final class MediaFiles {
  public static final String ORIGINAL = "original";
  public static final String SMALL = "small";
  private static final Pattern NAME = Pattern.compile("[0-9a-f]{32}\\.(jpg|png|gif|webp|mp4|webm)");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  public MediaFiles(Path root) {
    this.root = root;
    try {
      Files.createDirectories(root.resolve(ORIGINAL));
      Files.createDirectories(root.resolve(SMALL));
      Files.createDirectories(uploads());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + root, e);
    }
  }

  /** Where uploads stream to while they arrive; they are deleted when the request ends. */
  public Path uploads() {
    return root.resolve("uploads");
  }

  /** A new file name under {@link #uploads()}, for a file on its way in. */
  public Path newUpload() {
    byte[] bits = new byte[16];
    RANDOM.nextBytes(bits);
    return uploads().resolve(HexFormat.of().formatHex(bits) + ".part");
  }

  public String newName(MediaFormat format) {
    byte[] bits = new byte[16];
    RANDOM.nextBytes(bits);
    return HexFormat.of().formatHex(bits) + "." + format.extension();
  }

  public Path original(String name) {
    return resolve(ORIGINAL, name).orElseThrow(() -> new IllegalArgumentException(name));
  }

  public Path preview(String name) {
    return resolve(SMALL, name).orElseThrow(() -> new IllegalArgumentException(name));
  }

  /** The file for a request path's folder and name, if both are ours. */
  public Optional<Path> resolve(String folder, String name) {
    if (name == null || !NAME.matcher(name).matches()
        || !(ORIGINAL.equals(folder) || SMALL.equals(folder))) {
      return Optional.empty();
    }
    return Optional.of(root.resolve(folder).resolve(name));
  }

  /** Deletes files, ignoring ones that are already gone. */
  public void delete(String originalName, String previewName) {
    try {
      if (originalName != null) {
        Files.deleteIfExists(original(originalName));
      }
      if (previewName != null) {
        Files.deleteIfExists(preview(previewName));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
