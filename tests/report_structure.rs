//! The report as a county office submits it: the chapters of Chinese practice in order,
//! formulas for every indicator, conclusions that follow the numbers, and text that belongs to
//! the reader (no internal references, Chinese throughout the Chinese report).

use gep_calc::engine::{Accounts, Options, compute};
use gep_calc::i18n::{Lang, stray_latin_words};
use gep_calc::model::setup::{NewProject, new_county};
use gep_calc::model::{CountyPeriod, EnteredValue, IndicatorInput, Project};
use gep_calc::registry::Registry;
use gep_calc::report::chapters;
use gep_calc::report::doc::{Block, Doc, SectionKind};
use gep_calc::units::Unit;

fn sample() -> (Project, Accounts) {
    let p = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let a =
        compute(&p, Registry::builtin(), &Options::year(year)).unwrap_or_else(|e| panic!("{e}"));
    (p, a)
}

/// Two counties, 2022; each (county, indicator, 亿元) entered as a value computed elsewhere at
/// 2022 prices, so every amount is known by hand.
fn fixture(values: &[(&str, &str, f64)]) -> Project {
    let mut p = NewProject {
        name: "测试".into(),
        region: "测试市".into(),
        organisation: "某研究院".into(),
        framework: "gbt46869".into(),
        years: vec![2022],
        counties: vec![
            new_county("361001", "甲县", None),
            new_county("361002", "乙县", None),
        ],
    }
    .build();
    for c in &mut p.counties {
        c.land_area_hm2 = 10_000.0;
    }
    let period = p.period_mut(2022).unwrap_or_else(|| panic!("2022"));
    for (code, id, yi) in values {
        let cp: &mut CountyPeriod = period.counties.entry(code.to_string()).or_default();
        cp.population = Some(100_000.0);
        cp.gdp_yuan = Some(2.0e8);
        cp.indicators.insert(
            id.to_string(),
            IndicatorInput {
                entered_value: Some(EnteredValue {
                    amount: *yi,
                    unit: Unit::YiYuan,
                    price_year: None,
                    source: "测试".into(),
                }),
                ..IndicatorInput::default()
            },
        );
    }
    p
}

fn doc_of(p: &Project, lang: Lang) -> Doc {
    let a = compute(p, Registry::builtin(), &Options::year(2022)).unwrap_or_else(|e| panic!("{e}"));
    chapters::build(p, &a, Registry::builtin(), lang)
}

/// The first list of the conclusions chapter (the conclusions, before the recommendations).
fn conclusions(d: &Doc) -> Vec<String> {
    d.section("conclusions")
        .unwrap_or_else(|| panic!("no conclusions"))
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::List(l) => Some(l.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no list"))
}

#[test]
fn conclusions_follow_the_dominant_category() {
    // Regulating 4 亿元 of 5: water conservation in both counties.
    let regulating = fixture(&[
        ("361001", "water_conservation", 3.0),
        ("361001", "agriculture", 1.0),
        ("361002", "water_conservation", 1.0),
    ]);
    // Material 4 亿元 of 5.
    let material = fixture(&[
        ("361001", "agriculture", 4.0),
        ("361002", "water_conservation", 1.0),
    ]);
    let a = conclusions(&doc_of(&regulating, Lang::Zh));
    let b = conclusions(&doc_of(&material, Lang::Zh));
    assert_eq!(
        a[0],
        "测试市 2022 年 GEP 为 5.00 亿元，以调节服务为主，占 80.0%。单项指标中水源涵养最大，为 4.00 亿元，占 GEP 的 80.0%。"
    );
    assert_eq!(
        b[0],
        "测试市 2022 年 GEP 为 5.00 亿元，以物质产品为主，占 80.0%。单项指标中农业产品最大，为 4.00 亿元，占 GEP 的 80.0%。"
    );
    // 甲县 4 of 5 亿元 in both; GEP/GDP = 5 亿 / 4 亿.
    assert_eq!(
        a[1],
        "甲县的 GEP 最高，为 4.00 亿元，占全区的 80.0%；GEP 最高的 1 个县区合计占 80.0%。"
    );
    assert!(
        a.iter()
            .any(|x| x == "GEP 是 GDP（4.00 亿元）的 1.25 倍，生态系统提供的价值高于当年经济产出。"),
        "{a:?}"
    );
    // Per km² (100 km² each): 甲县 400 万元/km², the region 250: 1.60 times.
    assert!(
        a.iter().any(|x| x
            == "单位面积 GEP 以甲县最高，为 400.00 万元/km²，是全区平均水平的 1.60 倍。"),
        "{a:?}"
    );
    let en = conclusions(&doc_of(&material, Lang::En));
    assert!(
        en[0].contains("dominated by Material products at 80.0%"),
        "{en:?}"
    );
}

#[test]
fn recommendations_name_missing_data_and_the_dominant_price() {
    let p = fixture(&[
        ("361001", "water_conservation", 3.0),
        ("361001", "agriculture", 1.0),
        ("361002", "water_conservation", 1.0),
    ]);
    let d = doc_of(&p, Lang::Zh);
    let lists: Vec<&Vec<String>> = d
        .section("conclusions")
        .unwrap_or_else(|| panic!("no conclusions"))
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::List(l) => Some(l),
            _ => None,
        })
        .collect();
    let advice = lists[1];
    assert!(
        advice
            .iter()
            .any(|x| x.starts_with("水源涵养占 GEP 的 80.0%，结果对其单价和实物量最为敏感")),
        "{advice:?}"
    );
    // 乙县 has no agriculture: a counted indicator lacking data.
    assert!(
        advice
            .iter()
            .any(|x| x.contains("缺少数据") && x.contains("农业产品")),
        "{advice:?}"
    );
}

