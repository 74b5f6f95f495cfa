package org.plutro.federation.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A Titanium document loader that serves only the standard contexts bundled in the jar
 * ({@code jsonld/INDEX.tsv}) and refuses every other URL: a peer must never make us fetch
 * anything, and nothing is ever loaded from the network. Each context is parsed once.
 */
public final class BundledContexts implements DocumentLoader {
  public static final BundledContexts INSTANCE = new BundledContexts();
  private final Map<String, Document> documents = new HashMap<>();
  private final Map<String, String> files = new java.util.LinkedHashMap<>();

  private BundledContexts() {
    try (InputStream index = resource("INDEX.tsv");
         BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        String[] columns = line.split("\t");
        if (columns.length < 2 || columns[0].equals("url")) {
          continue;
        }
        files.put(columns[0].trim(), columns[1].trim());
        try (InputStream json = resource(columns[1].trim())) {
          documents.put(key(columns[0].trim()), JsonDocument.of(json));
        }
      }
    } catch (IOException | JsonLdError e) {
      throw new IllegalStateException("bundled JSON-LD contexts are unreadable", e);
    }
  }

  /** The URLs of the bundled contexts, as INDEX.tsv lists them. */
  public java.util.Set<String> urls() {
    return files.keySet();
  }

  /** A bundled context's JSON, unparsed. */
  byte[] raw(String url) throws IOException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      if (key(file.getKey()).equals(key(url))) {
        try (InputStream in = resource(file.getValue())) {
          return in.readAllBytes();
        }
      }
    }
    throw new IOException("not bundled: " + url);
  }

  /** Whether {@code url} names a context we bundle (in any of the spellings peers use). */
  public boolean has(String url) {
    return documents.containsKey(key(url));
  }

  @Override
  public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
    Document document = documents.get(key(url.toString()));
    if (document == null) {
      throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED,
          "context " + url + " is not one we know; remote contexts are never fetched");
    }
    return document;
  }

  /** One key for the spellings of a context URL: http or https, trailing slash, .jsonld or .json. */
  static String key(String url) {
    String key = url.trim();
    if (key.startsWith("http://")) {
      key = "https://" + key.substring(7);
    }
    int hash = key.indexOf('#');
    if (hash >= 0) {
      key = key.substring(0, hash);
    }
    if (key.endsWith("/")) {
      key = key.substring(0, key.length() - 1);
    }
    if (key.endsWith(".jsonld")) {
      key = key.substring(0, key.length() - 7);
    } else if (key.endsWith(".json") && !key.endsWith("/context.json")) {
      key = key.substring(0, key.length() - 5);
    }
    return key;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = BundledContexts.class.getResourceAsStream("/jsonld/" + name);
    if (in == null) {
      throw new IOException("missing bundled context " + name);
    }
    return in;
  }
}
