package dev.simdsgd.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.simdsgd.kernel.Kernels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.lucene.util.VectorUtil;

/**
 * Describes the peers as this JVM sees them: Lucene's version and the vectorization provider log
 * line it prints on first use (it says whether its Panama implementation is on), which netlib BLAS
 * implementations load, our preferred kernels, CPU, caches and JDK. Measures nothing.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp ... dev.simdsgd.peers.PeersEnv
 * [out.json]} (standard output without an argument).
 */
public final class PeersEnv {
  private static final List<String> LUCENE_LOG = new ArrayList<>();
  private static boolean capturing;

  private PeersEnv() {}

  /**
   * Records the log lines of Lucene's vectorization provider (logger
   * {@code org.apache.lucene.internal.vectorization}); call before the first VectorUtil use. The
   * lines still reach the console as well.
   */
  public static synchronized void captureLuceneLog() {
    if (capturing) {
      return;
    }
    capturing = true;
    Logger logger = Logger.getLogger("org.apache.lucene.internal.vectorization");
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        synchronized (LUCENE_LOG) {
          LUCENE_LOG.add(record.getLevel() + ": " + java.text.MessageFormat.format(
              record.getMessage(), record.getParameters() == null ? new Object[0] : record.getParameters()));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    logger.setLevel(Level.ALL);
  }

  /** Writes the description as JSON. */
  public static void main(String[] args) throws IOException {
    captureLuceneLog();
    float check = VectorUtil.dotProduct(new float[] {1, 2}, new float[] {3, 4});
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("cpuModel", cpuModel());
    env.put("cpuId", cpuId());
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("cacheSizes", cacheSizes());
    env.put("javaVersion", System.getProperty("java.runtime.version"));
    env.put("vmName", System.getProperty("java.vm.name"));
    env.put("jvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());
    env.put("useFma", vmOption("UseFMA"));
    env.put("maxVectorSize", vmOption("MaxVectorSize"));
    env.put("preferredSpeciesBits", jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
    env.put("oursPreferred", Kernels.preferred().name());
    env.put("oursPreferredLaneBits", Kernels.preferred().laneBits());
    env.put("luceneVersion", org.apache.lucene.util.Version.LATEST.toString());
    env.put("luceneVectorizationLog", new ArrayList<>(LUCENE_LOG));
    env.put("luceneDotCheck", check);
    env.put("luceneVectorizationOn", LUCENE_LOG.stream().anyMatch(s -> s.contains("enabled")));
    env.put("netlibJava", Blas.describe("netlibJava"));
    env.put("netlibNative", Blas.describe("openblasJni"));
    env.put("openblasJniAvailable", !Blas.describe("openblasJni").startsWith("unavailable"));
    String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(env);
    if (args.length > 0) {
      Files.writeString(Path.of(args[0]), json + "\n");
    } else {
      System.out.println(json);
    }
  }

  static String vmOption(String name) {
    try {
      return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption(name).getValue();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch", "unknown-cpu");
  }

  /**
   * "family F model M stepping S" from /proc/cpuinfo, or null elsewhere. Two CPUs can share a model
   * name ("AMD EPYC" on a VM covers Zen 4, family 25, and Zen 5, family 26), so runs record this too.
   */
  static String cpuId() {
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.isBlank()) {
          break; // the first processor is enough
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
          fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (!fields.containsKey("cpu family")) {
      return null;
    }
    return "family " + fields.get("cpu family") + " model " + fields.get("model") + " stepping "
        + fields.getOrDefault("stepping", "?");
  }

  /**
   * Per-core cache sizes in bytes keyed L1d, L1i, L2, L3: from /sys, else from {@code getconf}
   * (glibc's reading of CPUID, used where a VM exposes no /sys cache directory); empty when neither
   * answers.
   */
  static Map<String, Long> cacheSizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    Path base = Path.of("/sys/devices/system/cpu/cpu0/cache");
    for (int index = 0; index < 8; index++) {
      Path dir = base.resolve("index" + index);
      try {
        String level = Files.readString(dir.resolve("level")).trim();
        String type = Files.readString(dir.resolve("type")).trim();
        String size = Files.readString(dir.resolve("size")).trim();
        long bytes = Long.parseLong(size.replaceAll("[^0-9]", ""));
        if (size.endsWith("K")) {
          bytes <<= 10;
        } else if (size.endsWith("M")) {
          bytes <<= 20;
        }
        sizes.put("L" + level + ("Data".equals(type) ? "d" : "Instruction".equals(type) ? "i" : ""), bytes);
      } catch (IOException | RuntimeException e) {
        break;
      }
    }
    return sizes.isEmpty() ? cacheSizesFromGetconf() : sizes;
  }

  private static Map<String, Long> cacheSizesFromGetconf() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    String[][] names = {
      {"L1d", "LEVEL1_DCACHE_SIZE"}, {"L1i", "LEVEL1_ICACHE_SIZE"}, {"L2", "LEVEL2_CACHE_SIZE"},
      {"L3", "LEVEL3_CACHE_SIZE"}
    };
    for (String[] name : names) {
      try {
        Process p = new ProcessBuilder("getconf", name[1]).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() == 0 && out.matches("[0-9]+") && Long.parseLong(out) > 0) {
          sizes.put(name[0], Long.parseLong(out));
        }
      } catch (IOException | RuntimeException e) {
        return sizes;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return sizes;
      }
    }
    return sizes;
  }
}
