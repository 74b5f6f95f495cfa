package org.plutro.federation.signature;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small RFC 8941 (Structured Field Values) parser and serializer: dictionaries, inner lists,
 * parameters, and the bare item types integer, decimal, string, token, byte sequence and
 * boolean. Members of a dictionary are {@link Item} or {@link InnerList}.
 */
final class StructuredFields {
  /** A token such as {@code sig1} or {@code application/json}. */
  record Token(String value) {}

  /** A byte sequence, {@code :base64:}. */
  record ByteSequence(byte[] bytes) {}

  /** A bare item with its parameters (insertion-ordered, unmodifiable). */
  record Item(Object value, Map<String, Object> params) {}

  /** An inner list with its parameters (insertion-ordered, unmodifiable). */
  record InnerList(List<Item> items, Map<String, Object> params) {}

  private StructuredFields() {}

  /** Parses a dictionary field value; {@code field} names the header in error messages. */
  static Map<String, Object> parseDictionary(String input, String field)
      throws SignatureException {
    return new Parser(input, field).dictionary();
  }

  static String serialize(InnerList list) {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < list.items().size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      serialize(list.items().get(i), out);
    }
    out.append(')');
    serializeParams(list.params(), out);
    return out.toString();
  }

  static String serialize(Item item) {
    StringBuilder out = new StringBuilder();
    serialize(item, out);
    return out.toString();
  }

  private static void serialize(Item item, StringBuilder out) {
    serializeBare(item.value(), out);
    serializeParams(item.params(), out);
  }

  private static void serializeParams(Map<String, Object> params, StringBuilder out) {
    for (var param : params.entrySet()) {
      out.append(';').append(param.getKey());
      if (!Boolean.TRUE.equals(param.getValue())) {
        out.append('=');
        serializeBare(param.getValue(), out);
      }
    }
  }

  private static void serializeBare(Object value, StringBuilder out) {
    if (value instanceof Long number) {
      out.append(number.longValue());
    } else if (value instanceof BigDecimal decimal) {
      String plain = decimal.toPlainString();
      out.append(plain.indexOf('.') < 0 ? plain + ".0" : plain);
    } else if (value instanceof String string) {
      out.append('"');
      for (int i = 0; i < string.length(); i++) {
        char c = string.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      out.append('"');
    } else if (value instanceof Token token) {
      out.append(token.value());
    } else if (value instanceof ByteSequence bytes) {
      out.append(':').append(Base64.getEncoder().encodeToString(bytes.bytes())).append(':');
    } else if (value instanceof Boolean bool) {
      out.append(bool ? "?1" : "?0");
    } else {
      throw new IllegalArgumentException("not a structured field value");
    }
  }

  /** Recursive-descent parser following RFC 8941 section 4.2 step by step. */
  private static final class Parser {
    private final String input;
    private final String field;
    private int pos;

    Parser(String input, String field) {
      this.input = input;
      this.field = field;
    }

    Map<String, Object> dictionary() throws SignatureException {
      Map<String, Object> members = new LinkedHashMap<>();
      skipSpaces();
      while (pos < input.length()) {
        String key = key();
        Object member;
        if (peek() == '=') {
          pos++;
          member = itemOrInnerList();
        } else {
          member = new Item(Boolean.TRUE, parameters());
        }
        members.put(key, member);
        skipOws();
        if (pos >= input.length()) {
          return members;
        }
        expect(',');
        skipOws();
        if (pos >= input.length()) {
          throw malformed();
        }
      }
      return members;
    }

    private Object itemOrInnerList() throws SignatureException {
      return peek() == '(' ? innerList() : item();
    }

    private InnerList innerList() throws SignatureException {
      expect('(');
      List<Item> items = new ArrayList<>();
      while (pos < input.length()) {
        skipSpaces();
        if (peek() == ')') {
          pos++;
          return new InnerList(Collections.unmodifiableList(items), parameters());
        }
        items.add(item());
        char next = peek();
        if (next != ' ' && next != ')') {
          throw malformed();
        }
      }
      throw malformed();
    }

    private Item item() throws SignatureException {
      Object bare = bareItem();
      return new Item(bare, parameters());
    }

    private Map<String, Object> parameters() throws SignatureException {
      Map<String, Object> params = new LinkedHashMap<>();
      while (peek() == ';') {
        pos++;
        skipSpaces();
        String key = key();
        Object value = Boolean.TRUE;
        if (peek() == '=') {
          pos++;
          value = bareItem();
        }
        params.put(key, value);
      }
      return params.isEmpty() ? Map.of() : Collections.unmodifiableMap(params);
    }

    private String key() throws SignatureException {
      char first = peek();
      if (!(isLcAlpha(first) || first == '*')) {
        throw malformed();
      }
      int start = pos;
      while (pos < input.length()) {
        char c = input.charAt(pos);
        if (!(isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
          break;
        }
        pos++;
      }
      return input.substring(start, pos);
    }

    private Object bareItem() throws SignatureException {
      char c = peek();
      if (c == '-' || isDigit(c)) {
        return number();
      } else if (c == '"') {
        return string();
      } else if (c == '*' || isAlpha(c)) {
        return token();
      } else if (c == ':') {
        return byteSequence();
      } else if (c == '?') {
        return bool();
      }
      throw malformed();
    }

    private Object number() throws SignatureException {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw malformed();
      }
      boolean decimal = false;
      int digitsStart = pos;
      int dot = -1;
      while (pos < input.length()) {
        char c = input.charAt(pos);
        if (isDigit(c)) {
          pos++;
        } else if (c == '.' && !decimal) {
          if (pos - digitsStart > 12) {
            throw malformed();
          }
          decimal = true;
          dot = pos;
          pos++;
        } else {
          break;
        }
        if (!decimal && pos - digitsStart > 15) {
          throw malformed();
        }
        if (decimal && pos - digitsStart > 16) {
          throw malformed();
        }
      }
      String number = input.substring(start, pos);
      if (!decimal) {
        return Long.parseLong(number);
      }
      int fraction = pos - dot - 1;
      if (fraction < 1 || fraction > 3) {
        throw malformed();
      }
      return new BigDecimal(number);
    }

    private String string() throws SignatureException {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (pos < input.length()) {
        char c = input.charAt(pos++);
        if (c == '\\') {
          if (pos >= input.length()) {
            throw malformed();
          }
          char escaped = input.charAt(pos++);
          if (escaped != '"' && escaped != '\\') {
            throw malformed();
          }
          out.append(escaped);
        } else if (c == '"') {
          return out.toString();
        } else if (c < 0x20 || c > 0x7e) {
          throw malformed();
        } else {
          out.append(c);
        }
      }
      throw new SignatureException("malformed " + field + " header: unterminated string");
    }

    private Token token() {
      int start = pos;
      pos++;
      while (pos < input.length()) {
        char c = input.charAt(pos);
        if (!(isTchar(c) || c == ':' || c == '/')) {
          break;
        }
        pos++;
      }
      return new Token(input.substring(start, pos));
    }

    private ByteSequence byteSequence() throws SignatureException {
      expect(':');
      int end = input.indexOf(':', pos);
      if (end < 0) {
        throw new SignatureException("malformed " + field + " header: unterminated byte sequence");
      }
      String base64 = input.substring(pos, end);
      for (int i = 0; i < base64.length(); i++) {
        char c = base64.charAt(i);
        if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
          throw malformed();
        }
      }
      pos = end + 1;
      try {
        return new ByteSequence(Base64.getDecoder().decode(base64));
      } catch (IllegalArgumentException e) {
        throw malformed();
      }
    }

    private Boolean bool() throws SignatureException {
      expect('?');
      char c = peek();
      if (c == '1' || c == '0') {
        pos++;
        return c == '1';
      }
      throw malformed();
    }

    private void expect(char c) throws SignatureException {
      if (peek() != c) {
        throw malformed();
      }
      pos++;
    }

    private char peek() {
      return pos < input.length() ? input.charAt(pos) : '\0';
    }

    private void skipSpaces() {
      while (pos < input.length() && input.charAt(pos) == ' ') {
        pos++;
      }
    }

    private void skipOws() {
      while (pos < input.length() && (input.charAt(pos) == ' ' || input.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private SignatureException malformed() {
      return new SignatureException("malformed " + field + " header at offset " + pos);
    }

    private static boolean isLcAlpha(char c) {
      return c >= 'a' && c <= 'z';
    }

    private static boolean isAlpha(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isTchar(char c) {
      return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}
