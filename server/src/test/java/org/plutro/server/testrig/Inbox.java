package org.plutro.server.testrig;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server on loopback (GreenMail, on a free port) that keeps every mail it receives:
 * an instance started with {@link #environment()} sends its mail here, and tests read it as a
 * person reads their inbox.
 */
public final class Inbox implements AutoCloseable {
  private static final Pattern LINK = Pattern.compile("https?://\\S+");

  /** A received mail, decoded: its plain text and its HTML part (null if none). */
  public record Mail(String from, String to, String subject, String text, String html) {
    /** The first link in the text that starts with {@code prefix} (a full URL or a path). */
    public String link(String prefix) {
      Matcher matcher = LINK.matcher(text);
      while (matcher.find()) {
        String url = matcher.group();
        if (url.startsWith(prefix) || url.replaceFirst("^https?://[^/]+", "").startsWith(prefix)) {
          return url;
        }
      }
      throw new AssertionError("no link starting " + prefix + " in:\n" + text);
    }
  }

  private final GreenMail server;
  private final int port;

  private Inbox(int port) {
    this.port = port;
    this.server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
  }

  /** An SMTP server on a free loopback port, started. */
  public static Inbox start() {
    return start(TestInstance.freePort());
  }

  /** An SMTP server on {@code port}, started (to bring a server up where one was missing). */
  public static Inbox start(int port) {
    Inbox inbox = new Inbox(port);
    inbox.server.start();
    return inbox;
  }

  public int port() {
    return port;
  }

  /** The settings that send an instance's mail here. */
  public Map<String, String> environment() {
    return smtpAt(port);
  }

  /** The settings that send mail to a plain SMTP server on loopback at {@code port}. */
  public static Map<String, String> smtpAt(int port) {
    return Map.of("PLUTRO_SMTP_HOST", "127.0.0.1", "PLUTRO_SMTP_PORT", Integer.toString(port),
        "PLUTRO_SMTP_TLS", "none", "PLUTRO_SMTP_FROM", "plutro@test.example");
  }

  /** Every mail received so far, oldest first. */
  public List<Mail> all() {
    List<Mail> mails = new ArrayList<>();
    for (MimeMessage message : server.getReceivedMessages()) {
      mails.add(decode(message));
    }
    return mails;
  }

  /** Mails to {@code address}, oldest first. */
  public List<Mail> to(String address) {
    return all().stream().filter(mail -> mail.to().equalsIgnoreCase(address)).toList();
  }

  /** Waits for the {@code n}th mail to {@code address} titled {@code subject} (1 is the first). */
  public Mail await(String address, String subject, int n) {
    Eventually.within(Duration.ofSeconds(20), n + " mail(s) to " + address + ": " + subject,
        () -> titled(address, subject).size() >= n);
    return titled(address, subject).get(n - 1);
  }

  /** Waits for the first mail to {@code address} titled {@code subject}. */
  public Mail await(String address, String subject) {
    return await(address, subject, 1);
  }

  private List<Mail> titled(String address, String subject) {
    return to(address).stream().filter(mail -> subject.equals(mail.subject())).toList();
  }

  private static Mail decode(MimeMessage message) {
    try {
      String to = Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString)
          .findFirst().orElse("");
      String from = message.getFrom() == null ? "" : message.getFrom()[0].toString();
      String[] parts = new String[2];
      collect(message, parts);
      return new Mail(from, to, message.getSubject(), parts[0], parts[1]);
    } catch (Exception e) {
      throw new IllegalStateException("unreadable mail", e);
    }
  }

  private static void collect(Part part, String[] parts) throws Exception {
    if (part.isMimeType("text/plain") && parts[0] == null) {
      parts[0] = (String) part.getContent();
    } else if (part.isMimeType("text/html") && parts[1] == null) {
      parts[1] = (String) part.getContent();
    } else if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        collect(body, parts);
      }
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
