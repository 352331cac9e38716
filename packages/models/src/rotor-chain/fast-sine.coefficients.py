"""
Generator of the constants in fast-sine.ts (run: python3 fast-sine.coefficients.py; needs mpmath).

1. Cody–Waite split of π into PI1 + PI2 + PI3: PI1 and PI2 carry 33 significant bits, so k·PI1
   and k·PI2 are exact for |k| < 2^20; PI3 is the rest rounded to double (π to ~119 bits).
2. sin r ≈ r + r³·P(r²) on |r| ≤ π/2 with P of degree 7 (8 coefficients): Lawson-iterated least
   squares on 400 Chebyshev points, weighted for relative error of sin. The truncation error
   is printed (about 3e-19 relative, 0.003 ulp): rounding in the evaluation dominates.
3. The error of the evaluation as fast-sine.ts writes it, in ulps of sin(x), over random x.
"""
import math
import random

import mpmath as mp

mp.mp.dps = 60


def round_to_bits(v, bits):
    e = mp.floor(mp.log(abs(v), 2))
    scale = mp.mpf(2) ** (bits - 1 - e)
    return mp.nint(v * scale) / scale


def cody_waite():
    p1 = round_to_bits(mp.pi, 33)
    p2 = round_to_bits(mp.pi - p1, 33)
    p3 = mp.mpf(float(mp.pi - p1 - p2))
    return float(p1), float(p2), float(p3)


def fit(n=8, points=400, iterations=30):
    half_pi = mp.pi / 2
    rs = [half_pi * (1 + mp.cos(mp.pi * (k + mp.mpf(1) / 2) / points)) / 2 for k in range(points)]
    w = [mp.mpf(1)] * points
    for _ in range(iterations):
        a = mp.matrix(points, n)
        b = mp.matrix(points, 1)
        for i, r in enumerate(rs):
            s = mp.sin(r)
            scale = mp.sqrt(w[i]) / s
            for j in range(n):
                a[i, j] = r**3 * r ** (2 * j) * scale
            b[i] = (s - r) * scale
        c = mp.qr_solve(a, b)[0]
        errs = [abs((r + r**3 * sum(c[j] * r ** (2 * j) for j in range(n)) - mp.sin(r)) / mp.sin(r)) for r in rs]
        total = sum(w[i] * errs[i] for i in range(points))
        w = [w[i] * errs[i] / total for i in range(points)]
    return [float(c[j]) for j in range(n)], max(errs)


PI1, PI2, PI3 = cody_waite()
S, truncation = fit()
INV_PI = float(1 / mp.pi)
MAGIC = 6755399441055744.0  # 1.5 · 2^52: x + MAGIC − MAGIC rounds x to an integer (|x| < 2^51)


def fast_sin(x):
    """The evaluation of fast-sine.ts, operation for operation (Python floats are IEEE doubles)."""
    k = (x * INV_PI + MAGIC) - MAGIC
    r = ((x - k * PI1) - k * PI2) - k * PI3
    z = r * r
    z2 = z * z
    p = (S[0] + z * S[1]) + z2 * ((S[2] + z * S[3]) + z2 * ((S[4] + z * S[5]) + z2 * (S[6] + z * S[7])))
    return (r + r * z * p) * (1 - 2 * (int(k) & 1))


if __name__ == '__main__':
    print(f'const INV_PI = {INV_PI!r};')
    print(f'const PI1 = {PI1!r}; // {PI1.hex()}')
    print(f'const PI2 = {PI2!r}; // {PI2.hex()}')
    print(f'const PI3 = {PI3!r}; // {PI3.hex()}')
    for j, c in enumerate(S):
        print(f'const S{j + 1} = {c!r};')
    print(f'// truncation error of the polynomial: {mp.nstr(truncation, 3)} relative')
    rng = random.Random(20261127)
    for lo, hi in [(0, math.pi / 2), (0, 8), (8, 1e3), (1e3, 2**20 * math.pi)]:
        worst = 0.0
        for _ in range(20000):
            x = rng.uniform(lo, hi)
            exact = mp.sin(mp.mpf(x))
            worst = max(worst, float(abs(mp.mpf(fast_sin(x)) - exact) / math.ulp(abs(float(exact)))))
        print(f'// max error on [{lo:.3g}, {hi:.3g}]: {worst:.2f} ulp')
