package dev.simdsgd.kernel;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test probe's {@code main} in a new JVM: the same java binary and class path, the
 * incubator vector module, and this JVM's kernel-shaping flags ({@code -XX:...} such as
 * {@code -XX:UseAVX=0} or {@code -XX:-UseFMA}, and {@code -Dsimdsgd.*}), so that only what the
 * caller adds differs. Shared by the tests that need a fresh JIT state.
 */
public final class ChildJvm {
  /** A guard against a hung child, not a performance threshold: the probes need seconds. */
  private static final long TIMEOUT_MINUTES = 10;

  /** What a finished child printed, and how it ended. */
  public record Result(List<String> command, int exitCode, List<String> stdout, String stderr) {
    /**
     * The lines a probe printed before its closing "end" line; throws, with the command, exit code
     * and stderr, if the child failed or stopped before printing "end".
     */
    public List<String> linesBeforeEnd() {
      if (exitCode != 0 || stdout.isEmpty() || !stdout.get(stdout.size() - 1).equals("end")) {
        throw new AssertionError("probe " + command + " failed with exit code " + exitCode
            + " (last line: " + (stdout.isEmpty() ? "none" : stdout.get(stdout.size() - 1)) + "); stderr:\n" + stderr);
      }
      return stdout.subList(0, stdout.size() - 1);
    }
  }

  private ChildJvm() {}

  /** Runs {@code mainClass} with {@code args} in a child JVM started with {@code extraFlags}. */
  public static Result run(List<String> extraFlags, Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    return runWithClassPath(System.getProperty("java.class.path"), extraFlags, mainClass, args);
  }

  /** As {@link #run}, with {@code classPath} in place of this JVM's class path. */
  public static Result runWithClassPath(String classPath, List<String> extraFlags, Class<?> mainClass, String... args)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:") || arg.startsWith("-Dsimdsgd.")) {
        command.add(arg);
      }
    }
    command.addAll(extraFlags);
    command.addAll(List.of("-cp", classPath, mainClass.getName()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile("child-jvm", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      byte[] stdout = p.getInputStream().readAllBytes(); // reads until the child exits
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("child JVM did not exit: " + command);
      }
      return new Result(command, p.exitValue(), new String(stdout, StandardCharsets.UTF_8).lines().toList(),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
