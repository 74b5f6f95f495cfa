package org.plutro.server;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The lambda call sites of a class file, as lines of a class list for JDK 17's class-data dump
 * ({@code @lambda-proxy} lines). A class list that names them has the dump generate and archive
 * those lambdas' classes, which a start otherwise spins one by one. The JVM writes such lines only
 * when started with {@code -XX:DumpLoadedClassList}, which the server's command does not have, so
 * they are read here from the class files themselves: every call site the JVM's dump supports
 * (LambdaMetafactory.metafactory), with the items it matches them by, in its order (see
 * ClassListParser::populate_cds_indy_info in HotSpot).
 */
final class LambdaCallSites {
  private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";
  private static final String METAFACTORY_TYPE = "(Ljava/lang/invoke/MethodHandles$Lookup;"
      + "Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;"
      + "Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;";
  /** Method handle kinds 1 to 9, as the JVM names them. */
  private static final String[] REFERENCE_KINDS = {"", "REF_getField", "REF_getStatic",
      "REF_putField", "REF_putStatic", "REF_invokeVirtual", "REF_invokeStatic",
      "REF_invokeSpecial", "REF_newInvokeSpecial", "REF_invokeInterface"};

  private static final int UTF8 = 1;
  private static final int LONG = 5;
  private static final int DOUBLE = 6;
  private static final int METHOD_HANDLE = 15;
  private static final int METHOD_TYPE = 16;
  private static final int INVOKE_DYNAMIC = 18;

  private final String[] utf8;
  /** Per constant: its tag, and its one or two references (or the handle's kind and reference). */
  private final int[] tags;
  private final int[] first;
  private final int[] second;
  private final List<int[]> bootstrapMethods = new ArrayList<>();
  /** Per invokedynamic constant: the instructions that use it. */
  private final int[] instructions;

  private LambdaCallSites(int count) {
    utf8 = new String[count];
    tags = new int[count];
    first = new int[count];
    second = new int[count];
    instructions = new int[count];
  }

  /** The {@code @lambda-proxy} lines of {@code classFile}, a class named {@code name} (a/b/C). */
  static List<String> lines(String name, InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile.readAllBytes()));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException(name + " is not a class file");
    }
    in.readInt(); // minor and major version
    LambdaCallSites constants = new LambdaCallSites(in.readUnsignedShort());
    constants.readConstants(in);
    in.skipNBytes(6); // access flags, this class, super class
    in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
    constants.readMembers(in); // fields
    constants.readMembers(in); // methods
    constants.readBootstrapMethods(in);
    return constants.lambdaLines(name);
  }

  private void readConstants(DataInputStream in) throws IOException {
    for (int i = 1; i < tags.length; i++) {
      int tag = in.readUnsignedByte();
      tags[i] = tag;
      switch (tag) {
        case UTF8 -> utf8[i] = in.readUTF();
        case 7, 8, METHOD_TYPE, 19, 20 -> first[i] = in.readUnsignedShort();
        case 3, 4 -> in.skipNBytes(4);
        case LONG, DOUBLE -> {
          in.skipNBytes(8);
          i++; // takes two entries
        }
        case METHOD_HANDLE -> {
          first[i] = in.readUnsignedByte();
          second[i] = in.readUnsignedShort();
        }
        case 9, 10, 11, 12, 17, INVOKE_DYNAMIC -> {
          first[i] = in.readUnsignedShort();
          second[i] = in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant tag " + tag);
      }
    }
  }

  private void readMembers(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    for (int i = 0; i < count; i++) {
      in.skipNBytes(6); // access flags, name, descriptor
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        byte[] content = in.readNBytes(in.readInt());
        if ("Code".equals(attribute)) {
          countCallSites(content);
        }
      }
    }
  }

  /**
   * Counts the invokedynamic instructions of a Code attribute per constant: each links a class
   * of its own, so the list names a constant once per instruction. Any {@code ba xx xx 00 00}
   * is taken for one (an operand may look like it: one line too many does no harm).
   */
  private void countCallSites(byte[] code) {
    int end = 8 + ((code[4] & 0xFF) << 24 | (code[5] & 0xFF) << 16 | (code[6] & 0xFF) << 8
        | (code[7] & 0xFF));
    for (int at = 8; at + 4 < end; at++) {
      if ((code[at] & 0xFF) == 0xBA && code[at + 3] == 0 && code[at + 4] == 0) {
        int constant = (code[at + 1] & 0xFF) << 8 | (code[at + 2] & 0xFF);
        if (constant < tags.length && tags[constant] == INVOKE_DYNAMIC) {
          instructions[constant]++;
        }
      }
    }
  }

  private void readBootstrapMethods(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    for (int i = 0; i < count; i++) {
      String attribute = utf8[in.readUnsignedShort()];
      long length = in.readInt() & 0xFFFFFFFFL;
      if (!"BootstrapMethods".equals(attribute)) {
        in.skipNBytes(length);
        continue;
      }
      int methods = in.readUnsignedShort();
      for (int m = 0; m < methods; m++) {
        int handle = in.readUnsignedShort();
        int[] method = new int[1 + in.readUnsignedShort()];
        method[0] = handle;
        for (int a = 1; a < method.length; a++) {
          method[a] = in.readUnsignedShort();
        }
        bootstrapMethods.add(method);
      }
    }
  }

  private List<String> lambdaLines(String name) {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i < tags.length; i++) {
      if (tags[i] != INVOKE_DYNAMIC) {
        continue;
      }
      int[] bootstrap = bootstrapMethods.get(first[i]);
      if (!isMetafactory(bootstrap[0])) {
        continue;
      }
      StringBuilder line = new StringBuilder("@lambda-proxy ").append(name)
          .append(' ').append(utf8[first[second[i]]])
          .append(' ').append(utf8[second[second[i]]]);
      for (int a = 1; a < bootstrap.length; a++) {
        int argument = bootstrap[a];
        if (tags[argument] == METHOD_TYPE) {
          line.append(' ').append(utf8[first[argument]]);
        } else if (tags[argument] == METHOD_HANDLE) {
          int member = second[argument];
          line.append(' ').append(REFERENCE_KINDS[first[argument]])
              .append(' ').append(className(first[member]))
              .append(' ').append(utf8[first[second[member]]])
              .append(' ').append(utf8[second[second[member]]]);
        }
      }
      for (int n = 0; n < instructions[i]; n++) {
        lines.add(line.toString());
      }
    }
    return lines;
  }

  private boolean isMetafactory(int handle) {
    if (tags[handle] != METHOD_HANDLE) {
      return false;
    }
    int member = second[handle];
    return METAFACTORY.equals(className(first[member]))
        && "metafactory".equals(utf8[first[second[member]]])
        && METAFACTORY_TYPE.equals(utf8[second[second[member]]]);
  }

  private String className(int classConstant) {
    return utf8[first[classConstant]];
  }
}
