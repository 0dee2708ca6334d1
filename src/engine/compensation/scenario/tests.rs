//! Scenario tests on the built-in sample: each method end to end, sentences, missing inputs.

use super::*;
use crate::engine::{Options, compute};
use crate::model::compensation::CountyLimits;

fn sample(year: i32) -> (Project, Accounts) {
    let p = crate::sample::builtin().expect("sample loads");
    let options = Options {
        year,
        framework: None,
        price_year: None,
        traces: false,
    };
    let acc = compute(&p, Registry::builtin(), &options).expect("sample computes");
    (p, acc)
}

fn by_population(fund: f64) -> CompensationSettings {
    CompensationSettings {
        method: Method::Fund,
        fund_yuan: fund,
        factors: vec![WeightedFactor {
            id: "population".into(),
            weight: 1.0,
        }],
        ..CompensationSettings::default()
    }
}

fn amount(o: &Outcome, code: &str) -> f64 {
    o.rows
        .iter()
        .find(|r| r.code == code)
        .and_then(|r| r.amount_yuan)
        .unwrap_or(f64::NAN)
}

#[test]
fn fund_by_population_is_proportional_and_a_floor_binds() {
    let (p, acc) = sample(2022);
    let reg = Registry::builtin();
    // 2022 populations: 临川区 1,071,000 of 3,586,000; 资溪县 100,000.
    let o = run(&p, reg, &acc, &by_population(1.0e8)).expect("runs");
    assert!((amount(&o, "361002") - 1.0e8 * 1.071 / 3.586).abs() < 1e-4);
    assert!((amount(&o, "361028") - 1.0e8 * 0.1 / 3.586).abs() < 1e-4);
    assert_eq!(o.rows[0].rank, Some(1));
    assert!(o.total_paid() == 0.0);
    assert!((o.total_received() - 1.0e8).abs() < 1e-3);
    // A 500 万元 floor for 资溪县: it gets 5,000,000; the other 95,000,000 go by population
    // among the remaining 3,486,000 people, so 临川区 gets 95e6 × 1.071 / 3.486.
    let mut s = by_population(1.0e8);
    s.limits.insert(
        "361028".into(),
        CountyLimits {
            floor_yuan: Some(5.0e6),
            ..CountyLimits::default()
        },
    );
    let o = run(&p, reg, &acc, &s).expect("runs");
    assert!((amount(&o, "361028") - 5.0e6).abs() < 1e-3);
    assert!((amount(&o, "361002") - 95.0e6 * 1.071 / 3.486).abs() < 1e-3);
    let i = o.rows.iter().position(|r| r.code == "361028").unwrap_or(0);
    let zh = o.sentence(i, reg, Lang::Zh);
    assert!(
        zh.starts_with("资溪县应获得补偿 500.00 万元，依据："),
        "{zh}"
    );
    assert!(zh.contains("常住人口 100.00%"), "{zh}");
    assert!(zh.contains("按下限 500.00 万元"), "{zh}");
    let en = o.sentence(i, reg, Lang::En);
    assert!(
        en.starts_with("Zixi County should receive 500.00 10⁴ CNY"),
        "{en}"
    );
}

#[test]
fn ability_to_pay_scales_only_what_payers_pay() {
    let (p, acc) = sample(2022);
    let reg = Registry::builtin();
    let mut s = CompensationSettings {
        method: Method::Spillover,
        stage_r: 0.5,
        ..CompensationSettings::default()
    };
    let plain = run(&p, reg, &acc, &s).expect("runs");
    s.ability_to_pay = true;
    let k = run(&p, reg, &acc, &s).expect("runs");
    let (Detail::Spillover(a), Detail::Spillover(b)) = (&plain.detail, &k.detail) else {
        panic!("spillover detail expected");
    };
    let pop: f64 = acc.counties.iter().filter_map(|c| c.population).sum();
    let gdp: f64 = acc.counties.iter().filter_map(|c| c.gdp_yuan).sum();
    let spill_sum: f64 = a.rows.iter().map(|r| r.spillover_yuan).sum();
    assert!(spill_sum.abs() < 1e-6 * a.non_market_total_yuan);
    let (mut payers, mut receivers) = (0, 0);
    for ((x, y), c) in a.rows.iter().zip(&b.rows).zip(&acc.counties) {
        assert!((x.compensation_yuan - 0.5 * x.spillover_yuan).abs() < 1e-6);
        if x.spillover_yuan < 0.0 {
            payers += 1;
            let pc = c.gdp_yuan.unwrap_or(0.0) / c.population.unwrap_or(1.0);
            let kk = pc / (gdp / pop);
            assert!((y.k - kk).abs() < 1e-12, "{} k {}", c.code, y.k);
            assert!((y.compensation_yuan - 0.5 * x.spillover_yuan * kk).abs() < 1e-3);
        } else {
            receivers += 1;
            assert_eq!(y.k, 1.0);
            assert_eq!(y.compensation_yuan, x.compensation_yuan);
        }
    }
    assert!(payers > 0 && receivers > 0);
}

