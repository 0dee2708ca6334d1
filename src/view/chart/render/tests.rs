//! Renderer tests: both formats draw every panel kind; PNG decodes at the asked size.

use super::*;
use crate::view::chart::{ScatterPoint, Series, Slice};

fn bars_chart(horizontal: bool) -> Chart {
    Chart {
        title: "各县区 GEP 构成".into(),
        subtitle: "2022 年，2022 年价格".into(),
        panels: vec![Panel {
            title: String::new(),
            kind: PanelKind::Bars(Bars {
                categories: vec!["临川区".into(), "Dongxiang District".into()],
                series: vec![
                    Series {
                        name: "物质产品".into(),
                        color: Rgb::new(214, 150, 50),
                        values: vec![Some(120.0), Some(80.0)],
                    },
                    Series {
                        name: "调节服务".into(),
                        color: Rgb::new(60, 140, 90),
                        values: vec![Some(900.0), Some(-30.0)],
                    },
                ],
                stacked: true,
                horizontal,
                value_axis: "GEP（亿元）".into(),
                category_axis: "县区".into(),
                unit: "亿元".into(),
                decimals: 2,
                labels: vec!["+3.1%".into(), "—".into()],
                tips: vec![],
            }),
        }],
        file_stem: "test".into(),
    }
}

fn other_chart() -> Chart {
    Chart {
        title: "构成与对比".into(),
        subtitle: String::new(),
        panels: vec![
            Panel {
                title: "全区".into(),
                kind: PanelKind::Pie(Pie {
                    slices: vec![
                        Slice {
                            name: "调节服务".into(),
                            value: 800.0,
                            color: Rgb::new(60, 140, 90),
                        },
                        Slice {
                            name: "文化服务".into(),
                            value: 200.0,
                            color: Rgb::new(80, 120, 200),
                        },
                    ],
                    unit: "10\u{2078} CNY".into(),
                    decimals: 2,
                    center_label: "合计".into(),
                    center_value: "1,000.00".into(),
                    note: String::new(),
                }),
            },
            Panel {
                title: "GEP 与 GDP".into(),
                kind: PanelKind::Scatter(Scatter {
                    points: vec![ScatterPoint {
                        label: "南城县".into(),
                        x: 100.0,
                        y: 300.0,
                        extra: String::new(),
                    }],
                    x_axis: "GDP（亿元）".into(),
                    y_axis: "GEP（亿元）".into(),
                    x_unit: "亿元".into(),
                    y_unit: "亿元".into(),
                    decimals: 2,
                    color: Rgb::new(80, 120, 200),
                    reference: Some((1.0, "GEP = GDP".into())),
                }),
            },
        ],
        file_stem: "test2".into(),
    }
}

/// (width, height, RGB pixels) of a PNG written by `to_png`.
pub fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap_or_else(|e| panic!("{e}"));
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or_default()];
    let info = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

#[test]
fn png_decodes_with_the_requested_size() {
    for chart in [bars_chart(false), bars_chart(true), other_chart()] {
        let png = match to_png(&chart, (900, 600)) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(&png[1..4], b"PNG");
        let (width, height, rgb) = decode(&png);
        assert_eq!((width, height), (900, 600));
        // Something besides the white background was drawn.
        assert!(rgb.chunks_exact(3).any(|p| p[0] < 100 && p[1] < 100));
    }
}

#[test]
fn svg_contains_the_chinese_title_and_labels() {
    for chart in [bars_chart(false), bars_chart(true), other_chart()] {
        let svg = match to_svg(&chart, (900, 600)) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(&chart.title), "{}", chart.title);
        assert!(svg.contains("Microsoft YaHei"));
    }
    let svg = to_svg(&bars_chart(false), (900, 600)).unwrap_or_default();
    assert!(svg.contains("临川区"));
    assert!(svg.contains("GEP（亿元）"));
    assert!(svg.contains("物质产品"));
}

#[test]
fn rejects_silly_sizes() {
    assert_eq!(
        to_png(&bars_chart(false), (10, 10)),
        Err(ExportError::Size(10, 10))
    );
}

#[test]
fn bitmap_text_spells_out_missing_glyphs() {
    assert_eq!(bitmap_text("10\u{2078} CNY"), "10^8 CNY");
    assert_eq!(bitmap_text("10\u{2074} CNY"), "10\u{2074} CNY");
    assert_eq!(bitmap_text("t CO\u{2082}"), "t CO2");
    assert_eq!(bitmap_text("km² 万元"), "km² 万元");
}

/// A county named with a character outside the bundled font (浉) is drawn from a system font
/// when this computer has one: its PNG differs from one whose name has a character no font
/// has (U+E000, private use), which both paths leave blank or boxed.
#[test]
fn png_draws_characters_outside_the_bundled_font() {
    let named = |name: &str| {
        let mut c = bars_chart(false);
        if let PanelKind::Bars(b) = &mut c.panels[0].kind {
            b.categories[0] = name.into();
        }
        c
    };
    let shihe = to_png(&named("浉河区"), (900, 600)).unwrap_or_else(|e| panic!("{e}"));
    let (w, h, _) = decode(&shihe);
    assert_eq!((w, h), (900, 600));
    if crate::fonts::fallback_for(&std::collections::BTreeSet::from(['浉']))
        .missing
        .is_empty()
    {
        let none = to_png(&named("\u{E000}河区"), (900, 600)).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(decode(&shihe).2, decode(&none).2);
    }
}

#[test]
fn tall_charts_for_long_lists() {
    let mut c = bars_chart(true);
    if let PanelKind::Bars(b) = &mut c.panels[0].kind {
        b.categories = (0..40).map(|i| format!("指标 {i}")).collect();
    }
    assert!(default_size(&c).1 > 800);
    assert_eq!(default_size(&bars_chart(false)), (DEFAULT_WIDTH, 800));
}
