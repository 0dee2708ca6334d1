//! The map page on hand-made scenes (the scene is put in the page's cache under the key the
//! page asks for, so these tests do not depend on the builder or the bundled outlines): a click
//! selects a county and the Results page highlights its row; a name clicked on Results is
//! outlined on the map; pan and zoom; the mesh is built once per view; messages.

use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use super::canvas::{Transform, bar_length, hit};
use crate::app::GepApp;
use crate::app::nav::Page;
use crate::app::state::{AppState, Settings};
use crate::i18n::Lang;
use crate::view::chart::Rgb;
use crate::view::map::{Legend, MapArea, MapScene, PlanePolygon, ScaleBar};

/// A county drawn as a regular `n`-gon of radius `r` km around `c` (its triangles fan from
/// the first vertex), with an optional square hole of half-side `hole`.
fn area(code: &str, name: &str, c: [f64; 2], r: f64, n: usize, fill: Rgb) -> MapArea {
    let ring: Vec<[f64; 2]> = (0..n)
        .map(|k| {
            let a = std::f64::consts::TAU * k as f64 / n as f64;
            [c[0] + r * a.cos(), c[1] + r * a.sin()]
        })
        .collect();
    let triangles = (1..n - 1)
        .map(|k| [ring[0], ring[k], ring[k + 1]])
        .collect();
    MapArea {
        county: code.into(),
        name: name.into(),
        polygons: vec![PlanePolygon {
            exterior: ring,
            holes: Vec::new(),
        }],
        triangles,
        value: Some(1.0),
        value_text: "1.00 亿元".into(),
        fill,
        class: Some(0),
        label_at: Some(c),
        label_size: r / 4.0,
        details: vec![("GEP".into(), "1.00 亿元".into())],
    }
}

/// Two counties of the sample side by side: `a` around (−30, 0), `b` around (30, 0), 25 km
/// across each; the rest of the sample's counties are listed as missing.
fn two_counties(state: &AppState) -> MapScene {
    let c = &state.project.counties;
    MapScene {
        title: "示例".into(),
        file_stem: "map_gep_2022".into(),
        bounds: [-60.0, -30.0, 60.0, 30.0],
        areas: vec![
            area(
                &c[0].code,
                &c[0].name.zh,
                [-30.0, 0.0],
                25.0,
                24,
                Rgb(200, 230, 200),
            ),
            area(
                &c[1].code,
                &c[1].name.zh,
                [30.0, 0.0],
                25.0,
                24,
                Rgb(40, 120, 60),
            ),
        ],
        legend: Legend {
            title: "GEP（亿元）".into(),
            entries: vec![
                (Rgb(200, 230, 200), "0–1".into()),
                (Rgb(40, 120, 60), "1–2".into()),
            ],
        },
        flows: Vec::new(),
        scale_bar: ScaleBar {
            km: 20.0,
            label: "20 公里".into(),
        },
        notes: vec!["示意图，边界不作为权属依据".into(), "2022年".into()],
        missing: c[2..].iter().map(|c| c.name.zh.clone()).collect(),
        label_size: 6.0,
    }
}

/// Puts `scene` in the map page's cache for what the page will ask for.
fn inject(state: &mut AppState, scene: MapScene) -> Arc<MapScene> {
    let key = super::scene::key(state, &state.pages.map);
    let scene = Arc::new(scene);
    state.pages.map.scene = Some((key, Ok(scene.clone())));
    scene
}

fn app_harness() -> egui_kittest::Harness<'static, GepApp> {
    egui_kittest::Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(crate::app::fonts::install)
        .build_ui_state(
            |ui, app: &mut GepApp| app.show(ui),
            GepApp::new(Settings::default()),
        )
}

/// A primary click at `pos` (press, then release on the next frame).
fn click_at(h: &mut egui_kittest::Harness<'static, GepApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
}

/// The map's screen transform at the view the page holds.
fn transform(h: &egui_kittest::Harness<'static, GepApp>, scene: &MapScene) -> Transform {
    let rect = h.get_by_label("县区地图").rect();
    let m = &h.state().state.pages.map;
    Transform::new(rect, scene.bounds, m.zoom, m.pan)
}