#[test]
fn the_scenario_and_the_spillover_method_agree() {
    // The scenario only fills inputs: running `spillover` on the inputs it recorded gives
    // the same rows (k for payers only, clamp), so the method and the scenario never differ.
    let (p, acc) = sample(2022);
    let reg = Registry::builtin();
    let mut s = CompensationSettings {
        method: Method::Spillover,
        stage_r: 0.5,
        ability_to_pay: true,
        clamp: true,
        ..CompensationSettings::default()
    };
    for (i, c) in acc.counties.iter().enumerate() {
        s.opportunity_cost_yuan
            .insert(c.code.clone(), if i % 2 == 0 { 4.0e8 } else { 1.0e12 });
    }
    let o = run(&p, reg, &acc, &s).expect("runs");
    let Detail::Spillover(d) = &o.detail else {
        panic!("spillover detail expected");
    };
    let inputs: Vec<_> = d.rows.iter().map(|r| r.input.clone()).collect();
    assert!(
        inputs
            .iter()
            .any(|i| i.ability_to_pay.is_some_and(|k| k != 1.0))
    );
    let direct = spillover(&inputs, s.share, s.clamp).expect("runs");
    assert_eq!(&direct, d);
    for (row, r) in o.rows.iter().zip(&direct.rows) {
        assert_eq!(row.amount_yuan, Some(r.compensation_yuan));
    }
}

#[test]
fn missing_inputs_name_the_county_and_the_value() {
    let (mut p, _) = sample(2022);
    let reg = Registry::builtin();
    if let Some(cp) = p
        .periods
        .iter_mut()
        .find(|x| x.year == 2022)
        .and_then(|x| x.counties.get_mut("361028"))
    {
        cp.population = None;
    }
    let acc = compute(
        &p,
        reg,
        &Options {
            year: 2022,
            framework: None,
            price_year: None,
            traces: false,
        },
    )
    .expect("computes");
    let e = run(&p, reg, &acc, &by_population(1.0e8))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("资溪县（361028）缺少 2022 年的常住人口"), "{e}");
    let s = CompensationSettings {
        method: Method::Spillover,
        ..CompensationSettings::default()
    };
    assert!(matches!(
        run(&p, reg, &acc, &s),
        Err(ScenarioError::MissingValue { ref code, .. }) if code == "361028"
    ));
    let mut s = by_population(1.0e8);
    s.factors[0].id = "bogus".into();
    assert_eq!(
        run(&p, reg, &acc, &s),
        Err(ScenarioError::UnknownFactor("bogus".into()))
    );
}

#[test]
fn growth_reward_needs_an_earlier_period() {
    let (p, acc) = sample(2021);
    let s = CompensationSettings {
        method: Method::GrowthReward,
        ..CompensationSettings::default()
    };
    assert_eq!(
        run(&p, Registry::builtin(), &acc, &s),
        Err(ScenarioError::NoEarlierPeriod { year: 2021 })
    );
    let (p, acc) = sample(2022);
    let o = run(&p, Registry::builtin(), &acc, &s).expect("runs");
    let Detail::GrowthReward { from_year, reward } = &o.detail else {
        panic!("growth detail expected");
    };
    assert_eq!(*from_year, 2021);
    for (r, row) in reward.rows.iter().zip(&o.rows) {
        let d = (r.input.gep_now_yuan - r.input.gep_prev_yuan).max(0.0);
        assert_eq!(row.amount_yuan, Some(0.01 * d));
    }
}

