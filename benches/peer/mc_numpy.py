"""The numpy peer of gep-calc's Monte Carlo (`cargo bench --bench uncertainty` runs both).

Reads the JSON written by `benches/uncertainty.rs` (the synthetic project as for
`compute_numpy.py`, with every parameter named by id, the parameters drawn and gep-calc's
intervals), draws the same uniform numbers (SplitMix64 of the same keys: the seed and the
parameter's id) and the same inverse CDFs, and evaluates the same formulas vectorised over
draws × counties at once: the drawn parameters are set as column vectors (a chunk of draws × 1)
so every formula of `compute_numpy` broadcasts to (draws × counties), CHUNK draws at a time
(memory stays small). Then it takes the median and 5 % / 95 % of GEP and each category per
county and for the region (numpy's default, linear quantile, over the draws axis) and checks
them against gep-calc's within 1e-6 relative. Prints one JSON line with its timings.

    python3 mc_numpy.py EXPORT.json DRAWS
"""

import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compute_numpy  # noqa: E402

REL = 1e-6
CHUNK = 250
M64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix_int(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def stream_of(parts):
    h = 0xCBF29CE484222325
    for p in parts:
        for b in p.encode("utf-8") + b"\0":
            h ^= b
            h = (h * 0x100000001B3) & M64
    return h


def key(seed, stream):
    return mix_int(seed ^ mix_int((stream + GAMMA) & M64))


def uniforms(k, draws):
    """Uniform numbers of draws 0..draws-1 of the stream with key k, vectorised."""
    with np.errstate(over="ignore"):
        d = np.arange(1, draws + 1, dtype=np.uint64)
        z = np.uint64(k) + d * np.uint64(GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return ((z >> np.uint64(11)).astype(np.float64) + 0.5) * (1.0 / 9007199254740992.0)


def normal_quantile(u):
    """Acklam's rational approximation, as gep-calc."""
    a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2,
         1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
    b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2,
         6.680131188771972e1, -1.328068155288572e1]
    c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838,
         -2.549732539343734, 4.374664141464968, 2.938163982698783]
    d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
    low = 0.02425
    x = np.empty_like(u)
    lo, hi = u < low, u > 1.0 - low
    mid = ~(lo | hi)
    q = u[mid] - 0.5
    r = q * q
    x[mid] = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / \
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
    for m, sign, uu in ((lo, 1.0, u[lo]), (hi, -1.0, 1.0 - u[hi])):
        q = np.sqrt(-2.0 * np.log(uu))
        x[m] = sign * (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / \
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0)
    return x


def inverse_cdf(dist, u):
    (kind, p), = dist.items()
    kind = kind.lower()
    if kind == "uniform":
        return p["min"] + u * (p["max"] - p["min"])
    if kind == "triangular":
        lo, mode, hi = p["min"], p["mode"], p["max"]
        w = hi - lo
        if w <= 0:
            return np.full_like(u, mode)
        f = (mode - lo) / w
        return np.where(u < f, lo + np.sqrt(u * w * (mode - lo)), hi - np.sqrt((1.0 - u) * w * (hi - mode)))
    if kind == "normal":
        return p["mean"] + p["sd"] * normal_quantile(u)
    if kind == "lognormal":
        return p["median"] * np.exp(np.log(p["gsd"]) * normal_quantile(u))
    raise ValueError(kind)


def refs(node, out):
    """Every {"$p": id, "f": factor} under node, as (container, key, id, factor)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for k, v in items:
        if isinstance(v, dict) and "$p" in v:
            out.append((node, k, v["$p"], v["f"]))
        elif isinstance(v, (dict, list)):
            refs(v, out)
    return out


def quantities(a, m, ncomp, co2):
    """`compute_numpy.quantities` with the climate model's test on the EER made per draw."""
    x, p = m["x"], m["params"]
    if m["model"] != "climate":
        return compute_numpy.quantities(a, m, ncomp, co2)
    veg = (a["lc"] * a["vegetated"]).sum(axis=1) / 100.0
    r = np.asarray(p["r"], dtype=float)
    safe = np.where(r > 0, r, 1.0)
    ept = np.where(r > 0, x["epp"] * veg * x["ac_days"] * 1e6 / (3600.0 * safe), 0.0)
    div = safe if p["eer"] else 1.0
    share = 1.0
    if p["low_rh"]:
        y = a["year"]
        days = 366.0 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 365.0
        share = np.clip(x["low_rh_days"] / days, 0.0, 1.0)
    ew = x["evaporation"]
    ewe = ew * 1000.0 * p["q"] / (3600.0 * div) + ew * p["y"] * share
    return [ept, ewe]


