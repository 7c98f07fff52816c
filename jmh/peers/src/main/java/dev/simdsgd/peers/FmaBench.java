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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This machine's compute limit, measured in the same run as the kernels: vector FMA throughput at
 * the Vector API's preferred width. {@value #CHAINS} independent FMA dependency chains in
 * registers, no memory traffic; one op is one vector FMA, so GFLOP/s = 2·lanes / (ns/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class FmaBench {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  /** Independent FMA chains: more than latency × pipes (4 cycles × 2 on Zen 4). */
  static final int CHAINS = 12;
  /** FMA steps per chain and call. */
  static final int STEPS = 1024;

  private float[] coefficients;

  /** The multiplier (just under 1) and addend, so the chains stay finite. */
  @Setup
  public void setup() {
    coefficients = new float[S.length() * 2];
    for (int i = 0; i < S.length(); i++) {
      coefficients[i] = 0.999f;
      coefficients[S.length() + i] = 0.001f;
    }
  }

  /** {@value #CHAINS}·{@value #STEPS} independent-chain vector FMAs (no memory traffic). */
  @Benchmark
  @OperationsPerInvocation(CHAINS * STEPS)
  public float fma() {
    FloatVector m = FloatVector.fromArray(S, coefficients, 0);
    FloatVector c = FloatVector.fromArray(S, coefficients, S.length());
    FloatVector a0 = c;
    FloatVector a1 = c.add(c);
    FloatVector a2 = a1.add(c);
    FloatVector a3 = a2.add(c);
    FloatVector a4 = a3.add(c);
    FloatVector a5 = a4.add(c);
    FloatVector a6 = a5.add(c);
    FloatVector a7 = a6.add(c);
    FloatVector a8 = a7.add(c);
    FloatVector a9 = a8.add(c);
    FloatVector a10 = a9.add(c);
    FloatVector a11 = a10.add(c);
    for (int k = 0; k < STEPS; k++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    FloatVector t = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7)))
        .add(a8.add(a9).add(a10.add(a11)));
    return t.reduceLanes(VectorOperators.ADD);
  }
}