/// Section ids in order.
#[test]
fn every_chapter_of_the_structure_is_present_in_order() {
    let (p, a) = sample();
    for lang in [Lang::Zh, Lang::En] {
        let d = chapters::build(&p, &a, Registry::builtin(), lang);
        let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "cover",
                "general",
                "region",
                "methods",
                "physical",
                "values",
                "analysis",
                "decomposition",
                "compensation",
                "quality",
                "conclusions",
                "appendix-params",
                "appendix-traces",
            ],
            "{lang:?}"
        );
        for s in &d.sections {
            assert!(!s.blocks.is_empty(), "{lang:?}: {} is empty", s.id);
        }
    }
    let d = chapters::build(&p, &a, Registry::builtin(), Lang::Zh);
    let headings: Vec<&str> = d.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        headings[1..11],
        [
            "一、总则",
            "二、区域概况",
            "三、核算指标体系与方法",
            "四、实物量账户",
            "五、价值量核算结果",
            "六、结果分析",
            "七、GEP 变化的原因分解",
            "八、生态补偿",
            "九、数据质量与不确定性",
            "十、结论与建议",
        ]
    );
    assert!(headings[11].starts_with("附表 1 "));
    // The cover names the region and year, the 编制单位 when given, and no sources or notes.
    assert_eq!(
        headings[0],
        "江西省抚州市 2022 年生态产品总值（GEP）核算报告"
    );
}

/// Headings numbered as Chinese reports are: 一、/（一）/ 1. in Chinese, 1 / 1.1 / 1.1.1 in
/// English; figures per chapter (图 2-1); appendix sections unnumbered.
#[test]
fn headings_and_figures_are_numbered_per_chinese_practice() {
    let (p, a) = sample();
    let zh = chapters::build(&p, &a, Registry::builtin(), Lang::Zh);
    let en = chapters::build(&p, &a, Registry::builtin(), Lang::En);
    let heads = |d: &Doc, id: &str, sub: bool| -> Vec<String> {
        d.section(id)
            .unwrap_or_else(|| panic!("{id}"))
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) if !sub => Some(h.clone()),
                Block::Subheading(h) if sub => Some(h.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        heads(&zh, "region", false),
        [
            "（一）地理位置与行政区划",
            "（二）自然条件",
            "（三）社会经济概况",
            "（四）生态系统类型与面积",
        ]
    );
    assert_eq!(
        heads(&en, "region", false),
        [
            "2.1 Location and administrative units",
            "2.2 Natural conditions",
            "2.3 Society and economy",
            "2.4 Ecosystem types and areas",
        ]
    );
    assert_eq!(en.sections[2].heading, "2 The region");
    // The methods chapter: one sub-section per indicator under （二）核算方法与公式.
    let m = heads(&zh, "methods", true);
    assert_eq!(m[..2], ["1. 农业产品", "2. 林业产品"]);
    assert_eq!(
        heads(&en, "methods", true)[0],
        "3.2.1 Agricultural products"
    );
    assert_eq!(heads(&zh, "methods", false)[1], "（二）核算方法与公式");
    // Figures restart in each chapter.
    let captions: Vec<&str> = zh
        .blocks()
        .filter_map(|b| match b {
            Block::Figure(f) => f.caption.split(' ').nth(1),
            _ => None,
        })
        .collect();
    assert_eq!(captions[..3], ["2-1", "5-1", "5-2"], "{captions:?}");
    // Tables numbered per chapter, each right after its caption.
    let tables: Vec<&str> = zh
        .section("region")
        .unwrap_or_else(|| panic!("region"))
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::TableCaption(c) => Some(c.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        tables,
        [
            "表 2-1 各县区常住人口与地区生产总值（2022 年）",
            "表 2-2 生态系统类型与面积",
            "表 2-3 各县区生态系统面积（公顷）",
        ]
    );
    for s in zh
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Chapter)
    {
        for (i, b) in s.blocks.iter().enumerate() {
            if matches!(b, Block::Table(_)) {
                assert!(
                    i > 0 && matches!(s.blocks[i - 1], Block::TableCaption(_)),
                    "{}: a table without a caption after {:?}",
                    s.id,
                    s.blocks.get(i.wrapping_sub(1))
                );
            }
        }
    }
    let en_methods = en.section("methods").unwrap_or_else(|| panic!("methods"));
    assert!(
        en_methods
            .blocks
            .iter()
            .any(|b| matches!(b, Block::TableCaption(c) if c == "Table 3-1 GEP indicator system"))
    );
    // Appendix sections (one per county's traces) carry no number.
    let traces = heads(&zh, "appendix-traces", false);
    assert!(traces[0].starts_with("临川区"), "{traces:?}");
}