#[test]
fn horizontal_index_decides_who_pays_and_gravity_splits_the_downstream_part() {
    use crate::model::compensation::PollutantEntry;
    let (p, acc) = sample(2022);
    let reg = Registry::builtin();
    let mut s = CompensationSettings {
        method: Method::Horizontal,
        ..CompensationSettings::default()
    };
    assert_eq!(run(&p, reg, &acc, &s), Err(ScenarioError::NoUpstream));
    s.horizontal.upstream = "361028".into();
    assert_eq!(
        run(&p, reg, &acc, &s),
        Err(ScenarioError::Pollutant("高锰酸盐指数".into()))
    );
    let pol = |name: &str, c: f64, c0: f64| PollutantEntry {
        name: name.into(),
        concentration: c,
        baseline: c0,
    };
    // Ratios 0.8, 1.2, 1.0, 0.8: mean 0.95; P = 0.85 × 0.95 = 0.8075 ≤ 1.
    s.horizontal.pollutants = vec![
        pol("高锰酸盐指数", 2.0, 2.5),
        pol("氨氮", 0.3, 0.25),
        pol("总氮", 1.0, 1.0),
        pol("总磷", 0.04, 0.05),
    ];
    assert_eq!(run(&p, reg, &acc, &s), Err(ScenarioError::NoDownstream));
    // 金溪县 50 km, 临川区 100 km; 2022 populations 239,000 and 1,071,000:
    // G = 239000/50² = 95.6 and 1071000/100² = 107.1, shares 95.6/202.7 and 107.1/202.7.
    s.horizontal.distances_km.insert("361027".into(), 50.0);
    s.horizontal.distances_km.insert("361002".into(), 100.0);
    let o = run(&p, reg, &acc, &s).expect("runs");
    let Detail::Horizontal(h) = &o.detail else {
        panic!("horizontal detail expected")
    };
    assert!((h.index.p - 0.8075).abs() < 1e-12);
    assert_eq!(h.index.direction, Direction::DownstreamPaysUpstream);
    assert_eq!(amount(&o, "361028"), 1.0e8);
    assert!((amount(&o, "361027") + 1.0e8 * 95.6 / 202.7).abs() < 1e-6);
    assert!((amount(&o, "361002") + 1.0e8 * 107.1 / 202.7).abs() < 1e-6);
    assert!(o.rows.iter().filter(|r| r.amount_yuan.is_none()).count() == 8);
    assert!((o.total_received() - o.total_paid()).abs() < 1e-6);
    let i = o.rows.iter().position(|r| r.code == "361027").unwrap_or(0);
    let zh = o.sentence(i, reg, Lang::Zh);
    assert!(
        zh.starts_with("金溪县（下游）应支付补偿 4,716.33 万元，依据：水质指数 P = 0.8075 ≤ 1"),
        "{zh}"
    );
    // K₀ = 1.2: P = 1.14 > 1, the upstream county pays instead.
    s.horizontal.k0 = 1.2;
    let o = run(&p, reg, &acc, &s).expect("runs");
    assert_eq!(amount(&o, "361028"), -1.0e8);
    assert!((amount(&o, "361002") - 1.0e8 * 107.1 / 202.7).abs() < 1e-6);
    s.horizontal.distances_km.insert("361002".into(), 0.0);
    assert!(matches!(
        run(&p, reg, &acc, &s),
        Err(ScenarioError::Distance { ref code, .. }) if code == "361002"
    ));
}

fn engel(urban: f64, rural: f64, urbanisation: f64) -> crate::model::compensation::EngelEntry {
    crate::model::compensation::EngelEntry {
        urban: Some(urban),
        rural: Some(rural),
        urbanisation: Some(urbanisation),
    }
}

