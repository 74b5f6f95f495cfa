package org.plutro.server.mail;

/** One mail to one address: plain text, and the same as simple HTML (null for none). */
public record Mail(String to, String subject, String text, String html) {}
