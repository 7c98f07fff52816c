package dev.simdsgd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.simdsgd.train.History;
import dev.simdsgd.train.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, one-line errors without stack traces, files written, predictions. */
class MainTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  private static void assertBadInput(Result r, String fragment) {
    assertEquals(2, r.code(), r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), "exactly one line on stderr: " + r.err());
    assertTrue(lines.get(0).contains(fragment), lines.get(0));
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }

  @Test
  void badArgumentsGiveOneLineAndExitCode2() throws IOException {
    assertBadInput(run("train", "--synthetic", "100,3", "--batch", "0"), "--batch must be > 0");
    assertBadInput(run("train", "--synthetic", "100,3", "--lr", "0"), "--lr must be finite and > 0");
    assertBadInput(run("train", "--synthetic", "100,3", "--momentum", "1"), "--momentum");
    assertBadInput(run("train", "--synthetic", "100,3", "--schedule", "fast"), "--schedule");
    assertBadInput(run("train", "--synthetic", "100,3", "--width", "1024"), "--width");
    assertBadInput(run("train", "--synthetic", "100x3"), "--synthetic must be N,d");
    assertBadInput(run("train", "--synthetic", "100,3", "--loss", "hinge"), "loss must be");
    assertBadInput(run("train"), "exactly one of --data");
    assertBadInput(run("train", "--synthetic", "10,2", "--epochs", "zwei"), "--epochs");
    assertBadInput(run("train", "--bogus"), "Unknown option");
    assertBadInput(run("frobnicate"), "frobnicate");
    assertBadInput(run("train", "--data", dir.resolve("nope.csv").toString()), "nope.csv: no such file");
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "a,b,y\n1,2,0\n1,2,7\n");
    assertBadInput(run("train", "--data", bad.toString(), "--out", dir.resolve("o").toString()),
        "bad.csv, line 3, column 3 (y, the label): label 7 is outside [0, 1]");
    assertFalse(Files.exists(dir.resolve("o").resolve("model.json")), "nothing trained on a bad file");
    assertBadInput(run("predict", "--model", dir.resolve("none.json").toString(), "--data", bad.toString()),
        "none.json: no such file");
  }

  @Test
  void trainWritesModelAndLossCurveThenPredictReportsLossAndAccuracy() throws IOException {
    Path out = dir.resolve("run");
    Result r = run("train", "--synthetic", "2000,5", "--epochs", "3", "--batch", "16", "--lr", "0.2",
        "--schedule", "cosine", "--warmup", "10", "--momentum", "0.5", "--l2", "0.001", "--out", out.toString(),
        "--step-loss");
    assertEquals(0, r.code(), r.err());
    List<String> epochLines = r.out().lines().filter(l -> l.startsWith("epoch ")).toList();
    assertEquals(3, epochLines.size(), r.out());
    for (String l : epochLines) {
      assertTrue(l.contains("loss ") && l.contains("objective ") && l.contains("accuracy ")
          && l.contains("examples/s") && l.contains("ETA "), l);
    }
    Model m = Model.load(out.resolve("model.json"));
    assertEquals(5, m.features());
    List<String> curve = Files.readAllLines(out.resolve("loss-curve.csv"));
    assertEquals(History.CSV_HEADER, curve.get(0));
    assertEquals(4, curve.size());
    assertEquals(3 * 125 + 1, Files.readAllLines(out.resolve("step-loss.csv")).size());

    // --write-data writes rows that load back as the same dataset and predict like the trainer's last epoch.
    Path small = dir.resolve("small");
    Path rows = dir.resolve("rows.csv");
    Result w = run("train", "--synthetic", "300,4", "--epochs", "2", "--out", small.toString(), "--write-data",
        rows.toString());
    assertEquals(0, w.code(), w.err());
    Result wp = run("predict", "--model", small.resolve("model.json").toString(), "--data", rows.toString(),
        "--label-column", "last");
    assertEquals(0, wp.code(), wp.err());
    String lastEpoch = w.out().lines().filter(l -> l.startsWith("epoch 2/2")).findFirst().orElseThrow();
    String loss = lastEpoch.split("loss ")[1].split(" ")[0];
    assertTrue(wp.err().contains("logistic loss " + loss), lastEpoch + " vs " + wp.err());

    // A CSV with labels in column 0 and a header, predicted with the saved model.
    StringBuilder csv = new StringBuilder("y,a,b,c,d,e\n");
    java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
    for (int i = 0; i < 50; i++) {
      csv.append(rng.nextBoolean() ? 1 : 0);
      for (int j = 0; j < 5; j++) {
        csv.append(',').append(rng.nextGaussian());
      }
      csv.append('\n');
    }
    Path data = dir.resolve("test.csv");
    Files.writeString(data, csv);
    Result p = run("predict", "--model", out.resolve("model.json").toString(), "--data", data.toString(),
        "--label-column", "0");
    assertEquals(0, p.code(), p.err());
    List<String> preds = p.out().lines().toList();
    assertEquals("probability", preds.get(0));
    assertEquals(51, preds.size());
    for (String s : preds.subList(1, preds.size())) {
      double v = Double.parseDouble(s);
      assertTrue(v >= 0 && v <= 1, s);
    }
    assertTrue(p.err().contains("50 predictions; logistic loss ") && p.err().contains("accuracy "), p.err());

    Path predFile = dir.resolve("preds.csv");
    Result q = run("predict", "--model", out.resolve("model.json").toString(), "--data", data.toString(),
        "--label-column", "0", "--out", predFile.toString());
    assertEquals(0, q.code(), q.err());
    assertEquals(preds, Files.readAllLines(predFile));
    // Without --label-column, the 6 columns do not match the model's 5 features.
    assertBadInput(run("predict", "--model", out.resolve("model.json").toString(), "--data", data.toString()),
        "expects 5");
  }

  @Test
  void trainOnAFileWithStandardizationAndFullBatchWarning() throws IOException {
    Path data = dir.resolve("lin.csv");
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      double a = i * 100.0;
      double b = Math.sin(i);
      csv.append(a).append(',').append(b).append(',').append(0.01 * a - 2 * b + 1).append('\n');
    }
    Files.writeString(data, csv);
    Path out = dir.resolve("lin");
    Result r = run("train", "--data", data.toString(), "--loss", "squared", "--standardize", "--batch", "100",
        "--epochs", "200", "--lr", "0.5", "--no-shuffle", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("full-batch"), r.err());
    Model m = Model.load(out.resolve("model.json"));
    assertTrue(m.scaling() != null);
    assertEquals(0.01 * 500 - 2 * Math.sin(5) + 1, m.predict(new float[] {500f, (float) Math.sin(5)}), 1e-3);
  }

  @Test
  void divergenceExitsWith3AndKeepsTheLastFiniteModel() {
    Path out = dir.resolve("div");
    Result r = run("train", "--synthetic", "500,4", "--loss", "squared", "--lr", "5", "--epochs", "20",
        "--out", out.toString());
    assertEquals(3, r.code(), r.out() + r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("diverged in epoch"), r.err());
    assertTrue(Files.exists(out.resolve("model-last-finite.json")));
  }

  @Test
  void infoDescribesTheKernels() {
    Result r = run("info");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Available kernels:  scalar"), r.out());
    assertTrue(r.out().contains("Kernels.preferred(): "), r.out());
    assertTrue(r.out().contains("UseFMA="), r.out());
  }
}
