/*
 * DNLS chain, periodic, Strang split step, written for glassy as the C reference of the DNLS
 * split step (physics.md section 2, review eq. (11)):
 *
 *   H = U sum_x |psi_x|^4 + g sum_x |psi_{x+1} - psi_x|^2,   psi_{L+1} = psi_1
 *   in canonical real coordinates psi = (q + i p)/sqrt(2).
 *
 * H splits into exactly solvable pieces:
 *   A  on-site:  psi_x -> psi_x exp(-2 i U |psi_x|^2 t), i.e. (q, p) rotated by
 *                phi = U (q^2 + p^2) t:  q' = q cos phi + p sin phi,  p' = p cos phi - q sin phi;
 *   E  even bonds (0,1), (2,3), ..., (L-2, L-1) and
 *   O  odd bonds (1,2), ..., (L-3, L-2), (L-1, 0): g |psi_b - psi_a|^2 per bond; each bond
 *      keeps psi_a + psi_b and turns d = psi_a - psi_b into d exp(-2 i g t), i.e.
 *      psi_a -= k d, psi_b += k d with k = (1 - exp(-2 i g t))/2 = sin^2(gt) + i sin(gt)cos(gt).
 *      The bonds of E (of O) are disjoint, so each of E, O is exact. Needs L even.
 *
 * One step of size h, second order and symmetric (no fusion across steps):
 *   A(h/2) E(h/2) O(h) E(h/2) A(h/2)
 * A costs one sin and one cos (glibc; gcc may merge them into sincos) per site; the bond
 * coefficients are computed once, outside the loop.
 *
 * Usage: dnls_split L nSteps dt minSeconds paritySteps seed U g
 * Initial state: q and p uniform in [-1, 1] (common.h).
 */
#include "common.h"

typedef struct {
  long L;
  double dt, U;
  double kHalfRe, kHalfIm; /* bond coefficient k for t = h/2 */
  double kFullRe, kFullIm; /* and for t = h */
  double *q, *p;
} Dnls;

static void onsite(double *restrict q, double *restrict p, long L, double Ut) {
  for (long x = 0; x < L; x++) {
    const double phi = Ut * (q[x] * q[x] + p[x] * p[x]);
    const double c = cos(phi), s = sin(phi);
    const double qx = q[x], px = p[x];
    q[x] = qx * c + px * s;
    p[x] = px * c - qx * s;
  }
}

static inline void bond(double *restrict q, double *restrict p, long a, long b, double kRe, double kIm) {
  const double dq = q[a] - q[b], dp = p[a] - p[b];
  const double deltaQ = kRe * dq - kIm * dp, deltaP = kRe * dp + kIm * dq;
  q[a] -= deltaQ;
  p[a] -= deltaP;
  q[b] += deltaQ;
  p[b] += deltaP;
}

static void even_bonds(double *restrict q, double *restrict p, long L, double kRe, double kIm) {
  for (long x = 0; x < L; x += 2) bond(q, p, x, x + 1, kRe, kIm);
}

static void odd_bonds(double *restrict q, double *restrict p, long L, double kRe, double kIm) {
  for (long x = 1; x < L - 1; x += 2) bond(q, p, x, x + 1, kRe, kIm);
  bond(q, p, L - 1, 0, kRe, kIm);
}

static void dnls_steps(void *ctx, long n) {
  Dnls *d = ctx;
  const long L = d->L;
  const double halfUt = d->U * 0.5 * d->dt;
  double *restrict q = d->q, *restrict p = d->p;
  for (long step = 0; step < n; step++) {
    onsite(q, p, L, halfUt);
    even_bonds(q, p, L, d->kHalfRe, d->kHalfIm);
    odd_bonds(q, p, L, d->kFullRe, d->kFullIm);
    even_bonds(q, p, L, d->kHalfRe, d->kHalfIm);
    onsite(q, p, L, halfUt);
  }
}

int main(int argc, char **argv) {
  double params[2];
  const RefArgs args = ref_parse(argc, argv, 2, params, "U g");
  if (args.L % 2 != 0) {
    fprintf(stderr, "dnls_split: L must be even (even/odd bond splitting of the periodic chain)\n");
    return 2;
  }
  const double U = params[0], g = params[1];
  const double sh = sin(0.5 * g * args.dt), ch = cos(0.5 * g * args.dt);
  const double sf = sin(g * args.dt), cf = cos(g * args.dt);
  Dnls d = {args.L, args.dt, U, sh * sh, sh * ch, sf * sf, sf * cf, ref_alloc(args.L), ref_alloc(args.L)};
  ref_initial_state(d.q, d.p, args.L, 1.0, args.seed);
  return ref_run(&args, dnls_steps, &d, d.q, d.p);
}
