package dev.simdsgd.peers;

import dev.ludovic.netlib.blas.BLAS;
import dev.simdsgd.kernel.Kernels;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One float32 dot product of length {@code n} on the same two arrays, by each implementation:
 * {@code ours} ({@link Kernels#preferred()}), {@code lucene} ({@link VectorUtil#dotProduct}, its
 * Panama provider when jdk.incubator.vector is added), {@code netlibJava} (netlib's VectorBLAS
 * sdot) and {@code openblasJni} (OpenBLAS cblas sdot through netlib's JNI binding, which adds a
 * fixed per-call cost; the C harness times OpenBLAS without it). The arrays stay in the cache
 * level their 8n bytes fit in.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g",
    PeerData.PIN_ARRAY_PLACEMENT})
public class PeerDotBench {
  /** Vector length. */
  @Param({"16", "64", "256", "1024", "4096", "65536"})
  public int n;

  /** ours, lucene, netlibJava or openblasJni. */
  @Param({"ours", "lucene", "netlibJava", "openblasJni"})
  public String impl;

  /** One dot product by the chosen implementation; one lambda class per fork, so C2 inlines it. */
  @FunctionalInterface
  interface DotProduct {
    float dot(float[] a, float[] b, int n);
  }

  private DotProduct dotProduct;
  private float[] a;
  private float[] b;

  /** Builds the inputs and checks the implementation against a double-precision dot. */
  @Setup
  public void setup() {
    a = PeerData.features(n, 11);
    b = PeerData.features(n, 12);
    // Resolved once here rather than by a switch on the String in the timed method, which would
    // add its hash-and-equals to every call (a few ns, large next to a 10 ns dot at n = 16).
    dotProduct = switch (impl) {
      case "ours" -> {
        Kernels kernels = Kernels.preferred();
        yield (x, y, len) -> kernels.dot(x, 0, y, 0, len);
      }
      case "lucene" -> {
        PeersEnv.captureLuceneLog();
        yield (x, y, len) -> VectorUtil.dotProduct(x, y);
      }
      case "netlibJava", "openblasJni" -> {
        BLAS blas = Blas.of(impl);
        yield (x, y, len) -> blas.sdot(len, x, 1, y, 1);
      }
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    };
    double exact = 0;
    double abs = 0;
    for (int i = 0; i < n; i++) {
      exact += (double) a[i] * b[i];
      abs += Math.abs((double) a[i] * b[i]);
    }
    float got = dot();
    if (!(Math.abs(got - exact) <= 1e-5 * abs + 1e-6)) {
      throw new IllegalStateException(impl + " dot(n=" + n + ") = " + got + ", expected " + exact);
    }
  }

  /** One dot product; the result is returned so it cannot be optimized away. */
  @Benchmark
  public float dot() {
    return dotProduct.dot(a, b, n);
  }
}
