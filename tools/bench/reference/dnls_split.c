/*
 * DNLS chain, periodic, Strang split step, written for glassy as the C reference of
 * dnls x split-strang (packages/models/src/dnls, packages/models/src/math/lattice-nls.ts,
 * packages/integrators/src/split.ts; docs/physics.md §2, review eq. (11)):
 *
 *   H = U sum_x |psi_x|^4 + g sum_x |psi_{x+1} - psi_x|^2,   psi_{L+1} = psi_1
 *   in canonical real coordinates psi = (q + i p)/sqrt(2).
 *
 * H splits into exactly solvable pieces, in the order of the model's sub-flows:
 *   A  on-site:  psi_x -> psi_x exp(-2 i U |psi_x|^2 t), i.e. (q, p) rotated by the angle
 *                theta = (U (q^2 + p^2)) t:  q' = q cos theta + p sin theta,  p' = p cos theta - q sin theta;
 *   bond groups of disjoint bonds, as bondGroups(L, periodic) builds them:
 *   E  even bonds (0,1), (2,3), ... (x even, x + 1 < L);
 *   O  odd bonds (1,2), (3,4), ... (x odd, x + 1 < L), plus the closing bond (L-1, 0) when L is even;
 *   C  the closing bond (L-1, 0) alone when L is odd (it shares site L-1 with O and site 0 with E).
 *   Each bond keeps psi_a + psi_b and turns d = psi_a - psi_b into d exp(-2 i g t), i.e.
 *   psi_a -= k d, psi_b += k d with k = (1 - exp(-2 i g t))/2 = sin^2(gt) + i sin(gt)cos(gt):
 *   the same map as bondFlow with D = J = g (which rotates s by exp(0) and d by exp(-2 i g t)),
 *   in fewer operations. The bonds of a group are disjoint, so each group's flow is exact.
 *
 * One step of size h, second order and symmetric, the Strang composition of split-strang
 * (first sub-flow outermost, the last one in the middle with the full step; no fusion of A
 * across steps):
 *   L even:  A(h/2) E(h/2) O(h) E(h/2) A(h/2)
 *   L odd:   A(h/2) E(h/2) O(h/2) C(h) O(h/2) E(h/2) A(h/2)
 * A costs one sin and one cos (glibc; gcc may merge them into sincos) per site; the bond
 * coefficients are computed once, outside the loop.
 *
 * Usage: dnls_split L nSteps dt minSeconds paritySteps seed U g   (L >= 3)
 * Initial state: q and p uniform in [-1, 1] (common.h).
 */
#include "common.h"

typedef struct {
  long L;
  double halfDt, U;
  double kHalfRe, kHalfIm; /* bond coefficient k for t = h/2 */
  double kFullRe, kFullIm; /* and for t = h */
  double *q, *p;
} Dnls;

/* A(t): the angle as onSiteFlow computes it, (U (q^2 + p^2)) t. */
static void onsite(double *restrict q, double *restrict p, long L, double U, double t) {
  for (long x = 0; x < L; x++) {
    const double qx = q[x], px = p[x];
    const double theta = (U * (qx * qx + px * px)) * t;
    const double c = cos(theta), s = sin(theta);
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

/* E: (0,1), (2,3), ..., up to (L-2, L-1) for even L and (L-3, L-2) for odd L. */
static void even_bonds(double *restrict q, double *restrict p, long L, double kRe, double kIm) {
  for (long x = 0; x + 1 < L; x += 2) bond(q, p, x, x + 1, kRe, kIm);
}

/* O: (1,2), (3,4), ..., plus the closing bond (L-1, 0) when L is even. */
static void odd_bonds(double *restrict q, double *restrict p, long L, double kRe, double kIm) {
  for (long x = 1; x + 1 < L; x += 2) bond(q, p, x, x + 1, kRe, kIm);
  if (L % 2 == 0) bond(q, p, L - 1, 0, kRe, kIm);
}

static void dnls_steps(void *ctx, long n) {
  Dnls *d = ctx;
  const long L = d->L;
  const double U = d->U, halfDt = d->halfDt;
  double *restrict q = d->q, *restrict p = d->p;
  if (L % 2 == 0) {
    for (long step = 0; step < n; step++) {
      onsite(q, p, L, U, halfDt);
      even_bonds(q, p, L, d->kHalfRe, d->kHalfIm);
      odd_bonds(q, p, L, d->kFullRe, d->kFullIm);
      even_bonds(q, p, L, d->kHalfRe, d->kHalfIm);
      onsite(q, p, L, U, halfDt);
    }
  } else {
    for (long step = 0; step < n; step++) {
      onsite(q, p, L, U, halfDt);
      even_bonds(q, p, L, d->kHalfRe, d->kHalfIm);
      odd_bonds(q, p, L, d->kHalfRe, d->kHalfIm);
      bond(q, p, L - 1, 0, d->kFullRe, d->kFullIm); /* C */
      odd_bonds(q, p, L, d->kHalfRe, d->kHalfIm);
      even_bonds(q, p, L, d->kHalfRe, d->kHalfIm);
      onsite(q, p, L, U, halfDt);
    }
  }
}

int main(int argc, char **argv) {
  double params[2];
  const RefArgs args = ref_parse(argc, argv, 2, params, "U g");
  const double U = params[0], g = params[1];
  /* As split.ts: h = 1 * dt, half steps 0.5 * h. */
  const double h = args.dt, halfDt = 0.5 * h;
  const double sh = sin(g * halfDt), ch = cos(g * halfDt);
  const double sf = sin(g * h), cf = cos(g * h);
  Dnls d = {args.L, halfDt, U, sh * sh, sh * ch, sf * sf, sf * cf, ref_alloc(args.L), ref_alloc(args.L)};
  ref_initial_state(d.q, d.p, args.L, 1.0, args.seed);
  return ref_run(&args, dnls_steps, &d, d.q, d.p);
}
