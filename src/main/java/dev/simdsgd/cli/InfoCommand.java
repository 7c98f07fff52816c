package dev.simdsgd.cli;

import dev.simdsgd.kernel.Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code simd-sgd info}: what this JDK and CPU offer the kernels, and what was chosen. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Print the JDK, the CPU's preferred vector width, the available kernel widths, FMA, the"
        + " relevant JVM flags, and what Kernels.preferred() chose and why.")
final class InfoCommand implements Callable<Integer> {
  private static final String[] FLAGS = {
    "UseFMA", "UseAVX", "UseSSE", "MaxVectorSize", "UseSuperWord", "TieredCompilation", "TieredStopAtLevel",
    "UseCompiler", "UseCompressedOops"
  };

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    Runtime.Version v = Runtime.version();
    o.println("JDK:                " + v + " (" + System.getProperty("java.vm.vendor") + ", "
        + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.info") + ")");
    o.println("java.home:          " + System.getProperty("java.home"));
    o.println("OS / arch:          " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
        + Runtime.getRuntime().availableProcessors() + " processors");
    o.println("CPU:                " + cpu());
    boolean readable = vectorModuleReadable();
    o.println("Vector API:         jdk.incubator.vector "
        + (readable ? "readable" : "NOT readable (run the JVM with --add-modules jdk.incubator.vector)"));
    if (readable) {
      int bits = VectorProbe.preferredBits();
      o.println("Preferred width:    " + bits + " bits = " + bits / 32
          + " floats (FloatVector.SPECIES_PREFERRED, after -XX:UseAVX / MaxVectorSize)");
    } else {
      o.println("Preferred width:    unknown without the Vector API");
    }
    o.println("Available kernels:  "
        + Kernels.available().stream().map(Kernels::name).collect(Collectors.joining(", ")));
    String fma = vmOption("UseFMA");
    o.println("FMA:                " + (fma == null ? "unknown" : "UseFMA=" + fma
        + ("true".equals(fma) ? " (vector loops use fused multiply-add)" : " (vector loops use mul+add)")));
    List<String> flags = new ArrayList<>();
    for (String f : FLAGS) {
      String value = vmOption(f);
      if (value != null) {
        flags.add(f + "=" + value);
      }
    }
    o.println("JVM flags:          " + (flags.isEmpty() ? "unreadable (no jdk.management)" : String.join(" ", flags)));
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    o.println("JVM arguments:      " + (args.isEmpty() ? "(none)" : String.join(" ", args)));
    Kernels preferred = Kernels.preferred();
    o.println("Kernels.preferred(): " + preferred.name() + (preferred.laneBits() > 32 ? ": " : ", ") + why(preferred, readable));
    o.flush();
    return 0;
  }

  private static String why(Kernels preferred, boolean readable) {
    if (preferred.laneBits() > 32) {
      return "the widest float vector this CPU and JVM run natively, with C2 available to compile it"
          + (preferred.usesFma() ? "; FMA on" : "; FMA off, so mul+add");
    }
    if (!readable) {
      return "because jdk.incubator.vector is not readable: run the JVM with --add-modules"
          + " jdk.incubator.vector";
    }
    return "because vector code would not be compiled by C2 here (interpreter-only, C1-only or"
        + " no 128-bit vectors); the kernel's warning line above gives the exact reason";
  }

  static boolean vectorModuleReadable() {
    Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
    return vector.isPresent() && InfoCommand.class.getModule().canRead(vector.get());
  }

  static String vmOption(String name) {
    try {
      return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption(name)
          .getValue();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static String cpu() {
    Path info = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(info)) {
      return "unknown (no /proc/cpuinfo)";
    }
    try {
      String model = null;
      String flags = null;
      for (String line : Files.readAllLines(info)) {
        if (model == null && line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).strip();
        } else if (flags == null && line.startsWith("flags")) {
          flags = line.substring(line.indexOf(':') + 1);
        }
      }
      List<String> simd = new ArrayList<>();
      if (flags != null) {
        for (String f : new String[] {"sse4_2", "avx", "avx2", "fma", "avx512f", "avx512vl"}) {
          if ((" " + flags + " ").contains(" " + f + " ")) {
            simd.add(f);
          }
        }
      }
      return (model == null ? "unknown model" : model) + "; SIMD flags: "
          + (simd.isEmpty() ? "none found" : String.join(" ", simd));
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Touches jdk.incubator.vector only when it is readable, so info works without the module. */
  private static final class VectorProbe {
    static int preferredBits() {
      return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
  }
}
