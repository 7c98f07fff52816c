package dev.simdsgd.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
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
 * A UTF-8 JSON object, written with Gson, floats in their shortest exact decimal form (they read
 * back bit for bit):
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

  /** Writes the model as JSON (see the class comment) to {@code file}, replacing it. */
  public void save(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w);
    }
  }

  /** Writes the model as JSON to {@code out}, without closing it. */
  public void write(Writer out) throws IOException {
    JsonWriter json = new JsonWriter(out);
    json.setIndent("  ");
    json.beginObject();
    json.name("format").value(FORMAT);
    json.name("version").value(VERSION);
    json.name("loss").value(loss.id());
    json.name("features").value(weights.length);
    json.name("bias").value(Float.valueOf(bias));
    json.name("weights");
    writeArray(json, weights);
    json.name("scaling");
    if (scaling == null) {
      json.nullValue();
    } else {
      json.beginObject();
      json.name("mean");
      writeArray(json, scaling.mean());
      json.name("scale");
      writeArray(json, scaling.scale());
      json.endObject();
    }
    json.endObject();
    json.flush();
    out.write(System.lineSeparator());
    out.flush();
  }

  private static void writeArray(JsonWriter json, float[] values) throws IOException {
    json.beginArray();
    for (float v : values) {
      json.value(Float.valueOf(v));
    }
    json.endArray();
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and the field when the content is not a
   *     valid model
   */
  public static Model load(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString());
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
  }

  /** Reads a model from JSON text; {@code name} is used in error messages. */
  public static Model read(Reader in, String name) {
    JsonElement root;
    try {
      root = JsonParser.parseReader(in);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(name + ": not valid JSON: " + rootMessage(e));
    }
    if (!root.isJsonObject()) {
      throw new IllegalArgumentException(name + ": not a simd-sgd model (expected a JSON object)");
    }
    JsonObject o = root.getAsJsonObject();
    try {
      String format = string(o, "format", name);
      if (!FORMAT.equals(format)) {
        throw new IllegalArgumentException(name + ": format is '" + format + "', expected '" + FORMAT + "'");
      }
      int version = field(o, "version", name).getAsInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(name + ": model file version " + version + " is not supported (expected "
            + VERSION + ")");
      }
      Loss loss = Loss.parse(string(o, "loss", name));
      int d = field(o, "features", name).getAsInt();
      float bias = field(o, "bias", name).getAsFloat();
      float[] w = floats(o, "weights", name, d);
      FeatureScaling scaling = null;
      JsonElement s = o.get("scaling");
      if (s != null && !s.isJsonNull()) {
        if (!s.isJsonObject()) {
          throw new IllegalArgumentException(name + ": 'scaling' must be an object or null");
        }
        scaling = new FeatureScaling(floats(s.getAsJsonObject(), "mean", name, d),
            floats(s.getAsJsonObject(), "scale", name, d));
      }
      return new Model(w, bias, loss, scaling);
    } catch (IllegalStateException | UnsupportedOperationException | ClassCastException e) {
      throw new IllegalArgumentException(name + ": a field has the wrong type: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(name)) {
        throw e;
      }
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static JsonElement field(JsonObject o, String key, String name) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      throw new IllegalArgumentException(name + ": missing field '" + key + "'");
    }
    return e;
  }

  private static String string(JsonObject o, String key, String name) {
    return field(o, key, name).getAsString();
  }

  private static float[] floats(JsonObject o, String key, String name, int expected) {
    JsonElement e = field(o, key, name);
    if (!e.isJsonArray()) {
      throw new IllegalArgumentException(name + ": '" + key + "' must be an array");
    }
    JsonArray a = e.getAsJsonArray();
    if (a.size() != expected) {
      throw new IllegalArgumentException(name + ": '" + key + "' has " + a.size() + " values, 'features' says "
          + expected);
    }
    float[] out = new float[expected];
    for (int i = 0; i < expected; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
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
