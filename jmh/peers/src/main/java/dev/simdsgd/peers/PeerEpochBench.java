package dev.simdsgd.peers;

import java.util.concurrent.TimeUnit;
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
 * Time of one SGD epoch over the {@link EpochProblem} (N = 200 000, d = 128, reshuffled each
 * epoch) by each trainer of {@link Trainers}. Examples/s = N / (s/op). Training continues across
 * ops (the model is not reset), except Tribuo, whose {@code train} call always starts a new model
 * and includes its dataset conversion (one epoch per call). The final loss after the same number
 * of epochs comes from {@link LossEval}, run after JMH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms3g", "-Xmx3g"})
public class PeerEpochBench {
  /** ours-b1, ours-b64, smile or tribuo. */
  @Param({"ours-b1", "ours-b64", "smile", "tribuo"})
  public String trainer;

  private Trainers.Trainer contestant;

  /** Builds the problem and the trainer's own copy of the data. */
  @Setup
  public void setup() {
    contestant = Trainers.of(trainer, new EpochProblem());
  }

  /** One epoch. */
  @Benchmark
  public void epoch() {
    contestant.train(1);
  }
}
