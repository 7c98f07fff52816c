package dev.simdsgd.cli;

import dev.simdsgd.train.EpochStats;
import dev.simdsgd.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints the plan, one line per epoch (loss, objective, accuracy, examples/s, ETA), and warnings. */
final class Progress implements TrainingListener {
  private final PrintWriter out;
  private final PrintWriter err;
  private int epochs;
  private double elapsed;

  Progress(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void onStart(TrainingPlan plan) {
    epochs = plan.epochs();
    out.printf(Locale.ROOT, "%d rows x %d features, batch %d, %d steps/epoch, %d epochs, kernels %s%n",
        plan.rows(), plan.features(), plan.batchSize(), plan.stepsPerEpoch(), plan.epochs(), plan.kernels());
  }

  @Override
  public void onEpoch(EpochStats s) {
    elapsed += s.seconds();
    double eta = elapsed / s.epoch() * (epochs - s.epoch());
    int width = String.valueOf(epochs).length();
    out.printf(Locale.ROOT, "epoch %" + width + "d/%d  loss %s  objective %s  accuracy %s  %s examples/s  %.2f s  ETA %s%n",
        s.epoch(), epochs, num(s.loss()), num(s.objective()),
        Double.isNaN(s.accuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", s.accuracy()),
        rate(s.examplesPerSecond()), s.seconds(), clock(eta));
    out.flush();
  }

  @Override
  public void onWarning(String message) {
    err.println("warning: " + message);
    err.flush();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6f", v);
  }

  static String rate(double perSecond) {
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
    }
    if (perSecond >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", perSecond);
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