/// Is a filled rectangle of the selection colour painted behind `label`?
fn highlighted(h: &egui_kittest::Harness<'static, GepApp>, label: &str) -> bool {
    let at = h.get_by_label(label).rect().center();
    let fill = h.ctx.global_style().visuals.selection.bg_fill;
    h.output().shapes.iter().any(|s| match &s.shape {
        egui::Shape::Rect(r) => r.fill == fill && r.rect.contains(at),
        _ => false,
    })
}

/// Width of the widest stroke of the selection colour drawn on the map.
fn selection_outline(h: &egui_kittest::Harness<'static, GepApp>) -> f32 {
    let colour = h.ctx.global_style().visuals.selection.stroke.color;
    h.output()
        .shapes
        .iter()
        .filter_map(|s| match &s.shape {
            egui::Shape::Path(p) if p.stroke.color == egui::epaint::ColorMode::Solid(colour) => {
                Some(p.stroke.width)
            }
            _ => None,
        })
        .fold(0.0, f32::max)
}

#[test]
fn a_click_on_a_county_selects_it_and_results_highlight_its_row() {
    let mut h = app_harness();
    h.get_by_role_and_label(Role::Button, "地图").click();
    h.run();
    let scene = two_counties(&h.state().state);
    let scene = inject(&mut h.state_mut().state, scene);
    h.run();
    let (a, b) = (scene.areas[0].clone(), scene.areas[1].clone());
    let tr = transform(&h, &scene);
    click_at(&mut h, tr.to_screen([30.0, 0.0]));
    h.run();
    assert_eq!(h.state().state.selected_county.as_deref(), Some(&*b.county));
    // Selected on the map: outlined there with the thick selection stroke.
    assert!(selection_outline(&h) >= 3.0);
    // The other county is under its own centre; the sea between is background.
    click_at(&mut h, tr.to_screen([-30.0, 0.0]));
    h.run();
    assert_eq!(h.state().state.selected_county.as_deref(), Some(&*a.county));
    click_at(&mut h, tr.to_screen([0.0, 28.0]));
    h.run();
    assert_eq!(h.state().state.selected_county, None);
    click_at(&mut h, tr.to_screen([30.0, 0.0]));
    h.run();
    h.get_by_role_and_label(Role::Button, "结果").click();
    h.run();
    h.run();
    assert!(highlighted(&h, &b.name), "{} highlighted on 结果", b.name);
    assert!(!highlighted(&h, &a.name));
}

#[test]
fn a_name_clicked_on_results_is_outlined_on_the_map() {
    let mut h = app_harness();
    let third = h.state().state.project.counties[1].clone();
    h.get_by_role_and_label(Role::Button, "结果").click();
    h.run();
    h.get_by_label(&third.name.zh).click();
    h.run();
    assert_eq!(
        h.state().state.selected_county.as_deref(),
        Some(&*third.code)
    );
    h.run();
    assert!(highlighted(&h, &third.name.zh));
    h.get_by_role_and_label(Role::Button, "地图").click();
    h.run();
    let scene = two_counties(&h.state().state);
    inject(&mut h.state_mut().state, scene);
    h.run();
    assert!(selection_outline(&h) >= 3.0);
    // Nothing selected: no selection outline.
    h.state_mut().state.select_county(None, None);
    h.run();
    assert_eq!(selection_outline(&h), 0.0);
}

#[test]
fn the_selection_is_highlighted_on_counties_land_cover_and_services() {
    let mut h = app_harness();
    let c = h.state().state.project.counties[2].clone();
    h.state_mut()
        .state
        .select_county(Some(c.code.clone()), None);
    for page in ["土地覆被", "生态服务"] {
        h.get_by_role_and_label(Role::Button, page).click();
        h.run();
        h.run();
        assert!(highlighted(&h, &c.name.zh), "{page}");
    }
    // Clicking another county's name on 土地覆被 selects it.
    let d = h.state().state.project.counties[4].clone();
    h.get_by_role_and_label(Role::Button, "土地覆被").click();
    h.run();
    h.get_by_label(&d.name.zh).click();
    h.run();
    assert_eq!(h.state().state.selected_county.as_deref(), Some(&*d.code));
    h.get_by_role_and_label(Role::Button, "县区").click();
    h.run();
    h.run();
    let label = format!("{} · 名称", d.name.zh);
    assert!(highlighted(&h, &label));
}

