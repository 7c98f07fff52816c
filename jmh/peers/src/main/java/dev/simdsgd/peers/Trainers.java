package dev.simdsgd.peers;

import static dev.simdsgd.peers.EpochProblem.D;
import static dev.simdsgd.peers.EpochProblem.N;

import dev.simdsgd.kernel.Kernels;
import dev.simdsgd.kernel.Logistic;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import smile.classification.LogisticRegression;
import smile.util.IntSet;

/**
 * The SGD-epoch contestants on one {@link EpochProblem}, each behind {@link Trainer}: ours with
 * batch 1 and 64 (composed from the kernels), Smile's online binomial logistic regression
 * ({@code LogisticRegression.Binomial.update}, one example at a time) and Tribuo's
 * {@link LinearSGDTrainer} (LogMulticlass objective, constant-rate SGD, minibatch 1). Every
 * trainer reshuffles each epoch.
 */
public final class Trainers {
  private Trainers() {}

  /** Rows read ahead at once by our small-batch trainer. */
  public static final int READ_AHEAD_ROWS = 32;

  /** One contestant: runs epochs and predicts P(y=1) for example i. */
  public interface Trainer {
    /** Back to the initial (zero) model. */
    void reset();

    /** Runs {@code epochs} epochs (continuing from the current model). */
    void train(int epochs);

    /** Mean training log-loss of the current model over all N examples. */
    double loss();
  }

  /** The trainer named {@code ours-b1}, {@code ours-b64}, {@code smile} or {@code tribuo}. */
  public static Trainer of(String name, EpochProblem problem) {
    return switch (name) {
      case "ours-b1" -> new Ours(problem, 1, EpochProblem.LR_PER_EXAMPLE);
      case "ours-b64" -> new Ours(problem, 64, EpochProblem.LR_BATCH64);
      case "smile" -> new Smile(problem);
      case "tribuo" -> new Tribuo(problem);
      default -> throw new IllegalArgumentException(
          "trainer must be ours-b1, ours-b64, smile or tribuo, was " + name);
    };
  }

  /**
   * Our kernels: batch gradient (fused) then a momentum-0, L2-0 update, per mini-batch, or at
   * batch size 1 pipelined per-example steps, each update computing the next row's dot
   * ({@link Kernels#sgdUpdateThenDot}, the weights {@link Kernels#logisticSgdStep} calls would
   * give, bit for bit); batches
   * under {@value Kernels#BATCH_READ_AHEAD_MIN_ROWS} rows first read the next
   * {@value #READ_AHEAD_ROWS} shuffled rows and their labels ahead with
   * {@link Kernels#readAhead(float[], int, int[], int, int, float[])}, as {@code SgdTrainer} does
   * (larger batches do both in the kernel).
   */
  static final class Ours implements Trainer {
    private final EpochProblem p;
    private final int batch;
    private final float lr;
    private final Kernels kernels = Kernels.preferred();
    private final int[] order = PeerData.identity(N);
    private final float[] w = new float[D];
    private final float[] v = new float[D];
    private final float[] g = new float[D];
    private float bias;
    private SplittableRandom random;

    Ours(EpochProblem p, int batch, float lr) {
      this.p = p;
      this.batch = batch;
      this.lr = lr;
      reset();
    }

    @Override
    public void reset() {
      Arrays.fill(w, 0f);
      Arrays.fill(v, 0f);
      bias = 0f;
      random = new SplittableRandom(45);
    }

    @Override
    public void train(int epochs) {
      for (int e = 0; e < epochs; e++) {
        PeerData.shuffle(order, random);
        int readUpTo = 0;
        float z = Float.NaN;
        for (int from = 0; from < N; from += batch) {
          int m = Math.min(batch, N - from);
          if (batch < Kernels.BATCH_READ_AHEAD_MIN_ROWS && from + m > readUpTo) {
            int start = readUpTo;
            readUpTo = Math.min(N, start + READ_AHEAD_ROWS);
            kernels.readAhead(p.x, D, order, start, readUpTo - start, p.labels);
          }
          if (batch == 1) { // pipelined per-example steps, as SgdTrainer.train() runs batch size 1
            int row = order[from];
            if (from == 0) {
              z = kernels.dot(p.x, row * D, w, 0, D) + bias;
            }
            float r = Logistic.residual(z, p.labels[row]);
            int next = order[Math.min(from + 1, N - 1)]; // after the last row: a dot nobody reads
            float nextDot = kernels.sgdUpdateThenDot(r, p.x, row * D, D, w, v, lr, 0f, 0f, p.x, next * D);
            bias -= lr * r;
            z = nextDot + bias;
            continue;
          }
          float gb = kernels.logisticBatchGradient(p.x, D, order, from, m, p.labels, w, bias, g);
          kernels.momentumUpdate(lr, 0f, 0f, g, v, w, D);
          bias -= lr * gb;
        }
      }
    }