#[test]
fn spillover_r_from_each_countys_engel_coefficient() {
    use crate::model::compensation::StageSource;
    let (p, acc) = sample(2022);
    let reg = Registry::builtin();
    let mut s = CompensationSettings {
        method: Method::Spillover,
        stage: StageSource::EngelPearl,
        ..CompensationSettings::default()
    };
    // One county missing: the error names it and the field.
    for c in acc.counties.iter().skip(1) {
        s.engel.insert(c.code.clone(), engel(0.3, 0.4, 0.6));
    }
    let first = &acc.counties[0];
    let e = run(&p, reg, &acc, &s).expect_err("a county has no Engel coefficients");
    assert!(
        matches!(&e, ScenarioError::MissingInput { code, .. } if *code == first.code),
        "{e}"
    );
    assert!(e.to_string().contains("城镇居民恩格尔系数"), "{e}");
    // The first county is poorer: En = 0.5 → t = 1/0.5 − 3 = −1, r = 1/(1 + e) = 0.26894;
    // the others En = 0.3·0.6 + 0.4·0.4 = 0.34 → r = 0.48530.
    s.engel.insert(first.code.clone(), engel(0.5, 0.5, 0.5));
    let o = run(&p, reg, &acc, &s).expect("runs");
    let Detail::Spillover(d) = &o.detail else {
        panic!("spillover detail expected")
    };
    assert!((d.rows[0].r - 0.2689414213699951).abs() < 1e-12);
    assert!((d.rows[0].engel.unwrap_or(0.0) - 0.5).abs() < 1e-12);
    for row in &d.rows[1..] {
        assert!((row.r - 0.4852983566307939).abs() < 1e-12, "{}", row.r);
        assert!((row.compensation_yuan - row.spillover_yuan * row.r).abs() < 1e-6);
    }
    assert!(
        o.warnings
            .iter()
            .all(|w| *w != Warning::StageVariantWithdrawn)
    );
    let zh = o.sentence(1, reg, Lang::Zh);
    assert!(zh.contains("r 0.485（恩格尔系数 34.00%）"), "{zh}");
    let params = o.parameters(reg, Lang::Zh);
    assert!(
        params
            .iter()
            .any(|(k, v)| k == "发展阶段系数 r" && v.contains("Pearl")),
        "{params:?}"
    );
}

#[test]
fn a_scenario_naming_the_withdrawn_logistic_r_loads_runs_pearl_and_says_so() {
    use crate::model::compensation::StageSource;
    let (p, acc) = sample(2022);
    let reg = Registry::builtin();
    // As a project file would store it.
    let mut engel_ron = String::new();
    for c in &acc.counties {
        engel_ron.push_str(&format!(
            "\"{}\": (urban: Some(0.3), rural: Some(0.4), urbanisation: Some(0.6)), ",
            c.code
        ));
    }
    let text = format!("(method: spillover, stage: engel_logistic, engel: {{{engel_ron}}})");
    let s: CompensationSettings = ron::from_str(&text).expect("a file naming it still loads");
    assert_eq!(s.stage, StageSource::EngelLogistic);
    let o = run(&p, reg, &acc, &s).expect("runs");
    // Interpreted as the Pearl curve on the same coefficients: r = 0.48530, not the logistic
    // 1/(1 + e^−0.34) = 0.58419.
    let Detail::Spillover(d) = &o.detail else {
        panic!("spillover detail expected")
    };
    assert!(
        d.rows
            .iter()
            .all(|r| (r.r - 0.4852983566307939).abs() < 1e-12)
    );
    assert!(o.warnings.contains(&Warning::StageVariantWithdrawn));
    let zh = o.warning_texts(reg, Lang::Zh).join("\n");
    assert!(
        zh.contains("方向错误，已停用") && zh.contains("Pearl"),
        "{zh}"
    );
    // The project's validation says so on load, too.
    let mut named = p.clone();
    named.compensation = s.clone();
    let issues = crate::validate::validate(&named, reg);
    let issue = issues
        .iter()
        .find(|i| i.kind == crate::validate::IssueKind::WithdrawnStageCurve)
        .expect("a validation warning");
    assert_eq!(issue.severity, crate::validate::Severity::Warning);
    assert!(issue.message(Lang::Zh).contains("按 Pearl 曲线"));
    let pearl = CompensationSettings {
        stage: StageSource::EngelPearl,
        ..s.clone()
    };
    let o2 = run(&p, reg, &acc, &pearl).expect("runs");
    assert_eq!(o2.rows, o.rows);
}

