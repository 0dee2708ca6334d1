"""The numpy peer of gep-calc's fast engine path (`cargo bench --bench peer` runs both).

Reads the JSON written by `benches/peer.rs` (the synthetic project, the registry facts it
needs: parameters at the target price year, input unit factors, runoff coefficients, the ESV
table rows; and gep-calc's figures), builds numpy arrays once ("load"), then computes the same
formulas vectorised over the counties ("compute", median of RUNS runs), checks every figure
against gep-calc's within 1e-6 relative, and prints one JSON line with its timings.

    python3 compute_numpy.py EXPORT.json [RUNS]
"""

import json
import sys
import time

import numpy as np

REL = 1e-6


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    t0 = time.perf_counter()
    a = build(doc)
    return doc, a, (time.perf_counter() - t0) * 1e3


def build(doc):
    """Dense arrays: per indicator and method the counties using it and their inputs."""
    data = doc["data"]
    n = len(data)
    classes = doc["classes"]
    cidx = {c["id"]: k for k, c in enumerate(classes)}
    lc = np.zeros((n, len(classes)))
    imported = np.zeros(n)
    for j, cp in enumerate(data):
        for cls, area in cp.get("land_cover", {}).items():
            if cls in cidx:
                lc[j, cidx[cls]] = area
        imported[j] = cp.get("imported_products_yuan", 0.0)
    runoff = np.array([c["runoff"] if c["runoff"] is not None else 0.0 for c in classes])
    has_runoff = np.array([c["runoff"] is not None for c in classes])
    vegetated = np.array([bool(c["vegetated"]) for c in classes])
    inds = []
    for spec in doc["indicators"]:
        sid = spec["id"]
        methods = {}
        lines = ([], [], [])  # county, quantity, price
        out_val = np.zeros(n)
        out_mask = np.zeros(n, dtype=bool)
        for j, cp in enumerate(data):
            inp = cp.get("indicators", {}).get(sid)
            if inp is None:
                continue
            if spec["formula"] == "products":
                if inp.get("output_value"):
                    out_val[j] = inp["output_value"]["value_yuan"]
                    out_mask[j] = True
                for line in inp.get("products", []):
                    lines[0].append(j)
                    lines[1].append(line["quantity"])
                    lines[2].append(line["price"])
                continue
            mid = inp.get("method") or spec["default_method"]
            m = methods.get(mid)
            if m is None:
                mspec = spec["methods"][mid]
                m = {
                    "model": mspec["model"],
                    "params": mspec["params"],
                    "mask": np.zeros(n, dtype=bool),
                    "x": {k: np.zeros(n) for k in mspec["inputs"]},
                    "factor": mspec["inputs"],
                    "price_inputs": {},
                }
                methods[mid] = m
            m["mask"][j] = True
            for k, v in inp.get("values", {}).items():
                if k in m["x"]:
                    m["x"][k][j] = v * m["factor"][k]
                else:
                    m["price_inputs"].setdefault(k, np.zeros(n))[j] = v
        has_lines = np.zeros(n, dtype=bool)
        if lines[0]:
            has_lines[np.array(lines[0])] = True
        inds.append({
            "spec": spec,
            "methods": methods,
            "line_county": np.array(lines[0], dtype=np.int64),
            "line_value": np.array(lines[1]) * np.array(lines[2]) if lines[0] else np.zeros(0),
            "out_val": out_val,
            "entered": out_mask | has_lines,
        })
    rows = doc["esv"]["rows"]
    f = np.zeros((len(classes), len(doc["esv"]["market"])))
    for cls, factors in rows.items():
        if cls in cidx:
            f[cidx[cls], : len(factors)] = factors
    return {
        "n": n, "lc": lc, "runoff": runoff, "has_runoff": has_runoff, "vegetated": vegetated,
        "imported": imported, "inds": inds, "esv_f": f, "esv_d": doc["esv"]["d"],
        "esv_market": np.array(doc["esv"]["market"]), "deduct": doc["deduct_imports"],
        "year": doc["year"],
    }