#[test]
fn missing_counties_are_named_and_errors_say_what_to_do() {
    let mut h = app_harness();
    h.get_by_role_and_label(Role::Button, "地图").click();
    h.run();
    let scene = two_counties(&h.state().state);
    let scene = inject(&mut h.state_mut().state, scene);
    h.run();
    let third = h.state().state.project.counties[2].name.zh.clone();
    let node = h.get_by_label_contains("以下县区没有边界");
    let n = node.accesskit_node();
    let msg = format!("{:?}{:?}", n.label(), n.value());
    assert!(msg.contains(&third) && msg.contains("导入边界"), "{msg}");
    // Both notes stay on screen under the map.
    let _ = scene;
    let texts: Vec<String> = h
        .output()
        .shapes
        .iter()
        .filter_map(|s| match &s.shape {
            egui::Shape::Text(t) => Some(t.galley.job.text.clone()),
            _ => None,
        })
        .collect();
    assert!(
        texts.iter().any(|t| t == "示意图，边界不作为权属依据"),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "GEP（亿元）"));
    // A scene that could not be built: its message, and no map.
    let key = super::scene::key(&h.state().state, &h.state().state.pages.map);
    h.state_mut().state.pages.map.scene = Some((key, Err("没有可用的县区边界".into())));
    h.run();
    h.get_by_label("没有可用的县区边界");
    assert!(h.query_by_label("县区地图").is_none());
}

#[test]
fn drag_pans_buttons_zoom_and_reset() {
    let mut h = app_harness();
    h.get_by_role_and_label(Role::Button, "地图").click();
    h.run();
    let scene = two_counties(&h.state().state);
    let scene = inject(&mut h.state_mut().state, scene);
    h.run();
    let tr0 = transform(&h, &scene);
    let p = tr0.to_screen([-30.0, 0.0]);
    h.drag_at(p);
    h.run();
    h.hover_at(p + egui::vec2(40.0, 10.0));
    h.run();
    h.hover_at(p + egui::vec2(80.0, 20.0));
    h.run();
    h.drop_at(p + egui::vec2(80.0, 20.0));
    h.run();
    let pan = h.state().state.pages.map.pan;
    assert!(
        (pan[0] - 80.0).abs() < 1.0 && (pan[1] - 20.0).abs() < 1.0,
        "{pan:?}"
    );
    // After the drag the county has moved with the pointer; the drag did not select.
    let tr1 = transform(&h, &scene);
    assert!((tr1.to_screen([-30.0, 0.0]) - (p + egui::vec2(80.0, 20.0))).length() < 1.0);
    assert_eq!(h.state().state.selected_county, None);
    h.get_by_label("放大").click();
    h.run();
    assert!((h.state().state.pages.map.zoom - 1.5).abs() < 1e-6);
    // Zooming about the centre keeps the map point at the centre where it was.
    let rect = h.get_by_label("县区地图").rect();
    let (before, after) = (
        tr1.to_plane(rect.center()),
        transform(&h, &scene).to_plane(rect.center()),
    );
    let moved = (
        (before[0] - after[0]).hypot(before[1] - after[1]),
        before,
        after,
    );
    assert!(moved.0 < 1e-3, "{moved:?}");
    h.get_by_label("缩小").click();
    h.run();
    assert!((h.state().state.pages.map.zoom - 1.0).abs() < 1e-6);
    h.get_by_label("复位").click();
    h.run();
    assert_eq!(h.state().state.pages.map.pan, [0.0, 0.0]);
}

