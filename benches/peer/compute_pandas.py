"""The pandas peer of gep-calc's `compute` (`cargo bench --bench peer` runs both).

Reads the project's inputs as long-form tables written by `benches/peer.rs` (inputs county ×
indicator × input, product lines, output values, land cover county × class, counties) and
the registry facts as tables (indicators, methods, their inputs' unit factors, parameters at
the target price year, components and prices, land classes, the ESV table), merges them and
computes the same formulas vectorised with pandas, then checks every figure against
gep-calc's (`expected.csv`) within 1e-6 relative.

    python3 compute_pandas.py DIR [RUNS]          timings as one JSON line
    python3 compute_pandas.py DIR --once OUT.json  the whole process: read, compute, write

"compute" is everything after the CSV files are read (merges, pivots, formulas, totals,
ESV), as a pandas implementation of the accounts would run it; "read" is `read_csv`.
"""

import json
import sys
import time

import numpy as np
import pandas as pd

REL = 1e-6
TOTALS = ("material", "regulating", "cultural", "market", "non_market", "outside_framework")


def read(d):
    s = {"county": str, "indicator": str, "method": str, "input": str, "class": str}
    t = {}
    for name in ("inputs", "entries", "product_lines", "output_values", "land_cover", "counties",
                 "indicators", "methods", "method_inputs", "params", "components",
                 "classes", "esv_services", "esv_factors"):
        t[name] = pd.read_csv(f"{d}/{name}.csv", dtype=s, keep_default_na=False,
                              na_values={"runoff": [""], "price": [""], "factor": [""]})
    return t


def lc_aggregates(t, counties):
    """Per county: area of classes with a runoff coefficient, Σ area × α, vegetated area."""
    lc = t["land_cover"].merge(t["classes"], on="class", how="left")
    has = lc["runoff"].notna()
    lc["a_r"] = np.where(has, lc["area_hm2"], 0.0)
    lc["a_alpha"] = lc["a_r"] * lc["runoff"].fillna(0.0)
    lc["a_veg"] = np.where(lc["vegetated"] == 1, lc["area_hm2"], 0.0)
    return lc.groupby("county")[["a_r", "a_alpha", "a_veg"]].sum().reindex(counties, fill_value=0.0)


def model_values(spec, model, x, p, comps, lca, firsts, year):
    """Value and first quantity of one (indicator, method) over its counties (`x`: county ×
    input, converted to the model's units)."""
    col = lambda k: x[k] if k in x else pd.Series(0.0, index=x.index)
    formula = spec["formula"]
    if formula == "soil":
        if model == "rusle":
            ac = col("r") * col("k") * col("ls") * (1.0 - col("c") * col("p")) * col("area")
        else:
            ac = col("retained_soil")
        sed = p["lambda"] * ac / p["rho"]
        return sed * p["cd"] + ac * (p["n"] / 100.0) * p["cn"] + ac * (p["p"] / 100.0) * p["cp"], sed, 0.0
    if formula == "sand":
        area = col("sand_fixed") / (p["rho"] * p["h"])
        return area * p["c"], area, 0.0
    if formula == "travel":
        visits = col("visits")
        if model == "survey":
            val = visits * (col("expense") + col("hours") * col("wage") * p["s"])
            return val, visits, visits * col("cs")
        return col("value"), visits, 0.0
    ids = list(comps["component"])
    if model == "direct":
        qs = [col(k) for k in ids]
    elif model == "water_balance":
        a = lca.loc[x.index]
        precip, et = col("precip"), col("et")
        qs = [(precip * a["a_r"] - precip * a["a_alpha"] - et * a["a_r"]) * 10.0]
    elif model == "flood":
        la = col("lake_area")
        lake = np.where(la > 0, np.exp(p["a"]) * np.power(np.maximum(la, 1e-300), p["b"])
                        * col("lake_exchange") * 1e4, 0.0)
        qs = [pd.Series(lake, index=x.index), p["share"] * col("reservoir_capacity"),
              col("marsh_area") * 1e6 * p["depth"]]
    elif model == "carbon_nep":
        qs = [44.0 / 12.0 * col("nep")]
    elif model == "npp":
        qs = [p["k"] * col("npp")]
    elif model == "oxygen_from_carbon":
        qs = [32.0 / 44.0 * firsts[p["carbon"]].reindex(x.index, fill_value=0.0)]
    elif model == "purification":
        qs = [np.minimum(col(k + "_emission"), col(k + "_capacity")) for k in ids]
    elif model == "climate":
        veg = lca.loc[x.index, "a_veg"] / 100.0
        r = p["r"]
        ept = col("epp") * veg * col("ac_days") * 1e6 / (3600.0 * r) if r > 0 else 0.0 * veg
        div = r if p["eer"] else 1.0
        share = 1.0
        if p["low_rh"]:
            leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
            share = (col("low_rh_days") / (366.0 if leap else 365.0)).clip(0.0, 1.0)
        ew = col("evaporation")
        qs = [ept, ew * 1000.0 * p["q"] / (3600.0 * div) + ew * p["y"] * share]
    else:
        raise ValueError(model)
    val = 0.0
    for (_, c), q in zip(comps.iterrows(), qs):
        price = c["price"] if pd.notna(c["price"]) else col(c["price_input"])
        val = val + q * price
    return val, qs[0], 0.0


