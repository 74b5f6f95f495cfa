package org.plutro.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL that runs when no database URL is set. Its data lives in
 * {@code <data dir>/postgres} and survives restarts; its binaries unpack into
 * {@code <data dir>/pg-runtime} rather than the system temp folder, one file at a time
 * ({@link PostgresBinaries}).
 *
 * <p>It holds the operator's data, so it is guarded: it listens on loopback only and every
 * connection, TCP or local socket, needs the generated password kept in
 * {@code <data dir>/postgres-password} (mode 0600). The process that starts it holds a lock on
 * {@code <data dir>/plutro.lock} until it has stopped it: a second server on the folder refuses,
 * the admin command line attaches to the running one without ever stopping it, and a PostgreSQL
 * left running by a process that died ({@code kill -9}) is stopped and started afresh by the next.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  public static final String DATABASE = "plutro";
  static final String SUPERUSER = "postgres";
  /**
   * PBKDF2 rounds of the stored password. PostgreSQL's default, 4096, stretches passwords people
   * choose; ours is 256 random bits, which no number of guesses finds. Every connection repeats
   * the rounds in the client, and a JVM that has just started runs them slowly: 4096 cost some
   * hundred milliseconds per connection at start-up, several connections before the server is
   * ready.
   */
  static final int SCRAM_ITERATIONS = 16;
  private static final Pattern SCRAM_VERIFIER = Pattern.compile("SCRAM-SHA-256\\$([0-9]+):.*");
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);
  private static final String HBA = """
      # Written by Plutro at every start: every connection needs the password in postgres-password.
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  /** Who opens the folder: a server owns it; the command line may use a server's database. */
  public enum Opener { SERVER, COMMAND_LINE }

  /** The data folder belongs to another running process. */
  public static final class FolderInUse extends IOException {
    FolderInUse(String message) {
      super(message);
    }
  }

  private final EmbeddedPostgres postgres;
  private final int port;
  private final String password;
  private final FileChannel lockChannel;

  private EmbeddedDatabase(EmbeddedPostgres postgres, int port, String password,
      FileChannel lockChannel) {
    this.postgres = postgres;
    this.port = port;
    this.password = password;
    this.lockChannel = lockChannel;
  }

  public static EmbeddedDatabase startOrAttach(Path dataDir, int sharedBuffersMb, Opener opener)
      throws IOException {
    return claim(dataDir, opener).start(sharedBuffersMb);
  }

  /**
   * Takes the data folder (or, for the command line, finds the running server's database), and
   * settles the port and password its PostgreSQL will have, without starting it: the server builds
   * its components against {@link Claim#address()} while PostgreSQL starts.
   */
  public static Claim claim(Path dataDir, Opener opener) throws IOException {
    Files.createDirectories(dataDir);
    Path pgData = dataDir.resolve("postgres");
    Path passwordFile = dataDir.resolve("postgres-password");
    FileChannel lockChannel = FileChannel.open(dataDir.resolve("plutro.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    FileLock lock = tryLock(lockChannel);
    if (lock == null) {
      String holder = readHolder(dataDir.resolve("plutro.lock"));
      lockChannel.close();
      Optional<Postmaster> running = Postmaster.of(pgData);
      if (opener == Opener.SERVER || running.isEmpty() || !Files.exists(passwordFile)) {
        throw new FolderInUse("the data folder " + dataDir + " (PLUTRO_DATA_DIR) is in use by"
            + " another Plutro process" + holder + "; stop it first. Several servers share one"
            + " database through PLUTRO_DATABASE_URL, not one data folder.");
      }
      LOG.info("Using the embedded PostgreSQL of the Plutro process{} (port {})", holder,
          running.get().port());
      return new Claim(new EmbeddedDatabase(null, running.get().port(),
          readPassword(passwordFile), null));
    }
    try {
      writeHolder(lockChannel);
      Optional<Postmaster> orphan = Postmaster.of(pgData);
      if (orphan.isPresent()) {
        orphan.get().stop(ORPHAN_STOP_WAIT);
      }
      Files.createDirectories(dataDir.resolve("pg-runtime"));
      boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
      // A folder made before passwords were kept: its cluster trusts local connections until the
      // password chosen here is set, once, after it starts.
      boolean legacy = !fresh && !Files.exists(passwordFile);
      if (!legacy && !Files.exists(passwordFile)) {
        writePassword(passwordFile, generatePassword());
      }
      String password = legacy ? generatePassword() : readPassword(passwordFile);
      return new Claim(dataDir, pgData, passwordFile, lockChannel, freePort(), password, legacy);
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  /** A data folder taken by {@link #claim}: its database's address, and the start still to make. */
  public static final class Claim {
    private final EmbeddedDatabase attached;
    private final Path dataDir;
    private final Path pgData;
    private final Path passwordFile;
    private final FileChannel lockChannel;
    private final int port;
    private final String password;
    private final boolean legacy;

    private Claim(EmbeddedDatabase attached) {
      this(attached, null, null, null, null, attached.port, attached.password, false);
    }

    private Claim(Path dataDir, Path pgData, Path passwordFile, FileChannel lockChannel, int port,
        String password, boolean legacy) {
      this(null, dataDir, pgData, passwordFile, lockChannel, port, password, legacy);
    }

    private Claim(EmbeddedDatabase attached, Path dataDir, Path pgData, Path passwordFile,
        FileChannel lockChannel, int port, String password, boolean legacy) {
      this.attached = attached;
      this.dataDir = dataDir;
      this.pgData = pgData;
      this.passwordFile = passwordFile;
      this.lockChannel = lockChannel;
      this.port = port;
      this.password = password;
      this.legacy = legacy;
    }

    /** Where the database answers once started. */
    public DatabaseAddress address() {
      return new DatabaseAddress("127.0.0.1", port, DATABASE, SUPERUSER, password);
    }

    /** Starts PostgreSQL (unless a running server's is used); lets go of the folder if it cannot. */
    public EmbeddedDatabase start(int sharedBuffersMb) throws IOException {
      if (attached != null) {
        return attached;
      }
      try {
        return EmbeddedDatabase.start(dataDir, pgData, passwordFile, sharedBuffersMb, lockChannel,
            port, password, legacy);
      } catch (IOException | RuntimeException e) {
        lockChannel.close();
        throw e;
      }
    }
  }

  private static EmbeddedDatabase start(Path dataDir, Path pgData, Path passwordFile,
      int sharedBuffersMb, FileChannel lockChannel, int port, String password, boolean legacy)
      throws IOException {
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(dataDir.resolve("pg-runtime").toFile())
        .setPgBinaryResolver(new PostgresBinaries(dataDir.resolve("pg-runtime")))
        .setRegisterShutdownHook(false)
        .setPort(port)
        // zonky starts PostgreSQL with -F (no fsync) and synchronous_commit=off, a test library's
        // defaults; a server's data must survive a power cut, and what we answered as stored
        // must be on disk. -c options come after zonky's, so these win.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("password_encryption", "scram-sha-256")
        .setServerConfig("scram_iterations", Integer.toString(SCRAM_ITERATIONS))
        .setServerConfig("max_connections", "200")
        .setServerConfig("shared_buffers", sharedBuffersMb + "MB")
        .setPGStartupWait(Duration.ofSeconds(60));
    if (!legacy) {
      // zonky runs initdb with "-A trust"; these later options win: the superuser gets our
      // password from the start, and pg_hba.conf is written again before every start.
      builder.setLocaleConfig("auth", "scram-sha-256")
          .setLocaleConfig("pwfile", passwordFile.toString())
          .setConnectConfig("password", password)
          .setDataDirectoryCustomizer(folder -> writeHba(folder.toPath()));
    }
    EmbeddedPostgres postgres = builder.start();
    EmbeddedDatabase database = new EmbeddedDatabase(postgres, postgres.getPort(),
        legacy ? "" : password, lockChannel);
    if (legacy) {
      database = database.requirePassword(passwordFile, pgData, password);
    }
    database.ensureDatabase();
    LOG.info("Embedded PostgreSQL started on port {} with data in {} and {} MiB of shared buffers ({} ms)",
        postgres.getPort(), pgData, sharedBuffersMb, (System.nanoTime() - started) / 1_000_000);
    return database;
  }

  /** A port free now on loopback, for PostgreSQL to take (as zonky would choose one). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** JDBC-free connection settings for the reactive client and Flyway. */
  public DatabaseAddress address() {
    return new DatabaseAddress("127.0.0.1", port, DATABASE, SUPERUSER, password);
  }

  /** Stops PostgreSQL if this process started it, then lets go of the data folder. */
  @Override
  public void close() throws IOException {
    try {
      if (postgres != null) {
        postgres.close();
        LOG.info("Embedded PostgreSQL stopped");
      }
    } finally {
      if (lockChannel != null) {
        lockChannel.close();
      }
    }
  }

  /** Gives a trusting cluster from an earlier version its password, then stops trusting. */
  private EmbeddedDatabase requirePassword(Path passwordFile, Path pgData, String generated)
      throws IOException {
    try (Connection connection = connect(SUPERUSER, "");
         Statement statement = connection.createStatement()) {
      statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + generated + "'");
      writePassword(passwordFile, generated);
      writeHba(pgData);
      statement.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("cannot set the embedded PostgreSQL's password: " + e.getMessage(), e);
    }
    LOG.info("The embedded PostgreSQL now requires the password kept in {}", passwordFile);
    return new EmbeddedDatabase(postgres, port, generated, lockChannel);
  }

  private void ensureDatabase() throws IOException {
    try (Connection connection = connect(SUPERUSER, password);
         Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery(
          "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (!rows.next()) {
          statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8'");
        }
      }
      rehashPassword(statement);
    } catch (SQLException e) {
      throw new IOException("cannot create the " + DATABASE + " database: " + e.getMessage(), e);
    }
  }

  /**
   * Stores the password again with {@link #SCRAM_ITERATIONS} rounds when it has others: initdb and
   * earlier versions stored it with PostgreSQL's default.
   */
  private void rehashPassword(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery(
        "SELECT rolpassword FROM pg_authid WHERE rolname = '" + SUPERUSER + "'")) {
      Matcher verifier = SCRAM_VERIFIER.matcher(rows.next() && rows.getString(1) != null
          ? rows.getString(1) : "");
      if (password.isEmpty() || (verifier.matches()
          && Integer.parseInt(verifier.group(1)) == SCRAM_ITERATIONS)) {
        return;
      }
    }
    // The server's scram_iterations is ours (see start), so this stores the rounds we want.
    statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
  }

  private Connection connect(String user, String secret) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", secret);
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        properties);
  }

  private static void writeHba(Path pgData) {
    try {
      Files.writeString(pgData.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + pgData.resolve("pg_hba.conf"), e);
    }
  }

  private static String generatePassword() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static void writePassword(Path file, String password) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(temporary);
    Files.createFile(temporary,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
    Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static String readPassword(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // this very process holds it (a second server started in one JVM)
    }
  }

  private static void writeHolder(FileChannel channel) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
        .getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
  }

  private static String readHolder(Path lockFile) {
    try {
      String pid = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
      return pid.isEmpty() ? "" : " (pid " + pid + ")";
    } catch (IOException e) {
      return "";
    }
  }

  /** A PostgreSQL server process running on a data folder, from its postmaster.pid. */
  record Postmaster(ProcessHandle process, int port) {
    /** The live postmaster of {@code pgData} (see PostgreSQL's pidfile.h for the file's lines). */
    static Optional<Postmaster> of(Path pgData) {
      Path pidFile = pgData.resolve("postmaster.pid");
      try {
        if (!Files.isRegularFile(pidFile)) {
          return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 4) {
          return Optional.empty();
        }
        long pid = Long.parseLong(lines.get(0).trim());
        int port = Integer.parseInt(lines.get(3).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
            .filter(Postmaster::isPostgres).map(process -> new Postmaster(process, port));
      } catch (IOException | NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** The pid file may name a process that reused a dead postmaster's pid. */
    private static boolean isPostgres(ProcessHandle process) {
      return process.info().command().map(command -> command.endsWith("postgres")).orElse(true);
    }

    /** A smart shutdown (SIGTERM): its clients died with the process that started it. */
    void stop(Duration wait) throws IOException {
      LOG.warn("Stopping the embedded PostgreSQL (pid {}) left running by a Plutro process that"
          + " ended without stopping it", process.pid());
      process.destroy();
      try {
        process.onExit().get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new IOException("the embedded PostgreSQL left running by an earlier process (pid "
            + process.pid() + ") did not stop within " + wait.toSeconds() + " s; stop it and"
            + " start again", e);
      }
    }
  }
}
