package dev.simdsgd.train;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.data.FeatureScaling;
import dev.simdsgd.kernel.Logistic;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A trained linear model: weights w, bias b, the loss it was trained with, and optionally the
 * feature scaling fitted on its training set. For a raw row x it computes z = w·s(x) + b, where
 * s is the scaling (or the identity), and predicts σ(z) for the logistic loss or z for squared.
 *
 * <p>Cost: O(d) per predicted row, in double precision; no allocation per row when predicting a
 * dataset. Immutable and thread-safe; the arrays handed out are copies.
 *
 * <h2>File format</h2>
 * A UTF-8 JSON object, written with Gson (needed on the class path for saving and loading only),
 * floats in their shortest exact decimal form (they read back bit for bit):
 * <pre>
 * {
 *   "format": "simd-sgd-model",
 *   "version": 1,
 *   "loss": "logistic",            // or "squared"
 *   "features": 3,                 // d
 *   "bias": 0.25,
 *   "weights": [0.5, -1.0, 2.0],   // d values, in the standardized space when "scaling" is set
 *   "scaling": {"mean": [...], "scale": [...]}   // or null: x' = (x - mean) / scale
 * }
 * </pre>
 */
public final class Model {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "simd-sgd-model";

  /** The file-format version this class writes and reads. */
  public static final int VERSION = 1;

  private final float[] weights;
  private final float bias;
  private final Loss loss;
  private final FeatureScaling scaling;
  // Copies of the scaling's arrays, so that score() allocates nothing.
  private final float[] scalingMean;
  private final float[] scalingScale;

  /**
   * @param weights d finite weights (copied)
   * @param bias finite bias
   * @param loss the loss
   * @param scaling the feature scaling for d features, or null for none
   */
  public Model(float[] weights, float bias, Loss loss, FeatureScaling scaling) {
    Objects.requireNonNull(weights, "weights must not be null");
    Objects.requireNonNull(loss, "loss must not be null");
    if (weights.length == 0) {
      throw new IllegalArgumentException("weights must not be empty");
    }
    for (int j = 0; j < weights.length; j++) {
      if (!Float.isFinite(weights[j])) {
        throw new IllegalArgumentException("weights[" + j + "] must be finite, was " + weights[j]);
      }
    }
    if (!Float.isFinite(bias)) {
      throw new IllegalArgumentException("bias must be finite, was " + bias);
    }
    if (scaling != null && scaling.features() != weights.length) {
      throw new IllegalArgumentException("scaling has " + scaling.features() + " features, weights "
          + weights.length);
    }
    this.weights = weights.clone();
    this.bias = bias;
    this.loss = loss;
    this.scaling = scaling;
    this.scalingMean = scaling == null ? null : scaling.mean();
    this.scalingScale = scaling == null ? null : scaling.scale();
  }

  /** A copy of the weights. */
  public float[] weights() {
    return weights.clone();
  }

  /** The bias. */
  public float bias() {
    return bias;
  }

  /** The loss the model was trained with. */
  public Loss loss() {
    return loss;
  }

  /** The feature scaling applied before the weights, or null. */
  public FeatureScaling scaling() {
    return scaling;
  }

  /** d, the number of features a row must have. */
  public int features() {
    return weights.length;
  }

  /** z = w·s(x) + b for the raw row {@code x[off..off+d)}, in double. */
  public double score(float[] x, int off) {
    Objects.checkFromIndexSize(off, weights.length, x.length);
    double z = bias;
    if (scaling == null) {
      for (int j = 0; j < weights.length; j++) {
        z += (double) weights[j] * x[off + j];
      }
    } else {
      float[] mean = scalingMean;
      float[] scale = scalingScale;
      for (int j = 0; j < weights.length; j++) {
        z += (double) weights[j] * ((x[off + j] - mean[j]) / scale[j]);
      }
    }
    return z;
  }

  /** The prediction for one raw row: probability σ(z) for logistic, the value z for squared. */
  public double predict(float[] row) {
    if (row.length != weights.length) {
      throw new IllegalArgumentException("row has " + row.length + " features, the model " + weights.length);
    }
    return link(score(row, 0));
  }

