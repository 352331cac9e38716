/*
 * Shared harness of the C reference steps (the .c files next to it), written for glassy.
 *
 * Command line of every program:
 *   prog L nSteps dt minSeconds paritySteps seed [model parameters...]
 *
 * Protocol (mirrored by tools/src/bench/ours-step.ts for our TypeScript steppers):
 *   1. deterministic initial state from seed (mulberry32, see ref_uniform; identical in TS:
 *      tools/src/bench/reference-state.ts);
 *   2. paritySteps steps from that state, then parityChecksum of the state: compared with ours
 *      to show that both sides compute the same trajectory;
 *   3. one untimed op (nSteps steps) as warm-up;
 *   4. ops of nSteps steps, timed with clock_gettime(CLOCK_MONOTONIC), until >= minSeconds;
 *   5. one JSON line: {"nsPerSiteStep", "checksum", "parityChecksum", "ops", "seconds", "L", "nSteps"}.
 * The checksum of the final state is printed so the compiler cannot drop the work.
 * Every buffer is allocated before the timed loop; nothing is allocated inside it.
 */
#ifndef GLASSY_REFERENCE_COMMON_H
#define GLASSY_REFERENCE_COMMON_H

#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* pi rounded to double: the same value as Math.PI (M_PI is not in strict C11). */
#define REF_PI 3.14159265358979323846

typedef struct {
  long L;
  long nSteps;
  double dt;
  double minSeconds;
  long paritySteps;
  uint32_t seed;
} RefArgs;

static void ref_usage(const char *prog, const char *params) {
  fprintf(stderr, "usage: %s L nSteps dt minSeconds paritySteps seed %s\n", prog, params);
  exit(2);
}

static double ref_number(const char *text, const char *prog, const char *params) {
  char *end = NULL;
  double x = strtod(text, &end);
  if (end == text || *end != '\0' || !isfinite(x)) ref_usage(prog, params);
  return x;
}

/* Parse the six common arguments and nExtra model parameters into extra[]. */
static RefArgs ref_parse(int argc, char **argv, int nExtra, double *extra, const char *params) {
  if (argc != 7 + nExtra) ref_usage(argv[0], params);
  RefArgs a;
  a.L = (long)ref_number(argv[1], argv[0], params);
  a.nSteps = (long)ref_number(argv[2], argv[0], params);
  a.dt = ref_number(argv[3], argv[0], params);
  a.minSeconds = ref_number(argv[4], argv[0], params);
  a.paritySteps = (long)ref_number(argv[5], argv[0], params);
  a.seed = (uint32_t)ref_number(argv[6], argv[0], params);
  if (a.L < 3 || a.nSteps < 1 || a.paritySteps < 0 || a.minSeconds < 0) ref_usage(argv[0], params);
  for (int i = 0; i < nExtra; i++) extra[i] = ref_number(argv[7 + i], argv[0], params);
  return a;
}

static double *ref_alloc(long n) {
  double *x = calloc((size_t)n, sizeof *x);
  if (x == NULL) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  return x;
}

/* mulberry32: uniform in [0, 1) with 32 random bits; the TS twin uses Math.imul and >>> 0. */
static double ref_uniform(uint32_t *state) {
  uint32_t t = (*state += 0x6D2B79F5u);
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return (double)(t ^ (t >> 14)) / 4294967296.0;
}

/* q uniform in [-qScale, qScale], p in [-1, 1], drawn in the order q0, p0, q1, p1, ... */
static void ref_initial_state(double *q, double *p, long L, double qScale, uint32_t seed) {
  uint32_t state = seed;
  for (long x = 0; x < L; x++) {
    q[x] = qScale * (2.0 * ref_uniform(&state) - 1.0);
    p[x] = 2.0 * ref_uniform(&state) - 1.0;
  }
}

/*
 * Ramp-weighted sum: sum over x of (1 + x/L)(q_x + p_x). The plain sum would not see the rotor
 * force at all (sum theta advances by t * Omega, and Omega = sum omega is conserved).
 */
static double ref_checksum(const double *q, const double *p, long L) {
  double s = 0.0;
  for (long x = 0; x < L; x++) s += (1.0 + (double)x / (double)L) * (q[x] + p[x]);
  return s;
}

static double ref_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void ref_print_number(const char *key, double x) {
  if (isfinite(x)) printf("\"%s\":%.17g", key, x);
  else printf("\"%s\":null", key);
}

static void ref_report(const RefArgs *a, long ops, double seconds, double checksum, double parityChecksum) {
  double siteSteps = (double)ops * (double)a->nSteps * (double)a->L;
  printf("{");
  ref_print_number("nsPerSiteStep", 1e9 * seconds / siteSteps);
  printf(",");
  ref_print_number("checksum", checksum);
  printf(",");
  ref_print_number("parityChecksum", parityChecksum);
  printf(",\"ops\":%ld,", ops);
  ref_print_number("seconds", seconds);
  printf(",\"L\":%ld,\"nSteps\":%ld}\n", a->L, a->nSteps);
}

/*
 * The protocol above for one program: `steps(ctx, n)` advances the state held by ctx by n steps
 * (called once per op, so the indirect call is negligible next to its 1e5 site-steps).
 */
typedef void (*RefSteps)(void *ctx, long n);

static int ref_run(const RefArgs *a, RefSteps steps, void *ctx, const double *q, const double *p) {
  steps(ctx, a->paritySteps);
  const double parityChecksum = ref_checksum(q, p, a->L);
  steps(ctx, a->nSteps); /* warm-up */
  long ops = 0;
  const double start = ref_now();
  double seconds;
  do {
    steps(ctx, a->nSteps);
    ops++;
    seconds = ref_now() - start;
  } while (seconds < a->minSeconds);
  ref_report(a, ops, seconds, ref_checksum(q, p, a->L), parityChecksum);
  return 0;
}

#endif
