package dev.simdsgd.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several threads share one {@link Kernels} instance, each on its own data, at the same time, and
 * every result is bit-identical to a single-threaded run of the same workload
 * ({@link DeterminismProbe#trace}: every kernel, stats included, a few chained SGD steps, special
 * values; every result's bits recorded). A kernel that kept scratch state in the instance or in a
 * static field would mix the threads' data and fail here.
 *
 * <p>THREADS threads start each round together (a barrier), then run ROUNDS rounds of the
 * workload on their own seed, comparing every round with the reference. Per width: 4 threads × 150
 * rounds of the LARGE workload (d = 257, m = 24, dot lengths up to 4096) = 600 concurrent traces;
 * then all widths at once, one thread per width and seed.
 */
class KernelThreadSafetyTest {

  static final int THREADS = 4;
  static final int ROUNDS = 150;

  static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(THREADS * 2);
  }

  @AfterAll
  static void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(1, TimeUnit.MINUTES);
  }

  static Stream<Kernels> widths() {
    return Kernels.available().stream();
  }

  @ParameterizedTest
  @MethodSource("widths")
  void threadsSharingOneInstanceGetTheSingleThreadedBits(Kernels k) throws Exception {
    long[] seeds = new long[THREADS];
    int[][] reference = new int[THREADS][];
    for (int t = 0; t < THREADS; t++) {
      seeds[t] = 1000 + t;
      reference[t] = DeterminismProbe.trace(k, seeds[t], DeterminismProbe.LARGE);
    }
    // The threads' data really differ, so a mix-up between threads would be visible.
    for (int t = 1; t < THREADS; t++) {
      assertFalse(Arrays.equals(reference[0], reference[t]), "threads 0 and " + t + " have the same results");
    }
    List<Kernels> same = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      same.add(k);
    }
    runConcurrently(same, seeds, reference);
  }

  /** Every width at once, each shared by two threads with different seeds. */
  @Test
  void allWidthsAtOnce() throws Exception {
    List<Kernels> kernels = new ArrayList<>();
    for (Kernels k : Kernels.available()) {
      kernels.add(k);
      kernels.add(k);
    }
    long[] seeds = new long[kernels.size()];
    int[][] reference = new int[kernels.size()][];
    for (int t = 0; t < kernels.size(); t++) {
      seeds[t] = 2000 + t;
      reference[t] = DeterminismProbe.trace(kernels.get(t), seeds[t], DeterminismProbe.LARGE);
    }
    runConcurrently(kernels, seeds, reference);
  }

  /** Thread t runs ROUNDS rounds on kernels.get(t) with seeds[t]; each round must equal reference[t]. */
  static void runConcurrently(List<Kernels> kernels, long[] seeds, int[][] reference) throws Exception {
    int threads = kernels.size();
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<String>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      results.add(pool.submit(() -> {
        Kernels k = kernels.get(thread);
        for (int round = 0; round < ROUNDS; round++) {
          start.await(5, TimeUnit.MINUTES); // a hang guard, not a timing threshold
          int[] bits = DeterminismProbe.trace(k, seeds[thread], DeterminismProbe.LARGE);
          if (!Arrays.equals(reference[thread], bits)) {
            start.reset(); // release the others
            return k.name() + " thread " + thread + " round " + round + ": "
                + KernelDeterminismTest.firstDifference(reference[thread], bits);
          }
        }
        return null;
      }));
    }
    List<String> failures = new ArrayList<>();
    for (Future<String> f : results) {
      try {
        String failure = f.get(10, TimeUnit.MINUTES);
        if (failure != null) {
          failures.add(failure);
        }
      } catch (java.util.concurrent.ExecutionException e) {
        failures.add(String.valueOf(e.getCause()));
      }
    }
    if (!failures.isEmpty()) {
      fail("concurrent results differ from the single-threaded run:\n" + String.join("\n", failures));
    }
    assertEquals(threads, results.size());
  }
}
