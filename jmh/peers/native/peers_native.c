/*
 * simd-sgd peers: native OpenBLAS timed without JNI, at the sizes of the JMH peer benchmarks.
 *
 *   cblas_sdot           n in {16, 64, 256, 1024, 4096, 65536}, on 64-byte-aligned buffers and on
 *                        buffers placed like a Java float[]'s elements (16 bytes past a line)
 *   sgemv pair gradient  m in {16, 64, 256} x d in {64, 256, 1024}, data hot or shuffled:
 *                        [gather rows into a contiguous block,] z = X_B w (sgemv),
 *                        r = sigmoid(z + b) - y, g = X_B^T r / m (sgemv); the hot case also on
 *                        buffers placed like Java float[] elements (16 bytes past a line)
 *
 * The same data layout as the JMH benchmarks (hot: the m rows, contiguous, in cache; shuffled: the
 * next m entries of a shuffled permutation of a 128 MiB dataset). OpenBLAS runs on one thread.
 * Each configuration is timed in SAMPLES samples of enough calls to last about SAMPLE_NS; the
 * median and the min/max of the per-call times are printed as JSON on standard output.
 *
 * Build: gcc -O3 -march=native -o peers_native peers_native.c -lopenblas -lm
 * Usage: ./peers_native [--quick]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cblas.h>

extern char *openblas_get_config(void);
extern char *openblas_get_corename(void);
extern void openblas_set_num_threads(int);

/* Offset of element 0 of a Java float[] from the array object's start (compressed class pointers). */
#define JVM_ARRAY_BASE 16

static int SAMPLES = 21;
static double SAMPLE_NS = 2e6;
static volatile float sink;

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Uniform in [-sqrt(3), sqrt(3)): unit variance, like the Java generators (not the same stream). */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static double next_unit(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (rng_state >> 11) * (1.0 / 9007199254740992.0);
}
static void fill(float *a, size_t n) {
  for (size_t i = 0; i < n; i++) a[i] = (float)((next_unit() * 2 - 1) * 1.7320508075688772);
}

/* Weights of the pair's model: unit-variance values scaled by 1/sqrt(d), so z stays O(1). */
static void fill_weights(float *w, int d) {
  fill(w, d);
  for (int j = 0; j < d; j++) w[j] /= sqrtf((float)d);
}

static void *aligned(size_t bytes) {
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes < 64 ? 64 : bytes) != 0) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  return p;
}

typedef void (*op_fn)(void *ctx);

/* Median, min and max ns per call of op over SAMPLES samples (after a warm-up of one sample). */
static void time_op(op_fn op, void *ctx, double *median, double *lo, double *hi) {
  long reps = 1;
  for (;;) { /* calibrate */
    double t0 = now_ns();
    for (long r = 0; r < reps; r++) op(ctx);
    double t = now_ns() - t0;
    if (t >= SAMPLE_NS / 4) {
      reps = (long)(reps * SAMPLE_NS / t) + 1;
      break;
    }
    reps *= 4;
  }
  double *per = malloc(sizeof(double) * SAMPLES);
  for (long r = 0; r < reps; r++) op(ctx);
  for (int s = 0; s < SAMPLES; s++) {
    double t0 = now_ns();
    for (long r = 0; r < reps; r++) op(ctx);
    per[s] = (now_ns() - t0) / reps;
  }
  qsort(per, SAMPLES, sizeof(double), cmp_double);
  *median = per[SAMPLES / 2];
  *lo = per[0];
  *hi = per[SAMPLES - 1];
  free(per);
}

struct dot_ctx { int n; float *a, *b; };
static void dot_op(void *p) {
  struct dot_ctx *c = p;
  sink = cblas_sdot(c->n, c->a, 1, c->b, 1);
}

