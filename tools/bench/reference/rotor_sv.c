/*
 * Rotor chain, periodic, Stormer-Verlet (kick-drift-kick), written for glassy as the C
 * reference of rotor-chain x stormer-verlet (packages/models/src/rotor-chain,
 * packages/integrators/src/stormer-verlet.ts):
 *
 *   H = sum_x omega_x^2/2 + g sum_x (1 - cos(theta_{x+1} - theta_x)),  theta_{L+1} = theta_1
 *   f_x = g [s_x - s_{x-1}],  s_x = sin(theta_{x+1} - theta_x): one glibc sin per bond
 *
 * The force takes two loops, the bond sines into s[] and then their differences, as a C user
 * writes it when the compiler should vectorise: built with -ffast-math (the bench's second
 * column, "the vectorised limit") gcc turns the first loop into libmvec's vector sine (4 or 8
 * lanes with AVX2 / AVX-512). Without -ffast-math the arithmetic is that of one loop that
 * carries the previous sine (same operations, same order, same bits).
 *
 * One step: omega += (h/2) f; theta += h omega; f = F(theta); omega += (h/2) f. The force at
 * the end of a step is reused at the start of the next (one force evaluation per step), and
 * computed once at the start of each call, as our stepper does.
 *
 * Usage: rotor_sv L nSteps dt minSeconds paritySteps seed g
 * Initial state: theta uniform in [-pi, pi], omega in [-1, 1] (common.h).
 */
#include "common.h"

typedef struct {
  long L;
  double dt, g;
  double *theta, *omega, *f, *s;
} Rotor;

/* s[x + 1] = sin(theta_{x+1} - theta_x), s[0] = s[L] = the closing bond (L, 1); f_x = g (s[x+1] - s[x]). */
static void rotor_force(const double *restrict theta, double *restrict f, double *restrict s, long L, double g) {
  for (long x = 0; x < L - 1; x++) s[x + 1] = sin(theta[x + 1] - theta[x]);
  s[0] = s[L] = sin(theta[0] - theta[L - 1]);
  for (long x = 0; x < L; x++) f[x] = g * (s[x + 1] - s[x]);
}

static void rotor_steps(void *ctx, long n) {
  Rotor *r = ctx;
  const long L = r->L;
  const double h = r->dt, half = 0.5 * r->dt, g = r->g;
  double *restrict theta = r->theta, *restrict omega = r->omega, *restrict f = r->f, *restrict s = r->s;
  rotor_force(theta, f, s, L, g);
  for (long step = 0; step < n; step++) {
    for (long x = 0; x < L; x++) omega[x] += half * f[x];
    for (long x = 0; x < L; x++) theta[x] += h * omega[x];
    rotor_force(theta, f, s, L, g);
    for (long x = 0; x < L; x++) omega[x] += half * f[x];
  }
}

int main(int argc, char **argv) {
  double g;
  const RefArgs a = ref_parse(argc, argv, 1, &g, "g");
  Rotor r = {a.L, a.dt, g, ref_alloc(a.L), ref_alloc(a.L), ref_alloc(a.L), ref_alloc(a.L + 1)};
  ref_initial_state(r.theta, r.omega, a.L, REF_PI, a.seed);
  return ref_run(&a, rotor_steps, &r, r.theta, r.omega);
}
