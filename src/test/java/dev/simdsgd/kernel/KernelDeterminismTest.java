package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same inputs at the same width give bit-identical results (every NaN counted as one value,
 * see {@link DeterminismProbe}):
 * <ul>
 *   <li>call after call in one JVM, from the first (interpreted or C1) call through C2
 *       compilation: every repetition of the workload is compared with the first one;
 *   <li>in child JVMs started with {@code -Xint} (interpreter only, so the Vector API runs its
 *       Java fallback), {@code -XX:TieredStopAtLevel=1} (C1 only) and default flags (after a
 *       warm-up that reaches C2), against each other and against this JVM.
 * </ul>
 * The workload ({@link DeterminismProbe#trace}) covers dot, axpy, both per-example gradients,
 * all four batch-gradient overloads (stats included), momentumUpdate, a few SGD steps and inputs
 * with NaN, ±Inf, ±MAX and subnormals, plus σ and the log-loss on 2 000 z.
 */
class KernelDeterminismTest {

  static Stream<Kernels> widths() {
    return Kernels.available().stream();
  }

  @ParameterizedTest
  @MethodSource("widths")
  void repeatedCallsThroughWarmUpAreBitIdentical(Kernels k) {
    int[] small = DeterminismProbe.trace(k, 7, DeterminismProbe.SMALL);
    int[] large = DeterminismProbe.trace(k, 8, DeterminismProbe.LARGE);
    for (int i = 0; i < 1500; i++) {
      assertSame(k.name() + " small workload, repetition " + i, small, DeterminismProbe.trace(k, 7, DeterminismProbe.SMALL));
      if (i % 10 == 0) {
        assertSame(k.name() + " large workload, repetition " + i, large, DeterminismProbe.trace(k, 8, DeterminismProbe.LARGE));
      }
    }
    // A different seed must give a different trace, or the comparison above proves nothing.
    assertTrue(!Arrays.equals(small, DeterminismProbe.trace(k, 9, DeterminismProbe.SMALL)), "the trace ignores its data");
  }

  @Test
  void logisticIsBitIdenticalThroughWarmUp() {
    int[] first = DeterminismProbe.logisticTrace();
    for (int i = 0; i < 300; i++) {
      assertSame("Logistic, repetition " + i, first, DeterminismProbe.logisticTrace());
    }
  }

  /** -Xint, C1 only and default (C2) child JVMs print the same bits as each other and as this JVM. */
  @Test
  void interpreterC1AndC2GiveTheSameBitsInChildJvms() throws Exception {
    List<String> here = DeterminismProbe.lines(0);
    Child interpreted = run("-Xint", 0);
    Child c1 = run("-XX:TieredStopAtLevel=1", 30);
    Child c2 = run(null, 1500);

    assertTrue(interpreted.vmInfo.contains("interpreted mode"),
        "the -Xint child must run interpreted, its java.vm.info is: " + interpreted.vmInfo);
    assertTrue(!c2.vmInfo.contains("interpreted mode"), "the default child runs compiled: " + c2.vmInfo);
    assertEquals(Kernels.available().size() + 1, here.stream().filter(l -> l.startsWith("kernels ") || l.equals("logistic")).count());

    compare("this JVM", here, "-Xint child", interpreted.lines);
    compare("this JVM", here, "-XX:TieredStopAtLevel=1 child", c1.lines);
    compare("this JVM", here, "default (C2) child", c2.lines);
  }

  record Child(String vmInfo, List<String> lines) {}

  /** Runs {@link DeterminismProbe} in a new JVM (see {@link ChildJvm}), with one extra flag. */
  static Child run(String flag, int warmup) throws IOException, InterruptedException {
    List<String> flags = new ArrayList<>(List.of("-Xmx256m"));
    if (flag != null) {
      flags.add(flag);
    }
    ChildJvm.Result child = ChildJvm.run(flags, DeterminismProbe.class, Integer.toString(warmup));
    List<String> lines = new ArrayList<>(child.linesBeforeEnd());
    assertFalse(lines.isEmpty(), "probe child " + child.command() + " printed nothing before \"end\"");
    String vmInfo = lines.remove(0);
    return new Child(vmInfo, lines);
  }

  static void compare(String aName, List<String> a, String bName, List<String> b) {
    String section = "";
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String la = i < a.size() ? a.get(i) : "<missing>";
      String lb = i < b.size() ? b.get(i) : "<missing>";
      if (!la.startsWith(" ") && !la.matches("[0-9a-f ]+")) {
        section = la;
      }
      if (!la.equals(lb)) {
        fail(aName + " and " + bName + " differ in section '" + section + "' at line " + i + ":\n  " + la + "\n  " + lb);
      }
    }
  }

  static void assertSame(String what, int[] expected, int[] actual) {
    if (!Arrays.equals(expected, actual)) {
      fail(what + ": first difference " + firstDifference(expected, actual));
    }
  }

  /** The first index at which two traces differ, with both values. */
  static String firstDifference(int[] a, int[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] != b[i]) {
        return String.format("at %d: %s (0x%08x) vs %s (0x%08x)", i, Float.intBitsToFloat(a[i]), a[i],
            Float.intBitsToFloat(b[i]), b[i]);
      }
    }
    return a.length == b.length ? "none" : "lengths " + a.length + " vs " + b.length;
  }
}
