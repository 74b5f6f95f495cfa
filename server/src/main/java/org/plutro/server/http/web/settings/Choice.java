package org.plutro.server.http.web.settings;

/** One option of a select or a group of radio buttons: the value sent, the words shown. */
public record Choice(String value, String label) {}
