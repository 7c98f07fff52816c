package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.kernel.Kernels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fixed seed gives bit-identical trained weights from run to run at each width, whether the
 * code runs interpreted ({@code -Xint}), under C1 only or under C2: the same training in child
 * JVMs started with each mode, and twice in this JVM, prints the same bits.
 */
class TrainerDeterminismTest {

  @Test
  void trainedWeightsAreBitIdenticalAcrossRunsAndCompilers() throws Exception {
    StringBuilder here = new StringBuilder();
    for (Kernels k : Kernels.available()) {
      String first = TrainerDeterminismProbe.trainedBits(k);
      assertEquals(first, TrainerDeterminismProbe.trainedBits(k), k.name() + ": second run in the same JVM");
      here.append(k.laneBits()).append(": ").append(first).append('\n');
    }
    String interpreted = run("-Xint");
    String c1 = run("-XX:TieredStopAtLevel=1");
    String c2 = run();
    assertEquals(here.toString(), c2, "default JVM vs this JVM");
    assertEquals(c2, c1, "C1-only JVM vs default JVM");
    assertEquals(c2, interpreted, "interpreter-only JVM vs default JVM");
    // The widths train in different summation orders: identical bits across widths would mean
    // the probe did not exercise the kernels.
    String[] lines = c2.split("\n");
    assertTrue(lines.length >= 2, c2);
    assertNotEquals(lines[0].substring(lines[0].indexOf(':')), lines[lines.length - 1].substring(lines[lines.length - 1].indexOf(':')));
  }

  private static String run(String... flags) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
    // Same kernel-shaping flags as this JVM (for example -XX:-UseFMA), so only the compiler differs.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:") || arg.startsWith("-Dsimdsgd.")) {
        command.add(arg);
      }
    }
    command.addAll(List.of(flags));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainerDeterminismProbe.class.getName()));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out: " + command);
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
