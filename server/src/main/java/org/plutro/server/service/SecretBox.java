package org.plutro.server.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small secrets that the server must read back (two-factor secrets) with AES-256-GCM under
 * a key kept in a file of the data folder, readable by the server's user only (as the embedded
 * database's password). A copy of the database alone then reveals none of them. Each sealed value
 * is bound to a context (the account), so it cannot be moved to another row.
 */
public final class SecretBox {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  public SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("a 256-bit key is needed");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The box whose key is in {@code file}, made (random, owner-only) if there is none yet. */
  public static SecretBox fromFile(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return new SecretBox(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or make the key file " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    Path temporary = file.resolveSibling(file.getFileName() + "." + Secrets.token().substring(0, 8));
    Files.createFile(temporary,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
    try {
      // Never replaces a key another process made meanwhile: secrets sealed with it stay readable.
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Another process made it first: use theirs.
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** A key of its own for {@code purpose}, derived from this one (HMAC-SHA256), the same in every process. */
  public byte[] derivedKey(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] seal(byte[] plain, String context) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    byte[] sealed = run(Cipher.ENCRYPT_MODE, iv, plain, context);
    return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
  }

  /** The secret, or an {@link IllegalStateException} if it was not sealed by this key for this context. */
  public byte[] open(byte[] sealed, String context) {
    if (sealed.length <= IV_BYTES) {
      throw new IllegalStateException("not a sealed value");
    }
    byte[] iv = java.util.Arrays.copyOf(sealed, IV_BYTES);
    return run(Cipher.DECRYPT_MODE, iv, java.util.Arrays.copyOfRange(sealed, IV_BYTES, sealed.length), context);
  }

  private byte[] run(int mode, byte[] iv, byte[] input, String context) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
          + " the secret", e);
    }
  }
}
