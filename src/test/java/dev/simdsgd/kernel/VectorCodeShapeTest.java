package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guards the bytecode shape that keeps every vector kernel at 0 B/op, whoever calls it:
 * <ul>
 *   <li>each loop that holds vectors lives in a "root" method of more than 325 bytecodes (C2's
 *       {@code FreqInlineSize}), so C2 compiles it on its own instead of inlining it into a caller
 *       whose inlining budget may run out halfway ({@code NodeCountInliningCutoff}) and leave
 *       vectors boxed, as measured in JMH before this rule;</li>
 *   <li>the only methods that take or return a vector are the tiny helpers {@code fma} and
 *       {@code fold} (at most 35 bytecodes, {@code MaxInlineSize}), called only from those roots
 *       at sites that run on every call, so C2 inlines them; other lane sums are written out in the
 *       roots, since C2 was measured refusing to inline a reduction helper at a call site it
 *       deemed rare;</li>
 *   <li>no other method holds vector code, so nothing vector-valued crosses a call.</li>
 * </ul>
 */
class VectorCodeShapeTest {
  private static final Set<String> ROOTS = Set.of("dotBlock", "axpyBlock", "updateBlock", "blockOf8", "addScaledRows8");
  private static final Set<String> VECTOR_HELPERS = Set.of("fma", "fold");
  private static final int FREQ_INLINE_SIZE = 325;
  private static final int MAX_INLINE_SIZE = 35;

  @ParameterizedTest
  @ValueSource(strings = {"Vector128Kernels", "Vector256Kernels", "Vector512Kernels"})
  void vectorCodeLivesInRootsAndTinyHelpersOnly(String className) throws IOException {
    ClassModel model;
    try (InputStream in = VectorCodeShapeTest.class.getResourceAsStream(className + ".class")) {
      model = ClassFile.of().parse(in.readAllBytes());
    }
    Map<String, Integer> rootSizes = new TreeMap<>();
    for (MethodModel method : model.methods()) {
      String name = method.methodName().stringValue();
      String descriptor = method.methodType().stringValue();
      int size = method.findAttribute(java.lang.classfile.Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
      boolean vectorSignature = descriptor.contains("Ljdk/incubator/vector/FloatVector;");
      boolean vectorBody = method.findAttribute(java.lang.classfile.Attributes.code()).map(code -> code.elementStream()
          .anyMatch(e -> e.toString().contains("jdk/incubator/vector/FloatVector"))).orElse(false);
      if (ROOTS.contains(name)) {
        rootSizes.put(name, size);
        assertTrue(vectorBody, className + "." + name + " is a root but holds no vector code (or detection broke)");
        assertTrue(size > FREQ_INLINE_SIZE, className + "." + name + " has " + size
            + " bytecodes: a root must exceed " + FREQ_INLINE_SIZE + " so C2 never inlines it into a caller");
      } else if (VECTOR_HELPERS.contains(name)) {
        assertTrue(size <= MAX_INLINE_SIZE, className + "." + name + " has " + size
            + " bytecodes: a vector helper must stay within " + MAX_INLINE_SIZE + " to be inlined everywhere");
      } else {
        assertTrue(!vectorSignature && !vectorBody || name.equals("<clinit>"),
            className + "." + name + descriptor + " holds vector code outside a root method");
      }
    }
    assertEquals(ROOTS, rootSizes.keySet(), className + ": roots found " + rootSizes);
  }
}
