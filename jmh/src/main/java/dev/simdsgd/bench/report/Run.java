package dev.simdsgd.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run folder under results/: its env.json, run.json (mode, hw flags, command), commands.txt
 * and every JMH JSON file in it, loaded into {@link Result}s.
 */
final class Run {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final String name;
  final JsonNode env;
  final JsonNode run;
  final String commands;
  final List<Result> results;

  private Run(Path dir, JsonNode env, JsonNode run, String commands, List<Result> results) {
    this.dir = dir;
    this.name = dir.getFileName().toString();
    this.env = env;
    this.run = run;
    this.commands = commands;
    this.results = results;
  }

  /** Every run folder under {@code root} that holds an env.json and at least one JMH result. */
  static List<Run> loadAll(Path root) throws IOException {
    List<Run> runs = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        Optional<Run> run = load(dir);
        run.ifPresent(runs::add);
      }
    }
    return runs;
  }

  static Optional<Run> load(Path dir) throws IOException {
    Path envFile = dir.resolve("env.json");
    if (!Files.isRegularFile(envFile)) {
      return Optional.empty();
    }
    JsonNode env = JSON.readTree(envFile.toFile());
    Path runFile = dir.resolve("run.json");
    JsonNode run = Files.isRegularFile(runFile) ? JSON.readTree(runFile.toFile()) : JSON.createObjectNode();
    Path commandsFile = dir.resolve("commands.txt");
    String commands = Files.isRegularFile(commandsFile) ? Files.readString(commandsFile) : "";
    List<Result> results = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        String fileName = file.getFileName().toString();
        if (fileName.equals("env.json") || fileName.equals("run.json")) {
          continue;
        }
        JsonNode root = JSON.readTree(file.toFile());
        if (root != null && root.isArray()) {
          for (JsonNode node : root) {
            results.add(parse(node));
          }
        }
      }
    }
    if (results.isEmpty()) {
      return Optional.empty();
    }
    results.sort(Comparator.comparing(Result::benchmark));
    return Optional.of(new Run(dir, env, run, commands, results));
  }

  private static Result parse(JsonNode node) {
    String fullName = node.path("benchmark").asText();
    String[] parts = fullName.split("\\.");
    String benchmark = parts.length >= 2 ? parts[parts.length - 2] : fullName;
    Map<String, String> params = new LinkedHashMap<>();
    JsonNode paramNode = node.path("params");
    for (Iterator<Map.Entry<String, JsonNode>> it = paramNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      params.put(e.getKey(), e.getValue().asText());
    }
    JsonNode primary = node.path("primaryMetric");
    JsonNode alloc = node.path("secondaryMetrics").path("gc.alloc.rate.norm");
    List<String> jvmArgs = new ArrayList<>();
    node.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
    String measurementTime = node.path("measurementTime").asText("");
    return new Result(
        benchmark,
        params,
        number(primary.path("score")),
        number(primary.path("scoreError")),
        primary.path("scoreUnit").asText(""),
        alloc.isMissingNode() ? Double.NaN : number(alloc.path("score")),
        alloc.isMissingNode() ? Double.NaN : number(alloc.path("scoreError")),
        node.path("forks").asInt(),
        node.path("warmupIterations").asInt() + " x " + node.path("warmupTime").asText(""),
        node.path("measurementIterations").asInt() + " x " + measurementTime,
        seconds(measurementTime),
        jvmArgs,
        node.path("jdkVersion").asText(""),
        forkSpread(primary.path("rawData"), number(primary.path("score"))));
  }

  /** Relative spread of the per-fork means in JMH's rawData (one array of iterations per fork). */
  private static double forkSpread(JsonNode rawData, double score) {
    if (!rawData.isArray() || rawData.size() < 2 || !(score > 0)) {
      return Double.NaN;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (JsonNode fork : rawData) {
      double sum = 0;
      int count = 0;
      for (JsonNode v : fork) {
        sum += number(v);
        count++;
      }
      if (count > 0) {
        min = Math.min(min, sum / count);
        max = Math.max(max, sum / count);
      }
    }
    return (max - min) / score;
  }

  /** JMH writes NaN and infinities as strings. */
  private static double number(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return Double.NaN;
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    try {
      return Double.parseDouble(n.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** "500 ms" or "1 s" to seconds; NaN when unreadable. */
  private static double seconds(String time) {
    String[] p = time.trim().split("\\s+");
    if (p.length != 2) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(p[0]);
      return switch (p[1]) {
        case "ns" -> v * 1e-9;
        case "us" -> v * 1e-6;
        case "ms" -> v * 1e-3;
        case "s" -> v;
        case "m", "min" -> v * 60;
        default -> Double.NaN;
      };
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  String env(String field) {
    JsonNode n = env.path(field);
    return n.isMissingNode() || n.isNull() ? "?" : n.isTextual() ? n.asText() : n.toString();
  }

  String mode() {
    return run.path("mode").asText("unknown");
  }

  String hw() {
    return run.path("hw").asText("native");
  }

  String command() {
    return run.path("command").asText("(not recorded)");
  }

  String started() {
    return run.path("started").asText("");
  }

  /** Results of one benchmark class. */
  List<Result> of(String benchmark) {
    return results.stream().filter(r -> r.benchmark().equals(benchmark)).toList();
  }

  /** The width parameter values present, in the canonical order scalar, 128, 256, 512, preferred. */
  List<String> widths() {
    List<String> order = List.of("scalar", "128", "256", "512", "preferred");
    return order.stream().filter(w -> results.stream().anyMatch(r -> w.equals(r.width()))).toList();
  }

  /** The forks' JVM flags beyond the ones every benchmark states in its @Fork annotation. */
  String hwFlags() {
    String flags = run.path("hwFlags").asText("");
    return flags.isEmpty() ? "none (native)" : flags;
  }
}
