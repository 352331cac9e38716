/*
 * Pinned anharmonic chain, free ends, Stormer-Verlet (kick-drift-kick), written for glassy as
 * the C reference of anharmonic-chain x stormer-verlet (packages/models/src/anharmonic-chain):
 *
 *   H = sum_x [p_x^2/2 + |q_x|^a/a] + g sum_{x<L} |r_x|^b/b,   r_x = q_{x+1} - q_x
 *   f_x = V'(r_x) - V'(r_{x-1}) - U'(q_x),  V'(r_0) = V'(r_L) = 0 (free ends)
 *
 * U' and V' use the same integer-power specialisation as ours (signedPow): |x|^k sign(x) is
 * x, x|x| or x^3 for k = 1, 2, 3 and pow otherwise. Defaults of the model: a = 4, b = 2, g = 1,
 * i.e. f_x = g (r_x - r_{x-1}) - q_x^3.
 *
 * One step: p += (h/2) f; q += h p; f = F(q); p += (h/2) f, with the force reused between
 * steps and computed once at the start of each call, as our stepper does.
 *
 * Usage: anharmonic_sv L nSteps dt minSeconds paritySteps seed a b g
 * Initial state: q and p uniform in [-1, 1] (common.h).
 */
#include "common.h"

typedef struct {
  long L;
  double dt, a, b, g;
  double *q, *p, *f;
} Anharmonic;

/* |x|^k sign(x), the derivative of |x|^(k+1)/(k+1). */
static inline double signed_pow(double x, double k) {
  if (k == 1.0) return x;
  if (k == 2.0) return x * fabs(x);
  if (k == 3.0) return x * x * x;
  return pow(fabs(x), k) * (double)((x > 0) - (x < 0));
}

static void anharmonic_force(const double *restrict q, double *restrict f, long L, double a, double b, double g) {
  const double ka = a - 1.0, kb = b - 1.0;
  double prev = 0.0; /* V'(r_{x-1}), zero at the free left end */
  for (long x = 0; x < L - 1; x++) {
    const double dv = g * signed_pow(q[x + 1] - q[x], kb);
    f[x] = dv - prev - signed_pow(q[x], ka);
    prev = dv;
  }
  f[L - 1] = -prev - signed_pow(q[L - 1], ka);
}

static void anharmonic_steps(void *ctx, long n) {
  Anharmonic *m = ctx;
  const long L = m->L;
  const double h = m->dt, half = 0.5 * m->dt;
  double *restrict q = m->q, *restrict p = m->p, *restrict f = m->f;
  anharmonic_force(q, f, L, m->a, m->b, m->g);
  for (long step = 0; step < n; step++) {
    for (long x = 0; x < L; x++) p[x] += half * f[x];
    for (long x = 0; x < L; x++) q[x] += h * p[x];
    anharmonic_force(q, f, L, m->a, m->b, m->g);
    for (long x = 0; x < L; x++) p[x] += half * f[x];
  }
}

int main(int argc, char **argv) {
  double params[3];
  const RefArgs args = ref_parse(argc, argv, 3, params, "a b g");
  Anharmonic m = {args.L, args.dt, params[0], params[1], params[2], ref_alloc(args.L), ref_alloc(args.L), ref_alloc(args.L)};
  ref_initial_state(m.q, m.p, args.L, 1.0, args.seed);
  return ref_run(&args, anharmonic_steps, &m, m.q, m.p);
}
