package dev.simdsgd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.simdsgd.kernel.Kernels;
import dev.simdsgd.machine.CpuInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes the JVM it runs in, as the benchmark forks see it when started with the same flags:
 * CPU model and cores, JDK, JVM flags, the Vector API's preferred width, whether FMA is on, and
 * which {@code width} parameters run natively. Measures nothing.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector [flags] -cp benchmarks.jar
 * dev.simdsgd.bench.EnvProbe [--json | --widths | --slug]}: the environment as JSON (default),
 * the comma-separated runnable widths, or the CPU part of a results folder's name
 * ({@link CpuInfo#slug()}).
 */
public final class EnvProbe {
  private EnvProbe() {}

  /** Prints the requested description to standard output. */
  public static void main(String[] args) throws IOException {
    String mode = args.length == 0 ? "--json" : args[0];
    switch (mode) {
      case "--widths" -> System.out.println(String.join(",", runnableWidths()));
      case "--slug" -> System.out.println(CpuInfo.slug());
      case "--json" -> System.out.println(new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(describe()));
      default -> {
        System.err.println("usage: EnvProbe [--json | --widths | --slug]");
        System.exit(2);
      }
    }
  }

  /** The width parameter values that run natively here, narrowest first, then preferred. */
  static List<String> runnableWidths() {
    List<String> widths = new ArrayList<>();
    for (Kernels k : Kernels.available()) {
      widths.add(k.laneBits() == 32 ? "scalar" : Integer.toString(k.laneBits()));
    }
    widths.add("preferred");
    return widths;
  }

  static Map<String, Object> describe() {
    Map<String, Object> env = new LinkedHashMap<>();
    String cpu = cpuModel();
    env.put("cpuModel", cpu);
    env.put("cpuSlug", CpuInfo.slug());
    env.put("cpuId", CpuInfo.id());
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("cacheSizes", cacheSizes());
    env.put("memoryBytes", totalMemory());
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version")
        + " (" + System.getProperty("os.arch") + ")");
    env.put("javaVersion", System.getProperty("java.runtime.version"));
    env.put("javaVendor", System.getProperty("java.vendor"));
    env.put("vmName", System.getProperty("java.vm.name"));
    env.put("vmVersion", System.getProperty("java.vm.version"));
    env.put("javaHome", System.getProperty("java.home"));
    env.put("jvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());
    Map<String, String> vmOptions = new LinkedHashMap<>();
    for (String option : new String[] {"UseAVX", "UseSSE", "MaxVectorSize", "UseFMA", "UseSuperWord"}) {
      vmOptions.put(option, vmOption(option));
    }
    env.put("vmOptions", vmOptions);
    Integer preferredBits = preferredSpeciesBits();
    env.put("preferredSpeciesBits", preferredBits);
    env.put("useFma", "true".equals(vmOption("UseFMA")));
    Kernels preferred = Kernels.preferred();
    env.put("preferredKernels", preferred.name());
    env.put("preferredLaneBits", preferred.laneBits());
    List<String> kernels = new ArrayList<>();
    for (Kernels k : Kernels.available()) {
      kernels.add(k.name());
    }
    env.put("availableKernels", kernels);
    List<String> runnable = runnableWidths();
    env.put("widths", runnable);
    Map<String, String> skipped = new LinkedHashMap<>();
    for (String width : Widths.ALL) {
      if (!runnable.contains(width)) {
        skipped.put(width, whyNot(width));
      }
    }
    env.put("skippedWidths", skipped);
    return env;
  }

  private static String whyNot(String width) {
    try {
      Widths.kernels(width);
      return "not listed by Kernels.available()";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Bits of FloatVector.SPECIES_PREFERRED, or null when the Vector API module is not readable. */
  private static Integer preferredSpeciesBits() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return null;
    }
    return VectorProbe.preferredBits();
  }

  /** Kept apart so that EnvProbe loads even when jdk.incubator.vector is absent. */
  private static final class VectorProbe {
    static int preferredBits() {
      return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
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

  static String cpuModel() {
    return CpuInfo.model();
  }

  /** Cache sizes as /sys writes them ("48K"), keyed L1d, L1i, L2, L3 (see {@link CpuInfo#cacheSizes}). */
  private static Map<String, String> cacheSizes() {
    Map<String, String> sizes = new LinkedHashMap<>();
    CpuInfo.cacheSizes().forEach((level, bytes) -> sizes.put(level, (bytes >> 10) + "K"));
    return sizes;
  }

  private static Long totalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return null;
  }
}
