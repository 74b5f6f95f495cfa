package org.plutro.federation.signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.plutro.federation.signature.StructuredFields.ByteSequence;
import org.plutro.federation.signature.StructuredFields.InnerList;
import org.plutro.federation.signature.StructuredFields.Item;
import org.plutro.federation.signature.StructuredFields.Token;

class StructuredFieldsTest {
  @Test
  void parsesEveryBareItemType() throws Exception {
    Map<String, Object> dict = StructuredFields.parseDictionary(
        "a=1, b=-42, c=3.14, d=\"q\\\"s\\\\\", e=tok/en:x, f=:AQID:, g=?0, h, i;p=1", "Test");
    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"), List.copyOf(dict.keySet()));
    assertEquals(1L, ((Item) dict.get("a")).value());
    assertEquals(-42L, ((Item) dict.get("b")).value());
    assertEquals(new BigDecimal("3.14"), ((Item) dict.get("c")).value());
    assertEquals("q\"s\\", ((Item) dict.get("d")).value());
    assertEquals(new Token("tok/en:x"), ((Item) dict.get("e")).value());
    assertArrayEquals(new byte[] {1, 2, 3},
        ((ByteSequence) ((Item) dict.get("f")).value()).bytes());
    assertEquals(false, ((Item) dict.get("g")).value());
    assertEquals(true, ((Item) dict.get("h")).value());
    assertEquals(Map.of("p", 1L), ((Item) dict.get("i")).params());
  }

  @Test
  void innerListsKeepParametersAndSerializeBack() throws Exception {
    String value = "(\"@method\" \"@query-param\";name=\"Pet\" \"x\";bs);created=1618884473"
        + ";keyid=\"k\\\"1\";flag";
    InnerList list = (InnerList) StructuredFields.parseDictionary("sig1=" + value, "Test")
        .get("sig1");
    assertEquals(3, list.items().size());
    assertEquals(Map.of("name", "Pet"), list.items().get(1).params());
    assertEquals(Map.of("bs", true), list.items().get(2).params());
    assertEquals(value, StructuredFields.serialize(list));
  }

  @Test
  void laterDuplicateKeysOverwriteAndWhitespaceIsAllowed() throws Exception {
    Map<String, Object> dict = StructuredFields.parseDictionary("  a=1 ,\tb=2,a=3", "Test");
    assertEquals(3L, ((Item) dict.get("a")).value());
    assertEquals(2, dict.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=1,", "A=1", "a=\"open", "a=(1 2", "a=:AQID", "a=1234567890123456",
      "a=1.2345", "a=?2", "a=\"\u00e9\"", "a=\"bad\\escape\"", "a=(1,2)", "a=1 b=2", "=1", "a=@x",
      "a=:not base64!:"})
  void rejectsMalformedInput(String input) {
    SignatureException e = assertThrows(SignatureException.class,
        () -> StructuredFields.parseDictionary(input, "Test"));
    assertEquals(true, e.getMessage().startsWith("malformed Test header"), e.getMessage());
  }
}