#[test]
fn opportunity_cost_adds_the_income_gap_and_the_annuities() {
    use crate::model::compensation::{IncomeEntry, InvestmentEntry};
    let (p, acc) = sample(2022);
    let reg = Registry::builtin();
    let mut s = CompensationSettings {
        method: Method::OpportunityCost,
        ..CompensationSettings::default()
    };
    assert_eq!(
        run(&p, reg, &acc, &s),
        Err(ScenarioError::NoOpportunityInputs)
    );
    // 资溪县: urban income 10,000 元 below the reference for 1,000 persons = 1,000 万元; rural
    // income above the reference counts 0.
    let zixi = IncomeEntry {
        urban_income: Some(30_000.0),
        urban_population: Some(1_000.0),
        rural_income: Some(18_000.0),
        rural_population: Some(2_000.0),
    };
    s.opportunity.incomes.insert("361028".into(), zixi);
    assert_eq!(
        run(&p, reg, &acc, &s),
        Err(ScenarioError::NoReferenceIncome)
    );
    s.opportunity.reference_urban_income = 40_000.0;
    s.opportunity.reference_rural_income = 15_000.0;
    // 金溪县: 1,000 元 invested in 2020, repaid by 2022 at 10 %:
    // 1000 × 0.1 × 1.21 / 0.21 = 576.19 元 a year.
    s.opportunity.investments.push(InvestmentEntry {
        county: "361027".into(),
        year: 2020,
        principal_yuan: 1000.0,
    });
    let o = run(&p, reg, &acc, &s).expect("runs");
    assert_eq!(amount(&o, "361028"), 1.0e7);
    assert!((amount(&o, "361027") - 576.1904761904762).abs() < 1e-9);
    assert_eq!(o.rows.iter().filter(|r| r.amount_yuan.is_none()).count(), 9);
    let i = o.rows.iter().position(|r| r.code == "361028").unwrap_or(0);
    let zh = o.sentence(i, reg, Lang::Zh);
    assert_eq!(
        zh,
        "资溪县应获得补偿 1,000.00 万元（机会成本），依据：城镇居民收入低于参照 10,000 元/人 × 1,000 人 = 1,000.00 万元；农村居民收入不低于参照，计 0。"
    );
    let j = o.rows.iter().position(|r| r.code == "361027").unwrap_or(0);
    let zh = o.sentence(j, reg, Lang::Zh);
    assert!(
        zh.contains("1 笔历年投资共 0.10 万元，按年利率 10.00% 折算至 2022 年的年金 0.06 万元"),
        "{zh}"
    );
    let params = o.parameters(reg, Lang::Zh);
    assert!(params.iter().any(|(k, v)| k == "还款截止年" && v == "2022"));
    // An investment in the last repayment year, a missing population: named errors.
    s.opportunity.investments[0].year = 2022;
    assert!(matches!(
        run(&p, reg, &acc, &s),
        Err(ScenarioError::Investment { ref code, year: 2022, end_year: 2022, .. }) if code == "361027"
    ));
    s.opportunity.investments.clear();
    if let Some(e) = s.opportunity.incomes.get_mut("361028") {
        e.rural_population = None;
    }
    let e = run(&p, reg, &acc, &s).expect_err("a field is missing");
    assert!(
        e.to_string().contains("资溪县（361028）缺少农村人口"),
        "{e}"
    );
}

/// Every refusal reads in one language: the Chinese message has no English words and the
/// English one no Chinese (county names aside, which are data), for each kind of error.
#[test]
fn scenario_errors_speak_one_language_at_a_time() {
    let county = || "临川区".to_string();
    let code = || "361002".to_string();
    let errors = vec![
        ScenarioError::Method(CompensationError::Missing("资金总额".into())),
        ScenarioError::Compute(ComputeError::NoPeriod(2030).to_string()),
        ScenarioError::MissingValue {
            county: county(),
            code: code(),
            year: 2022,
            what_zh: "GDP".into(),
            what_en: "GDP".into(),
        },
        ScenarioError::ScoresToEnter(vec!["水环境质量得分".into()]),
        ScenarioError::NoOpportunityInputs,
        ScenarioError::NoFactorValues,
        ScenarioError::NoReferenceIncome,
        ScenarioError::Investment {
            county: county(),
            code: code(),
            year: 2030,
            end_year: 2022,
        },
        ScenarioError::NoEsvPeriod { year: 2021 },
        ScenarioError::NoEsv {
            county: county(),
            code: code(),
            year: 2022,
        },
        ScenarioError::UnknownCounty("999999".into()),
        ScenarioError::NoCounties,
        ScenarioError::NoUpstream,
        ScenarioError::NoDownstream,
        ScenarioError::Pollutant("总磷".into()),
    ];
    for e in &errors {
        let zh = e.message(Lang::Zh);
        let en = e.message(Lang::En);
        assert!(
            crate::i18n::stray_latin_words(&zh).is_empty(),
            "English in the Chinese message: {zh}"
        );
        let cjk = en
            .replace("临川区", "")
            .replace("水环境质量得分", "")
            .replace("资金总额", "")
            .replace("总磷", "")
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        assert_eq!(cjk, 0, "Chinese in the English message: {en}");
        assert!(!zh.is_empty() && !en.is_empty());
    }
    assert_eq!(
        ScenarioError::NoOpportunityInputs.message(Lang::Zh),
        "请为至少一个县填写城乡居民收入与人口，或填写历年投资"
    );
}