struct pair_ctx {
  int m, d, rows, gather, cursor;
  float *X, *labels, *w, *g, *block, *z;
  int *order;
};
static float sigmoidf(float t) {
  if (t >= 0) return 1.0f / (1.0f + expf(-t));
  float e = expf(t);
  return e / (1.0f + e);
}
static void pair_op(void *p) {
  struct pair_ctx *c = p;
  int m = c->m, d = c->d, from = c->cursor;
  if (from > c->rows - m) from = 0;
  c->cursor = from + m;
  const float *a = c->X + (size_t)c->order[from] * d;
  if (c->gather) {
    for (int k = 0; k < m; k++) memcpy(c->block + (size_t)k * d, c->X + (size_t)c->order[from + k] * d, sizeof(float) * d);
    a = c->block;
  }
  /* Row-major m x d: z = A w, then g = A^T r / m. */
  cblas_sgemv(CblasRowMajor, CblasNoTrans, m, d, 1.0f, a, d, c->w, 1, 0.0f, c->z, 1);
  float sum = 0;
  for (int k = 0; k < m; k++) {
    float r = sigmoidf(c->z[k] + 0.1f) - c->labels[c->order[from + k]];
    c->z[k] = r;
    sum += r;
  }
  cblas_sgemv(CblasRowMajor, CblasTrans, m, d, 1.0f / m, a, d, c->z, 1, 0.0f, c->g, 1);
  sink = sum / m;
}

/*
 * Times the hot pair (the m rows contiguous and in cache) with every buffer starting shift bytes
 * past a 64-byte line: 0, or JVM_ARRAY_BASE to place them where a Java float[]'s elements land.
 */
static void time_hot_pair(int m, int d, size_t shift, double *med, double *lo, double *hi) {
  char *raw[6];
  size_t bytes[6] = {sizeof(float) * (size_t)m * d, sizeof(float) * m, sizeof(int) * m, sizeof(float) * d,
                     sizeof(float) * d, sizeof(float) * m};
  for (int i = 0; i < 6; i++) raw[i] = aligned(bytes[i] + 64);
  struct pair_ctx c = {0};
  c.m = m; c.d = d; c.gather = 0; c.rows = m;
  c.X = (float *)(raw[0] + shift);
  c.labels = (float *)(raw[1] + shift);
  c.order = (int *)(raw[2] + shift);
  c.w = (float *)(raw[3] + shift);
  c.g = (float *)(raw[4] + shift);
  c.z = (float *)(raw[5] + shift);
  fill(c.X, (size_t)m * d);
  for (int i = 0; i < m; i++) c.labels[i] = next_unit() < 0.5 ? 0.0f : 1.0f;
  for (int i = 0; i < m; i++) c.order[i] = i;
  fill_weights(c.w, d);
  time_op(pair_op, &c, med, lo, hi);
  for (int i = 0; i < 6; i++) free(raw[i]);
}