#[test]
fn hit_tests_respect_holes_and_islands() {
    let st = AppState::with_sample(Settings::default());
    let mut scene = two_counties(&st);
    // County a gets a hole (a lake) of 10 km around its centre and an island at (−30, 40).
    let island = area("x", "x", [-30.0, 40.0], 5.0, 12, Rgb(0, 0, 0));
    let a = &mut scene.areas[0];
    a.polygons[0].holes.push(vec![
        [-35.0, -5.0],
        [-25.0, -5.0],
        [-25.0, 5.0],
        [-35.0, 5.0],
    ]);
    a.polygons.push(island.polygons[0].clone());
    let boxes: Vec<[f64; 4]> = scene
        .areas
        .iter()
        .map(|a| {
            let pts = a.polygons.iter().flat_map(|p| &p.exterior);
            pts.fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |b, p| {
                [
                    b[0].min(p[0]),
                    b[1].min(p[1]),
                    b[2].max(p[0]),
                    b[3].max(p[1]),
                ]
            })
        })
        .collect();
    assert_eq!(hit(&scene, &boxes, [-30.0, 0.0]), None, "in the hole");
    assert_eq!(hit(&scene, &boxes, [-30.0, 10.0]), Some(0));
    assert_eq!(hit(&scene, &boxes, [-30.0, 41.0]), Some(0), "on the island");
    assert_eq!(hit(&scene, &boxes, [30.0, 0.0]), Some(1));
    assert_eq!(hit(&scene, &boxes, [0.0, 0.0]), None);
}

#[test]
fn the_scale_bar_follows_the_zoom() {
    let st = AppState::with_sample(Settings::default());
    let scene = two_counties(&st);
    // 5 points per km: the scene's 20 km bar is 100 points, kept with its label.
    assert_eq!(bar_length(&scene, 5.0, Lang::Zh), (20.0, "20 公里".into()));
    // Zoomed in 10×: 20 km would be 1,000 points; 2 km (100 points) instead.
    assert_eq!(bar_length(&scene, 50.0, Lang::Zh), (2.0, "2 公里".into()));
    assert_eq!(bar_length(&scene, 0.25, Lang::En), (500.0, "500 km".into()));
    assert_eq!(
        bar_length(&scene, 400.0, Lang::Zh),
        (0.2, "0.2 公里".into())
    );
}

/// A synthetic project of 2,850 counties carrying the codes of 2,850 bundled outlines.
fn national_project() -> crate::model::Project {
    let Some(bundle) = crate::boundaries::bundled() else {
        panic!("no bundled outlines")
    };
    let codes: Vec<String> = bundle.codes().take(2850).map(str::to_string).collect();
    assert_eq!(codes.len(), 2850);
    let mut p = crate::sample::synthetic(2850, 7);
    let old: Vec<String> = p.counties.iter().map(|c| c.code.clone()).collect();
    for (c, new) in p.counties.iter_mut().zip(&codes) {
        c.code = new.clone();
    }
    for period in &mut p.periods {
        let data = std::mem::take(&mut period.counties);
        period.counties = data
            .into_iter()
            .filter_map(|(k, v)| {
                let i = old.iter().position(|o| *o == k)?;
                Some((codes[i].clone(), v))
            })
            .collect();
    }
    p
}

