package dev.simdsgd.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's sequential read bandwidth from memory, the roofline for kernels that stream rows
 * larger than L3: time to sum a 256 MiB {@code long[]} with four independent accumulators, which
 * needs no floating point and no Vector API. GB/s = 2^28 bytes ÷ (ns/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class MemoryBandwidthBench {
  /** Bytes read per operation. */
  public static final long BYTES = 256L << 20;

  private long[] data;

  /** Fills the array once per trial, so every page is mapped before timing. */
  @Setup
  public void setup() {
    data = new long[(int) (BYTES / Long.BYTES)];
    for (int i = 0; i < data.length; i++) {
      data[i] = i * 0x9E3779B97F4A7C15L;
    }
  }

  /** One pass over the whole array; returns the sum so the loads cannot be removed. */
  @Benchmark
  public long read() {
    long[] a = data;
    long s0 = 0;
    long s1 = 0;
    long s2 = 0;
    long s3 = 0;
    int i = 0;
    for (; i <= a.length - 4; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i];
    }
    return s0 + s1 + s2 + s3;
  }
}
