package dev.simdsgd.cli;

import dev.simdsgd.data.CsvLoader;
import dev.simdsgd.data.Dataset;
import dev.simdsgd.train.Loss;
import dev.simdsgd.train.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simd-sgd predict}: applies a saved model to a CSV file. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Predict with a saved model: one probability (logistic) or value (squared) per row, and"
        + " the loss and accuracy when the file has labels.")
final class PredictCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "model.json", description = "A model written by train.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Rows to predict.")
  Path data;

  @Option(names = "--label-column", paramLabel = "N|last",
      description = "0-based index of the label column, or 'last'; without it every column is a feature.")
  String labelColumn;

  @Option(names = "--header", paramLabel = "auto|yes|no", defaultValue = "auto",
      description = "Whether the first line is a header (default: ${DEFAULT-VALUE}).")
  String header;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the predictions (CSV, one per row) to FILE instead of standard output.")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    int label = labelColumn == null ? CsvLoader.NO_LABEL : Options.labelColumn(labelColumn);
    CsvLoader.Header hdr = Options.header(header);
    Model m = Model.load(model);
    Dataset rows = new CsvLoader(label, hdr, m.loss() == Loss.LOGISTIC).load(data);
    if (rows.features() != m.features()) {
      throw new IllegalArgumentException(data + " has " + rows.features() + " feature columns, the model "
          + model + " expects " + m.features() + (labelColumn == null ? " (is there a label column? use --label-column)" : ""));
    }
    double[] p = m.predict(rows);
    String column = m.loss() == Loss.LOGISTIC ? "probability" : "value";
    if (out != null) {
      try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        writePredictions(w, column, p);
      }
    } else {
      writePredictions(o, column, p);
      o.flush();
    }
    // With predictions on standard output, the summary goes to standard error so pipes stay clean.
    PrintWriter summary = out != null ? o : spec.commandLine().getErr();
    String wrote = out != null ? "wrote " + p.length + " predictions to " + out : p.length + " predictions";
    if (label != CsvLoader.NO_LABEL) {
      Model.Evaluation ev = m.evaluate(rows);
      summary.printf(Locale.ROOT, "%s; %s loss %.6f%s%n", wrote, m.loss(), ev.loss(),
          Double.isNaN(ev.accuracy()) ? "" : String.format(Locale.ROOT, ", accuracy %.4f", ev.accuracy()));
    } else {
      summary.println(wrote);
    }
    summary.flush();
    return 0;
  }

  private static void writePredictions(Writer w, String column, double[] p) throws IOException {
    w.write(column);
    w.write('\n');
    for (double v : p) {
      w.write(Float.toString((float) v));
      w.write('\n');
    }
  }
}
