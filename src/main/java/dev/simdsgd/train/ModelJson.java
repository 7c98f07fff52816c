package dev.simdsgd.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import dev.simdsgd.data.FeatureScaling;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * The model file format of {@link Model} (see its class comment), written and read with Gson.
 * Gson is needed only here: {@link Model} and the trainer load without it, and Model turns a
 * missing Gson into one clear error. Cost: O(d) per file.
 */
final class ModelJson {
  /**
   * Gson's advice that starts its malformed-input messages ("Use JsonReader.setLenient(true) to
   * accept", or setStrictness in newer versions), not meant for our users.
   */
  private static final Pattern LENIENT_ADVICE = Pattern.compile("^Use JsonReader\\.set\\w+\\([^)]*\\) to accept ");

  private ModelJson() {}

  static void write(Model model, Writer out) throws IOException {
    JsonWriter json = new JsonWriter(out);
    json.setIndent("  ");
    json.beginObject();
    json.name("format").value(Model.FORMAT);
    json.name("version").value(Model.VERSION);
    json.name("loss").value(model.loss().id());
    json.name("features").value(model.features());
    json.name("bias").value(Float.valueOf(model.bias()));
    json.name("weights");
    writeArray(json, model.weights());
    json.name("scaling");
    FeatureScaling scaling = model.scaling();
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

  static Model read(Reader in, String name) {
    JsonElement root;
    try {
      root = JsonParser.parseReader(in);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(name + ": not valid JSON: " + parseProblem(e));
    }
    if (!root.isJsonObject()) {
      throw new IllegalArgumentException(name + ": not a simd-sgd model (expected a JSON object)");
    }
    JsonObject o = root.getAsJsonObject();
    try {
      String format = string(o, "format", name);
      if (!Model.FORMAT.equals(format)) {
        throw new IllegalArgumentException(name + ": format is '" + format + "', expected '" + Model.FORMAT + "'");
      }
      int version = field(o, "version", name).getAsInt();
      if (version != Model.VERSION) {
        throw new IllegalArgumentException(name + ": model file version " + version + " is not supported (expected "
            + Model.VERSION + ")");
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

  /**
   * What Gson found wrong and where ("malformed JSON at line 1 column 5"): the first line of its
   * innermost message, without its advice to parse leniently and its JSON path.
   */
  static String parseProblem(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String message = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
    message = LENIENT_ADVICE.matcher(message).replaceFirst("");
    int path = message.indexOf(" path ");
    return path >= 0 ? message.substring(0, path) : message;
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
}