def compute_draws(a, rows):
    """GEP and its categories of `rows` draws × counties (`compute_numpy.compute`, the
    parameters being column vectors)."""
    n = a["n"]
    values, first_q = {}, {}
    for ind in a["inds"]:
        spec = ind["spec"]
        formula = spec["formula"]
        v = np.zeros(n)
        fq = np.zeros(n)
        if formula == "products":
            v = ind["out_val"] + np.bincount(ind["line_county"], weights=ind["line_value"], minlength=n)
        for m in ind["methods"].values():
            mask, x, model = m["mask"], m["x"], m["model"]
            if formula == "priced":
                comps = spec["components"]
                m["comp_ids"] = [c["id"] for c in comps]
                qs = quantities(a, m, len(comps), first_q)
                val = np.zeros(n)
                for c, q in zip(comps, qs):
                    price = c["price"] if "price" in c else m["price_inputs"].get(c["price_input"], 0.0)
                    val = val + q * price
                first = qs[0]
            elif formula == "soil":
                p = spec["params"]
                if model == "rusle":
                    ac = x["r"] * x["k"] * x["ls"] * (1.0 - x["c"] * x["p"]) * x["area"]
                else:
                    ac = x["retained_soil"]
                sed = p["lambda"] * ac / p["rho"]
                val = sed * p["cd"] + ac * (p["n"] / 100.0) * p["cn"] + ac * (p["p"] / 100.0) * p["cp"]
                first = sed
            elif formula == "sand":
                p = spec["params"]
                area = x["sand_fixed"] / (p["rho"] * p["h"])
                val = area * p["c"]
                first = area
            elif formula == "travel":
                visits = x["visits"]
                if model == "survey":
                    val = visits * (x["expense"] + x["hours"] * x["wage"] * spec["params"]["s"])
                else:
                    val = x["value"]
                first = visits
            v = np.where(mask, val, v)
            fq = np.where(mask, first, fq)
        values[spec["id"]] = v
        first_q[spec["id"]] = fq
    totals = {k: np.zeros((rows, n)) for k in ("material", "regulating", "cultural")}
    for ind in a["inds"]:
        spec = ind["spec"]
        if spec["counted"]:
            totals[spec["category"].lower()] += values[spec["id"]]
    deduction = a["imported"] if a["deduct"] else np.zeros(n)
    totals["gep"] = totals["material"] + totals["regulating"] + totals["cultural"] - deduction
    return totals


def main():
    path, draws = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    mc = doc["mc"]
    sites = refs(doc["indicators"], [])
    points = {p["id"]: p["point"] for p in mc["params"]}
    # Parameters not drawn stay at their point values (resolved from the drawn list or 1 × f).
    for node, k, pid, f in sites:
        node[k] = points.get(pid, np.nan) * f
    t0 = time.perf_counter()
    a = compute_numpy.build(doc)
    # Sampling: every parameter's values for all draws.
    values = {}
    for p in mc["params"]:
        u = uniforms(key(mc["seed"], stream_of(["param", p["id"]])), draws)
        x = inverse_cdf(p["spread"]["dist"], u)
        values[p["id"]] = p["point"] * x if p["spread"]["relative"] else x * p["index_factor"]
    n = a["n"]
    qs = ("gep", "material", "regulating", "cultural")
    out = {q: np.empty((draws, n)) for q in qs}
    drawn = [(node, k, pid, f) for node, k, pid, f in sites if pid in values]
    for d0 in range(0, draws, CHUNK):
        d1 = min(d0 + CHUNK, draws)
        for node, k, pid, f in drawn:
            node[k] = values[pid][d0:d1, None] * f
        totals = compute_draws(a, d1 - d0)
        for q in qs:
            out[q][d0:d1] = totals[q]
    bands = {q: np.quantile(out[q], [0.5, 0.05, 0.95], axis=0) for q in qs}
    region = {q: np.quantile(out[q].sum(axis=1), [0.5, 0.05, 0.95]) for q in qs}
    total = time.perf_counter() - t0
    figures, worst = 0, 0.0
    for q in qs:
        want = np.array([c[q] for c in mc["counties"]]).T  # 3 × n
        got = bands[q]
        rel = np.abs(got - want) / np.maximum(np.abs(want), 1.0)
        worst = max(worst, float(rel.max(initial=0.0)))
        figures += want.size
        rr = np.abs(region[q] - np.array(mc["region"][q])) / np.maximum(np.abs(region[q]), 1.0)
        worst = max(worst, float(rr.max()))
        figures += 3
    print(json.dumps({
        "total_s": total,
        "per_draw_ms": total / draws * 1e3,
        "figures": figures,
        "max_rel": worst,
        "region_gep": [float(x) for x in region["gep"]],
        "ok": worst <= REL,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
