package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * <p>A boxing that depends on the order of compilation may still pass here in one run (one seen
 * in about one JVM run in six, now fixed, see {@code VectorCodeShapeTest}); the JMH suite's
 * {@code -prof gc} across forks is the wider net.
 */
class KernelAllocationTest {

  static Stream<Integer> vectorWidths() {
    return Kernels.available().stream().filter(k -> k.name().startsWith("vector")).map(Kernels::laneBits);
  }

  @ParameterizedTest(name = "{0} bits")
  @MethodSource("vectorWidths")
  void compiledKernelsAllocateNothingPerCall(int bits) throws Exception {
    ChildJvm.Result child = ChildJvm.run(List.of("-Xmx512m"), KernelAllocationProbe.class, Integer.toString(bits));
    List<String> lines = child.stdout();
    assertTrue(child.exitCode() == 0 && !lines.isEmpty() && lines.get(lines.size() - 1).equals("end"),
        "probe " + child.command() + " failed with exit code " + child.exitCode() + ":\n" + child.stderr());
    List<String> boxing = new ArrayList<>();
    for (String line : lines.subList(0, lines.size() - 1)) {
      String[] fields = line.split("\t");
      if (Double.parseDouble(fields[1]) >= 1.0) {
        boxing.add(fields[0] + ": " + fields[1] + " B per call at best, over " + fields[2] + " rounds");
      }
    }
    assertEquals(9, lines.size() - 1, "shapes measured: " + lines);
    assertTrue(boxing.isEmpty(), bits + "-bit kernels box vectors:\n" + String.join("\n", boxing));
  }
}
