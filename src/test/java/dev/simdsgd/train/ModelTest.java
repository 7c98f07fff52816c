package dev.simdsgd.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.data.Dataset;
import dev.simdsgd.data.FeatureScaling;
import dev.simdsgd.data.Synthetic;
import dev.simdsgd.kernel.Kernels;
import dev.simdsgd.kernel.Logistic;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved model: exact JSON round trip, readable file, predictions applying its own scaling. */
class ModelTest {
  @TempDir Path dir;

  @Test
  void savesAndLoadsBitForBit() throws IOException {
    Model m = new Model(new float[] {0.308f, -1e-7f, 3.4028235e38f, Float.MIN_VALUE}, 0.1f, Loss.LOGISTIC,
        new FeatureScaling(new float[] {1, 2, 3, 4}, new float[] {0.5f, 1, 2, 1}));
    Path f = dir.resolve("model.json");
    m.save(f);
    Model back = Model.load(f);
    assertEquals(m, back);
    String text = Files.readString(f);
    assertTrue(text.contains("\"format\": \"simd-sgd-model\"") && text.contains("\"loss\": \"logistic\"")
        && text.contains("0.308"), text);
    Model plain = new Model(new float[] {2f}, -1f, Loss.SQUARED, null);
    plain.save(f);
    assertNull(Model.load(f).scaling());
    assertEquals(plain, Model.load(f));
  }

  @Test
  void badFilesFailNamingTheFileAndField() {
    assertBad("{\"format\": \"other\"}", "format");
    assertBad("[1,2]", "not a simd-sgd model");
    assertBad("{\"format\": \"simd-sgd-model\", \"version\": 1, \"loss\": \"logistic\", \"features\": 2,"
        + " \"bias\": 0, \"weights\": [1]}", "'weights' has 1 values");
    assertBad("{\"format\": \"simd-sgd-model\", \"version\": 1, \"loss\": \"hinge\", \"features\": 1,"
        + " \"bias\": 0, \"weights\": [1]}", "loss");
    assertBad("{\"format\": \"simd-sgd-model\", \"version\": 1, \"loss\": \"squared\", \"features\": 1,"
        + " \"weights\": [1]}", "missing field 'bias'");
    assertBad("{not json", "not valid JSON");
  }

  @Test
  void textThatIsNotJsonSaysWhereInOneLine() {
    for (String text : new String[] {"{not json", "x1,x2,y\n1,2,0\n", "{\"format\": \"simd-sgd-model\",\n \"version\": }"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Model.read(new StringReader(text), "m.json"));
      String message = e.getMessage();
      assertTrue(message.startsWith("m.json: not valid JSON: ") && message.matches(".* at line \\d+ column \\d+"),
          message);
      // Gson's own advice (parse leniently, a troubleshooting URL) and JSON path are not for our users.
      assertFalse(message.contains("JsonReader") || message.contains("http") || message.contains(" path "), message);
    }
  }

  private static void assertBad(String json, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Model.read(new StringReader(json), "m.json"));
    assertTrue(e.getMessage().startsWith("m.json: ") && e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void predictsProbabilitiesAndValuesApplyingItsScaling() {
    FeatureScaling s = new FeatureScaling(new float[] {10, -2}, new float[] {2, 4});
    Model logistic = new Model(new float[] {1.5f, -0.5f}, 0.25f, Loss.LOGISTIC, s);
    float[] row = {13, 6}; // scaled: (1.5, 2)
    double z = 0.25 + 1.5 * 1.5 - 0.5 * 2;
    assertEquals(Logistic.sigmoid((float) z), logistic.predict(row), 1e-7);
    Model squared = new Model(new float[] {1.5f, -0.5f}, 0.25f, Loss.SQUARED, s);
    assertEquals(z, squared.predict(row), 1e-6);
  }

  @Test
  void standardizedTrainingPredictsRawRowsLikeTheTrainer() {
    Synthetic.Problem p = Synthetic.logistic(400, 3, 5);
    float[] x = p.data().x().clone();
    for (int i = 0; i < x.length; i += 3) {
      x[i] = x[i] * 50 + 1000; // a badly scaled column
    }
    Dataset raw = new Dataset(x, p.data().labels(), 3);
    SgdTrainer trainer = new SgdTrainer(raw, TrainOptions.builder().standardize(true).epochs(5)
        .kernels(Kernels.scalar()).build());
    TrainingResult r = trainer.train();
    Model m = r.model();
    assertTrue(m.scaling() != null);
    // The model's evaluation on raw rows equals the trainer's on its standardized copy.
    assertEquals(r.history().last().loss(), m.evaluate(raw).loss(), 1e-5);
    assertEquals(r.history().last().accuracy(), m.evaluate(raw).accuracy(), 1e-9);
    double[] pr = m.predict(raw);
    Dataset scaled = trainer.trainingData();
    Model unscaled = new Model(m.weights(), m.bias(), Loss.LOGISTIC, null);
    assertArrayEquals(unscaled.predict(scaled), pr, 1e-5);
  }
}