def quantities(a, m, ncomp, co2):
    x, p, model = m["x"], m["params"], m["model"]
    if model == "direct":
        return [x.get(k, np.zeros(a["n"])) for k in m["comp_ids"]]
    if model == "water_balance":
        precip, et = x["precip"], x["et"]
        alpha = np.where(a["has_runoff"], a["runoff"], 0.0)
        # Σ_i (P − α_i·P − ET) × A_i × 10 over the classes with a runoff coefficient
        area = a["lc"] * a["has_runoff"]
        q = (precip * area.sum(axis=1) - precip * (area @ alpha) - et * area.sum(axis=1)) * 10.0
        return [q]
    if model == "flood":
        la = x["lake_area"]
        lake = np.where(la > 0, np.exp(p["a"]) * np.power(np.maximum(la, 1e-300), p["b"]) * x["lake_exchange"] * 1e4, 0.0)
        return [lake, p["share"] * x["reservoir_capacity"], x["marsh_area"] * 1e6 * p["depth"]]
    if model == "carbon_nep":
        return [44.0 / 12.0 * x["nep"]]
    if model == "npp":
        return [p["k"] * x["npp"]]
    if model == "oxygen_from_carbon":
        return [32.0 / 44.0 * co2[p["carbon"]]]
    if model == "purification":
        return [np.minimum(x[k + "_emission"], x[k + "_capacity"]) for k in m["comp_ids"]]
    if model == "climate":
        veg = (a["lc"] * a["vegetated"]).sum(axis=1) / 100.0
        r = p["r"]
        ept = x["epp"] * veg * x["ac_days"] * 1e6 / (3600.0 * r) if r > 0 else np.zeros(a["n"])
        div = r if p["eer"] else 1.0
        share = 1.0
        if p["low_rh"]:
            days = 366.0 if (a["year"] % 4 == 0 and a["year"] % 100 != 0) or a["year"] % 400 == 0 else 365.0
            share = np.clip(x["low_rh_days"] / days, 0.0, 1.0)
        ew = x["evaporation"]
        ewe = ew * 1000.0 * p["q"] / (3600.0 * div) + ew * p["y"] * share
        return [ept, ewe]
    raise ValueError(model)


def compute(a):
    n = a["n"]
    values, first_q = {}, {}
    cs = np.zeros(n)
    for ind in a["inds"]:
        spec = ind["spec"]
        sid, formula = spec["id"], spec["formula"]
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
                    cs = cs + np.where(mask, visits * x["cs"], 0.0)
                else:
                    val = x["value"]
                first = visits
            v = np.where(mask, val, v)
            fq = np.where(mask, first, fq)
        values[sid] = v
        first_q[sid] = fq
    totals = {k: np.zeros(n) for k in ("material", "regulating", "cultural", "market", "non_market", "outside_framework")}
    for ind in a["inds"]:
        spec = ind["spec"]
        v = values[spec["id"]]
        if not spec["counted"]:
            totals["outside_framework"] += v
            continue
        totals[spec["category"].lower()] += v
        totals["market" if spec["market"] else "non_market"] += v
    totals["gross"] = totals["material"] + totals["regulating"] + totals["cultural"]
    deduction = a["imported"] if a["deduct"] else np.zeros(n)
    totals["market"] = totals["market"] - deduction
    totals["gep"] = totals["gross"] - deduction
    totals["consumer_surplus"] = cs
    by_service = (a["lc"] @ a["esv_f"]) * a["esv_d"]
    esv = {"total": by_service.sum(axis=1), "market": by_service[:, a["esv_market"]].sum(axis=1)}
    return values, totals, esv


def check(doc, result):
    values, totals, esv = result
    exp = doc["expected"]
    figures, worst = 0, 0.0
    for group, got in (("values", values), ("totals", totals), ("esv", esv)):
        for k, want in exp[group].items():
            want = np.array(want)
            g = got[k]
            rel = np.abs(g - want) / np.maximum(np.abs(want), 1.0)
            bad = np.nonzero(rel > REL)[0]
            if bad.size:
                j = bad[0]
                raise SystemExit(f"{group}.{k} county {j}: numpy {g[j]!r} vs gep-calc {want[j]!r}")
            worst = max(worst, float(rel.max(initial=0.0)))
            figures += want.size
    return figures, worst


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    doc, a, load_ms = load(path)
    result = compute(a)
    figures, worst = check(doc, result)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        compute(a)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(json.dumps({
        "compute_ms": times[len(times) // 2],
        "load_ms": load_ms,
        "figures": figures,
        "max_rel": worst,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
