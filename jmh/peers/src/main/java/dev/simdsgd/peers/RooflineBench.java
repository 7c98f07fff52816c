package dev.simdsgd.peers;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * This machine's memory limit, measured in the same run as the kernels: read bandwidth from each
 * cache level and from DRAM at the Vector API's preferred width.
 *
 * <p>{@link #read()}: sum of a float[] of {@code kib} KiB with 8 independent vector accumulators
 * (loads only, one add each, so the loads are the limit), repeated {@link #passes} times per op.
 * GB/s = kib·1024·passes / (ns/op). Working sets:
 * 16 KiB (L1d), 512 KiB (L2), 8 MiB (L3), 512 MiB (DRAM) on the Zen 4 this was written on (32 KiB
 * L1d, 1 MiB L2 per core, 32 MiB L3); on the Zen 5 the VM moved to (48 KiB L1d, 1 MiB L2, an L3
 * the VM reports as 508 MiB) a dependent chase over 512 MiB ({@link LatencyBench}) takes 200 ns an
 * access, a memory latency, so that set still measures DRAM.
 * FMA throughput is {@link FmaBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
public class RooflineBench {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Working set of the read kernel in KiB. */
  @Param({"16", "512", "8192", "524288"})
  public int kib;

  private float[] data;

  /** Fills the array, so its pages are mapped before timing. */
  @Setup
  public void setup() {
    data = PeerData.features(kib * 256, 7);
  }

  /** Passes over the array per op: {@link PeerData#readPasses}. */
  static int passes(int kib) {
    return PeerData.readPasses(kib);
  }

  /** Reads the whole array {@link #passes} times; returns the sum so the loads cannot be removed. */
  @Benchmark
  public float read() {
    float total = 0f;
    for (int p = passes(kib); p > 0; p--) {
      total += readOnce();
    }
    return total;
  }

  private float readOnce() {
    float[] a = data;
    int step = S.length() * 8;
    int bound = a.length - a.length % step;
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    FloatVector s4 = s0;
    FloatVector s5 = s0;
    FloatVector s6 = s0;
    FloatVector s7 = s0;
    int L = S.length();
    for (int i = 0; i < bound; i += step) {
      s0 = s0.add(FloatVector.fromArray(S, a, i));
      s1 = s1.add(FloatVector.fromArray(S, a, i + L));
      s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * L));
      s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * L));
      s4 = s4.add(FloatVector.fromArray(S, a, i + 4 * L));
      s5 = s5.add(FloatVector.fromArray(S, a, i + 5 * L));
      s6 = s6.add(FloatVector.fromArray(S, a, i + 6 * L));
      s7 = s7.add(FloatVector.fromArray(S, a, i + 7 * L));
    }
    FloatVector t = s0.add(s1).add(s2.add(s3)).add(s4.add(s5).add(s6.add(s7)));
    return t.reduceLanes(VectorOperators.ADD);
  }
}
