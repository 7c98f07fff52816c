package dev.simdsgd.cli;

import dev.simdsgd.train.DivergenceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code simd-sgd} command line: {@code train}, {@code predict} and {@code info}. Bad
 * arguments or data print one line on stderr and exit with code 2, never a stack trace;
 * divergence exits with 3; only an internal error (a bug) prints a stack trace, with code 1.
 * The commands hold no logic of their own: their cost is that of the data loading, training and
 * prediction they call.
 */
@Command(
    name = "simd-sgd",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Mini-batch SGD for logistic and least-squares regression on Vector API kernels.",
    subcommands = {TrainCommand.class, PredictCommand.class, InfoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit code for bad arguments or data. */
  public static final int BAD_INPUT = 2;

  /** Exit code when training diverged. */
  public static final int DIVERGED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(out, err, args));
  }

  /** Runs the command line with the given streams and returns the exit code (for tests and embedding). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println(c.getCommandName().equals("simd-sgd") ? "simd-sgd: " + oneLine(ex.getMessage())
          + " (see simd-sgd --help)"
          : "simd-sgd " + c.getCommandName() + ": " + oneLine(ex.getMessage()) + " (see simd-sgd "
              + c.getCommandName() + " --help)");
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
      String name = "simd-sgd " + c.getCommandName();
      PrintWriter e = c.getErr();
      if (ex instanceof DivergenceException d) {
        e.println(name + ": " + oneLine(d.getMessage()));
        return DIVERGED;
      }
      if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
        e.println(name + ": " + oneLine(ex.getMessage()));
        return BAD_INPUT;
      }
      if (ex instanceof UncheckedIOException u) {
        e.println(name + ": " + ioMessage(u.getCause()));
        return BAD_INPUT;
      }
      if (ex instanceof IOException io) {
        e.println(name + ": " + ioMessage(io));
        return BAD_INPUT;
      }
      e.println(name + ": internal error: " + ex);
      ex.printStackTrace(e);
      return 1;
    });
    int code;
    try {
      code = cl.execute(args);
    } catch (OutOfMemoryError e) {
      err.println("simd-sgd: out of memory (" + e.getMessage() + "): use fewer rows or features, or give the JVM"
          + " more heap, e.g. SIMD_SGD_JAVA_OPTS=-Xmx8g bin/simd-sgd ...");
      code = BAD_INPUT;
    }
    out.flush();
    err.flush();
    return code;
  }

  static String ioMessage(IOException e) {
    if (e instanceof AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').strip();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: train, predict or info");
  }

  /** The version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"simd-sgd " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
