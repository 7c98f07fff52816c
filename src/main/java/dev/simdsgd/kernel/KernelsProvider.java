package dev.simdsgd.kernel;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Decides, once per JVM, which kernels can run and which is preferred. Classes that touch
 * {@code jdk.incubator.vector} are only loaded after the module is known to be readable, so a
 * JVM started without {@code --add-modules jdk.incubator.vector} still gets the scalar kernels.
 */
final class KernelsProvider {
  private static final System.Logger LOG = System.getLogger("dev.simdsgd.kernel");
  private static final String MODULE_FLAG = "--add-modules jdk.incubator.vector";

  private KernelsProvider() {}

  /** Whether this JVM lets our code use jdk.incubator.vector. */
  static boolean vectorModuleReadable() {
    Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
    return vector.isPresent() && KernelsProvider.class.getModule().canRead(vector.get());
  }

  /** Widest float vector this JVM compiles to native instructions, in bits; 0 without the module. */
  static int nativeBits() {
    return vectorModuleReadable() ? VectorSupport.PREFERRED_BITS : 0;
  }

  static Kernels ofBits(int bits) {
    if (bits != 128 && bits != 256 && bits != 512) {
      throw new IllegalArgumentException("bits must be 128, 256 or 512, was " + bits);
    }
    if (!vectorModuleReadable()) {
      throw new IllegalArgumentException(
          bits + "-bit kernels need the Vector API: run the JVM with " + MODULE_FLAG);
    }
    int nativeBits = VectorSupport.PREFERRED_BITS;
    if (bits > nativeBits) {
      throw new IllegalArgumentException(bits + "-bit kernels requested, but this CPU and JVM run float"
          + " vectors natively only up to " + nativeBits + " bits (FloatVector.SPECIES_PREFERRED);"
          + " a wider species would run in the slow Java fallback");
    }
    return VectorSupport.kernels(bits);
  }

  static List<Kernels> available() {
    List<Kernels> list = new ArrayList<>();
    list.add(Kernels.scalar());
    int nativeBits = nativeBits();
    for (int bits = 128; bits <= nativeBits; bits *= 2) {
      list.add(VectorSupport.kernels(bits));
    }
    return Collections.unmodifiableList(list);
  }

  static Kernels preferred() {
    return Preferred.INSTANCE;
  }

  /** Lazily made choice, so that merely loading {@link Kernels} logs nothing. */
  private static final class Preferred {
    static final Kernels INSTANCE = choose();

    private static Kernels choose() {
      String whyNot = whyNoCompiledVectors();
      if (whyNot != null) {
        LOG.log(System.Logger.Level.WARNING, "simd-sgd: using scalar kernels: " + whyNot);
        return Kernels.scalar();
      }
      return VectorSupport.kernels(VectorSupport.PREFERRED_BITS);
    }
  }

  /** Null when vector code will really be compiled by C2, else the reason it will not. */
  static String whyNoCompiledVectors() {
    if (!vectorModuleReadable()) {
      return "jdk.incubator.vector is not readable; run the JVM with " + MODULE_FLAG;
    }
    String vmInfo = System.getProperty("java.vm.info", "");
    if (vmInfo.contains("interpreted mode")) {
      return "the JVM runs interpreted only (-Xint)";
    }
    int stopLevel = VmOptions.getInt("TieredStopAtLevel", 4);
    String tiered = VmOptions.get("TieredCompilation");
    if (!"false".equals(tiered) && stopLevel < 4) {
      return "-XX:TieredStopAtLevel=" + stopLevel + " leaves no C2 to compile vector code";
    }
    if (vmInfo.contains("emulated-client")) {
      return "the JVM runs in client emulation mode (no C2)";
    }
    String mode = VmOptions.get("CompilationMode");
    if (mode != null && mode.contains("quick-only")) {
      return "-XX:CompilationMode=quick-only leaves no C2 to compile vector code";
    }
    if (!"true".equals(VmOptions.get("UseCompiler")) && VmOptions.get("UseCompiler") != null) {
      return "the JIT compiler is disabled";
    }
    if (VectorSupport.PREFERRED_BITS < 128) {
      return "this CPU/JVM has no 128-bit float vectors (preferred species is "
          + VectorSupport.PREFERRED_BITS + " bits)";
    }
    return null;
  }

  /** HotSpot -XX options, read through the diagnostic MXBean when jdk.management is present. */
  static final class VmOptions {
    private VmOptions() {}

    /** The option's value as text, or null when it cannot be read. */
    static String get(String name) {
      try {
        return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
            .getVMOption(name)
            .getValue();
      } catch (RuntimeException | LinkageError e) {
        return null;
      }
    }

    /** The option's value as an integer, or {@code fallback} when it cannot be read as one. */
    static int getInt(String name, int fallback) {
      String value = get(name);
      try {
        return value != null ? Integer.parseInt(value) : fallback;
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
  }
}
