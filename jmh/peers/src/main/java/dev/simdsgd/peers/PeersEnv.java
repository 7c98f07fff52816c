package dev.simdsgd.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.simdsgd.kernel.Kernels;
import dev.simdsgd.machine.CpuInfo;
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
    env.put("cpuModel", CpuInfo.model());
    env.put("cpuId", CpuInfo.id());
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("cacheSizes", CpuInfo.cacheSizes());
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
}
