package dev.simdsgd.machine;

/**
 * A count-based warm-up that a benchmark's trial setup runs before JMH's timed warm-up, so that
 * the batch kernels' compiled roots have been called often enough for C2 however slowly the
 * interpreted and C1-compiled Vector API code runs on the machine.
 *
 * <p>Why: a mini-batch call runs one root per 8-row block, and until C2 compiles those roots the
 * Vector API code allocates a heap object per vector operation. In the Zen 5 full run of
 * 2026-12-04, m = 1024 took 107 ms per call in the first 400 ms warm-up iteration (29 ms on the Zen
 * 4 runs), so after JMH's 1.2 s of warm-up C2 had not yet compiled {@code blockOf8}: 28 of 352
 * vector forks of the batch group timed their first measurement iteration at 1.3–12× the
 * steady state and allocated in it ({@code -XX:+PrintCompilation} showed the C2 compile landing
 * after the warm-up). Cost: about {@link #ROOT_CALLS} root calls per trial, most of the time in
 * the calls made before C2 has the roots; in CI's smoke pass (15 trials of these two benchmarks)
 * the bench step went from 104 to 129 s, under 2 s per trial. Compiled into both benchmark modules,
 * as {@link CpuInfo} is: the main suite's batch and step benchmarks and the peers' batch benchmark
 * (where, without it, our kernel ran interpreted at 2–5 ms a call into the second or third warm-up
 * iteration).
 */
public final class PreWarm {
  /** Root calls to make before timing: four times C2's default invocation threshold of 5000. */
  public static final int ROOT_CALLS = 20_000;

  private PreWarm() {}

  /**
   * Calls for one operation on m rows that together make about {@link #ROOT_CALLS} root calls: a
   * batch kernel takes one per 8-row block and one per leftover row (m mod 8). From m = 16 on the
   * count is of 16-row blocks, since the 512- and 256-bit logistic kernels take rows sixteen at a
   * time when d ≤ 128 (d ≤ 16 at 256 bits on AVX2; their {@code blockOf16}, a larger root that
   * C2 compiles later): counted per 8-row block, m = 1024, d = 16 still ran 5–8 ms a call in its
   * first 300 ms warm-up iteration and one fork allocated 2.2 MB a call in its first measured one;
   * 8-row kernels are then warmed twice over.
   */
  public static int callsFor(int m) {
    int rootsPerCall = Math.max(1, m >= 16 ? m / 16 : m / 8 + m % 8);
    return (ROOT_CALLS + rootsPerCall - 1) / rootsPerCall;
  }

  /** Runs {@code operation} {@link #callsFor}(m) times. */
  public static void run(int m, Runnable operation) {
    for (int i = callsFor(m); i > 0; i--) {
      operation.run();
    }
  }
}
