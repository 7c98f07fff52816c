package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.List;
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
 *       vectors boxed, as measured in JMH before this rule, and of at most 8000 ({@code
 *       HugeMethodLimit}), above which HotSpot does not compile it at all;</li>
 *   <li>no other method holds vector code, not even a tiny helper, so nothing vector-valued
 *       crosses a call. Two ways a helper was measured to fail: C2 refused to inline a reduction
 *       helper at a call site it deemed rare ("low call site frequency"), and once C2 had compiled
 *       the small {@code fma} helper on its own it refused to inline it into the roots ("already
 *       compiled into a medium method"): 1 KB boxed per call in a JVM that had run three widths;</li>
 *   <li>the roots call no Vector API method of {@link #FRAGILE_CALLS}: each of these was seen, in
 *       some JVM runs and not others, to leave vectors boxed in an otherwise clean root.</li>
 * </ul>
 */
class VectorCodeShapeTest {
  private static final Set<String> ROOTS = Set.of("dotBlock", "axpyBlock", "updateBlock", "stepBlock", "updateThenDotBlock", "blockOf8", "blockOf16", "addScaledRows8");
  private static final int FREQ_INLINE_SIZE = 325;
  /** HotSpot's {@code HugeMethodLimit}: a larger method is never JIT-compiled ({@code DontCompileHugeMethods}). */
  private static final int HUGE_METHOD_LIMIT = 8000;

  /** A Vector API method a root must not call: its name, a fragment of its descriptor, and why. */
  private record FragileCall(String name, String descriptorFragment, String why) {}

  /**
   * Vector API calls that the roots must not make. C2 resolves most virtual calls inside the API's
   * small wrapper methods from the wrapper's own type profile; where a wrapper runs rarely that
   * profile can still be empty when C2 compiles the root, the inner call is then not inlined, and
   * the vectors around it are boxed. Found with -XX:+LogCompilation in the forks of the batch
   * benchmark that allocated 192 B per 8-row block (d = 1024, 128 and 256 bits, about one JVM run
   * in six).
   */
  private static final List<FragileCall> FRAGILE_CALLS = List.of(
      new FragileCall("neg", "", "neg() inlines lanewise(NEG) through a rarely profiled wrapper: write x.mul(-1.0)"),
      new FragileCall("fromArray", "[I", "a gather loads its index vector behind a size-and-frequency inlining"
          + " decision: load the elements as scalars"));

  @ParameterizedTest
  @ValueSource(strings = {"Vector128Kernels", "Vector256Kernels", "Vector512Kernels"})
  void vectorCodeLivesInRootsOnly(String className) throws IOException {
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
        assertNoFragileCalls(className + "." + name, method);
        assertTrue(vectorBody, className + "." + name + " is a root but holds no vector code (or detection broke)");
        assertTrue(size > FREQ_INLINE_SIZE, className + "." + name + " has " + size
            + " bytecodes: a root must exceed " + FREQ_INLINE_SIZE + " so C2 never inlines it into a caller");
        assertTrue(size <= HUGE_METHOD_LIMIT, className + "." + name + " has " + size + " bytecodes: above "
            + HUGE_METHOD_LIMIT + " HotSpot never compiles it, and its vectors run interpreted, boxed");
      } else {
        assertTrue(!vectorSignature && !vectorBody || name.equals("<clinit>"),
            className + "." + name + descriptor + " holds vector code outside a root method");
      }
    }
    assertEquals(ROOTS, rootSizes.keySet(), className + ": roots found " + rootSizes);
  }

  private static void assertNoFragileCalls(String where, MethodModel method) {
    method.findAttribute(java.lang.classfile.Attributes.code()).ifPresent(code -> code.elementStream()
        .filter(e -> e instanceof InvokeInstruction)
        .map(e -> (InvokeInstruction) e)
        .filter(call -> call.owner().asInternalName().startsWith("jdk/incubator/vector/"))
        .forEach(call -> {
          String name = call.name().stringValue();
          String descriptor = call.type().stringValue();
          for (FragileCall fragile : FRAGILE_CALLS) {
            assertTrue(!(name.equals(fragile.name()) && descriptor.contains(fragile.descriptorFragment())),
                where + " calls " + call.owner().asInternalName() + "." + name + descriptor + ": " + fragile.why());
          }
        }));
  }
}
