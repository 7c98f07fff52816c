package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.kernel.ChildJvm;
import dev.simdsgd.kernel.Kernels;
import java.io.IOException;
import java.util.List;
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
    ChildJvm.Result child = ChildJvm.run(List.of(flags), TrainerDeterminismProbe.class);
    String out = String.join("\n", child.stdout()) + "\n";
    assertEquals(0, child.exitCode(), out + child.stderr());
    return out;
  }
}