#[test]
fn the_cover_has_organisation_and_date_and_no_remarks() {
    let (mut p, a) = sample();
    p.meta.organisation = "某研究院".into();
    p.meta.report_date = "2025 年 6 月".into();
    let d = chapters::build(&p, &a, Registry::builtin(), Lang::Zh);
    let cover = d.section("cover").unwrap_or_else(|| panic!("cover"));
    let Some(Block::KeyValues(kv)) = cover.blocks.first() else {
        panic!("no facts")
    };
    assert!(kv.contains(&("编制单位".to_string(), "某研究院".to_string())));
    assert!(kv.contains(&("报告日期".to_string(), "2025 年 6 月".to_string())));
    // Only the facts and the illustrative notice: no framework sources, notes or QA remarks.
    assert_eq!(cover.blocks.len(), 2);
}

/// A report goes upward under a compiler's name and a date: without them the cover says the
/// 编制单位 is not entered (and where to enter it) and dates the report by its export day.
#[test]
fn the_cover_states_a_missing_organisation_and_dates_the_export() {
    let (mut p, a) = sample();
    p.meta.organisation.clear();
    p.meta.report_date.clear();
    let d = chapters::build(&p, &a, Registry::builtin(), Lang::Zh);
    let cover = d.section("cover").unwrap_or_else(|| panic!("cover"));
    let Some(Block::KeyValues(kv)) = cover.blocks.first() else {
        panic!("no facts")
    };
    let get = |k: &str| {
        kv.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {k} row in {kv:?}"))
    };
    assert_eq!(get("编制单位"), "（未填写：请在“项目设置”中填写编制单位）");
    // "2026 年 12 月 5 日": year, month and day, in Chinese.
    let date = get("报告日期");
    let parts: Vec<&str> = date
        .split([' ', '年', '月', '日'])
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(parts.len(), 3, "{date}");
    assert!(parts.iter().all(|x| x.parse::<u32>().is_ok()), "{date}");
    assert!(date.ends_with(" 日"), "{date}");
}