    @Override
    public double loss() {
      return p.logLoss(w, bias);
    }
  }

  /** Smile's online binomial logistic regression, one {@code update} per example. */
  static final class Smile implements Trainer {
    private final EpochProblem p;
    private final double[][] rows = new double[N][];
    private final int[] y = new int[N];
    private final int[] order = PeerData.identity(N);
    private LogisticRegression.Binomial model;
    private SplittableRandom random;

    Smile(EpochProblem p) {
      this.p = p;
      for (int i = 0; i < N; i++) {
        double[] r = new double[D];
        for (int j = 0; j < D; j++) {
          r[j] = p.x[i * D + j];
        }
        rows[i] = r;
        y[i] = p.labels[i] > 0.5f ? 1 : 0;
      }
      reset();
    }

    @Override
    public void reset() {
      // Zero weights and intercept (D + 1), L = 0 (no log-likelihood yet), lambda = 0 (no L2).
      model = new LogisticRegression.Binomial(new double[D + 1], 0.0, 0.0, new IntSet(new int[] {0, 1}));
      model.setLearningRate(EpochProblem.LR_PER_EXAMPLE);
      random = new SplittableRandom(45);
    }

    @Override
    public void train(int epochs) {
      for (int e = 0; e < epochs; e++) {
        PeerData.shuffle(order, random);
        for (int i = 0; i < N; i++) {
          int k = order[i];
          model.update(rows[k], y[k]);
        }
      }
    }

    @Override
    public double loss() {
      double[] posterior = new double[2];
      double sum = 0;
      for (int i = 0; i < N; i++) {
        model.predict(rows[i], posterior);
        sum += EpochProblem.logLoss(posterior[1], p.labels[i]);
      }
      return sum / N;
    }
  }

  /** Tribuo's LinearSGDTrainer: LogMulticlass (softmax over {0, 1}), constant-rate SGD, batch 1. */
  static final class Tribuo implements Trainer {
    private final EpochProblem p;
    private final Dataset<Label> dataset;
    private final java.util.List<Example<Label>> examples;
    private final Label one = new Label("1");
    private Model<Label> model;
    private long seed;

    Tribuo(EpochProblem p) {
      this.p = p;
      LabelFactory factory = new LabelFactory();
      String[] names = new String[D];
      for (int j = 0; j < D; j++) {
        names[j] = String.format("f%03d", j);
      }
      Label zero = new Label("0");
      examples = new java.util.ArrayList<>(N);
      for (int i = 0; i < N; i++) {
        double[] values = new double[D]; // ArrayExample may keep the array: one per example
        for (int j = 0; j < D; j++) {
          values[j] = p.x[i * D + j];
        }
        examples.add(new ArrayExample<>(p.labels[i] > 0.5f ? one : zero, names, values));
      }
      var provenance = new SimpleDataSourceProvenance("simd-sgd synthetic N=200000 d=128", factory);
      dataset = new MutableDataset<>(new ListDataSource<>(examples, factory, provenance));
      reset();
    }

    @Override
    public void reset() {
      model = null;
      seed = 45;
    }

    /**
     * Tribuo trains a new model per {@code train} call (no warm start through this API), so each
     * call runs {@code epochs} epochs from zero, including Tribuo's own conversion of the dataset
     * into its vectors.
     */
    @Override
    public void train(int epochs) {
      LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(),
          SGD.getSimpleSGD(EpochProblem.LR_PER_EXAMPLE), epochs, Integer.MAX_VALUE, 1, seed);
      model = trainer.train(dataset);
    }

    @Override
    public double loss() {
      double sum = 0;
      for (int i = 0; i < N; i++) {
        var scores = model.predict(examples.get(i)).getOutputScores();
        sum += EpochProblem.logLoss(scores.get(one.getLabel()).getScore(), p.labels[i]);
      }
      return sum / N;
    }
  }
}
