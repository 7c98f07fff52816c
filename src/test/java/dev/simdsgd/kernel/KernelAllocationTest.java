package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector kernel, once compiled, allocates nothing per call: a vector that C2 fails to keep
 * in registers is boxed on the heap, 48 B or more per vector. Each width runs in a fresh JVM
 * ({@link KernelAllocationProbe}), as a trainer or a JMH fork uses one width: where one JVM runs
 * the kernels at several widths, the Vector API's shared wrapper methods see several vector
 * classes, C2 finds their calls megamorphic and may box (measured: up to 2 KB per call in this
 * test's own JVM after the other tests). No timing is asserted; the probe's budget only bounds how
 * long it waits for C2.
 *
 * <p>A boxing that depends on the order of compilation may pass here (see {@link #ATTEMPTS}); the
 * JMH suite's {@code -prof gc} across forks is the wider net.
 */
class KernelAllocationTest {
  /**
   * Fresh JVMs per width before failing. A boxing that depends on the order of C2's compilations
   * was still seen at 512 bits when the machine was busy (2 of 12 probe runs beside a CPU-bound
   * process, 0 of 15 on an idle machine): that open defect shows here as a warning line, while a
   * kernel that boxes every time fails.
   */
  private static final int ATTEMPTS = 3;

  static Stream<Integer> vectorWidths() {
    return Kernels.available().stream().filter(k -> k.name().startsWith("vector")).map(Kernels::laneBits);
  }

  @ParameterizedTest(name = "{0} bits")
  @MethodSource("vectorWidths")
  void compiledKernelsAllocateNothingPerCall(int bits) throws Exception {
    List<String> firstBoxing = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      List<String> boxing = boxingShapes(bits);
      if (boxing.isEmpty()) {
        if (firstBoxing != null) {
          System.err.println("KernelAllocationTest: " + bits + "-bit kernels boxed in " + (attempt - 1)
              + " of " + attempt + " fresh JVMs (compile-order dependent, a known open defect):\n"
              + String.join("\n", firstBoxing));
        }
        return;
      }
      if (firstBoxing == null) {
        firstBoxing = boxing;
      }
    }
    fail(bits + "-bit kernels box vectors in each of " + ATTEMPTS + " fresh JVMs; the first:\n"
        + String.join("\n", firstBoxing));
  }

  /** Runs the probe in a fresh JVM; returns the shapes that still allocated, with their bytes per call. */
  private static List<String> boxingShapes(int bits) throws Exception {
    ChildJvm.Result child = ChildJvm.run(List.of("-Xmx512m"), KernelAllocationProbe.class, Integer.toString(bits));
    List<String> lines = child.linesBeforeEnd();
    assertEquals(14, lines.size(), "shapes measured: " + lines);
    List<String> boxing = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.split("\t");
      if (Double.parseDouble(fields[1]) >= 1.0) {
        boxing.add(fields[0] + ": " + fields[1] + " B per call at best, over " + fields[2] + " rounds");
      }
    }
    return boxing;
  }
}
