package dev.simdsgd.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's line charts with XChart (headless) and writes them as PNG, each with a footer
 * that states its environment and what the error bars are.
 */
final class Charts {
  static final int WIDTH = 900;
  static final int HEIGHT = 540;
  private static final int FOOTER_LINE = 17;
  private static final Font FOOTER_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private Charts() {}

  /** One line: x values, y values and y error half-widths (NaN or 0 draws no bar). */
  record Series(String name, double[] x, double[] y, double[] error) {}

  /** A chart to draw. */
  record Spec(
      String title, String xTitle, String yTitle, boolean logX, Double referenceY, List<Series> series) {}

  static XYChart build(Spec spec, int width, int height) {
    XYChart chart = new XYChartBuilder()
        .width(width)
        .height(height)
        .title(spec.title())
        .xAxisTitle(spec.xTitle())
        .yAxisTitle(spec.yTitle())
        .build();
    var styler = chart.getStyler();
    styler.setXAxisLogarithmic(spec.logX());
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setMarkerSize(7);
    styler.setErrorBarsColorSeriesColor(true);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    styler.setAntiAlias(true);
    styler.setYAxisMin(0.0);
    // Plain numbers on the x axis (a custom label function would make XChart place points by index).
    styler.setXAxisDecimalPattern("#,##0");
    if (spec.referenceY() != null && !spec.series().isEmpty()) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Series s : spec.series()) {
        for (double x : s.x()) {
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
      }
      XYSeries ref = chart.addSeries(
          "scalar = " + compact(spec.referenceY()), new double[] {min, max},
          new double[] {spec.referenceY(), spec.referenceY()});
      ref.setMarker(SeriesMarkers.NONE);
      ref.setLineColor(Color.GRAY);
      ref.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
          new float[] {6f, 4f}, 0f));
    }
    for (Series s : spec.series()) {
      if (s.x().length == 0) {
        continue;
      }
      double[] err = new double[s.error().length];
      boolean anyError = false;
      for (int i = 0; i < err.length; i++) {
        err[i] = Double.isFinite(s.error()[i]) ? s.error()[i] : 0.0;
        anyError |= err[i] > 0;
      }
      if (anyError) {
        chart.addSeries(s.name(), s.x(), s.y(), err);
      } else {
        chart.addSeries(s.name(), s.x(), s.y());
      }
    }
    return chart;
  }

  /** Writes one chart with its footer lines below it. */
  static void write(Path file, Spec spec, List<String> footerText) throws IOException {
    List<String> footer = wrapAll(footerText, WIDTH);
    int footerHeight = 10 + FOOTER_LINE * footer.size();
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT + footerHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      prepare(g, image);
      build(spec, WIDTH, HEIGHT).paint(g, WIDTH, HEIGHT);
      drawFooter(g, footer, HEIGHT + 4);
    } finally {
      g.dispose();
    }
    save(file, image);
  }

  /** Writes several charts in a grid of {@code columns} columns, with one shared footer. */
  static void writeGrid(Path file, List<Spec> specs, int columns, List<String> footerText) throws IOException {
    int cellWidth = 760;
    int cellHeight = 470;
    int rows = (specs.size() + columns - 1) / columns;
    int width = cellWidth * Math.min(columns, specs.size());
    List<String> footer = wrapAll(footerText, width);
    int footerHeight = 10 + FOOTER_LINE * footer.size();
    BufferedImage image = new BufferedImage(width, cellHeight * rows + footerHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      prepare(g, image);
      for (int i = 0; i < specs.size(); i++) {
        int x = (i % columns) * cellWidth;
        int y = (i / columns) * cellHeight;
        Graphics2D cell = (Graphics2D) g.create(x, y, cellWidth, cellHeight);
        try {
          build(specs.get(i), cellWidth, cellHeight).paint(cell, cellWidth, cellHeight);
        } finally {
          cell.dispose();
        }
      }
      drawFooter(g, footer, cellHeight * rows + 4);
    } finally {
      g.dispose();
    }
    save(file, image);
  }

  private static void prepare(Graphics2D g, BufferedImage image) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
  }

  private static void drawFooter(Graphics2D g, List<String> lines, int top) {
    g.setColor(new Color(60, 60, 60));
    g.setFont(FOOTER_FONT);
    int y = top + FOOTER_LINE - 4;
    for (String line : lines) {
      g.drawString(line, 12, y);
      y += FOOTER_LINE;
    }
  }

  private static void save(Path file, BufferedImage image) throws IOException {
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer for " + file);
    }
  }

  /** 1024 -> "1024", 65536 -> "64Ki", 1048576 -> "1Mi", 0.5 -> "0.5". */
  static String compact(double v) {
    if (v >= 65536 && v == Math.rint(v)) {
      long l = (long) v;
      if (l % (1 << 20) == 0) {
        return (l >> 20) + "Mi";
      }
      if (l % 1024 == 0) {
        return (l >> 10) + "Ki";
      }
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return String.format(java.util.Locale.ROOT, "%.3g", v);
  }

  /** Wraps each footer paragraph to an image {@code width} pixels wide, measuring the footer font. */
  private static List<String> wrapAll(List<String> paragraphs, int width) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    try {
      java.awt.FontMetrics metrics = g.getFontMetrics(FOOTER_FONT);
      List<String> lines = new ArrayList<>();
      for (String p : paragraphs) {
        StringBuilder line = new StringBuilder();
        for (String word : p.split(" ")) {
          String candidate = line.length() == 0 ? word : line + " " + word;
          if (line.length() > 0 && metrics.stringWidth(candidate) > width - 24) {
            lines.add(line.toString());
            line.setLength(0);
            line.append(word);
          } else {
            line.setLength(0);
            line.append(candidate);
          }
        }
        if (line.length() > 0) {
          lines.add(line.toString());
        }
      }
      return lines;
    } finally {
      g.dispose();
    }
  }
}