#[test]
fn a_national_map_of_2850_counties_reuses_its_scene_and_mesh() {
    let mut state = AppState::new(national_project(), Settings::default());
    state.page = Page::Map;
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(crate::app::fonts::install)
        .build_ui_state(
            |ui, st: &mut AppState| {
                egui::CentralPanel::default().show(ui, |ui| super::ui(ui, st));
            },
            state,
        );
    let start = Instant::now();
    h.step();
    // The outlines of 2,850 counties are turned into a scene on a background thread: the
    // frame returns at once with a spinner.
    assert!(h.state().pages.map.job.is_some(), "built on the UI thread");
    h.get_by_label_contains("正在绘制地图");
    let mut waited = 0;
    while h.state().pages.map.scene.is_none() && waited < 6000 {
        std::thread::sleep(Duration::from_millis(100));
        h.step();
        waited += 1;
    }
    h.run();
    let first_frames = start.elapsed();
    let scene = match h.state().pages.map.scene.as_ref() {
        Some((_, Ok(s))) => s.clone(),
        Some((_, Err(e))) => panic!("{e}"),
        None => panic!("no scene"),
    };
    assert_eq!(scene.areas.len(), 2850, "built after {first_frames:?}");
    assert!(h.state().pages.map.job.is_none());
    let mesh_of = |h: &egui_kittest::Harness<'static, AppState>| {
        h.output()
            .shapes
            .iter()
            .find_map(|s| match &s.shape {
                egui::Shape::Mesh(m) if m.indices.len() > 2850 * 3 => Some(m.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no map mesh"))
    };
    let first = mesh_of(&h);
    let start = Instant::now();
    let frames = 5;
    for k in 0..frames {
        // The pointer moves over the map (a hit test each frame) but the view stays.
        h.hover_at(egui::pos2(500.0 + k as f32 * 7.0, 400.0));
        h.run();
    }
    let per_frame = start.elapsed() / frames;
    assert!(Arc::ptr_eq(&first, &mesh_of(&h)), "the mesh was rebuilt");
    let cached = h.state().pages.map.scene.as_ref().map(|(_, s)| s.clone());
    assert!(
        matches!(cached, Some(Ok(s)) if Arc::ptr_eq(&s, &scene)),
        "the scene was rebuilt"
    );
    // Generous for an unoptimised test build on a shared machine (a frame that rebuilt the
    // mesh and tessellated every border took several times this).
    assert!(
        per_frame < Duration::from_millis(150),
        "{per_frame:?} per frame"
    );
    // Panning builds the mesh anew for the new view.
    h.state_mut().pages.map.pan = [10.0, 0.0];
    h.run();
    assert!(!Arc::ptr_eq(&first, &mesh_of(&h)));
}

#[test]
fn the_sample_map_exports_as_svg_and_png_through_the_path_field() {
    let mut h = app_harness();
    h.get_by_role_and_label(Role::Button, "地图").click();
    h.run();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (button, name) in [("导出 SVG", "sample_map"), ("导出 PNG", "sample_map")] {
        h.get_by_label(button).click();
        h.run();
        // No native dialog in tests: the in-app path field, with the scene's file name.
        let field = h.get_by_label("文件路径");
        let suggested = field
            .accesskit_node()
            .value()
            .unwrap_or_default()
            .to_string();
        assert!(
            suggested.ends_with("map_gep_2022.svg") || suggested.ends_with("map_gep_2022.png"),
            "{suggested}"
        );
        field.focus();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run();
        let path = dir.path().join(name);
        h.get_by_label("文件路径")
            .type_text(&path.display().to_string());
        h.run();
        h.get_by_label("确定").click();
        h.run();
        assert!(h.query_by_label("文件路径").is_none(), "the field closes");
        let notice = h.state().state.notice.clone();
        assert!(notice.is_some_and(|n| !n.error), "{button}");
    }
    let svg = std::fs::read_to_string(dir.path().join("sample_map.svg"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"));
    assert!(svg.contains("示意图，边界不作为权属依据"));
    assert!(svg.contains("临川区"));
    let png = std::fs::read(dir.path().join("sample_map.png")).unwrap_or_else(|e| panic!("{e}"));
    let img = eframe::icon_data::from_png_bytes(&png).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(img.width, 2 * crate::view::map::svg::DEFAULT_WIDTH);
}

#[test]
fn a_project_without_outlines_says_so_and_the_button_opens_the_boundary_dialog() {
    let mut h = app_harness();
    // Counties with codes no bundled outline has.
    h.state_mut()
        .state
        .replace_project(crate::sample::synthetic(5, 3), None);
    h.get_by_role_and_label(Role::Button, "地图").click();
    h.run();
    let msg = h.get_by_label_contains("无法绘制地图");
    let n = msg.accesskit_node();
    let text = format!("{:?} {:?}", n.label(), n.value());
    assert!(text.contains("导入边界…"), "{text}");
    assert!(h.query_by_label("县区地图").is_none());
    assert!(h.state().state.boundary_dialog.is_none());
    h.get_by_label("导入边界…").click();
    h.run();
    assert!(h.state().state.boundary_dialog.is_some());
}
