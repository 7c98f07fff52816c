package dev.simdsgd.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quality side of the SGD-epoch comparison: trains each contestant of {@link Trainers} from
 * zero for the same number of epochs on the same {@link EpochProblem} and records the final mean
 * training log-loss, the wall time and examples/s of that training, and, as references, the loss
 * of the zero model (log 2) and of the generating model. Writes JSON.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp ... dev.simdsgd.peers.LossEval
 * out.json [epochs=3] [trainers=ours-b1,ours-b64,smile,tribuo]}.
 */
public final class LossEval {
  private LossEval() {}

  /** Runs the evaluation. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: LossEval out.json [epochs] [trainer,...]");
      System.exit(2);
    }
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String[] names = (args.length > 2 ? args[2] : "ours-b1,ours-b64,smile,tribuo").split(",");
    EpochProblem problem = new EpochProblem();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("N", EpochProblem.N);
    out.put("d", EpochProblem.D);
    out.put("epochs", epochs);
    out.put("learningRatePerExample", EpochProblem.LR_PER_EXAMPLE);
    out.put("learningRateBatch64", EpochProblem.LR_BATCH64);
    out.put("zeroModelLoss", Math.log(2));
    out.put("generatingModelLoss", problem.logLoss(problem.trueW, EpochProblem.TRUE_BIAS));
    List<Map<String, Object>> results = new ArrayList<>();
    for (String name : names) {
      System.out.printf("== loss: %s, %d epochs%n", name, epochs);
      Trainers.Trainer t = Trainers.of(name, problem);
      t.train(1); // warm-up epoch (JIT), then train from zero again
      t.reset();
      long start = System.nanoTime();
      t.train(epochs);
      double seconds = (System.nanoTime() - start) / 1e9;
      double loss = t.loss();
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("trainer", name);
      r.put("finalLoss", loss);
      r.put("trainSeconds", seconds);
      r.put("examplesPerSecond", (double) EpochProblem.N * epochs / seconds);
      results.add(r);
      System.out.printf("   loss %.5f after %d epochs, %.2f s, %.3g examples/s%n",
          loss, epochs, seconds, (double) EpochProblem.N * epochs / seconds);
    }
    out.put("results", results);
    Files.writeString(Path.of(args[0]),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out) + "\n");
  }
}