  /** Predictions for every row of {@code data} (raw, unscaled features). Cost: O(N·d). */
  public double[] predict(Dataset data) {
    checkData(data);
    double[] out = new double[data.rows()];
    for (int i = 0; i < out.length; i++) {
      out[i] = link(score(data.x(), i * data.features()));
    }
    return out;
  }

  /** Mean loss and (for logistic) accuracy of the model on {@code data}, whose labels are the truth. */
  public Evaluation evaluate(Dataset data) {
    checkData(data);
    if (loss == Loss.LOGISTIC) {
      int bad = data.firstLabelOutsideUnitInterval();
      if (bad >= 0) {
        throw new IllegalArgumentException("labels: row " + bad + " (0-based) is " + data.labels()[bad]
            + ", outside [0, 1], which the logistic loss needs");
      }
    }
    double sum = 0;
    long correct = 0;
    float[] y = data.labels();
    for (int i = 0; i < data.rows(); i++) {
      double z = score(data.x(), i * data.features());
      sum += exampleLoss(loss, z, y[i]);
      if ((z >= 0) == (y[i] >= 0.5f)) {
        correct++;
      }
    }
    int n = data.rows();
    return new Evaluation(sum / n, loss == Loss.LOGISTIC ? (double) correct / n : Double.NaN, n);
  }

  /** Loss of one example given z, in double: stable log-loss or ½r². */
  static double exampleLoss(Loss loss, double z, float y) {
    if (loss == Loss.SQUARED) {
      double r = z - y;
      return 0.5 * r * r;
    }
    // −[y·log σ(z) + (1−y)·log(1−σ(z))] = y·softplus(−z) + (1−y)·softplus(z)
    return y * softplus(-z) + (1.0 - y) * softplus(z);
  }

  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  private double link(double z) {
    return loss == Loss.LOGISTIC ? Logistic.sigmoid((float) z) : z;
  }

  private void checkData(Dataset data) {
    if (data.features() != weights.length) {
      throw new IllegalArgumentException("data has " + data.features() + " features, the model expects "
          + weights.length);
    }
  }

  /**
   * Mean loss and accuracy on a labelled dataset.
   *
   * @param loss mean loss
   * @param accuracy fraction of correct classes (p ≥ ½ vs label ≥ ½), NaN for squared loss
   * @param rows number of rows
   */
  public record Evaluation(double loss, double accuracy, int rows) {}

  /**
   * Writes the model as JSON (see the class comment) to {@code file}, replacing it.
   *
   * @throws IllegalStateException when Gson is not on the class path
   */
  public void save(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w);
    }
  }

  /**
   * Writes the model as JSON to {@code out}, without closing it.
   *
   * @throws IllegalStateException when Gson is not on the class path
   */
  public void write(Writer out) throws IOException {
    try {
      ModelJson.write(this, out);
    } catch (NoClassDefFoundError e) {
      throw gsonMissing(e);
    }
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and the field when the content is not a
   *     valid model
   * @throws IllegalStateException when Gson is not on the class path
   */
  public static Model load(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString());
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
  }

  /**
   * Reads a model from JSON text; {@code name} is used in error messages.
   *
   * @throws IllegalArgumentException naming {@code name} and the field when the content is not a
   *     valid model
   * @throws IllegalStateException when Gson is not on the class path
   */
  public static Model read(Reader in, String name) {
    try {
      return ModelJson.read(in, name);
    } catch (NoClassDefFoundError e) {
      throw gsonMissing(e);
    }
  }

  // Gson is an optional dependency (the kernels and the trainer run without it); the JSON code
  // lives in ModelJson so that only saving and loading need it.
  private static IllegalStateException gsonMissing(NoClassDefFoundError e) {
    return new IllegalStateException("saving and loading a Model needs Gson (com.google.code.gson:gson) on the"
        + " class path: " + e.getMessage(), e);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Model m && Arrays.equals(weights, m.weights)
        && Float.floatToIntBits(bias) == Float.floatToIntBits(m.bias) && loss == m.loss
        && Objects.equals(scaling, m.scaling);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(weights), bias, loss, scaling);
  }

  @Override
  public String toString() {
    return "Model[" + loss + ", " + weights.length + " features, bias " + bias
        + (scaling != null ? ", standardized" : "") + "]";
  }
}