/// A project with counties but no data yet: the fund method says that the factors have no
/// values, in one language, instead of "weights total 0".
#[test]
fn a_fund_over_counties_without_data_asks_for_the_data() {
    let (mut p, _) = sample(2022);
    for period in &mut p.periods {
        period.counties.clear();
    }
    for c in &mut p.counties {
        c.land_area_hm2 = 0.0;
    }
    let acc = compute(&p, Registry::builtin(), &Options::year(2022)).expect("computes");
    let Err(default_err) = run(
        &p,
        Registry::builtin(),
        &acc,
        &CompensationSettings::default(),
    ) else {
        panic!("nothing to allocate by")
    };
    assert_eq!(default_err, ScenarioError::NoFactorValues);
    assert!(
        default_err
            .message(Lang::Zh)
            .starts_with("各分配因子在所有县均为 0"),
        "{}",
        default_err.message(Lang::Zh)
    );
}

#[test]
fn parameters_outside_their_range_are_refused_once_with_the_range() {
    let (p, acc) = sample(2022);
    let reg = Registry::builtin();
    let spill = CompensationSettings {
        method: Method::Spillover,
        stage_r: 1e300,
        ..CompensationSettings::default()
    };
    let e = run(&p, reg, &acc, &spill).expect_err("r = 1e300 is refused");
    assert_eq!(
        e.message(Lang::Zh),
        "发展阶段系数 r 的值 1e300 超出允许范围 0–1，请改为此范围内的值"
    );
    // β = 2 would pay twice the fund; a fund of NaN or below 0 is no fund.
    for (beta, fund) in [(Some(2.0), 1e8), (Some(0.5), f64::NAN), (Some(0.5), -1.0)] {
        let s = CompensationSettings {
            method: Method::GrowthReward,
            beta,
            fund_yuan: fund,
            ..CompensationSettings::default()
        };
        let e = run(&p, reg, &acc, &s).expect_err("refused");
        assert!(matches!(e, ScenarioError::OutOfRange { .. }), "{e}");
    }
    // β = 1 in range: the growth parts (α = 0.01) and the share parts together would exceed
    // the fund, so all are scaled down and the total paid is the fund, never more.
    let s = CompensationSettings {
        method: Method::GrowthReward,
        beta: Some(1.0),
        fund_yuan: 1e8,
        ..CompensationSettings::default()
    };
    let o = run(&p, reg, &acc, &s).expect("runs");
    let Detail::GrowthReward { reward, .. } = &o.detail else {
        panic!("growth reward")
    };
    let paid: f64 = reward.rows.iter().map(|r| r.reward_yuan).sum();
    assert!((paid - 1e8).abs() < 1e-3, "{paid}");
    let k = reward.cap_scale.expect("capped");
    assert!(k < 1.0, "{k}");
    let share: f64 = reward.rows.iter().map(|r| r.share_part_yuan).sum();
    assert!((share - 1e8 * k).abs() < 1e-3, "{share}");
    // The sentence gives the parts as the formula makes them, then the one cap factor: the
    // share before the cap is β × F × the county's regulating share.
    let r = &reward.rows[0];
    let before = crate::format::num(r.share_part_yuan / k / 1e4, 2);
    let zh = o.sentence(0, reg, Lang::Zh);
    assert!(
        zh.contains(&format!("另按调节服务价值份额得 {before} 万元")),
        "{zh}"
    );
    let pct = format!("{}%", crate::format::num(k * 100.0, 2));
    assert!(zh.contains(&format!("均按 {pct} 同比例缩减")), "{zh}");
}
