package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.kernel.ChildJvm;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Gson is an optional dependency ({@code requires static} in module-info): training, evaluating
 * and predicting must run without it, and saving or loading a model must then fail with one
 * message that says what is missing, not with a NoClassDefFoundError from deep inside the
 * trainer. Runs {@link TrainWithoutGsonProbe} in a child JVM whose class path is this one's
 * without the Gson jar.
 */
class TrainWithoutGsonTest {
  @Test
  void trainerRunsWithoutGsonAndSavingSaysWhatIsMissing() throws Exception {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    String withoutGson = Arrays.stream(entries)
        .filter(e -> !new File(e).getName().startsWith("gson"))
        .collect(Collectors.joining(File.pathSeparator));
    assertTrue(entries.length > withoutGson.split(File.pathSeparator).length,
        "the test class path should hold a Gson jar to leave out: " + Arrays.toString(entries));

    List<String> lines = ChildJvm.runWithClassPath(withoutGson, List.of("-Xmx256m"), TrainWithoutGsonProbe.class)
        .linesBeforeEnd();

    assertEquals("epochs 2", lines.get(0));
    double p = Double.parseDouble(lines.get(1).substring("p ".length()));
    assertTrue(p > 0 && p < 1, "a probability: " + p);
    for (String line : lines.subList(2, 4)) {
      assertFalse(line.endsWith("no error"), line);
      assertTrue(line.contains("needs Gson (com.google.code.gson:gson) on the class path"), line);
    }
  }
}
