package dev.simdsgd.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A run's per-epoch statistics and, when recorded, every step's batch loss and the wall-clock
 * time at which the step ended (for loss-versus-step and loss-versus-time curves). Immutable.
 * Cost: the per-step arrays hold one float and one double per step when recorded; writing the
 * CSVs is linear in their rows.
 */
public final class History {
  /** The header of {@link #writeCsv}. */
  public static final String CSV_HEADER = "epoch,loss,objective,accuracy,seconds,examples_per_s";

  private final List<EpochStats> epochs;
  private final float[] stepLosses;
  private final double[] stepSeconds;

  History(List<EpochStats> epochs, float[] stepLosses, double[] stepSeconds) {
    this.epochs = List.copyOf(epochs);
    this.stepLosses = stepLosses;
    this.stepSeconds = stepSeconds;
  }

  /** One entry per completed epoch, in order. */
  public List<EpochStats> epochs() {
    return epochs;
  }

  /** The last epoch's statistics. */
  public EpochStats last() {
    return epochs.get(epochs.size() - 1);
  }

  /** Mean loss of each step's batch before its update (a copy); empty unless recording was on. */
  public float[] stepLosses() {
    return stepLosses.clone();
  }

  /** Seconds from the start of training to the end of each step (a copy); empty unless recorded. */
  public double[] stepSeconds() {
    return stepSeconds.clone();
  }

  /** Writes the per-epoch CSV: {@value #CSV_HEADER}, one row per epoch, empty fields for NaN. */
  public void writeCsv(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(CSV_HEADER + "\n");
      for (EpochStats e : epochs) {
        w.write(e.epoch() + "," + num(e.loss()) + "," + num(e.objective()) + "," + num(e.accuracy()) + ","
            + num(e.seconds()) + "," + num(e.examplesPerSecond()) + "\n");
      }
    }
  }

  /** Writes the per-step CSV: step,seconds,batch_loss. */
  public void writeStepCsv(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("step,seconds,batch_loss\n");
      for (int t = 0; t < stepLosses.length; t++) {
        w.write(t + "," + num(stepSeconds[t]) + "," + num(stepLosses[t]) + "\n");
      }
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v);
  }
}
