package dev.simdsgd.cli;

import dev.simdsgd.data.CsvLoader;
import dev.simdsgd.data.Dataset;
import dev.simdsgd.data.Synthetic;
import dev.simdsgd.kernel.Kernels;
import dev.simdsgd.train.DivergenceException;
import dev.simdsgd.train.LearningRateSchedule;
import dev.simdsgd.train.Loss;
import dev.simdsgd.train.SgdTrainer;
import dev.simdsgd.train.TrainOptions;
import dev.simdsgd.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simd-sgd train}: trains on a CSV file or a synthetic problem, writes model.json and loss-curve.csv. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Train logistic or least-squares regression with mini-batch SGD. Prints one line per"
        + " epoch and writes DIR/model.json and DIR/loss-curve.csv.")
final class TrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", paramLabel = "FILE.csv", description = "CSV training data.")
  Path data;

  @Option(names = "--synthetic", paramLabel = "N,d",
      description = "Train on a seeded synthetic problem of N rows and d features instead of a file"
          + " (logistic: Bernoulli labels; squared: linear with Gaussian noise).")
  String synthetic;

  @Option(names = "--label-column", paramLabel = "N|last", defaultValue = "last",
      description = "0-based index of the label column, or 'last' (default: ${DEFAULT-VALUE}).")
  String labelColumn;

  @Option(names = "--header", paramLabel = "auto|yes|no", defaultValue = "auto",
      description = "Whether the first line is a header; auto: when a field is not a number (default: ${DEFAULT-VALUE}).")
  String header;

  @Option(names = "--standardize", description = "Standardize features to mean 0, std 1 (kept with the model).")
  boolean standardize;

  @Option(names = "--loss", paramLabel = "logistic|squared", defaultValue = "logistic",
      description = "Loss (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--batch", paramLabel = "M", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--epochs", paramLabel = "E", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--lr", paramLabel = "η", defaultValue = "0.1", description = "Initial learning rate η₀ (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--schedule", paramLabel = "constant|step|cosine|inverse-time", defaultValue = "constant",
      description = "Learning-rate schedule (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(names = "--warmup", paramLabel = "K", defaultValue = "0",
      description = "Linear warmup over the first K steps, in front of the schedule (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--decay-factor", paramLabel = "F", defaultValue = "0.5",
      description = "step schedule: multiply η by F ... (default: ${DEFAULT-VALUE}).")
  double decayFactor;

  @Option(names = "--decay-every", paramLabel = "K", defaultValue = "1",
      description = "... every K epochs (default: ${DEFAULT-VALUE}).")
  int decayEvery;

  @Option(names = "--min-lr", paramLabel = "η_min", defaultValue = "0",
      description = "cosine schedule: final learning rate (default: ${DEFAULT-VALUE}).")
  double minLr;

  @Option(names = "--tau", paramLabel = "τ",
      description = "inverse-time schedule: η₀/(1 + t/τ), t in steps (default: the steps of one epoch).")
  Double tau;

  @Option(names = "--momentum", paramLabel = "β", defaultValue = "0", description = "Heavy-ball momentum β in [0, 1) (default: ${DEFAULT-VALUE}).")
  double momentum;

  @Option(names = "--l2", paramLabel = "λ", defaultValue = "0", description = "L2 coefficient λ of (λ/2)‖w‖² (default: ${DEFAULT-VALUE}).")
  double l2;

  @Option(names = "--no-intercept", description = "Do not fit a bias.")
  boolean noIntercept;

  @Option(names = "--width", paramLabel = "bits|scalar", defaultValue = "preferred",
      description = "Kernel width: preferred, scalar, 128, 256 or 512 (default: ${DEFAULT-VALUE}).")
  String width;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the shuffle (and of --synthetic) (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-shuffle", description = "Keep file order instead of reshuffling every epoch.")
  boolean noShuffle;

  @Option(names = "--no-eval", description = "Skip the whole-set pass at each epoch end (no loss/accuracy, faster).")
  boolean noEval;

  @Option(names = "--step-loss", description = "Also write DIR/step-loss.csv: every step's batch loss and time.")
  boolean stepLoss;

  @Option(names = "--noise", paramLabel = "σ", defaultValue = "0.5",
      description = "--synthetic with squared loss: noise standard deviation (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--write-data", paramLabel = "FILE.csv",
      description = "Also write the training data (e.g. the synthetic rows) as CSV: header x1..xd,y, label last.")
  Path writeData;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter e = spec.commandLine().getErr();
    // Everything is validated before any data is loaded or any weight changes.
    if ((data == null) == (synthetic == null)) {
      throw new IllegalArgumentException("give exactly one of --data FILE.csv or --synthetic N,d");
    }
    Loss lossKind = Loss.parse(loss);
    if (batch <= 0) {
      throw new IllegalArgumentException("--batch must be > 0, was " + batch);
    }
    if (epochs <= 0) {
      throw new IllegalArgumentException("--epochs must be > 0, was " + epochs);
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("--lr must be finite and > 0, was " + lr);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("--momentum must lie in [0, 1), was " + momentum);
    }
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("--l2 must be finite and >= 0, was " + l2);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be >= 0, was " + warmup);
    }
    Kernels kernels = Options.kernels(width);
    int label = Options.labelColumn(labelColumn);
    CsvLoader.Header hdr = Options.header(header);
    int[] nd = synthetic != null ? Options.synthetic(synthetic) : null;
    LearningRateSchedule.withWarmup(warmup, schedule(1)); // validates the schedule's values now
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
    }

    Dataset dataset;
    String source;
    if (nd != null) {
      dataset = lossKind == Loss.LOGISTIC
          ? Synthetic.logistic(nd[0], nd[1], seed).data()
          : Synthetic.linear(nd[0], nd[1], noise, seed).data();
      source = "synthetic " + lossKind + " problem (seed " + seed + ")";
    } else {
      dataset = new CsvLoader(label, hdr, lossKind == Loss.LOGISTIC).load(data);
      source = data.toString();
    }
    LearningRateSchedule base = schedule(dataset.rows());
    TrainOptions options = TrainOptions.builder()
        .loss(lossKind)
        .batchSize(batch)
        .epochs(epochs)
        .kernels(kernels)
        .seed(seed)
        .fitIntercept(!noIntercept)
        .shuffle(!noShuffle)
        .schedule(LearningRateSchedule.withWarmup(warmup, base))
        .momentum(momentum)
        .l2(l2)
        .standardize(standardize)
        .evaluateEachEpoch(!noEval)
        .recordStepLoss(stepLoss)
        .listener(new Progress(o, e))
        .build();
    o.println("training " + lossKind + " on " + source + ": " + options.schedule().describe()
        + (momentum > 0 ? ", momentum " + momentum : "") + (l2 > 0 ? ", l2 " + l2 : "")
        + (standardize ? ", standardized" : "") + (noIntercept ? ", no intercept" : ""));
    SgdTrainer trainer = new SgdTrainer(dataset, options);
    Files.createDirectories(out);
    if (writeData != null) {
      writeCsv(dataset, writeData);
      o.println("wrote the " + dataset.rows() + " training rows to " + writeData);
    }
    TrainingResult result;
    try {
      result = trainer.train();
    } catch (DivergenceException d) {
      Path kept = out.resolve("model-last-finite.json");
      d.lastFiniteModel().save(kept);
      e.println("simd-sgd train: " + Main.oneLine(d.getMessage()) + " (in " + kept + ")");
      return Main.DIVERGED;
    }
    Path modelFile = out.resolve("model.json");
    Path curve = out.resolve("loss-curve.csv");
    result.model().save(modelFile);
    result.history().writeCsv(curve);
    String extra = "";
    if (stepLoss) {
      Path steps = out.resolve("step-loss.csv");
      result.history().writeStepCsv(steps);
      extra = " and " + steps;
    }
    double total = result.history().epochs().stream().mapToDouble(s -> s.seconds()).sum();
    o.printf(Locale.ROOT, "trained in %.2f s (%s examples/s over all epochs); wrote %s, %s%s%n", total,
        Progress.rate((double) dataset.rows() * epochs / total), modelFile, curve, extra);
    return 0;
  }

  private static void writeCsv(Dataset data, Path file) throws IOException {
    int d = data.features();
    try (java.io.Writer w = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      for (int j = 1; j <= d; j++) {
        line.append('x').append(j).append(',');
      }
      w.write(line.append("y\n").toString());
      float[] x = data.x();
      for (int i = 0; i < data.rows(); i++) {
        line.setLength(0);
        for (int j = 0; j < d; j++) {
          line.append(x[i * d + j]).append(',');
        }
        w.write(line.append(data.labels()[i]).append('\n').toString());
      }
    }
  }

  private LearningRateSchedule schedule(int rows) {
    long stepsPerEpoch = (rows + (long) Math.min(batch, rows) - 1) / Math.min(batch, rows);
    return switch (schedule.trim().toLowerCase(Locale.ROOT)) {
      case "constant" -> LearningRateSchedule.constant(lr);
      case "step" -> LearningRateSchedule.stepDecay(lr, decayFactor, decayEvery);
      case "cosine" -> LearningRateSchedule.cosine(lr, minLr);
      case "inverse-time" -> LearningRateSchedule.inverseTime(lr, tau != null ? tau : (double) stepsPerEpoch);
      default -> throw new IllegalArgumentException(
          "--schedule must be constant, step, cosine or inverse-time, was '" + schedule + "'");
    };
  }
}