def compute(t):
    counties = t["counties"]["county"]
    ind = t["indicators"].sort_values("order").set_index("indicator")
    gp = t["params"].set_index(["indicator", "param"])["value"]
    year = int(gp[("gep", "year")])
    lca = lc_aggregates(t, counties)
    # County × indicator × input, with the default method where none is named and each
    # input's unit factor (inputs without one are prices entered per county).
    def with_method(d):
        d = d.merge(ind["default_method"], left_on="indicator", right_index=True)
        return d.assign(method=d["method"].mask(d["method"] == "", d["default_method"]))
    x = with_method(t["inputs"])
    x = x.merge(t["method_inputs"], on=["indicator", "method", "input"], how="left")
    x["x"] = x["value"] * x["factor"].fillna(1.0)
    inputs = dict(tuple(x.groupby(["indicator", "method"])))
    params = t["params"][t["params"]["method"] != ""].groupby(["indicator", "method"])
    params = {k: dict(zip(g["param"], g["value"])) for k, g in params}
    iparams = t["params"][t["params"]["method"] == ""].groupby("indicator")
    iparams = {k: dict(zip(g["param"], g["value"])) for k, g in iparams}
    models = t["methods"].set_index(["indicator", "method"])
    comps = dict(tuple(t["components"].sort_values("order").groupby("indicator")))
    entries = dict(tuple(with_method(t["entries"]).groupby("indicator")))
    parts, firsts, cs = [], {}, []
    for sid, spec in ind.iterrows():
        if spec["formula"] == "products" or sid not in entries:
            continue
        first = []
        for mid, e in entries[sid].groupby("method"):
            # County × input of the counties using this method (0 where not entered).
            idx = pd.Index(e["county"], name="county")
            g = inputs.get((sid, mid))
            if g is None:
                g = pd.DataFrame(index=idx)
            else:
                g = g.set_index(["county", "input"])["x"].unstack().reindex(idx).fillna(0.0)
            m = models.loc[(sid, mid)]
            p = {**iparams.get(sid, {}), **params.get((sid, mid), {}), "carbon": m["carbon"]}
            val, q0, c = model_values(spec, m["model"], g, p, comps.get(sid), lca, firsts, year)
            parts.append(pd.DataFrame({"indicator": sid, "county": idx, "value": np.asarray(val)}))
            first.append(pd.Series(np.asarray(q0, dtype=float), index=idx))
            if not np.isscalar(c):
                cs.append(c)
        firsts[sid] = pd.concat(first)
    lines = t["product_lines"].assign(value=lambda d: d["quantity"] * d["price"])
    parts.append(lines[["indicator", "county", "value"]])
    parts.append(t["output_values"].rename(columns={"value_yuan": "value"}))
    long = pd.concat(parts, ignore_index=True)
    values = long.groupby(["county", "indicator"])["value"].sum().unstack()
    values = values.reindex(index=counties, columns=ind.index).fillna(0.0)
    # Totals: category and market sums over the counted indicators (indicators as rows).
    by_ind = values.T
    counted = by_ind[ind["counted"] == 1]
    by_cat = counted.groupby(ind["category"]).sum().T
    by_market = counted.groupby(ind["market"]).sum().T
    totals = pd.DataFrame(0.0, index=counties, columns=list(TOTALS))
    for c in ("material", "regulating", "cultural"):
        if c in by_cat:
            totals[c] = by_cat[c]
    totals["market"] = by_market.get(1, 0.0)
    totals["non_market"] = by_market.get(0, 0.0)
    totals["outside_framework"] = by_ind[ind["counted"] == 0].sum()
    totals = totals.fillna(0.0)
    totals["gross"] = totals["material"] + totals["regulating"] + totals["cultural"]
    imported = t["counties"].set_index("county")["imported_yuan"]
    deduction = imported if gp[("gep", "deduct_imports")] == 1 else 0.0 * imported
    totals["market"] = totals["market"] - deduction
    totals["gep"] = totals["gross"] - deduction
    totals["consumer_surplus"] = pd.concat(cs).groupby(level=0).sum().reindex(counties, fill_value=0.0) if cs else 0.0
    # ESV: land cover × the table's factors × the standard equivalent.
    e = t["land_cover"].merge(t["esv_factors"], on="class").merge(t["esv_services"], on="service")
    e["v"] = e["area_hm2"] * e["factor"] * gp[("esv", "d")]
    esv = pd.DataFrame({
        "total": e.groupby("county")["v"].sum(),
        "market": e[e["market"] == 1].groupby("county")["v"].sum(),
    }).reindex(counties, fill_value=0.0).fillna(0.0)
    return values, totals, esv


def check(d, result):
    values, totals, esv = result
    exp = pd.read_csv(f"{d}/expected.csv", dtype={"county": str, "figure": str})
    got = pd.concat([
        values.add_prefix("v:"), totals.add_prefix("t:"), esv.add_prefix("esv:")
    ], axis=1).stack().rename("got").reset_index()
    got.columns = ["county", "figure", "got"]
    m = exp.merge(got, on=["figure", "county"], how="left")
    rel = (m["got"] - m["value"]).abs() / np.maximum(m["value"].abs(), 1.0)
    bad = m[~(rel <= REL)]
    if len(bad):
        r = bad.iloc[0]
        raise SystemExit(f"{r['figure']} county {r['county']}: pandas {r['got']!r} vs gep-calc {r['value']!r}")
    return len(m), float(rel.max())


def main():
    d = sys.argv[1]
    if len(sys.argv) > 3 and sys.argv[2] == "--once":
        values, totals, esv = compute(read(d))
        out = pd.concat([values, totals.add_prefix("total_"), esv.add_prefix("esv_")], axis=1)
        out.to_json(sys.argv[3], orient="index", double_precision=15)
        return
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    t0 = time.perf_counter()
    t = read(d)
    read_ms = (time.perf_counter() - t0) * 1e3
    figures, worst = check(d, compute(t))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        compute(t)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(json.dumps({
        "compute_ms": times[len(times) // 2], "read_ms": read_ms, "figures": figures,
        "max_rel": worst, "pandas": pd.__version__,
    }))


if __name__ == "__main__":
    main()
