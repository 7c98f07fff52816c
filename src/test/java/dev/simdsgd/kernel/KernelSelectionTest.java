package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How {@link Kernels#preferred()}, {@link Kernels#ofBits(int)} and {@link Kernels#available()}
 * react to the JVM they run in, checked in child JVMs started with the flags that matter.
 */
class KernelSelectionTest {
  private static final int NATIVE_BITS = KernelsProvider.nativeBits();

  @Test
  void preferredIsTheWidestNativeWidthHere() {
    assertEquals(NATIVE_BITS, Kernels.preferred().laneBits());
    assertEquals(Kernels.available().get(Kernels.available().size() - 1), Kernels.preferred());
  }

  @Test
  void unsupportedWidthsAreRejectedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.ofBits(384));
    assertTrue(e.getMessage().contains("128, 256 or 512"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Kernels.ofBits(64));
    if (NATIVE_BITS < 512) {
      e = assertThrows(IllegalArgumentException.class, () -> Kernels.ofBits(512));
      assertTrue(e.getMessage().contains("natively"), e.getMessage());
    }
  }

  @Test
  void withoutC2ThePreferredKernelsAreScalar() throws Exception {
    String out = run("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1");
    assertTrue(out.contains("preferred=scalar"), out);
    assertTrue(out.contains("TieredStopAtLevel=1"), "the log line should say why: " + out);
    assertTrue(run("--add-modules", "jdk.incubator.vector", "-Xint").contains("preferred=scalar"));
  }

  @Test
  void withoutTheVectorModuleEverythingFallsBackToScalar() throws Exception {
    String out = run();
    assertTrue(out.contains("preferred=scalar"), out);
    assertTrue(out.contains("--add-modules jdk.incubator.vector"), "the log line should say what to add: " + out);
    assertTrue(out.contains("available=[scalar]"), out);
    assertTrue(out.contains("ofBits128=rejected"), out);
  }

  @Test
  void narrowerHardwareFlagsNarrowThePreferredWidth() throws Exception {
    if (NATIVE_BITS < 512) {
      return; // this CPU cannot show the 512 -> 256 step
    }
    String avx2 = run("--add-modules", "jdk.incubator.vector", "-XX:UseAVX=2");
    assertTrue(avx2.contains("preferred=vector256+fma"), avx2);
    assertTrue(avx2.contains("ofBits512=rejected"), avx2);
    String sse = run("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=16");
    assertTrue(sse.contains("preferred=vector128+fma"), sse);
    String noFma = run("--add-modules", "jdk.incubator.vector", "-XX:-UseFMA");
    assertTrue(noFma.contains("preferred=vector512\n"), noFma);
  }

  /** Runs {@link PrintKernelChoice} in a child JVM (this test's java) and returns stdout + stderr. */
  private static String run(String... jvmFlags) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(List.of(jvmFlags));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintKernelChoice.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