/// Every indicator of the framework has its sub-section heading (numbered "1. 农业产品" /
/// "3.2.1 Agricultural products") in the methods chapter followed by a formula (with symbols)
/// before the next heading.
#[test]
fn every_indicator_of_the_framework_has_a_formula() {
    let (p, a) = sample();
    let reg = Registry::builtin();
    for lang in [Lang::Zh, Lang::En] {
        let d = chapters::build(&p, &a, reg, lang);
        let m = d.section("methods").unwrap_or_else(|| panic!("methods"));
        for ind in reg.indicators.iter().filter(|i| i.counts_in(&a.framework)) {
            let name = ind.name.get(lang);
            let at = m
                .blocks
                .iter()
                .position(|b| {
                    matches!(b, Block::Subheading(h) if h.split_once(' ').map(|x| x.1) == Some(name))
                })
                .unwrap_or_else(|| panic!("{lang:?}: no heading {name}"));
            let formula = m.blocks[at + 1..]
                .iter()
                .take_while(|b| !matches!(b, Block::Heading(_) | Block::Subheading(_)))
                .find_map(|b| match b {
                    Block::Formula(f) => Some(f),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{lang:?}: no formula for {name}"));
            assert!(!formula.math.is_empty() && !formula.symbols.is_empty());
            assert!(formula.text.contains('='), "{}", formula.text);
        }
    }
}

/// All the text of a Doc a reader sees (not the typst math source).
fn texts(d: &Doc) -> Vec<String> {
    let mut out = vec![d.title.clone(), d.subject.clone()];
    for s in &d.sections {
        out.push(s.heading.clone());
        for b in &s.blocks {
            match b {
                Block::Heading(t)
                | Block::Subheading(t)
                | Block::TableCaption(t)
                | Block::Para(t)
                | Block::Note(_, t) => out.push(t.clone()),
                Block::List(l) => out.extend(l.iter().cloned()),
                Block::KeyValues(kv) => kv.iter().for_each(|(k, v)| {
                    out.push(k.clone());
                    out.push(v.clone());
                }),
                Block::Table(t) => {
                    out.extend(t.columns.iter().map(|c| c.header.clone()));
                    t.rows
                        .iter()
                        .for_each(|r| out.extend(r.cells.iter().map(|c| c.text.clone())));
                }
                Block::Figure(f) => out.push(f.caption.clone()),
                Block::Trace(t) => {
                    out.push(t.title.clone());
                    out.push(t.formula.clone());
                }
                Block::Formula(f) => {
                    out.push(f.text.clone());
                    f.symbols.iter().for_each(|x| out.push(x.meaning.clone()));
                }
            }
        }
    }
    out
}

const INTERNAL: [&str; 8] = [
    "METHODS",
    "§",
    "docs/",
    ".md",
    ".rs",
    "src/",
    "assets/",
    "sample_data",
];

#[test]
fn no_output_cites_internal_files() {
    let (p, a) = sample();
    for lang in [Lang::Zh, Lang::En] {
        let html = gep_calc::report::html::write_report(&p, &a, Registry::builtin(), lang);
        let d = chapters::build(&p, &a, Registry::builtin(), lang);
        let pages = gep_calc::report::pdf::page_texts(&d).unwrap_or_else(|e| panic!("{e}"));
        for bad in INTERNAL {
            assert!(!html.contains(bad), "{lang:?} HTML: {bad}");
            for (i, page) in pages.iter().enumerate() {
                assert!(!page.contains(bad), "{lang:?} PDF page {}: {bad}", i + 1);
            }
        }
    }
}

/// Names a Chinese report may print in Latin letters besides the catalogue's allow-list
/// (`i18n::stray_latin_words`): authors and labels of the sample's cited works, and the
/// verification tag V-sec.
const NAMES: [&str; 3] = ["WaterCons", "Garz", "sec"];

#[test]
fn the_chinese_report_is_chinese_throughout() {
    let (p, a) = sample();
    let d = chapters::build(&p, &a, Registry::builtin(), Lang::Zh);
    let mut stray: Vec<String> = texts(&d)
        .iter()
        .flat_map(|t| stray_latin_words(t))
        .filter(|w| !NAMES.contains(&w.as_str()))
        .collect();
    stray.sort();
    stray.dedup();
    assert_eq!(stray, Vec::<String>::new());
}

/// The change against the previous year at constant prices names the indicator behind it:
/// every amount entered at 2022 prices, water conservation 1 → 1.5 亿元, agriculture 1 亿元
/// both years: real growth 25 %, +0.50 亿元 of water conservation.
#[test]
fn the_change_names_the_indicator_that_made_it() {
    let mut p = fixture(&[
        ("361001", "water_conservation", 1.5),
        ("361001", "agriculture", 1.0),
    ]);
    p.apply_setup(&gep_calc::model::setup::SetupChange::CopyYear {
        from: 2022,
        to: 2021,
    });
    for y in [2021, 2022] {
        let period = p.period_mut(y).unwrap_or_else(|| panic!("{y}"));
        for cp in period.counties.values_mut() {
            for input in cp.indicators.values_mut() {
                if let Some(v) = &mut input.entered_value {
                    v.price_year = Some(2022);
                }
            }
        }
    }
    let period = p.period_mut(2021).unwrap_or_else(|| panic!("2021"));
    let water = period
        .counties
        .get_mut("361001")
        .and_then(|c| c.indicators.get_mut("water_conservation"))
        .and_then(|i| i.entered_value.as_mut())
        .unwrap_or_else(|| panic!("water"));
    water.amount = 1.0;
    let c = conclusions(&doc_of(&p, Lang::Zh));
    assert!(
        c.iter().any(|x| x
            == "按 2022 年不变价，GEP 较 2021 年实际增长 25.0%。变化最大的是水源涵养（+0.50 亿元）。"),
        "{c:?}"
    );
}
