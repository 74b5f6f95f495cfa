package org.plutro.federation.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** RFC 8785's own examples, through the path Plutro uses: JSON text parsed by Vert.x, then JCS. */
class JcsTest {
  @Test
  void theRfcsSampleObjectBecomesItsCanonicalText() {
    // RFC 8785 section 3.2.2 (input) and 3.2.3 (output).
    String input = "{\n"
        + "  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
        + "              2e-3, 0.000000000000000000000000001],\n"
        + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
        + "  \"literals\": [null, true, false]\n"
        + "}";
    String expected = "{\"literals\":[null,true,false],"
        + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertEquals(expected, Jcs.canonicalText(new JsonObject(input)));
  }

  @Test
  void membersAreSortedByUtf16CodeUnits() {
    // RFC 8785 section 3.2.3, "Sorting of Object Properties".
    JsonObject value = new JsonObject()
        .put("\u20ac", "Euro Sign")
        .put("\r", "Carriage Return")
        .put("\ufb33", "Hebrew Letter Dalet With Dagesh")
        .put("1", "One")
        .put("\ud83d\ude00", "Emoji: Grinning Face")
        .put("\u0080", "Control")
        .put("\u00f6", "Latin Small Letter O With Diaeresis");
    assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
        Jcs.canonicalText(value));
  }

  @Test
  void numbersAreWrittenAsEcmaScriptWritesThem() {
    // RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
    String[][] samples = {
        {"0000000000000000", "0"},
        {"8000000000000000", "0"},
        {"0000000000000001", "5e-324"},
        {"8000000000000001", "-5e-324"},
        {"7fefffffffffffff", "1.7976931348623157e+308"},
        {"ffefffffffffffff", "-1.7976931348623157e+308"},
        {"4340000000000000", "9007199254740992"},
        {"c340000000000000", "-9007199254740992"},
        {"4430000000000000", "295147905179352830000"},
        {"44b52d02c7e14af5", "9.999999999999997e+22"},
        {"44b52d02c7e14af6", "1e+23"},
        {"44b52d02c7e14af7", "1.0000000000000001e+23"},
        {"444b1ae4d6e2ef4e", "999999999999999700000"},
        {"444b1ae4d6e2ef4f", "999999999999999900000"},
        {"444b1ae4d6e2ef50", "1e+21"},
        {"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"},
        {"3eb0c6f7a0b5ed8d", "0.000001"},
        {"41b3de4355555553", "333333333.3333332"},
        {"41b3de4355555554", "333333333.33333325"},
        {"41b3de4355555555", "333333333.3333333"},
        {"41b3de4355555556", "333333333.3333334"},
        {"41b3de4355555557", "333333333.33333343"},
        {"becbf647612f3696", "-0.0000033333333333333333"},
        {"43143ff3c1cb0959", "1424953923781206.2"},
    };
    for (String[] sample : samples) {
      double value = Double.longBitsToDouble(Long.parseUnsignedLong(sample[0], 16));
      assertEquals("[" + sample[1] + "]", Jcs.canonicalText(new JsonArray().add(value)), sample[0]);
      // The same number as a peer's JSON text would carry it, parsed as Plutro parses bodies.
      assertEquals("[" + sample[1] + "]",
          Jcs.canonicalText(new JsonArray("[" + Double.toString(value) + "]")), sample[0]);
    }
  }

  @Test
  void integersAndDecimalsOfAnyJavaTypeAreNumbersAlike() {
    JsonArray numbers = new JsonArray().add(1).add(10_000_000_000L).add(new BigDecimal("4.50"))
        .add(new BigInteger("100000000000000000000")).add(1e21).add(2.5f);
    assertEquals("[1,10000000000,4.5,100000000000000000000,1e+21,2.5]", Jcs.canonicalText(numbers));
  }

  @Test
  void whatJsonCannotHoldIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> Jcs.canonicalize(new JsonArray().add(Double.NaN)));
    assertThrows(IllegalArgumentException.class,
        () -> Jcs.canonicalize(new JsonArray().add(Double.POSITIVE_INFINITY)));
  }
}
