package org.plutro.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LambdaCallSitesTest {

  @Test
  void writesACallSiteAsTheJvmDoes() throws IOException {
    // The line JDK 17 wrote for Main's warnings::add when started with -XX:DumpLoadedClassList.
    assertTrue(lines(Main.class).contains("@lambda-proxy org/plutro/server/Main accept"
        + " (Ljava/util/List;)Ljava/util/function/Consumer; (Ljava/lang/Object;)V"
        + " REF_invokeInterface java/util/List add (Ljava/lang/Object;)Z (Ljava/lang/String;)V"),
        String.join("\n", lines(Main.class)));
  }

  @Test
  void listsAConstantOncePerInstructionAndOnlyTheCallSitesTheDumpArchives() throws IOException {
    String toString = "@lambda-proxy org/plutro/server/LambdaCallSitesTest$Sites apply"
        + " ()Ljava/util/function/Function; (Ljava/lang/Object;)Ljava/lang/Object;"
        + " REF_invokeVirtual java/lang/Object toString ()Ljava/lang/String;"
        + " (Ljava/lang/Object;)Ljava/lang/String;";
    List<String> lines = lines(Sites.class);
    // Two identical method references share a constant; each links a class of its own. The
    // string concatenation and the serializable lambda have other bootstrap methods.
    assertEquals(List.of(toString, toString), lines.stream()
        .filter(line -> line.contains(" toString ")).toList(), String.join("\n", lines));
    assertEquals(1, lines.stream().filter(line -> line.contains("java/util/function/Supplier"))
        .count(), String.join("\n", lines));
    assertEquals(3, lines.size(), String.join("\n", lines));
  }

  private static List<String> lines(Class<?> type) throws IOException {
    String name = type.getName().replace('.', '/');
    try (InputStream classFile = type.getClassLoader().getResourceAsStream(name + ".class")) {
      return LambdaCallSites.lines(name, classFile);
    }
  }

  /** Call sites of each kind (never run). */
  @SuppressWarnings("unused")
  private static final class Sites {
    String all(Object value, int count) {
      Function<Object, String> first = Object::toString;
      Function<Object, String> second = Object::toString;
      Supplier<String> supplier = () -> "a" + count;
      Supplier<String> serializable = (Supplier<String> & Serializable) () -> "b";
      return first.apply(value) + second.apply(value) + count + supplier.get() + serializable.get();
    }
  }
}