int main(int argc, char **argv) {
  int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
  if (quick) { SAMPLES = 7; SAMPLE_NS = 5e5; }
  openblas_set_num_threads(1);
  static const int dot_n[] = {16, 64, 256, 1024, 4096, 65536};
  static const int ms[] = {16, 64, 256};
  static const int ds[] = {64, 256, 1024};
  printf("{\n  \"openblasConfig\": \"%s\",\n  \"openblasCore\": \"%s\",\n  \"threads\": 1,\n"
         "  \"samples\": %d,\n  \"sampleNs\": %.0f,\n",
         openblas_get_config(), openblas_get_corename(), SAMPLES, SAMPLE_NS);
  /*
   * sdot twice: on 64-byte-aligned buffers, and on buffers that start JVM_ARRAY_BASE bytes past a
   * 64-byte boundary, where the first element of a Java float[] lands when the array object itself
   * starts on a line (16-byte header; objects are only 8-byte aligned, and the JVM gives no way to
   * align an array's elements). Most 64-byte loads from a Java array therefore straddle two lines.
   */
  for (int jvm = 0; jvm <= 1; jvm++) {
    size_t shift = jvm ? JVM_ARRAY_BASE : 0;
    printf(jvm ? "  \"dotJvmAlignment\": [\n" : "  \"dot\": [\n");
    for (size_t i = 0; i < sizeof dot_n / sizeof *dot_n; i++) {
      int n = dot_n[i];
      char *ra = aligned(sizeof(float) * n + 64), *rb = aligned(sizeof(float) * n + 64);
      struct dot_ctx c = {n, (float *)(ra + shift), (float *)(rb + shift)};
      fill(c.a, c.n);
      fill(c.b, c.n);
      double med, lo, hi;
      time_op(dot_op, &c, &med, &lo, &hi);
      printf("    {\"n\": %d, \"byteOffsetFromLine\": %zu, \"nsMedian\": %.3f, \"nsMin\": %.3f, \"nsMax\": %.3f}%s\n",
             c.n, shift, med, lo, hi, i + 1 < sizeof dot_n / sizeof *dot_n ? "," : "");
      fprintf(stderr, "   sdot n=%d (%zu B past a line): %.2f ns\n", c.n, shift, med);
      free(ra);
      free(rb);
    }
    printf("  ],\n");
  }
  printf("  \"batchGradient\": [\n");
  int first = 1;
  for (int shuffled = 1; shuffled >= 0; shuffled--) {
    for (size_t di = 0; di < sizeof ds / sizeof *ds; di++) {
      int d = ds[di];
      int big_rows = (int)((128L << 20) / sizeof(float) / d);
      float *bigX = NULL, *big_labels = NULL;
      int *big_order = NULL;
      if (shuffled) {
        bigX = aligned(sizeof(float) * (size_t)big_rows * d);
        fill(bigX, (size_t)big_rows * d);
        big_labels = aligned(sizeof(float) * big_rows);
        for (int i = 0; i < big_rows; i++) big_labels[i] = next_unit() < 0.5 ? 0.0f : 1.0f;
        big_order = aligned(sizeof(int) * big_rows);
        for (int i = 0; i < big_rows; i++) big_order[i] = i;
        for (int i = big_rows - 1; i > 0; i--) {
          int j = (int)(next_unit() * (i + 1));
          int t = big_order[i]; big_order[i] = big_order[j]; big_order[j] = t;
        }
      }
      for (size_t mi = 0; mi < sizeof ms / sizeof *ms; mi++) {
        int m = ms[mi];
        double med, lo, hi;
        if (shuffled) {
          struct pair_ctx c = {0};
          c.m = m; c.d = d; c.gather = 1;
          c.w = aligned(sizeof(float) * d);
          fill_weights(c.w, d);
          c.g = aligned(sizeof(float) * d);
          c.z = aligned(sizeof(float) * m);
          c.block = aligned(sizeof(float) * (size_t)m * d);
          c.rows = big_rows; c.X = bigX; c.labels = big_labels; c.order = big_order;
          time_op(pair_op, &c, &med, &lo, &hi);
          free(c.w); free(c.g); free(c.z); free(c.block);
        } else {
          time_hot_pair(m, d, 0, &med, &lo, &hi);
        }
        printf("%s    {\"data\": \"%s\", \"m\": %d, \"d\": %d, \"nsMedian\": %.3f, \"nsMin\": %.3f, \"nsMax\": %.3f}",
               first ? "" : ",\n", shuffled ? "shuffled" : "hot", m, d, med, lo, hi);
        first = 0;
        fprintf(stderr, "   sgemv pair %s m=%d d=%d: %.1f ns\n", shuffled ? "shuffled" : "hot", m, d, med);
      }
      free(bigX); free(big_labels); free(big_order);
    }
  }
  /* The hot pair again on buffers placed like Java arrays, the like-for-like case for a Java kernel. */
  printf("\n  ],\n  \"batchGradientJvmAlignment\": [\n");
  first = 1;
  for (size_t di = 0; di < sizeof ds / sizeof *ds; di++) {
    for (size_t mi = 0; mi < sizeof ms / sizeof *ms; mi++) {
      double med, lo, hi;
      time_hot_pair(ms[mi], ds[di], JVM_ARRAY_BASE, &med, &lo, &hi);
      printf("%s    {\"data\": \"hot\", \"m\": %d, \"d\": %d, \"byteOffsetFromLine\": %d, \"nsMedian\": %.3f, "
             "\"nsMin\": %.3f, \"nsMax\": %.3f}", first ? "" : ",\n", ms[mi], ds[di], JVM_ARRAY_BASE, med, lo, hi);
      first = 0;
      fprintf(stderr, "   sgemv pair hot m=%d d=%d (%d B past a line): %.1f ns\n", ms[mi], ds[di], JVM_ARRAY_BASE, med);
    }
  }
  printf("\n  ]\n}\n");
  return 0;
}
